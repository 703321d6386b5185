import type { Deps } from '../../deps.js';
import type { Locale } from '../../i18n/index.js';

/**
 * The payment-provider interface: everything the shop asks of a payment company (docs/payments.md
 * says what an adapter must do). The built-in sandbox (./sandbox/provider.ts) is one adapter; Mollie,
 * Stripe or Adyen would each be one more file implementing this, registered with `registerProvider`.
 */

/** What a provider says about one payment, from a notification or when asked. */
export type ProviderEvent = {
  /** Unique per provider and per fact: the same fact told twice carries the same id (replays are ignored by it). */
  eventId: string;
  providerRef: string;
  status: 'paid' | 'failed' | 'pending' | 'expired';
  amountCents: number;
  currency: string;
  method?: string | null;
  /** A short code for failures (refused, cancelled, authentication_failed, expired…). */
  failureCode?: string | null;
  occurredAt: Date;
};

export type CreatePaymentInput = {
  /** The shop's payment id, kept by the provider as the merchant reference. */
  paymentId: string;
  amountCents: number;
  currency: string;
  description: string;
  locale: Locale;
  /** Absolute URL where the provider sends the customer back. */
  returnUrl: string;
  /** Absolute URL where the provider posts its signed notifications. */
  notifyUrl: string;
};

export type NotificationCheck =
  | { ok: true; event: ProviderEvent }
  | { ok: false; reason: 'unsigned' | 'bad_signature' | 'stale' | 'malformed' };

export type RefundResult = { ok: true; refundRef: string } | { ok: false; code: string };

export interface PaymentProvider {
  /** Stable id used in URLs (/payments/notify/<id>) and stored on every payment. */
  readonly id: string;
  /** Creates the payment at the provider; the customer is then redirected to `redirectUrl`. */
  createPayment(input: CreatePaymentInput): Promise<{ providerRef: string; redirectUrl: string }>;
  /**
   * Authenticates a notification from its headers and the raw body exactly as received (signature,
   * timestamp no older than 5 minutes), then parses it. Never throws on bad input. May be async for a
   * provider whose notifications carry only an id to look up (Mollie).
   */
  verifyNotification(headers: Record<string, string | string[] | undefined>, rawBody: string): NotificationCheck | Promise<NotificationCheck>;
  /** Asks the provider for the payment's current state (the customer's return, the expiry job). */
  fetchStatus(providerRef: string): Promise<ProviderEvent>;
  /** Gives money back; the same idempotency key never refunds twice at the provider. */
  refund(input: { providerRef: string; amountCents: number; idempotencyKey: string }): Promise<RefundResult>;
}

type Factory = (deps: Deps) => PaymentProvider;
const factories = new Map<string, Factory>();
const built = new WeakMap<Deps, Map<string, PaymentProvider>>();

/** Makes a provider available under its id (each adapter module registers itself once). */
export function registerProvider(id: string, factory: Factory): void {
  factories.set(id, factory);
}

/** The provider for an id, built once per `deps`; null for an unknown id (a notify URL with a made-up provider). */
export function findProvider(deps: Deps, id: string): PaymentProvider | null {
  let m = built.get(deps);
  if (!m) built.set(deps, (m = new Map()));
  let p = m.get(id);
  if (!p) {
    const f = factories.get(id);
    if (!f) return null;
    p = f(deps);
    m.set(id, p);
  }
  return p;
}

export function getProvider(deps: Deps, id: string): PaymentProvider {
  const p = findProvider(deps, id);
  if (!p) throw new Error(`unknown payment provider: ${id}`);
  return p;
}

/** The provider new payments use. Only the sandbox ships today; a real adapter would be chosen by configuration. */
export const DEFAULT_PROVIDER = 'sandbox';
