import { and, asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import type { I18nText } from '../../shared/i18n-text.js';
import { offers, products, variants } from '../catalog/schema.js';
import { sellers } from '../sellers/schema.js';

export type QuestionProduct = {
  id: string;
  slug: string;
  brand: string;
  title: I18nText;
  image: string | null;
  variants: { id: string; colour: string; colourName: I18nText; size: string }[];
  /** The sellers with an active offer on this product, cheapest first, with the variants they offer. */
  sellers: { id: string; name: string; fromCents: number; offerIds: string[]; variantIds: string[] }[];
  /** offer id → its variant and seller (to fill the form from ?offer=). */
  offers: Map<string, { variantId: string; sellerId: string }>;
};

/**
 * What the question form needs about a product: its variants and who sells it. Read-only lookups on
 * the catalogue's tables, in two queries.
 */
export async function productForQuestion(db: DbOrTx, slug: string): Promise<QuestionProduct | null> {
  const [p] = await db
    .select({
      id: products.id,
      slug: products.slug,
      brand: products.brand,
      title: products.title,
      // Qualified by hand: drizzle leaves columns unqualified in a one-table query, and "id" would be the picture's.
      image: sql<string | null>`(select pi.url from product_images pi where pi.product_id = products.id order by pi.position limit 1)`,
    })
    .from(products)
    .where(eq(products.slug, slug));
  if (!p) return null;
  const rows = await db
    .select({
      variantId: variants.id,
      colour: variants.colour,
      colourName: variants.colourName,
      size: variants.size,
      offerId: offers.id,
      sellerId: sellers.id,
      sellerName: sellers.name,
      price: offers.priceCents,
    })
    .from(variants)
    .leftJoin(offers, and(eq(offers.variantId, variants.id), eq(offers.active, true)))
    .leftJoin(sellers, and(eq(sellers.id, offers.sellerId), eq(sellers.status, 'active')))
    .where(eq(variants.productId, p.id))
    .orderBy(asc(variants.position), asc(variants.colour), asc(variants.size), asc(offers.priceCents));
  const vs = new Map<string, QuestionProduct['variants'][number]>();
  const ss = new Map<string, QuestionProduct['sellers'][number]>();
  const os = new Map<string, { variantId: string; sellerId: string }>();
  for (const r of rows) {
    if (!vs.has(r.variantId)) vs.set(r.variantId, { id: r.variantId, colour: r.colour, colourName: r.colourName, size: r.size });
    if (!r.offerId || !r.sellerId || !r.sellerName) continue;
    os.set(r.offerId, { variantId: r.variantId, sellerId: r.sellerId });
    const s = ss.get(r.sellerId) ?? { id: r.sellerId, name: r.sellerName, fromCents: r.price ?? 0, offerIds: [], variantIds: [] };
    s.offerIds.push(r.offerId);
    s.variantIds.push(r.variantId);
    s.fromCents = Math.min(s.fromCents, r.price ?? s.fromCents);
    ss.set(r.sellerId, s);
  }
  const sellerList = [...ss.values()].sort((a, b) => a.fromCents - b.fromCents || a.name.localeCompare(b.name));
  return { ...p, variants: [...vs.values()], sellers: sellerList, offers: os };
}

/** The variant the page was opened for: the offer's, else the one with ?colour=&size=, else none. */
export function chosenVariant(p: QuestionProduct, q: { offer?: unknown; colour?: unknown; size?: unknown }): { variantId: string | null; sellerId: string | null } {
  const offer = typeof q.offer === 'string' ? p.offers.get(q.offer) : undefined;
  if (offer) return { variantId: offer.variantId, sellerId: offer.sellerId };
  const colour = typeof q.colour === 'string' ? q.colour : null;
  const size = typeof q.size === 'string' ? q.size : null;
  const v = colour ? (p.variants.find((x) => x.colour === colour && (!size || x.size === size)) ?? null) : null;
  return { variantId: v?.id ?? null, sellerId: p.sellers.length === 1 ? p.sellers[0]!.id : null };
}
