import { randomUUID } from 'node:crypto';
import type { ComponentChildren } from 'preact';
import type { PageContext } from '../../http/context.js';
import type { FieldErrors, FormValues } from '../../http/forms.js';
import { formatDate, formatMoney } from '../../i18n/index.js';
import { pick } from '../../shared/i18n-text.js';
import { Field, FormError } from '../../ui/forms.js';
import { BackOfficeLayout, CsrfField, type MenuItem } from '../../ui/layout.js';
import { DataTable } from '../../ui/table.js';
import { TextArea } from '../messaging/views.js';
import { StatusBadge } from '../orders/views.js';
import { incidentText } from './messages.js';
import { ArticleSummary, DecisionBlock, History, IncidentConversation, IncidentHeading, leftToRefund, Photos, policyInstructions, resolutionLabel, ReturnPolicy, StateBadge, StatusNotes, Time, timeLeft } from './parts.js';
import type { IncidentDetail, IncidentListRow } from './queries.js';
import { awaitingReturn, refundableLeft, shippingToRefund, type SellerAction } from './rules.js';

/** The incident pages of both back offices: dense tables, the things to act on first. */

export type BoFormState = { values?: FormValues; errors?: FieldErrors; formError?: string | null; action?: string };
type Face = 'seller' | 'operator';

function Deadline({ ctx, r, now }: { ctx: PageContext; r: IncidentListRow; now: Date }) {
  const t = incidentText(ctx.locale);
  const parts: ComponentChildren[] = [];
  if (r.state === 'open' && r.replyDeadlineAt) {
    const left = timeLeft(r.replyDeadlineAt, now, ctx.locale);
    parts.push(<span class={`badge ${left.late ? 'err' : left.text && r.replyDeadlineAt.getTime() - now.getTime() < 86_400_000 ? 'warn' : ''}`}>{left.text}</span>);
  }
  if (r.state === 'resolved' && awaitingReturn({ ...r, decision: r.decision })) parts.push(<span class="badge info">{t('waiting_return')}</span>);
  if (r.refundDueAt) {
    const left = timeLeft(r.refundDueAt, now, ctx.locale);
    const soon = r.refundDueAt.getTime() - now.getTime() < 3 * 86_400_000;
    parts.push(<span class={`badge ${soon ? 'err' : ''}`}>{soon ? t('refund_due_soon', { left: left.text }) : t('refund_due', { date: formatDate(r.refundDueAt, ctx.locale) })}</span>);
  }
  return parts.length ? <div class="incident-deadline">{parts.map((p) => <div>{p}</div>)}</div> : <>—</>;
}

/** The list: seller's incidents to handle (oldest first) or the operator's queue (escalated, then deadlines). */
export function IncidentListPage({ ctx, menu, face, rows, closed, now }: { ctx: PageContext; menu: MenuItem[]; face: Face; rows: IncidentListRow[]; closed: boolean; now: Date }) {
  const t = incidentText(ctx.locale);
  const base = face === 'seller' ? '/vendeur/incidents' : '/admin/incidents';
  const title = closed ? t('bo_closed_title') : t('bo_incidents');
  return (
    <BackOfficeLayout ctx={ctx} title={title} menu={menu}>
      <h1>{title}</h1>
      <p>{face === 'seller' ? t('bo_intro_seller') : t('op_intro')}</p>
      <p class="filters">
        <a href={base} aria-current={closed ? undefined : 'page'}>
          {t('bo_show_open')}
        </a>
        <a href={`${base}?closed=1`} aria-current={closed ? 'page' : undefined}>
          {t('bo_show_closed')}
        </a>
      </p>
      <DataTable
        rows={rows}
        empty={t('bo_none')}
        columns={[
          {
            label: t('col_incident'),
            cell: (r) => (
              <span class="nowrap">
                <a href={`${base}/${r.number}`}>{r.number}</a>
                <div class="small">{r.orderNumber}</div>
              </span>
            ),
          },
          {
            label: t('col_opened'),
            cell: (r) => (
              <span class="nowrap">
                <Time at={r.createdAt} ctx={ctx} />
              </span>
            ),
          },
          ...(face === 'operator' ? [{ label: t('col_seller'), cell: (r: IncidentListRow) => r.sellerName }] : []),
          { label: t('col_customer'), cell: (r) => r.customerName ?? '—' },
          { label: t('col_article'), cell: (r) => pick(r.title, ctx.locale) },
          { label: t('col_reason'), cell: (r) => t(`reason_${r.reason}`) },
          {
            label: t('col_status'),
            cell: (r) => (
              <>
                <StateBadge ctx={ctx} state={r.state} />
                {r.resolution ? <div class="small">{resolutionLabel(r.resolution, ctx.locale)}</div> : null}
              </>
            ),
          },
          { label: t('col_deadline'), cell: (r) => (closed ? '—' : <Deadline ctx={ctx} r={r} now={now} />) },
        ]}
      />
    </BackOfficeLayout>
  );
}

/** One action of the seller (or operator): a titled form posting to `<base>/<action>`; its errors come back beside it. */
function ActionForm(props: { ctx: PageContext; base: string; action: string; title: string; text?: string; form: BoFormState; button: string; primary?: boolean; children?: ComponentChildren }) {
  const mine = props.form.action === props.action;
  return (
    <form method="post" action={`${props.base}/${props.action}`} class="incident-action card" id={`action-${props.action}`} novalidate>
      <h3>{props.title}</h3>
      {props.text ? <p class="small">{props.text}</p> : null}
      <CsrfField ctx={props.ctx} />
      {mine ? <FormError message={props.form.formError} /> : null}
      {props.children}
      <button type="submit" class={`button${props.primary ? ' primary' : ''}`}>
        {props.button}
      </button>
    </form>
  );
}

const formFor = (form: BoFormState, action: string) => (form.action === action ? form : {});

/** The form (route) name of each seller action. */
const ROUTE_OF: Record<SellerAction, string> = { reply: 'reply', cancel: 'cancel', authorise_return: 'return', mark_received: 'received', refund: 'refund', replacement: 'replacement', reject: 'reject' };

function CustomerLine({ ctx, d, face }: { ctx: PageContext; d: IncidentDetail; face: Face }) {
  if (!d.customer) return <>—</>;
  return face === 'seller' ? <>{`${d.customer.firstName} ${d.customer.lastName.slice(0, 1)}.`}</> : <>{`${d.customer.firstName} ${d.customer.lastName} <${d.customer.email}>`}</>;
}

function Facts({ ctx, d, face }: { ctx: PageContext; d: IncidentDetail; face: Face }) {
  const t = incidentText(ctx.locale);
  const i = d.incident;
  return (
    <dl class="facts">
      <dt>{t('order')}</dt>
      <dd>{d.order.number}</dd>
      <dt>{t('customer')}</dt>
      <dd>
        <CustomerLine ctx={ctx} d={d} face={face} />
      </dd>
      {face === 'operator' ? (
        <>
          <dt>{t('col_seller')}</dt>
          <dd>{d.seller.name}</dd>
        </>
      ) : null}
      <dt>{t('reason')}</dt>
      <dd>{t(`reason_${i.reason}`)}</dd>
      <dt>{t('col_opened')}</dt>
      <dd>
        <Time at={i.createdAt} ctx={ctx} />
      </dd>
      <dt>{t('line_state')}</dt>
      <dd>
        <StatusBadge status={d.line.state} locale={ctx.locale} />
      </dd>
      <dt>{t('refunds')}</dt>
      <dd>{t('refunded_total', { amount: formatMoney(d.line.refundedCents, ctx.locale), total: formatMoney(d.line.totalCents, ctx.locale) })}</dd>
    </dl>
  );
}

/** The seller's page of one incident: what happened, the conversation, and only the decisions possible now. */
export function SellerIncidentPage(props: { ctx: PageContext; menu: MenuItem[]; d: IncidentDetail; actions: SellerAction[]; form: BoFormState; now: Date; sellerOrder: { shippingCents: number; shippingRefundedCents: number; lineStates: { id: string; state: IncidentDetail['line']['state'] }[] } }) {
  const { ctx, d, actions, form, now } = props;
  const t = incidentText(ctx.locale);
  const i = d.incident;
  const base = `/vendeur/incidents/${i.number}`;
  const left = refundableLeft(d.line);
  // Cancelling this line: would the seller order be left with nothing (then its shipping goes back too)?
  const shippingBack = shippingToRefund(
    props.sellerOrder.lineStates.map((l) => ({ state: l.id === d.line.id ? 'cancelled' : l.state })),
    props.sellerOrder,
  );
  return (
    <BackOfficeLayout ctx={ctx} title={t('incident_title', { number: i.number })} menu={props.menu}>
      <p class="back-link">
        <a href="/vendeur/incidents">← {t('bo_incidents')}</a>
      </p>
      <IncidentHeading ctx={ctx} incident={i} />
      <div class="incident-layout">
        <div>
          {/* A refusal for an action no longer offered (the page changed meanwhile) is shown here. */}
          {form.action && !actions.some((a) => ROUTE_OF[a] === form.action) ? <FormError message={form.formError} /> : null}
          <ArticleSummary ctx={ctx} d={d} />
          <Facts ctx={ctx} d={d} face="seller" />
          <StatusNotes ctx={ctx} d={d} side="seller" now={now} />
          <DecisionBlock ctx={ctx} d={d} />
          <IncidentConversation ctx={ctx} d={d} side="seller" />
          {actions.includes('reply') ? (
            <ActionForm ctx={ctx} base={base} action="reply" title={t('reply_title')} form={form} button={t('send')} primary={i.state === 'open'}>
              <TextArea name="body" label={t('message_label')} rows={4} required {...formFor(form, 'reply')} />
            </ActionForm>
          ) : null}
          <Photos ctx={ctx} d={d} base={base} />
        </div>
        <div>
          {actions.length > 1 ? <h2>{t('actions')}</h2> : null}
          {actions.includes('cancel') ? (
            <ActionForm
              ctx={ctx}
              base={base}
              action="cancel"
              title={t('cancel_title')}
              text={t('cancel_text', { amount: formatMoney(left, ctx.locale), shipping: shippingBack ? t('cancel_shipping', { amount: formatMoney(shippingBack, ctx.locale) }) : '' })}
              form={form}
              button={t('cancel_button')}
              primary
            />
          ) : null}
          {actions.includes('authorise_return') ? (
            <ActionForm ctx={ctx} base={base} action="return" title={t('return_title')} text={t('return_text')} form={form} button={t('return_button')}>
              <TextArea name="instructions" label={t('return_instructions')} rows={6} required {...(form.action === 'return' ? form : { values: { instructions: policyInstructions(d.seller, ctx.locale) } })} />
            </ActionForm>
          ) : null}
          {actions.includes('mark_received') ? <ActionForm ctx={ctx} base={base} action="received" title={t('received_title')} form={form} button={t('received_button')} /> : null}
          {actions.includes('refund') ? (
            <ActionForm ctx={ctx} base={base} action="refund" title={t('refund_title')} text={t('refund_text', { amount: formatMoney(left, ctx.locale) })} form={form} button={t('refund_button')} primary>
              <RefundFields ctx={ctx} left={left} form={formFor(form, 'refund')} />
              <TextArea name="note" label={t('note_optional')} rows={3} {...formFor(form, 'refund')} />
            </ActionForm>
          ) : null}
          {actions.includes('replacement') ? (
            <ActionForm ctx={ctx} base={base} action="replacement" title={t('replacement_title')} form={form} button={t('replacement_button')}>
              <TextArea name="note" label={t('replacement_note')} rows={3} {...formFor(form, 'replacement')} />
            </ActionForm>
          ) : null}
          {actions.includes('reject') ? (
            <ActionForm ctx={ctx} base={base} action="reject" title={t('reject_title')} form={form} button={t('reject_button')}>
              <TextArea name="reason" label={t('reject_reason')} rows={3} required {...formFor(form, 'reject')} />
            </ActionForm>
          ) : null}
          <ReturnPolicy ctx={ctx} seller={d.seller} />
          <History ctx={ctx} d={d} />
        </div>
      </div>
    </BackOfficeLayout>
  );
}

/** Full or part of what is left; a fresh idempotency key per rendered form (a double submit refunds once). */
function RefundFields({ ctx, left, form, optional }: { ctx: PageContext; left: number; form: BoFormState; optional?: boolean }) {
  const t = incidentText(ctx.locale);
  const v = form.values ?? {};
  const mode = v.mode ?? (optional ? 'none' : 'full');
  return (
    <>
      <input type="hidden" name="key" value={v.key ?? randomUUID()} />
      <fieldset class="refund-mode">
        <legend class="visually-hidden">{t('refund_title')}</legend>
        {optional ? (
          <label>
            <input type="radio" name="mode" value="none" checked={mode === 'none'} /> {t('refund_none')}
          </label>
        ) : null}
        <label>
          <input type="radio" name="mode" value="full" checked={mode === 'full'} /> {t('refund_full', { amount: formatMoney(left, ctx.locale) })}
        </label>
        <label>
          <input type="radio" name="mode" value="partial" checked={mode === 'partial'} /> {t('refund_partial')}
        </label>
      </fieldset>
      <Field name="amount" label={t('refund_amount')} inputMode="decimal" values={form.values} errors={form.errors} maxLength={12} />
    </>
  );
}

/** Customer service's page: the whole story, a message to both sides, the decision that closes it. */
export function OperatorIncidentPage(props: { ctx: PageContext; menu: MenuItem[]; d: IncidentDetail; form: BoFormState; now: Date; audit: { action: string; at: Date; operator: string | null }[] }) {
  const { ctx, d, form, now } = props;
  const t = incidentText(ctx.locale);
  const i = d.incident;
  const base = `/admin/incidents/${i.number}`;
  return (
    <BackOfficeLayout ctx={ctx} title={t('incident_title', { number: i.number })} menu={props.menu}>
      <p class="back-link">
        <a href="/admin/incidents">← {t('bo_incidents')}</a>
      </p>
      <IncidentHeading ctx={ctx} incident={i} />
      <div class="incident-layout">
        <div>
          {form.action === 'decide' && i.state !== 'escalated' ? <FormError message={form.formError} /> : null}
          <ArticleSummary ctx={ctx} d={d} />
          <Facts ctx={ctx} d={d} face="operator" />
          <StatusNotes ctx={ctx} d={d} side="operator" now={now} />
          <DecisionBlock ctx={ctx} d={d} />
          <IncidentConversation ctx={ctx} d={d} side="operator" />
          {i.state !== 'closed' ? (
            <ActionForm ctx={ctx} base={base} action="message" title={t('reply_to_both')} form={form} button={t('send')}>
              <TextArea name="body" label={t('message_label')} rows={4} required {...formFor(form, 'message')} />
            </ActionForm>
          ) : null}
          <Photos ctx={ctx} d={d} base={base} />
        </div>
        <div>
          {i.state === 'escalated' ? (
            <ActionForm ctx={ctx} base={base} action="decide" title={t('op_decide_title')} text={t('op_decide_text')} form={form} button={t('op_decide_button')} primary>
              <TextArea name="note" label={t('op_decision_note')} rows={4} required {...formFor(form, 'decide')} />
              {leftToRefund(d) > 0 ? (
                <>
                  <p class="small">{t('refund_text', { amount: formatMoney(leftToRefund(d), ctx.locale) })}</p>
                  <RefundFields ctx={ctx} left={leftToRefund(d)} form={formFor(form, 'decide')} optional />
                </>
              ) : null}
            </ActionForm>
          ) : null}
          <ReturnPolicy ctx={ctx} seller={d.seller} />
          <History ctx={ctx} d={d} />
          {props.audit.length ? (
            <section>
              <h2>{t('audit')}</h2>
              <ol class="incident-history">
                {props.audit.map((a) => (
                  <li>
                    <Time at={a.at} ctx={ctx} /> — {a.operator ?? '—'} — {a.action}
                  </li>
                ))}
              </ol>
            </section>
          ) : null}
        </div>
      </div>
    </BackOfficeLayout>
  );
}
