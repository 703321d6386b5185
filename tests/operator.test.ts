import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { and, desc, eq } from 'drizzle-orm';
import { queueOrderEmails } from '../src/modules/checkout/emails.js';
import { disputeResolution } from '../src/modules/incidents/customer.js';
import { openIncident } from '../src/modules/incidents/open.js';
import { rejectIncident } from '../src/modules/incidents/seller.js';
import { commissionRates } from '../src/modules/ledger/schema.js';
import { emails } from '../src/modules/notifications/schema.js';
import { auditLog, operatorUsers, settings } from '../src/modules/operators/schema.js';
import { applyToLines } from '../src/modules/orders/apply.js';
import { readDeadlines } from '../src/modules/orders/deadlines.js';
import { timelineEvents } from '../src/modules/orders/schema.js';
import { SYSTEM } from '../src/modules/orders/timeline.js';
import { sellers, sellerUsers } from '../src/modules/sellers/schema.js';
import { Agent } from './helpers/agent.js';
import { testEnv } from './helpers/app.js';
import { makeCategory, makeCustomer, makeOperator, makePaidOrder, makeProduct, makeSeller, PASSWORD } from './helpers/factories.js';
import { startSmtp } from './helpers/smtp.js';

const smtp = await startSmtp();
const env = await testEnv({ smtpUrl: smtp.url });
const { app, deps } = env;
const db = deps.db;

let ipSeq = 0;
const nextIp = () => `127.1.${Math.floor(++ipSeq / 250)}.${(ipSeq % 250) + 2}`;

async function operator(role: 'admin' | 'customer_service' = 'customer_service') {
  const op = await makeOperator(db, role);
  const agent = new Agent(app, { ip: nextIp() });
  const res = await agent.login('/admin/login', op.email, op.password);
  assert.equal(res.statusCode, 303, `login of ${role}: ${res.statusCode} ${res.body.slice(0, 300)}`);
  return { op, agent };
}

/** A paid order of a new customer from a new seller, its emails queued as the payment would. */
async function paidOrder(over: { customer?: Parameters<typeof makeCustomer>[1]; seller?: Parameters<typeof makeSeller>[1] } = {}) {
  const seller = await makeSeller(db, over.seller);
  const product = await makeProduct(db, { sellerId: seller.id, priceCents: 3000 });
  const customer = await makeCustomer(db, over.customer);
  const order = await makePaidOrder(db, { customer, lines: [{ offer: product.variants[0]!.offer }], at: env.clock.now() });
  await db.transaction((tx) => queueOrderEmails(deps, tx, order.order.id));
  return { seller, product, customer, order };
}

const confirmationOf = async (orderId: string) =>
  db
    .select()
    .from(emails)
    .where(and(eq(emails.orderId, orderId), eq(emails.kind, 'order_confirmation')))
    .orderBy(desc(emails.createdAt));

describe('customer service search', () => {
  test('finds a customer by email, name in any order, phone in any notation; numbers open the order', async () => {
    const { agent } = await operator();
    const w = await paidOrder({ customer: { firstName: 'Éloïse', lastName: 'Vandenbroucke', phone: '+32 470 12 34 56', email: `eloise-${randomUUID().slice(0, 8)}@example.test` } });
    const other = await makeCustomer(db, { firstName: 'Marc', lastName: 'Dupont' });
    const page = (q: string) => agent.get(`/admin/customers?${new URLSearchParams({ q })}`);

    for (const q of [w.customer.email, w.customer.email.slice(0, 12).toUpperCase(), 'vandenbroucke', 'éloïse vanden', 'eloise vanden', 'Vandenbroucke Éloïse', '0470 12 34 56', '+32470123456', '0032 470/12.34.56']) {
      const res = await page(q);
      assert.equal(res.statusCode, 200, q);
      assert.match(res.body, new RegExp(`/admin/customers/${w.customer.id}`), `"${q}" finds the customer`);
      assert.doesNotMatch(res.body, new RegExp(other.id), `"${q}" does not find another one`);
    }
    const none = await page('nobody-at-all');
    assert.match(none.body, /Aucun client ne correspond à « nobody-at-all »/);
    const short = await page('ab');
    assert.equal(short.statusCode, 422);
    assert.match(short.body, /au moins 3 caractères/);
    // LIKE wildcards are text, not patterns.
    assert.doesNotMatch((await page('%%%')).body, new RegExp(w.customer.id));

    const number = w.order.order.number;
    const byNumber = await page(number.toLowerCase());
    assert.equal(byNumber.statusCode, 303);
    assert.equal(byNumber.headers.location, `/admin/orders/${number}`);
    const bySellerOrder = await page(`${number}-1`);
    assert.equal(bySellerOrder.headers.location, `/admin/orders/${number}`);
    const missing = await page('C-1999-999999');
    assert.equal(missing.statusCode, 404);
    assert.match(missing.body, /Aucune commande ne porte le numéro C-1999-999999/);
    assert.equal((await page('I-2026-000001')).headers.location, '/admin/incidents/I-2026-000001');
  });

  test('customers by name and orders newest first are keyset-paginated without gaps or repeats', async () => {
    const { agent } = await operator();
    const tag = `Zz${randomUUID().slice(0, 6)}`;
    for (let i = 0; i < 55; i++) await makeCustomer(db, { lastName: `${tag}-${String(i).padStart(2, '0')}`, firstName: 'Pat', withAddress: false });
    const seen: string[] = [];
    let url: string | null = `/admin/customers?${new URLSearchParams({ q: tag })}`;
    let pages = 0;
    while (url) {
      const res = await agent.get(url);
      assert.equal(res.statusCode, 200);
      seen.push(...[...res.body.matchAll(new RegExp(`(${tag}-\\d\\d)`, 'g'))].map((m) => m[1]!));
      const next = /href="(\/admin\/customers\?[^"]*after=[^"]+)"/.exec(res.body)?.[1];
      url = next ? next.replace(/&amp;/g, '&') : null;
      pages++;
    }
    assert.equal(pages, 2);
    assert.deepEqual(seen, Array.from({ length: 55 }, (_, i) => `${tag}-${String(i).padStart(2, '0')}`));

    // A word a thousand customers share: pages still follow the name order.
    const common = `Cc${randomUUID().slice(0, 6)}`.toLowerCase();
    await deps.database.pool.query(
      `insert into customers (email, password_hash, first_name, last_name) select 'c' || g || $1 || '@example.test', 'x', 'P' || lpad(g::text, 4, '0'), $1 from generate_series(1, 1050) g`,
      [common],
    );
    const first = await agent.get(`/admin/customers?${new URLSearchParams({ q: common })}`);
    const names = (body: string) => [...body.matchAll(/>(?:[^<]*) (P\d{4})<\/a>/g)].map((m) => m[1]!);
    assert.deepEqual(names(first.body), Array.from({ length: 50 }, (_, i) => `P${String(i + 1).padStart(4, '0')}`));
    const nextUrl = /href="(\/admin\/customers\?[^"]*after=[^"]+)"/.exec(first.body)![1]!.replace(/&amp;/g, '&');
    assert.deepEqual(names((await agent.get(nextUrl)).body), Array.from({ length: 50 }, (_, i) => `P${String(i + 51).padStart(4, '0')}`));

    const forged = await agent.get('/admin/customers?after=not-a-cursor');
    assert.equal(forged.statusCode, 200);
    const orders = await agent.get('/admin/orders');
    assert.equal(orders.statusCode, 200);
    assert.match(orders.body, /Commandes/);
    assert.equal((await agent.get('/admin/orders?before=garbage')).statusCode, 200);
  });
});

describe('the customer file and the email log', () => {
  test('a refused delivery shows its SMTP answer on the customer file; "Renvoyer" sends it, audit-logged', async () => {
    smtp.refuse(true);
    const w = await paidOrder();
    await env.runJobs();
    smtp.refuse(false);
    const [failed] = await confirmationOf(w.order.order.id);
    assert.equal(failed!.status, 'bounced', 'a 550 is a permanent refusal');
    assert.match(failed!.lastError ?? '', /550/);

    const { op, agent } = await operator();
    const file = await agent.get(`/admin/customers/${w.customer.id}`);
    assert.equal(file.statusCode, 200);
    assert.match(file.body, new RegExp(w.order.order.number));
    assert.match(file.body, /Rejeté par le serveur de/);
    assert.match(file.body, /550 5\.1\.1 Mailbox unavailable/);
    assert.doesNotMatch(file.body, /argon2|password_hash|passwordHash/i, 'never the password hash');
    assert.match(file.body, /Rue Neuve/, 'the address book');

    const retrying = async () => (await deps.database.pool.query<{ n: number }>('select count(*)::int as n from graphile_worker.jobs where key = $1', [`email:${failed!.id}`])).rows[0]!.n;
    assert.equal(await retrying(), 0, 'a bounced email waits for no next attempt');
    const resend = await agent.post(`/admin/emails/${failed!.id}/resend`, { returnTo: `/admin/customers/${w.customer.id}` });
    assert.equal(resend.statusCode, 303);
    assert.equal(resend.headers.location, `/admin/customers/${w.customer.id}`);
    assert.equal(await retrying(), 0, 'nor after the resend (a failed one’s retry is replaced: tests/faults-smtp.test.ts)');
    await env.runJobs();
    const mail = await smtp.waitFor((m) => m.to.includes(w.customer.email) && /commande/i.test(m.subject));
    assert.ok(mail.text.includes(w.order.order.number));
    const after = await agent.get(`/admin/customers/${w.customer.id}`);
    assert.match(after.body, /Envoyé le/);
    assert.match(after.body, /E-mail renvoyé à/, 'the flash says it');
    assert.match(after.body, /2 envoi\(s\) au total/);

    const [row] = await db.select().from(auditLog).where(and(eq(auditLog.action, 'email.resend'), eq(auditLog.subjectId, failed!.id)));
    assert.equal(row!.operatorId, op.id);
    assert.equal((row!.before as { status: string }).status, 'bounced');
    const resent = await db.select().from(timelineEvents).where(and(eq(timelineEvents.orderId, w.order.order.id), eq(timelineEvents.type, 'email.resent')));
    assert.equal(resent.length, 1);
    assert.equal(resent[0]!.actorType, 'operator');

    // The email log page offers the same action and links back to the customer.
    const detail = await agent.get(`/admin/emails/${failed!.id}`);
    assert.match(detail.body, new RegExp(`/admin/customers/${w.customer.id}`));
    assert.match(detail.body, new RegExp(`/admin/emails/${failed!.id}/resend`));
    assert.equal((await agent.post(`/admin/emails/${randomUUID()}/resend`)).statusCode, 404);
  });

  test('the order file: lines, payment, emails and the full timeline with who did what', async () => {
    const w = await paidOrder({ customer: { firstName: 'Inès', lastName: '<b>Bold</b>' } });
    await env.runJobs();
    await db.transaction((tx) => applyToLines(tx, { lineIds: [w.order.lines[0]!.id], verb: 'accept', actor: { type: 'seller', id: w.seller.user.id }, now: env.clock.now() }));
    await db.transaction((tx) => applyToLines(tx, { lineIds: [w.order.lines[0]!.id], verb: 'ship', actor: SYSTEM, now: env.clock.now(), set: { carrier: 'bpost', trackingNumber: 'JJ123' } }));
    const { agent } = await operator();
    const res = await agent.get(`/admin/orders/${w.order.order.number}`);
    assert.equal(res.statusCode, 200);
    const body = res.body;
    assert.match(body, /Historique complet/);
    assert.match(body, /Commande passée|Paiement confirmé/);
    assert.match(body, /accepté par le vendeur/);
    assert.match(body, new RegExp(`${w.seller.user.name} \\(${w.seller.name}\\)`), 'the seller user who accepted, with the shop');
    assert.match(body, /expédié/);
    assert.match(body, /JJ123/);
    assert.match(body, /Paiement sandbox/);
    assert.match(body, /E-mail « .* » à/);
    assert.match(body, /&lt;b>Bold&lt;\/b>/, 'names are escaped');
    assert.doesNotMatch(body, /<b>Bold<\/b>/);
    // Time order: the acceptance comes before the shipment.
    assert.ok(body.indexOf('accepté par le vendeur') < body.indexOf('expédié'));
    assert.equal((await agent.get('/admin/orders/C-2000-000001')).statusCode, 404);
    assert.equal((await agent.get('/admin/orders/../../etc')).statusCode, 404);
  });

  test('the audit log records a refund on the seller’s behalf; the order timeline shows it with the operator', async () => {
    const w = await paidOrder();
    const line = w.order.lines[0]!;
    await db.transaction(async (tx) => {
      for (const verb of ['ship', 'deliver'] as const) await applyToLines(tx, { lineIds: [line.id], verb, actor: SYSTEM, now: env.clock.now() });
    });
    const opened = await openIncident(deps, { customerId: w.customer.id, orderNumber: w.order.order.number, lineId: line.id, reason: 'damaged', message: 'Écrasé.' });
    assert.ok(opened.ok);
    assert.ok((await rejectIncident(deps, { sellerId: w.seller.id, userId: w.seller.user.id }, { number: opened.number, reason: 'Non.' })).ok);
    assert.ok((await disputeResolution(deps, { customerId: w.customer.id, number: opened.number, body: 'Si.' })).ok);

    const { op, agent } = await operator('admin');
    await agent.get(`/admin/incidents/${opened.number}`);
    const decided = await agent.post(`/admin/incidents/${opened.number}/decide`, { note: 'Remboursé pour moitié.', mode: 'partial', amount: '15', key: randomUUID() });
    assert.equal(decided.statusCode, 303, decided.body.slice(0, 500));

    const audit = await agent.get(`/admin/audit?${new URLSearchParams({ subject: opened.number })}`);
    assert.equal(audit.statusCode, 200);
    assert.match(audit.body, /incident\.decide/);
    assert.match(audit.body, new RegExp(op.name));
    assert.match(audit.body, /&quot;state&quot;:&quot;escalated&quot;|"state":"escalated"/);
    const byOperator = await agent.get(`/admin/audit?operator=${op.id}`);
    assert.match(byOperator.body, /incident\.decide/);

    const order = await agent.get(`/admin/orders/${w.order.order.number}`);
    assert.match(order.body, /décision du service client/);
    assert.match(order.body, /Remboursement de 15,00/);
    assert.match(order.body, new RegExp(`Opérateur<div class="small">${op.name}</div></td><td>Incident ${opened.number} : décision du service client`));
    const file = await agent.get(`/admin/customers/${w.customer.id}`);
    assert.match(file.body, new RegExp(`/admin/incidents/${opened.number}`));
  });
});

describe('sellers', () => {
  const sellerForm = (over: Record<string, string> = {}) => ({
    name: 'Atelier Émile',
    slug: '',
    legalName: 'Atelier Émile SRL',
    vatNumber: 'BE 0123.456.789',
    email: 'contact@atelier-emile.test',
    phone: '+32 2 555 12 12',
    descriptionFr: 'Maroquinerie belge.',
    descriptionNl: '',
    descriptionEn: '',
    returnWindowDays: '30',
    returnShippingPaidBy: 'seller',
    conditionsFr: 'Non porté.',
    conditionsNl: '',
    conditionsEn: '',
    textFr: 'Renvoyez-le.',
    textNl: '',
    textEn: '',
    shippingFee: '5,95',
    freeFrom: '60',
    commission: '12,5',
    ownerEmail: `owner-${randomUUID().slice(0, 8)}@atelier.test`,
    ownerLocale: 'nl',
    ...over,
  });

  test('an admin creates a seller; its owner accepts the invitation once and logs in to /vendeur', async () => {
    const { agent } = await operator('admin');
    await agent.get('/admin/sellers/new');
    const bad = await agent.post('/admin/sellers/new', sellerForm({ vatNumber: 'XX12', returnWindowDays: '7', shippingFee: 'abc', name: '' }));
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /Numéro de TVA invalide/);
    assert.match(bad.body, /Au moins 14 jours/);
    assert.match(bad.body, /Un montant en euros/);
    assert.match(bad.body, /value="contact@atelier-emile.test"/, 'what was typed is kept');

    const form = sellerForm({ slug: `atelier-${randomUUID().slice(0, 6)}` });
    const created = await agent.post('/admin/sellers/new', form);
    assert.equal(created.statusCode, 303, created.body.slice(0, 1000));
    const [s] = await db.select().from(sellers).where(eq(sellers.slug, form.slug));
    assert.ok(s);
    assert.equal(s.vatNumber, 'BE0123456789');
    assert.equal(s.commissionBps, 1250);
    assert.equal(s.shippingFeeCents, 595);
    assert.equal(s.freeShippingFromCents, 6000);
    assert.equal(s.returnShippingPaidBy, 'seller');
    assert.deepEqual(s.description, { fr: 'Maroquinerie belge.', nl: 'Maroquinerie belge.', en: 'Maroquinerie belge.' });
    const dup = await agent.post('/admin/sellers/new', { ...form, ownerEmail: `x-${randomUUID()}@t.test` });
    assert.equal(dup.statusCode, 409);
    assert.match(dup.body, /déjà prise/);

    await env.runJobs();
    const invitation = await smtp.waitFor((m) => m.to.includes(form.ownerEmail));
    assert.match(invitation.subject, /verkopersruimte van Atelier Émile/, 'in the owner’s language');
    const link = /(\/vendeur\/invitation\?token=[A-Za-z0-9_-]+)/.exec(invitation.text)?.[1];
    assert.ok(link);
    const owner = new Agent(app, { ip: nextIp() });
    const open = await owner.get(link);
    assert.equal(open.statusCode, 200);
    assert.match(open.body, new RegExp(form.ownerEmail));
    const token = new URL(link, 'http://x').searchParams.get('token')!;
    const weak = await owner.post('/vendeur/invitation', { token, name: 'Émile', password: 'short' });
    assert.equal(weak.statusCode, 422);
    const ok = await owner.post('/vendeur/invitation', { token, name: 'Émile', password: 'Un-mot-de-passe-long' });
    assert.equal(ok.statusCode, 303);
    const dash = await owner.get('/vendeur');
    assert.match(dash.body, /Atelier Émile/);
    const [u] = await db.select().from(sellerUsers).where(eq(sellerUsers.email, form.ownerEmail));
    assert.equal(u!.role, 'owner');
    assert.equal(u!.locale, 'nl');
    const again = await new Agent(app, { ip: nextIp() }).get(link);
    assert.equal(again.statusCode, 410, 'the link is single-use');
    const audits = await db.select().from(auditLog).where(and(eq(auditLog.subjectType, 'seller'), eq(auditLog.subjectId, s.id)));
    assert.deepEqual(audits.map((a) => a.action), ['seller.create']);
  });

  test('suspending hides the offers from the storefront at once; the seller still handles its orders; reactivating shows them', async () => {
    const w = await paidOrder();
    const { agent } = await operator();
    const slug = (await db.select({ slug: sellers.slug }).from(sellers).where(eq(sellers.id, w.seller.id)))[0]!.slug;
    const productPath = `/fr/p/${w.product.product.slug}`;
    const shopper = new Agent(app, { ip: nextIp() });
    assert.match((await shopper.get(productPath)).body, /Ajouter au panier/);

    await agent.get(`/admin/sellers/${w.seller.id}`);
    const noReason = await agent.post(`/admin/sellers/${w.seller.id}/suspend`, { reason: ' ' });
    assert.equal(noReason.statusCode, 422);
    const suspended = await agent.post(`/admin/sellers/${w.seller.id}/suspend`, { reason: 'Retards répétés.' });
    assert.equal(suspended.statusCode, 303);
    assert.doesNotMatch((await shopper.get(productPath)).body, /Ajouter au panier/);
    assert.equal((await shopper.get(`/fr/s/${slug}`)).statusCode, 404);
    const search = await shopper.get(`/fr/search?${new URLSearchParams({ q: w.product.product.slug })}`);
    assert.doesNotMatch(search.body, new RegExp(`/fr/p/${w.product.product.slug}`));

    // The seller keeps its back office and its open orders.
    const s = new Agent(app, { ip: nextIp() });
    assert.equal((await s.login('/vendeur/login', w.seller.user.email, w.seller.user.password)).statusCode, 303);
    const orders = await s.get('/vendeur/orders');
    assert.equal(orders.statusCode, 200);
    assert.match(orders.body, new RegExp(w.order.order.number));
    await env.runJobs();
    assert.ok(smtp.mails.some((m) => m.to.includes(w.seller.user.email) && /suspendue/.test(m.subject) && m.text.includes('Retards répétés.')));

    const again = await agent.post(`/admin/sellers/${w.seller.id}/suspend`, { reason: 'Encore.' });
    assert.equal(again.statusCode, 303);
    assert.equal((await agent.post(`/admin/sellers/${w.seller.id}/reactivate`)).statusCode, 303);
    assert.match((await shopper.get(productPath)).body, /Ajouter au panier/);
    const actions = (await db.select().from(auditLog).where(eq(auditLog.subjectId, w.seller.id))).map((a) => a.action);
    assert.deepEqual(actions, ['seller.suspend', 'seller.reactivate'], 'a no-op suspension is not logged');
  });

  test('commission per category: admins only; customer service sees it but cannot change it', async () => {
    const seller = await makeSeller(db);
    const cat = await makeCategory(db);
    const cs = await operator();
    const page = await cs.agent.get(`/admin/sellers/${seller.id}`);
    assert.doesNotMatch(page.body, /name="rate_/);
    assert.equal((await cs.agent.post(`/admin/sellers/${seller.id}/commissions`, { default: '10' })).statusCode, 404);
    await cs.agent.get(`/admin/sellers/${seller.id}/edit`);
    const edit = await cs.agent.post(`/admin/sellers/${seller.id}/edit`, { ...sellerForm({ slug: seller.slug, commission: '1' }) });
    assert.equal(edit.statusCode, 303);
    assert.equal((await db.select().from(sellers).where(eq(sellers.id, seller.id)))[0]!.commissionBps, 1500, 'customer service cannot change the commission');

    const admin = await operator('admin');
    await admin.agent.get(`/admin/sellers/${seller.id}`);
    const bad = await admin.agent.post(`/admin/sellers/${seller.id}/commissions`, { default: '120', [`rate_${cat.id}`]: 'x' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /Un pourcentage entre 0 et 100/);
    const ok = await admin.agent.post(`/admin/sellers/${seller.id}/commissions`, { default: '14', [`rate_${cat.id}`]: '8,5' });
    assert.equal(ok.statusCode, 303);
    assert.deepEqual(
      (await db.select().from(commissionRates).where(eq(commissionRates.sellerId, seller.id))).map((r) => [r.categoryId, r.rateBps]),
      [[cat.id, 850]],
    );
    await admin.agent.get(`/admin/sellers/${seller.id}`);
    await admin.agent.post(`/admin/sellers/${seller.id}/commissions`, { default: '14', [`rate_${cat.id}`]: '' });
    assert.equal((await db.select().from(commissionRates).where(eq(commissionRates.sellerId, seller.id))).length, 0);
    const logged = await db.select().from(auditLog).where(and(eq(auditLog.subjectId, seller.id), eq(auditLog.action, 'seller.commission')));
    assert.equal(logged.length, 2);
    assert.deepEqual(logged[0]!.after, { defaultBps: 1400, rates: { [cat.id]: 850 } });
  });

  test('per-seller figures: orders, late shipments, incidents, refunds, answer times', async () => {
    const w = await paidOrder();
    // A second order paid 5 days ago, still not shipped: late.
    const late = await makePaidOrder(db, { customer: w.customer, lines: [{ offer: w.product.variants[0]!.offer }], at: new Date(env.clock.now().getTime() - 5 * 86_400_000) });
    await db.transaction((tx) => applyToLines(tx, { lineIds: [w.order.lines[0]!.id], verb: 'ship', actor: SYSTEM, now: env.clock.now() }));
    const { agent } = await operator();
    const page = await agent.get(`/admin/sellers/${w.seller.id}`);
    assert.equal(page.statusCode, 200);
    const figures = /<dl class="facts figures">([\s\S]*?)<\/dl>/.exec(page.body)?.[1] ?? '';
    const cells = [...figures.matchAll(/<dd>([\s\S]*?)<\/dd>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, '').trim());
    assert.equal(cells[0], '2', 'two seller orders');
    assert.match(cells[1]!, /^1 \(50 %\)/, 'one of two shippable lines is late');
    assert.ok(late.order.number);
    const list = await agent.get('/admin/sellers?status=active');
    assert.match(list.body, new RegExp(w.seller.name));
    assert.doesNotMatch((await agent.get('/admin/sellers?status=suspended')).body, new RegExp(w.seller.name));
  });
});

describe('operators, settings and the seller team', () => {
  test('operator roles: admins manage operators, never themselves nor the last admin; sessions end on a change', async () => {
    const admin = await operator('admin');
    const cs = await operator();
    assert.equal((await cs.agent.get('/admin/operators')).statusCode, 404);
    assert.equal((await cs.agent.get('/admin/settings')).statusCode, 404);
    assert.equal((await cs.agent.get('/admin/audit')).statusCode, 404);

    const list = await admin.agent.get('/admin/operators');
    assert.match(list.body, new RegExp(cs.op.email));
    const self = await admin.agent.post(`/admin/operators/${admin.op.id}/role`, { role: 'customer_service' });
    assert.equal(self.statusCode, 409);
    const promote = await admin.agent.post(`/admin/operators/${cs.op.id}/role`, { role: 'admin' });
    assert.equal(promote.statusCode, 303);
    // The promoted operator's session ended: they log in again, and as an admin must enrol a second factor.
    assert.equal((await cs.agent.get('/admin/customers')).statusCode, 303);
    const relog = new Agent(app, { ip: nextIp() });
    await relog.get('/admin/login');
    const step = await relog.post('/admin/login', { email: cs.op.email, password: PASSWORD });
    assert.match(String(step.headers.location), /\/admin\/login\/enrol/);

    const deact = await admin.agent.post(`/admin/operators/${cs.op.id}/deactivate`);
    assert.equal(deact.statusCode, 303);
    const refused = new Agent(app, { ip: nextIp() });
    assert.equal((await refused.login('/admin/login', cs.op.email, PASSWORD)).statusCode, 401, 'a deactivated operator cannot log in');

    // The last active admin cannot be demoted, even by another admin who is then demoted first.
    await db.update(operatorUsers).set({ active: false }).where(and(eq(operatorUsers.role, 'admin')));
    await db.update(operatorUsers).set({ active: true }).where(eq(operatorUsers.id, admin.op.id));
    const other = await makeOperator(db, 'admin');
    await db.update(operatorUsers).set({ active: false }).where(eq(operatorUsers.id, other.id));
    assert.equal((await admin.agent.post(`/admin/operators/${other.id}/reactivate`)).statusCode, 303);
    assert.equal((await admin.agent.post(`/admin/operators/${other.id}/role`, { role: 'customer_service' })).statusCode, 303);
    const actions = (await db.select().from(auditLog).where(eq(auditLog.operatorId, admin.op.id))).map((a) => a.action);
    assert.ok(['operator.role', 'operator.deactivate', 'operator.reactivate'].every((a) => actions.includes(a)), actions.join());

    await admin.agent.get('/admin/operators');
    const invite = await admin.agent.post('/admin/operators/invite', { email: `new-${randomUUID().slice(0, 6)}@ops.test`, role: 'customer_service', locale: 'en' });
    assert.equal(invite.statusCode, 303);
  });

  test('deadline settings: validated numbers, audit-logged, read by the jobs', async () => {
    const { op, agent } = await operator('admin');
    const page = await agent.get('/admin/settings');
    assert.match(page.body, /Acceptation par le vendeur/);
    const bad = await agent.post('/admin/settings', { sellerAcceptDays: '0', sellerReplyWorkingDays: 'two', autoDeliverDays: '10', autoCloseDays: '7' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /Un nombre entier entre 1 et 14/);
    assert.match(bad.body, /value="two"/);
    const ok = await agent.post('/admin/settings', { sellerAcceptDays: '3', sellerReplyWorkingDays: '4', autoDeliverDays: '12', autoCloseDays: '9' });
    assert.equal(ok.statusCode, 303);
    assert.deepEqual(await readDeadlines(db), { sellerAcceptDays: 3, autoDeliverDays: 12 });
    const [row] = await db.select().from(settings).where(eq(settings.key, 'deadlines'));
    assert.deepEqual(row!.value, { sellerAcceptDays: 3, sellerReplyWorkingDays: 4, autoDeliverDays: 12, autoCloseDays: 9 });
    const [a] = await db.select().from(auditLog).where(eq(auditLog.action, 'settings.deadlines'));
    assert.equal(a!.operatorId, op.id);
    assert.deepEqual(a!.after, { sellerAcceptDays: 3, sellerReplyWorkingDays: 4, autoDeliverDays: 12, autoCloseDays: 9 });
    await db.delete(settings).where(eq(settings.key, 'deadlines'));
  });

  test('"Équipe": an owner invites a colleague as staff; staff cannot manage the team; a shop keeps one owner', async () => {
    const seller = await makeSeller(db);
    const owner = new Agent(app, { ip: nextIp() });
    await owner.login('/vendeur/login', seller.user.email, seller.user.password);
    const team = await owner.get('/vendeur/team');
    assert.equal(team.statusCode, 200);
    assert.match(team.body, /Équipe/);
    const email = `staff-${randomUUID().slice(0, 8)}@shop.test`;
    assert.equal((await owner.post('/vendeur/team/invite', { email, role: 'staff', locale: 'fr' })).statusCode, 303);
    await env.runJobs();
    const mail = await smtp.waitFor((m) => m.to.includes(email));
    const token = /invitation\?token=([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
    const staff = new Agent(app, { ip: nextIp() });
    await staff.get(`/vendeur/invitation?token=${token}`);
    assert.equal((await staff.post('/vendeur/invitation', { token, name: 'Sam', password: 'Un-mot-de-passe-long' })).statusCode, 303);
    assert.equal((await staff.get('/vendeur/team')).statusCode, 404, 'staff do not manage the team');
    assert.doesNotMatch((await staff.get('/vendeur')).body, /href="\/vendeur\/team"/);
    assert.equal((await staff.post('/vendeur/team/invite', { email: 'x@y.test', role: 'owner', locale: 'fr' })).statusCode, 404);

    const [sam] = await db.select().from(sellerUsers).where(eq(sellerUsers.email, email));
    assert.equal(sam!.role, 'staff');
    assert.equal(sam!.sellerId, seller.id);
    await owner.get('/vendeur/team');
    assert.equal((await owner.post(`/vendeur/team/${seller.user.id}/role`, { role: 'staff' })).statusCode, 409, 'not oneself');
    assert.equal((await owner.post(`/vendeur/team/${sam!.id}/deactivate`)).statusCode, 303);
    assert.equal((await staff.get('/vendeur')).statusCode, 303, 'the deactivated colleague is logged out');
    // Another shop's user id is not found.
    const other = await makeSeller(db);
    assert.equal((await owner.post(`/vendeur/team/${other.user.id}/deactivate`)).statusCode, 404);
    assert.equal((await db.select().from(sellerUsers).where(eq(sellerUsers.id, other.user.id)))[0]!.active, true);
  });
});
