// `npm run bench`: for now only the baseline step of issue 11 (see docs/performance.md).
import os from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadStep, startBaseline } from './load.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
const baseline = await startBaseline(20_000);
try {
  await loadStep('warm-up', baseline.url, { seconds: 2 });
  const r = await loadStep('baseline node:http 20 KB', baseline.url, { seconds });
  const results = { date: new Date().toISOString(), cpus: os.cpus().length, loadavg: load, steps: [r] };
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/latest.json', JSON.stringify(results, null, 2));
  const md = `load average ${load}\n\n| step | req/s | p50 ms | p99 ms | errors |\n|---|---|---|---|---|\n| ${r.name} | ${r.reqPerSec} | ${r.p50Ms} | ${r.p99Ms} | ${r.errors} |\n`;
  writeFileSync('bench/results/latest.md', md);
  console.log(md);
} finally {
  await baseline.close();
}
