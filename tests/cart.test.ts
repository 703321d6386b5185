import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { cartItems, carts } from '../src/modules/cart/schema.js';
import { loadCart } from '../src/modules/cart/cart.js';
import { offers } from '../src/modules/catalog/schema.js';
import { sellers } from '../src/modules/sellers/schema.js';
import { Agent } from './helpers/agent.js';
import { testEnv } from './helpers/app.js';
import { makeCategory, makeCustomer, makeProduct, makeSeller } from './helpers/factories.js';

const env = await testEnv();
const { app, deps } = env;
const db = deps.db;

const cat = await makeCategory(db);
const alpha = await makeSeller(db, { name: 'Maison Alpha', shippingFeeCents: 495, freeShippingFromCents: 5000 });
const beta = await makeSeller(db, { name: 'Atelier Beta', shippingFeeCents: 390, freeShippingFromCents: null });
const shirt = await makeProduct(db, { sellerId: alpha.id, categoryId: cat.id, title: 'Chemise', priceCents: 2000, stock: 5, sizes: ['S', 'M'] });
const mug = await makeProduct(db, { sellerId: beta.id, categoryId: cat.id, title: 'Tasse', priceCents: 1250, stock: 200 });
const shirtS = shirt.variants[0]!.offer;
const shirtM = shirt.variants[1]!.offer;
const mugOffer = mug.variants[0]!.offer;

const cartHtml = async (a: Agent) => {
  const res = await a.get('/fr/cart');
  assert.equal(res.statusCode, 200);
  return res.body;
};
const lineIds = (html: string) => [...html.matchAll(/id="line-([0-9a-f-]{36})"/g)].map((m) => m[1]!);
const quantities = async (customerId: string) => {
  const c = await loadCart(db, { customerId });
  return Object.fromEntries(c.groups.flatMap((g) => g.lines).map((l) => [l.offerId, l.quantity]));
};

async function loggedIn() {
  const customer = await makeCustomer(db);
  const a = new Agent(app);
  const res = await a.login('/fr/login', customer.email, customer.password);
  assert.equal(res.statusCode, 303);
  await a.get('/fr/');
  return { a, customer };
}

describe('adding to the cart', () => {
  test('articles from two sellers make two groups, each with its shipping fee, and the totals with VAT', async () => {
    const { a, customer } = await loggedIn();
    const add1 = await a.post('/fr/cart/add', { offerId: shirtS.id, quantity: '2' });
    assert.equal(add1.statusCode, 303);
    assert.match(String(add1.headers.location), new RegExp(`/fr/p/${shirt.product.slug}\\?colour=navy&size=S`));
    const back = await a.follow(add1);
    assert.match(back.body, /Article ajouté à votre panier/);
    assert.match(back.body, /<span class="count">2<\/span>/, 'the header counts the items');
    await a.post('/fr/cart/add', { offerId: mugOffer.id, quantity: '1' });
    const html = await cartHtml(a);
    assert.equal((html.match(/class="seller-group"/g) ?? []).length, 2);
    assert.match(html, /Maison Alpha[\s\S]*Livraison<\/dt><dd>4,95\s€[\s\S]*Atelier Beta[\s\S]*Livraison<\/dt><dd>3,90\s€/);
    // 2 × 20,00 + 4,95 + 12,50 + 3,90 = 61,35
    assert.match(html, /Total TVA comprise<\/dt><dd>61,35\s€/);
    assert.match(html, /Dont TVA 21 %/);
    assert.match(html, /href="\/fr\/checkout"[^>]*>Passer commande</);
    assert.deepEqual(await quantities(customer.id), { [shirtS.id]: 2, [mugOffer.id]: 1 });
  });

  test('a price sent with the form is ignored: the offer’s price is used', async () => {
    const { a, customer } = await loggedIn();
    await a.post('/fr/cart/add', { offerId: mugOffer.id, quantity: '1', price: '1', priceCents: '1', priceSeenCents: '1', unitPriceCents: '1', totalCents: '1' });
    const cart = await loadCart(db, { customerId: customer.id });
    const line = cart.groups[0]!.lines[0]!;
    assert.equal(line.unitPriceCents, 1250);
    assert.equal(line.priceSeenCents, 1250);
    assert.equal(cart.totalCents, 1250 + 390);
  });

  test('adding the same article again adds up, within the stock', async () => {
    const { a, customer } = await loggedIn();
    await a.post('/fr/cart/add', { offerId: shirtM.id, quantity: '3' });
    await a.get(`/fr/p/${shirt.product.slug}`);
    const res = await a.post('/fr/cart/add', { offerId: shirtM.id, quantity: '3' });
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /Vous avez déjà cet article dans votre panier : vous pouvez en ajouter encore 2/);
    assert.deepEqual(await quantities(customer.id), { [shirtM.id]: 3 });
    await a.post('/fr/cart/add', { offerId: shirtM.id, quantity: '2' });
    assert.deepEqual(await quantities(customer.id), { [shirtM.id]: 5 });
  });

  test('refused quantities leave the cart unchanged and come back beside the field, as typed', async () => {
    const { a, customer } = await loggedIn();
    const cases: [string, RegExp][] = [
      ['0', /au moins 1/],
      ['-1', /au moins 1/],
      ['1.5', /nombre entier/],
      ['1e9', /nombre entier/],
      ['abc', /nombre entier/],
      ['2 ', /nombre entier/],
      ['', /nombre entier/],
      ['1000000000', /Au maximum 99/],
      ['6', /Il ne reste que 5 article/],
    ];
    for (const [q, message] of cases) {
      await a.get(`/fr/p/${shirt.product.slug}`);
      const res = await a.post('/fr/cart/add', { offerId: shirtS.id, quantity: q });
      assert.equal(res.statusCode, 422, `quantity "${q}"`);
      assert.match(res.body, message, `quantity "${q}"`);
      const kept = q === '' ? 'value' : `value="${q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`;
      assert.match(res.body, new RegExp(`name="quantity" type="number"[^>]*${kept} aria-invalid="true"`), `"${q}" kept`);
    }
    assert.deepEqual(await quantities(customer.id), {});
    // An array instead of one value is refused too.
    const arr = await a.post('/fr/cart/add', { offerId: shirtS.id, quantity: ['1', '2'] });
    assert.equal(arr.statusCode, 422);
    assert.deepEqual(await quantities(customer.id), {});
  });

  test('an unknown, malformed or withdrawn offer is not found', async () => {
    const { a, customer } = await loggedIn();
    assert.equal((await a.post('/fr/cart/add', { offerId: '00000000-0000-0000-0000-000000000000', quantity: '1' })).statusCode, 404);
    assert.equal((await a.post('/fr/cart/add', { offerId: "' or 1=1 --", quantity: '1' })).statusCode, 404);
    const withdrawn = await makeProduct(db, { sellerId: alpha.id, categoryId: cat.id });
    await db.update(offers).set({ active: false }).where(eq(offers.id, withdrawn.variants[0]!.offer.id));
    await a.get('/fr/');
    assert.equal((await a.post('/fr/cart/add', { offerId: withdrawn.variants[0]!.offer.id, quantity: '1' })).statusCode, 404);
    assert.deepEqual(await quantities(customer.id), {});
  });

  test('without the CSRF token nothing is added', async () => {
    const { a, customer } = await loggedIn();
    const res = await a.post('/fr/cart/add', { offerId: mugOffer.id, quantity: '1' }, { csrf: null });
    assert.equal(res.statusCode, 403);
    assert.deepEqual(await quantities(customer.id), {});
  });
});

describe('changing and removing lines', () => {
  test('a quantity is changed; refused values say why and change nothing', async () => {
    const { a, customer } = await loggedIn();
    await a.post('/fr/cart/add', { offerId: shirtS.id, quantity: '1' });
    const [id] = lineIds(await cartHtml(a));
    const ok = await a.post(`/fr/cart/items/${id}`, { quantity: '4' });
    assert.equal(ok.statusCode, 303);
    assert.match((await a.follow(ok)).body, /Panier mis à jour/);
    assert.deepEqual(await quantities(customer.id), { [shirtS.id]: 4 });
    for (const [q, message] of [
      ['0', /au moins 1/],
      ['-1', /au moins 1/],
      ['1.5', /nombre entier/],
      ['1000000000', /Au maximum 99/],
      ['abc', /nombre entier/],
      ['6', /Il ne reste que 5/],
    ] as const) {
      await a.get('/fr/cart');
      const res = await a.post(`/fr/cart/items/${id}`, { quantity: q });
      assert.equal(res.statusCode, 422, q);
      assert.match(res.body, message, q);
      assert.match(res.body, /aria-invalid="true"/);
    }
    assert.deepEqual(await quantities(customer.id), { [shirtS.id]: 4 });
  });

  test('a line is removed', async () => {
    const { a, customer } = await loggedIn();
    await a.post('/fr/cart/add', { offerId: mugOffer.id, quantity: '1' });
    const [id] = lineIds(await cartHtml(a));
    const res = await a.post(`/fr/cart/items/${id}/remove`);
    assert.equal(res.statusCode, 303);
    assert.match((await a.follow(res)).body, /Votre panier est vide/);
    assert.deepEqual(await quantities(customer.id), {});
  });

  test('another customer’s line id answers like a missing one, and changes nothing', async () => {
    const victim = await loggedIn();
    await victim.a.post('/fr/cart/add', { offerId: mugOffer.id, quantity: '2' });
    const [victimLine] = lineIds(await cartHtml(victim.a));
    const attacker = await loggedIn();
    await attacker.a.post('/fr/cart/add', { offerId: shirtS.id, quantity: '1' });
    await attacker.a.get('/fr/cart');
    const missing = await attacker.a.post('/fr/cart/items/11111111-1111-1111-1111-111111111111', { quantity: '1' });
    const change = await attacker.a.post(`/fr/cart/items/${victimLine}`, { quantity: '1' });
    const remove = await attacker.a.post(`/fr/cart/items/${victimLine}/remove`);
    assert.equal(change.statusCode, 404);
    assert.equal(remove.statusCode, 404);
    const same = (body: string) => body.replaceAll(victimLine!, 'ID').replaceAll('11111111-1111-1111-1111-111111111111', 'ID');
    assert.equal(same(change.body), same(missing.body));
    assert.deepEqual(await quantities(victim.customer.id), { [mugOffer.id]: 2 });
    // A guest without a cart cannot touch it either.
    const guest = new Agent(app);
    await guest.get(`/fr/p/${mug.product.slug}`);
    assert.equal((await guest.post(`/fr/cart/items/${victimLine}/remove`)).statusCode, 404);
    assert.deepEqual(await quantities(victim.customer.id), { [mugOffer.id]: 2 });
  });
});

describe('prices and stock move after the article was added', () => {
  test('a price change and a stock drop are shown, totals follow the current offer, checkout waits for a fix', async () => {
    const p = await makeProduct(db, { sellerId: alpha.id, categoryId: cat.id, title: 'Pull', priceCents: 3000, stock: 10 });
    const offer = p.variants[0]!.offer;
    const { a, customer } = await loggedIn();
    await a.post('/fr/cart/add', { offerId: offer.id, quantity: '4' });
    await db.update(offers).set({ priceCents: 3500, stock: 2 }).where(eq(offers.id, offer.id));
    const html = await cartHtml(a);
    assert.match(html, /Le prix a changé depuis votre ajout au panier : 30,00\s€ → 35,00\s€/);
    assert.match(html, /Il ne reste que 2 article\(s\) en stock/);
    assert.match(html, /<button type="button" class="button primary big checkout" disabled/);
    const cart = await loadCart(db, { customerId: customer.id });
    assert.equal(cart.itemsCents, 4 * 3500);
    assert.equal(cart.canCheckout, false);
    // Lowering the quantity fixes it and acknowledges the new price.
    const [id] = lineIds(html);
    await a.post(`/fr/cart/items/${id}`, { quantity: '2' });
    const after = await cartHtml(a);
    assert.doesNotMatch(after, /Le prix a changé|Il ne reste que/);
    assert.match(after, /href="\/fr\/checkout"/);
  });

  test('a sold-out offer or a suspended seller: the line stays, is not counted, and says why', async () => {
    const s = await makeSeller(db, { name: 'Gamma' });
    const p = await makeProduct(db, { sellerId: s.id, categoryId: cat.id, priceCents: 1000 });
    const { a, customer } = await loggedIn();
    await a.post('/fr/cart/add', { offerId: p.variants[0]!.offer.id, quantity: '1' });
    await a.post('/fr/cart/add', { offerId: mugOffer.id, quantity: '1' });
    await db.update(sellers).set({ status: 'suspended' }).where(eq(sellers.id, s.id));
    const html = await cartHtml(a);
    assert.match(html, /n’est plus proposé par ce vendeur/);
    const cart = await loadCart(db, { customerId: customer.id });
    assert.equal(cart.totalCents, 1250 + 390);
    assert.equal(cart.canCheckout, false);
  });
});

describe('guest cart and "Connexion"', () => {
  test('a guest cart lives in a signed cookie bound to a server cart whose token is only stored hashed', async () => {
    const g = new Agent(app);
    await g.get(`/fr/p/${mug.product.slug}`);
    await g.post('/fr/cart/add', { offerId: mugOffer.id, quantity: '2' });
    const cookie = g.cookies.get('comptoir_cart');
    assert.ok(cookie, 'a cart cookie');
    const html = await cartHtml(g);
    assert.match(html, /Tasse/);
    const rows = await db.select().from(carts);
    const token = decodeURIComponent(cookie!).split('.')[0]!;
    assert.ok(rows.every((c) => c.tokenHash !== token), 'the raw token is not stored');
    // A forged cookie is ignored (no cart), not an error.
    const forged = new Agent(app);
    forged.cookies.set('comptoir_cart', `${token}.forged`);
    assert.match(await cartHtml(forged), /Votre panier est vide/);
  });

  test('a guest gets the cart cookie from an add of an offer on sale, refused or not, never from a "not found"', async () => {
    const g = new Agent(app);
    await g.get(`/fr/p/${shirt.product.slug}`);
    assert.equal((await g.post('/fr/cart/add', { offerId: '00000000-0000-0000-0000-000000000000', quantity: '1' })).statusCode, 404);
    assert.equal(g.cookies.has('comptoir_cart'), false, 'no token for an unknown offer');
    const refused = await g.post('/fr/cart/add', { offerId: shirtM.id, quantity: '6' });
    assert.equal(refused.statusCode, 422, 'more than the stock');
    assert.match(refused.body, /Chemise/, 'the product page again, with the refusal');
    const cookie = g.cookies.get('comptoir_cart');
    assert.ok(cookie, 'the token, as before an add was refused');
    const added = await g.post('/fr/cart/add', { offerId: shirtM.id, quantity: '1' });
    assert.equal(added.statusCode, 303);
    assert.match(String(added.headers.location), new RegExp(`/fr/p/${shirt.product.slug}\\?colour=navy&size=M$`), 'back to the variant added');
    assert.equal(g.cookies.get('comptoir_cart'), cookie, 'the same cart');
  });

  test('at "Connexion", the guest cart is merged into the customer’s cart; same articles add up within the stock', async () => {
    const customer = await makeCustomer(db);
    // The customer's cart on another device: 3 shirts S.
    const other = new Agent(app);
    await other.login('/fr/login', customer.email, customer.password);
    await other.get('/fr/');
    await other.post('/fr/cart/add', { offerId: shirtS.id, quantity: '3' });
    // As a guest on this device: 4 shirts S (stock 5) and a mug.
    const g = new Agent(app);
    await g.get(`/fr/p/${shirt.product.slug}`);
    await g.post('/fr/cart/add', { offerId: shirtS.id, quantity: '4' });
    await g.post('/fr/cart/add', { offerId: mugOffer.id, quantity: '1' });
    const guestCarts = (await db.select().from(carts)).filter((c) => c.customerId === null).length;
    await g.get('/fr/login?returnTo=%2Ffr%2Fcart');
    const res = await g.post('/fr/login', { email: customer.email, password: customer.password, returnTo: '/fr/cart' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/fr/cart');
    assert.equal(g.cookies.has('comptoir_cart'), false, 'the guest cookie is dropped');
    assert.deepEqual(await quantities(customer.id), { [shirtS.id]: 5, [mugOffer.id]: 1 });
    assert.equal((await db.select().from(carts)).filter((c) => c.customerId === null).length, guestCarts - 1, 'the guest cart is gone');
    // Kept across devices: the other device sees the merged cart.
    const html = await cartHtml(other);
    assert.match(html, /Tasse/);
    assert.match(html, /<span class="count">6<\/span>/);
  });

  test('the header shows the customer’s item count on every page', async () => {
    const { a, customer } = await loggedIn();
    await a.post('/fr/cart/add', { offerId: mugOffer.id, quantity: '3' });
    assert.match((await a.get('/fr/help')).body, /<span class="count">3<\/span>/);
    const rows = await db.select().from(cartItems).innerJoin(carts, eq(carts.id, cartItems.cartId)).where(eq(carts.customerId, customer.id));
    assert.equal(rows.length, 1);
  });
});
