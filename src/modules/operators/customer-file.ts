import { desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { listAddresses, type AddressWithDefaults } from '../accounts/addresses.js';
import { customers } from '../accounts/schema.js';
import { incidents } from '../incidents/schema.js';
import { messageThreads } from '../messaging/schema.js';
import { emails } from '../notifications/schema.js';
import { products } from '../catalog/schema.js';
import { orders } from '../orders/schema.js';
import { sellers } from '../sellers/schema.js';
import { confirmationEmails, type EmailRow } from './order-file.js';
import { listOrders, type OrderListRow } from './search.js';

/** How many of each list the customer page shows (each has a link to the full list). */
export const FILE_LIMIT = 20;

export type CustomerFile = {
  customer: Omit<typeof customers.$inferSelect, 'passwordHash'>;
  addresses: AddressWithDefaults[];
  orders: OrderListRow[];
  moreOrders: string | null;
  confirmations: Map<string, EmailRow[]>;
  incidents: { number: string; state: string; reason: string; createdAt: Date; sellerName: string; orderNumber: string; refundDueAt: Date | null }[];
  threads: { id: string; kind: 'product' | 'order_line' | 'incident'; subject: string | null; sellerName: string; productTitle: import('../../shared/i18n-text.js').I18nText | null; lastMessageAt: Date; awaitingSellerSince: Date | null }[];
  emails: EmailRow[];
};

/**
 * A customer's file for customer service: the account (never the password hash), addresses, orders
 * with their status and confirmation email, incidents, conversations and the emails sent to them.
 */
export async function loadCustomerFile(db: DbOrTx, id: string): Promise<CustomerFile | null> {
  const [row] = await db.select().from(customers).where(eq(customers.id, id));
  if (!row) return null;
  const { passwordHash: _never, ...customer } = row;
  const list = await listOrders(db, { customerId: id, limit: FILE_LIMIT });
  const incs = await db
    .select({ number: incidents.number, state: incidents.state, reason: incidents.reason, createdAt: incidents.createdAt, sellerName: sellers.name, orderNumber: orders.number, refundDueAt: incidents.refundDueAt })
    .from(incidents)
    .innerJoin(sellers, eq(sellers.id, incidents.sellerId))
    .innerJoin(orders, eq(orders.id, incidents.orderId))
    .where(eq(incidents.customerId, id))
    .orderBy(desc(incidents.createdAt))
    .limit(FILE_LIMIT);
  const threads = await db
    .select({
      id: messageThreads.id,
      kind: messageThreads.kind,
      subject: messageThreads.subject,
      sellerName: sellers.name,
      productTitle: products.title,
      lastMessageAt: messageThreads.lastMessageAt,
      awaitingSellerSince: messageThreads.awaitingSellerSince,
    })
    .from(messageThreads)
    .innerJoin(sellers, eq(sellers.id, messageThreads.sellerId))
    .leftJoin(products, eq(products.id, messageThreads.productId))
    .where(eq(messageThreads.customerId, id))
    .orderBy(desc(messageThreads.lastMessageAt))
    .limit(FILE_LIMIT);
  const mails = await db.select().from(emails).where(eq(emails.customerId, id)).orderBy(desc(emails.createdAt), desc(emails.id)).limit(FILE_LIMIT * 2);
  return {
    customer,
    addresses: await listAddresses(db, id),
    orders: list.rows,
    moreOrders: list.older,
    confirmations: await confirmationEmails(db, list.rows.map((o) => o.id)),
    incidents: incs,
    threads,
    emails: mails,
  };
}
