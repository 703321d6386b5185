import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.js';
import { receiveNotification } from './service.js';

/**
 * The shop's endpoint for providers' notifications: POST /payments/notify/<provider>.
 * Authenticated by the provider's signature, not by a session, so it opts out of CSRF. The signature
 * covers the exact bytes sent, so this plugin (its own encapsulation context) keeps every body as the
 * raw string instead of parsing it.
 */
/** Notifications accepted per IP and minute (the sandbox's own deliveries do not go through HTTP). */
export const NOTIFY_PER_MINUTE = 120;

export function paymentRoutes(deps: Deps) {
  return async function (app: FastifyInstance) {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => done(null, body));

    // Per IP: a provider sends a handful a minute; someone posting garbage is stopped before it fills payment_events.
    app.post('/payments/notify/:provider', { config: { csrf: false, rateLimit: { max: NOTIFY_PER_MINUTE, timeWindow: '1 minute' } } }, async (req, reply) => {
      const { provider } = req.params as { provider: string };
      const raw = typeof req.body === 'string' ? req.body : '';
      const answer = await receiveNotification(deps, provider, req.headers, raw, { log: req.log, requestId: String(req.id) });
      return reply.code(answer.status).type('application/json').send({ outcome: answer.outcome });
    });
  };
}
