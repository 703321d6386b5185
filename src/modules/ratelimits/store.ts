import type { Pool } from 'pg';

/**
 * A store for @fastify/rate-limit that keeps its counters in PostgreSQL (decision 0026): one upsert per
 * limited request, atomic under concurrency (two instances counting the same IP add up), the window
 * restarting when it has passed. The plugin gives a store class `incr(key, cb, timeWindowMs, max)` and
 * `child(routeOptions)` (one key space per route).
 */
// The plugin's types declare incr(key, cb); at run time it also passes the route's window (and max).
type Incr = (key: string, cb: (err: Error | null, res?: { current: number; ttl: number }) => void, timeWindow?: number) => void;

const UPSERT = `
  insert into rate_limit_hits (key, count, window_ends_at)
  values ($1, 1, clock_timestamp() + $2 * interval '1 millisecond')
  on conflict (key) do update set
    count = case when rate_limit_hits.window_ends_at <= clock_timestamp() then 1 else rate_limit_hits.count + 1 end,
    window_ends_at = case when rate_limit_hits.window_ends_at <= clock_timestamp()
                          then clock_timestamp() + $2 * interval '1 millisecond'
                          else rate_limit_hits.window_ends_at end
  returning count, greatest(0, ceil(extract(epoch from window_ends_at - clock_timestamp()) * 1000))::float8 as ttl`;

export function postgresRateLimitStore(pool: Pool) {
  return class PostgresRateLimitStore {
    constructor(
      _params?: unknown,
      private readonly prefix = '',
    ) {}

    incr: Incr = (key, cb, timeWindow) => {
      pool.query<{ count: number; ttl: number }>(UPSERT, [this.prefix + key, timeWindow ?? 60_000]).then(
        (r) => cb(null, { current: r.rows[0]!.count, ttl: r.rows[0]!.ttl }),
        (err: Error) => cb(err),
      );
    };

    // Typed as the route's options; at run time the plugin passes its merged params with `routeInfo`.
    child(routeOptions: object) {
      const info = (routeOptions as { routeInfo?: { method?: string | string[]; url?: string } }).routeInfo ?? {};
      return new PostgresRateLimitStore(undefined, `${this.prefix}${String(info.method ?? '')} ${info.url ?? ''}|`);
    }
  };
}

/** Drops the counters whose window has passed (hourly, with the sessions' purge). */
export async function purgeRateLimits(pool: Pool): Promise<number> {
  const r = await pool.query('delete from rate_limit_hits where window_ends_at < clock_timestamp()');
  return r.rowCount ?? 0;
}
