/**
 * Pure rules of the operator back office (unit-tested in tests/operator-rules.test.ts).
 */

export type EmailStatus = 'queued' | 'sent' | 'failed' | 'stored' | 'bounced';

/** "Did the customer get the confirmation?" — answered at once from the order and its emails. */
export type ConfirmationVerdict =
  | { kind: 'not_paid' }
  | { kind: 'missing' }
  | { kind: 'sent'; emailId: string; at: Date; to: string; smtp: string | null; sends: number }
  | { kind: 'stored'; emailId: string; at: Date; to: string; sends: number }
  | { kind: 'queued'; emailId: string; since: Date; to: string; attempts: number; error: string | null; sends: number }
  | { kind: 'failed'; emailId: string; at: Date; to: string; error: string | null; attempts: number; sends: number }
  | { kind: 'bounced'; emailId: string; at: Date; to: string; error: string | null; sends: number };

type Mail = { id: string; status: EmailStatus; toAddress: string; createdAt: Date; sentAt: Date | null; lastError: string | null; smtpResponse: string | null; attempts: number };

/**
 * The verdict is the best delivery among the confirmation emails (a resend that arrived answers the
 * question even if the first one failed); without any delivery, the latest attempt and why it failed.
 */
export function confirmationVerdict(order: { paidAt: Date | null }, mails: Mail[]): ConfirmationVerdict {
  if (mails.length === 0) return order.paidAt ? { kind: 'missing' } : { kind: 'not_paid' };
  const sends = mails.length;
  const byDate = [...mails].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const delivered = byDate.filter((m) => m.status === 'sent' || m.status === 'stored').pop();
  if (delivered) {
    return delivered.status === 'sent'
      ? { kind: 'sent', emailId: delivered.id, at: delivered.sentAt ?? delivered.createdAt, to: delivered.toAddress, smtp: delivered.smtpResponse, sends }
      : { kind: 'stored', emailId: delivered.id, at: delivered.sentAt ?? delivered.createdAt, to: delivered.toAddress, sends };
  }
  const last = byDate[byDate.length - 1]!;
  if (last.status === 'queued') return { kind: 'queued', emailId: last.id, since: last.createdAt, to: last.toAddress, attempts: last.attempts, error: last.lastError, sends };
  if (last.status === 'bounced') return { kind: 'bounced', emailId: last.id, at: last.createdAt, to: last.toAddress, error: last.lastError ?? last.smtpResponse, sends };
  return { kind: 'failed', emailId: last.id, at: last.createdAt, to: last.toAddress, error: last.lastError ?? last.smtpResponse, attempts: last.attempts, sends };
}
