// `npx tsx bench/checkout-steps.ts` (issue 11): where a checkout's server time goes, step by step. It
// starts the compiled server as the bench does (bench/server.ts) on its own data set
// (BENCH_DATA_DIR=var/bench-checkout, BENCH_SCALE=small by default) and prints, for each of the 13
// requests of bench/checkout.ts's oneCheckout: the mean response time over CHECKOUT_STEPS_RUNS (30)
// sequential checkouts, the CPU time the server and PostgreSQL spent on it, the SQL statements the
// server sent for it (every pg client: app pool, sandbox pool, page cache) and the commits that wrote
// (each one a WAL flush with fsync on).
//
// Two passes, each on a fresh server: timing (nothing added to the server), then counting (the server
// loads bench/checkout-steps-preload.mjs, which logs each statement to a file; one checkout). Commits
// that wrote = transaction ids assigned during the step (pg_snapshot_xmax of the current snapshot,
// read on a connection of our own: a read-only transaction takes no id, every writing one takes one).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { DEMO_PASSWORD } from '../src/seed/demo-data.js';
import { CHECKOUT_STEPS, oneCheckout, prepareBuyers, type CheckoutStep } from './checkout.js';
import { BenchBrowser } from './client.js';
import { openBenchDb } from './db.js';
import { ensureScale } from './generate.js';
import { procStat } from './load.js';
import { startComptoir } from './server.js';

process.env.BENCH_DATA_DIR ??= 'var/bench-checkout';

/** CPU time (user + system, ms) of the server and of the PostgreSQL cluster: the postmaster, its live children, and what its ended children used. */
function cpuOf(serverPid: number, postmaster: number): { node: number; pg: number } {
  const tick = 10; // ms: /proc counts in ticks of 10 ms
  const master = procStat(postmaster);
  let pg = (master?.own ?? 0) + (master?.children ?? 0);
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const st = procStat(Number(d));
    if (st?.ppid === postmaster) pg += st.own;
  }
  return { node: (procStat(serverPid)?.own ?? 0) * tick, pg: pg * tick };
}
const runs = Number(process.env.CHECKOUT_STEPS_RUNS ?? 30);
const scale = process.env.BENCH_SCALE ?? 'small';
const showSql = !!process.env.SHOW_STATEMENTS;

const db = await openBenchDb();
try {
  const data = await ensureScale(db, scale);
  const prepared = await prepareBuyers(data.url, 2);
  const browser = async (base: string, email: string) => {
    const b = new BenchBrowser(base);
    await b.login('/fr/login', email, DEMO_PASSWORD);
    return b;
  };

  // Pass 1: time per step, and the CPU time the server and PostgreSQL spent on it (far less
  // sensitive than response times to what else the machine runs; /proc counts in 10 ms ticks, so
  // per step it is a mean over the runs).
  const times = new Map<CheckoutStep, number[]>(CHECKOUT_STEPS.map((s) => [s, []]));
  const cpu = new Map<CheckoutStep, number[]>(CHECKOUT_STEPS.map((s) => [s, []]));
  const totals: number[] = [];
  const cpuTotals: { node: number; pg: number }[] = [];
  {
    const server = await startComptoir(data.url);
    const postmaster = Number(readFileSync(path.join(process.env.BENCH_DATA_DIR!, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    const cpuMs = () => {
      const c = cpuOf(server.pid, postmaster);
      return c.node + c.pg;
    };
    try {
      const b = await browser(server.base, prepared.emails[0]!);
      await oneCheckout(b, prepared.offers); // warm-up, not counted
      for (let i = 0; i < runs; i++) {
        const c0 = cpuOf(server.pid, postmaster);
        const r = await oneCheckout(b, prepared.offers, async (step, send) => {
          const t0 = cpuMs();
          const a = await send();
          cpu.get(step)!.push(cpuMs() - t0);
          times.get(step)!.push(a.ms);
          return a;
        });
        const c1 = cpuOf(server.pid, postmaster);
        cpuTotals.push({ node: c1.node - c0.node, pg: c1.pg - c0.pg });
        totals.push(r.ms);
      }
      b.close();
    } finally {
      await server.stop();
    }
  }

  // Pass 2: statements and writing commits per step.
  const dir = mkdtempSync(path.join(tmpdir(), 'checkout-steps-'));
  const log = path.join(dir, 'sql.log');
  const counts = new Map<CheckoutStep, { statements: string[]; commits: number }>();
  {
    const before = { args: process.env.BENCH_NODE_ARGS, log: process.env.CHECKOUT_STEPS_SQL_LOG };
    process.env.BENCH_NODE_ARGS = `${before.args ?? ''} --import=${path.resolve('bench/checkout-steps-preload.mjs')}`.trim();
    process.env.CHECKOUT_STEPS_SQL_LOG = log;
    const server = await startComptoir(data.url);
    process.env.BENCH_NODE_ARGS = before.args;
    process.env.CHECKOUT_STEPS_SQL_LOG = before.log;
    const xids = new pg.Client({ connectionString: data.url });
    await xids.connect();
    const nextXid = async () => BigInt((await xids.query<{ x: string }>('select pg_snapshot_xmax(pg_current_snapshot())::text as x')).rows[0]!.x);
    const lines = () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []);
    try {
      const b = await browser(server.base, prepared.emails[1]!);
      await oneCheckout(b, prepared.offers); // warm-up: caches, prepared pools
      await oneCheckout(b, prepared.offers, async (step, send) => {
        const seen = lines().length;
        const x0 = await nextXid();
        const a = await send();
        // The sandbox's notification job and the page cache are asynchronous: give them a moment.
        await new Promise((r) => setTimeout(r, 30));
        counts.set(step, { statements: lines().slice(seen), commits: Number((await nextXid()) - x0) });
        return a;
      });
      b.close();
    } finally {
      await xids.end();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / (a.length || 1);
  const sum = { ms: 0, cpu: 0, statements: 0, commits: 0 };
  console.log(`\n${scale}, ${runs} sequential checkouts (after one warm-up), ${new Date().toISOString()}, load ${(await import('node:os')).loadavg()[0]!.toFixed(2)}\n`);
  console.log('| step | mean ms | CPU ms (server + PostgreSQL) | statements | commits that wrote |\n|---|---|---|---|---|');
  for (const s of CHECKOUT_STEPS) {
    const ms = mean(times.get(s)!);
    const c = counts.get(s)!;
    const cp = mean(cpu.get(s)!);
    sum.ms += ms;
    sum.cpu += cp;
    sum.statements += c.statements.length;
    sum.commits += c.commits;
    console.log(`| ${s} | ${ms.toFixed(2)} | ${cp.toFixed(1)} | ${c.statements.length} | ${c.commits} |`);
  }
  const node = mean(cpuTotals.map((c) => c.node));
  const pgMs = mean(cpuTotals.map((c) => c.pg));
  console.log(`| **checkout** | **${sum.ms.toFixed(1)}** | **${(node + pgMs).toFixed(1)}** (server ${node.toFixed(1)}, PostgreSQL ${pgMs.toFixed(1)}) | **${sum.statements}** | **${sum.commits}** |`);
  if (showSql) for (const s of CHECKOUT_STEPS) console.log(`\n--- ${s}\n${counts.get(s)!.statements.map((x, i) => `${i + 1}. ${x.slice(0, 160)}`).join('\n')}`);
} finally {
  await db.stop();
}
