import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eq, inArray } from 'drizzle-orm';
import { queueEmail, resendEmail } from '../src/modules/notifications/emails.js';
import { resendByOperator } from '../src/modules/operators/emails.js';
import { SMTP_TIMEOUTS } from '../src/modules/notifications/mailer.js';
import { emails } from '../src/modules/notifications/schema.js';
import { orders } from '../src/modules/orders/schema.js';
import { Agent } from './helpers/agent.js';
import { testEnv } from './helpers/app.js';
import { placeOrderForTest, shopper } from './helpers/checkout.js';
import { makeOperator, makeProduct, makeSeller } from './helpers/factories.js';
import { CARDS, paySandbox } from './helpers/payments.js';
import { startFaultySmtp } from './helpers/smtp-faults.js';

// Issue 12: the mail server refuses, then hangs, then comes back; the shop keeps selling and every
// email reaches it exactly once. A permanent refusal is not retried.
const smtp = await startFaultySmtp();
const env = await testEnv({ smtpUrl: smtp.url }); // no timeouts in the URL: the shop's own defaults apply
const { app, deps } = env;
const db = deps.db;
const pool = deps.database.pool;

const seller = await makeSeller(db, { name: 'Maison Dupont' });
const plaid = (await makeProduct(db, { sellerId: seller.id, title: 'Plaid en laine', stock: 50 })).variants[0]!.offer.id;

type JobRow = { attempts: number; last_error: string | null; due_in_s: number };
/** The send_email job of an email as graphile-worker holds it (none once it completed or was given up). */
async function jobOf(emailId: string): Promise<JobRow | null> {
  const r = await pool.query<JobRow>(
    `select attempts, last_error, extract(epoch from run_at - now())::float as due_in_s from graphile_worker._private_jobs where key = $1`,
    [`email:${emailId}`],
  );
  return r.rows[0] ?? null;
}
/** Skips the back-off: every waiting job is due now (graphile-worker's clock is PostgreSQL's, not the TestClock). */
const dueNow = () => pool.query(`update graphile_worker._private_jobs set run_at = now() where locked_at is null`);
const rowsOf = (ids: string[]) => db.select().from(emails).where(inArray(emails.id, ids));

describe('SMTP refusing for a while, then hanging, then back', () => {
  test('the order succeeds; attempts and errors are logged; each email is delivered once when SMTP returns', async () => {
    smtp.mode('defer');
    const { agent } = await shopper(env, { items: [{ offerId: plaid }] });
    const { redirectUrl, order } = await placeOrderForTest(env, agent);
    const visit = await paySandbox(agent, redirectUrl, CARDS.visa);
    const back = await agent.get(new URL(visit.returnUrl!).pathname);
    assert.ok(back.statusCode === 200 || back.statusCode === 303, `return page answered ${back.statusCode}`);
    await env.runJobs(); // the payment notification, then the emails' first attempt (451)

    const [paid] = await db.select().from(orders).where(eq(orders.id, order.id));
    assert.ok(paid!.paidAt, 'the order is paid although no email could leave');
    const confirmation = await agent.follow(await agent.get(new URL(visit.returnUrl!).pathname)).catch(() => null);
    assert.ok(!confirmation || confirmation.statusCode === 200, 'the confirmation page shows');
    const list = await agent.get('/fr/account/orders');
    assert.ok(list.body.includes(order.number), 'the order is in "Mes Commandes"');

    const ids = (await db.select({ id: emails.id }).from(emails).where(eq(emails.orderId, order.id))).map((r) => r.id);
    assert.equal(ids.length, 2, 'the confirmation and the seller’s new-order email');
    for (const e of await rowsOf(ids)) {
      assert.equal(e.status, 'failed', `email ${e.kind} after a 451: ${e.status}`);
      assert.equal(e.attempts, 1, `email ${e.kind}: one attempt`);
      assert.match(e.lastError ?? '', /451/, `email ${e.kind} keeps the SMTP answer`);
      const job = await jobOf(e.id);
      assert.ok(job, `email ${e.kind}: its job waits for another attempt`);
      assert.equal(job.attempts, 1, 'graphile counted the attempt');
      assert.ok(job.due_in_s > 0.5, `back-off: the next attempt is later (${job.due_in_s.toFixed(2)} s), not at once`);
    }
    assert.equal(smtp.received.length, 0, 'nothing was accepted');

    // A hung server: each attempt gives up after the greeting timeout, not nodemailer's minutes.
    smtp.mode('hang');
    await dueNow();
    const before = smtp.connections();
    const started = Date.now();
    await env.runJobs();
    const took = Date.now() - started;
    assert.equal(smtp.connections() - before, 2, 'both emails tried the hung server');
    assert.ok(took < 2 * (SMTP_TIMEOUTS.greetingTimeout + 2_000), `two hung attempts took ${took} ms`);
    for (const e of await rowsOf(ids)) {
      assert.equal(e.status, 'failed', `email ${e.kind} after a timeout`);
      assert.equal(e.attempts, 2, `email ${e.kind}: two attempts`);
      assert.match(e.lastError ?? '', /greeting|timeout/i, `email ${e.kind}: the timeout is logged (${e.lastError})`);
      assert.ok(await jobOf(e.id), `email ${e.kind}: still to retry`);
    }

    // The operator sees the attempts and the errors in "Emails envoyés".
    const op = await makeOperator(db, 'admin');
    const admin = new Agent(app, { ip: '10.9.9.9' });
    assert.equal((await admin.login('/admin/login', op.email, op.password)).statusCode, 303, 'operator logged in');
    const box = await admin.get('/admin/emails');
    assert.equal(box.statusCode, 200, 'mailbox page');
    for (const id of ids) {
      const row = new RegExp(`href="/admin/emails/${id}"[\\s\\S]*?Nouvel essai prévu[\\s\\S]*?(greeting|timeout)[\\s\\S]*?<td>2</td>`, 'i');
      assert.match(box.body, row, `the mailbox shows email ${id} to be tried again, its error and 2 attempts`);
      assert.match((await admin.get(`/admin/emails/${id}`)).body, /Nouvel essai prévu/, 'and so does its page');
    }

    // SMTP is back: each email goes out once, and only once however often the worker runs.
    smtp.mode('ok');
    await dueNow();
    await env.runJobs();
    await dueNow();
    await env.runJobs();
    assert.equal(smtp.received.length, 2, `received: ${smtp.received.map((m) => m.subject).join(' | ')}`);
    for (const e of await rowsOf(ids)) {
      assert.equal(e.status, 'sent', `email ${e.kind} sent`);
      assert.equal(e.attempts, 3, `email ${e.kind}: sent at the third attempt`);
      assert.equal(e.lastError, null, 'the error is cleared once sent');
      assert.equal(smtp.received.filter((m) => m.messageId === `<${e.id}@comptoir.local>`).length, 1, `email ${e.kind} received exactly once`);
      assert.equal(await jobOf(e.id), null, `email ${e.kind}: no job left`);
    }
    const sentBox = await admin.get('/admin/emails');
    for (const id of ids) assert.match(sentBox.body, new RegExp(`href="/admin/emails/${id}"[\\s\\S]*?Envoyé[\\s\\S]*?<td>3</td>`), `the mailbox shows ${id} sent after 3 attempts`);
  });
});

describe('a permanent refusal', () => {
  test('SMTP 550 marks the email bounced at once and it is never tried again', async () => {
    smtp.mode('refuse');
    const id = await db.transaction((tx) =>
      queueEmail(tx, { dedupeKey: `bounce-${Date.now()}`, kind: 'test', to: 'nobody@example.test', locale: 'fr', subject: 'Bonjour', text: 'Bonjour', html: '<p>Bonjour</p>' }),
    );
    assert.ok(id, 'queued');
    const before = smtp.connections();
    await env.runJobs();
    const [e] = await rowsOf([id]);
    assert.equal(e!.status, 'bounced', `status after a 550: ${e!.status}`);
    assert.equal(e!.attempts, 1, 'one attempt');
    assert.match(e!.lastError ?? '', /550/, 'the refusal is kept');
    assert.equal(await jobOf(id), null, 'no job left to retry it');

    smtp.mode('ok');
    await dueNow();
    await env.runJobs();
    assert.equal(smtp.connections() - before, 1, 'the server was asked once');
    const [still] = await rowsOf([id]);
    assert.equal(still!.status, 'bounced', 'still bounced');
    assert.equal(still!.attempts, 1, 'still one attempt');

    const op = await makeOperator(db, 'admin');
    const admin = new Agent(app, { ip: '10.9.9.10' });
    await admin.login('/admin/login', op.email, op.password);
    const page = await admin.get(`/admin/emails/${id}`);
    assert.equal(page.statusCode, 200, 'email page');
    assert.ok(page.body.includes('Rejeté'), 'the email page says "Rejeté"');
    assert.match(page.body, /550/, 'and shows the refusal');
  });

  test('a 4xx is retried, not bounced', async () => {
    smtp.mode('defer');
    const id = await db.transaction((tx) =>
      queueEmail(tx, { dedupeKey: `defer-${Date.now()}`, kind: 'test', to: 'later@example.test', locale: 'fr', subject: 'Plus tard', text: 'x', html: '<p>x</p>' }),
    );
    await env.runJobs();
    const [e] = await rowsOf([id!]);
    assert.equal(e!.status, 'failed', 'a temporary failure');
    assert.ok(await jobOf(id!), 'its job waits for the next attempt');
    smtp.mode('ok');
    await dueNow();
    await env.runJobs();
    assert.equal((await rowsOf([id!]))[0]!.status, 'sent', 'sent once SMTP accepts');
  });
});

describe('resending', () => {
  test('two resends in the same millisecond are two emails', async () => {
    smtp.mode('ok');
    const id = await db.transaction((tx) =>
      queueEmail(tx, { dedupeKey: `resend-${Date.now()}`, kind: 'test', to: 'twice@example.test', locale: 'fr', subject: 'Deux fois', text: 'x', html: '<p>x</p>' }),
    );
    const realNow = Date.now;
    const frozen = realNow();
    Date.now = () => frozen;
    let copies: (string | null)[];
    try {
      copies = await db.transaction(async (tx) => [await resendEmail(tx, id!, 'customer'), await resendEmail(tx, id!, 'customer')]);
    } finally {
      Date.now = realNow;
    }
    assert.ok(copies[0] && copies[1], `both resends queued an email: ${copies.join(', ')}`);
    assert.notEqual(copies[0], copies[1], 'two rows');
    await env.runJobs();
    assert.equal(smtp.received.filter((m) => m.to.includes('twice@example.test')).length, 3, 'the original and both copies arrive');
  });

  test('"Renvoyer" on an email still being retried replaces its retry: the customer gets one copy', async () => {
    smtp.mode('defer');
    const id = await db.transaction((tx) =>
      queueEmail(tx, { dedupeKey: `replace-${Date.now()}`, kind: 'test', to: 'once@example.test', locale: 'fr', subject: 'Une fois', text: 'x', html: '<p>x</p>' }),
    );
    await env.runJobs();
    assert.ok(await jobOf(id!), 'the deferred email waits for its next attempt');
    const op = await makeOperator(db, 'customer_service');
    const r = await resendByOperator(deps, { operatorId: op.id, emailId: id! });
    assert.ok(r.ok, 'resent');
    assert.equal(await jobOf(id!), null, 'the original’s retry is gone');
    // In "Emails envoyés" the original is now a failure nobody will retry, no longer "Nouvel essai prévu".
    const viewer = new Agent(app, { ip: '10.9.9.8' });
    assert.equal((await viewer.login('/admin/login', op.email, op.password)).statusCode, 303);
    const page = (await viewer.get(`/admin/emails/${id}`)).body;
    assert.match(page, /badge status-failed">Échec</);
    assert.doesNotMatch(page, /Nouvel essai prévu/);
    smtp.mode('ok');
    await dueNow();
    await env.runJobs();
    assert.equal(smtp.received.filter((m) => m.to.includes('once@example.test')).length, 1, 'one copy, not two');
  });
});
