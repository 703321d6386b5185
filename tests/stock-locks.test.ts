import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addToCart } from '../src/modules/cart/cart.js';
import { reserveStock } from '../src/modules/checkout/stock.js';
import { testEnv } from './helpers/app.js';
import { makeCategory, makeCustomer, makeProduct, makeSeller } from './helpers/factories.js';

/**
 * Taking stock ("Payer") and adding the same article to a cart must not wait on each other: the stock
 * is taken under FOR NO KEY UPDATE, which leaves the KEY SHARE lock of a cart line's foreign key free.
 * Under FOR UPDATE, a cart add waited for every checkout of that article, and 20 concurrent buyers
 * deadlocked (found by the bench's concurrent checkouts).
 */
const env = await testEnv();
const { deps } = env;

test('a cart add of an article whose stock a checkout is taking does not wait for that checkout', async () => {
  const seller = await makeSeller(deps.db);
  const category = await makeCategory(deps.db);
  const made = await makeProduct(deps.db, { sellerId: seller.id, categoryId: category.id, stock: 100 });
  const offerId = made.variants[0]!.offer.id;
  const customer = await makeCustomer(deps.db);

  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let reserved!: () => void;
  const isReserved = new Promise<void>((r) => (reserved = r));
  const checkout = deps.db.transaction(async (tx) => {
    assert.deepEqual(await reserveStock(tx, [{ offerId, quantity: 1 }], new Date()), { ok: true });
    reserved();
    await held; // the checkout's transaction stays open, its offer row locked
  });
  await isReserved;
  try {
    const add = addToCart(deps, { customerId: customer.id }, offerId, '1');
    const outcome = await Promise.race([add.then(() => 'added'), new Promise((r) => setTimeout(() => r('waited'), 3000))]);
    assert.equal(outcome, 'added', 'the cart add went through while the stock was being taken');
  } finally {
    release();
    await checkout;
  }
});
