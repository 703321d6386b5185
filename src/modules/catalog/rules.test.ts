import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compareSizes, eurosToCents, listingQuery, parseListing, searchTerms, selectVariant, type PageOffer, type PageVariant } from './rules.js';

describe('a listing’s query string', () => {
  test('filters are read leniently: nonsense is ignored, bounds are swapped when reversed', () => {
    const f = parseListing({ colour: ['navy', 'navy', 'red'], size: 'M', min: '50', max: '20,5', stock: '1', sort: 'price_desc', page: '3' }, false);
    assert.deepEqual(f, { colours: ['navy', 'red'], sizes: ['M'], sellers: [], minCents: 2050, maxCents: 5000, inStock: true, sort: 'price_desc', page: 3 });
    const bad = parseListing({ min: 'abc', max: '1e9', sort: 'drop', page: '-2', stock: 'yes', colour: { a: 1 } }, false);
    assert.deepEqual(bad, { colours: [], sizes: [], sellers: [], minCents: null, maxCents: null, inStock: false, sort: 'new', page: 1 });
  });
  test('relevance is the default sort of a search only', () => {
    assert.equal(parseListing({}, true).sort, 'relevance');
    assert.equal(parseListing({ sort: 'relevance' }, false).sort, 'new');
  });
  test('links keep the filters and change only what is asked', () => {
    const f = parseListing({ colour: 'navy', min: '10', sort: 'price_asc' }, false);
    assert.equal(listingQuery(f, null, { page: 2 }), '?colour=navy&min=10&sort=price_asc&page=2');
    assert.equal(listingQuery(parseListing({}, true), 'robe été'), '?q=robe+%C3%A9t%C3%A9');
  });
  test('euros to cents', () => {
    assert.equal(eurosToCents('24,95'), 2495);
    assert.equal(eurosToCents('24.9'), 2490);
    assert.equal(eurosToCents('7'), 700);
    assert.equal(eurosToCents('-7'), null);
    assert.equal(eurosToCents('7,999'), null);
  });
});

describe('search words', () => {
  test('cut at spaces; % _ and \\ are escaped for LIKE', () => {
    assert.deepEqual(searchTerms('  robe   50%_off\\ '), [
      { word: 'robe', like: '%robe%' },
      { word: '50%_off\\', like: '%50\\%\\_off\\\\%' },
    ]);
    assert.equal(searchTerms('a b c d e f g h').length, 6);
    assert.deepEqual(searchTerms('   '), []);
  });
});

describe('sizes in a shopper’s order', () => {
  test('letters, then numbers, then the rest', () => {
    assert.deepEqual(['XL', 'S', '42', 'M', 'Taille unique', '38', 'XS', '40,5'].sort(compareSizes), ['XS', 'S', 'M', 'XL', '38', '40,5', '42', 'Taille unique']);
  });
});

describe('the product page’s variant', () => {
  const offer = (id: string, price: number, stock: number, lead = 2): PageOffer => ({ offerId: id, sellerId: `s-${id}`, sellerSlug: id, sellerName: id, priceCents: price, compareAtCents: null, stock, leadTimeDays: lead });
  const v = (colour: string, size: string, position: number, offers: PageOffer[]): PageVariant<string> => ({ variantId: `${colour}-${size}`, colour, colourName: colour, colourHex: '#000', size, position, offers });
  const variants = [
    v('navy', 'S', 1, [offer('a', 2000, 0)]),
    v('navy', 'M', 2, [offer('b', 2000, 3), offer('c', 1800, 1), offer('d', 1500, 0)]),
    v('red', 'S', 3, [offer('e', 2000, 0)]),
    v('red', 'L', 4, [offer('f', 2000, 0)]),
  ];
  test('given nothing asked, then the first colour with stock and its first size with stock', () => {
    const s = selectVariant(variants, {});
    assert.equal(s.variant?.variantId, 'navy-M');
    assert.equal(s.offer?.offerId, 'c', 'the cheapest offer in stock');
    assert.deepEqual(
      s.others.map((o) => o.offerId),
      ['b', 'd'],
    );
  });
  test('given a sold-out variant asked, then it is shown (sold out) rather than replaced', () => {
    const s = selectVariant(variants, { colour: 'navy', size: 'S' });
    assert.equal(s.variant?.variantId, 'navy-S');
    assert.equal(s.offer?.stock, 0);
  });
  test('given a colour whose sizes are all sold out, then it is marked unavailable and its sizes too', () => {
    const s = selectVariant(variants, { colour: 'red' });
    assert.deepEqual(s.colours.map((c) => [c.colour, c.available]), [
      ['navy', true],
      ['red', false],
    ]);
    assert.deepEqual(s.sizes.map((x) => [x.size, x.available]), [
      ['S', false],
      ['L', false],
    ]);
  });
  test('given a size that does not exist in the colour, then the colour’s first size in stock', () => {
    assert.equal(selectVariant(variants, { colour: 'navy', size: 'XXL' }).variant?.variantId, 'navy-M');
  });
  test('given an offer asked for the variant, then that offer is in the buy box', () => {
    assert.equal(selectVariant(variants, { colour: 'navy', size: 'M', offer: 'b' }).offer?.offerId, 'b');
    assert.equal(selectVariant(variants, { colour: 'navy', size: 'M', offer: 'zzz' }).offer?.offerId, 'c');
  });
});
