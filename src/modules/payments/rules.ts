import { decide, type TransitionTable } from '../../shared/transitions.js';
import type { ProviderEvent } from './provider.js';
import type { PaymentStatus } from './schema.js';

/**
 * The payment lifecycle, read top to bottom (pure: no I/O, unit-tested in rules.test.ts):
 *
 *   pending --pay--> paid          a verified event says paid, with the expected amount and currency
 *   pending --fail--> failed       refused, cancelled, or paid with the wrong amount or currency
 *   pending --expire--> expired    the customer never finished; the provider confirms it
 *
 * paid, failed and expired are final: whatever arrives later (a duplicate, a replay, an event out of
 * order, a 'failed' after 'paid') changes nothing. Refunds are rows of their own and never change
 * the payment's status: what is left to refund is derived from them.
 */
export const PAYMENT_TRANSITIONS = {
  pay: { from: ['pending'], to: 'paid' },
  fail: { from: ['pending'], to: 'failed' },
  expire: { from: ['pending'], to: 'expired' },
} as const satisfies TransitionTable<PaymentStatus, string>;

export type PaymentVerb = keyof typeof PAYMENT_TRANSITIONS;

export function isFinal(status: PaymentStatus): boolean {
  return status !== 'pending';
}

export type EventOutcome = 'applied' | 'no_change' | 'already_final' | 'paid_after_final' | 'amount_mismatch' | 'currency_mismatch';

export type EventDecision =
  | { change: true; verb: PaymentVerb; to: PaymentStatus; outcome: 'applied' | 'amount_mismatch' | 'currency_mismatch'; failureCode: string | null }
  | { change: false; outcome: 'no_change' | 'already_final' | 'paid_after_final' };

/**
 * What a provider event does to a payment. A 'paid' whose currency or amount differs from what the
 * shop asked for is never taken as paid: the payment fails with the mismatch as its reason (the money,
 * if any was taken, is for the operator to give back).
 */
export function decidePaymentEvent(
  payment: { status: PaymentStatus; amountCents: number; currency: string },
  event: Pick<ProviderEvent, 'status' | 'amountCents' | 'currency' | 'failureCode'>,
): EventDecision {
  // Money taken after the shop gave up on the payment: it stays final, but the outcome stands out for the operator.
  if (isFinal(payment.status)) return { change: false, outcome: payment.status !== 'paid' && event.status === 'paid' ? 'paid_after_final' : 'already_final' };
  if (event.status === 'pending') return { change: false, outcome: 'no_change' };
  const verb: PaymentVerb = event.status === 'paid' ? 'pay' : event.status === 'failed' ? 'fail' : 'expire';
  if (verb === 'pay') {
    if (event.currency !== payment.currency) return fail(payment.status, 'currency_mismatch');
    if (event.amountCents !== payment.amountCents) return fail(payment.status, 'amount_mismatch');
  }
  const d = decide<PaymentStatus, PaymentVerb>(PAYMENT_TRANSITIONS, payment.status, verb);
  if (!d.ok) return { change: false, outcome: 'already_final' };
  const failureCode = verb === 'pay' ? null : verb === 'expire' ? 'expired' : (event.failureCode ?? 'refused');
  return { change: true, verb, to: d.to, outcome: 'applied', failureCode };
}

function fail(status: PaymentStatus, code: 'amount_mismatch' | 'currency_mismatch'): EventDecision {
  const d = decide<PaymentStatus, PaymentVerb>(PAYMENT_TRANSITIONS, status, 'fail');
  if (!d.ok) return { change: false, outcome: 'already_final' };
  return { change: true, verb: 'fail', to: d.to, outcome: code, failureCode: code };
}

export type RefundRefusal = 'payment_not_paid' | 'invalid_amount' | 'exceeds_refundable';

/**
 * May `amount` cents be refunded on a payment? Never more than what was paid minus what is already
 * refunded or being refunded (pending refunds count: two refunds at once cannot both take the rest).
 */
export function decideRefund(payment: { status: PaymentStatus; amountCents: number }, committedCents: number, amount: number): { ok: true; leftAfter: number } | { ok: false; code: RefundRefusal } {
  if (payment.status !== 'paid') return { ok: false, code: 'payment_not_paid' };
  if (!Number.isInteger(amount) || amount <= 0) return { ok: false, code: 'invalid_amount' };
  const left = payment.amountCents - committedCents;
  if (amount > left) return { ok: false, code: 'exceeds_refundable' };
  return { ok: true, leftAfter: left - amount };
}
