import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.js';
import { pageContext, setFlash, type PageContext } from '../../http/context.js';
import type { FieldErrors } from '../../http/forms.js';
import { seeOther, sendPage } from '../../http/render.js';
import { formatDate } from '../../i18n/index.js';
import type { MenuItem } from '../../ui/layout.js';
import { audit } from '../operators/audit.js';
import { boText } from './messages.js';
import type { BoFace } from './schema.js';
import { confirmEnrolment, pendingEnrolmentKey, regenerateRecoveryCodes, removeSecondFactor, secondFactorRequired, secondFactorState, verifySecondFactor } from './second-factor.js';
import { BoCard, CodeForm, EnrolKey, RecoveryCodes } from './views.js';

/** The face's menu, found when the page renders (the faces import this module, not the reverse). */
const menus = new Map<BoFace, (ctx: PageContext) => MenuItem[]>();
export function setSecurityMenu(face: BoFace, menu: (ctx: PageContext) => MenuItem[]): void {
  menus.set(face, menu);
}

type Who = { id: string; name: string; role?: string; email?: string };

/**
 * "Sécurité": every back-office user turns the second factor on (or off, unless their role requires
 * it), and makes new recovery codes. Every change asks for a current code; operators' changes are
 * written to the audit log.
 */
export function securityRoutes(deps: Deps, face: BoFace, base: string, users: { byId: (id: string) => Promise<Who | null> }) {
  const menu = (ctx: PageContext) => menus.get(face)?.(ctx) ?? [];
  const trace = (userId: string, action: string, after: Record<string, unknown>) =>
    face === 'operator' ? (tx: Parameters<typeof audit>[0]) => audit(tx, { operatorId: userId, action, subjectType: 'operator', subjectId: userId, after, at: deps.clock.now() }) : async () => {};

  const show = async (req: FastifyRequest, reply: FastifyReply, errors: { regen?: FieldErrors; disable?: FieldErrors } = {}, status = 200) => {
    const ctx = pageContext(req, reply);
    const t = boText(ctx.locale);
    const me = (await users.byId(req.user!.id))!;
    const state = await secondFactorState(deps.db, face, me.id);
    const required = secondFactorRequired(face, me);
    return sendPage(
      reply,
      <BoCard ctx={ctx} title={t('security')} menu={menu(ctx)}>
        <h2>{t('two_factor')}</h2>
        {state.enabled ? (
          <>
            <p>{t('security_on', { date: formatDate(state.enabledAt!, ctx.locale) })}</p>
            <p>{t('recovery_left', { n: state.recoveryLeft })}</p>
            {required ? <p class="note">{t('security_required')}</p> : null}
            <h3>{t('security_new_codes')}</h3>
            <CodeForm ctx={ctx} action={`${base}/security/recovery-codes`} button={t('security_new_codes')} label={t('security_confirm_code')} errors={errors.regen} />
            {required ? null : (
              <>
                <h3>{t('security_disable')}</h3>
                <CodeForm ctx={ctx} action={`${base}/security/disable`} button={t('security_disable')} label={t('security_confirm_code')} errors={errors.disable} danger />
              </>
            )}
          </>
        ) : (
          <>
            <p>{t('security_off')}</p>
            <p>
              <a class="button primary" href={`${base}/security/enrol`}>
                {t('security_enable')}
              </a>
            </p>
          </>
        )}
      </BoCard>,
      status,
    );
  };

  const enrolPage = async (req: FastifyRequest, reply: FastifyReply, errors?: FieldErrors, status = 200) => {
    const ctx = pageContext(req, reply);
    const t = boText(ctx.locale);
    const me = (await users.byId(req.user!.id))!;
    const k = await pendingEnrolmentKey(deps, face, me.id);
    if (!k.ok) {
      setFlash(reply, t('already_enabled'));
      return seeOther(reply, `${base}/security`);
    }
    return sendPage(
      reply,
      <BoCard ctx={ctx} title={t('enrol_title')} menu={menu(ctx)}>
        <EnrolKey ctx={ctx} account={me.email ?? me.name} keyBytes={k.key} />
        <CodeForm ctx={ctx} action={`${base}/security/enrol`} button={t('enrol_button')} label={t('code_label')} errors={errors} />
      </BoCard>,
      status,
    );
  };

  const codeOf = (req: FastifyRequest) => {
    const c = (req.body as Record<string, unknown> | undefined)?.code;
    return typeof c === 'string' ? c.slice(0, 40) : '';
  };
  const codeError = (req: FastifyRequest, code: string) => {
    const t = boText(req.locale);
    return code === 'too_many_attempts' ? t('code_attempts') : code === 'not_enabled' ? t('not_enabled') : t('invalid_code');
  };

  return function install(app: FastifyInstance) {
    app.get('/security', async (req, reply) => show(req, reply));
    app.get('/security/enrol', async (req, reply) => enrolPage(req, reply));

    app.post('/security/enrol', { config: { rateLimit: { max: 20, timeWindow: '1 minute' } } }, async (req, reply) => {
      const t = boText(req.locale);
      const userId = req.user!.id;
      const r = await confirmEnrolment(deps, face, userId, codeOf(req), trace(userId, 'security.second_factor_on', {}));
      if (!r.ok) {
        if (r.code === 'already_enabled') return seeOther(reply, `${base}/security`);
        return enrolPage(req, reply, { code: codeError(req, r.code) }, r.code === 'too_many_attempts' ? 429 : 422);
      }
      const ctx = pageContext(req, reply);
      return sendPage(
        reply,
        <BoCard ctx={ctx} title={t('recovery_title')} menu={menu(ctx)}>
          <p class="flash" role="status">
            {t('security_enabled')}
          </p>
          <RecoveryCodes ctx={ctx} codes={r.recoveryCodes} next={`${base}/security`} />
        </BoCard>,
      );
    });

    app.post('/security/recovery-codes', { config: { rateLimit: { max: 20, timeWindow: '1 minute' } } }, async (req, reply) => {
      const t = boText(req.locale);
      const userId = req.user!.id;
      const v = await verifySecondFactor(deps, face, userId, codeOf(req));
      if (!v.ok) return show(req, reply, { regen: { code: codeError(req, v.code) } }, v.code === 'too_many_attempts' ? 429 : 422);
      const codes = await regenerateRecoveryCodes(deps, face, userId, trace(userId, 'security.recovery_codes', {}));
      const ctx = pageContext(req, reply);
      return sendPage(
        reply,
        <BoCard ctx={ctx} title={t('recovery_title')} menu={menu(ctx)}>
          <RecoveryCodes ctx={ctx} codes={codes} next={`${base}/security`} />
        </BoCard>,
      );
    });

    app.post('/security/disable', { config: { rateLimit: { max: 20, timeWindow: '1 minute' } } }, async (req, reply) => {
      const t = boText(req.locale);
      const me = (await users.byId(req.user!.id))!;
      if (secondFactorRequired(face, me)) return show(req, reply, { disable: { code: t('security_required') } }, 403);
      const v = await verifySecondFactor(deps, face, me.id, codeOf(req));
      if (!v.ok) return show(req, reply, { disable: { code: codeError(req, v.code) } }, v.code === 'too_many_attempts' ? 429 : 422);
      await deps.db.transaction(async (tx) => {
        await removeSecondFactor(tx, face, me.id);
        await trace(me.id, 'security.second_factor_off', {})(tx);
      });
      setFlash(reply, t('security_disabled'));
      return seeOther(reply, `${base}/security`);
    });
  };
}
