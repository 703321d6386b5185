import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { addJob } from '../../jobs/queue.js';
import type { WebhookData, WEBHOOK_PAYLOADS } from './contract.js';
import { orderLines, orders, sellerOrders } from '../orders/schema.js';
import { webhookDeliveries, webhooks } from './schema.js';

export const WEBHOOK_DELIVER_JOB = 'webhook_deliver';

type EventType = keyof typeof WEBHOOK_PAYLOADS;

/**
 * What other modules call, inside their own transaction, when something happens that a seller may
 * want pushed to its software (order created, line cancelled, incident opened or escalated, message
 * received, payout made). One indexed look-up when the seller has no webhook for the event; otherwise
 * one delivery row per webhook and its job — committed with the business change, or not at all.
 * `data` may be a function: it is only run when someone listens.
 */
export async function emitSellerEvent<E extends EventType>(
  tx: DbOrTx,
  sellerId: string,
  type: E,
  data: WebhookData<E> | (() => Promise<WebhookData<E>>),
  at: Date = new Date(),
): Promise<void> {
  const hooks = await listeningHooks(tx, [sellerId], type);
  if (hooks.length === 0) return;
  const d = typeof data === 'function' ? await (data as () => Promise<WebhookData<E>>)() : data;
  await deliver(tx, [{ sellerId, hooks, type, data: d }], at);
}

/** The live webhooks of these sellers that listen for `type` (one indexed look-up for all of them). */
async function listeningHooks(tx: DbOrTx, sellerIds: string[], type: EventType): Promise<{ id: string; sellerId: string }[]> {
  return tx
    .select({ id: webhooks.id, sellerId: webhooks.sellerId })
    .from(webhooks)
    .where(and(inArray(webhooks.sellerId, sellerIds), isNull(webhooks.removedAt), sql`${type} = any(${webhooks.events})`));
}

/** One delivery row per webhook of each event (one INSERT), and its job. */
async function deliver(tx: DbOrTx, events: { sellerId: string; hooks: { id: string }[]; type: EventType; data: unknown }[], at: Date): Promise<void> {
  const values = events.flatMap((e) => {
    const eventId = randomUUID();
    const payload = { id: eventId, type: e.type, created_at: at.toISOString(), data: e.data };
    return e.hooks.map((h) => ({ webhookId: h.id, sellerId: e.sellerId, eventId, eventType: e.type, payload, createdAt: at }));
  });
  if (values.length === 0) return;
  const rows = await tx.insert(webhookDeliveries).values(values).returning({ id: webhookDeliveries.id });
  for (const r of rows) await addJob(tx, WEBHOOK_DELIVER_JOB, { deliveryId: r.id }, { jobKey: `webhook:${r.id}`, maxAttempts: 3 });
}

// ------------------------------------------------------------------------------------------------
// The events other modules emit, with the look-ups their payloads need (run only when a webhook listens).

/**
 * A paid order: one `order.created` per seller order, to each seller. Call in the payment's
 * transaction. `known`: the order's number and seller orders with their lines when the caller has
 * them (no reads then).
 */
export async function emitOrderCreated(
  tx: DbOrTx,
  orderId: string,
  at: Date,
  known?: { orderNumber: string; parts: { id: string; sellerId: string; number: string; itemsCents: number; shippingCents: number; lines: unknown[] }[] },
): Promise<void> {
  const parts = known
    ? known.parts.map((p) => ({ id: p.id, sellerId: p.sellerId, number: p.number, orderNumber: known.orderNumber, items: p.itemsCents, shipping: p.shippingCents }))
    : await tx
        .select({ id: sellerOrders.id, sellerId: sellerOrders.sellerId, number: sellerOrders.number, orderNumber: orders.number, items: sellerOrders.itemsCents, shipping: sellerOrders.shippingCents })
        .from(sellerOrders)
        .innerJoin(orders, eq(orders.id, sellerOrders.orderId))
        .where(eq(sellerOrders.orderId, orderId));
  if (parts.length === 0) return;
  const hooks = await listeningHooks(tx, [...new Set(parts.map((p) => p.sellerId))], 'order.created');
  const listened = parts.filter((p) => hooks.some((h) => h.sellerId === p.sellerId));
  if (listened.length === 0) return;
  const counts = known
    ? new Map(known.parts.map((p) => [p.id, p.lines.length]))
    : new Map(
        (
          await tx
            .select({ id: orderLines.sellerOrderId, n: sql<number>`count(*)::int` })
            .from(orderLines)
            .where(inArray(orderLines.sellerOrderId, listened.map((p) => p.id)))
            .groupBy(orderLines.sellerOrderId)
        ).map((r) => [r.id, r.n]),
      );
  await deliver(
    tx,
    listened.map((p) => ({
      sellerId: p.sellerId,
      hooks: hooks.filter((h) => h.sellerId === p.sellerId),
      type: 'order.created' as const,
      data: { number: p.number, order_number: p.orderNumber, total_cents: p.items + p.shipping, lines: counts.get(p.id) ?? 0, paid_at: at.toISOString() } satisfies WebhookData<'order.created'>,
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
