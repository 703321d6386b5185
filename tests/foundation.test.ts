import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Agent } from './helpers/agent.js';
import { testEnv } from './helpers/app.js';
import { makeCustomer, makeOperator, makeSeller } from './helpers/factories.js';

const env = await testEnv();
const { app, deps } = env;

describe('skeleton', () => {
  test('health and readiness', async () => {
    assert.equal((await app.inject('/healthz')).statusCode, 200);
    const ready = await app.inject('/readyz');
    assert.equal(ready.statusCode, 200);
    assert.equal(ready.json().status, 'ready');
  });

  test('/ sends French by default, Dutch to a Dutch browser', async () => {
    assert.equal((await app.inject('/')).headers.location, '/fr/');
    assert.equal((await app.inject({ url: '/', headers: { 'accept-language': 'nl-BE,nl;q=0.9' } })).headers.location, '/nl/');
  });

  test('strict Content-Security-Policy without inline scripts', async () => {
    const res = await app.inject('/fr/');
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
  });

  test('unknown pages answer 404 in the visitor’s language', async () => {
    const nl = await app.inject('/nl/does-not-exist');
    assert.equal(nl.statusCode, 404);
    assert.match(nl.body, /Pagina niet gevonden/);
    const other = await app.inject('/xx/whatever');
    assert.equal(other.statusCode, 404);
  });

  test('an unexpected error shows a generic page with the request id, never the stack', async () => {
    const boom = await testEnv();
    boom.app.get('/fr/boom', async () => {
      throw new Error('select * from secret_table');
    });
    const res = await boom.app.inject('/fr/boom');
    assert.equal(res.statusCode, 500);
    assert.match(res.body, /Une erreur est survenue/);
    assert.doesNotMatch(res.body, /secret_table|at .*\.ts/);
    assert.match(res.body, /<code>[0-9a-f-]{36}<\/code>/);
  });

  test('a POST without the CSRF token is refused and changes nothing', async () => {
    const customer = await makeCustomer(deps.db);
    const a = new Agent(app);
    await a.get('/fr/login');
    const res = await a.post('/fr/login', { email: customer.email, password: customer.password }, { csrf: null });
    assert.equal(res.statusCode, 403);
    assert.match(res.body, /session a expiré/);
    assert.equal([...a.cookies.keys()].includes('comptoir_sid'), false);
  });
});

describe('three faces, three sessions', () => {
  test('a customer logs in and sees the account page; the session id changes at login', async () => {
    const customer = await makeCustomer(deps.db, { firstName: 'Camille' });
    const a = new Agent(app);
    const before = await a.get('/fr/account');
    assert.equal(before.statusCode, 303);
    assert.equal(before.headers.location, '/fr/login?returnTo=%2Ffr%2Faccount');
    a.cookies.set('comptoir_sid', 'planted-by-attacker');
    const res = await a.login('/fr/login?returnTo=%2Ffr%2Faccount', customer.email, customer.password);
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/fr/account');
    assert.notEqual(a.cookies.get('comptoir_sid'), 'planted-by-attacker');
    const page = await a.get('/fr/account');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Bonjour Camille/);
    assert.match(page.body, /Mes Commandes/);
    assert.match(page.body, /Mes adresses/);
  });

  test('a customer session does not open a back office, and a seller session does not open the operator’s', async () => {
    const customer = await makeCustomer(deps.db);
    const a = new Agent(app);
    await a.login('/fr/login', customer.email, customer.password);
    assert.equal((await a.get('/vendeur')).statusCode, 303);
    assert.equal((await a.get('/admin')).statusCode, 303);
    // Customer credentials do not work on the back-office logins.
    const sellerTry = await a.login('/vendeur/login', customer.email, customer.password);
    assert.equal(sellerTry.statusCode, 401);

    const seller = await makeSeller(deps.db);
    const s = new Agent(app);
    const ok = await s.login('/vendeur/login', seller.user.email, seller.user.password);
    assert.equal(ok.statusCode, 303);
    const dash = await s.get('/vendeur');
    assert.equal(dash.statusCode, 200);
    assert.match(dash.body, new RegExp(seller.name));
    assert.equal((await s.get('/admin')).statusCode, 303);
    assert.equal((await s.get('/fr/account')).statusCode, 303);
  });

  test('the operator logs in and reads the email log', async () => {
    const op = await makeOperator(deps.db);
    const o = new Agent(app);
    assert.equal((await o.login('/admin/login', op.email, op.password)).statusCode, 303);
    const emails = await o.get('/admin/emails');
    assert.equal(emails.statusCode, 200);
    assert.match(emails.body, /Emails envoyés/);
  });

  test('logout destroys the session on the server', async () => {
    const customer = await makeCustomer(deps.db);
    const a = new Agent(app);
    await a.login('/fr/login', customer.email, customer.password);
    const stolen = a.cookies.get('comptoir_sid')!;
    await a.get('/fr/account');
    await a.post('/fr/logout');
    const replay = await app.inject({ url: '/fr/account', headers: { cookie: `comptoir_sid=${stolen}` } });
    assert.equal(replay.statusCode, 303);
  });

  test('after "Connexion" the customer returns to the page they came from, never to another site', async () => {
    const customer = await makeCustomer(deps.db);
    for (const [target, expected] of [
      ['/fr/cart', '/fr/cart'],
      ['https://evil.example/x', '/fr/account'],
      ['//evil.example/x', '/fr/account'],
      ['/\\evil.example', '/fr/account'],
    ] as const) {
      const a = new Agent(app);
      await a.get('/fr/login');
      const res = await a.post('/fr/login', { email: customer.email, password: customer.password, returnTo: target });
      assert.equal(res.headers.location, expected, target);
    }
  });
});

describe('login refusals', () => {
  test('known and unknown emails get the same answer; attempts are limited per account', async () => {
    const customer = await makeCustomer(deps.db);
    const a = new Agent(app, { ip: '10.9.0.1' });
    await a.get('/fr/login');
    const wrong = await a.post('/fr/login', { email: customer.email, password: 'not-the-password' });
    const unknown = await a.post('/fr/login', { email: 'nobody@example.test', password: 'not-the-password' });
    assert.equal(wrong.statusCode, 401);
    assert.equal(unknown.statusCode, 401);
    const msg = (b: string) => /<div class="form-error" role="alert">([^<]*)</.exec(b)?.[1];
    assert.equal(msg(wrong.body), msg(unknown.body));
    assert.equal(msg(wrong.body), 'Adresse e-mail ou mot de passe incorrect.');
    for (let i = 0; i < 4; i++) await a.post('/fr/login', { email: customer.email, password: 'still-wrong-pass' });
    const locked = await a.post('/fr/login', { email: customer.email, password: customer.password });
    assert.equal(locked.statusCode, 429);
    assert.match(locked.body, /Trop de tentatives/);
    // Fifteen minutes later the account opens again.
    env.clock.advance({ minutes: 16 });
    const later = await a.post('/fr/login', { email: customer.email, password: customer.password });
    assert.equal(later.statusCode, 303);
  });

  test('a 1 MB password is refused at once, with what was typed kept', async () => {
    const a = new Agent(app, { ip: '10.9.0.2' });
    await a.get('/fr/login');
    const started = Date.now();
    const res = await a.post('/fr/login', { email: 'someone@example.test', password: 'x'.repeat(1024 * 1024 - 200) });
    assert.ok(Date.now() - started < 1000);
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /value="someone@example.test"/);
  });
});
