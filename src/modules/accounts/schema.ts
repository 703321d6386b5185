import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';

export const LOCALES = ['fr', 'nl', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const customers = pgTable(
  'customers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(), // stored lower-cased
    passwordHash: text('password_hash').notNull(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    phone: text('phone'),
    locale: text('locale', { enum: LOCALES }).notNull().default('fr'),
    marketingConsentAt: timestamp('marketing_consent_at', { withTimezone: true }),
    defaultBillingAddressId: uuid('default_billing_address_id').references((): AnyPgColumn => addresses.id, { onDelete: 'set null' }),
    defaultDeliveryAddressId: uuid('default_delivery_address_id').references((): AnyPgColumn => addresses.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('customers_email_uq').on(t.email),
    index('customers_name_idx').on(sql`lower(${t.lastName})`, sql`lower(${t.firstName})`),
    // Customer service search (src/modules/operators/search.ts): infix/prefix ILIKE on email, full name
    // and the phone's digits stays an index scan with a million customers.
    index('customers_email_trgm_idx').using('gin', sql`${t.email} gin_trgm_ops`),
    index('customers_fullname_trgm_idx').using('gin', sql`comptoir_unaccent(lower(${t.firstName} || ' ' || ${t.lastName})) gin_trgm_ops`),
    index('customers_phone_trgm_idx').using('gin', sql`regexp_replace(coalesce(${t.phone}, ''), '[^0-9]', '', 'g') gin_trgm_ops`),
    // Customer service search tiers (docs/decisions/0029-operator-search-tiers.md): "last name starts
    // with", "first name starts with", "email starts with" are each one range of these indexes, read
    // in the list's order and stopped at the page. "C" collation: LIKE 'x%' is a range whatever the
    // database's collation, and the order is the bytes' (the text is already lower-case, unaccented).
    index('customers_last_prefix_idx').on(
      sql`(comptoir_unaccent(lower(${t.lastName})) collate "C")`,
      sql`(comptoir_unaccent(lower(${t.firstName})) collate "C")`,
      t.id,
    ),
    index('customers_first_prefix_idx').on(
      sql`(comptoir_unaccent(lower(${t.firstName})) collate "C")`,
      sql`(comptoir_unaccent(lower(${t.lastName})) collate "C")`,
      t.id,
    ),
    index('customers_email_prefix_idx').on(sql`(${t.email} collate "C")`),
  ],
);

export const COUNTRIES = ['BE', 'LU', 'NL', 'FR', 'DE'] as const;
export type Country = (typeof COUNTRIES)[number];

export const addresses = pgTable(
  'addresses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id')
      .notNull()
      .references((): AnyPgColumn => customers.id, { onDelete: 'cascade' }),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    company: text('company'),
    vatNumber: text('vat_number'),
    street: text('street').notNull(),
    houseNumber: text('house_number').notNull(),
    box: text('box'),
    postalCode: text('postal_code').notNull(),
    city: text('city').notNull(),
    country: text('country', { enum: COUNTRIES }).notNull(),
    phone: text('phone'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('addresses_customer_idx').on(t.customerId)],
);

/** Single-use tokens sent by email: password reset, email change. Only the hash is stored. */
export const authTokens = pgTable(
  'auth_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: ['password_reset', 'email_change'] }).notNull(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    newEmail: text('new_email'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('auth_tokens_hash_uq').on(t.tokenHash), index('auth_tokens_customer_idx').on(t.customerId, t.kind, t.createdAt)],
);

/**
 * A sign-up waiting for its email to be confirmed (docs/decisions/0013-accounts-without-enumeration.md).
 * The account exists only once the link sent to the address is followed; until then nothing here
 * is a customer. Only the token's hash is stored; the password is already hashed.
 */
export const signupRequests = pgTable(
  'signup_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(), // lower-cased
    tokenHash: text('token_hash').notNull(),
    passwordHash: text('password_hash').notNull(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    locale: text('locale', { enum: LOCALES }).notNull(),
    /** The marketing consent as ticked on the form; its date is the request's. */
    marketingConsent: boolean('marketing_consent').notNull().default(false),
    returnTo: text('return_to'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('signup_requests_hash_uq').on(t.tokenHash), index('signup_requests_email_idx').on(t.email, t.createdAt)],
);
