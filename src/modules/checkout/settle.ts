import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { removeOrderedFromCart } from '../cart/cart.js';
import { bookOrderPaid, lineRateColumn } from '../ledger/book.js';
import { applyToLines } from '../orders/apply.js';
import { orderLines, orders } from '../orders/schema.js';
import { recordTimeline, SYSTEM, type TimelineEntry } from '../orders/timeline.js';
import { onPaymentFailed, onPaymentPaid, refundPayment, type Payment } from '../payments/service.js';
import { queueOrderEmails } from './emails.js';
import { loadPlacedOrder } from './placed-order.js';
import { forgetChoiceUpdate } from './state.js';
import { releaseStock } from './stock.js';
import { emitOrderCreated } from '../api/events.js';
import { faultPoint } from '../../shared/faults.js';

/**
 * What happens to an order when its payment settles. Both run inside the payments module's
 * transaction that changes the payment's status (its onPaymentPaid / onPaymentFailed hooks), so the
 * payment, the order lines, the stock, the ledger and the emails commit together or not at all.
 */

/** The payment succeeded: "payée et confirmée". Idempotent; a payment for an order cancelled meanwhile is given back. */
export async function markOrderPaid(deps: Deps, tx: Tx, payment: Payment): Promise<void> {
  const now = deps.clock.now();
  // The order and its lines in one statement, all locked (the lines in id order, as applyToLines
  // would lock them) and handed on: one round trip instead of three reads.
  // Each line's commission rate comes with it (the ledger's rule, for bookOrderPaid).
  const rows = await tx
    .select({ order: orders, line: orderLines, rateBps: lineRateColumn({ sellerId: orderLines.sellerId, productId: orderLines.productId }) })
    .from(orders)
    .innerJoin(orderLines, eq(orderLines.orderId, orders.id))
    .where(eq(orders.id, payment.orderId))
    .orderBy(orderLines.id)
    .for('update', { of: [orders, orderLines] });
  const order = rows[0]?.order;
  if (!order) throw new Error(`payment ${payment.id} for an unknown order ${payment.orderId}`);
  if (order.paidAt) return;
  if (payment.amountCents !== order.totalCents || payment.currency !== order.currency) {
    // The payments module checks the provider's amount against the payment; this checks the payment against the order.
    throw new Error(`payment ${payment.id} does not match order ${order.number}`);
  }
  const lines = rows.map((r) => r.line);
  const waiting = lines.filter((l) => l.state === 'awaiting_payment');
  if (waiting.length !== lines.length) {
    // Cancelled before the money arrived (expired, superseded by a newer attempt): give it back.
    await refundLatePayment(deps, tx, order, payment, now);
    return;
  }
  // The lines paid and the order's payment time, in one statement.
  const paidAt = tx.update(orders).set({ paidAt: now }).where(eq(orders.id, order.id)).returning({ id: orders.id });
  const applied = await applyToLines(tx, { lineIds: lines.map((l) => l.id), verb: 'pay', actor: SYSTEM, now, scope: { orderId: order.id }, data: { paymentId: payment.id }, locked: lines, alongside: paidAt });
  if (!applied.ok) throw new Error(`order ${order.number}: cannot mark lines paid (${applied.code})`);
  // Written with the emails' entries, in the same INSERT, before them (queueOrderEmails).
  const paidEntry: TimelineEntry = { orderId: order.id, actor: SYSTEM, type: 'order.paid', data: { paymentId: payment.id, method: payment.method, amountCents: payment.amountCents }, at: now };
  // The order as it is now, read once and passed on to the ledger, the emails and the webhooks
  // (each read is a round trip that waits for PostgreSQL on a busy machine).
  const placed = (await loadPlacedOrder(tx, order.id, { ...order, paidAt: now }, applied.lines))!;
  await bookOrderPaid(tx, order.id, now, { lines: applied.lines, sellerOrders: placed.parts, rates: new Map(rows.map((r) => [r.line.id, r.rateBps])) });
  if (order.customerId) {
    // The cart and the checkout's address choice, in one statement.
    await removeOrderedFromCart(tx, order.customerId, lines.flatMap((l) => (l.offerId ? [{ offerId: l.offerId, quantity: l.quantity }] : [])), forgetChoiceUpdate(tx, order.customerId, now));
  }
  await queueOrderEmails(deps, tx, placed, [paidEntry]);
  await emitOrderCreated(tx, now, { orderNumber: order.number, parts: placed.parts });
  faultPoint('payment.paid.before-commit');
}

/**
 * The order will not be paid (refused, cancelled at the provider, expired, superseded): its lines are
 * cancelled and their units go back to stock, once — the line transition awaiting_payment → cancelled
 * can only happen once, and stock is released only when it does.
 */
export async function cancelUnpaidOrder(deps: Deps, tx: Tx, orderId: string, how: { verb: 'fail' | 'expire'; reason: string; at?: Date }): Promise<boolean> {
  const now = how.at ?? deps.clock.now();
  const lines = await tx
    .select({ id: orderLines.id, offerId: orderLines.offerId, quantity: orderLines.quantity })
    .from(orderLines)
    .where(and(eq(orderLines.orderId, orderId), eq(orderLines.state, 'awaiting_payment')))
    .orderBy(orderLines.id)
    .for('update');
  if (lines.length === 0) return false;
  const applied = await applyToLines(tx, { lineIds: lines.map((l) => l.id), verb: how.verb, actor: SYSTEM, now, scope: { orderId }, data: { reason: how.reason } });
  if (!applied.ok) throw new Error(`order ${orderId}: cannot cancel unpaid lines (${applied.code})`);
  await releaseStock(tx, lines, now);
  await recordTimeline(tx, { orderId, actor: SYSTEM, type: 'order.cancelled_unpaid', data: { reason: how.reason }, at: now });
  return true;
}

export async function onPaymentFailedHook(deps: Deps, tx: Tx, payment: Payment): Promise<void> {
  const verb = payment.status === 'expired' ? 'expire' : 'fail';
  await cancelUnpaidOrder(deps, tx, payment.orderId, { verb, reason: payment.failureCode ?? payment.status });
}

/**
 * Money taken for an order that was cancelled before it arrived (its payment page was still open
 * when the order expired or a newer attempt replaced it): the whole payment goes back, once.
 */
async function refundLatePayment(deps: Deps, tx: Tx, order: typeof orders.$inferSelect, payment: Payment, now: Date): Promise<void> {
  const r = await refundPayment(deps, tx, { paymentId: payment.id, amountCents: payment.amountCents, idempotencyKey: `late-payment:${payment.id}`, reason: 'order_cancelled_before_payment' });
  if (!r.ok) throw new Error(`late payment ${payment.id} of order ${order.number} could not be refunded: ${r.code}`);
  await recordTimeline(tx, { orderId: order.id, actor: SYSTEM, type: 'payment.late_refunded', data: { paymentId: payment.id, refundId: r.refund.id, amountCents: payment.amountCents }, at: now });
}

/** Plugs the checkout into the payments module's settlement (called once when the module loads). */
onPaymentPaid.push((tx, payment, deps) => markOrderPaid(deps, tx, payment));
onPaymentFailed.push((tx, payment, deps) => onPaymentFailedHook(deps, tx, payment));
