import { randomUUID } from 'node:crypto';
import type { Tx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { formatDate, formatMoney, type Locale } from '../../i18n/index.js';
import { pick } from '../../shared/i18n-text.js';
import { queueEmails } from '../notifications/emails.js';
import { renderEmail } from '../notifications/layout.js';
import type { AddressSnapshot } from '../orders/schema.js';
import { SYSTEM, timelineInsertIf, type TimelineEntry } from '../orders/timeline.js';
import { checkoutText } from './messages.js';
import { loadPlacedOrder, type OrderLineRow, type PlacedOrder, type PlacedPart } from './placed-order.js';
import { addressLines } from './rules.js';

/**
 * The emails of a paid order, queued in the payment's transaction (promise 7): the confirmation to
 * the customer (lines per seller, addresses, totals, links to "Mes Commandes") in the customer's
 * language, and one new-order notice per seller in its owner's language. Rendered by the shared
 * frame (HTML + text, every user text escaped). dedupeKey per order / seller order: a replayed
 * hook never sends twice.
 */
export async function queueOrderEmails(deps: Deps, tx: Tx, order: string | PlacedOrder, before: TimelineEntry[] = []): Promise<void> {
  const data = typeof order === 'string' ? await loadPlacedOrder(tx, order) : order;
  if (!data) throw new Error(`order ${String(order)} not found`);
  const orderId = data.order.id;
  const now = deps.clock.now();
  const c = confirmationEmail(data, deps.config.publicUrl);
  // The customer's confirmation and every seller's notice, their jobs, and the timeline's entries —
  // the caller's `before` (the settlement's "order.paid") then one per email actually queued (a
  // replayed hook queues none) — in one statement.
  const id = randomUUID();
  const sids = data.parts.map(() => randomUUID());
  const entries: (TimelineEntry & { requires?: string })[] = [
    ...before,
    { orderId, actor: SYSTEM, type: 'email.queued', data: { kind: 'order_confirmation', emailId: id }, at: now, requires: id },
    ...data.parts.map((part, i) => ({ orderId, sellerOrderId: part.id, actor: SYSTEM, type: 'email.queued', data: { kind: 'seller_new_order', emailId: sids[i] }, at: now, requires: sids[i] })),
  ];
  await queueEmails(
    tx,
    [
      { id, dedupeKey: `order-confirmation:${orderId}`, kind: 'order_confirmation', to: data.order.email, locale: data.customerLocale, ...c, customerId: data.order.customerId, orderId },
      ...data.parts.map((part, i) => ({ id: sids[i], dedupeKey: `seller-new-order:${part.id}`, kind: 'seller_new_order', to: part.sellerEmail, locale: part.sellerLocale, ...sellerEmail(data, part, deps.config.publicUrl), sellerId: part.sellerId, orderId })),
    ],
    (queued) => timelineInsertIf(entries, queued),
  );
}

function lineText(l: OrderLineRow, L: Locale): string {
  const t = checkoutText(L);
  const m = (c: number) => formatMoney(c, L);
  return `${l.brand} — ${pick(l.title, L)} (${pick(l.variantLabel, L)}) · ${t('qty_short', { n: l.quantity })} × ${m(l.unitPriceCents)} = ${m(l.totalCents)}`;
}

function partSection(p: PlacedPart, L: Locale) {
  const t = checkoutText(L);
  return {
    heading: `${t('seller_order', { number: p.number })} — ${t('sold_by', { seller: p.sellerName })}`,
    lines: [...p.lines.map((l) => lineText(l, L)), `${t('shipping_fee')}${colon(L)}${p.shippingCents ? formatMoney(p.shippingCents, L) : t('free')}`],
  };
}

/** French puts a space before the colon; Dutch and English do not. */
const colon = (L: Locale) => (L === 'fr' ? ' : ' : ': ');

const addressSection = (heading: string, a: AddressSnapshot, L: Locale) => ({ heading, lines: addressLines(a, L) });

export function confirmationEmail(d: PlacedOrder, base: string): { subject: string; html: string; text: string } {
  const L = d.customerLocale;
  const t = checkoutText(L);
  const o = d.order;
  const m = (c: number) => formatMoney(c, L);
  const ordersUrl = `${base}/${L}/account/orders`;
  const subject = t('mail_confirm_subject', { number: o.number });
  const { html, text } = renderEmail({
    locale: L,
    title: subject,
    paragraphs: [t('mail_confirm_hello', { name: d.firstName }), t('mail_confirm_intro', { number: o.number, date: formatDate(o.paidAt ?? o.createdAt, L) })],
    sections: [
      ...d.parts.map((p) => partSection(p, L)),
      {
        heading: t('summary_title'),
        lines: [`${t('items_total')}${colon(L)}${m(o.itemsCents)}`, `${t('shipping_total')}${colon(L)}${o.shippingCents ? m(o.shippingCents) : t('free')}`, `${t('total')}${colon(L)}${m(o.totalCents)}`],
      },
      addressSection(t('delivery_address'), o.deliveryAddress, L),
      addressSection(t('billing_address'), o.billingAddress, L),
    ],
    action: { label: t('view_order'), url: `${ordersUrl}/${encodeURIComponent(o.number)}` },
    after: [t('mail_address_note'), `${t('mail_follow')} ${ordersUrl}`],
  });
  return { subject, html, text };
}

export function sellerEmail(d: PlacedOrder, p: PlacedPart, base: string): { subject: string; html: string; text: string } {
  const L = p.sellerLocale;
  const t = checkoutText(L);
  const a = d.order.deliveryAddress;
  const subject = t('mail_seller_subject', { number: p.number });
  const { html, text } = renderEmail({
    locale: L,
    title: subject,
    paragraphs: [t('mail_seller_intro', { number: p.number })],
    sections: [
      { ...partSection(p, L), lines: [...partSection(p, L).lines, `${t('total')}${colon(L)}${formatMoney(p.itemsCents + p.shippingCents, L)}`] },
      // The seller ships: it sees the customer's name and delivery address, never the billing details.
      addressSection(`${t('delivery_address')} (${t('mail_seller_customer')}${colon(L)}${a.firstName} ${a.lastName})`, a, L),
    ],
    action: { label: t('mail_seller_open'), url: `${base}/vendeur/orders` },
  });
  return { subject, html, text };
}
