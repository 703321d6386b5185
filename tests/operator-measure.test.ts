// Measurement, not a check: customer service lists and searches with a million customers and a
// million orders (docs/architecture.md quotes the results). Skipped unless asked for, it takes minutes:
//   MEASURE_OPERATOR=1 E2E=0 npm test -- tests/operator-measure      (MEASURE_N=… for another size)
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { testEnv } from './helpers/app.js';
import { searchPlan } from './helpers/operator-search-plan.js';
import { classifyQuery, decodeCustomerCursor, listOrders, searchCustomers, parseCursor } from '../src/modules/operators/search.js';
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

  // Customer search in tiers (docs/decisions/0029-operator-search-tiers.md): per page, the customers'
  // rows read and the buffers touched (EXPLAIN ANALYZE of the statements it sends) stay about the
  // page's 50 rows whatever the number of matches — page 1, a page deep in a tier, and where the
  // ordered tiers run out and the infix tier (capped at SCAN_CAP) starts.
  const q = (s: string) => classifyQuery(s);
  const show = (label: string, p: Awaited<ReturnType<typeof searchPlan>>) =>
    console.log(`  ${label.padEnd(56)} rows read ${String(p.read).padStart(5)}  buffers ${String(p.buffers).padStart(5)}  ${p.ms.toFixed(1)} ms server  ${p.statements} statement(s)  tiers ${[...new Set(p.page.rows.map((r) => r.tier))].join('+')}${p.page.cut ? '  (cut)' : ''}`);
  for (const w of ['janssens', 'anne', 'janssens42 anne', 'anne42 janssens', 'mail5.', 'peeters12', 'ssens4']) {
    const n = (await pool.query(`select count(*)::int as n from customers where comptoir_unaccent(lower(first_name || ' ' || last_name)) like all ($1::text[])`, [w.split(' ').map((x) => `%${x}%`)])).rows[0].n;
    console.log(`"${w}": ${n} customers have every word in their name`);
    await time(`customers: searchCustomers("${w}") page 1`, () => searchCustomers(db, q(w), null), 3);
    show(`"${w}" page 1`, await searchPlan(pool, db, w, null));
    let after = decodeCustomerCursor((await searchCustomers(db, q(w), null)).next);
    for (let i = 0; i < 20 && after; i++) after = decodeCustomerCursor((await searchCustomers(db, q(w), after)).next);
    if (after) show(`"${w}" page 22 (${after.tier})`, await searchPlan(pool, db, w, after));
  }
  // The last page of the "last name" tier of a rarer name, where the later tiers run.
  const rare = 'peeters12';
  let after = decodeCustomerCursor((await searchCustomers(db, q(rare), null)).next);
  let last = after;
  while (after && after.tier === 'last') {
    last = after;
    after = decodeCustomerCursor((await searchCustomers(db, q(rare), after)).next);
  }
  if (last) show(`"${rare}" last page of its last-name tier`, await searchPlan(pool, db, rare, last));
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
  const phone = await pool.query(`explain (analyze) select id from customers where regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g') like '%400123456' limit 500`);
  console.log(`--- plan (phone)\n${phone.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n')}`);
});
