/**
 * Commission rules (docs/ledger.md):
 * - a rate in basis points per seller and category (1 bp = 0.01 %), else the seller's default rate;
 * - computed per order line on the line's amount incl. VAT, rounded half up to the cent;
 * - refunded in proportion when the line is refunded: each partial refund takes back
 *   round_half_up(commission × refund / line amount), and the refund that empties the line takes back
 *   exactly what is left of the commission, so a fully refunded line nets to zero, to the cent;
 * - shipping fees go to the seller without commission.
 * All amounts are integer cents; nothing here uses floating point.
 */
export function roundHalfUpDiv(numerator: number, denominator: number): number {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator <= 0) throw new Error('integers only');
  const sign = numerator < 0 ? -1 : 1;
  const n = Math.abs(numerator);
  return sign * Math.floor((2 * n + denominator) / (2 * denominator));
}

export function commissionFor(lineCents: number, rateBps: number): number {
  if (rateBps < 0 || rateBps > 10_000) throw new Error('rate out of range');
  return roundHalfUpDiv(lineCents * rateBps, 10_000);
}

/**
 * The commission taken back by a refund of `refundCents` on a line, given what was refunded before.
 * What the operator keeps after the refund is the line's commission in proportion to what is left of
 * the line, rounded once (half up); the refund gives back the difference. (Until session 5 each refund
 * gave back its own rounded share: over several partial refunds the roundings drifted, and the
 * commission kept could exceed what was left of the line — the seller owing a cent on a line it sold,
 * found by the ledger's property test.) All of it when the line is fully refunded; never a negative amount.
 */
export function commissionRefundFor(line: { amountCents: number; commissionCents: number; refundedCents: number; commissionRefundedCents: number }, refundCents: number): number {
  const leftAfter = line.amountCents - line.refundedCents - refundCents;
  if (refundCents <= 0 || leftAfter < 0) throw new Error('refund out of range');
  const kept = line.commissionCents - line.commissionRefundedCents;
  const keepAfter = roundHalfUpDiv(line.commissionCents * leftAfter, line.amountCents);
  return Math.max(0, kept - keepAfter);
}
