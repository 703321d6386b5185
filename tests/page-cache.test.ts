import assert from 'node:assert/strict';
import { after, describe, mock, test } from 'node:test';
import pg from 'pg';
import { formatMoney } from '../src/i18n/index.js';
import { PageCache } from '../src/shared/cache.js';
import { Agent } from './helpers/agent.js';
import { ApiClient, makeApiKey } from './helpers/api.js';
import { testEnv } from './helpers/app.js';
import { placeOrderForTest, shopper } from './helpers/checkout.js';
import { makeCategory, makeCustomer, makeProduct, makeSeller } from './helpers/factories.js';
import { isRead, recordStatements } from './helpers/statements.js';

/**
 * The page cache (decision 0024): anonymous catalogue pages come from memory, yet any change to the
 * catalogue — from this app, another connection, the seller API or a checkout — shows on the very next
 * request; logged-in customers and guests with a cart get the same pages with their own header links
 * (decision 0033), and nothing of one visitor ever shows to another.
 */
const env = await testEnv();
const { app, deps } = env;
const db = deps.db;

const seller = await makeSeller(db, { name: 'Boutique Cache' });
const category = await makeCategory(db, { slug: 'cache-cat' });
const made = await makeProduct(db, { sellerId: seller.id, categoryId: category.id, title: 'Veste mise en cache', priceCents: 4990, stock: 5 });
const productUrl = `/fr/p/${made.product.slug}`;
const categoryUrl = '/fr/c/cache-cat';
const offerId = made.variants[0]!.offer.id;

/** Another connection, kept open, as another app instance or psql would have. */
const other = new pg.Client({ connectionString: deps.database.url });
// The test database is dropped (connections ended) by testEnv's own after-hook, maybe before ours.
other.on('error', () => {});
await other.connect();
after(() => other.end());
async function elsewhere(text: string, params: unknown[]): Promise<void> {
  await other.query(text, params);
}

/** The SQL reads sent through the app's pool while `fn` runs (the cache's own connection is apart). */
async function reads(fn: () => Promise<unknown>): Promise<number> {
  return (await recordStatements(deps.database.pool, fn)).statements.filter(isRead).length;
}

const anon = (url: string) => app.inject({ method: 'GET', url });
const euros = (cents: number) => formatMoney(cents, 'fr');

describe('page cache', () => {
  test('an anonymous page is answered from memory the second time (no SQL)', async () => {
    assert.equal((await anon(productUrl)).statusCode, 200, 'product page renders');
    assert.equal((await anon(categoryUrl)).statusCode, 200, 'category page renders');
    assert.equal(await reads(() => anon(productUrl)), 0, 'second product page read nothing from the database');
    assert.equal(await reads(() => anon(categoryUrl)), 0, 'second category page read nothing from the database');
    assert.ok(app.pageCache!.stats.entries >= 2, `entries cached: ${JSON.stringify(app.pageCache!.stats)}`);
  });

  test('a price or title changed from another connection shows on the very next request, every time', async () => {
    for (let i = 1; i <= 15; i++) {
      await anon(productUrl);
      await anon(categoryUrl); // both warm
      const price = 5000 + i * 7;
      await elsewhere('update offers set price_cents = $1 where id = $2', [price, offerId]);
      const p = await anon(productUrl);
      assert.ok(p.body.includes(euros(price)), `round ${i}: product page shows the new price ${euros(price)}`);
      const c = await anon(categoryUrl);
      assert.ok(c.body.includes(euros(price)), `round ${i}: category page shows the new price ${euros(price)}`);
    }
    await elsewhere(`update products set title = jsonb_set(title, '{fr}', '"Veste renommée"') where id = $1`, [made.product.id]);
    assert.ok((await anon(productUrl)).body.includes('Veste renommée'), 'the new title shows on the product page');
    assert.ok((await anon(categoryUrl)).body.includes('Veste renommée'), 'the new title shows on the category page');
  });

  test("a change through the seller API shows at once", async () => {
    const api = new ApiClient(app, await makeApiKey(deps, seller));
    await anon(productUrl);
    const r = await api.patch(`/offers/${offerId}`, { price_cents: 6180 });
    assert.equal(r.statusCode, 200, `API patch answered ${r.statusCode} ${r.body}`);
    assert.ok((await anon(productUrl)).body.includes(euros(6180)), 'the API price shows on the product page');
  });

  test('a checkout taking the last unit shows the article sold out at once', async () => {
    const last = await makeProduct(db, { sellerId: seller.id, categoryId: category.id, title: 'Dernière pièce', priceCents: 1500, stock: 1 });
    const url = `/fr/p/${last.product.slug}`;
    const before = await anon(url);
    assert.ok(!before.body.includes('Épuisé'), 'in stock before the checkout');
    await anon(url); // cached
    const buyer = await shopper(env, { items: [{ offerId: last.variants[0]!.offer.id }] });
    await placeOrderForTest(env, buyer.agent);
    assert.ok((await anon(url)).body.includes('Épuisé'), 'sold out right after the order took the last unit');
  });

  test('a logged-in customer gets the shared page with their own header, and leaves nothing of theirs in it', async () => {
    await anon(categoryUrl); // a shared page is there
    const alice = await makeCustomer(db, { firstName: 'Alice' });
    const a = new Agent(app, { ip: '10.9.0.1' });
    assert.equal((await a.login('/fr/login', alice.email, alice.password)).statusCode, 303, 'Alice logs in');
    await a.get(categoryUrl); // her visitor is read once
    await app.pageCache!.fresh();
    let hers = '';
    assert.equal(await reads(async () => (hers = (await a.get(categoryUrl)).body)), 0, 'the shared page, from memory');
    assert.ok(hers.includes('/fr/account/orders'), "Alice's page has her own menu (Mes commandes)");
    assert.ok(!hers.includes('/fr/login?returnTo'), 'and no "Connexion" link');
    const after = await anon(categoryUrl);
    assert.ok(!after.body.includes('/fr/account/orders'), 'the anonymous page has no customer menu after Alice');
    assert.ok(!after.body.includes('Alice'), "Alice's name is in no anonymous page");
    assert.ok(after.body.includes('/fr/login?returnTo=%2Ffr%2Fc%2Fcache-cat'), 'the anonymous visitor gets "Connexion"');
    const b = new Agent(app, { ip: '10.9.0.2' });
    const bob = await makeCustomer(db, { firstName: 'Bob' });
    assert.equal((await b.login('/fr/login', bob.email, bob.password)).statusCode, 303, 'Bob logs in');
    const his = await b.get(productUrl);
    assert.ok(his.body.includes('/fr/account/orders'), "Bob's product page has his menu");
    const nl = await b.get(categoryUrl.replace('/fr/', '/nl/'));
    assert.ok(nl.body.includes('/nl/account/orders'), 'in the language of the page');
  });

  test('a guest with something in the cart sees the count on the shared page; others still see an empty cart', async () => {
    const guest = new Agent(app, { ip: '10.9.0.3' });
    await guest.get(productUrl);
    const add = await guest.post('/fr/cart/add', { offerId, quantity: '2' });
    assert.equal(add.statusCode, 303, `add answered ${add.statusCode}`);
    const page = await guest.get(categoryUrl);
    assert.match(page.body, /<span class="count">2<\/span>/, 'the guest sees 2 items in the cart');
    assert.match((await anon(categoryUrl)).body, /<span class="count">0<\/span>/, 'others still see an empty cart');
    assert.match((await guest.get(categoryUrl)).body, /<span class="count">2<\/span>/, 'and the guest still 2');
  });

  test("a seller's page is shared too: from memory, and a new return window shows at once", async () => {
    const url = `/fr/s/${seller.slug}`;
    await app.pageCache!.fresh();
    assert.equal((await anon(url)).statusCode, 200);
    await app.pageCache!.fresh();
    assert.equal(await reads(() => anon(url)), 0, 'the second time from memory');
    await elsewhere('update sellers set return_window_days = 45 where id = $1', [seller.id]);
    assert.match((await anon(url)).body, /45 jours/);
    assert.equal((await anon('/fr/s/nobody')).statusCode, 404);
  });

  test('a page without a form is kept whole for visitors without session or cart, and sent as kept', async () => {
    const cache = app.pageCache!;
    await cache.fresh();
    const first = await anon(categoryUrl);
    const kept = cache.get(`${deps.clock.now().toISOString().slice(0, 10)}|${categoryUrl}`);
    assert.ok(kept?.anyone, 'the category page (no form) is kept whole');
    assert.equal(first.body, kept.anyone.toString(), 'the first visitor got exactly that page');
    assert.equal((await anon(categoryUrl)).body, kept.anyone.toString(), 'and so does the next one');
    assert.ok(kept.anyone.includes('/fr/login?returnTo=%2Ffr%2Fc%2Fcache-cat'), 'with the "Connexion" link of that page');
    const expected = kept.parts.reduce((n, p) => n + p.length, 0) + kept.anyone.length;
    assert.ok(kept.bytes >= expected, 'its memory is counted in the bound');
    await anon(productUrl);
    assert.equal(cache.get(`${deps.clock.now().toISOString().slice(0, 10)}|${productUrl}`)?.anyone, undefined, 'a page with a form is not: each answer has its own CSRF token');
  });

  test('each visitor gets their own CSRF token on a cached page, and it works', async () => {
    const one = new Agent(app, { ip: '10.9.0.4' });
    const two = new Agent(app, { ip: '10.9.0.5' });
    await one.get(productUrl);
    const n = await reads(() => two.get(productUrl));
    assert.equal(n, 0, 'the second visitor got the cached page');
    assert.ok(one.csrf && two.csrf && one.csrf !== two.csrf, 'two visitors, two tokens');
    assert.equal((await two.post('/fr/cart/add', { offerId, quantity: '1' })).statusCode, 303, "the cached page's token is accepted");
    assert.equal((await two.post('/fr/cart/add', { offerId, quantity: '1' }, { csrf: one.csrf })).statusCode, 403, "another visitor's token is refused");
  });

  test('a lost listening connection turns the cache off until it listens again', async () => {
    await anon(productUrl);
    await elsewhere(`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'comptoir-page-cache' and datname = current_database()`, []);
    for (let i = 0; i < 50 && app.pageCache!.stats.listening; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(app.pageCache!.stats.listening, false, 'the cache noticed the lost connection');
    await elsewhere('update offers set price_cents = $1 where id = $2', [7230, offerId]);
    assert.ok((await anon(productUrl)).body.includes(euros(7230)), 'while not listening, pages are rendered afresh');
    for (let i = 0; i < 150 && !app.pageCache!.stats.listening; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(app.pageCache!.stats.listening, true, 'listening again after a moment');
    await anon(productUrl);
    assert.equal(await reads(() => anon(productUrl)), 0, 'cached again');
    await elsewhere('update offers set price_cents = $1 where id = $2', [7340, offerId]);
    assert.ok((await anon(productUrl)).body.includes(euros(7340)), 'and changes still show at once');
  });

  test('requests share round trips: those of one moment share one, those arriving while it is out share the next, and no timer delays them', async () => {
    const cache = new PageCache(deps.database.url);
    await cache.start();
    try {
      await cache.fresh();
      const before = cache.stats.roundTrips;
      // With timers frozen, a round trip spaced by a timer (even of 0 ms) would never leave.
      mock.timers.enable({ apis: ['setTimeout'] });
      try {
        const together = [cache.fresh(), cache.fresh(), cache.fresh()];
        for (let i = 0; i < 5 && cache.stats.roundTrips === before; i++) await new Promise((ok) => setImmediate(ok)); // their round trip leaves
        assert.equal(cache.stats.roundTrips - before, 1, 'the requests of one moment share one round trip');
        const later = [cache.fresh(), cache.fresh()];
        const t0 = performance.now();
        const stuck = new Promise<'stuck'>((ok) => {
          const spin = () => (performance.now() - t0 > 3000 ? ok('stuck') : setImmediate(spin));
          spin();
        });
        const answers = await Promise.race([Promise.all([...together, ...later]), stuck]);
        assert.deepEqual(answers, [true, true, true, true, true], 'every request learned it is fresh without a timer');
      } finally {
        mock.timers.reset();
      }
      assert.equal(cache.stats.roundTrips - before, 2, 'those that came while it was out shared the next one');
    } finally {
      await cache.close();
    }
  });

  test('memory stays bounded: the least recently used pages go first', async () => {
    const cache = app.pageCache!;
    const gen = cache.generation;
    const page = [Buffer.alloc(300 * 1024, 'x')];
    for (let i = 0; i < 400; i++) cache.set(`bound-${i}`, gen, page);
    assert.ok(cache.stats.bytes <= cache.maxBytes, `cache holds ${cache.stats.bytes} bytes, bound ${cache.maxBytes}`);
    assert.ok(cache.get('bound-399'), 'the newest page is kept');
    assert.equal(cache.get('bound-0'), undefined, 'the oldest page was dropped');
  });
});
