import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { DbOrTx, Tx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { sellers, sellerUsers } from '../sellers/schema.js';
import { apiKeys, apiRateWindows, type ApiScope } from './schema.js';

/**
 * API keys: created by a shop's owner in /vendeur, shown once, stored as SHA-256 only (the key is 256
 * random bits: a fast hash is enough and keeps every request to one indexed lookup; decision 0020).
 * A key belongs to the shop; what is done with it is recorded as done by the user who created it.
 */

export const KEY_PREFIX = 'cpt_';
const KEY_SHAPE = /^cpt_[A-Za-z0-9_-]{43}$/;
export const MAX_KEYS_PER_SELLER = 20;

export const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

export type ApiKeyRow = typeof apiKeys.$inferSelect;
export type ApiKeyListRow = ApiKeyRow & { createdByName: string | null; revokedByName: string | null };

export async function listApiKeys(db: DbOrTx, sellerId: string): Promise<ApiKeyListRow[]> {
  const creator = sql<string | null>`(select ${sellerUsers.name} from ${sellerUsers} where ${sellerUsers.id} = ${apiKeys.createdBy})`;
  const revoker = sql<string | null>`(select ${sellerUsers.name} from ${sellerUsers} where ${sellerUsers.id} = ${apiKeys.revokedBy})`;
  const rows = await db
    .select({ key: apiKeys, createdByName: creator, revokedByName: revoker })
    .from(apiKeys)
    .where(eq(apiKeys.sellerId, sellerId))
    .orderBy(sql`${apiKeys.revokedAt} is not null`, desc(apiKeys.createdAt));
  return rows.map((r) => ({ ...r.key, createdByName: r.createdByName, revokedByName: r.revokedByName }));
}

/** A new key: the full key is returned once, here, and never again. */
export async function createApiKey(
  deps: Deps,
  input: { sellerId: string; userId: string; name: string; scope: ApiScope },
): Promise<{ ok: true; key: string; row: ApiKeyRow } | { ok: false; code: 'too_many' }> {
  return deps.db.transaction(async (tx) => {
    if ((await liveCountUnderSellerLock(tx, input.sellerId, apiKeys.sellerId, apiKeys.revokedAt)) >= MAX_KEYS_PER_SELLER) return { ok: false as const, code: 'too_many' as const };
    const key = KEY_PREFIX + randomBytes(32).toString('base64url');
    const [row] = await tx
      .insert(apiKeys)
      .values({ sellerId: input.sellerId, name: input.name, prefix: key.slice(0, 12), keyHash: hashKey(key), scope: input.scope, createdBy: input.userId, createdAt: deps.clock.now() })
      .returning();
    return { ok: true as const, key, row: row! };
  });
}

/** Revokes one of the seller's keys at once (the next request with it gets 401). Another shop's key is not found. */
export async function revokeApiKey(deps: Deps, input: { sellerId: string; userId: string; keyId: string }): Promise<boolean> {
  const rows = await deps.db
    .update(apiKeys)
    .set({ revokedAt: deps.clock.now(), revokedBy: input.userId })
    .where(and(eq(apiKeys.id, input.keyId), eq(apiKeys.sellerId, input.sellerId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return rows.length > 0;
}

/**
 * How many of a seller's keys or webhooks are live (not revoked, not removed), counted under the
 * seller's row lock, so that an owner creating them in two tabs cannot pass the limit.
 */
export async function liveCountUnderSellerLock(tx: Tx, sellerId: string, ownerColumn: AnyPgColumn, endedColumn: AnyPgColumn): Promise<number> {
  await tx.select({ id: sellers.id }).from(sellers).where(eq(sellers.id, sellerId)).for('update');
  const [n] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(ownerColumn.table)
    .where(and(eq(ownerColumn, sellerId), isNull(endedColumn)));
  return n?.n ?? 0;
}

export type ApiCaller = { keyId: string; sellerId: string; userId: string; scope: ApiScope; rateLimitPerMinute: number };
export type AuthRefusal = 'invalid_api_key' | 'seller_suspended';

/** The caller of a request from its `Authorization: Bearer <key>` header. Unknown and revoked keys look alike. */
export async function authenticate(db: DbOrTx, authorization: string | undefined): Promise<{ ok: true; caller: ApiCaller } | { ok: false; code: AuthRefusal }> {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!m || !KEY_SHAPE.test(m[1]!)) return { ok: false, code: 'invalid_api_key' };
  const [row] = await db
    .select({ id: apiKeys.id, sellerId: apiKeys.sellerId, createdBy: apiKeys.createdBy, scope: apiKeys.scope, rate: apiKeys.rateLimitPerMinute, revokedAt: apiKeys.revokedAt, sellerStatus: sellers.status })
    .from(apiKeys)
    .innerJoin(sellers, eq(sellers.id, apiKeys.sellerId))
    .where(eq(apiKeys.keyHash, hashKey(m[1]!)));
  if (!row || row.revokedAt) return { ok: false, code: 'invalid_api_key' };
  if (row.sellerStatus !== 'active') return { ok: false, code: 'seller_suspended' };
  return { ok: true, caller: { keyId: row.id, sellerId: row.sellerId, userId: row.createdBy, scope: row.scope, rateLimitPerMinute: row.rate } };
}

const WINDOW_MS = 60_000;

/**
 * Counts the request in the key's current minute (one upsert, atomic across instances). Over the
 * limit: how many seconds until the window ends (Retry-After). The first request of a minute also
 * records the key's last use, so "last used" costs one write a minute at most.
 */
export async function countRequest(db: DbOrTx, caller: ApiCaller, now: Date): Promise<{ ok: true; remaining: number } | { ok: false; retryAfterSeconds: number }> {
  const start = new Date(Math.floor(now.getTime() / WINDOW_MS) * WINDOW_MS);
  const [row] = await db
    .insert(apiRateWindows)
    .values({ apiKeyId: caller.keyId, windowStart: start, count: 1 })
    .onConflictDoUpdate({ target: [apiRateWindows.apiKeyId, apiRateWindows.windowStart], set: { count: sql`${apiRateWindows.count} + 1` } })
    .returning({ count: apiRateWindows.count });
  const count = row!.count;
  if (count === 1) await db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, caller.keyId));
  if (count > caller.rateLimitPerMinute) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((start.getTime() + WINDOW_MS - now.getTime()) / 1000)) };
  return { ok: true, remaining: caller.rateLimitPerMinute - count };
}
