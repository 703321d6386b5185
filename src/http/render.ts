import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

/** Sends a server-rendered page. preact-render-to-string escapes every text and attribute. */
export function sendPage(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send('<!doctype html>' + renderToString(page));
}

/** Redirect after a successful POST (303: the browser follows with GET). */
export function seeOther(reply: FastifyReply, location: string): FastifyReply {
  return reply.code(303).header('location', location).send();
}

/** Only local paths are accepted as return targets (open-redirect safe). */
export function safeReturnTo(target: unknown, fallback: string): string {
  if (typeof target !== 'string' || target.length > 500) return fallback;
  if (!target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\') || /[\r\n\t]/.test(target)) return fallback;
  try {
    const u = new URL(target, 'http://local.invalid');
    if (u.host !== 'local.invalid') return fallback;
    return u.pathname + u.search;
  } catch {
    return fallback;
  }
}
