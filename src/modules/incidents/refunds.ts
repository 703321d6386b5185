import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { decideRefund } from '../orders/line-lifecycle.js';
import { refundLine as refundOrderLine, refundShippingIfNothingLeft } from '../orders/refunds.js';
import { orderLines } from '../orders/schema.js';
import type { Actor } from '../orders/timeline.js';
import type { IncidentDecision } from './rules.js';
import { decisionOf, incidentTimeline, type IncidentRow, type LineRow } from './store.js';

export type MoneyRefusal = 'invalid_amount' | 'exceeds_refundable' | 'transition_not_allowed' | 'no_payment' | `payment_${string}`;

export type RefundDone = { replay: boolean; amountCents: number; shippingCents: number; refundId: string; line: LineRow; decision: IncidentDecision };

/** The payments idempotency key of an incident's refund; `formKey` comes from the form that asked for it. */
export const refundKey = (incident: IncidentRow, formKey: string) => `incident:${incident.id}:${formKey}`;

/** The refund this form already made (a double submit), if any. */
export function earlierRefund(incident: IncidentRow, formKey: string) {
  const key = refundKey(incident, formKey);
  return decisionOf(incident).refunds?.find((r) => r.key === key) ?? null;
}

/**
 * Refunds `amountCents` of an incident's line, in the caller's transaction (incident and line locked),
 * through the orders module's `refundLine`: the payment provider interface (idempotent by key: the same
 * form submitted twice gives one refund), the line's refunded amount and state, the ledger (against the
 * seller's account, also when the operator refunds on its behalf). For a withdrawal, once every line of
 * the seller order is cancelled or refunded, its shipping fee goes back too (one refund per seller order,
 * whoever asks first). The refund is recorded on the incident's decision and timeline; the caller writes
 * the incident's new state and the email.
 */
export async function refundLine(
  deps: Deps,
  tx: Tx,
  input: { incident: IncidentRow; line: LineRow; amountCents: number; key: string; actor: Actor; by: 'seller' | 'operator' },
): Promise<{ ok: true; done: RefundDone } | { ok: false; code: MoneyRefusal }> {
  const { incident, line } = input;
  const decision = decisionOf(incident);
  const earlier = earlierRefund(incident, input.key);
  if (earlier) return { ok: true, done: { replay: true, amountCents: earlier.amountCents, shippingCents: earlier.shippingCents, refundId: earlier.refundId, line, decision } };

  // Refused here, before anything is written: never more than what is left on the line.
  const d = decideRefund({ state: line.state, paidCents: line.totalCents, refundedCents: line.refundedCents }, input.amountCents);
  if (!d.ok) return d;
  const now = deps.clock.now();
  const key = refundKey(incident, input.key);
  const r = await refundOrderLine(deps, tx, { lineId: line.id, amountCents: input.amountCents, idempotencyKey: key, reason: `incident ${incident.number}`, actor: input.actor, now });
  if (!r.ok) return { ok: false, code: r.code === 'no_payment' ? 'no_payment' : `payment_${r.code}` };
  if (!r.created) return { ok: true, done: { replay: true, amountCents: r.amountCents, shippingCents: 0, refundId: r.refundId, line, decision } };

  const shippingCents = incident.reason === 'withdrawal' ? await refundShippingIfNothingLeft(deps, tx, { sellerOrderId: line.sellerOrderId, actor: input.actor, now }) : 0;
  const [after] = await tx.select().from(orderLines).where(eq(orderLines.id, line.id));
  const next: IncidentDecision = {
    ...decision,
    refunds: [...(decision.refunds ?? []), { key, refundId: r.refundId, amountCents: input.amountCents, shippingCents, at: now.toISOString(), by: input.by }],
  };
  await incidentTimeline(tx, incident, line, input.actor, 'refund', now, { amountCents: input.amountCents, shippingCents, refundId: r.refundId });
  return { ok: true, done: { replay: false, amountCents: input.amountCents, shippingCents, refundId: r.refundId, line: after!, decision: next } };
}
