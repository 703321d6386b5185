import assert from 'node:assert/strict';
import { test } from 'node:test';
import { and, eq, inArray } from 'drizzle-orm';
import { sellerBalances, trialBalance } from '../src/modules/ledger/balances.js';
import { auditLog } from '../src/modules/operators/schema.js';
import { cancelAndRefund, refundLine } from '../src/modules/orders/refunds.js';
import { orderLines, sellerOrders, timelineEvents } from '../src/modules/orders/schema.js';
import { getProvider } from '../src/modules/payments/provider.js';
import type { SandboxProvider } from '../src/modules/payments/sandbox/provider.js';
import { paymentEvents, payments, refunds } from '../src/modules/payments/schema.js';
import { applyProviderEvent, failedRefunds } from '../src/modules/payments/service.js';
import { Agent } from './helpers/agent.js';
import { testEnv } from './helpers/app.js';
import { placeOrderForTest, shopper } from './helpers/checkout.js';
import { makeOperator, makeProduct, makeSeller } from './helpers/factories.js';
import { CARDS, paySandbox } from './helpers/payments.js';

/**
 * Refunds the payment provider refuses after the shop booked them (docs/payments.md "Refused
 * refunds"). The sandbox's "closed card" (…5126) pays, then its bank refuses every refund until the
 * card is renewed: the real refund job, the real sandbox, the real hooks.
 */

const env = await testEnv();
const { app, deps } = env;
const db = deps.db;
const CLOSED_CARD = '4000 0000 0000 5126';
const sandbox = () => getProvider(deps, 'sandbox') as SandboxProvider;

async function paidOrder(card: string) {
  const seller = await makeSeller(db, { shippingFeeCents: 495, freeShippingFromCents: null });
  const product = await makeProduct(db, { sellerId: seller.id });
  const s = await shopper(env, { items: [{ offerId: product.variants[0]!.offer.id, quantity: 2 }] });
  const placed = await placeOrderForTest(env, s.agent);
  const visit = await paySandbox(s.agent, placed.redirectUrl, card);
  assert.ok(visit.returnUrl, 'the sandbox sends the customer back');
  await s.agent.get(new URL(visit.returnUrl, 'http://shop.invalid').pathname + new URL(visit.returnUrl, 'http://shop.invalid').search);
  await env.runJobs();
  const [payment] = await db.select().from(payments).where(and(eq(payments.orderId, placed.order.id), eq(payments.status, 'paid')));
  assert.ok(payment, 'the order is paid');
  const [so] = await db.select().from(sellerOrders).where(eq(sellerOrders.orderId, placed.order.id));
  const lines = await db.select().from(orderLines).where(eq(orderLines.orderId, placed.order.id));
  return { seller, order: placed.order, agent: s.agent, payment, so: so!, lines };
}

const owed = async (sellerId: string) => (await sellerBalances(db, deps.clock.now(), [sellerId]))[0]?.owedCents ?? 0;
const account = async (name: string) => (await trialBalance(db)).accounts.find((a) => a.account === name)?.balanceCents ?? 0;
async function assertBalanced(when: string) {
  const tb = await trialBalance(db);
  assert.equal(tb.totalCents, 0, `trial balance sums to zero ${when}`);
  assert.equal(tb.unbalancedTransactions, 0, `no unbalanced transaction ${when}`);
}

test('a refused refund is reversed (ledger, line, shipping), shown to the customer and to customer service, and retried', async () => {
  const o = await paidOrder(CLOSED_CARD);
  const line = o.lines[0]!;
  const pspBefore = await account('psp');
  // The seller refuses the order: the line and the shipping fee are refunded (booked now, executed by the job).
  await db.transaction((tx) =>
    cancelAndRefund(deps, tx, { sellerOrderId: o.so.id, lineIds: [line.id], verb: 'refuse', actor: { type: 'seller', id: null }, now: deps.clock.now(), reason: 'out_of_stock' }),
  );
  const total = line.totalCents + o.so.shippingCents;
  assert.equal(await account('psp'), pspBefore - total, 'the ledger booked the money going out');
  const owedAfterRefund = await owed(o.seller.id);
  const [l0] = await db.select().from(orderLines).where(eq(orderLines.id, line.id));
  assert.equal(owedAfterRefund, 0, 'the seller owes back everything of a refused order');

  await env.runJobs();
  const rs = await db.select().from(refunds).where(eq(refunds.paymentId, o.payment.id));
  assert.equal(rs.length, 2, 'a refund for the line and one for the shipping fee');
  assert.ok(rs.every((r) => r.status === 'failed' && r.failureCode === 'card_closed'), `the sandbox refused both: ${JSON.stringify(rs.map((r) => [r.status, r.failureCode]))}`);

  // The reversal: money still at the provider, owed to the customer; the seller's side unchanged.
  const [l1] = await db.select().from(orderLines).where(eq(orderLines.id, line.id));
  assert.equal(l1!.refundedCents, 0, 'the line no longer counts as refunded');
  assert.equal(l1!.state, l0!.state, 'the refusal stands: the line keeps its state');
  const [so1] = await db.select().from(sellerOrders).where(eq(sellerOrders.id, o.so.id));
  assert.equal(so1!.shippingRefundedCents, 0, 'the shipping fee no longer counts as refunded');
  await assertBalanced('after the reversal');
  assert.equal(await account('psp'), pspBefore, 'the money is back on the provider account');
  assert.equal(await account('customer_refunds'), -total, 'and owed to the customer');
  assert.equal(await owed(o.seller.id), owedAfterRefund, 'the seller is not owed the customer’s money again');
  const tl = await db.select().from(timelineEvents).where(and(eq(timelineEvents.orderId, o.order.id), eq(timelineEvents.type, 'refund.failed')));
  assert.equal(tl.length, 2, 'the order’s timeline shows both refusals');
  const again0 = await db.transaction((tx) => refundLine(deps, tx, { lineId: line.id, idempotencyKey: 'incident:elsewhere', reason: 'test', actor: { type: 'operator', id: null }, now: deps.clock.now() }));
  assert.deepEqual(again0, { ok: false, code: 'refund_failed_open' }, 'no second refund of the line by another path while the refused one waits for customer service');

  // The customer's "Voir la commande" says it plainly, in each language.
  const page = await o.agent.get(`/fr/account/orders/${o.order.number}`);
  assert.equal(page.statusCode, 200, 'order page');
  assert.match(page.body, /a été refusé par la banque/, 'the customer reads that the refund failed (fr)');
  assert.match(page.body, /service client s’en occupe/, 'and that customer service handles it (fr)');
  assert.match((await o.agent.get(`/nl/account/orders/${o.order.number}`)).body, /door de bank geweigerd/, 'nl');
  assert.match((await o.agent.get(`/en/account/orders/${o.order.number}`)).body, /was refused by the bank/, 'en');

  // Customer service sees both, and retries the shipping refund before the card is renewed: refused again.
  const cs = await makeOperator(db, 'customer_service');
  const op = new Agent(app, { ip: '10.250.0.1' });
  assert.equal((await op.login('/admin/login', cs.email, cs.password)).statusCode, 303, 'operator login');
  const list = await op.get('/admin/refunds');
  assert.equal(list.statusCode, 200, 'the refused refunds page');
  assert.ok(list.body.includes(o.order.number), 'lists the order');
  const shipping = rs.find((r) => !r.orderLineId)!;
  const lineRefund = rs.find((r) => r.orderLineId)!;
  assert.equal((await op.post(`/admin/refunds/${shipping.id}/retry`, {})).statusCode, 303, 'retry answered');
  await env.runJobs();
  const [again] = await db.select().from(refunds).where(eq(refunds.idempotencyKey, `retry:${shipping.id}`));
  assert.equal(again?.status, 'failed', 'the closed card refuses the retry too');
  await assertBalanced('after a refused retry');
  assert.equal(await account('customer_refunds'), -total, 'still owed to the customer');
  const [so2] = await db.select().from(sellerOrders).where(eq(sellerOrders.id, o.so.id));
  assert.equal(so2!.shippingRefundedCents, 0, 'the refused retry is reversed too');

  // The customer's bank renews the card; customer service retries both (a double click adds nothing).
  await sandbox().renewCard(o.payment.providerRef!);
  assert.equal((await op.post(`/admin/refunds/${lineRefund.id}/retry`, {})).statusCode, 303, 'line retry');
  assert.equal((await op.post(`/admin/refunds/${lineRefund.id}/retry`, {})).statusCode, 303, 'double click');
  assert.equal((await op.post(`/admin/refunds/${again!.id}/retry`, {})).statusCode, 303, 'shipping retry of the retry');
  await env.runJobs();
  const all = await db.select().from(refunds).where(eq(refunds.paymentId, o.payment.id));
  assert.equal(all.length, 5, `two refused, one refused retry, two retries that went through: ${all.length} refunds`);
  const succeeded = all.filter((r) => r.status === 'succeeded');
  assert.equal(succeeded.reduce((s, r) => s + r.amountCents, 0), total, 'the customer got everything back, once');
  const [l2] = await db.select().from(orderLines).where(eq(orderLines.id, line.id));
  assert.equal(l2!.refundedCents, line.totalCents, 'the line is refunded again');
  // The order's timeline says it in words, not as a raw event type.
  const timeline = await op.get(`/admin/orders/${o.order.number}`);
  assert.match(timeline.body, /Remboursement refusé par le prestataire de paiement/, 'the refusal in the order timeline');
  assert.match(timeline.body, /Remboursement relancé par le service client/, 'the retry in the order timeline');
  assert.ok(!timeline.body.includes('refund.failed'), 'no raw event type shown');
  const [so3] = await db.select().from(sellerOrders).where(eq(sellerOrders.id, o.so.id));
  assert.equal(so3!.shippingRefundedCents, o.so.shippingCents, 'and the shipping fee');
  await assertBalanced('after the retry');
  assert.equal(await account('customer_refunds'), 0, 'nothing is owed to the customer any more');
  assert.equal(await account('psp'), pspBefore - total, 'the money left the provider');
  assert.equal(await owed(o.seller.id), owedAfterRefund, 'the seller’s balance never moved');
  const audits = await db.select().from(auditLog).where(and(eq(auditLog.action, 'refund.retry'), inArray(auditLog.subjectId, [lineRefund.id, shipping.id, again!.id])));
  assert.equal(audits.length, 3, 'each retry is audited once (the double click is not)');
  assert.ok(audits.every((a) => a.operatorId === cs.id), 'by the operator who asked');
  assert.doesNotMatch((await o.agent.get(`/fr/account/orders/${o.order.number}`)).body, /refusé par la banque :/, 'the customer’s warning is gone once retried');
  assert.equal((await failedRefunds(deps, { onlyOpen: true })).filter((r) => r.payment.id === o.payment.id).length, 0, 'nothing left to handle');
});

/** An order whose payment the shop gave up on (the provider said it expired), then paid on the page still open at the provider. */
async function paidAfterGivingUp(card: string) {
  const seller = await makeSeller(db);
  const product = await makeProduct(db, { sellerId: seller.id });
  const s = await shopper(env, { items: [{ offerId: product.variants[0]!.offer.id }] });
  const placed = await placeOrderForTest(env, s.agent);
  const [p] = await db.select().from(payments).where(eq(payments.orderId, placed.order.id));
  assert.ok(p, 'checkout started a payment');
  const r = await applyProviderEvent(deps, { eventId: `evt_expired_${p.id}`, providerRef: p.providerRef!, status: 'expired', amountCents: p.amountCents, currency: 'EUR', method: null, failureCode: 'expired', occurredAt: deps.clock.now() }, { provider: 'sandbox', source: 'expiry' });
  assert.equal(r.payment?.status, 'expired', 'the shop gave up on the payment');
  await paySandbox(s.agent, placed.redirectUrl, card);
  await env.runJobs();
  return { p, order: placed.order };
}

test('money taken after the shop gave up on a payment is refunded automatically and recorded', async () => {
  const { p, order } = await paidAfterGivingUp(CARDS.visa);
  const events = await db.select().from(paymentEvents).where(eq(paymentEvents.paymentId, p.id));
  assert.ok(events.some((e) => e.outcome === 'paid_after_final'), 'the late payment is recorded');
  assert.ok(events.some((e) => e.outcome === 'auto_refund_queued' && e.amountCents === p.amountCents), `the refund is recorded in payment events: ${events.map((e) => e.outcome)}`);
  const rs = await db.select().from(refunds).where(eq(refunds.paymentId, p.id));
  assert.equal(rs.length, 1, 'one refund, whatever is replayed');
  assert.equal(rs[0]!.status, 'succeeded', 'the provider gave the money back');
  assert.equal(rs[0]!.amountCents, p.amountCents, 'all of it');
  const [reload] = await db.select().from(payments).where(eq(payments.id, p.id));
  assert.equal(reload!.status, 'expired', 'the payment stays given up on: no order is paid with it');
  await assertBalanced('after an automatic refund (outside the ledger)');
  const cs = await makeOperator(db, 'customer_service');
  const op = new Agent(app, { ip: '10.250.0.2' });
  await op.login('/admin/login', cs.email, cs.password);
  const file = await op.get(`/admin/orders/${order.number}`);
  assert.equal(file.statusCode, 200, 'the operator’s order file');
  assert.match(file.body, /paid_after_final/, 'customer service sees the automatic refund under the payment');
  assert.equal((await failedRefunds(deps)).filter((f) => f.payment.id === p.id).length, 0, 'a successful one is not in the refused list');
});

test('an automatic refund the provider refuses is listed for customer service and can be retried', async () => {
  const { p } = await paidAfterGivingUp(CLOSED_CARD);
  const [failed] = await db.select().from(refunds).where(eq(refunds.paymentId, p.id));
  assert.equal(failed?.status, 'failed', 'the closed card refuses the automatic refund');
  const cs = await makeOperator(db, 'customer_service');
  const op = new Agent(app, { ip: '10.250.0.3' });
  await op.login('/admin/login', cs.email, cs.password);
  const page = await op.get('/admin/refunds');
  assert.ok(page.body.includes('Paiement abandonné encaissé'), 'listed as money taken after the shop gave up');
  await sandbox().renewCard(p.providerRef!);
  await op.post(`/admin/refunds/${failed!.id}/retry`, {});
  await env.runJobs();
  const [retry] = await db.select().from(refunds).where(eq(refunds.idempotencyKey, `retry:${failed!.id}`));
  assert.equal(retry?.status, 'succeeded', 'the retry reaches the renewed card');
  await assertBalanced('after an automatic refund retried');
});

test('the notification endpoint: refused bodies keep a short prefix, and one IP is limited per minute', async () => {
  const { NOTIFY_PER_MINUTE } = await import('../src/modules/payments/routes.js');
  const { REFUSED_BODY_CHARS } = await import('../src/modules/payments/service.js');
  const post = (ip: string) => app.inject({ method: 'POST', url: '/payments/notify/sandbox', remoteAddress: ip, payload: 'x'.repeat(4000), headers: { 'content-type': 'application/json' } });
  const first = await post('10.251.0.1');
  assert.equal(first.statusCode, 400, 'an unsigned notification is refused');
  const [ev] = await db.select().from(paymentEvents).where(eq(paymentEvents.outcome, 'unsigned'));
  assert.equal(ev?.rawBody?.length, REFUSED_BODY_CHARS, 'only a short prefix of a refused body is kept');
  for (let i = 1; i < NOTIFY_PER_MINUTE; i++) assert.equal((await post('10.251.0.1')).statusCode, 400, `request ${i + 1} is answered`);
  assert.equal((await post('10.251.0.1')).statusCode, 429, 'beyond the limit the IP is refused before anything is stored');
  const stored = await db.select({ id: paymentEvents.id }).from(paymentEvents).where(eq(paymentEvents.outcome, 'unsigned'));
  assert.equal(stored.length, NOTIFY_PER_MINUTE, 'a refused request stores nothing');
  assert.equal((await post('10.251.0.2')).statusCode, 400, 'another IP is not affected');
});
