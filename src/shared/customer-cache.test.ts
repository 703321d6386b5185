import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CustomerCache, type CachedVisitor } from './customer-cache.js';

const visitor = (sessionId: string, userId: string, expiresAt = Date.now() + 3_600_000): CachedVisitor => ({ sessionId, userId, data: {}, firstName: 'Anne', unread: 0, cartCount: 1, expiresAt });
const page = [Buffer.from('<p>mes commandes</p>')];

test('what a request read is kept only if no change of that customer arrived since it first looked', () => {
  const c = new CustomerCache();
  const g = c.generation;
  c.changed('bob'); // another customer's change, while Alice's request was reading
  c.setVisitor(g, visitor('s-alice', 'alice'));
  c.setPage(g, 'alice', '/fr/account/orders', page);
  assert.ok(c.visitor('s-alice', Date.now()), "Bob's change does not refuse Alice's visitor");
  assert.ok(c.page('alice', '/fr/account/orders'), "nor Alice's page");

  const g2 = c.generation;
  c.changed('alice'); // her own change arrived while a request of hers was reading: it may be in it or not
  c.setVisitor(g2, visitor('s-alice-2', 'alice'));
  c.setPage(g2, 'alice', '/fr/account/orders?before=x', page);
  assert.equal(c.visitor('s-alice-2', Date.now()), undefined, 'refused');
  assert.equal(c.page('alice', '/fr/account/orders?before=x'), undefined, 'refused');
  assert.equal(c.page('alice', '/fr/account/orders'), undefined, 'and what was kept before is dropped');
});

test("a change drops exactly that customer's visitors and pages", () => {
  const c = new CustomerCache();
  const g = c.generation;
  c.setVisitor(g, visitor('s-a1', 'a'));
  c.setVisitor(g, visitor('s-a2', 'a'));
  c.setVisitor(g, visitor('s-b', 'b'));
  c.setPage(g, 'a', '/x', page);
  c.setPage(g, 'b', '/x', page);
  c.changed('a');
  assert.equal(c.visitor('s-a1', Date.now()), undefined);
  assert.equal(c.visitor('s-a2', Date.now()), undefined);
  assert.equal(c.page('a', '/x'), undefined);
  assert.ok(c.visitor('s-b', Date.now()));
  assert.ok(c.page('b', '/x'));
  assert.equal(c.page('a', '/x') ?? c.page('c', '/x'), undefined, "a page is never found under another customer's id");
});

test("'*' and clear() refuse every read begun before; a session past its end is not returned", () => {
  const c = new CustomerCache();
  const g = c.generation;
  c.changed('*');
  c.setVisitor(g, visitor('s', 'a'));
  assert.equal(c.visitor('s', Date.now()), undefined);
  const g2 = c.generation;
  c.setVisitor(g2, visitor('s', 'a', Date.now() + 1000));
  assert.ok(c.visitor('s', Date.now()));
  assert.equal(c.visitor('s', Date.now() + 2000), undefined, 'expired');
});

test('memory stays bounded: pages by bytes, visitors by count, forgotten changes refuse old reads', () => {
  const c = new CustomerCache({ maxPageBytes: 64 * 1024, maxVisitors: 10 });
  const big = [Buffer.alloc(7 * 1024, 'x')];
  for (let i = 0; i < 50; i++) c.setPage(c.generation, `c${i}`, '/p', big);
  assert.ok(c.stats.pageBytes <= 64 * 1024, JSON.stringify(c.stats));
  for (let i = 0; i < 50; i++) c.setVisitor(c.generation, visitor(`s${i}`, `u${i}`));
  assert.equal(c.stats.visitors, 10);
  const old = c.generation;
  for (let i = 0; i < 10_001; i++) c.changed(`someone-${i}`);
  c.setVisitor(old, visitor('s-late', 'nobody-changed'));
  assert.equal(c.visitor('s-late', Date.now()), undefined, 'older than what is remembered: refused');
});
