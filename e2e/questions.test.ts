import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { login, newPage, screenshot, startShop } from './harness.js';

const shop = await startShop();

// A product only the demo seller (Maison Lemaire) sells, with several variants: the product page shows its offer.
const found = await shop.deps.db.execute<{ slug: string; title: string }>(sql`
  select p.slug, p.title->>'fr' as title
  from products p
  join variants v on v.product_id = p.id
  join offers o on o.variant_id = v.id and o.active
  join sellers s on s.id = o.seller_id
  group by p.id
  having bool_and(s.slug = 'maison-lemaire') and count(distinct v.id) > 1
  order by p.slug
  limit 1`);
const product = found.rows[0]!;

test('FAQ, last paragraph: product page → "Poser une question sur ce produit" → "Connexion" → question → the seller answers → "Mes messages"', async () => {
  assert.ok(product, 'the demo seed has a product sold by Maison Lemaire only');
  const customer = await newPage(shop.browser);
  await customer.goto(`${shop.base}/fr/p/${product.slug}`);
  await customer.getByRole('link', { name: 'Poser une question sur ce produit' }).click();

  // Not logged in: "Connexion" with email and password, then back to the question form.
  await customer.getByRole('heading', { name: 'Connexion' }).waitFor();
  await login(customer, 'shop', 'client@demo.comptoir.be');
  await customer.getByRole('heading', { name: 'Poser une question sur ce produit' }).waitFor();
  assert.ok(await customer.locator('.question-product img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), 'the product picture loads');
  assert.match(customer.url(), new RegExp(`/fr/p/${product.slug}/question\\?offer=`));
  assert.match(await customer.locator('.sold-by').innerText(), /Vendu et expédié par Maison Lemaire/);
  const chosenVariant = await customer.getByLabel('Couleur et taille').evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent ?? '');
  assert.notEqual(chosenVariant, 'Pas de variante précise', 'the variant shown on the product page is filled in');
  await customer.getByLabel('Sujet').selectOption({ label: 'Disponibilité dans une autre couleur ou taille' });
  await customer.getByLabel('Votre message').fill('Bonjour, ce modèle existe-t-il dans une autre couleur, en taille L ?\nMerci !');
  await screenshot(customer, 'question-form');
  await customer.getByRole('button', { name: 'Envoyer la question' }).click();
  await customer.getByText('Votre question a été envoyée à Maison Lemaire').waitFor();
  assert.match(customer.url(), /\/fr\/account\/messages\/[0-9a-f-]{36}$/);
  await screenshot(customer, 'question-sent');

  // The demo seller answers in /vendeur, attaching a variant.
  const seller = await newPage(shop.browser);
  await login(seller, 'seller', 'vendeur@demo.comptoir.be');
  await seller.getByRole('link', { name: /Questions clients/ }).click();
  await seller.getByRole('heading', { name: /En attente de votre réponse/ }).waitFor();
  await screenshot(seller, 'seller-questions');
  await seller.locator('table.data').first().getByRole('link', { name: product.title }).click();
  await seller.getByText('ce modèle existe-t-il dans une autre couleur').waitFor();
  await seller.getByLabel('Votre réponse au client').fill('Bonjour Camille, oui : il existe aussi dans cette variante, voyez https://www.comptoir.be/aide.');
  const select = seller.getByLabel('Joindre une variante (facultatif)');
  const options = await select.locator('option').allInnerTexts();
  const attached = options[options.length - 1]!;
  await select.selectOption({ label: attached });
  await screenshot(seller, 'seller-thread');
  await seller.getByRole('button', { name: 'Envoyer la réponse' }).click();
  await seller.getByText('Réponse envoyée').waitFor();

  // The customer gets an email and reads the answer in "Mes messages" (unread count in the header).
  const mail = await shop.smtp.waitFor((m) => m.to.includes('client@demo.comptoir.be') && m.subject.startsWith('Réponse de Maison Lemaire'));
  assert.match(mail.text, /oui : il existe aussi dans cette variante/);
  await customer.goto(`${shop.base}/fr/`);
  await customer.getByRole('link', { name: /Mes messages 1 non lu/ }).click();
  await customer.getByRole('heading', { name: 'Mes messages' }).waitFor();
  assert.ok(await customer.getByText('Nouveau message').isVisible());
  await screenshot(customer, 'my-messages');
  await customer.locator('.thread-list a').first().click();
  await customer.getByText('Maison Lemaire (vendeur)').waitFor();
  const link = customer.getByRole('link', { name: 'https://www.comptoir.be/aide' });
  assert.equal(await link.getAttribute('rel'), 'nofollow noopener noreferrer ugc');
  assert.equal(await customer.locator('.user-nav .badge-link').count(), 0, 'read: no unread count left in the header');
  await screenshot(customer, 'customer-thread');
  await customer.getByRole('link', { name: 'Voir cette variante' }).click();
  await customer.waitForURL(new RegExp(`/fr/p/${product.slug}\\?colour=.+&size=.+`));

  // Both sides can continue the thread.
  await customer.goBack();
  await customer.getByLabel('Votre réponse').fill('Parfait, merci !');
  await customer.getByRole('button', { name: 'Envoyer' }).click();
  await customer.getByText('Message envoyé.').waitFor();
  await customer.getByText('Parfait, merci !').waitFor();

  // The same form on a phone.
  const phone = await newPage(shop.browser, { width: 320 });
  await phone.context().addCookies(await customer.context().cookies());
  await phone.goto(customer.url());
  await screenshot(phone, 'customer-thread-320');
  assert.ok(await phone.evaluate(() => Array.from(document.querySelectorAll('.conversation, .reply-form, .thread-head')).every((e) => e.getBoundingClientRect().right <= 320)), 'the conversation fits in 320 px');

  // Customer service reads every thread and the answer times (admins must first enrol a second
  // factor: e2e/customer-service.test.ts covers that).
  const op = await newPage(shop.browser);
  await login(op, 'admin', 'service@demo.comptoir.be');
  await op.getByRole('link', { name: /^Messages/ }).click();
  await op.getByRole('heading', { name: /Temps de réponse des vendeurs/ }).waitFor();
  assert.match(await op.locator('table.data').first().innerText(), /Maison Lemaire/);
  await screenshot(op, 'operator-messages');
});
