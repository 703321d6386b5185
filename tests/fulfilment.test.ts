import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { and, eq, inArray } from 'drizzle-orm';
import { addJob } from '../src/jobs/queue.js';
import { trialBalance } from '../src/modules/ledger/balances.js';
import { ledgerTransactions } from '../src/modules/ledger/schema.js';
import { settings } from '../src/modules/operators/schema.js';
import { cancelUnacceptedLines } from '../src/modules/orders/deadlines.js';
import { refuseLines, shipLines } from '../src/modules/orders/fulfilment.js';
import { orderLines, sellerOrders, timelineEvents } from '../src/modules/orders/schema.js';
import { refunds } from '../src/modules/payments/schema.js';
import { Agent } from './helpers/agent.js';
import { testEnv } from './helpers/app.js';
import { makeCustomer, makePaidOrder, makeProduct, makeSeller } from './helpers/factories.js';
import { startSmtp } from './helpers/smtp.js';

const smtp = await startSmtp();
const env = await testEnv({ smtpUrl: smtp.url });
const { app, deps } = env;
const db = deps.db;

type Seller = Awaited<ReturnType<typeof makeSeller>>;

async function sellerAgent(seller: Seller) {
  const a = new Agent(app);
  const res = await a.login('/vendeur/login', seller.user.email, seller.user.password);
  assert.equal(res.statusCode, 303);
  return a;
}

/** A customer's order from two sellers: A sells two articles (60 €, free shipping), B one (15 € + 4,95 shipping). */
async function world() {
  const customer = await makeCustomer(db, { firstName: 'Camille' });
  const a = await makeSeller(db);
  const b = await makeSeller(db);
  const pa = await makeProduct(db, { sellerId: a.id, priceCents: 3000, title: 'Pull marin', brand: 'Armor', sizes: ['S', 'M'] });
  const pb = await makeProduct(db, { sellerId: b.id, priceCents: 1500, title: 'Bougie parfumée', brand: 'Lumen' });
  const order = await makePaidOrder(db, {
    customer,
    lines: [{ offer: pa.variants[0]!.offer }, { offer: pa.variants[1]!.offer }, { offer: pb.variants[0]!.offer }],
    billing: { street: 'Boulevard Secret-Facturation', houseNumber: '99' },
    at: deps.clock.now(), // the test clock moves forward in this file
  });
  const [soA, soB] = order.sellerOrders;
  return { customer, a, b, order, soA: soA!, soB: soB! };
}

const lineState = async (id: string) => (await db.select({ state: orderLines.state }).from(orderLines).where(eq(orderLines.id, id)))[0]!.state;
const mailsTo = (to: string) => smtp.mails.filter((m) => m.to.includes(to));
const main = (html: string) => html.slice(html.indexOf('<main'), html.indexOf('</main>'));

describe('the seller’s orders', () => {
  test('new orders to handle come first, oldest on top, with how long they have waited; another seller sees none of them', async () => {
    const customer = await makeCustomer(db);
    const s = await makeSeller(db);
    const p = await makeProduct(db, { sellerId: s.id });
    const now = deps.clock.now().getTime();
    const old = await makePaidOrder(db, { customer, lines: [{ offer: p.variants[0]!.offer }], at: new Date(now - (26 * 60 + 5) * 60_000) });
    const recent = await makePaidOrder(db, { customer, lines: [{ offer: p.variants[0]!.offer }], at: new Date(now - 90 * 60_000) });
    const done = await makePaidOrder(db, { customer, lines: [{ offer: p.variants[0]!.offer }], at: new Date(now - 3 * 86_400_000) });
    await db.update(orderLines).set({ state: 'delivered' }).where(eq(orderLines.orderId, done.order.id));
    const agent = await sellerAgent(s);
    const page = main((await agent.get('/vendeur/orders')).body);
    const iOld = page.indexOf(old.sellerOrders[0]!.number);
    const iRecent = page.indexOf(recent.sellerOrders[0]!.number);
    assert.ok(iOld > 0 && iRecent > iOld, 'oldest first');
    assert.ok(!page.includes(done.sellerOrders[0]!.number), 'a delivered order is not to handle');
    assert.match(page, /1 j 2 h/);
    assert.match(page, /1 h 30 min/);
    assert.ok(page.includes('Anne Janssens'), 'the customer’s name');
    const delivered = main((await agent.get('/vendeur/orders?status=delivered')).body);
    assert.ok(delivered.includes(done.sellerOrders[0]!.number) && !delivered.includes(old.sellerOrders[0]!.number));

    const other = await sellerAgent(await makeSeller(db));
    const theirs = main((await other.get('/vendeur/orders?status=all')).body);
    assert.ok(!theirs.includes(old.sellerOrders[0]!.number));
    assert.match(theirs, /Aucune commande dans cette liste/);
  });

  test('a long list pages with "Suivantes" without skipping or repeating', async () => {
    const customer = await makeCustomer(db);
    const s = await makeSeller(db);
    const p = await makeProduct(db, { sellerId: s.id });
    const start = Date.UTC(2026, 5, 1);
    for (let i = 0; i < 55; i++) await makePaidOrder(db, { customer, lines: [{ offer: p.variants[0]!.offer }], at: new Date(start + Math.floor(i / 3) * 60_000) });
    const agent = await sellerAgent(s);
    const seen: string[] = [];
    let url: string | null = '/vendeur/orders?status=all';
    let pages = 0;
    while (url) {
      const body = (await agent.get(url)).body;
      seen.push(...[...main(body).matchAll(/href="\/vendeur\/orders\/(C-[\d-]+)"/g)].map((m) => m[1]!));
      const next = /href="([^"]+&amp;after=[^"]+)">Suivantes/.exec(body);
      url = next ? next[1]!.replace(/&amp;/g, '&') : null;
      pages++;
    }
    assert.equal(pages, 2);
    assert.equal(seen.length, 55);
    assert.equal(new Set(seen).size, 55);
  });

  test('the seller order page shows the customer’s name and delivery address, never the billing address nor other sellers’ lines', async () => {
    const { a, soA } = await world();
    const agent = await sellerAgent(a);
    const page = main((await agent.get(`/vendeur/orders/${soA.number}`)).body);
    assert.ok(page.includes('Camille Janssens'), 'the customer’s name');
    assert.ok(page.includes('Rue Neuve 12'), 'the delivery address');
    assert.ok(!page.includes('Secret-Facturation'), 'no billing details');
    assert.ok(page.includes('Pull marin'), 'its own lines');
    assert.ok(!page.includes('Bougie parfumée'), 'no other seller’s line');
  });

  test('another seller’s order number or line answers exactly like a missing one, and changes nothing', async () => {
    const { b, soA } = await world();
    const agent = await sellerAgent(b);
    const theirs = await agent.get(`/vendeur/orders/${soA.number}`);
    const missing = await agent.get('/vendeur/orders/C-2099-999999-1');
    assert.equal(theirs.statusCode, 404);
    assert.equal(missing.statusCode, 404);
    const strip = (s: string) => main(s).replace(/value="[^"]+"/g, '');
    assert.equal(strip(theirs.body), strip(missing.body));
    const line = soA.lines[0]!.id;
    for (const [action, form] of [
      ['accept', { lines: line }],
      ['refuse', { lines: line, reason: 'other' }],
      ['ship', { lines: line, carrier: 'bpost', tracking: 'CD12345678BE' }],
      ['deliver', { lines: line }],
    ] as const) {
      const res = await agent.post(`/vendeur/orders/${soA.number}/${action}`, form);
      assert.equal(res.statusCode, 404, action);
    }
    // Its own order number with another seller's line id: not found either.
    const { soB, b: b2 } = await world();
    const own = await sellerAgent(b2);
    assert.equal((await own.post(`/vendeur/orders/${soB.number}/ship`, { lines: line, carrier: 'dpd', tracking: 'ABCD1234' })).statusCode, 404);
    assert.equal(await lineState(line), 'paid');
  });
});

describe('accept, refuse, ship, deliver', () => {
  test('accept: the line is "En préparation", with a timeline entry naming the seller', async () => {
    const { a, soA } = await world();
    const agent = await sellerAgent(a);
    await agent.get(`/vendeur/orders/${soA.number}`);
    const res = await agent.post(`/vendeur/orders/${soA.number}/accept`, { lines: soA.lines[0]!.id });
    assert.equal(res.statusCode, 303);
    assert.match((await agent.follow(res)).body, /1 article\(s\) accepté\(s\)/);
    assert.equal(await lineState(soA.lines[0]!.id), 'preparing');
    assert.equal(await lineState(soA.lines[1]!.id), 'paid');
    const [ev] = await db.select().from(timelineEvents).where(and(eq(timelineEvents.orderLineId, soA.lines[0]!.id), eq(timelineEvents.type, 'line.accept')));
    assert.equal(ev!.actorType, 'seller');
    assert.equal(ev!.actorId, a.user.id);
    // "Accepter tous les articles": the rest.
    await agent.post(`/vendeur/orders/${soA.number}/accept`, {});
    assert.equal(await lineState(soA.lines[1]!.id), 'preparing');
  });

  test('refuse: the line is cancelled and refunded in full; the last line takes the shipping fee back too; the customer gets an email', async () => {
    const { customer, b, soB, order } = await world();
    const agent = await sellerAgent(b);
    await agent.get(`/vendeur/orders/${soB.number}`);
    const res = await agent.post(`/vendeur/orders/${soB.number}/refuse`, { lines: soB.lines[0]!.id, reason: 'out_of_stock' });
    assert.equal(res.statusCode, 303);
    assert.match((await agent.follow(res)).body, /le client est remboursé de 19,95/);
    assert.equal(await lineState(soB.lines[0]!.id), 'refunded');
    const rs = await db.select().from(refunds).where(eq(refunds.paymentId, order.payment.id));
    assert.deepEqual(rs.map((r) => [r.orderLineId, r.amountCents]).sort(), [[null, 495], [soB.lines[0]!.id, 1500]].sort());
    const [so] = await db.select().from(sellerOrders).where(eq(sellerOrders.id, soB.id));
    assert.equal(so!.shippingRefundedCents, 495);
    const [line] = await db.select().from(orderLines).where(eq(orderLines.id, soB.lines[0]!.id));
    assert.equal(line!.refundedCents, 1500);

    await env.runJobs();
    const settled = await db.select().from(refunds).where(eq(refunds.paymentId, order.payment.id));
    assert.ok(settled.every((r) => r.status === 'succeeded'), 'the provider paid both back');
    const booked = await db.select().from(ledgerTransactions).where(inArray(ledgerTransactions.eventKey, settled.map((r) => (r.orderLineId ? `refund:${r.id}` : `shipping_refund:${soB.id}:${r.id}`))));
    assert.equal(booked.length, 2, 'both refunds booked in the ledger');
    assert.equal((await trialBalance(db)).unbalancedTransactions, 0);

    const mail = await smtp.waitFor((m) => m.to.includes(customer.email) && m.subject.includes('Articles annulés'));
    assert.match(mail.text, /article en rupture de stock/);
    assert.match(mail.text, /Bougie parfumée/);
    assert.match(mail.text, /19,95/);
    assert.match(mail.text, /frais de livraison \(4,95/);

    const shopper = new Agent(app);
    await shopper.login('/fr/login', customer.email, customer.password);
    const view = main((await shopper.get(`/fr/account/orders/${order.order.number}`)).body);
    assert.match(view, /status-refunded">Remboursée</);
    assert.match(view, /Remboursement · Lumen — Bougie parfumée<\/td><td>Effectué<\/td><td class="num">− 15,00/);
  });

  test('refusing the same line twice (double click) refunds it once', async () => {
    const { a, soA, order } = await world();
    const seller = { sellerId: a.id, userId: a.user.id };
    const [r1, r2] = await Promise.all([
      refuseLines(deps, { seller, number: soA.number, lineIds: [soA.lines[0]!.id], reason: 'other' }),
      refuseLines(deps, { seller, number: soA.number, lineIds: [soA.lines[0]!.id], reason: 'other' }),
    ]);
    assert.equal([r1, r2].filter((r) => r.ok).length, 1);
    const rs = await db.select().from(refunds).where(eq(refunds.paymentId, order.payment.id));
    assert.equal(rs.length, 1);
    assert.equal(rs[0]!.amountCents, 3000);
  });

  test('ship: a wrong tracking number is refused beside its field with what was typed kept; then the line is shipped and the customer gets the tracking link', async () => {
    const { customer, a, soA, order } = await world();
    const agent = await sellerAgent(a);
    await agent.get(`/vendeur/orders/${soA.number}`);
    const bad = await agent.post(`/vendeur/orders/${soA.number}/ship`, { lines: [soA.lines[0]!.id], carrier: 'bpost', tracking: '<b>x</b>' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /id="f-tracking-err">Entrez le numéro de suivi/);
    assert.match(bad.body, /value="&lt;b>x&lt;\/b>"/);
    assert.match(bad.body, /<option value="bpost" selected>/);
    assert.match(bad.body, new RegExp(`value="${soA.lines[0]!.id}" checked`));
    assert.doesNotMatch(bad.body, new RegExp(`value="${soA.lines[1]!.id}" checked`), 'the unticked line stays unticked');
    const none = await agent.post(`/vendeur/orders/${soA.number}/ship`, { carrier: 'bpost', tracking: 'CD123456789BE' });
    assert.equal(none.statusCode, 422);
    assert.match(none.body, /Choisissez au moins un article/);

    const ok = await agent.post(`/vendeur/orders/${soA.number}/ship`, { lines: soA.lines.map((l) => l.id), carrier: 'bpost', tracking: 'cd 1234 5678 9be' });
    assert.equal(ok.statusCode, 303);
    const [line] = await db.select().from(orderLines).where(eq(orderLines.id, soA.lines[0]!.id));
    assert.equal(line!.state, 'shipped');
    assert.equal(line!.carrier, 'bpost');
    assert.equal(line!.trackingNumber, 'CD123456789BE');
    assert.ok(line!.shippedAt);

    await env.runJobs();
    const mail = await smtp.waitFor((m) => m.to.includes(customer.email) && m.subject === `Votre commande ${order.order.number} est expédiée`);
    assert.ok(mail.html.includes('href="https://track.bpost.cloud/btr/web/#/search?itemCode=CD123456789BE&amp;lang=fr"'));
    assert.match(mail.text, /Transporteur : bpost/);
    assert.match(mail.text, /Numéro de suivi : CD123456789BE/);
    assert.equal(mailsTo(customer.email).filter((m) => m.subject.includes('expédiée')).length, 1, 'one parcel, one email');

    // The customer sees "Expédiée" for this seller, "Payée" for the other.
    const shopper = new Agent(app);
    await shopper.login('/fr/login', customer.email, customer.password);
    const list = main((await shopper.get('/fr/account/orders')).body);
    const card = list.slice(list.indexOf(order.order.number));
    assert.match(card, new RegExp(`${a.name}</span> <span class="badge status-shipped">Expédiée</span>`));
    assert.match(card, /status-paid">Payée</);
  });

  test('deliver: the line is "Livrée" and the customer is told', async () => {
    const { customer, a, soA, order } = await world();
    const seller = { sellerId: a.id, userId: a.user.id };
    assert.ok((await shipLines(deps, { seller, number: soA.number, carrier: 'dhl', trackingNumber: 'JD0146000012345' })).ok);
    const agent = await sellerAgent(a);
    await agent.get(`/vendeur/orders/${soA.number}`);
    const res = await agent.post(`/vendeur/orders/${soA.number}/deliver`, { lines: soA.lines.map((l) => l.id) });
    assert.equal(res.statusCode, 303);
    assert.equal(await lineState(soA.lines[0]!.id), 'delivered');
    await env.runJobs();
    const mail = await smtp.waitFor((m) => m.to.includes(customer.email) && m.subject === `Votre commande ${order.order.number} est livrée`);
    assert.match(mail.text, /Ouvrez un incident/);
    // Delivering again: the page says the line changed, nothing happens.
    await agent.get(`/vendeur/orders/${soA.number}`);
    const again = await agent.post(`/vendeur/orders/${soA.number}/deliver`, { lines: soA.lines[0]!.id });
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /il est maintenant « Livrée »/);
  });

  test('a refusal and a shipment of the same line at the same moment: exactly one wins', async () => {
    for (let round = 0; round < 5; round++) {
      const { a, soA, order } = await world();
      const seller = { sellerId: a.id, userId: a.user.id };
      const line = soA.lines[0]!.id;
      const [refused, shipped] = await Promise.all([
        refuseLines(deps, { seller, number: soA.number, lineIds: [line], reason: 'other' }),
        shipLines(deps, { seller, number: soA.number, lineIds: [line], carrier: 'gls', trackingNumber: 'GLS12345' }),
      ]);
      assert.equal([refused, shipped].filter((r) => r.ok).length, 1, `round ${round}`);
      const state = await lineState(line);
      const rs = await db.select().from(refunds).where(eq(refunds.paymentId, order.payment.id));
      if (refused.ok) {
        assert.equal(state, 'refunded');
        assert.equal(rs.length, 1);
      } else {
        assert.equal(state, 'shipped');
        assert.equal(rs.length, 0, 'a shipped line is not refunded');
        assert.equal(refused.ok ? '' : refused.code, 'transition_not_allowed');
      }
    }
  });

  test('the deadline cancelling a line at the moment the seller ships it: exactly one wins', async () => {
    const { a, soA } = await world();
    env.clock.advance({ days: 3 });
    const seller = { sellerId: a.id, userId: a.user.id };
    const [cancelled, shipped] = await Promise.all([cancelUnacceptedLines(deps), shipLines(deps, { seller, number: soA.number, carrier: 'dpd', trackingNumber: '01234567890123' })]);
    const states = await Promise.all(soA.lines.map((l) => lineState(l.id)));
    if (shipped.ok) assert.deepEqual(states, ['shipped', 'shipped']);
    else {
      assert.deepEqual(states, ['refunded', 'refunded']);
      assert.equal(shipped.code, 'transition_not_allowed');
    }
    assert.equal(cancelled.failed, 0);
  });
});

describe('deadlines set by the operator', () => {
  test('a seller order not accepted in N days is cancelled and refunded by the job; accepted lines are kept; customer and seller are told', async () => {
    await db.insert(settings).values({ key: 'deadlines', value: { sellerAcceptDays: 3, autoDeliverDays: 8 } }).onConflictDoUpdate({ target: settings.key, set: { value: { sellerAcceptDays: 3, autoDeliverDays: 8 } } });
    try {
      const { customer, a, b, soA, soB } = await world();
      const agentA = await sellerAgent(a);
      await agentA.get(`/vendeur/orders/${soA.number}`);
      await agentA.post(`/vendeur/orders/${soA.number}/accept`, { lines: soA.lines[0]!.id });

      env.clock.advance({ days: 2, hours: 23 });
      await addJob(db, 'orders_cancel_unaccepted', {});
      await env.runJobs();
      assert.equal(await lineState(soB.lines[0]!.id), 'paid', 'not yet: 3 days in the settings');

      env.clock.advance({ hours: 1, minutes: 1 });
      await addJob(db, 'orders_cancel_unaccepted', {});
      await env.runJobs();
      assert.equal(await lineState(soA.lines[0]!.id), 'preparing', 'accepted: kept');
      assert.equal(await lineState(soA.lines[1]!.id), 'refunded');
      assert.equal(await lineState(soB.lines[0]!.id), 'refunded');
      const evs = await db.select().from(timelineEvents).where(and(eq(timelineEvents.orderLineId, soB.lines[0]!.id), eq(timelineEvents.type, 'line.cancel')));
      assert.equal(evs.length, 1);
      assert.equal(evs[0]!.actorType, 'system');
      const [so] = await db.select().from(sellerOrders).where(eq(sellerOrders.id, soB.id));
      assert.equal(so!.shippingRefundedCents, 495, 'nothing left of B: its shipping goes back');
      const [soa] = await db.select().from(sellerOrders).where(eq(sellerOrders.id, soA.id));
      assert.equal(soa!.shippingRefundedCents, 0);

      const mail = await smtp.waitFor((m) => m.to.includes(customer.email) && m.subject.includes('Articles annulés') && m.text.includes(b.name));
      assert.match(mail.text, /dans les 3 jours/);
      await smtp.waitFor((m) => m.to.includes(b.email) && m.subject.includes('annulée automatiquement'));
      // The seller's history shows it, done by "Automatique".
      const agentB = await sellerAgent(b);
      const page = main((await agentB.get(`/vendeur/orders/${soB.number}`)).body);
      assert.match(page, /<td>Automatique<\/td><td>Article annulé/);

      // Running again changes nothing more.
      const before = (await db.select().from(refunds)).length;
      await addJob(db, 'orders_cancel_unaccepted', {});
      await env.runJobs();
      assert.equal((await db.select().from(refunds)).length, before);
    } finally {
      await db.delete(settings).where(eq(settings.key, 'deadlines'));
    }
  });

  test('a shipped line without news is delivered after M days (default 10); the customer is told', async () => {
    const { customer, a, soA, order } = await world();
    const seller = { sellerId: a.id, userId: a.user.id };
    assert.ok((await shipLines(deps, { seller, number: soA.number, carrier: 'postnl', trackingNumber: '3SXYZ987654' })).ok);
    env.clock.advance({ days: 9, hours: 23 });
    await addJob(db, 'orders_auto_deliver', {});
    await env.runJobs();
    assert.equal(await lineState(soA.lines[0]!.id), 'shipped');
    env.clock.advance({ hours: 1 });
    await addJob(db, 'orders_auto_deliver', {});
    await env.runJobs();
    assert.equal(await lineState(soA.lines[0]!.id), 'delivered');
    const [ev] = await db.select().from(timelineEvents).where(and(eq(timelineEvents.orderLineId, soA.lines[0]!.id), eq(timelineEvents.type, 'line.deliver')));
    assert.equal(ev!.actorType, 'system');
    const mail = await smtp.waitFor((m) => m.to.includes(customer.email) && m.subject === `Votre commande ${order.order.number} est livrée`);
    assert.match(mail.text, /expédié il y a 10 jours/);
  });
});

describe('emails are in the customer’s language and escape what others typed', () => {
  test('a Dutch customer gets Dutch; a seller name with markup stays text', async () => {
    const customer = await makeCustomer(db, { locale: 'nl', firstName: 'Wout' });
    const s = await makeSeller(db, { name: '<b onmouseover=alert(1)>Evil</b>' });
    const p = await makeProduct(db, { sellerId: s.id, title: '<img src=x onerror=alert(2)>' });
    const o = await makePaidOrder(db, { customer, lines: [{ offer: p.variants[0]!.offer }] });
    assert.ok((await shipLines(deps, { seller: { sellerId: s.id, userId: s.user.id }, number: o.sellerOrders[0]!.number, carrier: 'dpd', trackingNumber: '05212345678901' })).ok);
    await env.runJobs();
    const mail = await smtp.waitFor((m) => m.to.includes(customer.email) && m.subject === `Uw bestelling ${o.order.number} is verzonden`);
    assert.match(mail.text, /Beste Wout/);
    assert.match(mail.text, /Vervoerder: DPD/);
    assert.ok(!mail.html.includes('<b onmouseover') && !mail.html.includes('<img src=x'));
    assert.ok(mail.html.includes('https://tracking.dpd.de/status/nl_BE/parcel/05212345678901'));
  });
});
