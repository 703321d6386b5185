// The page load steps of issue 11 against a running Comptoir (bench/server.ts): a bare node:http
// baseline serving a page of the category page's size, then eight pages at 20 connections each (catalogue pages anonymous and logged in), logged in
// through the real login forms where the page needs it.
import pg from 'pg';
import { DEMO_PASSWORD } from '../src/seed/demo-data.js';
import { BenchBrowser } from './client.js';
import { loadStep, startBaseline, type StepResult } from './load.js';
import type { Server } from './server.js';

export type PagesResult = { baselineBytes: number; steps: StepResult[] };
export type PageOptions = { seconds: number; warmupSeconds: number; connections: number; log?: (line: string) => void };

/** The same pages at every scale (so that growth compares like with like): demo accounts and a demo product. */
async function productSlug(databaseUrl: string): Promise<string> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const r = await c.query<{ slug: string }>(`select p.slug from products p join categories c on c.id = p.category_id where c.slug = 'femme' and p.slug not like '%-bench%' order by p.slug limit 1`);
    if (!r.rows[0]) throw new Error('no demo product in "femme"');
    return r.rows[0].slug;
  } finally {
    await c.end();
  }
}

async function loggedIn(base: string, loginPath: string, email: string): Promise<string> {
  const b = new BenchBrowser(base);
  try {
    await b.login(loginPath, email, DEMO_PASSWORD);
    return b.cookieHeader();
  } finally {
    b.close();
  }
}

/** One GET with the step's cookie: the page must answer 200 with its own content, not a login page. */
async function check(base: string, path: string, cookie: string | undefined, mustContain: RegExp): Promise<Buffer> {
  const r = await fetch(base + path, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
  const body = await r.text();
  if (r.status !== 200 || !mustContain.test(body)) {
    const text = body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 600);
    throw new Error(`${path} answered ${r.status} without ${mustContain} — the step would measure something else:\n${text}`);
  }
  return Buffer.from(body);
}

export async function benchPages(server: Server, databaseUrl: string, o: PageOptions): Promise<PagesResult> {
  const log = o.log ?? console.log;
  const [slug, customer, seller, operator] = await Promise.all([
    productSlug(databaseUrl),
    loggedIn(server.base, '/fr/login', 'client@demo.comptoir.be'),
    loggedIn(server.base, '/vendeur/login', 'vendeur@demo.comptoir.be'),
    loggedIn(server.base, '/admin/login', 'service@demo.comptoir.be'),
  ]);
  const pages: { name: string; path: string; cookie?: string; mark: RegExp }[] = [
    { name: 'category (24 products)', path: '/fr/c/femme', mark: /href="\/fr\/p\// },
    { name: 'product', path: `/fr/p/${slug}`, mark: /name="offerId"/ },
    { name: 'search "coton"', path: '/fr/search?q=coton', mark: /href="\/fr\/p\// },
    // A logged-in shopper (or one with a cart) never gets the shared page cache: these two are rendered
    // for every request (listing from product_cards, filter choices kept across sales: decision 0033).
    { name: 'category, logged in', path: '/fr/c/femme', cookie: customer, mark: /href="\/fr\/p\// },
    { name: 'search "coton", logged in', path: '/fr/search?q=coton', cookie: customer, mark: /href="\/fr\/p\// },
    { name: 'Mes commandes', path: '/fr/account/orders', cookie: customer, mark: /C-\d{4}-\d{6}/ },
    { name: 'seller orders', path: '/vendeur/orders', cookie: seller, mark: /C-\d{4}-\d{6}-\d/ },
    { name: 'operator search "dubois"', path: '/admin/customers?q=dubois', cookie: operator, mark: /href="\/admin\/customers\/[0-9a-f-]{36}"/ },
  ];
  const sizes = new Map<string, number>();
  let categoryPage: Buffer | undefined;
  for (const p of pages) {
    const body = await check(server.base, p.path, p.cookie, p.mark);
    sizes.set(p.name, body.length);
    categoryPage ??= body;
  }
  const baselineBytes = categoryPage!.length;

  const opts = { seconds: o.seconds, warmupSeconds: o.warmupSeconds, connections: o.connections };
  const steps: StepResult[] = [];
  const note = (r: StepResult) => {
    steps.push(r);
    const warn = r.loadavg >= 2 ? `  WARNING: load average ${r.loadavg} ≥ 2 before this step, the figure means little` : '';
    log(`  ${r.name.padEnd(28)} ${String(r.reqPerSec).padStart(7)} req/s  p50 ${String(r.p50Ms).padStart(4)} ms  p99 ${String(r.p99Ms).padStart(4)} ms  errors ${r.errors + r.non2xx}  CPU µs/req server ${r.serverUsPerReq ?? '—'} client ${r.clientUsPerReq}${r.ratio !== undefined ? `  ×${r.ratio} baseline (same bytes), ×${r.ratioX} ('x')` : ''}${warn}`);
  };
  // Two baselines (decision 0035): the page of 'x' the suite has always used, and the category page's
  // own bytes served by the same bare server. autocannon decodes every body into a string (`body +=
  // chunk`), which costs it far more for a French page (accents, « », €) than for ASCII: on 2 cores its
  // CPU is taken from the server under test, so only the second compares the servers on equal terms.
  for (const [name, body] of [
    [`baseline node:http ${Math.round(baselineBytes / 1024)} KB of 'x'`, Buffer.alloc(baselineBytes, 'x')],
    [`baseline node:http, the category page's bytes`, categoryPage!],
  ] as const) {
    const baseline = await startBaseline(body);
    try {
      note({ ...(await loadStep(name, baseline.url, { ...opts, serverPid: process.pid })), bytes: baselineBytes });
    } finally {
      await baseline.close();
    }
  }
  const [xs, same] = [steps[0]!.reqPerSec, steps[1]!.reqPerSec];
  for (const p of pages) {
    const r = await loadStep(p.name, server.base + p.path, { ...opts, cookie: p.cookie, serverPid: server.pid });
    note({ ...r, bytes: sizes.get(p.name), ratio: same ? +(r.reqPerSec / same).toPrecision(2) : 0, ratioX: xs ? +(r.reqPerSec / xs).toPrecision(2) : 0, peakRssMb: server.peakRssMb() });
  }
  return { baselineBytes, steps };
}
