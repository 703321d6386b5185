import type { PageContext } from '../../http/context.js';
import { formatDate, formatMoney, type Locale } from '../../i18n/index.js';
import { pick } from '../../shared/i18n-text.js';
import { durationLabel } from '../messaging/labels.js';
import { Conversation } from '../messaging/views.js';
import type { IncidentState, Resolution } from './lifecycle.js';
import { incidentText } from './messages.js';
import type { IncidentDetail } from './queries.js';
import { becameReturn, refundableLeft } from './rules.js';

/**
 * Pieces of the incident pages shared by the storefront and both back offices. Every user text (messages,
 * notes, return policies) is rendered as text: JSX escapes it, message bodies go through `linkify`.
 */

export type Side = 'customer' | 'seller' | 'operator';

const STATE_CLASS: Record<IncidentState, string> = { open: 'warn', awaiting_customer: 'info', resolved: 'ok', escalated: 'err', closed: '' };

export function StateBadge({ ctx, state }: { ctx: PageContext; state: IncidentState }) {
  return <span class={`badge ${STATE_CLASS[state]}`}>{incidentText(ctx.locale)(`state_${state}`)}</span>;
}

export function Time({ at, ctx, withTime = true }: { at: Date | string; ctx: PageContext; withTime?: boolean }) {
  const d = typeof at === 'string' ? new Date(at) : at;
  return <time datetime={d.toISOString()}>{formatDate(d, ctx.locale, withTime)}</time>;
}

/** "Incident I-2026-000042" with its state badge. */
export function IncidentHeading({ ctx, incident }: { ctx: PageContext; incident: { number: string; state: IncidentState } }) {
  return (
    <header class="incident-head">
      <h1>{incidentText(ctx.locale)('incident_title', { number: incident.number })}</h1>
      <StateBadge ctx={ctx} state={incident.state} />
    </header>
  );
}

/** "reste 1 j 4 h" / "en retard de 3 h" before a deadline. */
export function timeLeft(deadline: Date, now: Date, locale: Locale): { text: string; late: boolean } {
  const t = incidentText(locale);
  const s = (deadline.getTime() - now.getTime()) / 1000;
  return s >= 0 ? { text: t('time_left', { left: durationLabel(s, locale) }), late: false } : { text: t('overdue', { late: durationLabel(-s, locale) }), late: true };
}

export const resolutionLabel = (r: Resolution, locale: Locale) => incidentText(locale)(`resolution_${r}`);

/** The article the incident is about: picture, brand, title, variant, quantity, price paid. */
export function ArticleSummary({ ctx, d }: { ctx: PageContext; d: Pick<IncidentDetail, 'line'> & { seller: { name: string } } }) {
  const t = incidentText(ctx.locale);
  const l = d.line;
  return (
    <div class="incident-article">
      {l.imageUrl ? <img src={l.imageUrl} alt="" width={96} height={96} /> : <span class="incident-article-ph" aria-hidden="true" />}
      <div>
        <p class="brand">{l.brand}</p>
        <p class="incident-article-title">{pick(l.title, ctx.locale)}</p>
        <p class="small">
          {pick(l.variantLabel, ctx.locale)} · {t('quantity', { n: l.quantity })} · {t('paid', { amount: formatMoney(l.totalCents, ctx.locale) })}
        </p>
        <p class="small">{t('form_sold_by', { seller: d.seller.name })}</p>
      </div>
    </div>
  );
}

/** The seller's "Politique de retour": window, who pays the return, conditions, its own words. */
export function ReturnPolicy({ ctx, seller }: { ctx: PageContext; seller: IncidentDetail['seller'] }) {
  const t = incidentText(ctx.locale);
  const conditions = pick(seller.returnConditions, ctx.locale);
  const text = pick(seller.returnText, ctx.locale);
  return (
    <section class="incident-policy" aria-labelledby="policy-h">
      <h2 id="policy-h">{t('return_policy')}</h2>
      <p class="small">{seller.name}</p>
      <ul>
        <li>{t('policy_window', { days: seller.returnWindowDays })}</li>
        <li>{t(seller.returnShippingPaidBy === 'seller' ? 'policy_paid_by_seller' : 'policy_paid_by_customer')}</li>
        {conditions ? <li>{t('policy_conditions', { text: conditions })}</li> : null}
      </ul>
      {text ? <p class="pre">{text}</p> : null}
    </section>
  );
}

/** The return instructions a seller prefills from its policy (it can add its own text before sending). */
export function policyInstructions(seller: IncidentDetail['seller'], locale: Locale): string {
  const t = incidentText(locale);
  const conditions = pick(seller.returnConditions, locale);
  return [
    t('policy_window', { days: seller.returnWindowDays }),
    t(seller.returnShippingPaidBy === 'seller' ? 'policy_paid_by_seller' : 'policy_paid_by_customer'),
    ...(conditions ? [t('policy_conditions', { text: conditions })] : []),
    pick(seller.returnText, locale),
  ]
    .filter(Boolean)
    .join('\n');
}

/** Where the incident stands: the deadline, escalation, a withdrawal that became a return. */
export function StatusNotes({ ctx, d, side, now }: { ctx: PageContext; d: IncidentDetail; side: Side; now: Date }) {
  const t = incidentText(ctx.locale);
  const i = d.incident;
  const notes = [];
  if (becameReturn(i, d.line)) notes.push(<p class="note warn-note">{side === 'seller' ? t('seller_shipped_warning') : t('became_return')}</p>);
  if (i.state === 'open' && i.replyDeadlineAt) {
    if (side === 'customer') notes.push(<p class="note">{t('seller_replies_by', { date: formatDate(i.replyDeadlineAt, ctx.locale, true) })}</p>);
    else {
      const left = timeLeft(i.replyDeadlineAt, now, ctx.locale);
      notes.push(<p class={`note${left.late ? ' warn-note' : ''}`}>{t('seller_reply_before', { date: formatDate(i.replyDeadlineAt, ctx.locale, true), left: left.text })}</p>);
    }
  }
  if (i.state === 'escalated') notes.push(<p class="note">{side === 'customer' ? t('escalated_note') : t('escalated_on', { date: formatDate(i.escalatedAt ?? i.updatedAt, ctx.locale, true) })}</p>);
  if (side !== 'customer' && i.refundDueAt && i.state !== 'closed') {
    const left = timeLeft(i.refundDueAt, now, ctx.locale);
    notes.push(<p class={`note${left.late || i.refundDueAt.getTime() - now.getTime() < 3 * 86_400_000 ? ' warn-note' : ''}`}>{t('refund_due', { date: formatDate(i.refundDueAt, ctx.locale, true) })}</p>);
  }
  return <>{notes}</>;
}

/** The decision (seller's, then the operator's), the return instructions and every refund with its status. */
export function DecisionBlock({ ctx, d }: { ctx: PageContext; d: IncidentDetail }) {
  const t = incidentText(ctx.locale);
  const i = d.incident;
  const dec = d.decision;
  const refunds = dec.refunds ?? [];
  if (!i.resolution && !refunds.length && !dec.operatorNote) return null;
  return (
    <section class="incident-decision" aria-labelledby="decision-h">
      <h2 id="decision-h">{t('decision')}</h2>
      {i.resolution ? (
        <p>
          <strong>{resolutionLabel(i.resolution, ctx.locale)}</strong>
          {i.resolvedAt ? (
            <>
              {' · '}
              <Time at={i.resolvedAt} ctx={ctx} />
            </>
          ) : null}
        </p>
      ) : null}
      {dec.note ? <p class="pre">{dec.note}</p> : null}
      {dec.returnInstructions ? (
        <>
          <h3>{t('return_instructions')}</h3>
          <p class="pre incident-instructions">{dec.returnInstructions}</p>
        </>
      ) : null}
      {dec.receivedAt ? <p>{t('received_back', { date: formatDate(dec.receivedAt, ctx.locale, true) })}</p> : null}
      {refunds.length ? (
        <>
          <h3>{t('refunds')}</h3>
          <ul class="incident-refunds">
            {refunds.map((r) => {
              const status = d.refundStatus[r.refundId] ?? 'pending';
              return (
                <li>
                  <strong>{formatMoney(r.amountCents + r.shippingCents, ctx.locale)}</strong> · <Time at={r.at} ctx={ctx} />
                  {r.shippingCents ? ` (${t('refund_shipping', { amount: formatMoney(r.shippingCents, ctx.locale) })})` : ''} <span class={`badge ${status === 'succeeded' ? 'ok' : status === 'failed' ? 'err' : 'info'}`}>{t(`refund_${status}`)}</span>
                </li>
              );
            })}
          </ul>
          <p class="small">{t('refunded_total', { amount: formatMoney(d.line.refundedCents, ctx.locale), total: formatMoney(d.line.totalCents, ctx.locale) })}</p>
          <p class="small">{t('refund_note')}</p>
        </>
      ) : null}
      {dec.operatorNote ? (
        <>
          <h3>{t('operator_decision')}</h3>
          <p class="pre">{dec.operatorNote}</p>
        </>
      ) : null}
    </section>
  );
}

/** The customer's photos: thumbnails (an <img> displays them) and a download link (opening one downloads it). */
export function Photos({ ctx, d, base }: { ctx: PageContext; d: IncidentDetail; base: string }) {
  const t = incidentText(ctx.locale);
  if (!d.photos.length) return null;
  return (
    <section aria-labelledby="photos-h">
      <h2 id="photos-h">{t('photos_heading')}</h2>
      <ul class="incident-photos">
        {d.photos.map((p, n) => (
          <li>
            <img src={`${base}/photos/${p.id}`} alt={t('photo_alt', { n: n + 1 })} width={160} height={160} />
            <a href={`${base}/photos/${p.id}`} download>
              {t('download', { kb: Math.max(1, Math.round(p.bytes / 1024)) })}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

const EVENT_KEYS = {
  'incident.opened': 'ev_opened',
  'incident.seller_reply': 'ev_seller_reply',
  'incident.customer_reply': 'ev_customer_reply',
  'incident.resolved': 'ev_resolved',
  'incident.return_received': 'ev_return_received',
  'incident.refund': 'ev_refund',
  'incident.accepted': 'ev_accepted',
  'incident.auto_closed': 'ev_auto_closed',
  'incident.disputed': 'ev_disputed',
  'incident.escalated': 'ev_escalated',
  'incident.operator_message': 'ev_operator_message',
  'incident.operator_decided': 'ev_operator_decided',
} as const;

/** Every step of the incident, oldest first. */
export function History({ ctx, d }: { ctx: PageContext; d: IncidentDetail }) {
  const t = incidentText(ctx.locale);
  const rows = d.timeline.filter((e) => e.type in EVENT_KEYS);
  return (
    <section aria-labelledby="history-h">
      <h2 id="history-h">{t('history')}</h2>
      <ol class="incident-history">
        {rows.map((e) => {
          const key = EVENT_KEYS[e.type as keyof typeof EVENT_KEYS];
          const label =
            key === 'ev_resolved'
              ? t(key, { resolution: resolutionLabel(e.data.resolution as Resolution, ctx.locale) })
              : key === 'ev_refund'
                ? t(key, { amount: formatMoney(Number(e.data.amountCents ?? 0) + Number(e.data.shippingCents ?? 0), ctx.locale) })
                : t(key);
          return (
            <li>
              <Time at={e.at} ctx={ctx} /> — {label}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** The conversation with the seller and customer service, or "no messages yet". */
export function IncidentConversation({ ctx, d, side }: { ctx: PageContext; d: IncidentDetail; side: Side }) {
  const t = incidentText(ctx.locale);
  return (
    <section aria-labelledby="conv-h">
      <h2 id="conv-h">{t('conversation')}</h2>
      {d.thread && d.thread.messages.length ? <Conversation ctx={ctx} thread={d.thread} side={side} /> : <p class="muted">{t('no_messages')}</p>}
    </section>
  );
}

export const leftToRefund = (d: IncidentDetail) => refundableLeft(d.line);
