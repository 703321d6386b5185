import { LINE_TRANSITIONS, type LineState, type LineVerb } from './line-lifecycle.js';

/**
 * The seller order lifecycle, read top to bottom.
 *
 * A seller order has NO state of its own: its status ("Payée", "En préparation", "Expédiée",
 * "Livrée", "Annulée", "Remboursée") is derived from its lines (derived-status.ts, and its SQL twin in
 * queries.ts). A seller order can be partly shipped and partly refused; a second stored state would
 * drift from its lines, and every line change would have to update it under the same lock.
 *
 * What the seller order does have are COMMANDS, given by the seller (or by the deadline jobs) to the
 * whole seller order or to a selection of its lines. Each command expands into exactly one line verb
 * of the line lifecycle (line-lifecycle.ts), applied under row locks by applyToLines:
 *
 *   command            by       lines it takes                         line verb    lines become
 *   accept             seller   paid                                   accept       preparing
 *   refuse             seller   paid                                   refuse       cancelled, then refunded
 *   ship               seller   paid | preparing (+ carrier, tracking) ship         shipped
 *   deliver            seller   shipped                                deliver      delivered
 *   cancel_unaccepted  system   paid, paid ≥ sellerAcceptDays ago      cancel       cancelled, then refunded
 *   auto_deliver       system   shipped, shipped ≥ autoDeliverDays ago deliver      delivered
 *
 * When a refusal or a cancellation leaves no live line in the seller order, its shipping fee is
 * refunded too (refunds.ts). Deadlines are calendar days set by the operator (settings 'deadlines').
 */
export const SELLER_ORDER_COMMANDS = {
  accept: { verb: 'accept', by: 'seller', from: LINE_TRANSITIONS.accept.from },
  refuse: { verb: 'refuse', by: 'seller', from: LINE_TRANSITIONS.refuse.from },
  ship: { verb: 'ship', by: 'seller', from: LINE_TRANSITIONS.ship.from },
  deliver: { verb: 'deliver', by: 'seller', from: LINE_TRANSITIONS.deliver.from },
  // The line table allows cancel from preparing too (a withdrawal); an ACCEPTED line is not "unaccepted".
  cancel_unaccepted: { verb: 'cancel', by: 'system', from: ['paid'] },
  auto_deliver: { verb: 'deliver', by: 'system', from: LINE_TRANSITIONS.deliver.from },
} as const satisfies Record<string, { verb: LineVerb; by: 'seller' | 'system'; from: readonly LineState[] }>;

export type SellerOrderCommand = keyof typeof SELLER_ORDER_COMMANDS;
export type SellerCommand = { [C in SellerOrderCommand]: (typeof SELLER_ORDER_COMMANDS)[C]['by'] extends 'seller' ? C : never }[SellerOrderCommand];

export type PlanRefusal = 'nothing_selected' | 'nothing_to_do' | 'not_found' | 'transition_not_allowed';
export type Plan = { ok: true; verb: LineVerb; lineIds: string[] } | { ok: false; code: PlanRefusal; lineId?: string };

const takes = (command: SellerOrderCommand, state: LineState) => (SELLER_ORDER_COMMANDS[command].from as readonly LineState[]).includes(state);

/**
 * Which lines of one seller order a command applies to. `selected` undefined = every line the command
 * can take ("accept all", "ship all"); an explicit selection must be lines of this seller order (else
 * not_found, exactly like a missing one) that the command can take (else transition_not_allowed).
 */
export function planCommand(command: SellerOrderCommand, lines: readonly { id: string; state: LineState }[], selected?: readonly string[]): Plan {
  const verb = SELLER_ORDER_COMMANDS[command].verb;
  if (selected === undefined) {
    const ids = lines.filter((l) => takes(command, l.state)).map((l) => l.id);
    return ids.length ? { ok: true, verb, lineIds: ids } : { ok: false, code: 'nothing_to_do' };
  }
  const unique = [...new Set(selected)];
  if (unique.length === 0) return { ok: false, code: 'nothing_selected' };
  for (const id of unique) {
    const line = lines.find((l) => l.id === id);
    if (!line) return { ok: false, code: 'not_found', lineId: id };
    if (!takes(command, line.state)) return { ok: false, code: 'transition_not_allowed', lineId: id };
  }
  return { ok: true, verb, lineIds: unique };
}

/** The seller commands that have at least one line to act on (the buttons a seller order page shows). */
export function availableCommands(lines: readonly { state: LineState }[]): SellerCommand[] {
  return (['accept', 'refuse', 'ship', 'deliver'] as const).filter((c) => lines.some((l) => takes(c, l.state)));
}

export type Deadlines = { sellerAcceptDays: number; autoDeliverDays: number };
const DAY_MS = 86_400_000;

/**
 * Is a timed command due for a line? `paidAt` is the order's payment time (when the seller's clock
 * starts), `shippedAt` the line's shipment.
 */
export function isDue(
  command: 'cancel_unaccepted' | 'auto_deliver',
  line: { state: LineState; paidAt: Date | null; shippedAt: Date | null },
  now: Date,
  deadlines: Deadlines,
): boolean {
  if (!takes(command, line.state)) return false;
  if (command === 'cancel_unaccepted') return !!line.paidAt && line.paidAt.getTime() + deadlines.sellerAcceptDays * DAY_MS <= now.getTime();
  return !!line.shippedAt && line.shippedAt.getTime() + deadlines.autoDeliverDays * DAY_MS <= now.getTime();
}

/** The moment before which a timed command's start time must lie to be due now (for indexed scans). */
export function dueBefore(command: 'cancel_unaccepted' | 'auto_deliver', now: Date, deadlines: Deadlines): Date {
  const days = command === 'cancel_unaccepted' ? deadlines.sellerAcceptDays : deadlines.autoDeliverDays;
  return new Date(now.getTime() - days * DAY_MS);
}

/** How long something has waited, in whole days, hours and minutes (never negative). */
export function waited(since: Date, now: Date): { days: number; hours: number; minutes: number } {
  const ms = Math.max(0, now.getTime() - since.getTime());
  return { days: Math.floor(ms / DAY_MS), hours: Math.floor((ms % DAY_MS) / 3_600_000), minutes: Math.floor((ms % 3_600_000) / 60_000) };
}
