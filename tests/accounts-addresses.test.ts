import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { addressBookColumn, addressBookFrom, getDefaults, listAddresses, MAX_ADDRESSES, setDefaults } from '../src/modules/accounts/addresses.js';
import { addresses, customers } from '../src/modules/accounts/schema.js';
import { orders } from '../src/modules/orders/schema.js';
import { Agent } from './helpers/agent.js';
import { testEnv } from './helpers/app.js';
import { makeCustomer, makePaidOrder, makeProduct, makeSeller } from './helpers/factories.js';

const env = await testEnv();
const { app, deps } = env;
const db = deps.db;

const address = {
  firstName: 'Anne',
  lastName: 'Janssens',
  company: '',
  vatNumber: '',
  street: 'Meir',
  houseNumber: '50',
  box: '3',
  postalCode: '2000',
  city: 'Antwerpen',
  country: 'BE',
  phone: '',
};

async function customerAgent(over: Parameters<typeof makeCustomer>[1] = {}) {
  const c = await makeCustomer(db, over);
  const a = new Agent(app);
  assert.equal((await a.login('/fr/login', c.email, c.password)).statusCode, 303);
  return { c, a };
}
const formError = (body: string, field: string) => new RegExp(`id="f-${field}-err">([^<]*)<`).exec(body)?.[1];
const cards = (body: string) => [...body.matchAll(/<li class="card address-card[^"]*" id="address-([0-9a-f-]+)">([\s\S]*?)<\/li>/g)].map((m) => ({ id: m[1]!, html: m[2]! }));

describe('"Mes adresses"', () => {
  test('the first address becomes the default billing and delivery address', async () => {
    const { c, a } = await customerAgent({ withAddress: false });
    const empty = await a.get('/fr/account/addresses');
    assert.equal(empty.statusCode, 200);
    assert.match(empty.body, /Vous n’avez pas encore d’adresse/);
    assert.match(empty.body, /Ajouter une nouvelle adresse/);
    await a.get('/fr/account/addresses/new');
    const res = await a.post('/fr/account/addresses/new', address);
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/fr/account/addresses');
    const list = await a.follow(res);
    assert.match(list.body, /Adresse ajoutée\./);
    const [card] = cards(list.body);
    assert.match(card!.html, /Adresse de facturation par défaut/);
    assert.match(card!.html, /Adresse de livraison par défaut/);
    assert.match(card!.html, /Meir 50 bte 3/);
    const d = await getDefaults(db, c.id);
    assert.equal(d.billingId, card!.id);
    assert.equal(d.deliveryId, card!.id);
  });

  test('two addresses: one the default billing, the other the default delivery', async () => {
    const { c, a } = await customerAgent();
    await a.get('/fr/account/addresses/new');
    await a.post('/fr/account/addresses/new', { ...address, street: 'Kerkstraat', postalCode: '9000', city: 'Gent', defaultDelivery: 'on' });
    const [home, work] = await listAddresses(db, c.id);
    assert.equal(home!.isDefaultBilling, true);
    assert.equal(home!.isDefaultDelivery, false, '"En faire mon adresse de livraison par défaut" on the new one');
    assert.equal(work!.isDefaultDelivery, true);

    // And back: the home address for delivery too, then the work address for billing.
    await a.get('/fr/account/addresses');
    assert.equal((await a.post(`/fr/account/addresses/${home!.id}/default`, { kind: 'delivery' })).statusCode, 303);
    assert.deepEqual(await getDefaults(db, c.id), { billingId: home!.id, deliveryId: home!.id });
    await a.post(`/fr/account/addresses/${work!.id}/default`, { kind: 'billing' });
    assert.deepEqual(await getDefaults(db, c.id), { billingId: work!.id, deliveryId: home!.id });
    const page = await a.get('/fr/account/addresses');
    const byId = new Map(cards(page.body).map((x) => [x.id, x.html]));
    assert.match(byId.get(work!.id)!, /Adresse de facturation par défaut/);
    assert.doesNotMatch(byId.get(work!.id)!, /Adresse de livraison par défaut/);
    assert.match(byId.get(home!.id)!, /Adresse de livraison par défaut/);
    assert.match(byId.get(home!.id)!, /Utiliser pour la facturation/);
  });

  test('"Modifier" shows the address; "Enregistrer" saves it normalised', async () => {
    const { c, a } = await customerAgent();
    const id = c.address!.id;
    const edit = await a.get(`/fr/account/addresses/${id}/edit`);
    assert.equal(edit.statusCode, 200);
    assert.match(edit.body, /name="street" type="text" value="Rue Neuve"/);
    assert.match(edit.body, /<button type="submit" class="button primary">Enregistrer<\/button>/);
    const res = await a.post(`/fr/account/addresses/${id}/edit`, { ...address, country: 'NL', postalCode: '1011ab', city: 'Amsterdam', vatNumber: 'nl 123456789 b01', company: 'Acme BV' });
    assert.equal(res.statusCode, 303);
    assert.match((await a.follow(res)).body, /Adresse enregistrée\./);
    const [row] = await db.select().from(addresses).where(eq(addresses.id, id));
    assert.equal(row!.postalCode, '1011 AB');
    assert.equal(row!.vatNumber, 'NL123456789B01');
    assert.equal(row!.country, 'NL');
  });

  test('errors beside the fields, in the visitor’s language, with what was typed kept', async () => {
    const { c, a } = await customerAgent();
    await a.get('/nl/account/addresses/new');
    const res = await a.post('/nl/account/addresses/new', { ...address, postalCode: '123', phone: 'bel me', street: '', city: 'Brugge', defaultBilling: 'on' });
    assert.equal(res.statusCode, 422);
    assert.equal(formError(res.body, 'postalCode'), 'Een Belgische postcode telt 4 cijfers (bijvoorbeeld 1000).');
    assert.equal(formError(res.body, 'phone'), 'Dit telefoonnummer lijkt niet geldig (bijvoorbeeld +32 470 12 34 56).');
    assert.equal(formError(res.body, 'street'), 'Dit veld is verplicht.');
    assert.match(res.body, /name="city" type="text" value="Brugge"/);
    assert.match(res.body, /name="postalCode" type="text" value="123"/);
    assert.match(res.body, /id="f-defaultBilling" name="defaultBilling" checked/);
    assert.equal((await listAddresses(db, c.id)).length, 1, 'nothing saved');

    const edit = await a.post(`/fr/account/addresses/${c.address!.id}/edit`, { ...address, country: 'FR', postalCode: '7500' });
    assert.equal(edit.statusCode, 422);
    assert.equal(formError(edit.body, 'postalCode'), 'Un code postal français compte 5 chiffres (par exemple 75001).');
    assert.match(edit.body, /<option value="FR" selected>France<\/option>/);
  });

  test('deleting asks first (a page, no JavaScript needed); a deleted default is replaced', async () => {
    const { c, a } = await customerAgent();
    await a.get('/fr/account/addresses/new');
    await a.post('/fr/account/addresses/new', address);
    const first = c.address!.id;
    const confirm = await a.get(`/fr/account/addresses/${first}/delete`);
    assert.equal(confirm.statusCode, 200);
    assert.match(confirm.body, /Supprimer cette adresse \?/);
    assert.match(confirm.body, /Rue Neuve 12/);
    assert.equal((await listAddresses(db, c.id)).length, 2, 'the page itself deletes nothing');
    const res = await a.post(`/fr/account/addresses/${first}/delete`);
    assert.equal(res.statusCode, 303);
    assert.match((await a.follow(res)).body, /Adresse supprimée\./);
    const left = await listAddresses(db, c.id);
    assert.equal(left.length, 1);
    assert.deepEqual(await getDefaults(db, c.id), { billingId: left[0]!.id, deliveryId: left[0]!.id });
    await a.post(`/fr/account/addresses/${left[0]!.id}/delete`);
    assert.deepEqual(await getDefaults(db, c.id), { billingId: null, deliveryId: null });
  });

  test('an address used by a past order can still be edited and deleted; the order keeps its copy', async () => {
    const { c, a } = await customerAgent();
    const seller = await makeSeller(db);
    const { variants } = await makeProduct(db, { sellerId: seller.id });
    const order = await makePaidOrder(db, { customer: c, lines: [{ offer: variants[0]!.offer }] });
    await a.get('/fr/account/addresses');
    assert.equal((await a.post(`/fr/account/addresses/${c.address!.id}/edit`, address)).statusCode, 303);
    assert.equal((await a.post(`/fr/account/addresses/${c.address!.id}/delete`)).statusCode, 303);
    const [o] = await db.select().from(orders).where(eq(orders.id, order.order.id));
    assert.equal(o!.deliveryAddress.street, 'Rue Neuve');
    assert.equal(o!.billingAddress.postalCode, '1000');
  });

  test('a customer cannot add more than the maximum number of addresses', async () => {
    const { c, a } = await customerAgent();
    const rows = Array.from({ length: MAX_ADDRESSES - 1 }, () => ({ customerId: c.id, firstName: 'A', lastName: 'B', street: 'Rue', houseNumber: '1', postalCode: '1000', city: 'Bruxelles', country: 'BE' as const }));
    await db.insert(addresses).values(rows);
    await a.get('/fr/account/addresses/new');
    const res = await a.post('/fr/account/addresses/new', address);
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /nombre maximal d’adresses/);
    assert.match(res.body, /value="Meir"/);
  });

  test('names and addresses are shown as text', async () => {
    const { a } = await customerAgent({ withAddress: false });
    await a.get('/fr/account/addresses/new');
    await a.post('/fr/account/addresses/new', { ...address, firstName: '<img src=x onerror=alert(1)>', street: '"><script>alert(2)</script>', company: '<b>ACME</b>' });
    const page = await a.get('/fr/account/addresses');
    assert.doesNotMatch(page.body, /<img src=x|<script>alert|<b>ACME/);
    assert.match(page.body, /&lt;img src=x onerror=alert\(1\)>/);
    const id = cards(page.body)[0]!.id;
    const edit = await a.get(`/fr/account/addresses/${id}/edit`);
    assert.match(edit.body, /value="&quot;>&lt;script>alert\(2\)&lt;\/script>"/);
  });
});

describe('another customer’s address is answered exactly like a missing one', () => {
  test('every address page and action: 404, the same page, nothing changed', async () => {
    const victim = await makeCustomer(db);
    const { c: attacker, a } = await customerAgent();
    const theirs = victim.address!.id;
    const before = (await db.select().from(addresses).where(eq(addresses.id, theirs)))[0]!;
    await a.get('/fr/account/addresses');
    const tries: [string, string, Record<string, string>?][] = [
      ['GET', '/edit'],
      ['POST', '/edit', address],
      ['POST', '/edit', { ...address, postalCode: 'bad' }],
      ['GET', '/delete'],
      ['POST', '/delete', {}],
      ['POST', '/default', { kind: 'billing' }],
      ['POST', '/default', { kind: 'delivery' }],
      ['POST', '/default', { kind: 'both' }],
      ['POST', '/default', { kind: 'nonsense' }],
    ];
    const missing = randomUUID();
    for (const [method, suffix, form] of tries) {
      const answers = [];
      for (const id of [theirs, missing, 'not-a-uuid']) {
        const url = `/fr/account/addresses/${id}${suffix}`;
        const res = method === 'GET' ? await a.get(url) : await a.post(url, form);
        assert.equal(res.statusCode, 404, `${method} ${suffix} with ${id}`);
        answers.push(res.body.replace(/name="_csrf" value="[^"]+"/g, '').replaceAll(id, 'ID'));
        if (method === 'GET') await a.get('/fr/account/addresses');
      }
      assert.equal(answers[0], answers[1], `${method} ${suffix}: someone else’s id looks missing`);
    }
    const after = (await db.select().from(addresses).where(eq(addresses.id, theirs)))[0]!;
    assert.deepEqual(after, before);
    assert.deepEqual(await getDefaults(db, victim.id), { billingId: theirs, deliveryId: theirs });
    assert.deepEqual(await getDefaults(db, attacker.id), { billingId: attacker.address!.id, deliveryId: attacker.address!.id });
  });
});

describe('the address book as one column (the checkout reads it with the cart)', () => {
  test('decodes to exactly what listAddresses returns: fields, types, dates, order, defaults; scoped to the customer', async () => {
    const { c, a } = await customerAgent();
    // Two more addresses: the third becomes the default delivery address (billing stays the first).
    for (const city of ['Gent', 'Liège']) await a.post('/fr/account/addresses/new', { ...address, city, company: 'L’Atelier & Co', box: '' });
    const list = await listAddresses(db, c.id);
    assert.equal(list.length, 3);
    assert.ok(await setDefaults(db, c.id, { deliveryId: list[2]!.id }));
    const other = await makeCustomer(db);
    const expected = await listAddresses(db, c.id);
    const [row] = await db.select({ book: addressBookColumn(c.id) }).from(customers).where(eq(customers.id, other.id));
    const decoded = addressBookFrom(row!.book);
    assert.deepEqual(decoded, expected);
    assert.ok(decoded.every((x) => x.createdAt instanceof Date && x.customerId === c.id));
    assert.deepEqual(decoded.map((x) => [x.isDefaultBilling, x.isDefaultDelivery]), [[true, false], [false, false], [false, true]]);
    const [none] = await db.select({ book: addressBookColumn(randomUUID()) }).from(customers).where(eq(customers.id, other.id));
    assert.deepEqual(addressBookFrom(none!.book), []);
  });
});
