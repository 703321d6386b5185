import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { completeSecondFactor } from './second-factor.js';

/**
 * A minimal browser for integration tests over `app.inject`: keeps cookies, reads the CSRF token from
 * the last page's forms and sends it with every POST, like a real form submission would.
 */
export class Agent {
  cookies = new Map<string, string>();
  csrf: string | null = null;
  ip: string;
  constructor(
    private app: FastifyInstance,
    opts: { ip?: string } = {},
  ) {
    this.ip = opts.ip ?? '127.0.0.1';
  }

  private remember(res: LightMyRequestResponse) {
    const raw = res.headers['set-cookie'];
    const list = Array.isArray(raw) ? raw : raw ? [raw] : [];
    for (const line of list) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /max-age=0/i.test(a) || /expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (m) this.csrf = m[1]!;
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader(), ...headers }, remoteAddress: this.ip });
    this.remember(res);
    return res;
  }

  /** Posts a form. The CSRF token of the last page is added unless `_csrf` is given (or null). */
  async post(url: string, form: Record<string, string | string[] | undefined | null> = {}, opts: { csrf?: string | null; headers?: Record<string, string> } = {}): Promise<LightMyRequestResponse> {
    const params = new URLSearchParams();
    const token = opts.csrf === undefined ? this.csrf : opts.csrf;
    if (token) params.set('_csrf', token);
    for (const [k, v] of Object.entries(form)) {
      if (v === undefined || v === null) continue;
      for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
    }
    const res = await this.app.inject({
      method: 'POST',
      url,
      payload: params.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookieHeader(), ...opts.headers },
      remoteAddress: this.ip,
    });
    this.remember(res);
    return res;
  }

  /** Follows a redirect answer with a GET. */
  async follow(res: LightMyRequestResponse): Promise<LightMyRequestResponse> {
    const loc = res.headers.location;
    if (!loc) throw new Error(`expected a redirect, got ${res.statusCode}`);
    return this.get(String(loc));
  }

  /** Logs in on a face's login form (shop: /fr/login, seller: /vendeur/login, operator: /admin/login). */
  async login(loginPath: string, email: string, password: string): Promise<LightMyRequestResponse> {
    await this.get(loginPath);
    const res = await this.post(loginPath, { email, password });
    // Back offices: a user with a second factor (every operator admin) answers the code step.
    return completeSecondFactor(this, res, email);
  }
}
