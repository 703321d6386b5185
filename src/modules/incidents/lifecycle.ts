import { decide, type TransitionTable } from '../../shared/transitions.js';
import { isSent, type LineState } from '../orders/line-lifecycle.js';

/**
 * The incident lifecycle (../shared/design/domain.md), read top to bottom:
 *
 *   open --seller_reply--> awaiting_customer --customer_reply--> open
 *   open | awaiting_customer --resolve (refund | cancel | return_authorised | replacement | rejected)--> resolved
 *   resolved --accept | auto_close (N days)--> closed
 *   resolved --dispute--> escalated
 *   open --miss_deadline--> escalated
 *   escalated --operator_decide--> closed
 *
 * One incident per order line at a time: a new one only when the line has none that is not closed.
 */
export const INCIDENT_STATES = ['open', 'awaiting_customer', 'resolved', 'escalated', 'closed'] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

export const INCIDENT_TRANSITIONS = {
  seller_reply: { from: ['open'], to: 'awaiting_customer' },
  customer_reply: { from: ['open', 'awaiting_customer'], to: 'open' },
  resolve: { from: ['open', 'awaiting_customer'], to: 'resolved' },
  accept: { from: ['resolved'], to: 'closed' },
  auto_close: { from: ['resolved'], to: 'closed' },
  dispute: { from: ['resolved'], to: 'escalated' },
  miss_deadline: { from: ['open'], to: 'escalated' },
  operator_decide: { from: ['escalated'], to: 'closed' },
} as const satisfies TransitionTable<IncidentState, string>;

export type IncidentVerb = keyof typeof INCIDENT_TRANSITIONS;

export function decideIncident(state: IncidentState, verb: IncidentVerb) {
  return decide<IncidentState, IncidentVerb>(INCIDENT_TRANSITIONS, state, verb);
}

/** The four reasons of the FAQ, in its order (labels in the incidents module's messages). */
export const INCIDENT_REASONS = ['withdrawal', 'not_received', 'not_conforming', 'damaged'] as const;
export type IncidentReason = (typeof INCIDENT_REASONS)[number];

export const RESOLUTIONS = ['refund', 'cancel', 'return_authorised', 'replacement', 'rejected'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

export const WITHDRAWAL_DAYS = 14;

/**
 * Which reasons a customer may choose for a line, and why the others are refused:
 * - "not received", "not conforming", "damaged" only once the seller has sent the article;
 * - withdrawal from payment until 14 days after delivery (the last day is shown), refused after.
 */
export function reasonsFor(
  line: { state: LineState; deliveredAt: Date | null },
  now: Date,
): { allowed: IncidentReason[]; refused: { reason: IncidentReason; code: 'not_sent_yet' | 'withdrawal_period_over' | 'line_not_open' }[]; withdrawalLastDay: Date | null } {
  const allowed: IncidentReason[] = [];
  const refused: { reason: IncidentReason; code: 'not_sent_yet' | 'withdrawal_period_over' | 'line_not_open' }[] = [];
  const open = !['awaiting_payment', 'cancelled', 'refunded'].includes(line.state);
  const lastDay = line.deliveredAt ? new Date(line.deliveredAt.getTime() + WITHDRAWAL_DAYS * 86_400_000) : null;
  for (const reason of INCIDENT_REASONS) {
    if (!open) refused.push({ reason, code: 'line_not_open' });
    else if (reason === 'withdrawal') {
      if (lastDay && now.getTime() > lastDay.getTime()) refused.push({ reason, code: 'withdrawal_period_over' });
      else allowed.push(reason);
    } else if (!isSent(line.state)) refused.push({ reason, code: 'not_sent_yet' });
    else allowed.push(reason);
  }
  return { allowed, refused, withdrawalLastDay: lastDay };
}
