import { and, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { connect, type Database, type Tx } from '../../../db/client.js';
import type { Deps } from '../../../deps.js';
import { addJob } from '../../../jobs/queue.js';
import type { CreatePaymentInput, NotificationCheck, PaymentProvider, ProviderEvent, RefundResult } from '../provider.js';
import { SIGNATURE_HEADER, signatureHeader, verifySignature } from '../signature.js';
import { CHALLENGE_ATTEMPTS, CHALLENGE_CODE, cardAnswer, checkCard, CLOSED_CARD_LAST4, LATE_ANSWER_MS, type CardAnswer, type CardCheck, type Method } from './cards.js';
import { sandboxEvents, sandboxPayments, sandboxRefunds, type SandboxStatus } from './schema.js';

/**
 * The built-in sandbox payment provider. It behaves like an external payment company: its own hosted
 * page (./routes.tsx), its own state (its tables, through its own connection pool — it never shares
 * a transaction or a connection with the shop), and it tells the shop the result by a signed
 * notification (HMAC-SHA256 over "<timestamp>.<body>", header `comptoir-signature`), delivered by a
 * job and retried until the shop answers 2xx. `deliver` is its "network": the same function the
 * shop's HTTP endpoint calls with the raw body and headers.
 */

export type SandboxPayment = typeof sandboxPayments.$inferSelect;
export type Deliver = (headers: Record<string, string>, rawBody: string) => Promise<{ status: number; outcome: string }>;

/** The form of a sandbox payment's reference (`sbx_` and 24 hex digits): anything else is unknown without asking the database. */
export const SANDBOX_REF = /^sbx_[0-9a-f]{24}$/;

/** An open payment page stays usable this long; then the sandbox expires it and tells the shop. */
export const SANDBOX_PAGE_MINUTES = 15;

export type PayAnswer = { ok: true; payment: SandboxPayment; next: 'return' | 'challenge' | 'page' } | { ok: false; code: Exclude<CardCheck, { ok: true }>['code'] };
export type ChallengeAnswer = { ok: true; payment: SandboxPayment; next: 'return' | 'page' } | { ok: false; code: 'wrong_code'; attemptsLeft: number };

export type SandboxProvider = PaymentProvider & {
  /** The payment behind a hosted page (expired first if its time is up); null for an unknown ref. */
  view(ref: string): Promise<SandboxPayment | null>;
  pay(ref: string, method: Method, card: string): Promise<PayAnswer | null>;
  answerChallenge(ref: string, code: string): Promise<ChallengeAnswer | null>;
  cancel(ref: string): Promise<SandboxPayment | null>;
  /** The customer's bank renewed a closed card (test card …5126): refunds to it are accepted again. */
  renewCard(ref: string): Promise<void>;
  /** Job `sandbox_settle`: the late-answer bank finally says yes. */
  settleLate(ref: string): Promise<void>;
  /** Job `sandbox_notify`: signs (now) and delivers one event; throws when the shop does not answer 2xx. */
  deliverEvent(eventId: string): Promise<void>;
  close(): Promise<void>;
};

const PENDING: readonly SandboxStatus[] = ['open', 'challenge', 'processing'];

type FinalAnswer = Extract<CardAnswer, { status: 'paid' | 'failed' }>;
const final = (a: CardAnswer): a is FinalAnswer => a.status === 'paid' || a.status === 'failed';

/** What the shop sees of a sandbox status. */
function shopStatus(s: SandboxStatus): ProviderEvent['status'] {
  return s === 'paid' || s === 'failed' || s === 'expired' ? s : 'pending';
}

const notificationSchema = z.object({
  id: z.string().min(1).max(100),
  type: z.literal('payment.status'),
  created: z.number().int(),
  payment: z.object({
    ref: z.string().min(1).max(100),
    status: z.enum(['paid', 'failed', 'pending', 'expired']),
    amountCents: z.number().int(),
    currency: z.string().min(3).max(3),
    method: z.string().max(20).nullable(),
    failureCode: z.string().max(50).nullable(),
  }),
});

const newRef = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

/** A notification's body: what the shop reads, and what is signed byte for byte when it is delivered. */
function eventBody(id: string, now: Date, p: Pick<SandboxPayment, 'ref' | 'amountCents' | 'currency' | 'method'> & { status: ProviderEvent['status']; failureCode: string | null }): string {
  return JSON.stringify({
    id,
    type: 'payment.status',
    created: Math.floor(now.getTime() / 1000),
    payment: { ref: p.ref, status: p.status, amountCents: p.amountCents, currency: p.currency, method: p.method, failureCode: p.failureCode },
  });
}

/** An event's delivery job, added as addJob adds one (its key, 12 attempts), in the statement that inserts the event. */
const notifyJob = (id: string) => sql`graphile_worker.add_job('sandbox_notify'::text, json_build_object('eventId', ${id}::text), max_attempts => 12, job_key => ${`sandbox_notify:${id}`}::text)`;

export function createSandboxProvider(deps: Deps, opts: { deliver: Deliver }): SandboxProvider {
  let database: Database | null = null;
  // Its own small pool: a shop transaction waiting on the sandbox can never starve the sandbox of connections.
  const db = () => (database ??= connect(deps.database.url, { max: 4 })).db;
  const secret = () => deps.config.paymentSecret;

  /** Locks the payment; an open page whose time is up is expired first (and the shop told). */
  async function locked(tx: Tx, ref: string): Promise<SandboxPayment | null> {
    const [p] = await tx.select().from(sandboxPayments).where(eq(sandboxPayments.ref, ref)).for('update');
    if (!p) return null;
    if (due(p)) return finish(tx, p, 'expired', 'expired');
    return p;
  }

  /** An open page whose time is up: the next look at it expires it (and tells the shop), under the row lock. */
  const due = (p: SandboxPayment) => (p.status === 'open' || p.status === 'challenge') && deps.clock.now() >= p.expiresAt;

  /**
   * The payment as it is, without a transaction: a row lock is a write (a commit that waits for the
   * disk), needed only when the page's time is up and the look expires it.
   */
  async function current(ref: string): Promise<(SandboxPayment & { lastEventId: string | null }) | null> {
    const [row] = await db()
      // `sandbox_payments.ref` spelled out: drizzle writes a one-table select's columns unqualified, and
      // a bare "ref" inside the subquery would be the event's own (every payment's last event).
      .select({ p: sandboxPayments, lastEventId: sql<string | null>`(select e.id from ${sandboxEvents} e where e.ref = ${sandboxPayments}.ref order by e.created_at desc limit 1)` })
      .from(sandboxPayments)
      .where(eq(sandboxPayments.ref, ref));
    if (!row) return null;
    if (!due(row.p)) return { ...row.p, lastEventId: row.lastEventId };
    const p = await db().transaction((tx) => locked(tx, ref));
    if (!p) return null;
    const [last] = await db().select({ id: sandboxEvents.id }).from(sandboxEvents).where(eq(sandboxEvents.ref, ref)).orderBy(desc(sandboxEvents.createdAt)).limit(1);
    return { ...p, lastEventId: last?.id ?? null };
  }

  /** A final answer: the new status, and the signed notification the shop is owed. */
  async function finish(tx: Tx, p: SandboxPayment, status: 'paid' | 'failed' | 'expired', failureCode: string | null, set: Partial<SandboxPayment> = {}): Promise<SandboxPayment> {
    const now = deps.clock.now();
    const [u] = await tx
      .update(sandboxPayments)
      .set({ ...set, status, failureCode, updatedAt: now })
      .where(eq(sandboxPayments.ref, p.ref))
      .returning();
    const id = newRef('evt');
    const body = eventBody(id, now, { ...u!, status, failureCode });
    // The event and its delivery job in one statement.
    const event = tx.insert(sandboxEvents).values({ id, ref: p.ref, status, body, createdAt: now });
    await tx.execute(sql`
      with e as (${event.getSQL()})
      select ${notifyJob(id)}`);
    return u!;
  }

  /**
   * A card the bank answers at once (cards.ts `cardAnswer`: paid or failed), in ONE statement and no
   * transaction: the update guards what that answer assumed of the payment — its page open and in
   * time — and the event and its job are made from the row it returns, so they exist only if it
   * changed the row. A second submit waits for the first's row lock, then finds the page no longer
   * open. Null whenever the row is not as assumed (unknown, not open, time up, settled meanwhile):
   * the caller then takes the locked path, which expires the page or says what it is, as before.
   */
  async function payAtOnce(ref: string, answer: FinalAnswer, set: { method: Method; cardLast4: string }): Promise<SandboxPayment | null> {
    const now = deps.clock.now();
    const { status, failureCode } = answer;
    const id = newRef('evt');
    // The body finish() writes, but the amount and currency are the row's, known only inside the
    // statement: they are put in there (to_json quotes a currency code as JSON.stringify does).
    const [head, tail] = eventBody(id, now, { ref, status, amountCents: 0, currency: '', method: set.method, failureCode }).split('"amountCents":0,"currency":""');
    const p = db()
      .$with('p')
      .as(
        db()
          .update(sandboxPayments)
          .set({ ...set, status, failureCode, updatedAt: now })
          .where(and(eq(sandboxPayments.ref, ref), eq(sandboxPayments.status, 'open'), gt(sandboxPayments.expiresAt, now)))
          .returning(),
      );
    // The event, from the updated row (none if it changed none); it returns nothing, hence no columns.
    const e = db()
      .$with('e', {})
      .as(
        sql`insert into ${sandboxEvents} (id, ref, status, body, created_at)
          select ${id}, p.ref, ${status}, ${head}::text || '"amountCents":' || p.amount_cents || ',"currency":' || to_json(p.currency)::text || ${tail}::text, ${now.toISOString()}::timestamptz from p`,
      );
    // The row as drizzle maps it (Dates, numbers), and the event's job added once per updated row.
    const [u] = await db().with(p, e).select({ ...p._.selectedFields, job: notifyJob(id) }).from(p);
    if (!u) return null;
    const { job: _, ...payment } = u;
    return payment;
  }

  const provider: SandboxProvider = {
    id: 'sandbox',

    async createPayment(input: CreatePaymentInput) {
      const ref = newRef('sbx');
      const now = deps.clock.now();
      await db().insert(sandboxPayments).values({
        ref,
        merchantRef: input.paymentId,
        amountCents: input.amountCents,
        currency: input.currency,
        description: input.description.slice(0, 200),
        locale: input.locale,
        returnUrl: input.returnUrl,
        notifyUrl: input.notifyUrl,
        createdAt: now,
        expiresAt: new Date(now.getTime() + SANDBOX_PAGE_MINUTES * 60_000),
        updatedAt: now,
      });
      // The page is on this server: a path, so it works whatever host name the shop is reached by.
      return { providerRef: ref, redirectUrl: `/sandbox-pay/${ref}` };
    },

    verifyNotification(headers, rawBody): NotificationCheck {
      const h = headers[SIGNATURE_HEADER];
      const sig = verifySignature(secret(), Array.isArray(h) ? h[0] : h, rawBody, deps.clock.now());
      if (!sig.ok) return sig;
      let json: unknown;
      try {
        json = JSON.parse(rawBody);
      } catch {
        return { ok: false, reason: 'malformed' };
      }
      const n = notificationSchema.safeParse(json);
      if (!n.success) return { ok: false, reason: 'malformed' };
      const p = n.data.payment;
      return {
        ok: true,
        event: { eventId: n.data.id, providerRef: p.ref, status: p.status, amountCents: p.amountCents, currency: p.currency, method: p.method, failureCode: p.failureCode, occurredAt: new Date(n.data.created * 1000) },
      };
    },

    async fetchStatus(ref) {
      const p = await current(ref);
      if (!p) throw new Error(`sandbox: unknown payment ${ref}`);
      const status = shopStatus(p.status);
      const eventId = status === 'pending' ? `${ref}:pending` : (p.lastEventId ?? `${ref}:${status}`);
      return { eventId, providerRef: ref, status, amountCents: p.amountCents, currency: p.currency, method: p.method, failureCode: p.failureCode, occurredAt: p.updatedAt };
    },

    async refund({ providerRef, amountCents, idempotencyKey }): Promise<RefundResult> {
      return db().transaction(async (tx) => {
        const p = await locked(tx, providerRef);
        if (!p) return { ok: false, code: 'unknown_payment' };
        const [same] = await tx.select().from(sandboxRefunds).where(eq(sandboxRefunds.idempotencyKey, idempotencyKey));
        if (same) return same.paymentRef === providerRef && same.amountCents === amountCents ? { ok: true, refundRef: same.ref } : { ok: false, code: 'idempotency_key_reused' };
        if (p.status !== 'paid') return { ok: false, code: 'not_captured' };
        if (p.cardLast4 === CLOSED_CARD_LAST4) return { ok: false, code: 'card_closed' };
        const [row] = await tx
          .select({ done: sql<number>`coalesce(sum(${sandboxRefunds.amountCents}), 0)::int` })
          .from(sandboxRefunds)
          .where(eq(sandboxRefunds.paymentRef, providerRef));
        if (!Number.isInteger(amountCents) || amountCents <= 0 || (row?.done ?? 0) + amountCents > p.amountCents) return { ok: false, code: 'exceeds_captured' };
        const ref = newRef('rfd');
        await tx.insert(sandboxRefunds).values({ ref, paymentRef: providerRef, amountCents, idempotencyKey, createdAt: deps.clock.now() });
        return { ok: true, refundRef: ref };
      });
    },

    async view(ref) {
      if (!SANDBOX_REF.test(ref)) return null;
      const p = await current(ref);
      if (!p) return null;
      const { lastEventId: _, ...payment } = p;
      return payment;
    },

    async pay(ref, method, card) {
      const check = checkCard(method, card);
      // The usual card, paid or refused at once: one statement. Any other card, and this one when the
      // page is not as it assumed, goes through the row lock below, which tells why.
      const atOnce = check.ok ? cardAnswer(check.outcome) : null;
      if (check.ok && atOnce && final(atOnce)) {
        const payment = await payAtOnce(ref, atOnce, { method, cardLast4: check.digits.slice(-4) });
        if (payment) return { ok: true, payment, next: 'return' };
      }
      return db().transaction(async (tx): Promise<PayAnswer | null> => {
        const p = await locked(tx, ref);
        if (!p) return null;
        // Double click, second tab, back button: only an open page takes a card.
        if (p.status !== 'open') return { ok: true, payment: p, next: 'page' };
        if (!check.ok) return check;
        const answer = cardAnswer(check.outcome);
        const set = { method, cardLast4: check.digits.slice(-4) };
        switch (answer.status) {
          case 'paid':
          case 'failed':
            return { ok: true, payment: await finish(tx, p, answer.status, answer.failureCode, set), next: 'return' };
          case 'challenge': {
            const [u] = await tx.update(sandboxPayments).set({ ...set, status: 'challenge', updatedAt: deps.clock.now() }).where(eq(sandboxPayments.ref, ref)).returning();
            return { ok: true, payment: u!, next: 'challenge' };
          }
          case 'processing': {
            const [u] = await tx.update(sandboxPayments).set({ ...set, status: 'processing', updatedAt: deps.clock.now() }).where(eq(sandboxPayments.ref, ref)).returning();
            // The bank's slowness is real time, not the shop's clock: graphile runs the job in ~5 s.
            await addJob(tx, 'sandbox_settle', { ref }, { jobKey: `sandbox_settle:${ref}`, runAt: new Date(Date.now() + LATE_ANSWER_MS) });
            return { ok: true, payment: u!, next: 'return' };
          }
        }
      });
    },

    async answerChallenge(ref, code) {
      return db().transaction(async (tx): Promise<ChallengeAnswer | null> => {
        const p = await locked(tx, ref);
        if (!p) return null;
        if (p.status !== 'challenge') return { ok: true, payment: p, next: 'page' };
        if (code.trim() === CHALLENGE_CODE) return { ok: true, payment: await finish(tx, p, 'paid', null), next: 'return' };
        const attempts = p.challengeAttempts + 1;
        if (attempts >= CHALLENGE_ATTEMPTS) return { ok: true, payment: await finish(tx, p, 'failed', 'authentication_failed', { challengeAttempts: attempts }), next: 'return' };
        await tx.update(sandboxPayments).set({ challengeAttempts: attempts, updatedAt: deps.clock.now() }).where(eq(sandboxPayments.ref, ref));
        return { ok: false, code: 'wrong_code', attemptsLeft: CHALLENGE_ATTEMPTS - attempts };
      });
    },

    async renewCard(ref) {
      // The customer's bank issued a new card: refunds reach the account again.
      await db().update(sandboxPayments).set({ cardLast4: '0000', updatedAt: deps.clock.now() }).where(eq(sandboxPayments.ref, ref));
    },

    async cancel(ref) {
      return db().transaction(async (tx) => {
        const p = await locked(tx, ref);
        if (!p) return null;
        if (p.status !== 'open' && p.status !== 'challenge') return p;
        return finish(tx, p, 'failed', 'cancelled');
      });
    },

    async settleLate(ref) {
      await db().transaction(async (tx) => {
        const [p] = await tx.select().from(sandboxPayments).where(and(eq(sandboxPayments.ref, ref), inArray(sandboxPayments.status, PENDING))).for('update');
        if (p?.status === 'processing') await finish(tx, p, 'paid', null);
      });
    },

    async deliverEvent(eventId) {
      const [e] = await db().select().from(sandboxEvents).where(eq(sandboxEvents.id, eventId));
      if (!e || e.deliveredAt) return;
      const headers = { 'content-type': 'application/json', [SIGNATURE_HEADER]: signatureHeader(secret(), e.body, deps.clock.now()) };
      let answer: string;
      let delivered = false;
      try {
        const r = await opts.deliver(headers, e.body);
        answer = `${r.status} ${r.outcome}`;
        delivered = r.status >= 200 && r.status < 300;
      } catch (err) {
        answer = `error ${(err as Error).message}`.slice(0, 500);
      }
      await db()
        .update(sandboxEvents)
        .set({ attempts: sql`${sandboxEvents.attempts} + 1`, lastAnswer: answer, deliveredAt: delivered ? deps.clock.now() : null })
        .where(eq(sandboxEvents.id, eventId));
      if (!delivered) throw new Error(`sandbox notification ${eventId} not accepted: ${answer}`);
    },

    async close() {
      const d = database;
      database = null;
      await d?.close();
    },
  };
  return provider;
}
