import type { PageContext } from '../../http/context.js';
import { formatDate, formatMoney, type Locale } from '../../i18n/index.js';
import { pick } from '../../shared/i18n-text.js';
import { CsrfField, href } from '../../ui/layout.js';
import { DataTable } from '../../ui/table.js';
import { AddressLines } from '../accounts/address-views.js';
import { AccountShell } from '../accounts/views.js';
import type { LineRow } from './apply.js';
import { carrierName, trackingUrl } from './carriers.js';
import { sellerOrderStatus, type SellerOrderStatus } from './derived-status.js';
import type { LineState } from './line-lifecycle.js';
import { colon, ordersText } from './messages.js';
import { cursorText, type CustomerOrder, type OrderPart, type OrderSummary, type Page } from './queries.js';
import type { AddressSnapshot } from './schema.js';

/** A status in words on a coloured badge (never colour alone). */
export function StatusBadge(props: { status: SellerOrderStatus | LineState; locale: Locale }) {
  const t = ordersText(props.locale);
  const cls = props.status === 'closed' ? 'delivered' : props.status;
  return <span class={`badge status-${cls}`}>{t(`status_${props.status}`)}</span>;
}

/** "Mes Commandes": every order, newest first, each seller's parcel with its status; keyset pages. */
export function OrdersPage(props: { ctx: PageContext; page: Page<OrderSummary> }) {
  const { ctx, page } = props;
  const t = ordersText(ctx.locale);
  const money = (c: number) => formatMoney(c, ctx.locale);
  return (
    <AccountShell ctx={ctx} title={t('orders_title')}>
      <h1>{t('orders_title')}</h1>
      {page.items.length === 0 && !page.newer ? (
        <div class="card orders-empty">
          <p>{t('no_orders')}</p>
          <a class="button primary" href={href(ctx, '/')}>
            {t('go_shopping')}
          </a>
        </div>
      ) : (
        <>
          <p class="hint">{t('orders_intro')}</p>
          <ol class="order-list">
            {page.items.map((o) => (
              <li class="order-card">
                <div class="order-card-head">
                  <h2>{t('order_number', { number: o.number })}</h2>
                  <span class="order-card-meta">
                    {t('placed_on', { date: formatDate(o.createdAt, ctx.locale) })} · <strong>{money(o.totalCents)}</strong>
                  </span>
                </div>
                <ul class="order-parts">
                  {o.parts.map((p) => (
                    <li>
                      <span class="seller-name">{p.sellerName}</span> <StatusBadge status={p.status} locale={ctx.locale} />
                    </li>
                  ))}
                </ul>
                <a class="button" href={href(ctx, `/account/orders/${encodeURIComponent(o.number)}`)} aria-label={`${t('view_order')} ${o.number}`}>
                  {t('view_order')}
                </a>
              </li>
            ))}
          </ol>
          {page.newer || page.older ? (
            <nav class="pager" aria-label={t('pagination')}>
              {page.newer ? <a href={`${href(ctx, '/account/orders')}?after=${encodeURIComponent(cursorText(page.newer))}`}>{t('newer')}</a> : <span />}
              {page.older ? <a href={`${href(ctx, '/account/orders')}?before=${encodeURIComponent(cursorText(page.older))}`}>{t('older')}</a> : null}
            </nav>
          ) : null}
        </>
      )}
    </AccountShell>
  );
}

function Tracking(props: { line: LineRow; locale: Locale; delivery: AddressSnapshot }) {
  const { line, locale } = props;
  if (!line.trackingNumber) return null;
  const t = ordersText(locale);
  const name = carrierName(line.carrier) ?? t('carrier_other');
  const url = trackingUrl(line.carrier, line.trackingNumber, locale, props.delivery);
  return (
    <p class="tracking small">
      {t('tracking')}
      {colon(locale)}
      {name} · <span class="mono">{line.trackingNumber}</span>
      {url ? (
        <>
          {' '}
          <a href={url} target="_blank" rel="noopener noreferrer" aria-label={t('track_parcel_of', { number: line.trackingNumber, carrier: name })}>
            {t('track_parcel')}
          </a>
        </>
      ) : null}
    </p>
  );
}

/** The dates a line went through, in words. */
function LineDates(props: { line: LineRow; locale: Locale }) {
  const { line, locale } = props;
  const t = ordersText(locale);
  const d = (x: Date) => formatDate(x, locale);
  const parts = [
    line.shippedAt ? t('shipped_on', { date: d(line.shippedAt) }) : null,
    line.deliveredAt ? t('delivered_on', { date: d(line.deliveredAt) }) : null,
    line.cancelledAt ? t('cancelled_on', { date: d(line.cancelledAt) }) : null,
    line.refundedCents > 0 ? t('refunded_amount', { amount: formatMoney(line.refundedCents, locale) }) : null,
  ].filter((x): x is string => !!x);
  return parts.length ? <p class="small muted">{parts.join(' · ')}</p> : null;
}

/** Lines a customer can open an incident on: paid and not cancelled or fully refunded (the incidents module decides the reasons). */
const INCIDENT_STATES: readonly LineState[] = ['paid', 'preparing', 'shipped', 'delivered', 'closed'];

function PartSection(props: { ctx: PageContext; number: string; part: OrderPart; delivery: AddressSnapshot; incidents: CustomerOrder['incidents'] }) {
  const { ctx, part } = props;
  const t = ordersText(ctx.locale);
  const money = (c: number) => formatMoney(c, ctx.locale);
  const status = sellerOrderStatus(part.lines);
  return (
    <section class="order-part card" aria-labelledby={`part-${part.id}`}>
      <header class="order-part-head">
        <div>
          <h2 id={`part-${part.id}`}>
            {t('sold_by')} <a href={href(ctx, `/s/${part.sellerSlug}`)}>{part.sellerName}</a>
          </h2>
          <p class="small muted">
            {t('seller_order', { number: part.number })} · <a href={href(ctx, `/s/${part.sellerSlug}#politique-de-retour`)}>{t('return_policy')}</a>
          </p>
        </div>
        <StatusBadge status={status} locale={ctx.locale} />
      </header>
      <ul class="order-lines">
        {part.lines.map((l) => (
          <li class="order-line">
            {l.imageUrl ? <img class="order-line-img" src={l.imageUrl} width={72} height={72} alt="" loading="lazy" /> : null}
            <div class="order-line-main">
              <p class="brand">{l.brand}</p>
              <p class="title">{pick(l.title, ctx.locale)}</p>
              <p class="small muted">
                {pick(l.variantLabel, ctx.locale)} · {t('qty', { n: l.quantity })} × {money(l.unitPriceCents)}
              </p>
              <LineDates line={l} locale={ctx.locale} />
              <Tracking line={l} locale={ctx.locale} delivery={props.delivery} />
            </div>
            <div class="order-line-side">
              <strong class="num">{money(l.totalCents)}</strong>
              <StatusBadge status={l.state} locale={ctx.locale} />
              {props.incidents.has(l.id) ? (
                <a class="incident-link" href={href(ctx, `/account/incidents/${encodeURIComponent(props.incidents.get(l.id)!.number)}`)}>
                  {t('incident_in_progress', { number: props.incidents.get(l.id)!.number })}
                </a>
              ) : INCIDENT_STATES.includes(l.state) ? (
                <a class="incident-link" href={href(ctx, `/account/orders/${encodeURIComponent(props.number)}/lines/${l.id}/incident`)}>
                  {t('open_incident')}
                </a>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
      <p class="order-part-foot small">
        {t('shipping_fee')}
        {colon(ctx.locale)}
        {part.shippingCents ? money(part.shippingCents) : t('free')}
        {part.shippingRefundedCents > 0 ? ` · ${t('shipping_refunded', { amount: money(part.shippingRefundedCents) })}` : ''}
      </p>
    </section>
  );
}

const PAY_STATUS = { paid: 'pay_paid', pending: 'pay_pending', failed: 'pay_failed', expired: 'pay_expired' } as const;
const REFUND_STATUS = { pending: 'refund_pending', succeeded: 'refund_succeeded', failed: 'refund_failed' } as const;
const METHOD: Record<string, string> = { bancontact: 'Bancontact', visa: 'Visa', mastercard: 'Mastercard' };

/** Refunds the bank refused and customer service has not asked again yet: the customer must hear it from us. */
function refusedCents(data: CustomerOrder): number {
  const refunds = data.payments.flatMap((p) => p.refunds);
  const retried = new Set(refunds.map((r) => r.idempotencyKey));
  return refunds.filter((r) => r.status === 'failed' && !retried.has(`retry:${r.id}`)).reduce((s, r) => s + r.amountCents, 0);
}

/** "Voir la commande": the order as the customer bought it, where each parcel is, and the money. */
export function OrderPage(props: { ctx: PageContext; data: CustomerOrder; resendError?: string | null }) {
  const { ctx, data } = props;
  const { order } = data;
  const t = ordersText(ctx.locale);
  const money = (c: number) => formatMoney(c, ctx.locale);
  const title = t('order_title', { number: order.number });
  const lineTitle = new Map(data.parts.flatMap((p) => p.lines.map((l) => [l.id, `${l.brand} — ${pick(l.title, ctx.locale)}`] as const)));
  return (
    <AccountShell ctx={ctx} title={title}>
      <p class="small">
        <a href={href(ctx, '/account/orders')}>{t('back_to_orders')}</a>
      </p>
      <h1>{title}</h1>
      <p class="hint">{t('placed_on', { date: formatDate(order.createdAt, ctx.locale) })}</p>

      {data.parts.map((p) => (
        <PartSection ctx={ctx} number={order.number} part={p} delivery={order.deliveryAddress} incidents={data.incidents} />
      ))}

      <div class="order-columns">
        <section class="card" aria-labelledby="summary-title">
          <h2 id="summary-title">{t('summary')}</h2>
          <dl class="facts">
            <dt>{t('items_total')}</dt>
            <dd class="num">{money(order.itemsCents)}</dd>
            <dt>{t('shipping_total')}</dt>
            <dd class="num">{order.shippingCents ? money(order.shippingCents) : t('free')}</dd>
            <dt>{t('total')}</dt>
            <dd class="num">
              <strong>{money(order.totalCents)}</strong>
            </dd>
          </dl>
        </section>
        <section class="card" aria-labelledby="addresses-title">
          <h2 id="addresses-title">{t('addresses')}</h2>
          <div class="address-pair">
            <div>
              <h3>{t('delivery_address')}</h3>
              <AddressLines address={order.deliveryAddress} locale={ctx.locale} />
            </div>
            <div>
              <h3>{t('billing_address')}</h3>
              <AddressLines address={order.billingAddress} locale={ctx.locale} />
            </div>
          </div>
          <p class="note small">{t('address_frozen')}</p>
        </section>
      </div>

      <section class="card order-payments" aria-labelledby="payments-title">
        <h2 id="payments-title">{t('payments_title')}</h2>
        <DataTable
          rows={data.payments.flatMap((p) => [{ at: p.paidAt ?? p.createdAt, what: `${t('payment_label')}${p.method ? ` · ${METHOD[p.method] ?? p.method}` : ''}`, status: t(PAY_STATUS[p.status]), amount: money(p.amountCents) }, ...p.refunds.map((r) => ({ at: r.settledAt ?? r.createdAt, what: `${t('refund_label')} · ${r.orderLineId ? (lineTitle.get(r.orderLineId) ?? '') : t(r.reason === 'paid_after_final' ? 'refund_abandoned_payment' : 'shipping_fee')}`, status: t(REFUND_STATUS[r.status]), amount: `− ${money(r.amountCents)}` }))])}
          empty={t('no_payment')}
          columns={[
            { label: t('col_date'), cell: (r) => formatDate(r.at, ctx.locale, true) },
            { label: t('col_what'), cell: (r) => r.what },
            { label: t('col_status'), cell: (r) => r.status },
            { label: t('col_amount'), num: true, cell: (r) => r.amount },
          ]}
        />
        {refusedCents(data) > 0 ? (
          <p class="form-error" role="status">
            {t('refund_failed_note', { amount: money(refusedCents(data)) })}
          </p>
        ) : null}
      </section>

      {order.paidAt ? (
        <section class="card confirmation-box" aria-labelledby="confirmation-title">
          <h2 id="confirmation-title">{t('confirmation_title')}</h2>
          <p>{t('confirmation_help')}</p>
          {props.resendError ? (
            <p class="form-error" role="alert">
              {props.resendError}
            </p>
          ) : null}
          <form method="post" action={href(ctx, `/account/orders/${encodeURIComponent(order.number)}/resend-confirmation`)}>
            <CsrfField ctx={ctx} />
            <button type="submit" class="button">
              {t('resend_button')}
            </button>
          </form>
          <p class="small">
            <a href={href(ctx, '/help#contact')}>{t('contact_service')}</a>
          </p>
        </section>
      ) : null}
    </AccountShell>
  );
}
