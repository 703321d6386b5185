import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import type { Locale } from '../../i18n/index.js';
import { pick } from '../../shared/i18n-text.js';
import { addressBookFrom, addressBookColumn } from '../accounts/addresses.js';
import { customers } from '../accounts/schema.js';
import { orderLines, orders, sellerOrders } from '../orders/schema.js';
import { timelineInsert } from '../orders/timeline.js';
import { payments } from '../payments/schema.js';
import { ProviderUnavailable, startPayment, type Payment } from '../payments/service.js';
import { allLines, loadCheckoutCart, type CheckoutCart } from './cart-source.js';
import { cancelUnpaidOrder } from './settle.js';
import { addressSnapshot, orderNumber, sellerOrderNumber, summaryFingerprint, type Selection } from './rules.js';
import { nextKeyUpdate, stateOf } from './state.js';
import { checkouts } from './schema.js';
import { reserveStock } from './stock.js';
import { checkoutText } from './messages.js';
import { faultPoint } from '../../shared/faults.js';

export type PlaceRefusal = 'empty_cart' | 'no_address' | 'changed' | 'out_of_stock' | 'unavailable' | 'stale_form' | 'payment_unavailable';

export type PlaceResult =
  | { ok: true; kind: 'pay'; orderId: string; number: string; redirectUrl: string; replayed: boolean }
  | { ok: true; kind: 'paid'; orderId: string; number: string }
  | { ok: false; code: PlaceRefusal; title?: string };

/** The fingerprint of what the summary page shows now (embedded in its "Payer" form). */
export function fingerprintOf(cart: CheckoutCart, selection: Selection): string {
  return summaryFingerprint({
    lines: allLines(cart).map((l) => ({ offerId: l.offerId, quantity: l.quantity, unitPriceCents: l.unitPriceCents })),
    shipping: cart.groups.map((g) => ({ sellerId: g.sellerId, shippingCents: g.shippingCents })),
    totalCents: cart.totalCents,
    billingId: selection.billingId,
    deliveryId: selection.deliveryId,
  });
}

class Refused extends Error {
  constructor(readonly result: Extract<PlaceResult, { ok: false }>) {
    super(result.code);
  }
}

/**
 * "Payer": places the order and starts its payment, in ONE transaction.
 *
 * Idempotent by the checkout key the summary form carries: the customer's checkout row is locked
 * first, so a double click, a reload, two tabs or a retried request run one after the other; the
 * first creates the order (and a new key for the next attempt), the others find that order by its
 * key and get the same payment page (startPayment is idempotent on the same key: at most one charge).
 *
 * The cart is priced again from current offers; if anything differs from what the summary showed
 * (`seen`), nothing is placed and the summary is shown again. Stock is reserved with a guarded
 * update; a shortage rolls everything back.
 */
export async function placeOrder(deps: Deps, input: { customerId: string; checkoutKey: string; seen: string; locale: Locale }): Promise<PlaceResult> {
  const now = deps.clock.now();
  try {
    return await deps.db.transaction(async (tx) => {
      // The checkout row locked, and whether this key's submit was already served, in one statement.
      const [locked] = await tx
        .select({
          row: checkouts,
          doneId: sql<string | null>`(select o.id from ${orders} o where o.checkout_key = ${input.checkoutKey} and o.customer_id = ${input.customerId})`,
          // The customer's orders still waiting for their payment (see supersedePendingOrders). Read on
          // the statement's snapshot: if the lock waited for a submit that placed an order, the key
          // changed and this submit stops below (replay or stale form) before using it.
          pending: sql<string | null>`(select string_agg(distinct l.order_id::text, ',') from ${orderLines} l join ${orders} o on o.id = l.order_id where o.customer_id = ${input.customerId} and l.state = 'awaiting_payment')`,
          // What the order needs of the customer, in the same round trip: the address book, the email
          // and language, and the next order number — taken only when this submit's key is the current
          // one (a replay or a stale form takes none; a refusal below leaves a gap, as a rollback does).
          addresses: addressBookColumn(input.customerId),
          email: customers.email,
          locale: customers.locale,
          seq: sql<number | null>`case when ${checkouts.checkoutKey} = ${input.checkoutKey} then nextval('order_number_seq')::int end`,
        })
        .from(checkouts)
        .innerJoin(customers, eq(customers.id, checkouts.customerId))
        .where(eq(checkouts.customerId, input.customerId))
        .for('update', { of: checkouts });
      if (!locked) return { ok: false, code: 'stale_form' } as const;
      const row = locked.row;

      // A submit already served: the same order, the same payment. When the lock had to wait for a
      // concurrent submit, the subquery ran on the statement's snapshot, before that submit's order
      // existed, while the row is the one it left (a new key): a fresh read after the lock sees it.
      const doneId = locked.doneId ?? (input.checkoutKey !== row.checkoutKey ? await servedOrderId(tx, input) : null);
      if (doneId) {
        const [done] = await tx.select().from(orders).where(eq(orders.id, doneId));
        return replay(deps, tx, done!);
      }
      if (input.checkoutKey !== row.checkoutKey) return { ok: false, code: 'stale_form' } as const;

      const state = stateOf(row, addressBookFrom(locked.addresses));
      if (!state.selection || !state.billing || !state.delivery) return { ok: false, code: 'no_address' } as const;
      // An earlier order of this customer still waiting for its payment is replaced by this one: its
      // units go back first (it may hold the very units this order needs). Any refusal below rolls
      // this back too.
      await supersedePendingOrders(deps, tx, locked.pending?.split(',') ?? [], now);

      const cart = await loadCheckoutCart(tx, input.customerId);
      const lines = allLines(cart);
      const refuse = (r: Extract<PlaceResult, { ok: false }>) => {
        throw new Refused(r);
      };
      if (lines.length === 0) refuse({ ok: false, code: 'empty_cart' });
      if (lines.some((l) => !l.available)) refuse({ ok: false, code: 'unavailable' });
      const short = lines.find((l) => l.stock < l.quantity);
      if (short) refuse({ ok: false, code: 'out_of_stock', title: `${short.brand} — ${pick(short.title, input.locale)}` });
      if (fingerprintOf(cart, state.selection) !== input.seen) refuse({ ok: false, code: 'changed' });

      const reserved = await reserveStock(tx, lines.map((l) => ({ offerId: l.offerId, quantity: l.quantity })), now);
      if (!reserved.ok) {
        // Taken by a concurrent checkout since the cart was read.
        const line = lines.find((l) => l.offerId === reserved.offerId)!;
        refuse({ ok: false, code: 'out_of_stock', title: `${line.brand} — ${pick(line.title, input.locale)}` });
      }

      const seq = locked.seq!;
      const year = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Europe/Brussels' }).format(now));
      const number = orderNumber(year, seq);
      // Billing and delivery are frozen copies: "Mes adresses" may change, the order never does.
      // (The customer's own addresses, read above in this transaction.)
      const { billing, delivery } = state;
      // The order, its seller orders, its lines, its timeline entry and the next checkout key in ONE
      // statement (ids made here, so nothing has to come back between the inserts; the foreign keys
      // are checked at the end of the statement).
      const order = {
        id: randomUUID(),
        number,
        customerId: input.customerId,
        email: locked.email,
        locale: locked.locale,
        billingAddress: addressSnapshot(billing!),
        deliveryAddress: addressSnapshot(delivery!),
        itemsCents: cart.itemsCents,
        shippingCents: cart.shippingCents,
        totalCents: cart.totalCents,
        currency: 'EUR',
        checkoutKey: input.checkoutKey,
        createdAt: now,
      };
      const parts = cart.groups.map((g, i) => ({ id: randomUUID(), orderId: order.id, sellerId: g.sellerId, number: sellerOrderNumber(number, i), itemsCents: g.itemsCents, shippingCents: g.shippingCents, createdAt: now, updatedAt: now }));
      const lineRows = cart.groups.flatMap((g, i) =>
        g.lines.map(({ productSlug: _s, leadTimeDays: _l, stock: _st, available: _a, ...snapshot }) => ({
          ...snapshot, // offer, variant, product, title, brand, variant label, sku, image, quantity, prices, VAT
          orderId: order.id,
          sellerOrderId: parts[i]!.id,
          sellerId: g.sellerId,
          state: 'awaiting_payment' as const,
          createdAt: now,
        })),
      );
      // The "order.placed" entry as recordTimeline writes it, inside this statement.
      const placed = timelineInsert(tx, [{ orderId: order.id, actor: { type: 'customer', id: input.customerId }, type: 'order.placed', data: { number, totalCents: cart.totalCents, sellers: cart.groups.length }, at: now }]);
      await tx.execute(sql`
        with o as (${tx.insert(orders).values(order).getSQL()}),
        so as (${tx.insert(sellerOrders).values(parts).getSQL()}),
        l as (${tx.insert(orderLines).values(lineRows).getSQL()}),
        t as (${placed.getSQL()})
        ${nextKeyUpdate(tx, input.customerId, now).getSQL()}`);
      const paid = await payOrder(deps, tx, order, false);
      faultPoint('checkout.place.before-commit');
      if (paid.ok && paid.kind === 'pay') return paid;
      throw new Error(`order ${number}: a new payment could not start`);
    });
  } catch (err) {
    if (err instanceof Refused) return err.result;
    // The payment provider did not answer in time: everything rolled back (no order, no stock taken,
    // nothing the customer could pay); the cart and the addresses are as they were.
    if (err instanceof ProviderUnavailable) return { ok: false, code: 'payment_unavailable' };
    throw err;
  }
}

type OrderRow = typeof orders.$inferSelect;

/** The order this customer's key placed, if any. */
async function servedOrderId(tx: Tx, input: { customerId: string; checkoutKey: string }): Promise<string | null> {
  const [o] = await tx.select({ id: orders.id }).from(orders).where(and(eq(orders.checkoutKey, input.checkoutKey), eq(orders.customerId, input.customerId)));
  return o?.id ?? null;
}

/** Starts (or, for a replayed submit, finds) the order's payment: the answer sends the customer on. */
async function payOrder(deps: Deps, tx: Tx, order: Pick<OrderRow, 'id' | 'number' | 'locale' | 'totalCents' | 'checkoutKey'>, replayed: boolean): Promise<PlaceResult> {
  const t = checkoutText(order.locale);
  const r = await startPayment(deps, tx, {
    orderId: order.id,
    amountCents: order.totalCents,
    currency: 'EUR',
    description: t('payment_description', { number: order.number, shop: 'Comptoir' }),
    locale: order.locale,
    returnUrl: `/${order.locale}/checkout/return/${encodeURIComponent(order.number)}`,
    idempotencyKey: order.checkoutKey,
    newOrder: !replayed, // placed in this transaction: no payment to find first
  });
  if (r.ok && r.redirectUrl) return { ok: true, kind: 'pay', orderId: order.id, number: order.number, redirectUrl: r.redirectUrl, replayed };
  if (!r.ok && r.code === 'key_reused') throw new Error(`checkout key of order ${order.number} used by another payment`);
  if (r.payment.status === 'paid') return { ok: true, kind: 'paid', orderId: order.id, number: order.number };
  return { ok: false, code: 'stale_form' }; // failed or expired meanwhile: a new attempt needs the new key
}

/** The answer to a submit whose order exists already. */
async function replay(deps: Deps, tx: Tx, order: OrderRow): Promise<PlaceResult> {
  if (order.paidAt) return { ok: true, kind: 'paid', orderId: order.id, number: order.number };
  const [pending] = await tx
    .select({ id: orderLines.id })
    .from(orderLines)
    .where(and(eq(orderLines.orderId, order.id), eq(orderLines.state, 'awaiting_payment')))
    .limit(1);
  if (!pending) return { ok: false, code: 'stale_form' }; // cancelled meanwhile: a new attempt needs the new key
  return payOrder(deps, tx, order, true);
}

/** Cancels the customer's earlier orders still awaiting payment (their stock goes back): their ids come with the checkout row's lock. */
async function supersedePendingOrders(deps: Deps, tx: Tx, orderIds: string[], now: Date): Promise<void> {
  // cancelUnpaidOrder locks the lines still awaiting payment: one cancelled meanwhile is left alone.
  for (const orderId of orderIds) await cancelUnpaidOrder(deps, tx, orderId, { verb: 'expire', reason: 'superseded', at: now });
}

/**
 * The customer's order by its number (another customer's answers like a missing one) with its latest
 * payment, in one round trip: what the return page needs to know whether the payment still has to be
 * settled.
 */
export async function findCustomerOrderAndPayment(db: Tx | Deps['db'], customerId: string, number: string): Promise<{ order: OrderRow; latest: Payment | null } | null> {
  const [r] = await db
    .select({ order: orders, latest: payments })
    .from(orders)
    .leftJoin(payments, sql`${payments.id} = (select p.id from ${payments} p where p.order_id = ${orders}.id order by p.created_at desc limit 1)`)
    .where(and(eq(orders.number, number), eq(orders.customerId, customerId)));
  return r ? { order: r.order, latest: r.latest } : null;
}

export async function paymentsOf(db: Tx | Deps['db'], orderIds: string[]) {
  if (orderIds.length === 0) return [];
  return db.select().from(payments).where(inArray(payments.orderId, orderIds));
}
