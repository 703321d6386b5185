import type { ComponentChildren } from 'preact';
import type { PageContext } from '../../http/context.js';
import type { FieldErrors, FormValues } from '../../http/forms.js';
import { formatDate } from '../../i18n/index.js';
import { Field, FormError } from '../../ui/forms.js';
import { BackOfficeLayout, CsrfField } from '../../ui/layout.js';
import { DataTable } from '../../ui/table.js';
import { operatorMenu } from '../../faces/operator.js';
import { opText } from './messages.js';
import { PostButton } from './parts.js';
import { InviteForm } from './seller-views.js';
import { AdminTabs } from './subnav.js';
import { DEADLINE_KEYS, DEADLINE_RANGES, type listAudit, type listOperators } from './staff.js';

function Layout(props: { ctx: PageContext; title: string; children: ComponentChildren }) {
  return (
    <BackOfficeLayout ctx={props.ctx} title={props.title} menu={operatorMenu(props.ctx)}>
      <div class="ops">
        <h1>{opText(props.ctx.locale)('settings')}</h1>
        <AdminTabs ctx={props.ctx} />
        {props.children}
      </div>
    </BackOfficeLayout>
  );
}

type OperatorRow = Awaited<ReturnType<typeof listOperators>>[number];

export function OperatorsPage(props: { ctx: PageContext; rows: OperatorRow[]; invite?: { values: FormValues; errors?: FieldErrors }; error?: string }) {
  const { ctx } = props;
  const t = opText(ctx.locale);
  const me = ctx.user?.id;
  const roleLabel = (r: string) => t(r === 'admin' ? 'role_admin' : 'role_customer_service');
  return (
    <Layout ctx={ctx} title={t('operators')}>
      <h2>{t('operators')}</h2>
      <p>{t('operators_intro')}</p>
      <FormError message={props.error} />
      <DataTable
        rows={props.rows}
        columns={[
          {
            label: t('name'),
            cell: (o) => (
              <>
                {o.name} {o.id === me ? <span class="muted">({t('you')})</span> : null}
              </>
            ),
          },
          { label: t('email'), cell: (o) => o.email },
          { label: t('role'), cell: (o) => roleLabel(o.role) },
          { label: t('two_factor'), cell: (o) => (o.twoFactor ? <span class="badge ok">{t('yes')}</span> : <span class={`badge${o.role === 'admin' ? ' warn' : ''}`}>{t('no')}</span>) },
          { label: t('status'), cell: (o) => (o.active ? t('active') : <span class="badge err">{t('inactive')}</span>) },
          { label: t('action'), cell: (o) => (o.id === me ? null : <OperatorActions ctx={ctx} o={o} roleLabel={roleLabel} />) },
        ]}
      />
      <InviteForm ctx={ctx} action="/admin/operators/invite" roles={['customer_service', 'admin']} values={props.invite?.values} errors={props.invite?.errors} />
    </Layout>
  );
}

/** Role, access and second factor of another operator. */
function OperatorActions(props: { ctx: PageContext; o: OperatorRow; roleLabel: (r: string) => string }) {
  const { ctx, o } = props;
  const t = opText(ctx.locale);
  return (
    <div class="row-actions">
      <form method="post" action={`/admin/operators/${o.id}/role`} class="inline-form">
        <CsrfField ctx={ctx} />
        <label class="visually-hidden" for={`role-${o.id}`}>
          {t('role')}
        </label>
        <select id={`role-${o.id}`} name="role">
          {(['customer_service', 'admin'] as const).map((r) => (
            <option value={r} selected={o.role === r}>
              {props.roleLabel(r)}
            </option>
          ))}
        </select>{' '}
        <button type="submit" class="button small">
          {t('change_role')}
        </button>
      </form>
      <PostButton ctx={ctx} action={`/admin/operators/${o.id}/${o.active ? 'deactivate' : 'reactivate'}`} label={o.active ? t('deactivate') : t('reactivate')} kind={o.active ? 'danger' : undefined} />
      {o.twoFactor ? <PostButton ctx={ctx} action={`/admin/operators/${o.id}/reset-2fa`} label={t('reset_2fa')} kind="subtle" /> : null}
    </div>
  );
}

export function SettingsPage(props: { ctx: PageContext; values: FormValues; errors?: FieldErrors }) {
  const { ctx } = props;
  const t = opText(ctx.locale);
  return (
    <Layout ctx={ctx} title={t('settings')}>
      <form method="post" action="/admin/settings" class="card narrow-form" novalidate>
        <CsrfField ctx={ctx} />
        <h2>{t('deadlines')}</h2>
        <p class="hint">{t('deadlines_intro')}</p>
        {DEADLINE_KEYS.map((k) => (
          <Field
            name={k}
            label={t(k)}
            hint={`${t(`${k}_hint`)} ${t('between', { min: DEADLINE_RANGES[k][0], max: DEADLINE_RANGES[k][1] })}`}
            required
            inputMode="numeric"
            maxLength={3}
            values={props.values}
            errors={props.errors}
          />
        ))}
        <button type="submit" class="button primary">
          {t('save')}
        </button>
      </form>
    </Layout>
  );
}

type AuditRow = Awaited<ReturnType<typeof listAudit>>['rows'][number];

/** A short, readable rendering of an audit value (JSON, truncated). */
function json(v: unknown): string {
  if (v === null || v === undefined) return '—';
  const s = JSON.stringify(v);
  return s.length > 300 ? `${s.slice(0, 299)}…` : s;
}

function subjectLink(r: AuditRow): string | null {
  switch (r.subjectType) {
    case 'seller':
      return `/admin/sellers/${r.subjectId}`;
    case 'order':
      return `/admin/orders/${r.subjectId}`;
    case 'incident':
      return `/admin/incidents/${r.subjectId}`;
    case 'email':
      return `/admin/emails/${r.subjectId}`;
    case 'settings':
      return '/admin/settings';
    default:
      return null;
  }
}

export function AuditPage(props: { ctx: PageContext; rows: AuditRow[]; older: number | null; operators: { id: string; name: string }[]; operatorId: string; subject: string }) {
  const { ctx } = props;
  const t = opText(ctx.locale);
  const filters = { ...(props.operatorId ? { operator: props.operatorId } : {}), ...(props.subject ? { subject: props.subject } : {}) };
  return (
    <Layout ctx={ctx} title={t('audit')}>
      <h2>{t('audit')}</h2>
      <p>{t('audit_intro')}</p>
      <form method="get" action="/admin/audit" class="filters">
        <label for="operator">{t('operator')}</label>
        <select id="operator" name="operator">
          <option value="">{t('any_operator')}</option>
          {props.operators.map((o) => (
            <option value={o.id} selected={o.id === props.operatorId}>
              {o.name}
            </option>
          ))}
        </select>
        <label for="subject">{t('subject_filter')}</label>
        <input id="subject" name="subject" type="search" value={props.subject} maxLength={100} />
        <button type="submit" class="button small">
          {t('filter')}
        </button>
      </form>
      <DataTable
        class="audit"
        rows={props.rows}
        empty={t('none')}
        columns={[
          { label: t('at'), cell: (r) => <span class="nowrap">{formatDate(r.at, ctx.locale, true)}</span> },
          { label: t('operator'), cell: (r) => r.operator ?? '—' },
          { label: t('action'), cell: (r) => <code>{r.action}</code> },
          {
            label: t('subject'),
            cell: (r) => {
              const link = subjectLink(r);
              return (
                <>
                  {r.subjectType} {link ? <a href={link}>{r.subjectId}</a> : <span>{r.subjectId}</span>}
                </>
              );
            },
          },
          {
            label: t('change'),
            cell: (r) => (
              <span class="audit-change">
                <code>{json(r.before)}</code> → <code>{json(r.after)}</code>
              </span>
            ),
          },
        ]}
      />
      {props.older ? (
        <p>
          <a href={`/admin/audit?${new URLSearchParams({ ...filters, before: String(props.older) })}`}>{t('older')}</a>
        </p>
      ) : null}
    </Layout>
  );
}
