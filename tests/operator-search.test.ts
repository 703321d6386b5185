// Operator customer search in relevance tiers (issue 11, docs/decisions/0029-operator-search-tiers.md):
// the order of the tiers, multi-word names, keyset pages across tiers, the "list cut" notice, and a
// bound on what a page reads that fails if the search goes back to reading every match.
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { describe, test } from 'node:test';
import { csText } from '../src/modules/operators/cs-messages.js';
import { classifyQuery, decodeCustomerCursor, PAGE, SCAN_CAP, searchCustomers, type CustomerCursor, type CustomerRow } from '../src/modules/operators/search.js';
import { Agent } from './helpers/agent.js';
import { testEnv } from './helpers/app.js';
import { makeCustomer, makeOperator } from './helpers/factories.js';
import { searchPlan } from './helpers/operator-search-plan.js';

const env = await testEnv();
const { app, deps } = env;
const db = deps.db;
const pool = deps.database.pool;

// 20,000 customers that match nothing here, so that the table is not so small that reading all of it
// is PostgreSQL's cheapest plan for every tier.
await pool.query(
  `insert into customers (email, password_hash, first_name, last_name)
   select 'filler' || g || '@example.test', 'x', (array['Anne','Marc','Sofie','Jan','Emma'])[1 + g % 5], (array['Janssens','Peeters','Maes','Jacobs','Dubois'])[1 + g % 5] || g
   from generate_series(1, 20000) g`,
);
await pool.query('analyze customers');

/**
 * A word no other test's customer contains (letters only: it is searched as a name), and that contains
 * none of the other words the tests search with it ("de", "jan", "marie"): a random "qxdexxxx" made
 * "de <word>" find every customer of the word (about one run in a hundred).
 */
function word(): string {
  for (;;) {
    const w = 'q' + Array.from({ length: 7 }, () => String.fromCharCode(97 + randomInt(26))).join('');
    if (!/de|jan|marie/.test(w)) return w;
  }
}
const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);

async function everyPage(q: string): Promise<{ rows: CustomerRow[]; pages: number; cut: boolean }> {
  const rows: CustomerRow[] = [];
  let after: CustomerCursor | null = null;
  let pages = 0;
  let cut = false;
  for (;;) {
    const r = await searchCustomers(db, classifyQuery(q), after);
    rows.push(...r.rows);
    pages++;
    cut ||= r.cut;
    if (!r.next) return { rows, pages, cut };
    after = decodeCustomerCursor(r.next);
    assert.ok(after, 'the next cursor decodes');
  }
}

const readBy = (q: string, after: CustomerCursor | null, indexesOnly = false) => searchPlan(pool, db, q, after, { indexesOnly });

describe('operator customer search in tiers', () => {
  test('last name, then first name, then email start with the word, then the word elsewhere; accents and case ignored', async () => {
    const w = word();
    const last1 = await makeCustomer(db, { lastName: `${cap(w)}`, firstName: 'Zoé', withAddress: false });
    const last2 = await makeCustomer(db, { lastName: `${cap(w)}-Martin`, firstName: 'Anne', withAddress: false });
    const accented = await makeCustomer(db, { lastName: `É${w}`, firstName: 'Luc', withAddress: false });
    const first = await makeCustomer(db, { firstName: `${cap(w)}a`, lastName: 'Aerts', withAddress: false });
    const email = await makeCustomer(db, { email: `${w}.jan@example.test`, firstName: 'Jan', lastName: 'Claes', withAddress: false });
    const infix = await makeCustomer(db, { lastName: `Van${w}`, firstName: 'Bert', withAddress: false });
    const inEmail = await makeCustomer(db, { email: `jan.${w}@example.test`, firstName: 'Jan', lastName: 'Aa', withAddress: false });

    const { rows } = await everyPage(w.toUpperCase());
    assert.deepEqual(
      rows.map((r) => [r.tier, r.id]),
      [
        ['last', last1.id],
        ['last', last2.id],
        ['first', first.id],
        ['email', email.id],
        // The infix tier is by name: "aa", "e…" (the accented one: its last name starts with "e"), "van…".
        ['infix', inEmail.id],
        ['infix', accented.id],
        ['infix', infix.id],
      ],
    );
    // Its own first letters find it first, with or without the accent.
    assert.deepEqual((await everyPage(`e${w}`)).rows.map((r) => [r.tier, r.id]), [['last', accented.id]]);
    assert.deepEqual((await everyPage(`É${w.toUpperCase()}`)).rows.map((r) => r.id), [accented.id]);

    // The page says why each group was found (fr here; nl and en have the same keys).
    const op = await makeOperator(db, 'customer_service');
    const agent = new Agent(app, { ip: '127.9.0.2' });
    assert.equal((await agent.login('/admin/login', op.email, op.password)).statusCode, 303);
    const page = await agent.get(`/admin/customers?${new URLSearchParams({ q: w })}`);
    assert.equal(page.statusCode, 200);
    const order = ['Nom de famille commençant par', 'Prénom commençant par', 'Adresse e-mail commençant par', 'ailleurs dans le nom'].map((h) => page.body.indexOf(h));
    assert.ok(order.every((i) => i > 0), `every tier has its heading: ${order}`);
    assert.deepEqual([...order].sort((a, b) => a - b), order, 'headings in tier order');
    assert.doesNotMatch(page.body, /Liste coupée/);
    for (const locale of ['fr', 'nl', 'en'] as const) {
      const t = csText(locale);
      for (const k of ['tier_last', 'tier_first', 'tier_email', 'tier_infix'] as const) assert.match(t(k, { q: 'dubois' }), /dubois/, `${locale} ${k}`);
      assert.match(t('list_cut', { n: SCAN_CAP }), /500/);
    }
  });

  test('several words: one starts the last name and the others the first name, in either order; then first names; then anywhere', async () => {
    const w = word();
    const marie = await makeCustomer(db, { lastName: cap(w), firstName: 'Marie', withAddress: false });
    await makeCustomer(db, { lastName: cap(w), firstName: 'Paul', withAddress: false });
    const twoWords = await makeCustomer(db, { lastName: `De ${cap(w)}`, firstName: 'Jan', withAddress: false });
    const firstTwo = await makeCustomer(db, { lastName: 'Peeters', firstName: `Marie ${cap(w)}`, withAddress: false });
    const inside = await makeCustomer(db, { lastName: `Xx${w}`, firstName: 'Annemarie', withAddress: false });
    for (const q of [`marie ${w}`, `${w} marie`, `MARIE ${w.toUpperCase()}`]) {
      const { rows } = await everyPage(q);
      assert.deepEqual(
        rows.map((r) => [r.tier, r.id]),
        q.startsWith('marie') || q.startsWith('MARIE')
          ? [['last', marie.id], ['first', firstTwo.id], ['infix', inside.id]]
          : [['last', marie.id], ['infix', firstTwo.id], ['infix', inside.id]],
        q,
      );
    }
    assert.deepEqual((await everyPage(`de ${w}`)).rows.map((r) => [r.tier, r.id]), [['last', twoWords.id]]);
    assert.deepEqual((await everyPage(`jan de ${w}`)).rows.map((r) => [r.tier, r.id]), [['last', twoWords.id]]);
  });

  test('pages follow the tiers without gaps or repeats; the cursor carries the tier', async () => {
    const w = word();
    await pool.query(
      `insert into customers (email, password_hash, first_name, last_name)
       select 'l' || g || $1 || '@example.test', 'x', 'P' || lpad(g::text, 3, '0'), $2 from generate_series(1, 70) g
       union all select 'f' || g || $1 || '@example.test', 'x', $2 || lpad(g::text, 3, '0'), 'Aa' from generate_series(1, 40) g
       union all select 'i' || g || $1 || '@example.test', 'x', 'I' || lpad(g::text, 3, '0'), 'Zz' || $1 from generate_series(1, 7) g`,
      [w, cap(w)],
    );
    const { rows, pages } = await everyPage(w);
    assert.equal(pages, 3);
    assert.equal(new Set(rows.map((r) => r.id)).size, 117, 'no repeats');
    assert.deepEqual(
      rows.map((r) => `${r.tier}:${r.firstName}`),
      [
        ...Array.from({ length: 70 }, (_, i) => `last:P${String(i + 1).padStart(3, '0')}`),
        ...Array.from({ length: 40 }, (_, i) => `first:${cap(w)}${String(i + 1).padStart(3, '0')}`),
        ...Array.from({ length: 7 }, (_, i) => `infix:I${String(i + 1).padStart(3, '0')}`),
      ],
    );
    // No query: every customer by lower-case name, keyset pages of its own tier.
    const p1 = await searchCustomers(db, classifyQuery(''), null);
    const p2 = await searchCustomers(db, classifyQuery(''), decodeCustomerCursor(p1.next));
    const both = [...p1.rows, ...p2.rows];
    assert.equal(new Set(both.map((r) => r.id)).size, 2 * PAGE);
    assert.ok(both.every((r) => r.tier === 'all'));
    const key = (r: CustomerRow) => [r.lastName.toLowerCase(), r.firstName.toLowerCase(), r.id] as const;
    for (let i = 1; i < both.length; i++) {
      const [a, b] = [key(both[i - 1]!), key(both[i]!)];
      assert.ok(a[0] < b[0] || (a[0] === b[0] && (a[1] < b[1] || (a[1] === b[1] && a[2] < b[2]))), `${a} before ${b}`);
    }
    // A cursor of a tier this query does not have starts nowhere, not over.
    assert.deepEqual((await searchCustomers(db, classifyQuery(`x${w}`), { tier: 'phone', a: '', b: '', id: rows[0]!.id })).rows, []);
  });

  test('an ordered tier goes on past the rows an earlier tier listed, up to its cap, then says the list was cut', async () => {
    // Addresses made of the surname: the email tier starts with 300 (then 600) customers the
    // last-name tier already listed; the three after them must still be found (then: cut).
    for (const [dups, found] of [
      [300, true],
      [600, false],
    ] as const) {
      const w = word();
      await pool.query(
        `insert into customers (email, password_hash, first_name, last_name)
         select $1 || '.' || lpad(g::text, 4, '0') || '@example.test', 'x', 'F' || g, $2 from generate_series(1, ${dups}) g
         union all select $1 || 'zz' || g || '@example.test', 'x', 'Jan', 'Claes' from generate_series(1, 3) g`,
        [w, cap(w)],
      );
      const pages: number[] = [];
      let after: CustomerCursor | null = null;
      const rows: CustomerRow[] = [];
      let cut = false;
      do {
        const p = await readBy(w, after, true);
        pages.push(p.statements);
        rows.push(...p.page.rows);
        cut ||= p.page.cut;
        assert.ok(p.read <= 2 * SCAN_CAP + 4 * (PAGE + 2), `a page read ${p.read}`);
        after = decodeCustomerCursor(p.page.next);
      } while (after);
      assert.equal(rows.filter((r) => r.tier === 'last').length, dups);
      assert.equal(rows.filter((r) => r.tier === 'email').length, found ? 3 : 0, `${dups} listed before them`);
      assert.equal(cut, !found);
      assert.ok(Math.max(...pages) <= 3, `statements a page: ${pages}`);
    }
  });

  test('a page reads about its 50 rows, however many customers match; later tiers do not run behind a full page', async () => {
    const w = word();
    // 3,000 customers named like the word, 3,000 sorted before them that do not match, 600 with the word inside.
    await pool.query(
      `insert into customers (email, password_hash, first_name, last_name)
       select 'd' || g || '@' || $1 || '.test', 'x', 'F' || lpad(g::text, 4, '0'), $2 from generate_series(1, 3000) g
       union all select 'a' || g || '@other.test', 'x', 'F' || g, 'Aaa' || lpad(g::text, 4, '0') from generate_series(1, 3000) g
       union all select 'v' || g || '@other.test', 'x', 'F' || g, 'Van' || $1 from generate_series(1, 600) g`,
      [w, cap(w)],
    );
    await pool.query('analyze customers');

    const first = await readBy(w, null);
    assert.equal(first.statements, 1, 'one statement a page');
    assert.ok(first.read <= 2 * (PAGE + 2), `page 1 read ${first.read} customers' rows (the old query read thousands)`);
    assert.ok(first.used.has('customers_last_prefix_idx'), [...first.used].join());
    assert.ok(!first.used.has('customers_fullname_trgm_idx'), 'the infix tier never ran behind a full page');

    // Deep in the last-name tier: the same.
    const r1 = await searchCustomers(db, classifyQuery(w), null);
    let after = decodeCustomerCursor(r1.next);
    for (let i = 0; i < 30; i++) after = decodeCustomerCursor((await searchCustomers(db, classifyQuery(w), after)).next);
    assert.equal(after?.tier, 'last');
    const deep = await readBy(w, after);
    assert.ok(deep.read <= 2 * (PAGE + 2), `page 32 read ${deep.read}`);

    // Where the tiers run out and the infix tier starts: bounded by its cap, and the page says it was cut.
    for (let i = 0; i < 28 && after?.tier === 'last'; i++) after = decodeCustomerCursor((await searchCustomers(db, classifyQuery(w), after)).next);
    // With the indexes' plan: PostgreSQL may rather take the infix tier's 500 candidates from a scan of
    // the table when it expects many matches (here 3,600 of 27,000, all at the table's end).
    const edge = await readBy(w, after, true);
    assert.ok(edge.read <= 2 * SCAN_CAP + 4 * (PAGE + 2), `the page where the infix tier starts read ${edge.read}`);
    const { rows, cut } = await everyPage(w);
    assert.equal(rows.filter((r) => r.tier === 'last').length, 3000, 'every last-name match is listed');
    assert.ok(cut, '600 infix matches are more than one page may read: the list says it was cut');

    const op = await makeOperator(db, 'customer_service');
    const agent = new Agent(app, { ip: '127.9.0.3' });
    await agent.login('/admin/login', op.email, op.password);
    const infixOnly = await agent.get(`/admin/customers?${new URLSearchParams({ q: `an${w}` })}`);
    assert.match(infixOnly.body, /Liste coupée/);
    assert.match(infixOnly.body, /Précisez votre recherche/);
  });
});
