import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { includedVat, parseQuantity, priceCart, shippingFor, type PricingLine, type SellerShippingRule } from './pricing.js';

const rule = (sellerId: string, fee: number, freeFrom: number | null): SellerShippingRule => ({ sellerId, sellerName: sellerId, sellerSlug: sellerId, shippingFeeCents: fee, freeShippingFromCents: freeFrom });
const line = (over: Partial<PricingLine> & { offerId: string; sellerId: string }): PricingLine => ({
  quantity: 1,
  unitPriceCents: 1000,
  vatRateBps: 2100,
  priceSeenCents: over.unitPriceCents ?? 1000,
  stock: 10,
  available: true,
  ...over,
});

describe('VAT included in a price', () => {
  test('21 % of 12,10 € incl. VAT is 2,10 €; 6 % of 10,60 € is 0,60 €', () => {
    assert.equal(includedVat(1210, 2100), 210);
    assert.equal(includedVat(1060, 600), 60);
    assert.equal(includedVat(0, 2100), 0);
  });
});

describe('a seller’s shipping rule', () => {
  test('flat fee below the threshold, free from it, nothing for nothing', () => {
    assert.equal(shippingFor({ shippingFeeCents: 495, freeShippingFromCents: 5000 }, 4999), 495);
    assert.equal(shippingFor({ shippingFeeCents: 495, freeShippingFromCents: 5000 }, 5000), 0);
    assert.equal(shippingFor({ shippingFeeCents: 495, freeShippingFromCents: null }, 100000), 495);
    assert.equal(shippingFor({ shippingFeeCents: 495, freeShippingFromCents: 5000 }, 0), 0);
  });
});

describe('pricing a cart from two sellers', () => {
  const rules = [rule('A', 495, 6000), rule('B', 390, null)];
  const cart = priceCart(
    [
      line({ offerId: 'a1', sellerId: 'A', quantity: 2, unitPriceCents: 1999 }),
      line({ offerId: 'b1', sellerId: 'B', quantity: 1, unitPriceCents: 2650, vatRateBps: 600 }),
      line({ offerId: 'a2', sellerId: 'A', quantity: 1, unitPriceCents: 1500 }),
    ],
    rules,
  );
  test('given lines of two sellers, then one group per seller in the order they first appear', () => {
    assert.deepEqual(
      cart.groups.map((g) => [g.sellerId, g.lines.map((l) => l.offerId)]),
      [
        ['A', ['a1', 'a2']],
        ['B', ['b1']],
      ],
    );
  });
  test('each group has its subtotal, its shipping fee and its total', () => {
    const [a, b] = cart.groups;
    assert.equal(a!.itemsCents, 2 * 1999 + 1500);
    assert.equal(a!.shippingCents, 495);
    assert.equal(a!.missingForFreeShippingCents, 6000 - 5498);
    assert.equal(b!.itemsCents, 2650);
    assert.equal(b!.shippingCents, 390);
    assert.equal(b!.missingForFreeShippingCents, null);
  });
  test('money adds up: total = articles + shipping = sum of the groups', () => {
    assert.equal(cart.itemsCents, 5498 + 2650);
    assert.equal(cart.shippingCents, 495 + 390);
    assert.equal(cart.totalCents, cart.itemsCents + cart.shippingCents);
    assert.equal(
      cart.totalCents,
      cart.groups.reduce((s, g) => s + g.totalCents, 0),
    );
    assert.equal(cart.itemCount, 4);
    assert.equal(cart.canCheckout, true);
  });
  test('VAT is shown per rate; shipping follows the goods’ rate', () => {
    // A: (5498 + 495) at 21 %; B: (2650 + 390) at 6 %.
    assert.deepEqual(cart.vat, [
      { rateBps: 2100, cents: includedVat(5993, 2100) },
      { rateBps: 600, cents: includedVat(3040, 600) },
    ]);
  });
});

describe('free shipping threshold', () => {
  test('given articles for 45 € with free shipping from 50 €, then the customer is told what is missing', () => {
    const c = priceCart([line({ offerId: 'x', sellerId: 'A', unitPriceCents: 4500 })], [rule('A', 495, 5000)]);
    assert.equal(c.groups[0]!.shippingCents, 495);
    assert.equal(c.groups[0]!.missingForFreeShippingCents, 500);
  });
  test('given articles for exactly 50 €, then shipping is free', () => {
    const c = priceCart([line({ offerId: 'x', sellerId: 'A', quantity: 2, unitPriceCents: 2500 })], [rule('A', 495, 5000)]);
    assert.equal(c.groups[0]!.shippingCents, 0);
    assert.equal(c.totalCents, 5000);
    assert.equal(c.groups[0]!.missingForFreeShippingCents, null);
  });
  test('mixed rates: the shipping takes the higher rate', () => {
    const c = priceCart(
      [line({ offerId: 'x', sellerId: 'A', unitPriceCents: 1060, vatRateBps: 600 }), line({ offerId: 'y', sellerId: 'A', unitPriceCents: 1210 })],
      [rule('A', 484, null)],
    );
    assert.deepEqual(c.vat, [
      { rateBps: 2100, cents: includedVat(1210 + 484, 2100) },
      { rateBps: 600, cents: 60 },
    ]);
  });
});

describe('what the customer is told about a line', () => {
  test('given a price raised since the article was added, then the line is priced at the new price and says so', () => {
    const c = priceCart([line({ offerId: 'x', sellerId: 'A', unitPriceCents: 1200, priceSeenCents: 1000 })], [rule('A', 0, null)]);
    const l = c.groups[0]!.lines[0]!;
    assert.equal(l.totalCents, 1200);
    assert.deepEqual(l.notices, [{ code: 'price_changed', seenCents: 1000, nowCents: 1200 }]);
    assert.equal(c.canCheckout, true);
  });
  test('given a stock dropped below the quantity, then the line says how many are left and the checkout waits', () => {
    const c = priceCart([line({ offerId: 'x', sellerId: 'A', quantity: 5, stock: 2 })], [rule('A', 0, null)]);
    assert.deepEqual(c.groups[0]!.lines[0]!.notices, [{ code: 'stock_short', stock: 2 }]);
    assert.equal(c.canCheckout, false);
  });
  test('given a sold-out or withdrawn offer, then the line is shown, not counted, and no shipping is charged for it', () => {
    const c = priceCart(
      [line({ offerId: 'x', sellerId: 'A', stock: 0 }), line({ offerId: 'y', sellerId: 'B', available: false })],
      [rule('A', 495, null), rule('B', 495, null)],
    );
    assert.deepEqual(
      c.groups.map((g) => [g.lines[0]!.notices[0]!.code, g.itemsCents, g.shippingCents]),
      [
        ['sold_out', 0, 0],
        ['unavailable', 0, 0],
      ],
    );
    assert.equal(c.totalCents, 0);
    assert.equal(c.canCheckout, false);
  });
  test('an empty cart cannot be checked out', () => {
    const c = priceCart([], []);
    assert.equal(c.canCheckout, false);
    assert.equal(c.totalCents, 0);
  });
});

describe('a typed quantity', () => {
  test('whole numbers from 1 to the stock and 99 are accepted', () => {
    assert.deepEqual(parseQuantity('1', 5), { ok: true, quantity: 1 });
    assert.deepEqual(parseQuantity('5', 5), { ok: true, quantity: 5 });
    assert.deepEqual(parseQuantity('99', 500), { ok: true, quantity: 99 });
    assert.deepEqual(parseQuantity('03', 5), { ok: true, quantity: 3 });
  });
  test('anything else is refused with its reason', () => {
    const code = (raw: unknown, stock = 5) => {
      const r = parseQuantity(raw, stock);
      return r.ok ? 'ok' : r.code;
    };
    assert.equal(code('0'), 'quantity_too_small');
    assert.equal(code('-1'), 'quantity_too_small');
    assert.equal(code('1.5'), 'quantity_not_whole');
    assert.equal(code('1,5'), 'quantity_not_whole');
    assert.equal(code('1e9'), 'quantity_not_whole');
    assert.equal(code('abc'), 'quantity_not_whole');
    assert.equal(code('2 '), 'quantity_not_whole');
    assert.equal(code(' 2'), 'quantity_not_whole');
    assert.equal(code(''), 'quantity_not_whole');
    assert.equal(code(undefined), 'quantity_not_whole');
    assert.equal(code(['1', '2']), 'quantity_not_whole');
    assert.equal(code('100', 500), 'quantity_too_big');
    assert.equal(code('1000000000'), 'quantity_too_big');
    assert.equal(code('6'), 'quantity_over_stock');
    assert.equal(code('1', 0), 'sold_out');
  });
});
