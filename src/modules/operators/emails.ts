import { eq, sql } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import { resendEmail } from '../notifications/emails.js';
import { emails } from '../notifications/schema.js';
import { recordTimeline } from '../orders/timeline.js';
import { audit } from './audit.js';

export type OperatorResend = { ok: true; to: string; emailId: string; orderId: string | null; customerId: string | null } | { ok: false; code: 'not_found' };

/**
 * Customer service sends an email again ("Renvoyer"): a new email row and delivery job (a failed
 * original stops retrying), the audit
 * log entry (what the original's status was) and, for an order's email, a line in its timeline —
 * one transaction.
 */
export async function resendByOperator(deps: Deps, input: { operatorId: string; emailId: string }): Promise<OperatorResend> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [orig] = await tx.select().from(emails).where(eq(emails.id, input.emailId)).for('update');
    if (!orig) return { ok: false, code: 'not_found' } as const;
    // A failed email is still being retried with back-off: the resend replaces it, so the customer
    // does not get two copies when the mail server recovers (graphile-worker's remove_job).
    if (orig.status === 'failed') await tx.execute(sql`select graphile_worker.remove_job(${`email:${orig.id}`})`);
    const id = await resendEmail(tx, orig.id, `operator:${input.operatorId}`);
    if (!id) throw new Error('resend collided with another one');
    await audit(tx, {
      operatorId: input.operatorId,
      action: 'email.resend',
      subjectType: 'email',
      subjectId: orig.id,
      before: { status: orig.status, attempts: orig.attempts, lastError: orig.lastError, to: orig.toAddress },
      after: { emailId: id, to: orig.toAddress },
      at: now,
    });
    if (orig.orderId) {
      await recordTimeline(tx, { orderId: orig.orderId, actor: { type: 'operator', id: input.operatorId }, type: 'email.resent', data: { kind: orig.kind, emailId: id, original: orig.id }, at: now });
    }
    return { ok: true, to: orig.toAddress, emailId: id, orderId: orig.orderId, customerId: orig.customerId } as const;
  });
}
