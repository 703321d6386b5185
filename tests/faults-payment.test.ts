import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import type { Locale } from '../src/i18n/index.js';
import { cartItems, carts } from '../src/modules/cart/schema.js';
import { offers } from '../src/modules/catalog/schema.js';
import { releaseAbandonedOrders } from '../src/modules/checkout/jobs.js';
import { checkoutText } from '../src/modules/checkout/messages.js';
import { orderLines, orders } from '../src/modules/orders/schema.js';
import { payments, refunds } from '../src/modules/payments/schema.js';
import { LATE_ANSWER_MS } from '../src/modules/payments/sandbox/cards.js';
import { testEnv } from './helpers/app.js';
import { payForm, placeOrderForTest, shopper } from './helpers/checkout.js';
import { makeProduct, makeSeller } from './helpers/factories.js';
import { CARDS, paySandbox } from './helpers/payments.js';

// Issue 12: the payment provider refuses, answers late, or cannot be reached. The customer is told
// in their language, nothing is marked paid, the units come back, the cart stays for another try.
const env = await testEnv();
const { deps } = env;
const db = deps.db;
const pool = deps.database.pool;
const seller = await makeSeller(db, { name: 'Maison Dupont' });

/** Its own offer per test: the release job of one test must not touch another's reservations. */
async function offer(stock = 20) {
  return (await makeProduct(db, { sellerId: seller.id, title: 'Plaid en laine', stock })).variants[0]!.offer.id;
}
const stockOf = async (id: string) => (await db.select({ s: offers.stock }).from(offers).where(eq(offers.id, id)))[0]!.s;
const cartOf = async (customerId: string) =>
  db.select({ offerId: cartItems.offerId, quantity: cartItems.quantity }).from(cartItems).innerJoin(carts, eq(carts.id, cartItems.cartId)).where(eq(carts.customerId, customerId));
const orderOf = async (id: string) => (await db.select().from(orders).where(eq(orders.id, id)))[0]!;
const linesOf = (id: string) => db.select().from(orderLines).where(eq(orderLines.orderId, id));
const paymentOf = async (orderId: string) => (await db.select().from(payments).where(eq(payments.orderId, orderId)))[0];
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the bank refuses: the customer is told, in their language', () => {
  for (const locale of ['fr', 'nl', 'en'] as Locale[]) {
    test(`${locale}: refused card → message, nothing paid, units back, cart kept, a new try pays`, async () => {
      const t = checkoutText(locale);
      const plaid = await offer();
      const { agent, customer } = await shopper(env, { items: [{ offerId: plaid, quantity: 2 }], customer: { locale } });
      const { redirectUrl, order } = await placeOrderForTest(env, agent, locale);
      assert.equal(await stockOf(plaid), 18, 'reserved while paying');
      const visit = await paySandbox(agent, redirectUrl, CARDS.refused);
      assert.ok(visit.returnUrl, 'the sandbox sends the customer back');
      const back = await agent.get(new URL(visit.returnUrl).pathname);
      assert.equal(back.statusCode, 200, 'the return page');
      assert.ok(back.body.includes(t('failed_title')), `the page says "${t('failed_title')}"`);
      assert.ok(back.body.includes(t('try_again')), `and offers "${t('try_again')}"`);
      await env.runJobs(); // the provider's notification of the refusal changes nothing more

      assert.equal((await orderOf(order.id)).paidAt, null, 'the order is not paid');
      assert.equal((await paymentOf(order.id))!.status, 'failed', 'the payment is failed');
      assert.ok((await linesOf(order.id)).every((l) => l.state === 'cancelled'), 'its lines are cancelled');
      assert.equal(await stockOf(plaid), 20, 'both units are back');
      assert.deepEqual(await cartOf(customer.id), [{ offerId: plaid, quantity: 2 }], 'the cart is kept as it was');

      const retry = await placeOrderForTest(env, agent, locale);
      assert.notEqual(retry.order.id, order.id, 'a new order');
      await paySandbox(agent, retry.redirectUrl, CARDS.visa);
      await env.runJobs();
      assert.ok((await orderOf(retry.order.id)).paidAt, 'the second try is paid');
      assert.equal(await stockOf(plaid), 18, 'its units are taken once');
    });
  }
});

describe('the provider cannot be reached when the customer clicks "Payer"', () => {
  test('a clean error page in the customer’s language; no order, no reservation, the cart kept; it works once the provider is back', async () => {
    const plaid = await offer();
    const { agent, customer } = await shopper(env, { items: [{ offerId: plaid }], customer: { locale: 'nl' } });
    const ordersBefore = (await db.select({ id: orders.id }).from(orders).where(eq(orders.customerId, customer.id))).length;
    const form = await payForm(agent, 'nl');
    // The sandbox keeps its payments in its own table, through its own pool: without it, creating the
    // payment fails exactly as an unreachable provider's API call would (an exception from createPayment).
    await pool.query('alter table sandbox_payments rename to sandbox_payments_away');
    let res;
    try {
      res = await agent.post('/nl/checkout/place', { checkoutKey: form.checkoutKey, seen: form.seen });
    } finally {
      await pool.query('alter table sandbox_payments_away rename to sandbox_payments');
    }
    assert.equal(res.statusCode, 500, 'an error page, not a redirect to a payment that does not exist');
    assert.match(res.body, /Er is een fout opgetreden/, 'in Dutch');
    assert.match(res.body, /<code>[0-9a-f-]{36}<\/code>/, 'with a reference for customer service');
    assert.doesNotMatch(res.body, /sandbox_payments|relation|Error:|\.ts:\d+|\bat [\w.<>]+ \(/i, 'no SQL, no stack');
    assert.equal((await db.select({ id: orders.id }).from(orders).where(eq(orders.customerId, customer.id))).length, ordersBefore, 'no order was left behind');
    assert.equal(await stockOf(plaid), 20, 'nothing reserved');
    assert.equal((await cartOf(customer.id)).length, 1, 'the cart is kept');

    // The provider is back: the same summary, clicked again, goes to the payment page.
    const again = await placeOrderForTest(env, agent, 'nl');
    assert.match(again.redirectUrl, /^\/sandbox-pay\//, 'redirected to the payment page');
    assert.equal(await stockOf(plaid), 19, 'reserved now');
  });

  test('a slow provider makes "Payer" wait, then it goes on (measured)', async () => {
    const plaid = await offer();
    const { agent } = await shopper(env, { items: [{ offerId: plaid }] });
    const form = await payForm(agent, 'fr');
    const blocker = await pool.connect();
    await blocker.query('begin');
    await blocker.query('lock table sandbox_payments in access exclusive mode'); // the provider stops answering
    const started = Date.now();
    const click = agent.post('/fr/checkout/place', { checkoutKey: form.checkoutKey, seen: form.seen });
    await wait(1_500);
    await blocker.query('rollback'); // and answers again
    blocker.release();
    const res = await click;
    const took = Date.now() - started;
    console.log(`faults-payment: "Payer" with the provider silent for 1.5 s answered ${res.statusCode} after ${took} ms`);
    assert.equal(res.statusCode, 303, 'it went on to the payment page once the provider answered');
    assert.ok(took >= 1_400, `it did wait for the provider (${took} ms)`);
  });
});

describe('the bank answers late', () => {
  test('"payment being checked" in fr/nl/en; if the shop gives up first, the units come back and the late yes is refunded', async () => {
    const plaid = await offer();
    for (const locale of ['fr', 'nl', 'en'] as Locale[]) {
      const t = checkoutText(locale);
      const { agent, customer } = await shopper(env, { items: [{ offerId: plaid }], customer: { locale } });
      const { redirectUrl, order } = await placeOrderForTest(env, agent, locale);
      const visit = await paySandbox(agent, redirectUrl, CARDS.late);
      const waiting = await agent.get(new URL(visit.returnUrl!).pathname);
      assert.equal(waiting.statusCode, 200, `${locale}: waiting page`);
      assert.ok(waiting.body.includes(t('pending_title')), `${locale}: "${t('pending_title')}"`);
      assert.equal((await orderOf(order.id)).paidAt, null, `${locale}: not paid yet`);
      assert.equal((await cartOf(customer.id)).length, 1, `${locale}: the cart is still there`);
    }
    assert.equal(await stockOf(plaid), 17, 'three units reserved while the bank thinks');

    // The bank takes longer than the shop waits: the release job cancels the orders, units come back.
    const started = Date.now();
    env.clock.advance({ minutes: 61 });
    const released = await releaseAbandonedOrders(deps); // with the unpaid ones the other tests left
    assert.ok(released >= 3, `the three orders released (${released})`);
    assert.equal(await stockOf(plaid), 20, 'the units are back');

    // Then the bank says yes after all: nothing becomes paid, the money goes back.
    await wait(Math.max(0, LATE_ANSWER_MS + 500 - (Date.now() - started)));
    await env.runJobs();
    await env.runJobs(); // the refund job the late notification queued
    const late = await db.select({ id: orders.id, paidAt: orders.paidAt, total: orders.totalCents }).from(orders).innerJoin(orderLines, eq(orderLines.orderId, orders.id)).where(eq(orderLines.offerId, plaid));
    assert.equal(late.length, 3, 'three orders');
    for (const o of late) {
      assert.equal(o.paidAt, null, 'a late yes does not revive a released order');
      const p = (await paymentOf(o.id))!;
      const [r] = await db.select().from(refunds).where(eq(refunds.paymentId, p.id));
      assert.ok(r, `the late payment ${p.status} of order ${o.id} is refunded`);
      assert.equal(r.amountCents, o.total, 'in full');
    }
    assert.equal(await stockOf(plaid), 20, 'and the units stay available');
  });
});
