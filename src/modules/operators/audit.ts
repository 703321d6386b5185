import type { DbOrTx } from '../../db/client.js';
import { auditLog } from './schema.js';

export type AuditEntry = {
  /** The operator who acted (null only for actions of the system on the operator's behalf). */
  operatorId: string | null;
  /** A dotted verb: "seller.suspend", "email.resend", "settings.deadlines", "incident.refund"… */
  action: string;
  subjectType: string;
  /** The subject's readable id where it has one (order or incident number), else its uuid. */
  subjectId: string;
  before?: unknown;
  after?: unknown;
  at: Date;
};

/**
 * Writes one audit log row — who, when, what, before and after — in the caller's transaction, so an
 * operator action and its trace commit together or not at all. Any module may call it.
 */
export async function audit(tx: DbOrTx, e: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    operatorId: e.operatorId,
    action: e.action,
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    before: e.before === undefined ? null : (e.before as object),
    after: e.after === undefined ? null : (e.after as object),
    at: e.at,
  });
}
