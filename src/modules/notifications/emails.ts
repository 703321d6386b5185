import { randomUUID } from 'node:crypto';
import { eq, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import type { Locale } from '../../i18n/index.js';
import { emails } from './schema.js';
import { faultPoint } from '../../shared/faults.js';

export type NewEmail = {
  /** Made by the caller when another part of the same statement refers to it (see queueEmails' `alongside`). */
  id?: string;
  dedupeKey: string;
  kind: string;
  to: string;
  locale: Locale;
  subject: string;
  text: string;
  html: string;
  customerId?: string | null;
  sellerId?: string | null;
  orderId?: string | null;
};

/**
 * Records an email and queues its delivery in the caller's transaction (promise 7: queued with the
 * event, delivered at least once, never twice for one event thanks to `dedupeKey`).
 * Returns the email id, or null when this event's email already exists.
 */
export async function queueEmail(tx: DbOrTx, e: NewEmail): Promise<string | null> {
  return (await queueEmails(tx, [e]))[0]!;
}

/**
 * Several emails of one event (an order's confirmation and its sellers' notices) in ONE statement:
 * the rows are inserted and each new one gets its `send_email` job (as `addJob` adds it: job key
 * `email:<id>`, 12 attempts) in the same round trip, inside the caller's transaction. Returns each
 * email's id in the order given, null where that event's email already existed. `alongside`: another
 * write of the same step, in the same statement, given `queued` — a query of the ids of the emails
 * actually queued (not those that existed already).
 */
export async function queueEmails(tx: DbOrTx, list: readonly NewEmail[], alongside?: (queued: SQL) => SQL): Promise<(string | null)[]> {
  if (list.length === 0) return [];
  const insert = tx
    .insert(emails)
    .values(
      list.map((e) => ({
        ...(e.id ? { id: e.id } : {}),
        dedupeKey: e.dedupeKey,
        kind: e.kind,
        toAddress: e.to,
        locale: e.locale,
        subject: e.subject,
        textBody: e.text,
        htmlBody: e.html,
        customerId: e.customerId ?? null,
        sellerId: e.sellerId ?? null,
        orderId: e.orderId ?? null,
      })),
    )
    .onConflictDoNothing({ target: emails.dedupeKey })
    .returning({ id: emails.id, dedupeKey: emails.dedupeKey });
  const { rows } = await tx.execute<{ id: string; dedupe_key: string }>(sql`
    with e as (${insert.getSQL()})${alongside ? sql`, alongside as (${alongside(sql`select id from e`)})` : sql``}
    select e.id, e.dedupe_key, graphile_worker.add_job('send_email'::text, json_build_object('emailId', e.id), max_attempts => 12, job_key => 'email:' || e.id::text)
    from e`);
  const ids = new Map(rows.map((r) => [r.dedupe_key, r.id]));
  return list.map((e) => ids.get(e.dedupeKey) ?? null);
}

/** Sends a queued email again (customer's "Renvoyer…", operator's resend): a new row, a new job. */
export async function resendEmail(tx: DbOrTx, emailId: string, reason: string): Promise<string | null> {
  const [orig] = await tx.select().from(emails).where(eq(emails.id, emailId));
  if (!orig) return null;
  return queueEmail(tx, {
    // Random, not the time: two resends in the same millisecond must be two emails, not one.
    dedupeKey: `${orig.dedupeKey}:resend:${reason}:${randomUUID()}`,
    kind: orig.kind,
    to: orig.toAddress,
    locale: orig.locale,
    subject: orig.subject,
    text: orig.textBody,
    html: orig.htmlBody,
    customerId: orig.customerId,
    sellerId: orig.sellerId,
    orderId: orig.orderId,
  });
}

/**
 * A permanent refusal (SMTP 5xx: no such mailbox, policy rejection…): sending again would get the same
 * answer, so the email is marked bounced at once. Anything else — 4xx "try later", a refused
 * connection, a timeout — is temporary and retried with back-off.
 */
export function isPermanentSmtpFailure(err: unknown): boolean {
  const code = (err as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/**
 * The `send_email` job. Throws on a temporary SMTP failure so graphile-worker retries with back-off;
 * returns (no retry) once the email is sent, kept, or bounced.
 */
export async function deliverEmail(deps: Deps, emailId: string): Promise<void> {
  const [e] = await deps.db.select().from(emails).where(eq(emails.id, emailId));
  if (!e || e.status === 'sent' || e.status === 'stored' || e.status === 'bounced') return;
  if (deps.mailer.kind === 'database') {
    await deps.db.update(emails).set({ status: 'stored', sentAt: deps.clock.now(), attempts: sql`${emails.attempts} + 1` }).where(eq(emails.id, e.id));
    return;
  }
  try {
    const response = await deps.mailer.send({
      from: deps.config.mailFrom,
      to: e.toAddress,
      subject: e.subject,
      text: e.textBody,
      html: e.htmlBody,
      messageId: `<${e.id}@comptoir.local>`,
    });
    faultPoint('email.smtp.accepted'); // at-least-once: killed here, the email goes again (same Message-ID)
    await deps.db
      .update(emails)
      .set({ status: 'sent', sentAt: deps.clock.now(), smtpResponse: response.slice(0, 500), lastError: null, attempts: sql`${emails.attempts} + 1` })
      .where(eq(emails.id, e.id));
  } catch (err) {
    const message = (err as Error).message?.slice(0, 500) ?? 'unknown error';
    const bounced = isPermanentSmtpFailure(err);
    await deps.db
      .update(emails)
      .set({ status: bounced ? 'bounced' : 'failed', lastError: message, attempts: sql`${emails.attempts} + 1` })
      .where(eq(emails.id, e.id));
    if (!bounced) throw err;
  }
}
