import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { customers } from '../src/modules/accounts/schema.js';
import { verifyWebhook } from '../src/modules/api/signing.js';
import { startProductQuestion } from '../src/modules/messaging/threads.js';
import { sellers } from '../src/modules/sellers/schema.js';
import { login, newPage, screenshot, startShop } from './harness.js';

/**
 * The seller API seen by a shop's owner in Chromium: "API et webhooks" in /vendeur, a key created and
 * used at once over real HTTP, a webhook whose first delivery fails and whose replay arrives, and the
 * reference page on a desktop and a phone.
 */

const shop = await startShop();
const db = shop.deps.db;

const received: { body: string; signature: string }[] = [];
let answers = [500];
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    received.push({ body, signature: String(req.headers['comptoir-signature']) });
    res.statusCode = answers.shift() ?? 200;
    res.end();
  });
});
await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
after(() => receiver.close());
const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/comptoir`;

async function waitFor(what: string, ok: () => boolean | Promise<boolean>, ms = 10_000) {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('the owner creates an API key and a webhook in /vendeur; the key works at once; a failed delivery is sent again', async () => {
  const page = await newPage(shop.browser);
  await login(page, 'seller', 'vendeur@demo.comptoir.be');
  await page.getByRole('link', { name: 'API et webhooks' }).click();
  await page.getByRole('heading', { level: 1, name: 'Clés API' }).waitFor();

  await page.getByLabel('Nom').fill('Logiciel d’entrepôt');
  await page.getByLabel('Lecture et écriture').check();
  await page.getByRole('button', { name: 'Créer une clé' }).click();
  await page.getByRole('heading', { level: 1, name: 'Clé créée' }).waitFor();
  const key = (await page.locator('.api-secret-value').textContent())!.trim();
  assert.match(key, /^cpt_[A-Za-z0-9_-]{43}$/);
  await screenshot(page, 'seller-api-key-created');

  // The shop's software uses it over HTTP.
  const res = await fetch(`${shop.base}/api/seller/v1/orders?status=paid,preparing`, { headers: { authorization: `Bearer ${key}` } });
  assert.equal(res.status, 200);
  assert.ok(Array.isArray(((await res.json()) as { data: unknown[] }).data));

  await page.getByRole('link', { name: 'Retour aux clés' }).click();
  assert.ok(await page.getByRole('cell', { name: 'Logiciel d’entrepôt', exact: true }).isVisible());
  assert.equal(await page.getByText(key).count(), 0, 'never shown again');
  await screenshot(page, 'seller-api-keys');

  // A webhook for the messages of customers.
  await page.getByRole('link', { name: 'Webhooks', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
  await page.getByLabel('Adresse (URL)').fill(hookUrl);
  for (const label of ['Commande reçue', 'Article annulé', 'Incident ouvert', 'Incident transmis à l’arbitrage', 'Versement effectué']) await page.getByLabel(label).uncheck();
  await screenshot(page, 'seller-api-webhook-form');
  await page.getByRole('button', { name: 'Ajouter le webhook' }).click();
  await page.getByRole('heading', { level: 1, name: 'Webhook ajouté' }).waitFor();
  const secret = (await page.locator('.api-secret-value').textContent())!.trim();
  await screenshot(page, 'seller-api-webhook-created');

  // A customer asks a question: the worker delivers it; the receiver first answers 500.
  const [camille] = await db.select().from(customers).where(eq(customers.email, 'client@demo.comptoir.be'));
  const [lemaire] = await db.select().from(sellers).where(eq(sellers.slug, 'maison-lemaire'));
  const { rows } = await db.execute<{ id: string }>(sql`select p.id from products p join variants v on v.product_id = p.id join offers o on o.variant_id = v.id where o.seller_id = ${lemaire!.id} and o.active limit 1`);
  const q = await startProductQuestion(shop.deps, { customerId: camille!.id, productId: rows[0]!.id, sellerId: lemaire!.id, variantId: null, subject: 'availability', body: 'Existe-t-il en rouge ?' });
  assert.ok(q.ok);
  await waitFor('the first attempt', () => received.length === 1);
  assert.ok(verifyWebhook(secret, received[0]!.signature, received[0]!.body, new Date()).ok);
  await page.getByRole('link', { name: 'Retour aux webhooks' }).click();
  await page.getByRole('cell', { name: 'HTTP 500' }).waitFor();
  assert.ok(await page.getByText('En attente').first().isVisible());
  await screenshot(page, 'seller-api-webhooks-failed');

  // "Renvoyer": the same event again; this time the receiver answers 200.
  await page.getByRole('button', { name: /^Renvoyer l’envoi message\.received/ }).first().click();
  await page.getByText('Envoi programmé à nouveau.').waitFor();
  await waitFor('the replay', () => received.length === 2);
  assert.equal(JSON.parse(received[1]!.body).id, JSON.parse(received[0]!.body).id, 'same event id');
  await waitFor('the delivered state', async () => {
    await page.reload();
    return (await page.getByText('Livré', { exact: true }).count()) > 0;
  });
  await screenshot(page, 'seller-api-webhooks-delivered');

  await page.getByRole('link', { name: 'Message reçu' }).first().click();
  await page.getByRole('heading', { name: 'Contenu envoyé' }).waitFor();
  await screenshot(page, 'seller-api-delivery');
});

test('the API reference: readable on a desktop and on a phone, nothing wider than the screen', async () => {
  for (const width of [1280, 375]) {
    const page = await newPage(shop.browser, { width });
    await page.goto(`${shop.base}/api/seller/v1/docs`);
    await page.getByRole('heading', { level: 1, name: 'API vendeur — référence' }).waitFor();
    assert.ok(await page.getByRole('heading', { name: /POST \/orders\/\{number\}\/ship/ }).isVisible());
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `no horizontal scroll at ${width} px (${overflow})`);
    await screenshot(page, `seller-api-reference-${width}`);
    await page.screenshot({ path: `screenshots/seller-api-reference-top-${width}.png` });
    await page.locator('#op-shipOrderLines').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `screenshots/seller-api-reference-ship-${width}.png` });
  }
});
