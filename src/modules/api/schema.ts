import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sellers, sellerUsers } from '../sellers/schema.js';

/** What a key may do: read only, or read and change (accept, ship, offers, replies…). */
export const API_SCOPES = ['read', 'read_write'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/**
 * A seller's API key. The key itself is shown once at creation and never stored: only its SHA-256
 * (a random 256-bit secret needs no slow hash) and a short prefix the seller recognises it by.
 * A revoked key stays listed (who revoked it, when) and answers like an unknown key.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sellerId: uuid('seller_id')
      .notNull()
      .references(() => sellers.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** The key's first characters ("cpt_live_3fa9c1"), shown in lists; not a secret. */
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    scope: text('scope', { enum: API_SCOPES }).notNull(),
    /** Requests a minute this key may make (an operator may raise it for a large shop). */
    rateLimitPerMinute: integer('rate_limit_per_minute').notNull().default(300),
    /** The seller user who created it: actions taken with the key are theirs in timelines and messages. */
    createdBy: uuid('created_by')
      .notNull()
      .references(() => sellerUsers.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedBy: uuid('revoked_by').references(() => sellerUsers.id),
  },
  (t) => [uniqueIndex('api_keys_hash_uq').on(t.keyHash), index('api_keys_seller_idx').on(t.sellerId, t.createdAt)],
);

/** Requests counted per key and minute (fixed windows, in PostgreSQL so that every instance agrees). */
export const apiRateWindows = pgTable(
  'api_rate_windows',
  {
    apiKeyId: uuid('api_key_id')
      .notNull()
      .references(() => apiKeys.id, { onDelete: 'cascade' }),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.apiKeyId, t.windowStart] }), index('api_rate_windows_start_idx').on(t.windowStart)],
);

/**
 * `Idempotency-Key` of a POST: per API key, the first request's body hash and its answer. The same
 * key with the same body gets the stored answer again; with another body, a problem. Kept 24 hours.
 */
export const apiIdempotencyKeys = pgTable(
  'api_idempotency_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    apiKeyId: uuid('api_key_id')
      .notNull()
      .references(() => apiKeys.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    /** "POST /api/seller/v1/…" and SHA-256 of the raw body: both must match for a replay. */
    method: text('method').notNull(),
    path: text('path').notNull(),
    requestHash: text('request_hash').notNull(),
    state: text('state', { enum: ['in_progress', 'done'] }).notNull(),
    responseStatus: integer('response_status'),
    responseBody: jsonb('response_body'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('api_idempotency_key_uq').on(t.apiKeyId, t.key), index('api_idempotency_created_idx').on(t.createdAt)],
);

/** The events a webhook may subscribe to (their payloads are described in the OpenAPI document). */
export const WEBHOOK_EVENTS = ['order.created', 'order_line.cancelled', 'incident.opened', 'incident.escalated', 'message.received', 'payout.made'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** A URL of the seller's, called with the events it chose. The signing secret is sealed with the server secret. */
export const webhooks = pgTable(
  'webhooks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sellerId: uuid('seller_id')
      .notNull()
      .references(() => sellers.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    events: text('events').array().$type<WebhookEvent[]>().notNull(),
    secret: text('secret').notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => sellerUsers.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** A removed webhook is kept (its deliveries stay readable) but receives nothing more. */
    removedAt: timestamp('removed_at', { withTimezone: true }),
  },
  (t) => [index('webhooks_seller_idx').on(t.sellerId).where(sql`${t.removedAt} is null`)],
);

export const DELIVERY_STATES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/**
 * One event sent to one webhook: its payload as signed, how many attempts, the last answer, and when
 * the next attempt is due (back-off; the `webhook_retries` cron re-queues due ones with the clock).
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    webhookId: uuid('webhook_id')
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    sellerId: uuid('seller_id')
      .notNull()
      .references(() => sellers.id, { onDelete: 'cascade' }),
    /** The event's id: the same for every webhook it goes to, and for a replay (receivers dedupe on it). */
    eventId: uuid('event_id').notNull(),
    eventType: text('event_type').$type<WebhookEvent>().notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    state: text('state', { enum: DELIVERY_STATES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    /** Set on a delivery the seller asked for again from /vendeur. */
    replayOf: uuid('replay_of'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('webhook_deliveries_webhook_idx').on(t.webhookId, t.createdAt),
    index('webhook_deliveries_seller_idx').on(t.sellerId, t.createdAt),
    index('webhook_deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.state} = 'pending'`),
    check('webhook_deliveries_attempts', sql`${t.attempts} >= 0`),
  ],
);
