import { and, asc, eq, inArray, or } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { customers } from '../accounts/schema.js';
import { incidents } from '../incidents/schema.js';
import { messages, messageThreads } from '../messaging/schema.js';
import { emails } from '../notifications/schema.js';
import { orderStatus, sellerOrderStatus, type SellerOrderStatus } from '../orders/derived-status.js';
import { orderLines, orders, sellerOrders, timelineEvents } from '../orders/schema.js';
import { payments, refunds } from '../payments/schema.js';
import { sellers, sellerUsers } from '../sellers/schema.js';
import { auditLog, operatorUsers } from './schema.js';
import { actorIds, mergeTimeline, type ActorRef, type ActorType, type TimelineItem } from './timeline.js';

export type EmailRow = typeof emails.$inferSelect;
export type LineRow = typeof orderLines.$inferSelect;

export type OrderFile = {
  order: typeof orders.$inferSelect;
  status: SellerOrderStatus;
  customer: { id: string; firstName: string; lastName: string; email: string; deletedAt: Date | null } | null;
  parts: { id: string; number: string; sellerId: string; sellerName: string; sellerStatus: string; itemsCents: number; shippingCents: number; shippingRefundedCents: number; status: SellerOrderStatus; lines: LineRow[] }[];
  payments: (typeof payments.$inferSelect)[];
  refunds: (typeof refunds.$inferSelect)[];
  emails: EmailRow[];
  incidents: { id: string; number: string; state: string; reason: string; orderLineId: string; createdAt: Date; refundDueAt: Date | null; replyDeadlineAt: Date | null }[];
  timeline: TimelineItem[];
  names: Names;
};

/** Display names of the people in a timeline, by actor type and id. */
export type Names = { customer: Map<string, string>; seller: Map<string, string>; operator: Map<string, string> };

/**
 * Everything customer service needs about one order, by its number: the order, its seller orders and
 * lines with derived statuses, payments, refunds, emails, incidents, and the merged timeline with
 * who did what. A fixed number of queries, whatever the order's size.
 */
export async function loadOrderFile(db: DbOrTx, number: string): Promise<OrderFile | null> {
  if (!/^C-\d{4}-\d{6}$/.test(number)) return null;
  const [order] = await db.select().from(orders).where(eq(orders.number, number));
  if (!order) return null;
  const [customer] = order.customerId
    ? await db
        .select({ id: customers.id, firstName: customers.firstName, lastName: customers.lastName, email: customers.email, deletedAt: customers.deletedAt })
        .from(customers)
        .where(eq(customers.id, order.customerId))
    : [];
  const sos = await db
    .select({
      id: sellerOrders.id,
      number: sellerOrders.number,
      sellerId: sellerOrders.sellerId,
      sellerName: sellers.name,
      sellerStatus: sellers.status,
      itemsCents: sellerOrders.itemsCents,
      shippingCents: sellerOrders.shippingCents,
      shippingRefundedCents: sellerOrders.shippingRefundedCents,
    })
    .from(sellerOrders)
    .innerJoin(sellers, eq(sellers.id, sellerOrders.sellerId))
    .where(eq(sellerOrders.orderId, order.id))
    .orderBy(asc(sellerOrders.number));
  const lines = await db.select().from(orderLines).where(eq(orderLines.orderId, order.id)).orderBy(asc(orderLines.createdAt), asc(orderLines.id));
  const parts = sos.map((s) => {
    const mine = lines.filter((l) => l.sellerOrderId === s.id);
    return { ...s, lines: mine, status: sellerOrderStatus(mine) };
  });
  const pays = await db.select().from(payments).where(eq(payments.orderId, order.id)).orderBy(asc(payments.createdAt));
  const refs = pays.length ? await db.select().from(refunds).where(inArray(refunds.paymentId, pays.map((p) => p.id))).orderBy(asc(refunds.createdAt)) : [];
  const mails = await db.select().from(emails).where(eq(emails.orderId, order.id)).orderBy(asc(emails.createdAt));
  const incs = await db
    .select({ id: incidents.id, number: incidents.number, state: incidents.state, reason: incidents.reason, orderLineId: incidents.orderLineId, createdAt: incidents.createdAt, refundDueAt: incidents.refundDueAt, replyDeadlineAt: incidents.replyDeadlineAt })
    .from(incidents)
    .where(eq(incidents.orderId, order.id))
    .orderBy(asc(incidents.createdAt));
  const events = await db.select().from(timelineEvents).where(eq(timelineEvents.orderId, order.id)).orderBy(asc(timelineEvents.at), asc(timelineEvents.id));
  const lineIds = lines.map((l) => l.id);
  const incidentIds = incs.map((i) => i.id);
  const threadConds = [lineIds.length ? inArray(messageThreads.orderLineId, lineIds) : undefined, incidentIds.length ? inArray(messageThreads.incidentId, incidentIds) : undefined].filter((c) => c !== undefined);
  const msgs = threadConds.length
    ? await db
        .select({ id: messages.id, threadId: messages.threadId, authorType: messages.authorType, authorId: messages.authorId, body: messages.body, createdAt: messages.createdAt, incidentId: messageThreads.incidentId })
        .from(messages)
        .innerJoin(messageThreads, eq(messageThreads.id, messages.threadId))
        .where(or(...threadConds))
        .orderBy(asc(messages.createdAt))
    : [];
  const subjects = [
    and(eq(auditLog.subjectType, 'order'), eq(auditLog.subjectId, order.number)),
    mails.length ? and(eq(auditLog.subjectType, 'email'), inArray(auditLog.subjectId, mails.map((m) => m.id))) : undefined,
    incs.length ? and(eq(auditLog.subjectType, 'incident'), inArray(auditLog.subjectId, incs.map((i) => i.number))) : undefined,
  ].filter((c) => c !== undefined);
  const audits = await db.select().from(auditLog).where(or(...subjects)).orderBy(asc(auditLog.at), asc(auditLog.id));

  const customerActor = (): ActorRef => ({ type: 'customer', id: order.customerId });
  const system: ActorRef = { type: 'system', id: null };
  const timeline = mergeTimeline([
    events.map((e) => ({ source: 'event', at: e.at, actor: { type: e.actorType, id: e.actorId }, type: e.type, data: e.data, lineId: e.orderLineId, incidentId: e.incidentId }) as TimelineItem),
    pays.map((p) => ({ source: 'payment', at: p.createdAt, actor: customerActor(), status: p.status, amountCents: p.amountCents, method: p.method, failureCode: p.failureCode, provider: p.provider }) as TimelineItem),
    refs.map((r) => ({ source: 'refund', at: r.createdAt, actor: system, status: r.status, amountCents: r.amountCents, reason: r.reason, lineId: r.orderLineId, failureCode: r.failureCode }) as TimelineItem),
    mails.map(
      (m) =>
        ({ source: 'email', at: m.createdAt, actor: system, emailId: m.id, kind: m.kind, to: m.toAddress, subject: m.subject, status: m.status, error: m.lastError, smtp: m.smtpResponse, attempts: m.attempts }) as TimelineItem,
    ),
    msgs.map((m) => ({ source: 'message', at: m.createdAt, actor: { type: m.authorType, id: m.authorId }, threadId: m.threadId, body: m.body, incidentId: m.incidentId }) as TimelineItem),
    audits.map((a) => ({ source: 'audit', at: a.at, actor: { type: 'operator', id: a.operatorId }, action: a.action, subjectType: a.subjectType, subjectId: a.subjectId, after: a.after }) as TimelineItem),
  ]);
  return {
    order,
    status: orderStatus(parts.map((p) => p.status)),
    customer: customer ?? null,
    parts,
    payments: pays,
    refunds: refs,
    emails: mails,
    incidents: incs,
    timeline,
    names: await actorNames(db, timeline),
  };
}

/** Names for the "who" column: the customer, the seller user and their shop, the operator. */
export async function actorNames(db: DbOrTx, items: TimelineItem[]): Promise<Names> {
  const ids = actorIds(items);
  const names: Names = { customer: new Map(), seller: new Map(), operator: new Map() };
  if (ids.customer.length) {
    for (const c of await db.select({ id: customers.id, first: customers.firstName, last: customers.lastName }).from(customers).where(inArray(customers.id, ids.customer))) {
      names.customer.set(c.id, `${c.first} ${c.last}`);
    }
  }
  if (ids.seller.length) {
    const rows = await db.select({ id: sellerUsers.id, name: sellerUsers.name, shop: sellers.name }).from(sellerUsers).innerJoin(sellers, eq(sellers.id, sellerUsers.sellerId)).where(inArray(sellerUsers.id, ids.seller));
    for (const u of rows) names.seller.set(u.id, `${u.name} (${u.shop})`);
  }
  if (ids.operator.length) {
    for (const o of await db.select({ id: operatorUsers.id, name: operatorUsers.name }).from(operatorUsers).where(inArray(operatorUsers.id, ids.operator))) names.operator.set(o.id, o.name);
  }
  return names;
}

export const actorName = (names: Names, a: ActorRef): string | null => (a.type === 'system' || !a.id ? null : (names[a.type as Exclude<ActorType, 'system'>].get(a.id) ?? null));

/** For the customer page: per order, the confirmation emails (newest last). */
export async function confirmationEmails(db: DbOrTx, orderIds: string[]): Promise<Map<string, EmailRow[]>> {
  const out = new Map<string, EmailRow[]>();
  if (!orderIds.length) return out;
  const rows = await db
    .select()
    .from(emails)
    .where(and(inArray(emails.orderId, orderIds), eq(emails.kind, 'order_confirmation')))
    .orderBy(asc(emails.createdAt));
  for (const r of rows) out.set(r.orderId!, [...(out.get(r.orderId!) ?? []), r]);
  return out;
}
