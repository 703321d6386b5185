// Measurement, not a check: customer service lists and searches with a million customers and a
// million orders (docs/architecture.md quotes the results). Skipped unless asked for, it takes minutes:
//   MEASURE_OPERATOR=1 E2E=0 npm test -- tests/operator-measure      (MEASURE_N=… for another size)
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { testEnv } from './helpers/app.js';
import { classifyQuery, listOrders, searchCustomers, parseCursor } from '../src/modules/operators/search.js';
import { loadCustomerFile } from '../src/modules/operators/customer-file.js';
import { loadOrderFile } from '../src/modules/operators/order-file.js';

const env = await testEnv();
const db = env.deps.db;
const N = Number(process.env.MEASURE_N ?? 1_000_000);

async function time<T>(label: string, f: () => Promise<T>, runs = 5): Promise<T> {
  let r!: T;
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    r = await f();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  console.log(`${label.padEnd(58)} median ${ms[Math.floor(runs / 2)]!.toFixed(1)} ms  (min ${ms[0]!.toFixed(1)}, max ${ms[runs - 1]!.toFixed(1)})`);
  return r;
}

test('customer service with a million customers and orders', { skip: !process.env.MEASURE_OPERATOR, timeout: 3_600_000 }, async () => {
  const pool = env.deps.database.pool;
  let t = performance.now();
  await pool.query(`
    insert into customers (email, password_hash, first_name, last_name, phone, locale, created_at)
    select 'user' || g || '@mail' || (g % 97) || '.test', 'x',
      (array['Anne','Marc','Éloïse','Pieter','Sofie','Jan','Lucas','Emma','Noah','Louise'])[1 + g % 10] || g % 1000,
      (array['Janssens','Peeters','Maes','Jacobs','Mertens','Willems','Claes','Goossens','Wouters','De Smet'])[1 + (g / 10) % 10] || (g % 7919),
      '+32 4' || lpad((g % 100000000)::text, 8, '0'), 'fr', now() - (g || ' minutes')::interval
    from generate_series(1, ${N}) g`);
  console.log(`customers inserted in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  t = performance.now();
  await pool.query(`
    insert into orders (number, customer_id, email, locale, billing_address, delivery_address, items_cents, shipping_cents, total_cents, checkout_key, created_at, paid_at)
    select 'C-2026-' || lpad(g::text, 7, '0'), c.id, c.email, 'fr', '{}'::jsonb, '{}'::jsonb, 1000, 495, 1495, 'k' || g, now() - (g || ' seconds')::interval, now() - (g || ' seconds')::interval
    from generate_series(1, ${N}) g
    join lateral (select id, email from customers where email = 'user' || (1 + (g * 7) % ${N}) || '@mail' || ((1 + (g * 7) % ${N}) % 97) || '.test') c on true`);
  console.log(`orders inserted in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  await pool.query('vacuum analyze customers');
  await pool.query('vacuum analyze orders');

  const q = (s: string) => classifyQuery(s);
  const { decodeCustomerCursor } = await import('../src/modules/operators/search.js');
  const both = async (word: string, cond: string) => {
    const base = `select id from customers where ${cond} order by lower(last_name), lower(first_name), id limit 51`;
    await time(`  "${word}" sorted matches (bitmap + sort)`, () => pool.query(base), 3);
    await time(`  "${word}" name index walked in order`, async () => {
      const c = await pool.connect();
      try {
        await c.query('begin');
        await c.query('set local enable_bitmapscan = off');
        await c.query('set local enable_sort = off');
        await c.query(base);
        await c.query('commit');
      } finally {
        c.release();
      }
    }, 3);
    await time(`  "${word}" probe (count up to 1001)`, () => pool.query(`select count(*) from (select 1 from customers where ${cond} limit 1001) m`), 3);
    const n = (await pool.query(`select count(*)::int as n from customers where ${cond}`)).rows[0].n;
    console.log(`  "${word}": ${n} matches`);
  };
  const fn = (w: string) => `comptoir_unaccent(lower(first_name || ' ' || last_name)) like comptoir_unaccent('%${w}%')`;
  await both('janssens (surname, clustered)', `(${fn('janssens')} or email like '%janssens%')`);
  await both('anne (first name, spread)', `(${fn('anne')} or email like '%anne%')`);
  await both('mail5. (email domain, spread)', `email like '%mail5.%'`);
  await both('peeters12 (surname, rarer)', `(${fn('peeters12')} or email like '%peeters12%')`);
  for (const w of ['janssens', 'anne', 'mail5.', 'peeters12']) await time(`customers: searchCustomers("${w}")`, () => searchCustomers(db, q(w), null), 3);
  const orders = await time('orders: newest first, first page', () => listOrders(db, {}));
  let cursor = orders.older;
  for (let i = 0; i < 20 && cursor; i++) cursor = (await listOrders(db, { before: parseCursor(cursor) })).older;
  await time('orders: 21st page (keyset)', () => listOrders(db, { before: parseCursor(cursor) }));
  const deep = await db.execute<{ at: string; id: string }>(sql`select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at, id from orders order by created_at desc, id desc offset 900000 limit 1`);
  await time('orders: page after the 900,000th (keyset)', () => listOrders(db, { before: { at: deep.rows[0]!.at, id: deep.rows[0]!.id } }));
  const [c] = (await pool.query(`select customer_id from orders where number = 'C-2026-0500000'`)).rows as { customer_id: string }[];
  await time('customer file (account, addresses, orders, …)', () => loadCustomerFile(db, c!.customer_id));
  await time('orders of one customer', () => listOrders(db, { customerId: c!.customer_id }));
  await time('order number lookup C-2026-0500000', () => loadOrderFile(db, 'C-2026-0500000'));
  for (const [label, s] of [
    ['name', `explain (analyze, buffers) select id from customers where comptoir_unaccent(lower(first_name || ' ' || last_name)) like comptoir_unaccent('%eloise%') and comptoir_unaccent(lower(first_name || ' ' || last_name)) like comptoir_unaccent('%janssens42%') order by lower(last_name), lower(first_name), id limit 51`],
    ['phone', `explain (analyze) select id from customers where regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g') like '%400123456' order by lower(last_name), lower(first_name), id limit 51`],
  ] as const) {
    const plan = (await pool.query(s)).rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
    console.log(`--- plan (${label})\n${plan}`);
  }
});
