import { and, asc, desc, eq, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import type { I18nText } from '../../shared/i18n-text.js';
import { customers } from '../accounts/schema.js';
import { getThread, isUuid, type ThreadDetail } from '../messaging/queries.js';
import type { Viewer } from '../messaging/threads.js';
import { orderLines, orders, timelineEvents } from '../orders/schema.js';
import { paymentsOfOrder, refundSummary } from '../payments/service.js';
import type { RefundStatus } from '../payments/schema.js';
import { sellers } from '../sellers/schema.js';
import { decisionOf, isIncidentNumber, scopeCondition, threadIdOf, type IncidentRow, type Scope } from './store.js';
import { REFUND_DUE_WARNING_DAYS, type IncidentDecision } from './rules.js';
import { incidentPhotos, incidents } from './schema.js';

/** What the incidents pages read, always through the viewer's scope (another owner's id reads as missing). */

const viewerOf = (scope: Scope): Viewer =>
  scope.type === 'customer' ? { type: 'customer', customerId: scope.customerId } : scope.type === 'seller' ? { type: 'seller', sellerId: scope.sellerId } : { type: 'operator' };

/** The seller's name and "Politique de retour", as every incident page shows them. */
const sellerPolicy = {
  name: sellers.name,
  slug: sellers.slug,
  returnWindowDays: sellers.returnWindowDays,
  returnShippingPaidBy: sellers.returnShippingPaidBy,
  returnConditions: sellers.returnConditions,
  returnText: sellers.returnText,
};

export type IncidentDetail = {
  incident: IncidentRow;
  decision: IncidentDecision;
  order: { id: string; number: string; createdAt: Date };
  line: typeof orderLines.$inferSelect;
  seller: { id: string; name: string; slug: string; returnWindowDays: number; returnShippingPaidBy: 'customer' | 'seller'; returnConditions: I18nText; returnText: I18nText };
  customer: { firstName: string; lastName: string; email: string } | null;
  thread: ThreadDetail | null;
  photos: { id: string; contentType: string; bytes: number }[];
  timeline: { type: string; actorType: string; at: Date; data: Record<string, unknown> }[];
  refundStatus: Record<string, RefundStatus>;
};

export async function incidentDetail(deps: Pick<Deps, 'db'>, scope: Scope, number: string): Promise<IncidentDetail | null> {
  if (!isIncidentNumber(number)) return null;
  const db = deps.db;
  const [row] = await db
    .select({
      incident: incidents,
      order: { id: orders.id, number: orders.number, createdAt: orders.createdAt },
      line: orderLines,
      seller: { id: sellers.id, ...sellerPolicy },
    })
    .from(incidents)
    .innerJoin(orders, eq(orders.id, incidents.orderId))
    .innerJoin(orderLines, eq(orderLines.id, incidents.orderLineId))
    .innerJoin(sellers, eq(sellers.id, incidents.sellerId))
    .where(and(eq(incidents.number, number), scopeCondition(scope)));
  if (!row) return null;
  const i = row.incident;
  const [customer] = i.customerId ? await db.select({ firstName: customers.firstName, lastName: customers.lastName, email: customers.email }).from(customers).where(eq(customers.id, i.customerId)) : [];
  const threadId = await threadIdOf(db, i.id);
  const thread = threadId ? await getThread(db, threadId, viewerOf(scope)) : null;
  const photos = await db
    .select({ id: incidentPhotos.id, contentType: incidentPhotos.contentType, bytes: incidentPhotos.bytes })
    .from(incidentPhotos)
    .where(eq(incidentPhotos.incidentId, i.id))
    .orderBy(asc(incidentPhotos.createdAt), asc(incidentPhotos.id));
  const timeline = await db
    .select({ type: timelineEvents.type, actorType: timelineEvents.actorType, at: timelineEvents.at, data: timelineEvents.data })
    .from(timelineEvents)
    .where(eq(timelineEvents.incidentId, i.id))
    .orderBy(asc(timelineEvents.at), asc(timelineEvents.id));
  const decision = decisionOf(i);
  const refundStatus: Record<string, RefundStatus> = {};
  if (decision.refunds?.length) {
    for (const p of await paymentsOfOrder(deps, i.orderId)) {
      for (const r of (await refundSummary(deps, p.id)).refunds) refundStatus[r.id] = r.status;
    }
  }
  return { incident: i, decision, order: row.order, line: row.line, seller: row.seller, customer: customer ?? null, thread, photos, timeline, refundStatus };
}

/** One photo's bytes, if the viewer may see its incident. */
export async function incidentPhoto(db: DbOrTx, scope: Scope, number: string, photoId: string) {
  if (!isIncidentNumber(number) || !isUuid(photoId)) return null;
  const [p] = await db
    .select({ id: incidentPhotos.id, contentType: incidentPhotos.contentType, bytes: incidentPhotos.bytes, data: incidentPhotos.data })
    .from(incidentPhotos)
    .innerJoin(incidents, eq(incidents.id, incidentPhotos.incidentId))
    .where(and(eq(incidentPhotos.id, photoId), eq(incidents.number, number), scopeCondition(scope)));
  return p ?? null;
}

export type IncidentListRow = {
  number: string;
  state: IncidentRow['state'];
  reason: IncidentRow['reason'];
  resolution: IncidentRow['resolution'];
  decision: IncidentDecision | null;
  createdAt: Date;
  replyDeadlineAt: Date | null;
  refundDueAt: Date | null;
  escalatedAt: Date | null;
  orderNumber: string;
  title: I18nText;
  sellerName: string;
  customerName: string | null;
};

const listColumns = {
  number: incidents.number,
  state: incidents.state,
  reason: incidents.reason,
  resolution: incidents.resolution,
  decision: incidents.decision,
  createdAt: incidents.createdAt,
  replyDeadlineAt: incidents.replyDeadlineAt,
  refundDueAt: incidents.refundDueAt,
  escalatedAt: incidents.escalatedAt,
  orderNumber: orders.number,
  title: orderLines.title,
  sellerName: sellers.name,
  customerName: sql<string | null>`case when ${customers.id} is null then null else ${customers.firstName} || ' ' || left(${customers.lastName}, 1) || '.' end`,
};

function listQuery(db: DbOrTx) {
  return db
    .select(listColumns)
    .from(incidents)
    .innerJoin(orders, eq(orders.id, incidents.orderId))
    .innerJoin(orderLines, eq(orderLines.id, incidents.orderLineId))
    .innerJoin(sellers, eq(sellers.id, incidents.sellerId))
    .leftJoin(customers, eq(customers.id, incidents.customerId));
}

const LIST_LIMIT = 200;

/** The seller's incidents to handle (not closed), oldest first; or its closed ones, newest first. */
export async function listForSeller(db: DbOrTx, sellerId: string, opts: { closed?: boolean } = {}): Promise<IncidentListRow[]> {
  const rows = opts.closed
    ? await listQuery(db)
        .where(and(eq(incidents.sellerId, sellerId), eq(incidents.state, 'closed')))
        .orderBy(desc(incidents.closedAt), desc(incidents.id))
        .limit(LIST_LIMIT)
    : await listQuery(db)
        .where(and(eq(incidents.sellerId, sellerId), ne(incidents.state, 'closed')))
        .orderBy(asc(incidents.createdAt), asc(incidents.id))
        .limit(LIST_LIMIT);
  return rows as IncidentListRow[];
}

/** Customer service's queue: escalated first, then the closest deadline (reply or EU refund limit), then the oldest. */
export async function listForOperator(db: DbOrTx, opts: { closed?: boolean } = {}): Promise<IncidentListRow[]> {
  const rows = opts.closed
    ? await listQuery(db).where(eq(incidents.state, 'closed')).orderBy(desc(incidents.closedAt), desc(incidents.id)).limit(LIST_LIMIT)
    : await listQuery(db)
        .where(ne(incidents.state, 'closed'))
        .orderBy(sql`(${incidents.state} = 'escalated') desc`, sql`least(${incidents.replyDeadlineAt}, ${incidents.refundDueAt}) asc nulls last`, asc(incidents.createdAt))
        .limit(LIST_LIMIT);
  return rows as IncidentListRow[];
}

export async function listForCustomer(db: DbOrTx, customerId: string): Promise<IncidentListRow[]> {
  const rows = await listQuery(db).where(eq(incidents.customerId, customerId)).orderBy(desc(incidents.createdAt), desc(incidents.id)).limit(LIST_LIMIT);
  return rows as IncidentListRow[];
}

/**
 * For "Voir la commande" (orders module): the incident of each line of the customer's order that is
 * not closed, by line id — the page shows "Incident I-… en cours" instead of "Ouvrir un incident".
 */
export async function openIncidentsOfOrder(db: DbOrTx, customerId: string, orderId: string): Promise<Map<string, { number: string; state: IncidentRow['state'] }>> {
  const rows = await db
    .select({ lineId: incidents.orderLineId, number: incidents.number, state: incidents.state })
    .from(incidents)
    .where(and(eq(incidents.orderId, orderId), eq(incidents.customerId, customerId), ne(incidents.state, 'closed')));
  return new Map(rows.map((r) => [r.lineId, { number: r.number, state: r.state }]));
}

/** The seller's menu count: incidents waiting for its answer. */
export async function countForSeller(db: DbOrTx, sellerId: string): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(incidents)
    .where(and(eq(incidents.sellerId, sellerId), eq(incidents.state, 'open')));
  return r?.n ?? 0;
}

/** The operator's menu count: escalated incidents, and withdrawals whose EU refund limit is near. */
export async function countForOperator(deps: Pick<Deps, 'db' | 'clock'>): Promise<number> {
  const soon = new Date(deps.clock.now().getTime() + REFUND_DUE_WARNING_DAYS * 86_400_000);
  const [r] = await deps.db
    .select({ n: sql<number>`count(*)::int` })
    .from(incidents)
    .where(and(ne(incidents.state, 'closed'), sql`(${incidents.state} = 'escalated' or ${incidents.refundDueAt} < ${soon})`));
  return r?.n ?? 0;
}

/** The line of the customer's order an incident would be opened on, with what the form shows. */
export async function lineForIncident(db: DbOrTx, customerId: string, orderNumber: string, lineId: string) {
  if (!isUuid(lineId) || orderNumber.length > 40) return null;
  const [row] = await db
    .select({
      line: orderLines,
      order: { id: orders.id, number: orders.number },
      seller: sellerPolicy,
    })
    .from(orderLines)
    .innerJoin(orders, eq(orders.id, orderLines.orderId))
    .innerJoin(sellers, eq(sellers.id, orderLines.sellerId))
    .where(and(eq(orderLines.id, lineId), eq(orders.number, orderNumber), eq(orders.customerId, customerId)));
  if (!row) return null;
  const [open] = await db
    .select({ number: incidents.number })
    .from(incidents)
    .where(and(eq(incidents.orderLineId, lineId), ne(incidents.state, 'closed')));
  return { ...row, openNumber: open?.number ?? null };
}
