import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import type { WebhookData, WEBHOOK_PAYLOADS } from './contract.js';
import { orderLines, sellerOrders } from '../orders/schema.js';
import { webhookDeliveries, webhooks } from './schema.js';

export const WEBHOOK_DELIVER_JOB = 'webhook_deliver';

type EventType = keyof typeof WEBHOOK_PAYLOADS;

/**
 * What other modules call, inside their own transaction, when something happens that a seller may
 * want pushed to its software (order created, line cancelled, incident opened or escalated, message
 * received, payout made). One statement (`deliverToListeners`): the seller's listening webhooks, and
 * for each a delivery row and its job — committed with the business change, or not at all. `data`
 * may be a function: it is only run when someone listens (then a look-up comes first).
 */
export async function emitSellerEvent<E extends EventType>(
  tx: DbOrTx,
  sellerId: string,
  type: E,
  data: WebhookData<E> | (() => Promise<WebhookData<E>>),
  at: Date = new Date(),
): Promise<void> {
  if (typeof data === 'function' && (await listeningHooks(tx, [sellerId], type)).length === 0) return;
  const d = typeof data === 'function' ? await (data as () => Promise<WebhookData<E>>)() : data;
  await deliverToListeners(tx, type, [{ sellerId, data: d }], at);
}

/** The live webhooks of these sellers that listen for `type` (one indexed look-up for all of them). */
async function listeningHooks(tx: DbOrTx, sellerIds: string[], type: EventType): Promise<{ id: string; sellerId: string }[]> {
  return tx
    .select({ id: webhooks.id, sellerId: webhooks.sellerId })
    .from(webhooks)
    .where(and(inArray(webhooks.sellerId, sellerIds), isNull(webhooks.removedAt), sql`${type} = any(${webhooks.events})`));
}

/**
 * Each event to every live webhook of its seller that listens for `type`: the look-up, one delivery
 * row per webhook and its job (as `addJob` adds it: job key `webhook:<id>`, 3 attempts), in ONE
 * statement — nothing is written when no one listens. Each event gets its id here: the same for
 * every webhook it goes to.
 */
async function deliverToListeners(tx: DbOrTx, type: EventType, events: { sellerId: string; data: unknown }[], at: Date): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map((e, n) => {
    const eventId = randomUUID();
    return { seller_id: e.sellerId, event_id: eventId, payload: { id: eventId, type, created_at: at.toISOString(), data: e.data }, n };
  });
  await tx.execute(sql`
    with hooks as (
      select w.id, w.seller_id from ${webhooks} w
      where w.seller_id = any(${`{${[...new Set(events.map((e) => e.sellerId))].join(',')}}`}::uuid[]) and w.removed_at is null and ${type} = any(w.events)),
    d as (
      insert into ${webhookDeliveries} (webhook_id, seller_id, event_id, event_type, payload, created_at)
      select hooks.id, hooks.seller_id, x.event_id, ${type}, x.payload, ${at}::timestamptz
      from json_to_recordset(${JSON.stringify(rows)}::json) as x(seller_id uuid, event_id uuid, payload jsonb, n int)
      join hooks on hooks.seller_id = x.seller_id
      order by x.n, hooks.id
      returning id)
    select graphile_worker.add_job(${WEBHOOK_DELIVER_JOB}::text, json_build_object('deliveryId', d.id), max_attempts => 3, job_key => 'webhook:' || d.id::text) from d`);
}

// ------------------------------------------------------------------------------------------------
// The events other modules emit, with the look-ups their payloads need (run only when a webhook listens).

/**
 * A paid order: one `order.created` per seller order, to each seller that listens. Call in the
 * payment's transaction, with the order's number and seller orders with their lines (the settlement
 * has just read them): one statement.
 */
export async function emitOrderCreated(
  tx: DbOrTx,
  at: Date,
  order: { orderNumber: string; parts: { sellerId: string; number: string; itemsCents: number; shippingCents: number; lines: unknown[] }[] },
): Promise<void> {
  await deliverToListeners(
    tx,
    'order.created',
    order.parts.map((p) => ({
      sellerId: p.sellerId,
      data: { number: p.number, order_number: order.orderNumber, total_cents: p.itemsCents + p.shippingCents, lines: p.lines.length, paid_at: at.toISOString() } satisfies WebhookData<'order.created'>,
    })),
    at,
  );
}

/** A paid line cancelled (refused, withdrawn, not accepted in time): `order_line.cancelled` to its seller. */
export async function emitLineCancelled(tx: DbOrTx, line: { id: string; sellerId: string; sellerOrderId: string; sku: string; quantity: number }, by: 'customer' | 'seller' | 'operator' | 'system', at: Date): Promise<void> {
  await emitSellerEvent(
    tx,
    line.sellerId,
    'order_line.cancelled',
    async () => {
      const [so] = await tx.select({ number: sellerOrders.number }).from(sellerOrders).where(eq(sellerOrders.id, line.sellerOrderId));
      return { number: so!.number, line_id: line.id, sku: line.sku, quantity: line.quantity, by };
    },
    at,
  );
}

/** `incident.opened`, or `incident.escalated` with why, to the incident's seller. */
export async function emitIncidentEvent(
  tx: DbOrTx,
  incident: { number: string; sellerId: string; orderLineId: string; reason: 'withdrawal' | 'not_received' | 'not_conforming' | 'damaged' },
  event: { type: 'incident.opened' } | { type: 'incident.escalated'; why: 'customer_disputed' | 'reply_deadline_missed' },
  at: Date,
): Promise<void> {
  if (event.type === 'incident.escalated') {
    await emitSellerEvent(tx, incident.sellerId, 'incident.escalated', { incident_number: incident.number, line_id: incident.orderLineId, why: event.why }, at);
    return;
  }
  await emitSellerEvent(
    tx,
    incident.sellerId,
    'incident.opened',
    async () => {
      const [so] = await tx
        .select({ number: sellerOrders.number })
        .from(orderLines)
        .innerJoin(sellerOrders, eq(sellerOrders.id, orderLines.sellerOrderId))
        .where(eq(orderLines.id, incident.orderLineId));
      return { incident_number: incident.number, number: so!.number, line_id: incident.orderLineId, reason: incident.reason };
    },
    at,
  );
}
