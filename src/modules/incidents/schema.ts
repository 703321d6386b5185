import { sql } from 'drizzle-orm';
import { customType, index, integer, jsonb, pgSequence, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { customers } from '../accounts/schema.js';
import { orderLines, orders } from '../orders/schema.js';
import { sellers } from '../sellers/schema.js';
import { INCIDENT_REASONS, INCIDENT_STATES, RESOLUTIONS } from './lifecycle.js';

/** Readable incident numbers: I-<year>-<6 digits of this sequence>. */
export const incidentNumberSeq = pgSequence('incident_number_seq', { startWith: 1 });

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

/**
 * An incident on one order line, sent to that line's seller. At most one incident per line that is
 * not closed (partial unique index). Its conversation is a messaging thread of kind 'incident'.
 */
export const incidents = pgTable(
  'incidents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull(), // readable, e.g. "I-2026-000042"
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id),
    orderLineId: uuid('order_line_id')
      .notNull()
      .references(() => orderLines.id),
    customerId: uuid('customer_id').references(() => customers.id, { onDelete: 'set null' }),
    sellerId: uuid('seller_id')
      .notNull()
      .references(() => sellers.id),
    reason: text('reason', { enum: INCIDENT_REASONS }).notNull(),
    state: text('state', { enum: INCIDENT_STATES }).notNull().default('open'),
    resolution: text('resolution', { enum: RESOLUTIONS }),
    /** The seller's decision: amounts, return instructions, rejection reason… */
    decision: jsonb('decision').$type<Record<string, unknown>>(),
    replyDeadlineAt: timestamp('reply_deadline_at', { withTimezone: true }),
    /** EU right of withdrawal: the refund is due within 14 days of the request. */
    refundDueAt: timestamp('refund_due_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('incidents_number_uq').on(t.number),
    uniqueIndex('incidents_one_open_per_line_uq').on(t.orderLineId).where(sql`${t.state} <> 'closed'`),
    index('incidents_seller_state_idx').on(t.sellerId, t.state, t.createdAt),
    index('incidents_customer_idx').on(t.customerId, t.createdAt),
    index('incidents_state_deadline_idx').on(t.state, t.replyDeadlineAt),
  ],
);

/** Photos of a damaged or non-conforming article: re-encoded or checked images only, served as downloads. */
export const incidentPhotos = pgTable(
  'incident_photos',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    contentType: text('content_type', { enum: ['image/jpeg', 'image/png', 'image/webp'] }).notNull(),
    bytes: integer('bytes').notNull(),
    data: bytea('data').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('incident_photos_incident_idx').on(t.incidentId)],
);
