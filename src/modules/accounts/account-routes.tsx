import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../deps.js';
import { endSession } from '../../http/auth.js';
import { pageContext, setFlash } from '../../http/context.js';
import { checkbox, optionalText, parseForm, text, type FieldErrors } from '../../http/forms.js';
import { seeOther, sendPage } from '../../http/render.js';
import { LOCALES } from '../../i18n/index.js';
import { href } from '../../ui/layout.js';
import { checkLogin } from '../sessions/login.js';
import { EmailPage, PasswordPage, PrivacyPage, ProfilePage } from './account-views.js';
import { normalisePhone } from './address-rules.js';
import { getCustomer, type Customer } from './customers.js';
import { accountText } from './messages.js';
import { PASSWORD_MAX, PASSWORD_MIN } from './passwords.js';
import { changePassword } from './password-reset.js';
import { deleteAccount, exportCustomerData } from './privacy.js';
import { confirmEmailChange, emailChangeLinkTarget, requestEmailChange, updateProfile } from './profile.js';
import { invalidLinkPage, requireCustomer } from './guards.js';
import { ConfirmLinkPage, NoticePage } from './views.js';

const PASSWORD_BODY_LIMIT = 2 * 1024 * 1024;
const tooLong = { message: 'msg:password_too_long' };

const profileForm = z.object({
  firstName: text(100),
  lastName: text(100),
  phone: optionalText(25).transform((v, ctx) => {
    if (v === undefined) return null;
    const n = normalisePhone(v);
    if (!n) ctx.addIssue({ code: 'custom', message: 'msg:phone_invalid' });
    return n;
  }),
  locale: z.enum(LOCALES),
  marketing: checkbox,
});
const passwordForm = z.object({
  currentPassword: z.string().min(1).max(PASSWORD_MAX, tooLong),
  newPassword: z.string().min(PASSWORD_MIN).max(PASSWORD_MAX, tooLong),
});
const emailForm = z.object({
  email: z.string().trim().max(320).pipe(z.email()),
  password: z.string().min(1).max(PASSWORD_MAX, tooLong),
});
const deleteForm = z.object({ password: z.string().min(1).max(PASSWORD_MAX, tooLong) });
const tokenForm = z.object({ token: z.string().max(100) });

/** What a refused form shows: errors beside fields or one sentence, with its status. */
type Refusal = { status: number; errors?: FieldErrors; error?: string };

/**
 * Checks the customer's current password before a sensitive change, with the login's limits (wrong
 * answers count as failed logins of the account and of the IP). Null when it is right; otherwise
 * what the form shows: the error beside `field`, or the "too many attempts" sentence (429).
 */
async function currentPasswordRefusal(deps: Deps, req: FastifyRequest, customer: Customer, password: string, field: string) {
  const check = await checkLogin(deps, 'shop', { email: customer.email, password, ip: req.ip }, async () => customer);
  if (check.ok) return null;
  const t = accountText(req.locale);
  return check.code === 'too_many_attempts' ? { status: 429, error: t('too_many_attempts') } : { status: 422, errors: { [field]: t('wrong_password') } };
}

/** The customer behind the session, or null after sending them to "Connexion". */
async function currentCustomer(deps: Deps, req: FastifyRequest, reply: FastifyReply): Promise<Customer | null> {
  if (!requireCustomer(req, reply)) return null;
  const c = await getCustomer(deps.db, req.user!.id);
  if (!c) {
    void reply.redirect(`/${req.locale}/login`, 303);
    return null;
  }
  return c;
}

/** "Profil", password, email address, "Vie privée". */
export function accountPageRoutes(deps: Deps) {
  return async function (app: FastifyInstance) {
    const t = (req: FastifyRequest) => accountText(req.locale);
    const custom = (req: FastifyRequest) => (k: string) => t(req)(k as 'password_too_long');

    // ── Profile ─────────────────────────────────────────────────────────────────────────────────
    app.get('/account/profile', async (req, reply) => {
      const c = await currentCustomer(deps, req, reply);
      if (!c) return reply;
      return sendPage(reply, <ProfilePage ctx={pageContext(req, reply)} customer={c} />);
    });

    app.post('/account/profile', async (req, reply) => {
      const c = await currentCustomer(deps, req, reply);
      if (!c) return reply;
      const form = parseForm(profileForm, req.body, req.locale, custom(req));
      if (!form.ok) return sendPage(reply, <ProfilePage ctx={pageContext(req, reply)} customer={c} values={form.values} errors={form.errors} />, 422);
      await updateProfile(deps, c.id, form.data);
      setFlash(reply, t(req)('profile_saved'));
      return seeOther(reply, `/${req.locale}/account/profile`);
    });

    // ── Password ────────────────────────────────────────────────────────────────────────────────
    app.get('/account/password', async (req, reply) => {
      if (!requireCustomer(req, reply)) return reply;
      return sendPage(reply, <PasswordPage ctx={pageContext(req, reply)} />);
    });

    app.post('/account/password', { bodyLimit: PASSWORD_BODY_LIMIT }, async (req, reply) => {
      const c = await currentCustomer(deps, req, reply);
      if (!c) return reply;
      const form = parseForm(passwordForm, req.body, req.locale, custom(req));
      const page = (o: Refusal) => sendPage(reply, <PasswordPage ctx={pageContext(req, reply)} errors={o.errors} error={o.error} />, o.status);
      if (!form.ok) return page({ status: 422, errors: form.errors });
      const refused = await currentPasswordRefusal(deps, req, c, form.data.currentPassword, 'currentPassword');
      if (refused) return page(refused);
      await changePassword(deps, c.id, form.data.newPassword, req.session!.id);
      setFlash(reply, t(req)('password_changed'));
      return seeOther(reply, `/${req.locale}/account/profile`);
    });

    // ── Email address: a link to the new address confirms the change ───────────────────────────
    app.get('/account/email', async (req, reply) => {
      const c = await currentCustomer(deps, req, reply);
      if (!c) return reply;
      return sendPage(reply, <EmailPage ctx={pageContext(req, reply)} email={c.email} />);
    });

    app.post('/account/email', { bodyLimit: PASSWORD_BODY_LIMIT, config: { rateLimit: { max: 10, timeWindow: '15 minutes' } } }, async (req, reply) => {
      const c = await currentCustomer(deps, req, reply);
      if (!c) return reply;
      const form = parseForm(emailForm, req.body, req.locale, custom(req));
      const page = (o: Refusal) => sendPage(reply, <EmailPage ctx={pageContext(req, reply)} email={c.email} values={form.values} errors={o.errors} error={o.error} />, o.status);
      if (!form.ok) return page({ status: 422, errors: form.errors });
      if (form.data.email.toLowerCase() === c.email) return page({ status: 422, errors: { email: t(req)('same_email') } });
      const refused = await currentPasswordRefusal(deps, req, c, form.data.password, 'password');
      if (refused) return page(refused);
      await requestEmailChange(deps, c.id, form.data.email);
      setFlash(reply, t(req)('email_change_sent', { email: form.data.email.toLowerCase() }));
      return seeOther(reply, `/${req.locale}/account/profile`);
    });

    app.get('/account/email/confirm', async (req, reply) => {
      const c = await currentCustomer(deps, req, reply);
      if (!c) return reply;
      const token = (req.query as Record<string, unknown>).token;
      const newEmail = await emailChangeLinkTarget(deps, c.id, token);
      if (!newEmail) return invalidLinkPage(req, reply, '/account/email');
      const ctx = pageContext(req, reply);
      const tr = t(req);
      return sendPage(
        reply,
        <ConfirmLinkPage ctx={ctx} title={tr('email_confirm_title')} intro={tr('email_confirm_intro', { email: newEmail })} action={href(ctx, '/account/email/confirm')} token={String(token)} button={tr('email_confirm_button')} />,
      );
    });

    app.post('/account/email/confirm', async (req, reply) => {
      const c = await currentCustomer(deps, req, reply);
      if (!c) return reply;
      const form = parseForm(tokenForm, req.body, req.locale);
      const result = form.ok ? await confirmEmailChange(deps, c.id, form.data.token) : ({ ok: false, code: 'invalid_link' } as const);
      if (!result.ok) {
        if (result.code === 'invalid_link') return invalidLinkPage(req, reply, '/account/email');
        const ctx = pageContext(req, reply);
        return sendPage(reply, <NoticePage ctx={ctx} title={t(req)('email_title')} text={t(req)('email_change_taken')} />, 409);
      }
      setFlash(reply, t(req)('email_changed'));
      return seeOther(reply, `/${req.locale}/account/profile`);
    });

    // ── Privacy: download my data, delete my account ────────────────────────────────────────────
    app.get('/account/privacy', async (req, reply) => {
      if (!requireCustomer(req, reply)) return reply;
      return sendPage(reply, <PrivacyPage ctx={pageContext(req, reply)} />);
    });

    app.get('/account/privacy/export', async (req, reply) => {
      if (!requireCustomer(req, reply)) return reply;
      const data = await exportCustomerData(deps, req.user!.id);
      const day = deps.clock.now().toISOString().slice(0, 10);
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="comptoir-data-${day}.json"`)
        .header('cache-control', 'no-store')
        .send(JSON.stringify(data, null, 2));
    });

    app.post('/account/privacy/delete', { bodyLimit: PASSWORD_BODY_LIMIT }, async (req, reply) => {
      const c = await currentCustomer(deps, req, reply);
      if (!c) return reply;
      const form = parseForm(deleteForm, req.body, req.locale, custom(req));
      const page = (o: Refusal) => sendPage(reply, <PrivacyPage ctx={pageContext(req, reply)} errors={o.errors} error={o.error} />, o.status);
      if (!form.ok) return page({ status: 422, errors: form.errors });
      const refused = await currentPasswordRefusal(deps, req, c, form.data.password, 'password');
      if (refused) return page(refused);
      await deleteAccount(deps, c.id);
      await endSession(deps, req, reply, 'shop');
      setFlash(reply, t(req)('account_deleted'));
      return seeOther(reply, `/${req.locale}/`);
    });
  };
}
