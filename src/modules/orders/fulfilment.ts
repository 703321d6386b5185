import { and, asc, eq, isNotNull } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { applyToLines, type LineRow } from './apply.js';
import { normaliseTracking, type Carrier } from './carriers.js';
import { queueCancelledEmail, queueDeliveredEmail, queueShippedEmail, type RefusalReason } from './emails.js';
import type { LineState } from './line-lifecycle.js';
import { cancelAndRefund } from './refunds.js';
import { orderLines, orders, sellerOrders } from './schema.js';
import { planCommand, type PlanRefusal, type SellerCommand } from './seller-order-lifecycle.js';
import type { Actor } from './timeline.js';

/**
 * The seller's fulfilment, one use case per command of the seller order lifecycle
 * (seller-order-lifecycle.ts): accept, refuse (cancel + refund + email), ship (carrier + tracking
 * number + email), deliver (email). Each runs in one transaction; the seller order is found by its
 * number AND the seller's id, so another seller's order answers exactly like a missing one.
 * Line states change only through applyToLines (row locks): a refusal and a shipment of the same
 * line at the same moment cannot both win.
 */

export type SellerRef = { sellerId: string; userId: string };
export type FulfilmentRefusal = PlanRefusal | 'tracking_invalid';
export type FulfilmentResult =
  | { ok: true; lines: LineRow[]; refundedCents: number }
  | { ok: false; code: FulfilmentRefusal; lineId?: string; state?: LineState };

type OrderRow = typeof orders.$inferSelect;
type SellerOrderRow = typeof sellerOrders.$inferSelect;

/** The seller's own seller order (paid orders only: an unpaid checkout is nobody's business yet). */
async function ownSellerOrder(tx: Tx, sellerId: string, number: string): Promise<{ so: SellerOrderRow; order: OrderRow } | null> {
  const [row] = await tx
    .select({ so: sellerOrders, order: orders })
    .from(sellerOrders)
    .innerJoin(orders, eq(orders.id, sellerOrders.orderId))
    .where(and(eq(sellerOrders.number, number), eq(sellerOrders.sellerId, sellerId), isNotNull(orders.paidAt)));
  return row ?? null;
}

async function run(
  deps: Deps,
  input: { seller: SellerRef; number: string; command: SellerCommand; lineIds?: string[] },
  act: (ctx: { tx: Tx; so: SellerOrderRow; order: OrderRow; lineIds: string[]; actor: Actor; now: Date }) => Promise<FulfilmentResult>,
): Promise<FulfilmentResult> {
  return deps.db.transaction(async (tx): Promise<FulfilmentResult> => {
    const found = await ownSellerOrder(tx, input.seller.sellerId, input.number);
    if (!found) return { ok: false, code: 'not_found' };
    const lines = await tx.select({ id: orderLines.id, state: orderLines.state }).from(orderLines).where(eq(orderLines.sellerOrderId, found.so.id)).orderBy(asc(orderLines.createdAt), asc(orderLines.id));
    // A first look without locks, for a precise answer; applyToLines checks again under the row locks.
    const plan = planCommand(input.command, lines, input.lineIds);
    if (!plan.ok) return { ok: false, code: plan.code, lineId: plan.lineId, state: lines.find((l) => l.id === plan.lineId)?.state };
    const result = await act({ tx, ...found, lineIds: plan.lineIds, actor: { type: 'seller', id: input.seller.userId }, now: deps.clock.now() });
    // A refusal after a partial write (applyToLines stops at the first line it may not change) keeps nothing.
    if (!result.ok) throw new RolledBack(result);
    return result;
  }).catch((err: unknown) => {
    if (err instanceof RolledBack) return err.result;
    throw err;
  });
}

class RolledBack extends Error {
  constructor(readonly result: FulfilmentResult) {
    super('rolled back');
  }
}

/** Accepts paid lines ("En préparation"); all of them when `lineIds` is not given. */
export async function acceptLines(deps: Deps, input: { seller: SellerRef; number: string; lineIds?: string[] }): Promise<FulfilmentResult> {
  return run(deps, { ...input, command: 'accept' }, async ({ tx, so, lineIds, actor, now }) => {
    const r = await applyToLines(tx, { lineIds, verb: 'accept', actor, now, scope: { sellerOrderId: so.id, sellerId: so.sellerId } });
    return r.ok ? { ok: true, lines: r.lines, refundedCents: 0 } : r;
  });
}

/** Refuses paid lines: they are cancelled and refunded in full (with the shipping fee when nothing is left), and the customer is told. */
export async function refuseLines(deps: Deps, input: { seller: SellerRef; number: string; lineIds: string[]; reason: RefusalReason }): Promise<FulfilmentResult> {
  return run(deps, { ...input, command: 'refuse' }, async ({ tx, so, order, lineIds, actor, now }) => {
    const r = await cancelAndRefund(deps, tx, { sellerOrderId: so.id, lineIds, verb: 'refuse', actor, now, reason: `refused_${input.reason}` });
    if (!r.ok) return r;
    await queueCancelledEmail(deps, tx, { order, sellerId: so.sellerId, sellerOrderId: so.id, lines: r.lines, why: { refused: input.reason }, refundedCents: r.refundedCents, shippingRefundedCents: r.shippingRefundedCents });
    return { ok: true, lines: r.lines, refundedCents: r.refundedCents };
  });
}

/** Ships paid or accepted lines in one parcel: carrier and tracking number on each line, the customer gets the tracking link. */
export async function shipLines(deps: Deps, input: { seller: SellerRef; number: string; lineIds?: string[]; carrier: Carrier; trackingNumber: string }): Promise<FulfilmentResult> {
  const tracking = normaliseTracking(input.trackingNumber);
  if (!tracking) return { ok: false, code: 'tracking_invalid' };
  return run(deps, { ...input, command: 'ship' }, async ({ tx, so, order, lineIds, actor, now }) => {
    const r = await applyToLines(tx, { lineIds, verb: 'ship', actor, now, scope: { sellerOrderId: so.id, sellerId: so.sellerId }, set: { carrier: input.carrier, trackingNumber: tracking } });
    if (!r.ok) return r;
    await queueShippedEmail(deps, tx, { order, sellerId: so.sellerId, sellerOrderId: so.id, lines: r.lines, carrier: input.carrier, trackingNumber: tracking });
    return { ok: true, lines: r.lines, refundedCents: 0 };
  });
}

/** Marks shipped lines delivered ("Livrée"); the customer is told. */
export async function deliverLines(deps: Deps, input: { seller: SellerRef; number: string; lineIds?: string[] }): Promise<FulfilmentResult> {
  return run(deps, { ...input, command: 'deliver' }, async ({ tx, so, order, lineIds, actor, now }) => {
    const r = await applyToLines(tx, { lineIds, verb: 'deliver', actor, now, scope: { sellerOrderId: so.id, sellerId: so.sellerId } });
    if (!r.ok) return r;
    await queueDeliveredEmail(deps, tx, { order, sellerId: so.sellerId, sellerOrderId: so.id, lines: r.lines });
    return { ok: true, lines: r.lines, refundedCents: 0 };
  });
}
