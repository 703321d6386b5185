import { sql } from 'drizzle-orm';
import { bigserial, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { categories } from '../catalog/schema.js';
import { sellers } from '../sellers/schema.js';

/**
 * The double-entry ledger. A transaction's entries sum to zero (checked by a deferred constraint
 * trigger, migration 'ledger_balance'). Rows are never updated or deleted (a trigger refuses it);
 * corrections are new transactions.
 */
export const ledgerTransactions = pgTable(
  'ledger_transactions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: ['capture', 'shipping', 'refund', 'shipping_refund', 'payout', 'correction'] }).notNull(),
    /** One money event books once: a retried job or hook finds the existing transaction. */
    eventKey: text('event_key').notNull(),
    orderId: uuid('order_id'),
    memo: text('memo'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('ledger_tx_event_uq').on(t.eventKey), index('ledger_tx_created_idx').on(t.createdAt)],
);

export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    transactionId: uuid('transaction_id')
      .notNull()
      .references(() => ledgerTransactions.id),
    account: text('account').notNull(),
    amountCents: integer('amount_cents').notNull(),
    sellerId: uuid('seller_id'),
    orderLineId: uuid('order_line_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('ledger_entries_account_idx').on(t.account, t.createdAt),
    index('ledger_entries_line_idx').on(t.orderLineId),
    index('ledger_entries_tx_idx').on(t.transactionId),
    check('ledger_entries_nonzero', sql`${t.amountCents} <> 0`),
  ],
);

/** Commission per seller and category, in basis points; without a row, the seller's default rate. */
export const commissionRates = pgTable(
  'commission_rates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sellerId: uuid('seller_id')
      .notNull()
      .references(() => sellers.id, { onDelete: 'cascade' }),
    categoryId: uuid('category_id')
      .notNull()
      .references(() => categories.id, { onDelete: 'cascade' }),
    rateBps: integer('rate_bps').notNull(),
  },
  (t) => [uniqueIndex('commission_rates_uq').on(t.sellerId, t.categoryId), check('commission_rates_range', sql`${t.rateBps} between 0 and 10000`)],
);

/** The commission fixed on a line when it was paid (the rate may change later; the line's does not). */
export const lineCommissions = pgTable('line_commissions', {
  orderLineId: uuid('order_line_id').primaryKey(),
  sellerId: uuid('seller_id').notNull(),
  amountCents: integer('amount_cents').notNull(),
  rateBps: integer('rate_bps').notNull(),
  commissionCents: integer('commission_cents').notNull(),
  refundedCents: integer('refunded_cents').notNull().default(0),
  commissionRefundedCents: integer('commission_refunded_cents').notNull().default(0),
});

export const payouts = pgTable(
  'payouts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sellerId: uuid('seller_id')
      .notNull()
      .references(() => sellers.id),
    amountCents: integer('amount_cents').notNull(),
    reference: text('reference').notNull(),
    runId: text('run_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('payouts_run_seller_uq').on(t.runId, t.sellerId), index('payouts_seller_idx').on(t.sellerId, t.createdAt)],
);
