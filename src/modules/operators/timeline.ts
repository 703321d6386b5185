/**
 * An order's full story for customer service, assembled from every module that wrote part of it:
 * the orders timeline (lines, payments, incidents), the payments and refunds, the emails, the
 * messages, and the operators' audit log. Pure: the loading is in order-file.ts.
 */

export type ActorType = 'customer' | 'seller' | 'operator' | 'system';
export type ActorRef = { type: ActorType; id: string | null };

export type TimelineItem =
  /** A row of timeline_events (written by the orders, checkout, payments and incidents modules). */
  | { source: 'event'; at: Date; actor: ActorRef; type: string; data: Record<string, unknown>; lineId: string | null; incidentId: string | null }
  | { source: 'payment'; at: Date; actor: ActorRef; status: string; amountCents: number; method: string | null; failureCode: string | null; provider: string }
  | { source: 'refund'; at: Date; actor: ActorRef; status: string; amountCents: number; reason: string; lineId: string | null; failureCode: string | null }
  | { source: 'email'; at: Date; actor: ActorRef; emailId: string; kind: string; to: string; subject: string; status: string; error: string | null; smtp: string | null; attempts: number }
  | { source: 'message'; at: Date; actor: ActorRef; threadId: string; body: string; incidentId: string | null }
  | { source: 'audit'; at: Date; actor: ActorRef; action: string; subjectType: string; subjectId: string; after: unknown };

/**
 * One list in time order. Ties keep the order of the sources given (the business event before the
 * email it queued). An `email.queued` event is dropped when its email is listed (the email row
 * carries its delivery status); an audit row is dropped when the same operator's action at the same
 * instant is already an event (the audit log keeps its before/after).
 */
export function mergeTimeline(groups: TimelineItem[][]): TimelineItem[] {
  const all = groups.flat();
  const emailIds = new Set(all.filter((i) => i.source === 'email').map((i) => (i as { emailId: string }).emailId));
  // An operator action that wrote both a timeline event and an audit row (same operator, same
  // transaction time) is shown once, as the event.
  const evented = new Set(all.filter((i) => i.source === 'event' && i.actor.type === 'operator').map((i) => `${i.actor.id}@${i.at.getTime()}`));
  const kept = all.filter(
    (i) =>
      !(i.source === 'event' && i.type === 'email.queued' && typeof i.data.emailId === 'string' && emailIds.has(i.data.emailId)) &&
      !(i.source === 'audit' && evented.has(`${i.actor.id}@${i.at.getTime()}`)),
  );
  return kept
    .map((item, index) => ({ item, index }))
    .sort((a, b) => a.item.at.getTime() - b.item.at.getTime() || a.index - b.index)
    .map((x) => x.item);
}

/** Actor ids to look up, by type, so that names are loaded in one query per type. */
export function actorIds(items: TimelineItem[]): Record<Exclude<ActorType, 'system'>, string[]> {
  const out = { customer: new Set<string>(), seller: new Set<string>(), operator: new Set<string>() };
  for (const i of items) if (i.actor.type !== 'system' && i.actor.id) out[i.actor.type].add(i.actor.id);
  return { customer: [...out.customer], seller: [...out.seller], operator: [...out.operator] };
}

/** An excerpt of a message for the timeline: one line, at most `max` characters. */
export function excerpt(body: string, max = 140): string {
  const one = body.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}
