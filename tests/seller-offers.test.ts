import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { offers } from '../src/modules/catalog/schema.js';
import { sellers } from '../src/modules/sellers/schema.js';
import { Agent } from './helpers/agent.js';
import { testEnv } from './helpers/app.js';
import { makeCategory, makeProduct, makeSeller } from './helpers/factories.js';

const env = await testEnv();
const { app, deps } = env;
const db = deps.db;

const cat = await makeCategory(db);
const mine = await makeSeller(db, { name: 'Maison Alpha' });
const theirs = await makeSeller(db, { name: 'Atelier Beta' });
const myProduct = await makeProduct(db, { sellerId: mine.id, categoryId: cat.id, title: 'Veste en velours', brand: 'Alpha', priceCents: 8900, stock: 4, sizes: ['S', 'M'] });
const theirProduct = await makeProduct(db, { sellerId: theirs.id, categoryId: cat.id, title: 'Écharpe secrète', brand: 'Beta', priceCents: 3900 });
const myOffer = myProduct.variants[0]!.offer;
const theirOffer = theirProduct.variants[0]!.offer;

async function sellerAgent(s: typeof mine) {
  const a = new Agent(app);
  assert.equal((await a.login('/vendeur/login', s.user.email, s.user.password)).statusCode, 303);
  return a;
}
const offerRow = async (id: string) => (await db.select().from(offers).where(eq(offers.id, id)))[0]!;

describe('"Mes offres"', () => {
  test('the seller sees its own offers only, with price, stock and lead time', async () => {
    const a = await sellerAgent(mine);
    const page = await a.get('/vendeur/offers');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Mes offres/);
    assert.match(page.body, /Veste en velours/);
    assert.match(page.body, /name="price" value="89"/);
    assert.match(page.body, /name="stock" value="4"/);
    assert.doesNotMatch(page.body, /Écharpe secrète/);
    assert.doesNotMatch(page.body, new RegExp(theirOffer.id));
    // The filter searches the seller's own offers only.
    assert.doesNotMatch((await a.get('/vendeur/offers?q=echarpe')).body, /Écharpe secrète/);
    assert.match((await a.get('/vendeur/offers?q=velour')).body, /Veste en velours/);
  });

  test('the seller changes a price, a stock, a lead time; the storefront shows it at once', async () => {
    const a = await sellerAgent(mine);
    await a.get('/vendeur/offers');
    const res = await a.post(`/vendeur/offers/${myOffer.id}`, { price: '79,50', compareAt: '89', stock: '12', leadTimeDays: '5', active: 'on' });
    assert.equal(res.statusCode, 303);
    assert.match((await a.follow(res)).body, /Offre enregistrée/);
    const o = await offerRow(myOffer.id);
    assert.deepEqual([o.priceCents, o.compareAtCents, o.stock, o.leadTimeDays, o.active], [7950, 8900, 12, 5, true]);
    const product = await app.inject(`/fr/p/${myProduct.product.slug}?colour=navy&size=S`);
    assert.match(product.body, /79,50/);
    assert.match(product.body, /<s class="old-price">/);
  });

  test('wrong values are refused beside their field, what was typed is kept, nothing changes', async () => {
    const a = await sellerAgent(mine);
    await a.get('/vendeur/offers');
    const before = await offerRow(myOffer.id);
    const res = await a.post(`/vendeur/offers/${myOffer.id}`, { price: '-3', compareAt: '1', stock: '1.5', leadTimeDays: '999', active: 'on' });
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /Un montant en euros, par exemple 24,95/);
    assert.match(res.body, /Entrez un nombre entier/);
    assert.match(res.body, /Au maximum 60 jours/);
    assert.match(res.body, /name="price" value="-3"/);
    assert.deepEqual(await offerRow(myOffer.id), before);
    const zero = await a.post(`/vendeur/offers/${myOffer.id}`, { price: '0', stock: '1', leadTimeDays: '1' });
    assert.equal(zero.statusCode, 422);
    assert.match(zero.body, /Le prix doit être supérieur à 0/);
    const strike = await a.post(`/vendeur/offers/${myOffer.id}`, { price: '50', compareAt: '40', stock: '1', leadTimeDays: '1' });
    assert.match(strike.body, /Le prix barré doit être supérieur au prix/);
    assert.deepEqual(await offerRow(myOffer.id), before);
  });

  test('another seller’s offer id answers like a missing one, valid or not, and changes nothing', async () => {
    const a = await sellerAgent(mine);
    await a.get('/vendeur/offers');
    const before = await offerRow(theirOffer.id);
    const missing = await a.post('/vendeur/offers/00000000-0000-0000-0000-000000000000', { price: '1', stock: '0', leadTimeDays: '1' });
    const other = await a.post(`/vendeur/offers/${theirOffer.id}`, { price: '1', stock: '0', leadTimeDays: '1' });
    const otherInvalid = await a.post(`/vendeur/offers/${theirOffer.id}`, { price: 'x', stock: 'y', leadTimeDays: 'z' });
    assert.equal(missing.statusCode, 404);
    assert.equal(other.statusCode, 404);
    assert.equal(otherInvalid.statusCode, 404);
    assert.doesNotMatch(otherInvalid.body, /Écharpe/);
    assert.deepEqual(await offerRow(theirOffer.id), before);
  });

  test('a customer or a visitor cannot reach the pages', async () => {
    const visitor = new Agent(app);
    assert.equal((await visitor.get('/vendeur/offers')).statusCode, 303);
    await visitor.get('/vendeur/login');
    assert.equal((await visitor.post(`/vendeur/offers/${myOffer.id}`, { price: '1', stock: '0', leadTimeDays: '1' })).statusCode, 303);
    assert.equal((await offerRow(myOffer.id)).priceCents !== 100, true);
  });
});

describe('"Retours et livraison"', () => {
  test('the seller edits its return policy and shipping rule; the storefront follows', async () => {
    const a = await sellerAgent(mine);
    const form = await a.get('/vendeur/policy');
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /Délai de retour/);
    const res = await a.post('/vendeur/policy', {
      returnWindowDays: '30',
      returnShippingPaidBy: 'seller',
      conditionsFr: 'Non porté, étiquettes attachées.',
      conditionsNl: 'Ongedragen, met labels.',
      conditionsEn: '',
      textFr: 'Renvoyez le colis avec le bon de retour <b>inclus</b>.',
      textNl: '',
      textEn: '',
      shippingFee: '5,95',
      freeFrom: '75',
    });
    assert.equal(res.statusCode, 303);
    const [s] = await db.select().from(sellers).where(eq(sellers.id, mine.id));
    assert.equal(s!.returnWindowDays, 30);
    assert.equal(s!.returnShippingPaidBy, 'seller');
    assert.equal(s!.shippingFeeCents, 595);
    assert.equal(s!.freeShippingFromCents, 7500);
    assert.deepEqual(s!.returnConditions, { fr: 'Non porté, étiquettes attachées.', nl: 'Ongedragen, met labels.', en: 'Non porté, étiquettes attachées.' });
    const page = (await app.inject(`/fr/s/${mine.slug}`)).body;
    assert.match(page, /30 jours après la livraison/);
    assert.match(page, /À la charge du vendeur/);
    assert.match(page, /5,95\s€ par commande, offerte dès 75,00\s€/);
    assert.match(page, /&lt;b>inclus&lt;\/b>/, 'the text is escaped');
    assert.doesNotMatch(page, /<b>inclus/);
    assert.match((await app.inject(`/nl/s/${mine.slug}`)).body, /Ongedragen, met labels/);
  });

  test('a window under 14 days and malformed amounts are refused; nothing changes', async () => {
    const a = await sellerAgent(mine);
    await a.get('/vendeur/policy');
    const [before] = await db.select().from(sellers).where(eq(sellers.id, mine.id));
    const res = await a.post('/vendeur/policy', { returnWindowDays: '7', returnShippingPaidBy: 'nobody', conditionsFr: '', shippingFee: 'free', freeFrom: '-1' });
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /Au moins 14 jours/);
    assert.match(res.body, /Choisissez une des options proposées/);
    assert.match(res.body, /Ce champ est obligatoire/);
    assert.match(res.body, /name="shippingFee" type="text" value="free"/);
    const [after] = await db.select().from(sellers).where(eq(sellers.id, mine.id));
    assert.deepEqual(after, before);
  });

  test('each seller edits its own rules only: the form never carries a seller id', async () => {
    const a = await sellerAgent(mine);
    await a.get('/vendeur/policy');
    const [before] = await db.select().from(sellers).where(eq(sellers.id, theirs.id));
    await a.post('/vendeur/policy', { sellerId: theirs.id, id: theirs.id, returnWindowDays: '60', returnShippingPaidBy: 'seller', conditionsFr: 'x', shippingFee: '0' });
    const [after] = await db.select().from(sellers).where(eq(sellers.id, theirs.id));
    assert.deepEqual(after, before);
  });
});
