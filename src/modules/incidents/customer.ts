import type { Deps } from '../../deps.js';
import { cleanBody } from '../messaging/rules.js';
import { mailEscalated, mailMessage } from './emails.js';
import { decideIncident } from './lifecycle.js';
import { addWorkingDays, customerRefusal, type ActionRefusal } from './rules.js';
import { incidentTimeline, loadParties, readDeadlines, say, updateIncident, withIncident, type NotFound } from './store.js';
import { emitIncidentEvent } from '../api/events.js';

/** The customer's side of an incident: reply, accept the resolution (closes it), dispute it (escalates it). */

type Result = { ok: true } | { ok: false; code: ActionRefusal | 'empty' | 'too_long' } | NotFound;

const customerScope = (customerId: string) => ({ type: 'customer' as const, customerId });

/** A reply: the seller owes an answer again (the incident is `open` with a new reply deadline). */
export async function customerReply(deps: Deps, input: { customerId: string; number: string; body: string }): Promise<Result> {
  const scope = customerScope(input.customerId);
  return withIncident(deps, scope, input.number, async (tx, { incident, line }, now) => {
    const refused = customerRefusal('reply', incident);
    if (refused) return { ok: false as const, code: refused };
    const said = await say(deps, tx, incident, scope, input.body);
    if (!said.ok) return said;
    let row = incident;
    const d = decideIncident(incident.state, 'customer_reply');
    if (d.ok) {
      const deadlines = await readDeadlines(tx);
      row = await updateIncident(tx, incident.id, { state: d.to, replyDeadlineAt: addWorkingDays(now, deadlines.sellerReplyWorkingDays) }, now);
    }
    await incidentTimeline(tx, row, line, { type: 'customer', id: input.customerId }, 'customer_reply', now, { from: incident.state, to: row.state });
    await mailMessage(deps, tx, await loadParties(tx, row), 'customer', cleanBody(input.body), said.messageId);
    return { ok: true as const };
  });
}

/** "Accepter la solution": the incident is closed. */
export async function acceptResolution(deps: Deps, input: { customerId: string; number: string }): Promise<Result> {
  return withIncident(deps, customerScope(input.customerId), input.number, async (tx, { incident, line }, now) => {
    const refused = customerRefusal('accept', incident);
    if (refused) return { ok: false as const, code: refused };
    const row = await updateIncident(tx, incident.id, { state: 'closed', closedAt: now, replyDeadlineAt: null }, now);
    await incidentTimeline(tx, row, line, { type: 'customer', id: input.customerId }, 'accepted', now, { resolution: incident.resolution });
    return { ok: true as const };
  });
}

/** "Contester la solution": customer service takes over (the operator's queue, escalated first). */
export async function disputeResolution(deps: Deps, input: { customerId: string; number: string; body?: string }): Promise<Result> {
  const scope = customerScope(input.customerId);
  return withIncident(deps, scope, input.number, async (tx, { incident, line }, now) => {
    const refused = customerRefusal('dispute', incident);
    if (refused) return { ok: false as const, code: refused };
    if (input.body?.trim()) {
      const said = await say(deps, tx, incident, scope, input.body);
      if (!said.ok) return said;
    }
    const row = await updateIncident(tx, incident.id, { state: 'escalated', escalatedAt: now, replyDeadlineAt: null }, now);
    await incidentTimeline(tx, row, line, { type: 'customer', id: input.customerId }, 'disputed', now, { resolution: incident.resolution, message: input.body?.trim() || null });
    await mailEscalated(deps, tx, await loadParties(tx, row), 'disputed');
    await emitIncidentEvent(tx, row, { type: 'incident.escalated', why: 'customer_disputed' }, now);
    return { ok: true as const };
  });
}
