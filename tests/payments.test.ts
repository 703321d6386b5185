import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { and, count, eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { SIGNATURE_HEADER, signatureHeader } from '../src/modules/payments/signature.js';
import { paymentEvents, payments, refunds } from '../src/modules/payments/schema.js';
import { sandboxEvents, sandboxPayments, sandboxRefunds } from '../src/modules/payments/sandbox/schema.js';
import {
  applyProviderEvent,
  executeRefund,
  expirePayments,
  getPayment,
  handleReturn,
  onPaymentFailed,
  onPaymentPaid,
  refundPayment,
  startPayment,
  type Payment,
  type StartPaymentInput,
} from '../src/modules/payments/service.js';
import { Agent } from './helpers/agent.js';
import { testEnv } from './helpers/app.js';
import { cancelSandbox, CARDS, paySandbox } from './helpers/payments.js';
import { recordStatements } from './helpers/statements.js';

const env = await testEnv();
const { app, deps } = env;
const db = deps.db;

// The settlement hooks are the payments module's contract: here they only count their calls, so these
// tests see exactly how often a payment settles (checkout's own hooks are tested with real orders).
onPaymentPaid.splice(0);
onPaymentFailed.splice(0);
const paidCalls = new Map<string, number>();
const failedCalls = new Map<string, number>();
onPaymentPaid.push(async (_tx, p) => void paidCalls.set(p.id, (paidCalls.get(p.id) ?? 0) + 1));
onPaymentFailed.push(async (_tx, p) => void failedCalls.set(p.id, (failedCalls.get(p.id) ?? 0) + 1));

async function start(over: Partial<StartPaymentInput> = {}) {
  const r = await db.transaction((tx) =>
    startPayment(deps, tx, {
      orderId: randomUUID(),
      amountCents: 4990,
      description: 'Commande C-2026-000042',
      locale: 'fr',
      returnUrl: '/fr/checkout/return?payment={paymentId}',
      idempotencyKey: `checkout-${randomUUID()}`,
      ...over,
    }),
  );
  assert.ok(r.ok, `startPayment refused: ${!r.ok && r.code}`);
  return r;
}

async function startAndPay(card: string) {
  const s = await start();
  const visit = await paySandbox(app, s.redirectUrl!, card);
  return { ...s, visit };
}

const reload = async (id: string) => (await getPayment(deps, id))!;

async function eventsOf(paymentId: string) {
  return db.select().from(paymentEvents).where(eq(paymentEvents.paymentId, paymentId)).orderBy(paymentEvents.id);
}

/** A notification as the sandbox would send it for this payment, signed (or not) as asked. */
function notification(p: Payment, over: { status?: string; amountCents?: number; currency?: string; id?: string } = {}) {
  return JSON.stringify({
    id: over.id ?? `evt_test_${randomUUID()}`,
    type: 'payment.status',
    created: Math.floor(deps.clock.now().getTime() / 1000),
    payment: { ref: p.providerRef, status: over.status ?? 'paid', amountCents: over.amountCents ?? p.amountCents, currency: over.currency ?? p.currency, method: 'visa', failureCode: null },
  });
}

function postNotification(body: string, signature: string | null, provider = 'sandbox') {
  return app.inject({
    method: 'POST',
    url: `/payments/notify/${provider}`,
    payload: body,
    headers: { 'content-type': 'application/json', ...(signature ? { [SIGNATURE_HEADER]: signature } : {}) },
  });
}

const sign = (body: string, secret = deps.config.paymentSecret, at = deps.clock.now()) => signatureHeader(secret, body, at);

describe('the sandbox hosted page', () => {
  test('shows the shop, the amount, Bancontact / Visa / Mastercard and the test cards, in the language of the order', async () => {
    const fr = await start();
    assert.match(fr.redirectUrl!, /^\/sandbox-pay\/sbx_[0-9a-f]{24}$/);
    const page = await new Agent(app).get(fr.redirectUrl!);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<html lang="fr"/);
    assert.match(page.body, /Comptoir/);
    assert.match(page.body, /Commande C-2026-000042/);
    assert.match(page.body, /49,90\s€/);
    for (const m of ['Bancontact', 'Visa', 'Mastercard']) assert.match(page.body, new RegExp(`name="method" value="${m.toLowerCase()}"`));
    assert.match(page.body, /<label for="f-card">Numéro de carte/);
    for (const n of ['4242 4242 4242 4242', '4000 0000 0000 0002', '4000 0000 0000 3220', '4000 0000 0000 0077', '6703 4444 4444 4449']) assert.ok(page.body.includes(n), n);
    assert.match(page.body, /aucun argent réel/);

    const nl = await start({ locale: 'nl' });
    const nlPage = await new Agent(app).get(nl.redirectUrl!);
    assert.match(nlPage.body, /<html lang="nl"/);
    assert.match(nlPage.body, /Te betalen bedrag/);
  });

  test('is not the shop: it reads no shop session and its forms need its own token', async () => {
    const s = await start();
    const a = new Agent(app);
    await a.get(s.redirectUrl!);
    const noToken = await a.post(s.redirectUrl!, { method: 'visa', card: CARDS.visa }, { csrf: null });
    assert.equal(noToken.statusCode, 403);
    const forged = await a.post(s.redirectUrl!, { method: 'visa', card: CARDS.visa }, { csrf: 'a'.repeat(64) });
    assert.equal(forged.statusCode, 403);
    assert.equal((await reload(s.payment.id)).status, 'pending');
    const [sp] = await db.select().from(sandboxPayments).where(eq(sandboxPayments.ref, s.payment.providerRef!));
    assert.equal(sp!.status, 'open');
    const setCookie = String((await new Agent(app).get(s.redirectUrl!)).headers['set-cookie']);
    assert.match(setCookie, /sbx_token=[0-9a-f]{64}; Path=\/sandbox-pay; HttpOnly; SameSite=Strict/);
  });

  test('an unknown card, a card of another scheme or no method are refused beside their field, with what was typed', async () => {
    const s = await start();
    const a = new Agent(app);
    await a.get(s.redirectUrl!);
    const unknown = await a.post(s.redirectUrl!, { method: 'visa', card: '4111 1111 1111 1111' });
    assert.equal(unknown.statusCode, 422);
    assert.match(unknown.body, /n’accepte que les cartes de test/);
    assert.match(unknown.body, /value="4111 1111 1111 1111"/);
    const scheme = await a.post(s.redirectUrl!, { method: 'bancontact', card: CARDS.visa });
    assert.equal(scheme.statusCode, 422);
    assert.match(scheme.body, /pas celui d’une carte Bancontact/);
    const noMethod = await a.post(s.redirectUrl!, { card: CARDS.visa });
    assert.equal(noMethod.statusCode, 422);
    assert.match(noMethod.body, /Choisissez un moyen de paiement/);
    const invalid = await a.post(s.redirectUrl!, { method: 'visa', card: '4242 4242 4242 4241' });
    assert.match(invalid.body, /n’est pas valide/);
    assert.equal((await reload(s.payment.id)).status, 'pending');
  });

  test('an unknown payment page answers 404', async () => {
    assert.equal((await app.inject('/sandbox-pay/sbx_000000000000000000000000')).statusCode, 404);
    assert.equal((await app.inject('/sandbox-pay/nope')).statusCode, 404);
  });
});

describe('results: whichever of the return and the notification comes first wins, the other changes nothing', () => {
  test('success (Visa): the return marks it paid, the notification after it is a duplicate; settled once', async () => {
    const s = await startAndPay(CARDS.visa);
    assert.equal(s.visit.returnUrl, `${deps.config.publicUrl}/fr/checkout/return?payment=${s.payment.id}`);
    const back = await handleReturn(deps, s.payment.id);
    assert.equal(back!.outcome, 'applied');
    assert.equal(back!.payment!.status, 'paid');
    assert.equal(back!.payment!.method, 'visa');
    assert.ok(back!.payment!.paidAt);
    await env.runJobs(); // the sandbox's signed notification reaches the shop
    const [ev] = await db.select().from(sandboxEvents).where(eq(sandboxEvents.ref, s.payment.providerRef!));
    assert.ok(ev!.deliveredAt, 'the shop acknowledged the notification');
    assert.match(ev!.lastAnswer!, /^200 duplicate/);
    assert.equal((await handleReturn(deps, s.payment.id))!.outcome, 'already_final');
    assert.equal(paidCalls.get(s.payment.id), 1);
    assert.deepEqual(
      (await eventsOf(s.payment.id)).map((e) => [e.source, e.outcome]),
      [
        ['return', 'applied'],
        ['notification', 'duplicate'],
      ],
    );
  });

  test('success (Bancontact): the notification first, then the return changes nothing', async () => {
    const s = await startAndPay(CARDS.bancontact);
    await env.runJobs();
    const p = await reload(s.payment.id);
    assert.equal(p.status, 'paid');
    assert.equal(p.method, 'bancontact');
    assert.equal((await handleReturn(deps, s.payment.id))!.changed, false);
    assert.equal(paidCalls.get(s.payment.id), 1);
  });

  test('refusal: the payment fails (refused), failure hooks run once, paid hooks never', async () => {
    const s = await startAndPay(CARDS.refused);
    assert.ok(s.visit.returnUrl);
    const back = await handleReturn(deps, s.payment.id);
    assert.equal(back!.payment!.status, 'failed');
    assert.equal(back!.payment!.failureCode, 'refused');
    await env.runJobs();
    assert.equal(failedCalls.get(s.payment.id), 1);
    assert.equal(paidCalls.get(s.payment.id), undefined);
  });

  test('challenge: a second page asks for the code; a wrong code is refused on the page, the right one pays', async () => {
    const s = await start();
    const a = new Agent(app);
    await a.get(s.redirectUrl!);
    const first = await a.post(s.redirectUrl!, { method: 'visa', card: CARDS.challenge });
    assert.equal(first.statusCode, 303);
    assert.equal(first.headers.location, s.redirectUrl);
    const step = await a.get(s.redirectUrl!);
    assert.match(step.body, /Confirmez votre paiement/);
    assert.match(step.body, /Carte se terminant par 3220/);
    assert.equal((await handleReturn(deps, s.payment.id))!.payment!.status, 'pending');
    const wrong = await a.post(`${s.redirectUrl}/challenge`, { code: '000000' });
    assert.equal(wrong.statusCode, 422);
    assert.match(wrong.body, /Code incorrect\. Il vous reste 2 essai\(s\)/);
    const right = await a.post(`${s.redirectUrl}/challenge`, { code: '123456' });
    assert.equal(right.statusCode, 303);
    assert.equal(right.headers.location, `${deps.config.publicUrl}/fr/checkout/return?payment=${s.payment.id}`);
    assert.equal((await handleReturn(deps, s.payment.id))!.payment!.status, 'paid');
    assert.equal(paidCalls.get(s.payment.id), 1);
  });

  test('challenge: three wrong codes fail the payment', async () => {
    const s = await start();
    const visit = await paySandbox(app, s.redirectUrl!, CARDS.challenge, { code: '111111' });
    assert.equal(visit.returnUrl, null);
    const a = new Agent(app);
    await a.get(s.redirectUrl!);
    await a.post(`${s.redirectUrl}/challenge`, { code: '222222' });
    const third = await a.post(`${s.redirectUrl}/challenge`, { code: '333333' });
    assert.equal(third.statusCode, 303);
    const back = await handleReturn(deps, s.payment.id);
    assert.equal(back!.payment!.status, 'failed');
    assert.equal(back!.payment!.failureCode, 'authentication_failed');
  });

  test('late answer: the customer returns while it is pending; the notification ~5 s later marks it paid', async () => {
    const s = await startAndPay(CARDS.late);
    assert.equal(s.visit.returnUrl, `${deps.config.publicUrl}/fr/checkout/return?payment=${s.payment.id}`);
    const back = await handleReturn(deps, s.payment.id);
    assert.equal(back!.payment!.status, 'pending');
    assert.equal(back!.outcome, 'no_change');
    const processing = await new Agent(app).get(s.redirectUrl!);
    assert.match(processing.body, /Paiement en cours de traitement/);
    const started = Date.now();
    await env.runJobs();
    assert.equal((await reload(s.payment.id)).status, 'pending', 'the bank has not answered yet');
    while ((await reload(s.payment.id)).status === 'pending' && Date.now() - started < 15_000) {
      await new Promise((r) => setTimeout(r, 250));
      await env.runJobs();
    }
    const elapsed = Date.now() - started;
    assert.equal((await reload(s.payment.id)).status, 'paid');
    assert.ok(elapsed >= 4000, `answered after ${elapsed} ms`);
    assert.equal(paidCalls.get(s.payment.id), 1);
    assert.deepEqual(
      (await eventsOf(s.payment.id)).map((e) => [e.source, e.outcome]),
      [
        ['return', 'no_change'],
        ['notification', 'applied'],
      ],
    );
  });

  test('cancel on the provider page: failed (cancelled), back to the shop', async () => {
    const s = await start();
    const back = await cancelSandbox(app, s.redirectUrl!);
    assert.equal(back, `${deps.config.publicUrl}/fr/checkout/return?payment=${s.payment.id}`);
    const r = await handleReturn(deps, s.payment.id);
    assert.equal(r!.payment!.status, 'failed');
    assert.equal(r!.payment!.failureCode, 'cancelled');
    assert.equal(failedCalls.get(s.payment.id), 1);
  });

  test('a double click on "Payer" takes the card once', async () => {
    const s = await start();
    const a = new Agent(app);
    await a.get(s.redirectUrl!);
    const both = await Promise.all([a.post(s.redirectUrl!, { method: 'visa', card: CARDS.visa }), a.post(s.redirectUrl!, { method: 'visa', card: CARDS.visa })]);
    assert.deepEqual(both.map((r) => r.statusCode), [303, 303]);
    const [{ n }] = (await db.select({ n: count() }).from(sandboxEvents).where(eq(sandboxEvents.ref, s.payment.providerRef!))) as [{ n: number }];
    assert.equal(n, 1);
  });
});

describe('the card step: one statement for a card paid or refused at once, the locked path for the rest (issue 11)', () => {
  /** The statements the sandbox's POST sends (the page cache's freshness `select 1` is not the card's). */
  async function submit(a: Agent, page: string, card: string, method = 'visa') {
    const { statements, value } = await recordStatements(pg.Client.prototype, () => a.post(page, { method, card }));
    return { res: value, statements: statements.filter((s) => s.trim() !== 'select 1') };
  }

  /** A customer on the page (its form token in their cookie). */
  async function opened(page: string) {
    const a = new Agent(app);
    await a.get(page);
    return a;
  }

  async function sandboxState(ref: string) {
    const [payment] = await db.select().from(sandboxPayments).where(eq(sandboxPayments.ref, ref));
    const events = await db.select().from(sandboxEvents).where(eq(sandboxEvents.ref, ref)).orderBy(sandboxEvents.createdAt);
    const { rows: jobs } = await db.execute<{ task_identifier: string; payload: unknown; max_attempts: number; key: string }>(
      sql`select t.identifier as task_identifier, j.payload, j.max_attempts, j.key from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
        where j.key = any(${`{${events.map((e) => `sandbox_notify:${e.id}`).join(',')}}`}::text[])`,
    );
    return { payment: payment!, events, jobs };
  }

  /** The notification body as finish() writes it on the locked path, byte for byte. */
  const body = (e: { id: string; ref: string; status: string; createdAt: Date }, method: string | null, failureCode: string | null) =>
    JSON.stringify({
      id: e.id,
      type: 'payment.status',
      created: Math.floor(e.createdAt.getTime() / 1000),
      payment: { ref: e.ref, status: e.status, amountCents: 4990, currency: 'EUR', method, failureCode },
    });

  for (const [card, status, failureCode, last4, method] of [
    [CARDS.visa, 'paid', null, '4242', 'visa'],
    ['4000 0000 0000 5126', 'paid', null, '5126', 'visa'],
    [CARDS.refused, 'failed', 'refused', '0002', 'visa'],
    [CARDS.bancontactRefused, 'failed', 'refused', '0007', 'bancontact'],
  ] as const) {
    test(`${card} (${status}): one statement, and the same payment, event, body and job as before`, async () => {
      const s = await start();
      const a = await opened(s.redirectUrl!);
      const { res, statements } = await submit(a, s.redirectUrl!, card, method);
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, `${deps.config.publicUrl}/fr/checkout/return?payment=${s.payment.id}`);
      assert.equal(statements.length, 1, statements.join('\n'));
      const ref = s.payment.providerRef!;
      const { payment, events, jobs } = await sandboxState(ref);
      assert.equal(events.length, 1);
      const [e] = events;
      assert.deepEqual(
        { status: payment.status, failureCode: payment.failureCode, method: payment.method, cardLast4: payment.cardLast4, challengeAttempts: payment.challengeAttempts },
        { status, failureCode, method, cardLast4: last4, challengeAttempts: 0 },
      );
      assert.match(e!.id, /^evt_[0-9a-f]{24}$/);
      assert.deepEqual({ status: e!.status, deliveredAt: e!.deliveredAt, attempts: e!.attempts, lastAnswer: e!.lastAnswer }, { status, deliveredAt: null, attempts: 0, lastAnswer: null });
      assert.equal(e!.createdAt.getTime(), payment.updatedAt.getTime(), 'the event at the time of the change');
      assert.ok(payment.updatedAt > payment.createdAt && payment.updatedAt <= deps.clock.now());
      assert.equal(e!.body, body(e!, method, failureCode));
      assert.deepEqual(jobs, [{ task_identifier: 'sandbox_notify', payload: { eventId: e!.id }, max_attempts: 12, key: `sandbox_notify:${e!.id}` }]);
      await env.runJobs(); // the shop is told, as before
      assert.equal((await reload(s.payment.id)).status, status);
      assert.ok((await sandboxState(ref)).events[0]!.deliveredAt);
    });
  }

  test('a page whose time is up still expires when a card is submitted, and tells the shop; the card is not taken', async () => {
    const s = await start();
    const a = await opened(s.redirectUrl!);
    env.clock.advance({ minutes: 16 });
    const { res } = await submit(a, s.redirectUrl!, CARDS.visa);
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, s.redirectUrl);
    assert.match((await a.follow(res)).body, /Délai de paiement dépassé/);
    const { payment, events, jobs } = await sandboxState(s.payment.providerRef!);
    assert.deepEqual([payment.status, payment.failureCode, payment.method, payment.cardLast4], ['expired', 'expired', null, null]);
    assert.deepEqual(events.map((e) => e.status), ['expired']);
    assert.equal(events[0]!.body, body(events[0]!, null, 'expired'));
    assert.equal(jobs.length, 1);
    await env.runJobs();
    const p = await reload(s.payment.id);
    assert.deepEqual([p.status, p.failureCode], ['expired', 'expired']);
    assert.equal(failedCalls.get(s.payment.id), 1);
  });

  test('a page no longer open, a 3-D Secure card, a late-answer card or an unknown page go through the locked path as before', async () => {
    const paid = await start();
    const customer = new Agent(app);
    await paySandbox(customer, paid.redirectUrl!, CARDS.visa);
    const again = await submit(customer, paid.redirectUrl!, CARDS.refused); // back button, second tab
    assert.equal(again.res.statusCode, 303);
    assert.equal(again.res.headers.location, paid.redirectUrl, 'a paid page takes no second card');
    assert.deepEqual((await sandboxState(paid.payment.providerRef!)).events.map((e) => e.status), ['paid']);

    const challenge = await start();
    const c = await submit(await opened(challenge.redirectUrl!), challenge.redirectUrl!, CARDS.challenge);
    assert.equal(c.res.headers.location, challenge.redirectUrl);
    const cs = await sandboxState(challenge.payment.providerRef!);
    assert.deepEqual([cs.payment.status, cs.payment.cardLast4, cs.events.length], ['challenge', '3220', 0]);

    const late = await start();
    const l = await submit(await opened(late.redirectUrl!), late.redirectUrl!, CARDS.late);
    assert.equal(l.res.headers.location, `${deps.config.publicUrl}/fr/checkout/return?payment=${late.payment.id}`);
    const ls = await sandboxState(late.payment.providerRef!);
    assert.deepEqual([ls.payment.status, ls.events.length], ['processing', 0]);
    const { rows } = await db.execute<{ n: number }>(sql`select count(*)::int as n from graphile_worker.jobs where key = ${`sandbox_settle:${late.payment.providerRef}`}`);
    assert.equal(rows[0]!.n, 1, 'the late answer is scheduled');

    const unknown = await submit(customer, '/sandbox-pay/sbx_000000000000000000000000', CARDS.visa);
    assert.equal(unknown.res.statusCode, 404);
  });

  test('concurrent submits of one page, of cards that pay and cards that fail, settle it once: one status, one event, one job', async () => {
    for (let round = 0; round < 5; round++) {
      const s = await start();
      const a = await opened(s.redirectUrl!);
      const cards = [CARDS.visa, CARDS.refused, CARDS.visa, CARDS.refused, CARDS.visa, CARDS.refused];
      const answers = await Promise.all(cards.map((card) => a.post(s.redirectUrl!, { method: 'visa', card })));
      const back = `${deps.config.publicUrl}/fr/checkout/return?payment=${s.payment.id}`;
      assert.deepEqual(answers.map((r) => r.statusCode), cards.map(() => 303));
      assert.equal(answers.filter((r) => r.headers.location === back).length, 1, 'one submit took the card');
      assert.equal(answers.filter((r) => r.headers.location === s.redirectUrl).length, cards.length - 1, 'the others are sent back to the page');
      const { payment, events, jobs } = await sandboxState(s.payment.providerRef!);
      assert.equal(events.length, 1);
      assert.equal(jobs.length, 1);
      assert.equal(events[0]!.status, payment.status);
      assert.equal(payment.cardLast4, payment.status === 'paid' ? '4242' : '0002');
    }
  });

  test('a submit and a cancel at once: one of them settles the page, with one event', async () => {
    for (let round = 0; round < 5; round++) {
      const s = await start();
      const a = await opened(s.redirectUrl!);
      await Promise.all([a.post(s.redirectUrl!, { method: 'visa', card: CARDS.visa }), a.post(`${s.redirectUrl}/cancel`, {})]);
      const { payment, events, jobs } = await sandboxState(s.payment.providerRef!);
      assert.ok(payment.status === 'paid' || (payment.status === 'failed' && payment.failureCode === 'cancelled'), payment.status);
      assert.deepEqual(events.map((e) => e.status), [payment.status]);
      assert.equal(jobs.length, 1);
    }
  });
});

describe('notifications: unsigned, forged, stale, replayed, duplicated and out of order change nothing', () => {
  test('unsigned → 400, recorded, nothing changes', async () => {
    const s = await start();
    const res = await postNotification(notification(s.payment), null);
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().outcome, 'unsigned');
    assert.equal((await reload(s.payment.id)).status, 'pending');
    const [rec] = await db.select().from(paymentEvents).where(and(eq(paymentEvents.outcome, 'unsigned'), sql`${paymentEvents.rawBody} like ${'%' + s.payment.providerRef + '%'}`));
    assert.equal(rec!.signatureValid, false);
    assert.ok(rec!.requestId);
  });

  test('signed with a wrong secret, or a body changed after signing → 400 bad_signature', async () => {
    const s = await start();
    const body = notification(s.payment);
    const wrong = await postNotification(body, sign(body, 'not-the-shop-secret-at-all'));
    assert.equal(wrong.statusCode, 400);
    assert.equal(wrong.json().outcome, 'bad_signature');
    const genuine = notification(s.payment, { status: 'failed' });
    const tampered = genuine.replace('"failed"', '"paid"');
    const res = await postNotification(tampered, sign(genuine));
    assert.equal(res.json().outcome, 'bad_signature');
    const garbage = await postNotification(body, 't=abc,v1=xyz');
    assert.equal(garbage.json().outcome, 'bad_signature');
    assert.equal((await reload(s.payment.id)).status, 'pending');
    assert.equal(paidCalls.get(s.payment.id), undefined);
  });

  test('a correctly signed notification older than 5 minutes (or from the future) → 400 stale', async () => {
    const s = await start();
    const body = notification(s.payment);
    const header = sign(body);
    env.clock.advance({ minutes: 5, ms: 1000 });
    const res = await postNotification(body, header);
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().outcome, 'stale');
    const future = await postNotification(body, sign(body, undefined, new Date(deps.clock.now().getTime() + 6 * 60_000)));
    assert.equal(future.json().outcome, 'stale');
    assert.equal((await reload(s.payment.id)).status, 'pending');
    // Within the window it is accepted.
    const fresh = await postNotification(body, sign(body));
    assert.equal(fresh.json().outcome, 'applied');
  });

  test('replayed (same event twice) → the second is a logged duplicate; one change', async () => {
    const s = await start();
    const body = notification(s.payment);
    const header = sign(body);
    const first = await postNotification(body, header);
    const again = await postNotification(body, header);
    assert.equal(first.json().outcome, 'applied');
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().outcome, 'duplicate');
    assert.equal(paidCalls.get(s.payment.id), 1);
    assert.deepEqual((await eventsOf(s.payment.id)).map((e) => e.outcome), ['applied', 'duplicate']);
  });

  test('an event id already recorded never changes the payment, even when what it says now would', async () => {
    // The change and its event go in one statement, the UPDATE guarded by the event's INSERT: the
    // id seen first as "pending" (no change) and then as "paid" is a duplicate, the payment stays pending.
    const s = await start();
    const eventId = `evt_same_${randomUUID()}`;
    const event = (status: 'pending' | 'paid') => ({ eventId, providerRef: s.payment.providerRef!, status, amountCents: s.payment.amountCents, currency: 'EUR', method: 'visa', failureCode: null, occurredAt: deps.clock.now() });
    assert.equal((await applyProviderEvent(deps, event('pending'), { provider: 'sandbox', source: 'notification' })).outcome, 'no_change');
    const again = await applyProviderEvent(deps, event('paid'), { provider: 'sandbox', source: 'notification' });
    assert.equal(again.outcome, 'duplicate');
    assert.equal(again.changed, false);
    assert.equal((await reload(s.payment.id)).status, 'pending');
    assert.equal(paidCalls.get(s.payment.id), undefined);
  });

  test('the same event delivered ten times at once changes the payment once', async () => {
    const s = await start();
    const body = notification(s.payment);
    const header = sign(body);
    const all = await Promise.all(Array.from({ length: 10 }, () => postNotification(body, header)));
    assert.deepEqual(all.map((r) => r.statusCode), Array(10).fill(200));
    assert.equal(all.filter((r) => r.json().outcome === 'applied').length, 1);
    assert.equal(paidCalls.get(s.payment.id), 1);
  });

  test('out of order: a "failed" after "paid" changes nothing; a "pending" after it neither', async () => {
    const s = await start();
    const paid = notification(s.payment, { status: 'paid' });
    const failed = notification(s.payment, { status: 'failed' });
    const pending = notification(s.payment, { status: 'pending' });
    assert.equal((await postNotification(pending, sign(pending))).json().outcome, 'no_change');
    assert.equal((await postNotification(paid, sign(paid))).json().outcome, 'applied');
    assert.equal((await postNotification(failed, sign(failed))).json().outcome, 'already_final');
    assert.equal((await postNotification(pending, sign(pending))).json().outcome, 'duplicate');
    const p = await reload(s.payment.id);
    assert.equal(p.status, 'paid');
    assert.equal(paidCalls.get(s.payment.id), 1);
    assert.equal(failedCalls.get(s.payment.id), undefined);
  });

  test('amount mismatch: never paid; the payment fails with the reason, recorded', async () => {
    const s = await start();
    const body = notification(s.payment, { amountCents: 499 });
    const res = await postNotification(body, sign(body));
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().outcome, 'amount_mismatch');
    const p = await reload(s.payment.id);
    assert.equal(p.status, 'failed');
    assert.equal(p.failureCode, 'amount_mismatch');
    assert.equal(p.paidAt, null);
    assert.equal(paidCalls.get(s.payment.id), undefined);
    const [ev] = await eventsOf(s.payment.id);
    assert.equal(ev!.amountCents, 499);
    // A correct "paid" afterwards cannot revive it; it stands out for the operator.
    const ok = notification(s.payment);
    assert.equal((await postNotification(ok, sign(ok))).json().outcome, 'paid_after_final');
    assert.equal((await reload(s.payment.id)).status, 'failed');
  });

  test('currency mismatch: never paid, recorded', async () => {
    const s = await start();
    const body = notification(s.payment, { currency: 'USD' });
    assert.equal((await postNotification(body, sign(body))).json().outcome, 'currency_mismatch');
    const p = await reload(s.payment.id);
    assert.equal(p.status, 'failed');
    assert.equal(p.failureCode, 'currency_mismatch');
    assert.equal(paidCalls.get(s.payment.id), undefined);
  });

  test('signed but unreadable, for an unknown payment, or for an unknown provider', async () => {
    const junk = '{"hello":';
    assert.equal((await postNotification(junk, sign(junk))).json().outcome, 'malformed');
    const s = await start();
    const other = notification({ ...s.payment, providerRef: 'sbx_ffffffffffffffffffffffff' });
    const unknown = await postNotification(other, sign(other));
    assert.equal(unknown.statusCode, 200);
    assert.equal(unknown.json().outcome, 'unknown_payment');
    assert.equal((await postNotification(other, sign(other), 'nopay')).statusCode, 404);
    const empty = await app.inject({ method: 'POST', url: '/payments/notify/sandbox' });
    assert.equal(empty.statusCode, 400);
  });
});

describe('one checkout is charged at most once', () => {
  test('50 concurrent startPayment calls with one key make one payment and one provider payment', async () => {
    const orderId = randomUUID();
    const key = `checkout-${randomUUID()}`;
    const all = await Promise.all(
      Array.from({ length: 50 }, () =>
        db.transaction((tx) => startPayment(deps, tx, { orderId, amountCents: 12_345, description: 'Commande C-2026-000050', locale: 'fr', returnUrl: '/fr/checkout/return', idempotencyKey: key })),
      ),
    );
    assert.ok(all.every((r) => r.ok));
    const ids = new Set(all.map((r) => r.payment.id));
    const pages = new Set(all.map((r) => r.ok && r.redirectUrl));
    assert.equal(ids.size, 1);
    assert.equal(pages.size, 1);
    assert.equal(all.filter((r) => r.ok && r.created).length, 1);
    const [{ n }] = (await db.select({ n: count() }).from(payments).where(eq(payments.orderId, orderId))) as [{ n: number }];
    assert.equal(n, 1);
    const [{ m }] = (await db.select({ m: count() }).from(sandboxPayments).where(eq(sandboxPayments.merchantRef, [...ids][0]!))) as [{ m: number }];
    assert.equal(m, 1);
  });

  test('a key reused for another amount or order is refused; a second key for a live order is refused', async () => {
    const s = await start();
    const reused = await db.transaction((tx) =>
      startPayment(deps, tx, { orderId: s.payment.orderId, amountCents: 1, description: 'x', locale: 'fr', returnUrl: '/fr/', idempotencyKey: s.payment.idempotencyKey }),
    );
    assert.deepEqual([reused.ok, !reused.ok && reused.code], [false, 'key_reused']);
    const second = () =>
      db.transaction((tx) => startPayment(deps, tx, { orderId: s.payment.orderId, amountCents: 4990, description: 'x', locale: 'fr', returnUrl: '/fr/', idempotencyKey: `other-${randomUUID()}` }));
    const inProgress = await second();
    assert.deepEqual([inProgress.ok, !inProgress.ok && inProgress.code], [false, 'payment_in_progress']);
    await paySandbox(app, s.redirectUrl!, CARDS.visa);
    await handleReturn(deps, s.payment.id);
    const paid = await second();
    assert.deepEqual([paid.ok, !paid.ok && paid.code], [false, 'already_paid']);
    // The same key after payment: the same payment, and no page to go to.
    const same = await db.transaction((tx) =>
      startPayment(deps, tx, { orderId: s.payment.orderId, amountCents: 4990, description: 'x', locale: 'fr', returnUrl: '/fr/', idempotencyKey: s.payment.idempotencyKey }),
    );
    assert.ok(same.ok && same.payment.id === s.payment.id && same.redirectUrl === null && !same.created);
  });

  test('after a failed payment the order may be paid with a new attempt', async () => {
    const s = await startAndPay(CARDS.refused);
    await handleReturn(deps, s.payment.id);
    const retry = await start({ orderId: s.payment.orderId });
    assert.ok(retry.created);
    assert.notEqual(retry.payment.id, s.payment.id);
  });
});

describe('refunds', () => {
  async function paid(amountCents = 4990) {
    const s = await start({ amountCents });
    await paySandbox(app, s.redirectUrl!, CARDS.visa);
    await handleReturn(deps, s.payment.id);
    assert.equal((await reload(s.payment.id)).status, 'paid');
    return s.payment;
  }
  const refundsAtSandbox = async (p: Payment) => db.select().from(sandboxRefunds).where(eq(sandboxRefunds.paymentRef, p.providerRef!));

  test('a refund goes through the provider once, whatever is retried; the same key gives the same refund', async () => {
    const p = await paid();
    const lineId = randomUUID();
    const first = await refundPayment(deps, null, { paymentId: p.id, orderLineId: lineId, amountCents: 1500, idempotencyKey: `line-cancel:${lineId}`, reason: 'withdrawal' });
    assert.ok(first.ok && first.created && first.refund.status === 'pending');
    const again = await refundPayment(deps, null, { paymentId: p.id, orderLineId: lineId, amountCents: 1500, idempotencyKey: `line-cancel:${lineId}`, reason: 'withdrawal' });
    assert.ok(again.ok && !again.created && again.refund.id === first.refund.id);
    await env.runJobs();
    await executeRefund(deps, first.refund.id); // a retried job
    const [r] = await db.select().from(refunds).where(eq(refunds.id, first.refund.id));
    assert.equal(r!.status, 'succeeded');
    assert.match(r!.providerRef!, /^rfd_/);
    const atSandbox = await refundsAtSandbox(p);
    assert.equal(atSandbox.length, 1);
    assert.equal(atSandbox[0]!.amountCents, 1500);
  });

  test('never more than what was paid minus what is refunded; not on an unpaid payment; a key is not reusable for another amount', async () => {
    const p = await paid(3000);
    const k = () => `refund-${randomUUID()}`;
    assert.ok((await refundPayment(deps, null, { paymentId: p.id, amountCents: 2000, idempotencyKey: k(), reason: 'r' })).ok);
    const over = await refundPayment(deps, null, { paymentId: p.id, amountCents: 1001, idempotencyKey: k(), reason: 'r' });
    assert.deepEqual(over, { ok: false, code: 'exceeds_refundable' });
    const rest = await refundPayment(deps, null, { paymentId: p.id, amountCents: 1000, idempotencyKey: 'the-rest-' + p.id, reason: 'r' });
    assert.ok(rest.ok);
    assert.deepEqual(await refundPayment(deps, null, { paymentId: p.id, amountCents: 1, idempotencyKey: k(), reason: 'r' }), { ok: false, code: 'exceeds_refundable' });
    assert.deepEqual(await refundPayment(deps, null, { paymentId: p.id, amountCents: 999, idempotencyKey: 'the-rest-' + p.id, reason: 'r' }), { ok: false, code: 'key_reused' });
    assert.deepEqual(await refundPayment(deps, null, { paymentId: p.id, amountCents: 0, idempotencyKey: k(), reason: 'r' }), { ok: false, code: 'invalid_amount' });
    const pending = await start();
    assert.deepEqual(await refundPayment(deps, null, { paymentId: pending.payment.id, amountCents: 100, idempotencyKey: k(), reason: 'r' }), { ok: false, code: 'payment_not_paid' });
    assert.deepEqual(await refundPayment(deps, null, { paymentId: randomUUID(), amountCents: 100, idempotencyKey: k(), reason: 'r' }), { ok: false, code: 'payment_not_found' });
    await env.runJobs();
    const total = (await refundsAtSandbox(p)).reduce((a, r) => a + r.amountCents, 0);
    assert.equal(total, 3000);
  });

  test('two refunds at once never exceed the paid amount (and ten at once neither)', async () => {
    const p = await paid(4990);
    const two = await Promise.all([3000, 3000].map((amountCents) => refundPayment(deps, null, { paymentId: p.id, amountCents, idempotencyKey: `r-${randomUUID()}`, reason: 'incident' })));
    assert.deepEqual(two.map((r) => r.ok).sort(), [false, true]);
    const p2 = await paid(4990);
    const ten = await Promise.all(Array.from({ length: 10 }, () => refundPayment(deps, null, { paymentId: p2.id, amountCents: 1000, idempotencyKey: `r-${randomUUID()}`, reason: 'incident' })));
    assert.equal(ten.filter((r) => r.ok).length, 4);
    await env.runJobs();
    for (const x of [p, p2]) {
      const [row] = await db.select({ s: sql<number>`coalesce(sum(${refunds.amountCents}), 0)::int` }).from(refunds).where(eq(refunds.paymentId, x.id));
      assert.ok(row!.s <= x.amountCents);
      assert.ok((await refundsAtSandbox(x)).reduce((a, r) => a + r.amountCents, 0) <= x.amountCents);
    }
  });

  test('a refund in the caller’s transaction disappears with it if the caller rolls back', async () => {
    const p = await paid(2000);
    const key = `rolled-back-${randomUUID()}`;
    await assert.rejects(
      db.transaction(async (tx) => {
        const r = await refundPayment(deps, tx, { paymentId: p.id, amountCents: 2000, idempotencyKey: key, reason: 'cancel' });
        assert.ok(r.ok);
        throw new Error('the line could not be cancelled');
      }),
    );
    assert.equal((await db.select().from(refunds).where(eq(refunds.idempotencyKey, key))).length, 0);
    await env.runJobs();
    assert.equal((await refundsAtSandbox(p)).length, 0);
  });
});

describe('expiry', () => {
  test('a payment left open expires at the provider, then in the shop (once); its page says so and takes no card', async () => {
    const s = await start();
    const a = new Agent(app);
    await a.get(s.redirectUrl!); // the customer opened the page, then walked away
    const young = await expirePayments(deps);
    assert.equal((await reload(s.payment.id)).status, 'pending', `checked ${young.checked}`);
    env.clock.advance({ minutes: 31 });
    const r = await expirePayments(deps);
    assert.ok(r.changed >= 1);
    const p = await reload(s.payment.id);
    assert.equal(p.status, 'expired');
    assert.equal(p.failureCode, 'expired');
    assert.equal(failedCalls.get(s.payment.id), 1);
    await env.runJobs(); // the sandbox's own "expired" notification: a duplicate
    assert.equal(failedCalls.get(s.payment.id), 1);
    const late = await a.post(s.redirectUrl!, { method: 'visa', card: CARDS.visa });
    assert.equal(late.statusCode, 303);
    const page = await a.follow(late);
    assert.match(page.body, /Délai de paiement dépassé/);
    const [sp] = await db.select().from(sandboxPayments).where(eq(sandboxPayments.ref, s.payment.providerRef!));
    assert.equal(sp!.status, 'expired');
    assert.equal((await reload(s.payment.id)).status, 'expired');
  });

  test('a payment the provider still processes is left pending', async () => {
    const s = await startAndPay(CARDS.late);
    env.clock.advance({ minutes: 31 });
    await expirePayments(deps);
    assert.equal((await reload(s.payment.id)).status, 'pending');
  });
});
