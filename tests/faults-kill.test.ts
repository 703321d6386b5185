import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import type { Database } from '../src/db/client.js';
import { checkoutOverHttp, hiddenField, HttpAgent, payOnSandbox, startChildApp, type ChildApp } from './helpers/child-app.js';
import { createTestDatabase } from './helpers/db.js';
import { makeCustomer, makeProduct, makeSeller } from './helpers/factories.js';
import { startSmtp } from './helpers/smtp.js';

/**
 * Issue 12: Comptoir killed (SIGKILL, no cleanup at all) at chosen points of checkout, payment and
 * refund — src/shared/faults.ts, points named in COMPTOIR_FAULT. After a restart without the fault,
 * nothing is half-done (checked in SQL after every scenario) and the worker finishes what was queued.
 *
 * A job running when its worker is killed stays locked by the dead worker until the restarted app's
 * dead-worker sweep frees it (decision 0027: the worker's heartbeat is older than
 * WORKER_STALE_SECONDS — 90 s in production, 2 s here), then runs again: every restart below waits
 * for that, within the delay, instead of graphile-worker's own 4 hours.
 */

// At the top level, not in before(): the database's after() hook must belong to the file.
const database: Database = await createTestDatabase();
const smtp = await startSmtp();
const initialStock = new Map<string, number>();
const [offerA, offerB] = await Promise.all(
  ['A', 'B'].map(async (name) => {
    const seller = await makeSeller(database.db, { name: `Maison ${name}` });
    const p = await makeProduct(database.db, { sellerId: seller.id, title: `Article ${name}`, priceCents: 3000, stock: 20 });
    const offerId = p.variants[0]!.offer.id;
    initialStock.set(offerId, 20);
    return offerId;
  }),
) as [string, string];

const q = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await database.pool.query(sql, params)).rows as T[];

const STALE = 2;
const children: ChildApp[] = [];
async function start(fault?: string): Promise<ChildApp> {
  const app = await startChildApp({ databaseUrl: database.url, env: { SMTP_URL: smtp.url, COMPTOIR_FAULT: fault, WORKER_STALE_SECONDS: String(STALE) } });
  children.push(app);
  return app;
}
// A failed test must not leave its app running into the next one (it would run that test's jobs).
afterEach(async () => {
  for (const c of children.splice(0)) await c.kill();
});

/**
 * Starts the app again without the fault; its sweep frees the dead worker's jobs (the email or refund
 * they were doing is done again) within the stale delay and one sweep.
 */
async function restart(crash: Crash): Promise<ChildApp> {
  const app = await start();
  await deadLocksFreed(crash);
  return app;
}

type Crash = { dead: string[]; inFlightEmails: string[]; lockedJobs: number; killedAt: number };

/**
 * Waits until the child dies, and asserts it was the fault point's SIGKILL. Returns the dead worker's
 * ids and the emails whose job it was running: killed between the SMTP server's answer and the row's
 * update, those may go twice (at-least-once) — whichever point the kill was aimed at.
 */
async function diesAt(app: ChildApp, fault: string): Promise<Crash> {
  const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 20_000).unref());
  const e = await Promise.race([app.exited, timeout]);
  if (e === 'timeout') await app.kill();
  assert.notEqual(e, 'timeout', `the app should have died at ${fault}; output:\n${app.output().slice(-2000)}`);
  assert.equal((e as { signal: string | null }).signal, 'SIGKILL', `killed by the fault point ${fault} (exit ${JSON.stringify(e)})`);
  const killedAt = Date.now();
  const dead = await lockingWorkers();
  const [locked] = await q<{ n: number }>(`select count(*)::int as n from graphile_worker.jobs where locked_by = any($1)`, [dead]);
  const inFlight = await q<{ id: string }>(`select payload->>'emailId' as id from graphile_worker._private_jobs where locked_by = any($1) and payload->>'emailId' is not null`, [dead]);
  return { dead, inFlightEmails: inFlight.map((r) => r.id), lockedJobs: locked!.n, killedAt };
}

/**
 * The dead worker's locks are freed by a live process's sweep: at the latest one sweep (STALE/3)
 * after they are STALE old, measured from the kill (the restart itself takes longer than STALE).
 */
async function deadLocksFreed(crash: Crash): Promise<void> {
  if (crash.dead.length === 0) return;
  const bound = Math.max(Date.now() - crash.killedAt, STALE * 1000) + (STALE * 1000) / 3 + 2000;
  await waitFor(`the dead worker's jobs to be unlocked within ${bound} ms of the kill`, async () => {
    const [r] = await q<{ n: number }>(`select count(*)::int as n from graphile_worker.jobs where locked_by = any($1)`, [crash.dead]);
    return r!.n === 0;
  }, bound - (Date.now() - crash.killedAt));
}

async function waitFor<T>(what: string, get: () => Promise<T | null | undefined | false>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; jobs: ${JSON.stringify(await jobsNow())}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function jobsNow() {
  return q(`select t.identifier, j.payload, j.attempts, j.locked_by, j.run_at, j.last_error from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id`);
}

/** Workers holding job locks now: after a kill, the dead one's jobs. */
async function lockingWorkers(): Promise<string[]> {
  const rows = await q<{ locked_by: string }>(`select distinct locked_by from graphile_worker._private_jobs where locked_by is not null`);
  return rows.map((r) => r.locked_by);
}

/** The worker has nothing left to do, the dead worker's jobs included (freed by the sweep). */
async function workerIdle(): Promise<void> {
  await waitFor('the worker to finish the queued jobs', async () => {
    const [r] = await q<{ n: number }>(
      `select count(*)::int as n from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
        where t.identifier in ('send_email', 'payment_refund', 'sandbox_notify') and j.attempts < j.max_attempts and j.run_at <= now()`,
    );
    return r!.n === 0;
  }, 20_000);
}

async function shopper(app: ChildApp) {
  const c = await makeCustomer(database.db);
  const agent = new HttpAgent(app.url);
  await agent.login('/fr/login', c.email, c.password);
  return { customer: c, agent };
}

async function ordersOf(customerId: string) {
  return q<{ id: string; number: string; paid_at: Date | null }>(`select id, number, paid_at from orders where customer_id = $1 order by created_at`, [customerId]);
}

async function paidOrder(customerId: string) {
  return waitFor('the order to be paid', async () => (await ordersOf(customerId)).find((o) => o.paid_at) ?? null);
}

/** Pays an order and waits for it to be paid (by the notification or the customer's return). */
async function buyAndPay(agent: HttpAgent, customerId: string) {
  const { placed } = await checkoutOverHttp(agent, [offerA, offerB]);
  assert.equal(placed.status, 303, 'Payer sends the customer to the provider');
  const back = await payOnSandbox(agent, placed.location!);
  await agent.get(back);
  return paidOrder(customerId);
}

/** Issue 12's invariants, over the whole database. */
async function assertNothingHalfDone(label: string): Promise<void> {
  const noLines = await q(`select o.number from orders o where not exists (select 1 from order_lines l where l.order_id = o.id)`);
  assert.deepEqual(noLines, [], `${label}: every order has lines`);
  const orphanLines = await q(`select l.id from order_lines l left join seller_orders so on so.id = l.seller_order_id where so.id is null or so.order_id <> l.order_id`);
  assert.deepEqual(orphanLines, [], `${label}: every order line has its seller order`);
  const emptySellerOrders = await q(`select so.number from seller_orders so where not exists (select 1 from order_lines l where l.seller_order_id = so.id)`);
  assert.deepEqual(emptySellerOrders, [], `${label}: every seller order has lines`);
  const paidMismatch = await q(
    `select o.number from orders o where (o.paid_at is not null) <> exists (select 1 from payments p where p.order_id = o.id and p.status = 'paid')
        or (o.paid_at is not null and exists (select 1 from order_lines l where l.order_id = o.id and l.state = 'awaiting_payment'))`,
  );
  assert.deepEqual(paidMismatch, [], `${label}: an order is paid exactly when its payment is, and then none of its lines awaits payment`);
  const noConfirmation = await q(`select o.number from orders o where o.paid_at is not null and not exists (select 1 from emails e where e.dedupe_key = 'order-confirmation:' || o.id)`);
  assert.deepEqual(noConfirmation, [], `${label}: every paid order has its confirmation email queued or sent`);
  const noSellerEmail = await q(
    `select so.number from seller_orders so join orders o on o.id = so.order_id where o.paid_at is not null and not exists (select 1 from emails e where e.dedupe_key = 'seller-new-order:' || so.id)`,
  );
  assert.deepEqual(noSellerEmail, [], `${label}: every seller order of a paid order has its seller email queued or sent`);
  const noJob = await q(
    `select e.id from emails e where e.status = 'queued' and not exists (select 1 from graphile_worker._private_jobs j where j.payload->>'emailId' = e.id::text)`,
  );
  assert.deepEqual(noJob, [], `${label}: every email not sent yet still has its job`);
  const stock = await q<{ id: string; stock: number; held: number }>(
    `select f.id, f.stock, coalesce((select sum(l.quantity) from order_lines l where l.offer_id = f.id and l.state <> 'cancelled'), 0)::int as held from offers f`,
  );
  for (const s of stock) assert.equal(s.stock + s.held, initialStock.get(s.id), `${label}: stock of offer ${s.id}: ${s.stock} left + ${s.held} held by live lines = the initial stock`);
  const noCapture = await q(`select l.id from order_lines l where l.state <> 'awaiting_payment' and l.state <> 'cancelled' and not exists (select 1 from ledger_transactions t where t.event_key = 'capture:' || l.id)`);
  assert.deepEqual(noCapture, [], `${label}: every paid line is booked in the ledger`);
  const unbooked = await q(
    `select r.id from refunds r where not exists (select 1 from ledger_transactions t where t.event_key = 'refund:' || r.id or t.event_key like 'shipping_refund:%:' || r.id)`,
  );
  assert.deepEqual(unbooked, [], `${label}: every refund has its ledger entries`);
  const strayBooking = await q(
    `select t.event_key from ledger_transactions t where t.kind in ('refund', 'shipping_refund') and not exists (select 1 from refunds r where t.event_key = 'refund:' || r.id or t.event_key like 'shipping_refund:%:' || r.id)`,
  );
  assert.deepEqual(strayBooking, [], `${label}: no refund booked in the ledger without its refund`);
  const wrongPsp = await q(
    `select r.id from refunds r where -r.amount_cents <> coalesce((select sum(e.amount_cents) from ledger_entries e join ledger_transactions t on t.id = e.transaction_id
        where e.account = 'psp' and (t.event_key = 'refund:' || r.id or t.event_key like 'shipping_refund:%:' || r.id)), 0)`,
  );
  assert.deepEqual(wrongPsp, [], `${label}: each refund takes exactly its amount out of the provider's account in the ledger`);
  const lineRefunds = await q(
    `select l.id from order_lines l where l.refunded_cents <> coalesce((select sum(r.amount_cents) from refunds r where r.order_line_id = l.id and r.status in ('pending', 'succeeded')), 0)::int`,
  );
  assert.deepEqual(lineRefunds, [], `${label}: a line's refunded amount is the sum of its refunds`);
  const [balance] = await q<{ total: number; unbalanced: number }>(
    `select coalesce(sum(amount_cents), 0)::int as total, (select count(*)::int from (select transaction_id from ledger_entries group by transaction_id having sum(amount_cents) <> 0) x) as unbalanced from ledger_entries`,
  );
  assert.equal(balance!.total, 0, `${label}: the trial balance is zero`);
  assert.equal(balance!.unbalanced, 0, `${label}: every ledger transaction balances`);
}

/** Every email marked sent reached the SMTP server exactly once (or twice when listed in `twice`). */
function assertDeliveredOnce(label: string, sent: { id: string }[], twice: string[] = []): void {
  const byId = new Map<string, number>();
  for (const m of smtp.mails) byId.set(String(m.raw.messageId), (byId.get(String(m.raw.messageId)) ?? 0) + 1);
  for (const e of sent) {
    const n = byId.get(`<${e.id}@comptoir.local>`) ?? 0;
    if (twice.includes(e.id)) assert.ok(n === 1 || n === 2, `${label}: email ${e.id} (in the at-least-once window) arrived ${n} times`);
    else assert.equal(n, 1, `${label}: email ${e.id} arrived ${n} times at the SMTP server`);
  }
}

async function emailsOf(orderId: string) {
  return q<{ id: string; status: string; dedupe_key: string }>(`select id, status, dedupe_key from emails where order_id = $1`, [orderId]);
}

async function allSent(orderId: string) {
  return waitFor('every email of the order to be sent', async () => {
    const list = await emailsOf(orderId);
    return list.length >= 3 && list.every((e) => e.status === 'sent') ? list : null;
  }, 20_000);
}

test('killed inside the "Payer" transaction: no order, no units held; paying again works', async () => {
  const app = await start('checkout.place.before-commit');
  const { customer, agent } = await shopper(app);
  const attempt = checkoutOverHttp(agent, [offerA, offerB]).catch((err: Error) => err);
  const crash = await diesAt(app, 'checkout.place.before-commit');
  assert.ok((await attempt) instanceof Error, 'the customer’s request got no answer');
  assert.deepEqual(await ordersOf(customer.id), [], 'the transaction rolled back: no order');
  await assertNothingHalfDone('after the kill');

  const again = await restart(crash);
  agent.base = again.url;
  const { placed } = await checkoutOverHttp(agent, []); // the cart is still there
  assert.equal(placed.status, 303, 'the customer can pay after the restart');
  await agent.get(await payOnSandbox(agent, placed.location!));
  const order = await paidOrder(customer.id);
  await workerIdle();
  await assertNothingHalfDone('after the restart');
  assertDeliveredOnce('after the restart', await allSent(order.id), crash.inFlightEmails);
  await again.kill();
});

test('killed after "Payer" committed, before the redirect: the same form finds the same order and payment', async () => {
  const app = await start('checkout.place.after-commit');
  const { customer, agent } = await shopper(app);
  let form: { checkoutKey: string; seen: string } | null = null;
  const attempt = (async () => {
    for (const offerId of [offerA, offerB]) {
      await agent.get('/fr/cart');
      await agent.post('/fr/cart/add', { offerId, quantity: '1' });
    }
    const summary = await agent.get('/fr/checkout/summary');
    form = { checkoutKey: hiddenField(summary.body, 'checkoutKey'), seen: hiddenField(summary.body, 'seen') };
    return agent.post('/fr/checkout/place', form);
  })().catch((err: Error) => err);
  const crash = await diesAt(app, 'checkout.place.after-commit');
  assert.ok((await attempt) instanceof Error, 'the customer’s request got no answer');
  const placed = await ordersOf(customer.id);
  assert.equal(placed.length, 1, 'the order committed before the kill');
  await assertNothingHalfDone('after the kill');

  const again = await restart(crash);
  agent.base = again.url;
  // The customer's browser retries the POST (or they press "Payer" again on the same summary).
  const retry = await agent.post('/fr/checkout/place', form!);
  assert.equal(retry.status, 303, 'the retried "Payer" answers with the payment page');
  const payments = await q<{ n: number }>(`select count(*)::int as n from payments where order_id = $1`, [placed[0]!.id]);
  assert.equal(payments[0]!.n, 1, 'still one payment for the order');
  await agent.get(await payOnSandbox(agent, retry.location!));
  const order = await paidOrder(customer.id);
  assert.equal(order.id, placed[0]!.id, 'the order placed before the kill is the one paid');
  assert.equal((await ordersOf(customer.id)).length, 1, 'one order, not two');
  await workerIdle();
  await assertNothingHalfDone('after the restart');
  assertDeliveredOnce('after the restart', await allSent(order.id), crash.inFlightEmails);
  await again.kill();
});

test('killed inside the transaction that marks the order paid: nothing paid, no email; the customer’s return settles it once', async () => {
  const app = await start('payment.paid.before-commit');
  const { customer, agent } = await shopper(app);
  const { placed } = await checkoutOverHttp(agent, [offerA, offerB]);
  const back = await payOnSandbox(agent, placed.location!); // the worker delivers the notification and dies
  const crash = await diesAt(app, 'payment.paid.before-commit');
  const [order] = await ordersOf(customer.id);
  assert.equal(order!.paid_at, null, 'the order is not paid: the transaction rolled back');
  assert.deepEqual(await emailsOf(order!.id), [], 'no email queued for an order that is not paid');
  await assertNothingHalfDone('after the kill');

  const again = await start();
  agent.base = again.url;
  const ret = await agent.get(back); // the customer's return asks the provider
  assert.equal(ret.status < 400, true, `the return page answers (${ret.status})`);
  await paidOrder(customer.id);
  const sent = await allSent(order!.id);
  // The dead worker's notification job, freed by the sweep, runs again: a duplicate, nothing more.
  assert.ok(crash.lockedJobs >= 1, 'the notification job was locked by the dead worker');
  await deadLocksFreed(crash);
  await workerIdle();
  const [events] = await q<{ n: number }>(`select count(*)::int as n from payment_events e join payments p on p.id = e.payment_id where p.order_id = $1 and e.outcome = 'duplicate'`, [order!.id]);
  assert.equal(events!.n, 1, 'the late notification is recorded as a duplicate');
  await assertNothingHalfDone('after the restart');
  assertDeliveredOnce('after the restart', sent, crash.inFlightEmails);
  await again.kill();
});

test('killed after the notification committed: the order is paid with its emails queued, sent once after the restart', async () => {
  const app = await start('payment.notification.after-commit');
  const { customer, agent } = await shopper(app);
  const { placed } = await checkoutOverHttp(agent, [offerA, offerB]);
  await payOnSandbox(agent, placed.location!);
  const crash = await diesAt(app, 'payment.notification.after-commit');
  const order = (await ordersOf(customer.id))[0]!;
  assert.ok(order.paid_at, 'the order is paid (committed before the kill)');
  assert.equal((await emailsOf(order.id)).length, 3, 'the confirmation and both sellers’ emails are queued');
  await assertNothingHalfDone('after the kill');

  const again = await restart(crash);
  const sent = await allSent(order.id);
  await workerIdle();
  await assertNothingHalfDone('after the restart');
  assertDeliveredOnce('after the restart', sent, crash.inFlightEmails);
  await again.kill();
});

test('killed after the SMTP server accepted an email, before it is marked sent: it goes again (at least once), never lost', async () => {
  const app = await start('email.smtp.accepted');
  const { customer, agent } = await shopper(app);
  const { placed } = await checkoutOverHttp(agent, [offerA, offerB]);
  await agent.get(await payOnSandbox(agent, placed.location!));
  const crash = await diesAt(app, 'email.smtp.accepted');
  const order = (await ordersOf(customer.id))[0]!;
  const inFlight = crash.inFlightEmails;
  assert.ok(inFlight.length >= 1, 'the email being sent keeps its job (locked by the dead worker)');
  const accepted = inFlight.filter((id) => smtp.mails.some((m) => m.raw.messageId === `<${id}@comptoir.local>`));
  assert.ok(accepted.length >= 1, 'an email was accepted by the SMTP server before the kill');
  const statuses = await emailsOf(order.id);
  for (const id of accepted) assert.equal(statuses.find((e) => e.id === id)?.status, 'queued', 'not marked sent: the kill came first');

  const again = await restart(crash);
  const sent = await allSent(order.id);
  await workerIdle();
  await assertNothingHalfDone('after the restart');
  assertDeliveredOnce('after the restart', sent, inFlight);
  const dup = inFlight.filter((id) => smtp.mails.filter((m) => m.raw.messageId === `<${id}@comptoir.local>`).length === 2);
  assert.ok(dup.length >= 1, 'the email in the window went twice, with the same Message-ID (a receiving server may drop the copy)');
  await again.kill();
});

/** A paid order, then the seller of offer A refuses its line (its seller order is cancelled: line and shipping refunded). */
async function refuseAfterPaying(fault: string) {
  const app = await start(fault);
  const { customer, agent } = await shopper(app);
  const order = await buyAndPay(agent, customer.id);
  const [so] = await q<{ number: string; seller_email: string; line_id: string }>(
    `select so.number, u.email as seller_email, l.id as line_id from seller_orders so join order_lines l on l.seller_order_id = so.id
       join seller_users u on u.seller_id = so.seller_id where so.order_id = $1 and l.offer_id = $2`,
    [order.id, offerA],
  );
  const seller = new HttpAgent(app.url);
  await seller.login('/vendeur/login', so!.seller_email, 'Correct-horse-42');
  const page = `/vendeur/orders/${encodeURIComponent(so!.number)}`;
  const refuse = async () => {
    await seller.get(page); // the order page and its form's token
    return seller.post(`${page}/refuse`, { lines: so!.line_id, reason: 'out_of_stock' });
  };
  return { app, order, so: so!, seller, refuse };
}

async function refundsOf(orderId: string) {
  return q<{ id: string; status: string; amount_cents: number }>(`select r.id, r.status, r.amount_cents from refunds r join payments p on p.id = r.payment_id where p.order_id = $1`, [orderId]);
}

async function refundsSettled(orderId: string, n: number) {
  return waitFor(`${n} refunds to succeed`, async () => {
    const list = await refundsOf(orderId);
    return list.length === n && list.every((r) => r.status === 'succeeded') ? list : null;
  }, 20_000);
}

async function sandboxRefunds(orderId: string) {
  const [r] = await q<{ n: number; total: number }>(
    `select count(*)::int as n, coalesce(sum(s.amount_cents), 0)::int as total from sandbox_refunds s join payments p on p.provider_ref = s.payment_ref where p.order_id = $1`,
    [orderId],
  );
  return r!;
}

test('killed while booking a refund (seller refuses a line): nothing refunded, nothing booked; refusing again refunds once', async () => {
  const { app, order, seller, refuse } = await refuseAfterPaying('refund.book.before-commit');
  const attempt = refuse().catch((err: Error) => err);
  const crash = await diesAt(app, 'refund.book.before-commit');
  assert.ok((await attempt) instanceof Error, 'the seller’s request got no answer');
  assert.deepEqual(await refundsOf(order.id), [], 'no refund recorded');
  const [line] = await q<{ state: string; refunded_cents: number }>(`select state, refunded_cents from order_lines where order_id = $1 and offer_id = $2`, [order.id, offerA]);
  assert.equal(line!.state, 'paid', 'the line is still paid (its refusal rolled back)');
  await assertNothingHalfDone('after the kill');

  const again = await restart(crash);
  seller.base = again.url;
  const r = await refuse();
  assert.equal(r.status, 303, `the seller refuses again after the restart (${r.status})`);
  const done = await refundsSettled(order.id, 2); // the line and the seller order's shipping
  assert.equal((await sandboxRefunds(order.id)).total, done.reduce((s, x) => s + x.amount_cents, 0), 'the provider refunded exactly what the shop booked');
  await workerIdle();
  await assertNothingHalfDone('after the restart');
  await again.kill();
});

for (const fault of ['refund.provider.answered', 'refund.settle.before-commit']) {
  test(`killed in the refund job (${fault}): the refund stays pending, and its retry refunds once at the provider`, async () => {
    const { app, order, refuse } = await refuseAfterPaying(fault);
    const r = await refuse();
    assert.equal(r.status, 303, 'the refusal committed (refunds booked, jobs queued)');
    const crash = await diesAt(app, fault);
    const pending = await refundsOf(order.id);
    assert.ok(pending.length === 2 && pending.some((x) => x.status === 'pending'), 'a refund is still pending after the kill');
    assert.ok((await sandboxRefunds(order.id)).n >= 1, 'the provider had refunded before the kill');
    await assertNothingHalfDone('after the kill');

    const again = await restart(crash);
    const done = await refundsSettled(order.id, 2);
    const provider = await sandboxRefunds(order.id);
    assert.equal(provider.n, 2, 'two refunds at the provider, not three: the retry reused its idempotency key');
    assert.equal(provider.total, done.reduce((s, x) => s + x.amount_cents, 0), 'the provider refunded exactly what the shop booked');
    await workerIdle();
    await assertNothingHalfDone('after the restart');
    await again.kill();
  });
}

test('a fault point kills only when named, and never in production', async () => {
  const { spawnSync } = await import('node:child_process');
  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, ['--import', 'tsx', '-e', `import('./src/shared/faults.ts').then((m) => { m.faultPoint('here'); console.log('alive'); })`], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
  const killed = run({ NODE_ENV: 'test', COMPTOIR_FAULT: 'here' });
  assert.equal(killed.signal, 'SIGKILL', `killed at the named point (got ${killed.status} ${killed.signal})`);
  const other = run({ NODE_ENV: 'test', COMPTOIR_FAULT: 'elsewhere' });
  assert.ok(other.status === 0 && other.stdout.includes('alive'), 'another point named: nothing happens');
  const prod = run({ NODE_ENV: 'production', COMPTOIR_FAULT: 'here' });
  assert.ok(prod.status === 0 && prod.stdout.includes('alive'), `production ignores COMPTOIR_FAULT (got ${prod.status} ${prod.signal})`);
});
