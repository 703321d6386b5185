import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_PASSWORD, login, newPage, screenshot, startShop } from './harness.js';

const shop = await startShop();

test('the demo customer logs in with "Connexion" and sees the account page', async () => {
  const page = await newPage(shop.browser);
  await page.goto(`${shop.base}/fr/`);
  assert.ok((await page.locator('.product-card').count()) >= 12, 'the home page shows products');
  // Once in view, a picture loads (a broken path would leave naturalWidth at 0).
  await page.locator('.product-card img').first().scrollIntoViewIfNeeded();
  await page.waitForFunction(() => {
    const img = document.querySelector<HTMLImageElement>('.product-card img');
    return !!img && img.complete && img.naturalWidth > 0;
  }, undefined, { timeout: 5000 });
  await screenshot(page, 'home-fr');
  await page.getByRole('link', { name: 'Connexion' }).click();
  await page.getByLabel('Adresse e-mail').fill('client@demo.comptoir.be');
  await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Connexion' }).click();
  await page.waitForURL(/\/fr\/$/);
  await page.goto(`${shop.base}/fr/account`);
  await page.getByRole('heading', { name: 'Bonjour Camille' }).waitFor();
  assert.ok(await page.getByRole('link', { name: 'Mes Commandes' }).first().isVisible());
  await screenshot(page, 'account-fr');
});

test('the demo seller and the demo customer-service operator log in to their back offices', async () => {
  const page = await newPage(shop.browser);
  await login(page, 'seller', 'vendeur@demo.comptoir.be');
  await page.getByRole('heading', { name: /Bonjour/ }).waitFor();
  await screenshot(page, 'seller-dashboard');

  // The admin must enrol a second factor first (e2e/customer-service.test.ts); customer service need not.
  await login(page, 'admin', 'service@demo.comptoir.be');
  await page.getByRole('heading', { name: /Bonjour/ }).waitFor();
  await page.goto(`${shop.base}/admin/emails`);
  await page.getByRole('heading', { name: 'Emails envoyés' }).waitFor();
});
