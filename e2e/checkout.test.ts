import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { login, newPage, screenshot, startShop } from './harness.js';

const shop = await startShop();

async function addToCart(page: Page, slug: string) {
  await page.goto(`${shop.base}/fr/p/${slug}`);
  await page.getByRole('button', { name: 'Ajouter au panier', exact: true }).click();
  await page.waitForLoadState('load');
}

async function fillAddress(page: Page, a: { street: string; houseNumber: string; postalCode: string; city: string; firstName?: string; lastName?: string }) {
  // The fields of "Mes adresses" (AddressFields), by their ids: "Numéro" is also the start of "Numéro de TVA".
  if (a.firstName) await page.locator('#f-firstName').fill(a.firstName);
  if (a.lastName) await page.locator('#f-lastName').fill(a.lastName);
  await page.locator('#f-street').fill(a.street);
  await page.locator('#f-houseNumber').fill(a.houseNumber);
  await page.locator('#f-postalCode').fill(a.postalCode);
  await page.locator('#f-city').fill(a.city);
}

test('the FAQ "Ma commande", first two paragraphs, literally: from "Passer commande" to the confirmation email', async () => {
  const page = await newPage(shop.browser);
  // "Lorsque vous êtes connecté avec votre compte client …"
  await login(page, 'shop', 'client@demo.comptoir.be');
  await page.waitForURL(/\/fr\/account$/);

  // "… et une fois votre choix de produits terminé": articles from two sellers.
  await addToCart(page, 'chemise-lin-oversize'); // Maison Lemaire
  await addToCart(page, 'salopette-velours'); // Petit Sablon
  await page.goto(`${shop.base}/fr/cart`);

  // "cliquez sur "Passer commande"".
  await page.getByRole('link', { name: 'Passer commande' }).click();
  await page.waitForURL(/\/fr\/checkout$/);
  await page.getByRole('heading', { level: 1, name: 'Passer commande' }).waitFor();
  // "Votre adresse de livraison et votre adresse de facturation par défaut … apparaissent."
  const billing = page.locator('section[aria-labelledby="billing-title"]');
  const delivery = page.locator('section[aria-labelledby="delivery-title"]');
  assert.match(await billing.innerText(), /Rue de la Loi 42/);
  assert.match(await delivery.innerText(), /livrés à votre adresse de facturation/);
  await screenshot(page, 'checkout-1-addresses-fr');

  // "Pour modifier votre adresse de facturation, cliquez sur "Modifier", tapez les modifications nécessaires puis cliquez sur "Enregistrer"."
  await billing.getByRole('link', { name: 'Modifier' }).click();
  await page.locator('#address-form').waitFor();
  await screenshot(page, 'checkout-2-edit-billing-fr');
  await page.locator('#f-houseNumber').fill('44');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.getByText('Adresse enregistrée.').waitFor();
  assert.match(await billing.innerText(), /Rue de la Loi 44/);

  // "Si vous souhaitez ajouter une nouvelle adresse, cliquez sur "Ajouter une nouvelle adresse" et sélectionnez cette nouvelle adresse."
  await billing.getByRole('link', { name: 'Ajouter une nouvelle adresse' }).click();
  await fillAddress(page, { firstName: 'Camille', lastName: 'Dubois', street: 'Avenue Louise', houseNumber: '120', postalCode: '1050', city: 'Ixelles' });
  await screenshot(page, 'checkout-3-new-billing-fr');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.getByText('Nouvelle adresse ajoutée et sélectionnée.').waitFor();
  assert.match(await billing.locator('.address-card.selected').innerText(), /Avenue Louise 120/);

  // "Si votre adresse de facturation et de livraison sont identiques, les modifications … seront également appliquées à votre adresse de livraison."
  assert.match(await delivery.innerText(), /livrés à votre adresse de facturation/);

  // "… cliquez sur "Utiliser une adresse différente comme adresse de livraison". Vous pouvez alors … ajouter une nouvelle adresse de livraison et la sélectionner."
  await delivery.getByRole('button', { name: 'Utiliser une adresse différente comme adresse de livraison' }).click();
  await delivery.getByRole('link', { name: 'Ajouter une nouvelle adresse' }).click();
  await fillAddress(page, { firstName: 'Camille', lastName: 'Dubois', street: 'Grote Markt', houseNumber: '1', postalCode: '9000', city: 'Gent' });
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.getByText('Nouvelle adresse ajoutée et sélectionnée.').waitFor();
  assert.match(await delivery.locator('.address-card.selected').innerText(), /Grote Markt 1/);
  assert.match(await billing.locator('.address-card.selected').innerText(), /Avenue Louise 120/);
  await screenshot(page, 'checkout-4-two-addresses-fr');

  // Delivery per seller, then the summary.
  await page.getByRole('link', { name: 'Continuer vers la livraison' }).click();
  await page.getByRole('heading', { name: /Colis de Maison Lemaire/ }).waitFor();
  await page.getByRole('heading', { name: /Colis de Petit Sablon/ }).waitFor();
  assert.equal(await page.getByText(/Livraison estimée entre le/).count(), 2);
  await screenshot(page, 'checkout-5-delivery-fr');
  await page.getByRole('link', { name: 'Continuer vers le récapitulatif' }).click();
  await page.getByRole('heading', { name: 'Adresses' }).waitFor();

  // One page in Dutch, looked at; then back to French.
  await page.goto(`${shop.base}/nl/checkout/summary`);
  await page.getByRole('heading', { level: 1, name: 'Bestellen' }).waitFor();
  await screenshot(page, 'checkout-6-summary-nl');
  await page.goto(`${shop.base}/fr/checkout/summary`);
  await screenshot(page, 'checkout-6-summary-fr');
  const payButton = page.getByRole('button', { name: /^Payer / });
  const amount = (await payButton.innerText()).replace(/^Payer\s+/, '');

  // Pay with a sandbox test card on the provider's page.
  await payButton.click();
  await page.getByRole('heading', { name: 'Paiement sécurisé' }).waitFor();
  assert.ok(await page.getByText(amount).first().isVisible(), `the provider asks for ${amount}`);
  await page.getByLabel('Visa').check();
  await page.getByLabel('Numéro de carte').fill('4242 4242 4242 4242');
  await page.getByRole('button', { name: /^Payer/ }).click();

  // Back in the shop: the confirmation, linking to the order in "Mes Commandes".
  await page.waitForURL(/\/fr\/checkout\/confirmation\/C-\d{4}-\d{6}$/);
  await page.getByRole('heading', { name: 'Merci pour votre commande !' }).waitFor();
  const number = /C-\d{4}-\d{6}/.exec(page.url())![0];
  assert.ok(await page.getByText(`Votre commande ${number} est payée et confirmée.`).isVisible());
  assert.equal(await page.getByRole('link', { name: 'Voir la commande' }).getAttribute('href'), `/fr/account/orders/${number}`);
  assert.ok(await page.getByRole('link', { name: 'Mes Commandes' }).first().isVisible());
  assert.ok(await page.getByText(`Commande ${number}-1`).isVisible());
  assert.ok(await page.getByText(`Commande ${number}-2`).isVisible());
  assert.ok(await page.getByText(/plus possible de modifier l’adresse de livraison/).isVisible());
  // No back-office rule reaches the page: the operator's email verdict was once styled as
  // `.confirmation`, the class of this page, and drew a grey bar down its left side.
  assert.equal(await page.locator('.checkout.confirmation').evaluate((el) => getComputedStyle(el).borderLeftWidth), '0px');
  await screenshot(page, 'checkout-7-confirmation-fr');

  // The confirmation email in the mailbox, in French, with the lines per seller and the addresses.
  const mail = await shop.smtp.waitFor((m) => m.to.includes('client@demo.comptoir.be') && m.subject === `Votre commande ${number} est confirmée`, 20_000);
  for (const s of ['Maison Lemaire', 'Petit Sablon', 'Grote Markt 1', 'Avenue Louise 120', amount.replace(/\s/g, ' '), `/fr/account/orders/${number}`]) {
    assert.ok(mail.text.replace(/\s/g, ' ').includes(s.replace(/\s/g, ' ')), `the email mentions ${s}`);
  }
  assert.match(mail.html, new RegExp(`href="[^"]*/fr/account/orders/${number}"`));
  // And each seller is told.
  await shop.smtp.waitFor((m) => m.subject === `Nouvelle commande ${number}-1`);
  await shop.smtp.waitFor((m) => m.subject === `Nouvelle commande ${number}-2`);

  // "Voir la commande" opens it in "Mes Commandes", with the delivery address frozen.
  await page.getByRole('link', { name: 'Voir la commande' }).click();
  await page.waitForURL(new RegExp(`/fr/account/orders/${number}$`));
  assert.match(await page.locator('main').innerText(), /Grote Markt 1/);
});

test('a refused card: the customer is told, nothing is paid, the cart is still there', async () => {
  const page = await newPage(shop.browser, { width: 375 });
  await login(page, 'shop', 'client@demo.comptoir.be');
  await page.waitForURL(/\/fr\/account$/);
  await addToCart(page, 'chemise-lin-oversize');
  await page.goto(`${shop.base}/fr/checkout/summary`);
  await screenshot(page, 'checkout-summary-375-fr');
  await page.getByRole('button', { name: /^Payer / }).click();
  await page.getByLabel('Visa').check();
  await page.getByLabel('Numéro de carte').fill('4000 0000 0000 0002');
  await page.getByRole('button', { name: /^Payer/ }).click();
  await page.waitForURL(/\/fr\/checkout\/return\//);
  await screenshot(page, 'checkout-refused-375-fr');
  await page.getByRole('heading', { name: 'Le paiement n’a pas abouti' }).waitFor();
  await page.getByRole('link', { name: 'Retour au panier' }).click();
  await page.waitForURL(/\/fr\/cart$/);
  assert.ok(await page.getByText(/Chemise oversize en lin/).first().isVisible());
});
