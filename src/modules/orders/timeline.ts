import { sql, type SQL } from 'drizzle-orm';
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

/** The row an entry is stored as. */
const rowOf = (e: TimelineEntry) => ({
  orderId: e.orderId,
  sellerOrderId: e.sellerOrderId ?? null,
  orderLineId: e.orderLineId ?? null,
  incidentId: e.incidentId ?? null,
  actorType: e.actor.type,
  actorId: e.actor.id ?? null,
  type: e.type,
  data: e.data ?? {},
  at: e.at,
});

/** The INSERT of `recordTimelines`, not sent: for a caller that writes it inside a larger statement (a CTE). */
export function timelineInsert(tx: DbOrTx, entries: TimelineEntry[]) {
  return tx.insert(timelineEvents).values(entries.map(rowOf));
}

/**
 * The entries as one INSERT … SELECT for a CTE of a larger statement, where some entries depend on
 * another part of it: an entry with `requires` (an id) is written only if `present` (a query of ids)
 * returns that id — e.g. "email queued" only for an email the statement did queue. Order kept.
 */
export function timelineInsertIf(entries: (TimelineEntry & { requires?: string })[], present: SQL): SQL {
  const rows = entries.map((e, n) => ({ ...rowOf(e), requires: e.requires ?? null, n }));
  return sql`insert into ${timelineEvents} (order_id, seller_order_id, order_line_id, incident_id, actor_type, actor_id, type, data, at)
    select x."orderId", x."sellerOrderId", x."orderLineId", x."incidentId", x."actorType", x."actorId", x.type, x.data, x.at
    from json_to_recordset(${JSON.stringify(rows)}::json)
      as x("orderId" uuid, "sellerOrderId" uuid, "orderLineId" uuid, "incidentId" uuid, "actorType" text, "actorId" uuid, type text, data jsonb, at timestamptz, requires uuid, n int)
    where x.requires is null or x.requires in (${present})
    order by x.n`;
}
