import type { LightMyRequestResponse } from 'fastify';
import { eq } from 'drizzle-orm';
import { addToCart } from '../../src/modules/cart/cart.js';
import { orders } from '../../src/modules/orders/schema.js';
import { Agent } from './agent.js';
import type { TestEnv } from './app.js';
import { makeCustomer } from './factories.js';

/**
 * Checkout helpers for tests: a logged-in customer with a filled cart, the summary's "Payer" form, and
 * `placeOrderForTest` that goes through the real pages up to the payment provider's redirect.
 */
let shoppers = 0;

export type Shopper = { customer: Awaited<ReturnType<typeof makeCustomer>>; agent: Agent };

export async function shopper(env: TestEnv, opts: { items: { offerId: string; quantity?: number }[]; customer?: Parameters<typeof makeCustomer>[1]; ip?: string }): Promise<Shopper> {
  const customer = await makeCustomer(env.deps.db, opts.customer);
  for (const it of opts.items) {
    const r = await addToCart(env.deps, { customerId: customer.id }, it.offerId, String(it.quantity ?? 1));
    if (!r.ok) throw new Error(`shopper: cannot add ${it.offerId} to the cart: ${r.code}`);
  }
  // One address per shopper: many logins in one test file stay under the per-IP login limit.
  const agent = new Agent(env.app, { ip: opts.ip ?? `10.${(++shoppers >> 16) & 255}.${(shoppers >> 8) & 255}.${shoppers & 255}` });
  const res = await agent.login('/fr/login', customer.email, customer.password);
  if (res.statusCode !== 303) throw new Error(`shopper: login answered ${res.statusCode}`);
  return { customer, agent };
}

/** The hidden fields of the summary's "Payer" form (checkout key and fingerprint), and the page. */
export async function payForm(agent: Agent, locale = 'fr'): Promise<{ checkoutKey: string; seen: string; page: LightMyRequestResponse }> {
  const page = await agent.get(`/${locale}/checkout/summary`);
  if (page.statusCode !== 200) throw new Error(`summary answered ${page.statusCode} ${page.headers.location ?? ''}`);
  return { checkoutKey: hidden(page.body, 'checkoutKey'), seen: hidden(page.body, 'seen'), page };
}

export function hidden(html: string, name: string): string {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!m) throw new Error(`no hidden field ${name}`);
  return m[1]!;
}

/** "Payer" on the summary: the order is placed and the customer sent to the provider's page. */
export async function placeOrderForTest(env: TestEnv, agent: Agent, locale = 'fr'): Promise<{ redirectUrl: string; order: typeof orders.$inferSelect; res: LightMyRequestResponse }> {
  const form = await payForm(agent, locale);
  const res = await agent.post(`/${locale}/checkout/place`, { checkoutKey: form.checkoutKey, seen: form.seen });
  if (res.statusCode !== 303) throw new Error(`place answered ${res.statusCode}`);
  const [order] = await env.deps.db.select().from(orders).where(eq(orders.checkoutKey, form.checkoutKey));
  if (!order) throw new Error('no order for the checkout key');
  return { redirectUrl: String(res.headers.location), order, res };
}
