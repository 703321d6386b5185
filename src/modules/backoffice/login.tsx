import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Tx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { endSession, loadSession, startSession } from '../../http/auth.js';
import { pageContext, setFlash, type PageContext } from '../../http/context.js';
import { parseForm, type FieldErrors, type FormValues } from '../../http/forms.js';
import { safeReturnTo, seeOther, sendPage } from '../../http/render.js';
import { isLocale, type Locale } from '../../i18n/index.js';
import { Field, FormError } from '../../ui/forms.js';
import { BackOfficeLayout, CsrfField } from '../../ui/layout.js';
import { PASSWORD_MAX, PASSWORD_MIN } from '../accounts/passwords.js';
import { audit } from '../operators/audit.js';
import { checkLogin } from '../sessions/login.js';
import type { Face, Session } from '../sessions/store.js';
import { acceptInvitation, openInvitation, placeName } from './invitations.js';
import { boText } from './messages.js';
import { rememberRole } from './roles.js';
import { confirmEnrolment, pendingEnrolmentKey, secondFactorRequired, secondFactorState, verifySecondFactor } from './second-factor.js';
import { securityRoutes } from './security.js';
import { BoCard, CodeForm, EnrolKey, InvitationForm, RecoveryCodes } from './views.js';

type BoUser = { id: string; name: string; passwordHash: string; locale: Locale; role?: string; active?: boolean };
type BoFace = Exclude<Face, 'shop'>;

/** Between the password and the second factor: a signed cookie naming the user, valid 5 minutes. */
const PENDING = 'comptoir_bo_2fa';
const PENDING_MS = 5 * 60_000;
type Pending = { userId: string; mode: 'code' | 'enrol' };

/**
 * Login, second factor, invitations, logout, language switch and the session loading shared by the
 * two back offices. Each face passes how to find its users; their sessions and cookies stay separate
 * (`/vendeur`, `/admin`). It installs hooks and routes on the face's own instance (not a child
 * plugin, whose hooks would not reach the face's other routes).
 *
 * Login is the password, then — when the user has a second factor, and always for operator admins,
 * who must enrol first if they have not — a TOTP code or a recovery code
 * (docs/decisions/0015-totp-second-factor.md). The session starts only after both.
 */
export function backOfficeAuth<U extends BoUser>(
  deps: Deps,
  face: BoFace,
  base: string,
  users: {
    byEmail: (email: string) => Promise<BoUser | null>;
    byId: (id: string) => Promise<U | null>;
    attach: (req: FastifyRequest, user: U) => void;
    /** Session and user in one statement (with the face's menu counts), instead of loadSession + byId. */
    current?: (req: FastifyRequest) => Promise<{ session: Session; user: U | null } | null>;
  },
) {
  // A deactivated user is no user at all: no login, no session.
  const activeById = async (id: string) => {
    const u = await users.byId(id);
    return u && u.active !== false ? u : null;
  };
  const activeByEmail = async (email: string) => {
    const u = await users.byEmail(email);
    return u && u.active !== false ? u : null;
  };
  const secure = deps.config.publicUrl.startsWith('https:');

  const setPending = (reply: FastifyReply, p: Pending) =>
    reply.setCookie(PENDING, `${face}.${p.userId}.${p.mode}.${deps.clock.now().getTime() + PENDING_MS}`, { path: base, httpOnly: true, sameSite: 'lax', signed: true, secure, maxAge: PENDING_MS / 1000 });
  const clearPending = (reply: FastifyReply) => reply.clearCookie(PENDING, { path: base });
  const readPending = (req: FastifyRequest): Pending | null => {
    const raw = req.cookies[PENDING];
    if (!raw) return null;
    const u = req.unsignCookie(raw);
    if (!u.valid || !u.value) return null;
    const [f, userId, mode, exp] = u.value.split('.');
    if (f !== face || !userId || (mode !== 'code' && mode !== 'enrol') || !(Number(exp) > deps.clock.now().getTime())) return null;
    return { userId, mode };
  };

  return function install(app: FastifyInstance) {
    app.addHook('onRequest', async (req) => {
      let u: U | null = null;
      if (users.current) {
        const c = await users.current(req);
        req.session = c?.session ?? null;
        u = c?.user && c.user.active !== false ? c.user : null;
      } else {
        await loadSession(deps, req, face);
        if (req.session) u = await activeById(req.session.userId);
      }
      if (u) {
        req.user = { id: u.id, name: u.name };
        rememberRole(req.user, u.role);
        users.attach(req, u);
        if (!isLocale(req.cookies.comptoir_bo_lang)) req.locale = u.locale;
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
    const target = (returnTo: string) => (returnTo.startsWith(base) ? returnTo : base);
    const backToLogin = (req: FastifyRequest, reply: FastifyReply) => {
      setFlash(reply, boText(req.locale)('login_expired'));
      return seeOther(reply, `${base}/login`);
    };

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
      const r = await checkLogin(deps, face, { email: form.data.email, password: form.data.password, ip: req.ip }, activeByEmail);
      if (!r.ok) return sendPage(reply, page(pageContext(req, reply), returnTo, form.values, undefined, t(r.code)), r.code === 'too_many_attempts' ? 429 : 401);
      const user = await activeById(r.userId);
      const state = await secondFactorState(deps.db, face, r.userId);
      const rt = encodeURIComponent(target(returnTo));
      if (state.enabled) {
        setPending(reply, { userId: r.userId, mode: 'code' });
        return seeOther(reply, `${base}/login/code?returnTo=${rt}`);
      }
      if (user && secondFactorRequired(face, user)) {
        setPending(reply, { userId: r.userId, mode: 'enrol' });
        return seeOther(reply, `${base}/login/enrol?returnTo=${rt}`);
      }
      await startSession(deps, req, reply, face, r.userId);
      return seeOther(reply, target(returnTo));
    });

    // ── Second step: a code from the app, or a recovery code ──────────────────────────────────────
    const codePage = (ctx: PageContext, returnTo: string, errors?: FieldErrors) => {
      const t = boText(ctx.locale);
      return (
        <BoCard ctx={ctx} title={t('code_title')}>
          <p>{t('code_intro')}</p>
          <CodeForm ctx={ctx} action={`${base}/login/code`} returnTo={returnTo} button={t('code_button')} label={t('code_label')} errors={errors} hint={t('code_hint')} />
        </BoCard>
      );
    };
    app.get('/login/code', async (req, reply) => {
      const p = readPending(req);
      if (!p || p.mode !== 'code') return backToLogin(req, reply);
      return sendPage(reply, codePage(pageContext(req, reply), safeReturnTo((req.query as Record<string, string>).returnTo, base)));
    });
    app.post('/login/code', { config: { rateLimit: { max: 20, timeWindow: '1 minute' } } }, async (req, reply) => {
      const p = readPending(req);
      if (!p || p.mode !== 'code') return backToLogin(req, reply);
      const body = req.body as Record<string, unknown>;
      const returnTo = safeReturnTo(body?.returnTo, base);
      const code = typeof body?.code === 'string' ? body.code.slice(0, 40) : '';
      const t = boText(req.locale);
      const r = await verifySecondFactor(deps, face, p.userId, code);
      if (!r.ok) {
        const message = r.code === 'too_many_attempts' ? t('code_attempts') : t('invalid_code');
        return sendPage(reply, codePage(pageContext(req, reply), returnTo, { code: message }), r.code === 'too_many_attempts' ? 429 : 401);
      }
      clearPending(reply);
      await startSession(deps, req, reply, face, p.userId);
      if (r.method === 'recovery') setFlash(reply, t('recovery_used', { n: r.recoveryLeft }));
      return seeOther(reply, target(returnTo));
    });

    // ── Enrolment that cannot be skipped (operator admins without a second factor) ────────────────
    const enrolPage = async (req: FastifyRequest, reply: FastifyReply, p: Pending, returnTo: string, errors?: FieldErrors, status = 200) => {
      const user = await activeById(p.userId);
      const k = await pendingEnrolmentKey(deps, face, p.userId);
      if (!user || !k.ok) return backToLogin(req, reply);
      const ctx = pageContext(req, reply);
      const t = boText(ctx.locale);
      return sendPage(
        reply,
        <BoCard ctx={ctx} title={t('enrol_title')}>
          <p class="note">{t('enrol_required')}</p>
          <EnrolKey ctx={ctx} account={(user as { email?: string }).email ?? user.name} keyBytes={k.key} />
          <CodeForm ctx={ctx} action={`${base}/login/enrol`} returnTo={returnTo} button={t('enrol_button')} label={t('code_label')} errors={errors} />
        </BoCard>,
        status,
      );
    };
    app.get('/login/enrol', async (req, reply) => {
      const p = readPending(req);
      if (!p || p.mode !== 'enrol') return backToLogin(req, reply);
      return enrolPage(req, reply, p, safeReturnTo((req.query as Record<string, string>).returnTo, base));
    });
    app.post('/login/enrol', { config: { rateLimit: { max: 20, timeWindow: '1 minute' } } }, async (req, reply) => {
      const p = readPending(req);
      if (!p || p.mode !== 'enrol') return backToLogin(req, reply);
      const body = req.body as Record<string, unknown>;
      const returnTo = target(safeReturnTo(body?.returnTo, base));
      const t = boText(req.locale);
      const trace = face === 'operator' ? (tx: Tx) => audit(tx, { operatorId: p.userId, action: 'security.second_factor_on', subjectType: 'operator', subjectId: p.userId, after: { atLogin: true }, at: deps.clock.now() }) : undefined;
      const r = await confirmEnrolment(deps, face, p.userId, typeof body?.code === 'string' ? body.code.slice(0, 40) : '', trace);
      if (!r.ok) {
        if (r.code === 'already_enabled') return backToLogin(req, reply);
        return enrolPage(req, reply, p, returnTo, { code: r.code === 'too_many_attempts' ? t('code_attempts') : t('invalid_code') }, r.code === 'too_many_attempts' ? 429 : 422);
      }
      clearPending(reply);
      await startSession(deps, req, reply, face, p.userId);
      const user = await activeById(p.userId);
      if (user) {
        req.user = { id: user.id, name: user.name };
        rememberRole(req.user, user.role);
        users.attach(req, user);
      }
      const ctx = pageContext(req, reply);
      return sendPage(
        reply,
        <BoCard ctx={ctx} title={t('recovery_title')}>
          <p class="flash" role="status">
            {t('security_enabled')}
          </p>
          <RecoveryCodes ctx={ctx} codes={r.recoveryCodes} next={returnTo} />
        </BoCard>,
      );
    });

    // ── Invitations: a single-use link to set one's name and password ─────────────────────────────
    const invitationPage = async (req: FastifyRequest, reply: FastifyReply, token: unknown, values?: FormValues, errors?: FieldErrors, error?: string, status = 200) => {
      const ctx = pageContext(req, reply);
      const t = boText(ctx.locale);
      const inv = await openInvitation(deps.db, face, token, deps.clock.now());
      if (!inv) {
        return sendPage(
          reply,
          <BoCard ctx={ctx} title={t('invitation_title')}>
            <p class="form-error" role="alert">
              {t('invitation_invalid')}
            </p>
          </BoCard>,
          error ? status : 410,
        );
      }
      return sendPage(
        reply,
        <BoCard ctx={ctx} title={t('invitation_title')}>
          <InvitationForm ctx={ctx} action={`${base}/invitation`} token={String(token)} place={placeName(face, inv.shop, ctx.locale)} email={inv.email} values={values} errors={errors} error={error} />
        </BoCard>,
        status,
      );
    };
    app.get('/invitation', async (req, reply) => {
      // The page only shows the form: nothing is used up by opening the link (mail scanners open links).
      reply.header('referrer-policy', 'no-referrer');
      return invitationPage(req, reply, (req.query as Record<string, unknown>).token);
    });
    const invitationForm = z.object({
      token: z.string().max(100),
      name: z.string().trim().min(1).max(100),
      password: z.string().min(PASSWORD_MIN).max(PASSWORD_MAX, { message: 'msg:password_too_long' }),
    });
    app.post('/invitation', { bodyLimit: 2 * 1024 * 1024, config: { rateLimit: { max: 10, timeWindow: '1 minute' } } }, async (req, reply) => {
      const body = req.body as Record<string, unknown>;
      const t = boText(req.locale);
      const form = parseForm(invitationForm, body, req.locale, (k) => t(k as 'password_too_long'));
      if (!form.ok) return invitationPage(req, reply, body?.token, form.values, form.errors, undefined, 422);
      const r = await acceptInvitation(deps, face, form.data);
      if (!r.ok) return invitationPage(req, reply, form.data.token, form.values, undefined, t(r.code), 409);
      // A new access starts like any login: operator admins enrol their second factor first.
      const user = await activeById(r.userId);
      if (user && secondFactorRequired(face, user)) {
        setPending(reply, { userId: r.userId, mode: 'enrol' });
        return seeOther(reply, `${base}/login/enrol?returnTo=${encodeURIComponent(base)}`);
      }
      await startSession(deps, req, reply, face, r.userId);
      setFlash(reply, t('invitation_done'));
      return seeOther(reply, base);
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

    securityRoutes(deps, face, base, { byId: activeById })(app);
  };
}

/** Back-office guard: anonymous visitors are sent to the face's login page. */
export function requireBackOffice(base: string) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const path = req.url.split('?')[0]!;
    const open = path === `${base}/login` || path.startsWith(`${base}/login/`) || path.startsWith(`${base}/lang/`) || path === `${base}/invitation`;
    if (!req.user && !open) return reply.redirect(`${base}/login?returnTo=${encodeURIComponent(req.url)}`, 303);
  };
}
