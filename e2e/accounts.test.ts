import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { newPage, screenshot, startShop } from './harness.js';

const shop = await startShop();

async function fillAddress(page: Page, a: Record<string, string>) {
  for (const [label, value] of Object.entries(a)) {
    if (label === 'Pays') await page.getByRole('combobox', { name: label }).selectOption(value);
    else await page.getByRole('textbox', { name: label, exact: true }).fill(value);
  }
}

test('sign up, log out, "Connexion", two addresses with different defaults, "Modifier" then "Enregistrer"', async () => {
  const page = await newPage(shop.browser);
  const email = `lou-${Date.now()}@example.test`;
  const password = 'Un-mot-de-passe-solide';

  // Sign up from "Connexion".
  await page.goto(`${shop.base}/fr/`);
  await page.getByRole('link', { name: 'Connexion' }).click();
  await page.getByRole('link', { name: 'Créer un compte' }).click();
  await page.getByLabel('Prénom').fill('Lou');
  await page.getByRole('textbox', { name: 'Nom', exact: true }).fill('Peeters');
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByLabel('Je souhaite recevoir').check();
  await screenshot(page, 'accounts-register-fr');
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await page.getByRole('heading', { name: 'Vérifiez votre boîte de réception' }).waitFor();

  // The confirmation email, really sent over SMTP.
  const mail = await shop.smtp.waitFor((m) => m.to.includes(email));
  assert.equal(mail.subject, 'Confirmez votre adresse e-mail');
  const link = /(http:\/\/\S+\/fr\/register\/confirm\?token=[\w-]+)/.exec(mail.text)?.[1];
  assert.ok(link, 'the email carries the confirmation link');
  await page.goto(link.replace(/^http:\/\/[^/]+/, shop.base));
  await page.getByRole('button', { name: 'Activer mon compte' }).click();
  await page.getByText('Bienvenue ! Votre compte est créé.').waitFor();
  // Back to the page the visitor came from (the home page).
  assert.equal(new URL(page.url()).pathname, '/fr/');

  // Log out, then "Connexion".
  await page.goto(`${shop.base}/fr/account`);
  await page.getByRole('heading', { name: 'Bonjour Lou' }).waitFor();
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await page.getByText('Vous êtes déconnecté.').waitFor();
  await page.getByRole('link', { name: 'Connexion' }).click();
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Connexion' }).click();
  await page.waitForURL(/\/fr\/$/);

  // "Mes adresses": add two addresses.
  await page.getByRole('link', { name: 'Mon compte' }).click();
  await page.locator('.account-menu').getByRole('link', { name: 'Mes adresses' }).click();
  await page.getByText('Vous n’avez pas encore d’adresse.').waitFor();
  await page.getByRole('link', { name: 'Ajouter une nouvelle adresse' }).click();
  await fillAddress(page, { Prénom: 'Lou', Nom: 'Peeters', Rue: 'Rue Neuve', Numéro: '12', 'Code postal': '100', Localité: 'Bruxelles', Pays: 'BE' });
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  // A wrong postal code: the error beside the field, everything typed kept.
  await page.getByText('Un code postal belge compte 4 chiffres (par exemple 1000).').waitFor();
  assert.equal(await page.getByLabel('Rue').inputValue(), 'Rue Neuve');
  await screenshot(page, 'accounts-address-error-fr');
  await page.getByLabel('Code postal').fill('1000');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.getByText('Adresse ajoutée.').waitFor();

  await page.getByRole('link', { name: 'Ajouter une nouvelle adresse' }).click();
  await fillAddress(page, { Prénom: 'Lou', Nom: 'Peeters', 'Société (facultatif)': 'Atelier Lou', Rue: 'Kerkstraat', Numéro: '7', 'Boîte (facultatif)': '2', 'Code postal': '9000', Localité: 'Gent', Pays: 'BE', 'Téléphone (facultatif)': '0470 12 34 56' });
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.getByText('Adresse ajoutée.').waitFor();

  // The first is both defaults; make the second the default delivery address.
  const cards = page.locator('.address-card');
  assert.equal(await cards.count(), 2);
  const first = cards.filter({ hasText: 'Rue Neuve' });
  const second = cards.filter({ hasText: 'Kerkstraat' });
  await second.getByRole('button', { name: 'Utiliser pour la livraison' }).click();
  await page.getByText('Vos adresses par défaut sont enregistrées.').waitFor();
  assert.ok(await first.getByText('Adresse de facturation par défaut').isVisible());
  assert.equal(await first.getByText('Adresse de livraison par défaut').count(), 0);
  assert.ok(await second.getByText('Adresse de livraison par défaut').isVisible());
  assert.equal(await second.getByText('Adresse de facturation par défaut').count(), 0);

  // "Modifier" then "Enregistrer".
  await first.getByRole('link', { name: 'Modifier' }).click();
  assert.equal(await page.getByLabel('Rue').inputValue(), 'Rue Neuve');
  await page.getByRole('textbox', { name: 'Numéro', exact: true }).fill('14');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.getByText('Adresse enregistrée.').waitFor();
  assert.ok(await page.locator('.address-card').filter({ hasText: 'Rue Neuve 14' }).isVisible());
  await screenshot(page, 'accounts-addresses-fr');

  // The same page in Dutch, with the marketplace's own labels.
  await page.getByRole('link', { name: 'Nederlands' }).click();
  await page.getByRole('heading', { name: 'Mijn adressen' }).waitFor();
  assert.ok(await page.getByRole('link', { name: 'Voeg een nieuw adres toe' }).isVisible());
  assert.equal(await page.getByRole('link', { name: 'Bewerk' }).count(), 2);
  assert.ok(await page.getByText('Standaard leveringsadres').isVisible());
  await screenshot(page, 'accounts-addresses-nl');

  // On a phone.
  const phone = await newPage(shop.browser, { width: 375 });
  await phone.context().addCookies(await page.context().cookies());
  await phone.goto(`${shop.base}/fr/account/addresses`);
  await phone.getByRole('heading', { name: 'Mes adresses' }).waitFor();
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling at 375 px (overflow ${overflow} px)`);
  await screenshot(phone, 'accounts-addresses-fr-phone');
  await phone.goto(`${shop.base}/fr/account/addresses/new`);
  await screenshot(phone, 'accounts-address-form-fr-phone');

  // Profile and privacy pages, for the eye.
  await page.goto(`${shop.base}/fr/account/profile`);
  await page.getByText(/Accord donné le/).waitFor();
  await screenshot(page, 'accounts-profile-fr');
  await page.goto(`${shop.base}/fr/account/privacy`);
  await screenshot(page, 'accounts-privacy-fr');
});
