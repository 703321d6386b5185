import { bigint, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { LOCALES } from '../accounts/schema.js';
import { sellers } from '../sellers/schema.js';

/** The two back offices whose users log in here: seller users (`/vendeur`) and operators (`/admin`). */
export const BO_FACES = ['seller', 'operator'] as const;
export type BoFace = (typeof BO_FACES)[number];

/**
 * A back-office user's second factor (TOTP, RFC 6238; docs/decisions/0015-totp-second-factor.md).
 * The secret is stored encrypted (AES-256-GCM, key derived from the session secret). A row without
 * `enabledAt` is an enrolment in progress. `lastUsedStep` refuses a code replayed within its 30 s step.
 * `failedCount`/`failedAt` count wrong codes (5 in 15 minutes end the attempt).
 */
export const secondFactors = pgTable(
  'backoffice_second_factors',
  {
    face: text('face', { enum: BO_FACES }).notNull(),
    userId: uuid('user_id').notNull(),
    secret: text('secret').notNull(),
    enabledAt: timestamp('enabled_at', { withTimezone: true }),
    lastUsedStep: bigint('last_used_step', { mode: 'number' }),
    failedCount: integer('failed_count').notNull().default(0),
    failedAt: timestamp('failed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.face, t.userId] })],
);

/** Single-use recovery codes (SHA-256 only), ten per enrolment; a new set replaces the old one. */
export const recoveryCodes = pgTable(
  'backoffice_recovery_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    face: text('face', { enum: BO_FACES }).notNull(),
    userId: uuid('user_id').notNull(),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('backoffice_recovery_codes_user_idx').on(t.face, t.userId)],
);

export const INVITED_ROLES = ['owner', 'staff', 'admin', 'customer_service'] as const;
export type InvitedRole = (typeof INVITED_ROLES)[number];

/**
 * An invitation to a back office, emailed as a single-use link that expires: the invited person sets
 * a name and a password and becomes a seller user (of `sellerId`) or an operator. Only the hash of
 * the token is stored.
 */
export const invitations = pgTable(
  'backoffice_invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    face: text('face', { enum: BO_FACES }).notNull(),
    sellerId: uuid('seller_id').references(() => sellers.id, { onDelete: 'cascade' }),
    email: text('email').notNull(), // lower-cased
    role: text('role', { enum: INVITED_ROLES }).notNull(),
    locale: text('locale', { enum: LOCALES }).notNull().default('fr'),
    tokenHash: text('token_hash').notNull(),
    invitedByFace: text('invited_by_face', { enum: BO_FACES }).notNull(),
    invitedById: uuid('invited_by_id').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('backoffice_invitations_token_uq').on(t.tokenHash),
    index('backoffice_invitations_seller_idx').on(t.sellerId, t.createdAt),
    index('backoffice_invitations_email_idx').on(t.face, t.email),
  ],
);
