import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { addresses } from '../src/modules/accounts/schema.js';
import { addToCart } from '../src/modules/cart/cart.js';
import { cartItems } from '../src/modules/cart/schema.js';
import { queueOrderEmails } from '../src/modules/checkout/emails.js';
import { openIncident } from '../src/modules/incidents/open.js';
import { openThread } from '../src/modules/messaging/threads.js';
import { emails } from '../src/modules/notifications/schema.js';
import { refundPayment } from '../src/modules/payments/service.js';
import { Agent } from './helpers/agent.js';
import { ApiClient, makeApiKey } from './helpers/api.js';
import { testEnv } from './helpers/app.js';
import { changedTables, fingerprint } from './helpers/db-fingerprint.js';
import { makeCategory, makeCustomer, makePaidOrder, makeProduct, makeSeller } from './helpers/factories.js';
import { listRoutes } from './helpers/routes.js';
import { firstDifference, leaked, seen } from './helpers/security-compare.js';

/**
 * Promise 5 (issue 12), storefront and seller API side: every route that is not a back office (those are
 * in tests/operator-access.test.ts), read from Fastify's router — a new route fails here until RULES
 * says what it is. For every route that takes an id (in the path or the body), customer A's id tried
 * anonymously, as customer B, and seller A's ids with seller B's API key, answer exactly like an id that
 * does not exist (status, redirect and body compared once request-specific values are normalised),
 * change nothing in the database, and no answer to B carries A's data.
 */

const env = await testEnv();
const { app, deps } = env;
const db = deps.db;
const pool = env.database.pool;

// ── Fixtures: customer A with an order from two sellers, an incident, a thread, addresses, a cart, a
//    payment with a refund, an email; customer B with an order of their own and a cart ───────────────
const sellerA = await makeSeller(db);
const sellerB = await makeSeller(db);
const category = await makeCategory(db);
const productA = await makeProduct(db, { sellerId: sellerA.id, categoryId: category.id, stock: 50, sizes: ['S', 'M'] });
const productB = await makeProduct(db, { sellerId: sellerB.id, stock: 50 });
const offerA = productA.variants[0]!.offer;
const offerA2 = productA.variants[1]!.offer;
const offerB = productB.variants[0]!.offer;

const SECRET = { street: 'Rue Zwartalpha', lastName: 'Quennevilleux', thread: 'Mon colis secret Xylophane', incident: 'Incident confidentiel Wapiti', refund: 'Remboursement Okapi' };
const customerA = await makeCustomer(db, { lastName: SECRET.lastName });
await db.update(addresses).set({ street: SECRET.street, lastName: SECRET.lastName }).where(eq(addresses.id, customerA.address!.id));
const [addressA2] = await db
  .insert(addresses)
  .values({ customerId: customerA.id, firstName: 'Anne', lastName: SECRET.lastName, street: `${SECRET.street} bis`, houseNumber: '7', postalCode: '1000', city: 'Bruxelles', country: 'BE' })
  .returning();
const orderA = await makePaidOrder(db, { customer: customerA, lines: [{ offer: offerA }, { offer: offerA2 }, { offer: offerB }], at: env.clock.now() });
await db.transaction((tx) => queueOrderEmails(deps, tx, orderA.order.id));
const [emailA] = await db.select().from(emails).where(eq(emails.orderId, orderA.order.id));
const partA = orderA.sellerOrders.find((s) => s.sellerId === sellerA.id)!;
const [lineWithIncident, lineWithThread] = partA.lines;
const incidentA = await openIncident(deps, { customerId: customerA.id, orderNumber: orderA.order.number, lineId: lineWithIncident!.id, reason: 'withdrawal', message: SECRET.incident });
assert.ok(incidentA.ok, 'fixture: incident opened');
const threadA = await db.transaction((tx) =>
  openThread(deps, tx, { kind: 'order_line', orderLineId: lineWithThread!.id, customerId: customerA.id, sellerId: sellerA.id, author: { type: 'customer', customerId: customerA.id }, body: SECRET.thread }),
);
assert.ok(threadA.ok, 'fixture: thread opened');
const refund = await refundPayment(deps, null, { paymentId: orderA.payment.id, orderLineId: null, amountCents: 777, idempotencyKey: `test:${randomUUID()}`, reason: SECRET.refund });
assert.ok(refund.ok, 'fixture: refund recorded');
assert.ok((await addToCart(deps, { customerId: customerA.id }, offerA.id, '1')).ok, 'fixture: cart of A');
const [cartItemA] = await db.select().from(cartItems).where(eq(cartItems.offerId, offerA.id));

const customerB = await makeCustomer(db);
const orderB = await makePaidOrder(db, { customer: customerB, lines: [{ offer: offerB }], at: env.clock.now() });
assert.ok((await addToCart(deps, { customerId: customerB.id }, offerB.id, '1')).ok, 'fixture: cart of B');
const keyA = await makeApiKey(deps, sellerA);
const keyB = await makeApiKey(deps, sellerB);

/** The kinds of id a route takes, with customer A's (seller A's) value, a missing one, and B's own. */
type IdKind = 'order' | 'sellerOrder' | 'line' | 'incident' | 'photo' | 'address' | 'cartItem' | 'thread' | 'offer';
const A_IDS: Record<IdKind, string> = {
  order: orderA.order.number,
  sellerOrder: partA.number,
  line: lineWithThread!.id,
  incident: incidentA.ok ? incidentA.number : '',
  photo: randomUUID(), // A's incident has no photo: the route answers "missing" even to A.
  address: addressA2!.id,
  cartItem: cartItemA!.id,
  thread: threadA.ok ? threadA.threadId : '',
  offer: offerA.id,
};
const year = env.clock.now().getUTCFullYear();
const missingIds = (): Record<IdKind, string> => ({
  order: `C-${year}-999999`, sellerOrder: `C-${year}-999999-1`, line: randomUUID(), incident: `I-${year}-999999`, photo: randomUUID(),
  address: randomUUID(), cartItem: randomUUID(), thread: randomUUID(), offer: randomUUID(),
});
const B_OWN: Partial<Record<IdKind, string>> = { order: orderB.order.number, line: orderB.lines[0]!.id };

const ADDRESS_FORM = { firstName: 'Bea', lastName: 'Intruse', street: 'Rue Pirate', houseNumber: '1', postalCode: '1000', city: 'Bruxelles', country: 'BE', phone: '' };

/**
 * public: anyone, names no one's data. customer: the visitor's own account (login needed), no id.
 * owned: ids of one customer's data in the path (`ids`, by parameter) or the body (`bodyIds`, by field).
 * api: the seller API without an id (the key's seller only); apiOwned: with ids of the key's seller.
 * capability: the path carries a random secret handed to one person (its own check says why).
 * system: not personal data (health, static files, signed provider callbacks, documents).
 */
type Rule =
  | { kind: 'public' | 'customer' | 'api' }
  | { kind: 'owned' | 'apiOwned'; ids?: Record<string, IdKind>; bodyIds?: Record<string, IdKind | IdKind[]>; body?: Record<string, unknown> }
  | { kind: 'capability' | 'system'; why: string };

const RULES: Record<string, Rule> = {
  'GET /': { kind: 'system', why: 'redirects to a language' },
  'GET /*': { kind: 'system', why: 'static files' },
  'GET /healthz': { kind: 'system', why: 'health check' },
  'GET /readyz': { kind: 'system', why: 'readiness check' },
  'POST /payments/notify/:provider': { kind: 'system', why: 'provider callback, HMAC-signed body (tests/payments.test.ts)' },
  'GET /sandbox-pay/:ref': { kind: 'capability', why: "the sandbox plays the bank's page; its ref is 96 random bits handed to the payer only" },
  'POST /sandbox-pay/:ref': { kind: 'capability', why: 'as above, with the sandbox’s own form token' },
  'POST /sandbox-pay/:ref/cancel': { kind: 'capability', why: 'as above' },
  'POST /sandbox-pay/:ref/challenge': { kind: 'capability', why: 'as above' },
  // ── storefront ─────────────────────────────────────────────────────────────────────
  'GET /:locale': { kind: 'public' },
  'GET /:locale/c/:slug': { kind: 'public' },
  'GET /:locale/p/:slug': { kind: 'public' },
  'GET /:locale/s/:slug': { kind: 'public' },
  'GET /:locale/s/:slug/return-policy': { kind: 'public' },
  'GET /:locale/search': { kind: 'public' },
  'GET /:locale/help': { kind: 'public' },
  'GET /:locale/login': { kind: 'public' },
  'POST /:locale/login': { kind: 'public' },
  'POST /:locale/logout': { kind: 'public' },
  'GET /:locale/register': { kind: 'public' },
  'POST /:locale/register': { kind: 'public' },
  'GET /:locale/register/confirm': { kind: 'capability', why: 'the emailed one-time token (tests/accounts.test.ts)' },
  'POST /:locale/register/confirm': { kind: 'capability', why: 'the emailed one-time token' },
  'GET /:locale/forgot-password': { kind: 'public' },
  'POST /:locale/forgot-password': { kind: 'public' },
  'GET /:locale/reset-password': { kind: 'capability', why: 'the emailed one-time token (tests/accounts.test.ts)' },
  'POST /:locale/reset-password': { kind: 'capability', why: 'the emailed one-time token' },
  'GET /:locale/cart': { kind: 'public' },
  'POST /:locale/cart/add': { kind: 'public' },
  'POST /:locale/cart/items/:id': { kind: 'owned', ids: { id: 'cartItem' }, body: { quantity: '3' } },
  'POST /:locale/cart/items/:id/remove': { kind: 'owned', ids: { id: 'cartItem' } },
  'GET /:locale/p/:slug/question': { kind: 'public' },
  'POST /:locale/p/:slug/question': { kind: 'customer' },
  'GET /:locale/account': { kind: 'customer' },
  'GET /:locale/account/addresses': { kind: 'customer' },
  'GET /:locale/account/addresses/new': { kind: 'customer' },
  'POST /:locale/account/addresses/new': { kind: 'customer' },
  'GET /:locale/account/addresses/:id/edit': { kind: 'owned', ids: { id: 'address' } },
  'POST /:locale/account/addresses/:id/edit': { kind: 'owned', ids: { id: 'address' }, body: ADDRESS_FORM },
  'POST /:locale/account/addresses/:id/default': { kind: 'owned', ids: { id: 'address' }, body: { kind: 'both' } },
  'GET /:locale/account/addresses/:id/delete': { kind: 'owned', ids: { id: 'address' } },
  'POST /:locale/account/addresses/:id/delete': { kind: 'owned', ids: { id: 'address' } },
  'GET /:locale/account/email': { kind: 'customer' },
  'POST /:locale/account/email': { kind: 'customer' },
  'GET /:locale/account/email/confirm': { kind: 'capability', why: 'the emailed one-time token, for the logged-in customer only (tests/accounts.test.ts)' },
  'POST /:locale/account/email/confirm': { kind: 'capability', why: 'as above' },
  'GET /:locale/account/password': { kind: 'customer' },
  'POST /:locale/account/password': { kind: 'customer' },
  'GET /:locale/account/profile': { kind: 'customer' },
  'POST /:locale/account/profile': { kind: 'customer' },
  'GET /:locale/account/privacy': { kind: 'customer' },
  'GET /:locale/account/privacy/export': { kind: 'customer' },
  'POST /:locale/account/privacy/delete': { kind: 'customer' },
  'GET /:locale/account/orders': { kind: 'customer' },
  'GET /:locale/account/orders/:number': { kind: 'owned', ids: { number: 'order' } },
  'POST /:locale/account/orders/:number/resend-confirmation': { kind: 'owned', ids: { number: 'order' } },
  'GET /:locale/account/orders/:number/lines/:lineId/incident': { kind: 'owned', ids: { number: 'order', lineId: 'line' } },
  'POST /:locale/account/orders/:number/lines/:lineId/incident': { kind: 'owned', ids: { number: 'order', lineId: 'line' }, body: { reason: 'withdrawal', message: 'Intrusion' } },
  'GET /:locale/account/incidents': { kind: 'customer' },
  'GET /:locale/account/incidents/:number': { kind: 'owned', ids: { number: 'incident' } },
  'POST /:locale/account/incidents/:number/reply': { kind: 'owned', ids: { number: 'incident' }, body: { body: 'Intrusion' } },
  'POST /:locale/account/incidents/:number/dispute': { kind: 'owned', ids: { number: 'incident' }, body: { dispute: 'Intrusion' } },
  'POST /:locale/account/incidents/:number/accept': { kind: 'owned', ids: { number: 'incident' } },
  'GET /:locale/account/incidents/:number/photos/:photoId': { kind: 'owned', ids: { number: 'incident', photoId: 'photo' } },
  'GET /:locale/account/messages': { kind: 'customer' },
  'GET /:locale/account/messages/:id': { kind: 'owned', ids: { id: 'thread' } },
  'POST /:locale/account/messages/:id': { kind: 'owned', ids: { id: 'thread' }, body: { body: 'Intrusion' } },
  'GET /:locale/checkout': { kind: 'customer' },
  'POST /:locale/checkout/address/first': { kind: 'customer' },
  'POST /:locale/checkout/address/add': { kind: 'customer' },
  'POST /:locale/checkout/address/save': { kind: 'customer' },
  'POST /:locale/checkout/address/select': { kind: 'owned', bodyIds: { addressId: 'address' }, body: { role: 'billing' } },
  'POST /:locale/checkout/delivery-address': { kind: 'customer' },
  'GET /:locale/checkout/delivery': { kind: 'customer' },
  'GET /:locale/checkout/summary': { kind: 'customer' },
  'POST /:locale/checkout/place': { kind: 'customer' },
  'GET /:locale/checkout/return/:number': { kind: 'owned', ids: { number: 'order' } },
  'GET /:locale/checkout/confirmation/:number': { kind: 'owned', ids: { number: 'order' } },
  // ── seller API ─────────────────────────────────────────────────────────────────────
  'GET /api/seller/v1/openapi.json': { kind: 'system', why: 'the public API document' },
  'GET /api/seller/v1/docs': { kind: 'system', why: 'the public API reference' },
  'GET /api/seller/v1/orders': { kind: 'api' },
  'GET /api/seller/v1/orders/:number': { kind: 'apiOwned', ids: { number: 'sellerOrder' } },
  'POST /api/seller/v1/orders/:number/accept': { kind: 'apiOwned', ids: { number: 'sellerOrder' }, bodyIds: { lines: ['line'] } },
  'POST /api/seller/v1/orders/:number/refuse': { kind: 'apiOwned', ids: { number: 'sellerOrder' }, bodyIds: { lines: ['line'] }, body: { reason: 'out_of_stock' } },
  'POST /api/seller/v1/orders/:number/ship': { kind: 'apiOwned', ids: { number: 'sellerOrder' }, body: { carrier: 'bpost', tracking_number: 'AB123456789BE' } },
  'POST /api/seller/v1/orders/:number/deliver': { kind: 'apiOwned', ids: { number: 'sellerOrder' }, body: {} },
  'GET /api/seller/v1/offers': { kind: 'api' },
  'GET /api/seller/v1/offers/:id': { kind: 'apiOwned', ids: { id: 'offer' } },
  'PATCH /api/seller/v1/offers/:id': { kind: 'apiOwned', ids: { id: 'offer' }, body: { price_cents: 1, stock: 0 } },
  'POST /api/seller/v1/offers/bulk-update': { kind: 'apiOwned', body: { offers: [{ id: '<offer>', price_cents: 1 }] } },
  'GET /api/seller/v1/conversations': { kind: 'api' },
  'GET /api/seller/v1/conversations/:id': { kind: 'apiOwned', ids: { id: 'thread' } },
  'POST /api/seller/v1/conversations/:id/messages': { kind: 'apiOwned', ids: { id: 'thread' }, body: { body: 'Intrusion' } },
  'GET /api/seller/v1/incidents': { kind: 'api' },
  'GET /api/seller/v1/incidents/:number': { kind: 'apiOwned', ids: { number: 'incident' } },
  'POST /api/seller/v1/incidents/:number/decide': { kind: 'apiOwned', ids: { number: 'incident' }, body: { decision: 'rejected', reason: 'Intrusion' } },
  'POST /api/seller/v1/incidents/:number/reply': { kind: 'apiOwned', ids: { number: 'incident' }, body: { body: 'Intrusion' } },
  'POST /api/seller/v1/incidents/:number/return-received': { kind: 'apiOwned', ids: { number: 'incident' }, body: {} },
};

const routes = listRoutes(app).filter((r) => !/^\/(vendeur|admin)(\/|$)/.test(r.url));
const keyOf = (r: { method: string; url: string }) => `${r.method} ${r.url}`;

/**
 * Tables a refused request may still write, all about the caller: its own session, rate-limit counters,
 * its API key's idempotency record and last use.
 */
const VOLATILE = new Set(['public.sessions', 'public.rate_limit_hits', 'public.api_rate_windows', 'public.api_idempotency_keys', 'public.api_keys', 'public.login_attempts']);

type Try = { url: string; body?: Record<string, unknown>; sent: string[] };

/** The request for a route with the given ids (one value per kind), and the ids it sends. */
function build(pattern: string, rule: Rule, ids: Partial<Record<IdKind, string>>): Try {
  const sent: string[] = [];
  const url = pattern.replace(/:(\w+)/g, (_, name: string) => {
    if (name === 'locale') return 'fr';
    if (name === 'slug') return pattern.includes('/c/') ? category.slug : pattern.includes('/s/') ? sellerA.slug : productA.product.slug;
    if (name === 'ref') return orderA.payment.providerRef ?? '';
    if (name === 'provider') return 'sandbox';
    const kind = 'ids' in rule ? rule.ids?.[name] : undefined;
    const v = kind ? ids[kind]! : 'x';
    sent.push(v);
    return encodeURIComponent(v);
  });
  const body: Record<string, unknown> = { ...('body' in rule ? rule.body : {}) };
  for (const [field, kind] of Object.entries('bodyIds' in rule ? (rule.bodyIds ?? {}) : {})) {
    const v = Array.isArray(kind) ? kind.map((k) => ids[k]!) : ids[kind]!;
    body[field] = v;
    sent.push(...(Array.isArray(v) ? v : [v]));
  }
  if (Array.isArray(body.offers)) body.offers = (body.offers as Record<string, unknown>[]).map((o) => ({ ...o, id: ids.offer }));
  if (Array.isArray(body.offers)) sent.push(ids.offer!);
  return { url, body, sent };
}

/** Customer A's data that must never reach anyone else. The order's numbers count only when the visitor did not type them. */
function customerSecrets(url: string): Record<string, string> {
  const s: Record<string, string> = { street: SECRET.street, lastName: SECRET.lastName, email: customerA.email, thread: SECRET.thread, incident: SECRET.incident, refund: SECRET.refund };
  if (!url.includes(orderA.order.number)) Object.assign(s, { orderNumber: orderA.order.number, emailSubject: emailA!.subject });
  return s;
}
/** Seller A's data that seller B must not see (B legitimately sees its own part of A's order). */
function sellerASecrets(url: string): Record<string, string> {
  const s: Record<string, string> = { thread: SECRET.thread, incident: SECRET.incident, sku: productA.variants[0]!.variant.sku };
  if (!url.includes(partA.number)) s.sellerOrderNumber = partA.number;
  return s;
}

async function shopAgent(who: 'anonymous' | 'A' | 'B', ip: string): Promise<Agent> {
  const a = new Agent(app, { ip });
  if (who !== 'anonymous') {
    const c = who === 'A' ? customerA : customerB;
    const res = await a.login('/fr/login', c.email, c.password);
    assert.equal(res.statusCode, 303, `customer ${who} logs in`);
    // Customers reach the checkout with their cart: its address choice exists.
    assert.equal((await a.get('/fr/checkout')).statusCode, 200, `customer ${who} opens the checkout`);
  } else await a.get('/fr/login');
  assert.ok(a.csrf, `${who} has a CSRF token`);
  return a;
}

const send = (a: Agent, method: string, t: Try) => (method === 'GET' ? a.get(t.url) : a.post(t.url, t.body as Record<string, string | string[]>));
const differs = (x: ReturnType<typeof seen>, y: ReturnType<typeof seen>) =>
  x.status !== y.status ? `status ${x.status} vs ${y.status}` : x.location !== y.location ? `location ${x.location} vs ${y.location}` : x.body !== y.body ? `body ${firstDifference(x.body, y.body)}` : null;

test('every storefront, payment and API route has a rule (a new route fails here until it has one)', () => {
  assert.ok(routes.length > 90, `found ${routes.length} routes`);
  assert.deepEqual(routes.map(keyOf).filter((k) => !RULES[k]), [], 'every non-back-office route has a rule in RULES');
  assert.deepEqual(Object.keys(RULES).filter((k) => !routes.some((r) => keyOf(r) === k)), [], 'every rule names a route that exists');
});

test("customer B and anonymous visitors get A's ids answered exactly like missing ones, change nothing, and see none of A's data", async () => {
  const anonymous = await shopAgent('anonymous', '127.6.0.1');
  const b = await shopAgent('B', '127.6.0.2');
  const failures: string[] = [];
  let compared = 0;
  const shopRoutes = routes.filter((r) => r.url.startsWith('/:locale') && RULES[keyOf(r)]!.kind === 'owned');
  assert.ok(shopRoutes.length >= 20, `found ${shopRoutes.length} storefront routes with an id`);
  for (const r of shopRoutes) {
    const rule = RULES[keyOf(r)]!;
    const kinds = Object.values({ ...('ids' in rule ? rule.ids : {}), ...('bodyIds' in rule ? rule.bodyIds : {}) }).flat() as IdKind[];
    // All of A's ids vs all missing; and, with two ids, B's own order with one of A's ids in turn.
    const variants: [Partial<Record<IdKind, string>>, Partial<Record<IdKind, string>>][] = [[A_IDS, missingIds()]];
    if (kinds.length > 1 && kinds.every((k) => k === 'photo' || B_OWN[k]))
      for (const k of kinds) variants.push([{ ...B_OWN, [k]: A_IDS[k] }, { ...B_OWN, [k]: missingIds()[k] }]);
    for (const [theirs, missing] of variants) {
      const tA = build(r.url, rule, theirs);
      const tM = build(r.url, rule, missing);
      const sent = [...tA.sent, ...tM.sent];
      for (const [who, agent] of [['anonymous', anonymous], ['B', b]] as const) {
        const before = r.method === 'GET' ? null : await fingerprint(pool);
        const resA = await send(agent, r.method, tA);
        const afterA = before && (await fingerprint(pool));
        const resM = await send(agent, r.method, tM);
        const afterM = afterA && (await fingerprint(pool));
        compared++;
        const label = `${who} ${r.method} ${tA.url}`;
        const x = seen(resA, sent);
        const y = seen(resM, sent);
        const d = differs(x, y);
        if (d) failures.push(`${label}: A's id answered unlike a missing one: ${d}`);
        if (who === 'anonymous' && !(resA.statusCode === 404 || (resA.statusCode === 303 && String(resA.headers.location).startsWith('/fr/login'))))
          failures.push(`${label}: anonymous got ${resA.statusCode} ${resA.headers.location ?? ''}, not the login page or 404`);
        if (who === 'B' && resA.statusCode !== 404) failures.push(`${label}: B got ${resA.statusCode}, not 404`);
        const leaks = leaked(resA.body + String(resA.headers.location ?? ''), customerSecrets(tA.url));
        if (leaks.length) failures.push(`${label}: shows A's ${leaks.join(', ')}`);
        if (before && afterA && afterM) {
          const wrote = changedTables(before, afterA).filter((t) => !VOLATILE.has(t));
          if (wrote.length) failures.push(`${label}: wrote to ${wrote.join(', ')}`);
          const wroteMissing = changedTables(afterA, afterM).filter((t) => !VOLATILE.has(t));
          if (wroteMissing.length) failures.push(`${label} (missing id): wrote to ${wroteMissing.join(', ')}`);
        }
      }
    }
  }
  assert.deepEqual(failures, [], `${failures.length} failures in ${compared} comparisons`);
  assert.ok(compared >= shopRoutes.length * 2, `compared ${compared}`);
});

test("customer B sees none of A's data on any storefront page, and the capability pages show no personal data", async () => {
  const b = await shopAgent('B', '127.6.0.3');
  const failures: string[] = [];
  const gets = routes.filter((r) => r.method === 'GET' && (r.url.startsWith('/:locale') || r.url.startsWith('/sandbox-pay')));
  for (const r of gets) {
    const rule = RULES[keyOf(r)]!;
    const t = build(r.url, rule, A_IDS);
    const url = t.url;
    const res = await b.get(url);
    if (res.statusCode >= 500) failures.push(`GET ${url}: ${res.statusCode}`);
    // The bank's page of A's payment shows its amount and order number to whoever holds the ref: not personal data.
    const secrets = r.url.startsWith('/sandbox-pay') ? { ...customerSecrets(orderA.order.number) } : customerSecrets(url);
    const leaks = leaked(res.body, secrets);
    if (leaks.length) failures.push(`B GET ${url}: shows A's ${leaks.join(', ')}`);
  }
  assert.deepEqual(failures, [], failures.join('\n'));
  assert.ok(gets.length >= 35, `swept ${gets.length} pages`);
  assert.equal((await b.get(`/sandbox-pay/sbx_${randomUUID().replace(/-/g, '').slice(0, 24)}`)).statusCode, 404, 'an unknown sandbox ref is not found');
});

test("seller B's API key: seller A's ids answer the same problem as missing ones, change nothing; no key gets nothing", async () => {
  const asB = new ApiClient(app, keyB);
  const anonymous = asB.with(null);
  const failures: string[] = [];
  const apiRoutes = routes.filter((r) => RULES[keyOf(r)]!.kind === 'apiOwned');
  assert.ok(apiRoutes.length >= 14, `found ${apiRoutes.length} API routes with an id`);
  for (const r of apiRoutes) {
    const rule = RULES[keyOf(r)]!;
    const path = (u: string) => u.replace('/api/seller/v1', '');
    const tA = build(r.url, rule, A_IDS);
    const tM = build(r.url, rule, missingIds());
    const sent = [...tA.sent, ...tM.sent];
    const call = (c: ApiClient, t: Try) => c.request(r.method as 'GET', path(t.url), r.method === 'GET' ? {} : { body: t.body });
    const before = await fingerprint(pool);
    const resA = await call(asB, tA);
    const afterA = await fingerprint(pool);
    const resM = await call(asB, tM);
    const x = seen(resA, sent);
    const y = seen(resM, sent);
    const label = `seller B ${r.method} ${tA.url}`;
    if (resA.statusCode !== 404 && resA.statusCode !== 422) failures.push(`${label}: ${resA.statusCode}, not 404/422`);
    const d = differs(x, y);
    if (d) failures.push(`${label}: A's id answered unlike a missing one: ${d}`);
    if (x.type !== 'application/problem+json') failures.push(`${label}: ${x.type}, not a problem`);
    const wrote = changedTables(before, afterA).filter((t) => !VOLATILE.has(t));
    if (wrote.length) failures.push(`${label}: wrote to ${wrote.join(', ')}`);
    const leaks = leaked(resA.body, { ...sellerASecrets(tA.url), ...customerSecrets(tA.url) });
    if (leaks.length) failures.push(`${label}: shows ${leaks.join(', ')}`);
    const anon = await call(anonymous, tA);
    if (anon.statusCode !== 401) failures.push(`no key ${r.method} ${tA.url}: ${anon.statusCode}, not 401`);
    if (leaked(anon.body, sellerASecrets(tA.url)).length) failures.push(`no key ${r.method} ${tA.url}: shows seller A's data`);
  }
  // The lists of seller B: its own part of A's order, never seller A's.
  for (const r of routes.filter((x) => RULES[keyOf(x)]!.kind === 'api')) {
    const res = await asB.get(r.url.replace('/api/seller/v1', ''));
    if (res.statusCode !== 200) failures.push(`seller B GET ${r.url}: ${res.statusCode}`);
    const leaks = leaked(res.body, sellerASecrets(''));
    if (leaks.length) failures.push(`seller B GET ${r.url}: shows seller A's ${leaks.join(', ')}`);
  }
  assert.deepEqual(failures, [], failures.join('\n'));
});

// The positive control: the same requests with the owner's session or key do reach the data, so the
// "missing" answers above are the scoping at work, not a wrong id or a broken fixture.
test('the owner reaches each of these ids (A with their session, seller A with its key)', async () => {
  const a = await shopAgent('A', '127.6.0.4');
  const failures: string[] = [];
  const owned = routes.filter((r) => r.url.startsWith('/:locale') && RULES[keyOf(r)]!.kind === 'owned' && !r.url.includes(':photoId'));
  // Reads first, then writes, deletions and removals last (they take the data away).
  const last = (u: string) => (/(delete|remove)$/.test(u) ? 2 : 1);
  const ordered = [...owned.filter((r) => r.method === 'GET'), ...owned.filter((r) => r.method !== 'GET').sort((x, y) => last(x.url) - last(y.url))];
  for (const r of ordered) {
    const t = build(r.url, RULES[keyOf(r)]!, A_IDS);
    const res = await send(a, r.method, t);
    if (res.statusCode === 404 || res.statusCode >= 500) failures.push(`A ${r.method} ${t.url}: ${res.statusCode}`);
    if (r.url.endsWith('/account/orders/:number') && !res.body.includes(SECRET.street)) failures.push('A does not see their own address on their order');
  }
  const asA = new ApiClient(app, keyA);
  for (const r of routes.filter((x) => RULES[keyOf(x)]!.kind === 'apiOwned')) {
    const t = build(r.url, RULES[keyOf(r)]!, A_IDS);
    const res = await asA.request(r.method as 'GET', t.url.replace('/api/seller/v1', ''), r.method === 'GET' ? {} : { body: t.body });
    if (res.statusCode === 404 || res.statusCode >= 500) failures.push(`seller A ${r.method} ${t.url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
  }
  assert.deepEqual(failures, [], failures.join('\n'));
});
