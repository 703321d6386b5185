import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { bookLineRefund, bookRefundFailed, bookRefundRetry, bookShippingRefund } from '../ledger/book.js';
import { onRefundFailed, openFailedRefundOfLine, originOf, paymentsOfOrder, refundPayment, retryFailedRefund, type Payment, type Refund } from '../payments/service.js';
import { addLineRefund, applyToLines, type LineRow } from './apply.js';
import { decideRefund } from './line-lifecycle.js';
import { orderLines, orders, sellerOrders } from './schema.js';
import { recordTimeline, SYSTEM, type Actor } from './timeline.js';
import { payments, refunds } from '../payments/schema.js';
import { audit } from '../operators/audit.js';
import { faultPoint } from '../../shared/faults.js';

/**
 * Money back for order lines, in the caller's transaction (the same one that cancels them): the
 * refund at the payment provider (refundPayment: idempotent by key, never beyond what was paid), the
 * line's refunded amount and state (refund / refund_fully through applyToLines), and the ledger
 * (bookLineRefund) — all or nothing. Locks: the line first, then the payment (refundPayment).
 */

/** The order's payment that took the money (at most one: the payments module allows one live payment per order). */
async function paidPayment(tx: Tx, orderId: string) {
  // paymentsOfOrder reads through whatever handle it is given; inside this transaction, the transaction's.
  const list = await paymentsOfOrder({ db: tx as unknown as Deps['db'] }, orderId);
  return list.find((p) => p.status === 'paid') ?? null;
}

export type RefundLineResult =
  | { ok: true; refundId: string; amountCents: number; created: boolean }
  | { ok: false; code: 'not_found' | 'no_payment' | 'invalid_amount' | 'exceeds_refundable' | 'transition_not_allowed' | 'key_reused' | 'refund_failed_open' | string };

/** Refunds `amountCents` of a line (default: everything left on it). A replay with the same key changes nothing. */
export async function refundLine(
  deps: Deps,
  tx: Tx,
  input: { lineId: string; amountCents?: number; idempotencyKey: string; reason: string; actor: Actor; now: Date },
): Promise<RefundLineResult> {
  const [line] = await tx.select().from(orderLines).where(eq(orderLines.id, input.lineId)).for('update');
  if (!line) return { ok: false, code: 'not_found' };
  const amount = input.amountCents ?? line.totalCents - line.refundedCents;
  const payment = await paidPayment(tx, line.orderId);
  if (!payment) return { ok: false, code: 'no_payment' };
  const [replay] = await tx.select({ id: refunds.id }).from(refunds).where(eq(refunds.idempotencyKey, input.idempotencyKey));
  if (!replay && (await openFailedRefundOfLine(tx, line.id))) return { ok: false, code: 'refund_failed_open' };
  const r = await refundPayment(deps, tx, { paymentId: payment.id, orderLineId: line.id, amountCents: amount, idempotencyKey: input.idempotencyKey, reason: input.reason });
  if (!r.ok) return { ok: false, code: r.code };
  if (!r.created) return { ok: true, refundId: r.refund.id, amountCents: r.refund.amountCents, created: false };
  const d = decideRefund({ state: line.state, paidCents: line.totalCents, refundedCents: line.refundedCents }, amount);
  if (!d.ok) throw new Error(`line ${line.id}: refund of ${amount} accepted by payments but refused by the line (${d.code})`);
  const applied = await applyToLines(tx, { lineIds: [line.id], verb: d.verb, actor: input.actor, now: input.now, data: { refundId: r.refund.id, amountCents: amount, reason: input.reason } });
  if (!applied.ok) throw new Error(`line ${line.id}: ${d.verb} refused (${applied.code})`);
  await addLineRefund(tx, line.id, amount);
  await bookLineRefund(tx, { orderLineId: line.id, amountCents: amount, refundId: r.refund.id, at: input.now, memo: input.reason });
  faultPoint('refund.book.before-commit');
  return { ok: true, refundId: r.refund.id, amountCents: amount, created: true };
}

/**
 * When a seller order has no live line left (every line cancelled or refunded), its shipping fee goes
 * back to the customer too (EU: standard delivery is refunded when the whole order is withdrawn).
 * Idempotent: one refund per seller order (key "seller-order-shipping:<id>"), whoever asks first —
 * a seller's refusal, the acceptance deadline, or a withdrawal incident. Returns the amount refunded now.
 */
export async function refundShippingIfNothingLeft(deps: Deps, tx: Tx, input: { sellerOrderId: string; actor: Actor; now: Date }): Promise<number> {
  const [so] = await tx.select().from(sellerOrders).where(eq(sellerOrders.id, input.sellerOrderId)).for('update');
  if (!so) return 0;
  const lines = await tx.select({ state: orderLines.state }).from(orderLines).where(eq(orderLines.sellerOrderId, so.id));
  if (lines.length === 0 || lines.some((l) => l.state !== 'cancelled' && l.state !== 'refunded')) return 0;
  const amount = so.shippingCents - so.shippingRefundedCents;
  if (amount <= 0) return 0;
  const payment = await paidPayment(tx, so.orderId);
  if (!payment) return 0;
  const r = await refundPayment(deps, tx, { paymentId: payment.id, orderLineId: null, amountCents: amount, idempotencyKey: `seller-order-shipping:${so.id}`, reason: 'seller_order_cancelled' });
  if (!r.ok) throw new Error(`seller order ${so.number}: shipping refund refused (${r.code})`);
  if (!r.created) return 0;
  await tx
    .update(sellerOrders)
    .set({ shippingRefundedCents: so.shippingRefundedCents + amount, updatedAt: input.now })
    .where(and(eq(sellerOrders.id, so.id)));
  await bookShippingRefund(tx, { sellerOrderId: so.id, amountCents: amount, refundId: r.refund.id, at: input.now });
  await recordTimeline(tx, { orderId: so.orderId, sellerOrderId: so.id, actor: input.actor, type: 'seller_order.shipping_refunded', data: { refundId: r.refund.id, amountCents: amount }, at: input.now });
  return amount;
}

export type CancelResult =
  | { ok: true; lines: LineRow[]; refundedCents: number; shippingRefundedCents: number }
  | { ok: false; code: 'not_found' | 'transition_not_allowed'; lineId?: string; state?: LineRow['state'] };

/**
 * Cancels lines of ONE seller order (the seller's refusal, or the acceptance deadline) and gives
 * their money back: each line in full, and the shipping fee when nothing is left of the seller order.
 */
export async function cancelAndRefund(
  deps: Deps,
  tx: Tx,
  input: { sellerOrderId: string; lineIds: string[]; verb: 'refuse' | 'cancel'; actor: Actor; now: Date; reason: string },
): Promise<CancelResult> {
  const applied = await applyToLines(tx, {
    lineIds: input.lineIds,
    verb: input.verb,
    actor: input.actor,
    now: input.now,
    scope: { sellerOrderId: input.sellerOrderId },
    data: { reason: input.reason },
  });
  if (!applied.ok) return applied;
  let refundedCents = 0;
  for (const line of applied.lines) {
    if (line.totalCents - line.refundedCents <= 0) continue;
    const r = await refundLine(deps, tx, { lineId: line.id, idempotencyKey: `line-cancel:${line.id}`, reason: input.reason, actor: input.actor, now: input.now });
    if (!r.ok) throw new Error(`line ${line.id}: refund after ${input.verb} failed (${r.code})`);
    refundedCents += r.amountCents;
  }
  const shippingRefundedCents = await refundShippingIfNothingLeft(deps, tx, { sellerOrderId: input.sellerOrderId, actor: input.actor, now: input.now });
  const lines = await tx.select().from(orderLines).where(eq(orderLines.sellerOrderId, input.sellerOrderId));
  return { ok: true, lines: lines.filter((l) => input.lineIds.includes(l.id)), refundedCents: refundedCents + shippingRefundedCents, shippingRefundedCents };
}

// ---------------------------------------------------------------------------------------------
// A refund the provider refused (docs/payments.md, "Refused refunds")

/** What a refund gave money back for: a line, a seller order's shipping fee, or nothing of the order (money taken after the shop gave up on a payment). */
async function refundTarget(tx: Tx, refund: Refund): Promise<{ lineId: string } | { sellerOrderId: string } | null> {
  if (refund.orderLineId) return { lineId: refund.orderLineId };
  const origin = await originOf(tx, refund);
  const m = /^seller-order-shipping:([0-9a-f-]{36})$/.exec(origin.idempotencyKey);
  return m ? { sellerOrderId: m[1]! } : null;
}

/** Moves the customer-visible refunded amount of the refund's line or shipping fee by `delta` cents. */
async function moveRefunded(tx: Tx, target: { lineId: string } | { sellerOrderId: string }, delta: number, now: Date): Promise<string | null> {
  if ('lineId' in target) {
    await addLineRefund(tx, target.lineId, delta);
    const [l] = await tx.select({ sellerOrderId: orderLines.sellerOrderId }).from(orderLines).where(eq(orderLines.id, target.lineId));
    return l?.sellerOrderId ?? null;
  }
  await tx
    .update(sellerOrders)
    .set({ shippingRefundedCents: sql`${sellerOrders.shippingRefundedCents} + ${delta}`, updatedAt: now })
    .where(eq(sellerOrders.id, target.sellerOrderId));
  return target.sellerOrderId;
}

/**
 * The provider refused a refund (hook onRefundFailed, in the transaction that marks it failed): the
 * ledger says the money is still held and owed to the customer, the line (or shipping fee) is no
 * longer counted as refunded, and the order's timeline shows it to customer service. The line's
 * state does not move back: the decision to refund stands; only the money has yet to reach the customer.
 */
export async function reverseFailedRefund(tx: Tx, refund: Refund, payment: Payment, deps: Deps): Promise<void> {
  const now = deps.clock.now();
  const target = await refundTarget(tx, refund);
  const reversed = target && (await bookRefundFailed(tx, { refundId: refund.id, amountCents: refund.amountCents, orderLineId: refund.orderLineId, at: now, memo: refund.failureCode ?? undefined }));
  const sellerOrderId = reversed ? await moveRefunded(tx, target, -refund.amountCents, now) : null;
  const [order] = await tx.select({ id: orders.id }).from(orders).where(eq(orders.id, payment.orderId));
  if (!order) return;
  await recordTimeline(tx, {
    orderId: payment.orderId,
    sellerOrderId,
    orderLineId: refund.orderLineId,
    actor: SYSTEM,
    type: 'refund.failed',
    data: { refundId: refund.id, amountCents: refund.amountCents, code: refund.failureCode },
    at: now,
  });
}
onRefundFailed.push(reverseFailedRefund);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type RetryResult = { ok: true; refundId: string; amountCents: number; created: boolean } | { ok: false; code: 'not_found' | 'not_failed' | string };

/**
 * "Relancer le remboursement": a new refund of the same amount through the normal path (payments'
 * limit, job, provider), booked back in the ledger and on the line in the same transaction. A second
 * click finds the same retry. Locks: the line first (as refundLine does), then the payment.
 */
export async function retryRefund(deps: Deps, input: { refundId: string; actor: Actor }): Promise<RetryResult> {
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const [failed] = UUID.test(input.refundId) ? await tx.select().from(refunds).where(eq(refunds.id, input.refundId)) : [];
    if (!failed) return { ok: false, code: 'not_found' };
    if (failed.orderLineId) await tx.select({ id: orderLines.id }).from(orderLines).where(eq(orderLines.id, failed.orderLineId)).for('update');
    const r = await retryFailedRefund(deps, tx, failed.id);
    if (!r.ok) return r;
    if (!r.created) return { ok: true, refundId: r.refund.id, amountCents: r.refund.amountCents, created: false };
    const target = await refundTarget(tx, r.failed);
    const booked = target && (await bookRefundRetry(tx, { failedRefundId: r.failed.id, refundId: r.refund.id, amountCents: r.refund.amountCents, orderLineId: r.refund.orderLineId, at: now }));
    const sellerOrderId = booked ? await moveRefunded(tx, target, r.refund.amountCents, now) : null;
    const [p] = await tx.select({ orderId: payments.orderId }).from(payments).where(eq(payments.id, r.refund.paymentId));
    if (input.actor.type === 'operator') {
      await audit(tx, { operatorId: input.actor.id ?? null, action: 'refund.retry', subjectType: 'refund', subjectId: r.failed.id, before: { status: 'failed', code: r.failed.failureCode }, after: { refundId: r.refund.id, amountCents: r.refund.amountCents }, at: now });
    }
    await recordTimeline(tx, { orderId: p!.orderId, sellerOrderId, orderLineId: r.refund.orderLineId, actor: input.actor, type: 'refund.retried', data: { refundId: r.refund.id, failedRefundId: r.failed.id, amountCents: r.refund.amountCents }, at: now });
    return { ok: true, refundId: r.refund.id, amountCents: r.refund.amountCents, created: true };
  });
}
