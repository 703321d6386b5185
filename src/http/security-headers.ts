import type { FastifyInstance } from 'fastify';
import { createRequire } from 'node:module';
import path from 'node:path';

type HelmetOptions = Record<string, unknown>;
type Helmet = (o: HelmetOptions) => (req: unknown, res: unknown, next: (err?: unknown) => void) => void;

/**
 * Helmet's headers, computed once at start-up and copied onto every answer. @fastify/helmet builds a
 * new helmet middleware (and re-parses the CSP) on every request — a tenth of a cached page's cost —
 * while ours never change per request (no nonces). Helmet itself is @fastify/helmet's dependency,
 * so it is loaded from there.
 */
export function securityHeaders(options: HelmetOptions): Record<string, string> {
  const req = createRequire(import.meta.url);
  const from = path.dirname(req.resolve('@fastify/helmet'));
  const helmet = req(req.resolve('helmet', { paths: [from] })) as Helmet;
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (k: string, v: unknown) => void (headers[k.toLowerCase()] = String(v)),
    removeHeader: (k: string) => void delete headers[k.toLowerCase()],
  };
  helmet(options)({}, res, (err) => {
    if (err) throw err;
  });
  return headers;
}

export function registerSecurityHeaders(app: FastifyInstance, options: HelmetOptions): void {
  const headers = securityHeaders(options);
  app.addHook('onRequest', (_req, reply, done) => {
    reply.headers(headers);
    done();
  });
}
