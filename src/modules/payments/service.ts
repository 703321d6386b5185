import { randomUUID } from 'node:crypto';
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import type { Locale } from '../../i18n/index.js';
import { addJob } from '../../jobs/queue.js';
import { DEFAULT_PROVIDER, findProvider, getProvider, registerProvider, type ProviderEvent } from './provider.js';
import { decidePaymentEvent, decideRefund, type RefundRefusal } from './rules.js';
import { createSandboxProvider } from './sandbox/provider.js';
import { paymentEvents, payments, refunds } from './schema.js';
import { faultPoint } from '../../shared/faults.js';

/**
 * The shop side of payments: start a payment, learn its result (signed notification, customer's
 * return or expiry job — whichever comes first wins, the others change nothing), refund.
 * Other modules call these functions and push settlement hooks; they never write these tables.
 */

export type Payment = typeof payments.$inferSelect;
export type Refund = typeof refunds.$inferSelect;

/** Called in the transaction that changes the payment's status, so the order follows in the same commit. */
export type PaymentHook = (tx: Tx, payment: Payment, deps: Deps) => Promise<void>;
/** The payment became `paid` (amount and currency checked). Checkout pushes "order paid + split + emails" here. */
export const onPaymentPaid: PaymentHook[] = [];
/** The payment became `failed` or `expired` (see `payment.status` and `payment.failureCode`). Checkout releases stock here. */
export const onPaymentFailed: PaymentHook[] = [];

export type RefundHook = (tx: Tx, refund: Refund, payment: Payment, deps: Deps) => Promise<void>;
/** The provider accepted a refund. */
export const onRefundSucceeded: RefundHook[] = [];
/** The provider refused a refund: the amount is refundable again. */
export const onRefundFailed: RefundHook[] = [];

type Logger = { info: (o: object, msg: string) => void; warn: (o: object, msg: string) => void; error: (o: object, msg: string) => void };

// ---------------------------------------------------------------------------------------------
// Starting a payment

export type StartPaymentInput = {
  orderId: string;
  /** Computed on the server from the order; never from the client. */
  amountCents: number;
  /** ISO 4217, 'EUR' by default (the only currency of the shop today). */
  currency?: string;
  /** Shown on the provider's page, e.g. "Commande C-2026-000123". */
  description: string;
  locale: Locale;
  /** Where the provider sends the customer back: an absolute URL, or a path of this shop ("/fr/checkout/return?payment=…" — use `{paymentId}` to have the id filled in). */
  returnUrl: string;
  /** One per checkout attempt: the same key always gives the same payment (at most one charge). */
  idempotencyKey: string;
  provider?: string;
  /**
   * The order was created in the caller's transaction: it can have no payment yet (and the key is
   * the new order's), so the provider is asked first and the payment inserted whole — no UPDATE after.
   */
  newOrder?: boolean;
};

export type StartPaymentResult =
  | { ok: true; payment: Payment; redirectUrl: string | null; created: boolean }
  | { ok: false; code: 'already_paid' | 'payment_in_progress' | 'key_reused'; payment: Payment };

/** The shop's endpoint for a provider's notifications. */
export function notifyUrl(deps: Deps, providerId: string): string {
  return `${deps.config.publicUrl}/payments/notify/${providerId}`;
}

/**
 * Starts (or finds) the payment of an order, in the caller's transaction. The same idempotency key
 * returns the same payment and the same provider page, whatever is retried or doubled; a second key
 * for an order that already has a pending or paid payment is refused. `redirectUrl` is null once the
 * payment is no longer pending. The provider is called inside the transaction: if the transaction
 * rolls back, the provider's payment is never shown to anyone, so nothing can be charged.
 */
export async function startPayment(deps: Deps, tx: Tx, input: StartPaymentInput): Promise<StartPaymentResult> {
  if (!Number.isInteger(input.amountCents) || input.amountCents <= 0) throw new Error(`invalid payment amount: ${input.amountCents}`);
  const currency = input.currency ?? 'EUR';
  if (!/^[A-Z]{3}$/.test(currency)) throw new Error(`invalid currency: ${currency}`);
  const providerId = input.provider ?? DEFAULT_PROVIDER;
  const provider = getProvider(deps, providerId);
  const now = deps.clock.now();

  if (input.newOrder) {
    const id = randomUUID();
    const page = await createAtProvider(deps, provider, providerId, id, input, currency);
    const [payment] = await tx
      .insert(payments)
      .values({ id, orderId: input.orderId, provider: providerId, amountCents: input.amountCents, currency, locale: input.locale, idempotencyKey: input.idempotencyKey, providerRef: page.providerRef, redirectUrl: page.redirectUrl, createdAt: now, updatedAt: now })
      .returning();
    return { ok: true, payment: payment!, redirectUrl: page.redirectUrl, created: true };
  }

  // Insert first: the unique key says whether this attempt exists already (one round trip on the
  // usual path instead of a look-up before every insert).
  const [created] = await tx
    .insert(payments)
    .values({ orderId: input.orderId, provider: providerId, amountCents: input.amountCents, currency, locale: input.locale, idempotencyKey: input.idempotencyKey, createdAt: now, updatedAt: now })
    .onConflictDoNothing()
    .returning();
  if (!created) {
    // This key's attempt exists (a replayed submit, a double click), or another one for this order.
    const again = await byKey(tx, input.idempotencyKey);
    if (again) return sameAttempt(again, input, currency);
    const [live] = await tx
      .select()
      .from(payments)
      .where(and(eq(payments.orderId, input.orderId), inArray(payments.status, ['pending', 'paid'])));
    if (live) return { ok: false, code: live.status === 'paid' ? 'already_paid' : 'payment_in_progress', payment: live };
    throw new Error('payment insert conflicted with no visible payment');
  }

  const { providerRef, redirectUrl } = await createAtProvider(deps, provider, providerId, created.id, input, currency);
  const [payment] = await tx.update(payments).set({ providerRef, redirectUrl }).where(eq(payments.id, created.id)).returning();
  return { ok: true, payment: payment!, redirectUrl, created: true };
}

/** The payment provider did not answer in time (`PAYMENT_PROVIDER_TIMEOUT_MS`): nothing it said is known. */
export class ProviderUnavailable extends Error {
  constructor(readonly call: string, readonly ms: number) {
    super(`payment provider did not answer ${call} within ${ms} ms`);
  }
}

/**
 * A provider call with a deadline: a provider that hangs must not hold the customer's request, nor the
 * transaction around it (with its locks on the stock), for ever. The call itself is not cancelled
 * (the provider interface takes no signal); its late answer is ignored.
 */
export function withinDeadline<T>(deps: Deps, call: string, answer: Promise<T>): Promise<T> {
  const ms = deps.config.paymentProviderTimeoutMs;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new ProviderUnavailable(call, ms)), ms);
    timer.unref();
  });
  answer.catch(() => {}); // a late failure must not go unhandled
  return Promise.race([answer, late]).finally(() => clearTimeout(timer));
}

/** The provider's side of a new payment: its reference and the page the customer is sent to. */
function createAtProvider(deps: Deps, provider: ReturnType<typeof getProvider>, providerId: string, paymentId: string, input: StartPaymentInput, currency: string) {
  return withinDeadline(deps, 'createPayment', provider.createPayment({
    paymentId,
    amountCents: input.amountCents,
    currency,
    description: input.description,
    locale: input.locale,
    returnUrl: absoluteUrl(deps, input.returnUrl.replaceAll('{paymentId}', paymentId)),
    notifyUrl: notifyUrl(deps, providerId),
  }));
}

async function byKey(tx: Tx, key: string): Promise<Payment | undefined> {
  const [p] = await tx.select().from(payments).where(eq(payments.idempotencyKey, key));
  return p;
}

function sameAttempt(p: Payment, input: StartPaymentInput, currency: string): StartPaymentResult {
  if (p.orderId !== input.orderId || p.amountCents !== input.amountCents || p.currency !== currency) return { ok: false, code: 'key_reused', payment: p };
  return { ok: true, payment: p, redirectUrl: p.status === 'pending' ? p.redirectUrl : null, created: false };
}

function absoluteUrl(deps: Deps, url: string): string {
  if (url.startsWith('/') && !url.startsWith('//')) return `${deps.config.publicUrl}${url}`;
  const u = new URL(url);
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error(`invalid return URL: ${url}`);
  return u.toString();
}

// ---------------------------------------------------------------------------------------------
// Learning the result

export type ApplyOutcome = 'applied' | 'no_change' | 'already_final' | 'paid_after_final' | 'amount_mismatch' | 'currency_mismatch' | 'unknown_payment' | 'duplicate';
export type ApplyResult = { outcome: ApplyOutcome; changed: boolean; payment: Payment | null };

/**
 * Applies what a provider said, in one transaction: records the event (a second event with the same
 * id is a duplicate or a replay and changes nothing), locks the payment row, decides (rules.ts: final
 * states never change; amount and currency must match), writes the new status and runs the settlement
 * hooks — all or nothing. The customer's return and the notification may race: the row lock and
 * the event id make exactly one of them change the payment.
 */
export async function applyProviderEvent(
  deps: Deps,
  event: ProviderEvent,
  opts: { provider: string; source: 'notification' | 'return' | 'expiry'; rawBody?: string; requestId?: string },
): Promise<ApplyResult> {
  const now = deps.clock.now();
  const record = {
    provider: opts.provider,
    source: opts.source,
    signatureValid: true,
    providerRef: event.providerRef,
    status: event.status,
    amountCents: event.amountCents,
    currency: event.currency,
    rawBody: opts.rawBody?.slice(0, 4096) ?? null,
    requestId: opts.requestId ?? null,
    at: now,
  };
  return deps.db.transaction(async (tx) => {
    // The payment first, locked: then the event is recorded with its outcome in one INSERT (a second
    // event with the same id conflicts: a duplicate or a replay, which changes nothing).
    const [payment] = await tx
      .select()
      .from(payments)
      .where(and(eq(payments.provider, opts.provider), eq(payments.providerRef, event.providerRef)))
      .for('update');
    const d = payment ? decidePaymentEvent(payment, event) : null;
    const insertEvent = tx
      .insert(paymentEvents)
      .values({ ...record, eventId: event.eventId, outcome: d?.outcome ?? 'unknown_payment', paymentId: payment?.id ?? null })
      .onConflictDoNothing()
      .returning({ id: paymentEvents.id });
    const duplicate = async (): Promise<ApplyResult> => {
      // Seen before. A notification replayed or delivered twice is kept in the log, without its id.
      if (opts.source === 'notification') await tx.insert(paymentEvents).values({ ...record, eventId: null, outcome: 'duplicate', paymentId: payment?.id ?? null });
      return { outcome: 'duplicate', changed: false, payment: payment ?? null };
    };
    if (!payment || !d?.change) {
      const [rec] = await insertEvent;
      if (!rec) return duplicate();
      if (!payment || !d) return { outcome: 'unknown_payment', changed: false, payment: null };
      if (d.outcome === 'paid_after_final') await refundPaidAfterFinal(deps, tx, payment, event, { ...record, eventId: null });
      return { outcome: d.outcome, changed: false, payment };
    }
    // A change: the event and the payment's new status in one statement — the UPDATE runs only when
    // the event was new (its INSERT returned a row).
    const recorded = tx.$with('recorded').as(insertEvent);
    const [updated] = await tx
      .with(recorded)
      .update(payments)
      .set({ status: d.to, failureCode: d.failureCode, method: event.method ?? payment.method, paidAt: d.verb === 'pay' ? now : null, updatedAt: now })
      .where(and(eq(payments.id, payment.id), sql`exists (select 1 from ${recorded})`))
      .returning();
    if (!updated) return duplicate();
    for (const hook of d.verb === 'pay' ? onPaymentPaid : onPaymentFailed) await hook(tx, updated, deps);
    return { outcome: d.outcome, changed: true, payment: updated };
  });
}

/** What is kept of a refused notification's body. */
export const REFUSED_BODY_CHARS = 256;

/** Key of the automatic refund of money taken after the shop gave up on the payment: one per payment. */
export const paidAfterFinalKey = (paymentId: string) => `paid-after-final:${paymentId}`;

/**
 * The provider took money for a payment the shop had already given up on (expired, failed, replaced
 * by another attempt): no order is paid with it, so it goes straight back. The refund is queued in the
 * event's transaction (job \`payment_refund\`, at most one per payment) and noted in payment_events
 * (outcome \`auto_refund_queued\`). It is outside the ledger: the money never paid an order.
 */
async function refundPaidAfterFinal(deps: Deps, tx: Tx, payment: Payment, event: ProviderEvent, record: Omit<typeof paymentEvents.$inferInsert, 'outcome'>): Promise<void> {
  const amountCents = event.amountCents > 0 ? event.amountCents : payment.amountCents;
  const [refund] = await tx
    .insert(refunds)
    .values({ paymentId: payment.id, amountCents, idempotencyKey: paidAfterFinalKey(payment.id), reason: 'paid_after_final', createdAt: deps.clock.now() })
    .onConflictDoNothing()
    .returning();
  if (!refund) return;
  await addJob(tx, 'payment_refund', { refundId: refund.id }, { jobKey: `refund:${refund.id}` });
  await tx.insert(paymentEvents).values({ ...record, outcome: 'auto_refund_queued', paymentId: payment.id, amountCents, rawBody: null });
}

export type NotificationAnswer = { status: 200 | 400 | 404; outcome: string };

/**
 * A provider's notification as received over HTTP (POST /payments/notify/<provider>): authenticated
 * by the provider (signature over the raw body, at most 5 minutes old), then applied. Anything
 * unsigned, wrongly signed, stale or unreadable is recorded, logged, answered 400, and changes nothing.
 */
export async function receiveNotification(
  deps: Deps,
  providerId: string,
  headers: Record<string, string | string[] | undefined>,
  rawBody: string,
  ctx: { log?: Logger; requestId?: string } = {},
): Promise<NotificationAnswer> {
  const provider = findProvider(deps, providerId);
  if (!provider) return { status: 404, outcome: 'unknown_provider' };
  const check = await provider.verifyNotification(headers, rawBody);
  if (!check.ok) {
    ctx.log?.warn({ provider: providerId, reason: check.reason }, 'payment notification refused');
    await deps.db.insert(paymentEvents).values({
      provider: providerId,
      eventId: null,
      source: 'notification',
      signatureValid: check.reason === 'stale' || check.reason === 'malformed',
      outcome: check.reason,
      // Enough to recognise what was sent; a flood of refused bodies must not fill the table.
      rawBody: rawBody.slice(0, REFUSED_BODY_CHARS),
      requestId: ctx.requestId ?? null,
      at: deps.clock.now(),
    });
    return { status: 400, outcome: check.reason };
  }
  const r = await applyProviderEvent(deps, check.event, { provider: providerId, source: 'notification', rawBody, requestId: ctx.requestId });
  faultPoint('payment.notification.after-commit');
  const fields = { provider: providerId, eventId: check.event.eventId, providerRef: check.event.providerRef, status: check.event.status, outcome: r.outcome };
  if (r.outcome === 'amount_mismatch' || r.outcome === 'currency_mismatch') ctx.log?.error(fields, 'payment notification does not match the payment: failed it');
  else if (r.outcome === 'paid_after_final') ctx.log?.error(fields, 'money taken for a payment the shop had given up on: refund queued');
  else if (r.outcome === 'duplicate') ctx.log?.warn(fields, 'payment notification replayed or duplicated: ignored');
  else ctx.log?.info(fields, 'payment notification');
  return { status: 200, outcome: r.outcome };
}

/**
 * The customer is back from the provider's page (the checkout's return page calls this): asks the
 * provider and applies its answer, unless a notification already settled the payment. Returns null
 * for an unknown id; the caller checks that the payment's order belongs to the customer.
 */
export async function handleReturn(deps: Deps, paymentOrId: string | Payment): Promise<ApplyResult | null> {
  // The caller may hand the payment it has just read (the return page does): no second read.
  const payment = typeof paymentOrId === 'string' ? await getPayment(deps, paymentOrId) : paymentOrId;
  if (!payment) return null;
  const paymentId = payment.id;
  if (payment.status !== 'pending' || !payment.providerRef) return { outcome: 'already_final', changed: false, payment };
  let event: ProviderEvent;
  try {
    event = await withinDeadline(deps, 'fetchStatus', getProvider(deps, payment.provider).fetchStatus(payment.providerRef));
  } catch (err) {
    // The provider is silent: the payment stays pending (its notification or the expiry check settles it).
    if (err instanceof ProviderUnavailable) return { outcome: 'no_change', changed: false, payment };
    throw err;
  }
  const r = await applyProviderEvent(deps, event, { provider: payment.provider, source: 'return' });
  return r.payment ? r : { ...r, payment: await getPayment(deps, paymentId) };
}

// ---------------------------------------------------------------------------------------------
// Reading

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function getPayment(deps: Pick<Deps, 'db'>, paymentId: string): Promise<Payment | null> {
  if (!UUID.test(paymentId)) return null;
  const [p] = await deps.db.select().from(payments).where(eq(payments.id, paymentId));
  return p ?? null;
}

/** The order's payments, newest first. */
export async function paymentsOfOrder(deps: Pick<Deps, 'db'>, orderId: string): Promise<Payment[]> {
  return deps.db.select().from(payments).where(eq(payments.orderId, orderId)).orderBy(sql`${payments.createdAt} desc`);
}

/** Paid, refunded (succeeded) and being refunded (pending) amounts of a payment. */
export async function refundSummary(deps: Pick<Deps, 'db'>, paymentId: string): Promise<{ refundedCents: number; pendingCents: number; refunds: Refund[] }> {
  const list = await deps.db.select().from(refunds).where(eq(refunds.paymentId, paymentId)).orderBy(refunds.createdAt);
  const sum = (s: string) => list.filter((r) => r.status === s).reduce((a, r) => a + r.amountCents, 0);
  return { refundedCents: sum('succeeded'), pendingCents: sum('pending'), refunds: list };
}

// ---------------------------------------------------------------------------------------------
// Refunds

export type RefundInput = {
  paymentId: string;
  orderLineId?: string | null;
  amountCents: number;
  /** The same key never refunds twice: e.g. "incident:<id>" or "line-cancel:<lineId>". */
  idempotencyKey: string;
  reason: string;
};

export type RefundPaymentResult = { ok: true; refund: Refund; created: boolean } | { ok: false; code: RefundRefusal | 'payment_not_found' | 'key_reused' };

/**
 * Records a refund and queues its execution at the provider (job `payment_refund`), in the caller's
 * transaction when given (e.g. with the line's cancellation), else in its own. Idempotent by key; the
 * payment row lock makes concurrent refunds count each other, so together they never exceed what was paid.
 */
export async function refundPayment(deps: Deps, tx: Tx | null, input: RefundInput): Promise<RefundPaymentResult> {
  if (!tx) return deps.db.transaction((t) => refundPayment(deps, t, input));
  const [payment] = await tx.select().from(payments).where(eq(payments.id, input.paymentId)).for('update');
  if (!payment) return { ok: false, code: 'payment_not_found' };
  const same = await refundByKey(tx, input);
  if (same) return same;
  const [row] = await tx
    .select({ committed: sql<number>`coalesce(sum(${refunds.amountCents}), 0)::int` })
    .from(refunds)
    .where(and(eq(refunds.paymentId, payment.id), inArray(refunds.status, ['pending', 'succeeded'])));
  const d = decideRefund(payment, row?.committed ?? 0, input.amountCents);
  if (!d.ok) return d;
  const [refund] = await tx
    .insert(refunds)
    .values({ paymentId: payment.id, orderLineId: input.orderLineId ?? null, amountCents: input.amountCents, idempotencyKey: input.idempotencyKey, reason: input.reason.slice(0, 500), createdAt: deps.clock.now() })
    .onConflictDoNothing()
    .returning();
  if (!refund) return (await refundByKey(tx, input)) ?? { ok: false, code: 'key_reused' };
  await addJob(tx, 'payment_refund', { refundId: refund.id }, { jobKey: `refund:${refund.id}` });
  return { ok: true, refund, created: true };
}

async function refundByKey(tx: Tx, input: RefundInput): Promise<RefundPaymentResult | null> {
  const [r] = await tx.select().from(refunds).where(eq(refunds.idempotencyKey, input.idempotencyKey));
  if (!r) return null;
  if (r.paymentId !== input.paymentId || r.amountCents !== input.amountCents || r.orderLineId !== (input.orderLineId ?? null)) return { ok: false, code: 'key_reused' };
  return { ok: true, refund: r, created: false };
}

/** Key of the new refund that retries a failed one: a failed refund is retried at most once (a failed retry is retried in turn). */
export const retryKey = (failedRefundId: string) => `retry:${failedRefundId}`;

export type RetryRefundResult = { ok: true; refund: Refund; failed: Refund; created: boolean } | { ok: false; code: 'not_found' | 'not_failed' | RefundRefusal };

/**
 * Customer service asks a refused refund again (same payment, line and amount, key "retry:<id>"),
 * in the caller's transaction, queued like any refund. Same limit as refundPayment — never more than
 * was paid — except for money taken after the shop gave up on the payment, which is owed back whole.
 */
export async function retryFailedRefund(deps: Deps, tx: Tx, failedRefundId: string): Promise<RetryRefundResult> {
  if (!UUID.test(failedRefundId)) return { ok: false, code: 'not_found' };
  const [failed] = await tx.select().from(refunds).where(eq(refunds.id, failedRefundId));
  if (!failed) return { ok: false, code: 'not_found' };
  if (failed.status !== 'failed') return { ok: false, code: 'not_failed' };
  const [payment] = await tx.select().from(payments).where(eq(payments.id, failed.paymentId)).for('update');
  const [same] = await tx.select().from(refunds).where(eq(refunds.idempotencyKey, retryKey(failed.id)));
  if (same) return { ok: true, refund: same, failed, created: false };
  const [row] = await tx
    .select({ committed: sql<number>`coalesce(sum(${refunds.amountCents}), 0)::int` })
    .from(refunds)
    .where(and(eq(refunds.paymentId, failed.paymentId), inArray(refunds.status, ['pending', 'succeeded'])));
  const abandoned = (await originOf(tx, failed)).reason === 'paid_after_final';
  const d = decideRefund(abandoned ? { ...payment!, status: 'paid' } : payment!, row?.committed ?? 0, failed.amountCents);
  if (!d.ok) return d;
  const [refund] = await tx
    .insert(refunds)
    .values({ paymentId: failed.paymentId, orderLineId: failed.orderLineId, amountCents: failed.amountCents, idempotencyKey: retryKey(failed.id), reason: failed.reason, createdAt: deps.clock.now() })
    .returning();
  await addJob(tx, 'payment_refund', { refundId: refund!.id }, { jobKey: `refund:${refund!.id}` });
  return { ok: true, refund: refund!, failed, created: true };
}

/** The first refund of a chain of retries (its key says what it was for: a line cancel, a shipping fee, money taken after the shop gave up…). */
export async function originOf(tx: Tx, refund: Refund): Promise<Refund> {
  let r = refund;
  for (let depth = 0; r.idempotencyKey.startsWith('retry:') && depth < 50; depth++) {
    const [prev] = await tx.select().from(refunds).where(eq(refunds.id, r.idempotencyKey.slice('retry:'.length)));
    if (!prev) break;
    r = prev;
  }
  return r;
}

/**
 * A refused refund of this line that customer service has not retried yet: refunding the line again
 * by another path would pay the customer twice once it is retried, so refundLine waits for it.
 */
export async function openFailedRefundOfLine(tx: Tx, orderLineId: string): Promise<Refund | null> {
  const [r] = await tx
    .select()
    .from(refunds)
    .where(and(eq(refunds.orderLineId, orderLineId), eq(refunds.status, 'failed'), sql`not exists (select 1 from refunds r2 where r2.idempotency_key = 'retry:' || ${refunds.id}::text)`))
    .limit(1);
  return r ?? null;
}

export type FailedRefundRow = { refund: Refund; payment: Payment; retriedBy: Refund | null };

/** Refused refunds, newest first, with the retry that followed each (customer service's list). */
export async function failedRefunds(deps: Pick<Deps, 'db'>, opts: { onlyOpen?: boolean; limit?: number } = {}): Promise<FailedRefundRow[]> {
  const rows = await deps.db
    .select({ refund: refunds, payment: payments })
    .from(refunds)
    .innerJoin(payments, eq(payments.id, refunds.paymentId))
    .where(eq(refunds.status, 'failed'))
    .orderBy(sql`${refunds.settledAt} desc nulls last`)
    .limit(opts.limit ?? 200);
  const keys = rows.map((r) => retryKey(r.refund.id));
  const retries = keys.length ? await deps.db.select().from(refunds).where(inArray(refunds.idempotencyKey, keys)) : [];
  const byKey = new Map(retries.map((r) => [r.idempotencyKey, r]));
  const list = rows.map((r) => ({ ...r, retriedBy: byKey.get(retryKey(r.refund.id)) ?? null }));
  return opts.onlyOpen ? list.filter((r) => !r.retriedBy) : list;
}

/**
 * The `payment_refund` job: asks the provider (with the refund's idempotency key, so a retried job
 * never refunds twice), then settles the refund and runs the refund hooks in one transaction.
 * A provider error throws, and the job is retried.
 */
export async function executeRefund(deps: Deps, refundId: string): Promise<void> {
  const [r] = await deps.db.select().from(refunds).where(eq(refunds.id, refundId));
  if (!r || r.status !== 'pending') return;
  const [p] = await deps.db.select().from(payments).where(eq(payments.id, r.paymentId));
  if (!p?.providerRef) throw new Error(`refund ${refundId}: payment without provider reference`);
  const answer = await withinDeadline(deps, 'refund', getProvider(deps, p.provider).refund({ providerRef: p.providerRef, amountCents: r.amountCents, idempotencyKey: r.idempotencyKey }));
  faultPoint('refund.provider.answered');
  await deps.db.transaction(async (tx) => {
    const [locked] = await tx.select().from(refunds).where(eq(refunds.id, refundId)).for('update');
    if (!locked || locked.status !== 'pending') return;
    const [settled] = await tx
      .update(refunds)
      .set(answer.ok ? { status: 'succeeded', providerRef: answer.refundRef, settledAt: deps.clock.now() } : { status: 'failed', failureCode: answer.code.slice(0, 100), settledAt: deps.clock.now() })
      .where(eq(refunds.id, refundId))
      .returning();
    for (const hook of answer.ok ? onRefundSucceeded : onRefundFailed) await hook(tx, settled!, p, deps);
    faultPoint('refund.settle.before-commit');
  });
}

// ---------------------------------------------------------------------------------------------
// Expiry

/** A payment still pending this long after its creation is checked with its provider. */
export const PAYMENT_CHECK_AFTER_MINUTES = 30;

/**
 * The `expire_payments` cron task: asks the provider about every payment pending for more than
 * 30 minutes and applies its answer (expired, failed, or paid after all). A payment the provider
 * still calls pending is left alone: only the provider knows whether money can still be taken.
 */
export async function expirePayments(deps: Deps, opts: { limit?: number; log?: Logger } = {}): Promise<{ checked: number; changed: number }> {
  const cutoff = new Date(deps.clock.now().getTime() - PAYMENT_CHECK_AFTER_MINUTES * 60_000);
  const due = await deps.db
    .select()
    .from(payments)
    .where(and(eq(payments.status, 'pending'), lt(payments.createdAt, cutoff)))
    .orderBy(payments.createdAt)
    .limit(opts.limit ?? 100);
  let changed = 0;
  for (const p of due) {
    if (!p.providerRef) continue;
    try {
      const event = await withinDeadline(deps, 'fetchStatus', getProvider(deps, p.provider).fetchStatus(p.providerRef));
      const r = await applyProviderEvent(deps, event, { provider: p.provider, source: 'expiry' });
      if (r.changed) changed++;
    } catch (err) {
      opts.log?.error({ err, paymentId: p.id }, 'payment status check failed');
    }
  }
  return { checked: due.length, changed };
}

// ---------------------------------------------------------------------------------------------
// Built-in providers. The sandbox's notifications reach the shop through the same function as an HTTP POST.

registerProvider('sandbox', (deps) => createSandboxProvider(deps, { deliver: (headers, body) => receiveNotification(deps, 'sandbox', headers, body) }));
