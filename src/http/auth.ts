import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../deps.js';
import { and, eq, gt, sql, type SQL } from 'drizzle-orm';
import { customers } from '../modules/accounts/schema.js';
import { headerCartCount } from '../modules/cart/owner.js';
import { cartItems, carts } from '../modules/cart/schema.js';
import { messageThreads } from '../modules/messaging/schema.js';
import { unreadBy } from '../modules/messaging/threads.js';
import { sessions } from '../modules/sessions/schema.js';
import { createSession, destroySession, hashToken, readSession, SESSION_COOKIE, type Face } from '../modules/sessions/store.js';
import { cachesFresh, customerGeneration } from './render.js';

/** Loads the face's session from its own cookie (no user yet: the face plugin resolves it). */
export async function loadSession(deps: Deps, req: FastifyRequest, face: Face): Promise<void> {
  const raw = req.cookies[SESSION_COOKIE[face].name];
  if (!raw) return;
  const u = req.unsignCookie(raw);
  if (!u.valid || !u.value) return;
  req.session = await readSession(deps.db, face, u.value, deps.clock.now());
}

/** Starts a fresh session (a new id at every login: no session fixation), replacing any current one. */
export async function startSession(deps: Deps, req: FastifyRequest, reply: FastifyReply, face: Face, userId: string): Promise<void> {
  if (req.session) await destroySession(deps.db, req.session.id);
  const { token, session } = await createSession(deps.db, face, userId, deps.clock.now());
  req.session = session;
  const c = SESSION_COOKIE[face];
  reply.setCookie(c.name, token, {
    path: c.path,
    httpOnly: true,
    sameSite: 'lax',
    signed: true,
    secure: deps.config.publicUrl.startsWith('https:'),
    maxAge: c.ttlHours * 3600,
  });
}

export async function endSession(deps: Deps, req: FastifyRequest, reply: FastifyReply, face: Face): Promise<void> {
  if (req.session) await destroySession(deps.db, req.session.id);
  req.session = null;
  req.user = null;
  reply.clearCookie(SESSION_COOKIE[face].name, { path: SESSION_COOKIE[face].path });
}

/**
 * The storefront's per-request visitor: session, customer, unread messages and cart count in ONE
 * statement for a logged-in customer (it was four round trips on every page), none for a visitor
 * without a session cookie; a guest's cart count is one indexed query, only when the guest has a cart.
 * A logged-in customer's visitor is then kept in memory until their session, name, cart or messages
 * change (decision 0031): the next pages ask PostgreSQL nothing but the cache's shared round trip.
 */
export async function loadShopVisitor(deps: Deps, req: FastifyRequest): Promise<void> {
  const token = sessionToken(req, 'shop');
  if (token) {
    const id = hashToken(token);
    const now = deps.clock.now();
    const gen = customerGeneration(req);
    const cache = gen === null ? null : req.server.pageCache!.customers;
    // Something kept for this session: one shared round trip says whether it still holds.
    const known = cache?.holdsVisitor(id) && (await cachesFresh(req)) ? cache.visitor(id, now.getTime()) : undefined;
    if (known) {
      req.session = { id, face: 'shop', userId: known.userId, data: known.data };
      req.user = { id: known.userId, name: known.firstName };
      req.unreadMessages = known.unread;
      req.cartCount = known.cartCount;
      return;
    }
    const { rows } = await deps.db.execute<{ id: string; user_id: string; data: Record<string, unknown>; expires_at: Date | string; first_name: string | null; unread: number; cart_count: number }>(sql`
      select s.id, s.user_id, s.data, s.expires_at, c.first_name,
        case when c.id is null then 0 else (select count(*)::int from ${messageThreads} where ${messageThreads.customerId} = c.id and ${unreadBy('customer')}) end as unread,
        case when c.id is null then 0 else (select coalesce(sum(ci.quantity), 0)::int from ${cartItems} ci join ${carts} ca on ca.id = ci.cart_id where ca.customer_id = c.id) end as cart_count
      from ${sessions} s
      left join ${customers} c on c.id = s.user_id and c.deleted_at is null
      where s.id = ${id} and s.face = 'shop' and s.expires_at > ${now}`);
    const r = rows[0];
    if (r) {
      req.session = { id: r.id, face: 'shop', userId: r.user_id, data: r.data };
      if (r.first_name !== null) {
        req.user = { id: r.user_id, name: r.first_name };
        req.unreadMessages = r.unread;
        req.cartCount = r.cart_count;
        cache?.setVisitor(gen!, {
          sessionId: r.id,
          userId: r.user_id,
          data: r.data,
          firstName: r.first_name,
          unread: r.unread,
          cartCount: r.cart_count,
          expiresAt: new Date(r.expires_at).getTime(),
        });
        return;
      }
    }
  }
  req.cartCount = await headerCartCount(deps, req);
}

/**
 * The condition that finds the face's live session from its cookie (null without a valid cookie),
 * for a face that loads session, user and menu counts in one statement (src/faces/seller.tsx).
 */
export function liveSessionWhere(deps: Deps, req: FastifyRequest, face: Face): SQL | null {
  const token = sessionToken(req, face);
  return token ? and(eq(sessions.id, hashToken(token)), eq(sessions.face, face), gt(sessions.expiresAt, deps.clock.now()))! : null;
}

function sessionToken(req: FastifyRequest, face: Face): string | null {
  const raw = req.cookies[SESSION_COOKIE[face].name];
  if (!raw) return null;
  const u = req.unsignCookie(raw);
  return u.valid && u.value && u.value.length <= 100 ? u.value : null;
}
