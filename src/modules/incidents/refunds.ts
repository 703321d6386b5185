import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { bookLineRefund, bookShippingRefund } from '../ledger/book.js';
import { addLineRefund, applyToLines } from '../orders/apply.js';
import { decideRefund } from '../orders/line-lifecycle.js';
import { orderLines, sellerOrders } from '../orders/schema.js';
import type { Actor } from '../orders/timeline.js';
import { payments } from '../payments/schema.js';
import type { RefundRefusal } from '../payments/rules.js';
import { refundPayment } from '../payments/service.js';
import { shippingToRefund, type IncidentDecision } from './rules.js';
import { decisionOf, incidentTimeline, Refused, sellerOrderOf, type IncidentRow, type LineRow } from './store.js';

export type MoneyRefusal = 'invalid_amount' | 'exceeds_refundable' | 'transition_not_allowed' | 'no_payment' | `payment_${RefundRefusal | 'payment_not_found' | 'key_reused'}`;

export type RefundDone = { replay: boolean; amountCents: number; shippingCents: number; refundId: string; line: LineRow; decision: IncidentDecision };

/**
 * Refunds `amountCents` of an incident's line, in the caller's transaction (incident and line locked):
 * through the payment provider interface (idempotent by `key`: the same form submitted twice gives
 * one refund), the line's refunded amount and state (`decideRefund`: never more than what is left),
 * the ledger (against the seller's account, also when the operator refunds on its behalf), the
 * order's timeline. For a withdrawal, once every line of the seller order is cancelled or refunded,
 * its shipping fee goes back too. The caller writes the incident's new state and the email.
 */
export async function refundLine(
  deps: Deps,
  tx: Tx,
  input: { incident: IncidentRow; line: LineRow; amountCents: number; key: string; actor: Actor; by: 'seller' | 'operator' },
): Promise<{ ok: true; done: RefundDone } | { ok: false; code: MoneyRefusal }> {
  const { incident, line } = input;
  const decision = decisionOf(incident);
  const key = refundKey(incident, input.key);
  const earlier = decision.refunds?.find((r) => r.key === key);
  if (earlier) return { ok: true, done: { replay: true, amountCents: earlier.amountCents, shippingCents: earlier.shippingCents, refundId: earlier.refundId, line, decision } };

  const d = decideRefund({ state: line.state, paidCents: line.totalCents, refundedCents: line.refundedCents }, input.amountCents);
  if (!d.ok) return d;
  // The order's payment that took the money (payments are final once paid: reading it is enough).
  const [payment] = await tx
    .select({ id: payments.id })
    .from(payments)
    .where(and(eq(payments.orderId, incident.orderId), eq(payments.status, 'paid')));
  if (!payment) return { ok: false, code: 'no_payment' };
  const reason = `incident ${incident.number}`;
  const r = await refundPayment(deps, tx, { paymentId: payment.id, orderLineId: line.id, amountCents: input.amountCents, idempotencyKey: key, reason });
  if (!r.ok) return { ok: false, code: `payment_${r.code}` };
  // From here on something is written: a refusal must roll the transaction back (Refused).
  const now = deps.clock.now();
  if (!r.created) {
    // Refunded in an earlier transaction that recorded it on the line already.
    return { ok: true, done: { replay: true, amountCents: input.amountCents, shippingCents: 0, refundId: r.refund.id, line, decision } };
  }
  const applied = await applyToLines(tx, { lineIds: [line.id], verb: d.verb, actor: input.actor, now, data: { amountCents: input.amountCents, refundId: r.refund.id, incident: incident.number } });
  if (!applied.ok) throw new Refused<MoneyRefusal>('transition_not_allowed');
  await addLineRefund(tx, line.id, input.amountCents);
  const booked = await bookLineRefund(tx, { orderLineId: line.id, amountCents: input.amountCents, refundId: r.refund.id, at: now, memo: reason });
  if (!booked) throw new Error(`refund ${r.refund.id} of line ${line.id} could not be booked in the ledger`);

  let shippingCents = 0;
  if (incident.reason === 'withdrawal') shippingCents = await refundShippingIfWhollyWithdrawn(deps, tx, { incident, sellerOrderId: line.sellerOrderId, paymentId: payment.id, key, actor: input.actor });

  const [after] = await tx.select().from(orderLines).where(eq(orderLines.id, line.id));
  const next: IncidentDecision = {
    ...decision,
    refunds: [...(decision.refunds ?? []), { key, refundId: r.refund.id, amountCents: input.amountCents, shippingCents, at: now.toISOString(), by: input.by }],
  };
  await incidentTimeline(tx, incident, line, input.actor, 'refund', now, { amountCents: input.amountCents, shippingCents, refundId: r.refund.id });
  return { ok: true, done: { replay: false, amountCents: input.amountCents, shippingCents, refundId: r.refund.id, line: after!, decision: next } };
}

/** The payments idempotency key of an incident's refund; `formKey` comes from the form that asked for it. */
export const refundKey = (incident: IncidentRow, formKey: string) => `incident:${incident.id}:${formKey}`;

/** The refund this form already made (a double submit), if any. */
export function earlierRefund(incident: IncidentRow, formKey: string) {
  const key = refundKey(incident, formKey);
  return decisionOf(incident).refunds?.find((r) => r.key === key) ?? null;
}

/** The whole seller order withdrawn: its delivery cost goes back to the customer (EU withdrawal rule). */
async function refundShippingIfWhollyWithdrawn(deps: Deps, tx: Tx, input: { incident: IncidentRow; sellerOrderId: string; paymentId: string; key: string; actor: Actor }): Promise<number> {
  const so = await sellerOrderOf(tx, input.sellerOrderId);
  const lines = await tx.select({ state: orderLines.state }).from(orderLines).where(eq(orderLines.sellerOrderId, so.id));
  const amount = shippingToRefund(lines, so);
  if (amount <= 0) return 0;
  const r = await refundPayment(deps, tx, { paymentId: input.paymentId, orderLineId: null, amountCents: amount, idempotencyKey: `${input.key}:shipping`, reason: `incident ${input.incident.number}: shipping ${so.number}` });
  if (!r.ok) throw new Error(`shipping refund of ${so.number} refused: ${r.code}`);
  if (!r.created) return 0;
  const now = deps.clock.now();
  // The orders module owns seller_orders; it has no function for this yet (see docs/architecture.md, incidents).
  await tx
    .update(sellerOrders)
    .set({ shippingRefundedCents: sql`${sellerOrders.shippingRefundedCents} + ${amount}`, updatedAt: now })
    .where(eq(sellerOrders.id, so.id));
  await bookShippingRefund(tx, { sellerOrderId: so.id, amountCents: amount, refundId: r.refund.id, at: now });
  return amount;
}
