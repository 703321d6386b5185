import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eq, inArray } from 'drizzle-orm';
import { offers } from '../src/modules/catalog/schema.js';
import { orderLines, orders } from '../src/modules/orders/schema.js';
import { payments } from '../src/modules/payments/schema.js';
import { sandboxPayments } from '../src/modules/payments/sandbox/schema.js';
import { testEnv } from './helpers/app.js';
import { payForm, shopper } from './helpers/checkout.js';
import { makeProduct, makeSeller } from './helpers/factories.js';
import { CARDS, paySandbox } from './helpers/payments.js';

const env = await testEnv();
const { deps } = env;
const db = deps.db;
const seller = await makeSeller(db, { name: 'Maison Dupont' });

const stockOf = async (offerId: string) => (await db.select({ s: offers.stock }).from(offers).where(eq(offers.id, offerId)))[0]!.s;

describe('"Payer" is idempotent: one checkout, one order, at most one charge', () => {
  test('50 concurrent identical submits (double clicks, reloads, retries) make one order and one payment', async () => {
    const product = await makeProduct(db, { sellerId: seller.id, priceCents: 3000, stock: 100 });
    const offerId = product.variants[0]!.offer.id;
    const { agent, customer } = await shopper(env, { items: [{ offerId, quantity: 2 }] });
    const form = await payForm(agent);
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 50 }, () => agent.post('/fr/checkout/place', { checkoutKey: form.checkoutKey, seen: form.seen })));
    const ms = Date.now() - started;
    assert.deepEqual([...new Set(answers.map((r) => r.statusCode))], [303]);
    const targets = new Set(answers.map((r) => String(r.headers.location)));
    assert.equal(targets.size, 1, `every submit goes to the same payment page: ${[...targets].join(', ')}`);
    const mine = await db.select().from(orders).where(eq(orders.customerId, customer.id));
    assert.equal(mine.length, 1);
    const pays = await db.select().from(payments).where(eq(payments.orderId, mine[0]!.id));
    assert.equal(pays.length, 1);
    const atProvider = await db.select().from(sandboxPayments).where(eq(sandboxPayments.ref, pays[0]!.providerRef!));
    assert.equal(atProvider.length, 1);
    assert.equal(await stockOf(offerId), 98, 'reserved once');
    // Paying it, then submitting again (a reload of the POST) leads to the confirmation, not a new charge.
    await paySandbox(agent, [...targets][0]!, CARDS.visa);
    await env.runJobs();
    await agent.get('/fr/account'); // back on the shop (the sandbox's page had its own form token)
    const again = await agent.post('/fr/checkout/place', { checkoutKey: form.checkoutKey, seen: form.seen });
    assert.equal(again.statusCode, 303, again.body.slice(0, 3000));
    assert.equal(again.headers.location, `/fr/checkout/confirmation/${mine[0]!.number}`);
    assert.equal((await db.select().from(payments).where(eq(payments.orderId, mine[0]!.id))).length, 1);
    console.log(`# 50 concurrent submits of one checkout answered in ${ms} ms`);
  });

  test('two tabs showing the same summary pay the same order', async () => {
    const product = await makeProduct(db, { sellerId: seller.id, priceCents: 1000, stock: 10 });
    const { agent, customer } = await shopper(env, { items: [{ offerId: product.variants[0]!.offer.id }] });
    const tab1 = await payForm(agent);
    const tab2 = await payForm(agent);
    assert.equal(tab1.checkoutKey, tab2.checkoutKey);
    const r1 = await agent.post('/fr/checkout/place', { checkoutKey: tab1.checkoutKey, seen: tab1.seen });
    const r2 = await agent.post('/fr/checkout/place', { checkoutKey: tab2.checkoutKey, seen: tab2.seen });
    assert.equal(r1.headers.location, r2.headers.location);
    assert.equal((await db.select().from(orders).where(eq(orders.customerId, customer.id))).length, 1);
    // The next summary carries a new key: a new attempt.
    const next = await payForm(agent);
    assert.notEqual(next.checkoutKey, tab1.checkoutKey);
  });

  test('a made-up or another customer’s checkout key places nothing', async () => {
    const product = await makeProduct(db, { sellerId: seller.id, priceCents: 1000, stock: 10 });
    const a = await shopper(env, { items: [{ offerId: product.variants[0]!.offer.id }] });
    const b = await shopper(env, { items: [{ offerId: product.variants[0]!.offer.id }] });
    const formA = await payForm(a.agent);
    const formB = await payForm(b.agent);
    const forged = await b.agent.post('/fr/checkout/place', { checkoutKey: 'made-up-key-000000000000', seen: formB.seen });
    assert.equal(forged.statusCode, 409);
    const stolen = await b.agent.post('/fr/checkout/place', { checkoutKey: formA.checkoutKey, seen: formB.seen });
    assert.equal(stolen.statusCode, 409);
    assert.equal((await db.select().from(orders).where(inArray(orders.customerId, [a.customer.id, b.customer.id]))).length, 0);
  });
});

describe('stock: with k units and more buyers at once, exactly k get them', () => {
  test('5 units, 25 customers paying at the same time: 5 orders, stock 0, never below', async () => {
    const K = 5;
    const N = 25;
    const product = await makeProduct(db, { sellerId: seller.id, title: 'Édition limitée', priceCents: 9900, stock: K });
    const offerId = product.variants[0]!.offer.id;
    const buyers = [];
    for (let i = 0; i < N; i++) buyers.push(await shopper(env, { items: [{ offerId }] }));
    const forms = await Promise.all(buyers.map((b) => payForm(b.agent)));
    const started = Date.now();
    const answers = await Promise.all(buyers.map((b, i) => b.agent.post('/fr/checkout/place', { checkoutKey: forms[i]!.checkoutKey, seen: forms[i]!.seen })));
    const ms = Date.now() - started;
    const toPayment = answers.filter((r) => String(r.headers.location).startsWith('/sandbox-pay/'));
    const toCart = answers.filter((r) => r.headers.location === '/fr/cart');
    assert.equal(toPayment.length, K);
    assert.equal(toCart.length, N - K);
    assert.equal(await stockOf(offerId), 0);
    const lines = await db.select().from(orderLines).where(eq(orderLines.offerId, offerId));
    assert.equal(lines.length, K);
    // The ones who got a unit pay; everyone else was told and their cart is intact.
    const winners = buyers.filter((_, i) => String(answers[i]!.headers.location).startsWith('/sandbox-pay/'));
    for (const [i, w] of winners.entries()) await paySandbox(w.agent, String(toPayment[i]!.headers.location), CARDS.visa);
    await env.runJobs();
    const paid = await db.select().from(orders).where(inArray(orders.id, lines.map((l) => l.orderId)));
    assert.equal(paid.filter((o) => o.paidAt).length, K);
    const loser = buyers.find((b) => !winners.includes(b))!;
    const cartPage = await loser.agent.get('/fr/cart');
    assert.match(cartPage.body, /n’est plus disponible dans la quantité demandée/);
    assert.ok((await stockOf(offerId)) >= 0);
    console.log(`# ${N} concurrent checkouts for ${K} units answered in ${ms} ms`);
  });

  test('two offers in opposite order in two carts never deadlock (fixed locking order)', async () => {
    const p1 = await makeProduct(db, { sellerId: seller.id, priceCents: 1000, stock: 40 });
    const p2 = await makeProduct(db, { sellerId: seller.id, priceCents: 1000, stock: 40 });
    const o1 = p1.variants[0]!.offer.id;
    const o2 = p2.variants[0]!.offer.id;
    const buyers = [];
    for (let i = 0; i < 20; i++) buyers.push(await shopper(env, { items: i % 2 ? [{ offerId: o1 }, { offerId: o2 }] : [{ offerId: o2 }, { offerId: o1 }] }));
    const forms = await Promise.all(buyers.map((b) => payForm(b.agent)));
    const answers = await Promise.all(buyers.map((b, i) => b.agent.post('/fr/checkout/place', { checkoutKey: forms[i]!.checkoutKey, seen: forms[i]!.seen })));
    assert.ok(answers.every((r) => String(r.headers.location).startsWith('/sandbox-pay/')));
    assert.equal(await stockOf(o1), 20);
    assert.equal(await stockOf(o2), 20);
  });
});
