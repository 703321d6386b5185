import type { Locale } from '../../i18n/index.js';

/**
 * The carriers a seller can pick when shipping, and the public tracking page of each. The seller
 * types only a tracking number; the link is built here (the number URL-encoded), so a seller can
 * never put an arbitrary URL into a customer's email. 'other' has no link: the customer sees the
 * tracking number with the words "Autre transporteur".
 */
export const CARRIERS = ['bpost', 'postnl', 'dpd', 'gls', 'dhl', 'other'] as const;
export type Carrier = (typeof CARRIERS)[number];

const NAMES: Record<Exclude<Carrier, 'other'>, string> = { bpost: 'bpost', postnl: 'PostNL', dpd: 'DPD', gls: 'GLS', dhl: 'DHL' };

export function isCarrier(x: unknown): x is Carrier {
  return typeof x === 'string' && (CARRIERS as readonly string[]).includes(x);
}

/** The carrier's name as customers know it; null for 'other' (the page says "Autre transporteur"). */
export function carrierName(code: string | null): string | null {
  return code && code in NAMES ? NAMES[code as keyof typeof NAMES] : null;
}

/** A tracking number as stored: spaces removed, upper case; 4 to 40 letters, digits or dashes. */
export function normaliseTracking(raw: string): string | null {
  const v = raw.replace(/\s+/g, '').toUpperCase();
  return /^[A-Z0-9-]{4,40}$/.test(v) ? v : null;
}

/** The carrier's public tracking page for a parcel, in the customer's language; null when unknown. */
export function trackingUrl(carrier: string | null, tracking: string | null, locale: Locale, delivery?: { postalCode: string; country: string }): string | null {
  if (!carrier || !tracking) return null;
  const n = encodeURIComponent(tracking);
  switch (carrier) {
    case 'bpost':
      return `https://track.bpost.cloud/btr/web/#/search?itemCode=${n}&lang=${locale}`;
    case 'postnl':
      return delivery
        ? `https://jouw.postnl.nl/track-and-trace/${n}-${encodeURIComponent(delivery.country)}-${encodeURIComponent(delivery.postalCode.replace(/\s+/g, ''))}?language=${locale}`
        : `https://jouw.postnl.nl/track-and-trace/${n}?language=${locale}`;
    case 'dpd':
      return `https://tracking.dpd.de/status/${locale}_BE/parcel/${n}`;
    case 'gls':
      return `https://gls-group.eu/track/${n}`;
    case 'dhl':
      return `https://www.dhl.com/be-${locale}/home/tracking.html?tracking-id=${n}&submit=1`;
    default:
      return null;
  }
}
