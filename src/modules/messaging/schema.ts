import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { customers } from '../accounts/schema.js';
import { offers, products, variants } from '../catalog/schema.js';
import { sellers } from '../sellers/schema.js';

/** What a conversation is about: a product (a customer's question), an order line, or an incident. */
export const THREAD_KINDS = ['product', 'order_line', 'incident'] as const;
export type ThreadKind = (typeof THREAD_KINDS)[number];

/** The subjects a customer picks when asking about a product. Order-line and incident threads have none. */
export const QUESTION_SUBJECTS = ['availability', 'details', 'delivery', 'other'] as const;
export type QuestionSubject = (typeof QUESTION_SUBJECTS)[number];

export const AUTHOR_TYPES = ['customer', 'seller', 'operator'] as const;
export type AuthorType = (typeof AUTHOR_TYPES)[number];

/** The longest message anyone may write (text only). */
export const MESSAGE_MAX = 2000;

/**
 * One conversation between a customer and one seller, which operators can read and join. Every
 * conversation of the marketplace is a thread: product questions, order-line threads, incident
 * threads (one thread per order line / incident at most). The counters the lists need are kept on the
 * row, updated under a row lock when a message is posted, so lists and unread counts are one query.
 */
export const messageThreads = pgTable(
  'message_threads',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: THREAD_KINDS }).notNull(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    sellerId: uuid('seller_id')
      .notNull()
      .references(() => sellers.id),
    productId: uuid('product_id').references(() => products.id, { onDelete: 'set null' }),
    variantId: uuid('variant_id').references(() => variants.id, { onDelete: 'set null' }),
    offerId: uuid('offer_id').references(() => offers.id, { onDelete: 'set null' }),
    /** Owned by the orders and incidents modules: no foreign key on purpose (modules own their tables). */
    orderLineId: uuid('order_line_id'),
    incidentId: uuid('incident_id'),
    subject: text('subject', { enum: QUESTION_SUBJECTS }),
    startedBy: text('started_by', { enum: AUTHOR_TYPES }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastMessageAt: timestamp('last_message_at', { withTimezone: true }).notNull(),
    lastMessageBy: text('last_message_by', { enum: AUTHOR_TYPES }).notNull(),
    /** The last message the customer did not write (seller or operator): drives the customer's unread count. */
    lastForCustomerAt: timestamp('last_for_customer_at', { withTimezone: true }),
    /** The last message the seller did not write (customer or operator): drives the seller's unread marker. */
    lastForSellerAt: timestamp('last_for_seller_at', { withTimezone: true }),
    customerReadAt: timestamp('customer_read_at', { withTimezone: true }),
    sellerReadAt: timestamp('seller_read_at', { withTimezone: true }),
    /** Set when the customer writes and the seller owes an answer; cleared by the seller's answer. */
    awaitingSellerSince: timestamp('awaiting_seller_since', { withTimezone: true }),
    /** The seller's first answer to a thread the customer started: answer times are measured with it. */
    firstSellerReplyAt: timestamp('first_seller_reply_at', { withTimezone: true }),
  },
  (t) => [
    index('message_threads_customer_idx').on(t.customerId, t.lastMessageAt),
    index('message_threads_seller_idx').on(t.sellerId, t.lastMessageAt),
    index('message_threads_seller_waiting_idx').on(t.sellerId, t.awaitingSellerSince).where(sql`${t.awaitingSellerSince} is not null`),
    index('message_threads_customer_unread_idx')
      .on(t.customerId)
      .where(sql`${t.lastForCustomerAt} > coalesce(${t.customerReadAt}, '-infinity'::timestamptz)`),
    index('message_threads_last_idx').on(t.lastMessageAt, t.id),
    index('message_threads_customer_created_idx').on(t.customerId, t.createdAt),
    uniqueIndex('message_threads_order_line_uq').on(t.orderLineId).where(sql`${t.kind} = 'order_line'`),
    uniqueIndex('message_threads_incident_uq').on(t.incidentId).where(sql`${t.kind} = 'incident'`),
    check('message_threads_order_line', sql`${t.kind} <> 'order_line' or ${t.orderLineId} is not null`),
    check('message_threads_incident', sql`${t.kind} <> 'incident' or ${t.incidentId} is not null`),
  ],
);

/** One message of a thread: text only, written by the customer, a seller user or an operator. */
export const messages = pgTable(
  'messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    threadId: uuid('thread_id')
      .notNull()
      .references(() => messageThreads.id, { onDelete: 'cascade' }),
    authorType: text('author_type', { enum: AUTHOR_TYPES }).notNull(),
    /** customers.id, seller_users.id or operator_users.id, following author_type. */
    authorId: uuid('author_id').notNull(),
    body: text('body').notNull(),
    /** A seller's answer may point at a variant ("it exists in navy, size L"): linked on the product page. */
    variantId: uuid('variant_id').references(() => variants.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('messages_thread_idx').on(t.threadId, t.createdAt),
    index('messages_author_idx').on(t.authorType, t.authorId, t.createdAt),
    check('messages_body_len', sql`char_length(${t.body}) between 1 and ${sql.raw(String(MESSAGE_MAX))}`),
  ],
);
