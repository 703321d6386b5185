import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import pg from 'pg';
import { listProducts } from '../src/modules/catalog/queries.js';
import { parseListing } from '../src/modules/catalog/rules.js';
import { testEnv } from './helpers/app.js';
import { makeCategory, makeProduct, makeSeller } from './helpers/factories.js';
import { recordStatements } from './helpers/statements.js';

/**
 * product_cards (decision 0033, migration 0026): the card a listing shows for each product, kept by
 * PostgreSQL triggers. Whatever changes — an offer, its stock crossing zero, a seller, a variant, a
 * product's category — the stored card is the one the rule computes from the offers at that moment,
 * also when two transactions change two offers of one product at the same time.
 */
const env = await testEnv();
const { deps, app } = env;
const db = deps.db;
const q = <T extends pg.QueryResultRow>(text: string, params: unknown[] = []) => deps.database.pool.query<T>(text, params).then((r) => r.rows);

/** The rule, computed from the offers (listProducts' aggregate before the cards existed). */
const RULE = `
  select p.id::text as product_id, p.category_id::text as category_id, p.created_at,
    (array_agg(o.price_cents order by (o.stock > 0) desc, o.price_cents, o.id))[1] as price_cents,
    (array_agg(o.compare_at_cents order by (o.stock > 0) desc, o.price_cents, o.id))[1] as compare_at_cents,
    (array_agg(s.name order by (o.stock > 0) desc, o.price_cents, o.id))[1] as seller_name,
    count(distinct s.id)::int as seller_count, bool_or(o.stock > 0) as in_stock, array_agg(distinct v.colour_hex order by v.colour_hex) as colour_hexes
  from products p join variants v on v.product_id = p.id join offers o on o.variant_id = v.id join sellers s on s.id = o.seller_id
  where o.active and s.status = 'active' group by p.id order by p.id`;
const STORED = `
  select product_id::text, category_id::text, created_at, price_cents, compare_at_cents, seller_name, seller_count, in_stock,
    array(select unnest(colour_hexes) order by 1) as colour_hexes
  from product_cards order by product_id`;
async function agrees(what: string) {
  assert.deepEqual(await q(STORED), await q(RULE), `cards after: ${what}`);
}

const alpha = await makeSeller(db, { name: 'Atelier Alpha' });
const beta = await makeSeller(db, { name: 'Boutique Beta' });
const shoes = await makeCategory(db, { slug: 'cards-shoes' });
const coats = await makeCategory(db, { slug: 'cards-coats' });
const boots = await makeProduct(db, { sellerId: alpha.id, categoryId: shoes.id, title: 'Bottines', priceCents: 8000, stock: 3, colours: ['black', 'brown'] });
const [bootsBlack, bootsBrown] = boots.variants;
const betaOffer = (
  await q<{ id: string }>(`insert into offers (variant_id, seller_id, price_cents, compare_at_cents, stock) values ($1, $2, 7000, 9000, 2) returning id`, [bootsBlack!.variant.id, beta.id])
)[0]!.id;

describe('product cards', () => {
  test('every change to what a card shows is in the card at the commit that makes it', async () => {
    await agrees('two sellers, a reduced price');
    const card = (await q<{ price_cents: number; seller_name: string; seller_count: number }>(`select * from product_cards where product_id = $1`, [boots.product.id]))[0]!;
    assert.deepEqual([card.price_cents, card.seller_name, card.seller_count], [7000, 'Boutique Beta', 2]);

    await q(`update offers set stock = 0 where id = $1`, [betaOffer]);
    await agrees('the cheapest offer sold out: the best is the next one in stock');
    await q(`update offers set stock = 1 where id = $1`, [betaOffer]);
    await agrees('back in stock');
    await q(`update offers set price_cents = 9900 where id = $1`, [betaOffer]);
    await agrees('a new price');
    await q(`update offers set active = false where variant_id = $1`, [bootsBrown!.variant.id]);
    await agrees('an offer withdrawn');
    await q(`update sellers set status = 'suspended' where id = $1`, [alpha.id]);
    await agrees('a seller suspended');
    await q(`update sellers set status = 'active', name = 'Atelier Alpha & Fils' where id = $1`, [alpha.id]);
    await agrees('the seller back, renamed');
    await q(`update variants set colour_hex = '#abcdef' where id = $1`, [bootsBlack!.variant.id]);
    await agrees('a colour corrected');
    await q(`update products set category_id = $1 where id = $2`, [coats.id, boots.product.id]);
    await agrees('moved to another category');
    await q(`delete from variants where id = $1`, [bootsBlack!.variant.id]);
    await agrees('a variant removed with its offers');
    await q(`update offers set active = false where variant_id in (select id from variants where product_id = $1)`, [boots.product.id]);
    await agrees('nothing left to buy: no card');
    assert.equal((await q(`select 1 from product_cards where product_id = $1`, [boots.product.id])).length, 0);
  });

  test('two transactions changing two offers of one product at once: the card has both changes', async () => {
    const made = await makeProduct(db, { sellerId: alpha.id, categoryId: shoes.id, priceCents: 1000, stock: 5 });
    const a = made.variants[0]!.offer.id;
    const b = (await q<{ id: string }>(`insert into offers (variant_id, seller_id, price_cents, stock) values ($1, $2, 2000, 5) returning id`, [made.variants[0]!.variant.id, beta.id]))[0]!.id;
    const one = new pg.Client({ connectionString: deps.database.url });
    const two = new pg.Client({ connectionString: deps.database.url });
    await one.connect();
    await two.connect();
    try {
      await one.query('begin');
      await one.query('update offers set price_cents = 3000 where id = $1', [a]); // the best is now b (2000)…
      await two.query('begin');
      const second = two.query('update offers set price_cents = 4000 where id = $1', [b]); // … and, with both, a (3000)
      await new Promise((r) => setTimeout(r, 200));
      await one.query('commit');
      await second;
      await two.query('commit');
    } finally {
      await one.end();
      await two.end();
    }
    const card = (await q<{ price_cents: number }>(`select price_cents from product_cards where product_id = $1`, [made.product.id]))[0]!;
    assert.equal(card.price_cents, 3000, 'computed after the other transaction committed, not from its own stale view');
    await agrees('concurrent changes');
  });

  test('a sale of one of many changes no card (the stock does not cross zero)', async () => {
    const made = await makeProduct(db, { sellerId: alpha.id, categoryId: shoes.id, stock: 50 });
    const before = await q<{ xmin: string }>(`select xmin::text from product_cards where product_id = $1`, [made.product.id]);
    await q(`update offers set stock = stock - 1 where id = $1`, [made.variants[0]!.offer.id]);
    assert.deepEqual(await q(`select xmin::text from product_cards where product_id = $1`, [made.product.id]), before, 'the row was not rewritten');
  });

  test('a category listing reads cards, not the offers of the whole category', async () => {
    const f = parseListing({}, false);
    const { statements } = await recordStatements(deps.database.pool, () => listProducts(db, { kind: 'category', categoryId: shoes.id, childIds: [] }, f));
    assert.equal(statements.length, 1);
    assert.match(statements[0]!, /from product_cards c/);
    assert.doesNotMatch(statements[0]!, /join offers/, 'no aggregate over the offers');
    const withColour = await recordStatements(deps.database.pool, () => listProducts(db, { kind: 'category', categoryId: shoes.id }, { ...f, colours: ['navy'] }));
    assert.match(withColour.statements[0]!, /join offers/, 'a colour filter chooses among the offers: the aggregate');
  });
});

describe('listings from cards', () => {
  test('a category lists its sub-categories too, in one order across both, page after page', async () => {
    const parent = await makeCategory(db, { slug: 'cards-parent' });
    const child = await makeCategory(db, { slug: 'cards-child', parentId: parent.id });
    const made = [];
    for (const [i, cat] of [parent, child, parent, child, child].entries()) {
      const p = await makeProduct(db, { sellerId: alpha.id, categoryId: cat.id, title: `Merge ${i}` });
      await q(`update products set created_at = now() - make_interval(days => $1) where id = $2`, [i, p.product.id]);
      made.push(p.product.id);
    }
    const f = parseListing({}, false);
    const scope = { kind: 'category', categoryId: parent.id } as const;
    const pages = [];
    for (let page = 1; page <= 3; page++) pages.push(await listProducts(db, scope, { ...f, page }, 2));
    assert.deepEqual(pages.flatMap((p) => p.cards.map((c) => c.id)), made, 'newest first, both categories merged');
    assert.deepEqual(pages.map((p) => [p.total, p.pages]), [[5, 3], [5, 3], [5, 3]]);
    const cheap = await listProducts(db, scope, { ...f, sort: 'price_asc' }, 10);
    assert.deepEqual(cheap.cards.map((c) => c.id), made, 'same price: newest first');
  });

  test('a search keeps its ranking through a sale, and a renamed product is found at once', async () => {
    const hat = await makeProduct(db, { sellerId: beta.id, categoryId: coats.id, title: 'Chapeau zorblatt', stock: 9 });
    const rankings = async (url: string) => {
      await app.pageCache!.fresh();
      const { statements } = await recordStatements(deps.database.pool, async () => assert.equal((await app.inject(url)).statusCode, 200));
      return statements.filter((x) => /select c\.product_id as id from product_cards/.test(x)).length;
    };
    const url = '/fr/search?q=zorblatt';
    assert.equal(await rankings(url), 1);
    await q(`update offers set stock = stock - 1 where id = $1`, [hat.variants[0]!.offer.id]);
    assert.equal(await rankings(url), 0, 'a sale: the page is rendered again from the kept ranking');
    const other = await makeProduct(db, { sellerId: beta.id, categoryId: coats.id, title: 'Bonnet' });
    await q(`update products set title = jsonb_set(title, '{fr}', '"Bonnet zorblatt"') where id = $1`, [other.product.id]);
    assert.equal(await rankings(url), 1, 'a product changed: the search runs again');
    assert.match((await app.inject(url)).body, /Bonnet zorblatt/);
  });

  test('shoppers missing the same search at the same time share one read of its ranking', async () => {
    await makeProduct(db, { sellerId: beta.id, categoryId: coats.id, title: 'Gant quorvex' });
    await app.pageCache!.fresh();
    const { statements } = await recordStatements(deps.database.pool, () =>
      Promise.all(Array.from({ length: 5 }, (_, i) => app.inject(`/fr/search?q=quorvex&v=${i}`).then((r) => assert.equal(r.statusCode, 200)))),
    );
    assert.equal(statements.filter((x) => /select c\.product_id as id from product_cards/.test(x)).length, 1);
    assert.equal(statements.filter((x) => /grouping sets/.test(x)).length, 1, 'and of its filter choices');
  });
});

describe('filter choices and sales (offers_stock)', () => {
  const listener = new pg.Client({ connectionString: deps.database.url });
  after(() => listener.end());

  test('a stock-only update says offers_stock, any other change to offers says offers', async () => {
    await listener.connect();
    const heard: string[] = [];
    listener.on('notification', (n) => heard.push(n.payload ?? ''));
    await listener.query('listen comptoir_catalog');
    const made = await makeProduct(db, { sellerId: beta.id, categoryId: coats.id, stock: 9 });
    const offer = made.variants[0]!.offer.id;
    await listener.query('select 1'); // the inserts' notifications are in
    heard.length = 0;
    await q(`update offers set stock = 8 where id = $1`, [offer]);
    await q(`update offers set price_cents = 2600 where id = $1`, [offer]);
    await q(`update offers set stock = 7, active = false where id = $1`, [offer]);
    await listener.query('select 1');
    assert.deepEqual(heard.filter((p) => p.startsWith('offers')), ['offers_stock', 'offers', 'offers']);
  });

  test('after a sale a category page keeps its filter choices; after a price change it reads them again', async () => {
    const hats = await makeCategory(db, { slug: 'cards-hats' });
    const offer = (await makeProduct(db, { sellerId: beta.id, categoryId: hats.id, stock: 9, priceCents: 1500 })).variants[0]!.offer.id;
    const page = `/fr/c/${hats.slug}`;
    const facetReads = async () => {
      await app.pageCache!.fresh();
      const { statements } = await recordStatements(deps.database.pool, async () => assert.equal((await app.inject(page)).statusCode, 200));
      return statements.filter((s) => /grouping sets/.test(s)).length;
    };
    await facetReads();
    assert.equal(await facetReads(), 0, 'the page itself from the page cache');
    await q(`update offers set stock = stock + 5 where id = $1`, [offer]);
    assert.equal(await facetReads(), 0, 'a sale: the page is rendered again, its filter choices are not read again');
    await q(`update offers set price_cents = 99900 where id = $1`, [offer]);
    assert.equal(await facetReads(), 1, 'a new price may change the price range: read again');
    assert.match((await app.inject(page)).body, /999/, 'and the new price range shows');
  });
});
