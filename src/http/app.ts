import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import { postgresRateLimitStore } from '../modules/ratelimits/store.js';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import qs from 'node:querystring';
import type { Deps } from '../deps.js';
import { migrationsApplied } from '../db/migrate.js';
import { isLocale, type Locale } from '../i18n/index.js';
import { operatorFace } from '../faces/operator.js';
import { sellerFace } from '../faces/seller.js';
import { shopFace } from '../faces/shop.js';
import { API_PREFIX, sellerApiRoutes } from '../modules/api/routes.js';
import { paymentRoutes } from '../modules/payments/routes.js';
import { sandboxRoutes } from '../modules/payments/sandbox/routes.js';
import { forgetShapes } from '../modules/catalog/shape-cache.js';
import { invalidateCategoryNav } from '../modules/catalog/nav.js';
import { PageCache } from '../shared/cache.js';
import { frameworkErrorPage, registerErrorPages } from './errors.js';
import { registerSecurityHeaders } from './security-headers.js';

const PUBLIC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../public');

export type AppOptions = { logger?: FastifyServerOptions['logger'] };

/**
 * The web server: one Fastify instance serving three faces over the same modules —
 * the storefront under /fr /nl /en, the seller back office under /vendeur, the operator's under /admin.
 */
export async function buildApp(deps: Deps, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? { level: deps.config.logLevel },
    genReqId: () => randomUUID(),
    trustProxy: deps.config.trustProxy,
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: 200, ignoreTrailingSlash: true },
    // A URL Fastify cannot decode still gets the shop's page, not Fastify's JSON.
    frameworkErrors: frameworkErrorPage,
  });

  app.decorateRequest('locale', 'fr' as Locale);
  app.decorateRequest('face', 'shop' as const);
  app.decorateRequest('session', null);
  app.decorateRequest('user', null);
  app.decorateRequest('cartCount', 0);
  app.decorateRequest('unreadMessages', 0);

  // Rendered catalogue pages for anonymous visitors, dropped at any catalogue commit (decision 0024).
  const pageCache = new PageCache(deps.database.url, { log: (msg, err) => app.log.warn({ err }, msg) });
  pageCache.onChange = (table) => {
    if (table === 'categories' || table === '') invalidateCategoryNav();
    // Filter choices and search rankings do not depend on stock (decision 0033): a sale keeps them.
    if (table !== 'offers_stock') forgetShapes();
  };
  await pageCache.start();
  app.decorate('pageCache', pageCache);
  app.addHook('onClose', () => pageCache.close());

  registerSecurityHeaders(app, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cookie, { secret: deps.config.sessionSecret });
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'comptoir_csrf',
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, signed: true, secure: deps.config.publicUrl.startsWith('https:') },
    getToken: (req) => (req.body as Record<string, string> | undefined)?._csrf ?? (req.headers['x-csrf-token'] as string | undefined),
  });
  // Forms: a small body, plain key=value pairs (no nested objects: mass assignment has nowhere to hide).
  await app.register(formbody, { parser: (s) => qs.parse(s) });
  // Counters in PostgreSQL: a limit holds across every app instance (decision 0026).
  await app.register(rateLimit, { global: false, store: postgresRateLimitStore(deps.database.pool) });
  await app.register(fastifyStatic, {
    root: PUBLIC_DIR,
    prefix: '/static/',
    maxAge: deps.config.env === 'production' ? '7d' : '1h',
    index: false,
  });

  // Server time of each answer for the bench (issue 11) and the browser's dev tools; not in
  // production, where exact durations would help timing attacks on the logins.
  const startedAt = new WeakMap<object, number>();
  if (deps.config.env !== 'production') {
    app.addHook('onRequest', (req, _reply, done) => {
      startedAt.set(req, performance.now());
      done();
    });
    app.addHook('onSend', (_req, reply, payload, done) => {
      reply.header('server-timing', `app;dur=${(performance.now() - startedAt.get(reply.request)!).toFixed(1)}`);
      done(null, payload);
    });
  }

  // Which face and which language a request is for.
  app.addHook('onRequest', async (req) => {
    const url = req.url;
    if (url.startsWith('/vendeur')) req.face = 'seller';
    else if (url.startsWith('/admin')) req.face = 'operator';
    else req.face = 'shop';
    const m = /^\/(fr|nl|en)(\/|$|\?)/.exec(url);
    if (m && isLocale(m[1])) req.locale = m[1];
    else {
      const c = req.cookies.comptoir_lang;
      if (isLocale(c)) req.locale = c;
    }
  });

  // CSRF on every state-changing request, unless a route is authenticated otherwise.
  app.addHook('preHandler', (req, reply, done) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS' || req.routeOptions.config?.csrf === false) return done();
    app.csrfProtection(req, reply, done);
  });

  registerErrorPages(app);

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    try {
      const ok = await migrationsApplied(deps.database);
      return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'migrations pending' });
    } catch {
      return reply.code(503).send({ status: 'database unreachable' });
    }
  });
  app.get('/', async (req, reply) => {
    const accept = String(req.headers['accept-language'] ?? '');
    const cookieLang = req.cookies.comptoir_lang;
    const lang = isLocale(cookieLang) ? cookieLang : /^nl/i.test(accept) ? 'nl' : /^en/i.test(accept) ? 'en' : 'fr';
    return reply.redirect(`/${lang}/`, 302);
  });

  await app.register(shopFace(deps), { prefix: '/:locale' });
  await app.register(sellerFace(deps), { prefix: '/vendeur' });
  await app.register(operatorFace(deps), { prefix: '/admin' });
  // Payments: the providers' notification endpoint, and the sandbox provider's hosted pages (an "external" site).
  await app.register(paymentRoutes(deps));
  await app.register(sandboxRoutes(deps));
  // The seller API: JSON, API keys instead of sessions (no CSRF), problems as application/problem+json.
  await app.register(sellerApiRoutes(deps), { prefix: API_PREFIX });
  return app;
}
