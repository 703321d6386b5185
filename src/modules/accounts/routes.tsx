import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../deps.js';
import { endSession } from '../../http/auth.js';
import { pageContext, setFlash } from '../../http/context.js';
import { parseForm, text } from '../../http/forms.js';
import { safeReturnTo, seeOther, sendPage } from '../../http/render.js';
import { LOCALES } from '../../i18n/index.js';
import { href } from '../../ui/layout.js';
import { checkLogin } from '../sessions/login.js';
import { accountPageRoutes } from './account-routes.js';
import { addressRoutes } from './address-routes.js';
import { findCustomerByEmail, getCustomer } from './customers.js';
import { invalidLinkPage, logCustomerIn, requireCustomer } from './guards.js';
import { accountText } from './messages.js';
import { PASSWORD_MAX, PASSWORD_MIN } from './passwords.js';
import { requestPasswordReset, resetLinkUsable, resetPassword } from './password-reset.js';
import { confirmSignup, requestSignup, signupLinkUsable } from './signup.js';
import { AccountHome, ConfirmLinkPage, ForgotPasswordPage, LoginPage, NoticePage, RegisterPage, ResetPasswordPage } from './views.js';

export { customerLoginHooks } from './hooks.js';
// Other modules import these from here.
export { requireCustomer } from './guards.js';

/** Forms carrying a password accept a large body, so that a 1 MB password gets a field error (not a 413). */
const PASSWORD_BODY_LIMIT = 2 * 1024 * 1024;
/** Per IP, on the forms that send emails (sign-up, forgotten password): the error page explains. */
const EMAIL_FORM_LIMIT = { rateLimit: { max: 10, timeWindow: '15 minutes' } };

const email = z.string().trim().max(320).pipe(z.email());
const newPassword = z.string().min(PASSWORD_MIN).max(PASSWORD_MAX, { message: 'msg:password_too_long' });

const loginForm = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(PASSWORD_MAX, { message: 'msg:password_too_long' }),
  returnTo: z.string().optional(),
});

const registerForm = z.object({
  firstName: text(100),
  lastName: text(100),
  email,
  password: newPassword,
  locale: z.enum(LOCALES),
  marketing: z
    .union([z.literal('on'), z.literal('1'), z.literal('true')])
    .optional()
    .transform((v) => v !== undefined),
  returnTo: z.string().optional(),
});

const forgotForm = z.object({ email });
const resetForm = z.object({ token: z.string().max(100), password: newPassword });
const tokenForm = z.object({ token: z.string().max(100) });

export function accountRoutes(deps: Deps) {
  return async function (app: FastifyInstance) {
    // ── Connexion / logout ──────────────────────────────────────────────────────────────────────
    app.get('/login', async (req, reply) => {
      const ctx = pageContext(req, reply);
      const returnTo = safeReturnTo((req.query as Record<string, string>).returnTo, href(ctx, '/account'));
      if (req.user) return seeOther(reply, returnTo);
      return sendPage(reply, <LoginPage ctx={ctx} returnTo={returnTo} />);
    });

    app.post('/login', { bodyLimit: PASSWORD_BODY_LIMIT, config: { rateLimit: { max: 20, timeWindow: '1 minute' } } }, async (req, reply) => {
      const t = accountText(req.locale);
      const body = req.body as Record<string, unknown>;
      const returnTo = safeReturnTo(body?.returnTo, `/${req.locale}/account`);
      const form = parseForm(loginForm, body, req.locale, (k) => t(k as 'password_too_long'));
      if (!form.ok) return sendPage(reply, <LoginPage ctx={pageContext(req, reply)} returnTo={returnTo} values={form.values} errors={form.errors} />, 422);
      const result = await checkLogin(deps, 'shop', { email: form.data.email, password: form.data.password, ip: req.ip }, async (e) => findCustomerByEmail(deps.db, e));
      if (!result.ok) {
        return sendPage(reply, <LoginPage ctx={pageContext(req, reply)} returnTo={returnTo} values={form.values} error={t(result.code)} />, result.code === 'too_many_attempts' ? 429 : 401);
      }
      await logCustomerIn(deps, req, reply, result.userId);
      return seeOther(reply, returnTo);
    });

    app.post('/logout', async (req, reply) => {
      await endSession(deps, req, reply, 'shop');
      setFlash(reply, accountText(req.locale)('logged_out'));
      return seeOther(reply, `/${req.locale}/`);
    });

    // ── Sign-up: the same answer for a new and a known address; the emailed link creates the account ──
    app.get('/register', async (req, reply) => {
      const ctx = pageContext(req, reply);
      const returnTo = safeReturnTo((req.query as Record<string, string>).returnTo, href(ctx, '/account'));
      if (req.user) return seeOther(reply, returnTo);
      return sendPage(reply, <RegisterPage ctx={ctx} returnTo={returnTo} values={{ locale: ctx.locale }} />);
    });

    app.post('/register', { bodyLimit: PASSWORD_BODY_LIMIT, config: EMAIL_FORM_LIMIT }, async (req, reply) => {
      const t = accountText(req.locale);
      const body = req.body as Record<string, unknown>;
      const returnTo = safeReturnTo(body?.returnTo, `/${req.locale}/account`);
      const form = parseForm(registerForm, body, req.locale, (k) => t(k as 'password_too_long'));
      if (!form.ok) return sendPage(reply, <RegisterPage ctx={pageContext(req, reply)} returnTo={returnTo} values={form.values} errors={form.errors} />, 422);
      await requestSignup(deps, { ...form.data, returnTo });
      const ctx = pageContext(req, reply);
      return sendPage(reply, <NoticePage ctx={ctx} title={t('check_title')} text={t('register_sent', { email: form.data.email })} />);
    });

    app.get('/register/confirm', async (req, reply) => {
      const token = (req.query as Record<string, unknown>).token;
      if (!(await signupLinkUsable(deps, token))) return invalidLinkPage(req, reply, '/register');
      const ctx = pageContext(req, reply);
      const t = accountText(ctx.locale);
      return sendPage(reply, <ConfirmLinkPage ctx={ctx} title={t('confirm_title')} intro={t('confirm_intro')} action={href(ctx, '/register/confirm')} token={String(token)} button={t('confirm_button')} />);
    });

    app.post('/register/confirm', async (req, reply) => {
      const t = accountText(req.locale);
      const form = parseForm(tokenForm, req.body, req.locale);
      const result = form.ok ? await confirmSignup(deps, form.data.token) : ({ ok: false, code: 'invalid_link' } as const);
      if (!result.ok) {
        if (result.code === 'invalid_link') return invalidLinkPage(req, reply, '/register');
        const ctx = pageContext(req, reply);
        return sendPage(reply, <NoticePage ctx={ctx} title={t('register_title')} text={t('signup_email_taken')} link={{ href: href(ctx, '/login'), label: t('login_button') }} />, 409);
      }
      await logCustomerIn(deps, req, reply, result.customerId);
      setFlash(reply, t('register_done'));
      return seeOther(reply, safeReturnTo(result.returnTo, `/${req.locale}/account`));
    });

    // ── Forgotten password: the same answer for a known and an unknown address ──────────────────
    app.get('/forgot-password', async (req, reply) => sendPage(reply, <ForgotPasswordPage ctx={pageContext(req, reply)} />));

    app.post('/forgot-password', { config: EMAIL_FORM_LIMIT }, async (req, reply) => {
      const t = accountText(req.locale);
      const form = parseForm(forgotForm, req.body, req.locale);
      if (!form.ok) return sendPage(reply, <ForgotPasswordPage ctx={pageContext(req, reply)} values={form.values} errors={form.errors} />, 422);
      await requestPasswordReset(deps, form.data.email);
      const ctx = pageContext(req, reply);
      return sendPage(reply, <NoticePage ctx={ctx} title={t('check_title')} text={t('forgot_sent', { email: form.data.email })} />);
    });

    app.get('/reset-password', async (req, reply) => {
      const token = (req.query as Record<string, unknown>).token;
      if (!(await resetLinkUsable(deps, token))) return invalidLinkPage(req, reply, '/forgot-password');
      return sendPage(reply, <ResetPasswordPage ctx={pageContext(req, reply)} token={String(token)} />);
    });

    app.post('/reset-password', { bodyLimit: PASSWORD_BODY_LIMIT, config: { rateLimit: { max: 20, timeWindow: '15 minutes' } } }, async (req, reply) => {
      const t = accountText(req.locale);
      const body = req.body as Record<string, unknown>;
      const form = parseForm(resetForm, body, req.locale, (k) => t(k as 'password_too_long'));
      if (!form.ok) {
        if (!(await resetLinkUsable(deps, body?.token))) return invalidLinkPage(req, reply, '/forgot-password');
        return sendPage(reply, <ResetPasswordPage ctx={pageContext(req, reply)} token={String(body.token)} errors={form.errors} />, 422);
      }
      const result = await resetPassword(deps, form.data.token, form.data.password);
      if (!result.ok) return invalidLinkPage(req, reply, '/forgot-password');
      await logCustomerIn(deps, req, reply, result.customerId);
      setFlash(reply, t('reset_done'));
      return seeOther(reply, `/${req.locale}/account`);
    });

    // ── "Mon compte" ────────────────────────────────────────────────────────────────────────────
    app.get('/account', async (req, reply) => {
      if (!requireCustomer(req, reply)) return reply;
      const customer = await getCustomer(deps.db, req.user!.id);
      return sendPage(reply, <AccountHome ctx={pageContext(req, reply)} firstName={customer?.firstName ?? ''} />);
    });

    await app.register(accountPageRoutes(deps));
    await app.register(addressRoutes(deps));
  };
}
