import type { LineState } from './line-lifecycle.js';

/**
 * A seller order's status is derived from its lines by this one rule (style.md, "derived, not
 * stored"). PostgreSQL keeps its result in seller_orders.status for the seller's list, recomputed by
 * triggers on order_lines with the SQL form of this rule (migration 0024, decision 0030): a change
 * here needs a migration that replaces that function and recomputes the column — the agreement tests
 * (tests/orders.test.ts, tests/seller-order-status.test.ts) fail until both say the same.
 * The customer sees it in words: "Payée", "En préparation", "Expédiée", "Livrée", "Annulée",
 * "Remboursée".
 *
 * Rules, in order:
 * - no line: awaiting_payment;
 * - every line cancelled or refunded: "refunded" when money went back (any refund), else "cancelled";
 * - otherwise the least advanced of the lines still active (not cancelled/refunded), so a seller
 *   order shows "Expédiée" only when all its live articles have left.
 */
export const SELLER_ORDER_STATUSES = ['awaiting_payment', 'paid', 'preparing', 'shipped', 'delivered', 'closed', 'cancelled', 'refunded'] as const;
export type SellerOrderStatus = (typeof SELLER_ORDER_STATUSES)[number];

/** The forward states of a line, least advanced first (the order the SQL twin in queries.ts uses too). */
export const PROGRESS: readonly LineState[] = ['awaiting_payment', 'paid', 'preparing', 'shipped', 'delivered', 'closed'];

export function sellerOrderStatus(lines: { state: LineState; refundedCents: number }[]): SellerOrderStatus {
  if (lines.length === 0) return 'awaiting_payment';
  const live = lines.filter((l) => l.state !== 'cancelled' && l.state !== 'refunded');
  if (live.length === 0) {
    return lines.some((l) => l.state === 'refunded' || l.refundedCents > 0) ? 'refunded' : 'cancelled';
  }
  let least = PROGRESS.length - 1;
  for (const l of live) least = Math.min(least, PROGRESS.indexOf(l.state));
  return PROGRESS[least] as SellerOrderStatus;
}

/** The customer order's status: the least advanced of its seller orders that are still live. */
export function orderStatus(sellerOrders: SellerOrderStatus[]): SellerOrderStatus {
  if (sellerOrders.length === 0) return 'awaiting_payment';
  const live = sellerOrders.filter((s) => s !== 'cancelled' && s !== 'refunded');
  if (live.length === 0) return sellerOrders.includes('refunded') ? 'refunded' : 'cancelled';
  let least = PROGRESS.length - 1;
  for (const s of live) least = Math.min(least, PROGRESS.indexOf(s as LineState));
  return PROGRESS[least] as SellerOrderStatus;
}
