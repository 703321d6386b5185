import { boolean, pgSequence, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { addresses, customers } from '../accounts/schema.js';

/**
 * A customer's checkout in progress: which address of "Mes adresses" is selected for billing and for
 * delivery, and the idempotency key the next "Payer" will carry (docs/decisions/0016-checkout-idempotency-and-stock.md).
 * One row per customer, so it follows them across devices and tabs; its row lock serialises the
 * customer's concurrent "Payer" submits.
 */
export const checkouts = pgTable('checkouts', {
  customerId: uuid('customer_id')
    .primaryKey()
    .references(() => customers.id, { onDelete: 'cascade' }),
  billingAddressId: uuid('billing_address_id').references(() => addresses.id, { onDelete: 'set null' }),
  deliveryAddressId: uuid('delivery_address_id').references(() => addresses.id, { onDelete: 'set null' }),
  /** "Utiliser une adresse différente comme adresse de livraison" was chosen. */
  separateDelivery: boolean('separate_delivery').notNull().default(false),
  /** The key embedded in the next summary form; replaced as soon as an order is created with it. */
  checkoutKey: text('checkout_key').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Readable order numbers: C-<year>-<6 digits of this sequence>. */
export const orderNumberSeq = pgSequence('order_number_seq', { startWith: 1 });
