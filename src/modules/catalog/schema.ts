import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import type { I18nText } from '../../shared/i18n-text.js';
import { sellers } from '../sellers/schema.js';

export const categories = pgTable(
  'categories',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull(),
    parentId: uuid('parent_id').references((): AnyPgColumn => categories.id),
    name: jsonb('name').$type<I18nText>().notNull(),
    position: integer('position').notNull().default(0),
  },
  (t) => [uniqueIndex('categories_slug_uq').on(t.slug)],
);

export const products = pgTable(
  'products',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull(),
    categoryId: uuid('category_id')
      .notNull()
      .references(() => categories.id),
    brand: text('brand').notNull(),
    title: jsonb('title').$type<I18nText>().notNull(),
    description: jsonb('description').$type<I18nText>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /**
     * What search matches: brand and the titles in the three languages, lower-cased and without
     * accents (comptoir_unaccent, migration 0010), kept by PostgreSQL; a trigram GIN index serves
     * LIKE and word similarity (typos) on it.
     */
    searchText: text('search_text')
      .notNull()
      .generatedAlwaysAs(
        sql`comptoir_unaccent(lower(brand || ' ' || coalesce(title->>'fr', '') || ' ' || coalesce(title->>'nl', '') || ' ' || coalesce(title->>'en', '')))`,
      ),
  },
  (t) => [
    uniqueIndex('products_slug_uq').on(t.slug),
    index('products_category_idx').on(t.categoryId, t.createdAt),
    index('products_search_trgm_idx').using('gin', t.searchText.op('gin_trgm_ops')),
  ],
);

export const productImages = pgTable(
  'product_images',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    position: integer('position').notNull().default(0),
    /** Path under /static (e.g. /static/img/products/x.svg) */
    url: text('url').notNull(),
    colour: text('colour'),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
  },
  (t) => [index('product_images_product_idx').on(t.productId, t.position)],
);

export const variants = pgTable(
  'variants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    sku: text('sku').notNull(),
    colour: text('colour').notNull(), // a colour code, e.g. "navy"
    colourName: jsonb('colour_name').$type<I18nText>().notNull(),
    colourHex: text('colour_hex').notNull(),
    size: text('size').notNull(), // "S", "M", "42", "One size"
    position: integer('position').notNull().default(0),
  },
  (t) => [uniqueIndex('variants_sku_uq').on(t.sku), index('variants_product_idx').on(t.productId)],
);

/** A seller's offer for one variant: its price (incl. VAT, cents), VAT rate, stock and lead time. */
export const offers = pgTable(
  'offers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    variantId: uuid('variant_id')
      .notNull()
      .references(() => variants.id, { onDelete: 'cascade' }),
    sellerId: uuid('seller_id')
      .notNull()
      .references(() => sellers.id),
    priceCents: integer('price_cents').notNull(),
    compareAtCents: integer('compare_at_cents'),
    vatRateBps: integer('vat_rate_bps').notNull().default(2100),
    stock: integer('stock').notNull(),
    leadTimeDays: integer('lead_time_days').notNull().default(2),
    active: boolean('active').notNull().default(true),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('offers_variant_seller_uq').on(t.variantId, t.sellerId),
    // The seller API lists a seller's offers least recently changed first (keyset on updated_at, id);
    // the leading seller_id also serves every "offers of this seller" lookup.
    index('offers_seller_updated_idx').on(t.sellerId, t.updatedAt, t.id),
    check('offers_stock_nonneg', sql`${t.stock} >= 0`),
    check('offers_price_pos', sql`${t.priceCents} > 0`),
  ],
);

/**
 * One row per product a shopper can buy (at least one active offer of an active seller), with what its
 * card in a listing shows — kept by PostgreSQL triggers on offers, variants, sellers and products
 * (migration 0026, decision 0033). Listings without filters read it in index order and stop at the
 * page, instead of aggregating every offer of the scope on each request.
 */
export const productCards = pgTable(
  'product_cards',
  {
    productId: uuid('product_id')
      .primaryKey()
      .references(() => products.id, { onDelete: 'cascade' }),
    categoryId: uuid('category_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** The best offer (in stock first, then the lowest price): its price, former price and seller. */
    priceCents: integer('price_cents').notNull(),
    compareAtCents: integer('compare_at_cents'),
    sellerName: text('seller_name').notNull(),
    sellerCount: integer('seller_count').notNull(),
    inStock: boolean('in_stock').notNull(),
    colourHexes: text('colour_hexes').array().notNull(),
  },
  // DESC NULLS FIRST is what `order by created_at desc` means: with drizzle's default (NULLS LAST) the
  // planner cannot read these indexes in a listing's order, and sorts the whole category instead.
  (t) => [
    index('product_cards_category_new_idx').on(t.categoryId, t.createdAt.desc().nullsFirst(), t.productId),
    index('product_cards_category_price_idx').on(t.categoryId, t.priceCents, t.createdAt.desc().nullsFirst(), t.productId),
    index('product_cards_new_idx').on(t.createdAt.desc().nullsFirst(), t.productId),
    // "Promotions" (the home page's deals): counted and listed without reading every card.
    index('product_cards_deals_idx').on(t.createdAt.desc().nullsFirst(), t.productId).where(sql`${t.compareAtCents} > ${t.priceCents}`),
  ],
);
