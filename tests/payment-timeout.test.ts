import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import pg from 'pg';
import { offers } from '../src/modules/catalog/schema.js';
import { orders } from '../src/modules/orders/schema.js';
import { payments } from '../src/modules/payments/schema.js';
import { handleReturn } from '../src/modules/payments/service.js';
import { testEnv } from './helpers/app.js';
import { payForm, placeOrderForTest, shopper } from './helpers/checkout.js';
import { makeProduct, makeSeller } from './helpers/factories.js';

/**
 * A payment provider that does not answer (PAYMENT_PROVIDER_TIMEOUT_MS): "Payer" must not hang, must
 * hold no stock, and must tell the customer in their language that nothing was placed or charged; a
 * silent provider on the return leaves the payment pending. The sandbox provider is made silent for
 * real: another connection holds a lock on its table, so its insert (or read) waits.
 */
const TIMEOUT_MS = 400;
const env = await testEnv({ config: { paymentProviderTimeoutMs: TIMEOUT_MS } });
const { deps } = env;
const db = deps.db;

const seller = await makeSeller(db, { name: 'Atelier Silence' });
const made = await makeProduct(db, { sellerId: seller.id, title: 'Pull sans réponse', priceCents: 3900, stock: 5 });
const offerId = made.variants[0]!.offer.id;
const stockOf = async () => (await db.select({ s: offers.stock }).from(offers).where(eq(offers.id, offerId)))[0]!.s;

const other = new pg.Client({ connectionString: deps.database.url });
other.on('error', () => {});
await other.connect();
after(() => other.end());

/** Runs `fn` while the sandbox's table is locked by another connection (the provider hangs), then releases it. */
async function whileProviderSilent<T>(fn: () => Promise<T>): Promise<T> {
  await other.query('begin');
  await other.query('lock table sandbox_payments in access exclusive mode');
  try {
    return await fn();
  } finally {
    await other.query('rollback');
  }
}

// Without the deadline the requests below would wait for the lock that only their end releases: a
// timeout per test turns that into a failure instead of a hang.
describe('a payment provider that does not answer', { timeout: 20_000 }, () => {
  test('"Payer" answers within the deadline: nothing placed, no stock held, the summary again with a clear message, then it works', async () => {
    const s = await shopper(env, { items: [{ offerId, quantity: 2 }] });
    const form = await payForm(s.agent);
    const t0 = performance.now();
    const res = await whileProviderSilent(() => s.agent.post('/fr/checkout/place', { checkoutKey: form.checkoutKey, seen: form.seen }));
    const ms = performance.now() - t0;
    assert.equal(res.statusCode, 503, `answered ${res.statusCode}`);
    assert.ok(ms < TIMEOUT_MS + 2000, `answered in ${Math.round(ms)} ms`);
    assert.match(res.body, /Le service de paiement ne répond pas/);
    assert.match(res.body, /rien n’a été débité/);
    assert.equal((await db.select().from(orders).where(eq(orders.customerId, s.customer.id))).length, 0, 'no order placed');
    assert.equal(await stockOf(), 5, 'no stock held');
    assert.match(res.body, /name="checkoutKey"/, 'the summary with its "Payer" button, to try again');
    const again = await placeOrderForTest(env, s.agent);
    assert.match(again.redirectUrl, /\/sandbox-pay\/sbx_/, 'once the provider answers, "Payer" goes to the payment page');
    assert.equal(await stockOf(), 3);
  });

  test('in Dutch and English too', async () => {
    for (const [locale, text] of [
      ['nl', /De betaaldienst antwoordt op dit moment niet/],
      ['en', /The payment service is not answering right now/],
    ] as const) {
      const s = await shopper(env, { items: [{ offerId }] });
      const form = await payForm(s.agent, locale);
      const res = await whileProviderSilent(() => s.agent.post(`/${locale}/checkout/place`, { checkoutKey: form.checkoutKey, seen: form.seen }));
      assert.equal(res.statusCode, 503);
      assert.match(res.body, text);
    }
  });

  test('back from the payment page while the provider is silent: the payment stays pending, nothing breaks', async () => {
    const s = await shopper(env, { items: [{ offerId }] });
    const { order } = await placeOrderForTest(env, s.agent);
    const [payment] = await db.select().from(payments).where(eq(payments.orderId, order.id));
    const r = await whileProviderSilent(() => handleReturn(deps, payment!));
    assert.equal(r?.outcome, 'no_change');
    assert.equal(r?.payment?.status, 'pending');
    const page = await whileProviderSilent(() => s.agent.get(`/fr/checkout/return/${order.number}`));
    assert.equal(page.statusCode, 200, 'the return page, not an error');
  });
});
