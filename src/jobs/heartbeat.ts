import { EventEmitter } from 'node:events';
import pg from 'pg';
import type { WorkerEvents } from 'graphile-worker';

/**
 * Frees the jobs of dead workers within about two minutes instead of graphile-worker's four hours
 * (decision 0027). Each process beats for its own workers every `staleSeconds / 4.5` (20 s) and sweeps
 * every `staleSeconds / 3` (30 s): a job locked more than `staleSeconds` (90 s) ago by a worker whose
 * last beat is older than that, or missing, is unlocked with graphile-worker's force_unlock_workers
 * and runs again on any live worker. Every time is PostgreSQL's `now()`, so the machines' clocks
 * never matter. The beats come from a timer on a connection of their own: a job that runs for
 * minutes (slow SMTP) or a pool busy with jobs does not silence its worker.
 */
export type Liveness = {
  /** Given to graphile-worker's run(): tells which worker ids this process runs. */
  events: WorkerEvents;
  /** One sweep now (tests); returns the worker ids whose jobs were unlocked. */
  sweep: () => Promise<string[]>;
  stop: () => Promise<void>;
};

export function startLiveness(databaseUrl: string, staleSeconds: number): Liveness {
  // One connection of its own: heartbeats never wait behind jobs for a client of the shared pool.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1, idleTimeoutMillis: 0, connectionTimeoutMillis: 5_000 });
  pool.on('error', () => {}); // a database restart: the next beat reconnects
  const events: WorkerEvents = new EventEmitter();
  const live = new Set<string>();
  let stopped = false;
  let failing = false;
  const report = (what: string) => (err: unknown) => {
    if (failing || stopped) return; // PostgreSQL away: said once, not every 20 s
    failing = true;
    console.error(`[worker] ${what} failed: ${(err as Error)?.message ?? err}`);
  };

  const beat = async () => {
    if (live.size === 0) return;
    await pool.query(
      `insert into worker_heartbeats (worker_id, seen_at) select unnest($1::text[]), now()
       on conflict (worker_id) do update set seen_at = excluded.seen_at`,
      [[...live]],
    );
    failing = false;
  };

  const sweep = async (): Promise<string[]> => {
    // Never its own workers: alive by definition, even when their beats could not be written.
    const { rows } = await pool.query<{ worker_id: string }>(
      `select distinct j.locked_by as worker_id
         from graphile_worker.jobs j
         left join worker_heartbeats h on h.worker_id = j.locked_by
        where j.locked_by is not null and not (j.locked_by = any($2::text[]))
          and j.locked_at < now() - make_interval(secs => $1)
          and (h.seen_at is null or h.seen_at < now() - make_interval(secs => $1))`,
      [staleSeconds, [...live]],
    );
    const dead = rows.map((r) => r.worker_id);
    if (dead.length > 0) {
      // Only rows still locked by those ids change: a job another worker took meanwhile is untouched.
      await pool.query('select graphile_worker.force_unlock_workers($1::text[])', [dead]);
      console.error(`[worker] unlocked the jobs of dead workers: ${dead.join(', ')}`);
    }
    // Rows of workers gone long ago (a missing row counts as an old one).
    await pool.query(`delete from worker_heartbeats where seen_at < now() - make_interval(secs => $1 * 10)`, [staleSeconds]);
    return dead;
  };

  events.on('worker:create', ({ worker }) => {
    live.add(worker.workerId);
    void beat().catch(report('worker heartbeat')); // before its first job's lock gets old
  });
  events.on('worker:stop', ({ worker }) => {
    live.delete(worker.workerId);
    if (!stopped) void pool.query('delete from worker_heartbeats where worker_id = $1', [worker.workerId]).catch(() => {});
  });

  // setTimeout chains, not setInterval: a slow round trip never piles beats up.
  const every = (ms: number, fn: () => Promise<unknown>, what: string) => {
    let timer: NodeJS.Timeout;
    const tick = () => {
      timer = setTimeout(() => {
        void fn()
          .catch(report(what))
          .finally(() => !stopped && tick());
      }, ms);
      timer.unref();
    };
    tick();
    return () => clearTimeout(timer);
  };
  const stopBeats = every((staleSeconds * 1000) / 4.5, beat, 'worker heartbeat');
  const stopSweeps = every((staleSeconds * 1000) / 3, sweep, 'dead-worker sweep');

  return {
    events,
    sweep,
    stop: async () => {
      stopped = true;
      stopBeats();
      stopSweeps();
      if (live.size > 0) await pool.query('delete from worker_heartbeats where worker_id = any($1::text[])', [[...live]]).catch(() => {});
      await pool.end().catch(() => {});
    },
  };
}
