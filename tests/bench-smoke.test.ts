import { test } from 'node:test';
import assert from 'node:assert/strict';
import { grow } from '../bench/generate.js';
import { loadStep, startBaseline, type StepResult } from '../bench/load.js';
import { growthMarkdown, type ScaleResult } from '../bench/report.js';
import { SCALES } from '../bench/scale-sql.js';
import { seedDemo } from '../src/seed/demo.js';
import { seedDemoOrders } from '../src/seed/demo-orders.js';
import { testEnv } from './helpers/app.js';

// The bench is not part of `npm test`; these keep its two parts from rotting: the autocannon step
// (its own process) and the set-based generator on the demo (the "tiny" scale).

test('bench: a 1-second autocannon step against the baseline server answers without errors', async () => {
  const b = await startBaseline(20_000);
  try {
    const r = await loadStep('smoke', b.url, { connections: 4, seconds: 1, warmupSeconds: 0 });
    assert.ok(r.requests > 10, `only ${r.requests} requests`);
    assert.equal(r.errors + r.non2xx, 0, `errors ${r.errors}, non-2xx ${r.non2xx}`);
    assert.ok(r.p99Ms >= r.p50Ms, `p99 ${r.p99Ms} < p50 ${r.p50Ms}`);
  } finally {
    await b.close();
  }
});

test('bench: the baseline serves the page it is given, and counts the CPU per request of both sides', async () => {
  const page = Buffer.from('<p>Épicerie fine — « Promotions » 12,50 €</p>'.repeat(100));
  const b = await startBaseline(page);
  try {
    const body = Buffer.from(await (await fetch(b.url)).arrayBuffer());
    assert.ok(body.equals(page), 'the very bytes');
    const r = await loadStep('smoke', b.url, { connections: 4, seconds: 1, warmupSeconds: 0, serverPid: process.pid });
    assert.ok(r.allRequests >= r.requests && r.requests > 10, `${r.allRequests} / ${r.requests} requests`);
    assert.ok(r.clientUsPerReq! > 0 && r.serverUsPerReq! > 0, `CPU per request: server ${r.serverUsPerReq} µs, client ${r.clientUsPerReq} µs`);
  } finally {
    await b.close();
  }
});

test('bench: growth tables match steps by name across result files with one or two baselines', () => {
  const step = (name: string, reqPerSec: number) => ({ name, reqPerSec }) as StepResult;
  const run = (scale: string, steps: StepResult[]) => ({ scale, steps }) as ScaleResult;
  const md = growthMarkdown([
    run('medium', [step('baseline node:http 37 KB', 20000), step('category (24 products)', 10000)]),
    run('large', [step("baseline node:http 39 KB of 'x'", 20000), step("baseline node:http, the category page's bytes", 15000), step('category (24 products)', 8000)]),
  ]);
  assert.match(md, /\| category \(24 products\) \| 10000 \| 8000 \| 1\.25 \|/);
  assert.match(md, /\| baseline node:http, 'x' \(category page size\) \| 20000 \| 20000 \| 1\.00 \|/);
});

test('bench: the generator grows the demo into orders that add up, a balanced ledger and heavy demo accounts', async () => {
  const env = await testEnv();
  await seedDemo(env.deps);
  await seedDemoOrders(env.deps); // what npm start seeds: the generator numbers its orders after these
  const q = async (sql: string) => (await env.database.pool.query(sql)).rows[0] as Record<string, number>;
  const counts = `select (select count(*) from orders)::int as orders, (select count(*) from incidents)::int as incidents, (select count(*) from messages)::int as messages,
    (select count(*) from orders o join customers c on c.id = o.customer_id where c.email = 'client@demo.comptoir.be')::int as demo`;
  type Counts = { orders: number; incidents: number; messages: number; demo: number };
  const before = (await q(counts)) as Counts;
  await grow(env.database.url, SCALES.tiny!);
  const n = (await q(counts)) as Counts;
  assert.equal(n.orders, before.orders + SCALES.tiny!.orders, 'orders of the tiny scale');
  assert.equal(n.demo, before.demo + SCALES.tiny!.demoOrders, 'orders of the demo customer');
  const numbers = await q(`select count(distinct number)::int as n, count(*)::int as all from orders`);
  assert.equal(numbers.n, numbers.all, 'order numbers are unique');
  assert.equal(n.incidents, before.incidents + SCALES.tiny!.incidents, 'incidents');
  assert.equal(n.messages, before.messages + SCALES.tiny!.messages, 'messages');
  const bad = await q(`select
    (select count(*) from orders o where o.items_cents <> (select sum(items_cents) from seller_orders s where s.order_id = o.id)
      or o.shipping_cents <> (select sum(shipping_cents) from seller_orders s where s.order_id = o.id))::int as orders,
    (select count(*) from seller_orders s where s.items_cents <> (select sum(total_cents) from order_lines l where l.seller_order_id = s.id))::int as parts,
    (select count(*) from order_lines l where not exists (select 1 from ledger_entries e where e.order_line_id = l.id and e.account = 'psp' and e.amount_cents = l.total_cents))::int as uncaptured,
    (select count(*) from orders o where not exists (select 1 from payments p where p.order_id = o.id and p.status = 'paid' and p.amount_cents = o.total_cents))::int as unpaid,
    (select count(*) from (select 1 from ledger_entries group by transaction_id having sum(amount_cents) <> 0) x)::int as unbalanced`);
  assert.deepEqual(bad, { orders: 0, parts: 0, uncaptured: 0, unpaid: 0, unbalanced: 0 }, 'totals, captures, payments and the ledger must agree');
  const trigger = await q(`select tgenabled::text as on from pg_trigger where tgname = 'ledger_entries_balance'`);
  assert.equal(String(trigger.on), 'O', 'the balance trigger is back on after the load');
  const statuses = await q(`select count(*)::int as wrong from seller_orders so where so.status <> coalesce((select comptoir_seller_order_status(array_agg(l.state), bool_or(l.state = 'refunded' or l.refunded_cents > 0)) from order_lines l where l.seller_order_id = so.id), 'awaiting_payment')`);
  assert.equal(statuses.wrong, 0, 'every seller order has the status of its lines');
  const statusTrigger = await q(`select tgenabled::text as on from pg_trigger where tgname = 'order_lines_status_insert'`);
  assert.equal(String(statusTrigger.on), 'O', 'the status trigger is back on after the load');
  const off = await q(`select count(*)::int as n, string_agg(tgname, ', ') as names from pg_trigger where not tgisinternal and tgenabled = 'D'`);
  assert.equal(off.n, 0, `every trigger is back on after the load (off: ${off.names})`);
  const cards = await q(`select (select count(*)::int from product_cards) as cards,
    (select count(distinct v.product_id)::int from variants v join offers o on o.variant_id = v.id join sellers s on s.id = o.seller_id where o.active and s.status = 'active') as sellable,
    (select count(*)::int from product_cards c where c.price_cents <> (select min(o.price_cents) from variants v join offers o on o.variant_id = v.id join sellers s on s.id = o.seller_id
       where v.product_id = c.product_id and o.active and s.status = 'active' and (o.stock > 0) = c.in_stock)) as wrong_price`);
  assert.deepEqual([cards.cards, cards.wrong_price], [cards.sellable, 0], 'one card per sellable product, each with its best price (computed once after the load)');
  const copies = await q(`select count(*)::int as wrong from seller_orders so join orders o on o.id = so.order_id where so.paid_at is distinct from o.paid_at`);
  assert.equal(copies.wrong, 0, 'every seller order has its order’s paid_at');
});
