import type { Locale } from '../modules/accounts/schema.js';
export type { Locale };
export { LOCALES } from '../modules/accounts/schema.js';

/**
 * Messages live beside the module that shows them: `defineMessages({ fr, nl, en })` where the Dutch
 * and English dictionaries must have exactly the French keys (the compiler checks it).
 * `{name}` placeholders are filled from params and are plain text: JSX escapes them when rendered.
 */
export type Messages<K extends string> = { fr: Record<K, string>; nl: Record<K, string>; en: Record<K, string> };
export type Translate<K extends string> = (key: K, params?: Record<string, string | number>) => string;

export function defineMessages<K extends string>(m: Messages<K>): (locale: Locale) => Translate<K> {
  const cache = new Map<Locale, Translate<K>>();
  return (locale: Locale) => {
    let t = cache.get(locale);
    if (!t) {
      const dict = m[locale] ?? m.fr;
      t = (key, params) => {
        const s = dict[key] ?? m.fr[key] ?? key;
        return params ? s.replace(/\{(\w+)\}/g, (_, p: string) => (p in params ? String(params[p]) : `{${p}}`)) : s;
      };
      cache.set(locale, t);
    }
    return t;
  };
}

export function isLocale(x: unknown): x is Locale {
  return x === 'fr' || x === 'nl' || x === 'en';
}

const INTL: Record<Locale, string> = { fr: 'fr-BE', nl: 'nl-BE', en: 'en-BE' };
const moneyFormats = new Map<Locale, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** 1999 → "19,99 €" (fr/nl) or "€19.99" (en). Money is always integer cents. */
export function formatMoney(cents: number, locale: Locale): string {
  let f = moneyFormats.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(INTL[locale], { style: 'currency', currency: 'EUR' });
    moneyFormats.set(locale, f);
  }
  return f.format(cents / 100);
}

export function formatDate(d: Date | string, locale: Locale, withTime = false): string {
  const key = `${locale}:${withTime}`;
  let f = dateFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(INTL[locale], withTime ? { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Brussels' } : { dateStyle: 'long', timeZone: 'Europe/Brussels' });
    dateFormats.set(key, f);
  }
  return f.format(typeof d === 'string' ? new Date(d) : d);
}
