import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadStep, startBaseline } from '../bench/load.js';

test('bench: a 1-second load step against the baseline server answers without errors', async () => {
  const b = await startBaseline(20_000);
  try {
    const r = await loadStep('smoke', b.url, { connections: 4, seconds: 1 });
    assert.ok(r.requests > 10, `only ${r.requests} requests`);
    assert.equal(r.errors, 0);
    assert.ok(r.p99Ms >= r.p50Ms);
  } finally {
    await b.close();
  }
});
