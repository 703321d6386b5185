import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { queueOrderEmails } from '../src/modules/checkout/emails.js';
import { openIncident } from '../src/modules/incidents/open.js';
import { openThread } from '../src/modules/messaging/threads.js';
import { emails } from '../src/modules/notifications/schema.js';
import { sellerUsers } from '../src/modules/sellers/schema.js';
import { eq } from 'drizzle-orm';
import { Agent } from './helpers/agent.js';
import { listRoutes } from './helpers/routes.js';
import { testEnv } from './helpers/app.js';
import { makeCategory, makeCustomer, makeOperator, makePaidOrder, makeProduct, makeSeller, PASSWORD } from './helpers/factories.js';
import { hashPassword } from '../src/modules/accounts/passwords.js';

/**
 * The access matrix: every back-office route, read from Fastify's router (so a new route cannot be
 * forgotten: it fails here until it has a rule), × every kind of visitor → allowed, sent to the face's
 * login page, refused (403/404), or "missing" (404 — another shop's id answers exactly like an id
 * that does not exist).
 */

const env = await testEnv();
const { app, deps } = env;
const db = deps.db;

type Persona = 'anonymous' | 'customer' | 'sellerA' | 'staffA' | 'sellerB' | 'customerService' | 'admin';
const PERSONAS: Persona[] = ['anonymous', 'customer', 'sellerA', 'staffA', 'sellerB', 'customerService', 'admin'];
type Outcome = 'allowed' | 'login' | 'refused' | 'missing' | 'any';

/**
 * who: 'open' (login steps, language, invitation: anyone), 'seller' (any user of the shop), 'owner'
 * (the shop's owners), 'operator' (customer service and admins), 'admin'.
 * scoped: the path names seller A's data (seller B must get 404). absent: the id names nothing (404
 * for those allowed). body: what the form would send when an empty one would be refused as malformed.
 */
type Rule = { who: 'open' | 'seller' | 'owner' | 'operator' | 'admin'; scoped?: boolean; absent?: boolean; body?: Record<string, string>; override?: Partial<Record<Persona, Outcome>> };

// ── Fixtures: seller A with an order, an incident, a question; seller B; operators ─────────────────
const sellerA = await makeSeller(db);
const sellerB = await makeSeller(db);
const staffHash = await hashPassword(PASSWORD);
const [staffA] = await db.insert(sellerUsers).values({ sellerId: sellerA.id, email: `staff-${randomUUID().slice(0, 8)}@a.test`, passwordHash: staffHash, name: 'Staff A', role: 'staff' }).returning();
const [colleagueA] = await db.insert(sellerUsers).values({ sellerId: sellerA.id, email: `colleague-${randomUUID().slice(0, 8)}@a.test`, passwordHash: staffHash, name: 'Colleague A', role: 'staff' }).returning();
const product = await makeProduct(db, { sellerId: sellerA.id });
const customer = await makeCustomer(db);
const order = await makePaidOrder(db, { customer, lines: [{ offer: product.variants[0]!.offer }], at: env.clock.now() });
await db.transaction((tx) => queueOrderEmails(deps, tx, order.order.id));
const [email] = await db.select({ id: emails.id }).from(emails).where(eq(emails.orderId, order.order.id));
const line = order.lines[0]!;
const incident = await openIncident(deps, { customerId: customer.id, orderNumber: order.order.number, lineId: line.id, reason: 'withdrawal' });
assert.ok(incident.ok);
const thread = await db.transaction((tx) =>
  openThread(deps, tx, { kind: 'order_line', orderLineId: line.id, customerId: customer.id, sellerId: sellerA.id, author: { type: 'customer', customerId: customer.id }, body: 'Une question ?' }),
);
assert.ok(thread.ok);
const category = await makeCategory(db);
const targetOperator = await makeOperator(db, 'customer_service');


/** The value of each path parameter, per route (ids of seller A's data unless the rule says absent). */
function paramsFor(path: string): Record<string, string> {
  const v: Record<string, string> = { lang: 'nl', photoId: randomUUID(), file: 'run-test.csv', userId: colleagueA!.id };
  if (path.startsWith('/vendeur/orders/')) v.number = order.sellerOrders[0]!.number;
  else if (path.startsWith('/admin/orders/')) v.number = order.order.number;
  else if (path.includes('/incidents/')) v.number = incident.ok ? incident.number : '';
  if (path.startsWith('/vendeur/offers/')) v.id = product.variants[0]!.offer.id;
  else if (path.includes('/questions/') || path.includes('/messages/')) v.id = thread.ok ? thread.threadId : '';
  else if (path.startsWith('/vendeur/team/')) v.id = colleagueA!.id;
  else if (path.startsWith('/admin/sellers/')) v.id = sellerA.id;
  else if (path.startsWith('/admin/customers/')) v.id = customer.id;
  else if (path.startsWith('/admin/emails/')) v.id = email!.id;
  else if (path.startsWith('/admin/categories/')) v.id = category.id;
  else if (path.startsWith('/admin/operators/')) v.id = targetOperator.id;
  else v.id = randomUUID();
  return v;
}

const RULES: Record<string, Rule> = {
  // ── /vendeur ─────────────────────────────────────────────────────────────────
  'GET /vendeur': { who: 'seller' },
  'GET /vendeur/login': { who: 'open' },
  'POST /vendeur/login': { who: 'open' },
  'GET /vendeur/login/code': { who: 'open' },
  'POST /vendeur/login/code': { who: 'open' },
  'GET /vendeur/login/enrol': { who: 'open' },
  'POST /vendeur/login/enrol': { who: 'open' },
  'POST /vendeur/logout': { who: 'open' },
  'GET /vendeur/lang/:lang': { who: 'open' },
  'GET /vendeur/invitation': { who: 'open' },
  'POST /vendeur/invitation': { who: 'open' },
  'GET /vendeur/security': { who: 'seller' },
  'GET /vendeur/security/enrol': { who: 'seller' },
  'POST /vendeur/security/enrol': { who: 'seller' },
  'POST /vendeur/security/recovery-codes': { who: 'seller' },
  'POST /vendeur/security/disable': { who: 'seller' },
  'GET /vendeur/incidents': { who: 'seller' },
  'GET /vendeur/incidents/:number': { who: 'seller', scoped: true },
  'GET /vendeur/incidents/:number/photos/:photoId': { who: 'seller', scoped: true, absent: true },
  'POST /vendeur/incidents/:number/reply': { who: 'seller', scoped: true },
  'POST /vendeur/incidents/:number/replacement': { who: 'seller', scoped: true },
  'POST /vendeur/incidents/:number/return': { who: 'seller', scoped: true },
  'POST /vendeur/incidents/:number/received': { who: 'seller', scoped: true },
  'POST /vendeur/incidents/:number/refund': { who: 'seller', scoped: true },
  'POST /vendeur/incidents/:number/reject': { who: 'seller', scoped: true },
  'POST /vendeur/incidents/:number/cancel': { who: 'seller', scoped: true },
  'GET /vendeur/offers': { who: 'seller' },
  'POST /vendeur/offers/:id': { who: 'seller', scoped: true },
  'GET /vendeur/orders': { who: 'seller' },
  'GET /vendeur/orders/:number': { who: 'seller', scoped: true },
  'POST /vendeur/orders/:number/accept': { who: 'seller', scoped: true },
  'POST /vendeur/orders/:number/refuse': { who: 'seller', scoped: true },
  'POST /vendeur/orders/:number/ship': { who: 'seller', scoped: true },
  'POST /vendeur/orders/:number/deliver': { who: 'seller', scoped: true },
  'GET /vendeur/policy': { who: 'seller' },
  'POST /vendeur/policy': { who: 'seller' },
  'GET /vendeur/payments': { who: 'seller' },
  'GET /vendeur/questions': { who: 'seller' },
  'GET /vendeur/questions/:id': { who: 'seller', scoped: true },
  'POST /vendeur/questions/:id': { who: 'seller', scoped: true },
  'GET /vendeur/team': { who: 'owner' },
  'POST /vendeur/team/invite': { who: 'owner' },
  'POST /vendeur/team/:id/role': { who: 'owner', scoped: true, body: { role: 'staff' } },
  'POST /vendeur/team/:id/reactivate': { who: 'owner', scoped: true },
  'POST /vendeur/team/:id/deactivate': { who: 'owner', scoped: true },
  'GET /vendeur/api-keys': { who: 'owner' },
  'POST /vendeur/api-keys': { who: 'owner' },
  'POST /vendeur/api-keys/:id/revoke': { who: 'owner', absent: true },
  'GET /vendeur/webhooks': { who: 'owner' },
  'POST /vendeur/webhooks': { who: 'owner' },
  'GET /vendeur/webhooks/deliveries/:id': { who: 'owner', absent: true },
  'POST /vendeur/webhooks/deliveries/:id/replay': { who: 'owner', absent: true },
  'POST /vendeur/webhooks/:id/remove': { who: 'owner', absent: true },
  // ── /admin ───────────────────────────────────────────────────────────────────
  'GET /admin': { who: 'operator' },
  'GET /admin/login': { who: 'open' },
  'POST /admin/login': { who: 'open' },
  'GET /admin/login/code': { who: 'open' },
  'POST /admin/login/code': { who: 'open' },
  'GET /admin/login/enrol': { who: 'open' },
  'POST /admin/login/enrol': { who: 'open' },
  'POST /admin/logout': { who: 'open' },
  'GET /admin/lang/:lang': { who: 'open' },
  'GET /admin/invitation': { who: 'open' },
  'POST /admin/invitation': { who: 'open' },
  'GET /admin/security': { who: 'operator' },
  'GET /admin/security/enrol': { who: 'operator' },
  'POST /admin/security/enrol': { who: 'operator' },
  'POST /admin/security/recovery-codes': { who: 'operator' },
  // Admins cannot turn their second factor off: refused (403) with the reason.
  'POST /admin/security/disable': { who: 'operator', override: { admin: 'refused' } },
  'GET /admin/ledger': { who: 'operator' },
  'POST /admin/ledger/payouts': { who: 'admin' },
  'GET /admin/ledger/runs/:file': { who: 'operator' },
  'GET /admin/refunds': { who: 'operator' },
  'POST /admin/refunds/:id/retry': { who: 'operator', absent: true },
  'GET /admin/incidents': { who: 'operator' },
  'GET /admin/incidents/:number': { who: 'operator' },
  'GET /admin/incidents/:number/photos/:photoId': { who: 'operator', absent: true },
  'POST /admin/incidents/:number/message': { who: 'operator' },
  'POST /admin/incidents/:number/decide': { who: 'operator' },
  'GET /admin/sellers': { who: 'operator' },
  'GET /admin/sellers/new': { who: 'operator' },
  'POST /admin/sellers/new': { who: 'operator' },
  'GET /admin/sellers/:id': { who: 'operator' },
  'GET /admin/sellers/:id/edit': { who: 'operator' },
  'POST /admin/sellers/:id/edit': { who: 'operator' },
  'POST /admin/sellers/:id/suspend': { who: 'operator' },
  'POST /admin/sellers/:id/reactivate': { who: 'operator' },
  'POST /admin/sellers/:id/invite': { who: 'operator' },
  'POST /admin/sellers/:id/commissions': { who: 'admin' },
  'POST /admin/sellers/:id/users/:userId/reset-2fa': { who: 'admin' },
  'GET /admin/settings': { who: 'admin' },
  'POST /admin/settings': { who: 'admin' },
  'GET /admin/emails': { who: 'operator' },
  'GET /admin/emails/:id': { who: 'operator' },
  'GET /admin/emails/:id/html': { who: 'operator' },
  'POST /admin/emails/:id/resend': { who: 'operator' },
  'GET /admin/customers': { who: 'operator' },
  'GET /admin/customers/:id': { who: 'operator' },
  'GET /admin/categories': { who: 'operator' },
  'POST /admin/categories': { who: 'operator' },
  'POST /admin/categories/:id': { who: 'operator' },
  'GET /admin/orders': { who: 'operator' },
  'GET /admin/orders/:number': { who: 'operator' },
  'GET /admin/operators': { who: 'admin' },
  'POST /admin/operators/invite': { who: 'admin' },
  'POST /admin/operators/:id/role': { who: 'admin', body: { role: 'customer_service' } },
  'POST /admin/operators/:id/reactivate': { who: 'admin' },
  'POST /admin/operators/:id/reset-2fa': { who: 'admin' },
  'POST /admin/operators/:id/deactivate': { who: 'admin' },
  'GET /admin/audit': { who: 'admin' },
  'GET /admin/messages': { who: 'operator' },
  'GET /admin/messages/:id': { who: 'operator' },
  'POST /admin/messages/:id': { who: 'operator' },
};

/** Every GET/POST route under /vendeur and /admin, from the router's own tree (tests/helpers/routes.ts). */
function backOfficeRoutes(): string[] {
  return listRoutes(app)
    .filter((r) => (r.method === 'GET' || r.method === 'POST') && /^\/(vendeur|admin)(\/|$)/.test(r.url))
    .map((r) => `${r.method} ${r.url}`)
    .sort();
}

function expected(key: string, rule: Rule, who: Persona): Outcome {
  if (rule.who === 'open') return 'any';
  if (rule.override?.[who]) return rule.override[who]!;
  if (key.split(' ')[1]!.startsWith('/vendeur')) {
    if (who !== 'sellerA' && who !== 'staffA' && who !== 'sellerB') return 'login';
    if (who === 'staffA' && rule.who === 'owner') return 'refused';
    if (who === 'sellerB' && rule.scoped) return 'missing';
  } else {
    if (who !== 'customerService' && who !== 'admin') return 'login';
    if (who === 'customerService' && rule.who === 'admin') return 'refused';
  }
  return rule.absent ? 'missing' : 'allowed';
}

function outcome(res: LightMyRequestResponse, base: string): Outcome {
  const loc = String(res.headers.location ?? '');
  if (res.statusCode === 303 && loc.startsWith(`${base}/login?returnTo=`)) return 'login';
  if (res.statusCode === 404) return 'missing';
  if (res.statusCode === 403 || res.statusCode === 401) return 'refused';
  return 'allowed';
}

async function personaAgent(who: Persona): Promise<Agent> {
  const a = new Agent(app, { ip: `127.3.0.${PERSONAS.indexOf(who) + 2}` });
  const ok = (r: LightMyRequestResponse) => assert.equal(r.statusCode, 303, `${who} logs in`);
  if (who === 'customer') ok(await a.login('/fr/login', customer.email, customer.password));
  if (who === 'sellerA') ok(await a.login('/vendeur/login', sellerA.user.email, PASSWORD));
  if (who === 'staffA') ok(await a.login('/vendeur/login', staffA!.email, PASSWORD));
  if (who === 'sellerB') ok(await a.login('/vendeur/login', sellerB.user.email, PASSWORD));
  if (who === 'customerService' || who === 'admin') {
    const op = await makeOperator(db, who === 'admin' ? 'admin' : 'customer_service');
    ok(await a.login('/admin/login', op.email, PASSWORD));
  }
  // A CSRF token, as any page with a form would give (anonymous visitors too).
  await a.get('/admin/login');
  return a;
}

test('access matrix: every back-office route × every kind of visitor', async () => {
  const routes = backOfficeRoutes();
  assert.ok(routes.length > 60, `found ${routes.length} routes`);
  const missing = routes.filter((r) => !RULES[r]);
  assert.deepEqual(missing, [], 'every back-office route has a rule here');

  const failures: string[] = [];
  let checks = 0;
  for (const who of PERSONAS) {
    const agent = await personaAgent(who);
    // Logging out last: the other routes see the persona's session.
    const ordered = [...routes.filter((r) => !r.endsWith('/logout')), ...routes.filter((r) => r.endsWith('/logout'))];
    for (const key of ordered) {
      const rule = RULES[key]!;
      const [method, pattern] = key.split(' ') as ['GET' | 'POST', string];
      const params = paramsFor(pattern);
      const url = pattern.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? 'x'));
      const res = method === 'GET' ? await agent.get(url) : await agent.post(url, rule.body ?? {});
      const base = pattern.startsWith('/vendeur') ? '/vendeur' : '/admin';
      const want = expected(key, rule, who);
      const got = outcome(res, base);
      checks++;
      if (res.statusCode >= 500) failures.push(`${who} ${key}: ${res.statusCode}`);
      else if (want === 'refused' ? got !== 'refused' && got !== 'missing' : want !== 'any' && want !== got) failures.push(`${who} ${method} ${url}: expected ${want}, got ${got} (${res.statusCode} ${res.headers.location ?? ''})`);
    }
  }
  assert.deepEqual(failures, [], `${failures.length} of ${checks} checks failed`);
  assert.ok(checks >= routes.length * PERSONAS.length);
});
