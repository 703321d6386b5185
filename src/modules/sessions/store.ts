import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, ne } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { sessions } from './schema.js';

export type Face = 'shop' | 'seller' | 'operator';

/** Each face has its own cookie, scoped to its path: a customer session never opens a back office. */
export const SESSION_COOKIE: Record<Face, { name: string; path: string; ttlHours: number }> = {
  shop: { name: 'comptoir_sid', path: '/', ttlHours: 24 * 30 },
  seller: { name: 'comptoir_vsid', path: '/vendeur', ttlHours: 12 },
  operator: { name: 'comptoir_asid', path: '/admin', ttlHours: 12 },
};

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
export const newToken = () => randomBytes(32).toString('base64url');

export type Session = { id: string; face: Face; userId: string; data: Record<string, unknown> };

export async function createSession(db: DbOrTx, face: Face, userId: string, now: Date): Promise<{ token: string; session: Session }> {
  const token = newToken();
  const id = hashToken(token);
  const expiresAt = new Date(now.getTime() + SESSION_COOKIE[face].ttlHours * 3600_000);
  await db.insert(sessions).values({ id, face, userId, expiresAt, createdAt: now });
  return { token, session: { id, face, userId, data: {} } };
}

export async function readSession(db: DbOrTx, face: Face, token: string | undefined, now: Date): Promise<Session | null> {
  if (!token || token.length > 100) return null;
  const [row] = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.id, hashToken(token)), eq(sessions.face, face), gt(sessions.expiresAt, now)));
  return row ? { id: row.id, face: row.face, userId: row.userId, data: row.data } : null;
}

export async function destroySession(db: DbOrTx, id: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, id));
}

/** Ends every session of a user (after a password reset), except the one given. */
export async function destroyUserSessions(db: DbOrTx, face: Face, userId: string, exceptId?: string): Promise<void> {
  const cond = and(eq(sessions.face, face), eq(sessions.userId, userId));
  await db.delete(sessions).where(exceptId ? and(cond, ne(sessions.id, exceptId)) : cond);
}
