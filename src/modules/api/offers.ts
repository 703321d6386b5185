import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.js';
import type { Locale } from '../../i18n/index.js';
import type { I18nText } from '../../shared/i18n-text.js';
import { centsToEuros } from '../catalog/rules.js';
import { offerForm, updateOffer, type OfferInput } from '../sellers/offers.js';
import { BulkOfferResult, BulkOfferUpdate, Offer, OfferList, OfferListQuery, OfferUpdate, type Output } from './contract.js';
import { CURSOR_TEXT, decodeCursor, encodeCursor } from './cursor.js';
import { defineOperation, type ApiContext } from './operation.js';
import type { FieldCode } from './problem-messages.js';
import { badCursor, fieldError, problem, type ApiResult, type FieldError } from './problems.js';

/**
 * Offers through the API. Changes go through the back office's own rules — the sellers module's
 * `offerForm` (so the limits cannot drift apart) — and its `updateOffer`; a bulk update applies
 * every row in one transaction, or none of them with every refused row listed.
 */

type OfferRow = {
  id: string;
  sku: string;
  slug: string;
  brand: string;
  title: I18nText;
  colour_name: I18nText;
  size: string;
  price_cents: number;
  compare_at_cents: number | null;
  vat_rate_bps: number;
  stock: number;
  lead_time_days: number;
  active: boolean;
  updated_at: Date | string;
  cursor_at: string;
};

async function selectOffers(db: DbOrTx, sellerId: string, where: SQL, tail: SQL = sql`order by o.updated_at, o.id`): Promise<OfferRow[]> {
  const { rows } = await db.execute<OfferRow>(sql`
    select o.id, v.sku, p.slug, p.brand, p.title, v.colour_name, v.size, o.price_cents, o.compare_at_cents, o.vat_rate_bps,
           o.stock, o.lead_time_days, o.active, o.updated_at, ${sql.raw(CURSOR_TEXT('o.updated_at'))} as cursor_at
    from offers o join variants v on v.id = o.variant_id join products p on p.id = v.product_id
    where o.seller_id = ${sellerId} ${where}
    ${tail}`);
  return rows;
}

const resource = (r: OfferRow): Output<typeof Offer> => ({
  id: r.id,
  sku: r.sku,
  product: { slug: r.slug, brand: r.brand, title: r.title },
  variant: { colour: r.colour_name, size: r.size },
  price_cents: r.price_cents,
  compare_at_cents: r.compare_at_cents,
  vat_rate_bps: r.vat_rate_bps,
  stock: r.stock,
  lead_time_days: r.lead_time_days,
  active: r.active,
  updated_at: new Date(r.updated_at).toISOString(),
});

type Patch = Omit<Output<typeof BulkOfferUpdate>['offers'][number], 'id'>;

const FORM_FIELD: Record<string, string> = { price: 'price_cents', compareAt: 'compare_at_cents', stock: 'stock', leadTimeDays: 'lead_time_days', active: 'active' };
const RULE_CODES = new Set<FieldCode>(['price_positive', 'price_format', 'compare_above', 'max_stock', 'max_lead', 'whole_number']);

/**
 * The offer as it would be after the patch, checked by the back office's form schema: the API's
 * numbers are written the way the form receives them, so the same rules decide.
 */
export function checkPatch(current: OfferRow, patch: Patch, locale: Locale, at: (field: string) => string, row?: { index: number; id: string }): { ok: true; input: OfferInput } | { ok: false; errors: FieldError[] } {
  const compareAt = patch.compare_at_cents !== undefined ? patch.compare_at_cents : current.compare_at_cents;
  const r = offerForm.safeParse({
    price: centsToEuros(patch.price_cents ?? current.price_cents),
    compareAt: compareAt === null ? '' : centsToEuros(compareAt),
    stock: String(patch.stock ?? current.stock),
    leadTimeDays: String(patch.lead_time_days ?? current.lead_time_days),
    active: (patch.active ?? current.active) ? 'on' : undefined,
  });
  if (r.success) return { ok: true, input: r.data };
  const errors = r.error.issues.map((i) => {
    const key = i.message.replace(/^msg:/, '');
    const code: FieldCode = RULE_CODES.has(key as FieldCode) ? (key as FieldCode) : 'invalid';
    return fieldError(locale, at(FORM_FIELD[String(i.path[0])] ?? String(i.path[0] ?? '')), code, {}, row ?? {});
  });
  return { ok: false, errors };
}

/**
 * Applies patches to the seller's offers in one transaction: locks them, checks every row (missing
 * or another seller's id, a duplicate, the form's rules), and writes only when no row is refused.
 */
export async function applyOfferPatches(
  ctx: ApiContext,
  patches: (Patch & { id: string })[],
  pathOf: (index: number, field: string) => string,
): Promise<{ ok: true; rows: OfferRow[] } | { ok: false; errors: FieldError[] }> {
  const { deps, caller, locale } = ctx;
  return deps.db.transaction(async (tx) => {
    const ids = [...new Set(patches.map((p) => p.id))];
    const current = await selectOffers(tx, caller.sellerId, sql`and o.id in ${ids}`, sql`order by o.id for update of o`);
    const byId = new Map(current.map((r) => [r.id, r]));
    const errors: FieldError[] = [];
    const inputs: { id: string; input: OfferInput }[] = [];
    const seen = new Set<string>();
    patches.forEach((p, index) => {
      const row = { index, id: p.id };
      const found = byId.get(p.id);
      if (seen.has(p.id)) return errors.push(fieldError(locale, pathOf(index, 'id'), 'duplicate', {}, row));
      seen.add(p.id);
      if (!found) return errors.push(fieldError(locale, pathOf(index, 'id'), 'not_found', {}, row));
      const { id: _id, ...patch } = p;
      const checked = checkPatch(found, patch, locale, (f) => pathOf(index, f), row);
      if (!checked.ok) return errors.push(...checked.errors);
      inputs.push({ id: p.id, input: checked.input });
    });
    if (errors.length) return { ok: false as const, errors };
    for (const { id, input } of inputs) {
      const r = await updateOffer(deps, caller.sellerId, id, input, tx);
      if (!r.ok) throw new Error(`offer ${id} was locked for this seller and is gone`);
    }
    return { ok: true as const, rows: await selectOffers(tx, caller.sellerId, sql`and o.id in ${ids}`, sql`order by o.id`) };
  });
}

const IdParams = z.object({ id: z.uuid().meta({ description: 'The offer’s id.' }) });

export const offerOperations = [
  defineOperation({
    id: 'listOffers',
    method: 'GET',
    path: '/offers',
    tag: 'offers',
    summary: 'List offers',
    description: 'The shop’s offers, least recently changed first; follow `next_cursor` until it is null.',
    scope: 'read',
    query: OfferListQuery,
    responses: { 200: { description: 'A page of offers.', schema: OfferList } },
    problems: [],
    handle: async (ctx, { query }): Promise<ApiResult> => {
      const after = query.cursor ? decodeCursor(query.cursor) : null;
      if (query.cursor && !after) return badCursor(ctx);
      const limit = query.limit ?? 100;
      const where = sql.join(
        [
          query.sku ? sql`and v.sku = ${query.sku}` : sql``,
          query.updated_since ? sql`and o.updated_at >= ${query.updated_since}::timestamptz` : sql``,
          after ? sql`and (o.updated_at, o.id) > (${after.at}::timestamptz, ${after.id}::uuid)` : sql``,
        ],
        sql` `,
      );
      const rows = await selectOffers(ctx.deps.db, ctx.caller.sellerId, where, sql`order by o.updated_at, o.id limit ${limit + 1}`);
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      const body: Output<typeof OfferList> = { data: page.map(resource), next_cursor: rows.length > limit && last ? encodeCursor({ at: last.cursor_at, id: last.id }) : null };
      return { status: 200, body };
    },
  }),
  defineOperation({
    id: 'getOffer',
    method: 'GET',
    path: '/offers/{id}',
    tag: 'offers',
    summary: 'Read an offer',
    scope: 'read',
    params: IdParams,
    responses: { 200: { description: 'The offer.', schema: Offer } },
    problems: [],
    handle: async (ctx, { params }) => {
      const [row] = await selectOffers(ctx.deps.db, ctx.caller.sellerId, sql`and o.id = ${params.id}`);
      return row ? { status: 200, body: resource(row) } : problem(ctx, 'not_found');
    },
  }),
  defineOperation({
    id: 'updateOffer',
    method: 'PATCH',
    path: '/offers/{id}',
    tag: 'offers',
    summary: 'Change an offer’s price, stock, lead time or sale',
    description: 'Only the fields given change. Idempotent by nature; an Idempotency-Key is honoured if sent.',
    scope: 'read_write',
    params: IdParams,
    body: OfferUpdate,
    responses: { 200: { description: 'The offer as saved.', schema: Offer } },
    problems: [],
    handle: async (ctx, { params, body }) => {
      const r = await applyOfferPatches(ctx, [{ id: params.id, ...body }], (_i, f) => `/${f}`);
      if (r.ok) return { status: 200, body: resource(r.rows[0]!) };
      if (r.errors.some((e) => e.code === 'not_found')) return problem(ctx, 'not_found');
      return problem(ctx, 'validation_failed', { errors: r.errors.map(({ index: _i, id: _d, ...e }) => e) });
    },
  }),
  defineOperation({
    id: 'bulkUpdateOffers',
    method: 'POST',
    path: '/offers/bulk-update',
    tag: 'offers',
    summary: 'Change up to 1,000 offers at once',
    description:
      'Every row is checked first; if any row is refused (an unknown id, a duplicate, a rule), nothing changes and the answer lists every refused row (`index`, `id`, `path`, `code`). Otherwise all rows are saved in one transaction.',
    scope: 'read_write',
    body: BulkOfferUpdate,
    responses: { 200: { description: 'Every offer as saved.', schema: BulkOfferResult } },
    problems: [],
    handle: async (ctx, { body }) => {
      const r = await applyOfferPatches(ctx, body.offers, (i, f) => `/offers/${i}/${f}`);
      if (!r.ok) return problem(ctx, 'validation_failed', { errors: r.errors });
      const result: Output<typeof BulkOfferResult> = { updated: body.offers.length, data: r.rows.map(resource) };
      return { status: 200, body: result };
    },
  }),
];
