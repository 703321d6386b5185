import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import type { Locale } from '../../i18n/index.js';
import type { I18nText } from '../../shared/i18n-text.js';
import { customers } from '../accounts/schema.js';
import { openThread, type Author } from '../messaging/threads.js';
import { messageThreads } from '../messaging/schema.js';
import { settings } from '../operators/schema.js';
import { orderLines, orders } from '../orders/schema.js';
import { recordTimeline, SYSTEM, type Actor } from '../orders/timeline.js';
import { sellers, sellerUsers } from '../sellers/schema.js';
import { deadlinesFrom, type IncidentDecision, type IncidentDeadlines } from './rules.js';
import { incidents } from './schema.js';

/**
 * What the incidents use cases share: who is asking (the scope every query is restricted to), loading
 * an incident with its line under row locks, the incident's conversation, its timeline entries.
 */

/** Who acts or reads: a customer sees their incidents, a seller its own, an operator all. */
export type Scope = { type: 'customer'; customerId: string } | { type: 'seller'; sellerId: string; userId: string } | { type: 'operator'; operatorId: string } | { type: 'system' };

export type IncidentRow = typeof incidents.$inferSelect;
export type LineRow = typeof orderLines.$inferSelect;

const INCIDENT_NUMBER = /^I-\d{4}-\d{6,}$/;
export const isIncidentNumber = (s: unknown): s is string => typeof s === 'string' && INCIDENT_NUMBER.test(s);

export function scopeCondition(scope: Scope) {
  if (scope.type === 'customer') return eq(incidents.customerId, scope.customerId);
  if (scope.type === 'seller') return eq(incidents.sellerId, scope.sellerId);
  return sql`true`;
}

export function actorOf(scope: Scope): Actor {
  if (scope.type === 'customer') return { type: 'customer', id: scope.customerId };
  if (scope.type === 'seller') return { type: 'seller', id: scope.userId };
  if (scope.type === 'system') return SYSTEM;
  return { type: 'operator', id: scope.operatorId };
}

export function authorOf(scope: Scope): Author {
  if (scope.type === 'customer') return { type: 'customer', customerId: scope.customerId };
  if (scope.type === 'seller') return { type: 'seller', sellerId: scope.sellerId, userId: scope.userId };
  if (scope.type === 'system') throw new Error('the system does not write messages');
  return { type: 'operator', operatorId: scope.operatorId };
}

export type Locked = { incident: IncidentRow; line: LineRow };

/**
 * The incident `number` as `scope` may see it, with its order line, both locked (incident first, then
 * line: every use case takes them in this order, so two of them cannot deadlock). Another owner's
 * incident is `null`, exactly like a missing one.
 */
export async function lockIncident(tx: Tx, scope: Scope, number: string): Promise<Locked | null> {
  if (!isIncidentNumber(number)) return null;
  const [incident] = await tx
    .select()
    .from(incidents)
    .where(and(eq(incidents.number, number), scopeCondition(scope)))
    .for('update');
  if (!incident) return null;
  const [line] = await tx.select().from(orderLines).where(eq(orderLines.id, incident.orderLineId)).for('update');
  if (!line) throw new Error(`incident ${incident.id} without its order line`);
  return { incident, line };
}

/** Writes the incident's new fields and returns the row. `updatedAt` follows. */
export async function updateIncident(tx: Tx, id: string, set: Partial<typeof incidents.$inferInsert>, now: Date): Promise<IncidentRow> {
  const [row] = await tx
    .update(incidents)
    .set({ ...set, updatedAt: now })
    .where(eq(incidents.id, id))
    .returning();
  return row!;
}

export function decisionOf(i: { decision: unknown }): IncidentDecision {
  return (i.decision ?? {}) as IncidentDecision;
}

/** One step of the incident on the order's timeline (who, when, what). */
export async function incidentTimeline(tx: Tx, i: IncidentRow, line: { sellerOrderId: string }, actor: Actor, type: string, at: Date, data: Record<string, unknown> = {}): Promise<void> {
  await recordTimeline(tx, { orderId: i.orderId, sellerOrderId: line.sellerOrderId, orderLineId: i.orderLineId, incidentId: i.id, actor, type: `incident.${type}`, data: { number: i.number, ...data }, at });
}

/**
 * Writes a message into the incident's conversation (one messaging thread of kind 'incident', created
 * with the first message). The incidents module sends its own emails (with links to the incident).
 */
export async function say(deps: Deps, tx: Tx, i: IncidentRow, scope: Scope, body: string) {
  if (!i.customerId) throw new Error(`incident ${i.id} has no customer any more`);
  return openThread(deps, tx, { kind: 'incident', customerId: i.customerId, sellerId: i.sellerId, incidentId: i.id, orderLineId: i.orderLineId, author: authorOf(scope), body, notify: false });
}

export async function threadIdOf(db: DbOrTx, incidentId: string): Promise<string | null> {
  const [t] = await db
    .select({ id: messageThreads.id })
    .from(messageThreads)
    .where(and(eq(messageThreads.kind, 'incident'), eq(messageThreads.incidentId, incidentId)));
  return t?.id ?? null;
}

/** The operator's deadline settings ('deadlines'), with defaults. */
export async function readDeadlines(db: DbOrTx): Promise<IncidentDeadlines> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, 'deadlines'));
  return deadlinesFrom(row?.value);
}

/** Who is told what: the customer (name, email, language) and the seller's shop (address, owner's language). */
export type Parties = {
  incident: IncidentRow;
  line: { title: I18nText; sellerOrderId: string };
  order: { id: string; number: string; email: string; locale: Locale };
  customer: { id: string; firstName: string; email: string; locale: Locale } | null;
  seller: { id: string; name: string; email: string; locale: Locale };
};

export async function loadParties(tx: DbOrTx, incident: IncidentRow): Promise<Parties> {
  const [row] = await tx
    .select({
      line: { title: orderLines.title, sellerOrderId: orderLines.sellerOrderId },
      order: { id: orders.id, number: orders.number, email: orders.email, locale: orders.locale },
      seller: { id: sellers.id, name: sellers.name, email: sellers.email },
    })
    .from(orderLines)
    .innerJoin(orders, eq(orders.id, orderLines.orderId))
    .innerJoin(sellers, eq(sellers.id, orderLines.sellerId))
    .where(eq(orderLines.id, incident.orderLineId));
  if (!row) throw new Error(`incident ${incident.id}: order line not found`);
  const [customer] = incident.customerId
    ? await tx
        .select({ id: customers.id, firstName: customers.firstName, email: customers.email, locale: customers.locale, deletedAt: customers.deletedAt })
        .from(customers)
        .where(eq(customers.id, incident.customerId))
    : [];
  const owners = await tx
    .select({ locale: sellerUsers.locale, role: sellerUsers.role })
    .from(sellerUsers)
    .where(and(eq(sellerUsers.sellerId, incident.sellerId), eq(sellerUsers.active, true)));
  const sellerLocale = (owners.find((o) => o.role === 'owner') ?? owners[0])?.locale ?? 'fr';
  return {
    incident,
    line: row.line,
    order: row.order,
    customer: customer && !customer.deletedAt ? { id: customer.id, firstName: customer.firstName, email: customer.email, locale: customer.locale } : null,
    seller: { ...row.seller, locale: sellerLocale },
  };
}


export type NotFound = { ok: false; code: 'not_found' };

/**
 * An expected refusal found after the use case has written something (a refund refused once the
 * line is cancelled): thrown to roll the whole transaction back, returned by `withIncident` as a value.
 */
export class Refused<C extends string = string> extends Error {
  constructor(readonly code: C) {
    super(`refused: ${code}`);
  }
}

/**
 * Runs a use case on one incident in one transaction, the incident and its line locked; another
 * owner's is `not_found`. A `Refused` thrown inside rolls everything back and becomes `{ ok: false, code }`.
 */
export async function withIncident<R>(deps: Deps, scope: Scope, number: string, fn: (tx: Tx, l: Locked, now: Date) => Promise<R>): Promise<R | NotFound> {
  try {
    return await deps.db.transaction(async (tx) => {
      const l = await lockIncident(tx, scope, number);
      if (!l) return { ok: false, code: 'not_found' } as NotFound;
      return fn(tx, l, deps.clock.now());
    });
  } catch (err) {
    // The use case only throws the refusal codes of its own result type.
    if (err instanceof Refused) return { ok: false, code: err.code } as R;
    throw err;
  }
}
