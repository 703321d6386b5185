import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { hashToken, newToken } from '../sessions/store.js';
import { authTokens, signupRequests } from './schema.js';

/**
 * Single-use links sent by email (password reset, email change). The link carries a random 256-bit
 * token; only its SHA-256 is stored, so a database leak opens no account.
 */
export type TokenKind = (typeof authTokens.$inferSelect)['kind'];
export type AuthToken = typeof authTokens.$inferSelect;

export const TOKEN_TTL_MINUTES: Record<TokenKind, number> = {
  password_reset: 60,
  email_change: 24 * 60,
};

/** Sign-up confirmation links (signup_requests) stay valid one day. */
export const SIGNUP_TTL_MINUTES = 24 * 60;

export { hashToken, newToken };

export async function issueToken(tx: DbOrTx, kind: TokenKind, customerId: string, now: Date, newEmail?: string): Promise<string> {
  const token = newToken();
  await tx.insert(authTokens).values({
    kind,
    customerId,
    tokenHash: hashToken(token),
    newEmail: newEmail ?? null,
    createdAt: now,
    expiresAt: new Date(now.getTime() + TOKEN_TTL_MINUTES[kind] * 60_000),
  });
  return token;
}

/**
 * The token's row when the token is usable now (right kind, not used, not expired), else null.
 * `lock` takes the row lock a redemption needs: two clicks on one link redeem it once.
 */
export async function findUsableToken(db: DbOrTx, kind: TokenKind, token: unknown, now: Date, opts: { lock?: boolean } = {}): Promise<AuthToken | null> {
  if (typeof token !== 'string' || token.length < 20 || token.length > 100) return null;
  const q = db
    .select()
    .from(authTokens)
    .where(and(eq(authTokens.tokenHash, hashToken(token)), eq(authTokens.kind, kind), isNull(authTokens.usedAt), gt(authTokens.expiresAt, now)));
  const [row] = opts.lock ? await q.for('update') : await q;
  return row ?? null;
}

/** Marks every still-usable token of this kind of the customer as used (after a reset, say). */
export async function spendTokens(tx: DbOrTx, kind: TokenKind, customerId: string, now: Date): Promise<void> {
  await tx
    .update(authTokens)
    .set({ usedAt: now })
    .where(and(eq(authTokens.customerId, customerId), eq(authTokens.kind, kind), isNull(authTokens.usedAt)));
}

/** How many tokens of this kind the customer was sent since `since` (to cap emails per hour). */
export async function countTokensSince(db: DbOrTx, kind: TokenKind, customerId: string, since: Date): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(authTokens)
    .where(and(eq(authTokens.customerId, customerId), eq(authTokens.kind, kind), gt(authTokens.createdAt, since)));
  return r?.n ?? 0;
}

/**
 * Daily: forgets expired links and the sign-ups never confirmed (they hold a name, an address and
 * a password hash of someone who is not a customer).
 */
export async function purgeAccountLinks(db: DbOrTx, now: Date): Promise<void> {
  const dayAgo = new Date(now.getTime() - 86_400_000);
  await db.delete(signupRequests).where(lt(signupRequests.expiresAt, dayAgo));
  await db.delete(authTokens).where(lt(authTokens.expiresAt, dayAgo));
}
