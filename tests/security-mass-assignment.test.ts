import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { desc, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { addresses } from '../src/modules/accounts/schema.js';
import { issueToken } from '../src/modules/accounts/tokens.js';
import { inviteUser } from '../src/modules/backoffice/invitations.js';
import { addToCart } from '../src/modules/cart/cart.js';
import { cartItems } from '../src/modules/cart/schema.js';
import { queueOrderEmails } from '../src/modules/checkout/emails.js';
import { openIncident } from '../src/modules/incidents/open.js';
import { openThread } from '../src/modules/messaging/threads.js';
import { orderLines } from '../src/modules/orders/schema.js';
import { emails } from '../src/modules/notifications/schema.js';
import { apiKeys } from '../src/modules/api/schema.js';
import { sellerUsers } from '../src/modules/sellers/schema.js';
import { Agent } from './helpers/agent.js';
import { ApiClient, makeApiKey } from './helpers/api.js';
import { testEnv } from './helpers/app.js';
import { makeCustomer, makePaidOrder, makeProduct, makeSeller, PASSWORD } from './helpers/factories.js';
import { listRoutes } from './helpers/routes.js';
import { dumpRows, rowDiff } from './helpers/security-rows.js';

/**
 * Mass assignment (issue 12): every form and API body that writes data, sent once as the page sends
 * it and once with hostile extra fields (role, sellerId, customerId, price, priceCents, total,
 * totalCents, status, emailVerified, isAdmin, id — and their snake_case forms for the API), each in
 * its own twin fixture. The hostile request must write exactly the rows the normal one writes
 * (compared row by row after normalising ids and times), or be refused with a message and write
 * nothing. The write routes are read from the router: a new one fails until CASES says how to send it.
 */

const env = await testEnv();
const { app, deps } = env;
const db = deps.db;
const pool = env.database.pool;

// Values the hostile fields point at: if one is stored, the row diff shows its name instead of <uuid>.
const victimSeller = await makeSeller(db);
const victimCustomer = await makeCustomer(db, { withAddress: false });
const SENTINEL = randomUUID();
const NAMES: Record<string, string> = { [victimSeller.id]: 'victim-seller', [victimCustomer.id]: 'victim-customer', [SENTINEL]: 'sentinel' };

const hostileForm = (face: 'shop' | 'seller'): Record<string, string> => ({
  role: face === 'shop' ? 'admin' : 'owner',
  sellerId: victimSeller.id,
  customerId: victimCustomer.id,
  price: '1',
  priceCents: '1',
  total: '1',
  totalCents: '1',
  status: 'refunded',
  emailVerified: 'true',
  isAdmin: 'true',
  id: SENTINEL,
});
const hostileJson = (): Record<string, unknown> => ({
  role: 'owner', sellerId: victimSeller.id, seller_id: victimSeller.id, customerId: victimCustomer.id, customer_id: victimCustomer.id,
  price: 1, priceCents: 1, total: 1, totalCents: 1, total_cents: 1, status: 'refunded', emailVerified: true, email_verified: true, isAdmin: true, is_admin: true, id: SENTINEL,
});

/** Tables about the caller rather than the data: sessions, counters, the API key's idempotency record. */
const VOLATILE = new Set(['public.sessions', 'public.rate_limit_hits', 'public.login_attempts', 'public.api_rate_windows', 'public.api_idempotency_keys']);

// ── A world: a seller (owner + colleague, API key) with a product; a customer with two addresses, a
//    paid order of two lines of that seller, an incident on the first, a thread on the second, a cart ──
let worlds = 0;
async function world() {
  const n = ++worlds;
  const seller = await makeSeller(db);
  const [colleague] = await db.insert(sellerUsers).values({ sellerId: seller.id, email: `colleague-${randomUUID().slice(0, 8)}@example.test`, passwordHash: seller.user.passwordHash, name: 'Colleague', role: 'staff' }).returning();
  const product = await makeProduct(db, { sellerId: seller.id, stock: 50, sizes: ['S', 'M', 'L'] });
  const [v0, v1, v2] = product.variants;
  const customer = await makeCustomer(db);
  const [address2] = await db.insert(addresses).values({ customerId: customer.id, firstName: 'Anne', lastName: 'Janssens', street: 'Rue Haute', houseNumber: '3', postalCode: '1000', city: 'Bruxelles', country: 'BE' }).returning();
  const order = await makePaidOrder(db, { customer, lines: [{ offer: v0!.offer }, { offer: v1!.offer }], at: env.clock.now() });
  // Lines made in the same instant are listed by their random ids: a second later, the second line is always second.
  const second = order.lines.find((l) => l.offerId === v1!.offer.id)!;
  await db.update(orderLines).set({ createdAt: new Date(second.createdAt.getTime() + 1000) }).where(eq(orderLines.id, second.id));
  await db.transaction((tx) => queueOrderEmails(deps, tx, order.order.id));
  // By offer, not position: the factory orders lines by their (random) ids.
  const line0 = order.lines.find((l) => l.offerId === v0!.offer.id);
  const line1 = order.lines.find((l) => l.offerId === v1!.offer.id);
  const incident = await openIncident(deps, { customerId: customer.id, orderNumber: order.order.number, lineId: line0!.id, reason: 'withdrawal', message: 'Je me rétracte.' });
  assert.ok(incident.ok, 'world: incident opened');
  const thread = await db.transaction((tx) => openThread(deps, tx, { kind: 'order_line', orderLineId: line1!.id, customerId: customer.id, sellerId: seller.id, author: { type: 'customer', customerId: customer.id }, body: 'Une question ?' }));
  assert.ok(thread.ok, 'world: thread opened');
  assert.ok((await addToCart(deps, { customerId: customer.id }, v2!.offer.id, '1')).ok, 'world: cart item');
  const [cartItem] = await db.select().from(cartItems).where(eq(cartItems.offerId, v2!.offer.id));
  const key = await makeApiKey(deps, seller, 'read_write', 'Key');
  const [keyRow] = await db.select().from(apiKeys).where(eq(apiKeys.sellerId, seller.id));
  const ip = (k: number) => `127.7.${Math.floor(n / 200)}.${(n % 200) * 1 + k}`;
  return {
    n, seller, colleague: colleague!, product, offer: v0!.offer, otherOffer: v2!.offer, customer, address2: address2!, order, line0: line0!, line1: line1!,
    incident: incident.ok ? incident.number : '', thread: thread.ok ? thread.threadId : '', cartItem: cartItem!, key, keyRow: keyRow!,
    agent: async (face: 'shop' | 'seller' | 'anon-shop' | 'anon-seller') => {
      const a = new Agent(app, { ip: ip(face.length) });
      if (face === 'shop') {
        assert.equal((await a.login('/fr/login', customer.email, PASSWORD)).statusCode, 303, 'world: customer logs in');
        assert.equal((await a.get('/fr/checkout')).statusCode, 200, 'world: checkout opens');
      } else if (face === 'seller') {
        assert.equal((await a.login('/vendeur/login', seller.user.email, PASSWORD)).statusCode, 303, 'world: seller logs in');
        await a.get('/vendeur/policy');
      } else await a.get(face === 'anon-shop' ? '/fr/login' : '/vendeur/login');
      assert.ok(a.csrf, `world: ${face} has a CSRF token`);
      return a;
    },
  };
}
type World = Awaited<ReturnType<typeof world>>;

const ADDRESS = { firstName: 'Bea', lastName: 'Peeters', company: '', vatNumber: '', street: 'Rue Basse', houseNumber: '9', box: '', postalCode: '1050', city: 'Ixelles', country: 'BE', phone: '' };
const tokenIn = async (to: string) => {
  const [e] = await db.select().from(emails).where(eq(emails.toAddress, to)).orderBy(desc(emails.createdAt));
  return /token=([A-Za-z0-9_-]+)/.exec(e?.textBody ?? '')?.[1] ?? '';
};

/**
 * How to send each write route. as: who sends it. url/body: from the world (a `prepare` step may
 * set things up first, e.g. a token). legit: hostile names that are real fields of this form (left out
 * of the extras). quiet: the normal request writes nothing with this fixture, and why (the comparison
 * still runs). skip: routes whose body cannot write data, with the reason.
 */
type Case = {
  as: 'shop' | 'seller' | 'anon-shop' | 'anon-seller' | 'api';
  url?: (w: World) => string;
  body: (w: World, agent: Agent | null) => Record<string, unknown> | Promise<Record<string, unknown>>;
  legit?: string[];
  quiet?: string;
};
type Entry = Case | { skip: string };

const shopUrl = (path: string) => (w: World) => `/fr${path.replace(':id', w.address2.id).replace(':number', w.order.order.number).replace(':lineId', w.line1.id)}`;
const CASES: Record<string, Entry> = {
  // ── storefront ──────────────────────────────────────────────────────────────────────
  'POST /:locale/login': { skip: 'credentials only: a session for the account whose password matched (accounts tests)' },
  'POST /:locale/logout': { skip: 'reads no field' },
  'POST /:locale/register': { as: 'anon-shop', body: (w) => ({ firstName: 'Nina', lastName: 'Nouvelle', email: `new-${w.n}@example.test`, password: PASSWORD, locale: 'fr' }) },
  'POST /:locale/register/confirm': {
    as: 'anon-shop',
    body: async (w, a) => {
      await a!.post('/fr/register', { firstName: 'Nina', lastName: 'Nouvelle', email: `confirm-${w.n}@example.test`, password: PASSWORD, locale: 'fr' });
      return { token: await tokenIn(`confirm-${w.n}@example.test`) };
    },
  },
  'POST /:locale/forgot-password': { as: 'anon-shop', body: (w) => ({ email: w.customer.email }) },
  'POST /:locale/reset-password': { as: 'anon-shop', body: async (w) => ({ token: await issueToken(db, 'password_reset', w.customer.id, env.clock.now()), password: 'Another-horse-43' }) },
  'POST /:locale/cart/add': { as: 'shop', body: (w) => ({ offerId: w.offer.id, quantity: '2' }) },
  'POST /:locale/cart/items/:id': { as: 'shop', url: (w) => `/fr/cart/items/${w.cartItem.id}`, body: () => ({ quantity: '3' }) },
  'POST /:locale/cart/items/:id/remove': { as: 'shop', url: (w) => `/fr/cart/items/${w.cartItem.id}/remove`, body: () => ({}) },
  'POST /:locale/p/:slug/question': { as: 'shop', url: (w) => `/fr/p/${w.product.product.slug}/question`, body: (w) => ({ sellerId: w.seller.id, variantId: '', subject: 'details', body: 'Quelle taille ?' }), legit: ['sellerId'] },
  'POST /:locale/account/addresses/new': { as: 'shop', body: () => ADDRESS },
  'POST /:locale/account/addresses/:id/edit': { as: 'shop', url: shopUrl('/account/addresses/:id/edit'), body: () => ADDRESS },
  'POST /:locale/account/addresses/:id/default': { as: 'shop', url: shopUrl('/account/addresses/:id/default'), body: () => ({ kind: 'both' }) },
  'POST /:locale/account/addresses/:id/delete': { as: 'shop', url: shopUrl('/account/addresses/:id/delete'), body: () => ({}) },
  'POST /:locale/account/email': { as: 'shop', body: (w) => ({ email: `changed-${w.n}@example.test`, password: PASSWORD }) },
  'POST /:locale/account/email/confirm': { as: 'shop', body: async (w) => ({ token: await issueToken(db, 'email_change', w.customer.id, env.clock.now(), `confirmed-${w.n}@example.test`) }) },
  'POST /:locale/account/password': { as: 'shop', body: () => ({ currentPassword: PASSWORD, newPassword: 'Another-horse-43' }) },
  'POST /:locale/account/profile': { as: 'shop', body: () => ({ firstName: 'Bea', lastName: 'Peeters', phone: '+32 470 12 34 56', locale: 'nl', marketing: 'on' }) },
  'POST /:locale/account/privacy/delete': { as: 'shop', body: () => ({ password: PASSWORD }) },
  'POST /:locale/account/orders/:number/resend-confirmation': { as: 'shop', url: shopUrl('/account/orders/:number/resend-confirmation'), body: () => ({}) },
  'POST /:locale/account/orders/:number/lines/:lineId/incident': { as: 'shop', url: shopUrl('/account/orders/:number/lines/:lineId/incident'), body: () => ({ reason: 'withdrawal', message: 'Plus besoin.' }) },
  'POST /:locale/account/incidents/:number/reply': { as: 'shop', url: (w) => `/fr/account/incidents/${w.incident}/reply`, body: () => ({ body: 'Voici ma réponse.' }) },
  'POST /:locale/account/incidents/:number/accept': { as: 'shop', url: (w) => `/fr/account/incidents/${w.incident}/accept`, body: () => ({}), quiet: 'nothing to accept before the seller decides' },
  'POST /:locale/account/incidents/:number/dispute': { as: 'shop', url: (w) => `/fr/account/incidents/${w.incident}/dispute`, body: () => ({ dispute: 'Pas d’accord.' }), quiet: 'nothing to dispute before the seller decides' },
  'POST /:locale/account/messages/:id': { as: 'shop', url: (w) => `/fr/account/messages/${w.thread}`, body: () => ({ body: 'Merci !' }) },
  'POST /:locale/checkout/address/first': { as: 'shop', body: () => ADDRESS },
  'POST /:locale/checkout/address/add': { as: 'shop', body: () => ({ role: 'delivery', ...ADDRESS }), legit: ['role'] },
  'POST /:locale/checkout/address/save': { as: 'shop', body: () => ({ role: 'billing', ...ADDRESS }), legit: ['role'] },
  'POST /:locale/checkout/address/select': { as: 'shop', body: (w) => ({ role: 'billing', addressId: w.address2.id }), legit: ['role'] },
  'POST /:locale/checkout/delivery-address': { as: 'shop', body: () => ({ separate: '1' }) },
  'POST /:locale/checkout/place': {
    as: 'shop',
    body: async (_w, a) => {
      const page = await a!.get('/fr/checkout/summary');
      const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(page.body)?.[1] ?? '';
      return { checkoutKey: field('checkoutKey'), seen: field('seen') };
    },
  },
  // ── seller back office ──────────────────────────────────────────────────────────────
  'POST /vendeur/login': { skip: 'credentials only' },
  'POST /vendeur/login/code': { skip: 'a second-factor code for the pending login' },
  'POST /vendeur/login/enrol': { skip: 'a second-factor code for the pending login' },
  'POST /vendeur/logout': { skip: 'reads no field' },
  'POST /vendeur/security/enrol': { skip: 'a second-factor code for the signed-in user' },
  'POST /vendeur/security/recovery-codes': { skip: 'password confirmation only; new codes for the signed-in user' },
  'POST /vendeur/security/disable': { skip: 'password confirmation only, for the signed-in user' },
  'POST /vendeur/invitation': {
    as: 'anon-seller',
    body: async (w) => {
      const email = `invited-${w.n}@example.test`;
      const r = await db.transaction((tx) => inviteUser(deps, tx, { face: 'seller', sellerId: w.seller.id, email, role: 'staff', locale: 'fr', invitedBy: { face: 'seller', id: w.seller.user.id, name: 'Owner' } }));
      assert.ok(r.ok, 'invitation made');
      return { token: await tokenIn(email), name: 'Nouvelle Collègue', password: 'Another-horse-43' };
    },
  },
  'POST /vendeur/offers/:id': { as: 'seller', url: (w) => `/vendeur/offers/${w.offer.id}`, body: () => ({ price: '19,99', compareAt: '', stock: '5', leadTimeDays: '2', active: 'on' }), legit: ['price'] },
  'POST /vendeur/policy': { as: 'seller', body: () => ({ returnWindowDays: '30', returnShippingPaidBy: 'seller', conditionsFr: 'Neuf, avec étiquettes', shippingFee: '3,95', freeFrom: '40' }) },
  'POST /vendeur/orders/:number/accept': { as: 'seller', url: (w) => `/vendeur/orders/${w.order.sellerOrders[0]!.number}/accept`, body: (w) => ({ lines: [w.line1.id] }) },
  'POST /vendeur/orders/:number/refuse': { as: 'seller', url: (w) => `/vendeur/orders/${w.order.sellerOrders[0]!.number}/refuse`, body: (w) => ({ lines: [w.line1.id], reason: 'out_of_stock' }) },
  'POST /vendeur/orders/:number/ship': { as: 'seller', url: (w) => `/vendeur/orders/${w.order.sellerOrders[0]!.number}/ship`, body: (w) => ({ lines: [w.line1.id], carrier: 'bpost', tracking: 'AB123456789BE' }) },
  'POST /vendeur/orders/:number/deliver': { as: 'seller', url: (w) => `/vendeur/orders/${w.order.sellerOrders[0]!.number}/deliver`, body: (w) => ({ lines: [w.line1.id] }), quiet: 'the line is not shipped' },
  'POST /vendeur/questions/:id': { as: 'seller', url: (w) => `/vendeur/questions/${w.thread}`, body: () => ({ body: 'Voici la réponse.', variantId: '' }) },
  'POST /vendeur/incidents/:number/reply': { as: 'seller', url: (w) => `/vendeur/incidents/${w.incident}/reply`, body: () => ({ body: 'Bien reçu.' }) },
  'POST /vendeur/incidents/:number/replacement': { as: 'seller', url: (w) => `/vendeur/incidents/${w.incident}/replacement`, body: () => ({ note: 'Un autre arrive.' }), quiet: 'a withdrawal is not replaced' },
  'POST /vendeur/incidents/:number/return': { as: 'seller', url: (w) => `/vendeur/incidents/${w.incident}/return`, body: () => ({ instructions: 'Renvoyez-le.' }), quiet: 'a withdrawal before shipment has nothing to return' },
  'POST /vendeur/incidents/:number/received': { as: 'seller', url: (w) => `/vendeur/incidents/${w.incident}/received`, body: () => ({}), quiet: 'no return authorised' },
  'POST /vendeur/incidents/:number/refund': { as: 'seller', url: (w) => `/vendeur/incidents/${w.incident}/refund`, body: () => ({ mode: 'full', key: randomUUID(), note: 'Remboursé.' }), quiet: 'a withdrawal before shipment is cancelled (the cancel case), not refunded' },
  'POST /vendeur/incidents/:number/reject': { as: 'seller', url: (w) => `/vendeur/incidents/${w.incident}/reject`, body: () => ({ reason: 'Hors délai.' }) },
  'POST /vendeur/incidents/:number/cancel': { as: 'seller', url: (w) => `/vendeur/incidents/${w.incident}/cancel`, body: () => ({}) },
  'POST /vendeur/team/invite': { as: 'seller', body: (w) => ({ email: `team-${w.n}@example.test`, role: 'staff', locale: 'fr' }), legit: ['role'] },
  'POST /vendeur/team/:id/role': { as: 'seller', url: (w) => `/vendeur/team/${w.colleague.id}/role`, body: () => ({ role: 'staff' }), legit: ['role'], quiet: 'already staff' },
  'POST /vendeur/team/:id/deactivate': { as: 'seller', url: (w) => `/vendeur/team/${w.colleague.id}/deactivate`, body: () => ({}) },
  'POST /vendeur/team/:id/reactivate': { as: 'seller', url: (w) => `/vendeur/team/${w.colleague.id}/reactivate`, body: () => ({}), quiet: 'already active' },
  'POST /vendeur/api-keys': { as: 'seller', body: () => ({ name: 'Stock', scope: 'read' }) },
  'POST /vendeur/api-keys/:id/revoke': { as: 'seller', url: (w) => `/vendeur/api-keys/${w.keyRow.id}/revoke`, body: () => ({}) },
  'POST /vendeur/webhooks': { as: 'seller', body: () => ({ url: 'https://hooks.example.com/comptoir', events: ['order.created'] }) },
  'POST /vendeur/webhooks/:id/remove': { skip: 'reads no field (the id is scoped: tests/operator-access.test.ts)' },
  'POST /vendeur/webhooks/deliveries/:id/replay': { skip: 'reads no field (the id is scoped: tests/operator-access.test.ts)' },
  // ── seller API (JSON) ───────────────────────────────────────────────────────────────
  'POST /api/seller/v1/orders/:number/accept': { as: 'api', url: (w) => `/orders/${w.order.sellerOrders[0]!.number}/accept`, body: (w) => ({ lines: [w.line1.id] }) },
  'POST /api/seller/v1/orders/:number/refuse': { as: 'api', url: (w) => `/orders/${w.order.sellerOrders[0]!.number}/refuse`, body: (w) => ({ lines: [w.line1.id], reason: 'out_of_stock' }) },
  'POST /api/seller/v1/orders/:number/ship': { as: 'api', url: (w) => `/orders/${w.order.sellerOrders[0]!.number}/ship`, body: (w) => ({ lines: [w.line1.id], carrier: 'bpost', tracking_number: 'AB123456789BE' }) },
  'POST /api/seller/v1/orders/:number/deliver': { as: 'api', url: (w) => `/orders/${w.order.sellerOrders[0]!.number}/deliver`, body: () => ({}), quiet: 'nothing shipped' },
  'PATCH /api/seller/v1/offers/:id': { as: 'api', url: (w) => `/offers/${w.offer.id}`, body: () => ({ price_cents: 1999, stock: 4 }) },
  'POST /api/seller/v1/offers/bulk-update': { as: 'api', url: () => '/offers/bulk-update', body: (w) => ({ offers: [{ id: w.offer.id, stock: 3 }] }) },
  'POST /api/seller/v1/conversations/:id/messages': { as: 'api', url: (w) => `/conversations/${w.thread}/messages`, body: () => ({ body: 'Réponse par l’API.' }) },
  'POST /api/seller/v1/incidents/:number/decide': { as: 'api', url: (w) => `/incidents/${w.incident}/decide`, body: () => ({ decision: 'rejected', reason: 'Hors délai.' }) },
  'POST /api/seller/v1/incidents/:number/reply': { as: 'api', url: (w) => `/incidents/${w.incident}/reply`, body: () => ({ body: 'Bien reçu.' }) },
  'POST /api/seller/v1/incidents/:number/return-received': { as: 'api', url: (w) => `/incidents/${w.incident}/return-received`, body: () => ({}), quiet: 'no return authorised' },
  'POST /payments/notify/:provider': { skip: 'the provider’s signed notification: only its HMAC-verified fields are read, then the payment is fetched from the provider (tests/payments.test.ts)' },
  'POST /sandbox-pay/:ref': { skip: 'the sandbox bank page: amount and merchant come from its own row, never the form (tests/payments.test.ts)' },
  'POST /sandbox-pay/:ref/challenge': { skip: 'as above' },
  'POST /sandbox-pay/:ref/cancel': { skip: 'as above' },
};

const writeRoutes = listRoutes(app)
  .filter((r) => ['POST', 'PATCH', 'PUT', 'DELETE'].includes(r.method) && !r.url.startsWith('/admin'))
  .map((r) => `${r.method} ${r.url}`);

type Outcome = { res: LightMyRequestResponse; writes: Record<string, string[]> };

async function run(key: string, c: Case, extras: Record<string, unknown> | null): Promise<Outcome> {
  const w = await world();
  const agent = c.as === 'api' ? null : await w.agent(c.as);
  const body = { ...(await c.body(w, agent)) };
  const url = c.url?.(w) ?? `/fr${key.split(' ')[1]!.replace('/:locale', '')}`.replace(/^\/fr\/vendeur/, '/vendeur');
  if (extras) {
    for (const [k, v] of Object.entries(extras)) if (!c.legit?.includes(k)) body[k] = v;
    // Inside each row of a bulk body too.
    if (Array.isArray(body.offers)) body.offers = body.offers.map((o: Record<string, unknown>) => ({ ...extras, ...o }));
  }
  // What the fixture queued is done first, so only the request's own jobs run below.
  await env.runJobs();
  const before = await dumpRows(pool, VOLATILE);
  const res =
    c.as === 'api'
      ? await new ApiClient(app, w.key).request(key.split(' ')[0] as 'POST', url, { body })
      : await agent!.post(url, body as Record<string, string>);
  // The jobs the request queued run too (e.g. the reset link is made by a job): their writes count.
  await env.runJobs();
  const after = await dumpRows(pool, VOLATILE);
  // The world's own values that differ between twins.
  const names = { ...NAMES, [w.seller.name]: 'shop-name', [w.seller.slug]: 'shop-slug' };
  return { res, writes: rowDiff(before, after, names) };
}

test('every form and API route that writes has a mass-assignment case (a new one fails here)', () => {
  assert.ok(writeRoutes.length > 60, `found ${writeRoutes.length} write routes`);
  assert.deepEqual(writeRoutes.filter((k) => !CASES[k]), [], 'every storefront, seller and API write route is in CASES');
  assert.deepEqual(Object.keys(CASES).filter((k) => !writeRoutes.includes(k)), [], 'every case names a route that exists');
});

test('hostile extra fields are ignored (the same rows written) or refused with a message (nothing written)', async (t) => {
  const failures: string[] = [];
  const refusedKeys: string[] = [];
  const quietButWrote: string[] = [];
  let cases = 0;
  for (const key of writeRoutes) {
    const entry = CASES[key]!;
    if ('skip' in entry) continue;
    cases++;
    const extras = entry.as === 'api' ? hostileJson() : hostileForm(entry.as.endsWith('seller') ? 'seller' : 'shop');
    const normal = await run(key, entry, null);
    const hostile = await run(key, entry, extras);
    // An API call, refused or not, records the key's last use (api_keys.last_used_at): not a write of data.
    const dataTables = (o: Outcome) => Object.keys(o.writes).filter((t) => !(entry.as === 'api' && t === 'public.api_keys'));
    const wrote = dataTables(normal).length > 0;
    if (normal.res.statusCode >= 400 && !entry.quiet) failures.push(`${key}: the normal request failed (${normal.res.statusCode} ${normal.res.body.slice(0, 200)})`);
    if (!wrote && !entry.quiet) failures.push(`${key}: the normal request wrote nothing — the case does not exercise the route`);
    if (wrote && entry.quiet) quietButWrote.push(key);
    const hostileWrote = dataTables(hostile).length > 0;
    // Refused: the extras alone made the request fail (the normal one answered otherwise), and nothing was written.
    const refused = hostile.res.statusCode !== normal.res.statusCode && [400, 422].includes(hostile.res.statusCode) && !hostileWrote;
    if (refused) {
      // A refusal says why: the API names the field, a form shows its message.
      const named = Object.keys(extras).some((k) => hostile.res.body.includes(k));
      if (entry.as === 'api' ? !named : !/class="[^"]*error/.test(hostile.res.body)) failures.push(`${key}: refused without saying why (${hostile.res.body.slice(0, 300)})`);
      refusedKeys.push(key);
      continue;
    }
    if (hostile.res.statusCode !== normal.res.statusCode) failures.push(`${key}: ${hostile.res.statusCode} with the extras, ${normal.res.statusCode} without (${hostile.res.body.slice(0, 200)})`);
    const rowsOf = (o: Outcome) => Object.entries(o.writes).flatMap(([table, rows]) => rows.map((r) => `${table} ${r}`));
    const [a, b] = [rowsOf(normal), rowsOf(hostile)];
    if (JSON.stringify(a) !== JSON.stringify(b)) {
      const only = (x: string[], y: string[]) => x.filter((r) => !y.includes(r)).map((r) => r.slice(0, 3000));
      failures.push(`${key}: the extras changed what was written:\n  only without: ${only(a, b).join('\n')}\n  only with: ${only(b, a).join('\n')}\n  (${a.length} vs ${b.length} rows)`);
    }
  }
  assert.deepEqual(failures, [], `${failures.length} of ${cases} cases:\n${failures.join('\n')}`);
  assert.deepEqual(quietButWrote, [], 'a case marked quiet writes after all: remove its note');
  assert.ok(cases >= 50, `ran ${cases} cases`);
  t.diagnostic(`${cases} cases: ${refusedKeys.length} refused the extras (${refusedKeys.join(', ')}), the others ignored them`);
});

test('the comparison sees a stored hostile value (the check itself can fail)', async () => {
  const w = await world();
  const before = await dumpRows(pool, VOLATILE);
  await db.update(addresses).set({ customerId: w.customer.id }).where(eq(addresses.id, w.address2.id));
  const same = rowDiff(before, await dumpRows(pool, VOLATILE), NAMES);
  assert.deepEqual(same, {}, 'an update to the same value is no write');
  // An address moved to the victim: the diff names the victim instead of a bare <uuid>.
  await db.update(addresses).set({ customerId: victimCustomer.id }).where(eq(addresses.id, w.address2.id));
  const diff = JSON.stringify(rowDiff(before, await dumpRows(pool, VOLATILE), NAMES));
  assert.ok(diff.includes('<victim-customer>'), `the victim's id is named in the diff: ${diff.slice(0, 300)}`);
});
