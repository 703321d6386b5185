import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addBusinessDays, addressLines, deliveryEstimate, orderNumber, resolveSelection, sellerOrderNumber, summaryFingerprint } from './rules.js';

describe('which addresses the checkout selects', () => {
  const ids = ['a', 'b', 'c'];
  test('given one default for both, when the checkout opens, then billing and delivery are that one record', () => {
    assert.deepEqual(resolveSelection(null, { billingId: 'a', deliveryId: 'a' }, ids), { billingId: 'a', deliveryId: 'a', separate: false });
  });
  test('given two different defaults, when the checkout opens, then both are shown and delivery is separate', () => {
    assert.deepEqual(resolveSelection(null, { billingId: 'a', deliveryId: 'b' }, ids), { billingId: 'a', deliveryId: 'b', separate: true });
  });
  test('given a stored choice, then it wins over the defaults', () => {
    assert.deepEqual(resolveSelection({ billingAddressId: 'c', deliveryAddressId: 'b', separateDelivery: true }, { billingId: 'a', deliveryId: 'a' }, ids), { billingId: 'c', deliveryId: 'b', separate: true });
  });
  test('given delivery not separate, then delivery follows billing whatever was stored', () => {
    assert.deepEqual(resolveSelection({ billingAddressId: 'c', deliveryAddressId: 'b', separateDelivery: false }, { billingId: 'a', deliveryId: 'b' }, ids), { billingId: 'c', deliveryId: 'c', separate: false });
  });
  test('given a stored address deleted meanwhile, then the defaults take over', () => {
    assert.deepEqual(resolveSelection({ billingAddressId: 'gone', deliveryAddressId: 'gone', separateDelivery: true }, { billingId: 'a', deliveryId: 'b' }, ids), { billingId: 'a', deliveryId: 'b', separate: true });
  });
  test('given no default at all, then the first address is used', () => {
    assert.deepEqual(resolveSelection(null, { billingId: null, deliveryId: null }, ids), { billingId: 'a', deliveryId: 'a', separate: false });
  });
  test('given no address, then there is nothing to select (the customer is asked for one)', () => {
    assert.equal(resolveSelection(null, { billingId: null, deliveryId: null }, []), null);
  });
});

describe('order numbers', () => {
  test('a readable number per order, a suffix per seller order', () => {
    assert.equal(orderNumber(2026, 123), 'C-2026-000123');
    assert.equal(sellerOrderNumber('C-2026-000123', 0), 'C-2026-000123-1');
    assert.equal(sellerOrderNumber('C-2026-000123', 1), 'C-2026-000123-2');
  });
});

describe('delivery estimate', () => {
  test('business days skip the weekend', () => {
    // Friday 2026-11-27 + 1 business day = Monday 2026-11-30
    assert.equal(addBusinessDays(new Date('2026-11-27T10:00:00Z'), 1).toISOString().slice(0, 10), '2026-11-30');
  });
  test("a seller's estimate is its slowest offer plus 1 to 2 days of transit", () => {
    const e = deliveryEstimate(new Date('2026-11-23T10:00:00Z'), [1, 3]); // Monday
    assert.equal(e.from.toISOString().slice(0, 10), '2026-11-27'); // 3 + 1 business days
    assert.equal(e.to.toISOString().slice(0, 10), '2026-11-30'); // 3 + 2, over the weekend
  });
});

describe('summary fingerprint', () => {
  const base = {
    lines: [
      { offerId: 'o1', quantity: 1, unitPriceCents: 2500 },
      { offerId: 'o2', quantity: 2, unitPriceCents: 1000 },
    ],
    shipping: [{ sellerId: 's1', shippingCents: 495 }],
    totalCents: 4995,
    billingId: 'a',
    deliveryId: 'a',
  };
  test('the same content in another order gives the same fingerprint', () => {
    assert.equal(summaryFingerprint(base), summaryFingerprint({ ...base, lines: [...base.lines].reverse() }));
  });
  test('a price, a quantity, a shipping fee or an address change changes it', () => {
    const f = summaryFingerprint(base);
    assert.notEqual(f, summaryFingerprint({ ...base, lines: [{ ...base.lines[0]!, unitPriceCents: 2600 }, base.lines[1]!] }));
    assert.notEqual(f, summaryFingerprint({ ...base, lines: [base.lines[0]!, { ...base.lines[1]!, quantity: 3 }] }));
    assert.notEqual(f, summaryFingerprint({ ...base, shipping: [{ sellerId: 's1', shippingCents: 0 }] }));
    assert.notEqual(f, summaryFingerprint({ ...base, deliveryId: 'b' }));
  });
});

describe('address lines', () => {
  const a = { firstName: 'Anne', lastName: 'Janssens', company: null, vatNumber: null, street: 'Rue Neuve', houseNumber: '12', box: '3', postalCode: '1000', city: 'Bruxelles', country: 'BE', phone: null };
  test('the box and the country are written in the reader’s language', () => {
    assert.deepEqual(addressLines(a, 'fr'), ['Anne Janssens', 'Rue Neuve 12 bte 3', '1000 Bruxelles', 'Belgique']);
    assert.deepEqual(addressLines(a, 'nl'), ['Anne Janssens', 'Rue Neuve 12 bus 3', '1000 Bruxelles', 'België']);
  });
});
