import type { AuthorType } from './schema.js';

/**
 * The counters a thread keeps so that lists, unread markers and answer times are read without
 * scanning messages. Pure: `afterMessage` says what a new message does to them.
 */
export type ThreadCounters = {
  startedBy: AuthorType;
  lastMessageAt: Date;
  lastMessageBy: AuthorType;
  lastForCustomerAt: Date | null;
  lastForSellerAt: Date | null;
  customerReadAt: Date | null;
  sellerReadAt: Date | null;
  awaitingSellerSince: Date | null;
  firstSellerReplyAt: Date | null;
};

/**
 * A message by `by` at `now`, on an existing thread (or the first one when `thread` is null):
 * - the writer has read everything up to their own message;
 * - a customer's message makes the seller owe an answer (from the first unanswered message on);
 * - the seller's message answers it; the first one on a thread the customer started is its answer time;
 * - an operator's message is news for both sides and leaves what the seller owes unchanged
 *   (stepping in is not answering in the seller's place).
 */
export function afterMessage(thread: ThreadCounters | null, by: AuthorType, now: Date): ThreadCounters {
  const t: ThreadCounters = thread
    ? { ...thread }
    : {
        startedBy: by,
        lastMessageAt: now,
        lastMessageBy: by,
        lastForCustomerAt: null,
        lastForSellerAt: null,
        customerReadAt: null,
        sellerReadAt: null,
        awaitingSellerSince: null,
        firstSellerReplyAt: null,
      };
  t.lastMessageAt = now;
  t.lastMessageBy = by;
  if (by === 'customer') {
    t.lastForSellerAt = now;
    t.customerReadAt = now;
    t.awaitingSellerSince = t.awaitingSellerSince ?? now;
  } else if (by === 'seller') {
    t.lastForCustomerAt = now;
    t.sellerReadAt = now;
    t.awaitingSellerSince = null;
    if (!t.firstSellerReplyAt && t.startedBy === 'customer') t.firstSellerReplyAt = now;
  } else {
    t.lastForCustomerAt = now;
    t.lastForSellerAt = now;
  }
  return t;
}

/** Whether a side has a message it has not read. */
export function isUnread(lastFor: Date | null, readAt: Date | null): boolean {
  return lastFor !== null && (readAt === null || lastFor > readAt);
}

/** How many questions and replies a customer may send (counted in PostgreSQL, so every instance agrees). */
export const CUSTOMER_LIMITS = {
  questions: { perMinute: 3, perDay: 20 },
  messages: { perMinute: 10, perDay: 200 },
} as const;

export type RateRefusal = 'too_many_per_minute' | 'too_many_per_day';

/** The refusal, if sending one more would go over a limit. */
export function rateRefusal(sent: { lastMinute: number; lastDay: number }, limit: { perMinute: number; perDay: number }): RateRefusal | null {
  if (sent.lastMinute >= limit.perMinute) return 'too_many_per_minute';
  if (sent.lastDay >= limit.perDay) return 'too_many_per_day';
  return null;
}

/** A message body as stored: trimmed, Windows line ends normalised, NUL and other control characters (except tab and newline) removed. */
export function cleanBody(raw: string): string {
  return raw
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .trim();
}

/** A duration in seconds as "2 j 3 h", "4 h 12 min", "35 min", "< 1 min" — units per language. */
export function formatDuration(seconds: number, units: { d: string; h: string; min: string; lessThanMinute: string }): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return units.lessThanMinute;
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3_600);
  const m = Math.floor((s % 3_600) / 60);
  if (d > 0) return h > 0 ? `${d} ${units.d} ${h} ${units.h}` : `${d} ${units.d}`;
  if (h > 0) return m > 0 ? `${h} ${units.h} ${m} ${units.min}` : `${h} ${units.h}`;
  return `${m} ${units.min}`;
}
