import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { after } from 'node:test';

/**
 * Comptoir as a real child process (`src/main.ts` through tsx), for fault tests that kill it, restart
 * it or run two of it on one database. Unlike testEnv(), nothing is shared with the test process: the
 * app has its own pool, its own worker and its own memory, as in production.
 *
 * `startChildApp` resolves once the server answers /readyz; a child that dies before that rejects with
 * its output. `exited` resolves with the exit code or signal (a fault point gives `signal: 'SIGKILL'`).
 * Every child still running when the test file ends is killed.
 */
export type ChildApp = {
  url: string;
  proc: ChildProcess;
  /** stdout and stderr so far (for failure messages). */
  output: () => string;
  /** SIGTERM (graceful: the worker releases its jobs), then waits for the exit. */
  stop: () => Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL now (a crash: nothing is released), then waits for the exit. */
  kill: () => Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

const root = path.resolve(import.meta.dirname, '..', '..');
const running = new Set<ChildProcess>();
let cleanupRegistered = false;

/** A port nobody listens on right now (the child binds it a moment later). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export async function startChildApp(opts: { databaseUrl: string; env?: Record<string, string | undefined>; readyTimeoutMs?: number }): Promise<ChildApp> {
  if (!cleanupRegistered) {
    cleanupRegistered = true;
    after(() => {
      for (const p of running) p.kill('SIGKILL');
    });
  }
  const port = opts.env?.PORT && opts.env.PORT !== '0' ? Number(opts.env.PORT) : await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  // The test runner's own settings must not leak into the app (a fault point named in the runner's
  // environment would kill every child).
  delete env.COMPTOIR_FAULT;
  delete env.NODE_OPTIONS;
  Object.assign(env, {
    NODE_ENV: 'test',
    DATABASE_URL: opts.databaseUrl,
    SEED: 'none',
    WORKER: 'on',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    PUBLIC_URL: url,
    SMTP_URL: '',
  });
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  env.PORT = String(port);

  // `node --import tsx`, not tsx's CLI: the CLI runs the app in a second process and relays signals,
  // so a SIGKILL to it would orphan the app and a fault's SIGKILL would reach us as an exit code.
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(proc);
  let out = '';
  proc.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  proc.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    proc.on('exit', (code, signal) => {
      running.delete(proc);
      resolve({ code, signal });
    });
  });

  const deadline = Date.now() + (opts.readyTimeoutMs ?? 30_000);
  let dead = false;
  void exited.then(() => (dead = true));
  for (;;) {
    if (dead) throw new Error(`Comptoir exited before it was ready:\n${out.slice(-3000)}`);
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`Comptoir not ready within ${opts.readyTimeoutMs ?? 30_000} ms:\n${out.slice(-3000)}`);
    }
    if (/Comptoir is ready/.test(out)) {
      const ok = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
      if (ok) break;
    }
    await new Promise((r) => setTimeout(r, 50));
  }

  const end = async (signal: NodeJS.Signals) => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    return exited;
  };
  return { url, proc, output: () => out, stop: () => end('SIGTERM'), kill: () => end('SIGKILL'), exited };
}
