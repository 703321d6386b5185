import { and, asc, desc, eq, isNotNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import type { I18nText } from '../../shared/i18n-text.js';
import { customers } from '../accounts/schema.js';
import { productImages, products, variants } from '../catalog/schema.js';
import { operatorUsers } from '../operators/schema.js';
import { sellers, sellerUsers } from '../sellers/schema.js';
import { messages, messageThreads, type AuthorType, type QuestionSubject, type ThreadKind } from './schema.js';
import { unreadBy, visibleTo, type Viewer } from './threads.js';

// Read side of messaging: one query per list, the counters kept on the thread row do the rest.

export type VariantRef = { id: string; colour: string; size: string; colourName: I18nText };

export type ThreadRow = {
  id: string;
  kind: ThreadKind;
  subject: QuestionSubject | null;
  productSlug: string | null;
  productTitle: I18nText | null;
  brand: string | null;
  sellerName: string;
  customerName: string;
  createdAt: Date;
  lastMessageAt: Date;
  lastMessageBy: AuthorType;
  awaitingSellerSince: Date | null;
  unread: boolean;
  preview: string;
};

const PREVIEW = 140;

function listColumns(side: 'customer' | 'seller' | 'operator') {
  const unread = side === 'operator' ? sql<boolean>`false` : sql<boolean>`coalesce(${unreadBy(side)}, false)`;
  return {
    id: messageThreads.id,
    kind: messageThreads.kind,
    subject: messageThreads.subject,
    productSlug: products.slug,
    productTitle: products.title,
    brand: products.brand,
    sellerName: sellers.name,
    customerName: sql<string>`${customers.firstName} || ' ' || ${customers.lastName}`,
    createdAt: messageThreads.createdAt,
    lastMessageAt: messageThreads.lastMessageAt,
    lastMessageBy: messageThreads.lastMessageBy,
    awaitingSellerSince: messageThreads.awaitingSellerSince,
    unread,
    preview: sql<string>`(select left(${messages.body}, ${PREVIEW}) from ${messages} where ${messages.threadId} = ${messageThreads.id} order by ${messages.createdAt} desc limit 1)`,
  };
}

function listQuery(db: DbOrTx, side: 'customer' | 'seller' | 'operator') {
  return db
    .select(listColumns(side))
    .from(messageThreads)
    .innerJoin(sellers, eq(sellers.id, messageThreads.sellerId))
    .innerJoin(customers, eq(customers.id, messageThreads.customerId))
    .leftJoin(products, eq(products.id, messageThreads.productId));
}

/** A keyset cursor "2026-01-01T10:00:00.000Z_<uuid>" on (last_message_at, id), newest first. */
export type Cursor = { at: Date; id: string };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function parseCursor(raw: unknown): Cursor | null {
  if (typeof raw !== 'string') return null;
  const i = raw.lastIndexOf('_');
  const at = new Date(raw.slice(0, i));
  const id = raw.slice(i + 1);
  return !Number.isNaN(at.getTime()) && UUID.test(id) ? { at, id } : null;
}
export const cursorOf = (r: { lastMessageAt: Date; id: string }) => `${r.lastMessageAt.toISOString()}_${r.id}`;
export const isUuid = (s: unknown): s is string => typeof s === 'string' && UUID.test(s);

function before(c: Cursor | null): SQL | undefined {
  return c ? or(lt(messageThreads.lastMessageAt, c.at), and(eq(messageThreads.lastMessageAt, c.at), lt(messageThreads.id, c.id))) : undefined;
}

export type Page<T> = { rows: T[]; next: string | null };
function page<T extends { lastMessageAt: Date; id: string }>(rows: T[], limit: number): Page<T> {
  const list = rows.slice(0, limit);
  return { rows: list, next: rows.length > limit ? cursorOf(list[list.length - 1]!) : null };
}

/** Threads matching `where`, the latest activity first, a page at a time (keyset on last_message_at, id). */
async function newestFirst(db: DbOrTx, side: 'customer' | 'seller' | 'operator', where: SQL | undefined, opts: { before?: Cursor | null; limit?: number }, limit: number): Promise<Page<ThreadRow>> {
  const n = opts.limit ?? limit;
  const rows = await listQuery(db, side)
    .where(and(where, before(opts.before ?? null)))
    .orderBy(desc(messageThreads.lastMessageAt), desc(messageThreads.id))
    .limit(n + 1);
  return page(rows, n);
}

/** "Mes messages": the customer's threads, the latest activity first. */
export function listThreadsForCustomer(db: DbOrTx, customerId: string, opts: { before?: Cursor | null; limit?: number } = {}): Promise<Page<ThreadRow>> {
  return newestFirst(db, 'customer', eq(messageThreads.customerId, customerId), opts, 30);
}

/** All of a seller's threads, the latest activity first. */
export function listThreadsForSeller(db: DbOrTx, sellerId: string, opts: { before?: Cursor | null; limit?: number } = {}): Promise<Page<ThreadRow>> {
  return newestFirst(db, 'seller', eq(messageThreads.sellerId, sellerId), opts, 30);
}

/** Every thread of the marketplace for the operator; `waiting` keeps those a seller owes an answer to. */
export function listThreadsForOperator(db: DbOrTx, opts: { waiting?: boolean; before?: Cursor | null; limit?: number } = {}): Promise<Page<ThreadRow>> {
  return newestFirst(db, 'operator', opts.waiting ? isNotNull(messageThreads.awaitingSellerSince) : undefined, opts, 50);
}

/** The questions a seller owes an answer to, the longest waiting first. */
export async function listWaitingForSeller(db: DbOrTx, sellerId: string, limit = 100): Promise<ThreadRow[]> {
  return listQuery(db, 'seller')
    .where(and(eq(messageThreads.sellerId, sellerId), isNotNull(messageThreads.awaitingSellerSince)))
    .orderBy(asc(messageThreads.awaitingSellerSince), asc(messageThreads.id))
    .limit(limit);
}

/** The storefront header's count: threads with a message the customer has not read (one partial-index scan). */
export async function unreadCountForCustomer(db: DbOrTx, customerId: string): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(messageThreads)
    .where(and(eq(messageThreads.customerId, customerId), unreadBy('customer')));
  return r?.n ?? 0;
}

/** The seller menu's count: questions waiting for the seller's answer. */
export async function waitingCountForSeller(db: DbOrTx, sellerId: string): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(messageThreads)
    .where(and(eq(messageThreads.sellerId, sellerId), isNotNull(messageThreads.awaitingSellerSince)));
  return r?.n ?? 0;
}

export type ThreadMessage = {
  id: string;
  authorType: AuthorType;
  /** The customer's first name, the seller user's name, or the operator's name. */
  authorName: string;
  body: string;
  createdAt: Date;
  variant: VariantRef | null;
};

export type ThreadDetail = {
  id: string;
  kind: ThreadKind;
  subject: QuestionSubject | null;
  orderLineId: string | null;
  incidentId: string | null;
  createdAt: Date;
  awaitingSellerSince: Date | null;
  firstSellerReplyAt: Date | null;
  customer: { id: string; firstName: string; lastName: string; email: string };
  seller: { id: string; name: string; slug: string };
  product: { id: string; slug: string; brand: string; title: I18nText; image: string | null } | null;
  variant: VariantRef | null;
  variants: VariantRef[];
  messages: ThreadMessage[];
};

/** One thread with its messages, if the viewer may see it; null otherwise (a missing id looks the same). */
export async function getThread(db: DbOrTx, threadId: string, viewer: Viewer): Promise<ThreadDetail | null> {
  if (!isUuid(threadId)) return null;
  const [t] = await db
    .select({
      id: messageThreads.id,
      kind: messageThreads.kind,
      subject: messageThreads.subject,
      orderLineId: messageThreads.orderLineId,
      incidentId: messageThreads.incidentId,
      createdAt: messageThreads.createdAt,
      awaitingSellerSince: messageThreads.awaitingSellerSince,
      firstSellerReplyAt: messageThreads.firstSellerReplyAt,
      productId: messageThreads.productId,
      customer: { id: customers.id, firstName: customers.firstName, lastName: customers.lastName, email: customers.email },
      seller: { id: sellers.id, name: sellers.name, slug: sellers.slug },
      productSlug: products.slug,
      productBrand: products.brand,
      productTitle: products.title,
      productImage: sql<string | null>`(select ${productImages.url} from ${productImages} where ${productImages.productId} = ${products.id} order by ${productImages.position} limit 1)`,
      variant: { id: variants.id, colour: variants.colour, size: variants.size, colourName: variants.colourName },
    })
    .from(messageThreads)
    .innerJoin(customers, eq(customers.id, messageThreads.customerId))
    .innerJoin(sellers, eq(sellers.id, messageThreads.sellerId))
    .leftJoin(products, eq(products.id, messageThreads.productId))
    .leftJoin(variants, eq(variants.id, messageThreads.variantId))
    .where(and(eq(messageThreads.id, threadId), visibleTo(viewer)));
  if (!t) return null;
  const msgs = await db
    .select({
      id: messages.id,
      authorType: messages.authorType,
      authorName: sql<string>`coalesce(case ${messages.authorType} when 'customer' then ${customers.firstName} when 'seller' then ${sellerUsers.name} else ${operatorUsers.name} end, '')`,
      body: messages.body,
      createdAt: messages.createdAt,
      variant: { id: variants.id, colour: variants.colour, size: variants.size, colourName: variants.colourName },
    })
    .from(messages)
    .leftJoin(customers, and(eq(messages.authorType, 'customer'), eq(customers.id, messages.authorId)))
    .leftJoin(sellerUsers, and(eq(messages.authorType, 'seller'), eq(sellerUsers.id, messages.authorId)))
    .leftJoin(operatorUsers, and(eq(messages.authorType, 'operator'), eq(operatorUsers.id, messages.authorId)))
    .leftJoin(variants, eq(variants.id, messages.variantId))
    .where(eq(messages.threadId, t.id))
    .orderBy(asc(messages.createdAt), asc(messages.id));
  const productVariants = t.productId
    ? await db
        .select({ id: variants.id, colour: variants.colour, size: variants.size, colourName: variants.colourName })
        .from(variants)
        .where(eq(variants.productId, t.productId))
        .orderBy(asc(variants.position), asc(variants.colour), asc(variants.size))
    : [];
  return {
    id: t.id,
    kind: t.kind,
    subject: t.subject,
    orderLineId: t.orderLineId,
    incidentId: t.incidentId,
    createdAt: t.createdAt,
    awaitingSellerSince: t.awaitingSellerSince,
    firstSellerReplyAt: t.firstSellerReplyAt,
    customer: t.customer,
    seller: t.seller,
    product: t.productSlug && t.productTitle && t.productId ? { id: t.productId, slug: t.productSlug, brand: t.productBrand ?? '', title: t.productTitle, image: t.productImage } : null,
    variant: t.variant,
    variants: productVariants,
    messages: msgs,
  };
}

export type AnswerTimes = {
  sellerId: string;
  sellerName: string;
  questions: number;
  answered: number;
  medianSeconds: number | null;
  waiting: number;
  oldestWaiting: Date | null;
};

/**
 * How fast sellers answer: per seller, over the threads customers started since `since`, the median
 * time from the question to the seller's first answer, how many are answered, and what still waits.
 */
export async function answerTimesBySeller(db: DbOrTx, since: Date): Promise<AnswerTimes[]> {
  const median = sql<number | null>`percentile_cont(0.5) within group (order by extract(epoch from ${messageThreads.firstSellerReplyAt} - ${messageThreads.createdAt}))`;
  const rows = await db
    .select({
      sellerId: sellers.id,
      sellerName: sellers.name,
      questions: sql<number>`count(*)::int`,
      answered: sql<number>`count(${messageThreads.firstSellerReplyAt})::int`,
      medianSeconds: median,
      waiting: sql<number>`count(${messageThreads.awaitingSellerSince})::int`,
      oldestWaiting: sql<string | null>`min(${messageThreads.awaitingSellerSince})`,
    })
    .from(messageThreads)
    .innerJoin(sellers, eq(sellers.id, messageThreads.sellerId))
    .where(and(eq(messageThreads.startedBy, 'customer'), sql`${messageThreads.createdAt} >= ${since}`))
    .groupBy(sellers.id, sellers.name)
    // The slowest first; sellers who have not answered anything yet above them all.
    .orderBy(sql`${median} desc nulls first`, asc(sellers.name));
  return rows.map((r) => ({ ...r, medianSeconds: r.medianSeconds === null ? null : Number(r.medianSeconds), oldestWaiting: r.oldestWaiting ? new Date(r.oldestWaiting) : null }));
}
