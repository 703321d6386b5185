import { asc, eq, inArray } from 'drizzle-orm';
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

/**
 * An order with its seller orders and lines, as the confirmation page and emails show it (5 queries;
 * fewer with `known`, the order row and all its lines the caller has just read or written, as they are now).
 */
export async function loadPlacedOrder(db: DbOrTx, orderId: string, known?: OrderRow, knownLines?: OrderLineRow[]): Promise<PlacedOrder | null> {
  const [order] = known?.id === orderId ? [known] : await db.select().from(orders).where(eq(orders.id, orderId));
  if (!order) return null;
  const [customer] = order.customerId ? await db.select({ firstName: customers.firstName, locale: customers.locale }).from(customers).where(eq(customers.id, order.customerId)) : [];
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
    })
    .from(sellerOrders)
    .innerJoin(sellers, eq(sellers.id, sellerOrders.sellerId))
    .where(eq(sellerOrders.orderId, orderId))
    .orderBy(asc(sellerOrders.number));
  const lines = knownLines
    ? [...knownLines].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) // the query's order (uuids compare as their hex)
    : await db.select().from(orderLines).where(eq(orderLines.orderId, orderId)).orderBy(asc(orderLines.createdAt), asc(orderLines.id));
  const users = sos.length
    ? await db.select({ sellerId: sellerUsers.sellerId, locale: sellerUsers.locale, role: sellerUsers.role }).from(sellerUsers).where(inArray(sellerUsers.sellerId, sos.map((s) => s.sellerId)))
    : [];
  const sellerLocale = (id: string): Locale => (users.find((u) => u.sellerId === id && u.role === 'owner') ?? users.find((u) => u.sellerId === id))?.locale ?? 'fr';
  return {
    order,
    firstName: customer?.firstName ?? '',
    customerLocale: customer?.locale ?? order.locale,
    parts: sos.map((s) => ({ ...s, sellerLocale: sellerLocale(s.sellerId), lines: lines.filter((l) => l.sellerOrderId === s.id) })),
  };
}
