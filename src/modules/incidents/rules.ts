import { eurosToCents } from '../catalog/rules.js';
import { isSent, type LineState } from '../orders/line-lifecycle.js';
import { decideIncident, type IncidentReason, type IncidentState, type Resolution } from './lifecycle.js';
import { isBelgianPublicHoliday } from '../../shared/holidays.js';

/**
 * The incidents module's pure rules (no I/O, unit-tested in rules.test.ts): what each side may do
 * with an incident, reply deadlines in working days, amounts typed by a seller.
 */

/** What the seller (or the operator) decided, kept on the incident row (`decision`, jsonb). */
export type IncidentDecision = {
  by?: 'seller' | 'operator';
  /** The seller's words with the decision (a rejection's reason, a replacement's details). */
  note?: string;
  /** Return instructions shown to the customer (prefilled from the seller's return policy). */
  returnInstructions?: string;
  /** The seller marked the returned article as received back. */
  receivedAt?: string;
  /** Every refund made through this incident; `key` is the idempotency key of the form that asked for it. */
  refunds?: { key: string; refundId: string; amountCents: number; shippingCents: number; at: string; by: 'seller' | 'operator' }[];
  /** The operator's final word on an escalated incident. */
  operatorNote?: string;
};

export type IncidentView = { state: IncidentState; reason: IncidentReason; resolution: Resolution | null; decision: IncidentDecision | null };
export type LineView = { state: LineState; totalCents: number; refundedCents: number };

export const SELLER_ACTIONS = ['reply', 'cancel', 'authorise_return', 'mark_received', 'refund', 'replacement', 'reject'] as const;
export type SellerAction = (typeof SELLER_ACTIONS)[number];

export type ActionRefusal = 'incident_closed' | 'transition_not_allowed' | 'line_already_sent' | 'line_not_sent' | 'nothing_to_refund' | 'not_awaiting_return' | 'already_received';

const canResolve = (s: IncidentState) => decideIncident(s, 'resolve').ok;

export function refundableLeft(line: LineView): number {
  return Math.max(0, line.totalCents - line.refundedCents);
}

/** A return was authorised and the article has not been refunded yet: the incident waits for it. */
export function awaitingReturn(i: IncidentView): boolean {
  return i.resolution === 'return_authorised' && !(i.decision?.refunds?.length);
}

/**
 * May the seller take this action now? The answer is the reason code of the refusal, or null.
 * - a withdrawal before shipment is answered by one action: cancel (the line is cancelled and refunded);
 * - once the article has been sent, the seller authorises a return, refunds, replaces or rejects;
 * - after authorising a return, the seller marks the article received and refunds: the incident stays
 *   resolved while it waits for the return;
 * - replies are possible while the incident is not closed.
 */
export function sellerRefusal(action: SellerAction, i: IncidentView, line: LineView): ActionRefusal | null {
  if (i.state === 'closed') return 'incident_closed';
  switch (action) {
    case 'reply':
      return null;
    case 'cancel':
      if (i.reason !== 'withdrawal' || !canResolve(i.state)) return 'transition_not_allowed';
      if (line.state !== 'paid' && line.state !== 'preparing') return isSent(line.state) ? 'line_already_sent' : 'transition_not_allowed';
      return null;
    case 'authorise_return':
      if (!canResolve(i.state) || i.reason === 'not_received') return 'transition_not_allowed';
      if (!isSent(line.state)) return 'line_not_sent';
      return null;
    case 'mark_received':
      if (i.resolution !== 'return_authorised' || i.state !== 'resolved') return 'not_awaiting_return';
      if (i.decision?.receivedAt) return 'already_received';
      return null;
    case 'refund':
      if (!isSent(line.state) && line.state !== 'cancelled') return 'line_not_sent';
      if (refundableLeft(line) <= 0) return 'nothing_to_refund';
      if (canResolve(i.state)) return null;
      if (i.state === 'resolved' && awaitingReturn(i)) return null;
      return 'transition_not_allowed';
    case 'replacement':
      if (!canResolve(i.state) || i.reason === 'withdrawal') return 'transition_not_allowed';
      if (!isSent(line.state)) return 'line_not_sent';
      return null;
    case 'reject':
      if (!canResolve(i.state)) return 'transition_not_allowed';
      return null;
  }
}

export function sellerActions(i: IncidentView, line: LineView): SellerAction[] {
  return SELLER_ACTIONS.filter((a) => sellerRefusal(a, i, line) === null);
}

export const CUSTOMER_ACTIONS = ['reply', 'accept', 'dispute'] as const;
export type CustomerAction = (typeof CUSTOMER_ACTIONS)[number];

/**
 * The customer replies while the incident is not closed; accepts a resolution (which closes it) once
 * it is final — not while an authorised return waits for its refund; disputes any resolution.
 */
export function customerRefusal(action: CustomerAction, i: IncidentView): ActionRefusal | null {
  if (i.state === 'closed') return 'incident_closed';
  if (action === 'reply') return null;
  if (action === 'accept') return decideIncident(i.state, 'accept').ok && !awaitingReturn(i) ? null : 'transition_not_allowed';
  return decideIncident(i.state, 'dispute').ok ? null : 'transition_not_allowed';
}

export function customerActions(i: IncidentView): CustomerAction[] {
  return CUSTOMER_ACTIONS.filter((a) => customerRefusal(a, i) === null);
}

/** The withdrawal was asked before shipment and the seller shipped anyway: the request becomes a return. */
export function becameReturn(i: { reason: IncidentReason; createdAt: Date }, line: { shippedAt: Date | null }): boolean {
  return i.reason === 'withdrawal' && line.shippedAt !== null && line.shippedAt.getTime() >= i.createdAt.getTime();
}

/**
 * The shipping fee to give back with a withdrawal: the seller order's whole fee (less what was
 * already refunded) once every one of its lines is cancelled or refunded, else nothing.
 */
export function shippingToRefund(lines: { state: LineState }[], sellerOrder: { shippingCents: number; shippingRefundedCents: number }): number {
  if (lines.length === 0) return 0;
  if (!lines.every((l) => l.state === 'cancelled' || l.state === 'refunded')) return 0;
  return Math.max(0, sellerOrder.shippingCents - sellerOrder.shippingRefundedCents);
}

// ---------------------------------------------------------------------------------------------
// Deadlines

const BRUSSELS_DAY = new Intl.DateTimeFormat('en-US', { weekday: 'short', year: 'numeric', month: 'numeric', day: 'numeric', timeZone: 'Europe/Brussels' });

/** Saturday, Sunday and Belgium's public holidays (the date in Brussels) are not working days. */
export function isWorkingDay(d: Date): boolean {
  const parts = Object.fromEntries(BRUSSELS_DAY.formatToParts(d).map((p) => [p.type, p.value]));
  if (parts.weekday === 'Sat' || parts.weekday === 'Sun') return false;
  return !isBelgianPublicHoliday(Number(parts.year), Number(parts.month), Number(parts.day));
}

/**
 * The moment `days` working days after `from`, at the same time of day: Friday 15:00 + 2 → Tuesday
 * 15:00; Saturday 10:00 + 2 → Tuesday 10:00 (the weekend does not count).
 */
export function addWorkingDays(from: Date, days: number): Date {
  let d = new Date(from.getTime());
  let counted = 0;
  while (counted < days) {
    d = new Date(d.getTime() + 86_400_000);
    if (isWorkingDay(d)) counted++;
  }
  return d;
}

/** Days between a decision and its automatic closing, and the seller's reply time (operator settings 'deadlines'). */
export type IncidentDeadlines = { sellerReplyWorkingDays: number; autoCloseDays: number };
export const DEFAULT_DEADLINES: IncidentDeadlines = { sellerReplyWorkingDays: 2, autoCloseDays: 7 };

/** Reads the operator's 'deadlines' setting; missing or odd values fall back to the defaults. */
export function deadlinesFrom(value: unknown): IncidentDeadlines {
  const v = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const int = (x: unknown, d: number) => (typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 60 ? x : d);
  return {
    sellerReplyWorkingDays: int(v.sellerReplyWorkingDays, DEFAULT_DEADLINES.sellerReplyWorkingDays),
    autoCloseDays: int(v.autoCloseDays, DEFAULT_DEADLINES.autoCloseDays),
  };
}

/** The operator sees a withdrawal's refund this many days before the EU 14-day limit. */
export const REFUND_DUE_WARNING_DAYS = 3;

// ---------------------------------------------------------------------------------------------
// Amounts

/**
 * An amount typed by a seller in euros ("12,50", "12.5", "12", "1 234,00 €") as integer cents, or null
 * when it is not a positive amount with at most two decimals (the catalogue's parser, spaces and € allowed).
 */
export function parseEuros(raw: string): number | null {
  const cents = eurosToCents(raw.replace(/[\s\u00a0€]/g, ''));
  return cents !== null && cents > 0 ? cents : null;
}
