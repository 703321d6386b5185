import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../deps.js';
import { endSession, startSession } from '../../http/auth.js';
import { pageContext, setFlash } from '../../http/context.js';
import { parseForm } from '../../http/forms.js';
import { safeReturnTo, seeOther, sendPage } from '../../http/render.js';
import { href } from '../../ui/layout.js';
import { checkLogin } from '../sessions/login.js';
import { findCustomerByEmail, getCustomer } from './customers.js';
import { accountText } from './messages.js';
import { PASSWORD_MAX } from './passwords.js';
import { AccountHome, LoginPage } from './views.js';

/**
 * Called after a customer logs in (the cart module merges the guest cart here). Other modules add
 * to this list rather than the accounts module knowing about them.
 */
export const customerLoginHooks: Array<(deps: Deps, req: FastifyRequest, reply: FastifyReply, customerId: string) => Promise<void>> = [];

const loginForm = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(PASSWORD_MAX, { message: 'msg:password_too_long' }),
  returnTo: z.string().optional(),
});

/** Sends an anonymous visitor to "Connexion", to come back to this page afterwards. */
export function requireCustomer(req: FastifyRequest, reply: FastifyReply): boolean {
  if (req.user) return true;
  const target = req.method === 'GET' ? req.url : (req.headers.referer ? new URL(req.headers.referer, 'http://x').pathname : `/${req.locale}/`);
  void reply.redirect(`/${req.locale}/login?returnTo=${encodeURIComponent(target)}`, 303);
  return false;
}

export function accountRoutes(deps: Deps) {
  return async function (app: FastifyInstance) {
    app.get('/login', async (req, reply) => {
      const ctx = pageContext(req, reply);
      const returnTo = safeReturnTo((req.query as Record<string, string>).returnTo, href(ctx, '/account'));
      if (req.user) return seeOther(reply, returnTo);
      return sendPage(reply, <LoginPage ctx={ctx} returnTo={returnTo} />);
    });

    app.post('/login', { bodyLimit: 2 * 1024 * 1024, config: { rateLimit: { max: 20, timeWindow: '1 minute' } } }, async (req, reply) => {
      const t = accountText(req.locale);
      const body = req.body as Record<string, unknown>;
      const returnTo = safeReturnTo(body?.returnTo, `/${req.locale}/account`);
      const form = parseForm(loginForm, body, req.locale, (k) => t(k as 'password_too_long'));
      if (!form.ok) return sendPage(reply, <LoginPage ctx={pageContext(req, reply)} returnTo={returnTo} values={form.values} errors={form.errors} />, 422);
      const result = await checkLogin(deps, 'shop', { email: form.data.email, password: form.data.password, ip: req.ip }, async (email) => findCustomerByEmail(deps.db, email));
      if (!result.ok) {
        return sendPage(reply, <LoginPage ctx={pageContext(req, reply)} returnTo={returnTo} values={form.values} error={t(result.code)} />, result.code === 'too_many_attempts' ? 429 : 401);
      }
      await startSession(deps, req, reply, 'shop', result.userId);
      for (const hook of customerLoginHooks) await hook(deps, req, reply, result.userId);
      return seeOther(reply, returnTo);
    });

    app.post('/logout', async (req, reply) => {
      await endSession(deps, req, reply, 'shop');
      setFlash(reply, accountText(req.locale)('logged_out'));
      return seeOther(reply, `/${req.locale}/`);
    });

    app.get('/account', async (req, reply) => {
      if (!requireCustomer(req, reply)) return reply;
      const customer = await getCustomer(deps.db, req.user!.id);
      return sendPage(reply, <AccountHome ctx={pageContext(req, reply)} firstName={customer?.firstName ?? ''} />);
    });
  };
}

