/**
 * The catalogue's pure rules: what a listing's query string means (filters, sort, page), how search
 * words are cut and escaped, the order of sizes, and which variant and offer a product page shows.
 * No I/O; unit-tested in rules.test.ts.
 */

export const PAGE_SIZE = 24;
export const MAX_PAGE = 500;
export const SORTS = ['relevance', 'new', 'price_asc', 'price_desc'] as const;
export type Sort = (typeof SORTS)[number];

export type ListingFilters = {
  colours: string[];
  sizes: string[];
  sellers: string[];
  /** Price bounds in cents, incl. VAT. */
  minCents: number | null;
  maxCents: number | null;
  inStock: boolean;
  sort: Sort;
  page: number;
};

const many = (v: unknown): string[] => {
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return [...new Set(list.filter((x): x is string => typeof x === 'string' && x.length > 0 && x.length <= 40))].slice(0, 20);
};

/** "25", "25,50" or "25.5" euros → cents; anything else is ignored (null). */
export function eurosToCents(v: unknown): number | null {
  if (typeof v !== 'string') return null;
  const m = /^\s*(\d{1,6})(?:[.,](\d{1,2}))?\s*$/.exec(v);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
}

/**
 * A listing's GET parameters, read leniently: a filter is a link anyone may edit, so an unknown or
 * malformed value is ignored rather than refused. `searching` makes relevance the default sort.
 */
export function parseListing(query: Record<string, unknown>, searching: boolean): ListingFilters {
  const sort = SORTS.includes(query.sort as Sort) ? (query.sort as Sort) : searching ? 'relevance' : 'new';
  const page = typeof query.page === 'string' && /^\d{1,4}$/.test(query.page) ? Math.min(Math.max(1, Number(query.page)), MAX_PAGE) : 1;
  let minCents = eurosToCents(query.min);
  let maxCents = eurosToCents(query.max);
  if (minCents !== null && maxCents !== null && minCents > maxCents) [minCents, maxCents] = [maxCents, minCents];
  return {
    colours: many(query.colour),
    sizes: many(query.size),
    sellers: many(query.seller),
    minCents,
    maxCents,
    inStock: query.stock === '1',
    sort: sort === 'relevance' && !searching ? 'new' : sort,
    page,
  };
}

/** The query string of a listing with some parameters changed (pagination, sort links). */
export function listingQuery(f: ListingFilters, q: string | null, change: Partial<ListingFilters> = {}): string {
  const x = { ...f, ...change };
  const p = new URLSearchParams();
  if (q) p.set('q', q);
  for (const c of x.colours) p.append('colour', c);
  for (const s of x.sizes) p.append('size', s);
  for (const s of x.sellers) p.append('seller', s);
  if (x.minCents !== null) p.set('min', centsToEuros(x.minCents));
  if (x.maxCents !== null) p.set('max', centsToEuros(x.maxCents));
  if (x.inStock) p.set('stock', '1');
  if (x.sort !== (q ? 'relevance' : 'new')) p.set('sort', x.sort);
  if (x.page > 1) p.set('page', String(x.page));
  const s = p.toString();
  return s ? `?${s}` : '';
}

export function centsToEuros(cents: number): string {
  return cents % 100 === 0 ? String(cents / 100) : (cents / 100).toFixed(2).replace('.', ',');
}

export function activeFilterCount(f: ListingFilters): number {
  return f.colours.length + f.sizes.length + f.sellers.length + (f.minCents !== null ? 1 : 0) + (f.maxCents !== null ? 1 : 0) + (f.inStock ? 1 : 0);
}

/**
 * Search words: the query cut at white space, at most 6 words of at most 40 characters. Each word
 * comes with its LIKE pattern, in which % _ and \ are escaped: they are text, not wildcards.
 */
export function searchTerms(q: string): { word: string; like: string }[] {
  return q
    .normalize('NFC')
    .split(/\s+/u)
    .filter((w) => w.length > 0)
    .slice(0, 6)
    .map((w) => w.slice(0, 40))
    .map((word) => ({ word, like: `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%` }));
}

const SIZE_ORDER = ['XXS', 'XS', 'S', 'M', 'L', 'XL', 'XXL', 'XXXL'];

/** Sizes in the order a shopper expects: letter sizes, then numbers (36, 38, 2 ans…), then the rest. */
export function compareSizes(a: string, b: string): number {
  const ia = SIZE_ORDER.indexOf(a.toUpperCase());
  const ib = SIZE_ORDER.indexOf(b.toUpperCase());
  if (ia >= 0 || ib >= 0) return ia < 0 ? 1 : ib < 0 ? -1 : ia - ib;
  const na = parseFloat(a.replace(',', '.'));
  const nb = parseFloat(b.replace(',', '.'));
  if (!Number.isNaN(na) || !Number.isNaN(nb)) {
    if (Number.isNaN(na)) return 1;
    if (Number.isNaN(nb)) return -1;
    if (na !== nb) return na - nb;
  }
  return a.localeCompare(b, 'fr');
}

// ---------------------------------------------------------------- the product page

export type PageOffer = {
  offerId: string;
  sellerId: string;
  sellerSlug: string;
  sellerName: string;
  priceCents: number;
  compareAtCents: number | null;
  stock: number;
  leadTimeDays: number;
};
export type PageVariant<C = unknown> = { variantId: string; colour: string; colourName: C; colourHex: string; size: string; position: number; offers: PageOffer[] };

/** Best offer first: in stock before sold out, then the lowest price, then the shortest lead time. */
export function rankOffers(offers: readonly PageOffer[]): PageOffer[] {
  return [...offers].sort((a, b) => Number(b.stock > 0) - Number(a.stock > 0) || a.priceCents - b.priceCents || a.leadTimeDays - b.leadTimeDays || (a.offerId < b.offerId ? -1 : 1));
}

export const inStock = (v: PageVariant): boolean => v.offers.some((o) => o.stock > 0);

export type ProductSelection<C> = {
  colours: { colour: string; colourName: C; colourHex: string; available: boolean }[];
  sizes: { size: string; available: boolean; exists: boolean }[];
  variant: PageVariant<C> | null;
  /** The offer shown in the buy box (the asked one when it belongs to the variant, else the best). */
  offer: PageOffer | null;
  /** The other sellers' offers for the same variant. */
  others: PageOffer[];
};

/**
 * Which variant the product page shows for ?colour=…&size=… (and ?offer=…): the asked colour, else
 * the first colour with stock; the asked size in that colour, else its first size with stock, else
 * its first size. A sold-out variant can be chosen (it is shown as such, without "add to cart").
 */
export function selectVariant<C>(variants: readonly PageVariant<C>[], ask: { colour?: string; size?: string; offer?: string }): ProductSelection<C> {
  const ordered = [...variants].sort((a, b) => a.position - b.position || compareSizes(a.size, b.size));
  const colourOrder: string[] = [];
  for (const v of ordered) if (!colourOrder.includes(v.colour)) colourOrder.push(v.colour);
  const colours = colourOrder.map((c) => {
    const vs = ordered.filter((v) => v.colour === c);
    return { colour: c, colourName: vs[0]!.colourName, colourHex: vs[0]!.colourHex, available: vs.some(inStock) };
  });
  const colour = colours.find((c) => c.colour === ask.colour)?.colour ?? colours.find((c) => c.available)?.colour ?? colours[0]?.colour;
  const inColour = ordered.filter((v) => v.colour === colour).sort((a, b) => compareSizes(a.size, b.size));
  const allSizes = [...new Set(ordered.map((v) => v.size))].sort(compareSizes);
  const sizes = allSizes.map((s) => {
    const v = inColour.find((x) => x.size === s);
    return { size: s, exists: !!v, available: !!v && inStock(v) };
  });
  const variant = inColour.find((v) => v.size === ask.size) ?? inColour.find(inStock) ?? inColour[0] ?? null;
  const ranked = variant ? rankOffers(variant.offers) : [];
  const offer = ranked.find((o) => o.offerId === ask.offer) ?? ranked[0] ?? null;
  return { colours, sizes: sizes.filter((s) => s.exists), variant, offer, others: ranked.filter((o) => o !== offer) };
}
