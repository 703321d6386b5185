import type { PageContext } from '../../http/context.js';
import type { FieldErrors, FormValues } from '../../http/forms.js';
import { formatDate, formatMoney } from '../../i18n/index.js';
import { pick } from '../../shared/i18n-text.js';
import { FormError } from '../../ui/forms.js';
import { CsrfField, href } from '../../ui/layout.js';
import { AccountShell } from '../accounts/views.js';
import { TextArea } from '../messaging/views.js';
import { INCIDENT_REASONS, type IncidentReason, type reasonsFor } from './lifecycle.js';
import { incidentText } from './messages.js';
import { ArticleSummary, DecisionBlock, History, IncidentConversation, IncidentHeading, Photos, resolutionLabel, ReturnPolicy, StateBadge, StatusNotes, Time } from './parts.js';
import { PHOTO_MAX_COUNT } from './photos.js';
import type { IncidentDetail, IncidentListRow, lineForIncident } from './queries.js';
import type { CustomerAction } from './rules.js';

export type FormState = { values?: FormValues; errors?: FieldErrors; formError?: string | null };

type LineForForm = NonNullable<Awaited<ReturnType<typeof lineForIncident>>>;

function Crumbs({ ctx, orderNumber, last }: { ctx: PageContext; orderNumber: string; last: string }) {
  const t = incidentText(ctx.locale);
  return (
    <nav class="crumbs" aria-label="breadcrumb">
      <a href={href(ctx, '/account/orders')}>{t('my_orders')}</a> › <a href={href(ctx, `/account/orders/${encodeURIComponent(orderNumber)}`)}>{t('form_order', { number: orderNumber })}</a> › <span aria-current="page">{last}</span>
    </nav>
  );
}

/**
 * "Ouvrir un incident" for one article: a drop-down with the reasons this article allows now (the
 * FAQ's labels), the others explained, a message, photos, "Soumettre". A plain multipart form: it
 * works without JavaScript.
 */
export function IncidentFormPage({ ctx, data, reasons, form }: { ctx: PageContext; data: LineForForm; reasons: ReturnType<typeof reasonsFor>; form: FormState }) {
  const t = incidentText(ctx.locale);
  const action = href(ctx, `/account/orders/${encodeURIComponent(data.order.number)}/lines/${data.line.id}/incident`);
  const sent = ['shipped', 'delivered', 'closed'].includes(data.line.state);
  const err = form.errors ?? {};
  const reasonLabel = (r: IncidentReason) => t(`reason_${r}`);
  return (
    <AccountShell ctx={ctx} title={t('form_title')}>
      <Crumbs ctx={ctx} orderNumber={data.order.number} last={t('form_title')} />
      <h1>{t('form_title')}</h1>
      <div class="incident-layout">
        <div>
          <ArticleSummary ctx={ctx} d={{ line: data.line, seller: data.seller }} />
          <p class="note">{t('one_per_article')}</p>
          {reasons.allowed.length === 0 ? (
            <p class="form-error">{t('nothing_allowed')}</p>
          ) : (
            <form method="post" action={action} enctype="multipart/form-data" class="incident-form" novalidate>
              <CsrfField ctx={ctx} />
              <FormError message={form.formError} />
              <div class={`field${err.reason ? ' has-error' : ''}`}>
                <label for="f-reason">{t('reason')}</label>
                <select id="f-reason" name="reason" required aria-invalid={err.reason ? 'true' : undefined} aria-describedby={err.reason ? 'f-reason-err' : 'f-reason-info'}>
                  {INCIDENT_REASONS.filter((r) => reasons.allowed.includes(r)).map((r) => (
                    <option value={r} selected={form.values?.reason === r}>
                      {reasonLabel(r)}
                    </option>
                  ))}
                </select>
                {err.reason ? (
                  <p class="error" id="f-reason-err">
                    {err.reason}
                  </p>
                ) : null}
                <div id="f-reason-info" class="hint">
                  {reasons.allowed.includes('withdrawal') ? (
                    <p>
                      {sent ? t('withdrawal_sent') : t('withdrawal_not_sent', { amount: formatMoney(data.line.totalCents - data.line.refundedCents, ctx.locale) })}
                      {reasons.withdrawalLastDay ? ` ${t('withdrawal_last_day', { date: formatDate(reasons.withdrawalLastDay, ctx.locale) })}` : ''}
                    </p>
                  ) : null}
                  {reasons.refused.length ? (
                    <>
                      <p>{t('refused_intro')}</p>
                      <ul class="incident-refused">
                        {reasons.refused.map((r) => (
                          <li>{t(`refused_${r.code}`, { reason: reasonLabel(r.reason), date: reasons.withdrawalLastDay ? formatDate(reasons.withdrawalLastDay, ctx.locale) : '' })}</li>
                        ))}
                      </ul>
                    </>
                  ) : null}
                </div>
              </div>
              <TextArea name="message" label={t('message')} hint={t('message_hint')} values={form.values} errors={form.errors} rows={5} />
              <div class={`field${err.photos ? ' has-error' : ''}`}>
                <label for="f-photos">{t('photos')}</label>
                <input
                  id="f-photos"
                  name="photos"
                  type="file"
                  multiple
                  accept="image/jpeg,image/png,image/webp"
                  aria-invalid={err.photos ? 'true' : undefined}
                  aria-describedby={err.photos ? 'f-photos-hint f-photos-err' : 'f-photos-hint'}
                  data-max={PHOTO_MAX_COUNT}
                />
                <p class="hint" id="f-photos-hint">
                  {t('photos_hint')}
                </p>
                {err.photos ? (
                  <p class="error" id="f-photos-err">
                    {err.photos}
                  </p>
                ) : null}
              </div>
              <button type="submit" class="button primary">
                {t('submit')}
              </button>
            </form>
          )}
        </div>
        <aside>
          <ReturnPolicy ctx={ctx} seller={{ ...data.seller, id: '' }} />
        </aside>
      </div>
    </AccountShell>
  );
}

/** The incident as the customer follows it: status, decision, refunds, conversation, reply, accept or dispute. */
export function IncidentPage({ ctx, d, actions, form, now }: { ctx: PageContext; d: IncidentDetail; actions: CustomerAction[]; form: FormState; now: Date }) {
  const t = incidentText(ctx.locale);
  const i = d.incident;
  const base = href(ctx, `/account/incidents/${i.number}`);
  return (
    <AccountShell ctx={ctx} title={t('incident_title', { number: i.number })}>
      <Crumbs ctx={ctx} orderNumber={d.order.number} last={t('incident_title', { number: i.number })} />
      <IncidentHeading ctx={ctx} incident={i} />
      <div class="incident-layout">
        <div>
          <ArticleSummary ctx={ctx} d={d} />
          <dl class="facts">
            <dt>{t('reason')}</dt>
            <dd>{t(`reason_${i.reason}`)}</dd>
            <dt>{t('status')}</dt>
            <dd>
              {t(`state_${i.state}`)}
              {i.resolution ? ` · ${resolutionLabel(i.resolution, ctx.locale)}` : ''}
            </dd>
            <dt>{t('col_opened')}</dt>
            <dd>
              <Time at={i.createdAt} ctx={ctx} /> · {t('sent_to', { seller: d.seller.name })}
            </dd>
          </dl>
          <StatusNotes ctx={ctx} d={d} side="customer" now={now} />
          <FormError message={form.formError} />
          <DecisionBlock ctx={ctx} d={d} />
          {actions.includes('accept') || actions.includes('dispute') ? (
            <div class="incident-choice">
              {actions.includes('accept') ? (
                <form method="post" action={`${base}/accept`}>
                  <CsrfField ctx={ctx} />
                  <button type="submit" class="button primary">
                    {t('accept')}
                  </button>
                  <p class="hint">{t('accept_hint')}</p>
                </form>
              ) : null}
              {actions.includes('dispute') ? (
                <form method="post" action={`${base}/dispute`} class="incident-dispute">
                  <CsrfField ctx={ctx} />
                  <TextArea name="dispute" label={t('dispute_message')} values={form.values} errors={form.errors} rows={3} />
                  <button type="submit" class="button">
                    {t('dispute')}
                  </button>
                  <p class="hint">{t('dispute_hint')}</p>
                </form>
              ) : null}
            </div>
          ) : null}
          <IncidentConversation ctx={ctx} d={d} side="customer" />
          {actions.includes('reply') ? (
            <form method="post" action={`${base}/reply`} class="reply-form" novalidate>
              <CsrfField ctx={ctx} />
              <TextArea name="body" label={t('reply')} values={form.values} errors={form.errors} rows={4} required />
              <button type="submit" class="button primary">
                {t('send')}
              </button>
            </form>
          ) : null}
          <Photos ctx={ctx} d={d} base={base} />
          <History ctx={ctx} d={d} />
        </div>
        <aside>
          <ReturnPolicy ctx={ctx} seller={d.seller} />
        </aside>
      </div>
    </AccountShell>
  );
}

/** "Mes incidents": every incident of the customer, newest first. */
export function MyIncidentsPage({ ctx, rows }: { ctx: PageContext; rows: IncidentListRow[] }) {
  const t = incidentText(ctx.locale);
  return (
    <AccountShell ctx={ctx} title={t('my_incidents')}>
      <h1>{t('my_incidents')}</h1>
      {rows.length === 0 ? (
        <p>{t('my_incidents_none')}</p>
      ) : (
        <ul class="incident-list">
          {rows.map((r) => (
            <li class="card">
              <p>
                <a href={href(ctx, `/account/incidents/${r.number}`)}>
                  <strong>{t('incident_title', { number: r.number })}</strong>
                </a>{' '}
                <StateBadge ctx={ctx} state={r.state} />
              </p>
              <p class="small">
                {pick(r.title, ctx.locale)} · {r.sellerName} · {t('form_order', { number: r.orderNumber })}
              </p>
              <p class="small">
                {t(`reason_${r.reason}`)} · <Time at={r.createdAt} ctx={ctx} />
              </p>
            </li>
          ))}
        </ul>
      )}
    </AccountShell>
  );
}
