import { and, count, eq, gt } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { verifyPassword } from '../accounts/passwords.js';
import { loginAttempts } from './schema.js';
import type { Face } from './store.js';

export const LOGIN_LIMITS = { perAccount: 5, perIp: 30, windowMinutes: 15 };

export type LoginResult = { ok: true; userId: string } | { ok: false; code: 'invalid_credentials' | 'too_many_attempts' };

/**
 * Checks an email and password for one face. Known and unknown emails take the same path and the same
 * time (a dummy hash is verified), and failures are counted per account and per IP in PostgreSQL so
 * that every app instance sees them.
 */
export async function checkLogin(
  deps: Deps,
  face: Face,
  input: { email: string; password: string; ip: string },
  find: (email: string) => Promise<{ id: string; passwordHash: string } | null>,
): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase().slice(0, 320);
  const since = new Date(deps.clock.now().getTime() - LOGIN_LIMITS.windowMinutes * 60_000);
  const [byAccount] = await deps.db
    .select({ n: count() })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.face, face), eq(loginAttempts.email, email), gt(loginAttempts.at, since)));
  const [byIp] = await deps.db
    .select({ n: count() })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.face, face), eq(loginAttempts.ip, input.ip), gt(loginAttempts.at, since)));
  const user = await find(email);
  const valid = await verifyPassword(user?.passwordHash ?? null, input.password);
  if ((byAccount?.n ?? 0) >= LOGIN_LIMITS.perAccount || (byIp?.n ?? 0) >= LOGIN_LIMITS.perIp) {
    return { ok: false, code: 'too_many_attempts' };
  }
  if (!user || !valid) {
    await deps.db.insert(loginAttempts).values({ face, email, ip: input.ip, at: deps.clock.now() });
    return { ok: false, code: 'invalid_credentials' };
  }
  await deps.db.delete(loginAttempts).where(and(eq(loginAttempts.face, face), eq(loginAttempts.email, email)));
  return { ok: true, userId: user.id };
}

/** Forgets an account's failed attempts (after a password reset: the owner proved who they are). */
export async function clearLoginAttempts(db: DbOrTx, face: Face, email: string): Promise<void> {
  await db.delete(loginAttempts).where(and(eq(loginAttempts.face, face), eq(loginAttempts.email, email.trim().toLowerCase())));
}
