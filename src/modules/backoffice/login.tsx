import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../deps.js';
import { endSession, loadSession, startSession } from '../../http/auth.js';
import { pageContext, setFlash, type PageContext } from '../../http/context.js';
import { parseForm, type FieldErrors, type FormValues } from '../../http/forms.js';
import { safeReturnTo, seeOther, sendPage } from '../../http/render.js';
import { isLocale, type Locale } from '../../i18n/index.js';
import { Field, FormError } from '../../ui/forms.js';
import { BackOfficeLayout, CsrfField } from '../../ui/layout.js';
import { checkLogin } from '../sessions/login.js';
import type { Face } from '../sessions/store.js';
import { boText } from './messages.js';

type BoUser = { id: string; name: string; passwordHash: string; locale: Locale };

/**
 * Login, logout, language switch and the session loading shared by the two back offices. Each face
 * passes how to find its users; their sessions and cookies stay separate (`/vendeur`, `/admin`).
 * It installs hooks and routes on the face's own instance (not a child plugin, whose hooks would not
 * reach the face's other routes).
 */
export function backOfficeAuth<U extends BoUser>(
  deps: Deps,
  face: Exclude<Face, 'shop'>,
  base: string,
  users: { byEmail: (email: string) => Promise<BoUser | null>; byId: (id: string) => Promise<U | null>; attach: (req: FastifyRequest, user: U) => void },
) {
  return function install(app: FastifyInstance) {
    app.addHook('onRequest', async (req) => {
      await loadSession(deps, req, face);
      if (req.session) {
        const u = await users.byId(req.session.userId);
        if (u) {
          req.user = { id: u.id, name: u.name };
          users.attach(req, u);
          if (!isLocale(req.cookies.comptoir_bo_lang)) req.locale = u.locale;
        }
      }
      if (isLocale(req.cookies.comptoir_bo_lang)) req.locale = req.cookies.comptoir_bo_lang;
    });

    const title = (l: Locale) => boText(l)(face === 'seller' ? 'seller_login' : 'operator_login');
    const page = (ctx: PageContext, returnTo: string, values?: FormValues, errors?: FieldErrors, error?: string) => (
      <BackOfficeLayout ctx={ctx} title={title(ctx.locale)} menu={[]}>
        <section class="narrow card">
          <h1>{title(ctx.locale)}</h1>
          <FormError message={error} />
          <form method="post" action={`${base}/login`} novalidate>
            <CsrfField ctx={ctx} />
            <input type="hidden" name="returnTo" value={returnTo} />
            <Field name="email" type="email" label={boText(ctx.locale)('email')} autocomplete="username" required values={values} errors={errors} maxLength={320} />
            <Field name="password" type="password" label={boText(ctx.locale)('password')} autocomplete="current-password" required errors={errors} />
            <button class="button primary" type="submit">
              {boText(ctx.locale)('login_button')}
            </button>
          </form>
        </section>
      </BackOfficeLayout>
    );

    app.get('/login', async (req, reply) => {
      const returnTo = safeReturnTo((req.query as Record<string, string>).returnTo, base);
      if (req.user) return seeOther(reply, returnTo);
      return sendPage(reply, page(pageContext(req, reply), returnTo));
    });

    const schema = z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(200, { message: 'msg:password_too_long' }) });
    app.post('/login', { bodyLimit: 2 * 1024 * 1024, config: { rateLimit: { max: 20, timeWindow: '1 minute' } } }, async (req, reply) => {
      const body = req.body as Record<string, unknown>;
      const returnTo = safeReturnTo(body?.returnTo, base);
      const t = boText(req.locale);
      const form = parseForm(schema, body, req.locale, (k) => t(k as 'password_too_long'));
      if (!form.ok) return sendPage(reply, page(pageContext(req, reply), returnTo, form.values, form.errors), 422);
      const r = await checkLogin(deps, face, { email: form.data.email, password: form.data.password, ip: req.ip }, users.byEmail);
      if (!r.ok) return sendPage(reply, page(pageContext(req, reply), returnTo, form.values, undefined, t(r.code)), r.code === 'too_many_attempts' ? 429 : 401);
      await startSession(deps, req, reply, face, r.userId);
      return seeOther(reply, returnTo.startsWith(base) ? returnTo : base);
    });

    app.post('/logout', async (req, reply) => {
      await endSession(deps, req, reply, face);
      setFlash(reply, boText(req.locale)('logged_out'));
      return seeOther(reply, `${base}/login`);
    });

    app.get('/lang/:lang', async (req, reply) => {
      const lang = (req.params as { lang: string }).lang;
      if (isLocale(lang)) reply.setCookie('comptoir_bo_lang', lang, { path: base, sameSite: 'lax', maxAge: 365 * 86400 });
      return seeOther(reply, safeReturnTo((req.query as Record<string, string>).returnTo, base));
    });
  };
}

/** Back-office guard: anonymous visitors are sent to the face's login page. */
export function requireBackOffice(base: string) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const open = req.url.startsWith(`${base}/login`) || req.url.startsWith(`${base}/lang/`);
    if (!req.user && !open) return reply.redirect(`${base}/login?returnTo=${encodeURIComponent(req.url)}`, 303);
  };
}
