import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eq, inArray } from 'drizzle-orm';
import { makeTasks } from '../src/jobs/tasks.js';
import { addToCart, hashGuestToken, newGuestToken, type CartOwner } from '../src/modules/cart/cart.js';
import { cartItems, carts } from '../src/modules/cart/schema.js';
import { testEnv } from './helpers/app.js';
import { makeCustomer, makeProduct, makeSeller } from './helpers/factories.js';

/** The `purge_guest_carts` cron task: guest carts untouched for 30 days go, with their items; customers' carts stay. */

const env = await testEnv();
const { deps } = env;
const db = deps.db;

test('guest carts untouched for 30 days are deleted with their items; recent ones and customers’ carts are kept', async () => {
  const seller = await makeSeller(db);
  const product = await makeProduct(db, { sellerId: seller.id });
  const offerId = product.variants[0]!.offer.id;
  const guest = (): CartOwner => ({ guestTokenHash: hashGuestToken(newGuestToken()) });
  const cartOf = async (owner: CartOwner) => {
    assert.equal((await addToCart(deps, owner, offerId, '1')).ok, true, 'added to the cart');
    const [c] = await db.select().from(carts).where('customerId' in owner ? eq(carts.customerId, owner.customerId) : eq(carts.tokenHash, owner.guestTokenHash));
    return { owner, id: c!.id };
  };
  const old = await cartOf(guest());
  const touchedLater = await cartOf(guest());
  const customer = await makeCustomer(db);
  const customers = await cartOf({ customerId: customer.id });
  env.clock.advance({ days: 20 });
  const recent = await cartOf(guest());
  await addToCart(deps, touchedLater.owner, offerId, '1'); // the guest came back: the cart is touched
  env.clock.advance({ days: 11 });

  await makeTasks(deps).purge_guest_carts!({}, {} as never);

  const left = new Set((await db.select({ id: carts.id }).from(carts)).map((c) => c.id));
  assert.ok(!left.has(old.id), 'a guest cart untouched for 31 days is deleted');
  assert.ok(left.has(touchedLater.id), 'a guest cart touched 11 days ago stays');
  assert.ok(left.has(recent.id), 'a guest cart made 11 days ago stays');
  assert.ok(left.has(customers.id), 'a customer’s cart stays, however old');
  assert.equal((await db.select().from(cartItems).where(eq(cartItems.cartId, old.id))).length, 0, 'its items went with it');
  assert.equal((await db.select().from(cartItems).where(inArray(cartItems.cartId, [touchedLater.id, recent.id, customers.id]))).length, 3, 'the others keep theirs');
});
