import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { and, asc, eq } from 'drizzle-orm';
import { addresses } from '../src/modules/accounts/schema.js';
import { addToCart } from '../src/modules/cart/cart.js';
import { cartItems, carts } from '../src/modules/cart/schema.js';
import { offers } from '../src/modules/catalog/schema.js';
import { releaseAbandonedOrders } from '../src/modules/checkout/jobs.js';
import { emails } from '../src/modules/notifications/schema.js';
import { orderLines, orders, sellerOrders, timelineEvents } from '../src/modules/orders/schema.js';
import { payments, refunds } from '../src/modules/payments/schema.js';
import { expirePayments } from '../src/modules/payments/service.js';
import { SIGNATURE_HEADER, signatureHeader } from '../src/modules/payments/signature.js';
import { testEnv } from './helpers/app.js';
import { startSmtp } from './helpers/smtp.js';
import { hidden, payForm, placeOrderForTest, shopper } from './helpers/checkout.js';
import { makeProduct, makeSeller } from './helpers/factories.js';
import { CARDS, paySandbox } from './helpers/payments.js';

const env = await testEnv();
const { app, deps } = env;
const db = deps.db;

const sellerA = await makeSeller(db, { name: 'Maison Dupont', shippingFeeCents: 495, freeShippingFromCents: 5000 });
const sellerB = await makeSeller(db, { name: 'Atelier Peeters', shippingFeeCents: 390, freeShippingFromCents: null });
const shirt = await makeProduct(db, { sellerId: sellerA.id, title: 'Chemise en lin', brand: 'Lino', priceCents: 2500, stock: 500 });
const mug = await makeProduct(db, { sellerId: sellerB.id, title: 'Tasse en grès', brand: 'Terra', priceCents: 1200, stock: 500 });
const shirtOffer = shirt.variants[0]!.offer.id;
const mugOffer = mug.variants[0]!.offer.id;
const twoSellers = () => [{ offerId: shirtOffer }, { offerId: mugOffer, quantity: 2 }];
const TOTAL = 2500 + 2 * 1200 + 495 + 390;

const stockOf = async (offerId: string) => (await db.select({ s: offers.stock }).from(offers).where(eq(offers.id, offerId)))[0]!.s;
const linesOf = (orderId: string) => db.select().from(orderLines).where(eq(orderLines.orderId, orderId)).orderBy(asc(orderLines.createdAt));
const orderById = async (id: string) => (await db.select().from(orders).where(eq(orders.id, id)))[0]!;
const paymentOf = async (orderId: string) => (await db.select().from(payments).where(eq(payments.orderId, orderId)))[0]!;
const cartOf = (customerId: string) =>
  db
    .select({ offerId: cartItems.offerId })
    .from(cartItems)
    .innerJoin(carts, eq(carts.id, cartItems.cartId))
    .where(eq(carts.customerId, customerId));

describe('paying: the order becomes "payée et confirmée"', () => {
  test('split per seller with numbers and suffixes, frozen addresses, stock taken, cart emptied, emails queued, confirmation page', async () => {
    const { agent, customer } = await shopper(env, { items: twoSellers() });
    const before = { shirt: await stockOf(shirtOffer), mug: await stockOf(mugOffer) };
    const { redirectUrl, order } = await placeOrderForTest(env, agent);
    assert.match(redirectUrl, /^\/sandbox-pay\//);
    assert.match(order.number, /^C-\d{4}-\d{6}$/);
    assert.equal(order.totalCents, TOTAL);
    assert.equal(order.itemsCents + order.shippingCents, order.totalCents);
    // Reserved at creation.
    assert.equal(await stockOf(shirtOffer), before.shirt - 1);
    assert.equal(await stockOf(mugOffer), before.mug - 2);
    assert.ok((await linesOf(order.id)).every((l) => l.state === 'awaiting_payment'));

    const visit = await paySandbox(agent, redirectUrl, CARDS.visa);
    assert.equal(visit.returnUrl, `${deps.config.publicUrl}/fr/checkout/return/${order.number}`);
    const back = await agent.get(new URL(visit.returnUrl!).pathname);
    assert.equal(back.statusCode, 303);
    assert.equal(back.headers.location, `/fr/checkout/confirmation/${order.number}`);

    const paid = await orderById(order.id);
    assert.ok(paid.paidAt);
    const sos = await db.select().from(sellerOrders).where(eq(sellerOrders.orderId, order.id)).orderBy(asc(sellerOrders.number));
    assert.deepEqual(
      sos.map((s) => [s.number, s.sellerId, s.itemsCents, s.shippingCents]),
      [
        [`${order.number}-1`, sellerA.id, 2500, 495],
        [`${order.number}-2`, sellerB.id, 2400, 390],
      ],
    );
    const lines = await linesOf(order.id);
    assert.deepEqual(lines.map((l) => [l.state, l.quantity, l.unitPriceCents, l.totalCents, l.brand, l.title.fr]).sort(), [
      ['paid', 1, 2500, 2500, 'Lino', 'Chemise en lin'],
      ['paid', 2, 1200, 2400, 'Terra', 'Tasse en grès'],
    ]);
    assert.equal(paid.billingAddress.street, 'Rue Neuve');
    assert.equal(paid.deliveryAddress.city, 'Bruxelles');
    assert.deepEqual(await cartOf(customer.id), []);
    const types = (await db.select({ type: timelineEvents.type }).from(timelineEvents).where(eq(timelineEvents.orderId, order.id))).map((t) => t.type);
    for (const t of ['order.placed', 'line.pay', 'order.paid', 'email.queued']) assert.ok(types.includes(t), t);

    const mails = await db.select().from(emails).where(eq(emails.orderId, order.id));
    const confirmation = mails.filter((m) => m.kind === 'order_confirmation');
    assert.equal(confirmation.length, 1);
    assert.equal(confirmation[0]!.toAddress, customer.email);
    assert.equal(confirmation[0]!.subject, `Votre commande ${order.number} est confirmée`);
    const text = confirmation[0]!.textBody;
    for (const s of [`${order.number}-1`, 'Maison Dupont', `${order.number}-2`, 'Atelier Peeters', 'Chemise en lin', 'Tasse en grès', 'Rue Neuve 12', '57,85', `/fr/account/orders/${order.number}`, '/fr/account/orders'])
      assert.ok(text.includes(s), `confirmation mentions ${s}`);
    assert.match(confirmation[0]!.htmlBody, /<a href="[^"]*\/fr\/account\/orders\/C-/);
    const toSellers = mails.filter((m) => m.kind === 'seller_new_order').map((m) => [m.toAddress, m.subject]).sort();
    assert.deepEqual(toSellers, [
      [sellerA.email, `Nouvelle commande ${order.number}-1`],
      [sellerB.email, `Nouvelle commande ${order.number}-2`],
    ].sort());
    const sellerMail = mails.find((m) => m.toAddress === sellerB.email)!;
    assert.ok(!sellerMail.textBody.includes('Chemise en lin'), 'a seller sees only its own lines');

    const page = await agent.follow(back);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(`Votre commande <span class="nowrap">${order.number}</span> est payée et confirmée`));
    assert.match(page.body, new RegExp(`href="/fr/account/orders/${order.number}"`));
    assert.match(page.body, /Voir la commande/);
    assert.match(page.body, /href="\/fr\/account\/orders"[^>]*>Mes Commandes/);
    assert.match(page.body, /il n’est plus possible de modifier l’adresse de livraison/);

    // The provider's notification arrives after the return: it changes nothing, sends nothing twice.
    await env.runJobs();
    assert.equal((await db.select().from(emails).where(eq(emails.orderId, order.id))).length, 3);
    assert.equal((await linesOf(order.id)).filter((l) => l.state === 'paid').length, 2);
  });

  test('the notification may come first: the return then only shows the confirmation', async () => {
    const { agent } = await shopper(env, { items: [{ offerId: shirtOffer }] });
    const { redirectUrl, order } = await placeOrderForTest(env, agent);
    const visit = await paySandbox(agent, redirectUrl, CARDS.bancontact);
    await env.runJobs(); // the signed notification
    assert.ok((await orderById(order.id)).paidAt);
    const back = await agent.get(new URL(visit.returnUrl!).pathname);
    assert.equal(back.headers.location, `/fr/checkout/confirmation/${order.number}`);
    assert.equal((await paymentOf(order.id)).method, 'bancontact');
  });

  test('a late bank answer: the customer waits on "Paiement en cours de vérification", then the order is paid', async () => {
    const { agent } = await shopper(env, { items: [{ offerId: shirtOffer }] });
    const { redirectUrl, order } = await placeOrderForTest(env, agent);
    const visit = await paySandbox(agent, redirectUrl, CARDS.late);
    const waiting = await agent.get(new URL(visit.returnUrl!).pathname);
    assert.equal(waiting.statusCode, 200);
    assert.match(waiting.body, /Paiement en cours de vérification/);
    const until = Date.now() + 15_000;
    while (!(await orderById(order.id)).paidAt && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 300));
      await env.runJobs();
    }
    assert.ok((await orderById(order.id)).paidAt);
    const again = await agent.get(new URL(visit.returnUrl!).pathname);
    assert.equal(again.headers.location, `/fr/checkout/confirmation/${order.number}`);
  });

  test('another customer’s order number answers "not found" on the return and confirmation pages', async () => {
    const a = await shopper(env, { items: [{ offerId: shirtOffer }] });
    const b = await shopper(env, { items: [] });
    const { redirectUrl, order } = await placeOrderForTest(env, a.agent);
    await paySandbox(a.agent, redirectUrl, CARDS.visa);
    for (const path of [`/fr/checkout/return/${order.number}`, `/fr/checkout/confirmation/${order.number}`]) {
      const theirs = await b.agent.get(path);
      const missing = await b.agent.get(path.replace(order.number, 'C-2000-999999'));
      assert.equal(theirs.statusCode, 404);
      assert.equal(missing.statusCode, 404);
    }
    assert.equal((await paymentOf(order.id)).status, 'pending', 'their visit did not settle it');
  });
});

describe('emails may fail; the order does not', () => {
  test('with every email refused by the mail server, the paid order is still in "Mes Commandes"', async () => {
    const smtp = await startSmtp();
    smtp.refuse(true);
    const other = await testEnv({ smtpUrl: smtp.url });
    const seller = await makeSeller(other.deps.db);
    const p = await makeProduct(other.deps.db, { sellerId: seller.id, title: 'Plaid en laine' });
    const { agent } = await shopper(other, { items: [{ offerId: p.variants[0]!.offer.id }] });
    const { redirectUrl, order } = await placeOrderForTest(other, agent);
    const visit = await paySandbox(agent, redirectUrl, CARDS.visa);
    await agent.get(new URL(visit.returnUrl!).pathname);
    await other.runJobs();
    const mails = await other.deps.db.select().from(emails).where(eq(emails.orderId, order.id));
    assert.equal(mails.length, 2);
    assert.ok(mails.every((m) => m.status === 'bounced'), mails.map((m) => m.status).join()); // a 550 is permanent: bounced, not retried
    const list = await agent.get('/fr/account/orders');
    assert.equal(list.statusCode, 200);
    assert.ok(list.body.includes(order.number), 'the order is listed');
  });
});

describe('a refused or abandoned payment', () => {
  test('a refused card leaves nothing paid, the stock released, the cart kept, and says so', async () => {
    const { agent, customer } = await shopper(env, { items: twoSellers() });
    const before = { shirt: await stockOf(shirtOffer), mug: await stockOf(mugOffer) };
    const { redirectUrl, order } = await placeOrderForTest(env, agent);
    assert.equal(await stockOf(shirtOffer), before.shirt - 1);
    const visit = await paySandbox(agent, redirectUrl, CARDS.refused);
    const back = await agent.get(new URL(visit.returnUrl!).pathname);
    assert.equal(back.statusCode, 200);
    assert.match(back.body, /Le paiement n’a pas abouti/);
    assert.match(back.body, /rien ne vous a été débité/);
    const o = await orderById(order.id);
    assert.equal(o.paidAt, null);
    assert.ok((await linesOf(order.id)).every((l) => l.state === 'cancelled'));
    assert.equal((await paymentOf(order.id)).status, 'failed');
    assert.equal(await stockOf(shirtOffer), before.shirt);
    assert.equal(await stockOf(mugOffer), before.mug);
    assert.equal((await cartOf(customer.id)).length, 2);
    assert.equal((await db.select().from(emails).where(eq(emails.orderId, order.id))).length, 0);
    // The notification of the refusal changes nothing more (no double release).
    await env.runJobs();
    assert.equal(await stockOf(shirtOffer), before.shirt);
    // Trying again works: a new order with a new key.
    const retry = await placeOrderForTest(env, agent);
    assert.notEqual(retry.order.id, order.id);
    assert.notEqual(retry.order.checkoutKey, order.checkoutKey);
  });
});

describe('signed notifications', () => {
  /** A notification as the sandbox would send it for the order's payment. */
  const body = (p: typeof payments.$inferSelect, over: { status?: string; amountCents?: number; currency?: string; id?: string } = {}) =>
    JSON.stringify({
      id: over.id ?? `evt_test_${randomUUID()}`,
      type: 'payment.status',
      created: Math.floor(deps.clock.now().getTime() / 1000),
      payment: { ref: p.providerRef, status: over.status ?? 'paid', amountCents: over.amountCents ?? p.amountCents, currency: over.currency ?? p.currency, method: 'visa', failureCode: null },
    });
  const post = (raw: string, signature: string | null) =>
    app.inject({ method: 'POST', url: '/payments/notify/sandbox', payload: raw, headers: { 'content-type': 'application/json', ...(signature ? { [SIGNATURE_HEADER]: signature } : {}) } });

  test('forged (unsigned, wrong secret) or stale notifications do not pay the order', async () => {
    const { agent } = await shopper(env, { items: [{ offerId: shirtOffer }] });
    const { order } = await placeOrderForTest(env, agent);
    const p = await paymentOf(order.id);
    const raw = body(p);
    assert.equal((await post(raw, null)).statusCode, 400);
    assert.equal((await post(raw, signatureHeader('not-the-secret-at-all', raw, deps.clock.now()))).statusCode, 400);
    const old = new Date(deps.clock.now().getTime() - 6 * 60_000);
    assert.equal((await post(raw, signatureHeader(deps.config.paymentSecret, raw, old))).statusCode, 400);
    assert.equal((await orderById(order.id)).paidAt, null);
    assert.ok((await linesOf(order.id)).every((l) => l.state === 'awaiting_payment'));
    assert.equal((await db.select().from(emails).where(eq(emails.orderId, order.id))).length, 0);
  });

  test('a replayed notification changes nothing: one payment, one set of emails', async () => {
    const { agent } = await shopper(env, { items: [{ offerId: shirtOffer }] });
    const { redirectUrl, order } = await placeOrderForTest(env, agent);
    await paySandbox(agent, redirectUrl, CARDS.visa);
    const p = await paymentOf(order.id);
    const raw = body(p, { id: 'evt_replayed_once' });
    const first = await post(raw, signatureHeader(deps.config.paymentSecret, raw, deps.clock.now()));
    assert.equal(first.statusCode, 200);
    assert.ok((await orderById(order.id)).paidAt);
    const replay = await post(raw, signatureHeader(deps.config.paymentSecret, raw, deps.clock.now()));
    assert.equal(replay.statusCode, 200);
    assert.equal(replay.json().outcome, 'duplicate');
    await env.runJobs();
    const mails = await db.select().from(emails).where(and(eq(emails.orderId, order.id), eq(emails.kind, 'order_confirmation')));
    assert.equal(mails.length, 1);
    assert.equal((await db.select().from(payments).where(eq(payments.orderId, order.id))).length, 1);
  });

  test('an amount that does not match the order is never paid: the order is cancelled and its stock released', async () => {
    const { agent } = await shopper(env, { items: [{ offerId: shirtOffer }] });
    const before = await stockOf(shirtOffer);
    const { order } = await placeOrderForTest(env, agent);
    const p = await paymentOf(order.id);
    const raw = body(p, { amountCents: 1 });
    const res = await post(raw, signatureHeader(deps.config.paymentSecret, raw, deps.clock.now()));
    assert.equal(res.json().outcome, 'amount_mismatch');
    assert.equal((await orderById(order.id)).paidAt, null);
    assert.notEqual((await paymentOf(order.id)).status, 'paid');
    assert.ok((await linesOf(order.id)).every((l) => l.state !== 'paid'));
    assert.equal(await stockOf(shirtOffer), before);
    const currency = await shopper(env, { items: [{ offerId: shirtOffer }] });
    const placed = await placeOrderForTest(env, currency.agent);
    const raw2 = body(await paymentOf(placed.order.id), { currency: 'USD' });
    assert.equal((await post(raw2, signatureHeader(deps.config.paymentSecret, raw2, deps.clock.now()))).json().outcome, 'currency_mismatch');
    assert.equal((await orderById(placed.order.id)).paidAt, null);
  });
});

describe('money and addresses come from the server', () => {
  test('prices or totals typed into the form are ignored', async () => {
    const { agent } = await shopper(env, { items: [{ offerId: shirtOffer, quantity: 2 }] });
    const form = await payForm(agent);
    const res = await agent.post('/fr/checkout/place', { checkoutKey: form.checkoutKey, seen: form.seen, totalCents: '1', amountCents: '1', priceCents: '1', unitPriceCents: '1', shippingCents: '0' });
    assert.equal(res.statusCode, 303);
    const [o] = await db.select().from(orders).where(eq(orders.checkoutKey, form.checkoutKey));
    assert.equal(o!.totalCents, 2 * 2500); // free shipping from 50.00
    assert.equal((await paymentOf(o!.id)).amountCents, 5000);
  });

  test('a price changed since the summary is shown again and nothing is placed', async () => {
    const { agent, customer } = await shopper(env, { items: [{ offerId: mugOffer }] });
    const form = await payForm(agent);
    await db.update(offers).set({ priceCents: 1300 }).where(eq(offers.id, mugOffer));
    try {
      const res = await agent.post('/fr/checkout/place', { checkoutKey: form.checkoutKey, seen: form.seen });
      assert.equal(res.statusCode, 409);
      assert.match(res.body, /ont changé depuis votre dernier passage/);
      assert.match(res.body, /Payer 16,90\s€/); // 13.00 + 3.90
      assert.equal((await db.select().from(orders).where(eq(orders.customerId, customer.id))).length, 0);
      // The new summary carries a new fingerprint: paying it works.
      const ok = await agent.post('/fr/checkout/place', { checkoutKey: hidden(res.body, 'checkoutKey'), seen: hidden(res.body, 'seen') });
      assert.equal(ok.statusCode, 303);
    } finally {
      await db.update(offers).set({ priceCents: 1200 }).where(eq(offers.id, mugOffer));
    }
  });

  test('the addresses of a paid order do not change when "Mes adresses" is edited', async () => {
    const { agent, customer } = await shopper(env, { items: [{ offerId: shirtOffer }] });
    const { redirectUrl, order } = await placeOrderForTest(env, agent);
    await paySandbox(agent, redirectUrl, CARDS.mastercard);
    await env.runJobs();
    await db.update(addresses).set({ street: 'Rue Changée', city: 'Namur', postalCode: '5000' }).where(eq(addresses.customerId, customer.id));
    await agent.get('/fr/checkout');
    await agent.post('/fr/checkout/address/save', { role: 'billing', firstName: 'X', lastName: 'Y', street: 'Ailleurs', houseNumber: '1', postalCode: '4000', city: 'Liège', country: 'BE' });
    const o = await orderById(order.id);
    assert.equal(o.billingAddress.street, 'Rue Neuve');
    assert.equal(o.deliveryAddress.street, 'Rue Neuve');
    assert.equal(o.deliveryAddress.city, 'Bruxelles');
    const page = await agent.get(`/fr/checkout/confirmation/${order.number}`);
    assert.match(page.body, /Rue Neuve 12/);
    assert.doesNotMatch(page.body, /Ailleurs|Rue Changée/);
  });

  test('after a paid order with another delivery address, the next checkout starts from the defaults again', async () => {
    const { agent, customer } = await shopper(env, { items: [{ offerId: shirtOffer }] });
    await agent.get('/fr/checkout');
    await agent.post('/fr/checkout/delivery-address', { separate: '1' });
    await agent.post('/fr/checkout/address/add', { role: 'delivery', firstName: 'Anne', lastName: 'Janssens', street: 'Grote Markt', houseNumber: '1', postalCode: '9000', city: 'Gent', country: 'BE' });
    const { redirectUrl, order } = await placeOrderForTest(env, agent);
    assert.equal(order.deliveryAddress.city, 'Gent');
    await paySandbox(agent, redirectUrl, CARDS.visa);
    await env.runJobs();
    assert.ok((await addToCart(deps, { customerId: customer.id }, mugOffer, '1')).ok);
    const page = await agent.get('/fr/checkout');
    assert.match(page.body, /livrés à votre adresse de facturation/);
  });
});

describe('an earlier attempt left on the payment page', () => {
  test('a new "Payer" replaces it (its stock goes back); if it is paid after all, the money is refunded', async () => {
    const { agent } = await shopper(env, { items: [{ offerId: shirtOffer }] });
    const before = await stockOf(shirtOffer);
    const first = await placeOrderForTest(env, agent);
    assert.equal(await stockOf(shirtOffer), before - 1);
    const second = await placeOrderForTest(env, agent);
    assert.notEqual(second.order.id, first.order.id);
    assert.equal(await stockOf(shirtOffer), before - 1, 'one reservation, not two');
    assert.ok((await linesOf(first.order.id)).every((l) => l.state === 'cancelled'));
    // The customer had the first payment page open in another tab and pays it.
    await paySandbox(agent, first.redirectUrl, CARDS.visa);
    await env.runJobs();
    assert.equal((await paymentOf(first.order.id)).status, 'paid');
    assert.equal((await orderById(first.order.id)).paidAt, null);
    const [r] = await db.select().from(refunds).where(eq(refunds.paymentId, (await paymentOf(first.order.id)).id));
    assert.equal(r!.amountCents, first.order.totalCents);
    assert.equal((await db.select().from(emails).where(eq(emails.orderId, first.order.id))).length, 0);
  });
});

// Moves the clock: keep last.
describe('abandoned payments release their stock after a set time', () => {
  test('the payment expires at the provider; the job cancels the order and gives the units back', async () => {
    // Its own product: other tests' unpaid orders expire at the same time.
    const vase = (await makeProduct(db, { sellerId: sellerB.id, title: 'Vase', priceCents: 1200, stock: 7 })).variants[0]!.offer.id;
    const { agent, customer } = await shopper(env, { items: [{ offerId: vase, quantity: 3 }] });
    const before = await stockOf(vase);
    const { order, redirectUrl } = await placeOrderForTest(env, agent);
    await agent.get(redirectUrl); // opened the payment page, then walked away
    assert.equal(await stockOf(vase), before - 3);
    env.clock.advance({ minutes: 10 });
    await expirePayments(deps);
    assert.equal(await stockOf(vase), before - 3, 'still reserved within the time');
    env.clock.advance({ minutes: 25 });
    await expirePayments(deps);
    assert.equal((await paymentOf(order.id)).status, 'expired');
    assert.ok((await linesOf(order.id)).every((l) => l.state === 'cancelled'));
    assert.equal(await stockOf(vase), before);
    assert.equal((await cartOf(customer.id)).length, 1, 'the cart is still there');
  });

  test('whatever the provider says, an order unpaid after an hour is released by the checkout job', async () => {
    const { agent } = await shopper(env, { items: [{ offerId: mugOffer }] });
    const before = await stockOf(mugOffer);
    const { order } = await placeOrderForTest(env, agent);
    assert.equal(await releaseAbandonedOrders(deps), 0);
    env.clock.advance({ minutes: 61 });
    assert.equal(await releaseAbandonedOrders(deps), 1);
    assert.equal(await stockOf(mugOffer), before);
    assert.equal(await releaseAbandonedOrders(deps), 0, 'once');
    const types = await db.select({ type: timelineEvents.type, data: timelineEvents.data }).from(timelineEvents).where(and(eq(timelineEvents.orderId, order.id), eq(timelineEvents.type, 'order.cancelled_unpaid')));
    assert.deepEqual(types.map((t) => t.data), [{ reason: 'abandoned' }]);
  });
});
