import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testEnv } from './helpers/app.js';

/**
 * `Server-Timing: app;dur=…` is for the bench and the browser's dev tools only: in production exact
 * durations would help an attacker time the logins (known vs unknown email).
 */
const dev = await testEnv();
const prod = await testEnv({ config: { env: 'production' } });

test('outside production every answer says its server time', async () => {
  const res = await dev.app.inject({ method: 'GET', url: '/fr/help' });
  assert.match(String(res.headers['server-timing']), /^app;dur=\d+(\.\d)?$/, 'the header is there');
});

test('in production no answer carries it, not even a login', async () => {
  for (const req of [{ method: 'GET' as const, url: '/fr/help' }, { method: 'GET' as const, url: '/fr/login' }, { method: 'POST' as const, url: '/fr/login', payload: 'email=a%40b.be&password=x' }]) {
    const res = await prod.app.inject({ ...req, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(res.headers['server-timing'], undefined, `${req.method} ${req.url}: no server time`);
  }
});
