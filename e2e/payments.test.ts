import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { getPayment, onPaymentFailed, onPaymentPaid, startPayment } from '../src/modules/payments/service.js';
import { newPage, screenshot, startShop } from './harness.js';

const shop = await startShop();
const { deps } = shop;
// These payments belong to no real order: the checkout's settlement hooks are not part of this test.
onPaymentPaid.splice(0);
onPaymentFailed.splice(0);

async function start(locale: 'fr' | 'nl' | 'en', amountCents = 8990) {
  const r = await deps.db.transaction((tx) =>
    startPayment(deps, tx, {
      orderId: randomUUID(),
      amountCents,
      description: `Commande C-2026-${String(amountCents).padStart(6, '0')}`,
      locale,
      returnUrl: `${shop.base}/${locale}/help?payment={paymentId}`,
      idempotencyKey: randomUUID(),
    }),
  );
  assert.ok(r.ok);
  return r;
}

async function waitForStatus(id: string, status: string, ms = 15_000) {
  const end = Date.now() + ms;
  for (;;) {
    const p = await getPayment(deps, id);
    if (p?.status === status) return p;
    if (Date.now() > end) throw new Error(`payment ${id} is ${p?.status}, expected ${status}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('a customer pays on the sandbox page with the 3-D Secure card and comes back to the shop; the notification marks it paid', async () => {
  const s = await start('fr');
  const page = await newPage(shop.browser);
  await page.goto(`${shop.base}${s.redirectUrl}`);
  await page.getByRole('heading', { name: 'Paiement sécurisé' }).waitFor();
  assert.ok(await page.getByText('89,90 €').first().isVisible());
  await screenshot(page, 'sandbox-pay-fr');
  await page.getByLabel('Visa').check();
  await page.getByLabel('Numéro de carte').fill('4111 1111 1111 1111');
  await page.getByRole('button', { name: /Payer 89,90/ }).click();
  await page.getByText('n’accepte que les cartes de test').waitFor();
  assert.equal(await page.getByLabel('Numéro de carte').inputValue(), '4111 1111 1111 1111');
  await screenshot(page, 'sandbox-pay-error-fr');
  await page.getByLabel('Numéro de carte').fill('4000 0000 0000 3220');
  await page.getByRole('button', { name: /Payer 89,90/ }).click();
  await page.getByRole('heading', { name: 'Confirmez votre paiement' }).waitFor();
  await screenshot(page, 'sandbox-challenge-fr');
  await page.getByLabel('Code de confirmation').fill('123456');
  await page.getByRole('button', { name: 'Confirmer' }).click();
  await page.waitForURL(new RegExp(`/fr/help\\?payment=${s.payment.id}$`));
  const paid = await waitForStatus(s.payment.id, 'paid'); // the worker delivered the signed notification
  assert.equal(paid.method, 'visa');
});

test('on a phone, in Dutch: a refused Bancontact card sends the customer back with a failed payment', async () => {
  const s = await start('nl', 2450);
  const page = await newPage(shop.browser, { width: 320 });
  await page.goto(`${shop.base}${s.redirectUrl}`);
  await page.getByRole('heading', { name: 'Veilig betalen' }).waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  assert.equal(overflow, false, 'no horizontal scrolling at 320 px');
  await page.getByLabel('Bancontact').check();
  await page.getByLabel('Kaartnummer').fill('6703 0000 0000 0007');
  await screenshot(page, 'sandbox-pay-nl-320');
  await page.getByRole('button', { name: /betalen/ }).click();
  await page.waitForURL(/\/nl\/help\?payment=/);
  const failed = await waitForStatus(s.payment.id, 'failed');
  assert.equal(failed.failureCode, 'refused');
});

test('the late-answer card: back in the shop at once, paid about 5 seconds later', async () => {
  const s = await start('en', 1999);
  const page = await newPage(shop.browser);
  await page.goto(`${shop.base}${s.redirectUrl}`);
  await page.getByLabel('Visa').check();
  await page.getByLabel('Card number').fill('4000 0000 0000 0077');
  const clicked = Date.now();
  await page.getByRole('button', { name: /Pay/ }).click();
  await page.waitForURL(/\/en\/help\?payment=/);
  assert.equal((await getPayment(deps, s.payment.id))!.status, 'pending');
  await page.goto(`${shop.base}${s.redirectUrl}`);
  await page.getByRole('heading', { name: 'Payment being processed' }).waitFor();
  await screenshot(page, 'sandbox-processing-en');
  await waitForStatus(s.payment.id, 'paid', 20_000);
  assert.ok(Date.now() - clicked >= 4000);
});
