import { and, asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import type { Locale } from '../../i18n/index.js';
import { customers } from '../accounts/schema.js';
import { orderLines, orders, sellerOrders } from '../orders/schema.js';
import { sellers, sellerUsers } from '../sellers/schema.js';

export type OrderRow = typeof orders.$inferSelect;
export type OrderLineRow = typeof orderLines.$inferSelect;
export type PlacedPart = {
  id: string;
  number: string;
  sellerId: string;
  sellerName: string;
  sellerSlug: string;
  sellerEmail: string;
  /** The language of the seller's owner account (its emails). */
  sellerLocale: Locale;
  itemsCents: number;
  shippingCents: number;
  lines: OrderLineRow[];
};
export type PlacedOrder = { order: OrderRow; firstName: string; customerLocale: Locale; parts: PlacedPart[] };

/** A seller order with its shop, as both reads below select it (the owner's language still nullable). */
type PartRow = Omit<PlacedPart, 'sellerLocale' | 'lines'> & { sellerLocale: Locale | null };

// The owner's language; else any member's (a shop whose owner left); else (null) French.
const ownerLocale = () => sql<Locale | null>`(select u.locale from ${sellerUsers} u where u.seller_id = ${sellerOrders}.seller_id order by (u.role = 'owner') desc limit 1)`;

/**
 * An order with its seller orders and lines, as the emails show it: one statement for the seller
 * orders with their shops, each shop owner's language and the customer's name and language, plus one
 * for the lines — unless the caller hands `known` (the order row) and `knownLines` (all its lines as
 * they are now), which it has just read or written (the settlement).
 */
export async function loadPlacedOrder(db: DbOrTx, orderId: string, known?: OrderRow, knownLines?: OrderLineRow[]): Promise<PlacedOrder | null> {
  const [order] = known?.id === orderId ? [known] : await db.select().from(orders).where(eq(orders.id, orderId));
  if (!order) return null;
  const customer = order.customerId ? sql`(select ${customers.firstName} from ${customers} where ${customers.id} = ${order.customerId})` : sql`null`;
  const customerLocale = order.customerId ? sql`(select ${customers.locale} from ${customers} where ${customers.id} = ${order.customerId})` : sql`null`;
  const sos = await db
    .select({
      id: sellerOrders.id,
      number: sellerOrders.number,
      sellerId: sellerOrders.sellerId,
      itemsCents: sellerOrders.itemsCents,
      shippingCents: sellerOrders.shippingCents,
      sellerName: sellers.name,
      sellerSlug: sellers.slug,
      sellerEmail: sellers.email,
      sellerLocale: ownerLocale(),
      firstName: sql<string | null>`${customer}`,
      customerLocale: sql<Locale | null>`${customerLocale}`,
    })
    .from(sellerOrders)
    .innerJoin(sellers, eq(sellers.id, sellerOrders.sellerId))
    .where(eq(sellerOrders.orderId, orderId))
    .orderBy(asc(sellerOrders.number));
  const lines = knownLines
    ? [...knownLines].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) // the query's order (uuids compare as their hex)
    : await db.select().from(orderLines).where(eq(orderLines.orderId, orderId)).orderBy(asc(orderLines.createdAt), asc(orderLines.id));
  // An order always has seller orders; without any, the customer is read on its own.
  const [who] = sos.length ? [sos[0]!] : order.customerId ? await db.select({ firstName: customers.firstName, customerLocale: customers.locale }).from(customers).where(eq(customers.id, order.customerId)) : [];
  return placedOrder(order, who, sos.map(({ firstName: _f, customerLocale: _c, ...s }) => s), lines);
}

/**
 * The customer's order by its number (another customer's, like a missing one, is null), as
 * loadPlacedOrder returns it, in ONE statement: what the confirmation page shows. The order, its
 * customer, seller orders, shops and lines are joined (a row per line) and grouped here, so every
 * column is mapped by drizzle as the separate reads map it (timestamps as Dates).
 */
export async function loadCustomerPlacedOrder(db: DbOrTx, customerId: string, number: string): Promise<PlacedOrder | null> {
  const rows = await db
    .select({
      order: orders,
      firstName: customers.firstName,
      customerLocale: customers.locale,
      part: { id: sellerOrders.id, number: sellerOrders.number, sellerId: sellerOrders.sellerId, itemsCents: sellerOrders.itemsCents, shippingCents: sellerOrders.shippingCents },
      shop: { sellerName: sellers.name, sellerSlug: sellers.slug, sellerEmail: sellers.email },
      sellerLocale: ownerLocale(),
      line: orderLines,
    })
    .from(orders)
    .leftJoin(customers, eq(customers.id, orders.customerId))
    .leftJoin(sellerOrders, eq(sellerOrders.orderId, orders.id))
    .leftJoin(sellers, eq(sellers.id, sellerOrders.sellerId))
    .leftJoin(orderLines, and(eq(orderLines.sellerOrderId, sellerOrders.id), eq(orderLines.orderId, orders.id)))
    .where(and(eq(orders.number, number), eq(orders.customerId, customerId)))
    .orderBy(asc(sellerOrders.number), asc(orderLines.createdAt), asc(orderLines.id));
  const first = rows[0];
  if (!first) return null;
  const parts = new Map<string, PartRow>();
  const lines: OrderLineRow[] = [];
  for (const r of rows) {
    // A seller order's shop is always there (a foreign key); a seller order without lines has one row.
    if (r.part && !parts.has(r.part.id)) parts.set(r.part.id, { ...r.part, ...r.shop!, sellerLocale: r.sellerLocale });
    if (r.line) lines.push(r.line);
  }
  return placedOrder(first.order, first, [...parts.values()], lines);
}

/** The placed order from its reads: the customer's name and language (the order's without a customer), each part's lines in the order given. */
function placedOrder(order: OrderRow, who: { firstName: string | null; customerLocale: Locale | null } | undefined, parts: PartRow[], lines: OrderLineRow[]): PlacedOrder {
  return {
    order,
    firstName: who?.firstName ?? '',
    customerLocale: who?.customerLocale ?? order.locale,
    parts: parts.map(({ sellerLocale, ...s }) => ({ ...s, sellerLocale: sellerLocale ?? 'fr', lines: lines.filter((l) => l.sellerOrderId === s.id) })),
  };
}
