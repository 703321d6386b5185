import { and, eq, inArray, sql, type ColumnsSelection } from 'drizzle-orm';
import type { TypedQueryBuilder } from 'drizzle-orm/query-builders/query-builder';
import type { Tx } from '../../db/client.js';
import { decideLine, type LineState, type LineVerb } from './line-lifecycle.js';
import { orderLines, sellerOrders } from './schema.js';
import { timelineEvents } from './schema.js';
import { timelineInsert, type Actor } from './timeline.js';
import { emitLineCancelled } from '../api/events.js';

export type LineRow = typeof orderLines.$inferSelect;
/** An UPDATE … RETURNING (any columns) that can be written as a CTE of another statement. */
type Alongside = TypedQueryBuilder<ColumnsSelection>;

/** Timestamps a verb sets on the line. */
const STAMP: Partial<Record<LineVerb, 'acceptedAt' | 'shippedAt' | 'deliveredAt' | 'cancelledAt'>> = {
  accept: 'acceptedAt',
  ship: 'shippedAt',
  deliver: 'deliveredAt',
  cancel: 'cancelledAt',
  refuse: 'cancelledAt',
  fail: 'cancelledAt',
  expire: 'cancelledAt',
};

export type ApplyResult = { ok: true; lines: LineRow[] } | { ok: false; code: 'not_found' | 'transition_not_allowed'; lineId?: string; state?: LineState };

/**
 * Applies one lifecycle verb to lines, all or nothing, inside the caller's transaction: locks the
 * rows (SELECT … FOR UPDATE, so a cancel and a ship of one line cannot both win), asks the
 * transition table, writes the new state, its timestamp, and a timeline entry per line (one UPDATE per target state,
 * one INSERT for the entries).
 * `scope` restricts the lines to an order, a seller order or a seller: another owner's line is
 * reported exactly like a missing one.
 */
export async function applyToLines(
  tx: Tx,
  input: {
    lineIds: string[];
    verb: LineVerb;
    actor: Actor;
    now: Date;
    scope?: { orderId?: string; sellerOrderId?: string; sellerId?: string };
    set?: Partial<Pick<LineRow, 'carrier' | 'trackingNumber'>>;
    data?: Record<string, unknown>;
    /** The rows of exactly `lineIds`, which the caller read FOR UPDATE ordered by id in this transaction (saves reading them again). */
    locked?: LineRow[];
    /** Another change of the same step (an UPDATE … RETURNING, unsent), written in the lines' statement. */
    alongside?: Alongside;
  },
): Promise<ApplyResult> {
  if (input.lineIds.length === 0) return { ok: false, code: 'not_found' };
  const rows = input.locked ?? (await lockLines(tx, input));
  const unique = new Set(input.lineIds);
  if (rows.length !== unique.size || rows.some((r) => !unique.has(r.id))) return { ok: false, code: 'not_found' };

  const decided: { line: LineRow; to: LineState }[] = [];
  for (const line of rows) {
    const d = decideLine(line.state, input.verb);
    if (!d.ok) return { ok: false, code: 'transition_not_allowed', lineId: line.id, state: line.state };
    decided.push({ line, to: d.to });
  }
  // One UPDATE per target state (a verb almost always sends every line to the same one), not one per
  // line; the first also writes, in the same statement, the timeline entries, the seller orders'
  // "updated" time and the caller's `alongside` change: one round trip on the usual path.
  const timeline = tx.$with('timeline').as(
    timelineInsert(
      tx,
      decided.map(({ line, to }) => ({
        orderId: line.orderId,
        sellerOrderId: line.sellerOrderId,
        orderLineId: line.id,
        actor: input.actor,
        type: `line.${input.verb}`,
        data: { from: line.state, to, ...(input.set ?? {}), ...(input.data ?? {}) },
        at: input.now,
      })),
    ).returning({ id: timelineEvents.id }),
  );
  const touched = [...new Set(rows.map((r) => r.sellerOrderId))];
  const parents = tx.$with('parents').as(tx.update(sellerOrders).set({ updatedAt: input.now }).where(inArray(sellerOrders.id, touched)).returning({ id: sellerOrders.id }));
  const alongside = input.alongside ? [tx.$with('alongside').as(input.alongside)] : [];
  const stamp = STAMP[input.verb];
  const byId = new Map<string, LineRow>();
  for (const [i, to] of [...new Set(decided.map((x) => x.to))].entries()) {
    const ids = decided.filter((x) => x.to === to).map((x) => x.line.id);
    const written = await (i === 0 ? tx.with(timeline, parents, ...alongside) : tx)
      .update(orderLines)
      .set({ state: to, ...(stamp ? { [stamp]: input.now } : {}), ...(input.set ?? {}) })
      .where(inArray(orderLines.id, ids))
      .returning();
    for (const u of written) byId.set(u.id, u);
  }
  const updated = rows.map((r) => byId.get(r.id)!);
  for (const { line, to } of decided) {
    if (to === 'cancelled' && line.state !== 'awaiting_payment') await emitLineCancelled(tx, byId.get(line.id)!, input.actor.type, input.now);
  }
  return { ok: true, lines: updated };
}

/** The lines, in scope, locked in id order (so that two verbs on shared lines never deadlock). */
function lockLines(tx: Tx, input: { lineIds: string[]; scope?: { orderId?: string; sellerOrderId?: string; sellerId?: string } }): Promise<LineRow[]> {
  const conds = [inArray(orderLines.id, input.lineIds)];
  if (input.scope?.orderId) conds.push(eq(orderLines.orderId, input.scope.orderId));
  if (input.scope?.sellerOrderId) conds.push(eq(orderLines.sellerOrderId, input.scope.sellerOrderId));
  if (input.scope?.sellerId) conds.push(eq(orderLines.sellerId, input.scope.sellerId));
  return tx.select().from(orderLines).where(and(...conds)).orderBy(orderLines.id).for('update');
}

/** Adds to a line's refunded amount (the refund itself goes through the payments module). */
export async function addLineRefund(tx: Tx, lineId: string, amountCents: number): Promise<void> {
  await tx
    .update(orderLines)
    .set({ refundedCents: sql`${orderLines.refundedCents} + ${amountCents}` })
    .where(eq(orderLines.id, lineId));
}
