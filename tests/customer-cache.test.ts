import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import pg from 'pg';
import { hashToken } from '../src/modules/sessions/store.js';
import { Agent } from './helpers/agent.js';
import { testEnv } from './helpers/app.js';
import { placeOrderForTest, shopper } from './helpers/checkout.js';
import { makeCategory, makeProduct, makeSeller } from './helpers/factories.js';
import { recordStatements } from './helpers/statements.js';

/**
 * The logged-in customer's cache (decision 0031): "Mes Commandes" and the storefront header's visitor
 * come from memory, yet whatever they show — an order's status, the cart, unread messages, the name, the
 * session itself — changed from anywhere (another instance, psql, a job) shows on the very next request,
 * and no customer ever gets another's page.
 */
const env = await testEnv();
const { app, deps } = env;
const db = deps.db;

const seller = await makeSeller(db, { name: 'Boutique Mémoire' });
const category = await makeCategory(db, { slug: 'memoire-cat' });
const made = await makeProduct(db, { sellerId: seller.id, categoryId: category.id, title: 'Pull en mémoire', priceCents: 3990, stock: 50 });
const offerId = made.variants[0]!.offer.id;

const alice = await shopper(env, { items: [{ offerId }], ip: '10.8.0.1', customer: { firstName: 'Alice' } });
const aliceOrder = (await placeOrderForTest(env, alice.agent)).order;
const bob = await shopper(env, { items: [{ offerId }], ip: '10.8.0.2', customer: { firstName: 'Bob' } });
const bobOrder = (await placeOrderForTest(env, bob.agent)).order;

/** Another connection, as another app instance or psql would have. */
const other = new pg.Client({ connectionString: deps.database.url });
other.on('error', () => {});
await other.connect();
after(() => other.end());
const elsewhere = (text: string, params: unknown[] = []) => other.query(text, params);
/**
 * Waits until every change committed so far has been heard. Only before a request that must be the one
 * to fill the cache: a change still on its way while a request reads makes it keep nothing (correct, but
 * the next request reads again).
 */
const settled = () => app.pageCache!.fresh();

const ORDERS = '/fr/account/orders';
async function statements(fn: () => Promise<unknown>): Promise<number> {
  return (await recordStatements(deps.database.pool, fn)).statements.length;
}
/** The session id (hash of the cookie's token) the cache knows this browser by. */
function sessionOf(agent: Agent): string {
  const raw = decodeURIComponent(agent.cookies.get('comptoir_sid')!);
  const u = app.unsignCookie(raw);
  return hashToken(u.value!);
}
const badge = (html: string) => /Boutique Mémoire<\/span>\s*<span[^>]*>([^<]+)</.exec(html)?.[1];

describe('customer cache', () => {
  test('"Mes Commandes" a second time asks PostgreSQL nothing (visitor and page from memory)', async () => {
    await settled();
    const first = await alice.agent.get(ORDERS);
    assert.equal(first.statusCode, 200);
    assert.match(first.body, new RegExp(aliceOrder.number));
    let second: Awaited<ReturnType<Agent['get']>> | undefined;
    assert.equal(await statements(async () => (second = await alice.agent.get(ORDERS))), 0, 'no statement through the pool');
    assert.equal(second!.body.replace(/name="_csrf" value="[^"]+"/g, ''), first.body.replace(/name="_csrf" value="[^"]+"/g, ''), 'same page');
    assert.ok(app.pageCache!.customers.stats.pages >= 1 && app.pageCache!.customers.stats.visitors >= 1, JSON.stringify(app.pageCache!.customers.stats));
  });

  test('each customer gets their own page at the same address', async () => {
    const a = await alice.agent.get(ORDERS);
    const b = await bob.agent.get(ORDERS);
    assert.match(a.body, new RegExp(aliceOrder.number));
    assert.doesNotMatch(a.body, new RegExp(bobOrder.number));
    assert.match(b.body, new RegExp(bobOrder.number));
    assert.doesNotMatch(b.body, new RegExp(aliceOrder.number));
  });

  test('an order line changed from another connection shows on the very next request, every time', async () => {
    const states = ['paid', 'preparing', 'shipped', 'delivered'] as const;
    const words = { paid: 'Payée', preparing: 'En préparation', shipped: 'Expédiée', delivered: 'Livrée' };
    for (let i = 0; i < 12; i++) {
      await alice.agent.get(ORDERS); // warm
      const s = states[i % states.length]!;
      await elsewhere('update order_lines set state = $1 where order_id = $2', [s, aliceOrder.id]);
      assert.equal(badge((await alice.agent.get(ORDERS)).body), words[s], `round ${i}: ${s}`);
    }
  });

  test("Bob's changes leave Alice's cached page in place", async () => {
    await settled();
    await alice.agent.get(ORDERS);
    await elsewhere('update order_lines set state = $1 where order_id = $2', ['shipped', bobOrder.id]);
    assert.equal(await statements(() => alice.agent.get(ORDERS)), 0);
    assert.equal(badge((await bob.agent.get(ORDERS)).body), 'Expédiée');
  });

  test('the header follows the cart, the unread messages and the name at once', async () => {
    await alice.agent.get(ORDERS);
    const cart = await elsewhere('select id from carts where customer_id = $1', [alice.customer.id]);
    const cartId = cart.rows[0]?.id ?? (await elsewhere('insert into carts (customer_id) values ($1) returning id', [alice.customer.id])).rows[0].id;
    await elsewhere('delete from cart_items where cart_id = $1', [cartId]);
    assert.match((await alice.agent.get(ORDERS)).body, /<span class="count">0<\/span>/);
    await elsewhere('insert into cart_items (cart_id, offer_id, quantity, price_seen_cents) values ($1, $2, 3, 3990)', [cartId, offerId]);
    assert.match((await alice.agent.get(ORDERS)).body, /<span class="count">3<\/span>/, 'cart count from another connection');
    await settled();
    await alice.agent.get(ORDERS);
    assert.equal(await statements(() => alice.agent.get(ORDERS)), 0, 'from memory');
    await elsewhere('update customers set first_name = $1 where id = $2', ['Alix', alice.customer.id]);
    await settled();
    assert.ok((await statements(() => alice.agent.get(ORDERS))) > 0, 'a new first name: visitor and page read again');
    assert.equal(app.pageCache!.customers.visitor(sessionOf(alice.agent), env.clock.now().getTime())?.firstName, 'Alix');

    await elsewhere(
      `insert into message_threads (kind, customer_id, seller_id, product_id, started_by, created_at, last_message_at, last_message_by, last_for_customer_at)
       values ('product', $1, $2, $3, 'seller', now(), now(), 'seller', now())`,
      [alice.customer.id, seller.id, made.product.id],
    );
    assert.match((await alice.agent.get(ORDERS)).body, /class="count">[^<]*1/, 'one unread message');
  });

  test("a seller's new name shows on its customers' orders", async () => {
    await alice.agent.get(ORDERS);
    await elsewhere('update sellers set name = $1 where id = $2', ['Boutique Renommée', seller.id]);
    assert.match((await alice.agent.get(ORDERS)).body, /Boutique Renommée/);
    await elsewhere('update sellers set name = $1 where id = $2', ['Boutique Mémoire', seller.id]);
  });

  test('a category renamed shows in the category bar of a cached customer page', async () => {
    await settled();
    await alice.agent.get(ORDERS);
    await elsewhere(`update categories set name = jsonb_set(name, '{fr}', '"Rayon renommé"') where id = $1`, [category.id]);
    assert.match((await alice.agent.get(ORDERS)).body, /Rayon renommé/);
  });

  test('a session ended elsewhere (logout on another instance, password reset) is over at the next request', async () => {
    const carol = await shopper(env, { items: [{ offerId }], ip: '10.8.0.3' });
    assert.equal((await carol.agent.get(ORDERS)).statusCode, 200);
    assert.equal((await carol.agent.get(ORDERS)).statusCode, 200); // from memory
    await elsewhere('delete from sessions where user_id = $1', [carol.customer.id]);
    const res = await carol.agent.get(ORDERS);
    assert.equal(res.statusCode, 303, 'sent to the login page');
    assert.match(String(res.headers.location), /login/);
  });

  test('a page shown with a one-time message is not kept: the message does not come back', async () => {
    await settled();
    const url = `${ORDERS}?flash-test=1`;
    alice.agent.cookies.set('comptoir_flash', encodeURIComponent(app.signCookie('Message unique du test')));
    assert.match((await alice.agent.get(url)).body, /Message unique du test/, 'shown once');
    assert.doesNotMatch((await alice.agent.get(url)).body, /Message unique du test/, 'not served again from memory');
  });

  test('the logout form of a page from memory carries a token that works', async () => {
    const gus = await shopper(env, { items: [{ offerId }], ip: '10.8.0.7' });
    await gus.agent.get(ORDERS);
    gus.agent.csrf = null;
    const cached = await gus.agent.get(ORDERS);
    assert.ok(gus.agent.csrf, 'a token in the cached page');
    assert.doesNotMatch(cached.body, /csrf-slot-/, 'no placeholder left');
    assert.equal((await gus.agent.post('/fr/logout')).statusCode, 303);
    assert.equal((await gus.agent.get(ORDERS)).statusCode, 303, 'logged out');
  });

  test('a session past its end is over even while cached', async () => {
    const dave = await shopper(env, { items: [{ offerId }], ip: '10.8.0.4' });
    assert.equal((await dave.agent.get(ORDERS)).statusCode, 200);
    await elsewhere(`update sessions set expires_at = now() - interval '1 second' where user_id = $1`, [dave.customer.id]);
    assert.equal((await dave.agent.get(ORDERS)).statusCode, 303, 'expired in the database');
    const erin = await shopper(env, { items: [{ offerId }], ip: '10.8.0.5' });
    assert.equal((await erin.agent.get(ORDERS)).statusCode, 200);
    assert.equal((await erin.agent.get(ORDERS)).statusCode, 200);
    env.clock.advance({ days: 31 }); // past the 30 days of a shop session: no notification at all
    try {
      assert.equal((await erin.agent.get(ORDERS)).statusCode, 303, 'expired by the clock while cached');
    } finally {
      env.clock.advance({ days: -31 });
    }
  });

  test('a deleted account is logged out at the next request, even while cached', async () => {
    const frank = await shopper(env, { items: [{ offerId }], ip: '10.8.0.6' });
    await frank.agent.get(ORDERS);
    await elsewhere('update customers set deleted_at = now() where id = $1', [frank.customer.id]);
    const res = await frank.agent.get(ORDERS);
    assert.equal(res.statusCode, 303);
  });
});
