import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { LOCALES } from '../../accounts/schema.js';

/**
 * The built-in sandbox payment provider's own state. It plays an external company: the shop never
 * reads these tables, it only talks to the sandbox through the PaymentProvider interface.
 *
 *   open --card ok--> paid            open --refused card | cancel--> failed
 *   open --3-D Secure card--> challenge --right code--> paid (3 wrong codes --> failed)
 *   open --late card--> processing --after ~5 s--> paid
 *   open | challenge --15 minutes pass--> expired
 */
export const SANDBOX_STATUSES = ['open', 'challenge', 'processing', 'paid', 'failed', 'expired'] as const;
export type SandboxStatus = (typeof SANDBOX_STATUSES)[number];

export const sandboxPayments = pgTable(
  'sandbox_payments',
  {
    ref: text('ref').primaryKey(),
    /** The merchant's reference (the shop's payment id). */
    merchantRef: text('merchant_ref').notNull(),
    amountCents: integer('amount_cents').notNull(),
    currency: text('currency').notNull(),
    description: text('description').notNull(),
    locale: text('locale', { enum: LOCALES }).notNull(),
    returnUrl: text('return_url').notNull(),
    notifyUrl: text('notify_url').notNull(),
    status: text('status', { enum: SANDBOX_STATUSES }).notNull().default('open'),
    method: text('method'),
    cardLast4: text('card_last4'),
    failureCode: text('failure_code'),
    challengeAttempts: integer('challenge_attempts').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [check('sandbox_payments_amount_positive', sql`${t.amountCents} > 0`)],
);

/** A signed notification the sandbox owes the shop, delivered by a job (retried until the shop answers 2xx). */
export const sandboxEvents = pgTable(
  'sandbox_events',
  {
    id: text('id').primaryKey(),
    ref: text('ref')
      .notNull()
      .references(() => sandboxPayments.ref),
    status: text('status').notNull(),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    lastAnswer: text('last_answer'),
  },
  (t) => [index('sandbox_events_ref_idx').on(t.ref, t.createdAt)],
);

export const sandboxRefunds = pgTable(
  'sandbox_refunds',
  {
    ref: text('ref').primaryKey(),
    paymentRef: text('payment_ref')
      .notNull()
      .references(() => sandboxPayments.ref),
    amountCents: integer('amount_cents').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('sandbox_refunds_key_uq').on(t.idempotencyKey), index('sandbox_refunds_payment_idx').on(t.paymentRef)],
);
