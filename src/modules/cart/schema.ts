import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { customers } from '../accounts/schema.js';
import { offers } from '../catalog/schema.js';

/** A cart belongs to a customer or, for a guest, to a random token kept in a cookie (hash stored). */
export const carts = pgTable(
  'carts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id').references(() => customers.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('carts_customer_uq').on(t.customerId), uniqueIndex('carts_token_uq').on(t.tokenHash)],
);

export const cartItems = pgTable(
  'cart_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cartId: uuid('cart_id')
      .notNull()
      .references(() => carts.id, { onDelete: 'cascade' }),
    offerId: uuid('offer_id')
      .notNull()
      .references(() => offers.id, { onDelete: 'cascade' }),
    quantity: integer('quantity').notNull(),
    /** The unit price the customer saw when adding: a later change is shown to them. */
    priceSeenCents: integer('price_seen_cents').notNull(),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('cart_items_cart_offer_uq').on(t.cartId, t.offerId),
    index('cart_items_cart_idx').on(t.cartId),
    check('cart_items_qty', sql`${t.quantity} between 1 and 99`),
  ],
);
