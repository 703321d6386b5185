import { sql } from 'drizzle-orm';
import { bigserial, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { I18nText } from '../../shared/i18n-text.js';
import { customers, LOCALES } from '../accounts/schema.js';
import { offers, products, variants } from '../catalog/schema.js';
import { sellers } from '../sellers/schema.js';
import { SELLER_ORDER_STATUSES } from './derived-status.js';
import { LINE_STATES } from './line-lifecycle.js';

/** A frozen copy of an address on an order: it never changes, whatever happens in "Mes adresses". */
export type AddressSnapshot = {
  firstName: string;
  lastName: string;
  company: string | null;
  vatNumber: string | null;
  street: string;
  houseNumber: string;
  box: string | null;
  postalCode: string;
  city: string;
  country: string;
  phone: string | null;
};

/**
 * A customer order: paid once, for the whole order. Its status is derived from its seller orders'
 * lines (derived-status.ts), never stored. Totals are computed on the server at checkout.
 */
export const orders = pgTable(
  'orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull(), // readable, e.g. "C-2026-000123"
    customerId: uuid('customer_id').references(() => customers.id, { onDelete: 'set null' }),
    email: text('email').notNull(),
    locale: text('locale', { enum: LOCALES }).notNull(),
    billingAddress: jsonb('billing_address').$type<AddressSnapshot>().notNull(),
    deliveryAddress: jsonb('delivery_address').$type<AddressSnapshot>().notNull(),
    itemsCents: integer('items_cents').notNull(),
    shippingCents: integer('shipping_cents').notNull(),
    totalCents: integer('total_cents').notNull(),
    currency: text('currency').notNull().default('EUR'),
    /** The checkout attempt's idempotency key: a retried or doubled submit finds this order. */
    checkoutKey: text('checkout_key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    paidAt: timestamp('paid_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('orders_number_uq').on(t.number),
    uniqueIndex('orders_checkout_key_uq').on(t.checkoutKey),
    index('orders_customer_idx').on(t.customerId, t.createdAt),
    index('orders_created_idx').on(t.createdAt),
    check('orders_total', sql`${t.totalCents} = ${t.itemsCents} + ${t.shippingCents}`),
  ],
);

/**
 * One seller's part of an order ("C-2026-000123-2"): the seller ships it and is paid for it.
 * `status` is sellerOrderStatus (derived-status.ts) of its lines, stored by PostgreSQL: the triggers of
 * migration 0024 recompute it whenever a line is inserted, deleted or changes state or refunded
 * amount, in the same transaction — no application code writes it (decision 0030). It exists so that
 * the seller's list can walk (seller, status, created_at) in index order.
 */
export const sellerOrders = pgTable(
  'seller_orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    sellerId: uuid('seller_id')
      .notNull()
      .references(() => sellers.id),
    number: text('number').notNull(),
    itemsCents: integer('items_cents').notNull(),
    shippingCents: integer('shipping_cents').notNull(),
    /** Shipping refunded so far (when the whole seller order is withdrawn). */
    shippingRefundedCents: integer('shipping_refunded_cents').notNull().default(0),
    /** Written only by the order_lines triggers (decision 0030); a new seller order has no line yet. */
    status: text('status', { enum: SELLER_ORDER_STATUSES }).notNull().default('awaiting_payment'),
    /**
     * Its order's paid_at, copied by triggers (migration 0025: when the order is paid, and on insert) so
     * that the seller's list index holds paid seller orders only — abandoned payment attempts leave
     * "cancelled" seller orders that the list would otherwise skip one by one (decision 0030).
     */
    paidAt: timestamp('paid_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('seller_orders_number_uq').on(t.number),
    // The seller's list by status group, oldest or newest first (listSellerOrders): paid ones only.
    index('seller_orders_seller_paid_status_idx').on(t.sellerId, t.status, t.createdAt, t.id).where(sql`${t.paidAt} is not null`),
    index('seller_orders_order_idx').on(t.orderId),
    index('seller_orders_seller_idx').on(t.sellerId, t.createdAt),
    index('seller_orders_seller_updated_idx').on(t.sellerId, t.updatedAt),
  ],
);

/** An article of a seller order: the unit of fulfilment, incidents, refunds, commission and payout. */
export const orderLines = pgTable(
  'order_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    sellerOrderId: uuid('seller_order_id')
      .notNull()
      .references(() => sellerOrders.id, { onDelete: 'cascade' }),
    sellerId: uuid('seller_id')
      .notNull()
      .references(() => sellers.id),
    offerId: uuid('offer_id').references(() => offers.id, { onDelete: 'set null' }),
    variantId: uuid('variant_id').references(() => variants.id, { onDelete: 'set null' }),
    productId: uuid('product_id').references(() => products.id, { onDelete: 'set null' }),
    /** Snapshots: what the customer bought, as it was named then. */
    title: jsonb('title').$type<I18nText>().notNull(),
    brand: text('brand').notNull(),
    variantLabel: jsonb('variant_label').$type<I18nText>().notNull(),
    sku: text('sku').notNull(),
    imageUrl: text('image_url'),
    quantity: integer('quantity').notNull(),
    unitPriceCents: integer('unit_price_cents').notNull(),
    vatRateBps: integer('vat_rate_bps').notNull(),
    totalCents: integer('total_cents').notNull(),
    state: text('state', { enum: LINE_STATES }).notNull().default('awaiting_payment'),
    refundedCents: integer('refunded_cents').notNull().default(0),
    carrier: text('carrier'),
    trackingNumber: text('tracking_number'),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    shippedAt: timestamp('shipped_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('order_lines_order_idx').on(t.orderId),
    index('order_lines_seller_order_idx').on(t.sellerOrderId),
    index('order_lines_seller_state_idx').on(t.sellerId, t.state),
    // The deadline jobs' scans: lines still waiting for the seller's acceptance, and lines shipped (by date).
    index('order_lines_paid_idx').on(t.orderId).where(sql`${t.state} = 'paid'`),
    index('order_lines_shipped_idx').on(t.shippedAt).where(sql`${t.state} = 'shipped'`),
    check('order_lines_qty', sql`${t.quantity} >= 1`),
    check('order_lines_total', sql`${t.totalCents} = ${t.quantity} * ${t.unitPriceCents}`),
    check('order_lines_refund', sql`${t.refundedCents} >= 0 and ${t.refundedCents} <= ${t.totalCents}`),
  ],
);

/**
 * The story of an order, its seller orders, lines and incidents: who (customer, seller user,
 * operator, system) did what, when. Written in the same transaction as the change. Never updated.
 */
export const timelineEvents = pgTable(
  'timeline_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    sellerOrderId: uuid('seller_order_id'),
    orderLineId: uuid('order_line_id'),
    incidentId: uuid('incident_id'),
    actorType: text('actor_type', { enum: ['customer', 'seller', 'operator', 'system'] }).notNull(),
    actorId: uuid('actor_id'),
    type: text('type').notNull(), // e.g. "line.ship", "payment.paid", "email.queued"
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('timeline_order_idx').on(t.orderId, t.at), index('timeline_incident_idx').on(t.incidentId)],
);
