import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import type { Locale } from '../src/i18n/index.js';
import { addressText } from '../src/modules/accounts/messages.js';
import { MESSAGE_MAX } from '../src/modules/messaging/schema.js';
import { Agent } from './helpers/agent.js';
import { makeApiKey } from './helpers/api.js';
import { testEnv } from './helpers/app.js';
import { shopper } from './helpers/checkout.js';
import { makeCategory, makeCustomer, makePaidOrder, makeProduct, makeSeller } from './helpers/factories.js';

// Issue 12, bad input anywhere: every storefront form answers bad values with the sentence in the
// request's language and keeps what was typed; malformed requests get a clean 4xx, never a stack
// trace, SQL or an error's name.
const env = await testEnv();
const { app, deps } = env;
const db = deps.db;
const seller = await makeSeller(db, { name: 'Maison Dupont' });
const category = await makeCategory(db);
const { product, variants } = await makeProduct(db, { sellerId: seller.id, categoryId: category.id, title: 'Plaid en laine', stock: 100 });
const offerId = variants[0]!.offer.id;

/** What no answer may contain: a stack frame, an error's name, SQL, the driver's or the runtime's words. */
const LEAK = /\bat [\w.<>$]+ \(|\.[jt]sx?:\d+:\d+|\b\w*Error:|\bselect\b[^<]{0,200}\bfrom\b|\binsert into\b|\bupdate \w+ set\b|violates|syntax error|node_modules|postgres|drizzle|ZodError|FST_ERR/i;
function clean(res: LightMyRequestResponse, what: string): void {
  assert.doesNotMatch(res.body, LEAK, `${what}: no stack, SQL or error name in the ${res.statusCode} body: ${res.body.slice(0, 300)}`);
}

const TOO_LONG: Record<Locale, string> = { fr: `Au plus ${MESSAGE_MAX} caractères.`, nl: `Hoogstens ${MESSAGE_MAX} tekens.`, en: `At most ${MESSAGE_MAX} characters.` };
const BAD_EMAIL: Record<Locale, string> = { fr: 'Cette adresse e-mail n’est pas valide.', nl: 'Dit e-mailadres is ongeldig.', en: 'This email address is not valid.' };

/** A Belgian address with a postcode that is not one, and the sentence that must answer it. */
const badAddress = { firstName: 'Anne-Sophie', lastName: 'Peeters', company: 'Atelier Zuid', street: 'Rue Neuve', houseNumber: '12', box: 'B3', postalCode: '12AB', city: 'Bruxelles', country: 'BE', phone: '+32 470 12 34 56' };
const keptAddress = (body: string) => Object.entries(badAddress).filter(([k]) => k !== 'country').every(([k, v]) => body.includes(`value="${v}"`) || fail(`the address field ${k} lost "${v}"`));
function fail(why: string): never {
  throw new assert.AssertionError({ message: why });
}

let ip = 0;
const nextIp = () => `10.77.${Math.floor(++ip / 250)}.${(ip % 250) + 1}`;

/** Posts a multipart form as the incident page's browser would (fields only). */
async function postMultipart(agent: Agent, url: string, fields: Record<string, string>): Promise<LightMyRequestResponse> {
  const boundary = `----comptoir${randomUUID()}`;
  const parts = Object.entries({ _csrf: agent.csrf ?? '', ...fields }).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  return app.inject({
    method: 'POST',
    url,
    payload: Buffer.from(`${parts.join('')}--${boundary}--\r\n`),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    remoteAddress: agent.ip,
  });
}

type FormCase = {
  name: string;
  /** Sends the form with a bad value, as a visitor of this language; returns the answer. */
  send: (locale: Locale) => Promise<LightMyRequestResponse>;
  /** The sentence the answer must show. */
  sentence: (locale: Locale) => string;
  /** Every typed value is still in the form (throws with the lost one). */
  kept: (body: string) => void;
};

const forms: FormCase[] = [
  {
    name: 'sign-up (an email that is not one)',
    send: async (locale) => {
      const a = new Agent(app, { ip: nextIp() });
      await a.get(`/${locale}/register`);
      return a.post(`/${locale}/register`, { firstName: 'Anne-Sophie', lastName: 'Peeters', email: 'anne@@example', password: 'Correct-horse-42', locale });
    },
    sentence: (l) => BAD_EMAIL[l],
    kept: (body) => {
      for (const v of ['Anne-Sophie', 'Peeters', 'anne@@example']) if (!body.includes(`value="${v}"`)) fail(`sign-up lost "${v}"`);
      if (body.includes('Correct-horse-42')) fail('the password must not be sent back');
    },
  },
  {
    name: '"Mes adresses": new address with a wrong postcode',
    send: async (locale) => {
      const { agent } = await shopper(env, { items: [], customer: { locale }, ip: nextIp() });
      await agent.get(`/${locale}/account/addresses/new`);
      return agent.post(`/${locale}/account/addresses/new`, badAddress);
    },
    sentence: (l) => addressText(l)('postal_code_BE'),
    kept: keptAddress,
  },
  {
    name: 'checkout, address step: a new delivery address with a wrong postcode',
    send: async (locale) => {
      const { agent } = await shopper(env, { items: [{ offerId }], customer: { locale }, ip: nextIp() });
      const page = await agent.get(`/${locale}/checkout`);
      assert.equal(page.statusCode, 200, `checkout page (${page.headers.location ?? ''})`);
      // As on the page: "Utiliser une adresse différente…", then the delivery address form.
      const separate = await agent.post(`/${locale}/checkout/delivery-address`, { separate: '1' });
      assert.equal(separate.statusCode, 303, 'a separate delivery address asked for');
      await agent.get(String(separate.headers.location));
      const res = await agent.post(`/${locale}/checkout/address/add`, { role: 'delivery', ...badAddress });
      return res;
    },
    sentence: (l) => addressText(l)('postal_code_BE'),
    kept: keptAddress,
  },
  {
    name: 'question to the seller: a message too long',
    send: async (locale) => {
      const { agent } = await shopper(env, { items: [], customer: { locale }, ip: nextIp() });
      await agent.get(`/${locale}/p/${product.slug}/question`);
      return agent.post(`/${locale}/p/${product.slug}/question`, { sellerId: seller.id, variantId: '', subject: 'delivery', body: `Bonjour, ${'x'.repeat(MESSAGE_MAX)}` });
    },
    sentence: (l) => TOO_LONG[l],
    kept: (body) => {
      if (!body.includes(`Bonjour, ${'x'.repeat(MESSAGE_MAX)}`)) fail('the question text was lost');
      if (!/<option[^>]*value="delivery"[^>]*selected|<option[^>]*selected[^>]*value="delivery"/.test(body)) fail('the chosen subject was lost');
    },
  },
  {
    name: 'incident: a message too long',
    send: async (locale) => {
      const customer = await makeCustomer(db, { locale });
      const order = await makePaidOrder(db, { customer, lines: [{ offer: { id: offerId } }] });
      const agent = new Agent(app, { ip: nextIp() });
      await agent.login(`/${locale}/login`, customer.email, customer.password);
      const line = order.lines[0]!;
      const url = `/${locale}/account/orders/${order.order.number}/lines/${line.id}/incident`;
      const form = await agent.get(url);
      assert.equal(form.statusCode, 200, `incident form (${form.headers.location ?? ''})`);
      return postMultipart(agent, url, { reason: 'withdrawal', message: `Trop petit. ${'y'.repeat(MESSAGE_MAX)}` });
    },
    sentence: (l) => TOO_LONG[l],
    kept: (body) => {
      if (!body.includes(`Trop petit. ${'y'.repeat(MESSAGE_MAX)}`)) fail('the incident message was lost');
      if (!/value="withdrawal"[^>]*checked|checked[^>]*value="withdrawal"|value="withdrawal"[^>]*selected/.test(body)) fail('the chosen reason was lost');
    },
  },
];

describe('storefront forms: bad values get a sentence in the request’s language, and nothing typed is lost', () => {
  for (const f of forms) {
    for (const locale of ['fr', 'nl', 'en'] as Locale[]) {
      test(`${f.name} — ${locale}`, async () => {
        const res = await f.send(locale);
        assert.equal(res.statusCode, 422, `${f.name} (${locale}) answers 422, not ${res.statusCode} ${res.headers.location ?? ''}`);
        assert.ok(res.body.includes(f.sentence(locale)), `${f.name} (${locale}) says "${f.sentence(locale)}"`);
        assert.match(res.body, new RegExp(`<html[^>]*lang="${locale}"`), `the page is in ${locale}`);
        f.kept(res.body);
        clean(res, f.name);
      });
    }
  }
});

const apiKey = await makeApiKey(deps, seller);
const customer = await shopper(env, { items: [{ offerId }], ip: nextIp() });
const visitor = new Agent(app, { ip: nextIp() });
await visitor.get('/fr/');

describe('malformed requests: a clean 4xx, nothing leaked', () => {
  const form = (agent: Agent) => ({ cookie: [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; ') });
  const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: string | Buffer, type = 'application/json') =>
    app.inject({
      method,
      url: `/api/seller/v1${url}`,
      payload,
      headers: { authorization: `Bearer ${apiKey}`, ...(payload !== undefined ? { 'content-type': type, 'idempotency-key': randomUUID() } : {}) },
    });

  /** `todo`: a known gap, reported by the runner without failing the suite (see docs/security.md). */
  type Sweep = { name: string; send: () => Promise<LightMyRequestResponse>; expect?: number[]; todo?: string };
  const sweep: Sweep[] = [
    { name: 'API: invalid JSON', send: () => api('POST', '/offers/bulk-update', '{"offers": [ {"id": '), expect: [400] },
    { name: 'API: JSON that is not an object', send: () => api('POST', '/offers/bulk-update', '"just a string"'), expect: [400, 422] },
    { name: 'API: wrong content-type', send: () => api('POST', '/offers/bulk-update', '<offers/>', 'application/xml'), expect: [415] },
    { name: 'API: broken UTF-8 in JSON', send: () => api('POST', '/offers/bulk-update', Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0xff, 0x7d])), expect: [400] },
    { name: 'API: a huge body', send: () => api('POST', '/offers/bulk-update', JSON.stringify({ offers: [], pad: 'x'.repeat(12 * 1024 * 1024) })), expect: [413] },
    { name: 'API: an id that is not a UUID', send: () => api('GET', '/offers/not-a-uuid'), expect: [400, 404] },
    { name: 'API: an id with SQL in it', send: () => api('PATCH', `/offers/${encodeURIComponent("1' or '1'='1")}`, '{}'), expect: [400, 404, 422] },
    { name: 'API: a negative page size', send: () => api('GET', '/offers?limit=-5'), expect: [400, 422] },
    { name: 'API: a cursor that is garbage', send: () => api('GET', '/offers?cursor=%FF%FE%00'), expect: [400, 422] },
    { name: 'API: an order number with traversal', send: () => api('GET', '/orders/..%2f..%2fetc%2fpasswd'), expect: [400, 404] },
    { name: 'form: wrong content-type', send: () => app.inject({ method: 'POST', url: '/fr/cart/add', payload: '<a/>', headers: { 'content-type': 'application/xml', ...form(visitor) } }), expect: [400, 403, 415] },
    { name: 'form: JSON to a form route', send: () => app.inject({ method: 'POST', url: '/fr/cart/add', payload: '{"offerId":', headers: { 'content-type': 'application/json', ...form(visitor) } }), expect: [400, 403, 415] },
    { name: 'form: a huge body', send: () => customer.agent.post('/fr/account/addresses/new', { ...badAddress, street: 'x'.repeat(3 * 1024 * 1024) }), expect: [413] },
    { name: 'form: broken UTF-8', send: () => app.inject({ method: 'POST', url: '/fr/register', payload: `email=%C3%28%FF&firstName=%E0%A4&_csrf=${encodeURIComponent(visitor.csrf ?? '')}`, headers: { 'content-type': 'application/x-www-form-urlencoded', ...form(visitor) } }), expect: [400, 403, 422] },
    { name: 'form: a field given twice', send: () => customer.agent.post('/fr/cart/add', { offerId: [offerId, offerId], quantity: ['1', '2'] }), expect: [400, 404, 422] },
    { name: 'form: a quantity that is not a number', send: () => customer.agent.post('/fr/cart/add', { offerId, quantity: '1e309' }), expect: [422] },
    { name: 'search: broken UTF-8 in the query', send: () => visitor.get('/fr/search?q=%C3%28%FF%FE'), expect: [200, 400] },
    { name: 'search: a negative page', send: () => visitor.get('/fr/search?q=plaid&page=-3'), expect: [200, 400, 404] },
    { name: 'category: a page that is not a number', send: () => visitor.get(`/fr/c/${category.slug}?page=abc`), expect: [200, 400, 404] },
    { name: 'category: an enormous page', send: () => visitor.get(`/fr/c/${category.slug}?page=99999999999999999999999`), expect: [200, 400, 404] },
    { name: 'category: a negative page', send: () => visitor.get(`/fr/c/${category.slug}?page=-1`), expect: [200, 400, 404] },
    { name: 'static: path traversal', send: () => visitor.get('/static/../../package.json'), expect: [400, 403, 404] },
    { name: 'static: encoded traversal', send: () => visitor.get('/static/%2e%2e/%2e%2e/package.json'), expect: [400, 403, 404] },
    { name: 'static: encoded slash traversal', send: () => visitor.get('/static/..%2f..%2fpackage.json'), expect: [400, 403, 404] },
    { name: 'static: a NUL byte', send: () => visitor.get('/static/css/app.css%00.png'), expect: [400, 403, 404] },
    { name: 'a message id that is not a UUID', send: () => customer.agent.get('/fr/account/messages/not-a-uuid'), expect: [404] },
    { name: 'an address id that is not a UUID', send: () => customer.agent.get("/fr/account/addresses/1'%20or%201=1/edit"), expect: [404] },
    {
      name: 'a path that is not valid UTF-8',
      send: () => customer.agent.get('/fr/account/orders/%00%FF'),
      expect: [400, 404],
    },
    {
      name: 'a path that is not valid UTF-8 gets the shop’s page in the URL’s language, not Fastify’s JSON',
      send: async () => {
        const res = await visitor.get('/nl/p/%FF%FE');
        assert.match(res.body, /Pagina niet gevonden|niet gevonden/i, `the Dutch page: ${res.body.slice(0, 200)}`);
        assert.doesNotMatch(res.body, /FST_ERR/, 'no framework code');
        return res;
      },
      expect: [400],
    },
    { name: 'an order number that is not one', send: () => customer.agent.get('/fr/account/orders/C-0000-%27%3B--'), expect: [404] },
    { name: 'a cart line id that is not a UUID', send: () => customer.agent.post('/fr/cart/items/abc', { quantity: '2' }), expect: [404] },
    { name: 'messages: a cursor that is garbage', send: () => customer.agent.get('/fr/account/messages?before=%FF-1_x'), expect: [200, 400] },
    { name: 'a locale that does not exist', send: () => visitor.get('/xx/cart'), expect: [404] },
    { name: 'a product slug with SQL in it', send: () => visitor.get(`/fr/p/${encodeURIComponent("x' union select password_hash from customers --")}`), expect: [404] },
  ];
  for (const s of sweep) {
    test(s.name, { todo: s.todo }, async () => {
      const res = await s.send();
      assert.ok(res.statusCode < 500, `${s.name}: answered ${res.statusCode}, a server error: ${res.body.slice(0, 300)}`);
      if (s.expect) assert.ok(s.expect.includes(res.statusCode), `${s.name}: ${res.statusCode}, expected one of ${s.expect.join('/')}: ${res.body.slice(0, 200)}`);
      clean(res, s.name);
      if (s.name.startsWith('static')) assert.doesNotMatch(res.body, /"name":\s*"comptoir"/, 'package.json never served');
    });
  }
});
