import { createHash } from 'node:crypto';
import type { Locale } from '../../i18n/index.js';
import type { AddressSnapshot } from '../orders/schema.js';

/**
 * The checkout's pure rules: which addresses are selected, order numbers, delivery estimates, the
 * fingerprint of what the customer saw on the summary. No I/O; unit-tested in rules.test.ts.
 */

/** The checkout's address choice as stored (checkouts row) — ids may have been deleted meanwhile. */
export type StoredChoice = { billingAddressId: string | null; deliveryAddressId: string | null; separateDelivery: boolean };
/** The choice the page shows and the order uses. */
export type Selection = { billingId: string; deliveryId: string; separate: boolean };

/**
 * Resolves the selected addresses. A stored choice wins while its address still exists; otherwise the
 * defaults of "Mes adresses", then the first address. While delivery is not separate, delivery IS the
 * billing address (one record: what is changed on one applies to the other, as the FAQ says).
 * Null when the customer has no address at all (the checkout asks for one first).
 */
export function resolveSelection(
  stored: StoredChoice | null,
  defaults: { billingId: string | null; deliveryId: string | null },
  addressIds: readonly string[],
): Selection | null {
  if (addressIds.length === 0) return null;
  const exists = (id: string | null | undefined): id is string => !!id && addressIds.includes(id);
  const billingId = exists(stored?.billingAddressId) ? stored.billingAddressId : exists(defaults.billingId) ? defaults.billingId : exists(defaults.deliveryId) ? defaults.deliveryId : addressIds[0]!;
  // Without a stored choice, the defaults decide: two different default addresses mean a separate delivery.
  const separate = stored ? stored.separateDelivery : exists(defaults.deliveryId) && defaults.deliveryId !== billingId;
  if (!separate) return { billingId, deliveryId: billingId, separate: false };
  const deliveryId = exists(stored?.deliveryAddressId) ? stored.deliveryAddressId : exists(defaults.deliveryId) ? defaults.deliveryId : billingId;
  return { billingId, deliveryId, separate: true };
}

/** "C-2026-000123" */
export function orderNumber(year: number, seq: number): string {
  return `C-${year}-${String(seq).padStart(6, '0')}`;
}

/** The seller orders of "C-2026-000123" are "C-2026-000123-1", "-2", … in the order given. */
export function sellerOrderNumber(number: string, index: number): string {
  return `${number}-${index + 1}`;
}

/** Adds business days (Monday to Friday) to a date, in UTC days. */
export function addBusinessDays(from: Date, days: number): Date {
  const d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate(), 12));
  let left = days;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    const wd = d.getUTCDay();
    if (wd !== 0 && wd !== 6) left--;
  }
  return d;
}

/** Carrier transit after the seller hands the parcel over: 1 to 2 business days in Benelux. */
export const TRANSIT_DAYS = { min: 1, max: 2 } as const;

/** A seller's estimated delivery: its slowest offer's lead time, plus transit. */
export function deliveryEstimate(now: Date, leadTimesDays: readonly number[]): { from: Date; to: Date } {
  const lead = Math.max(0, ...leadTimesDays);
  return { from: addBusinessDays(now, lead + TRANSIT_DAYS.min), to: addBusinessDays(now, lead + TRANSIT_DAYS.max) };
}

/**
 * What the customer saw on the summary, as a short hash: lines (offer, quantity, unit price), every
 * seller's shipping, the total, the addresses. "Payer" carries it back; if the server's fresh
 * computation differs, the order is not placed and the summary is shown again (no silent change).
 */
export function summaryFingerprint(input: {
  lines: readonly { offerId: string; quantity: number; unitPriceCents: number }[];
  shipping: readonly { sellerId: string; shippingCents: number }[];
  totalCents: number;
  billingId: string;
  deliveryId: string;
}): string {
  const lines = [...input.lines].map((l) => `${l.offerId}:${l.quantity}:${l.unitPriceCents}`).sort();
  const ship = [...input.shipping].map((s) => `${s.sellerId}:${s.shippingCents}`).sort();
  const text = [lines.join(','), ship.join(','), input.totalCents, input.billingId, input.deliveryId].join('|');
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}

/** A frozen copy of an address of "Mes adresses" for an order (only the address's own fields). */
export function addressSnapshot(a: AddressSnapshot): AddressSnapshot {
  const { firstName, lastName, company, vatNumber, street, houseNumber, box, postalCode, city, country, phone } = a;
  return { firstName, lastName, company: company ?? null, vatNumber: vatNumber ?? null, street, houseNumber, box: box ?? null, postalCode, city, country, phone: phone ?? null };
}

const BOX: Record<Locale, string> = { fr: 'bte', nl: 'bus', en: 'box' };
const regionNames = new Map<Locale, Intl.DisplayNames>();

/** Address lines as printed on a card, an email or a parcel label, in the reader's language. */
export function addressLines(a: AddressSnapshot, locale: Locale): string[] {
  let regions = regionNames.get(locale);
  if (!regions) regionNames.set(locale, (regions = new Intl.DisplayNames([locale], { type: 'region' })));
  const name = `${a.firstName} ${a.lastName}`.trim();
  const street = `${a.street} ${a.houseNumber}${a.box ? ` ${BOX[locale]} ${a.box}` : ''}`;
  const country = regions.of(a.country) ?? a.country;
  return [name, a.company ?? '', a.vatNumber ?? '', street, `${a.postalCode} ${a.city}`, country, a.phone ?? ''].filter((l) => l !== '');
}
