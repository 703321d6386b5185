import { and, asc, desc, eq, inArray, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { openIncidentsOfOrder } from '../incidents/queries.js';
import { paymentsOfOrder, refundSummary, type Payment, type Refund } from '../payments/service.js';
import { sellers } from '../sellers/schema.js';
import type { LineRow } from './apply.js';
import type { SellerOrderStatus } from './derived-status.js';
import { orderLines, orders, sellerOrders, timelineEvents, type AddressSnapshot } from './schema.js';

/**
 * The orders module's reads: "Mes Commandes" and "Voir la commande" (scoped to the customer), the
 * seller's list and seller order page (scoped to the seller). Lists use keyset pagination on
 * (created_at, id) with the indexes orders_customer_idx and seller_orders_seller_idx, and a fixed
 * number of queries per page (no N+1).
 */

/**
 * A seller order's status as PostgreSQL stores it (seller_orders.status, kept by the order_lines
 * triggers of migration 0024 with the rule of sellerOrderStatus — decision 0030). For the tests
 * that check both agree.
 */
export async function storedSellerOrderStatus(db: DbOrTx, sellerOrderId: string): Promise<SellerOrderStatus> {
  const [row] = await db.select({ status: sellerOrders.status }).from(sellerOrders).where(eq(sellerOrders.id, sellerOrderId));
  return row!.status;
}

// ---------------------------------------------------------------------------------------------
// Keyset cursors: "<created_at in UTC with microseconds>_<uuid>", read back exactly.

export type Cursor = { at: string; id: string };
const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export function parseCursor(raw: unknown): Cursor | null {
  if (typeof raw !== 'string') return null;
  const m = CURSOR.exec(raw);
  return m ? { at: m[1]!, id: m[2]! } : null;
}
export const cursorText = (c: Cursor) => `${c.at}_${c.id}`;
const cursorOf = (col: SQL | unknown) => sql<string>`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export type Page<T> = { items: T[]; newer: Cursor | null; older: Cursor | null };

// ---------------------------------------------------------------------------------------------
// "Mes Commandes"

export type OrderSummary = {
  id: string;
  number: string;
  createdAt: Date;
  totalCents: number;
  cursor: Cursor;
  parts: { id: string; number: string; sellerName: string; sellerSlug: string; status: SellerOrderStatus }[];
};

export const ORDERS_PER_PAGE = 20;

/**
 * A customer's orders, newest first: `before` pages to older orders, `after` to newer ones. ONE
 * statement whatever the page: the page of orders (keyset on orders_customer_idx), each with its
 * seller orders as JSON and their stored status (decision 0030) — it was two round trips, and on a busy
 * machine the wait for a PostgreSQL backend, not the work, is what this page spent.
 */
export async function listCustomerOrders(db: DbOrTx, customerId: string, page: { before?: Cursor | null; after?: Cursor | null } = {}, limit = ORDERS_PER_PAGE): Promise<Page<OrderSummary>> {
  const forward = !page.after; // forward = towards older orders
  const bound = page.before
    ? sql`and (o.created_at, o.id) < (${page.before.at}::timestamptz, ${page.before.id}::uuid)`
    : page.after
      ? sql`and (o.created_at, o.id) > (${page.after.at}::timestamptz, ${page.after.id}::uuid)`
      : sql``;
  const dir = sql.raw(forward ? 'desc' : 'asc');
  type Part = { id: string; number: string; sellerName: string; sellerSlug: string; status: SellerOrderStatus };
  const { rows } = await db.execute<{ id: string; number: string; created_at: Date | string; total_cents: number; cursor_at: string; parts: Part[] }>(sql`
    select o.id, o.number, o.created_at, o.total_cents, ${cursorOf(sql`o.created_at`)} as cursor_at,
      coalesce((
        select json_agg(json_build_object('id', so.id, 'number', so.number, 'sellerName', s.name, 'sellerSlug', s.slug, 'status', so.status) order by so.number)
        from seller_orders so
        join sellers s on s.id = so.seller_id
        where so.order_id = o.id
      ), '[]'::json) as parts
    from orders o
    where o.customer_id = ${customerId} ${bound}
    order by o.created_at ${dir}, o.id ${dir}
    limit ${limit + 1}`);
  const more = rows.length > limit;
  const shown = rows.slice(0, limit);
  if (!forward) shown.reverse();
  const items = shown.map((o) => ({
    id: o.id,
    number: o.number,
    createdAt: new Date(o.created_at),
    totalCents: o.total_cents,
    cursor: { at: o.cursor_at, id: o.id },
    parts: o.parts,
  }));
  const first = items[0];
  const last = items[items.length - 1];
  return {
    items,
    older: last && (forward ? more : true) ? last.cursor : null,
    newer: first && (forward ? !!page.before : more) ? first.cursor : null,
  };
}

// ---------------------------------------------------------------------------------------------
// "Voir la commande"

export type OrderPart = {
  id: string;
  number: string;
  sellerId: string;
  sellerName: string;
  sellerSlug: string;
  itemsCents: number;
  shippingCents: number;
  shippingRefundedCents: number;
  lines: LineRow[];
};
export type CustomerOrder = {
  order: typeof orders.$inferSelect;
  parts: OrderPart[];
  payments: (Payment & { refunds: Refund[] })[];
  /** The incident that is not closed of each line (line id → its number), to link to it instead of "Ouvrir un incident". */
  incidents: Map<string, { number: string }>;
};

/** One order of this customer by its number; another customer's number is exactly like a missing one (null). */
export async function loadCustomerOrder(deps: Pick<Deps, 'db'>, customerId: string, number: string): Promise<CustomerOrder | null> {
  const [order] = await deps.db.select().from(orders).where(and(eq(orders.number, number), eq(orders.customerId, customerId)));
  if (!order) return null;
  const parts = await partsOf(deps.db, order.id);
  const pays = await paymentsOfOrder(deps, order.id);
  const withRefunds = await Promise.all(pays.map(async (p) => ({ ...p, refunds: (await refundSummary(deps, p.id)).refunds })));
  const incidents = await openIncidentsOfOrder(deps.db, customerId, order.id);
  return { order, parts, payments: withRefunds, incidents };
}

/** An order's seller orders with their seller and lines (all of them, or one seller's): two queries. */
export async function partsOf(db: DbOrTx, orderId: string, sellerId?: string): Promise<OrderPart[]> {
  const sos = await db
    .select({
      id: sellerOrders.id,
      number: sellerOrders.number,
      sellerId: sellerOrders.sellerId,
      sellerName: sellers.name,
      sellerSlug: sellers.slug,
      itemsCents: sellerOrders.itemsCents,
      shippingCents: sellerOrders.shippingCents,
      shippingRefundedCents: sellerOrders.shippingRefundedCents,
    })
    .from(sellerOrders)
    .innerJoin(sellers, eq(sellers.id, sellerOrders.sellerId))
    .where(and(eq(sellerOrders.orderId, orderId), sellerId ? eq(sellerOrders.sellerId, sellerId) : undefined))
    .orderBy(asc(sellerOrders.number));
  if (sos.length === 0) return [];
  const lines = await db
    .select()
    .from(orderLines)
    .where(inArray(orderLines.sellerOrderId, sos.map((s) => s.id)))
    .orderBy(asc(orderLines.createdAt), asc(orderLines.id));
  return sos.map((s) => ({ ...s, lines: lines.filter((l) => l.sellerOrderId === s.id) }));
}

// ---------------------------------------------------------------------------------------------
// The seller's orders (/vendeur/orders)

export const SELLER_FILTERS = {
  to_handle: ['paid', 'preparing'],
  paid: ['paid'],
  preparing: ['preparing'],
  shipped: ['shipped'],
  delivered: ['delivered', 'closed'],
  cancelled: ['cancelled', 'refunded'],
  all: ['paid', 'preparing', 'shipped', 'delivered', 'closed', 'cancelled', 'refunded'],
} as const satisfies Record<string, readonly SellerOrderStatus[]>;
export type SellerFilter = keyof typeof SELLER_FILTERS;

export function isSellerFilter(x: unknown): x is SellerFilter {
  return typeof x === 'string' && Object.hasOwn(SELLER_FILTERS, x);
}

/** Orders still to act on come oldest first (the longest wait on top); the others newest first. */
export const oldestFirst = (f: SellerFilter) => f === 'to_handle' || f === 'paid' || f === 'preparing';

export type SellerOrderSummary = {
  id: string;
  number: string;
  paidAt: Date;
  customerName: string;
  quantity: number;
  totalCents: number;
  status: SellerOrderStatus;
  cursor: Cursor;
};

export const SELLER_ORDERS_PER_PAGE = 50;

/**
 * A seller's orders in one status group, keyset-paginated (`after` = the next page in the list's
 * order). Paid orders only. One query whose work follows the page, not the seller's history
 * (decision 0030): for each status of the group, the partial index seller_orders_seller_paid_status_idx
 * (seller, status, created_at, id — paid seller orders only, so abandoned payment attempts are not
 * in it) is walked from the cursor in the list's order and stopped after limit + 1; PostgreSQL merges
 * those ordered branches (Merge Append) and keeps the first limit + 1. Only those rows read their
 * order (the customer's name) and the page's rows count their articles.
 */
export async function listSellerOrders(db: DbOrTx, sellerId: string, filter: SellerFilter, after: Cursor | null, limit = SELLER_ORDERS_PER_PAGE): Promise<{ items: SellerOrderSummary[]; next: Cursor | null }> {
  const asc_ = oldestFirst(filter);
  const page = after ? sql`and (so.created_at, so.id) ${sql.raw(asc_ ? '>' : '<')} (${after.at}::timestamptz, ${after.id}::uuid)` : sql``;
  const dir = sql.raw(asc_ ? 'asc' : 'desc');
  const branch = (status: SellerOrderStatus) => sql`select * from (
      select so.id, so.number, so.created_at, so.status, so.items_cents + so.shipping_cents as total_cents, so.paid_at,
             o.delivery_address->>'firstName' as first_name, o.delivery_address->>'lastName' as last_name
      from seller_orders so
      join orders o on o.id = so.order_id
      where so.seller_id = ${sellerId} and so.status = ${status} and so.paid_at is not null ${page}
      order by so.created_at ${dir}, so.id ${dir}
      limit ${limit + 1}) ${sql.raw(`"${status}"`)}`;
  const { rows } = await db.execute<{ id: string; number: string; paid_at: Date | string; first_name: string; last_name: string; quantity: number; total_cents: number; status: SellerOrderStatus; cursor_at: string }>(sql`
    select p.id, p.number, p.paid_at, p.first_name, p.last_name, q.quantity, p.total_cents, p.status,
           ${cursorOf(sql`p.created_at`)} as cursor_at
    from (
      ${sql.join(
        SELLER_FILTERS[filter].map((status) => branch(status)),
        sql` union all `,
      )}
      order by created_at ${dir}, id ${dir}
      limit ${limit + 1}
    ) p
    cross join lateral (select coalesce(sum(l.quantity), 0)::int as quantity from order_lines l where l.seller_order_id = p.id) q
    order by p.created_at ${dir}, p.id ${dir}`);
  const items = rows.slice(0, limit).map((r) => ({
    id: r.id,
    number: r.number,
    paidAt: new Date(r.paid_at),
    customerName: `${r.first_name} ${r.last_name}`.trim(),
    quantity: r.quantity,
    totalCents: r.total_cents,
    status: r.status,
    cursor: { at: r.cursor_at, id: r.id },
  }));
  return { items, next: rows.length > limit ? items[items.length - 1]!.cursor : null };
}

export type SellerOrderView = {
  part: OrderPart;
  order: { id: string; number: string; paidAt: Date; createdAt: Date; deliveryAddress: AddressSnapshot };
  timeline: (typeof timelineEvents.$inferSelect)[];
};

/**
 * One of the seller's orders by its number — with the customer's name and delivery address only:
 * never the billing address, never other sellers' lines or events.
 */
export async function loadSellerOrder(db: DbOrTx, sellerId: string, number: string): Promise<SellerOrderView | null> {
  const [row] = await db
    .select({ soId: sellerOrders.id, orderId: orders.id, orderNumber: orders.number, paidAt: orders.paidAt, createdAt: orders.createdAt, deliveryAddress: orders.deliveryAddress })
    .from(sellerOrders)
    .innerJoin(orders, eq(orders.id, sellerOrders.orderId))
    .where(and(eq(sellerOrders.number, number), eq(sellerOrders.sellerId, sellerId), isNotNull(orders.paidAt)));
  if (!row || !row.paidAt) return null;
  const [part] = (await partsOf(db, row.orderId, sellerId)).filter((p) => p.id === row.soId);
  if (!part) return null;
  const timeline = await db
    .select()
    .from(timelineEvents)
    .where(and(eq(timelineEvents.orderId, row.orderId), eq(timelineEvents.sellerOrderId, row.soId)))
    .orderBy(asc(timelineEvents.at), asc(timelineEvents.id));
  return { part, order: { id: row.orderId, number: row.orderNumber, paidAt: row.paidAt, createdAt: row.createdAt, deliveryAddress: row.deliveryAddress }, timeline };
}
