import { and, asc, desc, eq, lt, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { inviteUser } from '../backoffice/invitations.js';
import { secondFactors } from '../backoffice/schema.js';
import { removeSecondFactor } from '../backoffice/second-factor.js';
import { readDeadlines as readOrderDeadlines } from '../orders/deadlines.js';
import { deadlinesFrom } from '../incidents/rules.js';
import { destroyUserSessions } from '../sessions/store.js';
import { audit } from './audit.js';
import { auditLog, operatorUsers, settings } from './schema.js';

type Operator = { id: string; name: string; role: 'admin' | 'customer_service' };
export type OperatorRole = 'admin' | 'customer_service';

export async function listOperators(db: DbOrTx) {
  return db
    .select({
      id: operatorUsers.id,
      name: operatorUsers.name,
      email: operatorUsers.email,
      role: operatorUsers.role,
      active: operatorUsers.active,
      createdAt: operatorUsers.createdAt,
      twoFactor: sql<boolean>`${secondFactors.enabledAt} is not null`,
    })
    .from(operatorUsers)
    .leftJoin(secondFactors, and(eq(secondFactors.face, 'operator'), eq(secondFactors.userId, operatorUsers.id)))
    .orderBy(desc(operatorUsers.active), asc(operatorUsers.name));
}

export type StaffRefusal = 'not_found' | 'cannot_self' | 'last_admin' | 'email_taken';

/** Invites a new operator (an admin will have to enrol a second factor at first login). */
export async function inviteOperator(deps: Deps, op: Operator, input: { email: string; role: OperatorRole; locale: 'fr' | 'nl' | 'en' }): Promise<{ ok: true } | { ok: false; code: StaffRefusal }> {
  return deps.db.transaction(async (tx) => {
    const r = await inviteUser(deps, tx, { face: 'operator', email: input.email, role: input.role, locale: input.locale, invitedBy: { face: 'operator', id: op.id, name: op.name } });
    if (!r.ok) return { ok: false, code: r.code === 'email_taken' ? 'email_taken' : 'not_found' } as const;
    await audit(tx, { operatorId: op.id, action: 'operator.invite', subjectType: 'operator', subjectId: r.invitationId, after: { email: input.email.toLowerCase(), role: input.role }, at: deps.clock.now() });
    return { ok: true } as const;
  });
}

/**
 * Changes another operator's role, or (de)activates them. Never oneself, and never the last active
 * admin: the active admins are locked first, so two admins demoting each other at once cannot both
 * succeed. The target's sessions end (a new role is taken at the next login, with its second factor).
 */
export async function updateOperator(
  deps: Deps,
  op: Operator,
  targetId: string,
  change: { role: OperatorRole } | { active: boolean } | { resetSecondFactor: true },
): Promise<{ ok: true; name: string } | { ok: false; code: StaffRefusal }> {
  if (targetId === op.id) return { ok: false, code: 'cannot_self' };
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const admins = await tx
      .select({ id: operatorUsers.id })
      .from(operatorUsers)
      .where(and(eq(operatorUsers.role, 'admin'), eq(operatorUsers.active, true)))
      .for('update');
    const [target] = await tx.select().from(operatorUsers).where(eq(operatorUsers.id, targetId)).for('update');
    if (!target) return { ok: false, code: 'not_found' } as const;
    const before = { role: target.role, active: target.active };
    if ('resetSecondFactor' in change) {
      const removed = await removeSecondFactor(tx, 'operator', targetId);
      await destroyUserSessions(tx, 'operator', targetId);
      await audit(tx, { operatorId: op.id, action: 'operator.reset_second_factor', subjectType: 'operator', subjectId: targetId, before: { secondFactor: removed }, after: { secondFactor: false }, at: now });
      return { ok: true, name: target.name } as const;
    }
    const after = { ...before, ...change };
    const losesAdmin = before.role === 'admin' && before.active && (after.role !== 'admin' || !after.active);
    if (losesAdmin && admins.length <= 1) return { ok: false, code: 'last_admin' } as const;
    await tx.update(operatorUsers).set(change).where(eq(operatorUsers.id, targetId));
    await destroyUserSessions(tx, 'operator', targetId);
    const action = 'role' in change ? 'operator.role' : change.active ? 'operator.reactivate' : 'operator.deactivate';
    await audit(tx, { operatorId: op.id, action, subjectType: 'operator', subjectId: targetId, before, after, at: now });
    return { ok: true, name: target.name } as const;
  });
}

// ── Settings: the deadlines the scheduled jobs read ─────────────────────────────────────────────

export const DEADLINE_RANGES = {
  sellerAcceptDays: [1, 14],
  sellerReplyWorkingDays: [1, 15],
  autoDeliverDays: [3, 60],
  autoCloseDays: [1, 60],
} as const;
export type DeadlineKey = keyof typeof DEADLINE_RANGES;
export type DeadlineSettings = Record<DeadlineKey, number>;
export const DEADLINE_KEYS = Object.keys(DEADLINE_RANGES) as DeadlineKey[];

const dayField = (k: DeadlineKey) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,3}$/, { message: `msg:range_${k}` })
    .transform(Number)
    .refine((n) => n >= DEADLINE_RANGES[k][0] && n <= DEADLINE_RANGES[k][1], { message: `msg:range_${k}` });

export const deadlinesForm = z.object(Object.fromEntries(DEADLINE_KEYS.map((k) => [k, dayField(k)])) as Record<DeadlineKey, ReturnType<typeof dayField>>);

/** The deadlines as the jobs read them (each module's own reading, with its defaults). */
export async function currentDeadlines(db: DbOrTx): Promise<DeadlineSettings> {
  const orders = await readOrderDeadlines(db);
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, 'deadlines'));
  const incidents = deadlinesFrom(row?.value);
  return { sellerAcceptDays: orders.sellerAcceptDays, autoDeliverDays: orders.autoDeliverDays, sellerReplyWorkingDays: incidents.sellerReplyWorkingDays, autoCloseDays: incidents.autoCloseDays };
}

/** Saves the deadlines (validated numbers) with the audit log, under the settings row's lock. */
export async function saveDeadlines(deps: Deps, op: Operator, input: DeadlineSettings): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await tx.insert(settings).values({ key: 'deadlines', value: {}, updatedAt: now }).onConflictDoNothing();
    const [row] = await tx.select().from(settings).where(eq(settings.key, 'deadlines')).for('update');
    const before = await currentDeadlines(tx);
    const value = { ...(row!.value as Record<string, unknown>), ...input };
    await tx.update(settings).set({ value, updatedAt: now }).where(eq(settings.key, 'deadlines'));
    await audit(tx, { operatorId: op.id, action: 'settings.deadlines', subjectType: 'settings', subjectId: 'deadlines', before, after: input, at: now });
  });
}

// ── Audit log ────────────────────────────────────────────────────────────────────────────────

export const AUDIT_PAGE = 50;

/** The audit log, newest first, keyset on id; filtered by operator and/or subject id. */
export async function listAudit(db: DbOrTx, opts: { operatorId?: string | null; subject?: string; before?: number | null }) {
  const where: SQL[] = [];
  if (opts.operatorId) where.push(eq(auditLog.operatorId, opts.operatorId));
  if (opts.subject) where.push(eq(auditLog.subjectId, opts.subject));
  if (opts.before) where.push(lt(auditLog.id, opts.before));
  const rows = await db
    .select({ id: auditLog.id, at: auditLog.at, action: auditLog.action, subjectType: auditLog.subjectType, subjectId: auditLog.subjectId, before: auditLog.before, after: auditLog.after, operatorId: auditLog.operatorId, operator: operatorUsers.name })
    .from(auditLog)
    .leftJoin(operatorUsers, eq(operatorUsers.id, auditLog.operatorId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(AUDIT_PAGE + 1);
  const shown = rows.slice(0, AUDIT_PAGE);
  return { rows: shown, older: rows.length > AUDIT_PAGE ? (shown[shown.length - 1]?.id ?? null) : null };
}
