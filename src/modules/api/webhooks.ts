import { randomBytes } from 'node:crypto';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { and, asc, desc, eq, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { addJob } from '../../jobs/queue.js';
import { openSecret, sealSecret } from '../backoffice/totp.js';
import { WEBHOOK_DELIVER_JOB } from './events.js';
import { liveCountUnderSellerLock } from './keys.js';
import { webhookDeliveries, webhooks, type WebhookEvent } from './schema.js';
import { EVENT_ID_HEADER, EVENT_TYPE_HEADER, SIGNATURE_HEADER_NAME, signWebhook } from './signing.js';

/**
 * Webhooks: a shop's URLs and the events each wants; every event is one delivery per URL, signed
 * (signing.ts), sent by the `webhook_deliver` job, retried with back-off (RETRY_AFTER_MINUTES, driven
 * by the clock through the `webhook_retries` cron), listed with its result in /vendeur/webhooks,
 * and replayable from there. Decision 0020.
 */

export const MAX_WEBHOOKS_PER_SELLER = 10;
/** Minutes before the next attempt after the 1st, 2nd… failure; after the last, the delivery is `failed`. */
export const RETRY_AFTER_MINUTES = [1, 5, 30, 120, 360, 720, 1440] as const;
export const MAX_ATTEMPTS = RETRY_AFTER_MINUTES.length + 1;
/** An attempt in flight holds the delivery this long (a worker that dies mid-attempt is retried after it). */
const LEASE_MINUTES = 5;
const TIMEOUT_MS = 10_000;

export type WebhookRow = typeof webhooks.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;

// ------------------------------------------------------------------------------ addresses

/**
 * Where a webhook may point. In production: https only, and never this machine or a private network
 * (checked on the URL and again on every address the name resolves to at delivery: a seller must not
 * make the marketplace call its own internal services). Elsewhere, http and local addresses are allowed
 * (development, tests).
 */
const PRIVATE = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const)
  PRIVATE.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 127],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  PRIVATE.addSubnet(net, bits, 'ipv6');

export function isPrivateAddress(ip: string): boolean {
  const v4mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (v4mapped) return PRIVATE.check(v4mapped[1]!, 'ipv4');
  const family = isIP(ip);
  if (family === 4) return PRIVATE.check(ip, 'ipv4');
  if (family === 6) return PRIVATE.check(ip, 'ipv6');
  return true;
}

export type UrlRefusal = 'url_invalid' | 'url_https' | 'url_private';

export function checkWebhookUrl(raw: string, production: boolean): { ok: true; url: string } | { ok: false; code: UrlRefusal } {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return { ok: false, code: 'url_invalid' };
  }
  if ((u.protocol !== 'https:' && u.protocol !== 'http:') || u.username || u.password || u.hash || raw.length > 2000) return { ok: false, code: 'url_invalid' };
  if (!production) return { ok: true, url: u.toString() };
  if (u.protocol !== 'https:') return { ok: false, code: 'url_https' };
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.internal') || (isIP(host) && isPrivateAddress(host))) return { ok: false, code: 'url_private' };
  return { ok: true, url: u.toString() };
}

/** dns.lookup that refuses private addresses (production deliveries). */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
    if (err) return callback(err, '', 0);
    const bad = addresses.find((a) => isPrivateAddress(a.address));
    if (bad || addresses.length === 0) return callback(Object.assign(new Error(`refused address for ${hostname}`), { code: 'EPRIVATE' }), '', 0);
    if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
};

// ------------------------------------------------------------------------------ the seller's webhooks

export const newWebhookSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

export async function listWebhooks(db: DbOrTx, sellerId: string): Promise<WebhookRow[]> {
  return db
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.sellerId, sellerId), isNull(webhooks.removedAt)))
    .orderBy(asc(webhooks.createdAt));
}

export type CreateWebhookRefusal = UrlRefusal | 'too_many';

/** Registers a URL for some events; the signing secret is returned once, here (sealed in the database). */
export async function createWebhook(
  deps: Deps,
  input: { sellerId: string; userId: string; url: string; events: WebhookEvent[] },
): Promise<{ ok: true; webhook: WebhookRow; secret: string } | { ok: false; code: CreateWebhookRefusal }> {
  const checked = checkWebhookUrl(input.url, deps.config.env === 'production');
  if (!checked.ok) return checked;
  return deps.db.transaction(async (tx) => {
    if ((await liveCountUnderSellerLock(tx, input.sellerId, webhooks.sellerId, webhooks.removedAt)) >= MAX_WEBHOOKS_PER_SELLER) return { ok: false as const, code: 'too_many' as const };
    const secret = newWebhookSecret();
    const [row] = await tx
      .insert(webhooks)
      .values({ sellerId: input.sellerId, url: checked.url, events: [...new Set(input.events)], secret: sealSecret(Buffer.from(secret), deps.config.sessionSecret), createdBy: input.userId, createdAt: deps.clock.now() })
      .returning();
    return { ok: true as const, webhook: row!, secret };
  });
}

/** Stops a webhook (its pending deliveries are not sent); its deliveries stay listed. */
export async function removeWebhook(deps: Deps, input: { sellerId: string; webhookId: string }): Promise<boolean> {
  const rows = await deps.db
    .update(webhooks)
    .set({ removedAt: deps.clock.now() })
    .where(and(eq(webhooks.id, input.webhookId), eq(webhooks.sellerId, input.sellerId), isNull(webhooks.removedAt)))
    .returning({ id: webhooks.id });
  return rows.length > 0;
}

export type DeliveryListRow = DeliveryRow & { url: string };
export const DELIVERIES_PAGE = 50;

/** The seller's deliveries, newest first (keyset on created_at, id). */
export async function listDeliveries(db: DbOrTx, sellerId: string, before: { at: Date; id: string } | null): Promise<{ rows: DeliveryListRow[]; more: boolean }> {
  const rows = await db
    .select({ d: webhookDeliveries, url: webhooks.url })
    .from(webhookDeliveries)
    .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
    .where(
      and(
        eq(webhookDeliveries.sellerId, sellerId),
        before ? or(lt(webhookDeliveries.createdAt, before.at), and(eq(webhookDeliveries.createdAt, before.at), lt(webhookDeliveries.id, before.id))) : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(DELIVERIES_PAGE + 1);
  return { rows: rows.slice(0, DELIVERIES_PAGE).map((r) => ({ ...r.d, url: r.url })), more: rows.length > DELIVERIES_PAGE };
}

export async function getDelivery(db: DbOrTx, sellerId: string, id: string): Promise<DeliveryListRow | null> {
  const [r] = await db
    .select({ d: webhookDeliveries, url: webhooks.url })
    .from(webhookDeliveries)
    .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
    .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.sellerId, sellerId)));
  return r ? { ...r.d, url: r.url } : null;
}

/**
 * Sends a delivery again, as a new delivery of the same event (same event id and payload: the
 * receiver deduplicates), to the same webhook if it is still registered.
 */
export async function replayDelivery(deps: Deps, input: { sellerId: string; deliveryId: string }): Promise<{ ok: true; deliveryId: string } | { ok: false; code: 'not_found' | 'webhook_removed' }> {
  return deps.db.transaction(async (tx) => {
    const [d] = await tx
      .select({ d: webhookDeliveries, removedAt: webhooks.removedAt })
      .from(webhookDeliveries)
      .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
      .where(and(eq(webhookDeliveries.id, input.deliveryId), eq(webhookDeliveries.sellerId, input.sellerId)));
    if (!d) return { ok: false as const, code: 'not_found' as const };
    if (d.removedAt) return { ok: false as const, code: 'webhook_removed' as const };
    const [row] = await tx
      .insert(webhookDeliveries)
      .values({ webhookId: d.d.webhookId, sellerId: d.d.sellerId, eventId: d.d.eventId, eventType: d.d.eventType, payload: d.d.payload, replayOf: d.d.id, createdAt: deps.clock.now() })
      .returning({ id: webhookDeliveries.id });
    await addJob(tx, WEBHOOK_DELIVER_JOB, { deliveryId: row!.id }, { jobKey: `webhook:${row!.id}`, maxAttempts: 3 });
    return { ok: true as const, deliveryId: row!.id };
  });
}

// ------------------------------------------------------------------------------ delivering

type Outcome = { status: number } | { error: string };

function post(url: string, body: string, headers: Record<string, string>, publicOnly: boolean): Promise<Outcome> {
  return new Promise((resolve) => {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return resolve({ error: 'invalid URL' });
    }
    const host = u.hostname.replace(/^\[|\]$/g, '');
    if (publicOnly && isIP(host) && isPrivateAddress(host)) return resolve({ error: 'refused address' });
    const mod = u.protocol === 'https:' ? https : http;
    const req = mod.request(u, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      timeout: TIMEOUT_MS,
      ...(publicOnly ? { lookup: publicOnlyLookup } : {}),
    });
    req.on('response', (res) => {
      res.resume(); // the answer's body is not read (nor kept)
      resolve({ status: res.statusCode ?? 0 });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
    req.on('error', (e) => resolve({ error: e.message.slice(0, 300) }));
    req.end(body);
  });
}

/**
 * One attempt of a delivery (the `webhook_deliver` job). The attempt is claimed first — pending, due,
 * not held by another attempt — so a job and the retry cron never send it twice at once. A 2xx answer
 * delivers it; anything else schedules the next attempt, or fails it after MAX_ATTEMPTS.
 */
export async function attemptDelivery(deps: Deps, deliveryId: string): Promise<'delivered' | 'retry' | 'failed' | 'skipped'> {
  const now = deps.clock.now();
  const [claimed] = await deps.db
    .update(webhookDeliveries)
    .set({ attempts: sql`${webhookDeliveries.attempts} + 1`, lastAttemptAt: now, nextAttemptAt: new Date(now.getTime() + LEASE_MINUTES * 60_000) })
    .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.state, 'pending'), or(isNull(webhookDeliveries.nextAttemptAt), lte(webhookDeliveries.nextAttemptAt, now))))
    .returning();
  if (!claimed) return 'skipped';
  const [hook] = await deps.db.select().from(webhooks).where(eq(webhooks.id, claimed.webhookId));
  const secret = hook && !hook.removedAt ? openSecret(hook.secret, deps.config.sessionSecret) : null;
  let outcome: Outcome;
  if (!hook || hook.removedAt) outcome = { error: 'webhook removed' };
  else if (!secret) outcome = { error: 'signing secret unreadable (server secret changed?)' };
  else {
    const body = JSON.stringify(claimed.payload);
    outcome = await post(
      hook.url,
      body,
      {
        'content-type': 'application/json',
        'user-agent': 'Comptoir-Webhooks/1',
        [SIGNATURE_HEADER_NAME]: signWebhook(secret.toString(), body, deps.clock.now()),
        [EVENT_ID_HEADER]: claimed.eventId,
        [EVENT_TYPE_HEADER]: claimed.eventType,
      },
      deps.config.env === 'production',
    );
  }
  const after = deps.clock.now();
  const ok = 'status' in outcome && outcome.status >= 200 && outcome.status < 300;
  const final = ok || !hook || !!hook.removedAt || claimed.attempts >= MAX_ATTEMPTS;
  const wait = RETRY_AFTER_MINUTES[Math.min(claimed.attempts, RETRY_AFTER_MINUTES.length) - 1]!;
  await deps.db
    .update(webhookDeliveries)
    .set({
      state: ok ? 'delivered' : final ? 'failed' : 'pending',
      lastStatusCode: 'status' in outcome ? outcome.status : null,
      lastError: 'error' in outcome ? outcome.error : null,
      deliveredAt: ok ? after : null,
      nextAttemptAt: final ? null : new Date(after.getTime() + wait * 60_000),
    })
    .where(eq(webhookDeliveries.id, claimed.id));
  return ok ? 'delivered' : final ? 'failed' : 'retry';
}

/** The `webhook_retries` cron: queues every pending delivery whose next attempt is due by the clock. */
export async function queueDueDeliveries(deps: Deps, limit = 500): Promise<number> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const due = await tx
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.state, 'pending'), lte(webhookDeliveries.nextAttemptAt, now)))
      .orderBy(asc(webhookDeliveries.nextAttemptAt))
      .limit(limit);
    for (const d of due) await addJob(tx, WEBHOOK_DELIVER_JOB, { deliveryId: d.id }, { jobKey: `webhook:${d.id}`, maxAttempts: 3 });
    return due.length;
  });
}
