import { randomUUID } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { addJob } from '../../jobs/queue.js';
import type { WebhookData, WEBHOOK_PAYLOADS } from './contract.js';
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
  const hooks = await tx
    .select({ id: webhooks.id })
    .from(webhooks)
    .where(and(eq(webhooks.sellerId, sellerId), isNull(webhooks.removedAt), sql`${type} = any(${webhooks.events})`));
  if (hooks.length === 0) return;
  const d = typeof data === 'function' ? await (data as () => Promise<WebhookData<E>>)() : data;
  const eventId = randomUUID();
  const payload = { id: eventId, type, created_at: at.toISOString(), data: d };
  const rows = await tx
    .insert(webhookDeliveries)
    .values(hooks.map((h) => ({ webhookId: h.id, sellerId, eventId, eventType: type, payload, createdAt: at })))
    .returning({ id: webhookDeliveries.id });
  for (const r of rows) await addJob(tx, WEBHOOK_DELIVER_JOB, { deliveryId: r.id }, { jobKey: `webhook:${r.id}`, maxAttempts: 3 });
}
