import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Database } from '../src/db/client.js';
import { checkoutOverHttp, HttpAgent, payOnSandbox, startChildApp, type ChildApp } from './helpers/child-app.js';
import { createTestDatabase } from './helpers/db.js';
import { makeCustomer, makeProduct, makeSeller } from './helpers/factories.js';
import { startSmtp } from './helpers/smtp.js';

/**
 * Issue 12: two Comptoir processes on one PostgreSQL, both with their worker (WORKER=on), as behind a
 * load balancer. Sessions live in PostgreSQL, jobs are taken with row locks (graphile-worker), stock
 * is reserved with a guarded UPDATE: none of it may depend on which process answers.
 */

const database: Database = await createTestDatabase();
const smtp = await startSmtp();
const seller = await makeSeller(database.db, { name: 'Maison rare' });
const STOCK = 3;
const rare = (await makeProduct(database.db, { sellerId: seller.id, title: 'Article rare', priceCents: 4000, stock: STOCK })).variants[0]!.offer.id;

// TRUST_PROXY: each simulated customer comes from its own address (x-forwarded-for), as through a
// load balancer, so that per-address limits are not what this test measures (except the last test).
const env = { SMTP_URL: smtp.url, TRUST_PROXY: 'true' };
const a: ChildApp = await startChildApp({ databaseUrl: database.url, env });
const b: ChildApp = await startChildApp({ databaseUrl: database.url, env });
const q = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await database.pool.query(sql, params)).rows as T[];

// A witness in this test's own database (not in the app): every cron job graphile-worker schedules
// carries `_cron.ts`, its tick; the trigger logs each one as it is inserted.
await database.pool.query(`
  create table test_cron_log (task text not null, ts text not null, at timestamptz not null default clock_timestamp());
  create function test_log_cron() returns trigger language plpgsql as $$
  begin
    if new.payload::jsonb ? '_cron' then
      insert into test_cron_log (task, ts) select t.identifier, new.payload::jsonb -> '_cron' ->> 'ts' from graphile_worker._private_tasks t where t.id = new.task_id;
    end if;
    return new;
  end $$;
  create trigger test_log_cron after insert on graphile_worker._private_jobs for each row execute function test_log_cron();
`);

let clients = 0;
function agentOn(app: ChildApp): HttpAgent {
  const agent = new HttpAgent(app.url);
  agent.headers['x-forwarded-for'] = `192.0.2.${++clients}`;
  return agent;
}

async function waitFor<T>(what: string, get: () => Promise<T | null | undefined | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('a session opened on A works on B (same cookie), and so does its CSRF token', async () => {
  const c = await makeCustomer(database.db);
  const agent = agentOn(a);
  await agent.login('/fr/login', c.email, c.password);
  const stranger = await agentOn(b).get('/fr/account/orders');
  assert.equal(stranger.status, 303, `without the session B sends to the login page (answered ${stranger.status})`);
  agent.base = b.url;
  const page = await agent.get('/fr/account/orders');
  assert.equal(page.status, 200, `B knows the session opened on A (answered ${page.status} ${page.location ?? ''})`);
  assert.ok(page.body.includes('action="/fr/logout"'), 'B shows the page of a logged-in customer');
  const added = await agent.post('/fr/cart/add', { offerId: rare, quantity: '1' });
  assert.equal(added.status, 303, 'a form of B accepted with the session and token from A');
  agent.base = a.url;
  const cart = await agent.get('/fr/cart');
  assert.ok(cart.body.includes('Article rare'), 'A sees what was added on B');
  // Empty the cart again: this customer is not one of the buyers below.
  await q(`delete from cart_items where cart_id in (select id from carts where customer_id = $1)`, [c.id]);
});

test(`${STOCK} units, 10 buyers split across A and B: exactly ${STOCK} orders paid, stock 0, never below; each email sent once`, async () => {
  const buyers = await Promise.all(
    Array.from({ length: 10 }, async (_, i) => {
      const c = await makeCustomer(database.db);
      const agent = agentOn(i % 2 ? b : a);
      await agent.login('/fr/login', c.email, c.password);
      await agent.get('/fr/cart');
      const r = await agent.post('/fr/cart/add', { offerId: rare, quantity: '1' });
      assert.equal(r.status, 303, `buyer ${i} adds the article while it is in stock`);
      return { c, agent };
    }),
  );
  // Everyone presses "Payer" at once: half on A, half on B.
  const placed = await Promise.all(buyers.map(({ agent }) => checkoutOverHttp(agent, []).then((x) => x.placed)));
  const toPay = placed.filter((p) => p.status === 303 && p.location?.includes('/sandbox-pay/'));
  assert.equal(toPay.length, STOCK, `exactly ${STOCK} buyers reach the payment page (answers: ${placed.map((p) => `${p.status} ${p.location ?? ''}`).join(', ')})`);
  const [reserved] = await q<{ stock: number }>(`select stock from offers where id = $1`, [rare]);
  assert.equal(reserved!.stock, 0, 'stock 0 once the units are reserved');

  await Promise.all(
    placed.map(async (p, i) => {
      if (!toPay.includes(p)) return;
      const agent = buyers[i]!.agent;
      await agent.get(await payOnSandbox(agent, p.location!));
    }),
  );
  const paid = await waitFor('3 orders paid', async () => {
    const rows = await q<{ id: string }>(`select id from orders where paid_at is not null`);
    return rows.length === STOCK ? rows : null;
  });
  const [after] = await q<{ stock: number; lines: number; all: number }>(
    `select (select stock from offers where id = $1) as stock,
            (select coalesce(sum(quantity), 0)::int from order_lines where offer_id = $1 and state <> 'cancelled') as lines,
            (select count(*)::int from orders) as all`,
    [rare],
  );
  assert.equal(after!.stock, 0, 'stock is 0, never below');
  assert.equal(after!.lines, STOCK, `${STOCK} units sold`);
  assert.equal(after!.all, STOCK, 'no order for the buyers who were refused');

  // Both workers poll the same queue: every email of the paid orders arrives exactly once.
  const emails = await waitFor('every email sent', async () => {
    const rows = await q<{ id: string; status: string }>(`select id, status from emails where order_id = any($1)`, [paid.map((o) => o.id)]);
    return rows.length === STOCK * 2 && rows.every((e) => e.status === 'sent') ? rows : null;
  });
  await new Promise((r) => setTimeout(r, 2500)); // a second delivery, if any, would arrive in this time
  for (const e of emails) {
    const n = smtp.mails.filter((m) => m.raw.messageId === `<${e.id}@comptoir.local>`).length;
    assert.equal(n, 1, `email ${e.id} arrived ${n} times at the SMTP server`);
  }
  const [notified] = await q<{ applied: number }>(`select count(*)::int as applied from payment_events where outcome = 'applied'`);
  assert.equal(notified!.applied, STOCK, 'each payment applied once, by whichever process got there first');
  const [balance] = await q<{ total: number }>(`select coalesce(sum(amount_cents), 0)::int as total from ledger_entries`);
  assert.equal(balance!.total, 0, 'the trial balance is zero');
});

test('the per-address login limit (20 a minute) counts the attempts made on both instances', async () => {
  // Both instances, one client address, 30 attempts for 30 different unknown accounts (the limit
  // per account would stop one account after 5): with counters per process each instance would
  // allow 20 (40 in all); with the counters in PostgreSQL the 21st attempt is refused anywhere.
  const statuses: number[] = [];
  const one = agentOn(a);
  const two = new HttpAgent(b.url);
  two.headers['x-forwarded-for'] = one.headers['x-forwarded-for']!;
  for (let i = 0; i < 30; i++) {
    const agent = i % 2 ? two : one;
    await agent.get('/fr/login');
    const r = await agent.post('/fr/login', { email: `nobody-${i}@example.test`, password: 'wrong-password-1' });
    statuses.push(r.status);
  }
  const firstRefusal = statuses.indexOf(429);
  assert.equal(firstRefusal, 20, `the 21st attempt is refused, whichever instance gets it (statuses: ${statuses.join(' ')})`);
  assert.ok(statuses.slice(20).every((s) => s === 429), 'every later attempt is refused too');
});

test('a cron tick passed with both workers up is scheduled once, and its job runs once', async () => {
  // '* * * * * webhook_retries' ticks every minute: wait for a tick both instances lived through.
  const started = Date.now();
  const tick = await waitFor('a minute tick seen by both instances', async () => {
    const rows = await q<{ ts: string }>(`select ts from test_cron_log where task = 'webhook_retries' and ts::timestamptz > $1::timestamptz`, [new Date(started).toISOString()]);
    return rows[0]?.ts ?? null;
  }, 70_000);
  await new Promise((r) => setTimeout(r, 3000)); // the slower instance's scheduler has had its turn
  const scheduled = await q<{ task: string; ts: string; n: number }>(`select task, ts, count(*)::int as n from test_cron_log group by task, ts having count(*) > 1`);
  assert.deepEqual(scheduled, [], 'no cron tick was scheduled twice (graphile-worker\'s known_crontabs: one instance wins each tick)');
  const [left] = await q<{ n: number }>(
    `select count(*)::int as n from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'webhook_retries' and j.payload::jsonb -> '_cron' ->> 'ts' = $1`,
    [tick],
  );
  assert.equal(left!.n, 0, 'the tick\'s job ran (and, one row taken under a row lock, by one worker)');
  assert.ok(a.proc.exitCode === null && b.proc.exitCode === null, 'both instances were up for the tick');
});
