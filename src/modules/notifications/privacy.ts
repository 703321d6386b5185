import { and, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { emails } from './schema.js';

/**
 * The sent-email log's part of a customer's privacy rights (called by accounts/privacy.ts): the
 * emails addressed to the customer — by account, or by address for those sent before there was one
 * (sign-up, password reset).
 */
const ofCustomer = (customerId: string, email: string) => or(eq(emails.customerId, customerId), sql`lower(${emails.toAddress}) = lower(${email})`);

/** What the export lists: when, what, and whether it arrived (not the bodies: the customer has them). */
export async function customerEmails(db: DbOrTx, customerId: string, email: string) {
  const rows = await db
    .select({ createdAt: emails.createdAt, sentAt: emails.sentAt, subject: emails.subject, status: emails.status, kind: emails.kind })
    .from(emails)
    .where(ofCustomer(customerId, email))
    .orderBy(desc(emails.createdAt));
  return rows.map((r) => ({ date: (r.sentAt ?? r.createdAt).toISOString(), subject: r.subject, status: r.status, kind: r.kind }));
}

/**
 * On account deletion (same transaction): the rows stay for the operator's statistics (kind, status,
 * dates, like the empty customer shell of decision 0014), but the address, subject, bodies and SMTP
 * texts that could name the person are erased. An email not sent yet never will be: it is marked
 * failed and its job removed.
 */
export async function eraseCustomerEmails(tx: DbOrTx, customerId: string, email: string): Promise<number> {
  const unsent = await tx
    .update(emails)
    .set({ status: 'failed', lastError: 'account_deleted' })
    .where(and(ofCustomer(customerId, email), inArray(emails.status, ['queued', 'failed'])))
    .returning({ id: emails.id });
  for (const e of unsent) await tx.execute(sql`select graphile_worker.remove_job(${`email:${e.id}`})`);
  const erased = await tx
    .update(emails)
    .set({ toAddress: '', subject: '', textBody: '', htmlBody: '', smtpResponse: null, lastError: sql`case when ${emails.lastError} = 'account_deleted' then ${emails.lastError} else null end`, customerId })
    .where(ofCustomer(customerId, email))
    .returning({ id: emails.id });
  return erased.length;
}
