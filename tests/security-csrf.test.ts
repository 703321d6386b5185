import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { issueToken } from '../src/modules/accounts/tokens.js';
import { addToCart } from '../src/modules/cart/cart.js';
import { cartItems } from '../src/modules/cart/schema.js';
import { queueOrderEmails } from '../src/modules/checkout/emails.js';
import { openIncident } from '../src/modules/incidents/open.js';
import { openThread } from '../src/modules/messaging/threads.js';
import { emails } from '../src/modules/notifications/schema.js';
import { sandboxPayments } from '../src/modules/payments/sandbox/schema.js';
import { LOCALES } from '../src/i18n/index.js';
import { common } from '../src/ui/messages.js';
import { Agent } from './helpers/agent.js';
import { makeApiKey } from './helpers/api.js';
import { testEnv } from './helpers/app.js';
import { changedTables, fingerprint } from './helpers/db-fingerprint.js';
import { makeCategory, makeCustomer, makeOperator, makePaidOrder, makeProduct, makeSeller, PASSWORD } from './helpers/factories.js';
import { listRoutes, type RouteInfo } from './helpers/routes.js';

/**
 * CSRF and "no GET changes the database", as one table over every route read from Fastify's router:
 * a new route is swept without anyone adding it here, and a new CSRF opt-out fails until it is listed
 * in OPT_OUTS with its reason. The database is compared with a fingerprint of every table (row count
 * and a hash of all rows) before and after each request.
 */

const env = await testEnv();
const { app, deps } = env;
const db = deps.db;
const pool = env.database.pool;

// ── Fixtures: a customer with an order, an incident, a thread, an address, a cart; sellers; operators ──
const sellerA = await makeSeller(db);
const sellerB = await makeSeller(db);
const category = await makeCategory(db);
const product = await makeProduct(db, { sellerId: sellerA.id, categoryId: category.id, stock: 50 });
const offer = product.variants[0]!.offer;
const customer = await makeCustomer(db);
const customer2 = await makeCustomer(db);
const order = await makePaidOrder(db, { customer, lines: [{ offer }, { offer }], at: env.clock.now() });
await db.transaction((tx) => queueOrderEmails(deps, tx, order.order.id));
const [email] = await db.select({ id: emails.id }).from(emails).where(eq(emails.orderId, order.order.id));
const line = order.lines[0]!;
const incident = await openIncident(deps, { customerId: customer.id, orderNumber: order.order.number, lineId: line.id, reason: 'withdrawal' });
assert.ok(incident.ok, 'fixture: incident opened');
const thread = await db.transaction((tx) =>
  openThread(deps, tx, { kind: 'order_line', orderLineId: order.lines[1]!.id, customerId: customer.id, sellerId: sellerA.id, author: { type: 'customer', customerId: customer.id }, body: 'Une question ?' }),
);
assert.ok(thread.ok, 'fixture: thread opened');
const added = await addToCart(deps, { customerId: customer.id }, offer.id, '1');
assert.ok(added.ok, 'fixture: cart item');
const [cartItem] = await db.select().from(cartItems).where(eq(cartItems.offerId, offer.id));
const resetToken = await issueToken(db, 'password_reset', customer2.id, env.clock.now());
const emailToken = await issueToken(db, 'email_change', customer.id, env.clock.now(), `new-${randomUUID().slice(0, 8)}@example.test`);
const admin = await makeOperator(db, 'admin');
const admin2 = await makeOperator(db, 'admin');
const apiKey = await makeApiKey(deps, sellerA);
// An open sandbox payment: its page sets the sandbox's own form token.
const openRef = `sbx_${randomBytes(12).toString('hex')}`;
await db.insert(sandboxPayments).values({
  ref: openRef, merchantRef: randomUUID(), amountCents: 1000, currency: 'EUR', description: 'Test', locale: 'fr',
  returnUrl: '/fr/account', notifyUrl: 'http://127.0.0.1/payments/notify/sandbox', status: 'open', createdAt: env.clock.now(),
  expiresAt: new Date(env.clock.now().getTime() + 3_600_000), updatedAt: env.clock.now(),
});

/** The value of each path parameter, from the fixtures (the route's own data, so a handler would act). */
function urlFor(pattern: string): string {
  const shop = pattern.startsWith('/:locale');
  const v: Record<string, string> = {
    locale: 'fr', lang: 'nl', lineId: line.id, photoId: randomUUID(), file: 'run-test.csv', userId: sellerA.user.id, provider: 'sandbox', ref: openRef,
    slug: pattern.includes('/c/') ? category.slug : pattern.includes('/s/') ? sellerA.slug : product.product.slug,
  };
  if (pattern.includes('/incidents/')) v.number = incident.ok ? incident.number : '';
  else if (pattern.startsWith('/vendeur/orders/') || pattern.startsWith('/api/')) v.number = order.sellerOrders[0]!.number;
  else v.number = order.order.number;
  if (pattern.includes('/addresses/')) v.id = customer.address!.id;
  else if (pattern.includes('/cart/items/')) v.id = cartItem!.id;
  else if (pattern.includes('/questions/') || pattern.includes('/messages/') || pattern.includes('/conversations/')) v.id = thread.ok ? thread.threadId : '';
  else if (pattern.includes('/offers/')) v.id = offer.id;
  else if (pattern.startsWith('/vendeur/team/')) v.id = sellerA.user.id;
  else if (pattern.startsWith('/admin/sellers/')) v.id = sellerA.id;
  else if (pattern.startsWith('/admin/customers/')) v.id = customer.id;
  else if (pattern.startsWith('/admin/emails/')) v.id = email!.id;
  else if (pattern.startsWith('/admin/categories/')) v.id = category.id;
  else if (pattern.startsWith('/admin/operators/')) v.id = admin2.id;
  else v.id = randomUUID();
  let url = pattern.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(v[name] ?? 'x'));
  if (url === '/*') url = '/static/css/shop.css';
  if (shop && /\/reset-password$/.test(url)) url += `?token=${resetToken}`;
  if (shop && /\/account\/email\/confirm$/.test(url)) url += `?token=${emailToken}`;
  return url;
}

type Face = 'shop' | 'seller' | 'operator' | 'sandbox' | 'api' | 'payments' | 'other';
function faceOf(pattern: string): Face {
  if (pattern.startsWith('/:locale')) return 'shop';
  if (pattern.startsWith('/vendeur')) return 'seller';
  if (pattern.startsWith('/admin')) return 'operator';
  if (pattern.startsWith('/sandbox-pay')) return 'sandbox';
  if (pattern.startsWith('/api/')) return 'api';
  if (pattern.startsWith('/payments/')) return 'payments';
  return 'other';
}

/**
 * Routes that do not use the shop's CSRF token (`config: { csrf: false }`), each with what protects
 * it instead; every one is checked below by that means. A route not listed here must answer 403 to a
 * form without the shop's token.
 */
const OPT_OUTS: Record<string, string> = {
  'POST /payments/notify/:provider': 'the provider signs the exact body with HMAC (timestamped, replay-checked); no cookie is read',
  'POST /sandbox-pay/:ref': "the sandbox plays an external site: its own double-submit token (SameSite=Strict cookie on /sandbox-pay), checked here like the shop's",
  'POST /sandbox-pay/:ref/challenge': 'as above: the sandbox\'s own token',
  'POST /sandbox-pay/:ref/cancel': 'as above: the sandbox\'s own token',
  'API /api/seller/v1/*': 'the seller API authenticates by a Bearer API key only, never by a cookie: no ambient authority to forge',
};
/** The source files allowed to declare `csrf: false` (one per opt-out family above). */
const OPT_OUT_FILES = ['src/modules/api/routes.ts', 'src/modules/payments/routes.ts', 'src/modules/payments/sandbox/routes.tsx'];

/**
 * Counters that any request may change, refused or read-only, with the reason. Keep this list small:
 * anything else written by a refused POST or by a GET is a bug (a link prefetched by a mail scanner
 * or a browser must not act).
 */
const COUNTERS: Record<string, string> = {
  'public.rate_limit_hits': 'per-IP rate limits (login, sign-up, reset, second factor…) count every attempt, before any other check',
  'public.api_rate_windows': "the seller API's per-key rate limit counts every call, reads included",
};
const counters = Object.keys(COUNTERS);

const routes = listRoutes(app);
const writes = routes.filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method));
const reads = routes.filter((r) => r.method === 'GET');
const key = (r: RouteInfo) => `${r.method} ${r.url}`;
const optOut = (r: RouteInfo) => OPT_OUTS[key(r)] ?? (r.url.startsWith('/api/seller/v1/') ? OPT_OUTS['API /api/seller/v1/*'] : undefined);

async function login(who: 'customer' | 'customer2' | 'seller' | 'sellerB' | 'admin' | 'admin2', ip: string): Promise<Agent> {
  const a = new Agent(app, { ip });
  const res =
    who === 'customer' ? await a.login('/fr/login', customer.email, PASSWORD)
    : who === 'customer2' ? await a.login('/fr/login', customer2.email, PASSWORD)
    : who === 'seller' ? await a.login('/vendeur/login', sellerA.user.email, PASSWORD)
    : who === 'sellerB' ? await a.login('/vendeur/login', sellerB.user.email, PASSWORD)
    : await a.login('/admin/login', (who === 'admin' ? admin : admin2).email, PASSWORD);
  assert.equal(res.statusCode, 303, `${who} logs in (${res.headers.location ?? res.body.slice(0, 200)})`);
  // A page with a form: the agent holds this session's CSRF token.
  await a.get(who.startsWith('customer') ? '/fr/account/profile' : who.startsWith('seller') ? '/vendeur/policy' : '/admin/settings');
  assert.ok(a.csrf, `${who} has a CSRF token`);
  return a;
}

/** A multipart body with the given text fields (the incident forms are multipart). */
function multipart(fields: Record<string, string>): { payload: string; contentType: string } {
  const boundary = `----comptoir${randomUUID().slice(0, 8)}`;
  const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  return { payload: `${parts.join('')}--${boundary}--\r\n`, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The page of a CSRF refusal says so (in any language): a 403 for another reason would not count. */
const CSRF_TITLES = LOCALES.map((l) => common(l)('csrf_title'));
const isCsrfRefusal = (res: LightMyRequestResponse) => res.statusCode === 403 && CSRF_TITLES.some((t) => res.body.includes(t));

const cookieHeader = (a: Agent) => [...a.cookies].map(([k, v]) => `${k}=${v}`).join('; ');

test('the router lists every face, and each listed route resolves', () => {
  for (const r of routes) assert.ok(app.findRoute({ method: r.method as 'GET', url: r.url }), `${key(r)} is a route of the app`);
  for (const prefix of ['/:locale/cart/add', '/vendeur/orders/:number/ship', '/admin/settings', '/api/seller/v1/offers/:id', '/payments/notify/:provider', '/sandbox-pay/:ref'])
    assert.ok(routes.some((r) => r.url === prefix), `${prefix} found in the router`);
  assert.ok(writes.length > 100, `found ${writes.length} state-changing routes`);
  assert.ok(reads.length > 80, `found ${reads.length} GET routes`);
});

// ── No GET changes the database; every page's CSP forbids inline scripts ─────────────────────────


/** GET routes that write, the only tables each may touch, and why (idempotent: a second GET adds nothing). */
const GET_WRITERS: Record<string, { tables: string[]; reason: string }> = {
  'GET /:locale/checkout': { tables: ['public.checkouts'], reason: 'creates once the checkout row whose key the "Payer" form carries (one order per key, promise 1)' },
  'GET /:locale/account/messages/:id': { tables: ['public.message_threads'], reason: 'the customer read the thread: its unread mark goes' },
  'GET /vendeur/questions/:id': { tables: ['public.message_threads'], reason: 'the seller read the thread: its unread mark goes' },
  'GET /:locale/account/incidents/:number': { tables: ['public.message_threads'], reason: "the customer read the incident's messages: their unread mark goes" },
  'GET /vendeur/incidents/:number': { tables: ['public.message_threads'], reason: "the seller read the incident's messages: their unread mark goes" },
  'GET /vendeur/security/enrol': { tables: ['public.backoffice_second_factors'], reason: 'keeps the pending key (not enabled until a code confirms it) so a reload shows the same key' },
  'GET /admin/security/enrol': { tables: ['public.backoffice_second_factors'], reason: 'as for sellers: the pending key of an enrolment' },
};

/** Every seller API call (reads too) marks its key's "Dernière utilisation", once per rate window. */
const API_READS_WRITE = ['public.api_keys'];

const html: { url: string; who: string; body: string; csp: string }[] = [];

test('no GET changes the database (every GET route × anonymous, customer, seller, operator)', async () => {
  const personas: [string, Agent][] = [
    ['anonymous', new Agent(app, { ip: '127.5.3.1' })],
    ['customer', await login('customer', '127.5.3.2')],
    ['seller', await login('seller', '127.5.3.3')],
    ['operator', await login('admin', '127.5.3.4')],
  ];
  const exclude = counters;
  const failures: string[] = [];
  const pages = new Map<string, number>();
  let checked = 0;
  for (const [who, agent] of personas) {
    for (const r of reads) {
      const url = urlFor(r.url);
      const headers: Record<string, string> = faceOf(r.url) === 'api' && who === 'seller' ? { authorization: `Bearer ${apiKey}` } : {};
      const before = await fingerprint(pool, { exclude });
      const res = await agent.get(url, headers);
      checked++;
      if (res.statusCode === 200) pages.set(who, (pages.get(who) ?? 0) + 1);
      // /readyz answers 503 by design while migrations are pending.
      if (res.statusCode >= 500 && r.url !== '/readyz') failures.push(`${who} GET ${url}: ${res.statusCode}`);
      const allowed = [...(GET_WRITERS[key(r)]?.tables ?? []), ...(faceOf(r.url) === 'api' ? API_READS_WRITE : [])];
      const changed = changedTables(before, await fingerprint(pool, { exclude })).filter((t) => !allowed.includes(t));
      if (changed.length) failures.push(`${who} GET ${url} (${res.statusCode}) changed ${changed.join(', ')}`);
      if (String(res.headers['content-type'] ?? '').startsWith('text/html')) html.push({ url, who, body: res.body, csp: String(res.headers['content-security-policy'] ?? '') });
    }
  }
  assert.deepEqual(failures, [], `${failures.length} of ${checked} GETs`);
  assert.ok(checked >= reads.length * personas.length, `checked ${checked}`);
  // The fixtures open real pages (not only redirects to a login or 404s): each session saw its face.
  for (const [who] of personas) assert.ok((pages.get(who) ?? 0) >= (who === 'anonymous' ? 15 : 35), `${who} got ${pages.get(who)} pages with 200`);
});

test('CSP: every HTML answer forbids inline scripts, and none of them holds one', () => {
  assert.ok(html.length > 100, `the GET sweep collected ${html.length} pages`);
  const families = new Set(html.filter((h) => h.body.length > 0).map((h) => faceOf(routes.find((r) => urlFor(r.url) === h.url)?.url ?? h.url)));
  for (const f of ['shop', 'seller', 'operator', 'sandbox', 'api'] as const) assert.ok(families.has(f), `pages of the ${f} family were checked`);
  const failures: string[] = [];
  for (const h of html) {
    const directives = new Map(h.csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map((d) => [d[0]!, d.slice(1)]));
    const scriptSrc = directives.get('script-src') ?? directives.get('default-src');
    if (!scriptSrc) failures.push(`${h.who} ${h.url}: no script-src nor default-src in "${h.csp}"`);
    else if (scriptSrc.some((s) => /unsafe-inline|unsafe-eval|\*|data:/.test(s))) failures.push(`${h.who} ${h.url}: script-src ${scriptSrc.join(' ')}`);
    // Inline code: a <script> without src, an on…= handler attribute, a javascript: URL.
    for (const m of h.body.matchAll(/<script\b([^>]*)>/gi)) if (!/\bsrc=/.test(m[1]!) && !/type="application\/(ld\+)?json"/.test(m[1]!)) failures.push(`${h.who} ${h.url}: inline <script${m[1]}>`);
    const handler = /<[a-z][^>]*\son[a-z]+\s*=/i.exec(h.body);
    if (handler) failures.push(`${h.who} ${h.url}: event handler attribute ${handler[0].slice(0, 80)}`);
    const js = /(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:/i.exec(h.body);
    if (js) failures.push(`${h.who} ${h.url}: ${js[0]}`);
  }
  assert.deepEqual(failures, [], `${failures.length} problems in ${html.length} pages`);
});

// ── CSRF (after the GET sweep: its control pass below acts on the fixtures) ─────────────────────

test('CSRF: every state-changing form route refuses a missing, foreign or query-string token, and changes nothing', async () => {
  const agents = {
    shop: await login('customer', '127.5.0.1'),
    shopOther: await login('customer2', '127.5.0.2'),
    seller: await login('seller', '127.5.0.3'),
    sellerOther: await login('sellerB', '127.5.0.4'),
    operator: await login('admin', '127.5.0.5'),
    operatorOther: await login('admin2', '127.5.0.6'),
  };
  const failures: string[] = [];
  let checked = 0;
  // Logging out last, so every other route is tried with a live session.
  const ordered = [...writes.filter((r) => !r.url.endsWith('/logout')), ...writes.filter((r) => r.url.endsWith('/logout'))];
  for (const r of ordered) {
    const face = faceOf(r.url);
    if (optOut(r)) continue;
    if (face !== 'shop' && face !== 'seller' && face !== 'operator') {
      failures.push(`${key(r)}: not a face and not in OPT_OUTS`);
      continue;
    }
    const own = face === 'shop' ? agents.shop : face === 'seller' ? agents.seller : agents.operator;
    const other = face === 'shop' ? agents.shopOther : face === 'seller' ? agents.sellerOther : agents.operatorOther;
    const url = urlFor(r.url);
    const form = { body: 'Bonjour', role: 'staff', email: 'x@example.test', password: PASSWORD, quantity: '1', offerId: offer.id };
    const before = await fingerprint(pool, { exclude: counters });
    const attempts: [string, () => Promise<LightMyRequestResponse>][] = [
      ['no token', () => own.post(url, form, { csrf: null })],
      ["another session's token", () => own.post(url, form, { csrf: other.csrf })],
      ['token in the query string only', () => own.post(`${url}${url.includes('?') ? '&' : '?'}_csrf=${encodeURIComponent(own.csrf!)}`, form, { csrf: null })],
      ['multipart without token', () => {
        const m = multipart(form);
        return app.inject({ method: r.method as 'POST', url, payload: m.payload, headers: { 'content-type': m.contentType, cookie: cookieHeader(own) }, remoteAddress: own.ip });
      }],
    ];
    for (const [what, send] of attempts) {
      const res = await send();
      checked++;
      // Only the incident forms parse multipart; elsewhere such a body is refused before any hook (415).
      if (what.startsWith('multipart') && res.statusCode === 415) continue;
      if (!isCsrfRefusal(res)) failures.push(`${key(r)} with ${what}: ${res.statusCode} ${res.headers.location ?? ''}`);
    }
    const changed = changedTables(before, await fingerprint(pool, { exclude: counters }));
    if (changed.length) failures.push(`${key(r)}: refused requests changed ${changed.join(', ')}`);
  }
  assert.deepEqual(failures, [], `${failures.length} failures over ${checked} refused requests`);
  assert.ok(checked >= 4 * 80, `checked ${checked} requests`);

  // Control: each route takes the session's own token (the refusals above were about the token).
  const accepted: string[] = [];
  for (const r of ordered.filter((w) => !optOut(w))) {
    const face = faceOf(r.url);
    const own = face === 'shop' ? agents.shop : face === 'seller' ? agents.seller : agents.operator;
    const res = await own.post(urlFor(r.url), { body: 'Bonjour', role: 'staff', quantity: '1', offerId: offer.id });
    if (isCsrfRefusal(res) || res.statusCode >= 500) accepted.push(`${key(r)} with its own token: ${res.statusCode}`);
  }
  assert.deepEqual(accepted, [], 'every form route accepts its session\'s token');
});

test('CSRF opt-outs: only the listed routes, each protected by its own means', async () => {
  // Every declaration of an opt-out in the source is in one of the known files.
  const root = path.resolve(import.meta.dirname, '..');
  const declaring: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(e.name) && /csrf\s*:\s*false/.test(fs.readFileSync(p, 'utf8'))) declaring.push(path.relative(root, p));
    }
  };
  walk(path.join(root, 'src'));
  assert.deepEqual(declaring.sort(), [...OPT_OUT_FILES].sort(), 'a new `csrf: false` must be added to OPT_OUTS with its reason');
  // Every non-face state-changing route is in the list (a new one fails here).
  const unlisted = writes.filter((r) => !['shop', 'seller', 'operator'].includes(faceOf(r.url)) && !optOut(r)).map(key);
  assert.deepEqual(unlisted, [], 'every state-changing route outside the faces has a reason in OPT_OUTS');

  // The sandbox's pages: its own token is required (missing, another browser's, query string → 403).
  const sbx = new Agent(app, { ip: '127.5.1.1' });
  const sbxOther = new Agent(app, { ip: '127.5.1.2' });
  assert.equal((await sbx.get(`/sandbox-pay/${openRef}`)).statusCode, 200, 'sandbox page');
  assert.equal((await sbxOther.get(`/sandbox-pay/${openRef}`)).statusCode, 200, 'sandbox page (other browser)');
  assert.ok(sbx.csrf && sbxOther.csrf && sbx.csrf !== sbxOther.csrf, 'each browser has its own sandbox token');
  for (const r of writes.filter((w) => faceOf(w.url) === 'sandbox')) {
    const url = urlFor(r.url);
    const before = await fingerprint(pool, { exclude: counters });
    for (const [what, res] of [
      ['no token', await sbx.post(url, { method: 'visa', card: '4242 4242 4242 4242', code: '1234' }, { csrf: null })],
      ["another browser's token", await sbx.post(url, { method: 'visa', card: '4242 4242 4242 4242', code: '1234' }, { csrf: sbxOther.csrf })],
      ['query string', await sbx.post(`${url}?_csrf=${sbx.csrf}`, { method: 'visa', card: '4242 4242 4242 4242', code: '1234' }, { csrf: null })],
    ] as const)
      assert.equal(res.statusCode, 403, `${key(r)} with ${what}`);
    assert.deepEqual(changedTables(before, await fingerprint(pool, { exclude: counters })), [], `${key(r)}: refused requests change nothing`);
  }

  // The payment notification: a form post with a shopper's cookies and no signature changes nothing.
  const shopAgent = await login('customer', '127.5.1.3');
  const before = await fingerprint(pool, { exclude: counters });
  const forged = await shopAgent.post('/payments/notify/sandbox', { ref: openRef, status: 'paid', amountCents: '1000' });
  assert.ok(forged.statusCode >= 400 && forged.statusCode < 500, `unsigned notification refused (${forged.statusCode})`);
  // It is only written down in the notifications' log, as refused.
  assert.deepEqual(changedTables(before, await fingerprint(pool, { exclude: counters })), ['public.payment_events'], 'an unsigned notification changes nothing but its log');
  const { rows: logged } = await pool.query<{ outcome: string; signature_valid: boolean }>('select outcome, signature_valid from payment_events order by at desc limit 1');
  assert.ok(logged[0] && logged[0].outcome !== 'received' && !logged[0].signature_valid, `logged as refused: ${JSON.stringify(logged[0])}`);
});

test('the seller API ignores cookies: a logged-in seller\'s session and CSRF token open nothing', async () => {
  const seller = await login('seller', '127.5.2.1');
  const api = routes.filter((r) => faceOf(r.url) === 'api' && !/openapi\.json$|\/docs$/.test(r.url));
  assert.ok(api.length >= 15, `found ${api.length} API routes`);
  const before = await fingerprint(pool, { exclude: counters });
  const failures: string[] = [];
  for (const r of api) {
    const res = await app.inject({
      method: r.method as 'GET',
      url: urlFor(r.url),
      headers: { cookie: cookieHeader(seller), 'x-csrf-token': seller.csrf!, 'content-type': 'application/json' },
      ...(r.method === 'GET' ? {} : { payload: JSON.stringify({ stock: 0, priceCents: 1, reason: 'out_of_stock', body: 'x', carrier: 'bpost', trackingNumber: '1' }) }),
      remoteAddress: seller.ip,
    });
    if (res.statusCode !== 401) failures.push(`${key(r)} with a seller's cookie: ${res.statusCode}`);
  }
  assert.deepEqual(failures, [], 'every API route asks for a key');
  assert.deepEqual(changedTables(before, await fingerprint(pool, { exclude: counters })), [], 'cookie-authenticated API calls change nothing');
  // The same call with the key works (the 401s above are about the missing key, not the request).
  const withKey = await app.inject({ method: 'GET', url: '/api/seller/v1/orders', headers: { authorization: `Bearer ${apiKey}` } });
  assert.equal(withKey.statusCode, 200, 'the API key opens the API');
});
