import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import { confirmationEmail } from '../checkout/emails.js';
import { loadPlacedOrder } from '../checkout/placed-order.js';
import { queueEmail, resendEmail } from '../notifications/emails.js';
import { emails } from '../notifications/schema.js';
import { orders, timelineEvents } from './schema.js';
import { recordTimeline } from './timeline.js';

/** "Renvoyer l'e-mail de confirmation": at most this many per customer per hour (all orders together). */
export const RESEND_LIMIT = 3;
const WINDOW_MS = 3_600_000;

export type ResendResult = { ok: true; to: string } | { ok: false; code: 'not_found' | 'not_paid' | 'too_many' };

/**
 * Queues the order's confirmation email again (the FAQ: it may be in the spam folder, or lost for
 * technical reasons). The original email row is sent again as it was (resendEmail); an order whose
 * confirmation was never queued gets it now. Counted in PostgreSQL against the injected clock, under
 * a per-customer advisory lock, so two clicks at once cannot both pass the limit.
 */
export async function resendConfirmation(deps: Deps, input: { customerId: string; number: string }): Promise<ResendResult> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [order] = await tx.select().from(orders).where(and(eq(orders.number, input.number), eq(orders.customerId, input.customerId)));
    if (!order) return { ok: false, code: 'not_found' };
    if (!order.paidAt) return { ok: false, code: 'not_paid' };
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`order-confirmation-resend:${input.customerId}`}, 0))`);
    const [{ n } = { n: 0 }] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(timelineEvents)
      .innerJoin(orders, eq(orders.id, timelineEvents.orderId))
      .where(and(eq(orders.customerId, input.customerId), eq(timelineEvents.type, 'email.resent'), gt(timelineEvents.at, new Date(now.getTime() - WINDOW_MS))));
    if (n >= RESEND_LIMIT) return { ok: false, code: 'too_many' };

    const [original] = await tx
      .select({ id: emails.id })
      .from(emails)
      .where(and(eq(emails.orderId, order.id), eq(emails.kind, 'order_confirmation')))
      .orderBy(asc(emails.createdAt))
      .limit(1);
    let emailId: string | null;
    if (original) emailId = await resendEmail(tx, original.id, 'customer');
    else {
      const placed = await loadPlacedOrder(tx, order.id);
      const c = confirmationEmail(placed!, deps.config.publicUrl);
      emailId = await queueEmail(tx, { dedupeKey: `order-confirmation:${order.id}`, kind: 'order_confirmation', to: order.email, locale: placed!.customerLocale, ...c, customerId: order.customerId, orderId: order.id });
    }
    const [sent] = emailId ? await tx.select({ to: emails.toAddress }).from(emails).where(eq(emails.id, emailId)) : [];
    await recordTimeline(tx, { orderId: order.id, actor: { type: 'customer', id: input.customerId }, type: 'email.resent', data: { kind: 'order_confirmation', emailId }, at: now });
    return { ok: true, to: sent?.to ?? order.email };
  });
}
