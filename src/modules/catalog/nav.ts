import { asc, isNull } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import type { Locale } from '../../i18n/index.js';
import { pick, type I18nText } from '../../shared/i18n-text.js';
import type { NavCategory } from '../../ui/layout.js';
import { categories } from './schema.js';

/**
 * The category bar shown on every storefront page: the top categories, read at most once a minute per
 * process (and again at once after the operator changes a category: `invalidateCategoryNav`).
 * The cache remembers which database it came from, so test files that build several apps in one
 * process never see each other's categories.
 */
const TTL_MS = 60_000;
let cache: { url: string; at: number; rows: { slug: string; name: I18nText }[] } | null = null;

export async function refreshCategoryNav(deps: Deps): Promise<void> {
  const now = Date.now();
  if (cache && cache.url === deps.database.url && now - cache.at < TTL_MS) return;
  const rows = await deps.db
    .select({ slug: categories.slug, name: categories.name })
    .from(categories)
    .where(isNull(categories.parentId))
    .orderBy(asc(categories.position), asc(categories.slug));
  cache = { url: deps.database.url, at: now, rows };
}

export function invalidateCategoryNav(): void {
  cache = null;
}

export function categoryNav(locale: Locale): NavCategory[] {
  return (cache?.rows ?? []).map((c) => ({ slug: c.slug, name: pick(c.name, locale) }));
}
