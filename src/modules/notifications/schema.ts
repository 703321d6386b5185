import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { LOCALES } from '../accounts/schema.js';

/**
 * Every email the marketplace sends, with its delivery status. Without SMTP_URL this table is the
 * mailbox shown in the operator back office ("Emails envoyés").
 */
export const emails = pgTable(
  'emails',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** One event sends one email: a second enqueue with the same key is a no-op. */
    dedupeKey: text('dedupe_key').notNull(),
    kind: text('kind').notNull(),
    toAddress: text('to_address').notNull(),
    locale: text('locale', { enum: LOCALES }).notNull(),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    htmlBody: text('html_body').notNull(),
    status: text('status', { enum: ['queued', 'sent', 'failed', 'stored', 'bounced'] }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    smtpResponse: text('smtp_response'),
    customerId: uuid('customer_id'),
    sellerId: uuid('seller_id'),
    orderId: uuid('order_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('emails_dedupe_uq').on(t.dedupeKey),
    index('emails_customer_idx').on(t.customerId, t.createdAt),
    index('emails_order_idx').on(t.orderId),
    index('emails_created_idx').on(t.createdAt),
  ],
);
