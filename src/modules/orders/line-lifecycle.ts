import { decide, type TransitionTable } from '../../shared/transitions.js';

/**
 * The order line lifecycle (../shared/design/domain.md), read top to bottom:
 *
 *   awaiting_payment --pay--> paid --accept--> preparing --ship--> shipped --deliver--> delivered --close--> closed
 *   awaiting_payment --fail | expire--> cancelled
 *   paid | preparing --cancel--> cancelled          (seller, or a withdrawal before shipment; refunded)
 *   paid --refuse--> cancelled                       (seller refuses the line; refunded)
 *   paid … closed --refund--> same state             (partial or full; the refunded amount grows)
 *   any refundable state --refund_fully--> refunded  (the whole line paid back)
 *
 * "Sent by the seller" in the FAQ is `shipped`: from there a withdrawal becomes a return.
 */
export const LINE_STATES = ['awaiting_payment', 'paid', 'preparing', 'shipped', 'delivered', 'closed', 'cancelled', 'refunded'] as const;
export type LineState = (typeof LINE_STATES)[number];

const REFUNDABLE = ['paid', 'preparing', 'shipped', 'delivered', 'closed', 'cancelled'] as const satisfies readonly LineState[];

export const LINE_TRANSITIONS = {
  pay: { from: ['awaiting_payment'], to: 'paid' },
  fail: { from: ['awaiting_payment'], to: 'cancelled' },
  expire: { from: ['awaiting_payment'], to: 'cancelled' },
  accept: { from: ['paid'], to: 'preparing' },
  refuse: { from: ['paid'], to: 'cancelled' },
  cancel: { from: ['paid', 'preparing'], to: 'cancelled' },
  ship: { from: ['paid', 'preparing'], to: 'shipped' },
  deliver: { from: ['shipped'], to: 'delivered' },
  close: { from: ['delivered'], to: 'closed' },
  refund: { from: REFUNDABLE, to: 'same' },
  refund_fully: { from: REFUNDABLE, to: 'refunded' },
} as const satisfies TransitionTable<LineState, string>;

export type LineVerb = keyof typeof LINE_TRANSITIONS;

export function decideLine(state: LineState, verb: LineVerb) {
  return decide<LineState, LineVerb>(LINE_TRANSITIONS, state, verb);
}

/** Has the seller sent the article? (the FAQ's boundary between cancelling and returning) */
export function isSent(state: LineState): boolean {
  return state === 'shipped' || state === 'delivered' || state === 'closed';
}

/**
 * A refund of `amount` cents on a line that was paid `paid` and already refunded `refunded`:
 * never more than what is left; the line becomes `refunded` when nothing is left.
 */
export function decideRefund(
  line: { state: LineState; paidCents: number; refundedCents: number },
  amount: number,
): { ok: true; verb: 'refund' | 'refund_fully'; to: LineState; refundedCents: number } | { ok: false; code: 'invalid_amount' | 'exceeds_refundable' | 'transition_not_allowed' } {
  if (!Number.isInteger(amount) || amount <= 0) return { ok: false, code: 'invalid_amount' };
  const left = line.paidCents - line.refundedCents;
  if (amount > left) return { ok: false, code: 'exceeds_refundable' };
  const verb = amount === left ? 'refund_fully' : 'refund';
  const d = decideLine(line.state, verb);
  if (!d.ok) return { ok: false, code: 'transition_not_allowed' };
  return { ok: true, verb, to: d.to, refundedCents: line.refundedCents + amount };
}
