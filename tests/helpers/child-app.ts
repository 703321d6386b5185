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

export type HttpAnswer = { status: number; location: string | null; body: string };

/**
 * A browser for a child app over real HTTP: a cookie jar (sessions live in PostgreSQL, so the same
 * jar works after a restart and on another instance), the CSRF token of the last page's form sent
 * with every POST, redirects not followed. Paths are resolved against `base`, which a test may change
 * (a restarted app listens on another port); absolute URLs keep only their path.
 */
export class HttpAgent {
  cookies = new Map<string, string>();
  csrf: string | null = null;
  /** Sent with every request (e.g. `x-forwarded-for` to be another client behind TRUST_PROXY=true). */
  headers: Record<string, string> = {};
  constructor(public base: string) {}

  private async send(method: 'GET' | 'POST', target: string, form?: Record<string, string | string[]>): Promise<HttpAnswer> {
    const u = new URL(target, this.base);
    const url = `${this.base}${u.pathname}${u.search}`;
    const headers: Record<string, string> = { ...this.headers, cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
    let body: string | undefined;
    if (form) {
      const params = new URLSearchParams();
      if (this.csrf && !('_csrf' in form)) params.set('_csrf', this.csrf);
      for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
      body = params.toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const res = await fetch(url, { method, headers, body, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i).trim();
      const value = pair!.slice(i + 1).trim();
      if (value === '' || attrs.some((a) => /max-age=0\b/i.test(a.trim()))) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    const m = /name="_csrf" value="([^"]+)"/.exec(text);
    if (m) this.csrf = m[1]!;
    return { status: res.status, location: res.headers.get('location'), body: text };
  }

  get(path: string): Promise<HttpAnswer> {
    return this.send('GET', path);
  }

  post(path: string, form: Record<string, string | string[]> = {}): Promise<HttpAnswer> {
    return this.send('POST', path, form);
  }

  /** Opens a face's login page and logs in (shop: /fr/login, seller: /vendeur/login). */
  async login(loginPath: string, email: string, password: string): Promise<void> {
    await this.get(loginPath);
    const r = await this.post(loginPath, { email, password });
    if (r.status !== 303) throw new Error(`login on ${loginPath} answered ${r.status}`);
  }
}

/** The value of a hidden field of a page's form. */
export function hiddenField(html: string, name: string): string {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!m) throw new Error(`no hidden field ${name}`);
  return m[1]!.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

/**
 * A customer's checkout over HTTP, as far as "Payer": fills the cart, opens the summary and posts
 * its form. Returns the summary's form (to post it again) and the answer (303 to the provider's page).
 */
export async function checkoutOverHttp(agent: HttpAgent, offerIds: string[]): Promise<{ form: { checkoutKey: string; seen: string }; placed: HttpAnswer }> {
  for (const offerId of offerIds) {
    await agent.get('/fr/cart');
    const r = await agent.post('/fr/cart/add', { offerId, quantity: '1' });
    if (r.status !== 303) throw new Error(`cart/add answered ${r.status}`);
  }
  const summary = await agent.get('/fr/checkout/summary');
  if (summary.status !== 200) throw new Error(`summary answered ${summary.status} ${summary.location ?? ''}`);
  const form = { checkoutKey: hiddenField(summary.body, 'checkoutKey'), seen: hiddenField(summary.body, 'seen') };
  return { form, placed: await agent.post('/fr/checkout/place', form) };
}

/** Pays on the sandbox's hosted page with a card that is paid; returns the shop's return URL (path). */
export async function payOnSandbox(agent: HttpAgent, redirectUrl: string, card = '4242 4242 4242 4242'): Promise<string> {
  const page = new URL(redirectUrl, agent.base).pathname;
  const open = await agent.get(page);
  if (open.status !== 200) throw new Error(`sandbox page answered ${open.status}`);
  const r = await agent.post(page, { method: 'visa', card });
  if (r.status !== 303 || !r.location) throw new Error(`sandbox pay answered ${r.status}`);
  return new URL(r.location, agent.base).pathname;
}
