import { run, runOnce, type Runner, type RunnerOptions } from 'graphile-worker';
import type { Deps } from '../deps.js';
import { quietLogger } from '../db/migrate.js';
import { crontab, makeTasks } from './tasks.js';
import { startLiveness } from './heartbeat.js';

/** The running worker: `stop()` for a clean shutdown; `promise` settles once it is stopped. */
export type Worker = { stop: () => Promise<void>; promise: Promise<void> };

/**
 * Runs graphile-worker inside this process (default) or in `npm run worker` (production).
 *
 * graphile-worker stops its runner for good when PostgreSQL goes away at the wrong moment (its cron
 * or worker pool fails) and rejects `runner.promise`: unhandled, that rejection killed the whole
 * server during a database restart (tests/faults-postgres.test.ts). A runner that stops without
 * being asked is started again every `retryMs` until PostgreSQL answers, so the shop outlives it.
 */
export async function startWorker(deps: Deps, opts: { retryMs?: number } = {}): Promise<Worker> {
  guardLostConnectionRejections();
  // Heartbeats of this process's workers, and the sweep that frees a dead process's jobs (0027).
  const liveness = startLiveness(deps.database.url, deps.config.workerStaleSeconds);
  const options: RunnerOptions = {
    events: liveness.events,
    pgPool: deps.database.pool,
    taskList: makeTasks(deps),
    crontab,
    concurrency: 2,
    pollInterval: 2000,
    noHandleSignals: true,
    logger: quietLogger,
  };
  const retryMs = opts.retryMs ?? 2000;
  let stopped = false;
  let done!: () => void;
  const promise = new Promise<void>((resolve) => (done = resolve));
  // A worker that cannot start at boot is a boot error (its heartbeats stop with it).
  let current: Runner = await run(options).catch(async (err: unknown) => {
    await liveness.stop();
    throw err;
  });

  const watch = (runner: Runner) => {
    runner.promise.then(
      () => restart('stopped'),
      (err: unknown) => restart((err as Error)?.message ?? String(err)),
    );
  };
  const restart = async (why: string) => {
    if (stopped) return done();
    console.error(`[worker] the job runner stopped (${why}); starting it again`);
    while (!stopped) {
      await new Promise((r) => setTimeout(r, retryMs));
      if (stopped) break;
      try {
        const next = await run(options);
        current = next;
        if (stopped) await next.stop().catch(() => {});
        else return watch(next);
      } catch {
        // PostgreSQL still away: try again after the pause.
      }
    }
    done();
  };
  watch(current);
  return {
    promise,
    stop: async () => {
      stopped = true;
      await current.stop().catch(() => {}); // "already stopped" when it died on its own
      await liveness.stop(); // after the runner: a job finishing during the stop keeps its beats
      done();
    },
  };
}

/** What a PostgreSQL restart throws at its clients: refused or cut connections, "shutting down". */
const LOST_CONNECTION = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08003', '08006']);
function isLostConnection(e: unknown): boolean {
  const err = e as { code?: unknown; message?: unknown } | null;
  return (typeof err?.code === 'string' && LOST_CONNECTION.has(err.code)) || /Connection terminated/i.test(String(err?.message ?? ''));
}

/**
 * graphile-worker 0.16's runner also chains `.finally()` on its cron's promise, and that copy of a cron
 * failure is handled by no one: when PostgreSQL is away at a minute tick, the process dies of an
 * unhandled rejection, whatever the caller does with `runner.promise` (fixed upstream by cron error
 * recovery, graphile/worker#544; remove this guard after upgrading). Only lost-connection rejections are
 * let go — the runner is restarted above —; any other unhandled rejection still crashes the process.
 */
let guarded = false;
function guardLostConnectionRejections(): void {
  if (guarded) return;
  guarded = true;
  process.on('unhandledRejection', (reason) => {
    if (!isLostConnection(reason)) throw reason;
    console.error(`[worker] database connection lost (${(reason as Error).message}); carrying on`);
  });
}

/** Runs every job that is due now, then returns (tests). */
export async function runDueJobs(deps: Deps): Promise<void> {
  await runOnce({ pgPool: deps.database.pool, taskList: makeTasks(deps), logger: quietLogger });
}
