import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { h, isValidElement, type VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { UserNav } from '../ui/layout.js';
import { FLASH_COOKIE, pageContext, type PageContext } from './context.js';

/** Sends a server-rendered page. preact-render-to-string escapes every text and attribute. */
export function sendPage(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send('<!doctype html>' + renderToString(page));
}

type Freshness = { startGen: number | null; fresh?: Promise<boolean> };
const perRequest = new WeakMap<FastifyRequest, Freshness>();

function freshness(req: FastifyRequest): Freshness {
  let f = perRequest.get(req);
  if (!f) {
    const cache = req.server.pageCache;
    perRequest.set(req, (f = { startGen: cache?.isListening ? cache.customers.generation : null }));
  }
  return f;
}

/**
 * The customers' cache generation when this request first looked — call it before the request reads
 * anything: what it reads may be stored under it, and is refused if a change arrived since (decision
 * 0031). Null: do not store (the cache is not listening).
 */
export function customerGeneration(req: FastifyRequest): number | null {
  return freshness(req).startGen;
}

/**
 * Whether the caches (catalogue and customers) know every change committed before this request
 * arrived: one shared round trip on the cache's connection, asked at most once per request.
 */
export function cachesFresh(req: FastifyRequest): Promise<boolean> {
  const f = freshness(req);
  const cache = req.server.pageCache;
  if (!cache) return Promise.resolve(false);
  return (f.fresh ??= cache.fresh());
}

/** Stands for the visitor's CSRF token in a cached page; each answer puts its own token there. */
const CSRF_SLOT = `csrf-slot-${randomBytes(12).toString('hex')}`;
/** Stands for the header's visitor links in a shared page; each answer puts its visitor's there. */
const NAV_SLOT = `nav-slot-${randomBytes(12).toString('hex')}`;
const SLOTS = new RegExp(`(${CSRF_SLOT}|${NAV_SLOT})`);
// A cached page is its bytes with these two (empty, told apart by identity) where the slots were.
const CSRF_PART = Buffer.alloc(0);
const NAV_PART = Buffer.alloc(0);

function toParts(page: VNode): Buffer[] {
  return ('<!doctype html>' + renderToString(page)).split(SLOTS).map((s) => (s === CSRF_SLOT ? CSRF_PART : s === NAV_SLOT ? NAV_PART : Buffer.from(s)));
}

/**
 * A page that is the same for every visitor but for the header's visitor links (catalogue pages),
 * answered from the page cache when it can be (decision 0024). The cached page holds two slots — the
 * CSRF token and the header's links (account, unread messages, cart count: `UserNav`) — filled for each
 * answer, so a logged-in customer or a guest with a cart gets the shared page too (decision 0033); the
 * page itself must show nothing else of the visitor. Not with a flash message. `vary` is what else the
 * page depends on besides its URL (the day, for delivery estimates). `render` returns the page, or the
 * reply it already sent (a 404), which is not cached.
 */
export async function sendSharedPage(
  req: FastifyRequest,
  reply: FastifyReply,
  vary: string,
  render: (ctx: PageContext) => Promise<VNode | FastifyReply>,
): Promise<FastifyReply> {
  const cache = req.server.pageCache;
  const shared = cache && (req.method === 'GET' || req.method === 'HEAD') && !req.cookies[FLASH_COOKIE];
  if (!shared) {
    const page = await render(pageContext(req, reply));
    return isValidElement(page) ? sendPage(reply, page) : (page as FastifyReply);
  }
  const key = `${vary}|${req.url}`;
  const fresh = await cachesFresh(req);
  const hit = fresh ? cache.get(key) : undefined;
  if (hit) return hit.anyone && isAnyone(req) ? sendBody(reply, hit.anyone) : sendParts(req, reply, hit.parts);
  const gen = cache.generation;
  const page = await render(pageContext(req, reply, () => CSRF_SLOT, NAV_SLOT));
  if (!isValidElement(page)) return page as FastifyReply;
  const parts = toParts(page);
  // Without a form to protect, the page is the same for every visitor without session or cart: kept whole.
  const anyone = parts.includes(CSRF_PART) ? undefined : fillParts(parts, noCsrfSlot, () => navOf({ locale: req.locale, url: req.url, user: null, unreadMessages: 0, cartCount: 0 }));
  if (fresh) cache.set(key, gen, parts, anyone);
  return anyone && isAnyone(req) ? sendBody(reply, anyone) : sendParts(req, reply, parts);
}

const noCsrfSlot = (): Buffer => {
  throw new Error('a page kept whole has no CSRF slot');
};

/** A visitor without session or cart: the header's links are the same for all of them. */
const isAnyone = (req: FastifyRequest) => !req.user && !req.cartCount;

/**
 * A page of the logged-in customer's own (decision 0031: "Mes Commandes"), kept for them until one of
 * the things it shows changes — the route must show only what the comptoir_customer triggers watch
 * (migration 0022: session, name, cart, message threads, orders, seller orders, order lines), the
 * sellers' names and the category bar (the catalogue channel empties this cache on those). Never
 * shared between customers: the key starts with the customer's id. Not with a flash message, not for a
 * request that is not a GET.
 */
export async function sendCustomerPage(req: FastifyRequest, reply: FastifyReply, render: (ctx: PageContext) => Promise<VNode>): Promise<FastifyReply> {
  const customer = req.user;
  const cache = req.server.pageCache?.customers;
  const gen = cache && customer && req.face === 'shop' && (req.method === 'GET' || req.method === 'HEAD') && !req.cookies[FLASH_COOKIE] ? customerGeneration(req) : null;
  if (!cache || !customer || gen === null) return sendPage(reply, await render(pageContext(req, reply)));
  if (cache.holdsPage(customer.id, req.url) && (await cachesFresh(req))) {
    const hit = cache.page(customer.id, req.url);
    if (hit) return sendParts(req, reply, hit);
  }
  const parts = toParts(await render(pageContext(req, reply, () => CSRF_SLOT)));
  cache.setPage(gen, customer.id, req.url, parts);
  return sendParts(req, reply, parts);
}

/** A cached page with this answer's CSRF token and this visitor's header links in its slots. */
function sendParts(req: FastifyRequest, reply: FastifyReply, parts: Buffer[]): FastifyReply {
  const body = fillParts(
    parts,
    () => Buffer.from(reply.generateCsrf()),
    () => navOf({ locale: req.locale, url: req.url, user: req.user, unreadMessages: req.unreadMessages, cartCount: req.cartCount }),
  );
  return sendBody(reply, body);
}

function fillParts(parts: Buffer[], csrf: () => Buffer, nav: () => Buffer): Buffer {
  if (parts.length === 1) return parts[0]!;
  let token: Buffer | undefined;
  let links: Buffer | undefined;
  return Buffer.concat(parts.map((p) => (p === CSRF_PART ? (token ??= csrf()) : p === NAV_PART ? (links ??= nav()) : p)));
}

const navOf = (ctx: Parameters<typeof UserNav>[0]['ctx']) => Buffer.from(renderToString(h(UserNav, { ctx })));

function sendBody(reply: FastifyReply, body: Buffer): FastifyReply {
  return reply.code(200).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
}

/** Redirect after a successful POST (303: the browser follows with GET). */
export function seeOther(reply: FastifyReply, location: string): FastifyReply {
  return reply.code(303).header('location', location).send();
}

/** Only local paths are accepted as return targets (open-redirect safe). */
export function safeReturnTo(target: unknown, fallback: string): string {
  if (typeof target !== 'string' || target.length > 500) return fallback;
  if (!target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\') || /[\r\n\t]/.test(target)) return fallback;
  try {
    const u = new URL(target, 'http://local.invalid');
    if (u.host !== 'local.invalid') return fallback;
    return u.pathname + u.search;
  } catch {
    return fallback;
  }
}
