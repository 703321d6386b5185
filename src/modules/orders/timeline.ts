import type { DbOrTx } from '../../db/client.js';
import { timelineEvents } from './schema.js';

export type Actor = { type: 'customer' | 'seller' | 'operator' | 'system'; id?: string | null };
export const SYSTEM: Actor = { type: 'system' };

export type TimelineEntry = { orderId: string; sellerOrderId?: string | null; orderLineId?: string | null; incidentId?: string | null; actor: Actor; type: string; data?: Record<string, unknown>; at: Date };

/** Writes one timeline entry (who, when, what) in the caller's transaction. */
export async function recordTimeline(tx: DbOrTx, e: TimelineEntry): Promise<void> {
  await recordTimelines(tx, [e]);
}

/** Writes several entries in one INSERT (one round trip, whatever the number of lines). */
export async function recordTimelines(tx: DbOrTx, entries: TimelineEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await timelineInsert(tx, entries);
}

/** The INSERT of `recordTimelines`, not sent: for a caller that writes it inside a larger statement (a CTE). */
export function timelineInsert(tx: DbOrTx, entries: TimelineEntry[]) {
  return tx.insert(timelineEvents).values(
    entries.map((e) => ({
      orderId: e.orderId,
      sellerOrderId: e.sellerOrderId ?? null,
      orderLineId: e.orderLineId ?? null,
      incidentId: e.incidentId ?? null,
      actorType: e.actor.type,
      actorId: e.actor.id ?? null,
      type: e.type,
      data: e.data ?? {},
      at: e.at,
    })),
  );
}
