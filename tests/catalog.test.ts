import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../src/db/client.js';
import { categories, offers, products, variants } from '../src/modules/catalog/schema.js';
import { categoryNav, invalidateCategoryNav, refreshCategoryNav } from '../src/modules/catalog/nav.js';
import { sellers } from '../src/modules/sellers/schema.js';
import { Agent } from './helpers/agent.js';
import { testEnv } from './helpers/app.js';
import { makeCategory, makeProduct, makeSeller } from './helpers/factories.js';
import { isRead, recordStatements } from './helpers/statements.js';

const env = await testEnv();
const { app, deps } = env;
const db = deps.db;

/** Counts the reads sent through the pool while `fn` runs (a listing never writes). */
async function countQueries(fn: () => Promise<unknown>): Promise<{ n: number; statements: string[] }> {
  const statements = (await recordStatements(deps.database.pool, fn)).statements.filter(isRead);
  return { n: statements.length, statements };
}

async function setTitle(db: Db, productId: string, title: { fr: string; nl: string; en: string }) {
  await db.update(products).set({ title }).where(eq(products.id, productId));
}

/** A second seller's offer on an existing variant. */
async function addOffer(db: Db, variantId: string, sellerId: string, priceCents: number, stock = 5, leadTimeDays = 2) {
  const [o] = await db.insert(offers).values({ variantId, sellerId, priceCents, stock, leadTimeDays }).returning();
  return o!;
}

const shopA = await makeSeller(db, { name: 'Maison Alpha', slug: 'maison-alpha' });
const shopB = await makeSeller(db, { name: 'Atelier Beta', slug: 'atelier-beta', shippingFeeCents: 390, freeShippingFromCents: null, returnWindowDays: 30, returnShippingPaidBy: 'seller' });

const small = await makeCategory(db, { slug: 'petite', name: { fr: 'Petite', nl: 'Klein', en: 'Small' }, position: 1 });
const big = await makeCategory(db, { slug: 'grande', name: { fr: 'Grande', nl: 'Groot', en: 'Big' }, position: 2 });
for (let i = 0; i < 2; i++) await makeProduct(db, { sellerId: shopA.id, categoryId: small.id, title: `Petit ${i}` });
for (let i = 0; i < 30; i++) {
  const p = await makeProduct(db, { sellerId: i % 2 ? shopA.id : shopB.id, categoryId: big.id, title: `Grand ${i}`, colours: ['navy', 'red'], sizes: ['S', 'M', 'L'], priceCents: 1000 + i * 100 });
  if (i % 3 === 0) await addOffer(db, p.variants[0]!.variant.id, i % 2 ? shopB.id : shopA.id, 900 + i * 100);
}

// The search corpus.
const search = await makeCategory(db, { slug: 'recherche', name: { fr: 'Recherche', nl: 'Zoeken', en: 'Search' }, position: 3 });
const dress = await makeProduct(db, { sellerId: shopA.id, categoryId: search.id, brand: 'Soleil', priceCents: 5900 });
await setTitle(db, dress.product.id, { fr: 'Robe d’Été en lin', nl: 'Zomerjurk van linnen', en: 'Linen summer dress' });
const trousers = await makeProduct(db, { sellerId: shopB.id, categoryId: search.id, brand: 'Atelier', priceCents: 7900 });
await setTitle(db, trousers.product.id, { fr: 'Pantalon large en laine', nl: 'Wijde wollen broek', en: 'Wide wool trousers' });
const percent = await makeProduct(db, { sellerId: shopB.id, categoryId: search.id, brand: 'Chiffres' });
await setTitle(db, percent.product.id, { fr: 'Bougie parfumée', nl: 'Geurkaars', en: 'Scented candle' });
invalidateCategoryNav();

describe('listings run a fixed number of queries whatever their size (no N+1)', () => {
  test('a category of 2 products and one of 30 products with several variants and sellers take the same number of queries', async () => {
    const a = new Agent(app);
    // Every catalogue change of the setup seen first (a late notification would empty the caches in the
    // middle of the count), then the category bar's cache warmed through another page: both counted
    // pages are fetched for the first time, so both are rendered (never answered from the page cache),
    // and neither category's filter choices were read before (they are kept: decision 0033).
    assert.ok(await app.pageCache?.fresh(), 'the page cache listens');
    await a.get('/fr/help');
    const smallRun = await countQueries(async () => assert.equal((await a.get('/fr/c/petite')).statusCode, 200));
    const bigRun = await countQueries(async () => {
      const res = await a.get('/fr/c/grande');
      assert.equal(res.statusCode, 200);
      assert.equal((res.body.match(/class="product-card"/g) ?? []).length, 24, 'a full page of 24 cards');
    });
    assert.equal(bigRun.n, smallRun.n, `same count:\n${smallRun.statements.join("\n---\n")}\n=====\n${bigRun.statements.join("\n---\n")}`);
    assert.ok(bigRun.n <= 3, `at most 3 queries, got ${bigRun.n}`);
  });

  test('the home page, a search and a seller page too', async () => {
    const a = new Agent(app);
    await a.get('/fr/');
    assert.ok((await countQueries(() => a.get('/fr/'))).n <= 3);
    // A search: its matches in order of relevance, the page's cards, the filter choices (decision 0033).
    assert.ok((await countQueries(() => a.get('/fr/search?q=grand'))).n <= 3);
    assert.ok((await countQueries(() => a.get('/fr/s/maison-alpha'))).n <= 3);
    const page2 = await countQueries(() => a.get('/fr/c/grande?page=2&sort=price_desc&colour=red&size=M'));
    assert.ok(page2.n <= 3);
  });
});

describe('search', () => {
  const found = async (q: string) => {
    const res = await app.inject(`/fr/search?q=${encodeURIComponent(q)}`);
    assert.equal(res.statusCode, 200);
    return res.body;
  };
  test('accents and case do not matter: "ete" and "ÉTÉ" find "Robe d’Été"', async () => {
    assert.match(await found('ete'), /Robe d’Été en lin/);
    assert.match(await found('ÉTÉ'), /Robe d’Été en lin/);
    assert.match(await found('robe ete'), /Robe d’Été en lin/);
  });
  test('a small typo still finds the product: "pantalom", "bougei"', async () => {
    assert.match(await found('pantalom'), /Pantalon large en laine/);
    assert.match(await found('pantallon'), /Pantalon large en laine/);
  });
  test('Dutch words find the product, and the Dutch storefront shows the Dutch title', async () => {
    assert.match(await found('jurk'), /Robe d’Été en lin/);
    const nl = await app.inject(`/nl/search?q=${encodeURIComponent('wollen broek')}`);
    assert.match(nl.body, /Wijde wollen broek/);
    assert.match(nl.body, /Resultaten voor/);
  });
  test('every word must match: "robe laine" finds nothing', async () => {
    const body = await found('robe laine');
    assert.doesNotMatch(body, /Robe d’Été|Pantalon large/);
  });
  test('SQL metacharacters and LIKE wildcards are plain text', async () => {
    for (const q of ['%', '_', '%%', '\\', "'; drop table products; --", 'r%e', 'p_ntalon', '_obe', '"><script>']) {
      const body = await found(q);
      assert.doesNotMatch(body, /class="product-card"/, `"${q}" must not match everything`);
    }
    const [{ n }] = (await db.execute<{ n: number }>(sql`select count(*)::int as n from products`)).rows as [{ n: number }];
    assert.ok(n >= 35, 'the products are still there');
    // A quote is text too: it finds the one title with an apostrophe (’ is unaccented to ').
    const quote = await found("'");
    assert.equal((quote.match(/class="product-card"/g) ?? []).length, 1);
  });
  test('an empty search asks for a word; the search box keeps the query', async () => {
    assert.match(await found(''), /Tapez le nom d’un produit/);
    assert.match(await found('lin'), /<input id="q" name="q" type="search"[^>]*value="lin"/);
  });
});

describe('filters, sorting and pages (GET forms that work without JavaScript)', () => {
  const cards = (body: string) => [...body.matchAll(/<span class="title">([^<]+)<\/span>/g)].map((m) => m[1]!);
  const prices = (body: string) => [...body.matchAll(/<span class="now">([^<]+)<\/span>/g)].map((m) => Number(m[1]!.replace(/[^\d,]/g, '').replace(',', '.')));
  test('sorting by price up and down', async () => {
    const up = prices((await app.inject('/fr/c/grande?sort=price_asc')).body);
    assert.deepEqual(up, [...up].sort((a, b) => a - b));
    const down = prices((await app.inject('/fr/c/grande?sort=price_desc')).body);
    assert.deepEqual(down, [...down].sort((a, b) => b - a));
    assert.ok(down[0]! > up[0]!);
  });
  test('a price range keeps only products with an offer inside it', async () => {
    const body = (await app.inject('/fr/c/grande?min=20&max=25,50')).body;
    const p = prices(body);
    assert.ok(p.length > 0);
    assert.ok(p.every((x) => x >= 20 && x <= 25.5), `prices ${p.join(', ')}`);
  });
  test('a seller filter keeps that seller’s products', async () => {
    const body = (await app.inject('/fr/c/grande?seller=atelier-beta')).body;
    const sellersShown = [...body.matchAll(/<span class="seller">([^<]+)<\/span>/g)].map((m) => m[1]!);
    assert.ok(sellersShown.length > 0);
    assert.ok(sellersShown.every((s) => s.startsWith('Atelier Beta')), sellersShown.join(' | '));
  });
  test('colour and size filters, and "in stock only"', async () => {
    const out = await makeProduct(db, { sellerId: shopA.id, categoryId: big.id, title: 'Épuisé vert', colours: ['green'], sizes: ['XL'], stock: 0 });
    const green = (await app.inject('/fr/c/grande?colour=green')).body;
    assert.deepEqual(cards(green), ['Épuisé vert']);
    assert.match(green, /<span class="sold-out">Épuisé<\/span>/);
    assert.deepEqual(cards((await app.inject('/fr/c/grande?colour=green&stock=1')).body), []);
    assert.deepEqual(cards((await app.inject('/fr/c/grande?size=XL')).body), ['Épuisé vert']);
    await db.delete(products).where(eq(products.id, out.product.id));
  });
  test('page 2 continues page 1 with no product twice', async () => {
    const one = cards((await app.inject('/fr/c/grande')).body);
    const two = cards((await app.inject('/fr/c/grande?page=2')).body);
    assert.equal(one.length, 24);
    assert.equal(two.length, 6);
    assert.equal(new Set([...one, ...two]).size, 30);
  });
  test('the filter form shows the choices and keeps what was chosen; nonsense values are ignored', async () => {
    const body = (await app.inject('/fr/c/grande?colour=red&size=M&min=abc&sort=nope&page=-3')).body;
    assert.match(body, /name="colour" value="red" checked/);
    assert.match(body, /name="size" value="M" checked/);
    assert.match(body, /name="seller" value="maison-alpha"/);
    assert.match(body, /<option value="new" selected>/);
  });
  test('an unknown category is a 404', async () => {
    assert.equal((await app.inject('/fr/c/nope')).statusCode, 404);
  });
});

const p = await makeProduct(db, { sellerId: shopA.id, categoryId: small.id, title: 'Chemise rayée', colours: ['navy', 'white'], sizes: ['S', 'M'], priceCents: 4500 });
const v = (c: string, s: string) => p.variants.find((x) => x.variant.colour === c && x.variant.size === s)!;
await db.update(offers).set({ stock: 0 }).where(eq(offers.id, v('white', 'M').offer.id));
await db.update(offers).set({ compareAtCents: 6000 }).where(eq(offers.id, v('navy', 'S').offer.id));
const otherOffer = await addOffer(db, v('navy', 'M').variant.id, shopB.id, 4200, 3, 5);
const slug = p.product.slug;

describe('product page', () => {

  test('the chosen colour and size select the variant; the best offer sells it; others are listed', async () => {
    const body = (await app.inject(`/fr/p/${slug}?colour=navy&size=M`)).body;
    // Atelier Beta is cheaper: it sells the variant; Maison Alpha is the other offer.
    assert.match(body, /Vendu et expédié par <a href="\/fr\/s\/atelier-beta">Atelier Beta<\/a>/);
    assert.match(body, /<a href="\/fr\/s\/atelier-beta#politique-de-retour">Politique de retour<\/a>/);
    assert.match(body, /Autres vendeurs pour cet article/);
    assert.match(body, /Ajouter au panier<span class="visually-hidden"> chez Maison Alpha<\/span>/);
    assert.match(body, new RegExp(`href="/fr/p/${slug}/question\\?offer=${otherOffer.id}"[^>]*>Poser une question sur ce produit`));
    assert.match(body, /Livraison estimée entre le/);
    assert.match(body, /42,00/);
    assert.match(body, /TVA comprise/);
  });
  test('a reduced price shows the old price struck through', async () => {
    const body = (await app.inject(`/fr/p/${slug}?colour=navy&size=S`)).body;
    assert.match(body, /<s class="old-price"><span class="visually-hidden">Prix précédent <\/span>60,00/);
  });
  test('a sold-out variant is shown as such, without "Ajouter au panier"', async () => {
    const body = (await app.inject(`/fr/p/${slug}?colour=white&size=M`)).body;
    assert.match(body, /Cet article est épuisé dans cette couleur et cette taille/);
    assert.doesNotMatch(body, />Ajouter au panier</);
    assert.match(body, /class="size sold-out-size" aria-current="true">M<span class="visually-hidden"> — Épuisé<\/span>/);
    assert.match(body, /Poser une question sur ce produit/);
  });
  test('without a choice, the page opens on a variant in stock; an unknown product is a 404', async () => {
    const body = (await app.inject(`/fr/p/${slug}`)).body;
    assert.match(body, />Ajouter au panier</);
    assert.equal((await app.inject('/fr/p/does-not-exist')).statusCode, 404);
  });
  test('the same page in Dutch and English', async () => {
    assert.match((await app.inject(`/nl/p/${slug}?colour=navy&size=M`)).body, /Verkocht en verzonden door/);
    assert.match((await app.inject(`/en/p/${slug}?colour=navy&size=M`)).body, /Ask a question about this product/);
  });
});

describe('seller page', () => {
  test('presentation, the structured "Politique de retour" and its products', async () => {
    const body = (await app.inject('/fr/s/atelier-beta')).body;
    assert.match(body, /<h1 id="seller-name">Atelier Beta<\/h1>/);
    assert.match(body, /id="politique-de-retour"/);
    assert.match(body, /30 jours après la livraison/);
    assert.match(body, /À la charge du vendeur/);
    assert.match(body, /Unworn, with labels/);
    assert.match(body, /3,90\s€ par commande/);
    assert.match(body, /class="product-card"/);
    assert.equal((await app.inject('/fr/s/atelier-beta/return-policy')).headers.location, '/fr/s/atelier-beta#politique-de-retour');
  });
  test('a suspended seller’s page is not found', async () => {
    const s = await makeSeller(db, { status: 'suspended' });
    assert.equal((await app.inject(`/fr/s/${s.slug}`)).statusCode, 404);
    assert.equal((await app.inject('/fr/s/nobody')).statusCode, 404);
  });
});

describe('the category bar', () => {
  test('is on every storefront page, and follows a change at once when invalidated', async () => {
    assert.match((await app.inject('/fr/login')).body, /<nav class="cat-bar"[\s\S]*href="\/fr\/c\/petite"/);
    await db.update(categories).set({ name: { fr: 'Toute petite', nl: 'Heel klein', en: 'Tiny' } }).where(eq(categories.id, small.id));
    invalidateCategoryNav();
    assert.match((await app.inject('/nl/help')).body, /Heel klein/);
  });
  test('a change heard while a page is being rendered keeps the bar (stale until the next read), never empties it', async () => {
    // The previous test's category change heard first: a late notification would make the bar stale again.
    assert.ok(await app.pageCache?.fresh(), 'the page cache listens');
    await refreshCategoryNav(deps);
    const before = categoryNav('fr').map((c) => c.slug);
    assert.ok(before.includes('petite'));
    invalidateCategoryNav(); // a catalogue notification arriving between the bar's read and the render
    assert.deepEqual(categoryNav('fr').map((c) => c.slug), before, 'the rows read for this request are still there');
    const rows = await recordStatements(deps.database.pool, () => refreshCategoryNav(deps));
    assert.equal(rows.statements.length, 1, 'the next request reads the bar again');
    assert.equal((await recordStatements(deps.database.pool, () => refreshCategoryNav(deps))).statements.length, 0, 'then keeps it');
  });
  test('suspended sellers’ offers are not listed', async () => {
    await db.update(sellers).set({ status: 'suspended' }).where(eq(sellers.id, shopB.id));
    const body = (await app.inject('/fr/c/grande?seller=atelier-beta')).body;
    assert.doesNotMatch(body, /class="product-card"/);
    await db.update(sellers).set({ status: 'active' }).where(eq(sellers.id, shopB.id));
  });
});

void variants;

describe('a department with many shops', () => {
  test('the seller filter lists the 15 shops with the most products, says how many there are, and always keeps a chosen one', async () => {
    const cat = await makeCategory(db);
    const shops = [];
    for (let i = 1; i <= 20; i++) {
      const shop = await makeSeller(db, { name: `Boutique ${String(i).padStart(2, '0')}` });
      shops.push(shop);
      // Shops 01–05 have two products here, the others one: 01–05 and 06–15 (by name) make the 15.
      for (let n = 0; n < (i <= 5 ? 2 : 1); n++) await makeProduct(db, { sellerId: shop.id, categoryId: cat.id });
    }
    const listed = (html: string) => [...html.matchAll(/name="seller" value="([^"]+)"/g)].map((m) => m[1]!);
    const page = await app.inject({ method: 'GET', url: `/fr/c/${cat.slug}` });
    assert.equal(page.statusCode, 200, 'the category answers');
    assert.deepEqual(listed(page.body), shops.slice(0, 15).map((s) => s.slug), 'the 15 most present shops, by name');
    assert.match(page.body, /Les 15 vendeurs les plus présents ici, sur 20/, 'says the list is capped');
    const last = shops[19]!;
    const chosen = await app.inject({ method: 'GET', url: `/fr/c/${cat.slug}?seller=${last.slug}` });
    assert.ok(listed(chosen.body).includes(last.slug), 'a chosen shop outside the 15 is still listed');
    assert.match(chosen.body, new RegExp(`value="${last.slug}" checked`), 'and checked');
    assert.match(chosen.body, /1 article/, 'its one product is the listing');
  });
});
