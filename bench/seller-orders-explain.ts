// `tsx bench/seller-orders-explain.ts <DATABASE_URL> [seller name]`: EXPLAIN (ANALYZE, BUFFERS) of the
// seller's order list (/vendeur/orders) exactly as listSellerOrders sends it, for the status groups
// of docs/performance.md ("Seller orders: a stored status"), first page and the page after it. Read-only.
// Each query runs twice: the first figure is the one after whatever the cache held, the second warm.
import { sql, type SQL } from 'drizzle-orm';
import { connect, type DbOrTx } from '../src/db/client.js';
import { listSellerOrders, type SellerFilter } from '../src/modules/orders/queries.js';

const url = process.argv[2] ?? process.env.DATABASE_URL;
if (!url) throw new Error('usage: tsx bench/seller-orders-explain.ts <DATABASE_URL> [seller name]');
const sellerName = process.argv[3] ?? 'Maison Lemaire';
const verbose = process.env.VERBOSE === '1';

const database = connect(url, { max: 1 });
const db = database.db;
const { rows: found } = await db.execute<{ id: string }>(sql`select id from sellers where name = ${sellerName}`);
const sellerId = found[0]?.id;
if (!sellerId) throw new Error(`no seller named ${sellerName}`);

/** A stand-in for the database that EXPLAINs the statement instead of running it, keeping the plan. */
function explaining(plans: string[][]): DbOrTx {
  return {
    execute: async (q: SQL) => {
      const { rows } = await db.execute<{ 'QUERY PLAN': string }>(sql`explain (analyze, buffers) ${q}`);
      plans.push(rows.map((r) => r['QUERY PLAN']));
      return { rows: [] };
    },
  } as unknown as DbOrTx;
}

/** The cursor of the 50th order of the first page (for "the page after"), read with the real query. */
async function secondPageCursor(filter: SellerFilter) {
  const first = await listSellerOrders(db, sellerId!, filter, null);
  return first.next;
}

const summary = (plan: string[]) => {
  const time = plan.find((l) => l.startsWith('Execution Time'))?.replace('Execution Time: ', '') ?? '?';
  const top = plan.find((l) => /Buffers:/.test(l))?.trim().replace('Buffers: ', '') ?? '';
  return `${time.padStart(12)}  buffers ${top}`;
};

for (const filter of ['to_handle', 'shipped', 'delivered', 'cancelled', 'all'] as SellerFilter[]) {
  const next = await secondPageCursor(filter);
  for (const [label, cursor] of [['page 1', null], ['page 2', next]] as const) {
    if (label === 'page 2' && !cursor) continue;
    const plans: string[][] = [];
    await listSellerOrders(explaining(plans), sellerId, filter, cursor);
    await listSellerOrders(explaining(plans), sellerId, filter, cursor);
    console.log(`${filter.padEnd(10)} ${label}  first ${summary(plans[0]!)}\n${''.padEnd(17)} again ${summary(plans[1]!)}`);
    if (verbose) console.log(plans[1]!.join('\n'));
  }
}
await database.close();
