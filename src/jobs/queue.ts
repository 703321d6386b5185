import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';

/**
 * Adds a graphile-worker job inside the caller's transaction (transactional outbox): the job exists
 * if and only if the business change committed. `jobKey` makes a second add replace, not duplicate.
 */
export async function addJob(
  tx: DbOrTx,
  task: string,
  payload: Record<string, unknown>,
  opts: { jobKey?: string; runAt?: Date; maxAttempts?: number } = {},
): Promise<void> {
  await tx.execute(sql`select graphile_worker.add_job(
    ${task}::text,
    ${JSON.stringify(payload)}::json,
    run_at => ${opts.runAt ? opts.runAt.toISOString() : null}::timestamptz,
    max_attempts => ${opts.maxAttempts ?? 12}::int,
    job_key => ${opts.jobKey ?? null}::text
  )`);
}
