import { sellerMenu } from '../../faces/seller.js';
import type { PageContext } from '../../http/context.js';
import type { FieldErrors, FormValues } from '../../http/forms.js';
import { formatDate, formatMoney, type Locale } from '../../i18n/index.js';
import { pick } from '../../shared/i18n-text.js';
import { FormError, SelectField } from '../../ui/forms.js';
import { BackOfficeLayout, CsrfField } from '../../ui/layout.js';
import { DataTable } from '../../ui/table.js';
import { AddressLines } from '../accounts/address-views.js';
import { CARRIERS, carrierName, trackingUrl } from './carriers.js';
import { sellerOrderStatus } from './derived-status.js';
import { colon, ordersText, type OrdersKey } from './messages.js';
import { oldestFirst, SELLER_FILTERS, type SellerFilter, type SellerOrderSummary, type SellerOrderView } from './queries.js';
import { availableCommands, waited, type Deadlines } from './seller-order-lifecycle.js';
import { StatusBadge } from './views.js';

/**
 * "3 j 4 h" or "5 h 12 min": how long an order has waited for the seller; marked when less than a day
 * is left before the acceptance deadline (`acceptDays` after payment), and said to be past it once it is
 * (the deadline job cancels such lines at its next run: until then the seller must not read "24 h").
 */
export function Age(props: { since: Date; now: Date; locale: Locale; acceptDays?: number }) {
  const t = ordersText(props.locale);
  const w = waited(props.since, props.now);
  const due = props.acceptDays;
  const passed = due !== undefined && w.days >= due;
  const soon = due !== undefined && !passed && w.days >= due - 1;
  return (
    <span class={soon || passed ? 'age late' : 'age'}>
      {w.days > 0 ? t('waited_days', { d: w.days, h: w.hours }) : t('waited_hours', { h: w.hours, m: w.minutes })}
      {passed ? ` · ${t('due_passed')}` : soon ? ` · ${t('due_soon')}` : ''}
    </span>
  );
}

/** /vendeur/orders: the seller's orders by status group, to-handle first and oldest on top. */
export function SellerOrdersPage(props: { ctx: PageContext; filter: SellerFilter; items: SellerOrderSummary[]; next: string | null; now: Date; deadlines: Deadlines; paged: boolean }) {
  const { ctx, filter } = props;
  const t = ordersText(ctx.locale);
  const money = (c: number) => formatMoney(c, ctx.locale);
  const waiting = oldestFirst(filter);
  return (
    <BackOfficeLayout ctx={ctx} title={t('so_title')} menu={sellerMenu(ctx)}>
      <h1>{t('so_title')}</h1>
      <p class="hint">{t('so_intro', { days: props.deadlines.sellerAcceptDays })}</p>
      <nav class="filter-tabs" aria-label={t('f_label')}>
        {(Object.keys(SELLER_FILTERS) as SellerFilter[]).map((f) => (
          <a href={`/vendeur/orders?status=${f}`} aria-current={f === filter ? 'page' : undefined}>
            {t(`f_${f}`)}
          </a>
        ))}
      </nav>
      {props.items.length === 0 ? (
        <p class="card">{t('none')}</p>
      ) : (
        <DataTable
          class="seller-orders"
          rows={props.items}
          columns={[
            { label: t('col_number'), cell: (o) => <a href={`/vendeur/orders/${encodeURIComponent(o.number)}`}>{o.number}</a> },
            { label: t('col_placed'), cell: (o) => formatDate(o.paidAt, ctx.locale, true) },
            ...(waiting
              ? [{ label: t('col_waiting'), cell: (o: SellerOrderSummary) => <Age since={o.paidAt} now={props.now} locale={ctx.locale} acceptDays={o.status === 'paid' ? props.deadlines.sellerAcceptDays : undefined} /> }]
              : []),
            { label: t('col_customer'), cell: (o) => o.customerName },
            { label: t('col_articles'), num: true, cell: (o) => o.quantity },
            { label: t('col_total'), num: true, cell: (o) => money(o.totalCents) },
            { label: t('col_status'), cell: (o) => <StatusBadge status={o.status} locale={ctx.locale} /> },
          ]}
        />
      )}
      {props.next || props.paged ? (
        <nav class="pager" aria-label={t('pagination')}>
          {props.paged ? <a href={`/vendeur/orders?status=${filter}`}>{t('first_page')}</a> : <span />}
          {props.next ? <a href={`/vendeur/orders?status=${filter}&after=${encodeURIComponent(props.next)}`}>{t('next_page')}</a> : null}
        </nav>
      ) : null}
    </BackOfficeLayout>
  );
}

const REASONS = ['out_of_stock', 'cannot_ship', 'other'] as const;

/** One seller order: the customer's name and delivery address, the lines with their actions, the history. */
export function SellerOrderPage(props: {
  ctx: PageContext;
  view: SellerOrderView;
  now: Date;
  deadlines: Deadlines;
  error?: string | null;
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const { ctx, view } = props;
  const { part, order } = view;
  const t = ordersText(ctx.locale);
  const money = (c: number) => formatMoney(c, ctx.locale);
  const status = sellerOrderStatus(part.lines);
  const commands = availableCommands(part.lines);
  const base = `/vendeur/orders/${encodeURIComponent(part.number)}`;
  const shippable = part.lines.filter((l) => l.state === 'paid' || l.state === 'preparing');
  const shipped = part.lines.filter((l) => l.state === 'shipped');
  const paidLines = part.lines.filter((l) => l.state === 'paid');
  const chosen = (name: string, id: string) => (props.values ? (props.values[name] ?? '').split(',').includes(id) : true);
  const title = t('so_detail_title', { number: part.number });
  return (
    <BackOfficeLayout ctx={ctx} title={title} menu={sellerMenu(ctx)}>
      <p class="small">
        <a href="/vendeur/orders">{t('back_to_list')}</a>
      </p>
      <div class="so-head">
        <h1>{title}</h1>
        <StatusBadge status={status} locale={ctx.locale} />
      </div>
      <p class="hint">
        {t('placed', { date: formatDate(order.paidAt, ctx.locale, true) })}
        {status === 'paid' || status === 'preparing' ? (
          <>
            {' · '}
            {t('col_waiting')} <Age since={order.paidAt} now={props.now} locale={ctx.locale} acceptDays={status === 'paid' ? props.deadlines.sellerAcceptDays : undefined} />
          </>
        ) : null}
      </p>
      <FormError message={props.error} />

      <div class="so-grid">
        <section class="card" aria-labelledby="lines-title">
          <h2 id="lines-title">{t('col_articles')}</h2>
          <table class="data">
            <thead>
              <tr>
                <th scope="col">{t('col_article')}</th>
                <th scope="col" class="num">
                  {t('col_qty')}
                </th>
                <th scope="col" class="num">
                  {t('col_line_total')}
                </th>
                <th scope="col">{t('col_line_status')}</th>
                <th scope="col">{t('col_actions')}</th>
              </tr>
            </thead>
            <tbody>
              {part.lines.map((l) => {
                const link = trackingUrl(l.carrier, l.trackingNumber, ctx.locale, order.deliveryAddress);
                return (
                  <tr>
                    <td>
                      <strong>{l.brand}</strong> — {pick(l.title, ctx.locale)}
                      <br />
                      <span class="small">
                        {pick(l.variantLabel, ctx.locale)} · <span class="mono">{l.sku}</span>
                      </span>
                      {l.trackingNumber ? (
                        <>
                          <br />
                          <span class="small">
                            {carrierName(l.carrier) ?? t('carrier_other')}
                            {colon(ctx.locale)}
                            {link ? (
                              <a href={link} target="_blank" rel="noopener noreferrer">
                                {l.trackingNumber}
                              </a>
                            ) : (
                              <span class="mono">{l.trackingNumber}</span>
                            )}
                          </span>
                        </>
                      ) : null}
                      {l.refundedCents > 0 ? (
                        <>
                          <br />
                          <span class="small">{t('refunded_amount', { amount: money(l.refundedCents) })}</span>
                        </>
                      ) : null}
                    </td>
                    <td class="num">{l.quantity}</td>
                    <td class="num">{money(l.totalCents)}</td>
                    <td>
                      <StatusBadge status={l.state} locale={ctx.locale} />
                    </td>
                    <td>
                      {l.state === 'paid' ? (
                        <div class="line-actions">
                          <form method="post" action={`${base}/accept`}>
                            <CsrfField ctx={ctx} />
                            <input type="hidden" name="lines" value={l.id} />
                            <button type="submit" class="primary small-button">
                              {t('accept')}
                            </button>
                          </form>
                          <form method="post" action={`${base}/refuse`} class="refuse-form">
                            <CsrfField ctx={ctx} />
                            <input type="hidden" name="lines" value={l.id} />
                            <label class="visually-hidden" for={`reason-${l.id}`}>
                              {t('refuse_reason')}
                            </label>
                            <select id={`reason-${l.id}`} name="reason">
                              {REASONS.map((r) => (
                                <option value={r}>{t(`reason_${r}`)}</option>
                              ))}
                            </select>
                            <button type="submit" class="button small-button">
                              {t('refuse')}
                            </button>
                          </form>
                        </div>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {paidLines.length > 1 ? (
            <form method="post" action={`${base}/accept`} class="inline-form">
              <CsrfField ctx={ctx} />
              <button type="submit" class="primary">
                {t('accept_all')}
              </button>
            </form>
          ) : null}
        </section>

        <aside class="so-side">
          <section class="card" aria-labelledby="customer-title">
            <h2 id="customer-title">{t('customer')}</h2>
            <p>
              <strong>
                {order.deliveryAddress.firstName} {order.deliveryAddress.lastName}
              </strong>
            </p>
            <h3>{t('delivery_address')}</h3>
            <AddressLines address={order.deliveryAddress} locale={ctx.locale} />
          </section>

          {commands.includes('ship') ? (
            <section class="card" aria-labelledby="ship-title">
              <h2 id="ship-title">{t('ship_title')}</h2>
              <form method="post" action={`${base}/ship`} novalidate>
                <CsrfField ctx={ctx} />
                <fieldset class={props.errors?.lines ? 'has-error' : undefined}>
                  <legend>{t('ship_lines')}</legend>
                  {shippable.map((l) => (
                    <label class="check">
                      <input type="checkbox" name="lines" value={l.id} checked={chosen('lines', l.id)} /> {l.quantity} × {l.brand} — {pick(l.title, ctx.locale)} ({pick(l.variantLabel, ctx.locale)})
                    </label>
                  ))}
                  {props.errors?.lines ? <p class="error">{props.errors.lines}</p> : null}
                </fieldset>
                <SelectField
                  name="carrier"
                  label={t('carrier')}
                  required
                  values={props.values}
                  errors={props.errors}
                  options={CARRIERS.map((c) => ({ value: c, label: carrierName(c) ?? t('carrier_other') }))}
                />
                <div class={`field${props.errors?.tracking ? ' has-error' : ''}`}>
                  <label for="f-tracking">
                    {t('tracking_number')}
                    <span aria-hidden="true"> *</span>
                  </label>
                  <input
                    id="f-tracking"
                    name="tracking"
                    type="text"
                    required
                    maxLength={60}
                    autocomplete="off"
                    value={props.values?.tracking ?? ''}
                    aria-invalid={props.errors?.tracking ? 'true' : undefined}
                    aria-describedby={props.errors?.tracking ? 'f-tracking-hint f-tracking-err' : 'f-tracking-hint'}
                  />
                  <p class="hint" id="f-tracking-hint">
                    {t('tracking_hint')}
                  </p>
                  {props.errors?.tracking ? (
                    <p class="error" id="f-tracking-err">
                      {props.errors.tracking}
                    </p>
                  ) : null}
                </div>
                <button type="submit" class="primary">
                  {t('ship_button')}
                </button>
              </form>
            </section>
          ) : null}

          {commands.includes('deliver') ? (
            <section class="card" aria-labelledby="deliver-title">
              <h2 id="deliver-title">{t('deliver_title')}</h2>
              <form method="post" action={`${base}/deliver`}>
                <CsrfField ctx={ctx} />
                <fieldset>
                  <legend>{t('deliver_lines')}</legend>
                  {shipped.map((l) => (
                    <label class="check">
                      <input type="checkbox" name="lines" value={l.id} checked /> {l.quantity} × {l.brand} — {pick(l.title, ctx.locale)}
                    </label>
                  ))}
                </fieldset>
                <button type="submit" class="button">
                  {t('deliver_button')}
                </button>
              </form>
              <p class="hint">{t('deliver_hint', { days: props.deadlines.autoDeliverDays })}</p>
            </section>
          ) : null}
        </aside>
      </div>

      <section class="card" aria-labelledby="history-title">
        <h2 id="history-title">{t('history')}</h2>
        <DataTable
          rows={view.timeline}
          columns={[
            { label: t('col_when'), cell: (e) => formatDate(e.at, ctx.locale, true) },
            { label: t('col_who'), cell: (e) => t(`actor_${e.actorType}`) },
            {
              label: t('col_what'),
              cell: (e) => {
                const line = e.orderLineId ? part.lines.find((l) => l.id === e.orderLineId) : undefined;
                const key = `ev_${e.type}` as OrdersKey;
                return `${t(key) === key ? e.type : t(key)}${line ? ` · ${line.sku}` : ''}`;
              },
            },
          ]}
        />
      </section>
    </BackOfficeLayout>
  );
}
