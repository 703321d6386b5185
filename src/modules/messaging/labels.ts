import type { Locale } from '../../i18n/index.js';
import { pick, type I18nText } from '../../shared/i18n-text.js';
import { msgText } from './messages.js';
import { formatDuration } from './rules.js';
import type { QuestionSubject, ThreadKind } from './schema.js';

/** What a thread is about, in one line: the product's title, or "Votre commande" / "Incident". */
export function topicOf(t: { kind: ThreadKind; productTitle: I18nText | null }, locale: Locale): string {
  if (t.productTitle) return pick(t.productTitle, locale);
  return msgText(locale)(t.kind === 'order_line' ? 'kind_order_line' : t.kind === 'incident' ? 'kind_incident' : 'kind_product');
}

export function subjectLabel(subject: QuestionSubject | null, kind: ThreadKind, locale: Locale): string {
  const t = msgText(locale);
  if (subject) return t(`subject_${subject}`);
  return t(kind === 'order_line' ? 'kind_order_line' : kind === 'incident' ? 'kind_incident' : 'kind_product');
}

export function variantLabel(v: { colourName: I18nText; size: string }, locale: Locale): string {
  return msgText(locale)('variant_label', { colour: pick(v.colourName, locale), size: v.size });
}

/** The product page showing that variant: /fr/p/<slug>?colour=navy&size=M. */
export function variantPath(locale: Locale, slug: string, v: { colour: string; size: string }): string {
  return `/${locale}/p/${encodeURIComponent(slug)}?colour=${encodeURIComponent(v.colour)}&size=${encodeURIComponent(v.size)}`;
}

/** A duration in the user's language ("2 j 3 h", "4 u 12 min", "under 1 min"). */
export function durationLabel(seconds: number, locale: Locale): string {
  const t = msgText(locale);
  return formatDuration(seconds, { d: t('unit_d'), h: t('unit_h'), min: t('unit_min'), lessThanMinute: t('less_minute') });
}
