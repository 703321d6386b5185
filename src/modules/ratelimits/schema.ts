import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Per-IP (or per-user) request counters of the rate-limited routes (login, sign-up, reset, uploads…),
 * shared by every app instance: with several instances behind a load balancer, a limit of 20 logins a
 * minute stays 20, not 20 × instances. One row per key and window; expired rows are purged hourly.
 */
export const rateLimitHits = pgTable('rate_limit_hits', {
  key: text('key').primaryKey(),
  count: integer('count').notNull(),
  windowEndsAt: timestamp('window_ends_at', { withTimezone: true }).notNull(),
});
