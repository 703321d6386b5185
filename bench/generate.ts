// `npm run bench:data -- --scale medium [--keep]`: the bench database of a scale (issue 11). It is
// migrated, seeded with the demo (that is "small") and grown with set-based SQL (bench/scale-sql.ts).
// A database whose marker names the same scale is reused; --keep leaves PostgreSQL running and prints
// the URL (to run `npm start` or a profiler against it) until Ctrl-C.
import pg from 'pg';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../src/config.js';
import { connect } from '../src/db/client.js';
import { migrateAll } from '../src/db/migrate.js';
import { systemClock } from '../src/deps.js';
import { createMailer } from '../src/modules/notifications/mailer.js';
import { seedDemo } from '../src/seed/demo.js';
import { seedDemoOrders } from '../src/seed/demo-orders.js';
import { openBenchDb, type BenchDb } from './db.js';
import { afterSalesSteps, catalogueSteps, customerSteps, ledgerSteps, orderSteps, SCALES, type Scale, type Step } from './scale-sql.js';

const MARKER = 'bench_scale_marker';

export type BenchData = { scale: string; url: string; generated: boolean; seconds: number; counts: Record<string, number> };

async function marker(url: string): Promise<{ scale: string; seconds: number } | null> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query(`select scale, seconds from ${MARKER} limit 1`).catch(() => null);
    return r?.rows[0] ?? null;
  } finally {
    await c.end();
  }
}

async function recreate(db: BenchDb, scale: string): Promise<string> {
  const c = new pg.Client({ connectionString: db.adminUrl });
  await c.connect();
  try {
    await c.query(`drop database if exists comptoir_bench_${scale} with (force)`);
  } finally {
    await c.end();
  }
  return db.urlFor(scale);
}

async function columnsOf(c: pg.Client, table: string): Promise<string[]> {
  const r = await c.query<{ column_name: string }>(`select column_name from information_schema.columns where table_schema = 'public' and table_name = $1 and is_generated = 'NEVER' order by ordinal_position`, [table]);
  return r.rows.map((x) => x.column_name);
}

async function run(c: pg.Client, steps: Step[]): Promise<void> {
  for (const step of steps) {
    const t0 = performance.now();
    const r = await c.query(step.sql);
    const rows = (Array.isArray(r) ? r : [r]).reduce((n, x) => n + (x.rowCount ?? 0), 0);
    // Temporary tables get no autovacuum: without statistics the next join plans nested loops over seq scans.
    const temps = [...new Set(step.sql.match(/\bbench_[a-z]+\b/g) ?? [])];
    if (temps.length) await c.query(`analyze ${temps.join(', ')}`);
    console.log(`  ${step.name.padEnd(24)} ${String(rows).padStart(9)} rows ${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s`);
  }
}

/** The tables the generator fills whose rows notify comptoir_customer (migration 0022). */
const NOTIFYING = ['customers', 'carts', 'cart_items', 'message_threads', 'orders', 'seller_orders', 'order_lines'];

/** The triggers that keep product_cards (migration 0026). */
const CARDS = [
  ['offers', 'offers_cards_insert'],
  ['offers', 'offers_cards_update'],
  ['offers', 'offers_cards_delete'],
  ['variants', 'variants_cards_update'],
  ['variants', 'variants_cards_delete'],
  ['sellers', 'sellers_cards_update'],
  ['products', 'products_cards_update'],
] as const;

/** Grows the freshly seeded database to `s` in one transaction (nothing half-made if a step fails). */
export async function grow(url: string, s: Scale): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`set work_mem = '256MB'; set maintenance_work_mem = '512MB'; set synchronous_commit = off`);
    await c.query('begin');
    // The balance trigger runs one SUM per entry at commit (minutes for millions of entries); the same
    // rule is checked below for every transaction at once, then the trigger is back on.
    await c.query('alter table ledger_entries disable trigger ledger_entries_balance');
    // The seller order status trigger (decision 0030) would lock and recompute every seller order of the
    // line insert; orderSteps writes the status with each seller order instead, and it is back on below.
    await c.query('alter table order_lines disable trigger order_lines_status_insert');
    // The customer notifications (decision 0031: ~35 µs a row, a lookup and a pg_notify for each of
    // millions of rows) tell app instances of changes; none is running on a database being generated.
    for (const t of NOTIFYING) await c.query(`alter table ${t} disable trigger ${t}_customer_notify`);
    // The product cards (decision 0033) would be refreshed at each catalogue insert, planned on tables
    // not yet analysed (minutes at large); they are computed once below, after ANALYZE.
    for (const [t, trigger] of CARDS) await c.query(`alter table ${t} disable trigger ${trigger}`);
    await run(c, catalogueSteps(s, await columnsOf(c, 'sellers'), await columnsOf(c, 'products')));
    await run(c, customerSteps(s));
    await run(c, orderSteps(s));
    await run(c, ledgerSteps());
    await run(c, afterSalesSteps(s));
    const unbalanced = await c.query('select transaction_id, sum(amount_cents) from ledger_entries group by 1 having sum(amount_cents) <> 0 limit 3');
    if (unbalanced.rowCount) throw new Error(`ledger transactions do not balance: ${JSON.stringify(unbalanced.rows)}`);
    await c.query('analyze products, variants, offers, sellers');
    await c.query('select comptoir_refresh_product_cards(array(select id from products))');
    for (const [t, trigger] of CARDS) await c.query(`alter table ${t} enable trigger ${trigger}`);
    await c.query('alter table ledger_entries enable trigger ledger_entries_balance');
    await c.query('alter table order_lines enable trigger order_lines_status_insert');
    for (const t of NOTIFYING) await c.query(`alter table ${t} enable trigger ${t}_customer_notify`);
    await c.query('commit');
  } catch (err) {
    await c.query('rollback').catch(() => {});
    throw err;
  } finally {
    await c.end();
  }
}

async function counts(url: string): Promise<Record<string, number>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const tables = ['sellers', 'products', 'offers', 'customers', 'orders', 'order_lines', 'ledger_entries', 'incidents', 'messages'];
    const r = await c.query(`select ${tables.map((t) => `(select count(*) from ${t})::int as ${t}`).join(', ')}`);
    return r.rows[0] as Record<string, number>;
  } finally {
    await c.end();
  }
}

/** The database of `scale`, generated unless a complete one with the same marker exists. */
export async function ensureScale(db: BenchDb, scaleName: string, opts: { force?: boolean } = {}): Promise<BenchData> {
  const s = SCALES[scaleName];
  if (!s) throw new Error(`unknown scale "${scaleName}" (small, medium, large)`);
  let url = await db.urlFor(s.name);
  const found = opts.force ? null : await marker(url);
  if (found?.scale === s.name) return { scale: s.name, url, generated: false, seconds: Number(found.seconds), counts: await counts(url) };

  const t0 = performance.now();
  console.log(`Generating the ${s.name} bench data set …`);
  url = await recreate(db, s.name);
  const database = connect(url, { max: 4 });
  try {
    await migrateAll(database);
    const config = loadConfig({ SEED: 'demo' } as NodeJS.ProcessEnv);
    const deps = { config, database, db: database.db, mailer: createMailer(undefined), clock: systemClock };
    // "small" is what `npm start` seeds: the demo and the demo customer's three orders.
    await seedDemo(deps);
    await seedDemoOrders(deps);
  } finally {
    await database.close();
  }
  if (s.orders > 0) await grow(url, s);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const t1 = performance.now();
    await c.query('vacuum analyze');
    console.log(`  ${'vacuum analyze'.padEnd(24)} ${''.padStart(14)} ${((performance.now() - t1) / 1000).toFixed(1).padStart(6)} s`);
    const seconds = Math.round((performance.now() - t0) / 100) / 10;
    await c.query(`create table ${MARKER} (scale text not null, seconds real not null, created_at timestamptz not null default now())`);
    await c.query(`insert into ${MARKER} (scale, seconds) values ($1, $2)`, [s.name, seconds]);
    console.log(`The ${s.name} data set took ${seconds} s.`);
    return { scale: s.name, url, generated: true, seconds, counts: await counts(url) };
  } finally {
    await c.end();
  }
}

function argOf(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const db = await openBenchDb();
  try {
    const data = await ensureScale(db, argOf('scale') ?? process.env.BENCH_SCALE ?? 'medium', { force: process.argv.includes('--force') });
    console.log(`${data.generated ? 'Generated' : 'Reused'} ${data.scale}: ${JSON.stringify(data.counts)}`);
    if (process.argv.includes('--keep')) {
      console.log(`\nDATABASE_URL=${data.url}\nPostgreSQL keeps running; Ctrl-C stops it.`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
    }
  } finally {
    await db.stop();
  }
}
