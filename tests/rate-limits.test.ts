import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildApp } from '../src/http/app.js';
import { postgresRateLimitStore, purgeRateLimits } from '../src/modules/ratelimits/store.js';
import { Agent } from './helpers/agent.js';
import { testEnv } from './helpers/app.js';

/**
 * Per-IP limits (logins, sign-ups, resets, uploads) are counted in PostgreSQL: two app instances on one
 * database share one count, so a limit of 20 a minute stays 20 behind a load balancer.
 */
const env = await testEnv();
const second = await buildApp(env.deps, { logger: false });
test.after(() => second.close());

let tries = 0;
/** A failed login with a new email each time (the per-account limit of 5 must not be what stops it). */
async function wrongLogin(app: typeof second, ip: string): Promise<number> {
  const agent = new Agent(app, { ip });
  await agent.get('/fr/login');
  const res = await agent.post('/fr/login', { email: `nobody-${++tries}@example.be`, password: 'wrong-password-1' });
  return res.statusCode;
}

test('twenty failed logins from one IP spread over two instances: the 21st is refused on either', async () => {
  const ip = '198.51.100.7';
  const statuses: number[] = [];
  for (let n = 0; n < 20; n++) statuses.push(await wrongLogin(n % 2 ? second : env.app, ip));
  assert.ok(!statuses.includes(429), `the first 20 are answered (${statuses.join(',')})`);
  assert.equal(await wrongLogin(env.app, ip), 429, 'the 21st on instance A is refused');
  assert.equal(await wrongLogin(second, ip), 429, 'and on instance B');
  assert.notEqual(await wrongLogin(second, '198.51.100.8'), 429, 'another IP is not affected');
});

test('fifty requests at once count to fifty: no lost increment', async () => {
  const Store = postgresRateLimitStore(env.deps.database.pool);
  const store = new Store().child({ routeInfo: { method: 'POST', url: '/test' } });
  const counts = await Promise.all(
    Array.from({ length: 50 }, () => new Promise<number>((resolve, reject) => store.incr('203.0.113.1', (err, res) => (err ? reject(err) : resolve(res!.current)), 60_000))),
  );
  assert.deepEqual(
    counts.sort((a, b) => a - b),
    Array.from({ length: 50 }, (_, i) => i + 1),
    'each request got its own count',
  );
});

test('a window that has passed starts again at one, and the purge drops it', async () => {
  const Store = postgresRateLimitStore(env.deps.database.pool);
  const store = new Store().child({ routeInfo: { method: 'POST', url: '/short' } });
  const incr = () => new Promise<{ current: number; ttl: number }>((resolve, reject) => store.incr('203.0.113.2', (err, res) => (err ? reject(err) : resolve(res!)), 150));
  assert.equal((await incr()).current, 1, 'first');
  const second = await incr();
  assert.equal(second.current, 2, 'second in the window');
  assert.ok(second.ttl > 0 && second.ttl <= 150, `ttl within the window (${second.ttl})`);
  await new Promise((r) => setTimeout(r, 200));
  assert.ok((await purgeRateLimits(env.deps.database.pool)) >= 1, 'the passed window is purged');
  assert.equal((await incr()).current, 1, 'a new window');
});
