import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.js';
import { cartCount, hashGuestToken, newGuestToken, type CartOwner } from './cart.js';

/**
 * Whose cart a storefront request works on: the logged-in customer's, or the guest's, known by a
 * random token in a signed HttpOnly cookie (only its SHA-256 is stored in `carts.token_hash`).
 */
export const GUEST_CART_COOKIE = 'comptoir_cart';
const GUEST_CART_DAYS = 30;

function guestToken(req: FastifyRequest): string | null {
  const raw = req.cookies[GUEST_CART_COOKIE];
  if (!raw) return null;
  const u = req.unsignCookie(raw);
  return u.valid && u.value ? u.value : null;
}

/** The request's cart owner, or null for a guest who has no cart yet. */
export function currentOwner(req: FastifyRequest): CartOwner | null {
  if (req.user) return { customerId: req.user.id };
  const token = guestToken(req);
  return token ? { guestTokenHash: hashGuestToken(token) } : null;
}

/**
 * The owner for a change: a guest without a cart gets a new token (the cart row is created on first
 * add), whose cookie `keep` sets once the change is known to be about something that exists — the
 * add learns that from its own statement, and a "not found" hands out no token.
 */
export function ownerForChange(deps: Deps, req: FastifyRequest, reply: FastifyReply): { owner: CartOwner; keep: () => void } {
  const owner = currentOwner(req);
  if (owner) return { owner, keep: () => {} };
  const token = newGuestToken();
  const keep = () => {
    reply.setCookie(GUEST_CART_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      signed: true,
      secure: deps.config.publicUrl.startsWith('https:'),
      maxAge: GUEST_CART_DAYS * 86400,
    });
  };
  return { owner: { guestTokenHash: hashGuestToken(token) }, keep };
}

/** The guest's cart, if any, to merge at "Connexion"; the cookie is dropped afterwards. */
export function takeGuestOwner(req: FastifyRequest, reply: FastifyReply): string | null {
  const token = guestToken(req);
  if (!token) return null;
  reply.clearCookie(GUEST_CART_COOKIE, { path: '/' });
  return hashGuestToken(token);
}

/** The header's item count: one indexed query, none for a guest without a cart. */
export async function headerCartCount(deps: Deps, req: FastifyRequest): Promise<number> {
  const owner = currentOwner(req);
  return owner ? cartCount(deps.db, owner) : 0;
}
