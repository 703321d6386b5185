import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Server-side sessions for the three faces (storefront, seller, operator); shared by every app instance. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(), // sha-256 of the cookie's random token
    face: text('face', { enum: ['shop', 'seller', 'operator'] }).notNull(),
    userId: uuid('user_id').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.face, t.userId), index('sessions_expires_idx').on(t.expiresAt)],
);

/** Failed login attempts, counted per account and per IP for rate limiting (kept 24 h). */
export const loginAttempts = pgTable(
  'login_attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    face: text('face').notNull(),
    email: text('email').notNull(),
    ip: text('ip').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('login_attempts_email_idx').on(t.face, t.email, t.at), index('login_attempts_ip_idx').on(t.face, t.ip, t.at)],
);
