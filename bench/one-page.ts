// One page under load, for profiling a single step: `tsx bench/one-page.ts <path> [customer|seller|operator]`
// against DATABASE_URL (e.g. a kept bench database); BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=var/prof"
// writes the server's CPU profile at exit. Prints req/s, p50, p99 and the server's peak RSS.
import { DEMO_PASSWORD } from '../src/seed/demo-data.js';
import { BenchBrowser } from './client.js';
import { loadStep } from './load.js';
import { startComptoir } from './server.js';

const LOGIN = {
  customer: ['/fr/login', 'client@demo.comptoir.be'],
  seller: ['/vendeur/login', 'vendeur@demo.comptoir.be'],
  operator: ['/admin/login', 'service@demo.comptoir.be'],
} as const;

const [path = '/fr/account/orders', who] = process.argv.slice(2);
const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL: a bench database (npm run bench:data -- --scale medium --keep prints it)');
const server = await startComptoir(url);
try {
  let cookie: string | undefined;
  if (who) {
    const [login, email] = LOGIN[who as keyof typeof LOGIN];
    const b = new BenchBrowser(server.base);
    await b.login(login, email, DEMO_PASSWORD);
    cookie = b.cookieHeader();
    b.close();
  }
  const r = await loadStep(path, server.base + path, { cookie, seconds: Number(process.env.BENCH_SECONDS ?? 10), warmupSeconds: 2, serverPid: server.pid });
  console.log(`${path}: ${Math.round(r.reqPerSec)} req/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, errors ${r.errors}, non-2xx ${r.non2xx}, load ${r.loadavg}, CPU µs/req server ${r.serverUsPerReq} autocannon ${r.clientUsPerReq}, peak RSS ${server.peakRssMb()} MB`);
} finally {
  await server.stop();
}
