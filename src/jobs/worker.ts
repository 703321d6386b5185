import { run, runOnce, type Runner } from 'graphile-worker';
import type { Deps } from '../deps.js';
import { quietLogger } from '../db/migrate.js';
import { crontab, makeTasks } from './tasks.js';

/** Runs graphile-worker inside this process (default) or in `npm run worker` (production). */
export async function startWorker(deps: Deps): Promise<Runner> {
  return run({
    pgPool: deps.database.pool,
    taskList: makeTasks(deps),
    crontab,
    concurrency: 2,
    pollInterval: 2000,
    noHandleSignals: true,
    logger: quietLogger,
  });
}

/** Runs every job that is due now, then returns (tests). */
export async function runDueJobs(deps: Deps): Promise<void> {
  await runOnce({ pgPool: deps.database.pool, taskList: makeTasks(deps), logger: quietLogger });
}
