import { and, eq, ne, sql } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import { cleanBody } from '../messaging/rules.js';
import { MESSAGE_MAX } from '../messaging/schema.js';
import { orderLines, orders } from '../orders/schema.js';
import { mailOpened } from './emails.js';
import { reasonsFor, WITHDRAWAL_DAYS, type IncidentReason } from './lifecycle.js';
import type { CheckedPhoto } from './photos.js';
import { addWorkingDays } from './rules.js';
import { incidentPhotos, incidents } from './schema.js';
import { incidentTimeline, loadParties, readDeadlines, say } from './store.js';
import { emitIncidentEvent } from '../api/events.js';

export type OpenRefusal = 'not_found' | 'already_open' | 'reason_not_allowed' | 'photos_not_for_reason' | 'too_long';

/** Reasons that come with photos of the article. */
export const PHOTO_REASONS: readonly IncidentReason[] = ['damaged', 'not_conforming'];

export function incidentNumber(year: number, seq: number): string {
  return `I-${year}-${String(seq).padStart(6, '0')}`;
}

/**
 * "Ouvrir un incident" → "Soumettre": the customer's request on one article of their order, sent to
 * that article's seller. One transaction: the line is locked; a line with an incident that is not
 * closed gets no second one (also enforced by a partial unique index); the reason must be one the
 * line allows now (`reasonsFor`); the reply deadline counts the operator's working days; a withdrawal
 * carries the EU 14-day refund limit. Photos, the first message, the timeline entry and both emails
 * commit with it.
 */
export async function openIncident(
  deps: Deps,
  input: { customerId: string; orderNumber: string; lineId: string; reason: IncidentReason; message?: string; photos?: CheckedPhoto[] },
): Promise<{ ok: true; number: string; sellerName: string } | { ok: false; code: OpenRefusal; number?: string }> {
  const photos = input.photos ?? [];
  if (photos.length && !PHOTO_REASONS.includes(input.reason)) return { ok: false, code: 'photos_not_for_reason' };
  const message = input.message ? cleanBody(input.message) || null : null;
  if (message && message.length > MESSAGE_MAX) return { ok: false, code: 'too_long' };
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const [line] = await tx
      .select({ line: orderLines })
      .from(orderLines)
      .innerJoin(orders, eq(orders.id, orderLines.orderId))
      .where(and(eq(orderLines.id, input.lineId), eq(orders.number, input.orderNumber), eq(orders.customerId, input.customerId)))
      .for('update', { of: orderLines });
    if (!line) return { ok: false as const, code: 'not_found' as const };
    const [open] = await tx
      .select({ number: incidents.number })
      .from(incidents)
      .where(and(eq(incidents.orderLineId, input.lineId), ne(incidents.state, 'closed')));
    if (open) return { ok: false as const, code: 'already_open' as const, number: open.number };
    if (!reasonsFor(line.line, now).allowed.includes(input.reason)) return { ok: false as const, code: 'reason_not_allowed' as const };

    const deadlines = await readDeadlines(tx);
    const { rows } = await tx.execute<{ seq: number }>(sql`select nextval('incident_number_seq')::int as seq`);
    const number = incidentNumber(now.getUTCFullYear(), rows[0]!.seq);
    const [incident] = await tx
      .insert(incidents)
      .values({
        number,
        orderId: line.line.orderId,
        orderLineId: line.line.id,
        customerId: input.customerId,
        sellerId: line.line.sellerId,
        reason: input.reason,
        state: 'open',
        replyDeadlineAt: addWorkingDays(now, deadlines.sellerReplyWorkingDays),
        refundDueAt: input.reason === 'withdrawal' ? new Date(now.getTime() + WITHDRAWAL_DAYS * 86_400_000) : null,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (!incident) return { ok: false as const, code: 'already_open' as const };
    if (photos.length) {
      await tx.insert(incidentPhotos).values(photos.map((p) => ({ incidentId: incident.id, contentType: p.contentType, bytes: p.data.length, data: p.data, createdAt: now })));
    }
    if (message) {
      const said = await say(deps, tx, incident, { type: 'customer', customerId: input.customerId }, message);
      if (!said.ok) throw new Error(`incident message refused after its check: ${said.code}`);
    }
    await incidentTimeline(tx, incident, line.line, { type: 'customer', id: input.customerId }, 'opened', now, { reason: input.reason, photos: photos.length });
    const parties = await loadParties(tx, incident);
    await mailOpened(deps, tx, parties, message);
    await emitIncidentEvent(tx, incident, { type: 'incident.opened' }, now);
    return { ok: true as const, number, sellerName: parties.seller.name };
  });
}
