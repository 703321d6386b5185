import type pg from 'pg';
import type { DbOrTx } from '../../src/db/client.js';
import { classifyQuery, searchCustomers, type CustomerCursor } from '../../src/modules/operators/search.js';

type PlanNode = {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
};

/** The statements (text and values) sent through `pool.query` while `fn` runs. */
export async function captureQueries<T>(pool: pg.Pool, fn: () => Promise<T>): Promise<{ value: T; sent: { text: string; values: unknown[] }[] }> {
  const p = pool as unknown as { query: (...a: unknown[]) => unknown };
  const original = p.query;
  const sent: { text: string; values: unknown[] }[] = [];
  p.query = function (this: unknown, ...args: unknown[]) {
    const q = args[0] as string | { text: string; values?: unknown[] };
    const values = (typeof q === 'string' ? undefined : q.values) ?? (args[1] as unknown[] | undefined) ?? [];
    sent.push({ text: typeof q === 'string' ? q : q.text, values });
    return original.apply(this, args);
  };
  try {
    return { value: await fn(), sent };
  } finally {
    p.query = original;
  }
}

/**
 * One page of the operator's customer search, then EXPLAIN (ANALYZE, BUFFERS) of each statement it
 * sent: the customers' rows read (returned + filtered out, times loops), the indexes that ran, the
 * buffers touched and the server's execution time.
 */
export async function searchPlan(pool: pg.Pool, db: DbOrTx, q: string, after: CustomerCursor | null, opts: { indexesOnly?: boolean } = {}) {
  const { sent, value } = await captureQueries(pool, () => searchCustomers(db, classifyQuery(q), after));
  let read = 0;
  let buffers = 0;
  let ms = 0;
  const used = new Set<string>();
  const client = await pool.connect();
  try {
    // indexesOnly: the plan the indexes give (a small or oddly filled table may make reading it all
    // look cheaper to PostgreSQL).
    if (opts.indexesOnly) await client.query('begin; set local enable_seqscan = off');
    for (const s of sent) await explainOne(client, s);
    if (opts.indexesOnly) await client.query('commit');
  } finally {
    client.release();
  }
  return { read, used, buffers, ms, statements: sent.length, page: value };

  async function explainOne(client: pg.PoolClient, s: { text: string; values: unknown[] }) {
    const res = await client.query(`explain (analyze, buffers, format json) ${s.text}`, s.values);
    const top = (res.rows[0] as { 'QUERY PLAN': [{ Plan: PlanNode; 'Execution Time': number }] })['QUERY PLAN'][0];
    buffers += (top.Plan['Shared Hit Blocks'] ?? 0) + (top.Plan['Shared Read Blocks'] ?? 0);
    ms += top['Execution Time'];
    const walk = (n: PlanNode) => {
      const loops = n['Actual Loops'] ?? 0;
      if (n['Relation Name'] === 'customers' && loops > 0) read += ((n['Actual Rows'] ?? 0) + (n['Rows Removed by Filter'] ?? 0) + (n['Rows Removed by Index Recheck'] ?? 0)) * loops;
      if (n['Index Name'] && loops > 0) used.add(n['Index Name']);
      for (const c of n.Plans ?? []) walk(c);
    };
    walk(top.Plan);
  }
}
