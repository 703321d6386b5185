import assert from 'node:assert/strict';
import { test } from 'node:test';
import { and, eq, gt } from 'drizzle-orm';
import { customers } from '../src/modules/accounts/schema.js';
import { offers, products, variants } from '../src/modules/catalog/schema.js';
import { sellers } from '../src/modules/sellers/schema.js';
import { makePaidOrder } from '../tests/helpers/factories.js';
import { login, newPage, screenshot, startShop } from './harness.js';

const shop = await startShop();
const db = shop.deps.db;

/** An offer in stock of a demo product from a demo seller. */
async function offerOf(productSlug: string, sellerSlug: string) {
  const [row] = await db
    .select({ id: offers.id })
    .from(offers)
    .innerJoin(variants, eq(variants.id, offers.variantId))
    .innerJoin(products, eq(products.id, variants.productId))
    .innerJoin(sellers, eq(sellers.id, offers.sellerId))
    .where(and(eq(products.slug, productSlug), eq(sellers.slug, sellerSlug), gt(offers.stock, 0)))
    .limit(1);
  assert.ok(row, `${productSlug} from ${sellerSlug}`);
  return row;
}

test('the demo customer buys from two sellers; the demo seller ships its part; the customer sees "Expédiée" and "Payée", and gets the shipping email', async () => {
  const [customer] = await db.select().from(customers).where(eq(customers.email, 'client@demo.comptoir.be'));
  const order = await makePaidOrder(db, {
    customer: customer!,
    lines: [{ offer: await offerOf('chemise-lin-oversize', 'maison-lemaire') }, { offer: await offerOf('salopette-velours', 'petit-sablon') }],
  });
  const lemaire = order.sellerOrders.find((so) => so.number.endsWith('-1'))!;

  // The demo seller (Maison Lemaire) finds the new order among those to handle, and ships it.
  const seller = await newPage(shop.browser);
  await login(seller, 'seller', 'vendeur@demo.comptoir.be');
  await seller.getByRole('heading', { name: /Bonjour/ }).waitFor();
  await seller.getByRole('link', { name: 'Commandes', exact: true }).click();
  await seller.getByRole('heading', { level: 1, name: 'Commandes' }).waitFor();
  const row = seller.locator('table.seller-orders tr', { hasText: lemaire.number });
  assert.match(await row.innerText(), /Payée/);
  assert.match(await row.innerText(), /\d+ h \d+ min/, 'how long it has waited');
  await screenshot(seller, 'orders-seller-list-fr');
  await row.getByRole('link', { name: lemaire.number }).click();
  await seller.getByRole('heading', { level: 1, name: `Commande ${lemaire.number}` }).waitFor();
  const body = await seller.locator('main').innerText();
  assert.match(body, /Rue de la Loi 42/, 'the delivery address');
  assert.doesNotMatch(body, /Salopette/i, 'never the other seller’s line');
  await seller.getByLabel('Transporteur').selectOption('bpost');
  await seller.getByLabel('Numéro de suivi').fill('CD 1234 5678 9BE');
  await screenshot(seller, 'orders-seller-order-fr');
  await seller.getByRole('button', { name: 'Marquer comme expédié' }).click();
  await seller.getByText('Expédition enregistrée').waitFor();
  assert.match(await seller.locator('main').innerText(), /bpost.*CD123456789BE/);
  await screenshot(seller, 'orders-seller-shipped-fr');

  // The customer: "Mes Commandes", then "Voir la commande".
  const page = await newPage(shop.browser);
  await login(page, 'shop', 'client@demo.comptoir.be');
  await page.waitForURL(/\/fr\/account$/);
  await page.getByRole('link', { name: 'Mes Commandes' }).first().click();
  await page.getByRole('heading', { level: 1, name: 'Mes Commandes' }).waitFor();
  const card = page.locator('.order-card', { hasText: order.order.number });
  assert.equal(await card.locator('.order-parts li', { hasText: 'Maison Lemaire' }).locator('.badge').innerText(), 'Expédiée');
  assert.equal(await card.locator('.order-parts li', { hasText: 'Petit Sablon' }).locator('.badge').innerText(), 'Payée');
  await screenshot(page, 'orders-list-fr');
  await card.getByRole('link', { name: 'Voir la commande' }).click();
  await page.getByRole('heading', { level: 1, name: `Commande ${order.order.number}` }).waitFor();
  const parcel = page.locator('section.order-part', { hasText: 'Maison Lemaire' });
  assert.equal(await parcel.locator('.order-part-head .badge').innerText(), 'Expédiée');
  assert.match(await parcel.innerText(), /bpost · CD123456789BE/);
  assert.equal(await parcel.getByRole('link', { name: /Suivre le colis/ }).getAttribute('href'), 'https://track.bpost.cloud/btr/web/#/search?itemCode=CD123456789BE&lang=fr');
  assert.equal(await page.locator('section.order-part', { hasText: 'Petit Sablon' }).locator('.order-part-head .badge').innerText(), 'Payée');
  assert.equal(await page.getByRole('link', { name: 'Ouvrir un incident' }).count(), 2);
  await screenshot(page, 'orders-order-fr');

  // The same in Dutch.
  await page.goto(`${shop.base}/nl/account/orders`);
  const nl = page.locator('.order-card', { hasText: order.order.number });
  assert.equal(await nl.locator('.order-parts li', { hasText: 'Maison Lemaire' }).locator('.badge').innerText(), 'Verzonden');
  assert.equal(await nl.locator('.order-parts li', { hasText: 'Petit Sablon' }).locator('.badge').innerText(), 'Betaald');
  await screenshot(page, 'orders-list-nl');
  await nl.getByRole('link', { name: 'Bekijk de bestelling' }).click();
  await page.getByRole('heading', { level: 1, name: `Bestelling ${order.order.number}` }).waitFor();
  await screenshot(page, 'orders-order-nl');

  // On a phone.
  const phone = await newPage(shop.browser, { width: 375 });
  await phone.context().addCookies(await page.context().cookies());
  await phone.goto(`${shop.base}/fr/account/orders/${order.order.number}`);
  await screenshot(phone, 'orders-order-fr-phone');

  // The shipping email, in the mailbox.
  const mail = await shop.smtp.waitFor((m) => m.to.includes('client@demo.comptoir.be') && m.subject === `Votre commande ${order.order.number} est expédiée`, 20_000);
  assert.match(mail.text, /Maison Lemaire a expédié/);
  assert.match(mail.text, /Numéro de suivi : CD123456789BE/);
  assert.ok(mail.html.includes('https://track.bpost.cloud/btr/web/#/search?itemCode=CD123456789BE&amp;lang=fr'));
});
