import { and, asc, eq, lte, notInArray } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx, Tx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { settings } from '../operators/schema.js';
import { applyToLines } from './apply.js';
import { queueCancelledEmail, queueDeliveredEmail, queueSellerAutoCancelEmail } from './emails.js';
import { cancelAndRefund } from './refunds.js';
import { orderLines, orders, sellerOrders } from './schema.js';
import { dueBefore, isDue, type Deadlines } from './seller-order-lifecycle.js';
import { SYSTEM } from './timeline.js';

/**
 * The order deadlines, run by cron tasks (src/jobs/tasks.ts) against the injected clock:
 * - `orders_cancel_unaccepted`: lines a seller has not accepted `sellerAcceptDays` after payment are
 *   cancelled and refunded (with the shipping fee when nothing is left); customer and seller are told;
 * - `orders_auto_deliver`: lines shipped `autoDeliverDays` ago without news become delivered; the
 *   customer is told.
 * The days are the operator's (settings key 'deadlines', seeded by the demo seed), with defaults.
 * Each seller order is handled in its own transaction; the lines are locked and checked again there,
 * so a seller accepting or delivering at the same moment wins or loses cleanly, never half.
 */

export const DEFAULT_DEADLINES: Deadlines = { sellerAcceptDays: 2, autoDeliverDays: 10 };

const days = z.number().int().min(1).max(365);

/** The operator's setting, key by key; a missing or invalid key takes its default. */
export function parseDeadlines(value: unknown): Deadlines {
  const v = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const pickDays = (k: keyof Deadlines) => {
    const r = days.safeParse(v[k]);
    return r.success ? r.data : DEFAULT_DEADLINES[k];
  };
  return { sellerAcceptDays: pickDays('sellerAcceptDays'), autoDeliverDays: pickDays('autoDeliverDays') };
}

export async function readDeadlines(db: DbOrTx): Promise<Deadlines> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, 'deadlines'));
  return parseDeadlines(row?.value);
}

const BATCH = 100;

/** In the job's transaction: the seller order, and its lines the command is due for, locked and checked again now. */
async function lockDue(tx: Tx, sellerOrderId: string, command: 'cancel_unaccepted' | 'auto_deliver', now: Date, deadlines: Deadlines) {
  const [found] = await tx.select({ so: sellerOrders, order: orders }).from(sellerOrders).innerJoin(orders, eq(orders.id, sellerOrders.orderId)).where(eq(sellerOrders.id, sellerOrderId));
  if (!found) return null;
  const state = command === 'cancel_unaccepted' ? 'paid' : 'shipped';
  const locked = await tx.select().from(orderLines).where(and(eq(orderLines.sellerOrderId, sellerOrderId), eq(orderLines.state, state))).orderBy(asc(orderLines.id)).for('update');
  const due = locked.filter((l) => isDue(command, { state: l.state, paidAt: found.order.paidAt, shippedAt: l.shippedAt }, now, deadlines));
  return due.length ? { ...found, due } : null;
}
type Log = { error: (o: object, msg: string) => void };
export type DeadlineRun = { sellerOrders: number; lines: number; failed: number };

/** Runs `each` for seller orders found by `scan` until none is left (or only failed ones). */
async function drain(scan: (skip: string[]) => Promise<string[]>, each: (sellerOrderId: string) => Promise<number>, log?: Log): Promise<DeadlineRun> {
  const failed: string[] = [];
  const out: DeadlineRun = { sellerOrders: 0, lines: 0, failed: 0 };
  for (;;) {
    const ids = await scan(failed);
    if (ids.length === 0) break;
    for (const id of ids) {
      try {
        const n = await each(id);
        if (n > 0) out.sellerOrders++;
        out.lines += n;
      } catch (err) {
        failed.push(id);
        out.failed++;
        log?.error({ err, sellerOrderId: id }, 'order deadline failed');
      }
    }
  }
  if (out.failed > 0) throw Object.assign(new Error(`${out.failed} seller order(s) could not be handled by the deadline job`), { run: out });
  return out;
}

/** The `orders_cancel_unaccepted` task. */
export async function cancelUnacceptedLines(deps: Deps, log?: Log): Promise<DeadlineRun> {
  const deadlines = await readDeadlines(deps.db);
  const now = deps.clock.now();
  const cutoff = dueBefore('cancel_unaccepted', now, deadlines);
  return drain(
    async (skip) => {
      const rows = await deps.db
        .selectDistinct({ id: orderLines.sellerOrderId })
        .from(orderLines)
        .innerJoin(orders, eq(orders.id, orderLines.orderId))
        .where(and(eq(orderLines.state, 'paid'), lte(orders.paidAt, cutoff), skip.length ? notInArray(orderLines.sellerOrderId, skip) : undefined))
        .limit(BATCH);
      return rows.map((r) => r.id);
    },
    (sellerOrderId) =>
      deps.db.transaction(async (tx) => {
        const found = await lockDue(tx, sellerOrderId, 'cancel_unaccepted', now, deadlines);
        if (!found) return 0;
        const { so, order, due } = found;
        const r = await cancelAndRefund(deps, tx, { sellerOrderId: so.id, lineIds: due.map((l) => l.id), verb: 'cancel', actor: SYSTEM, now, reason: 'not_accepted_in_time' });
        if (!r.ok) throw new Error(`seller order ${so.number}: cancel refused (${r.code})`);
        await queueCancelledEmail(deps, tx, { order, sellerId: so.sellerId, sellerOrderId: so.id, lines: r.lines, why: { expiredDays: deadlines.sellerAcceptDays }, refundedCents: r.refundedCents, shippingRefundedCents: r.shippingRefundedCents });
        await queueSellerAutoCancelEmail(deps, tx, { order, sellerId: so.sellerId, sellerOrderId: so.id, sellerOrderNumber: so.number, lines: r.lines, days: deadlines.sellerAcceptDays });
        return r.lines.length;
      }),
    log,
  );
}

/** The `orders_auto_deliver` task. */
export async function autoDeliverLines(deps: Deps, log?: Log): Promise<DeadlineRun> {
  const deadlines = await readDeadlines(deps.db);
  const now = deps.clock.now();
  const cutoff = dueBefore('auto_deliver', now, deadlines);
  return drain(
    async (skip) => {
      const rows = await deps.db
        .selectDistinct({ id: orderLines.sellerOrderId })
        .from(orderLines)
        .where(and(eq(orderLines.state, 'shipped'), lte(orderLines.shippedAt, cutoff), skip.length ? notInArray(orderLines.sellerOrderId, skip) : undefined))
        .limit(BATCH);
      return rows.map((r) => r.id);
    },
    (sellerOrderId) =>
      deps.db.transaction(async (tx) => {
        const found = await lockDue(tx, sellerOrderId, 'auto_deliver', now, deadlines);
        if (!found) return 0;
        const { so, order, due } = found;
        const r = await applyToLines(tx, { lineIds: due.map((l) => l.id), verb: 'deliver', actor: SYSTEM, now, scope: { sellerOrderId: so.id }, data: { reason: 'no_news_after_shipping', days: deadlines.autoDeliverDays } });
        if (!r.ok) throw new Error(`seller order ${so.number}: deliver refused (${r.code})`);
        await queueDeliveredEmail(deps, tx, { order, sellerId: so.sellerId, sellerOrderId: so.id, lines: r.lines, autoDays: deadlines.autoDeliverDays });
        return r.lines.length;
      }),
    log,
  );
}
