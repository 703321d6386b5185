import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { and, eq, isNull } from 'drizzle-orm';
import { recoveryCodes, secondFactors } from '../src/modules/backoffice/schema.js';
import { base32Decode, hotp, stepAt } from '../src/modules/backoffice/totp.js';
import { auditLog } from '../src/modules/operators/schema.js';
import { inviteUser } from '../src/modules/backoffice/invitations.js';
import { Agent } from './helpers/agent.js';
import { testEnv } from './helpers/app.js';
import { makeOperator, makeSeller, PASSWORD } from './helpers/factories.js';
import { recoveryCodeOf } from './helpers/second-factor.js';

const env = await testEnv();
const { app, deps } = env;
const db = deps.db;

let ipSeq = 0;
const nextIp = () => `127.2.${Math.floor(++ipSeq / 250)}.${(ipSeq % 250) + 2}`;

/** A code as the user's app shows it at the server's (test) time, `offset` steps away. */
const codeAt = (key: Buffer, offset = 0) => hotp(key, stepAt(env.clock.now().getTime()) + offset);

async function passwordStep(base: '/admin' | '/vendeur', email: string, password = PASSWORD) {
  const a = new Agent(app, { ip: nextIp() });
  await a.get(`${base}/login`);
  const res = await a.post(`${base}/login`, { email, password });
  return { a, res };
}

/** Enrols an admin through the login's enrolment page; returns the key read from the page and the recovery codes. */
async function enrolAtLogin(email: string) {
  const { a, res } = await passwordStep('/admin', email);
  assert.equal(res.statusCode, 303);
  assert.match(String(res.headers.location), /^\/admin\/login\/enrol/);
  const page = await a.follow(res);
  const key = base32Decode(/data-totp-key[^>]*>([^<]+)</.exec(page.body)![1]!)!;
  const done = await a.post('/admin/login/enrol', { code: codeAt(key) });
  assert.equal(done.statusCode, 200);
  const codes = [...done.body.matchAll(/<code>([A-Z2-7]{5}-[A-Z2-7]{5})<\/code>/g)].map((m) => m[1]!);
  return { a, key, codes, page: done };
}

describe('second factor at login (TOTP, RFC 6238)', () => {
  test('an admin cannot skip enrolment: no session until a first code is confirmed', async () => {
    const admin = await makeOperator(db, 'admin', { secondFactor: false });
    const { a, res } = await passwordStep('/admin', admin.email);
    assert.equal(res.statusCode, 303);
    assert.match(String(res.headers.location), /^\/admin\/login\/enrol/);
    assert.equal(a.cookies.has('comptoir_asid'), false, 'no session after the password alone');
    // Going elsewhere does not get past the step.
    const elsewhere = await a.get('/admin/customers');
    assert.equal(elsewhere.statusCode, 303);
    assert.match(String(elsewhere.headers.location), /^\/admin\/login\?/);
    const page = await a.get('/admin/login/enrol');
    assert.match(page.body, /obligatoire pour les administrateurs/);
    assert.match(page.body, /otpauth:\/\/totp\/Comptoir%3A/);
    const keyText = /data-totp-key[^>]*>([^<]+)</.exec(page.body)![1]!;
    const again = await a.get('/admin/login/enrol');
    assert.equal(/data-totp-key[^>]*>([^<]+)</.exec(again.body)![1], keyText, 'reloading shows the same key');
    const key = base32Decode(keyText)!;
    const [stored] = await db.select().from(secondFactors).where(eq(secondFactors.userId, admin.id));
    assert.ok(!stored!.secret.includes(keyText.replace(/ /g, '')), 'the key is stored sealed');
    assert.equal(stored!.enabledAt, null);

    const wrong = await a.post('/admin/login/enrol', { code: codeAt(key, 5) });
    assert.equal(wrong.statusCode, 422);
    assert.match(wrong.body, /Ce code n’est pas valable/);
    assert.equal(a.cookies.has('comptoir_asid'), false);
    const ok = await a.post('/admin/login/enrol', { code: codeAt(key) });
    assert.equal(ok.statusCode, 200);
    const codes = [...ok.body.matchAll(/<code>([A-Z2-7]{5}-[A-Z2-7]{5})<\/code>/g)].map((m) => m[1]!);
    assert.equal(codes.length, 10);
    assert.equal((await a.get('/admin/customers')).statusCode, 200, 'logged in after the first code');
    assert.equal((await db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, admin.id))).length, 10);
    assert.ok((await db.select().from(auditLog).where(and(eq(auditLog.operatorId, admin.id), eq(auditLog.action, 'security.second_factor_on')))).length === 1);
    // Customer service is not asked for a second factor.
    const cs = await makeOperator(db, 'customer_service');
    const csLogin = await passwordStep('/admin', cs.email);
    assert.equal(csLogin.res.headers.location, '/admin');
  });

  test('a wrong code is refused; a code is accepted once (a replay in the same step is refused); the next step’s code works', async () => {
    const admin = await makeOperator(db, 'admin', { secondFactor: false });
    const { key } = await enrolAtLogin(admin.email);
    const first = await passwordStep('/admin', admin.email);
    assert.match(String(first.res.headers.location), /^\/admin\/login\/code/);
    await first.a.follow(first.res);
    const wrong = await first.a.post('/admin/login/code', { code: '000000' === codeAt(key) ? '111111' : '000000' });
    assert.equal(wrong.statusCode, 401);
    assert.match(wrong.body, /Ce code n’est pas valable/);
    // The enrolment used this step's code: the same code cannot open a session again.
    const replay = await first.a.post('/admin/login/code', { code: codeAt(key) });
    assert.equal(replay.statusCode, 401, 'the code used at enrolment is spent');
    const older = await first.a.post('/admin/login/code', { code: codeAt(key, -1) });
    assert.equal(older.statusCode, 401, 'an earlier step is refused once a later one was used');
    const next = await first.a.post('/admin/login/code', { code: codeAt(key, 1), returnTo: '/admin/orders' });
    assert.equal(next.statusCode, 303);
    assert.equal(next.headers.location, '/admin/orders');
    assert.equal((await first.a.get('/admin/orders')).statusCode, 200);
    // Another login in the same steps: that code was spent too.
    const second = await passwordStep('/admin', admin.email);
    await second.a.follow(second.res);
    assert.equal((await second.a.post('/admin/login/code', { code: codeAt(key, 1) })).statusCode, 401);
    env.clock.advance({ ms: 60_000 });
    assert.equal((await second.a.post('/admin/login/code', { code: codeAt(key) })).statusCode, 303, 'a minute later, a fresh code');
  });

  test('a recovery code opens one session, once; five wrong codes lock the step for 15 minutes', async () => {
    const admin = await makeOperator(db, 'admin', { secondFactor: false });
    const { key, codes } = await enrolAtLogin(admin.email);
    env.clock.advance({ ms: 90_000 });
    const one = await passwordStep('/admin', admin.email);
    await one.a.follow(one.res);
    const used = await one.a.post('/admin/login/code', { code: codes[0]!.toLowerCase().replace('-', ' ') });
    assert.equal(used.statusCode, 303);
    assert.match((await one.a.get('/admin')).body, /Code de récupération utilisé\. Il vous en reste 9\./);
    const two = await passwordStep('/admin', admin.email);
    await two.a.follow(two.res);
    assert.equal((await two.a.post('/admin/login/code', { code: codes[0]! })).statusCode, 401, 'a recovery code is single-use');
    for (let i = 0; i < 4; i++) assert.equal((await two.a.post('/admin/login/code', { code: 'ZZZZZ-ZZZZZ' })).statusCode, 401);
    // Five failures: even the right code is refused now.
    const locked = await two.a.post('/admin/login/code', { code: codeAt(key) });
    assert.equal(locked.statusCode, 429);
    assert.match(locked.body, /Trop de codes erronés/);
    env.clock.advance({ minutes: 16 });
    // The password step expired meanwhile (5 minutes): back to the login page.
    const expired = await two.a.get('/admin/login/code');
    assert.equal(expired.headers.location, '/admin/login');
    const three = await passwordStep('/admin', admin.email);
    await three.a.follow(three.res);
    assert.equal((await three.a.post('/admin/login/code', { code: codeAt(key) })).statusCode, 303);
  });

  test('the pending step is bound to its user, face and signature', async () => {
    const admin = await makeOperator(db, 'admin');
    const { a, res } = await passwordStep('/admin', admin.email);
    const pending = a.cookies.get('comptoir_bo_2fa')!;
    assert.ok(pending);
    // A forged value (another user id, unsigned) is refused.
    const forged = new Agent(app, { ip: nextIp() });
    await forged.get('/admin/login');
    forged.cookies.set('comptoir_bo_2fa', `operator.${randomUUID()}.code.${Date.now() + 60_000}`);
    assert.equal((await forged.get('/admin/login/code')).headers.location, '/admin/login');
    // The seller back office does not accept the operator's pending step.
    const seller = new Agent(app, { ip: nextIp() });
    await seller.get('/vendeur/login');
    const check = await app.inject({ url: '/vendeur/login/code', headers: { cookie: `comptoir_bo_2fa=${pending}` } });
    assert.equal(check.headers.location, '/vendeur/login');
    assert.ok(res);
  });

  test('sellers choose: turn it on in "Sécurité", then login asks for a code; turning it off needs a code; admins cannot turn it off', async () => {
    const seller = await makeSeller(db);
    const s = new Agent(app, { ip: nextIp() });
    assert.equal((await s.login('/vendeur/login', seller.user.email, seller.user.password)).headers.location, '/vendeur');
    const security = await s.get('/vendeur/security');
    assert.match(security.body, /n’est pas activée/);
    const enrol = await s.get('/vendeur/security/enrol');
    const key = base32Decode(/data-totp-key[^>]*>([^<]+)</.exec(enrol.body)![1]!)!;
    assert.equal((await s.post('/vendeur/security/enrol', { code: 'abc' })).statusCode, 422);
    const on = await s.post('/vendeur/security/enrol', { code: codeAt(key) });
    assert.equal(on.statusCode, 200);
    assert.match(on.body, /Vos codes de récupération/);

    const next = await passwordStep('/vendeur', seller.user.email);
    assert.match(String(next.res.headers.location), /^\/vendeur\/login\/code/);
    await next.a.follow(next.res);
    assert.equal((await next.a.post('/vendeur/login/code', { code: codeAt(key, 1) })).statusCode, 303);

    await s.get('/vendeur/security');
    assert.equal((await s.post('/vendeur/security/disable', { code: '123' })).statusCode, 422);
    env.clock.advance({ ms: 60_000 });
    assert.equal((await s.post('/vendeur/security/disable', { code: codeAt(key) })).statusCode, 303);
    assert.equal((await passwordStep('/vendeur', seller.user.email)).res.headers.location, '/vendeur');

    const admin = await makeOperator(db, 'admin');
    const a = new Agent(app, { ip: nextIp() });
    await a.login('/admin/login', admin.email, admin.password);
    const page = await a.get('/admin/security');
    assert.match(page.body, /Obligatoire pour votre rôle/);
    assert.doesNotMatch(page.body, /security\/disable/);
    assert.equal((await a.post('/admin/security/disable', { code: '000000' })).statusCode, 403);
    assert.ok((await db.select().from(secondFactors).where(and(eq(secondFactors.userId, admin.id)))).length === 1);
    // New recovery codes need a current code and replace the old ones.
    const before = await db.select().from(recoveryCodes).where(and(eq(recoveryCodes.userId, admin.id), isNull(recoveryCodes.usedAt)));
    assert.equal((await a.post('/admin/security/recovery-codes', { code: 'nope' })).statusCode, 422);
    // (The test clock runs ahead of the helper's app here: a recovery code stands in for the app's code.)
    const regen = await a.post('/admin/security/recovery-codes', { code: recoveryCodeOf(admin.email)! });
    assert.equal(regen.statusCode, 200);
    const after = await db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, admin.id));
    assert.equal(after.length, 10);
    assert.ok(after.every((r) => !before.some((b) => b.codeHash === r.codeHash)));
  });
});

describe('invitations', () => {
  test('an invitation link expires; an invited admin must enrol before the first page', async () => {
    const seller = await makeSeller(db);
    const inviter = await makeOperator(db, 'admin');
    const email = `late-${randomUUID().slice(0, 6)}@shop.test`;
    const token = await db.transaction(async (tx) => {
      const r = await inviteUser(deps, tx, { face: 'seller', sellerId: seller.id, email, role: 'staff', locale: 'fr', invitedBy: { face: 'operator', id: inviter.id, name: 'Op' } });
      assert.ok(r.ok);
      return null;
    });
    assert.equal(token, null);
    // The token is only in the email: read it from the queued email.
    const { emails } = await import('../src/modules/notifications/schema.js');
    const [mail] = await db.select().from(emails).where(eq(emails.toAddress, email));
    const link = /(\/vendeur\/invitation\?token=[A-Za-z0-9_-]+)/.exec(mail!.textBody)![1]!;
    assert.match(mail!.htmlBody, /Créer mon accès/);
    env.clock.advance({ days: 8 });
    const late = new Agent(app, { ip: nextIp() });
    const page = await late.get(link);
    assert.equal(page.statusCode, 410);
    assert.match(page.body, /n’est plus valable/);
    const t = new URL(link, 'http://x').searchParams.get('token')!;
    await late.get('/vendeur/login');
    assert.equal((await late.post('/vendeur/invitation', { token: t, name: 'Late', password: 'Un-mot-de-passe-long' })).statusCode, 409);

    const adminEmail = `new-admin-${randomUUID().slice(0, 6)}@ops.test`;
    await db.transaction((tx) => inviteUser(deps, tx, { face: 'operator', email: adminEmail, role: 'admin', locale: 'en', invitedBy: { face: 'operator', id: inviter.id, name: 'Op' } }));
    const [m2] = await db.select().from(emails).where(eq(emails.toAddress, adminEmail));
    assert.match(m2!.subject, /Comptoir administration/);
    const token2 = /token=([A-Za-z0-9_-]+)/.exec(m2!.textBody)![1]!;
    const newbie = new Agent(app, { ip: nextIp() });
    await newbie.get(`/admin/invitation?token=${token2}`);
    assert.equal((await newbie.get(`/vendeur/invitation?token=${token2}`)).statusCode, 410, 'an operator invitation does not open the seller area');
    const accepted = await newbie.post('/admin/invitation', { token: token2, name: 'Noor', password: 'Un-mot-de-passe-long' });
    assert.equal(accepted.statusCode, 303);
    assert.match(String(accepted.headers.location), /^\/admin\/login\/enrol/);
    assert.equal((await newbie.get('/admin')).statusCode, 303, 'no session before the second factor');
  });
});
