import type { Task } from 'graphile-worker';
import { and, asc, eq, lt } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import { orderLines, orders } from '../orders/schema.js';
import { cancelUnpaidOrder } from './settle.js'; // also plugs the settlement hooks into a worker-only process

/**
 * The checkout's safety net for abandoned payments. Normally the payments module's `expire_payments`
 * asks the provider about payments pending for 30 minutes and the settlement hook gives the units
 * back. An order still awaiting payment an hour after it was placed — whatever its provider says —
 * is cancelled here and its stock released; if its money arrives after all, the paid hook refunds it.
 */
export const ABANDONED_AFTER_MINUTES = 60;

export async function releaseAbandonedOrders(deps: Deps, limit = 200): Promise<number> {
  const now = deps.clock.now();
  const cutoff = new Date(now.getTime() - ABANDONED_AFTER_MINUTES * 60_000);
  const due = await deps.db
    .selectDistinct({ id: orders.id, createdAt: orders.createdAt })
    .from(orders)
    .innerJoin(orderLines, eq(orderLines.orderId, orders.id))
    .where(and(eq(orderLines.state, 'awaiting_payment'), lt(orders.createdAt, cutoff)))
    .orderBy(asc(orders.createdAt))
    .limit(limit);
  let released = 0;
  for (const o of due) {
    if (await deps.db.transaction((tx) => cancelUnpaidOrder(deps, tx, o.id, { verb: 'expire', reason: 'abandoned', at: now }))) released++;
  }
  return released;
}

export function checkoutTasks(deps: Deps): Record<string, Task> {
  return {
    checkout_release_abandoned: async () => {
      await releaseAbandonedOrders(deps);
    },
  };
}

export const checkoutCrontab = ['*/10 * * * * checkout_release_abandoned'];
