import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { apiKeys, webhookDeliveries, webhooks } from '../src/modules/api/schema.js';
import { verifyWebhook } from '../src/modules/api/signing.js';
import { attemptDelivery, checkWebhookUrl, isPrivateAddress, MAX_ATTEMPTS, queueDueDeliveries } from '../src/modules/api/webhooks.js';
import { customerReply, disputeResolution } from '../src/modules/incidents/customer.js';
import { openIncident } from '../src/modules/incidents/open.js';
import { runPayouts } from '../src/modules/ledger/payouts.js';
import { startProductQuestion } from '../src/modules/messaging/threads.js';
import { sellerUsers } from '../src/modules/sellers/schema.js';
import { Agent } from './helpers/agent.js';
import { ApiClient } from './helpers/api.js';
import { testEnv } from './helpers/app.js';
import { placeOrderForTest, shopper } from './helpers/checkout.js';
import { makeCustomer, makePaidOrder, makeProduct, makeSeller, PASSWORD } from './helpers/factories.js';
import { CARDS, paySandbox } from './helpers/payments.js';

/**
 * Webhooks and the /vendeur pages of the seller API: deliveries received by a real HTTP server on
 * 127.0.0.1, verified by their signature, retried with back-off after a 500, given up after the last
 * attempt, replayed from /vendeur; API keys created, shown once and revoked from /vendeur.
 */

const env = await testEnv();
const { app, deps } = env;
const db = deps.db;

/** A shop's software: answers with the statuses it is told, one per request (then 200), and keeps what it received. */
type Received = { headers: IncomingHttpHeaders; body: string; path: string };
const received: Received[] = [];
let answers: number[] = [];
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    received.push({ headers: req.headers, body, path: req.url ?? '' });
    res.statusCode = answers.shift() ?? 200;
    res.end('ok');
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
after(() => server.close());

let ips = 0;
async function owner(seller: { user: { email: string } }, email = seller.user.email) {
  const a = new Agent(app, { ip: `10.9.0.${++ips}` });
  const res = await a.login('/vendeur/login', email, PASSWORD);
  assert.equal(res.statusCode, 303);
  return a;
}

/** Registers a webhook through /vendeur/webhooks; returns the secret shown once. */
async function register(agent: Agent, path: string, events: string[]): Promise<string> {
  await agent.get('/vendeur/webhooks');
  const res = await agent.post('/vendeur/webhooks', { url: `${base}${path}`, events });
  assert.equal(res.statusCode, 201, res.body.slice(0, 300));
  const m = /<code class="api-secret-value">(whsec_[A-Za-z0-9_-]+)<\/code>/.exec(res.body);
  assert.ok(m, 'the secret is shown');
  return m[1]!;
}

const deliveriesOf = (sellerId: string) => db.select().from(webhookDeliveries).where(eq(webhookDeliveries.sellerId, sellerId)).orderBy(webhookDeliveries.createdAt);
const hits = (path: string) => received.filter((r) => r.path === path);

/** The webhooks part of the OpenAPI document, to check every payload against it. */
async function payloadValidator() {
  const doc = (await app.inject('/api/seller/v1/openapi.json')).json();
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema({ ...doc, $id: 'https://comptoir.test/openapi.json' });
  return (type: string, payload: unknown) => {
    const ref = `https://comptoir.test/openapi.json#/webhooks/${type.replace(/~/g, '~0').replace(/\//g, '~1')}/post/requestBody/content/application~1json/schema`;
    const v = ajv.compile({ $ref: ref });
    assert.ok(v(payload), `${type}: ${JSON.stringify(v.errors)}`);
  };
}

describe('webhooks', () => {
  test('a paid order reaches the seller’s server, signed; after a 500 it is retried with back-off and delivered; /vendeur shows it and can send it again', async () => {
    const seller = await makeSeller(db);
    const product = await makeProduct(db, { sellerId: seller.id, priceCents: 3000 });
    const agent = await owner(seller);
    const secret = await register(agent, '/orders-hook', ['order.created', 'order_line.cancelled']);
    assert.ok(!(await agent.get('/vendeur/webhooks')).body.includes(secret), 'the secret is not shown again');
    const [row] = await db.select().from(webhooks).where(eq(webhooks.sellerId, seller.id));
    assert.ok(!row!.secret.includes(secret), 'stored sealed');

    // A customer buys through the real checkout and pays at the sandbox.
    const buyer = await shopper(env, { items: [{ offerId: product.variants[0]!.offer.id }] });
    const placed = await placeOrderForTest(env, buyer.agent);
    const paid = await paySandbox(buyer.agent, placed.redirectUrl, CARDS.visa);
    assert.ok(paid.returnUrl);
    await buyer.agent.get(new URL(paid.returnUrl!, 'http://x').pathname);

    answers = [500];
    await env.runJobs();
    const first = hits('/orders-hook');
    assert.equal(first.length, 1, 'one attempt');
    const body = JSON.parse(first[0]!.body);
    assert.equal(body.type, 'order.created');
    assert.equal(body.data.order_number, placed.order.number);
    assert.equal(body.data.number, `${placed.order.number}-1`);
    assert.equal(body.data.total_cents, placed.order.totalCents);
    assert.equal(first[0]!.headers['comptoir-event-id'], body.id);
    assert.equal(first[0]!.headers['comptoir-event-type'], 'order.created');
    assert.equal(first[0]!.headers['content-type'], 'application/json');
    const sig = String(first[0]!.headers['comptoir-signature']);
    assert.deepEqual(verifyWebhook(secret, sig, first[0]!.body, deps.clock.now()), { ok: true, timestamp: Number(/t=(\d+)/.exec(sig)![1]) });
    assert.equal(verifyWebhook(secret, sig, first[0]!.body.replace('order.created', 'order.created '), deps.clock.now()).ok, false, 'a changed body fails');
    assert.equal(verifyWebhook('whsec_other', sig, first[0]!.body, deps.clock.now()).ok, false, 'another secret fails');
    (await payloadValidator())('order.created', body);

    let [d] = await deliveriesOf(seller.id);
    assert.equal(d!.state, 'pending');
    assert.equal(d!.attempts, 1);
    assert.equal(d!.lastStatusCode, 500);
    const wait = d!.nextAttemptAt!.getTime() - d!.lastAttemptAt!.getTime();
    assert.ok(wait >= 59_000 && wait <= 61_000, `first retry after a minute (${wait} ms)`);
    let page = await agent.get('/vendeur/webhooks');
    assert.match(page.body, /En attente/);
    assert.match(page.body, /HTTP 500/);

    // Not due yet: nothing is sent.
    assert.equal(await queueDueDeliveries(deps), 0);
    await env.runJobs();
    assert.equal(hits('/orders-hook').length, 1);

    // A minute later, the retry cron queues it; the server now answers 200.
    env.clock.advance({ minutes: 2 });
    assert.equal(await queueDueDeliveries(deps), 1);
    await env.runJobs();
    const second = hits('/orders-hook');
    assert.equal(second.length, 2);
    assert.equal(second[1]!.body, first[0]!.body, 'the same event, byte for byte');
    assert.ok(verifyWebhook(secret, String(second[1]!.headers['comptoir-signature']), second[1]!.body, deps.clock.now()).ok, 'signed again with a fresh timestamp');
    [d] = await deliveriesOf(seller.id);
    assert.deepEqual([d!.state, d!.attempts, d!.lastStatusCode], ['delivered', 2, 200]);
    assert.equal(await queueDueDeliveries(deps), 0, 'delivered: never again');

    page = await agent.get('/vendeur/webhooks');
    assert.match(page.body, /Livré/);
    const detail = await agent.get(`/vendeur/webhooks/deliveries/${d!.id}`);
    assert.equal(detail.statusCode, 200);
    assert.ok(detail.body.includes(body.id));

    // "Renvoyer": a new delivery of the same event (the receiver deduplicates on its id).
    const replay = await agent.post(`/vendeur/webhooks/deliveries/${d!.id}/replay`, {});
    assert.equal(replay.statusCode, 303);
    await env.runJobs();
    const third = hits('/orders-hook');
    assert.equal(third.length, 3);
    assert.equal(JSON.parse(third[2]!.body).id, body.id);
    const all = await deliveriesOf(seller.id);
    assert.equal(all.length, 2);
    assert.equal(all[1]!.replayOf, d!.id);
    assert.equal(all[1]!.state, 'delivered');
  });

  test('a server that keeps failing: attempts spaced 1 min, 5 min, 30 min… then the delivery fails for good', async () => {
    const seller = await makeSeller(db);
    const product = await makeProduct(db, { sellerId: seller.id });
    const agent = await owner(seller);
    await register(agent, '/down', ['message.received']);
    const customer = await makeCustomer(db);
    const q = await startProductQuestion(deps, { customerId: customer.id, productId: product.product.id, sellerId: seller.id, variantId: null, subject: 'details', body: 'En coton ?' });
    assert.ok(q.ok);
    answers = Array.from({ length: MAX_ATTEMPTS }, () => 503);
    await env.runJobs();
    const gaps: number[] = [];
    for (let i = 1; i < MAX_ATTEMPTS; i++) {
      const [d] = await deliveriesOf(seller.id);
      assert.equal(d!.state, 'pending');
      gaps.push(Math.round((d!.nextAttemptAt!.getTime() - d!.lastAttemptAt!.getTime()) / 60_000));
      env.clock.advance({ hours: 25 });
      await queueDueDeliveries(deps);
      await env.runJobs();
    }
    assert.deepEqual(gaps, [1, 5, 30, 120, 360, 720, 1440]);
    const [d] = await deliveriesOf(seller.id);
    assert.deepEqual([d!.state, d!.attempts, d!.lastStatusCode, d!.nextAttemptAt], ['failed', MAX_ATTEMPTS, 503, null]);
    assert.equal(hits('/down').length, MAX_ATTEMPTS);
    // (a week later: a fresh login)
    assert.match((await (await owner(seller)).get('/vendeur/webhooks')).body, /Échec/);
    void agent;
  });

  test('an unreachable address is recorded with its error and retried', async () => {
    const seller = await makeSeller(db);
    const product = await makeProduct(db, { sellerId: seller.id });
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const agent = await owner(seller);
    await agent.get('/vendeur/webhooks');
    assert.equal((await agent.post('/vendeur/webhooks', { url: `http://127.0.0.1:${port}/gone`, events: 'message.received' })).statusCode, 201);
    const q = await startProductQuestion(deps, { customerId: (await makeCustomer(db)).id, productId: product.product.id, sellerId: seller.id, variantId: null, subject: 'other', body: '?' });
    assert.ok(q.ok);
    await env.runJobs();
    const [d] = await deliveriesOf(seller.id);
    assert.equal(d!.state, 'pending');
    assert.equal(d!.lastStatusCode, null);
    assert.match(d!.lastError ?? '', /ECONNREFUSED/);
  });

  test('each event goes only to the shop concerned, only to webhooks subscribed to it, never to a removed one', async () => {
    const a = await makeSeller(db);
    const b = await makeSeller(db);
    const pa = await makeProduct(db, { sellerId: a.id });
    const agentA = await owner(a);
    const agentB = await owner(b);
    await register(agentA, '/a-messages', ['message.received']);
    await register(agentA, '/a-orders', ['order_line.cancelled']);
    await register(agentB, '/b-all', ['message.received', 'order_line.cancelled', 'order.created']);
    const customer = await makeCustomer(db);
    await startProductQuestion(deps, { customerId: customer.id, productId: pa.product.id, sellerId: a.id, variantId: null, subject: 'other', body: 'Bonjour' });
    await env.runJobs();
    assert.equal(hits('/a-messages').length, 1);
    assert.equal(hits('/a-orders').length, 0, 'not subscribed');
    assert.equal(hits('/b-all').length, 0, 'another shop');
    // The seller's own messages are not news to it.
    const [hook] = await db.select().from(webhooks).where(and(eq(webhooks.sellerId, a.id), eq(webhooks.url, `${base}/a-messages`)));
    const removed = await agentA.post(`/vendeur/webhooks/${hook!.id}/remove`, {});
    assert.equal(removed.statusCode, 303);
    await startProductQuestion(deps, { customerId: customer.id, productId: pa.product.id, sellerId: a.id, variantId: null, subject: 'other', body: 'Encore moi' });
    await env.runJobs();
    assert.equal(hits('/a-messages').length, 1, 'removed: nothing more');
    // B cannot see, replay or remove A's things.
    const [delivery] = await deliveriesOf(a.id);
    assert.equal((await agentB.get(`/vendeur/webhooks/deliveries/${delivery!.id}`)).statusCode, 404);
    await agentB.get('/vendeur/webhooks');
    assert.equal((await agentB.post(`/vendeur/webhooks/deliveries/${delivery!.id}/replay`, {})).statusCode, 404);
    const [hookA2] = await db.select().from(webhooks).where(and(eq(webhooks.sellerId, a.id), eq(webhooks.url, `${base}/a-orders`)));
    assert.equal((await agentB.post(`/vendeur/webhooks/${hookA2!.id}/remove`, {})).statusCode, 404);
    assert.equal((await db.select().from(webhooks).where(eq(webhooks.id, hookA2!.id)))[0]!.removedAt, null);
  });

  test('every event type is emitted by its module, in its transaction, with a payload the document describes', async () => {
    const seller = await makeSeller(db);
    const product = await makeProduct(db, { sellerId: seller.id, priceCents: 5000, sizes: ['S', 'M', 'L'] });
    const agent = await owner(seller);
    await register(agent, '/everything', ['order.created', 'order_line.cancelled', 'incident.opened', 'incident.escalated', 'message.received', 'payout.made']);
    const customer = await makeCustomer(db);
    const order = await makePaidOrder(db, { customer, lines: product.variants.map((v) => ({ offer: v.offer })), at: deps.clock.now() });
    const so = order.sellerOrders[0]!;
    const [sLine, mLine, lLine] = so.lines;
    const api = new ApiClient(app, null);
    await agent.get('/vendeur/api-keys');
    const created = await agent.post('/vendeur/api-keys', { name: 'Entrepôt', scope: 'read_write' });
    const key = /<code class="api-secret-value">(cpt_[A-Za-z0-9_-]+)<\/code>/.exec(created.body)![1]!;
    const c = api.with(key);
    // order_line.cancelled: the seller refuses one line through the API.
    assert.equal((await c.post(`/orders/${so.number}/refuse`, { lines: [sLine!.id], reason: 'out_of_stock' })).statusCode, 200);
    // incident.opened, message.received (its first message), incident.escalated (the customer disputes a rejection).
    const inc = await openIncident(deps, { customerId: customer.id, orderNumber: order.order.number, lineId: mLine!.id, reason: 'withdrawal', message: 'Je me rétracte.' });
    assert.ok(inc.ok);
    assert.equal((await c.post(`/incidents/${inc.number}/decide`, { decision: 'rejected', reason: 'Article personnalisé.' })).statusCode, 200);
    assert.ok((await disputeResolution(deps, { customerId: customer.id, number: inc.number, body: 'Ce n’est pas personnalisé.' })).ok);
    // payout.made: the last line delivered, the withdrawal period over, a payout run.
    await c.post(`/orders/${so.number}/ship`, { lines: [lLine!.id], carrier: 'gls', tracking_number: 'GLS0001' });
    await c.post(`/orders/${so.number}/deliver`, { lines: [lLine!.id] });
    env.clock.advance({ days: 15 });
    const run = await runPayouts(deps, { sellerIds: [seller.id] });
    assert.equal(run.paid.length, 1);
    void customerReply;

    answers = [];
    await env.runJobs();
    const got = hits('/everything').map((r) => JSON.parse(r.body) as { type: string; data: Record<string, unknown> });
    const types = got.map((e) => e.type).sort();
    assert.deepEqual(types, ['incident.escalated', 'incident.opened', 'message.received', 'message.received', 'order_line.cancelled', 'payout.made']);
    const check = await payloadValidator();
    for (const e of got) check(e.type, e);
    const cancelled = got.find((e) => e.type === 'order_line.cancelled')!;
    assert.deepEqual(cancelled.data, { number: so.number, line_id: sLine!.id, sku: sLine!.sku, quantity: 1, by: 'seller' });
    assert.equal(got.find((e) => e.type === 'incident.escalated')!.data.why, 'customer_disputed');
    assert.equal(got.find((e) => e.type === 'payout.made')!.data.amount_cents, run.paid[0]!.amountCents);
  });
});

describe('where a webhook may point', () => {
  test('in production: https only, never a private or local address — checked on the URL and again when connecting', async () => {
    assert.deepEqual(checkWebhookUrl('http://shop.example/hook', true), { ok: false, code: 'url_https' });
    for (const u of ['https://127.0.0.1/x', 'https://10.1.2.3/', 'https://192.168.1.1/', 'https://169.254.169.254/latest', 'https://[::1]/', 'https://localhost/x', 'https://db.internal/'])
      assert.deepEqual(checkWebhookUrl(u, true), { ok: false, code: 'url_private' }, u);
    for (const u of ['ftp://x.example/', 'https://user:pw@x.example/', 'javascript:alert(1)', 'not a url'])
      assert.deepEqual(checkWebhookUrl(u, true), { ok: false, code: 'url_invalid' }, u);
    assert.deepEqual(checkWebhookUrl('https://hooks.shop.example/comptoir', true), { ok: true, url: 'https://hooks.shop.example/comptoir' });
    assert.ok(checkWebhookUrl('http://127.0.0.1:8080/x', false).ok, 'allowed in development and tests');
    for (const ip of ['127.0.0.1', '10.0.0.1', '172.16.5.4', '::1', '::ffff:127.0.0.1', 'fd00::1', 'fe80::1', '0.0.0.0']) assert.ok(isPrivateAddress(ip), ip);
    for (const ip of ['8.8.8.8', '2001:4860:4860::8888', '172.32.0.1']) assert.ok(!isPrivateAddress(ip), ip);

    // A webhook registered before (or a name that resolves locally) is refused at delivery in production.
    const seller = await makeSeller(db);
    const product = await makeProduct(db, { sellerId: seller.id });
    const agent = await owner(seller);
    await register(agent, '/prod', ['message.received']);
    await startProductQuestion(deps, { customerId: (await makeCustomer(db)).id, productId: product.product.id, sellerId: seller.id, variantId: null, subject: 'other', body: 'Hello' });
    const [d] = await deliveriesOf(seller.id);
    const before = hits('/prod').length;
    assert.equal(await attemptDelivery({ ...deps, config: { ...deps.config, env: 'production' } }, d!.id), 'retry');
    assert.equal(hits('/prod').length, before, 'nothing sent');
    assert.match((await deliveriesOf(seller.id))[0]!.lastError ?? '', /refused address/);
  });

  test('the form refuses a bad address or no event, beside the field, keeping what was typed', async () => {
    const seller = await makeSeller(db);
    const agent = await owner(seller);
    await agent.get('/vendeur/webhooks');
    const bad = await agent.post('/vendeur/webhooks', { url: 'ftp://example.test/x', events: 'order.created' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /Entrez une adresse http\(s\) complète/);
    assert.match(bad.body, /value="ftp:\/\/example.test\/x"/);
    const none = await agent.post('/vendeur/webhooks', { url: `${base}/x` });
    assert.equal(none.statusCode, 422);
    assert.match(none.body, /Choisissez au moins un événement/);
    assert.equal((await db.select().from(webhooks).where(eq(webhooks.sellerId, seller.id))).length, 0);
  });
});

describe('API keys in /vendeur', () => {
  test('the owner creates a key (shown once, stored as a hash), sees its last use, and revokes it', async () => {
    const seller = await makeSeller(db);
    const agent = await owner(seller);
    const empty = await agent.get('/vendeur/api-keys');
    assert.equal(empty.statusCode, 200);
    assert.match(empty.body, /Aucune clé pour l’instant/);
    const refused = await agent.post('/vendeur/api-keys', { name: '  ', scope: 'read' });
    assert.equal(refused.statusCode, 422);
    assert.match(refused.body, /Ce champ est obligatoire/);
    const created = await agent.post('/vendeur/api-keys', { name: 'Logiciel <entrepôt>', scope: 'read' });
    assert.equal(created.statusCode, 201);
    assert.equal(created.headers['cache-control'], 'no-store');
    const key = /<code class="api-secret-value">(cpt_[A-Za-z0-9_-]+)<\/code>/.exec(created.body)![1]!;
    assert.match(created.body, /Logiciel &lt;entrepôt>/, 'escaped');
    const list = await agent.get('/vendeur/api-keys');
    assert.ok(!list.body.includes(key), 'never shown again');
    assert.ok(list.body.includes(`${key.slice(0, 12)}…`), 'recognisable by its start');
    assert.match(list.body, /Jamais/);
    const [row] = await db.select().from(apiKeys).where(eq(apiKeys.sellerId, seller.id));
    assert.ok(!JSON.stringify(row).includes(key));
    assert.equal(row!.scope, 'read');
    assert.equal(row!.createdBy, seller.user.id);

    const c = new ApiClient(app, key);
    assert.equal((await c.get('/orders')).statusCode, 200);
    assert.doesNotMatch((await agent.get('/vendeur/api-keys')).body, /Jamais/);

    const revoked = await agent.post(`/vendeur/api-keys/${row!.id}/revoke`, {});
    assert.equal(revoked.statusCode, 303);
    assert.match((await agent.follow(revoked)).body, /Clé révoquée/);
    assert.equal((await c.get('/orders')).statusCode, 401);

    // Another shop's owner cannot revoke it (not found), nor see it.
    const other = await owner(await makeSeller(db));
    await other.get('/vendeur/api-keys');
    const key2 = await agent.post('/vendeur/api-keys', { name: 'Deux', scope: 'read_write' });
    const [k2] = await db.select().from(apiKeys).where(and(eq(apiKeys.sellerId, seller.id), eq(apiKeys.name, 'Deux')));
    assert.equal(key2.statusCode, 201);
    assert.equal((await other.post(`/vendeur/api-keys/${k2!.id}/revoke`, {})).statusCode, 404);
    assert.equal((await db.select().from(apiKeys).where(eq(apiKeys.id, k2!.id)))[0]!.revokedAt, null);
    assert.ok(!(await other.get('/vendeur/api-keys')).body.includes('Deux'));
  });

  test('staff users are told the pages are the owner’s (403); the pages speak Dutch and English too', async () => {
    const seller = await makeSeller(db);
    const [staff] = await db.insert(sellerUsers).values({ sellerId: seller.id, email: `staff-${seller.id.slice(0, 8)}@example.test`, passwordHash: seller.user.passwordHash, name: 'Staff', role: 'staff' }).returning();
    const agent = await owner(seller, staff!.email);
    for (const path of ['/vendeur/api-keys', '/vendeur/webhooks']) {
      const r = await agent.get(path);
      assert.equal(r.statusCode, 403, path);
      assert.match(r.body, /Seul le propriétaire/);
    }
    await agent.get('/vendeur');
    assert.equal((await agent.post('/vendeur/api-keys', { name: 'x', scope: 'read_write' })).statusCode, 403);
    assert.equal((await db.select().from(apiKeys).where(eq(apiKeys.sellerId, seller.id))).length, 0);

    const own = await owner(seller);
    await own.get('/vendeur/lang/nl?returnTo=/vendeur/api-keys');
    assert.match((await own.get('/vendeur/api-keys')).body, /API-sleutels/);
    await own.get('/vendeur/lang/en?returnTo=/vendeur/webhooks');
    assert.match((await own.get('/vendeur/webhooks')).body, /Latest deliveries/);
  });
});
