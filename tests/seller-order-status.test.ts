import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eq, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../src/db/client.js';
import { cancelUnpaidOrder } from '../src/modules/checkout/settle.js';
import { sellerOrderStatus } from '../src/modules/orders/derived-status.js';
import { addLineRefund, applyToLines } from '../src/modules/orders/apply.js';
import { acceptLines, deliverLines, refuseLines, shipLines } from '../src/modules/orders/fulfilment.js';
import { listSellerOrders, oldestFirst, SELLER_FILTERS, storedSellerOrderStatus, type SellerFilter } from '../src/modules/orders/queries.js';
import { refundLine } from '../src/modules/orders/refunds.js';
import { orderLines, orders, sellerOrders } from '../src/modules/orders/schema.js';
import { SYSTEM } from '../src/modules/orders/timeline.js';
import { testEnv } from './helpers/app.js';
import { makeCustomer, makePaidOrder, makeProduct, makeSeller } from './helpers/factories.js';

// seller_orders.status is written by PostgreSQL's triggers on order_lines (migration 0024) and
// seller_orders.paid_at copied from the order (migration 0025, decision 0030). These tests hold the
// status to the TypeScript rule (derived-status.ts) after every step of the line lifecycle, under
// concurrent changes, the copy to its order, and check that the seller's list reads both in index order.

const env = await testEnv();
const { deps } = env;
const db = deps.db;

const linesOf = (soId: string) => db.select({ state: orderLines.state, refundedCents: orderLines.refundedCents }).from(orderLines).where(eq(orderLines.sellerOrderId, soId));

/** The stored status, checked against the rule applied to the lines as they are now. */
async function stored(soId: string): Promise<string> {
  const status = await storedSellerOrderStatus(db, soId);
  assert.equal(status, sellerOrderStatus(await linesOf(soId)), 'stored status = sellerOrderStatus(lines)');
  return status;
}

async function shop() {
  const customer = await makeCustomer(db);
  const s = await makeSeller(db);
  const p = await makeProduct(db, { sellerId: s.id, priceCents: 2000, sizes: ['S', 'M', 'L'] });
  const seller = { sellerId: s.id, userId: s.user.id };
  const order = (at?: Date) => makePaidOrder(db, { customer, lines: [{ offer: p.variants[0]!.offer }, { offer: p.variants[1]!.offer }], ...(at ? { at } : {}) });
  return { customer, s, p, seller, order };
}

describe('seller_orders.status follows its lines', () => {
  test('through the seller’s whole lifecycle: paid, accepted in part, shipped in two parcels, delivered, closed, refunded in part', async () => {
    const { seller, order } = await shop();
    const o = await order();
    const so = o.sellerOrders[0]!;
    const [l1, l2] = so.lines;
    assert.equal(await stored(so.id), 'paid', 'lines inserted awaiting payment, then paid');
    assert.ok((await acceptLines(deps, { seller, number: so.number, lineIds: [l1!.id] })).ok);
    assert.equal(await stored(so.id), 'paid', 'the least advanced live line decides');
    assert.ok((await acceptLines(deps, { seller, number: so.number })).ok);
    assert.equal(await stored(so.id), 'preparing');
    assert.ok((await shipLines(deps, { seller, number: so.number, lineIds: [l1!.id], carrier: 'bpost', trackingNumber: 'CD123456789BE' })).ok);
    assert.equal(await stored(so.id), 'preparing');
    assert.ok((await shipLines(deps, { seller, number: so.number, lineIds: [l2!.id], carrier: 'bpost', trackingNumber: 'CD123456790BE' })).ok);
    assert.equal(await stored(so.id), 'shipped');
    assert.ok((await deliverLines(deps, { seller, number: so.number })).ok);
    assert.equal(await stored(so.id), 'delivered');
    await db.transaction((tx) => applyToLines(tx, { lineIds: [l1!.id, l2!.id], verb: 'close', actor: SYSTEM, now: deps.clock.now() }));
    assert.equal(await stored(so.id), 'closed');
    const partial = await db.transaction((tx) => refundLine(deps, tx, { lineId: l1!.id, amountCents: 500, idempotencyKey: 'status-partial', reason: 'goodwill', actor: SYSTEM, now: deps.clock.now() }));
    assert.ok(partial.ok);
    assert.equal(await stored(so.id), 'closed', 'a partial refund leaves the line closed');
    const full = await db.transaction((tx) => refundLine(deps, tx, { lineId: l1!.id, idempotencyKey: 'status-rest', reason: 'return', actor: SYSTEM, now: deps.clock.now() }));
    assert.ok(full.ok);
    assert.equal(await stored(so.id), 'closed', 'one line refunded, the other still closed');
    const other = await db.transaction((tx) => refundLine(deps, tx, { lineId: l2!.id, idempotencyKey: 'status-other', reason: 'return', actor: SYSTEM, now: deps.clock.now() }));
    assert.ok(other.ok);
    assert.equal(await stored(so.id), 'refunded');
  });

  test('a refusal line by line: paid while one line is left, refunded when none is; an unpaid order that fails: cancelled', async () => {
    const { seller, order, customer, p } = await shop();
    const o = await order();
    const so = o.sellerOrders[0]!;
    assert.ok((await refuseLines(deps, { seller, number: so.number, lineIds: [so.lines[0]!.id], reason: 'out_of_stock' })).ok);
    assert.equal(await stored(so.id), 'paid');
    assert.ok((await refuseLines(deps, { seller, number: so.number, lineIds: [so.lines[1]!.id], reason: 'out_of_stock' })).ok);
    assert.equal(await stored(so.id), 'refunded');

    // An order whose payment failed: its lines go from awaiting_payment to cancelled, no money moved.
    const unpaid = await makePaidOrder(db, { customer, lines: [{ offer: p.variants[2]!.offer }] });
    const uso = unpaid.sellerOrders[0]!;
    await db.update(orderLines).set({ state: 'awaiting_payment' }).where(eq(orderLines.sellerOrderId, uso.id));
    assert.equal(await stored(uso.id), 'awaiting_payment');
    await db.transaction((tx) => cancelUnpaidOrder(deps, tx, unpaid.order.id, { verb: 'fail', reason: 'card_declined' }));
    assert.equal(await stored(uso.id), 'cancelled');
    // A refunded amount on a cancelled line (refunded_cents alone, no state change) makes it "refunded".
    await db.transaction((tx) => addLineRefund(tx, uso.lines[0]!.id, 100));
    assert.equal(await stored(uso.id), 'refunded');
  });

  test('lines deleted or moved to another seller order: both seller orders are recomputed; none left is awaiting_payment', async () => {
    const { order } = await shop();
    const a = (await order()).sellerOrders[0]!;
    const b = (await order()).sellerOrders[0]!;
    await db.update(orderLines).set({ state: 'shipped' }).where(eq(orderLines.id, a.lines[0]!.id));
    assert.equal(await stored(a.id), 'paid');
    await db.update(orderLines).set({ sellerOrderId: b.id }).where(eq(orderLines.id, a.lines[1]!.id));
    assert.equal(await stored(a.id), 'shipped', 'only the shipped line is left on a');
    assert.equal(await stored(b.id), 'paid');
    await db.delete(orderLines).where(eq(orderLines.sellerOrderId, a.id));
    assert.equal(await stored(a.id), 'awaiting_payment');
  });

  test('two transactions changing two lines of one seller order at once: the second waits for the first and sees its line', async () => {
    const { order } = await shop();
    const so = (await order()).sellerOrders[0]!;
    const [l1, l2] = so.lines;
    const c1 = await deps.database.pool.connect();
    const c2 = await deps.database.pool.connect();
    try {
      await c1.query('begin');
      await c2.query('begin');
      await c1.query(`update order_lines set state = 'preparing' where id = $1`, [l1!.id]);
      let done = false;
      const second = c2.query(`update order_lines set state = 'preparing' where id = $1`, [l2!.id]).then(() => (done = true));
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(done, false, 'the second waits on the seller order row locked by the first');
      await c1.query('commit');
      await second;
      await c2.query('commit');
    } finally {
      c1.release();
      c2.release();
    }
    assert.equal(await stored(so.id), 'preparing', 'neither computed the status without the other’s line');
  });
});

describe('seller_orders.paid_at is its order’s', () => {
  test('copied when the order is paid or unpaid; a seller order cannot be given another', async () => {
    const { order } = await shop();
    const o = await order();
    const so = o.sellerOrders[0]!;
    const paidAt = async () => (await db.select({ at: sellerOrders.paidAt }).from(sellerOrders).where(eq(sellerOrders.id, so.id)))[0]!.at;
    assert.equal((await paidAt())?.getTime(), o.order.paidAt!.getTime(), 'inserted unpaid, then the order was paid');
    await db.update(sellerOrders).set({ paidAt: null }).where(eq(sellerOrders.id, so.id));
    assert.equal((await paidAt())?.getTime(), o.order.paidAt!.getTime(), 'a write of its own is replaced by the order’s');
    await db.update(orders).set({ paidAt: null }).where(eq(orders.id, o.order.id));
    assert.equal(await paidAt(), null);
    const later = new Date(o.order.paidAt!.getTime() + 60_000);
    await db.update(orders).set({ paidAt: later }).where(eq(orders.id, o.order.id));
    assert.equal((await paidAt())?.getTime(), later.getTime());
  });
});

describe('the seller’s list reads the stored status in index order', () => {
  test('every filter, page after page, in the list’s order: the same seller orders as the rule over all of them (unpaid ones never)', async () => {
    const { s, order } = await shop();
    const t0 = deps.clock.now().getTime() - 40 * 86_400_000;
    const states = ['paid', 'preparing', 'shipped', 'delivered', 'closed', 'cancelled', 'refunded', 'paid', 'shipped', 'preparing', 'closed', 'delivered'] as const;
    for (const [i, state] of states.entries()) {
      const o = await order(new Date(t0 + i * 3_600_000));
      await db.update(orderLines).set({ state, refundedCents: state === 'refunded' ? 2000 : 0 }).where(eq(orderLines.orderId, o.order.id));
    }
    // Two at the same instant (the id breaks the tie) and one unpaid attempt that was cancelled.
    const same = new Date(t0 + 99 * 3_600_000);
    await order(same);
    await order(same);
    const unpaid = await order(new Date(t0 + 100 * 3_600_000));
    await db.update(orders).set({ paidAt: null }).where(eq(orders.id, unpaid.order.id));
    await db.update(orderLines).set({ state: 'cancelled' }).where(eq(orderLines.orderId, unpaid.order.id));

    const all = await db.execute<{ id: string; status: string; at: string }>(sql`
      select so.id, so.status, to_char(so.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as at
      from seller_orders so join orders o on o.id = so.order_id where so.seller_id = ${s.id} and o.paid_at is not null`);
    for (const filter of Object.keys(SELLER_FILTERS) as SellerFilter[]) {
      const wanted: readonly string[] = SELLER_FILTERS[filter];
      const sign = oldestFirst(filter) ? 1 : -1;
      const expected = all.rows
        .filter((r) => wanted.includes(r.status))
        .sort((a, b) => sign * (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : 1))
        .map((r) => r.id);
      const seen: string[] = [];
      let after = null;
      for (let pages = 0; pages < 20; pages++) {
        const page: Awaited<ReturnType<typeof listSellerOrders>> = await listSellerOrders(db, s.id, filter, after, 2);
        seen.push(...page.items.map((x) => x.id));
        for (const item of page.items) assert.ok(wanted.includes(item.status) && item.quantity === 2, `${filter}: ${item.status} ×${item.quantity}`);
        if (!page.next) break;
        after = page.next;
      }
      assert.deepEqual(seen, expected, filter);
      assert.ok(!seen.includes(unpaid.sellerOrders[0]!.id));
    }
  });

  test('a seller with thousands of closed orders and of abandoned payment attempts: each status group reads about a page of seller orders, not the history', async () => {
    const { s, order } = await shop();
    const template = await order(new Date(Date.UTC(2025, 0, 1)));
    // 3,000 closed seller orders of the same (paid) order, one line each, then 60 still to handle.
    await db.execute(sql`
      with so as (
        insert into seller_orders (order_id, seller_id, number, items_cents, shipping_cents, created_at)
        select ${template.order.id}, ${s.id}, 'BULK-' || g, 2000, 0, timestamptz '2025-01-02' + g * interval '1 hour'
        from generate_series(1, 3060) g returning id, number)
      insert into order_lines (order_id, seller_order_id, seller_id, title, brand, variant_label, sku, quantity, unit_price_cents, vat_rate_bps, total_cents, state)
      select ${template.order.id}, so.id, ${s.id}, l.title, l.brand, l.variant_label, l.sku, 1, 2000, l.vat_rate_bps, 2000,
             case when split_part(so.number, '-', 2)::int > 3000 then 'paid' else 'closed' end
      from so cross join (select * from order_lines where order_id = ${template.order.id} limit 1) l`);
    // And 3,000 newer ones of an order that was never paid, all cancelled (abandoned payment attempts).
    const attempt = await order(new Date(Date.UTC(2025, 0, 1)));
    await db.update(orders).set({ paidAt: null }).where(eq(orders.id, attempt.order.id));
    await db.execute(sql`
      with so as (
        insert into seller_orders (order_id, seller_id, number, items_cents, shipping_cents, created_at)
        select ${attempt.order.id}, ${s.id}, 'UNPAID-' || g, 2000, 0, timestamptz '2026-01-01' + g * interval '1 minute'
        from generate_series(1, 3000) g returning id)
      insert into order_lines (order_id, seller_order_id, seller_id, title, brand, variant_label, sku, quantity, unit_price_cents, vat_rate_bps, total_cents, state)
      select ${attempt.order.id}, so.id, ${s.id}, l.title, l.brand, l.variant_label, l.sku, 1, 2000, l.vat_rate_bps, 2000, 'cancelled'
      from so cross join (select * from order_lines where order_id = ${attempt.order.id} limit 1) l`);
    await db.execute(sql`analyze seller_orders; analyze order_lines; analyze orders`);
    for (const filter of ['to_handle', 'paid', 'delivered', 'cancelled', 'all'] as SellerFilter[]) {
      const plans: unknown[] = [];
      const explaining = { execute: async (q: SQL) => (plans.push((await db.execute(sql`explain (analyze, format json) ${q}`)).rows[0]), { rows: [] }) } as unknown as DbOrTx;
      await listSellerOrders(explaining, s.id, filter, null);
      const read = rowsReadFrom(plans[0], 'seller_orders');
      assert.ok(read <= 3 * 51, `${filter}: ${read} seller_orders rows read for a page of 50`);
    }
    const page = await listSellerOrders(db, s.id, 'to_handle', null);
    assert.equal(page.items.length, 50);
    assert.ok(page.next);
  });
});

/** Rows that the plan's nodes on `table` produced, over all their loops (EXPLAIN ANALYZE, JSON). */
function rowsReadFrom(explained: unknown, table: string): number {
  type Node = { 'Relation Name'?: string; 'Actual Rows'?: number; 'Actual Loops'?: number; Plans?: Node[] };
  const root = (explained as { 'QUERY PLAN': { Plan: Node }[] })['QUERY PLAN'][0]!.Plan;
  let n = 0;
  const walk = (node: Node) => {
    if (node['Relation Name'] === table) n += (node['Actual Rows'] ?? 0) * (node['Actual Loops'] ?? 1);
    for (const c of node.Plans ?? []) walk(c);
  };
  walk(root);
  return n;
}
