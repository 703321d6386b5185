// Comptoir as the bench measures it: what `npm start` and the Dockerfile run — `npm run build` (esbuild,
// src → dist) then `node --max-semi-space-size=8 dist/main.js` — in a child process (the pid is the
// real node process, so /proc/<pid>/status is the server's), production mode, no worker, no seed,
// logs at warn so that logging stays off the hot path.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { freePort } from '../src/db/embedded.js';

/** `log()`: what the server printed last (warnings and errors only: LOG_LEVEL=warn). */
export type Server = { base: string; pid: number; peakRssMb: () => number; rssMb: () => number; log: () => string; stop: () => Promise<void> };

function statusKb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

async function ready(base: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Comptoir exited (${child.exitCode}):\n${output()}`);
    const ok = await fetch(`${base}/fr/`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Comptoir did not answer within 60 s:\n${output()}`);
}

export async function startComptoir(databaseUrl: string): Promise<Server> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // BENCH_NODE_ARGS: extra node flags for the server, e.g. "--cpu-prof --cpu-prof-dir=var/prof" (written at exit).
  const extra = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
  const child = spawn(process.execPath, [...extra, '--max-semi-space-size=8', 'dist/main.js'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: base,
      SESSION_SECRET: 'bench-session-secret-0123456789abcdef0123456789',
      PAYMENT_SANDBOX_SECRET: 'bench-payment-secret-0123456789',
      WORKER: 'off',
      SEED: 'none',
      LOG_LEVEL: 'warn',
      SMTP_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (b: Buffer) => {
    log = (log + b.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  try {
    await ready(base, child, () => log);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  const pid = child.pid!;
  return {
    base,
    pid,
    peakRssMb: () => Math.round(statusKb(pid, 'VmHWM') / 1024),
    rssMb: () => Math.round(statusKb(pid, 'VmRSS') / 1024),
    log: () => log,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      // A CPU profile is written at exit, after the graceful stop: give it time.
      const timer = setTimeout(() => child.kill('SIGKILL'), extra.some((a) => a.startsWith('--cpu-prof')) ? 60_000 : 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
