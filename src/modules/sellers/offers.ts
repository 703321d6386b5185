import { z } from 'zod';
import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import type { I18nText } from '../../shared/i18n-text.js';
import { eurosToCents } from '../catalog/rules.js';
import { offers } from '../catalog/schema.js';
import { sellers } from './schema.js';

/**
 * The seller's own offers and rules. Every read and write is scoped by the seller id taken from the
 * back-office session: another seller's offer id is not found, exactly like a missing one.
 */

export const OFFERS_PAGE = 50;

export type SellerOfferRow = {
  id: string;
  productSlug: string;
  title: I18nText;
  brand: string;
  colourName: I18nText;
  size: string;
  sku: string;
  priceCents: number;
  compareAtCents: number | null;
  vatRateBps: number;
  stock: number;
  leadTimeDays: number;
  active: boolean;
};

/** A page of the seller's offers, filtered by product title, brand or SKU, in a stable order. */
export async function listSellerOffers(db: DbOrTx, sellerId: string, opts: { q: string; page: number }): Promise<{ rows: SellerOfferRow[]; more: boolean }> {
  const like = `%${opts.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const filter = opts.q ? sql`and (p.search_text like comptoir_unaccent(lower(${like})) or v.sku ilike ${like})` : sql``;
  const res = await db.execute<{
    id: string;
    product_slug: string;
    title: I18nText;
    brand: string;
    colour_name: I18nText;
    size: string;
    sku: string;
    price_cents: number;
    compare_at_cents: number | null;
    vat_rate_bps: number;
    stock: number;
    lead_time_days: number;
    active: boolean;
  }>(sql`
    select o.id, p.slug as product_slug, p.title, p.brand, v.colour_name, v.size, v.sku, o.price_cents, o.compare_at_cents, o.vat_rate_bps, o.stock, o.lead_time_days, o.active
    from offers o join variants v on v.id = o.variant_id join products p on p.id = v.product_id
    where o.seller_id = ${sellerId} ${filter}
    order by p.brand, p.title->>'fr', v.position, v.sku, o.id
    limit ${OFFERS_PAGE + 1} offset ${(opts.page - 1) * OFFERS_PAGE}`);
  const rows = res.rows.slice(0, OFFERS_PAGE).map((r) => ({
    id: r.id,
    productSlug: r.product_slug,
    title: r.title,
    brand: r.brand,
    colourName: r.colour_name,
    size: r.size,
    sku: r.sku,
    priceCents: r.price_cents,
    compareAtCents: r.compare_at_cents,
    vatRateBps: r.vat_rate_bps,
    stock: r.stock,
    leadTimeDays: r.lead_time_days,
    active: r.active,
  }));
  return { rows, more: res.rows.length > OFFERS_PAGE };
}

// ---------------------------------------------------------------- forms

// Amounts typed in euros ("24,95", "24.9", "7") become cents with the catalogue's own reading.
const euros = z
  .string()
  .trim()
  .min(1)
  .refine((s) => eurosToCents(s) !== null, { message: 'msg:price_format' })
  .transform((s) => eurosToCents(s)!);
const optionalEuros = z
  .string()
  .trim()
  .optional()
  .refine((s) => !s || eurosToCents(s) !== null, { message: 'msg:price_format' })
  .transform((s) => (s ? eurosToCents(s) : null));
const wholeNumber = (max: number, maxKey: string) =>
  z
    .string()
    .trim()
    .min(1)
    .regex(/^\d{1,7}$/, { message: 'msg:whole_number' })
    .transform(Number)
    .refine((n) => n <= max, { message: `msg:${maxKey}` });

export const offerForm = z
  .object({
    price: euros.refine((c) => c > 0, { message: 'msg:price_positive' }),
    compareAt: optionalEuros,
    stock: wholeNumber(100_000, 'max_stock'),
    leadTimeDays: wholeNumber(60, 'max_lead'),
    active: z
      .union([z.literal('on'), z.literal('1')])
      .optional()
      .transform((v) => v !== undefined),
  })
  .superRefine((v, ctx) => {
    if (v.compareAt !== null && v.compareAt <= v.price) ctx.addIssue({ code: 'custom', path: ['compareAt'], message: 'msg:compare_above' });
  });
export type OfferInput = z.output<typeof offerForm>;

export async function offerBelongsTo(db: DbOrTx, sellerId: string, offerId: string): Promise<boolean> {
  const rows = await db
    .select({ id: offers.id })
    .from(offers)
    .where(and(eq(offers.id, offerId), eq(offers.sellerId, sellerId)));
  return rows.length > 0;
}

/** Updates one of the seller's offers; `not_found` for an offer of another seller or none. */
export async function updateOffer(deps: Deps, sellerId: string, offerId: string, input: OfferInput, tx?: Tx): Promise<{ ok: true } | { ok: false; code: 'not_found' }> {
  // `tx`: the seller API's bulk update applies many offers in one transaction.
  const rows = await (tx ?? deps.db)
    .update(offers)
    .set({ priceCents: input.price, compareAtCents: input.compareAt, stock: input.stock, leadTimeDays: input.leadTimeDays, active: input.active, updatedAt: deps.clock.now() })
    .where(and(eq(offers.id, offerId), eq(offers.sellerId, sellerId)))
    .returning({ id: offers.id });
  return rows.length ? { ok: true } : { ok: false, code: 'not_found' };
}

const i18n = (max: number, required: boolean) => (required ? z.string().trim().min(1).max(max) : z.string().trim().max(max).optional().default(''));

export const policyForm = z.object({
  returnWindowDays: wholeNumber(365, 'max_window').refine((n) => n >= 14, { message: 'msg:return_window_min' }),
  returnShippingPaidBy: z.enum(['customer', 'seller']),
  conditionsFr: i18n(1000, true),
  conditionsNl: i18n(1000, false),
  conditionsEn: i18n(1000, false),
  textFr: i18n(4000, false),
  textNl: i18n(4000, false),
  textEn: i18n(4000, false),
  shippingFee: euros,
  freeFrom: optionalEuros,
});
export type PolicyInput = z.output<typeof policyForm>;

export async function getSeller(db: DbOrTx, sellerId: string) {
  const [s] = await db.select().from(sellers).where(eq(sellers.id, sellerId));
  return s ?? null;
}

/** The seller's return policy and shipping rule; an empty translation falls back to the French text. */
export async function updatePolicy(deps: Deps, sellerId: string, input: PolicyInput): Promise<void> {
  const tri = (fr: string, nl: string, en: string): I18nText => ({ fr, nl: nl || fr, en: en || fr });
  await deps.db
    .update(sellers)
    .set({
      returnWindowDays: input.returnWindowDays,
      returnShippingPaidBy: input.returnShippingPaidBy,
      returnConditions: tri(input.conditionsFr, input.conditionsNl, input.conditionsEn),
      returnText: tri(input.textFr, input.textNl, input.textEn),
      shippingFeeCents: input.shippingFee,
      freeShippingFromCents: input.freeFrom,
    })
    .where(eq(sellers.id, sellerId));
}
