import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { customers } from '../src/modules/accounts/schema.js';
import { categories, products } from '../src/modules/catalog/schema.js';
import { emails } from '../src/modules/notifications/schema.js';
import { applyToLines } from '../src/modules/orders/apply.js';
import { SYSTEM } from '../src/modules/orders/timeline.js';
import { sellers, sellerUsers } from '../src/modules/sellers/schema.js';
import { makeApiKey } from '../tests/helpers/api.js';
import { makeCustomer, makePaidOrder, PASSWORD } from '../tests/helpers/factories.js';
import { type Face, login, screenshot, startShop } from './harness.js';

/**
 * Issue 12, injection: hostile text in everything people write — a customer's names and address, a
 * question and an incident, a seller's shop name, texts and product, a reply through the seller API, a
 * tracking number, search strings — then every page family that shows them, in the three faces, and
 * every email sent. A payload that ran would open a dialog (none may), trip the CSP (no violation may be
 * reported), or leave markup behind (no element with an event handler, no script with alert(), no
 * javascript: link); and each payload must be read as text where it is expected, so a page that dropped
 * the text instead of escaping it fails too.
 */

const P = {
  script: '<script>alert(1)</script>',
  img: '"><img src=x onerror=alert(2)>',
  js: 'javascript:alert(3)',
  svg: '<svg onload=alert(4)>',
  tpl: '{{7*7}}',
  mix: `'';!--"<XSS>=&{()}`,
  textarea: '</textarea><script>alert(5)</script>',
  sql: "' OR 1=1 --",
  // Message bodies turn http(s) addresses into links: an address that tries to close its attribute.
  url: 'https://evil.test/"onmouseover="alert(6)"',
};
// A word longer than a phone is wide: it must wrap, not push the page sideways.
const LONG = 'Ceciestunmotsansespacesquinenfinitpasetquinedoitpaspousserlapagesurlecôtédunpetittéléphone';
const ALL = [...Object.values(P), LONG].join('\n');

const shop = await startShop();
const db = shop.deps.db;
const failures: string[] = [];
const dialogs: string[] = [];

// ---- Planted through the use cases or the database (a seller's and a product's texts as the back
// office or an import would leave them); the customer's own texts go through the real forms below.
const [lemaire] = await db.select().from(sellers).where(eq(sellers.slug, 'maison-lemaire'));
const [owner] = await db.select().from(sellerUsers).where(eq(sellerUsers.email, 'vendeur@demo.comptoir.be'));
assert.ok(lemaire && owner, 'the demo seed has Maison Lemaire and its owner');
const SHOP_NAME = `Lemaire ${P.svg}`;
await db
  .update(sellers)
  .set({
    name: SHOP_NAME,
    description: { fr: `${P.tpl} ${P.mix}`, nl: P.mix, en: P.mix },
    returnText: { fr: P.textarea, nl: P.textarea, en: P.textarea },
    returnConditions: { fr: P.sql, nl: P.sql, en: P.sql },
  })
  .where(eq(sellers.id, lemaire.id));
await db.update(sellerUsers).set({ name: `Léa ${P.img}` }).where(eq(sellerUsers.id, owner.id));
// A product only Lemaire sells, with two offers in stock.
const found = await db.execute<{ id: string; slug: string; offer_a: string; offer_b: string }>(sql`
  select p.id, p.slug, (array_agg(o.id order by o.id))[1] as offer_a, (array_agg(o.id order by o.id))[2] as offer_b
  from products p join variants v on v.product_id = p.id join offers o on o.variant_id = v.id and o.active and o.stock > 2
  join sellers s on s.id = o.seller_id
  group by p.id having bool_and(s.slug = 'maison-lemaire') and count(*) > 1
  order by p.slug limit 1`);
const product = found.rows[0]!;
assert.ok(product, 'a product sold by Maison Lemaire only');
const TITLE = `Chemise ${P.img}`;
await db
  .update(products)
  .set({ title: { fr: TITLE, nl: TITLE, en: TITLE }, description: { fr: `${P.script} ${P.js}`, nl: P.script, en: P.script }, brand: P.mix })
  .where(eq(products.id, product.id));
const [category] = await db.select().from(categories).orderBy(categories.slug).limit(1);
await db.update(categories).set({ name: { fr: `Rayon ${P.svg}`, nl: 'Rayon', en: 'Rayon' } }).where(eq(categories.id, category!.id));
const customer = await makeCustomer(db, { firstName: P.script, lastName: P.img, email: `xss-${Date.now()}@example.test`, withAddress: false });

// Filled in as the test goes.
let threadUrl = '';
let orderNumber = '';
let shippedOrderNumber = '';
let incidentNumber = '';

/** A browser context for one person: every dialog and CSP violation recorded, never run silently. */
async function person(width = 1280): Promise<{ context: BrowserContext; page: Page }> {
  const context = await shop.browser.newContext({ viewport: { width, height: 900 }, locale: 'fr-BE' });
  // Before any script of the page, so it sees violations the page itself would cause.
  await context.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
  });
  const page = await context.newPage();
  watch(page);
  return { context, page };
}

function watch(page: Page) {
  page.on('dialog', (d) => {
    dialogs.push(`${page.url()}: ${d.type()} ${d.message()}`);
    void d.dismiss();
  });
  page.on('pageerror', (e) => failures.push(`${page.url()}: script error ${e.message}`));
}

/** What would show that markup from a payload survived, read from the live DOM. */
async function inspect(page: Page) {
  return page.evaluate(() => {
    const handlers = Array.from(document.querySelectorAll('*')).filter((e) => Array.from(e.attributes).some((a) => /^on/i.test(a.name)));
    const jsUrls = Array.from(document.querySelectorAll('[href],[src],[action],[formaction]')).filter((e) =>
      ['href', 'src', 'action', 'formaction'].some((n) => /^\s*javascript:/i.test(e.getAttribute(n) ?? '')),
    );
    const fields = Array.from(document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')).map((e) => e.value);
    return {
      violations: (window as unknown as { __csp?: string[] }).__csp ?? [],
      markup: [
        ...handlers.map((e) => e.outerHTML.slice(0, 100)),
        ...jsUrls.map((e) => e.outerHTML.slice(0, 100)),
        ...Array.from(document.querySelectorAll('xss')).map((e) => e.outerHTML),
        ...Array.from(document.scripts)
          .filter((s) => /alert\(/.test(s.textContent ?? ''))
          .map((s) => s.outerHTML.slice(0, 100)),
      ],
      text: `${document.body?.innerText ?? ''}\n${fields.join('\n')}`,
      overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    };
  });
}

const flat = (s: string) => s.replace(/\s+/g, ' ');

/** Opens a page, records what ran or broke, and checks each expected payload reads as text. */
async function sweep(page: Page, path: string, expected: string[], shot?: string) {
  const res = await page.goto(path.startsWith('http') ? path : `${shop.base}${path}`);
  await check(page, path, res?.status() ?? 0, expected, shot);
}

async function check(page: Page, what: string, status: number, expected: string[], shot?: string) {
  if (status >= 500 || status === 0) failures.push(`${what}: HTTP ${status}`);
  const seen = await inspect(page);
  for (const v of seen.violations) failures.push(`${what}: CSP violation ${v}`);
  for (const m of seen.markup) failures.push(`${what}: live markup ${m}`);
  if (seen.overflow > 1) failures.push(`${what}: ${seen.overflow} px sideways scroll`);
  const text = flat(seen.text);
  for (const e of expected) if (!text.includes(flat(e))) failures.push(`${what}: ${JSON.stringify(e)} not shown as text`);
  if (shot) await screenshot(page, shot);
}

function report(phase: string) {
  const found = [...dialogs.splice(0).map((d) => `dialog ${d}`), ...failures.splice(0)];
  assert.deepEqual(found, [], `${phase}: ${found.length} problem(s):\n${found.join('\n')}`);
}

async function loggedIn(face: Face, email: string, password?: string) {
  const p = await person();
  await login(p.page, face, email, password);
  return p.page;
}

test('a customer writes payloads through the real forms: address, question, incident; the seller API replies with them', async () => {
  const page = await loggedIn('shop', customer.email, PASSWORD);
  // "Mes adresses" → a new address, every free-text field hostile.
  await page.goto(`${shop.base}/fr/account/addresses/new`);
  const fields: Record<string, string> = {
    Prénom: P.script,
    Nom: P.img,
    'Société (facultatif)': P.svg,
    Rue: `${P.textarea} ${LONG}`,
    Numéro: '12',
    'Boîte (facultatif)': P.tpl,
    'Code postal': '1000',
    Localité: P.sql,
  };
  for (const [label, value] of Object.entries(fields)) await page.getByRole('textbox', { name: label, exact: true }).fill(value);
  await page.getByRole('combobox', { name: 'Pays' }).selectOption('BE');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.getByText('Adresse ajoutée.').waitFor();

  // A question on the product page.
  await page.goto(`${shop.base}/fr/p/${product.slug}`);
  await page.getByRole('link', { name: 'Poser une question sur ce produit' }).click();
  await page.getByLabel('Sujet').selectOption({ index: 1 });
  await page.getByLabel('Votre message').fill(ALL);
  await page.getByRole('button', { name: 'Envoyer la question' }).click();
  await page.waitForURL(/\/fr\/account\/messages\/[0-9a-f-]{36}$/);
  threadUrl = page.url();

  // Paid orders (as checkout leaves them): one shipped and delivered with a hostile tracking number
  // left by an older import (the form refuses such a number: checked in the seller sweep).
  const order = await makePaidOrder(db, { customer, lines: [{ offer: { id: product.offer_a } }] });
  orderNumber = order.order.number;
  const shipped = await makePaidOrder(db, { customer, lines: [{ offer: { id: product.offer_b } }] });
  shippedOrderNumber = shipped.order.number;
  await db.transaction(async (tx) => {
    const lineIds = shipped.lines.map((l) => l.id);
    assert.ok((await applyToLines(tx, { lineIds, verb: 'ship', actor: SYSTEM, now: new Date(), set: { carrier: 'other', trackingNumber: P.script } })).ok, 'shipped');
    assert.ok((await applyToLines(tx, { lineIds, verb: 'deliver', actor: SYSTEM, now: new Date() })).ok, 'delivered');
  });

  // "Ouvrir un incident" on the delivered article, the message hostile.
  await page.goto(`${shop.base}/fr/account/orders/${shippedOrderNumber}`);
  await page.locator('.order-line', { hasText: TITLE }).getByRole('link', { name: 'Ouvrir un incident' }).click();
  await page.getByLabel('Raison').selectOption({ label: 'Mon produit est abîmé' });
  await page.getByLabel('Votre message (facultatif)').fill(ALL);
  // Pictures that are not pictures — an SVG with a script named and typed as a PNG, an SVG, an HTML
  // page: refused, what was typed kept.
  await page.getByLabel('Photos (facultatif)').setInputFiles([
    { name: 'abime.png', mimeType: 'image/png', buffer: Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(7)"><script>alert(8)</script></svg>`) },
    { name: 'abime2.svg', mimeType: 'image/svg+xml', buffer: Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(9)</script></svg>`) },
    { name: 'page.html', mimeType: 'text/html', buffer: Buffer.from('<html><body><script>alert(10)</script></body></html>') },
  ]);
  await page.getByRole('button', { name: 'Soumettre' }).click();
  await page.getByText('Seules les photos JPEG, PNG ou WebP sont acceptées.').first().waitFor();
  await check(page, 'incident form refusing an SVG/HTML upload', 200, [], 'xss-incident-upload-refused');
  assert.equal(flat(await page.getByLabel('Votre message (facultatif)').inputValue()), flat(ALL), 'the message typed is kept');
  await page.getByLabel('Photos (facultatif)').setInputFiles([]);
  await page.getByRole('button', { name: 'Soumettre' }).click();
  await page.waitForURL(/I-\d{4}-\d{6}/);
  incidentNumber = /I-\d{4}-\d{6}/.exec(page.url())![0];

  // The shop's software answers the question through the seller API.
  const key = await makeApiKey(shop.deps, { id: lemaire.id, user: { id: owner.id } });
  const threadId = threadUrl.split('/').pop()!;
  const res = await fetch(`${shop.base}/api/seller/v1/conversations/${threadId}/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify({ body: `API ${ALL}` }),
  });
  assert.equal(res.status, 201, `the API reply is accepted: ${await res.text()}`);
  await page.context().close();
  report('planting');
});

test('storefront: product, shop, search, cart, checkout, orders, incident, messages, addresses, profile show the payloads as text', async () => {
  const { context, page } = await person();
  // Anonymous first: the catalogue pages and searches.
  await sweep(page, `/fr/p/${product.slug}`, [TITLE, P.script, P.js, SHOP_NAME], 'xss-product');
  await sweep(page, '/fr/s/maison-lemaire', [SHOP_NAME, P.tpl, P.mix], 'xss-seller-page');
  await sweep(page, '/fr/s/maison-lemaire/return-policy', [P.textarea, P.sql]);
  await sweep(page, `/fr/search?q=${encodeURIComponent(P.img)}`, [P.img], 'xss-search');
  for (const q of [P.script, P.sql, P.tpl, P.mix, P.textarea, '%', '_', '\\']) await sweep(page, `/fr/search?q=${encodeURIComponent(q)}`, [q]);
  await sweep(page, `/fr/search?q=${encodeURIComponent('chemise')}`, [TITLE]);
  await sweep(page, `/fr/c/${category!.slug}`, [`Rayon ${P.svg}`]);
  await context.close();

  const me = await loggedIn('shop', customer.email, PASSWORD);
  await me.goto(`${shop.base}/fr/p/${product.slug}`);
  await me.getByRole('button', { name: 'Ajouter au panier', exact: true }).click();
  await me.getByText('Article ajouté à votre panier.').waitFor();
  await sweep(me, '/fr/cart', [TITLE, SHOP_NAME], 'xss-cart');
  await sweep(me, '/fr/checkout', [P.script, P.img, P.svg, P.textarea, P.tpl, P.sql], 'xss-checkout');
  await sweep(me, '/fr/checkout/delivery', [SHOP_NAME, TITLE]);
  await sweep(me, '/fr/checkout/summary', [TITLE, P.textarea, P.sql]);
  await sweep(me, '/fr/account', [P.script]);
  await sweep(me, '/fr/account/orders', [orderNumber, SHOP_NAME]);
  await sweep(me, `/fr/account/orders/${orderNumber}`, [TITLE, SHOP_NAME, P.textarea, P.sql], 'xss-order');
  await sweep(me, `/fr/account/orders/${shippedOrderNumber}`, [TITLE, P.script]);
  await sweep(me, '/fr/account/incidents', [incidentNumber]);
  await sweep(me, `/fr/account/incidents/${incidentNumber}`, [TITLE, ...Object.values(P)], 'xss-incident');
  await sweep(me, '/fr/account/messages', [SHOP_NAME]);
  await sweep(me, threadUrl, [...Object.values(P), 'API'], 'xss-thread');
  await sweep(me, '/fr/account/addresses', [P.script, P.img, P.svg, P.textarea, P.tpl, P.sql], 'xss-addresses');
  await me.getByRole('link', { name: 'Modifier' }).first().click();
  await check(me, 'address form', 200, [P.script, P.img, P.svg, P.textarea, P.tpl, P.sql], 'xss-address-form');
  await sweep(me, '/fr/account/profile', [P.script, P.img]);
  await sweep(me, '/fr/account/privacy', []);
  // A narrow phone: the hostile texts wrap rather than push the page sideways.
  const phone = await person(375);
  await phone.context.addCookies(await me.context().cookies());
  for (const path of [`/fr/account/incidents/${incidentNumber}`, threadUrl, '/fr/account/addresses', `/fr/account/orders/${orderNumber}`, '/fr/checkout']) {
    await sweep(phone.page, path, []);
  }
  await screenshot(phone.page, 'xss-addresses-375');
  report('storefront');
});

test('seller back office: dashboard, orders, order file, incidents, questions, offers, team, policy show the payloads as text', async () => {
  const page = await loggedIn('seller', 'vendeur@demo.comptoir.be');
  await check(page, 'seller dashboard', 200, [P.img]);
  await sweep(page, '/vendeur/orders', [`${orderNumber}-1`, P.script], 'xss-seller-orders');
  await sweep(page, `/vendeur/orders/${orderNumber}-1`, [TITLE, P.script, P.img, P.svg, P.textarea, P.sql], 'xss-seller-order');
  // A tracking number that is not one: refused, explained, and what was typed kept as text.
  await page.getByLabel('Transporteur').selectOption('bpost');
  await page.getByLabel('Numéro de suivi').fill(P.img);
  await page.getByRole('button', { name: 'Marquer comme expédié' }).click();
  await page.waitForLoadState('load');
  await check(page, 'refused tracking number', 200, [P.img], 'xss-seller-tracking-refused');
  await sweep(page, `/vendeur/orders/${shippedOrderNumber}-1`, [TITLE, P.script]);
  await sweep(page, '/vendeur/incidents', [incidentNumber]);
  await sweep(page, `/vendeur/incidents/${incidentNumber}`, [TITLE, ...Object.values(P)], 'xss-seller-incident');
  await sweep(page, '/vendeur/questions', [TITLE]);
  await sweep(page, `/vendeur/questions/${threadUrl.split('/').pop()}`, [...Object.values(P), 'API'], 'xss-seller-thread');
  await sweep(page, '/vendeur/offers', [TITLE]);
  await sweep(page, '/vendeur/team', [`Léa ${P.img}`]);
  await sweep(page, '/vendeur/policy', [P.textarea, P.sql], 'xss-seller-policy');
  assert.equal(await page.locator('textarea[name="textFr"]').inputValue(), P.textarea, 'the </textarea> breaker stays inside its field');
  assert.equal(await page.locator('textarea[name="conditionsFr"]').inputValue(), P.sql, 'the conditions field keeps its text');
  report('seller back office');
});

test('operator back office: customer search with payloads, customer file, order timeline, incidents, messages, sellers, emails, audit', async () => {
  const page = await loggedIn('admin', 'admin@demo.comptoir.be');
  for (const q of [P.script, P.sql, P.mix, '%', '_']) await sweep(page, `/admin/customers?q=${encodeURIComponent(q)}`, [q]);
  await sweep(page, `/admin/customers?q=${encodeURIComponent(customer.email)}`, [P.script, P.img], 'xss-admin-search');
  await sweep(page, `/admin/customers/${customer.id}`, [P.script, P.img, orderNumber], 'xss-admin-customer');
  await sweep(page, `/admin/orders/${orderNumber}`, [TITLE, SHOP_NAME, P.script, P.img, P.textarea, P.sql], 'xss-admin-order');
  await sweep(page, `/admin/orders/${shippedOrderNumber}`, [P.script]);
  await sweep(page, '/admin/incidents', [incidentNumber]);
  await sweep(page, `/admin/incidents/${incidentNumber}`, [TITLE, SHOP_NAME, ...Object.values(P)], 'xss-admin-incident');
  await sweep(page, '/admin/messages', [SHOP_NAME]);
  await sweep(page, `/admin/messages/${threadUrl.split('/').pop()}`, [...Object.values(P), 'API']);
  await sweep(page, '/admin/sellers', [SHOP_NAME]);
  await sweep(page, `/admin/sellers/${lemaire.id}`, [SHOP_NAME], 'xss-admin-seller');
  await sweep(page, `/admin/sellers/${lemaire.id}/edit`, [SHOP_NAME, P.textarea]);
  await sweep(page, '/admin/categories', [`Rayon ${P.svg}`]);
  await sweep(page, '/admin/emails', [customer.email]);
  const [mail] = await db.select().from(emails).where(eq(emails.toAddress, customer.email)).orderBy(desc(emails.createdAt)).limit(1);
  assert.ok(mail, 'an email was queued for the hostile customer');
  await sweep(page, `/admin/emails/${mail.id}`, [customer.email]);
  await sweep(page, `/admin/emails/${mail.id}/html`, [], 'xss-admin-email-html');
  await page.goto(`${shop.base}/admin/sellers/${lemaire.id}`);
  // A suspension whose reason (told to the seller) is hostile: the seller file and the audit log.
  await page.getByLabel('Raison (communiquée au vendeur)').fill(`${P.script} ${P.img}`);
  await page.getByRole('button', { name: 'Suspendre' }).click();
  await page.getByText('Vendeur suspendu').first().waitFor();
  await check(page, 'suspended seller', 200, [SHOP_NAME]);
  await sweep(page, '/admin/audit', [], 'xss-admin-audit');
  await sweep(page, `/admin/sellers/${lemaire.id}`, [SHOP_NAME]);
  await page.getByRole('button', { name: 'Réactiver' }).click();
  await page.getByText('Vendeur réactivé').first().waitFor();
  report('operator back office');
});

test('every email sent renders in the browser with nothing run and the payloads as text', async () => {
  // Everything the worker had to send: the answer and the incident to the customer, the question,
  // the incident and the orders to the seller.
  const mine = () => db.select().from(emails).where(and(eq(emails.toAddress, customer.email), eq(emails.status, 'sent')));
  const end = Date.now() + 20_000;
  while ((await mine()).length < 2 && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
  await shop.smtp.waitFor((m) => m.to.includes(customer.email), 20_000);
  const mails = shop.smtp.mails;
  assert.ok(mails.length >= 3, `mail was captured (${mails.length})`);
  const { context, page } = await person();
  let shown = 0;
  for (const m of mails) {
    if (!m.html) continue;
    await page.setContent(m.html, { waitUntil: 'load' });
    const seen = await inspect(page);
    for (const x of seen.markup) failures.push(`email "${m.subject}": live markup ${x}`);
    if (Object.values(P).some((p) => flat(seen.text).includes(flat(p)))) shown++;
  }
  assert.ok(shown >= 2, `the payloads are shown as text in the emails (${shown})`);
  await context.close();
  report('emails');
});
