import type { FastifyInstance } from 'fastify';

export type RouteInfo = { method: string; url: string };

/**
 * Every route of a Fastify app, read from its router's own tree (`printRoutes({ commonPrefix: false })`),
 * as { method, url } with Fastify's url syntax (`/vendeur/orders/:number/ship`). HEAD routes that
 * Fastify adds for each GET are left out. Fastify 5 does not expose a route's `config` outside a request
 * (printRoutes' metadata excludes it), so a route's behaviour — e.g. its CSRF opt-out — is checked by
 * sending it requests (see tests/security-csrf.test.ts).
 */
export function listRoutes(app: FastifyInstance): RouteInfo[] {
  const out: RouteInfo[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^(.*?)[├└]── (.+?)(?: \(([^)]*)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    const seg = m[2]!;
    const parent = depth > 0 ? stack[depth - 1]! : '';
    const url = depth === 0 ? seg : parent.replace(/\/$/, '') + (seg.startsWith('/') || seg.startsWith('-') ? seg : `/${seg}`);
    stack[depth] = url;
    stack.length = depth + 1;
    for (const method of (m[3] ?? '').split(',').map((s) => s.trim())) {
      if (method && method !== 'HEAD') out.push({ method, url });
    }
  }
  const seen = new Set<string>();
  return out
    .filter((r) => (seen.has(`${r.method} ${r.url}`) ? false : seen.add(`${r.method} ${r.url}`)))
    .sort((a, b) => a.url.localeCompare(b.url) || a.method.localeCompare(b.method));
}
