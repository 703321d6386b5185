import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { createAddress, setDefaults } from '../src/modules/accounts/addresses.js';
import { addresses, customers } from '../src/modules/accounts/schema.js';
import { Agent } from './helpers/agent.js';
import { testEnv } from './helpers/app.js';
import { hidden, shopper } from './helpers/checkout.js';
import { makeProduct, makeSeller } from './helpers/factories.js';

const env = await testEnv();
const { app, deps } = env;
const db = deps.db;

const sellerA = await makeSeller(db, { name: 'Maison Dupont', shippingFeeCents: 495, freeShippingFromCents: 5000 });
const sellerB = await makeSeller(db, { name: 'Atelier Peeters', shippingFeeCents: 390, freeShippingFromCents: null });
const shirt = await makeProduct(db, { sellerId: sellerA.id, title: 'Chemise en lin', brand: 'Lino', priceCents: 2500, stock: 50 });
const mug = await makeProduct(db, { sellerId: sellerB.id, title: 'Tasse en grès', brand: 'Terra', priceCents: 1200, stock: 50 });
const items = [{ offerId: shirt.variants[0]!.offer.id }, { offerId: mug.variants[0]!.offer.id, quantity: 2 }];

const ADDRESS = { firstName: 'Anne', lastName: 'Janssens', company: '', vatNumber: '', street: 'Rue Haute', houseNumber: '5', box: '', postalCode: '1000', city: 'Bruxelles', country: 'BE' as const, phone: '' };
const addressOf = async (id: string) => (await db.select().from(addresses).where(eq(addresses.id, id)))[0]!;
const defaultsOf = async (id: string) => (await db.select().from(customers).where(eq(customers.id, id)))[0]!;
/** The text of one section of the addresses page (billing or delivery). */
const section = (html: string, id: 'billing-title' | 'delivery-title') => {
  const start = html.indexOf(`id="${id}"`);
  const end = id === 'billing-title' ? html.indexOf('id="delivery-title"') : html.indexOf('class="checkout-nav"', start);
  return html.slice(start, end);
};

describe('"Passer commande" needs "Connexion"', () => {
  test('an anonymous visitor is sent to "Connexion" and comes back to the checkout', async () => {
    const { customer } = await shopper(env, { items });
    const a = new Agent(app);
    const res = await a.get('/fr/checkout');
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/fr/login?returnTo=%2Ffr%2Fcheckout');
    const form = await a.get(String(res.headers.location));
    const login = await a.post('/fr/login', { email: customer.email, password: customer.password, returnTo: hidden(form.body, 'returnTo') });
    assert.equal(login.headers.location, '/fr/checkout');
    const page = await a.get('/fr/checkout');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>Passer commande<\/h1>/);
  });

  test('with an empty cart, the checkout sends back to the cart with a sentence', async () => {
    const { agent } = await shopper(env, { items: [] });
    const res = await agent.get('/fr/checkout');
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/fr/cart');
  });
});

describe('the default addresses of "Mes adresses" appear', () => {
  test('one address for both: the billing card with "Modifier", delivery to the same address', async () => {
    const { agent, customer } = await shopper(env, { items });
    const page = await agent.get('/fr/checkout');
    const billing = section(page.body, 'billing-title');
    assert.match(billing, /Adresse de facturation/);
    assert.match(billing, /Rue Neuve 12/);
    assert.match(billing, /Sélectionnée/);
    assert.match(billing, /href="\/fr\/checkout\?edit=billing#address-form">Modifier</);
    assert.match(billing, /Ajouter une nouvelle adresse/);
    const delivery = section(page.body, 'delivery-title');
    assert.match(delivery, /livrés à votre adresse de facturation/);
    assert.match(delivery, /Utiliser une adresse différente comme adresse de livraison/);
    assert.ok(customer.address);
  });

  test('two different defaults: both cards are shown, each selected for its role', async () => {
    const { agent, customer } = await shopper(env, { items });
    const other = await db.transaction(async (tx) => {
      const r = await createAddress(tx, customer.id, { ...ADDRESS, company: null, vatNumber: null, box: null, phone: null, street: 'Meir', houseNumber: '50', postalCode: '2000', city: 'Antwerpen', country: 'BE' });
      assert.ok(r.ok);
      await setDefaults(tx, customer.id, { deliveryId: r.address.id });
      return r.address;
    });
    const page = await agent.get('/fr/checkout');
    assert.match(section(page.body, 'billing-title'), /Rue Neuve 12/);
    const delivery = section(page.body, 'delivery-title');
    assert.match(delivery, /Meir 50/);
    assert.match(delivery, /2000 Antwerpen/);
    assert.match(delivery, /href="\/fr\/checkout\?edit=delivery#address-form">Modifier</);
    assert.ok(other.id);
  });

  test('in Dutch the FAQ labels are the marketplace’s own', async () => {
    const { agent } = await shopper(env, { items });
    const page = await agent.get('/nl/checkout');
    assert.match(page.body, /<h1>Bestellen<\/h1>/);
    assert.match(page.body, />Bewerk</);
    assert.match(page.body, /Voeg een nieuw adres toe/);
    assert.match(page.body, /Gebruik een ander adres als leveringsadres/);
  });
});

describe('"Modifier" then "Enregistrer" on the billing address', () => {
  test('the form opens filled in; "Enregistrer" saves it in "Mes adresses" and, being the same address, in the delivery too', async () => {
    const { agent, customer } = await shopper(env, { items });
    const form = await agent.get('/fr/checkout?edit=billing');
    assert.match(form.body, /Modifier l’adresse de facturation/);
    assert.match(form.body, /name="street"[^>]*value="Rue Neuve"|value="Rue Neuve"[^>]*name="street"/);
    assert.match(form.body, /les modifications seront également appliquées à votre adresse de livraison/);
    assert.match(form.body, />Enregistrer</);
    const res = await agent.post('/fr/checkout/address/save', { role: 'billing', ...ADDRESS, street: 'Boulevard Anspach', houseNumber: '100' });
    assert.equal(res.statusCode, 303);
    const a = await addressOf(customer.address!.id);
    assert.equal(a.street, 'Boulevard Anspach');
    const page = await agent.follow(res);
    assert.match(page.body, /Adresse enregistrée/);
    const summary = await agent.get('/fr/checkout/summary');
    const recap = summary.body.slice(summary.body.indexOf('id="recap-title"'));
    assert.equal(recap.match(/Boulevard Anspach 100/g)?.length, 2, 'billing and delivery both show the change');
  });

  test('a wrong field keeps what was typed, shows the error beside it, and saves nothing', async () => {
    const { agent, customer } = await shopper(env, { items });
    await agent.get('/fr/checkout?edit=billing');
    const res = await agent.post('/fr/checkout/address/save', { role: 'billing', ...ADDRESS, street: 'Avenue Louise', postalCode: '99' });
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /value="Avenue Louise"/);
    assert.match(res.body, /value="99"/);
    assert.match(res.body, /id="f-postalCode-err"/);
    assert.equal((await addressOf(customer.address!.id)).street, 'Rue Neuve');
  });
});

describe('"Ajouter une nouvelle adresse"', () => {
  test('adds the address to "Mes adresses" and selects it (delivery follows while it is the same)', async () => {
    const { agent, customer } = await shopper(env, { items });
    const form = await agent.get('/fr/checkout?add=billing');
    assert.match(form.body, /Nouvelle adresse de facturation/);
    const res = await agent.post('/fr/checkout/address/add', { role: 'billing', ...ADDRESS, street: 'Place Flagey', houseNumber: '7', postalCode: '1050', city: 'Ixelles' });
    assert.equal(res.statusCode, 303);
    const book = await db.select().from(addresses).where(eq(addresses.customerId, customer.id));
    assert.equal(book.length, 2);
    const page = await agent.follow(res);
    assert.match(page.body, /Nouvelle adresse ajoutée et sélectionnée/);
    assert.match(section(page.body, 'billing-title'), /Place Flagey 7[\s\S]*Sélectionnée|Sélectionnée[\s\S]*Place Flagey 7/);
    const summary = await agent.get('/fr/checkout/summary');
    const recap = summary.body.slice(summary.body.indexOf('id="recap-title"'));
    assert.equal(recap.match(/Place Flagey 7/g)?.length, 2);
    // The defaults of "Mes adresses" are not changed by a choice made at checkout.
    assert.equal((await defaultsOf(customer.id)).defaultBillingAddressId, customer.address!.id);
  });

  test('a wrong new address keeps what was typed and adds nothing', async () => {
    const { agent, customer } = await shopper(env, { items });
    await agent.get('/fr/checkout?add=billing');
    const res = await agent.post('/fr/checkout/address/add', { role: 'billing', ...ADDRESS, street: 'Place Flagey', city: '' });
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /value="Place Flagey"/);
    assert.match(res.body, /id="f-city-err"/);
    assert.equal((await db.select().from(addresses).where(eq(addresses.customerId, customer.id))).length, 1);
  });

  test('another address of "Mes adresses" can be selected; another customer’s id is "not found"', async () => {
    const { agent, customer } = await shopper(env, { items });
    const mine = await db.transaction(async (tx) => createAddress(tx, customer.id, { ...ADDRESS, company: null, vatNumber: null, box: null, phone: null, street: 'Rue Royale' }));
    const stranger = await shopper(env, { items: [] });
    await agent.get('/fr/checkout');
    assert.ok(mine.ok);
    const theirs = await agent.post('/fr/checkout/address/select', { role: 'billing', addressId: stranger.customer.address!.id });
    const missing = await agent.post('/fr/checkout/address/select', { role: 'billing', addressId: '00000000-0000-4000-8000-000000000000' });
    assert.equal(theirs.statusCode, 404);
    assert.equal(missing.statusCode, 404);
    assert.equal(theirs.body.replace(/<code>.*?<\/code>|name="_csrf" value="[^"]*"/g, ''), missing.body.replace(/<code>.*?<\/code>|name="_csrf" value="[^"]*"/g, ''));
    const ok = await agent.post('/fr/checkout/address/select', { role: 'billing', addressId: mine.address.id });
    assert.equal(ok.statusCode, 303);
    const page = await agent.follow(ok);
    assert.match(section(page.body, 'billing-title'), /Rue Royale 5/);
  });
});

describe('"Utiliser une adresse différente comme adresse de livraison"', () => {
  test('then editing the delivery address changes only it; the billing address stays', async () => {
    const { agent, customer } = await shopper(env, { items });
    const second = await db.transaction(async (tx) => {
      const r = await createAddress(tx, customer.id, { ...ADDRESS, company: null, vatNumber: null, box: null, phone: null, street: 'Meir', houseNumber: '50', postalCode: '2000', city: 'Antwerpen' });
      assert.ok(r.ok);
      await setDefaults(tx, customer.id, { deliveryId: r.address.id });
      return r.address;
    });
    // Choose the same address for both first, then ask for a different delivery address.
    await agent.get('/fr/checkout');
    await agent.post('/fr/checkout/delivery-address', { separate: '0' });
    let page = await agent.get('/fr/checkout');
    assert.match(section(page.body, 'delivery-title'), /Utiliser une adresse différente/);
    const res = await agent.post('/fr/checkout/delivery-address', { separate: '1' });
    assert.equal(res.statusCode, 303);
    page = await agent.follow(res);
    assert.match(section(page.body, 'delivery-title'), /Meir 50/, 'the default delivery address is shown');
    const edit = await agent.post('/fr/checkout/address/save', { role: 'delivery', ...ADDRESS, street: 'Meir', houseNumber: '52', postalCode: '2000', city: 'Antwerpen' });
    assert.equal(edit.statusCode, 303);
    assert.equal((await addressOf(second.id)).houseNumber, '52');
    assert.equal((await addressOf(customer.address!.id)).street, 'Rue Neuve');
  });

  test('a new delivery address is added and selected; billing does not change', async () => {
    const { agent, customer } = await shopper(env, { items });
    await agent.get('/fr/checkout');
    const sep = await agent.post('/fr/checkout/delivery-address', { separate: '1' });
    // With a single address, the form for a new delivery address opens at once.
    assert.equal(sep.headers.location, '/fr/checkout?add=delivery#address-form');
    const form = await agent.follow(sep);
    assert.match(form.body, /Nouvelle adresse de livraison/);
    const res = await agent.post('/fr/checkout/address/add', { role: 'delivery', ...ADDRESS, street: 'Grote Markt', houseNumber: '1', postalCode: '9000', city: 'Gent' });
    assert.equal(res.statusCode, 303);
    const page = await agent.follow(res);
    assert.match(section(page.body, 'billing-title'), /Rue Neuve 12/);
    assert.match(section(page.body, 'delivery-title'), /Grote Markt 1/);
    const summary = await agent.get('/fr/checkout/summary');
    const recap = summary.body.slice(summary.body.indexOf('id="recap-title"'));
    assert.equal(recap.match(/Grote Markt 1/g)?.length, 1);
    assert.equal(recap.match(/Rue Neuve 12/g)?.length, 1);
    assert.equal((await db.select().from(addresses).where(eq(addresses.customerId, customer.id))).length, 2);
  });

  test('editing a delivery address that is still the billing record creates a new one: billing is untouched', async () => {
    const { agent, customer } = await shopper(env, { items });
    await agent.get('/fr/checkout');
    await agent.post('/fr/checkout/delivery-address', { separate: '1' });
    const form = await agent.get('/fr/checkout?edit=delivery');
    assert.match(form.body, /votre adresse de facturation ne change pas/);
    const res = await agent.post('/fr/checkout/address/save', { role: 'delivery', ...ADDRESS, street: 'Rue du Marché', houseNumber: '3' });
    assert.equal(res.statusCode, 303);
    assert.equal((await addressOf(customer.address!.id)).street, 'Rue Neuve');
    const page = await agent.follow(res);
    assert.match(section(page.body, 'delivery-title'), /Rue du Marché 3/);
    assert.match(section(page.body, 'billing-title'), /Rue Neuve 12/);
  });

  test('the delivery address cannot be edited while it is the billing address (no separate delivery)', async () => {
    const { agent } = await shopper(env, { items });
    await agent.get('/fr/checkout');
    const res = await agent.post('/fr/checkout/address/save', { role: 'delivery', ...ADDRESS });
    assert.equal(res.statusCode, 404);
  });
});

describe('a customer with no address yet', () => {
  test('is asked for one first; a wrong field keeps what was typed; the address becomes both defaults', async () => {
    const { agent, customer } = await shopper(env, { items, customer: { withAddress: false } });
    const page = await agent.get('/fr/checkout');
    assert.match(page.body, /indiquez d’abord votre adresse/);
    assert.doesNotMatch(page.body, /Utiliser une adresse différente/);
    for (const step of ['/fr/checkout/delivery', '/fr/checkout/summary']) {
      const r = await agent.get(step);
      assert.equal(r.headers.location, '/fr/checkout', `${step} needs an address first`);
    }
    await agent.get('/fr/checkout');
    const bad = await agent.post('/fr/checkout/address/first', { ...ADDRESS, street: 'Rue Neuve', postalCode: '12345' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /value="Rue Neuve"/);
    assert.match(bad.body, /value="12345"/);
    const ok = await agent.post('/fr/checkout/address/first', { ...ADDRESS });
    assert.equal(ok.statusCode, 303);
    const c = await defaultsOf(customer.id);
    assert.ok(c.defaultBillingAddressId);
    assert.equal(c.defaultBillingAddressId, c.defaultDeliveryAddressId);
    const after = await agent.follow(ok);
    assert.match(section(after.body, 'billing-title'), /Rue Haute 5/);
  });
});

describe('delivery and summary', () => {
  test('per seller: shipping fee and estimated delivery; lines per seller, VAT and total', async () => {
    const { agent } = await shopper(env, { items });
    const delivery = await agent.get('/fr/checkout/delivery');
    assert.equal(delivery.statusCode, 200);
    assert.match(delivery.body, /Colis de Maison Dupont/);
    assert.match(delivery.body, /Colis de Atelier Peeters/);
    assert.match(delivery.body, /4,95\s€/);
    assert.match(delivery.body, /3,90\s€/);
    assert.equal(delivery.body.match(/Livraison estimée entre le/g)?.length, 2);
    const summary = await agent.get('/fr/checkout/summary');
    assert.match(summary.body, /Chemise en lin/);
    assert.match(summary.body, /Tasse en grès/);
    // 25.00 + 2 × 12.00 + 4.95 + 3.90 = 57.85
    assert.match(summary.body, /Payer 57,85\s€/);
    assert.match(summary.body, /dont TVA 21 %/);
    assert.ok(hidden(summary.body, 'checkoutKey').length >= 20);
  });
});
