import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { customers } from '../src/modules/accounts/schema.js';
import { issueToken } from '../src/modules/accounts/tokens.js';
import { hashToken } from '../src/modules/sessions/store.js';
import { sessions } from '../src/modules/sessions/schema.js';
import { Agent } from './helpers/agent.js';
import { testEnv } from './helpers/app.js';
import { makeCustomer, makeOperator, makeSeller, PASSWORD } from './helpers/factories.js';

/**
 * Accounts (issue 12), the cases tests/accounts.test.ts and tests/foundation.test.ts do not prove yet:
 * a link of one kind used as another, a reset link used from another customer's session, sessions of
 * the back offices across login and logout, answers and timing of known and unknown emails on every
 * login and on "Mot de passe oublié" (medians), and 1 MB passwords on every form that takes one.
 * Already proved there: a reset link reused or expired, an email-change link followed by another
 * customer or expired, the storefront session renewed at login and destroyed at logout, 1 MB passwords
 * at the storefront's login and sign-up.
 */

const env = await testEnv();
const { app, deps } = env;
const db = deps.db;

let ipSeq = 0;
const visitor = () => new Agent(app, { ip: `10.88.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}` });

async function canLogIn(email: string, password: string, path = '/fr/login') {
  return (await visitor().login(path, email, password)).statusCode === 303;
}
/** The stored session of a (signed) session cookie: the token before the signature, hashed. */
async function sessionRow(cookie: string | undefined) {
  if (!cookie) return undefined;
  const signed = decodeURIComponent(cookie);
  const token = signed.slice(0, signed.lastIndexOf('.'));
  return (await db.select().from(sessions).where(eq(sessions.id, hashToken(token))))[0];
}

describe('links used where they do not belong', () => {
  test('an email-change link does not reset a password, and a reset link does not change an email', async () => {
    const c = await makeCustomer(db);
    const change = await issueToken(db, 'email_change', c.id, env.clock.now(), 'taken-over@example.test');
    const reset = await issueToken(db, 'password_reset', c.id, env.clock.now());
    const a = visitor();
    assert.equal((await a.get(`/fr/reset-password?token=${change}`)).statusCode, 410, 'email-change token on the reset page');
    await a.get('/fr/forgot-password');
    assert.equal((await a.post('/fr/reset-password', { token: change, password: 'attacker-password-1' })).statusCode, 410, 'email-change token posted as a reset');
    assert.ok(await canLogIn(c.email, PASSWORD), 'the password did not change');

    const owner = visitor();
    assert.equal((await owner.login('/fr/login', c.email, PASSWORD)).statusCode, 303, 'owner logs in');
    const page = await owner.get(`/fr/account/email/confirm?token=${reset}`);
    assert.notEqual(page.statusCode, 200, 'a reset token is no email-change link');
    await owner.get('/fr/account/email');
    const posted = await owner.post('/fr/account/email/confirm', { token: reset });
    assert.notEqual(posted.statusCode, 303, `a reset token posted as an email change is refused (${posted.statusCode})`);
    const [row] = await db.select({ email: customers.email }).from(customers).where(eq(customers.id, c.id));
    assert.equal(row!.email, c.email, 'the email did not change');
    // Neither is a sign-up confirmation: no account appears.
    const before = (await db.select({ id: customers.id }).from(customers)).length;
    await a.get('/fr/register');
    await a.post('/fr/register/confirm', { token: reset });
    assert.equal((await db.select({ id: customers.id }).from(customers)).length, before, 'no account made from a reset token');
  });

  test('a reset link followed from another customer\'s session changes only its own account', async () => {
    const owner = await makeCustomer(db);
    const other = await makeCustomer(db);
    const token = await issueToken(db, 'password_reset', owner.id, env.clock.now());
    const b = visitor();
    assert.equal((await b.login('/fr/login', other.email, PASSWORD)).statusCode, 303, 'other customer logs in');
    assert.equal((await b.get(`/fr/reset-password?token=${token}`)).statusCode, 200, 'reset page');
    const res = await b.post('/fr/reset-password', { token, password: 'owners-new-password-9' });
    assert.equal(res.statusCode, 303, 'reset done');
    assert.ok(await canLogIn(other.email, PASSWORD), "the logged-in customer's password did not change");
    assert.ok(await canLogIn(owner.email, 'owners-new-password-9'), "the link's owner has the new password");
    assert.ok(!(await canLogIn(other.email, 'owners-new-password-9')), 'the new password is not the other customer\'s');
  });
});

describe('back-office sessions', () => {
  const faces = [
    { face: 'seller', base: '/vendeur', cookie: 'comptoir_vsid', user: async () => (await makeSeller(db)).user.email },
    { face: 'operator', base: '/admin', cookie: 'comptoir_asid', user: async () => (await makeOperator(db, 'admin')).email },
  ] as const;

  for (const f of faces) {
    test(`${f.face}: a planted session id is replaced at login, none is issued before the second factor, each login makes a new one`, async () => {
      const email = await f.user();
      const a = visitor();
      a.cookies.set(f.cookie, 'planted-by-attacker');
      await a.get(`${f.base}/login`);
      const pw = await a.post(`${f.base}/login`, { email, password: PASSWORD });
      assert.equal(pw.statusCode, 303, 'password step');
      if (f.face === 'operator') {
        assert.match(String(pw.headers.location), /\/login\/code/, 'the admin is asked the second factor');
        assert.ok([undefined, 'planted-by-attacker'].includes(a.cookies.get(f.cookie)), 'no session before the second factor');
        assert.equal((await a.get(f.base)).statusCode, 303, 'the back office stays closed after the password alone');
      }
      const b = visitor();
      const first = await b.login(`${f.base}/login`, email, PASSWORD);
      assert.equal(first.statusCode, 303, 'login');
      const id1 = b.cookies.get(f.cookie);
      assert.ok(id1 && id1 !== 'planted-by-attacker' && (await sessionRow(id1)), 'a new session id, stored');
      // Logging in again in the same browser: another id; the first one is gone.
      await b.post(`${f.base}/logout`);
      const second = await b.login(`${f.base}/login`, email, PASSWORD);
      assert.equal(second.statusCode, 303, 'second login');
      const id2 = b.cookies.get(f.cookie);
      assert.ok(id2 && id2 !== id1, 'the id changes at each login');
      assert.equal(await sessionRow(id1), undefined, 'the first session is gone');
    });

    test(`${f.face}: after logout the stolen cookie opens nothing`, async () => {
      const email = await f.user();
      const a = visitor();
      assert.equal((await a.login(`${f.base}/login`, email, PASSWORD)).statusCode, 303, 'login');
      const stolen = a.cookies.get(f.cookie)!;
      assert.equal((await a.get(f.base)).statusCode, 200, 'the back office opens');
      assert.equal((await a.post(`${f.base}/logout`)).statusCode, 303, 'logout');
      assert.equal(await sessionRow(stolen), undefined, 'the session row is deleted');
      const replay = await app.inject({ url: f.base, headers: { cookie: `${f.cookie}=${stolen}` } });
      assert.equal(replay.statusCode, 303, 'the old cookie is sent to the login');
      assert.match(String(replay.headers.location), new RegExp(`^${f.base}/login`), 'to the login page');
    });
  }
});

describe('known and unknown emails: the same answer, in about the same time', () => {
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  const main = (html: string) => (/<main[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? html).replace(/name="_csrf" value="[^"]*"/g, '');
  const TRIES = 10;

  const forms = [
    { name: 'storefront login', page: '/fr/login', post: '/fr/login', known: async () => (await makeCustomer(db)).email, body: (email: string) => ({ email, password: 'wrong-password-x' }) },
    { name: 'seller login', page: '/vendeur/login', post: '/vendeur/login', known: async () => (await makeSeller(db)).user.email, body: (email: string) => ({ email, password: 'wrong-password-x' }) },
    { name: 'operator login', page: '/admin/login', post: '/admin/login', known: async () => (await makeOperator(db, 'customer_service')).email, body: (email: string) => ({ email, password: 'wrong-password-x' }) },
    { name: '"Mot de passe oublié"', page: '/fr/forgot-password', post: '/fr/forgot-password', known: async () => (await makeCustomer(db)).email, body: (email: string) => ({ email }) },
  ];

  for (const f of forms) {
    test(`${f.name}: medians of ${TRIES} tries each within a factor 2`, async () => {
      const times: Record<'known' | 'unknown', number[]> = { known: [], unknown: [] };
      const answers: Record<'known' | 'unknown', Set<string>> = { known: new Set(), unknown: new Set() };
      for (let i = 0; i < TRIES; i++) {
        // A fresh account and address each try: the per-account and per-IP limits never answer instead.
        const pair = [['known', await f.known()], ['unknown', `nobody-${i}-${Date.now().toString(36)}@example.test`]] as const;
        for (const [kind, email] of i % 2 ? [...pair].reverse() : pair) {
          const a = visitor();
          await a.get(f.page);
          const start = process.hrtime.bigint();
          const res = await a.post(f.post, f.body(email));
          times[kind].push(Number(process.hrtime.bigint() - start) / 1e6);
          answers[kind].add(`${res.statusCode} ${main(res.body).replaceAll(email, 'EMAIL')}`);
        }
      }
      assert.equal(answers.known.size, 1, `${f.name}: one answer for known emails`);
      assert.deepEqual([...answers.known], [...answers.unknown], `${f.name}: the same answer for known and unknown`);
      const [k, u] = [median(times.known), median(times.unknown)];
      assert.ok(k < 2 * u + 5 && u < 2 * k + 5, `${f.name}: similar times, known ${k.toFixed(1)} ms, unknown ${u.toFixed(1)} ms (medians)`);
    });
  }
});

describe('a 1 MB password is refused at once on every form that takes one', () => {
  const HUGE = 'x'.repeat(1024 * 1024 - 300);

  test('back-office logins, reset, password change, email change, account deletion', async () => {
    const c = await makeCustomer(db);
    const seller = await makeSeller(db);
    const op = await makeOperator(db, 'customer_service');
    const token = await issueToken(db, 'password_reset', c.id, env.clock.now());
    const me = visitor();
    assert.equal((await me.login('/fr/login', c.email, PASSWORD)).statusCode, 303, 'customer logs in');
    const cases: { name: string; agent: Agent; page: string; post: string; body: Record<string, string> }[] = [
      { name: 'seller login', agent: visitor(), page: '/vendeur/login', post: '/vendeur/login', body: { email: seller.user.email, password: HUGE } },
      { name: 'operator login', agent: visitor(), page: '/admin/login', post: '/admin/login', body: { email: op.email, password: HUGE } },
      { name: 'reset', agent: visitor(), page: `/fr/reset-password?token=${token}`, post: '/fr/reset-password', body: { token, password: HUGE } },
      { name: 'password change (current)', agent: me, page: '/fr/account/password', post: '/fr/account/password', body: { currentPassword: HUGE, newPassword: 'a-new-password-7' } },
      { name: 'password change (new)', agent: me, page: '/fr/account/password', post: '/fr/account/password', body: { currentPassword: PASSWORD, newPassword: HUGE } },
      { name: 'email change', agent: me, page: '/fr/account/email', post: '/fr/account/email', body: { email: 'other@example.test', password: HUGE } },
      { name: 'account deletion', agent: me, page: '/fr/account/privacy', post: '/fr/account/privacy/delete', body: { password: HUGE } },
    ];
    for (const k of cases) {
      await k.agent.get(k.page);
      const started = process.hrtime.bigint();
      const res = await k.agent.post(k.post, k.body);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      assert.equal(res.statusCode, 422, `${k.name}: refused as a field error (${res.statusCode})`);
      assert.ok(ms < 2000, `${k.name}: answered in ${ms.toFixed(0)} ms, before any hashing`);
      assert.ok(!res.body.includes(HUGE.slice(0, 1000)), `${k.name}: the password is not sent back`);
    }
    // Nothing changed: the same passwords open the same accounts, the customer is still there.
    assert.ok(await canLogIn(c.email, PASSWORD), 'customer password unchanged');
    assert.ok(await canLogIn(seller.user.email, PASSWORD, '/vendeur/login'), 'seller password unchanged');
    const [row] = await db.select({ email: customers.email }).from(customers).where(eq(customers.id, c.id));
    assert.equal(row?.email, c.email, 'customer not deleted nor changed');
  });
});
