// The checkout driver of issue 11: full checkouts over HTTP against the bench's Comptoir, as a customer
// clicks them: two sellers' articles into the cart, the checkout steps with the default addresses,
// "Payer", the sandbox's card page, the return and the confirmation. Server time of a checkout = the sum
// of its responses' times. Buyers are fresh customers made by SQL (demo password, default address).
import pg from 'pg';
import { DEMO_PASSWORD } from '../src/seed/demo-data.js';
import { BenchBrowser, type Answer } from './client.js';

export type Offer = { id: string; slug: string };
export type CheckoutFigures = { checkouts: number; errors: number; meanMs: number; p50Ms: number; p99Ms: number; requestsPerCheckout: number; serverTimingMeanMs: number | null; wallSeconds: number; firstError?: string };

const sql = async <T>(url: string, f: (c: pg.Client) => Promise<T>): Promise<T> => {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.end();
  }
};

/** `n` fresh buyers with a default billing and delivery address, and two demo sellers' offers with generous stock. */
export async function prepareBuyers(url: string, n: number): Promise<{ emails: string[]; offers: [Offer, Offer] }> {
  const run = Date.now().toString(36);
  return sql(url, async (c) => {
    await c.query('begin');
    const r = await c.query<{ email: string }>(
      `with b as (select g, gen_random_uuid() as id, gen_random_uuid() as address_id from generate_series(1, $1::int) g),
       c as (insert into customers (id, email, password_hash, first_name, last_name, locale) select id, 'acheteur-' || $2 || '-' || g || '@bench.comptoir.be', (select password_hash from customers where email = 'client@demo.comptoir.be'), 'Acheteur', 'Bench ' || g, 'fr' from b returning id, email),
       a as (insert into addresses (id, customer_id, first_name, last_name, street, house_number, postal_code, city, country) select b.address_id, b.id, 'Acheteur', 'Bench ' || b.g, 'Rue Neuve', '12', '1000', 'Bruxelles', 'BE' from b join c on c.id = b.id returning 1)
       select email from c order by email`,
      [n, run],
    );
    await c.query(`update customers c set default_billing_address_id = a.id, default_delivery_address_id = a.id from addresses a where a.customer_id = c.id and c.email like $1`, [`acheteur-${run}-%`]);
    // The cheapest active offer of two demo shops (stock made generous: the bench buys them hundreds of times).
    const o = await c.query<Offer>(
      `select distinct on (s.slug) o.id, p.slug from offers o join sellers s on s.id = o.seller_id join variants v on v.id = o.variant_id join products p on p.id = v.product_id
       where s.slug in ('maison-lemaire', 'comptoir-grand-magasin') and o.active and p.slug not like '%-bench%' order by s.slug, o.price_cents, o.id`,
    );
    if (o.rows.length !== 2) throw new Error('bench checkout: no offers of the two demo shops');
    await c.query('update offers set stock = greatest(stock, 1000000) where id = any($1::uuid[])', [o.rows.map((x) => x.id)]);
    await c.query('commit');
    return { emails: r.rows.map((x) => x.email), offers: [o.rows[0]!, o.rows[1]!] };
  });
}

function hidden(html: string, name: string): string {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!m) throw new Error(`no hidden field ${name}`);
  return m[1]!;
}

/** Names of the 13 requests of a checkout, in order (bench/checkout-steps.ts prints one row each). */
export const CHECKOUT_STEPS = ['product 1', 'add 1', 'product 2', 'add 2', 'cart', 'addresses', 'delivery', 'summary', 'Payer', 'sandbox page', 'card', 'return', 'confirmation'] as const;
export type CheckoutStep = (typeof CHECKOUT_STEPS)[number];

/**
 * One full checkout by a logged-in browser; throws on any unexpected answer. Returns its server time.
 * `around`, when given, wraps each request (bench/checkout-steps.ts counts statements and commits per step).
 */
export async function oneCheckout(
  b: BenchBrowser,
  offers: readonly Offer[],
  around: (step: CheckoutStep, send: () => Promise<Answer>) => Promise<Answer> = (_, send) => send(),
): Promise<{ ms: number; requests: number; serverTimingMs: number | null }> {
  const ms0 = b.totalMs;
  const n0 = b.requests;
  let timing: number | null = null;
  const expect = async (step: CheckoutStep, send: () => Promise<Answer>, status: number) => {
    const r = await around(step, send);
    if (r.status !== status) throw new Error(`${step}: ${r.status} instead of ${status} ${r.location ?? ''}`);
    const dur = r.serverTiming ? /dur=([\d.]+)/.exec(r.serverTiming) : null;
    if (dur) timing = (timing ?? 0) + Number(dur[1]);
    return r;
  };
  for (const [i, o] of offers.entries()) {
    await expect(i === 0 ? 'product 1' : 'product 2', () => b.get(`/fr/p/${o.slug}`), 200);
    await expect(i === 0 ? 'add 1' : 'add 2', () => b.post('/fr/cart/add', { offerId: o.id, quantity: '1' }), 303);
  }
  await expect('cart', () => b.get('/fr/cart'), 200);
  await expect('addresses', () => b.get('/fr/checkout'), 200);
  await expect('delivery', () => b.get('/fr/checkout/delivery'), 200);
  const summary = await expect('summary', () => b.get('/fr/checkout/summary'), 200);
  const placed = await expect('Payer', () => b.post('/fr/checkout/place', { checkoutKey: hidden(summary.body, 'checkoutKey'), seen: hidden(summary.body, 'seen') }), 303);
  const payPage = new URL(placed.location!, 'http://x').pathname;
  if (!payPage.startsWith('/sandbox-pay/')) throw new Error(`Payer sent to ${placed.location}`);
  await expect('sandbox page', () => b.get(payPage), 200);
  const paid = await expect('card', () => b.post(payPage, { method: 'visa', card: '4242 4242 4242 4242' }), 303);
  const back = await expect('return', () => b.get(paid.location!), 303);
  const done = await expect('confirmation', () => b.get(back.location!), 200);
  if (!/C-\d{4}-\d{6}/.test(done.body)) throw new Error('confirmation without an order number');
  return { ms: b.totalMs - ms0, requests: b.requests - n0, serverTimingMs: timing };
}

function figures(times: { ms: number; requests: number; serverTimingMs: number | null }[], errors: number, wallSeconds: number, firstError?: string): CheckoutFigures {
  const ms = times.map((t) => t.ms).sort((a, b) => a - b);
  const at = (p: number) => (ms.length ? ms[Math.min(ms.length - 1, Math.ceil((p / 100) * ms.length) - 1)]! : 0);
  const st = times.map((t) => t.serverTimingMs).filter((x): x is number => x !== null);
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    checkouts: times.length,
    errors,
    meanMs: round(ms.reduce((s, x) => s + x, 0) / (ms.length || 1)),
    p50Ms: round(at(50)),
    p99Ms: round(at(99)),
    requestsPerCheckout: times[0]?.requests ?? 0,
    serverTimingMeanMs: st.length ? round(st.reduce((s, x) => s + x, 0) / st.length) : null,
    wallSeconds: round(wallSeconds),
    ...(firstError ? { firstError } : {}),
  };
}

/** Each buyer logs in from its own loopback address (127.0.0.x: the login form's limit is per IP), then checks out `rounds` times; all buyers at once. */
export async function runCheckouts(base: string, emails: string[], offers: readonly Offer[], rounds: number): Promise<CheckoutFigures> {
  const browsers = emails.map((_, i) => new BenchBrowser(base, { localAddress: `127.0.0.${10 + (i % 240)}` }));
  try {
    await Promise.all(browsers.map((b, i) => b.login('/fr/login', emails[i]!, DEMO_PASSWORD)));
    const times: { ms: number; requests: number; serverTimingMs: number | null }[] = [];
    let errors = 0;
    let firstError: string | undefined;
    const t0 = performance.now();
    await Promise.all(
      browsers.map(async (b) => {
        for (let i = 0; i < rounds; i++) {
          try {
            times.push(await oneCheckout(b, offers));
          } catch (err) {
            errors++;
            firstError ??= (err as Error).message;
          }
        }
      }),
    );
    return figures(times, errors, (performance.now() - t0) / 1000, firstError);
  } finally {
    for (const b of browsers) b.close();
  }
}
