import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { offers } from '../src/modules/catalog/schema.js';
import { emails } from '../src/modules/notifications/schema.js';
import { messages, messageThreads } from '../src/modules/messaging/schema.js';
import { openThread } from '../src/modules/messaging/threads.js';
import { unreadCountForCustomer } from '../src/modules/messaging/queries.js';
import { Agent } from './helpers/agent.js';
import { testEnv } from './helpers/app.js';
import { makeCustomer, makeOperator, makeProduct, makeSeller } from './helpers/factories.js';
import { startSmtp } from './helpers/smtp.js';

const smtp = await startSmtp();
const env = await testEnv({ smtpUrl: smtp.url });
const { app, deps } = env;
const db = deps.db;

const XSS = `<script>alert('x')</script><img src=x onerror=alert(1)> "'><svg onload=alert(2)> javascript:alert(3) https://ok.example/a?b="><script>alert(4)</script>`;

async function shop(name = 'Maison Lin') {
  const seller = await makeSeller(db, { name });
  const p = await makeProduct(db, { sellerId: seller.id, title: 'Robe en lin', colours: ['navy', 'ecru'], sizes: ['S', 'M'] });
  return { seller, product: p.product, variants: p.variants };
}

async function loggedIn(over: Parameters<typeof makeCustomer>[1] = {}) {
  const customer = await makeCustomer(db, over);
  const a = new Agent(app, { ip: `10.1.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` });
  const res = await a.login('/fr/login', customer.email, customer.password);
  assert.equal(res.statusCode, 303);
  return { customer, a };
}

async function sellerAgent(user: { email: string; password: string }) {
  const s = new Agent(app);
  assert.equal((await s.login('/vendeur/login', user.email, user.password)).statusCode, 303);
  return s;
}

/** Asks a question through the form and returns the new thread's id. */
async function ask(a: Agent, slug: string, form: Record<string, string>) {
  await a.get(`/fr/p/${slug}/question`);
  const res = await a.post(`/fr/p/${slug}/question`, { subject: 'availability', ...form });
  assert.equal(res.statusCode, 303, res.body.slice(0, 2000));
  const m = /\/fr\/account\/messages\/([0-9a-f-]{36})$/.exec(String(res.headers.location));
  assert.ok(m, String(res.headers.location));
  return m[1]!;
}

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('"Poser une question sur ce produit"', () => {
  test('a visitor who is not logged in is sent to "Connexion" and comes back to the question form, variant and seller filled in', async () => {
    const { seller, product, variants } = await shop();
    const offer = variants[3]!.offer; // ecru, M
    const customer = await makeCustomer(db);
    const a = new Agent(app);
    const url = `/fr/p/${product.slug}/question?offer=${offer.id}`;
    const first = await a.get(url);
    assert.equal(first.statusCode, 303);
    assert.equal(first.headers.location, `/fr/login?returnTo=${encodeURIComponent(url)}`);
    const login = await a.follow(first);
    assert.match(login.body, /Connexion/);
    const back = await a.post('/fr/login', { email: customer.email, password: customer.password, returnTo: url });
    assert.equal(back.headers.location, url);
    const page = await a.get(url);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>Poser une question sur ce produit<\/h1>/);
    assert.match(page.body, /Robe en lin/);
    assert.match(page.body, /<img src="\/static\/img\/favicon.svg" alt width="240" height="240"\/>/);
    assert.match(text(page.body), new RegExp(`Vendu et expédié par ${seller.name}`));
    assert.match(page.body, new RegExp(`<option value="${variants[3]!.variant.id}" selected>ecru, taille M</option>`));
    assert.match(page.body, /<option value="availability" selected>Disponibilité dans une autre couleur ou taille<\/option>/);
  });

  test('the question goes to the seller of the shown offer: thread, flash, the seller users emailed in their language', async () => {
    const { seller, product, variants } = await shop();
    const { customer, a } = await loggedIn({ firstName: 'Lore' });
    const threadId = await ask(a, product.slug, { sellerId: seller.id, variantId: variants[0]!.variant.id, body: 'Existe-t-elle en vert, taille L ?' });
    const page = await a.get(`/fr/account/messages/${threadId}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Votre question a été envoyée à Maison Lin/);
    assert.match(page.body, /Existe-t-elle en vert, taille L \?/);
    const [t] = await db.select().from(messageThreads).where(eq(messageThreads.id, threadId));
    assert.equal(t!.customerId, customer.id);
    assert.equal(t!.sellerId, seller.id);
    assert.equal(t!.offerId, variants[0]!.offer.id);
    assert.equal(t!.subject, 'availability');
    assert.ok(t!.awaitingSellerSince);
    const mails = await db.select().from(emails).where(eq(emails.sellerId, seller.id));
    assert.equal(mails.length, 1);
    assert.equal(mails[0]!.toAddress, seller.user.email);
    assert.equal(mails[0]!.subject, 'Nouvelle question d’un client : Robe en lin');
    assert.match(mails[0]!.textBody, /Lore J\. pose une question sur « Robe en lin »/);
    assert.match(mails[0]!.textBody, new RegExp(`/vendeur/questions/${threadId}`));
  });

  test('when several sellers offer the product the customer chooses; nothing typed is lost on a refusal', async () => {
    const { seller, product, variants } = await shop();
    const other = await makeSeller(db, { name: 'Atelier Bis' });
    await db.insert(offers).values({ variantId: variants[0]!.variant.id, sellerId: other.id, priceCents: 1999, stock: 3 });
    const stranger = await makeSeller(db, { name: 'Hors sujet' });
    const { a } = await loggedIn();
    const form = await a.get(`/fr/p/${product.slug}/question`);
    assert.match(form.body, /À quel vendeur voulez-vous écrire \?/);
    assert.match(form.body, new RegExp(`type="radio" name="sellerId" value="${other.id}"`));
    assert.match(form.body, new RegExp(`type="radio" name="sellerId" value="${seller.id}"`));
    assert.ok(form.body.indexOf('Atelier Bis') < form.body.indexOf('Maison Lin'), 'the cheapest seller first');

    const none = await a.post(`/fr/p/${product.slug}/question`, { subject: 'details', body: 'Quelle est la composition ?' });
    assert.equal(none.statusCode, 422);
    assert.match(none.body, /Choisissez un des vendeurs proposés\./);
    assert.match(none.body, /Quelle est la composition \?<\/textarea>/);
    assert.match(none.body, /<option value="details" selected>/);

    const wrong = await a.post(`/fr/p/${product.slug}/question`, { sellerId: stranger.id, subject: 'details', body: 'Quelle est la composition ?' });
    assert.equal(wrong.statusCode, 422);
    assert.match(wrong.body, /Choisissez un des vendeurs proposés\./);

    const long = await a.post(`/fr/p/${product.slug}/question`, { sellerId: other.id, subject: 'details', body: 'x'.repeat(2001) });
    assert.equal(long.statusCode, 422);
    assert.match(long.body, /Au plus 2000 caractères\./);

    const threadId = await ask(a, product.slug, { sellerId: other.id, subject: 'details', body: 'Quelle est la composition ?' });
    const [t] = await db.select().from(messageThreads).where(eq(messageThreads.id, threadId));
    assert.equal(t!.sellerId, other.id);
    assert.equal(t!.variantId, null);
  });

  test('a customer can ask at most 3 questions a minute: the 4th is refused with the text kept, accepted a minute later', async () => {
    const { seller, product } = await shop();
    const { a } = await loggedIn();
    for (let i = 0; i < 3; i++) await ask(a, product.slug, { sellerId: seller.id, body: `Question ${i}` });
    const fourth = await a.post(`/fr/p/${product.slug}/question`, { sellerId: seller.id, subject: 'other', body: 'Ma quatrième question' });
    assert.equal(fourth.statusCode, 429);
    assert.match(fourth.body, /moins d’une minute/);
    assert.match(fourth.body, /Ma quatrième question<\/textarea>/);
    env.clock.advance({ minutes: 1, ms: 10 });
    await ask(a, product.slug, { sellerId: seller.id, body: 'Ma quatrième question' });
  });

  test('questions sent at the same instant cannot slip past the limit together', async () => {
    const { seller, product } = await shop();
    const { customer, a } = await loggedIn();
    await a.get(`/fr/p/${product.slug}/question`);
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => a.post(`/fr/p/${product.slug}/question`, { sellerId: seller.id, subject: 'other', body: `En même temps ${i}` })));
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [303, 303, 303, 429, 429, 429]);
    const [n] = await db.select({ n: sql<number>`count(*)::int` }).from(messageThreads).where(eq(messageThreads.customerId, customer.id));
    assert.equal(n!.n, 3);
  });

  test('the pages speak Dutch and English too, with the labels of labels.md', async () => {
    const { product } = await shop();
    const { a } = await loggedIn();
    const en = await a.get(`/en/p/${product.slug}/question`);
    assert.match(en.body, /<h1>Ask a question about this product<\/h1>/);
    assert.match(en.body, /Availability in another colour or size/);
    const nl = await a.get('/nl/account/messages');
    assert.match(nl.body, /<h1>Mijn berichten<\/h1>/);
  });

  test('an unknown product is not found', async () => {
    const { a } = await loggedIn();
    assert.equal((await a.get('/fr/p/does-not-exist/question')).statusCode, 404);
  });
});

describe('threads are seen only by their customer, their seller and operators', () => {
  test('another customer cannot open or answer the thread: the same 404 as a missing id', async () => {
    const { seller, product } = await shop();
    const { a } = await loggedIn();
    const threadId = await ask(a, product.slug, { sellerId: seller.id, body: 'Privé' });
    const { a: other } = await loggedIn();
    const theirs = await other.get(`/fr/account/messages/${threadId}`);
    const missing = await other.get(`/fr/account/messages/${randomUUID()}`);
    const garbage = await other.get(`/fr/account/messages/not-a-uuid`);
    assert.equal(theirs.statusCode, 404);
    assert.equal(missing.statusCode, 404);
    assert.equal(garbage.statusCode, 404);
    assert.equal(text(theirs.body).replace(/[0-9a-f-]{36}/g, ''), text(missing.body).replace(/[0-9a-f-]{36}/g, ''));
    assert.doesNotMatch(theirs.body, /Privé/);
    const post = await other.post(`/fr/account/messages/${threadId}`, { body: 'Je m’invite' });
    assert.equal(post.statusCode, 404);
    const [n] = await db.select({ n: sql<number>`count(*)::int` }).from(messages).where(eq(messages.threadId, threadId));
    assert.equal(n!.n, 1);
    const list = await other.get('/fr/account/messages');
    assert.doesNotMatch(list.body, new RegExp(threadId));
  });

  test('a seller sees only questions about its own offers', async () => {
    const mine = await shop();
    const theirs = await shop();
    const { a } = await loggedIn();
    const myThread = await ask(a, mine.product.slug, { sellerId: mine.seller.id, body: 'Pour Maison Lin A' });
    const theirThread = await ask(a, theirs.product.slug, { sellerId: theirs.seller.id, body: 'Pour l’autre boutique' });
    const s = await sellerAgent(mine.seller.user);
    const list = await s.get('/vendeur/questions');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, new RegExp(myThread));
    assert.doesNotMatch(list.body, new RegExp(theirThread));
    assert.doesNotMatch(list.body, /Pour l’autre boutique/);
    assert.equal((await s.get(`/vendeur/questions/${theirThread}`)).statusCode, 404);
    await s.get(`/vendeur/questions/${myThread}`);
    const post = await s.post(`/vendeur/questions/${theirThread}`, { body: 'Intrusion' });
    assert.equal(post.statusCode, 404);
    const [n] = await db.select({ n: sql<number>`count(*)::int` }).from(messages).where(eq(messages.threadId, theirThread));
    assert.equal(n!.n, 1);
  });

  test('a seller cannot attach a variant of another product, a customer cannot attach any', async () => {
    const { seller, product, variants } = await shop();
    const elsewhere = await shop();
    const { a } = await loggedIn();
    const threadId = await ask(a, product.slug, { sellerId: seller.id, body: 'Une question' });
    const s = await sellerAgent(seller.user);
    await s.get(`/vendeur/questions/${threadId}`);
    const bad = await s.post(`/vendeur/questions/${threadId}`, { body: 'Voici', variantId: elsewhere.variants[0]!.variant.id });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /Choisissez une des variantes proposées\./);
    assert.match(bad.body, /Voici<\/textarea>/);
    await a.get(`/fr/account/messages/${threadId}`);
    const fromCustomer = await a.post(`/fr/account/messages/${threadId}`, { body: 'Et celle-ci ?', variantId: variants[0]!.variant.id });
    assert.equal(fromCustomer.statusCode, 303);
    const attached = await db.select({ v: messages.variantId }).from(messages).where(eq(messages.threadId, threadId));
    assert.deepEqual(attached, [{ v: null }, { v: null }], 'a variant sent by a customer is ignored');
  });
});

describe('the seller answers, the customer reads it in "Mes messages"', () => {
  test('waiting questions are listed oldest first with their age; the answer (with a variant) empties the list, emails the customer, counts as unread', async () => {
    const { seller, product, variants } = await shop();
    const { customer, a } = await loggedIn({ firstName: 'Sofie' });
    const older = await ask(a, product.slug, { sellerId: seller.id, body: 'Première question' });
    env.clock.advance({ hours: 3 });
    const newer = await ask(a, product.slug, { sellerId: seller.id, subject: 'delivery', body: 'Deuxième question' });
    env.clock.advance({ hours: 2 });

    const s = await sellerAgent(seller.user);
    const list = await s.get('/vendeur/questions');
    const waitingTable = list.body.slice(list.body.indexOf('id="waiting-h"'), list.body.indexOf('id="all-h"'));
    assert.ok(waitingTable.indexOf(older) > 0 && waitingTable.indexOf(older) < waitingTable.indexOf(newer), 'oldest first');
    assert.match(text(waitingTable), /5 h .*2 h/);
    assert.match(list.body, /Questions clients<span class="count">2<\/span>/);

    await s.get(`/vendeur/questions/${older}`);
    const navy = variants.find((v) => v.variant.colour === 'navy' && v.variant.size === 'M')!.variant;
    const answer = await s.post(`/vendeur/questions/${older}`, { body: 'Oui, en bleu marine taille M.\nVoir https://maison-lin.example/robe', variantId: navy.id });
    assert.equal(answer.statusCode, 303);
    assert.equal(answer.headers.location, `/vendeur/questions/${older}`);
    const after = await s.get('/vendeur/questions');
    const waitingAfter = after.body.slice(after.body.indexOf('id="waiting-h"'), after.body.indexOf('id="all-h"'));
    assert.doesNotMatch(waitingAfter, new RegExp(older));
    assert.match(waitingAfter, new RegExp(newer));
    assert.match(after.body, /Réponse envoyée/);

    // Header count, "Mes messages" marker, then read.
    assert.equal(await unreadCountForCustomer(db, customer.id), 1);
    const home = await a.get('/fr/account/messages');
    assert.match(home.body, /Mes messages <span class="count">1 non lu\(s\)<\/span>/);
    assert.match(home.body, /<li class="unread">/);
    assert.match(home.body, /Nouveau message/);
    const thread = await a.get(`/fr/account/messages/${older}`);
    assert.match(thread.body, /Maison Lin \(vendeur\)/);
    assert.match(thread.body, /Oui, en bleu marine taille M\./);
    assert.match(thread.body, /<a href="https:\/\/maison-lin.example\/robe" rel="nofollow noopener noreferrer ugc" target="_blank">/);
    assert.match(thread.body, new RegExp(`Variante proposée : navy, taille M — <a href="/fr/p/${product.slug}\\?colour=navy&amp;size=M">Voir cette variante</a>`));
    assert.doesNotMatch(thread.body, /class="count">1 non lu/, 'opening the thread reads it, the header says so at once');
    assert.equal(await unreadCountForCustomer(db, customer.id), 0);

    // The customer continues the thread; the seller owes an answer again, from that message on.
    const reply = await a.post(`/fr/account/messages/${older}`, { body: 'Merci ! Et en L ?' });
    assert.equal(reply.statusCode, 303);
    const [t] = await db.select().from(messageThreads).where(eq(messageThreads.id, older));
    assert.ok(t!.awaitingSellerSince && t!.firstSellerReplyAt);
    assert.equal(Math.round((t!.firstSellerReplyAt!.getTime() - t!.createdAt.getTime()) / 3_600_000), 5);

    // The answer email, sent over SMTP.
    await env.runJobs();
    const mail = await smtp.waitFor((m) => m.to.includes(customer.email));
    assert.equal(mail.subject, 'Réponse de Maison Lin : Robe en lin');
    assert.match(mail.text, /Bonjour Sofie,/);
    assert.match(mail.text, /Oui, en bleu marine taille M\./);
    assert.match(mail.text, new RegExp(`/fr/p/${product.slug}\\?colour=navy&size=M`));
    assert.match(mail.text, new RegExp(`/fr/account/messages/${older}`));
    const sellerMail = await smtp.waitFor((m) => m.to.includes(seller.user.email) && m.subject.startsWith('Nouveau message'));
    assert.match(sellerMail.text, /Merci ! Et en L \?/);
  });

  test('a Dutch customer gets the answer email in Dutch', async () => {
    const { seller, product } = await shop();
    const { customer, a } = await loggedIn({ locale: 'nl' });
    const threadId = await ask(a, product.slug, { sellerId: seller.id, body: 'Vraag' });
    const s = await sellerAgent(seller.user);
    await s.get(`/vendeur/questions/${threadId}`);
    await s.post(`/vendeur/questions/${threadId}`, { body: 'Antwoord' });
    const [e] = await db.select().from(emails).where(and(eq(emails.customerId, customer.id), eq(emails.kind, 'message_to_customer')));
    assert.equal(e!.locale, 'nl');
    assert.match(e!.subject, /^Antwoord van /);
    assert.match(e!.textBody, /\/nl\/account\/messages\//);
  });
});

describe('operator oversight', () => {
  test('the operator reads every thread, steps in (both sides emailed) and sees the median answer time per seller', async () => {
    const fast = await shop('Rapide Fils');
    const slow = await makeSeller(db, { name: 'Lente Winkel' });
    const slowProduct = await makeProduct(db, { sellerId: slow.id, title: 'Trui' });
    const { customer, a } = await loggedIn();
    const q1 = await ask(a, fast.product.slug, { sellerId: fast.seller.id, body: 'Q1' });
    const q2 = await ask(a, fast.product.slug, { sellerId: fast.seller.id, body: 'Q2' });
    const q3 = await ask(a, slowProduct.product.slug, { sellerId: slow.id, body: 'Q3' });
    const fs = await sellerAgent(fast.seller.user);
    env.clock.advance({ minutes: 30 });
    await fs.get(`/vendeur/questions/${q1}`);
    await fs.post(`/vendeur/questions/${q1}`, { body: 'R1' });
    env.clock.advance({ minutes: 60 });
    await fs.get(`/vendeur/questions/${q2}`);
    await fs.post(`/vendeur/questions/${q2}`, { body: 'R2' });
    env.clock.advance({ hours: 49 });

    const op = await makeOperator(db, 'customer_service');
    const o = new Agent(app);
    await o.login('/admin/login', op.email, op.password);
    const list = await o.get('/admin/messages');
    assert.equal(list.statusCode, 200);
    for (const id of [q1, q2, q3]) assert.match(list.body, new RegExp(id));
    const times = text(list.body.slice(list.body.indexOf('id="times-h"'), list.body.indexOf('id="threads-h"')));
    // Rapide Fils answered in 30 min and 90 min: median 1 h. Lente Winkel has not answered: listed above, waiting 50 h 30.
    assert.match(times, /Rapide Fils 2 2 1 h 0 —/);
    assert.match(times, /Lente Winkel 1 0 — 1 2 j 2 h/);
    assert.ok(times.indexOf('Lente Winkel') < times.indexOf(fast.seller.name));
    assert.match(list.body, /Messages<span class="count">\d+<\/span>/, 'questions waiting over 48 h are counted in the menu');
    const waiting = await o.get('/admin/messages?waiting=1');
    assert.match(waiting.body, new RegExp(q3));
    assert.doesNotMatch(waiting.body, new RegExp(q1));

    const thread = await o.get(`/admin/messages/${q3}`);
    assert.match(thread.body, /Q3/);
    assert.match(thread.body, new RegExp(customer.email));
    const step = await o.post(`/admin/messages/${q3}`, { body: 'Nous avons relancé le vendeur.' });
    assert.equal(step.statusCode, 303);
    const sent = await db.select().from(emails).where(sql`${emails.dedupeKey} like ${'message:%'} and (${emails.customerId} = ${customer.id} or ${emails.sellerId} = ${slow.id})`);
    assert.ok(sent.some((e) => e.kind === 'message_to_customer' && e.subject.startsWith('Message du service client')));
    assert.ok(sent.some((e) => e.kind === 'message_to_seller' && e.toAddress === slow.user.email && e.subject.startsWith('Message du service client')));
    const [t] = await db.select().from(messageThreads).where(eq(messageThreads.id, q3));
    assert.ok(t!.awaitingSellerSince, 'the operator stepping in does not answer in the seller’s place');
    const seen = await a.get(`/fr/account/messages/${q3}`);
    assert.match(seen.body, /Service client Comptoir/);
  });

  test('anonymous and seller sessions do not reach /admin/messages', async () => {
    const { seller } = await shop();
    assert.equal((await new Agent(app).get('/admin/messages')).statusCode, 303);
    const s = await sellerAgent(seller.user);
    assert.equal((await s.get('/admin/messages')).statusCode, 303);
  });
});

describe('what people write is shown as text everywhere', () => {
  test('XSS payloads are escaped in the storefront, the seller and operator back offices, and the emails', async () => {
    const { seller, product } = await shop();
    const { customer, a } = await loggedIn();
    const threadId = await ask(a, product.slug, { sellerId: seller.id, body: XSS });
    const s = await sellerAgent(seller.user);
    await s.get(`/vendeur/questions/${threadId}`);
    await s.post(`/vendeur/questions/${threadId}`, { body: `Réponse ${XSS}` });
    const op = await makeOperator(db);
    const o = new Agent(app);
    await o.login('/admin/login', op.email, op.password);

    const pages = {
      customerList: await a.get('/fr/account/messages'),
      customerThread: await a.get(`/fr/account/messages/${threadId}`),
      sellerList: await s.get('/vendeur/questions'),
      sellerThread: await s.get(`/vendeur/questions/${threadId}`),
      operatorList: await o.get('/admin/messages'),
      operatorThread: await o.get(`/admin/messages/${threadId}`),
    };
    for (const [name, res] of Object.entries(pages)) {
      assert.equal(res.statusCode, 200, name);
      assert.doesNotMatch(res.body, /<script>alert|<img src=x|<svg onload|href="javascript:/i, name);
      assert.match(res.body, /&lt;script>alert\('x'\)|&lt;script&gt;alert/, name);
    }
    assert.match(pages.customerThread.body, /<a href="https:\/\/ok.example\/a\?b=" rel="nofollow noopener noreferrer ugc" target="_blank">https:\/\/ok.example\/a\?b=<\/a>&quot;>&lt;script>/);

    await env.runJobs();
    const toCustomer = await smtp.waitFor((m) => m.to.includes(customer.email) && m.text.includes('Réponse <script>'));
    const toSeller = await smtp.waitFor((m) => m.to.includes(seller.user.email) && m.text.includes(`<script>alert('x')`));
    for (const m of [toCustomer, toSeller]) {
      assert.doesNotMatch(m.html, /<script>alert|<img src=x|<svg onload/i);
      assert.match(m.html, /&lt;script&gt;alert|&lt;script>alert/);
    }
  });
});

describe('one messaging model for every conversation', () => {
  test('an order-line thread opened by the orders module is one thread per line, read in "Mes messages"', async () => {
    const { seller, product } = await shop();
    const { customer, a } = await loggedIn();
    const orderLineId = randomUUID();
    const first = await db.transaction((tx) =>
      openThread(deps, tx, { kind: 'order_line', customerId: customer.id, sellerId: seller.id, productId: product.id, orderLineId, author: { type: 'seller', sellerId: seller.id, userId: seller.user.id }, body: 'Votre colis part demain.' }),
    );
    const second = await db.transaction((tx) =>
      openThread(deps, tx, { kind: 'order_line', customerId: customer.id, sellerId: seller.id, productId: product.id, orderLineId, author: { type: 'customer', customerId: customer.id }, body: 'Merci !' }),
    );
    assert.ok(first.ok && second.ok);
    assert.equal(first.threadId, second.threadId);
    const list = await a.get('/fr/account/messages');
    assert.match(list.body, /Votre commande/);
    const page = await a.get(`/fr/account/messages/${first.threadId}`);
    assert.match(page.body, /Votre colis part demain\./);
    assert.match(page.body, /Merci !/);
    const [t] = await db.select().from(messageThreads).where(eq(messageThreads.id, first.threadId));
    assert.equal(t!.firstSellerReplyAt, null, 'a thread the seller started has no answer time');
  });
});
