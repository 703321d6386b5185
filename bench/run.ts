// `npm run bench` (issue 11): for each scale (BENCH_SCALE, default medium, or --scales small,medium,large)
// the data set (generated once, bench/generate.ts), Comptoir in a child process, the page steps and the
// checkout driver; results in bench/results/<scale>-<date>.json and .md, and with several scales a growth
// table and an SVG plot (bench/results/growth-<date>.*, docs/performance-growth.svg).
// BENCH_SECONDS (10) per step, BENCH_WARMUP (3), BENCH_CHECKOUTS (50 sequential), BENCH_BUYERS (20 at once).
// `--growth a.json,b.json`: only the growth table and plot, from results of runs made apart (e.g. each
// scale in its own BENCH_DATA_DIR, so that the large data set need not sit beside the others).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { prepareBuyers, runCheckouts } from './checkout.js';
import { openBenchDb } from './db.js';
import { ensureScale } from './generate.js';
import { loadAverage } from './load.js';
import { benchPages } from './pages.js';
import { growthMarkdown, growthSvg, machine, scaleMarkdown, type ScaleResult } from './report.js';
import { startComptoir } from './server.js';

const num = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const i = process.argv.indexOf('--scales');
const scales = (i >= 0 ? process.argv[i + 1]! : (process.env.BENCH_SCALE ?? 'medium')).split(',').map((s) => s.trim());
const seconds = num('BENCH_SECONDS', 10);
const warmupSeconds = num('BENCH_WARMUP', 3);
const connections = 20;
const stamp = new Date().toISOString().replace(/:/g, '-').slice(0, 16);

mkdirSync('bench/results', { recursive: true });

function writeGrowth(results: ScaleResult[]): void {
  const md = growthMarkdown(results);
  writeFileSync(`bench/results/growth-${stamp}.md`, md);
  writeFileSync(`bench/results/growth-${stamp}.json`, JSON.stringify(results, null, 2));
  writeFileSync(`bench/results/growth-${stamp}.svg`, growthSvg(results));
  writeFileSync('docs/performance-growth.svg', growthSvg(results));
  console.log(`\nGrowth:\n${md}`);
}

const g = process.argv.indexOf('--growth');
if (g >= 0) {
  writeGrowth(process.argv[g + 1]!.split(',').map((f) => JSON.parse(readFileSync(f.trim(), 'utf8')) as ScaleResult));
  process.exit(0);
}

const db = await openBenchDb();
const results: ScaleResult[] = [];
try {
  for (const scale of scales) {
    const data = await ensureScale(db, scale);
    console.log(`\n== ${scale} (${data.generated ? `generated in ${data.seconds} s` : 'reused'}): ${JSON.stringify(data.counts)}`);
    const warnings: string[] = [];
    const server = await startComptoir(data.url);
    try {
      const pages = await benchPages(server, data.url, { seconds, warmupSeconds, connections });
      for (const s of pages.steps) if (s.loadavg >= 2) warnings.push(`WARNING: load average ${s.loadavg} before "${s.name}": the machine was busy, the figures are polluted.`);

      const n = num('BENCH_CHECKOUTS', 50);
      const buyers = num('BENCH_BUYERS', 20);
      const prepared = await prepareBuyers(data.url, 1 + buyers);
      const before = loadAverage();
      const sequential = await runCheckouts(server.base, prepared.emails.slice(0, 1), prepared.offers, n);
      const concurrent = { ...(await runCheckouts(server.base, prepared.emails.slice(1), prepared.offers, 3)), buyers };
      if (before >= 2) warnings.push(`WARNING: load average ${before} before the checkouts.`);
      for (const [name, f] of [['sequential', sequential], ['concurrent', concurrent]] as const) {
        console.log(`  checkout ${name.padEnd(10)} ${f.checkouts} done, ${f.errors} errors, mean ${f.meanMs} ms, p99 ${f.p99Ms} ms (${f.requestsPerCheckout} requests each)${f.firstError ? ` — first error: ${f.firstError}` : ''}`);
      }
      const r: ScaleResult = {
        scale,
        date: new Date().toISOString(),
        machine: machine(),
        data: { generated: data.generated, seconds: data.seconds, counts: data.counts },
        seconds,
        connections,
        steps: pages.steps,
        checkout: { sequential, concurrent },
        peakRssMb: server.peakRssMb(),
        warnings,
      };
      results.push(r);
      const md = scaleMarkdown(r);
      writeFileSync(`bench/results/${scale}-${stamp}.json`, JSON.stringify(r, null, 2));
      writeFileSync(`bench/results/${scale}-${stamp}.md`, md);
      console.log(`\n${md}`);
      if (/error|Error/.test(server.log())) console.log(`Server log (warnings and errors):\n${server.log().slice(-3000)}`);
    } finally {
      await server.stop();
    }
  }
  if (results.length > 1) writeGrowth(results);
} finally {
  await db.stop();
}
