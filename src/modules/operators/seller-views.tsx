import type { ComponentChildren } from 'preact';
import type { PageContext } from '../../http/context.js';
import type { FieldErrors, FormValues } from '../../http/forms.js';
import { formatDate, LOCALES } from '../../i18n/index.js';
import { pick, type I18nText } from '../../shared/i18n-text.js';
import { Field, FormError, SelectField, TextAreaField } from '../../ui/forms.js';
import { BackOfficeLayout, CsrfField } from '../../ui/layout.js';
import { DataTable, type Column } from '../../ui/table.js';
import { operatorMenu } from '../../faces/operator.js';
import { durationLabel } from '../messaging/labels.js';
import { sellerText } from '../sellers/messages.js';
import { shippingRuleText } from '../sellers/shop-page.js';
import { LATE_AFTER_DAYS, rate, type SellerFigures } from './figures.js';
import { opText } from './messages.js';
import { PostButton } from './parts.js';
import { isAdmin } from './menu.js';
import { bpsToPercent, type SellerRow } from './sellers-admin.js';

const LANGS = [
  ['Fr', 'fr'],
  ['Nl', 'nl'],
  ['En', 'en'],
] as const;

function Layout(props: { ctx: PageContext; title: string; children: ComponentChildren }) {
  return (
    <BackOfficeLayout ctx={props.ctx} title={props.title} menu={operatorMenu(props.ctx)}>
      <div class="ops">{props.children}</div>
    </BackOfficeLayout>
  );
}


/** A figure with its rate: "3 (4,2 %)". */
function Ratio(props: { part: number; whole: number; locale: string }) {
  const r = rate(props.part, props.whole);
  return (
    <>
      {props.part}
      {r !== null ? <span class="muted"> ({r.toLocaleString(props.locale)} %)</span> : null}
    </>
  );
}

/** "4 h 10 min" over n conversations, or a dash when there is nothing to measure. */
function Median(props: { ctx: PageContext; seconds: number | null; n: number }) {
  if (props.seconds === null) return <span class="muted">—</span>;
  return (
    <>
      {durationLabel(props.seconds, props.ctx.locale)} <span class="small muted">({props.n})</span>
    </>
  );
}

/** The figures' columns, for the sellers list and a seller's page. */
function figureColumns(ctx: PageContext): Column<SellerFigures>[] {
  const t = opText(ctx.locale);
  const median = `(${t('median')})`;
  return [
    { label: t('f_orders'), num: true, cell: (f) => f.orders },
    { label: t('f_late'), num: true, cell: (f) => <Ratio part={f.late} whole={f.shippable} locale={ctx.locale} /> },
    { label: t('f_incidents'), num: true, cell: (f) => <Ratio part={f.incidents} whole={f.lines} locale={ctx.locale} /> },
    {
      label: t('f_refunds'),
      num: true,
      cell: (f) => {
        const r = rate(f.refundedCents, f.soldCents);
        return r !== null ? `${r.toLocaleString(ctx.locale)} %` : '—';
      },
    },
    { label: `${t('f_questions')} ${median}`, num: true, cell: (f) => <Median ctx={ctx} seconds={f.questionMedianSeconds} n={f.questions} /> },
    { label: `${t('f_incident_answer')} ${median}`, num: true, cell: (f) => <Median ctx={ctx} seconds={f.incidentMedianSeconds} n={f.incidentThreads} /> },
  ];
}

export function StatusBadge(props: { ctx: PageContext; status: 'active' | 'suspended' }) {
  const t = opText(props.ctx.locale);
  return <span class={`badge ${props.status === 'active' ? 'ok' : 'err'}`}>{t(props.status === 'active' ? 'status_active' : 'status_suspended')}</span>;
}

export function SellersPage(props: { ctx: PageContext; rows: SellerFigures[]; status: string; q: string }) {
  const { ctx } = props;
  const t = opText(ctx.locale);
  return (
    <Layout ctx={ctx} title={t('sellers')}>
      <div class="page-head">
        <h1>{t('sellers')}</h1>
        <a class="button primary" href="/admin/sellers/new">
          {t('new_seller')}
        </a>
      </div>
      <p>{t('sellers_intro')}</p>
      <form method="get" action="/admin/sellers" class="filters">
        <label for="q">{t('shop_filter')}</label>
        <input id="q" name="q" type="search" value={props.q} maxLength={100} />
        <label for="status">{t('status')}</label>
        <select id="status" name="status">
          {[
            ['', t('all')],
            ['active', t('status_active')],
            ['suspended', t('status_suspended')],
          ].map(([v, l]) => (
            <option value={v} selected={props.status === v}>
              {l}
            </option>
          ))}
        </select>
        <button type="submit" class="button small">
          {t('filter')}
        </button>
      </form>
      <DataTable
        rows={props.rows}
        empty={t('none')}
        columns={[
          { label: t('shop'), cell: (f) => <a href={`/admin/sellers/${f.sellerId}`}>{f.name}</a> },
          { label: t('status'), cell: (f) => <StatusBadge ctx={ctx} status={f.status} /> },
          ...figureColumns(ctx),
        ]}
      />
      <p class="small muted">{t('figures_hint', { days: LATE_AFTER_DAYS })}</p>
    </Layout>
  );
}

/** The seller form: identity, return policy and shipping rule, commission (admins), first user (creation). */
export function SellerFormPage(props: { ctx: PageContext; seller: SellerRow | null; values: FormValues; errors?: FieldErrors; error?: string }) {
  const { ctx, values, errors, seller } = props;
  const t = opText(ctx.locale);
  const st = sellerText(ctx.locale);
  const common = { values, errors };
  const title = seller ? `${t('edit')} — ${seller.name}` : t('new_seller');
  return (
    <Layout ctx={ctx} title={title}>
      <p>
        <a href={seller ? `/admin/sellers/${seller.id}` : '/admin/sellers'}>← {seller ? seller.name : t('sellers')}</a>
      </p>
      <h1>{title}</h1>
      <FormError message={props.error ?? (errors ? t('form_errors') : undefined)} />
      <form method="post" action={seller ? `/admin/sellers/${seller.id}/edit` : '/admin/sellers/new'} class="card seller-form" novalidate>
        <CsrfField ctx={ctx} />
        <fieldset>
          <legend>{t('identity')}</legend>
          <div class="field-row">
            <Field name="name" label={t('shop_name')} required maxLength={100} {...common} />
            <Field name="slug" label={t('slug')} hint={t('slug_hint')} maxLength={60} {...common} />
          </div>
          <div class="field-row">
            <Field name="legalName" label={t('legal_name')} required maxLength={200} {...common} />
            <Field name="vatNumber" label={t('vat')} required maxLength={30} {...common} />
          </div>
          <div class="field-row">
            <Field name="email" type="email" label={t('contact_email')} required maxLength={320} {...common} />
            <Field name="phone" type="tel" label={t('phone')} maxLength={40} {...common} />
          </div>
          {LANGS.map(([k, l]) => (
            <TextAreaField name={`description${k}`} label={t('description', { lang: st(`lang_${l}`) })} required={k === 'Fr'} rows={2} maxLength={4000} {...common} />
          ))}
        </fieldset>
        <fieldset>
          <legend>{st('returns_fieldset')}</legend>
          <Field name="returnWindowDays" label={st('return_window_label')} hint={st('return_window_hint')} required inputMode="numeric" maxLength={3} {...common} />
          <SelectField
            name="returnShippingPaidBy"
            label={st('return_shipping_label')}
            options={[
              { value: 'customer', label: st('paid_by_customer') },
              { value: 'seller', label: st('paid_by_seller') },
            ]}
            required
            {...common}
          />
          {LANGS.map(([k, l]) => (
            <TextAreaField name={`conditions${k}`} label={st('conditions_label', { lang: st(`lang_${l}`) })} required={k === 'Fr'} rows={2} maxLength={1000} {...common} />
          ))}
          {LANGS.map(([k, l]) => (
            <TextAreaField name={`text${k}`} label={st('text_label', { lang: st(`lang_${l}`) })} rows={3} maxLength={4000} {...common} />
          ))}
        </fieldset>
        <fieldset>
          <legend>{st('shipping_fieldset')}</legend>
          <div class="field-row">
            <Field name="shippingFee" label={st('shipping_fee_label')} required inputMode="decimal" maxLength={10} {...common} />
            <Field name="freeFrom" label={st('free_from_label')} hint={st('free_from_hint')} inputMode="decimal" maxLength={10} {...common} />
          </div>
        </fieldset>
        {isAdmin(ctx) ? (
          <fieldset>
            <legend>{t('commission')}</legend>
            <Field name="commission" label={t('commission_default')} hint={t('commission_hint')} inputMode="decimal" maxLength={6} {...common} />
          </fieldset>
        ) : null}
        {seller ? null : (
          <fieldset>
            <legend>{t('owner')}</legend>
            <div class="field-row">
              <Field name="ownerEmail" type="email" label={t('owner_email')} hint={t('owner_hint')} required maxLength={320} {...common} />
              <SelectField name="ownerLocale" label={t('language')} options={LOCALES.map((l) => ({ value: l, label: l.toUpperCase() }))} {...common} />
            </div>
          </fieldset>
        )}
        <button type="submit" class="button primary">
          {seller ? t('save') : t('create')}
        </button>
      </form>
    </Layout>
  );
}

/** The form's values from a stored seller ("Modifier" before anything is typed). */
export function sellerFormValues(s: SellerRow, locale: 'fr' | 'nl' | 'en'): FormValues {
  const i = (x: I18nText, k: 'fr' | 'nl' | 'en') => x[k] ?? '';
  return {
    name: s.name,
    slug: s.slug,
    legalName: s.legalName,
    vatNumber: s.vatNumber,
    email: s.email,
    phone: s.phone ?? '',
    descriptionFr: i(s.description, 'fr'),
    descriptionNl: i(s.description, 'nl'),
    descriptionEn: i(s.description, 'en'),
    returnWindowDays: String(s.returnWindowDays),
    returnShippingPaidBy: s.returnShippingPaidBy,
    conditionsFr: i(s.returnConditions, 'fr'),
    conditionsNl: i(s.returnConditions, 'nl'),
    conditionsEn: i(s.returnConditions, 'en'),
    textFr: i(s.returnText, 'fr'),
    textNl: i(s.returnText, 'nl'),
    textEn: i(s.returnText, 'en'),
    shippingFee: (s.shippingFeeCents / 100).toFixed(2).replace('.', locale === 'en' ? '.' : ','),
    freeFrom: s.freeShippingFromCents === null ? '' : (s.freeShippingFromCents / 100).toFixed(2).replace('.', locale === 'en' ? '.' : ','),
    commission: bpsToPercent(s.commissionBps, locale),
  };
}

export type SellerUserRow = { id: string; name: string; email: string; role: 'owner' | 'staff'; active: boolean; twoFactor: boolean; createdAt: Date };
export type PendingInvitation = { id: string; email: string; role: string; expiresAt: Date };
export type CommissionRow = { id: string; name: I18nText; parentId: string | null; rateBps: number | null };

export function SellerPage(props: {
  ctx: PageContext;
  seller: SellerRow;
  figures: SellerFigures | null;
  users: SellerUserRow[];
  invitations: PendingInvitation[];
  commissions: CommissionRow[];
  invite?: { values: FormValues; errors?: FieldErrors };
  suspend?: { values: FormValues; errors?: FieldErrors };
  commissionForm?: { values: FormValues; errors?: FieldErrors };
}) {
  const { ctx, seller: s } = props;
  const t = opText(ctx.locale);
  const st = sellerText(ctx.locale);
  const admin = isAdmin(ctx);
  const cValues = props.commissionForm?.values ?? {
    default: bpsToPercent(s.commissionBps, ctx.locale),
    ...Object.fromEntries(props.commissions.map((c) => [`rate_${c.id}`, c.rateBps === null ? '' : bpsToPercent(c.rateBps, ctx.locale)])),
  };
  return (
    <Layout ctx={ctx} title={s.name}>
      <p>
        <a href="/admin/sellers">← {t('sellers')}</a>
      </p>
      <div class="page-head">
        <h1>
          {s.name} <StatusBadge ctx={ctx} status={s.status} />
        </h1>
        <a class="button" href={`/admin/sellers/${s.id}/edit`}>
          {t('edit')}
        </a>
      </div>
      <div class="cs-columns">
        <section class="card">
          <h2>{t('facts')}</h2>
          <dl class="facts">
            <dt>{t('legal_name')}</dt>
            <dd>{s.legalName}</dd>
            <dt>{t('vat')}</dt>
            <dd>{s.vatNumber}</dd>
            <dt>{t('contact_email')}</dt>
            <dd>{s.email}</dd>
            <dt>{t('phone')}</dt>
            <dd>{s.phone ?? '—'}</dd>
            <dt>{t('created_at')}</dt>
            <dd>{formatDate(s.createdAt, ctx.locale)}</dd>
            <dt>{t('return_policy')}</dt>
            <dd>
              {st('return_window_days', { n: s.returnWindowDays })} — {st(s.returnShippingPaidBy === 'seller' ? 'return_paid_by_seller' : 'return_paid_by_customer')}
              <div class="small">{pick(s.returnConditions, ctx.locale)}</div>
            </dd>
            <dt>{t('shipping_rule')}</dt>
            <dd>{shippingRuleText(ctx, s)}</dd>
            <dt>{t('commission_default')}</dt>
            <dd>{bpsToPercent(s.commissionBps, ctx.locale)} %</dd>
          </dl>
          {s.status === 'active' ? (
            <p>
              <a href={`/${ctx.locale}/s/${s.slug}`}>{t('storefront_page')} →</a>
            </p>
          ) : null}
        </section>
        <section class="card">
          <h2>{t('figures')}</h2>
          {/* One seller: its figures as label → value pairs (a one-row table was wider than the card). */}
          {props.figures ? (
            <dl class="facts figures">
              {figureColumns(ctx).map((c) => (
                <>
                  <dt>{c.label}</dt>
                  <dd>{c.cell(props.figures!)}</dd>
                </>
              ))}
            </dl>
          ) : null}
          <p class="small muted">{t('figures_hint', { days: LATE_AFTER_DAYS })}</p>
          <h2>{s.status === 'active' ? t('suspend') : t('reactivate')}</h2>
          {s.status === 'active' ? (
            <form method="post" action={`/admin/sellers/${s.id}/suspend`} novalidate>
              <CsrfField ctx={ctx} />
              <p class="hint">{t('suspend_hint')}</p>
              <TextAreaField name="reason" label={t('suspend_reason')} required rows={2} maxLength={1000} values={props.suspend?.values} errors={props.suspend?.errors} />
              <button type="submit" class="button danger">
                {t('suspend')}
              </button>
            </form>
          ) : (
            <form method="post" action={`/admin/sellers/${s.id}/reactivate`}>
              <CsrfField ctx={ctx} />
              <button type="submit" class="button primary">
                {t('reactivate')}
              </button>
            </form>
          )}
        </section>
      </div>

      <section>
        <h2>{t('users')}</h2>
        <UsersTable ctx={ctx} users={props.users} resetAction={admin ? (u) => `/admin/sellers/${s.id}/users/${u}/reset-2fa` : null} />
        {props.invitations.length ? (
          <>
            <h3>{t('pending')}</h3>
            <ul>
              {props.invitations.map((i) => (
                <li>
                  {i.email} — {t(i.role === 'owner' ? 'role_owner' : 'role_staff')} — {t('expires', { date: formatDate(i.expiresAt, ctx.locale) })}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <InviteForm ctx={ctx} action={`/admin/sellers/${s.id}/invite`} roles={['owner', 'staff']} values={props.invite?.values} errors={props.invite?.errors} />
      </section>

      <section>
        <h2>{t('commissions')}</h2>
        {admin ? (
          <form method="post" action={`/admin/sellers/${s.id}/commissions`} class="card" novalidate>
            <CsrfField ctx={ctx} />
            <Field name="default" label={t('commission_default')} required inputMode="decimal" maxLength={6} values={cValues} errors={props.commissionForm?.errors} />
            <table class="data commissions">
              <thead>
                <tr>
                  <th scope="col">{t('category')}</th>
                  <th scope="col">{t('rate')}</th>
                </tr>
              </thead>
              <tbody>
                {props.commissions.map((c) => (
                  <tr>
                    <td>
                      <label for={`f-rate_${c.id}`}>{pick(c.name, ctx.locale)}</label>
                    </td>
                    <td>
                      <input id={`f-rate_${c.id}`} name={`rate_${c.id}`} value={cValues[`rate_${c.id}`] ?? ''} inputMode="decimal" maxLength={6} size={6} aria-invalid={props.commissionForm?.errors?.[`rate_${c.id}`] ? 'true' : undefined} />
                      {props.commissionForm?.errors?.[`rate_${c.id}`] ? <p class="error">{props.commissionForm.errors[`rate_${c.id}`]}</p> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p class="hint">{t('rate_default_hint', { rate: bpsToPercent(s.commissionBps, ctx.locale) })}</p>
            <button type="submit" class="button primary">
              {t('save')}
            </button>
          </form>
        ) : (
          <DataTable
            class="commissions"
            rows={props.commissions.filter((c) => c.rateBps !== null)}
            empty={t('rate_default_hint', { rate: bpsToPercent(s.commissionBps, ctx.locale) })}
            columns={[
              { label: t('category'), cell: (c) => pick(c.name, ctx.locale) },
              { label: t('rate'), cell: (c) => `${bpsToPercent(c.rateBps!, ctx.locale)} %` },
            ]}
          />
        )}
      </section>
    </Layout>
  );
}

export function UsersTable(props: { ctx: PageContext; users: SellerUserRow[]; resetAction: ((userId: string) => string) | null; manage?: (u: SellerUserRow) => ComponentChildren }) {
  const { ctx } = props;
  const t = opText(ctx.locale);
  const columns: Column<SellerUserRow>[] = [
    { label: t('name'), cell: (u) => u.name },
    { label: t('email'), cell: (u) => u.email },
    { label: t('role'), cell: (u) => t(u.role === 'owner' ? 'role_owner' : 'role_staff') },
    { label: t('two_factor'), cell: (u) => (u.twoFactor ? <span class="badge ok">{t('yes')}</span> : <span class="badge">{t('no')}</span>) },
    { label: t('status'), cell: (u) => (u.active ? t('active') : <span class="badge err">{t('inactive')}</span>) },
  ];
  const reset = props.resetAction;
  if (reset || props.manage) {
    columns.push({
      label: t('action'),
      cell: (u) => (
        <>
          {props.manage?.(u)}
          {reset && u.twoFactor ? <PostButton ctx={ctx} action={reset(u.id)} label={t('reset_2fa')} kind="subtle" /> : null}
        </>
      ),
    });
  }
  return <DataTable rows={props.users} columns={columns} />;
}

export function InviteForm(props: { ctx: PageContext; action: string; roles: readonly string[]; values?: FormValues; errors?: FieldErrors }) {
  const { ctx } = props;
  const t = opText(ctx.locale);
  const roleLabel = (r: string) => t(`role_${r}` as 'role_owner');
  return (
    <form method="post" action={props.action} class="card invite-form" novalidate>
      <CsrfField ctx={ctx} />
      <h3>{t('invite')}</h3>
      <div class="field-row">
        <Field name="email" type="email" label={t('email')} required maxLength={320} values={props.values} errors={props.errors} />
        <SelectField name="role" label={t('role')} options={props.roles.map((r) => ({ value: r, label: roleLabel(r) }))} values={props.values} errors={props.errors} />
        <SelectField name="locale" label={t('language')} options={LOCALES.map((l) => ({ value: l, label: l.toUpperCase() }))} values={props.values ?? { locale: ctx.locale }} errors={props.errors} />
      </div>
      <button type="submit" class="button primary">
        {t('invite')}
      </button>
    </form>
  );
}


