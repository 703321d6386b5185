import { sql } from 'drizzle-orm';
import { bigserial, boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { LOCALES } from '../accounts/schema.js';

export const PAYMENT_STATUSES = ['pending', 'paid', 'failed', 'expired'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export const REFUND_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

/**
 * One attempt to charge a customer order through a payment provider (docs/payments.md).
 * The shop's truth about money taken: `paid` only after a verified provider event whose amount and
 * currency match. Refunded amounts are rows of `refunds`, never a second status.
 */
export const payments = pgTable(
  'payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The customer order it pays (no foreign key: the orders module may add one). */
    orderId: uuid('order_id').notNull(),
    provider: text('provider').notNull(),
    /** The provider's id for this payment; set in the transaction that creates the payment. */
    providerRef: text('provider_ref'),
    /** The provider's hosted page: a retried checkout sends the customer back to the same page. */
    redirectUrl: text('redirect_url'),
    amountCents: integer('amount_cents').notNull(),
    currency: text('currency').notNull().default('EUR'),
    status: text('status', { enum: PAYMENT_STATUSES }).notNull().default('pending'),
    /** bancontact | visa | mastercard, as the provider reports it. */
    method: text('method'),
    /** Why a payment failed: refused, cancelled, amount_mismatch, currency_mismatch, expired… */
    failureCode: text('failure_code'),
    locale: text('locale', { enum: LOCALES }).notNull().default('fr'),
    /** One checkout attempt = one key = at most one charge, whatever is retried or doubled. */
    idempotencyKey: text('idempotency_key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    paidAt: timestamp('paid_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('payments_idempotency_key_uq').on(t.idempotencyKey),
    uniqueIndex('payments_provider_ref_uq').on(t.provider, t.providerRef),
    // At most one payment per order that may still take, or has taken, the money.
    uniqueIndex('payments_order_live_uq').on(t.orderId).where(sql`status in ('pending', 'paid')`),
    index('payments_order_idx').on(t.orderId),
    index('payments_pending_idx').on(t.createdAt).where(sql`status = 'pending'`),
    check('payments_amount_positive', sql`${t.amountCents} > 0`),
  ],
);

/** Money given back on a paid payment, possibly for one order line. Pending refunds count against what is left. */
export const refunds = pgTable(
  'refunds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    paymentId: uuid('payment_id')
      .notNull()
      .references(() => payments.id),
    /** The order line refunded, when the refund is for one line (no foreign key yet). */
    orderLineId: uuid('order_line_id'),
    amountCents: integer('amount_cents').notNull(),
    status: text('status', { enum: REFUND_STATUSES }).notNull().default('pending'),
    idempotencyKey: text('idempotency_key').notNull(),
    providerRef: text('provider_ref'),
    failureCode: text('failure_code'),
    reason: text('reason').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    settledAt: timestamp('settled_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('refunds_idempotency_key_uq').on(t.idempotencyKey),
    index('refunds_payment_idx').on(t.paymentId),
    index('refunds_order_line_idx').on(t.orderLineId),
    check('refunds_amount_positive', sql`${t.amountCents} > 0`),
  ],
);

/**
 * Every provider message the shop received — signed notifications (valid or not) and the answers
 * fetched on the customer's return or by the expiry job — with what the shop did with it.
 * A second event with the same (provider, event_id) is a replay or a duplicate: recorded nowhere,
 * changes nothing.
 */
export const paymentEvents = pgTable(
  'payment_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    provider: text('provider').notNull(),
    /** The provider's event id; null when the message could not be trusted enough to read one. */
    eventId: text('event_id'),
    source: text('source', { enum: ['notification', 'return', 'expiry'] }).notNull(),
    signatureValid: boolean('signature_valid').notNull(),
    /** applied | no_change | already_final | paid_after_final | duplicate | amount_mismatch | currency_mismatch | unknown_payment | unsigned | bad_signature | stale | malformed */
    outcome: text('outcome').notNull(),
    paymentId: uuid('payment_id'),
    providerRef: text('provider_ref'),
    status: text('status'),
    amountCents: integer('amount_cents'),
    currency: text('currency'),
    /** The body as received (at most 4 kB; the first 256 characters of a refused one). */
    rawBody: text('raw_body'),
    requestId: text('request_id'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('payment_events_event_uq').on(t.provider, t.eventId).where(sql`event_id is not null`),
    index('payment_events_payment_idx').on(t.paymentId, t.at),
    index('payment_events_at_idx').on(t.at),
  ],
);
