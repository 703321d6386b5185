import type { Locale } from '../modules/accounts/schema.js';

/** A text kept in the storefront's three languages (product titles, category names, policies). */
export type I18nText = { fr: string; nl: string; en: string };

export function pick(text: I18nText | null | undefined, locale: Locale): string {
  if (!text) return '';
  return text[locale] || text.fr || text.en || text.nl || '';
}
