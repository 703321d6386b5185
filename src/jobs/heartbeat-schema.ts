import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * One row per live graphile-worker worker (its workerId, as written in a job's locked_by), touched
 * every few seconds with PostgreSQL's clock by the process that runs it. A job locked by a worker
 * whose row is old or missing belongs to a dead process and is unlocked (src/jobs/heartbeat.ts).
 */
export const workerHeartbeats = pgTable('worker_heartbeats', {
  workerId: text('worker_id').primaryKey(),
  seenAt: timestamp('seen_at', { withTimezone: true }).notNull().defaultNow(),
});
