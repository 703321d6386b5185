import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Deps } from '../../../deps.js';
import { seeOther, sendPage } from '../../../http/render.js';
import { getProvider } from '../provider.js';
import { METHOD_NAMES, METHODS } from './cards.js';
import { sandboxText } from './messages.js';
import { SANDBOX_REF, type SandboxPayment, type SandboxProvider } from './provider.js';
import { ChallengePage, PayPage, SandboxMessage, StatusPage } from './views.js';

/**
 * The sandbox's hosted payment pages under /sandbox-pay/<ref>. They play an external site: no shop
 * session or shop CSRF cookie is read; the forms carry the sandbox's own token (double submit of a
 * random value kept in a SameSite=Strict cookie scoped to /sandbox-pay), and the language is the one
 * the shop gave when it created the payment.
 */
const TOKEN_COOKIE = 'sbx_token';

const payForm = z.object({ method: z.enum(METHODS), card: z.string().trim().min(1).max(40) });

export function sandboxRoutes(deps: Deps) {
  return async function (app: FastifyInstance) {
    const sandbox = () => getProvider(deps, 'sandbox') as SandboxProvider;
    app.addHook('onClose', async () => sandbox().close());

    /** The page's form token: the cookie's value, created on first visit. */
    function token(req: FastifyRequest, reply: FastifyReply): string {
      const have = req.cookies[TOKEN_COOKIE];
      if (have && /^[0-9a-f]{64}$/.test(have)) return have;
      const fresh = randomBytes(32).toString('hex');
      reply.setCookie(TOKEN_COOKIE, fresh, { path: '/sandbox-pay', httpOnly: true, sameSite: 'strict', secure: deps.config.publicUrl.startsWith('https:') });
      return fresh;
    }

    function tokenOk(req: FastifyRequest): boolean {
      const cookie = req.cookies[TOKEN_COOKIE] ?? '';
      const sent = String((req.body as Record<string, unknown> | undefined)?._csrf ?? '');
      return cookie.length === 64 && sent.length === 64 && timingSafeEqual(Buffer.from(cookie), Buffer.from(sent));
    }

    function notFound(req: FastifyRequest, reply: FastifyReply) {
      const t = sandboxText(req.locale);
      return sendPage(reply, <SandboxMessage locale={req.locale} title={t('not_found_title')} text={t('not_found_text')} />, 404);
    }

    function expired(reply: FastifyReply, p: SandboxPayment) {
      const t = sandboxText(p.locale);
      return sendPage(reply, <SandboxMessage locale={p.locale} title={t('title')} text={t('form_expired')} payment={p} />, 403);
    }

    /** The payment a form was posted for, once its token is checked; null when the answer is already sent. */
    async function posted(req: FastifyRequest, reply: FastifyReply): Promise<SandboxPayment | null> {
      const p = await sandbox().view((req.params as { ref: string }).ref);
      if (!p) await notFound(req, reply);
      else if (!tokenOk(req)) await expired(reply, p);
      else return p;
      return null;
    }

    /** The page for a payment in its current state. */
    function current(req: FastifyRequest, reply: FastifyReply, p: SandboxPayment) {
      if (p.status === 'open') return sendPage(reply, <PayPage payment={p} token={token(req, reply)} />);
      if (p.status === 'challenge') return sendPage(reply, <ChallengePage payment={p} token={token(req, reply)} />);
      return sendPage(reply, <StatusPage payment={p} />);
    }

    app.get('/sandbox-pay/:ref', async (req, reply) => {
      const p = await sandbox().view((req.params as { ref: string }).ref);
      if (!p) return notFound(req, reply);
      return current(req, reply, p);
    });

    app.post('/sandbox-pay/:ref', { config: { csrf: false } }, async (req, reply) => {
      // The usual POST (its token and form fine) goes straight to pay(), which settles the usual card
      // in one statement, or else locks and reads the payment itself (a page no longer open answers
      // `next: 'page'`): no read first. Anything to explain takes the path below.
      const direct = payForm.safeParse(req.body ?? {});
      const given = (req.params as { ref: string }).ref;
      if (direct.success && tokenOk(req) && SANDBOX_REF.test(given)) {
        const answer = await sandbox().pay(given, direct.data.method, direct.data.card);
        if (!answer) return notFound(req, reply);
        if (answer.ok) return answer.next === 'return' ? seeOther(reply, answer.payment.returnUrl) : seeOther(reply, `/sandbox-pay/${given}`);
      }
      const p = await posted(req, reply);
      if (!p) return reply;
      const ref = p.ref;
      if (p.status !== 'open') return seeOther(reply, `/sandbox-pay/${ref}`);
      const t = sandboxText(p.locale);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const values = { method: typeof body.method === 'string' ? body.method : '', card: typeof body.card === 'string' ? body.card : '' };
      const form = payForm.safeParse(body);
      if (!form.success) {
        const errors: Record<string, string> = {};
        for (const i of form.error.issues) errors[String(i.path[0])] ??= i.path[0] === 'method' ? t('choose_method') : t('required');
        return sendPage(reply, <PayPage payment={p} token={token(req, reply)} values={values} errors={errors} />, 422);
      }
      const answer = await sandbox().pay(ref, form.data.method, form.data.card);
      if (!answer) return notFound(req, reply);
      if (!answer.ok) {
        const msg = answer.code === 'wrong_method' ? t('wrong_method', { method: METHOD_NAMES[form.data.method] }) : t(answer.code);
        return sendPage(reply, <PayPage payment={p} token={token(req, reply)} values={values} errors={{ card: msg }} />, 422);
      }
      return answer.next === 'return' ? seeOther(reply, answer.payment.returnUrl) : seeOther(reply, `/sandbox-pay/${ref}`);
    });

    app.post('/sandbox-pay/:ref/challenge', { config: { csrf: false } }, async (req, reply) => {
      const p = await posted(req, reply);
      if (!p) return reply;
      const ref = p.ref;
      const code = String((req.body as Record<string, unknown> | undefined)?.code ?? '').slice(0, 20);
      const answer = await sandbox().answerChallenge(ref, code);
      if (!answer) return notFound(req, reply);
      if (!answer.ok) return sendPage(reply, <ChallengePage payment={p} token={token(req, reply)} error={sandboxText(p.locale)('wrong_code', { n: answer.attemptsLeft })} />, 422);
      return answer.next === 'return' ? seeOther(reply, answer.payment.returnUrl) : seeOther(reply, `/sandbox-pay/${ref}`);
    });

    app.post('/sandbox-pay/:ref/cancel', { config: { csrf: false } }, async (req, reply) => {
      const p = await posted(req, reply);
      if (!p) return reply;
      const ref = p.ref;
      const after = await sandbox().cancel(ref);
      return seeOther(reply, after && after.status !== 'processing' ? after.returnUrl : `/sandbox-pay/${ref}`);
    });
  };
}
