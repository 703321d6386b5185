import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { I18nText } from '../src/shared/i18n-text.js';
import {
  DEMO_ACCOUNTS,
  DEMO_CATEGORIES,
  DEMO_CUSTOMER,
  DEMO_IMAGES,
  DEMO_OFFERS,
  DEMO_OPERATORS,
  DEMO_PASSWORD,
  DEMO_PRODUCTS,
  DEMO_SELLER_USERS,
  DEMO_SELLERS,
  DEMO_SETTINGS,
  DEMO_VARIANTS,
  PRODUCT_KINDS,
  type OfferSeed,
} from '../src/seed/demo-data.js';
import { faviconSvg, productSvg } from '../src/seed/images.js';

function assertI18n(text: I18nText, where: string): void {
  for (const locale of ['fr', 'nl', 'en'] as const) {
    assert.ok(text[locale].trim().length > 0, `${where}: empty ${locale}`);
  }
}

function assertUnique(values: readonly string[], what: string): void {
  const seen = new Set<string>();
  for (const v of values) {
    assert.ok(!seen.has(v), `duplicate ${what}: ${v}`);
    seen.add(v);
  }
}

function offersBySku(): Map<string, OfferSeed[]> {
  const map = new Map<string, OfferSeed[]>();
  for (const o of DEMO_OFFERS) map.set(o.sku, [...(map.get(o.sku) ?? []), o]);
  return map;
}

test('counts: 6 to 8 categories, at least 5 sellers, at least 64 products', () => {
  assert.ok(DEMO_CATEGORIES.length >= 6 && DEMO_CATEGORIES.length <= 8);
  assert.ok(DEMO_SELLERS.length >= 5);
  assert.ok(DEMO_PRODUCTS.length >= 64);
  assert.equal(DEMO_SELLERS[0]?.name, 'Comptoir Grand Magasin');
});

test('every user-facing text exists in fr, nl and en', () => {
  for (const c of DEMO_CATEGORIES) assertI18n(c.name, `category ${c.slug}`);
  for (const s of DEMO_SELLERS) {
    assertI18n(s.description, `seller ${s.slug} description`);
    assertI18n(s.returnConditions, `seller ${s.slug} returnConditions`);
    assertI18n(s.returnText, `seller ${s.slug} returnText`);
  }
  for (const p of DEMO_PRODUCTS) {
    assertI18n(p.title, `product ${p.slug} title`);
    assertI18n(p.description, `product ${p.slug} description`);
  }
  for (const v of DEMO_VARIANTS) assertI18n(v.colourName, `variant ${v.sku} colour`);
});

test('slugs are unique ascii, SKUs are unique', () => {
  const slugs = [...DEMO_CATEGORIES.map((c) => c.slug), ...DEMO_SELLERS.map((s) => s.slug), ...DEMO_PRODUCTS.map((p) => p.slug)];
  for (const slug of slugs) assert.match(slug, /^[a-z0-9]+(-[a-z0-9]+)*$/);
  assertUnique(DEMO_CATEGORIES.map((c) => c.slug), 'category slug');
  assertUnique(DEMO_SELLERS.map((s) => s.slug), 'seller slug');
  assertUnique(DEMO_PRODUCTS.map((p) => p.slug), 'product slug');
  assertUnique(DEMO_VARIANTS.map((v) => v.sku), 'sku');
});

test('sellers: Belgian VAT numbers, distinct return policies and shipping rules', () => {
  for (const s of DEMO_SELLERS) {
    assert.match(s.vatNumber, /^BE0\d{3}\.\d{3}\.\d{3}$/, s.slug);
    const digits = s.vatNumber.replace(/\D/g, '');
    assert.equal(97 - (Number(digits.slice(0, 8)) % 97), Number(digits.slice(8)), `${s.slug}: VAT check digits`);
    assert.ok([14, 30].includes(s.returnWindowDays));
    assert.ok(Number.isInteger(s.shippingFeeCents) && s.shippingFeeCents > 0);
    assert.ok(s.freeShippingFromCents === null || Number.isInteger(s.freeShippingFromCents));
    assert.ok(s.commissionBps >= 0 && s.commissionBps <= 10000);
  }
  assertUnique(DEMO_SELLERS.map((s) => s.returnText.fr), 'return text');
  assertUnique(DEMO_SELLERS.map((s) => s.vatNumber), 'VAT number');
});

test('every product has variants, a picture per colour, and every variant at least one offer', () => {
  const bySku = offersBySku();
  for (const p of DEMO_PRODUCTS) {
    const variants = DEMO_VARIANTS.filter((v) => v.productSlug === p.slug);
    assert.ok(variants.length > 0, p.slug);
    for (const v of variants) assert.ok((bySku.get(v.sku)?.length ?? 0) >= 1, v.sku);
    const colours = DEMO_IMAGES.filter((i) => i.productSlug === p.slug).map((i) => i.colour);
    assert.deepEqual([...colours].sort(), [...new Set(variants.map((v) => v.colour))].sort(), p.slug);
  }
  assert.equal(bySku.size, DEMO_VARIANTS.length);
});

test('offers: positive integer prices in cents, VAT 21 % or 6 %, sane stock and lead times', () => {
  for (const o of DEMO_OFFERS) {
    assert.ok(Number.isInteger(o.priceCents) && o.priceCents > 0, o.sku);
    assert.ok(o.compareAtCents === null || (Number.isInteger(o.compareAtCents) && o.compareAtCents > o.priceCents), o.sku);
    assert.ok(o.vatRateBps === 2100 || o.vatRateBps === 600, o.sku);
    assert.ok(Number.isInteger(o.stock) && o.stock >= 0, o.sku);
    assert.ok(o.leadTimeDays >= 1 && o.leadTimeDays <= 5, o.sku);
  }
  assert.ok(DEMO_OFFERS.some((o) => o.compareAtCents !== null), 'some reduced items');
  assert.ok(DEMO_OFFERS.some((o) => o.vatRateBps === 600), 'some 6 % items');
});

test('at least 8 products are offered by two sellers at different prices', () => {
  const shared = DEMO_PRODUCTS.filter((p) => new Set(p.offers.map((o) => o.seller)).size === 2 && new Set(p.offers.map((o) => o.priceCents)).size === 2);
  assert.ok(shared.length >= 8, `${shared.length} shared products`);
});

test('some variants are sold out at every seller, most are not', () => {
  const stocks = [...offersBySku().values()].map((offers) => offers.reduce((sum, o) => sum + o.stock, 0));
  const soldOut = stocks.filter((s) => s === 0).length;
  assert.ok(soldOut >= 3, `${soldOut} sold-out variants`);
  assert.ok(soldOut < stocks.length / 10);
});

test('demo accounts share one password and lower-case emails', () => {
  const emails = [DEMO_CUSTOMER.email, ...DEMO_SELLER_USERS.map((u) => u.email), ...DEMO_OPERATORS.map((o) => o.email)];
  for (const e of emails) assert.equal(e, e.toLowerCase());
  assertUnique(emails, 'account email');
  for (const a of DEMO_ACCOUNTS) assert.equal(a.password, DEMO_PASSWORD);
  assert.deepEqual(
    DEMO_ACCOUNTS.slice(0, 4).map((a) => [a.role, a.email]),
    [
      ['customer', 'client@demo.comptoir.be'],
      ['seller', 'vendeur@demo.comptoir.be'],
      ['operator', 'admin@demo.comptoir.be'],
      ['operator', 'service@demo.comptoir.be'],
    ],
  );
  for (const s of DEMO_SELLERS) assert.ok(DEMO_SELLER_USERS.some((u) => u.seller === s.slug), `${s.slug} has a user`);
  assert.deepEqual(DEMO_SETTINGS.find((s) => s.key === 'deadlines')?.value, { sellerAcceptDays: 2, sellerReplyWorkingDays: 2, autoDeliverDays: 10, autoCloseDays: 7 });
});

test('pictures are small, self-contained SVGs', () => {
  for (const kind of PRODUCT_KINDS) {
    for (const colour of ['white', 'black', 'stripe-navy'] as const) {
      const svg = productSvg(kind, colour);
      assert.ok(svg.length < 3000, `${kind} ${colour}: ${svg.length} bytes`);
      assert.match(svg, /viewBox="0 0 600 600"/);
      assert.doesNotMatch(svg, /<script|href|on[a-z]+=|<image|<foreignObject/i, kind);
      assert.deepEqual(svg.match(/https?:\/\/[^"]*/g), ['http://www.w3.org/2000/svg'], kind);
    }
  }
  assert.doesNotMatch(faviconSvg(), /<script|href/i);
  for (const image of DEMO_IMAGES) assert.equal(image.url, `/static/img/products/${image.productSlug}-${image.colour}.svg`);
});
