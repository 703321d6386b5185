import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { deleteAccount } from '../src/modules/accounts/privacy.js';
import { queueOrderEmails } from '../src/modules/checkout/emails.js';
import { queueEmail } from '../src/modules/notifications/emails.js';
import { emails } from '../src/modules/notifications/schema.js';
import { Agent } from './helpers/agent.js';
import { testEnv } from './helpers/app.js';
import { makeCustomer, makePaidOrder, makeProduct, makeSeller } from './helpers/factories.js';

/** The sent-email log and the customer's privacy rights: listed in the export, erased on deletion (rows kept for statistics). */

const env = await testEnv();
const { app, deps } = env;
const db = deps.db;

async function customerWithEmails() {
  const seller = await makeSeller(db);
  const product = await makeProduct(db, { sellerId: seller.id });
  const customer = await makeCustomer(db, { firstName: 'Zoé' });
  const order = await makePaidOrder(db, { customer, lines: [{ offer: product.variants[0]!.offer }], at: env.clock.now() });
  await db.transaction((tx) => queueOrderEmails(deps, tx, order.order.id));
  await env.runJobs();
  // One sent before the account knew it (by address only), one still waiting to be sent.
  await queueEmail(db, { dedupeKey: `test-signup-${customer.id}`, kind: 'signup', to: customer.email, locale: 'fr', subject: 'Bienvenue Zoé', text: `Bonjour Zoé (${customer.email})`, html: '<p>Bonjour Zoé</p>' });
  await env.runJobs();
  await queueEmail(db, { dedupeKey: `test-later-${customer.id}`, kind: 'order_shipped', to: customer.email, locale: 'fr', subject: 'Expédiée', text: 'Votre colis, Zoé', html: '<p>Zoé</p>', customerId: customer.id });
  return { customer, order };
}

test('the export lists the emails sent to the customer (date, subject, status), not their bodies', async () => {
  const { customer } = await customerWithEmails();
  const other = await customerWithEmails();
  const a = new Agent(app, { ip: '10.252.0.1' });
  assert.equal((await a.login('/fr/login', customer.email, customer.password)).statusCode, 303, 'login');
  const res = await a.get('/fr/account/privacy/export');
  assert.equal(res.statusCode, 200, 'export');
  const data = res.json() as { emails?: { date: string; subject: string; status: string }[] };
  const mine = await db.select().from(emails).where(sql`${emails.customerId} = ${customer.id} or ${emails.toAddress} = ${customer.email}`);
  assert.ok(mine.length >= 3, `the customer has order, sign-up and waiting emails (${mine.length})`);
  assert.equal(data.emails?.length, mine.length, 'every email sent to the customer is listed, by account or by address');
  assert.ok(data.emails!.some((e) => e.subject === 'Bienvenue Zoé'), 'including one sent before the account existed');
  assert.ok(data.emails!.every((e) => typeof e.date === 'string' && e.subject !== undefined && e.status), 'date, subject, status');
  assert.ok(!res.body.includes('Bonjour Zoé ('), 'bodies are not exported');
  assert.ok(!res.body.includes(other.customer.email), 'another customer’s emails are not');
});

test('deleting the account erases recipient, subject and bodies of the customer’s emails, keeps the rows, and sends nothing more', async () => {
  const other = await customerWithEmails();
  const { customer } = await customerWithEmails();
  const before = await db.select().from(emails).where(sql`${emails.customerId} = ${customer.id} or ${emails.toAddress} = ${customer.email}`);
  assert.ok(before.some((e) => e.status === 'queued'), 'one email is still waiting to be sent');
  await deleteAccount(deps, customer.id);
  const after = await db.select().from(emails).where(sql`${emails.id} in ${before.map((e) => e.id)}`);
  assert.equal(after.length, before.length, 'the rows stay for the statistics');
  for (const e of after) {
    const was = before.find((b) => b.id === e.id)!;
    assert.equal(e.kind, was.kind, 'kind kept');
    assert.equal(e.toAddress, '', 'recipient erased');
    assert.equal(e.subject + e.textBody + e.htmlBody, '', 'subject and bodies erased');
    assert.equal(e.smtpResponse, null, 'SMTP texts erased');
    if (was.status === 'queued') assert.equal(e.status, 'failed', 'an email not sent yet never will be');
    else assert.equal(e.status, was.status, 'status kept');
  }
  const leaks = await db.execute<{ n: number }>(sql`select count(*)::int as n from emails where to_address ilike ${customer.email} or text_body ilike ${'%Zoé%'} and customer_id = ${customer.id}`);
  assert.equal(leaks.rows[0]!.n, 0, 'nothing in the log names the person any more');
  const jobs = await db.execute<{ n: number }>(sql`select count(*)::int as n from graphile_worker.jobs where key in ${before.map((e) => `email:${e.id}`)}`);
  assert.equal(jobs.rows[0]!.n, 0, 'no delivery job is left for them');
  await env.runJobs();
  const [waiting] = await db.select().from(emails).where(eq(emails.dedupeKey, `test-later-${customer.id}`));
  assert.equal(waiting!.status, 'failed', `the waiting email was never sent (${waiting!.status} ${waiting!.lastError})`);
  const others = await db.select().from(emails).where(eq(emails.toAddress, other.customer.email));
  assert.ok(others.length >= 2 && others.every((e) => e.textBody !== ''), 'another customer’s emails are untouched');
});
