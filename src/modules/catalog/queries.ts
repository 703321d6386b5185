import { eq, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import type { I18nText } from '../../shared/i18n-text.js';
import { sellers } from '../sellers/schema.js';
import { PAGE_SIZE, compareSizes, searchTerms, type ListingFilters, type PageVariant } from './rules.js';
import { categories, products } from './schema.js';

/**
 * The catalogue's reads. A listing is two queries whatever its size (docs/decisions/0017): the page
 * of products, each with its best offer, picture and colours, plus the total, in one statement; the
 * facets (colours, sizes, sellers, price range) of the scope in another.
 */

/** What a listing lists: a category (and its sub-categories), a search, one seller's products, reduced prices, or all. */
export type ListingScope =
  | { kind: 'category'; categoryId: string; /** its sub-categories, when known (else read) */ childIds?: readonly string[] }
  | { kind: 'search'; q: string } | { kind: 'seller'; sellerId: string } | { kind: 'deals' } | { kind: 'all' };

export type ProductCard = {
  id: string;
  slug: string;
  brand: string;
  title: I18nText;
  priceCents: number;
  compareAtCents: number | null;
  sellerName: string;
  sellerCount: number;
  inStock: boolean;
  imageUrl: string | null;
  colourHexes: string[];
};

export type Listing = { cards: ProductCard[]; total: number; page: number; pages: number };

/** Offers a shopper may buy: active, from an active seller. */
const SELLABLE = sql`o.active and s.status = 'active'`;

function scopeSql(scope: ListingScope): SQL {
  switch (scope.kind) {
    case 'category':
      return sql`p.category_id in (select id from categories where id = ${scope.categoryId} or parent_id = ${scope.categoryId})`;
    case 'seller':
      return sql`o.seller_id = ${scope.sellerId}`;
    case 'search': {
      const terms = searchTerms(scope.q);
      if (!terms.length) return sql`false`;
      // Every word must appear (accents and case ignored) or be close to a word of the text (typos).
      // Written as a union of two trigram index reads: as one OR the planner scans every product and
      // computes word_similarity for each (its cost is underestimated), 260 ms instead of 60 at medium.
      return sql.join(
        terms.map(
          (t) =>
            sql`p.id in (select id from products where search_text like comptoir_unaccent(lower(${t.like})) union select id from products where comptoir_unaccent(lower(${t.word})) <% search_text)`,
        ),
        sql` and `,
      );
    }
    case 'deals':
      return sql`o.compare_at_cents > o.price_cents`;
    case 'all':
      return sql`true`;
  }
}

function relevanceSql(scope: ListingScope): SQL {
  if (scope.kind !== 'search') return sql`0`;
  const terms = searchTerms(scope.q);
  if (!terms.length) return sql`0`;
  return sql.join(
    terms.map((t) => sql`(word_similarity(comptoir_unaccent(lower(${t.word})), p.search_text) + case when p.brand ilike ${t.like} then 0.5 else 0 end)`),
    sql` + `,
  );
}

function filterSql(f: ListingFilters): SQL {
  const parts: SQL[] = [];
  if (f.colours.length) parts.push(sql`v.colour in (${sql.join(f.colours.map((c) => sql`${c}`), sql`, `)})`);
  if (f.sizes.length) parts.push(sql`v.size in (${sql.join(f.sizes.map((s) => sql`${s}`), sql`, `)})`);
  if (f.sellers.length) parts.push(sql`s.slug in (${sql.join(f.sellers.map((s) => sql`${s}`), sql`, `)})`);
  if (f.minCents !== null) parts.push(sql`o.price_cents >= ${f.minCents}`);
  if (f.maxCents !== null) parts.push(sql`o.price_cents <= ${f.maxCents}`);
  if (f.inStock) parts.push(sql`o.stock > 0`);
  return parts.length ? sql.join(parts, sql` and `) : sql`true`;
}

function orderSql(f: ListingFilters): SQL {
  switch (f.sort) {
    case 'price_asc':
      return sql`m.price asc, p.created_at desc, p.id`;
    case 'price_desc':
      return sql`m.price desc, p.created_at desc, p.id`;
    case 'relevance':
      return sql`score desc, p.created_at desc, p.id`;
    case 'new':
      return sql`p.created_at desc, p.id`;
  }
}

type CardRow = {
  id: string;
  slug: string;
  brand: string;
  title: I18nText;
  price: number;
  compare_at: number | null;
  seller_name: string;
  seller_count: number;
  in_stock: boolean;
  image_url: string | null;
  colour_hexes: string[] | null;
  total: number;
};

/**
 * One page of a listing, with its total, in one query. `ranked`: a search's matches in order of
 * relevance (searchRanking, kept across sales by shape-cache.ts); without it the search is read whole.
 */
export async function listProducts(db: DbOrTx, scope: ListingScope, f: ListingFilters, pageSize = PAGE_SIZE, ranked?: readonly string[]): Promise<Listing> {
  const res = !readsCards(scope, f)
    ? await offersPage(db, scope, f, pageSize)
    : scope.kind === 'search' && ranked
      ? await rankedPage(db, ranked, f, pageSize)
      : await cardsPage(db, scope, f, pageSize);
  const rows = res.rows;
  const total = rows[0]?.total ?? 0;
  return {
    cards: rows.map((r) => ({
      id: r.id,
      slug: r.slug,
      brand: r.brand,
      title: r.title,
      priceCents: r.price,
      compareAtCents: r.compare_at !== null && r.compare_at > r.price ? r.compare_at : null,
      sellerName: r.seller_name,
      sellerCount: r.seller_count,
      inStock: r.in_stock,
      imageUrl: r.image_url,
      colourHexes: (r.colour_hexes ?? []).slice(0, 6),
    })),
    total,
    page: f.page,
    pages: Math.max(1, Math.ceil(total / pageSize)),
  };
}

/**
 * Whether the stored cards (product_cards, decision 0033) answer this listing: every scope but one
 * seller's shop (whose cards show that seller's own offer), with no filter but "in stock" — a colour,
 * size, seller or price filter chooses among a product's offers, so those listings aggregate the offers.
 */
export function readsCards(scope: ListingScope, f: ListingFilters): boolean {
  return scope.kind !== 'seller' && !f.colours.length && !f.sizes.length && !f.sellers.length && f.minCents === null && f.maxCents === null;
}

function cardScopeSql(scope: ListingScope, f: ListingFilters): SQL {
  const stock = f.inStock ? sql`c.in_stock` : sql`true`;
  switch (scope.kind) {
    case 'category':
      return sql`true`; // its scope and "in stock" are in cardsFrom and countSql
    case 'deals':
      return sql`c.compare_at_cents > c.price_cents and ${stock}`;
    default:
      return sql`${scopeSql(scope)} and ${stock}`;
  }
}

/**
 * The cards a listing reads. A category's are read category by category (itself, then its
 * sub-categories, `categoryIds`), each in the listing's order and cut at the end of the page (`upTo`
 * rows), merged: the page never sorts the whole category. (One read for the sub-categories let the
 * planner walk every card of the shop when there were none.)
 */
function cardsFrom(scope: ListingScope, f: ListingFilters, upTo: number, categoryIds: readonly string[]): SQL {
  switch (scope.kind) {
    case 'category': {
      const stock = f.inStock ? sql` and c.in_stock` : sql``;
      const order = cardOrderSql(f.sort === 'relevance' ? { ...f, sort: 'new' } : f, 'c');
      const reads = categoryIds.map((id) => sql`(select c.* from product_cards c where c.category_id = ${id}${stock} order by ${order} limit ${upTo})`);
      return sql`(${sql.join(reads, sql` union all `)}) c`;
    }
    case 'search':
      return sql`product_cards c join products p on p.id = c.product_id`;
    default:
      return sql`product_cards c`;
  }
}

/** How many cards the listing has (an index-only count). */
function countSql(scope: ListingScope, f: ListingFilters, categoryIds: readonly string[]): SQL {
  if (scope.kind !== 'category') return sql`(select count(*)::int from ${cardsFrom(scope, f, 0, categoryIds)} where ${cardScopeSql(scope, f)})`;
  // An array literal as one parameter (drizzle would spread a JS array into a list): uuids only.
  return sql`(select count(*)::int from product_cards c where c.category_id = any(${`{${categoryIds.join(',')}}`}::uuid[])${f.inStock ? sql` and c.in_stock` : sql``})`;
}

function cardOrderSql(f: ListingFilters, t: 'c' | 'pg'): SQL {
  const a = sql.raw(t);
  switch (f.sort) {
    case 'price_asc':
      return sql`${a}.price_cents asc, ${a}.created_at desc, ${a}.product_id`;
    case 'price_desc':
      return sql`${a}.price_cents desc, ${a}.created_at desc, ${a}.product_id`;
    case 'relevance': // inside the page's select, score is the select's own column
      return sql`${t === 'c' ? sql`score` : sql`pg.score`} desc, ${a}.created_at desc, ${a}.product_id`;
    case 'new':
      return sql`${a}.created_at desc, ${a}.product_id`;
  }
}

/** A category's sub-categories (when the caller did not read them with the category). */
async function subCategories(db: DbOrTx, id: string): Promise<string[]> {
  const res = await db.execute<{ id: string }>(sql`select id from categories where parent_id = ${id} order by id`);
  return res.rows.map((r) => r.id);
}

/**
 * A page of stored cards read in the order of an index (category, date or price), the total counted on
 * the cards alone: the cost follows the page, not the scope (search still scores every match).
 */
async function cardsPage(db: DbOrTx, scope: ListingScope, f: ListingFilters, pageSize: number) {
  const search = scope.kind === 'search';
  const categoryIds = scope.kind === 'category' ? [scope.categoryId, ...(scope.childIds ?? (await subCategories(db, scope.categoryId)))] : [];
  const from = cardsFrom(scope, f, f.page * pageSize, categoryIds);
  const where = cardScopeSql(scope, f);
  // A search reads every match anyway (to score it): it counts them on the way; other scopes count
  // the cards on their own (an index-only count) and read only the page.
  return db.execute<CardRow>(sql`
    with pg as (
      select c.*, ${relevanceSql(scope)} as score${search ? sql`, count(*) over ()::int as total` : sql``} from ${from}
      where ${where}
      order by ${cardOrderSql(f, 'c')}
      limit ${pageSize} offset ${(f.page - 1) * pageSize}
    )
    select p.id, p.slug, p.brand, p.title, pg.price_cents as price, pg.compare_at_cents as compare_at, pg.seller_name, pg.seller_count, pg.in_stock, pg.colour_hexes,
      (select pi.url from product_images pi where pi.product_id = p.id order by pi.position limit 1) as image_url,
      ${search ? sql`pg.total` : sql`${countSql(scope, f, categoryIds)} as total`}
    from pg join products p on p.id = pg.product_id
    order by ${cardOrderSql(f, 'pg')}`);
}

/** Every sellable product matching a search, most relevant first (the order of a relevance listing). */
export async function searchRanking(db: DbOrTx, q: string): Promise<string[]> {
  const scope = { kind: 'search', q } as const;
  const res = await db.execute<{ id: string }>(sql`
    select c.product_id as id from product_cards c join products p on p.id = c.product_id
    where ${scopeSql(scope)}
    order by ${relevanceSql(scope)} desc, c.created_at desc, c.product_id`);
  return res.rows.map((r) => r.id);
}

/**
 * A page of a search whose matches are known (`ranked`, most relevant first): by relevance, only the
 * page's cards are read and the total is the number of matches; by price or "in stock", the matches'
 * cards are read by key (never the search again).
 */
function rankedPage(db: DbOrTx, ranked: readonly string[], f: ListingFilters, pageSize: number) {
  const offset = (f.page - 1) * pageSize;
  const whole = f.sort !== 'relevance' || f.inStock;
  const ids = whole ? ranked : ranked.slice(offset, offset + pageSize);
  // An array literal as one parameter (drizzle would spread a JS array into a list): uuids only.
  const literal = `{${ids.join(',')}}`;
  const order = f.sort === 'relevance' ? sql`u.n, c.product_id` : cardOrderSql(f, 'c');
  return db.execute<CardRow>(sql`
    with pg as (
      select c.*, u.n${whole ? sql`, count(*) over ()::int as total` : sql``}
      from unnest(${literal}::uuid[]) with ordinality as u(id, n) join product_cards c on c.product_id = u.id
      ${f.inStock ? sql`where c.in_stock` : sql``}
      order by ${order}
      ${whole ? sql`limit ${pageSize} offset ${offset}` : sql``}
    )
    select p.id, p.slug, p.brand, p.title, pg.price_cents as price, pg.compare_at_cents as compare_at, pg.seller_name, pg.seller_count, pg.in_stock, pg.colour_hexes,
      (select pi.url from product_images pi where pi.product_id = p.id order by pi.position limit 1) as image_url,
      ${whole ? sql`pg.total` : sql`${ranked.length}::int as total`}
    from pg join products p on p.id = pg.product_id
    order by ${f.sort === 'relevance' ? sql`pg.n, pg.product_id` : cardOrderSql(f, 'pg')}`);
}

/** A page aggregated from the offers of the whole scope (filtered listings and sellers' shops). */
function offersPage(db: DbOrTx, scope: ListingScope, f: ListingFilters, pageSize: number) {
  const best = sql`order by (o.stock > 0) desc, o.price_cents, o.id`;
  return db.execute<CardRow>(sql`
    with m as (
      select p.id,
        (array_agg(o.price_cents ${best}))[1] as price,
        (array_agg(o.compare_at_cents ${best}))[1] as compare_at,
        (array_agg(s.name ${best}))[1] as seller_name,
        count(distinct s.id)::int as seller_count,
        bool_or(o.stock > 0) as in_stock,
        array_agg(distinct v.colour_hex) as colour_hexes
      from products p
      join variants v on v.product_id = p.id
      join offers o on o.variant_id = v.id
      join sellers s on s.id = o.seller_id
      where ${SELLABLE} and ${scopeSql(scope)} and ${filterSql(f)}
      group by p.id
    )
    select p.id, p.slug, p.brand, p.title, m.price, m.compare_at, m.seller_name, m.seller_count, m.in_stock, m.colour_hexes,
      (select pi.url from product_images pi where pi.product_id = p.id order by pi.position limit 1) as image_url,
      ${relevanceSql(scope)} as score,
      count(*) over ()::int as total
    from m join products p on p.id = m.id
    order by ${orderSql(f)}
    limit ${pageSize} offset ${(f.page - 1) * pageSize}`);
}

export type Facets = {
  colours: { code: string; name: I18nText; hex: string }[];
  sizes: string[];
  /** The sellers offered as a filter: the most present ones, plus any already chosen; by name. */
  sellers: { slug: string; name: string }[];
  /** How many sellers have an offer in the scope (more than `sellers` when the list is capped). */
  sellersTotal: number;
  minCents: number | null;
  maxCents: number | null;
};

/**
 * At most this many sellers in a listing's filter: a department with 1,000 shops would otherwise list
 * every one of them (the page grew from 46 KB to 135 KB between 100 and 1,000 sellers). The sellers
 * with the most products in the scope are kept; a chosen seller is always shown, checked.
 */
export const SELLER_FACET_MAX = 15;

/** The choices a listing's filters offer, over the whole scope (one query, one row per choice). */
export async function listingFacets(db: DbOrTx, scope: ListingScope, chosenSellers: readonly string[] = []): Promise<Facets> {
  const res = await db.execute<{ colour: string | null; colour_name: I18nText; colour_hex: string; size: string | null; seller_slug: string | null; seller_name: string; products: number; min: number; max: number }>(sql`
    select v.colour, v.colour_name, v.colour_hex, v.size, s.slug as seller_slug, s.name as seller_name,
      count(distinct p.id)::int as products, min(o.price_cents)::int as min, max(o.price_cents)::int as max
    from products p
    join variants v on v.product_id = p.id
    join offers o on o.variant_id = v.id
    join sellers s on s.id = o.seller_id
    where ${SELLABLE} and ${scopeSql(scope)}
    group by grouping sets ((v.colour, v.colour_name, v.colour_hex), (v.size), (s.slug, s.name))`);
  const colours = new Map<string, Facets['colours'][number]>();
  const sizes = new Set<string>();
  const sellerRows: { slug: string; name: string; products: number }[] = [];
  let min: number | null = null;
  let max: number | null = null;
  for (const r of res.rows) {
    if (r.colour !== null && !colours.has(r.colour)) colours.set(r.colour, { code: r.colour, name: r.colour_name, hex: r.colour_hex });
    if (r.size !== null) sizes.add(r.size);
    if (r.seller_slug !== null) sellerRows.push({ slug: r.seller_slug, name: r.seller_name, products: r.products });
    min = min === null ? r.min : Math.min(min, r.min);
    max = max === null ? r.max : Math.max(max, r.max);
  }
  const biggest = [...sellerRows].sort((a, b) => b.products - a.products || a.name.localeCompare(b.name, 'fr')).slice(0, SELLER_FACET_MAX);
  const shown = new Set(biggest.map((x) => x.slug));
  for (const r of sellerRows) if (chosenSellers.includes(r.slug)) shown.add(r.slug);
  return {
    colours: [...colours.values()].sort((a, b) => a.name.fr.localeCompare(b.name.fr, 'fr')),
    sizes: [...sizes].sort(compareSizes),
    sellers: sellerRows
      .filter((r) => shown.has(r.slug))
      .map(({ slug, name }) => ({ slug, name }))
      .sort((a, b) => a.name.localeCompare(b.name, 'fr')),
    sellersTotal: sellerRows.length,
    minCents: min,
    maxCents: max,
  };
}

/** A category and the ids of its sub-categories (a listing reads them one by one, in one statement). */
export async function categoryBySlug(db: DbOrTx, slug: string) {
  const [c] = await db
    .select({ category: categories, childIds: sql<string[]>`array(select ch.id from ${categories} ch where ch.parent_id = ${categories}.id order by ch.id)` })
    .from(categories)
    .where(eq(categories.slug, slug));
  return c ? { ...c.category, childIds: c.childIds } : null;
}

export type ProductPageData = {
  product: typeof products.$inferSelect & { categorySlug: string; categoryName: I18nText };
  images: { url: string; colour: string | null; width: number; height: number }[];
  variants: PageVariant<I18nText>[];
};

type PageOfferRow = {
  variant_id: string;
  colour: string;
  colour_name: I18nText;
  colour_hex: string;
  size: string;
  position: number;
  offer_id: string | null;
  seller_id: string | null;
  seller_slug: string | null;
  seller_name: string | null;
  price_cents: number | null;
  compare_at_cents: number | null;
  stock: number | null;
  lead_time_days: number | null;
};

/**
 * A product page's data in one statement: the product and its category, its pictures and its variants
 * with their sellable offers as JSON arrays (a product page is read after every sale — the page cache
 * is emptied — and each statement is a round trip: issue 11).
 */
export async function loadProductPage(db: DbOrTx, slug: string): Promise<ProductPageData | null> {
  const [p] = await db
    .select({
      product: products,
      categorySlug: categories.slug,
      categoryName: categories.name,
      images: sql<ProductPageData['images']>`coalesce((
        select json_agg(json_build_object('url', pi.url, 'colour', pi.colour, 'width', pi.width, 'height', pi.height) order by pi.position)
        from product_images pi where pi.product_id = ${products.id}), '[]'::json)`,
      rows: sql<PageOfferRow[]>`coalesce((
        select json_agg(json_build_object(
            'variant_id', v.id, 'colour', v.colour, 'colour_name', v.colour_name, 'colour_hex', v.colour_hex, 'size', v.size, 'position', v.position,
            'offer_id', o.id, 'seller_id', s.id, 'seller_slug', s.slug, 'seller_name', s.name, 'price_cents', o.price_cents,
            'compare_at_cents', o.compare_at_cents, 'stock', o.stock, 'lead_time_days', o.lead_time_days)
          order by v.position, v.id)
        from variants v
        left join (offers o join ${sellers} s on s.id = o.seller_id and s.status = 'active') on o.variant_id = v.id and o.active
        where v.product_id = ${products.id}), '[]'::json)`,
    })
    .from(products)
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .where(eq(products.slug, slug));
  if (!p) return null;
  const byId = new Map<string, PageVariant<I18nText>>();
  for (const r of p.rows) {
    let v = byId.get(r.variant_id);
    if (!v) byId.set(r.variant_id, (v = { variantId: r.variant_id, colour: r.colour, colourName: r.colour_name, colourHex: r.colour_hex, size: r.size, position: r.position, offers: [] }));
    if (r.offer_id) {
      v.offers.push({
        offerId: r.offer_id,
        sellerId: r.seller_id!,
        sellerSlug: r.seller_slug!,
        sellerName: r.seller_name!,
        priceCents: r.price_cents!,
        compareAtCents: r.compare_at_cents,
        stock: r.stock!,
        leadTimeDays: r.lead_time_days!,
      });
    }
  }
  return { product: { ...p.product, categorySlug: p.categorySlug, categoryName: p.categoryName }, images: p.images, variants: [...byId.values()].filter((v) => v.offers.length > 0) };
}

/** The home page's category tiles: each category with one picture of its newest product (one query). */
export async function categoryTiles(db: DbOrTx): Promise<{ slug: string; name: I18nText; imageUrl: string | null; count: number }[]> {
  const res = await db.execute<{ slug: string; name: I18nText; image_url: string | null; count: number }>(sql`
    select c.slug, c.name,
      (select pi.url from products p join product_images pi on pi.product_id = p.id where p.category_id = c.id order by p.created_at desc, pi.position limit 1) as image_url,
      (select count(*)::int from products p where p.category_id = c.id) as count
    from categories c where c.parent_id is null order by c.position, c.slug`);
  return res.rows.map((r) => ({ slug: r.slug, name: r.name, imageUrl: r.image_url, count: r.count }));
}
