import { and, eq, inArray, like, or, sql, type SQLWrapper } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { products } from '../catalog/schema.js';
import { orderLines, sellerOrders } from '../orders/schema.js';
import { sellers } from '../sellers/schema.js';
import { commissionFor } from './commission.js';
import { capturePosting, payoutPosting, refundFailedPosting, refundPosting, refundRetryPosting, shippingPosting, shippingRefundPosting, type Posting } from './postings.js';
import { commissionRates, ledgerEntries, ledgerTransactions, lineCommissions } from './schema.js';

/**
 * Writes one posting as a ledger transaction in the caller's transaction. `eventKey` names the money
 * event (e.g. "capture:<lineId>", "refund:<refundId>"): booking the same event twice does nothing.
 * Returns false when the event was already booked.
 */
export async function book(tx: Tx, p: Posting, eventKey: string, meta: { orderId?: string | null; memo?: string; at: Date }): Promise<boolean> {
  return (await bookAll(tx, [{ posting: p, eventKey }], meta)) > 0;
}

/**
 * Several postings of one money event family (a paid order's captures and shipping fees) in ONE
 * statement: a CTE inserts their transactions, the main INSERT writes the entries of those that were
 * new. Each event key is still booked at most once; returns how many were booked now. `alongside`:
 * another INSERT of the same business step (the lines' commissions) run in that same statement.
 */
export async function bookAll(tx: Tx, items: { posting: Posting; eventKey: string }[], meta: { orderId?: string | null; memo?: string; at: Date }, alongside?: SQLWrapper): Promise<number> {
  const todo = items.filter((i) => i.posting.entries.length > 0);
  if (todo.length === 0) {
    if (alongside) await tx.execute(alongside.getSQL());
    return 0;
  }
  const transactions = tx
    .insert(ledgerTransactions)
    .values(todo.map((i) => ({ kind: i.posting.kind, eventKey: i.eventKey, orderId: meta.orderId ?? null, memo: meta.memo ?? null, createdAt: meta.at })))
    .onConflictDoNothing({ target: ledgerTransactions.eventKey })
    .returning({ id: ledgerTransactions.id, eventKey: ledgerTransactions.eventKey });
  const entries = todo.flatMap((i) => i.posting.entries.map((e) => ({ event_key: i.eventKey, account: e.account, amount_cents: e.amountCents, seller_id: e.sellerId ?? null, order_line_id: e.orderLineId ?? null })));
  const { rows } = await tx.execute<{ transaction_id: string }>(sql`
    with t as (${transactions.getSQL()})${alongside ? sql`, also as (${alongside.getSQL()})` : sql``}
    insert into ${ledgerEntries} (transaction_id, account, amount_cents, seller_id, order_line_id, created_at)
    select t.id, e.account, e.amount_cents, e.seller_id, e.order_line_id, ${meta.at}::timestamptz
    from json_to_recordset(${JSON.stringify(entries.map((e, n) => ({ ...e, n })))}::json) as e(event_key text, account text, amount_cents int, seller_id uuid, order_line_id uuid, n int)
    join t on t.event_key = e.event_key
    order by e.n
    returning transaction_id`);
  return new Set(rows.map((r) => r.transaction_id)).size;
}

/**
 * The commission rate of a line as a column of the caller's statement (the settlement reads it with
 * the lines it locks: no round trip of its own): the seller's rate for the product's category, else
 * its default, else 0 (`ratesFor` asks it of (seller, product) pairs).
 */
export function lineRateColumn(line: { sellerId: SQLWrapper; productId: SQLWrapper }) {
  return sql<number>`coalesce(
    (select r.rate_bps from ${commissionRates} r join ${products} p on p.category_id = r.category_id where r.seller_id = ${line.sellerId} and p.id = ${line.productId}),
    (select s.commission_bps from ${sellers} s where s.id = ${line.sellerId}), 0)::int`;
}

/** The commission rate of each line, by line id: one statement, `lineRateColumn` on the lines' (seller, product) pairs. */
async function ratesFor(tx: Tx, lines: { id: string; sellerId: string; productId: string | null }[]): Promise<Map<string, number>> {
  const pairs = [...new Map(lines.map((l) => [`${l.sellerId}:${l.productId}`, l])).values()];
  // Two array literals as two parameters (drizzle would spread a JS array into a list): uuids only, NULL for no product.
  const sellerIds = `{${pairs.map((p) => p.sellerId).join(',')}}`;
  const productIds = `{${pairs.map((p) => p.productId ?? 'NULL').join(',')}}`;
  const { rows } = await tx.execute<{ seller_id: string; product_id: string | null; rate_bps: number }>(sql`
    select l.seller_id, l.product_id, ${lineRateColumn({ sellerId: sql`l.seller_id`, productId: sql`l.product_id` })} as rate_bps
    from unnest(${sellerIds}::uuid[], ${productIds}::uuid[]) as l(seller_id, product_id)`);
  const byPair = new Map(rows.map((r) => [`${r.seller_id}:${r.product_id}`, r.rate_bps]));
  return new Map(lines.map((l) => [l.id, byPair.get(`${l.sellerId}:${l.productId}`) ?? 0]));
}

/**
 * Books a paid order: for each line, the customer's money in, the seller's share and the commission
 * (fixed on the line now); for each seller order, its shipping fee to the seller. Idempotent.
 * `known`: the order's lines and seller orders when the caller has them (saves reading them again),
 * and their rates.
 */
export async function bookOrderPaid(
  tx: Tx,
  orderId: string,
  at: Date,
  known?: { lines: (typeof orderLines.$inferSelect)[]; sellerOrders: { id: string; sellerId: string; shippingCents: number }[]; rates?: Map<string, number> },
): Promise<void> {
  const lines = known?.lines ?? (await tx.select().from(orderLines).where(eq(orderLines.orderId, orderId)));
  if (lines.length === 0) return;
  // `known.rates`: each line's rate by line id, read by the caller with `lineRateColumn`.
  const rates = known?.rates ?? (await ratesFor(tx, lines));
  const fixed = lines.map((l) => {
    const rateBps = rates.get(l.id) ?? 0;
    return { l, rateBps, commissionCents: commissionFor(l.totalCents, rateBps) };
  });
  // The commissions fixed on the lines are written by the same statement as the postings.
  const commissions = tx
    .insert(lineCommissions)
    .values(fixed.map(({ l, rateBps, commissionCents }) => ({ orderLineId: l.id, sellerId: l.sellerId, amountCents: l.totalCents, rateBps, commissionCents })))
    .onConflictDoNothing({ target: lineCommissions.orderLineId });
  const sos = known?.sellerOrders ?? (await tx.select({ id: sellerOrders.id, sellerId: sellerOrders.sellerId, shippingCents: sellerOrders.shippingCents }).from(sellerOrders).where(eq(sellerOrders.orderId, orderId)));
  await bookAll(
    tx,
    [
      ...fixed.map(({ l, commissionCents }) => ({ posting: capturePosting({ id: l.id, sellerId: l.sellerId, amountCents: l.totalCents, commissionCents }), eventKey: `capture:${l.id}` })),
      ...sos.map((so) => ({ posting: shippingPosting({ sellerId: so.sellerId, amountCents: so.shippingCents }), eventKey: `shipping:${so.id}` })),
    ],
    { orderId, at },
    commissions,
  );
}

/**
 * Books a refund of part or all of a line (by the seller or by the operator on its behalf: the
 * seller's account bears it). `refundId` is the payments module's refund id. Returns false when the
 * refund was booked already or would exceed what is left of the line.
 */
export async function bookLineRefund(tx: Tx, input: { orderLineId: string; amountCents: number; refundId: string; at: Date; memo?: string }): Promise<boolean> {
  const [lc] = await tx.select().from(lineCommissions).where(eq(lineCommissions.orderLineId, input.orderLineId)).for('update');
  if (!lc) return false;
  if (input.amountCents <= 0 || lc.refundedCents + input.amountCents > lc.amountCents) return false;
  const { posting, commissionBackCents } = refundPosting(
    { id: lc.orderLineId, sellerId: lc.sellerId, amountCents: lc.amountCents, commissionCents: lc.commissionCents, refundedCents: lc.refundedCents, commissionRefundedCents: lc.commissionRefundedCents },
    input.amountCents,
  );
  const [line] = await tx.select({ orderId: orderLines.orderId }).from(orderLines).where(eq(orderLines.id, input.orderLineId));
  const booked = await book(tx, posting, `refund:${input.refundId}`, { orderId: line?.orderId, at: input.at, memo: input.memo });
  if (!booked) return false;
  await tx
    .update(lineCommissions)
    .set({ refundedCents: lc.refundedCents + input.amountCents, commissionRefundedCents: lc.commissionRefundedCents + commissionBackCents })
    .where(eq(lineCommissions.orderLineId, lc.orderLineId));
  return true;
}

/** Books the refund of a seller order's shipping fee (when the whole seller order is withdrawn). */
export async function bookShippingRefund(tx: Tx, input: { sellerOrderId: string; amountCents: number; refundId: string; at: Date }): Promise<boolean> {
  const [so] = await tx.select().from(sellerOrders).where(and(eq(sellerOrders.id, input.sellerOrderId)));
  if (!so) return false;
  return book(tx, shippingRefundPosting({ sellerId: so.sellerId, amountCents: input.amountCents }), `shipping_refund:${input.sellerOrderId}:${input.refundId}`, { orderId: so.orderId, at: input.at });
}

/** The ledger transaction that booked a refund's money going out (line, shipping, or a retry), if any. */
async function refundBooking(tx: Tx, refundId: string): Promise<{ orderId: string | null } | null> {
  const [t] = await tx
    .select({ orderId: ledgerTransactions.orderId })
    .from(ledgerTransactions)
    .where(or(inArray(ledgerTransactions.eventKey, [`refund:${refundId}`, `refund_retry:${refundId}`]), like(ledgerTransactions.eventKey, `shipping_refund:%:${refundId}`)));
  return t ?? null;
}

/**
 * The provider refused a refund the ledger had booked: the money is back on \`psp\` and owed to the
 * customer (\`customer_refunds\`). Nothing is booked for a refund the ledger never saw (money taken
 * after the shop gave up on a payment). Returns false when there was nothing to reverse or it was done.
 */
export async function bookRefundFailed(tx: Tx, input: { refundId: string; amountCents: number; orderLineId?: string | null; at: Date; memo?: string }): Promise<boolean> {
  const booked = await refundBooking(tx, input.refundId);
  if (!booked) return false;
  return book(tx, refundFailedPosting(input), `refund_failed:${input.refundId}`, { orderId: booked.orderId, at: input.at, memo: input.memo });
}

/** A new refund for a reversed one (\`failedRefundId\`): the customer is paid what it is owed. False when the failed one was never reversed. */
export async function bookRefundRetry(tx: Tx, input: { failedRefundId: string; refundId: string; amountCents: number; orderLineId?: string | null; at: Date; memo?: string }): Promise<boolean> {
  const [reversed] = await tx.select({ orderId: ledgerTransactions.orderId }).from(ledgerTransactions).where(eq(ledgerTransactions.eventKey, `refund_failed:${input.failedRefundId}`));
  if (!reversed) return false;
  return book(tx, refundRetryPosting(input), `refund_retry:${input.refundId}`, { orderId: reversed.orderId, at: input.at, memo: input.memo });
}

export async function bookPayout(tx: Tx, input: { sellerId: string; amountCents: number; payoutId: string; at: Date }): Promise<boolean> {
  return book(tx, payoutPosting({ sellerId: input.sellerId, amountCents: input.amountCents }), `payout:${input.payoutId}`, { at: input.at });
}
