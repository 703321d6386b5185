// A small HTTP browser for the bench: keep-alive, cookie jar, the forms' CSRF token, and a chosen
// loopback source address (127.0.0.x) so that twenty buyers do not share one IP's login limit.
import http from 'node:http';

export type Answer = { status: number; location: string | null; body: string; ms: number; serverTiming: string | null };

export class BenchBrowser {
  private cookies = new Map<string, string>();
  private agent: http.Agent;
  csrf: string | null = null;
  /** Sum of the response times of every request made (ms), and their number. */
  totalMs = 0;
  requests = 0;

  constructor(
    private base: string,
    opts: { localAddress?: string } = {},
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 1, localAddress: opts.localAddress } as http.AgentOptions);
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(headers: http.IncomingHttpHeaders, body: string) {
    for (const line of headers['set-cookie'] ?? []) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (value === '' || attrs.some((a) => /max-age=0/i.test(a))) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const m = /name="_csrf" value="([^"]+)"/.exec(body);
    if (m) this.csrf = m[1]!;
  }

  request(method: 'GET' | 'POST', path: string, form?: Record<string, string>): Promise<Answer> {
    const url = new URL(path, this.base);
    const payload = form ? new URLSearchParams({ ...(this.csrf ? { _csrf: this.csrf } : {}), ...form }).toString() : undefined;
    const headers: Record<string, string> = { cookie: this.cookieHeader() };
    if (payload !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = String(Buffer.byteLength(payload));
    }
    return new Promise((resolve, reject) => {
      const t0 = performance.now();
      const req = http.request(url, { method, agent: this.agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const ms = performance.now() - t0;
          const body = Buffer.concat(chunks).toString('utf8');
          this.totalMs += ms;
          this.requests++;
          this.remember(res.headers, body);
          const st = res.headers['server-timing'];
          resolve({ status: res.statusCode ?? 0, location: res.headers.location ?? null, body, ms, serverTiming: Array.isArray(st) ? st.join(', ') : (st ?? null) });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  get(path: string): Promise<Answer> {
    return this.request('GET', path);
  }

  post(path: string, form: Record<string, string>): Promise<Answer> {
    return this.request('POST', path, form);
  }

  /** The login form of a face (/fr/login, /vendeur/login, /admin/login); throws unless it lets us in. */
  async login(path: string, email: string, password: string): Promise<void> {
    await this.get(path);
    const r = await this.post(path, { email, password });
    if (r.status !== 303 || !r.location || r.location.includes('/login')) throw new Error(`login ${path} ${email}: ${r.status} → ${r.location}`);
  }

  close(): void {
    this.agent.destroy();
  }
}
