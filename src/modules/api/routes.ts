import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.js';
import { isLocale } from '../../i18n/index.js';
import { claimKey, completeKey, IDEMPOTENCY_KEY, releaseKey, requestHash } from './idempotency.js';
import { authenticate, countRequest } from './keys.js';
import { OPERATIONS } from './operations.js';
import { fastifyPath, type ApiContext, type Operation } from './operation.js';
import { openApiDocument } from './openapi.js';
import { problemText } from './problem-messages.js';
import { apiLocale, fieldError, fieldErrors, problem, type ApiResult } from './problems.js';
import { sendReference } from './reference.js';

export const API_PREFIX = '/api/seller/v1';

/**
 * The seller API, mounted under /api/seller/v1: JSON in and out, authenticated by API key (no
 * cookies, no CSRF: `config.csrf = false`), problems as application/problem+json. Every operation
 * goes through the same steps: key → rate limit → scope → path → Idempotency-Key → query/body →
 * the use case (the same functions as the back office) → the answer, stored for its key.
 */
export function sellerApiRoutes(deps: Deps) {
  return async function (app: FastifyInstance) {
    const base = (req: FastifyRequest) => ({ locale: apiLocale(req.headers['accept-language']), requestId: String(req.id), publicUrl: deps.config.publicUrl });

    app.setNotFoundHandler((req, reply) => send(reply, problem(base(req), 'not_found')));
    app.setErrorHandler((err: FastifyError, req, reply) => {
      const ctx = base(req);
      switch (err.code) {
        case 'FST_ERR_CTP_INVALID_JSON_BODY':
        case 'FST_ERR_CTP_EMPTY_JSON_BODY':
          return send(reply, problem(ctx, 'invalid_json'));
        case 'FST_ERR_CTP_BODY_TOO_LARGE':
          return send(reply, problem(ctx, 'payload_too_large'));
        case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
          return send(reply, problem(ctx, 'unsupported_media_type'));
      }
      if (err.statusCode === 400 && /JSON/i.test(err.message)) return send(reply, problem(ctx, 'invalid_json'));
      req.log.error({ err }, 'seller api: unhandled error');
      return send(reply, problem(ctx, 'internal_error'));
    });

    // Built once (and again only if the public URL changes, as when a test server learns its port).
    let built: { url: string; doc: ReturnType<typeof openApiDocument> } | null = null;
    const doc = () => (built && built.url === deps.config.publicUrl ? built.doc : (built = { url: deps.config.publicUrl, doc: openApiDocument(deps.config.publicUrl) }).doc);
    app.get('/openapi.json', async (_req, reply) => reply.header('cache-control', 'public, max-age=300').type('application/json').send(doc()));
    app.get('/docs', async (req, reply) => {
      const lang = (req.query as { lang?: string }).lang;
      return sendReference(reply, doc(), isLocale(lang) ? lang : apiLocale(req.headers['accept-language']));
    });

    for (const op of OPERATIONS) {
      app.route({ method: op.method, url: fastifyPath(op.path), config: { csrf: false }, handler: (req, reply) => run(deps, op, req, reply) });
    }
  };
}

function send(reply: FastifyReply, r: ApiResult, extra: Record<string, string> = {}): FastifyReply {
  return reply
    .code(r.status)
    .headers({ 'cache-control': 'no-store', ...(r.headers ?? {}), ...extra })
    .type(r.status >= 400 ? 'application/problem+json' : 'application/json')
    .send(r.body);
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

async function run(deps: Deps, op: Operation, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const ctx0 = { locale: apiLocale(req.headers['accept-language']), requestId: String(req.id), publicUrl: deps.config.publicUrl };
  const t = problemText(ctx0.locale);

  const auth = await authenticate(deps.db, req.headers.authorization);
  if (!auth.ok) return send(reply, problem(ctx0, auth.code), auth.code === 'invalid_api_key' ? { 'www-authenticate': 'Bearer realm="comptoir-seller-api"' } : {});
  const caller = auth.caller;
  const rate = await countRequest(deps.db, caller, deps.clock.now());
  if (!rate.ok) {
    const n = String(rate.retryAfterSeconds);
    return send(reply, problem(ctx0, 'rate_limited', { detail: t('retry_after', { n }) }), { 'retry-after': n, 'ratelimit-limit': String(caller.rateLimitPerMinute), 'ratelimit-remaining': '0' });
  }
  reply.headers({ 'ratelimit-limit': String(caller.rateLimitPerMinute), 'ratelimit-remaining': String(rate.remaining) });
  if (op.scope === 'read_write' && caller.scope !== 'read_write') return send(reply, problem(ctx0, 'insufficient_scope'));

  let params: unknown;
  if (op.params) {
    const p = op.params.safeParse(req.params);
    if (!p.success) return send(reply, problem(ctx0, 'not_found'));
    params = p.data;
  }

  let rawBody: unknown = undefined;
  if (op.body) {
    const hasBody = req.body !== undefined && req.body !== null;
    if (hasBody && !JSON_TYPE.test(String(req.headers['content-type'] ?? ''))) return send(reply, problem(ctx0, 'unsupported_media_type'));
    rawBody = hasBody ? req.body : op.bodyOptional ? {} : undefined;
  }

  // Idempotency-Key: required on POST, honoured on PATCH.
  let claimId: string | null = null;
  const idemHeader = req.headers['idempotency-key'];
  const idem = typeof idemHeader === 'string' ? idemHeader : null;
  if (op.method !== 'GET') {
    if (idem === null && op.method === 'POST') return send(reply, problem(ctx0, 'idempotency_key_required', { errors: [fieldError(ctx0.locale, 'header:Idempotency-Key', 'required')] }));
    if (idem !== null) {
      if (!IDEMPOTENCY_KEY.test(idem)) return send(reply, problem(ctx0, 'idempotency_key_invalid', { errors: [fieldError(ctx0.locale, 'header:Idempotency-Key', 'invalid_format')] }));
      const claim = await claimKey(deps.db, { apiKeyId: caller.keyId, key: idem, method: op.method, path: req.url.split('?')[0]!, hash: requestHash(rawBody ?? null), now: deps.clock.now() });
      if (claim.kind === 'replay') return send(reply, { status: claim.status, body: claim.body }, { 'idempotent-replayed': 'true' });
      if (claim.kind === 'reused') return send(reply, problem(ctx0, 'idempotency_key_reused'));
      if (claim.kind === 'in_progress') return send(reply, problem(ctx0, 'idempotency_in_progress', { detail: t('retry_after', { n: 1 }) }), { 'retry-after': '1' });
      claimId = claim.id;
    }
  }

  let answer: ApiResult;
  try {
    answer = await validateAndHandle(op, { ...ctx0, deps, caller, idempotencyKey: idem }, { params, query: req.query, body: rawBody });
  } catch (err) {
    if (claimId) await releaseKey(deps.db, claimId);
    throw err;
  }
  if (claimId) await completeKey(deps.db, claimId, answer, deps.clock.now());
  return send(reply, answer);
}

async function validateAndHandle(op: Operation, ctx: ApiContext, input: { params: unknown; query: unknown; body: unknown }): Promise<ApiResult> {
  let query: unknown;
  if (op.query) {
    const q = op.query.safeParse(input.query ?? {}, { reportInput: true });
    if (!q.success) return problem(ctx, 'validation_failed', { errors: fieldErrors(ctx.locale, q.error.issues, 'query') });
    query = q.data;
  }
  let body: unknown;
  if (op.body) {
    const b = op.body.safeParse(input.body, { reportInput: true });
    if (!b.success) return problem(ctx, 'validation_failed', { errors: fieldErrors(ctx.locale, b.error.issues, 'body') });
    body = b.data;
  }
  return op.handle(ctx, { params: input.params, query, body } as never);
}
