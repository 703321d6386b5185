import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { and, eq, inArray } from 'drizzle-orm';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { purgeApiState } from '../src/modules/api/jobs.js';
import { apiKeys } from '../src/modules/api/schema.js';
import { offers } from '../src/modules/catalog/schema.js';
import { openIncident } from '../src/modules/incidents/open.js';
import { startProductQuestion } from '../src/modules/messaging/threads.js';
import { emails } from '../src/modules/notifications/schema.js';
import { orderLines, timelineEvents } from '../src/modules/orders/schema.js';
import { refunds } from '../src/modules/payments/schema.js';
import { sellers } from '../src/modules/sellers/schema.js';
import { ApiClient, makeApiKey } from './helpers/api.js';
import { testEnv } from './helpers/app.js';
import { makeCustomer, makePaidOrder, makeProduct, makeSeller } from './helpers/factories.js';

/**
 * The seller API (issue 13): every answer below goes through ApiClient, which validates it against
 * the served OpenAPI document (status documented, content type, body schema) — the contract tests.
 */

const env = await testEnv();
const { app, deps } = env;
const db = deps.db;

type Seller = Awaited<ReturnType<typeof makeSeller>>;

/** A shop with a product of three sizes, a paid order of two of them, a customer question, an incident. */
async function shop(name = 'Maison') {
  const seller = await makeSeller(db, { name });
  const product = await makeProduct(db, { sellerId: seller.id, title: `Pull ${name}`, priceCents: 4000, sizes: ['S', 'M', 'L'] });
  const customer = await makeCustomer(db, { firstName: 'Camille', lastName: 'Peeters' });
  const order = await makePaidOrder(db, { customer, lines: [{ offer: product.variants[0]!.offer }, { offer: product.variants[1]!.offer, quantity: 2 }], billing: { street: 'Rue Secrète-Facturation' } });
  const so = order.sellerOrders[0]!;
  return { seller, product, customer, order, so };
}

const A = await shop('Alpha');
const B = await shop('Beta');
const api = new ApiClient(app, await makeApiKey(deps, A.seller));
const apiRead = api.with(await makeApiKey(deps, A.seller, 'read'));
const apiB = api.with(await makeApiKey(deps, B.seller));

after(() => {
  // What the contract tests exercised (printed for the report; each line was validated against the document).
  console.log(`contract-checked answers: ${api.seen.size} distinct (operation, status) pairs: ${[...api.seen].sort().join('; ')}`);
});

const lineState = async (id: string) => (await db.select({ state: orderLines.state }).from(orderLines).where(eq(orderLines.id, id)))[0]!.state;

describe('the OpenAPI document', () => {
  test('is OpenAPI 3.1, generated from the schemas: every operation, every $ref resolves, ajv compiles it', async () => {
    const res = await app.inject('/api/seller/v1/openapi.json');
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /application\/json/);
    const doc = res.json();
    assert.equal(doc.openapi, '3.1.0');
    assert.equal(doc.jsonSchemaDialect, 'https://json-schema.org/draft/2020-12/schema');
    const ops = Object.entries(doc.paths as Record<string, Record<string, { operationId: string }>>).flatMap(([p, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${p}`));
    for (const expected of [
      'GET /orders',
      'GET /orders/{number}',
      'POST /orders/{number}/accept',
      'POST /orders/{number}/refuse',
      'POST /orders/{number}/ship',
      'POST /orders/{number}/deliver',
      'GET /offers',
      'GET /offers/{id}',
      'PATCH /offers/{id}',
      'POST /offers/bulk-update',
      'GET /incidents',
      'GET /incidents/{number}',
      'POST /incidents/{number}/reply',
      'POST /incidents/{number}/decide',
      'GET /conversations',
      'GET /conversations/{id}',
      'POST /conversations/{id}/messages',
    ])
      assert.ok(ops.includes(expected), `${expected} is documented`);
    assert.deepEqual(Object.keys(doc.webhooks).sort(), ['incident.escalated', 'incident.opened', 'message.received', 'order.created', 'order_line.cancelled', 'payout.made']);
    // Every $ref points at a schema that exists.
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]!);
    for (const r of new Set(refs)) assert.ok(doc.components.schemas[r], `${r} exists`);
    // The request schemas are the validation schemas: the ship body requires carrier and tracking_number, with the carriers' enum.
    const ship = doc.components.schemas.ShipRequest;
    assert.deepEqual(ship.required.sort(), ['carrier', 'tracking_number']);
    assert.ok(ship.properties.carrier.enum.includes('bpost'));
    assert.equal(ship.additionalProperties, false);
    assert.equal(doc.components.schemas.BulkOfferUpdate.properties.offers.maxItems, 1000);
    // Every POST documents its Idempotency-Key, every operation its problems.
    for (const item of Object.values(doc.paths as Record<string, Record<string, { parameters: { name: string; required: boolean }[]; responses: Record<string, unknown> }>>)) {
      for (const [m, op] of Object.entries(item)) {
        if (m === 'post') assert.ok(op.parameters.some((p) => p.name === 'Idempotency-Key' && p.required));
        assert.ok(op.responses['401'] && op.responses['429'] && op.responses['500']);
      }
    }
    const ajv = new Ajv2020({ strict: false });
    assert.doesNotThrow(() => ajv.addSchema({ ...doc, $id: 'https://x.test/doc' }).compile({ $ref: 'https://x.test/doc#/components/schemas/SellerOrder' }));
  });

  test('the reference page renders the same document, in three languages, without scripts', async () => {
    const fr = await app.inject({ url: '/api/seller/v1/docs', headers: { 'accept-language': 'fr-BE' } });
    assert.equal(fr.statusCode, 200);
    assert.match(fr.body, /API vendeur — référence/);
    assert.match(fr.body, /id="op-shipOrderLines"/);
    assert.match(fr.body, /id="problem-idempotency_key_reused"/);
    assert.match(fr.body, /id="schema-SellerOrder"/);
    assert.match(fr.body, /order_line\.cancelled/);
    assert.doesNotMatch(fr.body, /<script/);
    const nl = await app.inject('/api/seller/v1/docs?lang=nl');
    assert.match(nl.body, /Verkopers-API — referentie/);
    assert.match(nl.body, /<html lang="nl"/);
  });
});

describe('API keys: who sees what', () => {
  test('no key, a malformed key or an unknown key: 401 with WWW-Authenticate', async () => {
    for (const key of [null, 'nope', `cpt_${'x'.repeat(43)}`]) {
      const res = await api.with(key).get('/orders');
      assert.equal(res.statusCode, 401);
      assert.equal(res.json().code, 'invalid_api_key');
      assert.match(String(res.headers['www-authenticate']), /^Bearer/);
    }
  });

  test('shop A’s key never reaches shop B’s data: each id of B answers exactly like a missing id', async () => {
    const missing = [`/orders/C-2099-999999-1`, `/offers/${randomUUID()}`, `/conversations/${randomUUID()}`, `/incidents/I-2099-999999`];
    const theirs = [`/orders/${B.so.number}`, `/offers/${B.product.variants[0]!.offer.id}`];
    const q = await startProductQuestion(deps, { customerId: B.customer.id, productId: B.product.product.id, sellerId: B.seller.id, variantId: null, subject: 'availability', body: 'Encore en stock ?' });
    assert.ok(q.ok);
    theirs.push(`/conversations/${q.threadId}`);
    const inc = await openIncident(deps, { customerId: B.customer.id, orderNumber: B.order.order.number, lineId: B.so.lines[0]!.id, reason: 'withdrawal' });
    assert.ok(inc.ok);
    theirs.push(`/incidents/${inc.number}`);
    const shape = (r: { statusCode: number; json: () => { code: string; title: string; status: number } }) => ({ status: r.statusCode, code: r.json().code, title: r.json().title });
    const expected = shape(await api.get(missing[0]!));
    assert.deepEqual(expected, { status: 404, code: 'not_found', title: 'Introuvable.' });
    for (const path of [...missing, ...theirs]) assert.deepEqual(shape(await api.get(path)), expected, path);
    // And B's own key reads them.
    for (const path of theirs) assert.equal((await apiB.get(path)).statusCode, 200, path);
    // Writes on B's order or offer change nothing.
    assert.equal((await api.post(`/orders/${B.so.number}/accept`, {})).statusCode, 404);
    assert.equal((await api.patch(`/offers/${B.product.variants[0]!.offer.id}`, { stock: 0 })).statusCode, 404);
    assert.equal(await lineState(B.so.lines[0]!.id), 'paid');
    assert.equal((await db.select().from(offers).where(eq(offers.id, B.product.variants[0]!.offer.id)))[0]!.stock, 10);
    // Lists hold only the key's shop.
    const list = (await api.get('/orders')).json();
    assert.ok(list.data.every((o: { number: string }) => o.number !== B.so.number));
    assert.ok(list.data.some((o: { number: string }) => o.number === A.so.number));
  });

  test('a read key reads and is refused every write (403 insufficient_scope); nothing changes', async () => {
    assert.equal((await apiRead.get(`/orders/${A.so.number}`)).statusCode, 200);
    const refused = [
      await apiRead.post(`/orders/${A.so.number}/accept`, {}),
      await apiRead.patch(`/offers/${A.product.variants[0]!.offer.id}`, { stock: 1 }),
      await apiRead.post('/offers/bulk-update', { offers: [{ id: A.product.variants[0]!.offer.id, stock: 1 }] }),
    ];
    for (const r of refused) {
      assert.equal(r.statusCode, 403);
      assert.equal(r.json().code, 'insufficient_scope');
    }
    assert.equal(await lineState(A.so.lines[0]!.id), 'paid');
  });

  test('a revoked key stops at once (401), and a suspended shop’s key is refused (403)', async () => {
    const key = await makeApiKey(deps, A.seller);
    const c = api.with(key);
    assert.equal((await c.get('/orders')).statusCode, 200);
    await db.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.prefix, key.slice(0, 12)));
    const r = await c.get('/orders');
    assert.equal(r.statusCode, 401);
    assert.equal(r.json().code, 'invalid_api_key');

    const s = await shop('Suspendue');
    const cs = api.with(await makeApiKey(deps, s.seller));
    await db.update(sellers).set({ status: 'suspended' }).where(eq(sellers.id, s.seller.id));
    const r2 = await cs.get('/orders');
    assert.equal(r2.statusCode, 403);
    assert.equal(r2.json().code, 'seller_suspended');
  });

  test('the key’s last use is recorded; only its SHA-256 is stored', async () => {
    const s = await makeSeller(db);
    const key = await makeApiKey(deps, s, 'read');
    const [before] = await db.select().from(apiKeys).where(eq(apiKeys.sellerId, s.id));
    assert.equal(before!.lastUsedAt, null);
    assert.ok(!JSON.stringify(before).includes(key), 'the key itself is not stored');
    assert.equal(before!.keyHash.length, 64);
    await api.with(key).get('/offers');
    const [used] = await db.select().from(apiKeys).where(eq(apiKeys.sellerId, s.id));
    assert.ok(used!.lastUsedAt instanceof Date);
  });
});

describe('per-key rate limit', () => {
  test('over the key’s limit: 429 with Retry-After; another key is not affected; the next minute it passes', async () => {
    const s = await shop('Pressée');
    const key = await makeApiKey(deps, s.seller, 'read');
    await db.update(apiKeys).set({ rateLimitPerMinute: 3 }).where(eq(apiKeys.prefix, key.slice(0, 12)));
    const c = api.with(key);
    // Stay inside one minute window of the test clock.
    const now = deps.clock.now();
    if (now.getUTCSeconds() > 50) env.clock.advance({ ms: (61 - now.getUTCSeconds()) * 1000 });
    for (let i = 0; i < 3; i++) {
      const ok = await c.get('/orders');
      assert.equal(ok.statusCode, 200);
      assert.equal(ok.headers['ratelimit-remaining'], String(2 - i));
    }
    const limited = await c.get('/orders');
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.json().code, 'rate_limited');
    const wait = Number(limited.headers['retry-after']);
    assert.ok(wait >= 1 && wait <= 60, `Retry-After ${wait}`);
    assert.equal((await apiRead.get('/orders')).statusCode, 200, 'another key has its own count');
    env.clock.advance({ ms: wait * 1000 });
    assert.equal((await c.get('/orders')).statusCode, 200);
  });
});

describe('Idempotency-Key', () => {
  test('is required on POST (428), and must be visible ASCII', async () => {
    const r = await api.post(`/orders/${A.so.number}/accept`, {}, { idempotencyKey: null });
    assert.equal(r.statusCode, 428);
    assert.equal(r.json().code, 'idempotency_key_required');
    const bad = await api.post(`/orders/${A.so.number}/accept`, {}, { idempotencyKey: 'é'.repeat(3) });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().code, 'idempotency_key_invalid');
  });

  test('same key and body: the first answer again, the action done once; same key, other body: refused', async () => {
    const s = await shop('Idem');
    const c = api.with(await makeApiKey(deps, s.seller));
    const line = s.so.lines[0]!;
    const key = randomUUID();
    const body = { lines: [line.id], reason: 'out_of_stock' };
    const first = await c.post(`/orders/${s.so.number}/refuse`, body, { idempotencyKey: key });
    assert.equal(first.statusCode, 200);
    assert.equal(first.headers['idempotent-replayed'], undefined);
    // The same request again (a retry after a timeout), with the body's keys in another order.
    const again = await c.post(`/orders/${s.so.number}/refuse`, { reason: 'out_of_stock', lines: [line.id] }, { idempotencyKey: key });
    assert.equal(again.statusCode, 200);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.deepEqual(again.json(), first.json());
    const paidBack = await db.select().from(refunds).where(eq(refunds.paymentId, s.order.payment.id));
    assert.equal(paidBack.length, 1, 'refunded once');
    // Same key, another body.
    const other = await c.post(`/orders/${s.so.number}/refuse`, { lines: [s.so.lines[1]!.id], reason: 'out_of_stock' }, { idempotencyKey: key });
    assert.equal(other.statusCode, 422);
    assert.equal(other.json().code, 'idempotency_key_reused');
    assert.equal(await lineState(s.so.lines[1]!.id), 'paid');
    // Without the key, the second refusal of the same line is a conflict, not a second refund.
    const twice = await c.post(`/orders/${s.so.number}/refuse`, body);
    assert.equal(twice.statusCode, 409);
    assert.equal(twice.json().code, 'transition_not_allowed');
    // Keys belong to one API key: another key of the same shop may use the same value.
    const c2 = api.with(await makeApiKey(deps, s.seller));
    const mine = await c2.post(`/orders/${s.so.number}/accept`, {}, { idempotencyKey: key });
    assert.equal(mine.statusCode, 200);
    assert.equal(mine.headers['idempotent-replayed'], undefined);
  });

  test('keys are forgotten after 24 hours (the api_purge cron); then the same key runs again', async () => {
    const s = await shop('Purge');
    const c = api.with(await makeApiKey(deps, s.seller));
    const key = randomUUID();
    assert.equal((await c.post(`/orders/${s.so.number}/accept`, { lines: [s.so.lines[0]!.id] }, { idempotencyKey: key })).statusCode, 200);
    env.clock.advance({ hours: 25 });
    await purgeApiState(deps);
    const after24h = await c.post(`/orders/${s.so.number}/accept`, { lines: [s.so.lines[0]!.id] }, { idempotencyKey: key });
    assert.equal(after24h.statusCode, 409, 'run again: the line is no longer paid');
    assert.equal(after24h.headers['idempotent-replayed'], undefined);
  });

  test('two requests with one key at the same moment: one runs, the other is told to wait or gets its answer', async () => {
    const s = await shop('Doublon');
    const c = api.with(await makeApiKey(deps, s.seller));
    const key = randomUUID();
    const body = { carrier: 'bpost', tracking_number: '323299000012345' };
    const answers = await Promise.all(Array.from({ length: 5 }, () => c.post(`/orders/${s.so.number}/ship`, body, { idempotencyKey: key })));
    const codes = answers.map((r) => r.statusCode).sort();
    assert.ok(codes.every((x) => x === 200 || x === 409), codes.join(','));
    assert.ok(answers.filter((r) => r.statusCode === 200 && r.headers['idempotent-replayed'] !== 'true').length === 1, 'exactly one ran');
    for (const r of answers.filter((x) => x.statusCode === 409)) {
      assert.equal(r.json().code, 'idempotency_in_progress');
      assert.equal(r.headers['retry-after'], '1');
    }
    const shipped = await db.select().from(timelineEvents).where(and(eq(timelineEvents.sellerOrderId, s.so.id), eq(timelineEvents.type, 'line.ship')));
    assert.equal(shipped.length, 2, 'each line shipped once');
  });
});

describe('orders', () => {
  test('one seller order: lines, statuses, delivery address (never the billing address), the actions possible', async () => {
    const r = await api.get(`/orders/${A.so.number}`);
    assert.equal(r.statusCode, 200);
    const o = r.json();
    assert.equal(o.number, A.so.number);
    assert.equal(o.status, 'paid');
    assert.equal(o.lines.length, 2);
    assert.equal(o.items_cents, 4000 * 3);
    assert.equal(o.total_cents, o.items_cents + o.shipping_cents);
    assert.deepEqual(o.available_actions, ['accept', 'refuse', 'ship']);
    assert.equal(o.delivery_address.city, 'Bruxelles');
    assert.ok(!r.body.includes('Secrète-Facturation'), 'no billing address');
    assert.ok(!r.body.includes('@'), 'no customer email');
  });

  test('list: filters on status and updated_since, keyset pages without gaps or repeats, forged cursors refused', async () => {
    const s = await shop('Liste');
    const more = [];
    for (let i = 0; i < 6; i++) more.push(await makePaidOrder(db, { customer: s.customer, lines: [{ offer: s.product.variants[2]!.offer }] }));
    const c = api.with(await makeApiKey(deps, s.seller, 'read'));
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await c.get(`/orders?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(res.statusCode, 200);
      const page = res.json();
      seen.push(...page.data.map((o: { number: string }) => o.number));
      cursor = page.next_cursor;
      pages++;
    } while (cursor && pages < 10);
    assert.equal(pages, 3);
    assert.equal(seen.length, 7);
    assert.equal(new Set(seen).size, 7);

    // A change moves an order to the end (least recently changed first) and updated_since finds it.
    env.clock.advance({ minutes: 1 });
    const mark = deps.clock.now().toISOString();
    env.clock.advance({ ms: 1000 });
    const sw = api.with(await makeApiKey(deps, s.seller));
    assert.equal((await sw.post(`/orders/${more[2]!.sellerOrders[0]!.number}/accept`, {})).statusCode, 200);
    const since = (await c.get(`/orders?updated_since=${encodeURIComponent(mark)}`)).json();
    assert.deepEqual(
      since.data.map((o: { number: string }) => o.number),
      [more[2]!.sellerOrders[0]!.number],
    );
    const preparing = (await c.get('/orders?status=preparing')).json();
    assert.deepEqual(
      preparing.data.map((o: { status: string }) => o.status),
      ['preparing'],
    );
    const both = (await c.get('/orders?status=paid,preparing')).json();
    assert.equal(both.data.length, 7);

    for (const bad of ['?cursor=abc', `?cursor=${Buffer.from('2026-01-01_x').toString('base64url')}`, '?status=shipped,nope', '?limit=0', '?updated_since=yesterday', '?colour=red']) {
      const res = await c.get(`/orders${bad}`);
      assert.equal(res.statusCode, 422, bad);
      assert.equal(res.json().code, 'validation_failed');
      assert.ok(res.json().errors[0].path.startsWith('query:'), bad);
    }
  });

  test('accept, ship (with a bad tracking number first), deliver: the same use cases as /vendeur, the key’s creator on the timeline', async () => {
    const s = await shop('Flux');
    const c = api.with(await makeApiKey(deps, s.seller));
    const [l1, l2] = s.so.lines;
    const accepted = await c.post(`/orders/${s.so.number}/accept`, { lines: [l1!.id] });
    assert.equal(accepted.statusCode, 200);
    assert.deepEqual(
      accepted.json().lines.map((l: { state: string }) => l.state),
      ['preparing', 'paid'],
    );
    const [event] = await db.select().from(timelineEvents).where(and(eq(timelineEvents.orderLineId, l1!.id), eq(timelineEvents.type, 'line.accept')));
    assert.equal(event!.actorType, 'seller');
    assert.equal(event!.actorId, s.seller.user.id);

    const bad = await c.post(`/orders/${s.so.number}/ship`, { carrier: 'bpost', tracking_number: '<b>!</b>' });
    assert.equal(bad.statusCode, 422);
    assert.deepEqual(
      bad.json().errors.map((e: { path: string; code: string }) => [e.path, e.code]),
      [['/tracking_number', 'tracking_invalid']],
    );
    const wrongCarrier = await c.post(`/orders/${s.so.number}/ship`, { carrier: 'pigeon', tracking_number: 'AB12345', extra: 1 });
    assert.equal(wrongCarrier.statusCode, 422);
    assert.deepEqual(wrongCarrier.json().errors.map((e: { path: string; code: string }) => `${e.path}:${e.code}`).sort(), ['/carrier:invalid_value', '/extra:unknown_field']);

    const shipped = await c.post(`/orders/${s.so.number}/ship`, { carrier: 'bpost', tracking_number: '3232 9900 0012 345' });
    assert.equal(shipped.statusCode, 200);
    const so = shipped.json();
    assert.equal(so.status, 'shipped');
    assert.ok(so.lines.every((l: { tracking_number: string; carrier: string }) => l.tracking_number === '323299000012345' && l.carrier === 'bpost'));
    assert.deepEqual(so.available_actions, ['deliver']);
    const shippedMail = await db.select().from(emails).where(eq(emails.toAddress, s.customer.email));
    assert.ok(shippedMail.some((m) => m.textBody.includes('323299000012345')), 'the customer got the tracking number');

    const delivered = await c.post(`/orders/${s.so.number}/deliver`, undefined);
    assert.equal(delivered.statusCode, 200);
    assert.equal(delivered.json().status, 'delivered');
    const again = await c.post(`/orders/${s.so.number}/deliver`, {});
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'nothing_to_do');
    assert.equal(l2 && (await lineState(l2.id)), 'delivered');
  });

  test('a line of another seller order is a field error; an empty selection too', async () => {
    const other = await api.post(`/orders/${A.so.number}/accept`, { lines: [B.so.lines[0]!.id] });
    assert.equal(other.statusCode, 422);
    assert.equal(other.json().errors[0].code, 'not_found');
    const empty = await api.post(`/orders/${A.so.number}/refuse`, { lines: [], reason: 'other' });
    assert.equal(empty.statusCode, 422);
    assert.equal(empty.json().errors[0].path, '/lines');
    assert.equal(await lineState(B.so.lines[0]!.id), 'paid');
  });
});

describe('offers', () => {
  test('list with keyset pages and a SKU filter; one offer', async () => {
    const s = await makeSeller(db);
    const p = await makeProduct(db, { sellerId: s.id, sizes: ['XS', 'S', 'M', 'L', 'XL'] });
    const c = api.with(await makeApiKey(deps, s, 'read'));
    const page1 = (await c.get('/offers?limit=2')).json();
    const page2 = (await c.get(`/offers?limit=2&cursor=${page1.next_cursor}`)).json();
    const page3 = (await c.get(`/offers?limit=2&cursor=${page2.next_cursor}`)).json();
    const ids = [...page1.data, ...page2.data, ...page3.data].map((o: { id: string }) => o.id);
    assert.equal(page3.next_cursor, null);
    assert.deepEqual(ids.sort(), p.variants.map((v) => v.offer.id).sort());
    const one = (await c.get(`/offers?sku=${encodeURIComponent(p.variants[3]!.variant.sku)}`)).json();
    assert.deepEqual(
      one.data.map((o: { variant: { size: string } }) => o.variant.size),
      ['L'],
    );
    const read = (await c.get(`/offers/${p.variants[0]!.offer.id}`)).json();
    assert.equal(read.price_cents, 2500);
    assert.equal(read.stock, 10);
  });

  test('PATCH changes only the given fields, with the back office’s rules; the storefront shows it', async () => {
    const offer = A.product.variants[2]!.offer;
    const r = await api.patch(`/offers/${offer.id}`, { price_cents: 3590, compare_at_cents: 4500, lead_time_days: 4 });
    assert.equal(r.statusCode, 200);
    assert.deepEqual([r.json().price_cents, r.json().compare_at_cents, r.json().stock, r.json().lead_time_days], [3590, 4500, 10, 4]);
    const page = await app.inject(`/fr/p/${A.product.product.slug}?colour=navy&size=L`);
    assert.match(page.body, /35,90/);

    const refused = await api.patch(`/offers/${offer.id}`, { compare_at_cents: 3000 });
    assert.equal(refused.statusCode, 422);
    assert.deepEqual(
      refused.json().errors.map((e: { path: string; code: string }) => [e.path, e.code]),
      [['/compare_at_cents', 'compare_above']],
    );
    for (const [body, path, code] of [
      [{ stock: 100_001 }, '/stock', 'too_big'],
      [{ stock: -1 }, '/stock', 'too_small'],
      [{ price_cents: 12.5 }, '/price_cents', 'invalid_type'],
      [{ price: 10 }, '/price', 'unknown_field'],
      [{}, '', 'empty_update'],
    ] as const) {
      const res = await api.patch(`/offers/${offer.id}`, body);
      assert.equal(res.statusCode, 422, JSON.stringify(body));
      assert.deepEqual([res.json().errors[0].path, res.json().errors[0].code], [path, code], JSON.stringify(body));
    }
    const [row] = await db.select().from(offers).where(eq(offers.id, offer.id));
    assert.deepEqual([row!.priceCents, row!.compareAtCents, row!.stock], [3590, 4500, 10]);
  });

  test('bulk: 1,000 offers in one call, one transaction', async () => {
    const s = await makeSeller(db);
    const colours = Array.from({ length: 40 }, (_, i) => `c${i}`);
    const sizes = Array.from({ length: 25 }, (_, i) => `S${i}`);
    const p = await makeProduct(db, { sellerId: s.id, colours, sizes });
    assert.equal(p.variants.length, 1000);
    const c = api.with(await makeApiKey(deps, s));
    const rows = p.variants.map((v, i) => ({ id: v.offer.id, stock: i % 50, price_cents: 1000 + i }));
    const t0 = performance.now();
    const r = await c.post('/offers/bulk-update', { offers: rows });
    const ms = performance.now() - t0;
    console.log(`bulk update of 1,000 offers: ${Math.round(ms)} ms`);
    assert.equal(r.statusCode, 200);
    assert.equal(r.json().updated, 1000);
    assert.equal(r.json().data.length, 1000);
    const saved = await db.select({ id: offers.id, stock: offers.stock, price: offers.priceCents }).from(offers).where(eq(offers.sellerId, s.id));
    const byId = new Map(saved.map((o) => [o.id, o]));
    rows.forEach((row) => assert.deepEqual([byId.get(row.id)!.stock, byId.get(row.id)!.price], [row.stock, row.price_cents]));
    const tooMany = await c.post('/offers/bulk-update', { offers: [...rows, rows[0]] });
    assert.equal(tooMany.statusCode, 422);
    assert.deepEqual([tooMany.json().errors[0].path, tooMany.json().errors[0].code], ['/offers', 'too_big']);
  });

  test('bulk with one bad row, an unknown id, another shop’s offer or a duplicate: nothing changes, every refused row listed', async () => {
    const s = await makeSeller(db);
    const p = await makeProduct(db, { sellerId: s.id, sizes: Array.from({ length: 20 }, (_, i) => `T${i}`) });
    const c = api.with(await makeApiKey(deps, s));
    const ids = p.variants.map((v) => v.offer.id);
    const snapshot = async () => (await db.select({ id: offers.id, stock: offers.stock, price: offers.priceCents, at: offers.updatedAt }).from(offers).where(inArray(offers.id, ids))).sort((a, b) => a.id.localeCompare(b.id));
    const before = await snapshot();
    const good = ids.map((id) => ({ id, stock: 3 }));
    const cases: [unknown[], [number, string, string][]][] = [
      [[...good.slice(0, 7), { id: ids[7], stock: 3, compare_at_cents: 100 }, ...good.slice(8)], [[7, '/offers/7/compare_at_cents', 'compare_above']]],
      [[...good, { id: randomUUID(), stock: 1 }], [[20, '/offers/20/id', 'not_found']]],
      [[...good, { id: B.product.variants[0]!.offer.id, stock: 0 }], [[20, '/offers/20/id', 'not_found']]],
      [[...good, { id: ids[0], stock: 9 }], [[20, '/offers/20/id', 'duplicate']]],
    ];
    for (const [body, expected] of cases) {
      const r = await c.post('/offers/bulk-update', { offers: body });
      assert.equal(r.statusCode, 422);
      assert.equal(r.json().code, 'validation_failed');
      assert.deepEqual(
        r.json().errors.map((e: { index: number; path: string; code: string }) => [e.index, e.path, e.code]),
        expected,
      );
      assert.equal(r.json().errors[0].id, (body[expected[0]![0]] as { id: string }).id);
      assert.deepEqual(await snapshot(), before, 'nothing changed');
    }
    assert.equal((await db.select().from(offers).where(eq(offers.id, B.product.variants[0]!.offer.id)))[0]!.stock, 10);
    // Type errors are found before the database: every bad row at once.
    const typed = await c.post('/offers/bulk-update', { offers: [{ id: ids[0], stock: 'ten' }, { id: 'nope' }, { id: ids[2], lead_time_days: 61 }] });
    assert.equal(typed.statusCode, 422);
    assert.deepEqual(typed.json().errors.map((e: { path: string }) => e.path).sort(), ['/offers/0/stock', '/offers/1/id', '/offers/2/lead_time_days']);
    assert.deepEqual(await snapshot(), before);
  });
});

describe('conversations', () => {
  test('list, read, reply: the customer is emailed and the question no longer waits', async () => {
    const q = await startProductQuestion(deps, { customerId: A.customer.id, productId: A.product.product.id, sellerId: A.seller.id, variantId: null, subject: 'availability', body: 'Existe-t-il en <b>rouge</b> ?' });
    assert.ok(q.ok);
    const list = (await api.get('/conversations')).json();
    const mine = list.data.find((t: { id: string }) => t.id === q.threadId);
    assert.ok(mine);
    assert.ok(mine.awaiting_answer_since);
    assert.equal(mine.preview, 'Existe-t-il en <b>rouge</b> ?');
    const read = (await api.get(`/conversations/${q.threadId}`)).json();
    assert.equal(read.messages[0].body, 'Existe-t-il en <b>rouge</b> ?');
    assert.equal(read.customer.first_name, 'Camille');
    assert.ok(!JSON.stringify(read).includes(A.customer.email), 'no customer email');

    const before = (await db.select().from(emails).where(eq(emails.toAddress, A.customer.email))).length;
    const replied = await api.post(`/conversations/${q.threadId}/messages`, { body: 'Oui, dès lundi.' });
    assert.equal(replied.statusCode, 201);
    assert.equal(replied.json().awaiting_answer_since, null);
    assert.equal(replied.json().messages.at(-1).author_type, 'seller');
    assert.equal((await db.select().from(emails).where(eq(emails.toAddress, A.customer.email))).length, before + 1);
    const blank = await api.post(`/conversations/${q.threadId}/messages`, { body: '   ' });
    assert.equal(blank.statusCode, 422);
    assert.deepEqual([blank.json().errors[0].path, blank.json().errors[0].code], ['/body', 'empty']);
  });
});

describe('incidents', () => {
  test('list, read with the conversation; reply; a refund in part made once for one Idempotency-Key; refusals with their codes', async () => {
    const s = await shop('Incidents');
    const c = api.with(await makeApiKey(deps, s.seller));
    const line = s.so.lines.find((l) => l.quantity === 2)!; // 2 × 40 €
    // The article was sent and arrived damaged.
    await c.post(`/orders/${s.so.number}/ship`, { lines: [line.id], carrier: 'dpd', tracking_number: 'DPD123456' });
    await c.post(`/orders/${s.so.number}/deliver`, { lines: [line.id] });
    const opened = await openIncident(deps, { customerId: s.customer.id, orderNumber: s.order.order.number, lineId: line.id, reason: 'damaged', message: 'Le pull est troué.' });
    assert.ok(opened.ok);

    const list = (await c.get('/incidents')).json();
    assert.deepEqual(
      list.data.map((i: { number: string; reason: string }) => [i.number, i.reason]),
      [[opened.number, 'damaged']],
    );
    const read = (await c.get(`/incidents/${opened.number}`)).json();
    assert.equal(read.state, 'open');
    assert.equal(read.conversation.messages[0].body, 'Le pull est troué.');
    assert.ok(read.available_actions.includes('refund'));
    assert.ok(!read.available_actions.includes('cancel'));

    const replied = await c.post(`/incidents/${opened.number}/reply`, { body: 'Désolés ! Nous remboursons une partie.' });
    assert.equal(replied.statusCode, 200);
    assert.equal(replied.json().state, 'awaiting_customer');

    const cancel = await c.post(`/incidents/${opened.number}/decide`, { decision: 'cancel' });
    assert.equal(cancel.statusCode, 409);
    assert.equal(cancel.json().code, 'transition_not_allowed');
    const tooMuch = await c.post(`/incidents/${opened.number}/decide`, { decision: 'refund', amount_cents: 8001 });
    assert.equal(tooMuch.statusCode, 422);
    assert.deepEqual([tooMuch.json().errors[0].path, tooMuch.json().errors[0].code], ['/amount_cents', 'exceeds_refundable']);
    const noReason = await c.post(`/incidents/${opened.number}/decide`, { decision: 'rejected' });
    assert.equal(noReason.statusCode, 422);

    const key = randomUUID();
    const refund = await c.post(`/incidents/${opened.number}/decide`, { decision: 'refund', amount_cents: 1500, note: 'Geste commercial' }, { idempotencyKey: key });
    assert.equal(refund.statusCode, 200);
    assert.equal(refund.json().state, 'resolved');
    assert.equal(refund.json().resolution, 'refund');
    assert.deepEqual(
      refund.json().decision.refunds.map((r: { amount_cents: number }) => r.amount_cents),
      [1500],
    );
    const replay = await c.post(`/incidents/${opened.number}/decide`, { decision: 'refund', amount_cents: 1500, note: 'Geste commercial' }, { idempotencyKey: key });
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    const [l] = await db.select().from(orderLines).where(eq(orderLines.id, line.id));
    assert.equal(l!.refundedCents, 1500, 'refunded once');
    // The API's key of a shop with no incident of that number: not found.
    assert.equal((await apiB.get(`/incidents/${opened.number}`)).statusCode, 404);
  });

  test('a return authorised with instructions, the article received back, then refunded in full', async () => {
    const s = await shop('Retour');
    const c = api.with(await makeApiKey(deps, s.seller));
    const line = s.so.lines[0]!;
    await c.post(`/orders/${s.so.number}/ship`, { lines: [line.id], carrier: 'bpost', tracking_number: 'BP000111' });
    await c.post(`/orders/${s.so.number}/deliver`, { lines: [line.id] });
    const opened = await openIncident(deps, { customerId: s.customer.id, orderNumber: s.order.order.number, lineId: line.id, reason: 'not_conforming' });
    assert.ok(opened.ok);
    const early = await c.post(`/incidents/${opened.number}/return-received`);
    assert.equal(early.statusCode, 409);
    assert.equal(early.json().code, 'not_awaiting_return');
    const auth = await c.post(`/incidents/${opened.number}/decide`, { decision: 'return_authorised', instructions: 'Renvoyez-le avec l’étiquette jointe.' });
    assert.equal(auth.statusCode, 200);
    assert.equal(auth.json().decision.return_instructions, 'Renvoyez-le avec l’étiquette jointe.');
    const received = await c.post(`/incidents/${opened.number}/return-received`);
    assert.equal(received.statusCode, 200);
    assert.ok(received.json().decision.return_received_at);
    assert.equal((await c.post(`/incidents/${opened.number}/return-received`, {})).json().code, 'already_received');
    const refunded = await c.post(`/incidents/${opened.number}/decide`, { decision: 'refund' });
    assert.equal(refunded.statusCode, 200);
    assert.equal(refunded.json().line.refunded_cents, refunded.json().line.total_cents);
  });

  test('a withdrawal before shipment is cancelled and refunded in one decision', async () => {
    const s = await shop('Retrait');
    const c = api.with(await makeApiKey(deps, s.seller));
    const opened = await openIncident(deps, { customerId: s.customer.id, orderNumber: s.order.order.number, lineId: s.so.lines[0]!.id, reason: 'withdrawal' });
    assert.ok(opened.ok);
    const r = await c.post(`/incidents/${opened.number}/decide`, { decision: 'cancel' });
    assert.equal(r.statusCode, 200);
    assert.equal(r.json().resolution, 'cancel');
    assert.equal(r.json().line.state, 'refunded', 'cancelled, then refunded in full');
    assert.equal(r.json().line.refunded_cents, r.json().line.total_cents, 'in full');
  });
});

describe('errors are problem documents', () => {
  test('bad JSON, a wrong content type, an unknown route, a wrong method; titles follow Accept-Language', async () => {
    const badJson = await api.request('POST', `/orders/${A.so.number}/accept`, { rawBody: '{"lines": [', idempotencyKey: randomUUID() });
    assert.equal(badJson.statusCode, 400);
    assert.equal(badJson.json().code, 'invalid_json');
    const form = await api.request('POST', `/orders/${A.so.number}/accept`, { rawBody: 'lines=1', contentType: 'application/x-www-form-urlencoded', idempotencyKey: randomUUID() });
    assert.equal(form.statusCode, 415);
    assert.equal(form.json().code, 'unsupported_media_type');
    const unknown = await api.get('/nothing-here');
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.headers['content-type'], 'application/problem+json; charset=utf-8');
    const nl = await api.get('/orders/C-0000-000000-1', { 'accept-language': 'nl-BE,nl;q=0.9' });
    assert.equal(nl.json().title, 'Niet gevonden.');
    const en = await api.get('/orders/C-0000-000000-1', { 'accept-language': 'en' });
    assert.equal(en.json().title, 'Not found.');
    assert.match(en.json().type, /\/api\/seller\/v1\/docs#problem-not_found$/);
    assert.ok(en.json().request_id);
    // Cookies of a back-office session are not a way in.
    const cookie = await app.inject({ method: 'GET', url: '/api/seller/v1/orders', headers: { cookie: 'comptoir_vsid=whatever' } });
    assert.equal(cookie.statusCode, 401);
  });
});

