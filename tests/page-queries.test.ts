// Round trips per logged-in page (issue 11): each statement waits for a PostgreSQL backend, and on a
// busy machine that wait, not the work, is what these pages spend. These counts fail if a page's
// frame (session, user, menu counts) or its list goes back to one query after another.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { sellerUsers } from '../src/modules/sellers/schema.js';
import { Agent } from './helpers/agent.js';
import { testEnv } from './helpers/app.js';
import { makeCustomer, makeOperator, makePaidOrder, makeProduct, makeSeller } from './helpers/factories.js';
import { recordStatements } from './helpers/statements.js';

const env = await testEnv();
const { app, deps } = env;

/** The statements sent through the pool while `fn` runs (reads and writes: a page view writes nothing). */
async function statementsOf(fn: () => Promise<unknown>): Promise<string[]> {
  return (await recordStatements(deps.database.pool, fn)).statements;
}

/** GETs `url` (200 expected, with `expect` in the page) and returns how many statements it took. */
async function countFor(a: Agent, url: string, expect: RegExp): Promise<{ n: number; list: string }> {
  let body = '';
  const statements = await statementsOf(async () => {
    const res = await a.get(url);
    assert.equal(res.statusCode, 200, `GET ${url}: ${res.statusCode}`);
    body = res.body;
  });
  assert.match(body, expect, `GET ${url} shows its own content (not a login page)`);
  return { n: statements.length, list: statements.join('\n---\n') };
}

const seller = await makeSeller(deps.db);
const customer = await makeCustomer(deps.db);
const product = await makeProduct(deps.db, { sellerId: seller.id });
for (let i = 0; i < 3; i++) {
  await makePaidOrder(deps.db, { customer, lines: [{ offer: product.variants[0]!.offer, quantity: 1 }], at: new Date(Date.now() - (i + 1) * 3_600_000) });
}
const operator = await makeOperator(deps.db, 'customer_service');

describe('round trips of the logged-in pages', () => {
  test('Mes Commandes: visitor frame and the orders with their seller orders in two statements', async () => {
    const a = new Agent(app);
    await a.login('/fr/login', customer.email, customer.password);
    await a.get('/fr/account/orders'); // the category bar's cache is filled once a minute, not per page
    const r = await countFor(a, '/fr/account/orders', new RegExp(seller.name));
    assert.ok(r.n <= 2, `Mes Commandes took ${r.n} statements:\n${r.list}`);
  });

  test('seller back office: the frame (session, user, shop, two menu counts) is one statement', async () => {
    const a = new Agent(app);
    await a.login('/vendeur/login', seller.user.email, seller.user.password);
    const home = await countFor(a, '/vendeur', new RegExp(seller.user.name));
    assert.equal(home.n, 1, `the seller dashboard took ${home.n} statements:\n${home.list}`);
    const list = await countFor(a, '/vendeur/orders?status=to_handle', /CMD-|orders/i);
    assert.ok(list.n <= 3, `the seller orders list took ${list.n} statements:\n${list.list}`);
  });

  test('operator back office: the frame is one statement; customer search adds one', async () => {
    const a = new Agent(app);
    await a.login('/admin/login', operator.email, operator.password);
    const home = await countFor(a, '/admin', /name="q"/);
    assert.equal(home.n, 1, `the operator dashboard took ${home.n} statements:\n${home.list}`);
    const search = await countFor(a, `/admin/customers?q=${encodeURIComponent(customer.lastName)}`, new RegExp(customer.email));
    assert.ok(search.n <= 2, `the operator search took ${search.n} statements:\n${search.list}`);
  });

  test('the one-statement frame still ends a session at once: logout, deactivated user', async () => {
    const a = new Agent(app);
    await a.login('/vendeur/login', seller.user.email, seller.user.password);
    assert.equal((await a.get('/vendeur')).statusCode, 200, 'logged in');
    await deps.db.update(sellerUsers).set({ active: false }).where(eq(sellerUsers.id, seller.user.id));
    const off = await a.get('/vendeur');
    assert.notEqual(off.statusCode, 200, 'a deactivated seller user no longer opens the back office');
    await deps.db.update(sellerUsers).set({ active: true }).where(eq(sellerUsers.id, seller.user.id));
    assert.equal((await a.get('/vendeur')).statusCode, 200, 'active again, same session');
    await a.post('/vendeur/logout');
    assert.notEqual((await a.get('/vendeur')).statusCode, 200, 'after logout the old cookie opens nothing');
  });
});
