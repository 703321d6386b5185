import assert from 'node:assert/strict';
import { test } from 'node:test';
import { and, desc, eq } from 'drizzle-orm';
import { customers } from '../src/modules/accounts/schema.js';
import { base32Decode, hotp, stepAt } from '../src/modules/backoffice/totp.js';
import { offers } from '../src/modules/catalog/schema.js';
import { queueOrderEmails } from '../src/modules/checkout/emails.js';
import { emails } from '../src/modules/notifications/schema.js';
import { makePaidOrder } from '../tests/helpers/factories.js';
import { DEMO_PASSWORD, login, newPage, screenshot, startShop } from './harness.js';

const shop = await startShop();
const db = shop.deps.db;

async function until<T>(what: string, read: () => Promise<T | null | undefined>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await read();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

test('"I did not receive the confirmation email": customer service finds the customer, sees why, sends it again', async (t) => {
  // Whatever happens below, the next tests get a mail server that accepts mail.
  t.after(() => shop.smtp.refuse(false));
  // A paid order of the demo customer whose confirmation the mail server refused.
  const [customer] = await db.select().from(customers).where(eq(customers.email, 'client@demo.comptoir.be'));
  const [offer] = await db.select().from(offers).where(eq(offers.active, true)).limit(1);
  shop.smtp.refuse(true);
  const order = await makePaidOrder(db, { customer: customer!, lines: [{ offer: offer! }] });
  await db.transaction((tx) => queueOrderEmails(shop.deps, tx, order.order.id));
  const confirmation = () => db.select().from(emails).where(and(eq(emails.orderId, order.order.id), eq(emails.kind, 'order_confirmation'))).orderBy(desc(emails.createdAt));
  // A 5xx answer is final: the email is marked bounced at once, not retried (decision in notifications/emails.ts).
  await until('the refused delivery', async () => (await confirmation()).find((e) => e.status === 'bounced'));

  const page = await newPage(shop.browser);
  await login(page, 'admin', 'service@demo.comptoir.be');
  await page.getByRole('heading', { name: /Bonjour/ }).waitFor();
  await screenshot(page, 'cs-1-dashboard');

  // The customer gives their email address on the phone.
  await page.getByLabel('E-mail, nom, téléphone ou numéro').fill('client@demo.comptoir.be');
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await screenshot(page, 'cs-2-search');
  await page.getByRole('link', { name: new RegExp(customer!.lastName) }).first().click();
  await page.getByRole('heading', { name: new RegExp(`${customer!.firstName} ${customer!.lastName}`) }).waitFor();

  // At once: the order is there, its confirmation failed, and why.
  const row = page.locator('table.orders tr', { hasText: order.order.number });
  await row.getByText('Rejeté par le serveur de client@demo.comptoir.be').waitFor();
  assert.match(await row.innerText(), /550 5\.1\.1 Mailbox unavailable/);
  // "Compte" and "Adresses" side by side start on one line (the rule spacing stacked sections once
  // pushed the second card down).
  const tops = await page.locator('.cs-columns > section').evaluateAll((els) => els.map((el) => Math.round(el.getBoundingClientRect().top)));
  assert.equal(tops.length, 2);
  assert.equal(tops[0], tops[1]);
  await screenshot(page, 'cs-3-customer-failed');

  // The mail server accepts mail again; "Renvoyer".
  shop.smtp.refuse(false);
  await row.getByRole('button', { name: 'Renvoyer' }).click();
  await page.getByText('E-mail renvoyé à client@demo.comptoir.be.').waitFor();
  const resent = await until('the resent email row', async () => (await confirmation()).find((e) => !e.dedupeKey.endsWith(order.order.id)));
  const mail = await shop.smtp.waitFor((m) => m.raw.messageId === `<${resent.id}@comptoir.local>`);
  assert.match(mail.subject, new RegExp(order.order.number));
  assert.ok(mail.to.includes('client@demo.comptoir.be'));
  await until('the resend to be marked sent', async () => (await confirmation()).find((e) => e.id === resent.id && e.status === 'sent'));
  await page.reload();
  await page.locator('table.orders tr', { hasText: order.order.number }).getByText(/Envoyé le/).waitFor();
  await screenshot(page, 'cs-4-customer-sent');

  // The order's page tells the whole story, resend included, with who did it.
  await page.getByRole('link', { name: order.order.number }).first().click();
  await page.getByRole('heading', { name: `Commande ${order.order.number}` }).first().waitFor();
  const history = await page.locator('table.timeline').innerText();
  assert.match(history, /E-mail renvoyé/);
  assert.match(history, /Nicolas Wouters/, 'the operator who resent it');
  await screenshot(page, 'cs-5-order-timeline');

  const phone = await newPage(shop.browser, { width: 390 });
  await phone.context().addCookies(await page.context().cookies());
  await phone.goto(page.url());
  await screenshot(phone, 'cs-6-order-phone');
  assert.ok(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), 'no sideways scroll on a phone');
});

test('the demo admin enrols a second factor at first login, then manages sellers, operators, settings and the audit log', async () => {
  const page = await newPage(shop.browser);
  await page.goto(`${shop.base}/admin`);
  await page.getByLabel('Adresse e-mail').fill('admin@demo.comptoir.be');
  await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Connexion' }).click();
  await page.getByRole('heading', { name: 'Activer la double authentification' }).waitFor();
  await screenshot(page, 'admin-1-enrol');
  const key = base32Decode((await page.locator('[data-totp-key]').innerText()).trim())!;
  await page.getByLabel('Code à 6 chiffres').fill(hotp(key, stepAt(Date.now())));
  await page.getByRole('button', { name: 'Activer' }).click();
  await page.getByRole('heading', { name: 'Vos codes de récupération' }).waitFor();
  assert.equal(await page.locator('.recovery-codes li').count(), 10);
  await screenshot(page, 'admin-2-recovery-codes');
  await page.getByRole('link', { name: 'Continuer' }).click();
  await page.getByRole('heading', { name: /Bonjour Sophie/ }).waitFor();

  await page.goto(`${shop.base}/admin/sellers`);
  await page.getByRole('heading', { name: 'Vendeurs' }).waitFor();
  await screenshot(page, 'admin-3-sellers');
  await page.getByRole('link', { name: 'Maison Lemaire' }).click();
  await page.getByRole('heading', { name: /Maison Lemaire/ }).waitFor();
  await screenshot(page, 'admin-4-seller');
  await page.getByLabel('Raison (communiquée au vendeur)').fill('Test de suspension.');
  await page.getByRole('button', { name: 'Suspendre' }).click();
  await page.getByText('Vendeur suspendu').waitFor();
  await page.getByRole('button', { name: 'Réactiver' }).click();
  await page.getByText('Vendeur réactivé').waitFor();

  await page.goto(`${shop.base}/admin/sellers/new`);
  await screenshot(page, 'admin-5-new-seller');
  await page.goto(`${shop.base}/admin/operators`);
  await screenshot(page, 'admin-6-operators');
  await page.goto(`${shop.base}/admin/settings`);
  await page.getByLabel('Acceptation par le vendeur (jours après le paiement)').fill('3');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.getByText('Réglages enregistrés.').waitFor();
  await screenshot(page, 'admin-7-settings');
  await page.goto(`${shop.base}/admin/audit`);
  const log = await page.locator('table.audit').innerText();
  assert.match(log, /settings\.deadlines/);
  assert.match(log, /seller\.suspend/);
  assert.match(log, /Sophie Martin/);
  await screenshot(page, 'admin-8-audit');
});

test('a shop owner invites a colleague in "Équipe" and turns on the second factor in "Sécurité"', async () => {
  const page = await newPage(shop.browser);
  await login(page, 'seller', 'vendeur@demo.comptoir.be');
  await page.getByRole('link', { name: 'Équipe' }).click();
  await page.getByLabel('E-mail *').fill('nouvelle.collegue@example.test');
  await page.getByRole('button', { name: 'Inviter' }).click();
  await page.getByText('Invitation envoyée à nouvelle.collegue@example.test.').waitFor();
  await screenshot(page, 'seller-team');
  const invitation = await shop.smtp.waitFor((m) => m.to.includes('nouvelle.collegue@example.test'));
  assert.match(invitation.text, /\/vendeur\/invitation\?token=/);

  await page.getByRole('link', { name: 'Sécurité' }).click();
  await page.getByRole('link', { name: 'Activer la double authentification' }).click();
  const key = base32Decode((await page.locator('[data-totp-key]').innerText()).trim())!;
  await page.getByLabel('Code à 6 chiffres').fill(hotp(key, stepAt(Date.now())));
  await page.getByRole('button', { name: 'Activer' }).click();
  await page.getByRole('heading', { name: 'Vos codes de récupération' }).waitFor();
  await page.getByRole('link', { name: 'Continuer' }).click();
  await page.getByText('Codes de récupération restants : 10').waitFor();
  await screenshot(page, 'seller-security');
});
