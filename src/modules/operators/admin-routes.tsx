import { asc } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../deps.js';
import { notFound } from '../../http/errors.js';
import { pageContext, setFlash } from '../../http/context.js';
import { parseForm, type FieldErrors, type FormValues } from '../../http/forms.js';
import { seeOther, sendPage } from '../../http/render.js';
import { isUuid } from '../messaging/queries.js';
import { AuditPage, OperatorsPage, SettingsPage } from './admin-views.js';
import { opText } from './messages.js';
import { operatorUsers } from './schema.js';
import { inviteForm } from './seller-routes.js';
import { currentDeadlines, DEADLINE_KEYS, DEADLINE_RANGES, deadlinesForm, inviteOperator, listAudit, listOperators, saveDeadlines, updateOperator, type DeadlineKey, type StaffRefusal } from './staff.js';

/**
 * Administrators only (customer service gets "not found", like the ledger's payouts): operator users
 * and roles, the deadlines the jobs use, the audit log.
 */
export function adminRoutes(deps: Deps) {
  return async function (app: FastifyInstance) {
    app.addHook('preHandler', async (req, reply) => {
      if (req.operator?.role !== 'admin') return notFound(req, reply);
    });

    const showOperators = async (req: FastifyRequest, reply: FastifyReply, extra: { invite?: { values: FormValues; errors?: FieldErrors }; error?: string } = {}, status = 200) =>
      sendPage(reply, <OperatorsPage ctx={pageContext(req, reply)} rows={await listOperators(deps.db)} {...extra} />, status);

    app.get('/operators', async (req, reply) => showOperators(req, reply));

    app.post('/operators/invite', async (req, reply) => {
      const t = opText(req.locale);
      const form = parseForm(inviteForm.extend({ role: z.enum(['admin', 'customer_service']) }), req.body, req.locale);
      if (!form.ok) return showOperators(req, reply, { invite: { values: form.values, errors: form.errors } }, 422);
      const r = await inviteOperator(deps, req.operator!, form.data);
      if (!r.ok) return showOperators(req, reply, { invite: { values: form.values, errors: { email: t('email_taken') } } }, 409);
      setFlash(reply, t('invited', { email: form.data.email }));
      return seeOther(reply, '/admin/operators');
    });

    const refusal = (req: FastifyRequest, reply: FastifyReply, code: StaffRefusal) => {
      if (code === 'not_found') return notFound(req, reply);
      return showOperators(req, reply, { error: opText(req.locale)(code === 'cannot_self' ? 'cannot_self' : code === 'last_admin' ? 'last_admin' : 'email_taken') }, 409);
    };
    const target = (req: FastifyRequest) => {
      const id = (req.params as { id: string }).id;
      return isUuid(id) ? id : null;
    };

    app.post('/operators/:id/role', async (req, reply) => {
      const id = target(req);
      const role = (req.body as Record<string, unknown> | undefined)?.role;
      if (!id || (role !== 'admin' && role !== 'customer_service')) return notFound(req, reply);
      const r = await updateOperator(deps, req.operator!, id, { role });
      if (!r.ok) return refusal(req, reply, r.code);
      const t = opText(req.locale);
      setFlash(reply, t('role_changed', { name: r.name, role: t(role === 'admin' ? 'role_admin' : 'role_customer_service') }));
      return seeOther(reply, '/admin/operators');
    });

    for (const [action, active] of [
      ['deactivate', false],
      ['reactivate', true],
    ] as const) {
      app.post(`/operators/:id/${action}`, async (req, reply) => {
        const id = target(req);
        if (!id) return notFound(req, reply);
        const r = await updateOperator(deps, req.operator!, id, { active });
        if (!r.ok) return refusal(req, reply, r.code);
        setFlash(reply, opText(req.locale)(active ? 'reactivated' : 'deactivated', { name: r.name }));
        return seeOther(reply, '/admin/operators');
      });
    }

    app.post('/operators/:id/reset-2fa', async (req, reply) => {
      const id = target(req);
      if (!id) return notFound(req, reply);
      const r = await updateOperator(deps, req.operator!, id, { resetSecondFactor: true });
      if (!r.ok) return refusal(req, reply, r.code);
      setFlash(reply, opText(req.locale)('reset_2fa_done', { name: r.name }));
      return seeOther(reply, '/admin/operators');
    });

    // ── Settings ────────────────────────────────────────────────────────────────────────────────
    app.get('/settings', async (req, reply) => {
      const current = await currentDeadlines(deps.db);
      const values = Object.fromEntries(DEADLINE_KEYS.map((k) => [k, String(current[k])]));
      return sendPage(reply, <SettingsPage ctx={pageContext(req, reply)} values={values} />);
    });

    app.post('/settings', async (req, reply) => {
      const t = opText(req.locale);
      const rangeText = (key: string) => {
        const k = key.replace(/^range_/, '') as DeadlineKey;
        const r = DEADLINE_RANGES[k];
        return r ? t('between', { min: r[0], max: r[1] }) : key;
      };
      const form = parseForm(deadlinesForm, req.body, req.locale, rangeText);
      if (!form.ok) return sendPage(reply, <SettingsPage ctx={pageContext(req, reply)} values={form.values} errors={form.errors} />, 422);
      await saveDeadlines(deps, req.operator!, form.data);
      setFlash(reply, t('settings_saved'));
      return seeOther(reply, '/admin/settings');
    });

    // ── Audit log ───────────────────────────────────────────────────────────────────────────────
    app.get('/audit', async (req, reply) => {
      const q = req.query as Record<string, unknown>;
      const operatorId = isUuid(q.operator) ? q.operator : '';
      const subject = typeof q.subject === 'string' ? q.subject.trim().slice(0, 100) : '';
      const before = typeof q.before === 'string' && /^\d{1,15}$/.test(q.before) ? Number(q.before) : null;
      const { rows, older } = await listAudit(deps.db, { operatorId: operatorId || null, subject: subject || undefined, before });
      const operators = await deps.db.select({ id: operatorUsers.id, name: operatorUsers.name }).from(operatorUsers).orderBy(asc(operatorUsers.name));
      return sendPage(reply, <AuditPage ctx={pageContext(req, reply)} rows={rows} older={older} operators={operators} operatorId={operatorId} subject={subject} />);
    });
  };
}
