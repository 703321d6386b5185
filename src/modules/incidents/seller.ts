import type { Tx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { cleanBody } from '../messaging/rules.js';
import { applyToLines } from '../orders/apply.js';
import type { Actor } from '../orders/timeline.js';
import { mailDecision, mailMessage, mailReceived, mailRefund } from './emails.js';
import { decideIncident, type Resolution } from './lifecycle.js';
import { earlierRefund, refundLine, type MoneyRefusal } from './refunds.js';
import { refundableLeft, sellerRefusal, type ActionRefusal, type IncidentDecision, type SellerAction } from './rules.js';
import { decisionOf, incidentTimeline, loadParties, Refused, say, updateIncident, withIncident, type IncidentRow, type LineRow, type Locked, type NotFound } from './store.js';

/**
 * The seller's answers to an incident (`/vendeur/incidents/<number>`), each in one transaction with
 * the incident and its line locked, scoped to the seller (another seller's incident is not found).
 * Every decision emails the customer.
 */

export type SellerRef = { sellerId: string; userId: string };
type Result = { ok: true; amountCents?: number } | { ok: false; code: ActionRefusal | MoneyRefusal | 'empty' | 'too_long' } | NotFound;

const scopeOf = (s: SellerRef) => ({ type: 'seller' as const, sellerId: s.sellerId, userId: s.userId });
const actorOf = (s: SellerRef): Actor => ({ type: 'seller', id: s.userId });

function act(deps: Deps, s: SellerRef, number: string, action: SellerAction, fn: (tx: Tx, l: Locked, now: Date) => Promise<Result>): Promise<Result> {
  return withIncident(deps, scopeOf(s), number, async (tx, l, now) => {
    const refused = sellerRefusal(action, l.incident, l.line);
    if (refused) return { ok: false as const, code: refused };
    return fn(tx, l, now);
  });
}

/** open|awaiting_customer --resolve--> resolved, with the decision, on the timeline. */
export async function resolveIncident(tx: Tx, incident: IncidentRow, line: LineRow, actor: Actor, resolution: Resolution, decision: IncidentDecision, now: Date, extra: Partial<IncidentRow> = {}): Promise<IncidentRow> {
  const d = decideIncident(incident.state, 'resolve');
  if (!d.ok) throw new Error(`incident ${incident.number}: resolve from ${incident.state} was checked before`);
  const row = await updateIncident(tx, incident.id, { state: d.to, resolution, decision, resolvedAt: now, replyDeadlineAt: null, ...extra }, now);
  await incidentTimeline(tx, row, line, actor, 'resolved', now, { resolution, note: decision.note ?? null });
  return row;
}

/** A reply in the conversation: the customer is told; an `open` incident now awaits the customer. */
export async function sellerReply(deps: Deps, s: SellerRef, input: { number: string; body: string }): Promise<Result> {
  return act(deps, s, input.number, 'reply', async (tx, { incident, line }, now) => {
    const said = await say(deps, tx, incident, scopeOf(s), input.body);
    if (!said.ok) return said;
    let row = incident;
    const d = decideIncident(incident.state, 'seller_reply');
    if (d.ok) row = await updateIncident(tx, incident.id, { state: d.to, replyDeadlineAt: null }, now);
    await incidentTimeline(tx, row, line, actorOf(s), 'seller_reply', now, { from: incident.state, to: row.state });
    await mailMessage(deps, tx, await loadParties(tx, row), 'seller', cleanBody(input.body), said.messageId);
    return { ok: true as const };
  });
}

/**
 * A withdrawal before shipment, in one action: the line is cancelled and refunded in full (with the
 * seller order's shipping when nothing of it is left), the incident resolved as "cancel".
 */
export async function cancelForWithdrawal(deps: Deps, s: SellerRef, input: { number: string }): Promise<Result> {
  return act(deps, s, input.number, 'cancel', async (tx, { incident, line }, now) => {
    const cancelled = await applyToLines(tx, { lineIds: [line.id], verb: 'cancel', actor: actorOf(s), now, scope: { sellerId: s.sellerId }, data: { incident: incident.number, reason: 'withdrawal' } });
    if (!cancelled.ok) return { ok: false as const, code: 'transition_not_allowed' as const };
    const amount = refundableLeft(cancelled.lines[0]!);
    const money = await refundLine(deps, tx, { incident, line: cancelled.lines[0]!, amountCents: amount, key: 'withdrawal', actor: actorOf(s), by: 'seller' });
    // No refund, no cancellation: the line keeps its state.
    if (!money.ok) throw new Refused(money.code);
    const row = await resolveIncident(tx, incident, money.done.line, actorOf(s), 'cancel', { ...money.done.decision, by: 'seller' }, now, { refundDueAt: null });
    const total = money.done.amountCents + money.done.shippingCents;
    await mailRefund(deps, tx, await loadParties(tx, row), total, money.done.refundId);
    return { ok: true as const, amountCents: total };
  });
}

/** The article was sent: the seller authorises its return, with instructions (prefilled from the return policy). */
export async function authoriseReturn(deps: Deps, s: SellerRef, input: { number: string; instructions: string }): Promise<Result> {
  return act(deps, s, input.number, 'authorise_return', async (tx, { incident, line }, now) => {
    const instructions = cleanBody(input.instructions);
    if (!instructions) return { ok: false as const, code: 'empty' as const };
    const row = await resolveIncident(tx, incident, line, actorOf(s), 'return_authorised', { ...decisionOf(incident), by: 'seller', returnInstructions: instructions }, now);
    await mailDecision(deps, tx, await loadParties(tx, row), 'return_authorised', 'return', { instructions });
    return { ok: true as const };
  });
}

export async function markReceived(deps: Deps, s: SellerRef, input: { number: string }): Promise<Result> {
  return act(deps, s, input.number, 'mark_received', async (tx, { incident, line }, now) => {
    const row = await updateIncident(tx, incident.id, { decision: { ...decisionOf(incident), receivedAt: now.toISOString() } }, now);
    await incidentTimeline(tx, row, line, actorOf(s), 'return_received', now);
    await mailReceived(deps, tx, await loadParties(tx, row));
    return { ok: true as const };
  });
}

/**
 * A refund in full or in part (never more than what is left on the line). From an open incident it is
 * the resolution; after an authorised return it completes it (the incident stays resolved and its
 * automatic closing counts from now). `key` comes from the form: submitting it twice refunds once.
 */
export async function sellerRefund(deps: Deps, s: SellerRef, input: { number: string; amount: number | 'full'; key: string; note?: string }): Promise<Result> {
  return withIncident(deps, scopeOf(s), input.number, async (tx, { incident, line }, now) => {
    // The same form again (a double click, a reload): the refund it made, nothing more.
    const earlier = earlierRefund(incident, `refund:${input.key}`);
    if (earlier) return { ok: true as const, amountCents: earlier.amountCents + earlier.shippingCents };
    const refused = sellerRefusal('refund', incident, line);
    if (refused) return { ok: false as const, code: refused };
    const amount = input.amount === 'full' ? refundableLeft(line) : input.amount;
    const money = await refundLine(deps, tx, { incident, line, amountCents: amount, key: `refund:${input.key}`, actor: actorOf(s), by: 'seller' });
    if (!money.ok) return money;
    if (money.done.replay) return { ok: true as const, amountCents: money.done.amountCents };
    const note = input.note ? cleanBody(input.note) || undefined : undefined;
    const decision: IncidentDecision = { ...money.done.decision, by: 'seller', ...(note ? { note } : {}) };
    const fullyRefunded = refundableLeft(money.done.line) === 0 ? { refundDueAt: null } : {};
    let row: IncidentRow;
    if (decideIncident(incident.state, 'resolve').ok) row = await resolveIncident(tx, incident, money.done.line, actorOf(s), 'refund', decision, now, fullyRefunded);
    else row = await updateIncident(tx, incident.id, { decision, resolvedAt: now, ...fullyRefunded }, now);
    await mailRefund(deps, tx, await loadParties(tx, row), money.done.amountCents + money.done.shippingCents, money.done.refundId, note);
    return { ok: true as const, amountCents: money.done.amountCents + money.done.shippingCents };
  });
}

export async function sendReplacement(deps: Deps, s: SellerRef, input: { number: string; note?: string }): Promise<Result> {
  return act(deps, s, input.number, 'replacement', async (tx, { incident, line }, now) => {
    const note = input.note ? cleanBody(input.note) || undefined : undefined;
    const row = await resolveIncident(tx, incident, line, actorOf(s), 'replacement', { ...decisionOf(incident), by: 'seller', ...(note ? { note } : {}) }, now);
    await mailDecision(deps, tx, await loadParties(tx, row), 'replacement', 'replacement', { note });
    return { ok: true as const };
  });
}

/** A rejection always says why. */
export async function rejectIncident(deps: Deps, s: SellerRef, input: { number: string; reason: string }): Promise<Result> {
  return act(deps, s, input.number, 'reject', async (tx, { incident, line }, now) => {
    const note = cleanBody(input.reason);
    if (!note) return { ok: false as const, code: 'empty' as const };
    const row = await resolveIncident(tx, incident, line, actorOf(s), 'rejected', { ...decisionOf(incident), by: 'seller', note }, now);
    await mailDecision(deps, tx, await loadParties(tx, row), 'rejected', 'rejected', { note });
    return { ok: true as const };
  });
}
