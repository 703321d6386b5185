import { asc, eq, sql } from 'drizzle-orm';
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
 * An order with its seller orders and lines, as the confirmation page and emails show it: one
 * statement for the seller orders with their shops, each shop owner's language and the customer's
 * name and language, plus one for the lines — unless the caller hands `known` (the order row) and
 * `knownLines` (all its lines as they are now), which it has just read or written.
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
      // The owner's language; else any member's (a shop whose owner left); else French.
      sellerLocale: sql<Locale | null>`(select u.locale from ${sellerUsers} u where u.seller_id = ${sellerOrders}.seller_id order by (u.role = 'owner') desc limit 1)`,
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
  return {
    order,
    firstName: who?.firstName ?? '',
    customerLocale: who?.customerLocale ?? order.locale,
    parts: sos.map(({ firstName: _f, customerLocale: _c, sellerLocale, ...s }) => ({ ...s, sellerLocale: sellerLocale ?? 'fr', lines: lines.filter((l) => l.sellerOrderId === s.id) })),
  };
}
