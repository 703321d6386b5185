import type { Tx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { formatDate, formatMoney, type Locale } from '../../i18n/index.js';
import { pick } from '../../shared/i18n-text.js';
import { queueEmail } from '../notifications/emails.js';
import { renderEmail, type EmailContent } from '../notifications/layout.js';
import type { IncidentReason, Resolution } from './lifecycle.js';
import { incidentText } from './messages.js';
import type { Parties } from './store.js';

/**
 * The incident's emails, queued in the transaction of the event (promise 7), in each recipient's
 * language, through the shared frame (every text escaped: a message with HTML stays text).
 * The customer hears about every decision, refund and message; the seller's shop about new incidents,
 * the customer's messages, escalations and the operator's decisions.
 */

type Content = Omit<EmailContent, 'locale' | 'action'>;

export async function mailCustomer(deps: Deps, tx: Tx, p: Parties, kind: string, key: string, content: (l: Locale) => Content): Promise<void> {
  const l = p.customer?.locale ?? p.order.locale;
  const to = p.customer?.email ?? p.order.email;
  const c = content(l);
  const url = `${deps.config.publicUrl}/${l}/account/incidents/${p.incident.number}`;
  const { html, text } = renderEmail({ ...c, locale: l, action: { label: incidentText(l)('mail_view_incident'), url } });
  await queueEmail(tx, { dedupeKey: `incident:${p.incident.id}:${key}:customer`, kind, to, locale: l, subject: c.title, html, text, customerId: p.incident.customerId, orderId: p.order.id });
}

export async function mailSeller(deps: Deps, tx: Tx, p: Parties, kind: string, key: string, content: (l: Locale) => Content): Promise<void> {
  const l = p.seller.locale;
  const c = content(l);
  const url = `${deps.config.publicUrl}/vendeur/incidents/${p.incident.number}`;
  const { html, text } = renderEmail({ ...c, locale: l, action: { label: incidentText(l)('mail_view_incident'), url } });
  await queueEmail(tx, { dedupeKey: `incident:${p.incident.id}:${key}:seller`, kind, to: p.seller.email, locale: l, subject: c.title, html, text, sellerId: p.seller.id, orderId: p.order.id });
}

const name = (p: Parties) => p.customer?.firstName ?? '';
const title = (p: Parties, l: Locale) => pick(p.line.title, l);
const reasonLabel = (r: IncidentReason, l: Locale) => incidentText(l)(`reason_${r}`);
const resolutionLabel = (r: Resolution, l: Locale) => incidentText(l)(`resolution_${r}`);
const messageSection = (l: Locale, body: string | null | undefined) => (body ? [{ heading: incidentText(l)('mail_message_heading'), lines: body.split('\n') }] : []);

/** The incident reached the seller: a receipt for the customer, the request for the seller. */
export async function mailOpened(deps: Deps, tx: Tx, p: Parties, message: string | null): Promise<void> {
  const i = p.incident;
  const deadline = i.replyDeadlineAt;
  await mailCustomer(deps, tx, p, 'incident_opened', 'opened', (l) => {
    const t = incidentText(l);
    return {
      title: t('mail_opened_customer_subject', { number: i.number }),
      paragraphs: [
        t('mail_opened_customer_intro', { name: name(p), reason: reasonLabel(i.reason, l), title: title(p, l), seller: p.seller.name }),
        ...(deadline ? [t('mail_opened_customer_next', { date: formatDate(deadline, l, true) })] : []),
      ],
      sections: messageSection(l, message),
    };
  });
  await mailSeller(deps, tx, p, 'incident_opened_seller', 'opened', (l) => {
    const t = incidentText(l);
    return {
      title: t('mail_opened_seller_subject', { number: i.number, reason: reasonLabel(i.reason, l) }),
      paragraphs: [t('mail_opened_seller_intro', { reason: reasonLabel(i.reason, l), title: title(p, l), order: p.order.number }), ...(deadline ? [t('mail_opened_seller_next', { date: formatDate(deadline, l, true) })] : [])],
      sections: messageSection(l, message),
    };
  });
}

/** A message in the conversation, to the other side(s). */
export async function mailMessage(deps: Deps, tx: Tx, p: Parties, from: 'customer' | 'seller' | 'operator', body: string, messageId: string): Promise<void> {
  const i = p.incident;
  if (from !== 'customer') {
    await mailCustomer(deps, tx, p, 'incident_message', `message:${messageId}`, (l) => {
      const t = incidentText(l);
      const author = from === 'seller' ? p.seller.name : t('author_operator');
      return { title: t('mail_message_customer_subject', { number: i.number }), paragraphs: [t('mail_message_customer_intro', { name: name(p), author, title: title(p, l) })], sections: messageSection(l, body) };
    });
  }
  if (from !== 'seller') {
    await mailSeller(deps, tx, p, 'incident_message_seller', `message:${messageId}`, (l) => {
      const t = incidentText(l);
      return {
        title: t('mail_message_seller_subject', { number: i.number }),
        paragraphs: [from === 'operator' ? t('mail_operator_seller_intro', { title: title(p, l) }) : t('mail_message_seller_intro', { title: title(p, l) })],
        sections: messageSection(l, body),
      };
    });
  }
}

/** The seller decided (return authorised, replacement, rejection; a refund has its own email). */
export async function mailDecision(deps: Deps, tx: Tx, p: Parties, resolution: Resolution, key: string, extra: { note?: string; instructions?: string }): Promise<void> {
  const i = p.incident;
  await mailCustomer(deps, tx, p, 'incident_decision', `decision:${key}`, (l) => {
    const t = incidentText(l);
    return {
      title: t('mail_decision_subject', { number: i.number, resolution: resolutionLabel(resolution, l) }),
      paragraphs: [t('mail_decision_intro', { name: name(p), seller: p.seller.name, title: title(p, l), resolution: resolutionLabel(resolution, l) })],
      sections: [...(extra.instructions ? [{ heading: t('mail_instructions_heading'), lines: extra.instructions.split('\n') }] : []), ...messageSection(l, extra.note)],
      after: resolution === 'cancel' ? [] : [t('mail_decision_next')],
    };
  });
}

export async function mailReceived(deps: Deps, tx: Tx, p: Parties): Promise<void> {
  await mailCustomer(deps, tx, p, 'incident_return_received', 'received', (l) => {
    const t = incidentText(l);
    return { title: t('mail_received_subject', { number: p.incident.number }), paragraphs: [t('mail_received_intro', { name: name(p), seller: p.seller.name, title: title(p, l) })] };
  });
}

/** The customer is refunded: the amount, and where the money goes. */
export async function mailRefund(deps: Deps, tx: Tx, p: Parties, amountCents: number, refundId: string, note?: string): Promise<void> {
  await mailCustomer(deps, tx, p, 'incident_refund', `refund:${refundId}`, (l) => {
    const t = incidentText(l);
    const amount = formatMoney(amountCents, l);
    return {
      title: t('mail_refund_subject', { amount, number: p.incident.number }),
      paragraphs: [t('mail_refund_intro', { name: name(p), amount, title: title(p, l) }), t('mail_refund_next')],
      sections: messageSection(l, note),
    };
  });
}

/** Customer service takes the incident over: a missed deadline or a dispute. */
export async function mailEscalated(deps: Deps, tx: Tx, p: Parties, why: 'missed' | 'disputed'): Promise<void> {
  const i = p.incident;
  const key = `escalated:${i.escalatedAt?.getTime() ?? 0}`;
  await mailCustomer(deps, tx, p, 'incident_escalated', key, (l) => {
    const t = incidentText(l);
    return { title: t('mail_escalated_customer_subject', { number: i.number }), paragraphs: [t('mail_escalated_customer_intro', { name: name(p), title: title(p, l) })] };
  });
  await mailSeller(deps, tx, p, 'incident_escalated_seller', key, (l) => {
    const t = incidentText(l);
    return { title: t('mail_escalated_seller_subject', { number: i.number }), paragraphs: [t(why === 'missed' ? 'mail_escalated_seller_missed' : 'mail_escalated_seller_disputed', { title: title(p, l) })] };
  });
}

/** The operator's final decision, to both sides. */
export async function mailOperatorDecided(deps: Deps, tx: Tx, p: Parties, note: string): Promise<void> {
  const content = (l: Locale): Content => {
    const t = incidentText(l);
    return { title: t('mail_decided_subject', { number: p.incident.number }), paragraphs: [t('mail_decided_intro', { title: title(p, l) })], sections: messageSection(l, note) };
  };
  await mailCustomer(deps, tx, p, 'incident_operator_decision', 'operator-decision', content);
  await mailSeller(deps, tx, p, 'incident_operator_decision_seller', 'operator-decision', content);
}
