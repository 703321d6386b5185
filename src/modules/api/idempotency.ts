import { createHash } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { apiIdempotencyKeys } from './schema.js';

/**
 * `Idempotency-Key` (decision 0020). The first request with a key claims it (a row "in progress",
 * unique per API key); its answer is stored with it. Later requests with that key:
 * - same method, path and body → the stored answer again (`Idempotent-Replayed: true`);
 * - anything else → `idempotency_key_reused` (422);
 * - while the first is still running → `idempotency_in_progress` (409);
 * - a claim left "in progress" for more than a minute (the process died) may be taken over.
 * Server errors (5xx) are not stored: the claim is dropped so that the client can retry.
 */

export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
export const KEEP_HOURS = 24;
const ABANDONED_MS = 60_000;

/** A stable serialisation of a JSON value: object keys sorted, so {"a":1,"b":2} and {"b":2,"a":1} are one body. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

export const requestHash = (body: unknown) => createHash('sha256').update(canonicalJson(body)).digest('hex');

export type Claim =
  | { kind: 'claimed'; id: string }
  | { kind: 'replay'; status: number; body: unknown }
  | { kind: 'reused' }
  | { kind: 'in_progress' };

export async function claimKey(db: DbOrTx, input: { apiKeyId: string; key: string; method: string; path: string; hash: string; now: Date }): Promise<Claim> {
  const [row] = await db
    .insert(apiIdempotencyKeys)
    .values({ apiKeyId: input.apiKeyId, key: input.key, method: input.method, path: input.path, requestHash: input.hash, state: 'in_progress', createdAt: input.now })
    .onConflictDoNothing()
    .returning({ id: apiIdempotencyKeys.id });
  if (row) return { kind: 'claimed', id: row.id };
  const [first] = await db
    .select()
    .from(apiIdempotencyKeys)
    .where(and(eq(apiIdempotencyKeys.apiKeyId, input.apiKeyId), eq(apiIdempotencyKeys.key, input.key)));
  // Purged between the two statements: claim it again.
  if (!first) return claimKey(db, input);
  if (first.method !== input.method || first.path !== input.path || first.requestHash !== input.hash) return { kind: 'reused' };
  if (first.state === 'done') return { kind: 'replay', status: first.responseStatus!, body: first.responseBody };
  const [taken] = await db
    .update(apiIdempotencyKeys)
    .set({ createdAt: input.now })
    .where(and(eq(apiIdempotencyKeys.id, first.id), eq(apiIdempotencyKeys.state, 'in_progress'), lt(apiIdempotencyKeys.createdAt, new Date(input.now.getTime() - ABANDONED_MS))))
    .returning({ id: apiIdempotencyKeys.id });
  return taken ? { kind: 'claimed', id: taken.id } : { kind: 'in_progress' };
}

export async function completeKey(db: DbOrTx, id: string, answer: { status: number; body: unknown }, now: Date): Promise<void> {
  if (answer.status >= 500) {
    await releaseKey(db, id);
    return;
  }
  await db
    .update(apiIdempotencyKeys)
    .set({ state: 'done', responseStatus: answer.status, responseBody: sql`${JSON.stringify(answer.body ?? null)}::jsonb`, completedAt: now })
    .where(eq(apiIdempotencyKeys.id, id));
}

export async function releaseKey(db: DbOrTx, id: string): Promise<void> {
  await db.delete(apiIdempotencyKeys).where(eq(apiIdempotencyKeys.id, id));
}
