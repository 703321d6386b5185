import { asc, isNull } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import type { Locale } from '../../i18n/index.js';
import { pick, type I18nText } from '../../shared/i18n-text.js';
import type { NavCategory } from '../../ui/layout.js';
import { categories } from './schema.js';

/**
 * The category bar shown on every storefront page: the top categories, read at most once a minute per
 * process, and again after a category changes (`invalidateCategoryNav`, called on every catalogue
 * notification and by the operator's category form). A change does not empty the bar: it makes the rows
 * stale, and the next `refreshCategoryNav` reads them again — a page being rendered meanwhile keeps the
 * rows it had instead of showing no bar at all. Pages answered after the page cache's round trip
 * (catalogue pages, "Mes Commandes") refresh the bar after that round trip, so they show a rename at once;
 * other pages at the latest a minute later (or at once if the notification was already heard).
 * The cache remembers which database it came from, so test files that build several apps in one
 * process never see each other's categories.
 */
const TTL_MS = 60_000;
let changes = 0;
let cache: { url: string; at: number; changes: number; rows: { slug: string; name: I18nText }[] } | null = null;

export async function refreshCategoryNav(deps: Deps): Promise<void> {
  const now = Date.now();
  if (cache && cache.url === deps.database.url && cache.changes === changes && now - cache.at < TTL_MS) return;
  const seen = changes; // a change heard during the read leaves these rows stale
  const rows = await deps.db
    .select({ slug: categories.slug, name: categories.name })
    .from(categories)
    .where(isNull(categories.parentId))
    .orderBy(asc(categories.position), asc(categories.slug));
  cache = { url: deps.database.url, at: now, changes: seen, rows };
}

export function invalidateCategoryNav(): void {
  changes++;
}

export function categoryNav(locale: Locale): NavCategory[] {
  return (cache?.rows ?? []).map((c) => ({ slug: c.slug, name: pick(c.name, locale) }));
}
