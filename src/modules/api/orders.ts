import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.js';
import { sellerOrderStatus } from '../orders/derived-status.js';
import { acceptLines, deliverLines, refuseLines, shipLines, type FulfilmentResult } from '../orders/fulfilment.js';
import { loadSellerOrder } from '../orders/queries.js';
import { availableCommands } from '../orders/seller-order-lifecycle.js';
import { AcceptRequest, DeliverRequest, OrderListQuery, RefuseRequest, SellerOrder, SellerOrderList, ShipRequest, type Output } from './contract.js';
import { CURSOR_TEXT, decodeCursor, encodeCursor } from './cursor.js';
import { defineOperation, type ApiContext } from './operation.js';
import { problemText } from './problem-messages.js';
import { badCursor, fieldError, problem, type ApiResult } from './problems.js';

/**
 * Seller orders through the API: the orders module's reads and its fulfilment use cases
 * (acceptLines, refuseLines, shipLines, deliverLines) — the very functions /vendeur/orders calls.
 */

const NumberParams = z.object({ number: z.string().regex(/^[A-Za-z0-9-]{1,40}$/).meta({ description: 'The seller order’s number, e.g. "C-2026-000123-1".' }) });
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

type ListRow = {
  id: string;
  number: string;
  order_number: string;
  created_at: Date | string;
  paid_at: Date | string;
  updated_at: Date | string;
  first_name: string;
  last_name: string;
  status: Output<typeof SellerOrder>['status'];
  quantity: number;
  total_cents: number;
  cursor_at: string;
};

/**
 * The seller's paid seller orders, least recently changed first (keyset on updated_at, id — the
 * index seller_orders_seller_updated_idx), so that a shop syncing with `updated_since` never misses
 * a change between two pages. One query per page; the status is the one PostgreSQL stores with the
 * seller order (decision 0030), so a status filter no longer derives it from the lines of every row.
 */
export async function listOrdersForApi(
  db: DbOrTx,
  sellerId: string,
  opts: { statuses?: string[]; updatedSince?: string; after?: { at: string; id: string } | null; limit: number },
): Promise<{ rows: ListRow[]; next: string | null }> {
  const since = opts.updatedSince ? sql`and so.updated_at >= ${opts.updatedSince}::timestamptz` : sql``;
  const statuses = opts.statuses?.length ? sql`and so.status in ${opts.statuses}` : sql``;
  const after = opts.after ? sql`and (so.updated_at, so.id) > (${opts.after.at}::timestamptz, ${opts.after.id}::uuid)` : sql``;
  const { rows } = await db.execute<ListRow>(sql`
    select so.id, so.number, o.number as order_number, o.created_at, o.paid_at, so.updated_at,
           o.delivery_address->>'firstName' as first_name, o.delivery_address->>'lastName' as last_name,
           so.status, st.quantity, so.items_cents + so.shipping_cents as total_cents,
           ${sql.raw(CURSOR_TEXT('so.updated_at'))} as cursor_at
    from seller_orders so
    join orders o on o.id = so.order_id
    cross join lateral (select coalesce(sum(l.quantity), 0)::int as quantity from order_lines l where l.seller_order_id = so.id) st
    where so.seller_id = ${sellerId} and o.paid_at is not null ${since} ${statuses} ${after}
    order by so.updated_at, so.id
    limit ${opts.limit + 1}`);
  const page = rows.slice(0, opts.limit);
  const last = page[page.length - 1];
  return { rows: page, next: rows.length > opts.limit && last ? encodeCursor({ at: last.cursor_at, id: last.id }) : null };
}

/** One seller order as the API shows it; null when it is not this seller's (or not paid): a 404 like a missing one. */
export async function sellerOrderResource(db: DbOrTx, sellerId: string, number: string): Promise<Output<typeof SellerOrder> | null> {
  const view = await loadSellerOrder(db, sellerId, number);
  if (!view) return null;
  const { part, order } = view;
  const { rows } = await db.execute<{ updated_at: Date | string }>(sql`select updated_at from seller_orders where id = ${part.id}`);
  const a = order.deliveryAddress;
  return {
    number: part.number,
    order_number: order.number,
    status: sellerOrderStatus(part.lines) as Output<typeof SellerOrder>['status'],
    currency: 'EUR',
    items_cents: part.itemsCents,
    shipping_cents: part.shippingCents,
    shipping_refunded_cents: part.shippingRefundedCents,
    total_cents: part.itemsCents + part.shippingCents,
    created_at: order.createdAt.toISOString(),
    paid_at: order.paidAt.toISOString(),
    updated_at: iso(rows[0]!.updated_at)!,
    customer: { first_name: a.firstName, last_name: a.lastName },
    delivery_address: {
      first_name: a.firstName,
      last_name: a.lastName,
      company: a.company,
      street: a.street,
      house_number: a.houseNumber,
      box: a.box,
      postal_code: a.postalCode,
      city: a.city,
      country: a.country,
      phone: a.phone,
    },
    lines: part.lines.map((l) => ({
      id: l.id,
      offer_id: l.offerId,
      sku: l.sku,
      brand: l.brand,
      title: l.title,
      variant: l.variantLabel,
      quantity: l.quantity,
      unit_price_cents: l.unitPriceCents,
      vat_rate_bps: l.vatRateBps,
      total_cents: l.totalCents,
      refunded_cents: l.refundedCents,
      state: l.state,
      carrier: l.carrier,
      tracking_number: l.trackingNumber,
      accepted_at: iso(l.acceptedAt),
      shipped_at: iso(l.shippedAt),
      delivered_at: iso(l.deliveredAt),
      cancelled_at: iso(l.cancelledAt),
    })),
    available_actions: availableCommands(part.lines),
  };
}

/** A fulfilment use case's answer as an API answer: the seller order as it is now, or a problem. */
async function answer(ctx: ApiContext, number: string, r: FulfilmentResult): Promise<ApiResult> {
  if (r.ok) {
    const order = await sellerOrderResource(ctx.deps.db, ctx.caller.sellerId, number);
    return { status: 200, body: order };
  }
  const t = problemText(ctx.locale);
  switch (r.code) {
    case 'not_found':
      // A line id of another seller order (or of another seller) is a field error; the order itself, a 404.
      return r.lineId ? problem(ctx, 'validation_failed', { errors: [fieldError(ctx.locale, '/lines', 'not_found', {}, { id: r.lineId })] }) : problem(ctx, 'not_found');
    case 'nothing_selected':
      return problem(ctx, 'validation_failed', { errors: [fieldError(ctx.locale, '/lines', 'nothing_selected')] });
    case 'tracking_invalid':
      return problem(ctx, 'validation_failed', { errors: [fieldError(ctx.locale, '/tracking_number', 'tracking_invalid')] });
    case 'nothing_to_do':
      return problem(ctx, 'nothing_to_do');
    case 'transition_not_allowed':
      return problem(ctx, 'transition_not_allowed', r.lineId ? { detail: t('line_state', { line: r.lineId, state: r.state ?? '?' }) } : {});
  }
}

const seller = (ctx: ApiContext) => ({ sellerId: ctx.caller.sellerId, userId: ctx.caller.userId });
const ACTION_PROBLEMS = ['transition_not_allowed', 'nothing_to_do'] as const;

export const orderOperations = [
  defineOperation({
    id: 'listOrders',
    method: 'GET',
    path: '/orders',
    tag: 'orders',
    summary: 'List seller orders',
    description:
      'Paid seller orders of the shop, least recently changed first. To stay in sync, keep the `updated_at` of the last order you saw and ask again with `updated_since`; follow `next_cursor` until it is null.',
    scope: 'read',
    query: OrderListQuery,
    responses: { 200: { description: 'A page of seller orders.', schema: SellerOrderList } },
    problems: [],
    handle: async (ctx, { query }) => {
      const after = query.cursor ? decodeCursor(query.cursor) : null;
      if (query.cursor && !after) return badCursor(ctx);
      const page = await listOrdersForApi(ctx.deps.db, ctx.caller.sellerId, { statuses: query.status?.split(','), updatedSince: query.updated_since, after, limit: query.limit ?? 50 });
      const body: Output<typeof SellerOrderList> = {
        data: page.rows.map((r) => ({
          number: r.number,
          order_number: r.order_number,
          status: r.status,
          customer_name: `${r.first_name} ${r.last_name}`.trim(),
          quantity: r.quantity,
          total_cents: r.total_cents,
          currency: 'EUR',
          created_at: iso(r.created_at)!,
          paid_at: iso(r.paid_at)!,
          updated_at: iso(r.updated_at)!,
        })),
        next_cursor: page.next,
      };
      return { status: 200, body };
    },
  }),
  defineOperation({
    id: 'getOrder',
    method: 'GET',
    path: '/orders/{number}',
    tag: 'orders',
    summary: 'Read a seller order',
    scope: 'read',
    params: NumberParams,
    responses: { 200: { description: 'The seller order.', schema: SellerOrder } },
    problems: [],
    handle: async (ctx, { params }) => {
      const order = await sellerOrderResource(ctx.deps.db, ctx.caller.sellerId, params.number);
      return order ? { status: 200, body: order } : problem(ctx, 'not_found');
    },
  }),
  defineOperation({
    id: 'acceptOrderLines',
    method: 'POST',
    path: '/orders/{number}/accept',
    tag: 'orders',
    summary: 'Accept lines',
    description: 'Paid lines become "preparing". Without `lines`, every paid line of the order.',
    scope: 'read_write',
    params: NumberParams,
    body: AcceptRequest,
    bodyOptional: true,
    responses: { 200: { description: 'The seller order after the change.', schema: SellerOrder } },
    problems: [...ACTION_PROBLEMS],
    handle: async (ctx, { params, body }) => answer(ctx, params.number, await acceptLines(ctx.deps, { seller: seller(ctx), number: params.number, lineIds: body.lines })),
  }),
  defineOperation({
    id: 'refuseOrderLines',
    method: 'POST',
    path: '/orders/{number}/refuse',
    tag: 'orders',
    summary: 'Refuse lines',
    description: 'Paid lines are cancelled and refunded in full (with the shipping fee when nothing of the seller order is left); the customer is told by email.',
    scope: 'read_write',
    params: NumberParams,
    body: RefuseRequest,
    responses: { 200: { description: 'The seller order after the change.', schema: SellerOrder } },
    problems: [...ACTION_PROBLEMS],
    handle: async (ctx, { params, body }) => answer(ctx, params.number, await refuseLines(ctx.deps, { seller: seller(ctx), number: params.number, lineIds: body.lines, reason: body.reason })),
  }),
  defineOperation({
    id: 'shipOrderLines',
    method: 'POST',
    path: '/orders/{number}/ship',
    tag: 'orders',
    summary: 'Ship lines with a carrier and a tracking number',
    description: 'Paid or accepted lines become "shipped" in one parcel. The customer receives the carrier’s tracking link.',
    scope: 'read_write',
    params: NumberParams,
    body: ShipRequest,
    responses: { 200: { description: 'The seller order after the change.', schema: SellerOrder } },
    problems: [...ACTION_PROBLEMS],
    handle: async (ctx, { params, body }) =>
      answer(ctx, params.number, await shipLines(ctx.deps, { seller: seller(ctx), number: params.number, lineIds: body.lines, carrier: body.carrier, trackingNumber: body.tracking_number })),
  }),
  defineOperation({
    id: 'deliverOrderLines',
    method: 'POST',
    path: '/orders/{number}/deliver',
    tag: 'orders',
    summary: 'Mark lines delivered',
    description: 'Shipped lines become "delivered" ("Livrée"); the customer is told. Without `lines`, every shipped line.',
    scope: 'read_write',
    params: NumberParams,
    body: DeliverRequest,
    bodyOptional: true,
    responses: { 200: { description: 'The seller order after the change.', schema: SellerOrder } },
    problems: [...ACTION_PROBLEMS],
    handle: async (ctx, { params, body }) => answer(ctx, params.number, await deliverLines(ctx.deps, { seller: seller(ctx), number: params.number, lineIds: body.lines })),
  }),
];
