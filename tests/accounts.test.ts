import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { and, desc, eq } from 'drizzle-orm';
import { customerDataExporters, customerDeletionHooks } from '../src/modules/accounts/hooks.js';
import { requestPasswordReset } from '../src/modules/accounts/password-reset.js';
import { addresses, authTokens, customers, signupRequests } from '../src/modules/accounts/schema.js';
import { purgeAccountLinks } from '../src/modules/accounts/tokens.js';
import { emails } from '../src/modules/notifications/schema.js';
import { loginAttempts, sessions } from '../src/modules/sessions/schema.js';
import { Agent } from './helpers/agent.js';
import { testEnv } from './helpers/app.js';
import { makeCustomer } from './helpers/factories.js';

const env = await testEnv();
const { app, deps } = env;
const db = deps.db;

let ipSeq = 0;
/** A fresh visitor from its own IP (the per-IP limits of one test do not leak into another). */
const visitor = () => new Agent(app, { ip: `10.20.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}` });

/**
 * Known and unknown addresses must take about the same time (no timing oracle): the medians of the two
 * within a factor 3. A busy machine (four test files at once on two cores) can slow one side of a
 * single round; a real difference — hashing for one side only, say — shows in every round. So up to
 * three rounds are measured and one similar round passes; every round's medians are reported.
 */
async function similarTimes(round: () => Promise<{ known: number[]; unknown: number[] }>): Promise<void> {
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  const seen: string[] = [];
  for (let attempt = 0; attempt < 3; attempt++) {
    const t = await round();
    const [k, u] = [median(t.known), median(t.unknown)];
    if (k < 3 * u && u < 3 * k) return;
    seen.push(`known ${k.toFixed(1)} ms, unknown ${u.toFixed(1)} ms`);
  }
  assert.fail(`similar times in none of three rounds: ${seen.join('; ')}`);
}
const uniqueEmail = (p: string) => `${p}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}@example.test`;

async function emailsTo(to: string) {
  return db.select().from(emails).where(eq(emails.toAddress, to)).orderBy(desc(emails.createdAt));
}
/** The token of the newest link of this kind sent to `to` (read from the text version of the email). */
async function linkToken(to: string, path: string): Promise<string> {
  for (const e of await emailsTo(to)) {
    const m = new RegExp(`${path.replace(/\//g, '\\/')}\\?token=([\\w-]+)`).exec(e.textBody);
    if (m) return m[1]!;
  }
  throw new Error(`no ${path} link sent to ${to}`);
}
const formError = (body: string, field: string) => new RegExp(`id="f-${field}-err">([^<]*)<`).exec(body)?.[1];
const main = (body: string) => /<main[^>]*>([\s\S]*)<\/main>/.exec(body)?.[1] ?? '';

async function loggedIn(email: string, password: string) {
  const a = visitor();
  const res = await a.login('/fr/login', email, password);
  assert.equal(res.statusCode, 303, `login of ${email}`);
  return a;
}
async function isLoggedIn(a: Agent) {
  return (await a.get('/fr/account')).statusCode === 200;
}

async function signUp(a: Agent, over: Record<string, string> = {}) {
  await a.get('/fr/register');
  return a.post('/fr/register', { firstName: 'Lou', lastName: 'Peeters', email: uniqueEmail('new'), password: 'a-long-password-1', locale: 'fr', ...over });
}

describe('sign-up', () => {
  test('a new address gets a confirmation link; following it creates the account and logs in, back to where the visitor was', async () => {
    const a = visitor();
    const email = uniqueEmail('lou');
    await a.get('/fr/register?returnTo=%2Ffr%2Fcart');
    const res = await a.post('/fr/register', { firstName: 'Lou', lastName: 'Peeters', email: email.toUpperCase(), password: 'a-long-password-1', locale: 'nl', marketing: 'on', returnTo: '/fr/cart' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Vérifiez votre boîte de réception/);
    // No account yet: the password does not open anything.
    assert.equal((await visitor().login('/fr/login', email, 'a-long-password-1')).statusCode, 401);
    const [mail] = await emailsTo(email);
    assert.equal(mail!.locale, 'nl', 'the email is in the language chosen on the form');
    assert.equal(mail!.subject, 'Bevestig uw e-mailadres');
    assert.match(mail!.htmlBody, /<a href="http:\/\/localhost:\d+\/nl\/register\/confirm\?token=/);
    const token = await linkToken(email, '/register/confirm');

    // Following the link shows a button; only the POST creates the account (mail scanners open links).
    const page = await a.get(`/fr/register/confirm?token=${token}`);
    assert.equal(page.statusCode, 200);
    assert.equal((await db.select().from(customers).where(eq(customers.email, email))).length, 0);
    const done = await a.post('/fr/register/confirm', { token });
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, '/fr/cart');
    assert.equal(await isLoggedIn(a), true);

    const [c] = await db.select().from(customers).where(eq(customers.email, email));
    assert.equal(c!.firstName, 'Lou');
    assert.equal(c!.locale, 'nl');
    const [r] = await db.select().from(signupRequests).where(eq(signupRequests.email, email));
    assert.ok(c!.marketingConsentAt, 'marketing consent recorded');
    assert.equal(c!.marketingConsentAt!.getTime(), r!.createdAt.getTime(), 'dated when it was given on the form');

    // The link is single-use.
    const b = visitor();
    assert.equal((await b.get(`/fr/register/confirm?token=${token}`)).statusCode, 410);
    await b.get('/fr/register');
    const again = await b.post('/fr/register/confirm', { token });
    assert.equal(again.statusCode, 410);
    assert.match(again.body, /Ce lien n’est plus valable/);
    assert.equal((await db.select().from(customers).where(eq(customers.email, email))).length, 1);
  });

  test('a known address gets the same answer, in about the same time, and an email saying the account exists', async () => {
    const known = await makeCustomer(db, { firstName: 'Known', locale: 'en' });
    const fresh = uniqueEmail('fresh');
    const a = visitor();
    const times: Record<'known' | 'fresh', number[]> = { known: [], fresh: [] };
    const bodies: Record<string, string> = {};
    // One untimed sign-up first: the first one pays for cold code paths, whichever address it names.
    await a.get('/fr/register');
    await a.post('/fr/register', { firstName: 'X', lastName: 'Y', email: uniqueEmail('warm-up'), password: 'a-long-password-1', locale: 'fr' });
    for (let i = 0; i < 3; i++) {
      for (const [k, email] of [['known', known.email], ['fresh', i === 0 ? fresh : uniqueEmail('fresh')]] as const) {
        await a.get('/fr/register');
        const start = process.hrtime.bigint();
        const res = await a.post('/fr/register', { firstName: 'X', lastName: 'Y', email, password: 'a-long-password-1', locale: 'fr' });
        times[k].push(Number(process.hrtime.bigint() - start) / 1e6);
        assert.equal(res.statusCode, 200, k);
        bodies[k] = main(res.body).replace(email, 'EMAIL');
      }
    }
    assert.equal(bodies.known, bodies.fresh, 'the same page for a known and a new address');
    const avg = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const [k, f] = [avg(times.known), avg(times.fresh)];
    assert.ok(k < 3 * f && f < 3 * k, `similar times: known ${k.toFixed(1)} ms, new ${f.toFixed(1)} ms`);

    const sent = await emailsTo(known.email);
    assert.equal(sent.length, 1, 'one "you already have an account" email per hour, however often the form is sent');
    assert.equal(sent[0]!.subject, 'You already have a Comptoir account');
    assert.match(sent[0]!.textBody, /\/en\/forgot-password/);
    assert.equal((await db.select().from(signupRequests).where(eq(signupRequests.email, known.email))).length, 0);
    // The existing account is untouched: its password still works.
    assert.equal((await visitor().login('/fr/login', known.email, known.password)).statusCode, 303);
  });

  test('a confirmation link expires after 24 hours; an address confirmed twice makes one account', async () => {
    const email = uniqueEmail('slow');
    await signUp(visitor(), { email });
    const first = await linkToken(email, '/register/confirm');
    env.clock.advance({ hours: 25 });
    const late = visitor();
    assert.equal((await late.get(`/fr/register/confirm?token=${first}`)).statusCode, 410);
    assert.match((await late.get(`/fr/register/confirm?token=${first}`)).body, /Ce lien n’est plus valable/);

    await signUp(visitor(), { email });
    await signUp(visitor(), { email, firstName: 'Twice' });
    const pending = await db.select().from(signupRequests).where(eq(signupRequests.email, email)).orderBy(desc(signupRequests.createdAt));
    assert.equal(pending.length, 3);
    const tokens = (await emailsTo(email)).map((e) => /token=([\w-]+)/.exec(e.textBody)![1]!);
    const a = visitor();
    await a.get(`/fr/register/confirm?token=${tokens[0]}`);
    assert.equal((await a.post('/fr/register/confirm', { token: tokens[0] })).statusCode, 303);
    const b = visitor();
    await b.get('/fr/register');
    const second = await b.post('/fr/register/confirm', { token: tokens[1] });
    assert.equal(second.statusCode, 410, 'the other pending link died with the first confirmation');
    assert.equal((await db.select().from(customers).where(eq(customers.email, email))).length, 1);
  });

  test('errors beside the fields, what was typed kept (never the password); a 1 MB password refused at once', async () => {
    const a = visitor();
    const res = await signUp(a, { email: 'not-an-email', password: 'short', firstName: '', lastName: 'Dupont <b>' });
    assert.equal(res.statusCode, 422);
    assert.equal(formError(res.body, 'password'), 'Au moins 10 caractères.');
    assert.equal(formError(res.body, 'email'), 'Cette adresse e-mail n’est pas valide.');
    assert.equal(formError(res.body, 'firstName'), 'Ce champ est obligatoire.');
    assert.match(res.body, /name="lastName" type="text" value="Dupont &lt;b>"/);
    assert.match(res.body, /value="not-an-email"/);
    assert.doesNotMatch(res.body, /value="short"/);
    const started = Date.now();
    const huge = await signUp(visitor(), { password: 'x'.repeat(1024 * 1024 - 300) });
    assert.ok(Date.now() - started < 1000, 'refused before hashing');
    assert.equal(huge.statusCode, 422);
    assert.equal(formError(huge.body, 'password'), 'Au plus 200 caractères.');
  });

  test('names are shown as text on pages and in emails', async () => {
    const email = uniqueEmail('xss');
    const a = visitor();
    await signUp(a, { email, firstName: '<script>alert(1)</script>' });
    const [mail] = await emailsTo(email);
    assert.doesNotMatch(mail!.htmlBody, /<script>/);
    assert.match(mail!.htmlBody, /&lt;script>alert\(1\)&lt;\/script>/);
    const token = await linkToken(email, '/register/confirm');
    await a.get(`/fr/register/confirm?token=${token}`);
    await a.post('/fr/register/confirm', { token });
    const page = await a.get('/fr/account');
    assert.doesNotMatch(page.body, /<script>alert/);
    assert.match(page.body, /Bonjour &lt;script>alert\(1\)&lt;\/script>/);
  });

  test('after confirming, never sent to another site', async () => {
    const email = uniqueEmail('redir');
    const a = visitor();
    await signUp(a, { email, returnTo: 'https://evil.example/steal' });
    const token = await linkToken(email, '/register/confirm');
    await a.get(`/fr/register/confirm?token=${token}`);
    const res = await a.post('/fr/register/confirm', { token });
    assert.equal(res.headers.location, '/fr/account');
  });

  test('the sign-up form is limited per IP, with a clear message', async () => {
    const a = visitor();
    let last;
    for (let i = 0; i < 11; i++) last = await signUp(a, { password: 'short' });
    assert.equal(last!.statusCode, 429);
    assert.match(last!.body, /Trop de tentatives/);
    // Another visitor is not affected.
    assert.equal((await signUp(visitor(), { password: 'short' })).statusCode, 422);
  });
});

describe('forgotten password', () => {
  async function forgot(a: Agent, email: string) {
    await a.get('/fr/forgot-password');
    return a.post('/fr/forgot-password', { email });
  }

  test('known and unknown addresses get the same answer in about the same time; only a known one gets a link', async () => {
    const known = await makeCustomer(db);
    const unknown = uniqueEmail('nobody');
    const bodies: Record<string, string> = {};
    await similarTimes(async () => {
      const a = visitor(); // a fresh address per attempt: the form allows 10 posts per address
      const t = { known: [] as number[], unknown: [] as number[] };
      // One untimed request first: the first one pays for cold code paths, whichever address it names.
      await forgot(a, uniqueEmail('warm-up'));
      for (let i = 0; i < 3; i++) {
        for (const [k, email] of [['known', known.email], ['unknown', unknown]] as const) {
          const start = process.hrtime.bigint();
          const res = await forgot(a, email);
          t[k].push(Number(process.hrtime.bigint() - start) / 1e6);
          assert.equal(res.statusCode, 200);
          bodies[k] = main(res.body).replace(email, 'EMAIL');
        }
      }
      return t;
    });
    assert.equal(bodies.known, bodies.unknown);
    assert.match(bodies.known!, /Si un compte existe pour EMAIL/);
    await env.runJobs();
    assert.equal((await emailsTo(unknown)).length, 0);
    const sent = await emailsTo(known.email);
    assert.equal(sent.length, 3, 'three links an hour at most');
    assert.equal(sent[0]!.subject, 'Choisissez un nouveau mot de passe');
  });

  test('the link sets a new password once, within the hour, and ends every other session', async () => {
    const c = await makeCustomer(db);
    const other = await loggedIn(c.email, c.password);
    await forgot(visitor(), c.email);
    await env.runJobs();
    const token = await linkToken(c.email, '/reset-password');

    const a = visitor();
    const form = await a.get(`/fr/reset-password?token=${token}`);
    assert.equal(form.statusCode, 200);
    const weak = await a.post('/fr/reset-password', { token, password: 'short' });
    assert.equal(weak.statusCode, 422);
    assert.equal(formError(weak.body, 'password'), 'Au moins 10 caractères.');
    const res = await a.post('/fr/reset-password', { token, password: 'my-new-password-2' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/fr/account');
    assert.equal(await isLoggedIn(a), true, 'logged in on a fresh session');
    assert.equal(await isLoggedIn(other), false, 'the other session ended');
    assert.equal((await visitor().login('/fr/login', c.email, c.password)).statusCode, 401);
    assert.equal((await visitor().login('/fr/login', c.email, 'my-new-password-2')).statusCode, 303);
    assert.ok((await emailsTo(c.email)).some((e) => e.subject === 'Votre mot de passe a été modifié'));

    // Single use.
    const b = visitor();
    assert.equal((await b.get(`/fr/reset-password?token=${token}`)).statusCode, 410);
    await b.get('/fr/forgot-password');
    assert.equal((await b.post('/fr/reset-password', { token, password: 'attacker-password-3' })).statusCode, 410);
    assert.equal((await visitor().login('/fr/login', c.email, 'attacker-password-3')).statusCode, 401);
  });

  test('a link expires after one hour; a new link kills the old ones when used', async () => {
    const c = await makeCustomer(db);
    await forgot(visitor(), c.email);
    await env.runJobs();
    const old = await linkToken(c.email, '/reset-password');
    env.clock.advance({ minutes: 61 });
    const a = visitor();
    assert.equal((await a.get(`/fr/reset-password?token=${old}`)).statusCode, 410);
    await a.get('/fr/forgot-password');
    assert.equal((await a.post('/fr/reset-password', { token: old, password: 'my-new-password-2' })).statusCode, 410);

    await forgot(visitor(), c.email);
    await forgot(visitor(), c.email);
    await env.runJobs();
    const [newest, previous] = (await emailsTo(c.email)).filter((e) => e.kind === 'account_password_reset').map((e) => /token=([\w-]+)/.exec(e.textBody)![1]!);
    const b = visitor();
    await b.get(`/fr/reset-password?token=${newest}`);
    assert.equal((await b.post('/fr/reset-password', { token: newest, password: 'my-new-password-2' })).statusCode, 303);
    assert.equal((await visitor().get(`/fr/reset-password?token=${previous}`)).statusCode, 410);
  });

  test('a reset opens an account locked by failed logins', async () => {
    const c = await makeCustomer(db);
    const a = visitor();
    for (let i = 0; i < 5; i++) await a.login('/fr/login', c.email, 'wrong-password-x');
    assert.equal((await a.login('/fr/login', c.email, c.password)).statusCode, 429);
    await forgot(visitor(), c.email);
    await env.runJobs();
    const token = await linkToken(c.email, '/reset-password');
    const b = visitor();
    await b.get(`/fr/reset-password?token=${token}`);
    await b.post('/fr/reset-password', { token, password: 'my-new-password-2' });
    assert.equal((await visitor().login('/fr/login', c.email, 'my-new-password-2')).statusCode, 303);
  });

  test('the form is limited per IP', async () => {
    const a = visitor();
    let last;
    for (let i = 0; i < 11; i++) last = await forgot(a, uniqueEmail('flood'));
    assert.equal(last!.statusCode, 429);
    assert.match(last!.body, /Trop de tentatives/);
  });
});

describe('login', () => {
  test('a wrong password and an unknown address take about the same time', async () => {
    const c = await makeCustomer(db);
    await similarTimes(async () => {
      const a = visitor(); // a fresh address per attempt: failed logins are limited per address
      const t = { known: [] as number[], unknown: [] as number[] };
      for (let i = 0; i < 3; i++) {
        for (const [k, email] of [['known', c.email], ['unknown', uniqueEmail('ghost')]] as const) {
          await a.get('/fr/login');
          const start = process.hrtime.bigint();
          const res = await a.post('/fr/login', { email, password: 'wrong-password-x' });
          t[k].push(Number(process.hrtime.bigint() - start) / 1e6);
          assert.equal(res.statusCode, 401);
        }
      }
      return t;
    });
  });

  test('failed logins are also limited per IP, across accounts, with a clear message', async () => {
    const c = await makeCustomer(db);
    const a = visitor();
    // 30 failures from this IP on 30 different addresses (written directly: the route's own
    // per-minute limit would answer first over HTTP).
    await db.insert(loginAttempts).values(Array.from({ length: 30 }, (_, i) => ({ face: 'shop', email: `spray${i}@example.test`, ip: a.ip, at: deps.clock.now() })));
    const res = await a.login('/fr/login', c.email, c.password);
    assert.equal(res.statusCode, 429);
    assert.match(res.body, /Trop de tentatives de connexion/);
    // The account itself is not locked for its owner elsewhere.
    assert.equal((await visitor().login('/fr/login', c.email, c.password)).statusCode, 303);
  });

  test('every account page sends an anonymous visitor to "Connexion" and back', async () => {
    for (const p of ['/fr/account/profile', '/fr/account/password', '/fr/account/email', '/fr/account/privacy', '/fr/account/privacy/export', '/fr/account/addresses', '/fr/account/addresses/new']) {
      const res = await visitor().get(p);
      assert.equal(res.statusCode, 303, p);
      assert.equal(res.headers.location, `/fr/login?returnTo=${encodeURIComponent(p)}`);
    }
  });
});

describe('profile, password and email address', () => {
  test('the profile saves names, phone and language; the marketing consent keeps its date until withdrawn', async () => {
    const c = await makeCustomer(db);
    const a = await loggedIn(c.email, c.password);
    await a.get('/fr/account/profile');
    const bad = await a.post('/fr/account/profile', { firstName: 'Anne-Marie', lastName: 'Janssens', phone: 'call me', locale: 'nl', marketing: 'on' });
    assert.equal(bad.statusCode, 422);
    assert.equal(formError(bad.body, 'phone'), 'Ce numéro de téléphone ne semble pas valide (par exemple +32 470 12 34 56).');
    assert.match(bad.body, /value="Anne-Marie"/);
    const ok = await a.post('/fr/account/profile', { firstName: 'Anne-Marie', lastName: 'Janssens', phone: '+32 470 12 34 56', locale: 'nl', marketing: 'on' });
    assert.equal(ok.statusCode, 303);
    let [row] = await db.select().from(customers).where(eq(customers.id, c.id));
    assert.equal(row!.firstName, 'Anne-Marie');
    assert.equal(row!.phone, '+32 470 12 34 56');
    assert.equal(row!.locale, 'nl');
    const consentAt = row!.marketingConsentAt;
    assert.ok(consentAt);
    env.clock.advance({ minutes: 5 });
    await a.get('/fr/account/profile');
    await a.post('/fr/account/profile', { firstName: 'Anne-Marie', lastName: 'Janssens', phone: '', locale: 'nl', marketing: 'on' });
    [row] = await db.select().from(customers).where(eq(customers.id, c.id));
    assert.equal(row!.marketingConsentAt!.getTime(), consentAt!.getTime(), 'saving again keeps the date of the consent');
    assert.equal(row!.phone, null);
    const page = await a.get('/fr/account/profile');
    assert.match(page.body, /Accord donné le/);
    await a.post('/fr/account/profile', { firstName: 'Anne-Marie', lastName: 'Janssens', phone: '', locale: 'nl' });
    [row] = await db.select().from(customers).where(eq(customers.id, c.id));
    assert.equal(row!.marketingConsentAt, null, 'unticking withdraws the consent');
  });

  test('changing the password needs the current one and ends the other sessions, not this one', async () => {
    const c = await makeCustomer(db);
    const a = await loggedIn(c.email, c.password);
    const other = await loggedIn(c.email, c.password);
    await a.get('/fr/account/password');
    const wrong = await a.post('/fr/account/password', { currentPassword: 'not-my-password', newPassword: 'my-new-password-2' });
    assert.equal(wrong.statusCode, 422);
    assert.equal(formError(wrong.body, 'currentPassword'), 'Le mot de passe actuel est incorrect.');
    const ok = await a.post('/fr/account/password', { currentPassword: c.password, newPassword: 'my-new-password-2' });
    assert.equal(ok.statusCode, 303);
    assert.equal(await isLoggedIn(a), true);
    assert.equal(await isLoggedIn(other), false);
    assert.equal((await visitor().login('/fr/login', c.email, 'my-new-password-2')).statusCode, 303);
  });

  test('a new email address is confirmed by a link sent to it; the old address is told', async () => {
    const c = await makeCustomer(db);
    const next = uniqueEmail('moved');
    const a = await loggedIn(c.email, c.password);
    await a.get('/fr/account/email');
    assert.equal((await a.post('/fr/account/email', { email: next, password: 'wrong-password-x' })).statusCode, 422);
    assert.equal(formError((await a.post('/fr/account/email', { email: c.email, password: c.password })).body, 'email'), 'C’est déjà l’adresse de votre compte.');
    const res = await a.post('/fr/account/email', { email: next, password: c.password });
    assert.equal(res.statusCode, 303);
    assert.match(decodeURIComponent(String(res.headers['set-cookie'])), new RegExp(`Nous avons envoyé un lien à ${next}`));
    const [unchanged] = await db.select().from(customers).where(eq(customers.id, c.id));
    assert.equal(unchanged!.email, c.email, 'nothing changes before the link is followed');
    const token = await linkToken(next, '/account/email/confirm');

    const page = await a.get(`/fr/account/email/confirm?token=${token}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(next));
    assert.equal((await a.post('/fr/account/email/confirm', { token })).statusCode, 303);
    const [changed] = await db.select().from(customers).where(eq(customers.id, c.id));
    assert.equal(changed!.email, next);
    const told = (await emailsTo(c.email)).find((e) => e.kind === 'account_email_changed');
    assert.ok(told, 'the old address is told');
    assert.match(told!.textBody, new RegExp(next));
    assert.equal((await visitor().login('/fr/login', next, c.password)).statusCode, 303);
    assert.equal((await visitor().login('/fr/login', c.email, c.password)).statusCode, 401);
    // Single use.
    assert.equal((await a.get(`/fr/account/email/confirm?token=${token}`)).statusCode, 410);
  });

  test('an email-change link followed by another logged-in customer is refused, and still works for its owner', async () => {
    const owner = await makeCustomer(db);
    const thief = await makeCustomer(db);
    const next = uniqueEmail('owner-new');
    const a = await loggedIn(owner.email, owner.password);
    await a.get('/fr/account/email');
    await a.post('/fr/account/email', { email: next, password: owner.password });
    const token = await linkToken(next, '/account/email/confirm');
    const t = await loggedIn(thief.email, thief.password);
    assert.equal((await t.get(`/fr/account/email/confirm?token=${token}`)).statusCode, 410);
    assert.equal((await t.post('/fr/account/email/confirm', { token })).statusCode, 410);
    const [th] = await db.select().from(customers).where(eq(customers.id, thief.id));
    assert.equal(th!.email, thief.email);
    // Anonymous: sent to log in first.
    assert.equal((await visitor().get(`/fr/account/email/confirm?token=${token}`)).statusCode, 303);
    await a.get(`/fr/account/email/confirm?token=${token}`);
    assert.equal((await a.post('/fr/account/email/confirm', { token })).statusCode, 303);
  });

  test('an address that already has an account: the same answer, no link, and that address is told', async () => {
    const c = await makeCustomer(db);
    const taken = await makeCustomer(db);
    const a = await loggedIn(c.email, c.password);
    await a.get('/fr/account/email');
    const res = await a.post('/fr/account/email', { email: taken.email, password: c.password });
    assert.equal(res.statusCode, 303);
    const sent = await emailsTo(taken.email);
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.kind, 'account_email_change_taken');
    assert.doesNotMatch(sent[0]!.textBody, /token=/);
  });

  test('an email-change link expires after 24 hours', async () => {
    const c = await makeCustomer(db);
    const next = uniqueEmail('late');
    const a = await loggedIn(c.email, c.password);
    await a.get('/fr/account/email');
    await a.post('/fr/account/email', { email: next, password: c.password });
    const token = await linkToken(next, '/account/email/confirm');
    env.clock.advance({ hours: 25 });
    const b = await loggedIn(c.email, c.password);
    assert.equal((await b.get(`/fr/account/email/confirm?token=${token}`)).statusCode, 410);
  });
});

describe('housekeeping', () => {
  test('expired links and unconfirmed sign-ups are forgotten a day after they expire', async () => {
    const email = uniqueEmail('never');
    await signUp(visitor(), { email });
    const c = await makeCustomer(db);
    await requestPasswordReset(deps, c.email);
    await env.runJobs();
    await purgeAccountLinks(db, deps.clock.now());
    assert.equal((await db.select().from(signupRequests).where(eq(signupRequests.email, email))).length, 1, 'still valid: kept');
    env.clock.advance({ hours: 49 });
    await purgeAccountLinks(db, deps.clock.now());
    assert.equal((await db.select().from(signupRequests).where(eq(signupRequests.email, email))).length, 0);
    assert.equal((await db.select().from(authTokens).where(eq(authTokens.customerId, c.id))).length, 0);
  });
});

describe('privacy', () => {
  test('"download my data" gives everything we hold as JSON, other modules included, no secrets', async () => {
    const c = await makeCustomer(db, { firstName: 'Export' });
    customerDataExporters.push({ key: 'testModule', collect: async (_db, id) => ({ forCustomer: id }) });
    try {
      const a = await loggedIn(c.email, c.password);
      const res = await a.get('/fr/account/privacy/export');
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-disposition']), /^attachment; filename="comptoir-data-\d{4}-\d{2}-\d{2}\.json"$/);
      const data = res.json();
      assert.equal(data.profile.email, c.email);
      assert.equal(data.profile.firstName, 'Export');
      assert.equal(data.addresses.length, 1);
      assert.equal(data.addresses[0].street, 'Rue Neuve');
      assert.equal(data.addresses[0].isDefaultBilling, true);
      assert.equal(data.sessions.length, 1);
      assert.deepEqual(data.testModule, { forCustomer: c.id });
      assert.doesNotMatch(res.body, /argon2|passwordHash|tokenHash/);
    } finally {
      customerDataExporters.pop();
    }
  });

  test('deleting the account needs the password, erases the person, ends every session and lets other modules act', async () => {
    const c = await makeCustomer(db, { phone: '+32 470 00 00 00' });
    const hooked: string[] = [];
    customerDeletionHooks.push(async (_tx, id) => void hooked.push(id));
    try {
      const a = await loggedIn(c.email, c.password);
      const other = await loggedIn(c.email, c.password);
      await a.get('/fr/account/privacy');
      const wrong = await a.post('/fr/account/privacy/delete', { password: 'wrong-password-x' });
      assert.equal(wrong.statusCode, 422);
      assert.equal(formError(wrong.body, 'password'), 'Le mot de passe actuel est incorrect.');
      assert.equal((await db.select().from(customers).where(eq(customers.id, c.id)))[0]!.deletedAt, null);

      const res = await a.post('/fr/account/privacy/delete', { password: c.password });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/fr/');
      assert.deepEqual(hooked, [c.id]);
      const [row] = await db.select().from(customers).where(eq(customers.id, c.id));
      assert.ok(row!.deletedAt);
      assert.equal(row!.firstName, '');
      assert.equal(row!.lastName, '');
      assert.equal(row!.phone, null);
      assert.notEqual(row!.email, c.email);
      assert.doesNotMatch(row!.passwordHash, /argon2/);
      assert.equal((await db.select().from(addresses).where(eq(addresses.customerId, c.id))).length, 0);
      assert.equal((await db.select().from(sessions).where(and(eq(sessions.face, 'shop'), eq(sessions.userId, c.id)))).length, 0);
      assert.equal(await isLoggedIn(a), false);
      assert.equal(await isLoggedIn(other), false);
      assert.equal((await visitor().login('/fr/login', c.email, c.password)).statusCode, 401);
    } finally {
      customerDeletionHooks.pop();
    }
    // The address is free again: signing up with it creates a new account.
    const b = visitor();
    await signUp(b, { email: c.email });
    const token = await linkToken(c.email, '/register/confirm');
    await b.get(`/fr/register/confirm?token=${token}`);
    assert.equal((await b.post('/fr/register/confirm', { token })).statusCode, 303);
  });
});
