import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Clock, Deps } from '../deps.js';
import { buildApp } from '../http/app.js';
import { runDueJobs } from '../jobs/worker.js';
import { customers } from '../modules/accounts/schema.js';
import { addToCart } from '../modules/cart/cart.js';
import { offers, products, variants } from '../modules/catalog/schema.js';
import { openIncident } from '../modules/incidents/open.js';
import { acceptLines, deliverLines, shipLines, type SellerRef } from '../modules/orders/fulfilment.js';
import { orderLines, orders, sellerOrders } from '../modules/orders/schema.js';
import { sellers, sellerUsers } from '../modules/sellers/schema.js';
import { DEMO_CUSTOMER, DEMO_PASSWORD } from './demo-data.js';

/**
 * The demo customer's history, so that a first look at "Mes Commandes", "Voir la commande", the
 * seller's orders and the ledger shows a shop that has lived: three orders placed through the shop
 * itself — the real pages, the sandbox payment page with a test card, its signed notification —, then
 * the sellers' real actions (accept, ship with a tracking number, deliver) and an incident.
 *
 * Only `npm start` runs it (after the demo catalogue, on an empty database); the tests' demo shop
 * (e2e/harness.ts) keeps an empty history so each test starts from a known world.
 */
const DAY = 86_400_000;
const VISA = '4242 4242 4242 4242';

/** A clock set back in time while an order of the past is replayed (the app, jobs and ledger read it). */
class ReplayClock implements Clock {
  backMs = 0;
  now(): Date {
    return new Date(Date.now() - this.backMs);
  }
}

/** A browser of the smallest kind for `app.inject`: cookies and the form's CSRF token. */
class Visitor {
  private cookies = new Map<string, string>();
  private token = '';
  constructor(private readonly app: Awaited<ReturnType<typeof buildApp>>) {}

  async get(url: string) {
    const res = await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader() } });
    this.keep(res.headers['set-cookie'], res.body);
    return res;
  }

  async post(url: string, form: Record<string, string>) {
    const body = new URLSearchParams({ ...form, _csrf: this.token }).toString();
    const res = await this.app.inject({ method: 'POST', url, payload: body, headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' } });
    this.keep(res.headers['set-cookie'], res.body);
    return res;
  }

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(setCookie: string | string[] | undefined, html: string) {
    for (const line of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
      const pair = line.split(';')[0]!;
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    this.token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? this.token;
  }
}

function must(r: { ok: boolean; code?: string }, what: string): void {
  if (!r.ok) throw new Error(`Demo orders: ${what} was refused (${r.code})`);
}

function hidden(html: string, name: string): string {
  const value = new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
  if (value === undefined) throw new Error(`Demo orders: no field ${name} on the page`);
  return value;
}

export async function seedDemoOrders(deps: Deps): Promise<void> {
  const clock = new ReplayClock();
  const replay: Deps = { ...deps, clock };
  const app = await buildApp(replay, { logger: false });
  try {
    const [customer] = await deps.db.select({ id: customers.id }).from(customers).where(eq(customers.email, DEMO_CUSTOMER.email));
    if (!customer) throw new Error('Demo orders: the demo customer is missing');
    const visitor = new Visitor(app);
    await visitor.get('/fr/login');
    const login = await visitor.post('/fr/login', { email: DEMO_CUSTOMER.email, password: DEMO_PASSWORD });
    if (login.statusCode !== 303) throw new Error(`Demo orders: login answered ${login.statusCode}`);

    /** Fills the cart, pays on the sandbox's page, lets its notification arrive: the order number. */
    const buy = async (daysAgo: number, offerIds: string[]): Promise<string> => {
      clock.backMs = daysAgo * DAY;
      for (const offerId of offerIds) {
        const added = await addToCart(replay, { customerId: customer.id }, offerId, '1');
        if (!added.ok) throw new Error(`Demo orders: cannot add an offer to the cart (${added.code})`);
      }
      const summary = await visitor.get('/fr/checkout/summary');
      if (summary.statusCode !== 200) throw new Error(`Demo orders: the summary answered ${summary.statusCode}`);
      const checkoutKey = hidden(summary.body, 'checkoutKey');
      const placed = await visitor.post('/fr/checkout/place', { checkoutKey, seen: hidden(summary.body, 'seen') });
      const payPage = new URL(String(placed.headers.location), 'http://demo.invalid').pathname;
      await visitor.get(payPage);
      const paid = await visitor.post(payPage, { method: 'visa', card: VISA });
      if (paid.statusCode !== 303) throw new Error(`Demo orders: the sandbox answered ${paid.statusCode}`);
      const back = new URL(String(paid.headers.location), 'http://demo.invalid');
      await visitor.get(back.pathname + back.search); // the customer comes back to the shop
      await runDueJobs(replay); // the sandbox's signed notification, the confirmation emails
      const [order] = await deps.db.select({ number: orders.number, paidAt: orders.paidAt }).from(orders).where(eq(orders.checkoutKey, checkoutKey));
      if (!order?.paidAt) throw new Error(`Demo orders: the order ${order?.number ?? '(missing)'} is not paid`);
      return order.number;
    };

    const lemaire = await sellerRef(deps, 'maison-lemaire');
    const grandMagasin = await sellerRef(deps, 'comptoir-grand-magasin');
    const sablon = await sellerRef(deps, 'petit-sablon');
    const offer = (seller: SellerRef, nth: number) => offerOf(deps, seller.sellerId, nth);

    // Three weeks ago: two articles from two shops, both delivered; the second arrived damaged: an
    // incident is open and waits for the shop's answer.
    const first = await buy(21, [await offer(lemaire, 1), await offer(grandMagasin, 0)]);
    clock.backMs = 20 * DAY;
    must(await acceptLines(replay, { seller: lemaire, number: await parcel(deps, first, lemaire) }), 'acceptLines');
    must(await acceptLines(replay, { seller: grandMagasin, number: await parcel(deps, first, grandMagasin) }), 'acceptLines');
    clock.backMs = 19 * DAY;
    must(await shipLines(replay, { seller: lemaire, number: await parcel(deps, first, lemaire), carrier: 'bpost', trackingNumber: 'CD123456789BE' }), 'shipLines');
    must(await shipLines(replay, { seller: grandMagasin, number: await parcel(deps, first, grandMagasin), carrier: 'dpd', trackingNumber: '05212345678901' }), 'shipLines');
    clock.backMs = 17 * DAY;
    must(await deliverLines(replay, { seller: lemaire, number: await parcel(deps, first, lemaire) }), 'deliverLines');
    must(await deliverLines(replay, { seller: grandMagasin, number: await parcel(deps, first, grandMagasin) }), 'deliverLines');
    clock.backMs = 2 * DAY;
    const damaged = await lineOf(deps, first, grandMagasin.sellerId);
    const incident = await openIncident(replay, {
      customerId: customer.id,
      orderNumber: first,
      lineId: damaged,
      reason: 'damaged',
      message: 'L’article est arrivé abîmé : le carton était enfoncé et il y a une marque bien visible sur le dessus.',
    });
    if (!incident.ok) throw new Error(`Demo orders: the incident was refused (${incident.code})`);

    // Four days ago: one shop has shipped its article, the other accepted it and is preparing it (not
    // answering for four days would have had it cancelled by the acceptance deadline, 2 days).
    const second = await buy(4, [await offer(sablon, 0), await offer(lemaire, 3)]);
    clock.backMs = 3 * DAY;
    must(await acceptLines(replay, { seller: sablon, number: await parcel(deps, second, sablon) }), 'acceptLines');
    must(await acceptLines(replay, { seller: lemaire, number: await parcel(deps, second, lemaire) }), 'acceptLines');
    must(await shipLines(replay, { seller: sablon, number: await parcel(deps, second, sablon), carrier: 'postnl', trackingNumber: '3SABCD1234567' }), 'shipLines');

    // This morning: paid, waiting for the shop ("Payée") — the seller's back office has one to accept.
    await buy(0.1, [await offer(lemaire, 5)]);
    clock.backMs = 0;
    await runDueJobs(replay);
  } finally {
    await app.close();
  }
}

async function sellerRef(deps: Deps, slug: string): Promise<SellerRef> {
  const [row] = await deps.db
    .select({ sellerId: sellers.id, userId: sellerUsers.id })
    .from(sellers)
    .innerJoin(sellerUsers, and(eq(sellerUsers.sellerId, sellers.id), eq(sellerUsers.role, 'owner')))
    .where(eq(sellers.slug, slug))
    .orderBy(asc(sellerUsers.email))
    .limit(1);
  if (!row) throw new Error(`Demo orders: no owner for the shop ${slug}`);
  return row;
}

/** The shop's n-th offer with stock (by product slug, then variant position): the same articles each time. */
async function offerOf(deps: Deps, sellerId: string, nth: number): Promise<string> {
  const rows = await deps.db
    .select({ id: offers.id })
    .from(offers)
    .innerJoin(variants, eq(variants.id, offers.variantId))
    .innerJoin(products, eq(products.id, variants.productId))
    .where(and(eq(offers.sellerId, sellerId), gt(offers.stock, 2), sql`${variants.position} = 0`))
    .orderBy(asc(products.slug))
    .limit(nth + 1);
  const row = rows[nth];
  if (!row) throw new Error(`Demo orders: the shop has fewer than ${nth + 1} offers in stock`);
  return row.id;
}

/** The number of the shop's part of an order (what the seller's back office calls an order). */
async function parcel(deps: Deps, orderNumber: string, seller: SellerRef): Promise<string> {
  const [row] = await deps.db
    .select({ number: sellerOrders.number })
    .from(sellerOrders)
    .innerJoin(orders, eq(orders.id, sellerOrders.orderId))
    .where(and(eq(orders.number, orderNumber), eq(sellerOrders.sellerId, seller.sellerId)));
  if (!row) throw new Error(`Demo orders: no part of ${orderNumber} for that shop`);
  return row.number;
}

async function lineOf(deps: Deps, number: string, sellerId: string): Promise<string> {
  const [row] = await deps.db
    .select({ id: orderLines.id })
    .from(orderLines)
    .innerJoin(orders, eq(orders.id, orderLines.orderId))
    .where(and(eq(orders.number, number), eq(orderLines.sellerId, sellerId)));
  if (!row) throw new Error(`Demo orders: no line of that shop in ${number}`);
  return row.id;
}
