import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MessagePage } from '../ui/layout.js';
import { common } from '../ui/messages.js';
import { pageContext } from './context.js';
import { sendPage } from './render.js';

/**
 * Errors are mapped once, here (docs/decisions/0008-errors.md): expected refusals never reach this
 * point (use cases return typed results); anything else is logged with its stack and the request id,
 * and the user sees a generic page in their language with that id — never a stack trace or SQL.
 */
export function registerErrorPages(app: FastifyInstance): void {
  app.setNotFoundHandler((req, reply) => notFound(req, reply));

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const status = err.statusCode ?? 500;
    if (req.url.startsWith('/api/')) {
      if (status >= 500) req.log.error({ err }, 'unhandled error');
      return reply
        .code(status >= 500 ? 500 : status)
        .type('application/problem+json')
        .send({ type: 'about:blank', title: status >= 500 ? 'Internal error' : err.message, status: status >= 500 ? 500 : status, code: err.code ?? 'error', requestId: req.id });
    }
    const t = common(req.locale);
    if (err.code?.startsWith('FST_CSRF')) {
      req.log.warn({ code: err.code }, 'csrf refused');
      return page(req, reply, 403, t('csrf_title'), t('csrf_text'));
    }
    if (status === 429) return page(req, reply, 429, t('too_many_title'), t('too_many_text'));
    if (status === 404) return notFound(req, reply);
    if (status >= 400 && status < 500) {
      req.log.info({ code: err.code, msg: err.message }, 'bad request');
      return page(req, reply, status, t('error_title'), t('error_text'), String(req.id));
    }
    if (databaseUnreachable(err)) {
      // PostgreSQL restarting or unreachable: a moment's outage, not a bug — 503 and a retry hint.
      req.log.error({ err: { message: err.message, code: err.code } }, 'database unavailable');
      reply.header('retry-after', '5');
      return page(req, reply, 503, t('unavailable_title'), t('unavailable_text'), String(req.id));
    }
    req.log.error({ err }, 'unhandled error');
    return page(req, reply, 500, t('error_title'), t('error_text'), String(req.id));
  });
}

/** node-postgres' and PostgreSQL's ways of saying the server is gone (restart, shutdown, refused). */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006']);
export function databaseUnreachable(err: { code?: string; message?: string; cause?: unknown }): boolean {
  if (err.code && UNREACHABLE_CODES.has(err.code)) return true;
  if (/^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/.test(err.message ?? '')) return true;
  const cause = err.cause as { code?: string; message?: string } | undefined;
  return !!cause && cause !== err && databaseUnreachable({ code: cause.code, message: cause.message });
}

/**
 * Errors Fastify meets before any route or hook (a URL it cannot decode): the shop's "not found"
 * page in the URL's language, status 400 — never Fastify's own JSON.
 */
export function frameworkErrorPage(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  const m = /^\/(fr|nl|en)(\/|$)/.exec(req.raw.url ?? '');
  if (m) req.locale = m[1] as typeof req.locale;
  // No hook has run: no cookie was read, no session loaded — the page is the anonymous one.
  (req as { cookies?: Record<string, string> }).cookies ??= {};
  req.log.info({ code: err.code }, 'bad request before routing');
  if ((req.raw.url ?? '').startsWith('/api/')) {
    return reply.code(400).type('application/problem+json').send({ type: 'about:blank', title: 'Bad request', status: 400, code: 'bad_request', requestId: req.id });
  }
  const t = common(req.locale);
  return page(req, reply, 400, t('not_found_title'), t('not_found_text'));
}

export function notFound(req: FastifyRequest, reply: FastifyReply) {
  const t = common(req.locale);
  if (req.url.startsWith('/api/')) {
    return reply.code(404).type('application/problem+json').send({ type: 'about:blank', title: 'Not found', status: 404, code: 'not_found' });
  }
  return page(req, reply, 404, t('not_found_title'), t('not_found_text'));
}

function page(req: FastifyRequest, reply: FastifyReply, status: number, title: string, text: string, reference?: string) {
  const ctx = pageContext(req, reply);
  return sendPage(reply, MessagePage({ ctx, title, text, reference }), status);
}
