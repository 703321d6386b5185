import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eq } from 'drizzle-orm';
import { loadCustomerPlacedOrder, loadPlacedOrder } from '../src/modules/checkout/placed-order.js';
import { orderLines } from '../src/modules/orders/schema.js';
import { sellerUsers } from '../src/modules/sellers/schema.js';
import { testEnv } from './helpers/app.js';
import { makeCustomer, makePaidOrder, makeProduct, makeSeller } from './helpers/factories.js';

/**
 * The confirmation page reads the placed order in one statement (a join grouped in TypeScript):
 * it must be exactly what loadPlacedOrder's separate reads return — the same values, Dates for
 * timestamps, numbers for cents — and another customer's order number must find nothing.
 */

const env = await testEnv();
const db = env.deps.db;

test('the one-statement placed order is the separate reads’ placed order, scoped to its customer', async () => {
  const sellerA = await makeSeller(db, { name: 'Maison Dupont', shippingFeeCents: 495, freeShippingFromCents: 5000 });
  const sellerB = await makeSeller(db, { name: 'Atelier Peeters', shippingFeeCents: 390, freeShippingFromCents: null });
  await db.update(sellerUsers).set({ locale: 'nl' }).where(eq(sellerUsers.id, sellerB.user.id)); // a shop owner's own language
  const shirt = await makeProduct(db, { sellerId: sellerA.id, priceCents: 2500 });
  const mug = await makeProduct(db, { sellerId: sellerB.id, priceCents: 1200 });
  const scarf = await makeProduct(db, { sellerId: sellerA.id, priceCents: 1900 });
  const customer = await makeCustomer(db, { locale: 'en' });
  const other = await makeCustomer(db);
  const { order, lines } = await makePaidOrder(db, {
    customer,
    lines: [{ offer: shirt.variants[0]!.offer, quantity: 2 }, { offer: mug.variants[0]!.offer }, { offer: scarf.variants[0]!.offer, quantity: 3 }],
  });
  // The first seller's line with the smaller id created later (lines sort by creation, then id), and
  // given a timestamp and texts that are null on the others.
  const [laterLine] = lines.filter((l) => l.sellerId === sellerA.id).sort((a, b) => (a.id < b.id ? -1 : 1));
  await db.update(orderLines).set({ createdAt: new Date(order.createdAt.getTime() + 1500), acceptedAt: new Date('2026-03-02T10:11:12.345Z'), carrier: 'bpost', trackingNumber: 'BP123' }).where(eq(orderLines.id, laterLine!.id));

  const joined = await loadCustomerPlacedOrder(db, customer.id, order.number);
  assert.ok(joined, 'the customer’s order is found');
  assert.deepStrictEqual(joined, await loadPlacedOrder(db, order.id), 'the same as the separate reads');
  assert.deepStrictEqual(joined, await loadPlacedOrder(db, order.id, order), 'the same as with the order row known (what the confirmation page read before)');

  // What deepStrictEqual already implies, said outright: the types the pages and emails rely on.
  assert.ok(joined.order.createdAt instanceof Date && joined.order.paidAt instanceof Date, 'order timestamps are Dates');
  assert.equal(typeof joined.order.totalCents, 'number');
  assert.deepEqual(joined.order.billingAddress, order.billingAddress, 'the frozen address as an object');
  assert.equal(joined.firstName, customer.firstName);
  assert.equal(joined.customerLocale, 'en');
  assert.deepEqual(joined.parts.map((p) => [p.number, p.sellerName, p.sellerLocale, p.lines.length]), [
    [`${order.number}-1`, 'Maison Dupont', 'fr', 2],
    [`${order.number}-2`, 'Atelier Peeters', 'nl', 1],
  ]);
  const [later, ...rest] = [...joined.parts[0]!.lines].reverse();
  assert.equal(later!.id, laterLine!.id, 'lines in the order they were created');
  assert.ok(later!.createdAt instanceof Date && later!.acceptedAt instanceof Date && later!.acceptedAt.toISOString() === '2026-03-02T10:11:12.345Z', 'line timestamps are Dates, to the millisecond');
  assert.ok(rest.every((l) => l.acceptedAt === null && typeof l.unitPriceCents === 'number' && typeof l.title === 'object'));

  assert.equal(await loadCustomerPlacedOrder(db, other.id, order.number), null, 'another customer’s order number is not found');
  assert.equal(await loadCustomerPlacedOrder(db, customer.id, `${order.number}9`), null, 'an unknown number is not found');
});
