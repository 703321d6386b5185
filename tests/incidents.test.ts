import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { addJob } from '../src/jobs/queue.js';
import { incidents, incidentPhotos } from '../src/modules/incidents/schema.js';
import { ledgerEntries } from '../src/modules/ledger/schema.js';
import { emails } from '../src/modules/notifications/schema.js';
import { auditLog, settings } from '../src/modules/operators/schema.js';
import { applyToLines } from '../src/modules/orders/apply.js';
import { orderLines, sellerOrders, timelineEvents } from '../src/modules/orders/schema.js';
import { SYSTEM } from '../src/modules/orders/timeline.js';
import { refunds } from '../src/modules/payments/schema.js';
import { Agent } from './helpers/agent.js';
import { testEnv } from './helpers/app.js';
import { makeCustomer, makeOperator, makePaidOrder, makeProduct, makeSeller } from './helpers/factories.js';

const env = await testEnv();
const { app, deps } = env;
const db = deps.db;

/** Puts the test clock at a known instant (tests that count working days start on a known weekday). */
function setClock(at: Date) {
  env.clock.advance({ ms: at.getTime() - env.clock.now().getTime() });
}
// Wednesday 2026-06-17, 10:00 in Brussels.
const WEDNESDAY = new Date('2026-06-17T08:00:00Z');
setClock(WEDNESDAY);

/** A real 8×4 PNG (drawn by Chromium): uploads are parsed chunk by chunk to drop their metadata. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAgAAAAECAYAAACzzX7wAAAAJUlEQVR4AaTKMQ0AAAzDsKmUwp9BOXVvvx2L5C8CpxnSNEf/YQEAAP//TSYwkgAAAAZJREFUAwDlMRGRprvVAQAAAABJRU5ErkJggg==', 'base64');
const XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>';

/** Posts a multipart form (what the browser sends for the incident form), with the agent's cookies and CSRF token. */
async function postMultipart(agent: Agent, url: string, fields: Record<string, string>, files: { name: string; filename: string; type: string; data: Buffer }[] = []): Promise<LightMyRequestResponse> {
  const boundary = `----comptoir${randomUUID()}`;
  const chunks: Buffer[] = [];
  const all = { _csrf: agent.csrf ?? '', ...fields };
  for (const [k, v] of Object.entries(all)) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const f of files) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.name}"; filename="${f.filename}"\r\nContent-Type: ${f.type}\r\n\r\n`), f.data, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  const res = await app.inject({
    method: 'POST',
    url,
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    remoteAddress: agent.ip,
  });
  // Keep the cookies it sets (the flash message), like a browser.
  (agent as unknown as { remember(r: LightMyRequestResponse): void }).remember(res);
  return res;
}

/** A distinct loopback address per world: the login routes' per-IP limits count each browser on its own. */
let ipSeq = 0;
const nextIp = () => `127.0.${Math.floor(++ipSeq / 250)}.${(ipSeq % 250) + 2}`;

async function world(opts: { lines?: number; price?: number } = {}) {
  const seller = await makeSeller(db, { returnWindowDays: 30, returnShippingPaidBy: 'seller', returnText: { fr: 'Renvoyez à Rue du Retour 1, 1000 Bruxelles.', nl: 'Terug naar Terugstraat 1.', en: 'Send back to 1 Return Street.' } });
  const product = await makeProduct(db, { sellerId: seller.id, priceCents: opts.price ?? 2500, colours: ['navy', 'red'].slice(0, opts.lines ?? 1) });
  const customer = await makeCustomer(db);
  const order = await makePaidOrder(db, { customer, lines: product.variants.map((v) => ({ offer: v.offer })), at: env.clock.now() });
  const shopper = new Agent(app, { ip: nextIp() });
  await shopper.login('/fr/login', customer.email, customer.password);
  const sellerAgent = new Agent(app, { ip: nextIp() });
  await sellerAgent.login('/vendeur/login', seller.user.email, seller.user.password);
  /** Sessions expire when the clock moves days forward: log in again, as people would. */
  const relogin = async () => {
    await shopper.login('/fr/login', customer.email, customer.password);
    await sellerAgent.login('/vendeur/login', seller.user.email, seller.user.password);
  };
  return { seller, product, customer, order, line: order.lines[0]!, shopper, sellerAgent, relogin };
}

type World = Awaited<ReturnType<typeof world>>;

const formUrl = (w: World, lineId = w.line.id) => `/fr/account/orders/${w.order.order.number}/lines/${lineId}/incident`;

async function advanceLine(lineId: string, verbs: ('ship' | 'deliver')[]) {
  await db.transaction(async (tx) => {
    for (const verb of verbs) {
      const r = await applyToLines(tx, { lineIds: [lineId], verb, actor: SYSTEM, now: env.clock.now() });
      assert.ok(r.ok, `${verb}: ${JSON.stringify(r)}`);
    }
  });
}

/** Opens an incident through the form and returns its number. */
async function open(w: World, reason: string, message = '', lineId = w.line.id, files: Parameters<typeof postMultipart>[3] = []): Promise<string> {
  await w.shopper.get(formUrl(w, lineId));
  const res = await postMultipart(w.shopper, formUrl(w, lineId), { reason, message }, files);
  assert.equal(res.statusCode, 303, res.body.slice(0, 2000));
  const m = /\/fr\/account\/incidents\/(I-\d{4}-\d{6})$/.exec(String(res.headers.location));
  assert.ok(m, String(res.headers.location));
  return m[1]!;
}

const incidentRow = async (number: string) => (await db.select().from(incidents).where(eq(incidents.number, number)))[0]!;
const lineRow = async (id: string) => (await db.select().from(orderLines).where(eq(orderLines.id, id)))[0]!;
const mailsTo = async (to: string) => db.select().from(emails).where(eq(emails.toAddress, to)).orderBy(emails.createdAt);
const refundsOf = async (lineId: string) => db.select().from(refunds).where(eq(refunds.orderLineId, lineId));

/** A seller action through its form (the page's CSRF token first). */
async function sellerPost(w: World, number: string, action: string, form: Record<string, string> = {}) {
  await w.sellerAgent.get(`/vendeur/incidents/${number}`);
  const res = await w.sellerAgent.post(`/vendeur/incidents/${number}/${action}`, form);
  assert.doesNotMatch(String(res.headers.location ?? ''), /login/, 'the seller’s session is still valid');
  return res;
}

async function runDeadlines() {
  await addJob(db, 'incident_deadlines', {});
  await env.runJobs();
}

describe('"Ouvrir un incident": the form', () => {
  test('an unshipped article offers only the withdrawal, explains the others, and says one incident per article', async () => {
    const w = await world({ lines: 2 });
    const res = await w.shopper.get(formUrl(w));
    assert.equal(res.statusCode, 200);
    const options = [...res.body.matchAll(/<option value="(\w+)"[^>]*>([^<]+)<\/option>/g)].map((m) => [m[1], m[2]]);
    assert.deepEqual(options, [['withdrawal', 'Je veux annuler ma commande (droit de rétractation)']]);
    assert.match(res.body, /«\s*Je n’ai pas reçu mon produit\s*»\s*: possible une fois l’article expédié/);
    assert.match(res.body, /Mon produit est abîmé/);
    assert.match(res.body, /répétez l’opération pour chacun d’eux/);
    assert.match(res.body, /enctype="multipart\/form-data"/);
    assert.match(res.body, />Soumettre</);
    assert.match(res.body, /Politique de retour/);
    assert.match(res.body, /Renvoyez à Rue du Retour 1/);
  });

  test('a delivered article offers the four reasons in the FAQ’s order, and the last day of the withdrawal', async () => {
    const w = await world();
    await advanceLine(w.line.id, ['ship', 'deliver']);
    const res = await w.shopper.get(formUrl(w));
    const options = [...res.body.matchAll(/<option value="(\w+)"[^>]*>([^<]+)<\/option>/g)].map((m) => m[2]!.replace(/&#39;|&#x27;/g, '’').replace(/'/g, '’'));
    assert.deepEqual(options, ['Je veux annuler ma commande (droit de rétractation)', 'Je n’ai pas reçu mon produit', 'Mon produit n’est pas conforme à ma commande', 'Mon produit est abîmé']);
    assert.match(res.body, /droit de rétractation jusqu’au 1 juillet 2026/);
    const nl = await w.shopper.get(formUrl(w).replace('/fr/', '/nl/'));
    assert.match(nl.body, /Ik wil mijn bestelling annuleren \(recht om bestelling in te trekken\)/);
    assert.match(nl.body, /Mijn product is beschadigd/);
    assert.match(nl.body, />Verzenden</);
    const en = await w.shopper.get(formUrl(w).replace('/fr/', '/en/'));
    assert.match(en.body, /I want to cancel my order \(right of withdrawal\)/);
    assert.match(en.body, />Submit</);
  });

  test('15 days after delivery the withdrawal is refused with its reason and date', async () => {
    const w = await world();
    await advanceLine(w.line.id, ['ship', 'deliver']);
    env.clock.advance({ days: 15 });
    const res = await w.shopper.get(formUrl(w));
    assert.doesNotMatch(res.body, /<option value="withdrawal"/);
    assert.match(res.body, /le délai de rétractation de 14 jours a pris fin le/);
    await w.shopper.get(formUrl(w));
    const post = await postMultipart(w.shopper, formUrl(w), { reason: 'withdrawal' });
    assert.equal(post.statusCode, 422);
    assert.match(post.body, /Cette raison n’est pas possible pour cet article/);
  });

  test('a reason the line does not allow yet is refused, and what was typed is kept', async () => {
    const w = await world();
    await w.shopper.get(formUrl(w));
    const res = await postMultipart(w.shopper, formUrl(w), { reason: 'damaged', message: 'Cassé en deux' });
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /Cette raison n’est pas possible/);
    assert.match(res.body, /Cassé en deux/);
    assert.equal((await db.select().from(incidents).where(eq(incidents.orderLineId, w.line.id))).length, 0);
  });

  test('without the CSRF token nothing is opened', async () => {
    const w = await world();
    await w.shopper.get(formUrl(w));
    w.shopper.csrf = 'forged';
    const res = await postMultipart(w.shopper, formUrl(w), { reason: 'withdrawal' });
    assert.equal(res.statusCode, 403);
    assert.equal((await db.select().from(incidents).where(eq(incidents.orderLineId, w.line.id))).length, 0);
  });

  test('an anonymous visitor is sent to "Connexion"', async () => {
    const w = await world();
    const res = await new Agent(app).get(formUrl(w));
    assert.equal(res.statusCode, 303);
    assert.match(String(res.headers.location), /^\/fr\/login\?returnTo=/);
  });
});

describe('opening an incident', () => {
  test('"Soumettre" sends it to that article’s seller: incident page, deadline in working days, timeline, both emails', async () => {
    setClock(WEDNESDAY);
    const w = await world();
    const number = await open(w, 'withdrawal', 'Je me suis trompé de taille.');
    const i = await incidentRow(number);
    assert.equal(i.state, 'open');
    assert.equal(i.sellerId, w.seller.id);
    // Opened on a Wednesday with 2 working days: Friday, same time.
    assert.equal(i.createdAt.toISOString().slice(0, 10), '2026-06-17');
    assert.equal(i.replyDeadlineAt!.getTime() - i.createdAt.getTime(), 2 * 86_400_000);
    assert.equal(i.refundDueAt?.toISOString(), new Date(i.createdAt.getTime() + 14 * 86_400_000).toISOString());
    const page = await w.shopper.get(`/fr/account/incidents/${number}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Votre demande a été envoyée au vendeur/);
    assert.match(page.body, /Envoyé au vendeur/);
    assert.match(page.body, /Je me suis trompé de taille\./);
    assert.match(page.body, /Le vendeur vous répond au plus tard le/);
    const events = await db.select().from(timelineEvents).where(eq(timelineEvents.incidentId, i.id));
    assert.deepEqual(events.map((e) => e.type), ['incident.opened']);
    assert.equal((await mailsTo(w.customer.email)).filter((m) => m.kind === 'incident_opened').length, 1);
    const toSeller = (await mailsTo(w.seller.email)).filter((m) => m.kind === 'incident_opened_seller');
    assert.equal(toSeller.length, 1);
    assert.match(toSeller[0]!.subject, new RegExp(`Nouvel incident ${number}`));
  });

  test('a second incident on a line with one open is refused: the customer is sent to the open one', async () => {
    const w = await world();
    const number = await open(w, 'withdrawal');
    const again = await w.shopper.get(formUrl(w));
    assert.equal(again.statusCode, 303);
    assert.equal(again.headers.location, `/fr/account/incidents/${number}`);
    const res = await postMultipart(w.shopper, formUrl(w), { reason: 'withdrawal' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/fr/account/incidents/${number}`);
    assert.equal((await db.select().from(incidents).where(eq(incidents.orderLineId, w.line.id))).length, 1);
    // Two submits at the same moment: still one.
    const w2 = await world();
    await w2.shopper.get(formUrl(w2));
    const both = await Promise.all([postMultipart(w2.shopper, formUrl(w2), { reason: 'withdrawal' }), postMultipart(w2.shopper, formUrl(w2), { reason: 'withdrawal' })]);
    assert.deepEqual(both.map((r) => r.statusCode), [303, 303]);
    assert.equal((await db.select().from(incidents).where(eq(incidents.orderLineId, w2.line.id))).length, 1);
  });

  test('an order of two articles needs one incident per article: each goes to its line', async () => {
    const w = await world({ lines: 2 });
    const a = await open(w, 'withdrawal', '', w.order.lines[0]!.id);
    const b = await open(w, 'withdrawal', '', w.order.lines[1]!.id);
    assert.notEqual(a, b);
    assert.equal((await incidentRow(a)).orderLineId, w.order.lines[0]!.id);
    assert.equal((await incidentRow(b)).orderLineId, w.order.lines[1]!.id);
    const list = await w.shopper.get('/fr/account/incidents');
    assert.match(list.body, new RegExp(a));
    assert.match(list.body, new RegExp(b));
  });

  test('another customer’s line, order or incident answers like a missing one', async () => {
    const w = await world();
    const number = await open(w, 'withdrawal');
    const other = await makeCustomer(db);
    const intruder = new Agent(app, { ip: nextIp() });
    await intruder.login('/fr/login', other.email, other.password);
    const missing = await intruder.get(`/fr/account/orders/${w.order.order.number}/lines/${randomUUID()}/incident`);
    assert.equal(missing.statusCode, 404);
    assert.equal((await intruder.get(formUrl(w))).statusCode, 404);
    await intruder.get('/fr/account');
    const post = await postMultipart(intruder, formUrl(w), { reason: 'withdrawal' });
    assert.equal(post.statusCode, 404);
    const page = await intruder.get(`/fr/account/incidents/${number}`);
    assert.equal(page.statusCode, 404);
    const main = (html: string) => html.slice(html.indexOf('<main'), html.indexOf('</main>'));
    assert.equal(main(page.body), main((await intruder.get('/fr/account/incidents/I-2026-999999')).body));
    assert.equal((await intruder.post(`/fr/account/incidents/${number}/reply`, { body: 'hello' })).statusCode, 404);
    assert.equal((await intruder.post(`/fr/account/incidents/${number}/dispute`, {})).statusCode, 404);
  });
});

describe('photos', () => {
  test('a damaged article with a PNG photo: stored, shown to the customer and the seller, served as a download', async () => {
    const w = await world();
    await advanceLine(w.line.id, ['ship', 'deliver']);
    const number = await open(w, 'damaged', 'Arrivé déchiré.', w.line.id, [{ name: 'photos', filename: 'photo.png', type: 'image/png', data: PNG }]);
    const [photo] = await db.select().from(incidentPhotos).where(eq(incidentPhotos.incidentId, (await incidentRow(number)).id));
    assert.equal(photo!.contentType, 'image/png');
    const page = await w.shopper.get(`/fr/account/incidents/${number}`);
    assert.match(page.body, new RegExp(`<img src="/fr/account/incidents/${number}/photos/${photo!.id}"`));
    const file = await w.shopper.get(`/fr/account/incidents/${number}/photos/${photo!.id}`);
    assert.equal(file.statusCode, 200);
    assert.equal(file.headers['content-type'], 'image/png');
    assert.match(String(file.headers['content-disposition']), /^attachment;/);
    assert.equal(file.headers['x-content-type-options'], 'nosniff');
    assert.match(String(file.headers['content-security-policy']), /sandbox/);
    assert.deepEqual(file.rawPayload, PNG);
    assert.equal((await w.sellerAgent.get(`/vendeur/incidents/${number}/photos/${photo!.id}`)).statusCode, 200);
    const other = await world();
    assert.equal((await other.sellerAgent.get(`/vendeur/incidents/${number}/photos/${photo!.id}`)).statusCode, 404);
    assert.equal((await other.shopper.get(`/fr/account/incidents/${number}/photos/${photo!.id}`)).statusCode, 404);
  });

  test('SVG, HTML and a script named .jpg are refused, whatever type the browser claims; nothing is opened', async () => {
    const w = await world();
    await advanceLine(w.line.id, ['ship', 'deliver']);
    const bad = [
      { filename: 'x.svg', type: 'image/svg+xml', data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>') },
      { filename: 'x.html', type: 'text/html', data: Buffer.from('<!doctype html><script>alert(1)</script>') },
      { filename: 'photo.jpg', type: 'image/jpeg', data: Buffer.from('<script>alert(1)</script>') },
    ];
    for (const f of bad) {
      await w.shopper.get(formUrl(w));
      const res = await postMultipart(w.shopper, formUrl(w), { reason: 'damaged', message: 'voir photo' }, [{ name: 'photos', ...f }]);
      assert.equal(res.statusCode, 422, f.filename);
      assert.match(res.body, /Seules les photos JPEG, PNG ou WebP sont acceptées/);
      assert.match(res.body, /voir photo/);
    }
    await w.shopper.get(formUrl(w));
    const four = Array.from({ length: 4 }, (_, n) => ({ name: 'photos', filename: `p${n}.png`, type: 'image/png', data: PNG }));
    const tooMany = await postMultipart(w.shopper, formUrl(w), { reason: 'damaged' }, four);
    assert.equal(tooMany.statusCode, 422);
    assert.match(tooMany.body, /Au plus 3 photos/);
    await w.shopper.get(formUrl(w));
    const big = await postMultipart(w.shopper, formUrl(w), { reason: 'damaged' }, [{ name: 'photos', filename: 'big.png', type: 'image/png', data: Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]) }]);
    assert.equal(big.statusCode, 422);
    assert.match(big.body, /dépasse 5 Mo/);
    await w.shopper.get(formUrl(w));
    const withdrawal = await postMultipart(w.shopper, formUrl(w), { reason: 'withdrawal' }, [{ name: 'photos', filename: 'p.png', type: 'image/png', data: PNG }]);
    assert.equal(withdrawal.statusCode, 422);
    assert.equal((await db.select().from(incidents).where(eq(incidents.orderLineId, w.line.id))).length, 0);
  });
});

describe('seller: the list and another seller’s incident', () => {
  test('incidents to handle, oldest first, with the time left before the reply deadline', async () => {
    setClock(WEDNESDAY);
    const w = await world({ lines: 2 });
    const first = await open(w, 'withdrawal', '', w.order.lines[0]!.id);
    env.clock.advance({ hours: 1 });
    const second = await open(w, 'withdrawal', '', w.order.lines[1]!.id);
    const list = await w.sellerAgent.get('/vendeur/incidents');
    assert.equal(list.statusCode, 200);
    assert.ok(list.body.indexOf(first) < list.body.indexOf(second), 'oldest first');
    assert.match(list.body, /reste 1 j 23 h/);
    assert.match(list.body, /Incidents<span class="count">2<\/span>/);
  });

  test('a seller acting on another seller’s incident gets the same answer as a missing one, and nothing changes', async () => {
    const w = await world();
    const number = await open(w, 'withdrawal');
    const other = await world();
    assert.equal((await other.sellerAgent.get(`/vendeur/incidents/${number}`)).statusCode, 404);
    await other.sellerAgent.get('/vendeur/incidents');
    for (const action of ['cancel', 'reply', 'refund', 'reject', 'return', 'received', 'replacement']) {
      const res = await other.sellerAgent.post(`/vendeur/incidents/${number}/${action}`, { body: 'x', reason: 'x', instructions: 'x', mode: 'full', key: randomUUID() });
      assert.equal(res.statusCode, 404, action);
    }
    assert.equal((await incidentRow(number)).state, 'open');
    assert.equal((await lineRow(w.line.id)).state, 'paid');
    assert.equal((await refundsOf(w.line.id)).length, 0);
    assert.doesNotMatch((await other.sellerAgent.get('/vendeur/incidents')).body, new RegExp(number));
  });
});

describe('withdrawal before shipment', () => {
  test('one action cancels the line and refunds it in full, with the seller order’s shipping: payment, line, ledger, email', async () => {
    const w = await world();
    const number = await open(w, 'withdrawal');
    const page = await w.sellerAgent.get(`/vendeur/incidents/${number}`);
    assert.match(page.body, /Annuler et rembourser/);
    assert.match(page.body, /remboursé de 25,00\s€, plus 4,95\s€ de frais de livraison/);
    const res = await sellerPost(w, number, 'cancel');
    assert.equal(res.statusCode, 303);
    const line = await lineRow(w.line.id);
    assert.equal(line.state, 'refunded');
    assert.equal(line.refundedCents, 2500);
    const rs = await db.select().from(refunds).where(eq(refunds.paymentId, w.order.payment.id));
    assert.deepEqual(rs.map((r) => r.amountCents).sort(), [2500, 495]);
    const [so] = await db.select().from(sellerOrders).where(eq(sellerOrders.id, w.line.sellerOrderId));
    assert.equal(so!.shippingRefundedCents, 495);
    const i = await incidentRow(number);
    assert.equal(i.state, 'resolved');
    assert.equal(i.resolution, 'cancel');
    assert.equal(i.refundDueAt, null);
    const [booked] = await db.select({ s: sql<number>`coalesce(sum(${ledgerEntries.amountCents}), 0)::int` }).from(ledgerEntries).where(eq(ledgerEntries.account, `seller:${w.seller.id}`));
    // capture (-2500 + commission back) and shipping (-495), then the refunds take it all back.
    assert.equal(booked!.s, 0);
    const mail = (await mailsTo(w.customer.email)).find((m) => m.kind === 'incident_refund');
    assert.ok(mail);
    assert.match(mail.subject, /Remboursement de 29,95\s€/);
    assert.match(mail.textBody, /29,95\s€/);
    const customerPage = await w.shopper.get(`/fr/account/incidents/${number}`);
    assert.match(customerPage.body, /Article annulé et remboursé/);
    assert.match(customerPage.body, /29,95\s€/);
    // Submitted again (a double click): one refund.
    const again = await w.sellerAgent.post(`/vendeur/incidents/${number}/cancel`, {});
    assert.equal(again.statusCode, 422);
    assert.equal((await db.select().from(refunds).where(eq(refunds.paymentId, w.order.payment.id))).length, 2);
  });

  test('with another article of the seller order still live, the shipping stays', async () => {
    const w = await world({ lines: 2 });
    const number = await open(w, 'withdrawal', '', w.order.lines[0]!.id);
    await sellerPost(w, number, 'cancel');
    const rs = await db.select().from(refunds).where(eq(refunds.paymentId, w.order.payment.id));
    assert.deepEqual(rs.map((r) => r.amountCents), [2500]);
    assert.equal((await lineRow(w.order.lines[1]!.id)).state, 'paid');
  });

  test('the seller ships while the request is open: the page says so and the request becomes a return', async () => {
    const w = await world();
    const number = await open(w, 'withdrawal');
    await advanceLine(w.line.id, ['ship']);
    const page = await w.sellerAgent.get(`/vendeur/incidents/${number}`);
    assert.match(page.body, /alors qu’une demande d’annulation était ouverte : elle devient un retour/);
    assert.doesNotMatch(page.body, /action="\/vendeur\/incidents\/[^"]+\/cancel"/);
    assert.match(page.body, /Autoriser le retour/);
    const cancel = await w.sellerAgent.post(`/vendeur/incidents/${number}/cancel`, {});
    assert.equal(cancel.statusCode, 422);
    assert.match(cancel.body, /la demande d’annulation devient un retour/);
    assert.equal((await lineRow(w.line.id)).state, 'shipped');
    const customer = await w.shopper.get(`/fr/account/incidents/${number}`);
    assert.match(customer.body, /celle-ci devient un retour/);
  });
});

describe('after shipment: return, refund, replacement, rejection', () => {
  test('return authorised with the policy’s instructions, article received, full refund, then the customer accepts', async () => {
    const w = await world();
    await advanceLine(w.line.id, ['ship', 'deliver']);
    const number = await open(w, 'not_conforming', 'Pas la bonne couleur.');
    const page = await w.sellerAgent.get(`/vendeur/incidents/${number}`);
    assert.match(page.body, /Retour possible pendant 30 jours après la livraison\.\nLes frais de retour sont à la charge du vendeur\./);
    const ret = await sellerPost(w, number, 'return', { instructions: 'Renvoyez à Rue du Retour 1, 1000 Bruxelles.\nÉtiquette jointe.' });
    assert.equal(ret.statusCode, 303);
    let i = await incidentRow(number);
    assert.equal(i.state, 'resolved');
    assert.equal(i.resolution, 'return_authorised');
    assert.match((await mailsTo(w.customer.email)).find((m) => m.kind === 'incident_decision')!.textBody, /Étiquette jointe\./);
    // Waiting for the return: the customer cannot accept yet; auto-close does not close it.
    const waiting = await w.shopper.get(`/fr/account/incidents/${number}`);
    assert.doesNotMatch(waiting.body, /Accepter la solution/);
    assert.match(waiting.body, /Instructions de retour/);
    env.clock.advance({ days: 10 });
    await runDeadlines();
    await w.relogin();
    assert.equal((await incidentRow(number)).state, 'resolved');
    assert.equal((await sellerPost(w, number, 'received')).statusCode, 303);
    assert.ok((await incidentRow(number)).decision?.receivedAt);
    assert.equal((await sellerPost(w, number, 'received')).statusCode, 422);
    const refund = await sellerPost(w, number, 'refund', { mode: 'full', key: randomUUID() });
    assert.equal(refund.statusCode, 303);
    assert.equal((await lineRow(w.line.id)).state, 'refunded');
    i = await incidentRow(number);
    assert.equal(i.state, 'resolved');
    const accept = await w.shopper.get(`/fr/account/incidents/${number}`);
    assert.match(accept.body, /Accepter la solution/);
    assert.match(accept.body, /Remboursé sur cet article : 25,00\s€ sur 25,00\s€/);
    const done = await w.shopper.post(`/fr/account/incidents/${number}/accept`, {});
    assert.equal(done.statusCode, 303);
    i = await incidentRow(number);
    assert.equal(i.state, 'closed');
    assert.ok(i.closedAt);
    // A new incident may now be opened on the line? Not when nothing is left: the line is refunded.
    const form = await w.shopper.get(formUrl(w));
    assert.match(form.body, /Il n’est pas possible d’ouvrir un incident sur cet article/);
  });

  test('a damaged article refunded in part: over what is left is refused; the same form twice refunds once', async () => {
    const w = await world();
    await advanceLine(w.line.id, ['ship', 'deliver']);
    const number = await open(w, 'damaged');
    const over = await sellerPost(w, number, 'refund', { mode: 'partial', amount: '25,01', key: randomUUID() });
    assert.equal(over.statusCode, 422);
    assert.match(over.body, /dépasse ce qui reste remboursable/);
    assert.match(over.body, /value="25,01"/);
    const bad = await sellerPost(w, number, 'refund', { mode: 'partial', amount: '-3', key: randomUUID() });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /Indiquez un montant en euros/);
    assert.equal((await refundsOf(w.line.id)).length, 0);
    const key = randomUUID();
    const first = await sellerPost(w, number, 'refund', { mode: 'partial', amount: '7,50', key, note: 'Geste commercial pour la rayure.' });
    assert.equal(first.statusCode, 303);
    const second = await w.sellerAgent.post(`/vendeur/incidents/${number}/refund`, { mode: 'partial', amount: '7,50', key });
    assert.equal(second.statusCode, 303);
    const both = await Promise.all([0, 1].map(() => w.sellerAgent.post(`/vendeur/incidents/${number}/refund`, { mode: 'partial', amount: '7,50', key })));
    assert.ok(both.every((r) => r.statusCode === 303 || r.statusCode === 422));
    const rs = await refundsOf(w.line.id);
    assert.deepEqual(rs.map((r) => r.amountCents), [750]);
    const line = await lineRow(w.line.id);
    assert.equal(line.refundedCents, 750);
    assert.equal(line.state, 'delivered');
    const [ledger] = await db.select({ n: sql<number>`count(*)::int` }).from(ledgerEntries).where(and(eq(ledgerEntries.orderLineId, w.line.id), sql`${ledgerEntries.amountCents} <> 0`));
    assert.ok(ledger!.n > 0);
    const i = await incidentRow(number);
    assert.equal(i.state, 'resolved');
    assert.equal(i.resolution, 'refund');
    const mail = (await mailsTo(w.customer.email)).filter((m) => m.kind === 'incident_refund');
    assert.equal(mail.length, 1);
    assert.match(mail[0]!.subject, /7,50\s€/);
  });

  test('a replacement and a rejection email the customer; a rejection needs its reason', async () => {
    const w = await world({ lines: 2 });
    for (const l of w.order.lines) await advanceLine(l.id, ['ship', 'deliver']);
    const a = await open(w, 'not_received', '', w.order.lines[0]!.id);
    const b = await open(w, 'damaged', '', w.order.lines[1]!.id);
    assert.equal((await sellerPost(w, a, 'replacement', { note: 'Renvoyé par bpost, suivi 3232.' })).statusCode, 303);
    const noReason = await sellerPost(w, b, 'reject', { reason: '  ' });
    assert.equal(noReason.statusCode, 422);
    assert.equal((await incidentRow(b)).state, 'open');
    assert.equal((await sellerPost(w, b, 'reject', { reason: 'Les photos montrent un usage normal.' })).statusCode, 303);
    const kinds = (await mailsTo(w.customer.email)).filter((m) => m.kind === 'incident_decision');
    assert.equal(kinds.length, 2);
    assert.ok(kinds.some((m) => /Remplacement envoyé/.test(m.subject) && /suivi 3232/.test(m.textBody)));
    assert.ok(kinds.some((m) => /Demande refusée/.test(m.subject) && /usage normal/.test(m.textBody)));
  });
});

describe('the conversation', () => {
  test('seller and customer reply; each reply emails the other side and moves the state', async () => {
    const w = await world();
    const number = await open(w, 'withdrawal');
    assert.equal((await sellerPost(w, number, 'reply', { body: 'Bonjour, je regarde.' })).statusCode, 303);
    assert.equal((await incidentRow(number)).state, 'awaiting_customer');
    assert.equal((await incidentRow(number)).replyDeadlineAt, null);
    assert.equal((await mailsTo(w.customer.email)).filter((m) => m.kind === 'incident_message').length, 1);
    await w.shopper.get(`/fr/account/incidents/${number}`);
    assert.equal((await w.shopper.post(`/fr/account/incidents/${number}/reply`, { body: 'Merci !' })).statusCode, 303);
    const i = await incidentRow(number);
    assert.equal(i.state, 'open');
    assert.ok(i.replyDeadlineAt);
    assert.equal((await mailsTo(w.seller.email)).filter((m) => m.kind === 'incident_message_seller').length, 1);
    const empty = await w.shopper.post(`/fr/account/incidents/${number}/reply`, { body: '   ' });
    assert.equal(empty.statusCode, 422);
  });

  test('HTML and script in messages are shown as text everywhere: storefront, both back offices, emails', async () => {
    const w = await world();
    await advanceLine(w.line.id, ['ship', 'deliver']);
    const number = await open(w, 'damaged', XSS);
    await sellerPost(w, number, 'reply', { body: `Seller says ${XSS}` });
    await sellerPost(w, number, 'reject', { reason: `Because ${XSS}` });
    await w.shopper.get(`/fr/account/incidents/${number}`);
    await w.shopper.post(`/fr/account/incidents/${number}/dispute`, { dispute: `Dispute ${XSS}` });
    const op = await makeOperator(db, 'customer_service');
    const o = new Agent(app, { ip: nextIp() });
    await o.login('/admin/login', op.email, op.password);
    const pages = [await w.shopper.get(`/fr/account/incidents/${number}`), await w.sellerAgent.get(`/vendeur/incidents/${number}`), await o.get(`/admin/incidents/${number}`)];
    for (const p of pages) {
      assert.equal(p.statusCode, 200);
      assert.doesNotMatch(p.body, /<script>alert|<img src=x/);
      // The four texts (customer, seller, rejection, dispute) are there, as text.
      assert.ok((p.body.match(/&lt;script>alert\(&quot;x&quot;\)&lt;\/script>&lt;img src=x onerror=alert\(1\)>/g) ?? []).length >= 4, String(p.body.match(/.{40}&lt;script>alert.{20}/g)));
    }
    const all = await db.select().from(emails).where(sql`${emails.dedupeKey} like ${`incident:${(await incidentRow(number)).id}:%`}`);
    assert.ok(all.length >= 4);
    for (const m of all) {
      assert.doesNotMatch(m.htmlBody, /<script>alert|<img src=x/, m.kind);
    }
    assert.ok(all.some((m) => m.htmlBody.includes('&lt;script>alert(&quot;x&quot;)')));
    assert.ok(all.some((m) => m.textBody.includes(XSS)), 'the text part keeps the words as typed');
  });
});

describe('deadlines and escalation', () => {
  test('a missed reply deadline escalates to the operator (scheduled job, clock moved forward)', async () => {
    setClock(WEDNESDAY);
    const w = await world();
    const number = await open(w, 'withdrawal');
    env.clock.advance({ days: 1 });
    await runDeadlines();
    assert.equal((await incidentRow(number)).state, 'open');
    env.clock.advance({ days: 4 });
    await runDeadlines();
    const i = await incidentRow(number);
    assert.equal(i.state, 'escalated');
    assert.ok(i.escalatedAt);
    assert.equal((await mailsTo(w.customer.email)).filter((m) => m.kind === 'incident_escalated').length, 1);
    assert.equal((await mailsTo(w.seller.email)).filter((m) => m.kind === 'incident_escalated_seller').length, 1);
    await runDeadlines();
    assert.equal((await mailsTo(w.customer.email)).filter((m) => m.kind === 'incident_escalated').length, 1);
  });

  test('the operator’s reply-deadline setting counts working days', async () => {
    await db.insert(settings).values({ key: 'deadlines', value: { sellerReplyWorkingDays: 5, autoCloseDays: 3 } }).onConflictDoUpdate({ target: settings.key, set: { value: { sellerReplyWorkingDays: 5, autoCloseDays: 3 } } });
    after(async () => {
      await db.delete(settings).where(eq(settings.key, 'deadlines'));
    });
    const w = await world();
    const before = env.clock.now();
    const number = await open(w, 'withdrawal');
    const i = await incidentRow(number);
    const days = (i.replyDeadlineAt!.getTime() - before.getTime()) / 86_400_000;
    assert.ok(days >= 5 && days < 8, String(days));
    await db.delete(settings).where(eq(settings.key, 'deadlines'));
  });

  test('a resolved incident closes itself after N days without a dispute', async () => {
    const w = await world();
    await advanceLine(w.line.id, ['ship', 'deliver']);
    const number = await open(w, 'damaged');
    await sellerPost(w, number, 'refund', { mode: 'partial', amount: '5', key: randomUUID() });
    env.clock.advance({ days: 6 });
    await runDeadlines();
    assert.equal((await incidentRow(number)).state, 'resolved');
    env.clock.advance({ days: 2 });
    await runDeadlines();
    const i = await incidentRow(number);
    assert.equal(i.state, 'closed');
    const events = await db.select({ type: timelineEvents.type }).from(timelineEvents).where(eq(timelineEvents.incidentId, i.id));
    assert.ok(events.some((e) => e.type === 'incident.auto_closed'));
  });

  test('a dispute escalates; the operator writes to both sides and decides with a refund on the seller’s behalf', async () => {
    const w = await world();
    await advanceLine(w.line.id, ['ship', 'deliver']);
    const number = await open(w, 'damaged');
    await sellerPost(w, number, 'reject', { reason: 'Non.' });
    await w.shopper.get(`/fr/account/incidents/${number}`);
    const dispute = await w.shopper.post(`/fr/account/incidents/${number}/dispute`, { dispute: 'Le colis était écrasé.' });
    assert.equal(dispute.statusCode, 303);
    assert.equal((await incidentRow(number)).state, 'escalated');
    const op = await makeOperator(db, 'customer_service');
    const o = new Agent(app, { ip: nextIp() });
    await o.login('/admin/login', op.email, op.password);
    const queue = await o.get('/admin/incidents');
    assert.match(queue.body, new RegExp(number));
    assert.match(queue.body, /Traité par notre service client/);
    await o.get(`/admin/incidents/${number}`);
    assert.equal((await o.post(`/admin/incidents/${number}/message`, { body: 'Nous examinons le dossier.' })).statusCode, 303);
    assert.ok((await mailsTo(w.customer.email)).some((m) => m.kind === 'incident_message'));
    assert.ok((await mailsTo(w.seller.email)).some((m) => m.kind === 'incident_message_seller'));
    await o.get(`/admin/incidents/${number}`);
    const over = await o.post(`/admin/incidents/${number}/decide`, { note: 'Remboursé.', mode: 'partial', amount: '30', key: randomUUID() });
    assert.equal(over.statusCode, 422);
    assert.equal((await incidentRow(number)).state, 'escalated');
    const key = randomUUID();
    const decide = await o.post(`/admin/incidents/${number}/decide`, { note: 'Remboursement de la moitié.', mode: 'partial', amount: '12,50', key });
    assert.equal(decide.statusCode, 303);
    const again = await o.post(`/admin/incidents/${number}/decide`, { note: 'Remboursement de la moitié.', mode: 'partial', amount: '12,50', key });
    assert.equal(again.statusCode, 422);
    const i = await incidentRow(number);
    assert.equal(i.state, 'closed');
    assert.deepEqual((await refundsOf(w.line.id)).map((r) => r.amountCents), [1250]);
    const [sellerBalance] = await db.select({ s: sql<number>`sum(${ledgerEntries.amountCents})::int` }).from(ledgerEntries).where(and(eq(ledgerEntries.account, `seller:${w.seller.id}`), eq(ledgerEntries.orderLineId, w.line.id)));
    assert.ok(sellerBalance!.s > -2500, 'the refund was taken from the seller’s share');
    const audits = await db.select().from(auditLog).where(eq(auditLog.subjectId, number));
    assert.deepEqual(audits.map((a) => a.action).sort(), ['incident.decide', 'incident.message']);
    assert.equal(audits.find((a) => a.action === 'incident.decide')!.operatorId, op.id);
    assert.equal((audits.find((a) => a.action === 'incident.decide')!.before as { state: string }).state, 'escalated');
    assert.ok((await mailsTo(w.customer.email)).some((m) => m.kind === 'incident_operator_decision'));
    assert.ok((await mailsTo(w.customer.email)).some((m) => m.kind === 'incident_refund' && /12,50/.test(m.subject)));
  });

  test('the operator’s queue: escalated first, then the closest deadline; withdrawals near the 14-day refund limit stand out', async () => {
    const w = await world({ lines: 2 });
    const withdrawal = await open(w, 'withdrawal', '', w.order.lines[0]!.id);
    await advanceLine(w.order.lines[1]!.id, ['ship', 'deliver']);
    const damaged = await open(w, 'damaged', '', w.order.lines[1]!.id);
    await sellerPost(w, withdrawal, 'reply', { body: 'Je vérifie le stock.' });
    await sellerPost(w, damaged, 'reject', { reason: 'Non.' });
    await w.shopper.get(`/fr/account/incidents/${damaged}`);
    await w.shopper.post(`/fr/account/incidents/${damaged}/dispute`, {});
    env.clock.advance({ days: 12 });
    const op = await makeOperator(db, 'customer_service');
    const o = new Agent(app, { ip: nextIp() });
    await o.login('/admin/login', op.email, op.password);
    const queue = await o.get('/admin/incidents');
    const rows = queue.body.slice(queue.body.indexOf('<tbody>'));
    assert.ok(rows.indexOf(damaged) >= 0 && rows.indexOf(withdrawal) >= 0);
    assert.ok(rows.indexOf(damaged) < rows.indexOf(withdrawal), 'escalated first');
    const row = rows.slice(rows.indexOf(withdrawal), rows.indexOf('</tr>', rows.indexOf(withdrawal)));
    assert.match(row, /Remboursement dû sous 14 jours : reste (1 j 23 h|2 j)/);
    assert.match(queue.body, /Incidents<span class="count">\d+<\/span>/);
  });
});
