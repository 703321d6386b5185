import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { bookLineRefund, bookOrderPaid, bookPayout } from '../src/modules/ledger/book.js';
import { sellerBalances, sellerTotalsForMonth } from '../src/modules/ledger/balances.js';
import { csvCell, payoutCsv, runPayouts } from '../src/modules/ledger/payouts.js';
import { incidents } from '../src/modules/incidents/schema.js';
import { Agent } from './helpers/agent.js';
import { makeOperator } from './helpers/factories.js';
import { commissionRates, ledgerEntries, ledgerTransactions } from '../src/modules/ledger/schema.js';
import { orderLines, orders, sellerOrders } from '../src/modules/orders/schema.js';
import { testEnv } from './helpers/app.js';
import { makeCustomer, makeProduct, makeSeller } from './helpers/factories.js';

const env = await testEnv();
const db = env.deps.db;
const now = () => env.clock.now();

const address = { firstName: 'A', lastName: 'B', company: null, vatNumber: null, street: 'Rue', houseNumber: '1', box: null, postalCode: '1000', city: 'Bruxelles', country: 'BE', phone: null };
let seq = 0;

/** An order of one line per given seller, paid (rows written directly: the ledger only reads them). */
async function paidOrder(items: { sellerId: string; productId: string; offerId: string; unit: number; qty: number; shipping: number }[]) {
  const customer = await makeCustomer(db, { withAddress: false });
  const itemsCents = items.reduce((s, i) => s + i.unit * i.qty, 0);
  const shippingCents = items.reduce((s, i) => s + i.shipping, 0);
  const n = ++seq;
  const [o] = await db
    .insert(orders)
    .values({ number: `T-${n}-${Date.now()}`, customerId: customer.id, email: customer.email, locale: 'fr', billingAddress: address, deliveryAddress: address, itemsCents, shippingCents, totalCents: itemsCents + shippingCents, checkoutKey: `k-${n}-${Math.random()}` })
    .returning();
  const lines = [];
  for (const [i, it] of items.entries()) {
    const [so] = await db
      .insert(sellerOrders)
      .values({ orderId: o!.id, sellerId: it.sellerId, number: `${o!.number}-${i + 1}`, itemsCents: it.unit * it.qty, shippingCents: it.shipping })
      .returning();
    const [l] = await db
      .insert(orderLines)
      .values({ orderId: o!.id, sellerOrderId: so!.id, sellerId: it.sellerId, offerId: it.offerId, productId: it.productId, title: { fr: 't', nl: 't', en: 't' }, brand: 'b', variantLabel: { fr: 'v', nl: 'v', en: 'v' }, sku: 's', quantity: it.qty, unitPriceCents: it.unit, vatRateBps: 2100, totalCents: it.unit * it.qty, state: 'paid' })
      .returning();
    lines.push(l!);
  }
  return { order: o!, lines };
}

/** drizzle wraps the database's error: match on its cause. */
const cause = (re: RegExp) => (e: unknown) => re.test(String((e as { cause?: Error }).cause?.message ?? (e as Error).message));

async function balance(account: string): Promise<number> {
  const [r] = await db.select({ s: sql<number>`coalesce(sum(${ledgerEntries.amountCents}), 0)::int` }).from(ledgerEntries).where(eq(ledgerEntries.account, account));
  return r!.s;
}

describe('ledger', async () => {
  const a = await makeSeller(db, { commissionBps: 1500 });
  const b = await makeSeller(db, { commissionBps: 1000 });
  const pa = await makeProduct(db, { sellerId: a.id, priceCents: 1999 });
  const pb = await makeProduct(db, { sellerId: b.id, priceCents: 4550 });
  // Seller b has a special rate for pb's category.
  await db.insert(commissionRates).values({ sellerId: b.id, categoryId: pb.product.categoryId, rateBps: 800 });

  test('a paid order books balanced entries: seller shares, commissions per line (category rate first), shipping to the seller', async () => {
    const { order } = await paidOrder([
      { sellerId: a.id, productId: pa.product.id, offerId: pa.variants[0]!.offer.id, unit: 1999, qty: 2, shipping: 495 },
      { sellerId: b.id, productId: pb.product.id, offerId: pb.variants[0]!.offer.id, unit: 4550, qty: 1, shipping: 0 },
    ]);
    await db.transaction((tx) => bookOrderPaid(tx, order.id, now()));
    await db.transaction((tx) => bookOrderPaid(tx, order.id, now())); // a retried hook books nothing more
    assert.equal(await balance('psp'), 3998 + 4550 + 495);
    assert.equal(await balance('commission'), -(600 + 364)); // 15 % of 39.98 = 5.997 → 6.00; 8 % of 45.50 = 3.64
    assert.equal(await balance(`seller:${a.id}`), -(3998 - 600 + 495));
    assert.equal(await balance(`seller:${b.id}`), -(4550 - 364));
    const [total] = await db.select({ s: sql<number>`sum(${ledgerEntries.amountCents})::int` }).from(ledgerEntries);
    assert.equal(total!.s, 0);
  });

  test('refunds take back the commission in proportion and never exceed the line, even when two run at once', async () => {
    const { lines } = await paidOrder([{ sellerId: a.id, productId: pa.product.id, offerId: pa.variants[0]!.offer.id, unit: 1000, qty: 1, shipping: 0 }]);
    const line = lines[0]!;
    await db.transaction((tx) => bookOrderPaid(tx, line.orderId, now()));
    const before = await balance('commission');
    const results = await Promise.all([
      db.transaction((tx) => bookLineRefund(tx, { orderLineId: line.id, amountCents: 700, refundId: crypto.randomUUID(), at: now() })),
      db.transaction((tx) => bookLineRefund(tx, { orderLineId: line.id, amountCents: 700, refundId: crypto.randomUUID(), at: now() })),
    ]);
    assert.deepEqual(results.sort(), [false, true]);
    const third = await db.transaction((tx) => bookLineRefund(tx, { orderLineId: line.id, amountCents: 300, refundId: crypto.randomUUID(), at: now() }));
    assert.equal(third, true);
    const lineSum = await db.select({ account: ledgerEntries.account, s: sql<number>`sum(${ledgerEntries.amountCents})::int` }).from(ledgerEntries).where(eq(ledgerEntries.orderLineId, line.id)).groupBy(ledgerEntries.account);
    for (const r of lineSum) assert.equal(r.s, 0, `${r.account} nets to zero on a fully refunded line`);
    assert.equal(await balance('commission'), before + 150);
    const again = await db.transaction((tx) => bookLineRefund(tx, { orderLineId: line.id, amountCents: 1, refundId: crypto.randomUUID(), at: now() }));
    assert.equal(again, false);
  });

  test('a payout empties the seller’s balance', async () => {
    const owed = -(await balance(`seller:${a.id}`));
    await db.transaction((tx) => bookPayout(tx, { sellerId: a.id, amountCents: owed, payoutId: crypto.randomUUID(), at: now() }));
    assert.equal(await balance(`seller:${a.id}`), 0);
  });

  test('the database refuses an unbalanced transaction, and any update or delete of the ledger', async () => {
    await assert.rejects(
      db.transaction(async (tx) => {
        const [t] = await tx.insert(ledgerTransactions).values({ kind: 'correction', eventKey: `bad-${Math.random()}` }).returning();
        await tx.insert(ledgerEntries).values({ transactionId: t!.id, account: 'psp', amountCents: 100 });
      }),
      cause(/does not balance/),
    );
    await assert.rejects(db.update(ledgerEntries).set({ amountCents: 1 }), cause(/append-only/));
    await assert.rejects(db.delete(ledgerTransactions), cause(/append-only/));
  });
});

describe('balances and payouts', async () => {
  const s = await makeSeller(db, { commissionBps: 1000, shippingFeeCents: 500 });
  const p = await makeProduct(db, { sellerId: s.id, priceCents: 10000 });
  const item = { sellerId: s.id, productId: p.product.id, offerId: p.variants[0]!.offer.id, unit: 10000, qty: 1, shipping: 500 };

  test('a paid line is pending; delivered + 14 days it becomes available; an open incident holds it again', async () => {
    const { order, lines } = await paidOrder([item]);
    await db.transaction((tx) => bookOrderPaid(tx, order.id, now()));
    let [b] = await sellerBalances(db, now(), [s.id]);
    assert.deepEqual([b!.owedCents, b!.pendingCents, b!.availableCents], [9000 + 500, 9500, 0]);

    await db.update(orderLines).set({ state: 'delivered', deliveredAt: now() }).where(eq(orderLines.id, lines[0]!.id));
    [b] = await sellerBalances(db, now(), [s.id]);
    assert.equal(b!.availableCents, 0, 'still within the withdrawal period');
    [b] = await sellerBalances(db, new Date(now().getTime() + 15 * 86_400_000), [s.id]);
    assert.equal(b!.availableCents, 9500);

    const [inc] = await db
      .insert(incidents)
      .values({ number: `I-${Date.now()}`, orderId: order.id, orderLineId: lines[0]!.id, customerId: order.customerId, sellerId: s.id, reason: 'damaged' })
      .returning();
    [b] = await sellerBalances(db, new Date(now().getTime() + 15 * 86_400_000), [s.id]);
    assert.equal(b!.availableCents, 0, 'held while the incident is open');
    await db.update(incidents).set({ state: 'closed' }).where(eq(incidents.id, inc!.id));
  });

  test('a payout run pays only what is available, once, even when two runs start together', async () => {
    env.clock.advance({ days: 15 });
    const [r1, r2] = await Promise.all([runPayouts(env.deps, { sellerIds: [s.id] }), runPayouts(env.deps, { sellerIds: [s.id] })]);
    const paid = [...r1.paid, ...r2.paid];
    assert.equal(paid.length, 1);
    assert.equal(paid[0]!.amountCents, 9500);
    const [b] = await sellerBalances(db, now(), [s.id]);
    assert.deepEqual([b!.owedCents, b!.availableCents, b!.paidOutCents], [0, 0, 9500]);
    const csv = await payoutCsv(db, (r1.paid.length ? r1 : r2).runId);
    assert.match(csv, /"95.00"/);
  });

  test('CSV cells cannot become spreadsheet formulas', () => {
    assert.equal(csvCell('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
    assert.equal(csvCell('+32 2'), `"'+32 2"`);
    assert.equal(csvCell('-1'), `"'-1"`);
    assert.equal(csvCell('@SUM(A1)'), `"'@SUM(A1)"`);
    assert.equal(csvCell('Maison Lemaire SRL'), '"Maison Lemaire SRL"');
  });

  test('"Mes paiements" shows the seller its own balance; payouts are the admin’s', async () => {
    const agent = new Agent(env.app);
    await agent.login('/vendeur/login', s.user.email, s.user.password);
    const page = await agent.get('/vendeur/payments');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Mes paiements/);
    assert.match(page.body, /95,00/);

    const cs = await makeOperator(db, 'customer_service');
    const op = new Agent(env.app);
    await op.login('/admin/login', cs.email, cs.password);
    const ledger = await op.get('/admin/ledger');
    assert.equal(ledger.statusCode, 200);
    assert.match(ledger.body, /Le grand livre est équilibré/);
    assert.doesNotMatch(ledger.body, /Lancer les versements/);
    assert.equal((await op.post('/admin/ledger/payouts')).statusCode, 404);

    const admin = await makeOperator(db, 'admin');
    const ad = new Agent(env.app);
    await ad.login('/admin/login', admin.email, admin.password);
    await ad.get('/admin/ledger');
    const run = await ad.post('/admin/ledger/payouts');
    assert.equal(run.statusCode, 303);
  });
});

describe('totals per seller and per month', async () => {
  const s = await makeSeller(db, { commissionBps: 2000 });
  const p = await makeProduct(db, { sellerId: s.id, priceCents: 5000 });
  test('sales, commission net of refunds, shipping and payouts of the month', async () => {
    const { order, lines } = await paidOrder([{ sellerId: s.id, productId: p.product.id, offerId: p.variants[0]!.offer.id, unit: 5000, qty: 2, shipping: 400 }]);
    await db.transaction((tx) => bookOrderPaid(tx, order.id, now()));
    await db.transaction((tx) => bookLineRefund(tx, { orderLineId: lines[0]!.id, amountCents: 2500, refundId: crypto.randomUUID(), at: now() }));
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels', year: 'numeric', month: '2-digit' }).format(now()).slice(0, 7);
    const mine = (await sellerTotalsForMonth(db, month)).find((t) => t.sellerId === s.id);
    assert.deepEqual(mine, { sellerId: s.id, salesCents: 10000, commissionCents: 2000 - 500, refundsCents: 2500, shippingCents: 400, payoutsCents: 0 });
    assert.deepEqual((await sellerTotalsForMonth(db, '2001-01')).length, 0);
  });
});
