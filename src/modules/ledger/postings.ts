import { commissionRefundFor } from './commission.js';

/**
 * Double-entry postings: every money event becomes one transaction whose entries sum to zero.
 * Signs: a positive amount is a debit, a negative one a credit.
 *
 * Accounts:
 *   psp                      money held for us by the payment provider (asset)
 *   seller:<id>              what the marketplace owes a seller (liability: credit balance)
 *   commission               the operator's commission income (credit balance)
 *   bank                     money paid out to sellers' bank accounts
 *   customer_refunds         refunds the provider refused: money still held, owed to customers (liability)
 */
export type Entry = { account: string; amountCents: number; orderLineId?: string | null; sellerId?: string | null };
export type Posting = { kind: 'capture' | 'shipping' | 'refund' | 'shipping_refund' | 'payout' | 'correction'; entries: Entry[] };

export const CUSTOMER_REFUNDS = 'customer_refunds';
export const sellerAccount = (sellerId: string) => `seller:${sellerId}`;

/** Zero amounts are not written (a 0 % commission, a free shipping). */
function posting(kind: Posting['kind'], entries: Entry[]): Posting {
  return { kind, entries: entries.filter((e) => e.amountCents !== 0).map((e) => ({ ...e, amountCents: e.amountCents + 0 })) };
}

/** A paid line: the customer's money comes in; the seller is owed the line minus the commission. */
export function capturePosting(line: { id: string; sellerId: string; amountCents: number; commissionCents: number }): Posting {
  return posting('capture', [
      { account: 'psp', amountCents: line.amountCents, orderLineId: line.id },
      { account: sellerAccount(line.sellerId), amountCents: -(line.amountCents - line.commissionCents), orderLineId: line.id, sellerId: line.sellerId },
      { account: 'commission', amountCents: -line.commissionCents, orderLineId: line.id },
    ]);
}

/** A seller order's shipping fee: owed to the seller in full. */
export function shippingPosting(s: { sellerId: string; amountCents: number }): Posting {
  return posting('shipping', [
      { account: 'psp', amountCents: s.amountCents },
      { account: sellerAccount(s.sellerId), amountCents: -s.amountCents, sellerId: s.sellerId },
    ]);
}

/**
 * A refund of part or all of a line (by the seller, or by the operator on the seller's behalf: the
 * seller's account bears it either way): the money goes out; the seller gives back its share and the
 * operator the proportional commission.
 */
export function refundPosting(
  line: { id: string; sellerId: string; amountCents: number; commissionCents: number; refundedCents: number; commissionRefundedCents: number },
  refundCents: number,
): { posting: Posting; commissionBackCents: number } {
  const commissionBack = commissionRefundFor(line, refundCents);
  return {
    commissionBackCents: commissionBack,
    posting: posting('refund', [
        { account: 'psp', amountCents: -refundCents, orderLineId: line.id },
        { account: sellerAccount(line.sellerId), amountCents: refundCents - commissionBack, orderLineId: line.id, sellerId: line.sellerId },
        { account: 'commission', amountCents: commissionBack, orderLineId: line.id },
      ]),
  };
}

export function shippingRefundPosting(s: { sellerId: string; amountCents: number }): Posting {
  return posting('shipping_refund', [
      { account: 'psp', amountCents: -s.amountCents },
      { account: sellerAccount(s.sellerId), amountCents: s.amountCents, sellerId: s.sellerId },
    ]);
}

/**
 * A booked refund the provider refused: the money never left the provider and is owed to the
 * customer until it is refunded again. The seller's and the commission's side of the refund stand
 * (the decision to refund does not change), so the seller is never paid money owed to a customer.
 */
export function refundFailedPosting(r: { amountCents: number; orderLineId?: string | null }): Posting {
  return posting('correction', [
      { account: 'psp', amountCents: r.amountCents, orderLineId: r.orderLineId ?? null },
      { account: CUSTOMER_REFUNDS, amountCents: -r.amountCents, orderLineId: r.orderLineId ?? null },
    ]);
}

/** A refused refund asked again: the money leaves the provider; the customer is no longer owed it. */
export function refundRetryPosting(r: { amountCents: number; orderLineId?: string | null }): Posting {
  return posting('correction', [
      { account: 'psp', amountCents: -r.amountCents, orderLineId: r.orderLineId ?? null },
      { account: CUSTOMER_REFUNDS, amountCents: r.amountCents, orderLineId: r.orderLineId ?? null },
    ]);
}

/** A payout: the seller's available balance leaves for its bank account. */
export function payoutPosting(p: { sellerId: string; amountCents: number }): Posting {
  return posting('payout', [
      { account: sellerAccount(p.sellerId), amountCents: p.amountCents, sellerId: p.sellerId },
      { account: 'bank', amountCents: -p.amountCents },
    ]);
}

export function isBalanced(p: Posting): boolean {
  return p.entries.reduce((s, e) => s + e.amountCents, 0) === 0 && p.entries.every((e) => Number.isSafeInteger(e.amountCents));
}
