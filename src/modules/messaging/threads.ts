import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { offers, variants } from '../catalog/schema.js';
import { sellers } from '../sellers/schema.js';
import { emitSellerEvent } from '../api/events.js';
import { notifyNewMessage } from './emails.js';
import { afterMessage, cleanBody, CUSTOMER_LIMITS, rateRefusal, type RateRefusal, type ThreadCounters } from './rules.js';
import { MESSAGE_MAX, messages, messageThreads, type QuestionSubject, type ThreadKind } from './schema.js';

/** Who writes a message. A seller user writes for its shop; an operator for the marketplace. */
export type Author =
  | { type: 'customer'; customerId: string }
  | { type: 'seller'; sellerId: string; userId: string }
  | { type: 'operator'; operatorId: string };

/** Who reads a thread: its customer, the seller it is addressed to, or any operator. */
export type Viewer = { type: 'customer'; customerId: string } | { type: 'seller'; sellerId: string } | { type: 'operator' };

export type MessageRefusal = 'not_found' | 'empty' | 'too_long' | 'variant_not_found' | RateRefusal;
export type QuestionRefusal = 'seller_not_found' | 'variant_not_found' | 'empty' | 'too_long' | RateRefusal;

/** The SQL condition "this viewer may see this thread" (anyone else gets the same answer as a missing id). */
export function visibleTo(viewer: Viewer) {
  if (viewer.type === 'customer') return eq(messageThreads.customerId, viewer.customerId);
  if (viewer.type === 'seller') return eq(messageThreads.sellerId, viewer.sellerId);
  return sql`true`;
}

function authorId(a: Author): string {
  return a.type === 'customer' ? a.customerId : a.type === 'seller' ? a.userId : a.operatorId;
}

function checkBody(raw: string): { ok: true; body: string } | { ok: false; code: 'empty' | 'too_long' } {
  const body = cleanBody(raw);
  if (!body) return { ok: false, code: 'empty' };
  if (body.length > MESSAGE_MAX) return { ok: false, code: 'too_long' };
  return { ok: true, body };
}

/**
 * Serialises one customer's writes (an advisory lock for the transaction) and counts what they sent
 * in the last minute and day, so two requests at once on two instances cannot both slip under the limit.
 */
async function customerRate(tx: Tx, customerId: string, what: 'questions' | 'messages', now: Date): Promise<RateRefusal | null> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`messaging:${customerId}`}))`);
  const minuteAgo = new Date(now.getTime() - 60_000);
  const dayAgo = new Date(now.getTime() - 86_400_000);
  const [row] =
    what === 'questions'
      ? await tx
          .select({
            lastMinute: sql<number>`count(*) filter (where ${messageThreads.createdAt} > ${minuteAgo})::int`,
            lastDay: sql<number>`count(*)::int`,
          })
          .from(messageThreads)
          .where(and(eq(messageThreads.customerId, customerId), eq(messageThreads.kind, 'product'), eq(messageThreads.startedBy, 'customer'), sql`${messageThreads.createdAt} > ${dayAgo}`))
      : await tx
          .select({
            lastMinute: sql<number>`count(*) filter (where ${messages.createdAt} > ${minuteAgo})::int`,
            lastDay: sql<number>`count(*)::int`,
          })
          .from(messages)
          .where(and(eq(messages.authorType, 'customer'), eq(messages.authorId, customerId), sql`${messages.createdAt} > ${dayAgo}`));
  return rateRefusal({ lastMinute: row?.lastMinute ?? 0, lastDay: row?.lastDay ?? 0 }, CUSTOMER_LIMITS[what]);
}

export type NewThread = {
  kind: ThreadKind;
  customerId: string;
  sellerId: string;
  productId?: string | null;
  variantId?: string | null;
  offerId?: string | null;
  orderLineId?: string | null;
  incidentId?: string | null;
  subject?: QuestionSubject | null;
};

/**
 * Opens a thread with its first message, in the caller's transaction — the entry point for the
 * orders and incidents modules too. There is at most one thread per order line and per incident:
 * for those kinds, an existing thread receives the message instead. Emails the other side unless
 * `notify` is false (a module that sends its own email for the event).
 */
export async function openThread(
  deps: Deps,
  tx: Tx,
  input: NewThread & { author: Author; body: string; notify?: boolean },
): Promise<{ ok: true; threadId: string; messageId: string } | { ok: false; code: 'empty' | 'too_long' }> {
  const checked = checkBody(input.body);
  if (!checked.ok) return checked;
  if (input.kind !== 'product') {
    const [existing] = await tx
      .select({ id: messageThreads.id })
      .from(messageThreads)
      .where(input.kind === 'order_line' ? and(eq(messageThreads.kind, 'order_line'), eq(messageThreads.orderLineId, input.orderLineId ?? '')) : and(eq(messageThreads.kind, 'incident'), eq(messageThreads.incidentId, input.incidentId ?? '')));
    if (existing) {
      const r = await appendMessage(deps, tx, existing.id, { type: 'operator' }, input.author, checked.body, null, input.notify);
      if (!r.ok) throw new Error(`could not append to thread ${existing.id}: ${r.code}`);
      return { ok: true, threadId: existing.id, messageId: r.messageId };
    }
  }
  const now = deps.clock.now();
  const c = afterMessage(null, input.author.type, now);
  const [thread] = await tx
    .insert(messageThreads)
    .values({
      kind: input.kind,
      customerId: input.customerId,
      sellerId: input.sellerId,
      productId: input.productId ?? null,
      variantId: input.variantId ?? null,
      offerId: input.offerId ?? null,
      orderLineId: input.orderLineId ?? null,
      incidentId: input.incidentId ?? null,
      subject: input.subject ?? null,
      createdAt: now,
      ...c,
    })
    .returning({ id: messageThreads.id });
  const [msg] = await tx
    .insert(messages)
    .values({ threadId: thread!.id, authorType: input.author.type, authorId: authorId(input.author), body: checked.body, createdAt: now })
    .returning({ id: messages.id });
  if (input.notify !== false) await notifyNewMessage(deps, tx, { threadId: thread!.id, messageId: msg!.id, first: true });
  if (input.author.type !== 'seller') await emitSellerEvent(tx, input.sellerId, 'message.received', { conversation_id: thread!.id, message_id: msg!.id, kind: input.kind, author_type: input.author.type }, now);
  return { ok: true, threadId: thread!.id, messageId: msg!.id };
}

/**
 * "Poser une question sur ce produit": a customer asks the seller of one of the product's offers.
 * The seller must have an active offer on this product; the variant, when given, must be one of its
 * variants (the customer may ask about a variant that seller does not offer: "do you have it in L?").
 */
export async function startProductQuestion(
  deps: Deps,
  input: { customerId: string; productId: string; sellerId: string; variantId: string | null; subject: QuestionSubject; body: string },
): Promise<{ ok: true; threadId: string } | { ok: false; code: QuestionRefusal }> {
  const checked = checkBody(input.body);
  if (!checked.ok) return checked;
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const limited = await customerRate(tx, input.customerId, 'questions', now);
    if (limited) return { ok: false as const, code: limited };
    if (input.variantId) {
      const [v] = await tx
        .select({ id: variants.id })
        .from(variants)
        .where(and(eq(variants.id, input.variantId), eq(variants.productId, input.productId)));
      if (!v) return { ok: false as const, code: 'variant_not_found' as const };
    }
    // The seller's offer on this product: the one for the chosen variant when it has it.
    const [offer] = await tx
      .select({ id: offers.id, variantId: offers.variantId })
      .from(offers)
      .innerJoin(variants, eq(variants.id, offers.variantId))
      .innerJoin(sellers, eq(sellers.id, offers.sellerId))
      .where(and(eq(variants.productId, input.productId), eq(offers.sellerId, input.sellerId), eq(offers.active, true), eq(sellers.status, 'active')))
      .orderBy(sql`(${offers.variantId} = ${input.variantId}) desc nulls last`, offers.priceCents, offers.id)
      .limit(1);
    if (!offer) return { ok: false as const, code: 'seller_not_found' as const };
    const r = await openThread(deps, tx, {
      kind: 'product',
      customerId: input.customerId,
      sellerId: input.sellerId,
      productId: input.productId,
      variantId: input.variantId,
      offerId: offer.variantId === input.variantId ? offer.id : null,
      subject: input.subject,
      author: { type: 'customer', customerId: input.customerId },
      body: checked.body,
    });
    if (!r.ok) return r;
    return { ok: true as const, threadId: r.threadId };
  });
}

/**
 * Adds a message to a thread the author may see (a customer's own, a seller's own, any for an
 * operator), under a row lock on the thread. Only the seller or an operator may attach a variant,
 * and only one of the thread's product.
 */
export async function postMessage(
  deps: Deps,
  input: { threadId: string; author: Author; body: string; variantId?: string | null },
  tx?: Tx,
): Promise<{ ok: true; messageId: string } | { ok: false; code: MessageRefusal }> {
  const checked = checkBody(input.body);
  if (!checked.ok) return checked;
  const run = async (t: Tx) => {
    if (input.author.type === 'customer') {
      const limited = await customerRate(t, input.author.customerId, 'messages', deps.clock.now());
      if (limited) return { ok: false as const, code: limited };
    }
    const viewer: Viewer =
      input.author.type === 'customer' ? { type: 'customer', customerId: input.author.customerId } : input.author.type === 'seller' ? { type: 'seller', sellerId: input.author.sellerId } : { type: 'operator' };
    return appendMessage(deps, t, input.threadId, viewer, input.author, checked.body, input.variantId ?? null, true);
  };
  return tx ? run(tx) : deps.db.transaction(run);
}

async function appendMessage(
  deps: Deps,
  tx: Tx,
  threadId: string,
  viewer: Viewer,
  author: Author,
  body: string,
  variantId: string | null,
  notify: boolean | undefined,
): Promise<{ ok: true; messageId: string } | { ok: false; code: 'not_found' | 'variant_not_found' }> {
  const [thread] = await tx
    .select()
    .from(messageThreads)
    .where(and(eq(messageThreads.id, threadId), visibleTo(viewer)))
    .for('update');
  if (!thread) return { ok: false, code: 'not_found' };
  if (variantId) {
    if (author.type === 'customer' || !thread.productId) return { ok: false, code: 'variant_not_found' };
    const [v] = await tx
      .select({ id: variants.id })
      .from(variants)
      .where(and(eq(variants.id, variantId), eq(variants.productId, thread.productId)));
    if (!v) return { ok: false, code: 'variant_not_found' };
  }
  // Never before the thread's last message, even if clocks of two instances disagree slightly.
  const clockNow = deps.clock.now();
  const now = clockNow > thread.lastMessageAt ? clockNow : new Date(thread.lastMessageAt.getTime() + 1);
  const c: ThreadCounters = afterMessage(thread, author.type, now);
  await tx
    .update(messageThreads)
    .set({
      lastMessageAt: c.lastMessageAt,
      lastMessageBy: c.lastMessageBy,
      lastForCustomerAt: c.lastForCustomerAt,
      lastForSellerAt: c.lastForSellerAt,
      customerReadAt: c.customerReadAt,
      sellerReadAt: c.sellerReadAt,
      awaitingSellerSince: c.awaitingSellerSince,
      firstSellerReplyAt: c.firstSellerReplyAt,
    })
    .where(eq(messageThreads.id, thread.id));
  const [msg] = await tx
    .insert(messages)
    .values({ threadId: thread.id, authorType: author.type, authorId: authorId(author), body, variantId, createdAt: now })
    .returning({ id: messages.id });
  if (notify !== false) await notifyNewMessage(deps, tx, { threadId: thread.id, messageId: msg!.id, first: false });
  if (author.type !== 'seller') await emitSellerEvent(tx, thread.sellerId, 'message.received', { conversation_id: thread.id, message_id: msg!.id, kind: thread.kind, author_type: author.type }, now);
  return { ok: true, messageId: msg!.id };
}

/**
 * "This side has a message it has not read" as SQL — the same expression as the partial index
 * message_threads_customer_unread_idx, so the header count is an index scan.
 */
export function unreadBy(side: 'customer' | 'seller') {
  return side === 'customer'
    ? sql`${messageThreads.lastForCustomerAt} > coalesce(${messageThreads.customerReadAt}, '-infinity'::timestamptz)`
    : sql`${messageThreads.lastForSellerAt} > coalesce(${messageThreads.sellerReadAt}, '-infinity'::timestamptz)`;
}

/** The viewer has read the thread up to now. Returns whether it had something unread (for the header count). */
export async function markRead(deps: Deps, threadId: string, viewer: Viewer): Promise<boolean> {
  if (viewer.type === 'operator') return false;
  const now = deps.clock.now();
  const rows = await deps.db
    .update(messageThreads)
    .set(viewer.type === 'customer' ? { customerReadAt: now } : { sellerReadAt: now })
    .where(and(eq(messageThreads.id, threadId), visibleTo(viewer), unreadBy(viewer.type)))
    .returning({ id: messageThreads.id });
  return rows.length > 0;
}
