import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.js';
import { receiveNotification } from './service.js';

/**
 * The shop's endpoint for providers' notifications: POST /payments/notify/<provider>.
 * Authenticated by the provider's signature, not by a session, so it opts out of CSRF. The signature
 * covers the exact bytes sent, so this plugin (its own encapsulation context) keeps every body as the
 * raw string instead of parsing it.
 */
export function paymentRoutes(deps: Deps) {
  return async function (app: FastifyInstance) {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => done(null, body));

    app.post('/payments/notify/:provider', { config: { csrf: false } }, async (req, reply) => {
      const { provider } = req.params as { provider: string };
      const raw = typeof req.body === 'string' ? req.body : '';
      const answer = await receiveNotification(deps, provider, req.headers, raw, { log: req.log, requestId: String(req.id) });
      return reply.code(answer.status).type('application/json').send({ outcome: answer.outcome });
    });
  };
}
