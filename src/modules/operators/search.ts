import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { customers } from '../accounts/schema.js';
import { orderStatus, sellerOrderStatus, type SellerOrderStatus } from '../orders/derived-status.js';
import { cursorText, parseCursor, type Cursor } from '../orders/queries.js';
import { orderLines, orders, sellerOrders } from '../orders/schema.js';

/**
 * Customer service search (docs/architecture.md, "Operator back office"). What was typed decides what
 * is searched: an order, seller order or incident number opens it (exact match on a unique index);
 * an email, a phone number or a name filters customers through trigram indexes
 * (customers_*_trgm_idx), so infix matches stay index scans with a million customers. Lists are
 * keyset-paginated: customers by name, orders newest first.
 */
export type Query =
  | { kind: 'empty' }
  | { kind: 'too_short' }
  | { kind: 'order'; number: string }
  | { kind: 'seller_order'; number: string }
  | { kind: 'incident'; number: string }
  | { kind: 'email'; text: string }
  | { kind: 'phone'; digits: string }
  | { kind: 'name'; words: string[] };

export const MIN_QUERY = 3;

/** Pure: what a search box's text asks for. */
export function classifyQuery(raw: string): Query {
  const q = raw.normalize('NFC').trim().replace(/\s+/g, ' ').slice(0, 100);
  if (!q) return { kind: 'empty' };
  const upper = q.toUpperCase();
  if (/^C-\d{4}-\d{6}$/.test(upper)) return { kind: 'order', number: upper };
  if (/^C-\d{4}-\d{6}-\d{1,3}$/.test(upper)) return { kind: 'seller_order', number: upper };
  if (/^I-\d{4}-\d{6}$/.test(upper)) return { kind: 'incident', number: upper };
  if (q.includes('@')) return q.length < MIN_QUERY ? { kind: 'too_short' } : { kind: 'email', text: q.toLowerCase() };
  if (/^[+\d][\d\s./()-]*$/.test(q)) {
    let digits = q.replace(/\D/g, '');
    // +32 470 12 34 56, 0032…, 0470 12 34 56: compare what follows the country code or trunk zero.
    digits = digits.replace(/^00/, '').replace(/^(32|31|33|49|352)(?=\d{8,})/, '').replace(/^0+/, '');
    return digits.length < 6 ? { kind: 'too_short' } : { kind: 'phone', digits };
  }
  const words = q
    .toLowerCase()
    .split(' ')
    .filter((w) => w.length > 0);
  if (words.join('').length < MIN_QUERY) return { kind: 'too_short' };
  return { kind: 'name', words };
}

/** LIKE pattern text with its wildcards escaped. */
const likeText = (s: string) => s.replace(/[\\%_]/g, '\\$&');

export type CustomerRow = { id: string; firstName: string; lastName: string; email: string; phone: string | null; createdAt: Date; deletedAt: Date | null };
export type CustomerCursor = { last: string; first: string; id: string };
export const PAGE = 50;

export function encodeCustomerCursor(c: CustomerCursor): string {
  return Buffer.from(JSON.stringify([c.last, c.first, c.id])).toString('base64url');
}
export function decodeCustomerCursor(raw: unknown): CustomerCursor | null {
  if (typeof raw !== 'string' || raw.length > 800) return null;
  try {
    const v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(v) || v.length !== 3 || !v.every((x) => typeof x === 'string')) return null;
    if (!/^[0-9a-f-]{36}$/.test(v[2] as string)) return null;
    return { last: v[0] as string, first: v[1] as string, id: v[2] as string };
  } catch {
    return null;
  }
}

const fullName = sql`comptoir_unaccent(lower(${customers.firstName} || ' ' || ${customers.lastName}))`;
const phoneDigits = sql`regexp_replace(coalesce(${customers.phone}, ''), '[^0-9]', '', 'g')`;

function matchOf(q: Query): SQL | null | 'none' {
  if (q.kind === 'empty') return null;
  if (q.kind === 'email') return sql`${customers.email} like ${'%' + likeText(q.text) + '%'}`;
  if (q.kind === 'phone') return sql`${phoneDigits} like ${'%' + likeText(q.digits)}`;
  if (q.kind === 'name') {
    // Every word in the full name (any order); a single word may also be part of the email.
    const byName = and(...q.words.map((w) => sql`${fullName} like comptoir_unaccent(${'%' + likeText(w) + '%'})`))!;
    return q.words.length === 1 ? sql`(${byName} or ${customers.email} like ${'%' + likeText(q.words[0]!) + '%'})` : byName;
  }
  return 'none';
}

const customerColumns = {
  id: customers.id,
  firstName: customers.firstName,
  lastName: customers.lastName,
  email: customers.email,
  phone: customers.phone,
  createdAt: customers.createdAt,
  deletedAt: customers.deletedAt,
};

/**
 * Customers matching an email, phone or name query (or all), by name, 50 at a time. A complete
 * address is looked up exactly first (unique index). Otherwise PostgreSQL chooses between the trigram
 * indexes (then sorts the matches) and walking the name index in order; with a million customers it
 * chose well every time we measured (docs/architecture.md), so no hint is forced here.
 */
export async function searchCustomers(db: DbOrTx, q: Query, after: CustomerCursor | null): Promise<{ rows: CustomerRow[]; next: string | null }> {
  const match = matchOf(q);
  if (match === 'none') return { rows: [], next: null };
  if (q.kind === 'email' && !after && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(q.text)) {
    const exact = await db.select(customerColumns).from(customers).where(eq(customers.email, q.text));
    if (exact.length) return { rows: exact, next: null };
  }
  const where: SQL[] = match ? [match] : [];
  if (after) where.push(sql`(lower(${customers.lastName}), lower(${customers.firstName}), ${customers.id}) > (${after.last}, ${after.first}, ${after.id}::uuid)`);
  const rows = await db
    .select(customerColumns)
    .from(customers)
    .where(where.length ? and(...where) : undefined)
    .orderBy(sql`lower(${customers.lastName})`, sql`lower(${customers.firstName})`, asc(customers.id))
    .limit(PAGE + 1);
  const shown = rows.slice(0, PAGE);
  const last = shown[shown.length - 1];
  return {
    rows: shown,
    next: rows.length > PAGE && last ? encodeCustomerCursor({ last: last.lastName.toLowerCase(), first: last.firstName.toLowerCase(), id: last.id }) : null,
  };
}

/** The order a number names: a customer order's number, or one of its seller orders'. */
export async function findOrderNumber(db: DbOrTx, number: string): Promise<string | null> {
  const [o] = await db.select({ number: orders.number }).from(orders).where(eq(orders.number, number));
  if (o) return o.number;
  const [so] = await db.select({ number: orders.number }).from(sellerOrders).innerJoin(orders, eq(orders.id, sellerOrders.orderId)).where(eq(sellerOrders.number, number));
  return so?.number ?? null;
}

export type OrderListRow = {
  id: string;
  number: string;
  createdAt: Date;
  paidAt: Date | null;
  email: string;
  customerId: string | null;
  customerName: string | null;
  totalCents: number;
  status: SellerOrderStatus;
  cursor: Cursor;
};

/**
 * Orders newest first (all, or one customer's), keyset on (created_at, id) — orders_created_idx /
 * orders_customer_idx — with their derived status: two queries a page, whatever the page.
 */
export async function listOrders(db: DbOrTx, opts: { customerId?: string; before?: Cursor | null; limit?: number } = {}): Promise<{ rows: OrderListRow[]; older: string | null }> {
  const limit = opts.limit ?? PAGE;
  const where: SQL[] = [];
  if (opts.customerId) where.push(eq(orders.customerId, opts.customerId));
  if (opts.before) where.push(sql`(${orders.createdAt}, ${orders.id}) < (${opts.before.at}::timestamptz, ${opts.before.id}::uuid)`);
  const rows = await db
    .select({
      id: orders.id,
      number: orders.number,
      createdAt: orders.createdAt,
      paidAt: orders.paidAt,
      email: orders.email,
      customerId: orders.customerId,
      firstName: customers.firstName,
      lastName: customers.lastName,
      totalCents: orders.totalCents,
      cursorAt: sql<string>`to_char(${orders.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    })
    .from(orders)
    .leftJoin(customers, eq(customers.id, orders.customerId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(limit + 1);
  const shown = rows.slice(0, limit);
  const statuses = await statusesOf(db, shown.map((r) => r.id));
  const out = shown.map((r) => ({
    id: r.id,
    number: r.number,
    createdAt: r.createdAt,
    paidAt: r.paidAt,
    email: r.email,
    customerId: r.customerId,
    customerName: r.firstName !== null ? `${r.firstName} ${r.lastName}` : null,
    totalCents: r.totalCents,
    status: statuses.get(r.id) ?? 'awaiting_payment',
    cursor: { at: r.cursorAt, id: r.id },
  }));
  const last = out[out.length - 1];
  return { rows: out, older: rows.length > limit && last ? cursorText(last.cursor) : null };
}

export { parseCursor };

/** The derived status of each order (derived-status.ts over its lines), in one query. */
export async function statusesOf(db: DbOrTx, orderIds: string[]): Promise<Map<string, SellerOrderStatus>> {
  const out = new Map<string, SellerOrderStatus>();
  if (!orderIds.length) return out;
  const lines = await db
    .select({ orderId: orderLines.orderId, sellerOrderId: orderLines.sellerOrderId, state: orderLines.state, refundedCents: orderLines.refundedCents })
    .from(orderLines)
    .where(inArray(orderLines.orderId, orderIds));
  for (const id of orderIds) {
    const mine = lines.filter((l) => l.orderId === id);
    const bySo = new Map<string, typeof mine>();
    for (const l of mine) bySo.set(l.sellerOrderId, [...(bySo.get(l.sellerOrderId) ?? []), l]);
    out.set(id, orderStatus([...bySo.values()].map((ls) => sellerOrderStatus(ls))));
  }
  return out;
}
