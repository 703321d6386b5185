import assert from 'node:assert/strict';
import { test } from 'node:test';
import { asc, eq } from 'drizzle-orm';
import { customers } from '../src/modules/accounts/schema.js';
import { incidents } from '../src/modules/incidents/schema.js';
import { trialBalance } from '../src/modules/ledger/balances.js';
import { emails } from '../src/modules/notifications/schema.js';
import { autoDeliverLines, cancelUnacceptedLines } from '../src/modules/orders/deadlines.js';
import { orderLines, orders } from '../src/modules/orders/schema.js';
import { DEMO_CUSTOMER, DEMO_PASSWORD } from '../src/seed/demo-data.js';
import { seedDemo } from '../src/seed/demo.js';
import { seedDemoOrders } from '../src/seed/demo-orders.js';
import { Agent } from './helpers/agent.js';
import { testEnv } from './helpers/app.js';

/** `npm start`'s demo history: placed through the real shop, paid on the sandbox, handled by the shops. */
const env = await testEnv();
const { db } = env.deps;
await seedDemo(env.deps);
await seedDemoOrders(env.deps);

test('the demo customer has three paid orders spread over three weeks, in three states', async () => {
  const [customer] = await db.select().from(customers).where(eq(customers.email, DEMO_CUSTOMER.email));
  const list = await db.select().from(orders).where(eq(orders.customerId, customer!.id)).orderBy(asc(orders.createdAt));
  assert.equal(list.length, 3, 'three orders');
  assert.ok(list.every((o) => o.paidAt), 'all paid');
  const ageDays = list.map((o) => Math.round((Date.now() - o.createdAt.getTime()) / 86_400_000));
  assert.deepEqual(ageDays, [21, 4, 0], `placed 21 days, 4 days and hours ago (${ageDays})`);
  const states = async (orderId: string) => (await db.select({ s: orderLines.state }).from(orderLines).where(eq(orderLines.orderId, orderId))).map((l) => l.s).sort();
  assert.deepEqual(await states(list[0]!.id), ['delivered', 'delivered'], 'the first is delivered');
  assert.deepEqual(await states(list[1]!.id), ['preparing', 'shipped'], 'the second is half shipped, the rest being prepared');
  assert.deepEqual(await states(list[2]!.id), ['paid'], 'the third waits for its shop');
  const open = await db.select().from(incidents).where(eq(incidents.customerId, customer!.id));
  assert.equal(open.length, 1, 'one incident on the first order');
});

test('the deadlines find nothing to do: the story still holds once the worker runs', async () => {
  assert.equal((await cancelUnacceptedLines(env.deps)).lines, 0, 'no article left unaccepted past the acceptance deadline');
  assert.equal((await autoDeliverLines(env.deps)).lines, 0, 'no parcel shipped long enough ago to count as delivered');
});

test('the money adds up and the emails went out', async () => {
  const tb = await trialBalance(db);
  assert.equal(tb.totalCents, 0, 'the ledger balances');
  assert.equal(tb.unbalancedTransactions, 0, 'no unbalanced transaction');
  const mail = await db.select({ status: emails.status }).from(emails);
  assert.ok(mail.length >= 6, `confirmations, seller notices, shipping notices (${mail.length})`);
  assert.ok(mail.every((m) => m.status !== 'queued'), `every email handled: ${[...new Set(mail.map((m) => m.status))]}`);
});

test('"Mes Commandes" shows them to the demo customer', async () => {
  const agent = new Agent(env.app);
  await agent.login('/fr/login', DEMO_CUSTOMER.email, DEMO_PASSWORD);
  const page = await agent.get('/fr/account/orders');
  assert.equal(page.statusCode, 200, 'the page answers');
  assert.match(page.body, /Livrée/, 'a delivered parcel');
  assert.match(page.body, /Expédiée/, 'a shipped parcel');
  assert.match(page.body, /Payée/, 'a paid order');
});
