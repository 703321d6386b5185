import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { customers } from '../src/modules/accounts/schema.js';
import { applyToLines } from '../src/modules/orders/apply.js';
import { SYSTEM } from '../src/modules/orders/timeline.js';
import { makePaidOrder } from '../tests/helpers/factories.js';
import { type Face, login, newPage, screenshot, startShop } from './harness.js';

const shop = await startShop();
const db = shop.deps.db;

// Orders of the demo customer ("Camille") with articles of the demo seller (Maison Lemaire), as checkout leaves them.
const [camille] = await db.select().from(customers).where(eq(customers.email, 'client@demo.comptoir.be'));
// One offer of each of three different products (their titles tell the order lines apart).
const offers = await db.execute<{ id: string; title: string }>(sql`
  select distinct on (p.slug) o.id, p.title->>'fr' as title
  from offers o
  join variants v on v.id = o.variant_id
  join products p on p.id = v.product_id
  join sellers s on s.id = o.seller_id
  where s.slug = 'maison-lemaire' and o.active and o.stock > 0
  order by p.slug, v.sku
  limit 3`);

async function loggedIn(browser: Browser, face: Face, email: string, opts: { width?: number } = {}): Promise<Page> {
  const page = await newPage(browser, opts);
  await login(page, face, email);
  return page;
}

/** "Mes Commandes" → "Voir la commande" → "Ouvrir un incident" in front of the article. */
async function openFromOrders(page: Page, number: string, title: string) {
  await page.goto(`${shop.base}/fr/account`);
  await page.getByRole('link', { name: 'Mes Commandes' }).first().click();
  await page.locator('li', { hasText: number }).getByRole('link', { name: 'Voir la commande' }).click();
  await page.waitForURL(new RegExp(`/fr/account/orders/${number}$`));
  await page.locator('.order-line', { hasText: title }).getByRole('link', { name: 'Ouvrir un incident' }).click();
  await page.getByRole('heading', { level: 1, name: 'Ouvrir un incident' }).waitFor();
}

test('FAQ ¶3, literally: cancel an article not yet sent — "Ouvrir un incident", the withdrawal reason, "Soumettre"; the seller cancels; the refund is shown and emailed', async () => {
  assert.ok(camille && offers.rows.length >= 2, 'the demo seed has Camille and Maison Lemaire offers');
  const [a, b] = offers.rows;
  const paid = await makePaidOrder(db, { customer: camille, lines: [{ offer: a! }, { offer: b! }] });
  const number = paid.order.number;

  const customer = await loggedIn(shop.browser, 'shop', 'client@demo.comptoir.be');
  await openFromOrders(customer, number, a!.title);
  // The drop-down offers the withdrawal (not sent yet), and the page says: one incident per article.
  const reason = customer.getByLabel('Raison');
  assert.deepEqual(await reason.locator('option').allInnerTexts(), ['Je veux annuler ma commande (droit de rétractation)']);
  assert.ok(await customer.getByText(/répétez l’opération pour chacun d’eux/).isVisible());
  await reason.selectOption({ label: 'Je veux annuler ma commande (droit de rétractation)' });
  await customer.getByLabel('Votre message (facultatif)').fill('Je me suis trompée de taille, merci d’annuler cet article.');
  await screenshot(customer, 'incident-1-form-withdrawal');
  await customer.getByRole('button', { name: 'Soumettre' }).click();
  await customer.getByText('Votre demande a été envoyée au vendeur Maison Lemaire.').waitFor();
  const incident = /I-\d{4}-\d{6}/.exec(customer.url())![0];
  await customer.getByText('Envoyé au vendeur').first().waitFor();
  await screenshot(customer, 'incident-2-sent');

  // "Si votre commande à annuler comprend plusieurs articles, veillez à répéter cette opération pour chaque article à annuler."
  await openFromOrders(customer, number, b!.title);
  await customer.getByRole('button', { name: 'Soumettre' }).click();
  await customer.getByText('Votre demande a été envoyée au vendeur Maison Lemaire.').waitFor();

  // The seller's incidents, oldest first, with the time left to answer; the first one is cancelled and refunded in one action.
  const seller = await loggedIn(shop.browser, 'seller', 'vendeur@demo.comptoir.be');
  await seller.getByRole('link', { name: /^Incidents/ }).click();
  await seller.getByRole('heading', { level: 1, name: 'Incidents' }).waitFor();
  assert.ok(await seller.getByText(/^reste /).first().isVisible());
  await screenshot(seller, 'incident-3-seller-list');
  await seller.getByRole('link', { name: incident }).click();
  await seller.getByText('Je me suis trompée de taille').waitFor();
  await screenshot(seller, 'incident-4-seller-withdrawal');
  await seller.getByRole('button', { name: 'Annuler et rembourser' }).click();
  await seller.getByText(/Remboursement de .* envoyé/).waitFor();

  // "Vous recevrez alors le remboursement des articles annulés."
  await customer.goto(`${shop.base}/fr/account/incidents/${incident}`);
  await customer.getByText('Article annulé et remboursé').first().waitFor();
  const refunds = await customer.locator('.incident-refunds').innerText();
  const amount = /(\d+,\d{2})\s€/.exec(refunds)![1]!;
  await screenshot(customer, 'incident-5-refunded');
  const mail = await shop.smtp.waitFor((m) => m.to.includes('client@demo.comptoir.be') && m.subject.startsWith(`Remboursement de ${amount}`), 20_000);
  assert.match(mail.text, new RegExp(`nous vous remboursons ${amount}`));
  assert.ok(mail.text.includes(`/fr/account/incidents/${incident}`));
  // "Voir la commande" shows the article refunded.
  await customer.goto(`${shop.base}/fr/account/orders/${number}`);
  assert.match(await customer.locator('.order-line', { hasText: a!.title }).innerText(), /Remboursée/);
});

test('FAQ ¶9, literally: a damaged article after delivery — "Mon produit est abîmé" with a photo; the seller refunds part of it', async () => {
  const [, , c] = offers.rows;
  const paid = await makePaidOrder(db, { customer: camille!, lines: [{ offer: c ?? offers.rows[0]! }] });
  const line = paid.lines[0]!;
  await db.transaction(async (tx) => {
    for (const verb of ['ship', 'deliver'] as const) assert.ok((await applyToLines(tx, { lineIds: [line.id], verb, actor: SYSTEM, now: new Date(), set: verb === 'ship' ? { carrier: 'bpost', trackingNumber: '323212345678' } : undefined })).ok);
  });
  const title = (c ?? offers.rows[0]!).title;

  const customer = await loggedIn(shop.browser, 'shop', 'client@demo.comptoir.be');
  // A real PNG as the photo of the damage (a picture of the product page will do).
  await customer.goto(`${shop.base}/fr/`);
  const photo = await customer.screenshot({ clip: { x: 0, y: 0, width: 480, height: 360 } });
  await openFromOrders(customer, paid.order.number, title);
  assert.deepEqual(await customer.getByLabel('Raison').locator('option').allInnerTexts(), [
    'Je veux annuler ma commande (droit de rétractation)',
    'Je n’ai pas reçu mon produit',
    'Mon produit n’est pas conforme à ma commande',
    'Mon produit est abîmé',
  ]);
  await customer.getByLabel('Raison').selectOption({ label: 'Mon produit est abîmé' });
  await customer.getByLabel('Votre message (facultatif)').fill('La couture de la manche est déchirée à l’arrivée. <b>Photo</b> jointe.');
  await customer.getByLabel('Photos (facultatif)').setInputFiles({ name: 'dechirure.png', mimeType: 'image/png', buffer: photo });
  await screenshot(customer, 'incident-6-form-damaged');
  await customer.getByRole('button', { name: 'Soumettre' }).click();
  await customer.getByText('Votre demande a été envoyée au vendeur Maison Lemaire.').waitFor();
  const incident = /I-\d{4}-\d{6}/.exec(customer.url())![0];
  const img = customer.locator('.incident-photos img').first();
  await img.waitFor();
  assert.ok(await img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0), 'the photo is displayed');
  assert.ok(await customer.getByText('La couture de la manche est déchirée à l’arrivée. <b>Photo</b> jointe.').isVisible(), 'the message is shown as typed, as text');

  const seller = await loggedIn(shop.browser, 'seller', 'vendeur@demo.comptoir.be');
  await seller.goto(`${shop.base}/vendeur/incidents/${incident}`);
  const sellerImg = seller.locator('.incident-photos img').first();
  await sellerImg.scrollIntoViewIfNeeded();
  const loaded = await sellerImg.evaluate(async (i: HTMLImageElement) => {
    if (!i.complete) await new Promise((ok) => i.addEventListener('load', ok, { once: true }));
    return i.naturalWidth > 0;
  });
  assert.ok(loaded, 'the seller sees the photo');
  await seller.getByLabel('Une partie').check();
  await seller.getByLabel('Montant en euros').fill('10,00');
  await seller.getByLabel('Message au client (facultatif)').fill('Désolés : nous vous remboursons 10 € pour la couture.');
  await screenshot(seller, 'incident-7-seller-damaged');
  await seller.getByRole('button', { name: 'Rembourser', exact: true }).click();
  await seller.getByText(/Remboursement de 10,00\s€ envoyé/).waitFor();

  await customer.reload();
  await customer.getByText('Solution proposée').first().waitFor();
  assert.match(await customer.locator('.incident-refunds').innerText(), /10,00\s€/);
  assert.ok(await customer.getByRole('button', { name: 'Accepter la solution' }).isVisible());
  await screenshot(customer, 'incident-8-partial-refund');
  await shop.smtp.waitFor((m) => m.to.includes('client@demo.comptoir.be') && m.subject.startsWith('Remboursement de 10,00'), 20_000);
  await customer.getByRole('button', { name: 'Accepter la solution' }).click();
  await customer.getByText('Merci : l’incident est clôturé.').waitFor();
  await customer.getByText('Clôturé').first().waitFor();

  // The same page on a phone.
  const phone = await loggedIn(shop.browser, 'shop', 'client@demo.comptoir.be', { width: 375 });
  await phone.goto(`${shop.base}/fr/account/incidents/${incident}`);
  await screenshot(phone, 'incident-9-phone');
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no horizontal scroll at 375 px (${overflow})`);
});

test('a rejected incident is disputed; customer service reads both sides and decides with a refund on the seller’s behalf', async () => {
  const offer = offers.rows[0]!;
  const paid = await makePaidOrder(db, { customer: camille!, lines: [{ offer }] });
  const line = paid.lines[0]!;
  await db.transaction(async (tx) => {
    for (const verb of ['ship', 'deliver'] as const) assert.ok((await applyToLines(tx, { lineIds: [line.id], verb, actor: SYSTEM, now: new Date() })).ok);
  });
  const customer = await loggedIn(shop.browser, 'shop', 'client@demo.comptoir.be');
  await openFromOrders(customer, paid.order.number, offer.title);
  await customer.getByLabel('Raison').selectOption({ label: 'Mon produit n’est pas conforme à ma commande' });
  await customer.getByLabel('Votre message (facultatif)').fill('J’ai reçu la taille M au lieu de L.');
  await customer.getByRole('button', { name: 'Soumettre' }).click();
  await customer.getByText('Votre demande a été envoyée au vendeur Maison Lemaire.').waitFor();
  const incident = /I-\d{4}-\d{6}/.exec(customer.url())![0];

  const seller = await loggedIn(shop.browser, 'seller', 'vendeur@demo.comptoir.be');
  await seller.goto(`${shop.base}/vendeur/incidents/${incident}`);
  await seller.getByLabel('Raison du refus').fill('L’étiquette indique bien L.');
  await seller.getByRole('button', { name: 'Refuser', exact: true }).click();
  await seller.getByText('C’est fait : le client est prévenu par e-mail.').waitFor();

  await customer.reload();
  await customer.getByLabel('Pourquoi contestez-vous ? (facultatif)').fill('Voici la photo de l’étiquette : c’est un M.');
  await customer.getByRole('button', { name: 'Contester la solution' }).click();
  await customer.getByText('Votre contestation est transmise à notre service client.').waitFor();

  const operator = await loggedIn(shop.browser, 'admin', 'service@demo.comptoir.be');
  await operator.goto(`${shop.base}/admin/incidents`);
  await operator.getByRole('heading', { level: 1, name: 'Incidents' }).waitFor();
  await screenshot(operator, 'incident-10-operator-queue');
  await operator.getByRole('link', { name: incident }).click();
  await operator.getByText('Voici la photo de l’étiquette').waitFor();
  await screenshot(operator, 'incident-11-operator-decide');
  await operator.getByRole('textbox', { name: /^Décision/ }).fill('Nous donnons raison à la cliente : remboursement complet, l’article peut être gardé.');
  await operator.getByLabel(/Tout le montant restant/).check();
  await operator.getByRole('button', { name: 'Trancher' }).click();
  await operator.getByText('Incident clôturé.').waitFor();

  await customer.reload();
  await customer.getByText('Décision de notre service client').waitFor();
  await customer.getByText('Clôturé').first().waitFor();
  await shop.smtp.waitFor((m) => m.to.includes('client@demo.comptoir.be') && m.subject === `Incident ${incident} : décision de notre service client`, 20_000);
  await screenshot(customer, 'incident-12-operator-decided');
});
