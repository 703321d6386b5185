import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { and, eq, like } from 'drizzle-orm';
import { addresses } from '../src/modules/accounts/schema.js';
import { queueOrderEmails } from '../src/modules/checkout/emails.js';
import { openIncident } from '../src/modules/incidents/open.js';
import { emails } from '../src/modules/notifications/schema.js';
import { sellerOrderStatus } from '../src/modules/orders/derived-status.js';
import { LINE_STATES, type LineState } from '../src/modules/orders/line-lifecycle.js';
import { storedSellerOrderStatus } from '../src/modules/orders/queries.js';
import { orderLines, orders } from '../src/modules/orders/schema.js';
import { Agent } from './helpers/agent.js';
import { testEnv } from './helpers/app.js';
import { makeCustomer, makePaidOrder, makeProduct, makeSeller } from './helpers/factories.js';

const env = await testEnv();
const { app, deps } = env;
const db = deps.db;

async function loggedIn(customer: { email: string; password: string }) {
  const a = new Agent(app);
  const res = await a.login('/fr/login', customer.email, customer.password);
  assert.equal(res.statusCode, 303);
  return a;
}

/** Two sellers, one product each, and a customer with one order from both. */
async function world(opts: { sellerName?: string; brand?: string } = {}) {
  const customer = await makeCustomer(db, { firstName: 'Camille' });
  const a = await makeSeller(db, opts.sellerName ? { name: opts.sellerName } : {});
  const b = await makeSeller(db);
  const pa = await makeProduct(db, { sellerId: a.id, priceCents: 3000, title: 'Pull marin', brand: opts.brand ?? 'Armor' });
  const pb = await makeProduct(db, { sellerId: b.id, priceCents: 1500, title: 'Bougie parfumée', brand: 'Lumen' });
  const order = await makePaidOrder(db, { customer, lines: [{ offer: pa.variants[0]!.offer, quantity: 2 }, { offer: pb.variants[0]!.offer }] });
  return { customer, a, b, order };
}

/** The <main> of a page, without the layout (its header and footer are the same on every page). */
const main = (html: string) => html.slice(html.indexOf('<main'), html.indexOf('</main>'));

describe('"Mes Commandes"', () => {
  test('an anonymous visitor is sent to "Connexion" and back', async () => {
    const res = await new Agent(app).get('/fr/account/orders');
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/fr/login?returnTo=%2Ffr%2Faccount%2Forders');
  });

  test('lists the order with its date, number, total and each seller order’s status in words, whether or not an email was sent', async () => {
    const { customer, a, b, order } = await world();
    const sent = await db.select().from(emails).where(eq(emails.orderId, order.order.id));
    assert.equal(sent.length, 0, 'the factory sends no email');
    const agent = await loggedIn(customer);
    const page = main((await agent.get('/fr/account/orders')).body);
    assert.match(page, /<h1>Mes Commandes<\/h1>/);
    assert.ok(page.includes(order.order.number));
    assert.ok(page.includes('79,95\u00a0€'), 'total: 2 × 30,00 + 15,00 + 4,95 shipping for the second seller (the first ships free above 50 €)');
    assert.ok(page.includes(a.name) && page.includes(b.name));
    assert.equal((page.match(/class="badge status-paid">Payée</g) ?? []).length, 2);
    assert.match(page, />Voir la commande</);
    assert.match(page, new RegExp(`href="/fr/account/orders/${order.order.number}"`));
  });

  test('statuses in Dutch and English are the labels of labels.md', async () => {
    const { customer, order } = await world();
    await db.update(orderLines).set({ state: 'delivered' }).where(eq(orderLines.sellerOrderId, order.sellerOrders[0]!.id));
    const agent = await loggedIn(customer);
    const nl = main((await agent.get('/nl/account/orders')).body);
    assert.match(nl, /<h1>Mijn bestellingen<\/h1>/);
    assert.match(nl, />Geleverd</);
    assert.match(nl, />Betaald</);
    assert.match(nl, />Bekijk de bestelling</);
    const en = main((await agent.get('/en/account/orders')).body);
    assert.match(en, /<h1>My orders<\/h1>/);
    assert.match(en, />Delivered</);
    assert.match(en, />View order</);
    const fr = main((await agent.get('/fr/account/orders')).body);
    assert.match(fr, />Livrée</);
  });

  test('hundreds of orders: pages of 20, newest first, nothing skipped or repeated, both ways', async () => {
    const customer = await makeCustomer(db);
    const seller = await makeSeller(db);
    const p = await makeProduct(db, { sellerId: seller.id });
    const start = Date.UTC(2026, 0, 1);
    const numbers: string[] = [];
    for (let i = 0; i < 45; i++) {
      // Two orders share each second-exact timestamp: the id breaks the tie.
      const o = await makePaidOrder(db, { customer, lines: [{ offer: p.variants[0]!.offer }], at: new Date(start + Math.floor(i / 2) * 3_600_000) });
      numbers.push(o.order.number);
    }
    const agent = await loggedIn(customer);
    const seen: string[] = [];
    let url: string | null = '/fr/account/orders';
    const pages: string[][] = [];
    while (url) {
      const res = await agent.get(url);
      assert.equal(res.statusCode, 200);
      const found = [...main(res.body).matchAll(/<h2>Commande (C-\d{4}-\d{6})<\/h2>/g)].map((m) => m[1]!);
      pages.push(found);
      seen.push(...found);
      const older = /href="([^"]+\?before=[^"]+)">Commandes plus anciennes/.exec(res.body);
      url = older ? older[1]!.replace(/&amp;/g, '&') : null;
    }
    assert.deepEqual(pages.map((p) => p.length), [20, 20, 5]);
    assert.equal(new Set(seen).size, 45);
    // Newest first: creation time descending.
    const rows = await db.select({ number: orders.number, createdAt: orders.createdAt, id: orders.id }).from(orders).where(eq(orders.customerId, customer.id));
    const expected = rows.sort((x, y) => y.createdAt.getTime() - x.createdAt.getTime() || (y.id > x.id ? 1 : -1)).map((r) => r.number);
    assert.deepEqual(seen, expected);
    // And back: the second page's "newer" link gives the first page again.
    const first = await agent.get('/fr/account/orders');
    const second = await agent.get(/href="([^"]+\?before=[^"]+)">Commandes plus anciennes/.exec(first.body)![1]!);
    const newer = /href="([^"]+\?after=[^"]+)">← Commandes plus récentes/.exec(second.body);
    assert.ok(newer, 'the second page links to newer orders');
    const back = await agent.get(newer[1]!);
    const firstAgain = [...main(back.body).matchAll(/<h2>Commande (C-\d{4}-\d{6})<\/h2>/g)].map((m) => m[1]!);
    assert.deepEqual(firstAgain, pages[0]);
    assert.doesNotMatch(back.body, /Commandes plus récentes/, 'the first page has no newer link');
  });

  test('a forged cursor is ignored (first page), never an error', async () => {
    const { customer } = await world();
    const agent = await loggedIn(customer);
    for (const bad of ["x'; drop table orders;--", '2026-01-01T00:00:00.000000Z_not-a-uuid', '']) {
      const res = await agent.get(`/fr/account/orders?before=${encodeURIComponent(bad)}`);
      assert.equal(res.statusCode, 200);
    }
  });
});

describe('"Voir la commande"', () => {
  test('lines grouped by seller, with the seller’s page and "Politique de retour", each line’s status, and "Ouvrir un incident" per line', async () => {
    const { customer, a, b, order } = await world();
    const agent = await loggedIn(customer);
    const res = await agent.get(`/fr/account/orders/${order.order.number}`);
    assert.equal(res.statusCode, 200);
    const page = main(res.body);
    const partA = page.indexOf(`/fr/s/${a.slug}"`);
    const partB = page.indexOf(`/fr/s/${b.slug}"`);
    assert.ok(partA > 0 && partB > partA, 'one section per seller, in seller order number order');
    assert.ok(page.includes(`/fr/s/${a.slug}#politique-de-retour">Politique de retour</a>`));
    assert.ok(page.includes(`/fr/s/${b.slug}#politique-de-retour">Politique de retour</a>`));
    assert.ok(page.slice(partA, partB).includes('Pull marin'));
    assert.ok(page.slice(partB).includes('Bougie parfumée'));
    for (const l of order.lines) {
      assert.ok(page.includes(`href="/fr/account/orders/${order.order.number}/lines/${l.id}/incident">Ouvrir un incident</a>`));
    }
    assert.ok((page.match(/status-paid">Payée</g) ?? []).length >= 4, 'each seller order and each line');
  });

  test('a line with an incident in progress links to it instead of "Ouvrir un incident"', async () => {
    const { customer, order } = await world();
    const line = order.sellerOrders[1]!.lines[0]!;
    const opened = await openIncident(deps, { customerId: customer.id, orderNumber: order.order.number, lineId: line.id, reason: 'withdrawal', message: 'Je change d’avis.' });
    assert.ok(opened.ok);
    const agent = await loggedIn(customer);
    const page = main((await agent.get(`/fr/account/orders/${order.order.number}`)).body);
    assert.ok(page.includes(`href="/fr/account/incidents/${opened.number}">Incident ${opened.number} en cours</a>`), 'link to the incident');
    assert.ok(!page.includes(`/lines/${line.id}/incident"`), 'no second incident offered on that line');
    assert.ok(page.includes(`/lines/${order.sellerOrders[0]!.lines[0]!.id}/incident"`), 'the other line still offers it');
  });

  test('tracking numbers show the carrier’s name and its tracking link', async () => {
    const { customer, order } = await world();
    const line = order.sellerOrders[0]!.lines[0]!;
    await db.update(orderLines).set({ state: 'shipped', carrier: 'postnl', trackingNumber: '3SABCD1234567', shippedAt: new Date() }).where(eq(orderLines.id, line.id));
    const other = order.sellerOrders[1]!.lines[0]!;
    await db.update(orderLines).set({ state: 'shipped', carrier: 'other', trackingNumber: 'XYZ-99', shippedAt: new Date() }).where(eq(orderLines.id, other.id));
    const agent = await loggedIn(customer);
    const page = main((await agent.get(`/fr/account/orders/${order.order.number}`)).body);
    assert.match(page, /PostNL · <span class="mono">3SABCD1234567<\/span>/);
    assert.ok(page.includes('href="https://jouw.postnl.nl/track-and-trace/3SABCD1234567-BE-1000?language=fr"'));
    assert.match(page, /Autre transporteur · <span class="mono">XYZ-99<\/span>/);
    assert.match(page, />Expédiée</);
  });

  test('the billing and delivery addresses are the frozen copies, with the sentence that they cannot change after payment', async () => {
    const { customer, order } = await world();
    await db.update(addresses).set({ street: 'Avenue Louise', city: 'Ixelles' }).where(eq(addresses.customerId, customer.id));
    const agent = await loggedIn(customer);
    const page = main((await agent.get(`/fr/account/orders/${order.order.number}`)).body);
    assert.ok(page.includes('Rue Neuve 12'));
    assert.ok(!page.includes('Avenue Louise'));
    assert.ok(page.includes('il n’est plus possible de modifier l’adresse de livraison'));
    assert.ok(page.includes('Adresse de facturation') && page.includes('Adresse de livraison'));
  });

  test('payments and refunds are listed', async () => {
    const { customer, order } = await world();
    const agent = await loggedIn(customer);
    const page = main((await agent.get(`/fr/account/orders/${order.order.number}`)).body);
    assert.match(page, /Paiements et remboursements/);
    assert.match(page, /Paiement · Bancontact<\/td><td>Payé<\/td><td class="num">79,95\u00a0€/);
  });

  test('another customer’s order number gets exactly the page of a number that does not exist', async () => {
    const { order } = await world();
    const intruder = await makeCustomer(db);
    const agent = await loggedIn(intruder);
    const theirs = await agent.get(`/fr/account/orders/${order.order.number}`);
    const missing = await agent.get('/fr/account/orders/C-2099-999999');
    assert.equal(theirs.statusCode, 404);
    assert.equal(missing.statusCode, 404);
    const strip = (s: string) => main(s).replace(/value="[^"]+"/g, '');
    assert.equal(strip(theirs.body), strip(missing.body));
    assert.ok(!theirs.body.includes('Pull marin'));
    const post = await agent.post(`/fr/account/orders/${order.order.number}/resend-confirmation`);
    assert.equal(post.statusCode, 404);
  });

  test('what a seller or a customer typed is shown as text, never run', async () => {
    const { customer, order } = await world({ sellerName: '<img src=x onerror=alert(1)>', brand: '<script>alert(2)</script>' });
    await db.update(orders).set({ deliveryAddress: { ...order.order.deliveryAddress, street: '<svg onload=alert(3)>' } }).where(eq(orders.id, order.order.id));
    const agent = await loggedIn(customer);
    for (const url of ['/fr/account/orders', `/fr/account/orders/${order.order.number}`]) {
      const body = (await agent.get(url)).body;
      assert.ok(!body.includes('<img src=x') && !body.includes('<script>alert') && !body.includes('<svg onload'), url);
    }
    const page = (await agent.get(`/fr/account/orders/${order.order.number}`)).body;
    // Shown as the text it is (preact escapes "<" in text; ">" alone cannot open a tag).
    assert.ok(page.includes('&lt;script>alert(2)&lt;/script>'));
    assert.ok(page.includes('&lt;svg onload=alert(3)>'));
  });
});

describe('"Renvoyer l’e-mail de confirmation"', () => {
  test('sends the original confirmation again, at most 3 times an hour per customer, then again after the hour', async () => {
    const { customer, order } = await world();
    await db.transaction((tx) => queueOrderEmails(deps, tx, order.order.id));
    const [original] = await db.select().from(emails).where(and(eq(emails.orderId, order.order.id), eq(emails.kind, 'order_confirmation')));
    assert.ok(original);
    const agent = await loggedIn(customer);
    const url = `/fr/account/orders/${order.order.number}`;
    for (let i = 0; i < 3; i++) {
      await agent.get(url);
      const res = await agent.post(`${url}/resend-confirmation`);
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, url);
      const next = await agent.follow(res);
      assert.ok(next.body.includes(`L’e-mail de confirmation a été renvoyé à ${customer.email}.`));
    }
    const copies = await db.select().from(emails).where(and(eq(emails.orderId, order.order.id), like(emails.dedupeKey, 'order-confirmation:%:resend:%')));
    assert.equal(copies.length, 3);
    assert.ok(copies.every((c) => c.subject === original.subject && c.htmlBody === original.htmlBody && c.toAddress === original.toAddress));
    await agent.get(url);
    const fourth = await agent.post(`${url}/resend-confirmation`);
    assert.equal(fourth.statusCode, 429);
    assert.ok(fourth.body.includes('Vous avez déjà demandé 3 fois l’e-mail de confirmation'));
    assert.ok(fourth.body.includes('Pull marin'), 'the order page is shown again with the message');
    env.clock.advance({ hours: 1, minutes: 1 });
    await agent.get(url);
    assert.equal((await agent.post(`${url}/resend-confirmation`)).statusCode, 303);
  });

  test('an order whose confirmation was never queued gets it now', async () => {
    const { customer, order } = await world();
    const agent = await loggedIn(customer);
    await agent.get(`/fr/account/orders/${order.order.number}`);
    assert.equal((await agent.post(`/fr/account/orders/${order.order.number}/resend-confirmation`)).statusCode, 303);
    const rows = await db.select().from(emails).where(and(eq(emails.orderId, order.order.id), eq(emails.kind, 'order_confirmation')));
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.toAddress, customer.email);
    assert.match(rows[0]!.subject, new RegExp(order.order.number));
  });

  test('three clicks at once on a fresh hour pass the limit at most 3 times in total', async () => {
    const { customer, order } = await world();
    const agent = await loggedIn(customer);
    await agent.get(`/fr/account/orders/${order.order.number}`);
    const results = await Promise.all(Array.from({ length: 6 }, () => agent.post(`/fr/account/orders/${order.order.number}/resend-confirmation`)));
    assert.equal(results.filter((r) => r.statusCode === 303).length, 3);
    assert.equal(results.filter((r) => r.statusCode === 429).length, 3);
  });

  test('the page tells where to look first (spam) and links to the customer service', async () => {
    const { customer, order } = await world();
    const agent = await loggedIn(customer);
    const page = main((await agent.get(`/fr/account/orders/${order.order.number}`)).body);
    assert.ok(page.includes('courriers indésirables (spam)'));
    assert.ok(page.includes('href="/fr/help#contact"'));
    assert.ok(page.includes('Renvoyer l’e-mail de confirmation'));
  });
});

describe('derived statuses: the status PostgreSQL stores and TypeScript agree', () => {
  test('for every pair of line states, with and without refunds', async () => {
    const customer = await makeCustomer(db);
    const seller = await makeSeller(db);
    const p = await makeProduct(db, { sellerId: seller.id, sizes: ['S', 'M'] });
    const cases: [LineState, LineState, number][] = [];
    for (const x of LINE_STATES) for (const y of LINE_STATES) cases.push([x, y, x === 'cancelled' ? 100 : 0]);
    for (const [x, y, refunded] of cases) {
      const o = await makePaidOrder(db, { customer, lines: [{ offer: p.variants[0]!.offer }, { offer: p.variants[1]!.offer }] });
      const [l1, l2] = o.sellerOrders[0]!.lines;
      await db.update(orderLines).set({ state: x, refundedCents: refunded }).where(eq(orderLines.id, l1!.id));
      await db.update(orderLines).set({ state: y }).where(eq(orderLines.id, l2!.id));
      const expected = sellerOrderStatus([
        { state: x, refundedCents: refunded },
        { state: y, refundedCents: 0 },
      ]);
      assert.equal(await storedSellerOrderStatus(db, o.sellerOrders[0]!.id), expected, `${x} + ${y} (refunded ${refunded})`);
    }
  });
});
