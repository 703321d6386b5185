import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { I18nText } from '../../shared/i18n-text.js';
import { LOCALES } from '../accounts/schema.js';

/** A shop that sells through the marketplace: its return policy and shipping rule are structured. */
export const sellers = pgTable(
  'sellers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    legalName: text('legal_name').notNull(),
    vatNumber: text('vat_number').notNull(),
    email: text('email').notNull(),
    phone: text('phone'),
    description: jsonb('description').$type<I18nText>().notNull(),
    status: text('status', { enum: ['active', 'suspended'] }).notNull().default('active'),
    /** Return policy: days after delivery, who pays the return shipping, conditions, free text. */
    returnWindowDays: integer('return_window_days').notNull().default(14),
    returnShippingPaidBy: text('return_shipping_paid_by', { enum: ['customer', 'seller'] }).notNull().default('customer'),
    returnConditions: jsonb('return_conditions').$type<I18nText>().notNull(),
    returnText: jsonb('return_text').$type<I18nText>().notNull(),
    /** Shipping rule: a flat fee per seller order, free from a threshold when set. */
    shippingFeeCents: integer('shipping_fee_cents').notNull(),
    freeShippingFromCents: integer('free_shipping_from_cents'),
    commissionBps: integer('commission_bps').notNull().default(1500),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('sellers_slug_uq').on(t.slug)],
);

export const sellerUsers = pgTable(
  'seller_users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sellerId: uuid('seller_id')
      .notNull()
      .references(() => sellers.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: ['owner', 'staff'] }).notNull().default('staff'),
    locale: text('locale', { enum: LOCALES }).notNull().default('fr'),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('seller_users_email_uq').on(t.email), index('seller_users_seller_idx').on(t.sellerId)],
);
