import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eq } from 'drizzle-orm';
import { orders } from '../src/modules/orders/schema.js';
import { paymentEvents } from '../src/modules/payments/schema.js';
import { sandboxEvents } from '../src/modules/payments/sandbox/schema.js';
import { testEnv } from './helpers/app.js';
import { payForm, shopper } from './helpers/checkout.js';
import { makeProduct, makeSeller } from './helpers/factories.js';
import { CARDS, paySandbox } from './helpers/payments.js';

/**
 * The return asks the sandbox for the payment's status without locking it (decision 0032), and takes
 * the id of that payment's last event in the same read. Two customers paying one after the other,
 * then coming back in the other order, must each settle their own payment with their own event —
 * with another payment's event id, the return's event would be a "duplicate" of the other's and the
 * order would stay "Paiement en cours de vérification" (and the other's notification would later be
 * taken for a replay).
 */
const env = await testEnv();
const db = env.deps.db;
const seller = await makeSeller(db, {});
const product = await makeProduct(db, { sellerId: seller.id, priceCents: 2500, stock: 100 });
const items = [{ offerId: product.variants[0]!.offer.id }];

async function placed() {
  const { agent } = await shopper(env, { items });
  const form = await payForm(agent);
  const res = await agent.post('/fr/checkout/place', { checkoutKey: form.checkoutKey, seen: form.seen });
  assert.equal(res.statusCode, 303, 'Payer sends to the payment page');
  return { agent, pay: String(res.headers.location) };
}

test('each return settles its own payment with its own event, whatever was paid since', async () => {
  const first = await placed();
  const second = await placed();
  const back1 = await paySandbox(first.agent, first.pay, CARDS.visa);
  const back2 = await paySandbox(second.agent, second.pay, CARDS.visa); // the sandbox's latest event is now the second's
  for (const [who, c, back] of [['first', first, back1], ['second', second, back2]] as const) {
    const r = await c.agent.get(new URL(back.returnUrl!).pathname);
    assert.equal(r.statusCode, 303, `the ${who} customer's return goes to the confirmation (answered ${r.statusCode})`);
  }
  const paid = await db.select().from(orders);
  assert.equal(paid.filter((o) => o.paidAt).length, 2, 'both orders paid');
  const events = await db.select().from(paymentEvents).where(eq(paymentEvents.source, 'return'));
  const sandbox = await db.select().from(sandboxEvents);
  for (const e of events) {
    assert.equal(e.outcome, 'applied', 'each return applied its payment');
    assert.equal(sandbox.find((s) => s.id === e.eventId)?.ref, e.providerRef, 'with the event of that very payment');
  }
});
