import type { Tx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { cleanBody } from '../messaging/rules.js';
import { auditLog } from '../operators/schema.js';
import { mailMessage, mailOperatorDecided, mailRefund } from './emails.js';
import { decideIncident } from './lifecycle.js';
import { refundLine, type MoneyRefusal } from './refunds.js';
import type { ActionRefusal } from './rules.js';
import { decisionOf, incidentTimeline, loadParties, Refused, say, updateIncident, withIncident, type IncidentRow, type NotFound } from './store.js';

/**
 * Customer service on an incident (`/admin/incidents/<number>`): write to both sides, decide an
 * escalated incident (which closes it), refund on the seller's behalf (booked against the seller).
 * Every action is written to the audit log: who, when, what, before and after.
 */

type Result = { ok: true; amountCents?: number } | { ok: false; code: ActionRefusal | MoneyRefusal | 'empty' | 'too_long' } | NotFound;

const snapshot = (i: IncidentRow) => ({ state: i.state, resolution: i.resolution, decision: i.decision, replyDeadlineAt: i.replyDeadlineAt, refundDueAt: i.refundDueAt });

async function audit(tx: Tx, operatorId: string, action: string, before: IncidentRow, after: IncidentRow | Record<string, unknown>, now: Date): Promise<void> {
  await tx.insert(auditLog).values({ operatorId, action, subjectType: 'incident', subjectId: before.number, before: snapshot(before), after: 'number' in after ? snapshot(after as IncidentRow) : after, at: now });
}

export async function operatorMessage(deps: Deps, input: { operatorId: string; number: string; body: string }): Promise<Result> {
  const scope = { type: 'operator' as const, operatorId: input.operatorId };
  return withIncident(deps, scope, input.number, async (tx, { incident, line }, now) => {
    if (incident.state === 'closed') return { ok: false as const, code: 'incident_closed' as const };
    const said = await say(deps, tx, incident, scope, input.body);
    if (!said.ok) return said;
    const body = cleanBody(input.body);
    await incidentTimeline(tx, incident, line, { type: 'operator', id: input.operatorId }, 'operator_message', now);
    await audit(tx, input.operatorId, 'incident.message', incident, { messageId: said.messageId, body }, now);
    await mailMessage(deps, tx, await loadParties(tx, incident), 'operator', body, said.messageId);
    return { ok: true as const };
  });
}

/**
 * The operator's decision on an escalated incident: its words go to both sides, an optional refund is
 * made on the seller's behalf (through the same path as the seller's: payment, line, ledger), and the
 * incident is closed. `key` comes from the form: a double submit refunds once.
 */
export async function operatorDecide(deps: Deps, input: { operatorId: string; number: string; note: string; amountCents: number | null; key: string }): Promise<Result> {
  const actor = { type: 'operator' as const, id: input.operatorId };
  return withIncident(deps, { type: 'operator', operatorId: input.operatorId }, input.number, async (tx, { incident, line }, now) => {
    const d = decideIncident(incident.state, 'operator_decide');
    if (!d.ok) return { ok: false as const, code: incident.state === 'closed' ? ('incident_closed' as const) : ('transition_not_allowed' as const) };
    const note = cleanBody(input.note);
    if (!note) return { ok: false as const, code: 'empty' as const };
    let decision = decisionOf(incident);
    let refunded: { amountCents: number; refundId: string } | null = null;
    let lineAfter = line;
    if (input.amountCents !== null) {
      const money = await refundLine(deps, tx, { incident, line, amountCents: input.amountCents, key: `operator:${input.key}`, actor, by: 'operator' });
      if (!money.ok) throw new Refused(money.code);
      decision = money.done.decision;
      lineAfter = money.done.line;
      if (!money.done.replay) refunded = { amountCents: money.done.amountCents + money.done.shippingCents, refundId: money.done.refundId };
    }
    const fullyRefunded = lineAfter.refundedCents >= lineAfter.totalCents ? { refundDueAt: null } : {};
    const row = await updateIncident(tx, incident.id, { state: d.to, closedAt: now, decision: { ...decision, operatorNote: note }, ...fullyRefunded }, now);
    await incidentTimeline(tx, row, line, actor, 'operator_decided', now, { note, refundCents: refunded?.amountCents ?? 0 });
    await audit(tx, input.operatorId, 'incident.decide', incident, row, now);
    const parties = await loadParties(tx, row);
    await mailOperatorDecided(deps, tx, parties, note);
    if (refunded) await mailRefund(deps, tx, parties, refunded.amountCents, refunded.refundId);
    return { ok: true as const, ...(refunded ? { amountCents: refunded.amountCents } : {}) };
  });
}
