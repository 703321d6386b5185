import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { formatMoney, type Locale } from '../../i18n/index.js';
import { pick } from '../../shared/i18n-text.js';
import { getCustomer } from '../accounts/customers.js';
import { queueEmail } from '../notifications/emails.js';
import { renderEmail } from '../notifications/layout.js';
import { sellers, sellerUsers } from '../sellers/schema.js';
import type { LineRow } from './apply.js';
import { carrierName, trackingUrl } from './carriers.js';
import { colon, ordersText } from './messages.js';
import { orders } from './schema.js';
import { recordTimeline, SYSTEM } from './timeline.js';

/**
 * The emails of an order's life after payment, queued in the transaction of the change they tell
 * (promise 7): shipped (with the carrier's tracking link), delivered (by the seller or by the
 * deadline), articles cancelled and refunded (refused by the seller, or not accepted in time), and
 * the seller's notice of an automatic cancellation. In the recipient's language, HTML and text from
 * the shared frame (every user text escaped). One event, one email: the dedupe key names the event
 * by the first line it concerns (a line ships, is delivered, is cancelled only once).
 */

type OrderRow = typeof orders.$inferSelect;
export type RefusalReason = 'out_of_stock' | 'cannot_ship' | 'other';

async function recipient(tx: Tx, order: OrderRow) {
  const c = order.customerId ? await getCustomer(tx, order.customerId) : null;
  // The customer's current address and language; the order's own when the account is gone.
  return { email: c?.email ?? order.email, locale: (c?.locale ?? order.locale) as Locale, firstName: c?.firstName ?? null, customerId: order.customerId };
}

async function sellerOf(tx: Tx, sellerId: string) {
  const [s] = await tx.select({ name: sellers.name, email: sellers.email }).from(sellers).where(eq(sellers.id, sellerId));
  const [owner] = await tx
    .select({ locale: sellerUsers.locale })
    .from(sellerUsers)
    .where(and(eq(sellerUsers.sellerId, sellerId), eq(sellerUsers.role, 'owner')))
    .limit(1);
  return { name: s?.name ?? '', email: s?.email ?? '', locale: (owner?.locale ?? 'fr') as Locale };
}

function lineText(l: LineRow, L: Locale): string {
  return ordersText(L)('mail_line', { qty: l.quantity, brand: l.brand, title: pick(l.title, L), variant: pick(l.variantLabel, L) });
}

const orderUrl = (deps: Deps, L: Locale, number: string) => `${deps.config.publicUrl}/${L}/account/orders/${encodeURIComponent(number)}`;

async function queue(deps: Deps, tx: Tx, order: OrderRow, sellerOrderId: string, kind: string, dedupeKey: string, to: { email: string; locale: Locale; customerId?: string | null; sellerId?: string | null }, c: { subject: string; html: string; text: string }) {
  const id = await queueEmail(tx, { dedupeKey, kind, to: to.email, locale: to.locale, ...c, customerId: to.customerId ?? null, sellerId: to.sellerId ?? null, orderId: order.id });
  if (id) await recordTimeline(tx, { orderId: order.id, sellerOrderId, actor: SYSTEM, type: 'email.queued', data: { kind, emailId: id }, at: deps.clock.now() });
  return id;
}

/** "Votre commande … est expédiée": the lines in the parcel, the carrier, the number, the tracking link. */
export async function queueShippedEmail(deps: Deps, tx: Tx, input: { order: OrderRow; sellerId: string; sellerOrderId: string; lines: LineRow[]; carrier: string; trackingNumber: string }) {
  const r = await recipient(tx, input.order);
  const s = await sellerOf(tx, input.sellerId);
  const L = r.locale;
  const t = ordersText(L);
  const n = input.order.number;
  const link = trackingUrl(input.carrier, input.trackingNumber, L, input.order.deliveryAddress);
  const subject = t('mail_shipped_subject', { number: n });
  const { html, text } = renderEmail({
    locale: L,
    title: subject,
    paragraphs: [r.firstName ? t('mail_hello', { name: r.firstName }) : t('mail_hello_anonymous'), t('mail_shipped_intro', { seller: s.name, number: n })],
    sections: [
      { lines: input.lines.map((l) => lineText(l, L)) },
      { heading: t('mail_tracking_heading'), lines: [t('mail_carrier', { carrier: carrierName(input.carrier) ?? t('carrier_other') }), t('mail_tracking', { number: input.trackingNumber })] },
    ],
    action: link ? { label: t('mail_track_button'), url: link } : { label: t('mail_view_order'), url: orderUrl(deps, L, n) },
    after: [t('mail_shipped_after'), `${t('mail_view_order')}${colon(L)}${orderUrl(deps, L, n)}`],
  });
  return queue(deps, tx, input.order, input.sellerOrderId, 'order_shipped', `order-shipped:${input.lines[0]!.id}`, r, { subject, html, text });
}

/** "Votre commande … est livrée": by the seller, or after `autoDays` days without news. */
export async function queueDeliveredEmail(deps: Deps, tx: Tx, input: { order: OrderRow; sellerId: string; sellerOrderId: string; lines: LineRow[]; autoDays?: number }) {
  const r = await recipient(tx, input.order);
  const s = await sellerOf(tx, input.sellerId);
  const L = r.locale;
  const t = ordersText(L);
  const n = input.order.number;
  const subject = t('mail_delivered_subject', { number: n });
  const intro = input.autoDays ? t('mail_delivered_auto_intro', { seller: s.name, number: n, days: input.autoDays }) : t('mail_delivered_intro', { seller: s.name, number: n });
  const { html, text } = renderEmail({
    locale: L,
    title: subject,
    paragraphs: [r.firstName ? t('mail_hello', { name: r.firstName }) : t('mail_hello_anonymous'), intro],
    sections: [{ lines: input.lines.map((l) => lineText(l, L)) }],
    action: { label: t('mail_view_order'), url: orderUrl(deps, L, n) },
    after: [t('mail_delivered_after')],
  });
  return queue(deps, tx, input.order, input.sellerOrderId, 'order_delivered', `order-delivered:${input.lines[0]!.id}`, r, { subject, html, text });
}

/** Articles cancelled and refunded: refused by the seller (with its reason), or not accepted within `days`. */
export async function queueCancelledEmail(
  deps: Deps,
  tx: Tx,
  input: { order: OrderRow; sellerId: string; sellerOrderId: string; lines: LineRow[]; why: { refused: RefusalReason } | { expiredDays: number }; refundedCents: number; shippingRefundedCents: number },
) {
  const r = await recipient(tx, input.order);
  const s = await sellerOf(tx, input.sellerId);
  const L = r.locale;
  const t = ordersText(L);
  const n = input.order.number;
  const subject = t('mail_cancelled_subject', { number: n });
  const intro =
    'refused' in input.why
      ? t('mail_refused_intro', { seller: s.name, number: n, reason: t(`reason_${input.why.refused}`) })
      : t('mail_expired_intro', { seller: s.name, number: n, days: input.why.expiredDays });
  const money = [t('mail_refund', { amount: formatMoney(input.refundedCents, L) })];
  if (input.shippingRefundedCents > 0) money.push(t('mail_refund_shipping', { amount: formatMoney(input.shippingRefundedCents, L) }));
  const { html, text } = renderEmail({
    locale: L,
    title: subject,
    paragraphs: [r.firstName ? t('mail_hello', { name: r.firstName }) : t('mail_hello_anonymous'), intro],
    sections: [{ lines: input.lines.map((l) => lineText(l, L)) }, { heading: t('refund_label'), lines: money }],
    action: { label: t('mail_view_order'), url: orderUrl(deps, L, n) },
  });
  return queue(deps, tx, input.order, input.sellerOrderId, 'order_lines_cancelled', `order-lines-cancelled:${input.lines[0]!.id}`, r, { subject, html, text });
}

/** The seller's notice that the acceptance deadline cancelled lines of its order. */
export async function queueSellerAutoCancelEmail(deps: Deps, tx: Tx, input: { order: OrderRow; sellerId: string; sellerOrderId: string; sellerOrderNumber: string; lines: LineRow[]; days: number }) {
  const s = await sellerOf(tx, input.sellerId);
  const L = s.locale;
  const t = ordersText(L);
  const subject = t('mail_seller_cancel_subject', { number: input.sellerOrderNumber });
  const { html, text } = renderEmail({
    locale: L,
    title: subject,
    paragraphs: [t('mail_seller_cancel_intro', { number: input.sellerOrderNumber, days: input.days })],
    sections: [{ lines: input.lines.map((l) => `${lineText(l, L)} — ${l.sku}`) }],
    action: { label: t('mail_seller_open'), url: `${deps.config.publicUrl}/vendeur/orders/${encodeURIComponent(input.sellerOrderNumber)}` },
  });
  return queue(deps, tx, input.order, input.sellerOrderId, 'seller_order_auto_cancelled', `seller-order-auto-cancelled:${input.lines[0]!.id}`, { email: s.email, locale: L, sellerId: input.sellerId }, { subject, html, text });
}
