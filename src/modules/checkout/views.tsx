import type { ComponentChildren } from 'preact';
import type { PageContext } from '../../http/context.js';
import type { FieldErrors, FormValues } from '../../http/forms.js';
import { formatDate, formatMoney, type Locale } from '../../i18n/index.js';
import { pick } from '../../shared/i18n-text.js';
import { CsrfField, href, ShopLayout } from '../../ui/layout.js';
import { FormError } from '../../ui/forms.js';
import type { AddressSnapshot } from '../orders/schema.js';
import type { Address } from '../accounts/addresses.js';
import { AddressFields, AddressLines, addressValues } from '../accounts/address-views.js';
import type { CheckoutCart, CheckoutGroup, CheckoutLine } from './cart-source.js';
import { checkoutText } from './messages.js';
import { deliveryEstimate, type Selection } from './rules.js';

export type Role = 'billing' | 'delivery';
/** Which address form is open on the addresses step (none: the cards). */
export type AddressMode = { kind: 'edit' | 'add'; role: Role } | { kind: 'first' } | null;

type Step = 1 | 2 | 3;

/** A sentence with an order number that must not break across lines ("C-2026-" / "000123"). */
function WithNumber({ text, number }: { text: string; number: string }) {
  const [before, ...after] = text.split(number);
  if (after.length === 0) return <>{text}</>;
  return (
    <>
      {before}
      <span class="nowrap">{number}</span>
      {after.join(number)}
    </>
  );
}

function Steps({ ctx, current }: { ctx: PageContext; current: Step }) {
  const t = checkoutText(ctx.locale);
  const steps: [Step, string, string][] = [
    [1, t('step_addresses'), '/checkout'],
    [2, t('step_delivery'), '/checkout/delivery'],
    [3, t('step_summary'), '/checkout/summary'],
  ];
  return (
    <nav class="checkout-steps" aria-label={t('steps')}>
      <ol>
        {steps.map(([n, label, path]) => (
          <li class={n === current ? 'current' : n < current ? 'done' : ''} aria-current={n === current ? 'step' : undefined}>
            <span class="step-n" aria-hidden="true">
              {n}
            </span>
            {n < current ? <a href={href(ctx, path)}>{label}</a> : <span>{label}</span>}
          </li>
        ))}
      </ol>
    </nav>
  );
}

function Shell(props: { ctx: PageContext; step: Step; cart: CheckoutCart; children: ComponentChildren; aside?: ComponentChildren }) {
  const t = checkoutText(props.ctx.locale);
  return (
    <ShopLayout ctx={props.ctx} title={t('title')}>
      <div class="checkout">
        <h1>{t('title')}</h1>
        <Steps ctx={props.ctx} current={props.step} />
        <div class="checkout-grid">
          <div class="checkout-main">{props.children}</div>
          <aside class="checkout-aside" aria-label={t('summary_title')}>
            <Totals ctx={props.ctx} cart={props.cart} />
            {props.aside}
          </aside>
        </div>
      </div>
    </ShopLayout>
  );
}

/** The order's totals: articles, delivery, total incl. VAT, and the VAT included per rate when known. */
function Totals({ ctx, cart }: { ctx: PageContext; cart: Pick<CheckoutCart, 'itemsCents' | 'shippingCents' | 'totalCents'> & { vat?: CheckoutCart['vat'] } }) {
  const t = checkoutText(ctx.locale);
  const m = (c: number) => formatMoney(c, ctx.locale);
  return (
    <div class="order-box">
      <h2>{t('summary_title')}</h2>
      <dl class="totals">
        <dt>{t('items_total')}</dt>
        <dd>{m(cart.itemsCents)}</dd>
        <dt>{t('shipping_total')}</dt>
        <dd>{cart.shippingCents ? m(cart.shippingCents) : t('free')}</dd>
        <dt class="grand">{t('total')}</dt>
        <dd class="grand">{m(cart.totalCents)}</dd>
        {(cart.vat ?? []).map((v) => (
          <>
            <dt class="vat">{t('vat_included', { rate: v.rateBps / 100 })}</dt>
            <dd class="vat">{m(v.cents)}</dd>
          </>
        ))}
      </dl>
    </div>
  );
}

/** Billing and delivery side by side (summary, confirmation). */
function AddressPair({ ctx, billing, delivery }: { ctx: PageContext; billing: AddressSnapshot; delivery: AddressSnapshot }) {
  const t = checkoutText(ctx.locale);
  return (
    <div class="address-row">
      <div class="address-card">
        <h3>{t('billing_address')}</h3>
        <AddressText a={billing} locale={ctx.locale} />
      </div>
      <div class="address-card">
        <h3>{t('delivery_address')}</h3>
        <AddressText a={delivery} locale={ctx.locale} />
      </div>
    </div>
  );
}

export function AddressText({ a, locale }: { a: AddressSnapshot | Address; locale: Locale }) {
  return <AddressLines address={a} locale={locale} />;
}

/** The selected address of a role, as a card carrying "Modifier". */
function SelectedCard(props: { ctx: PageContext; role: Role; address: Address; title: string; defaults: { billingId: string | null; deliveryId: string | null }; editable: boolean }) {
  const t = checkoutText(props.ctx.locale);
  const a = props.address;
  return (
    <article class="address-card selected" aria-label={props.title}>
      <p class="card-state">
        <span class="badge ok">{t('selected')}</span>
      </p>
      <AddressText a={a} locale={props.ctx.locale} />
      <p class="card-badges">
        {props.defaults.billingId === a.id ? <span class="badge">{t('default_billing')}</span> : null}
        {props.defaults.deliveryId === a.id ? <span class="badge">{t('default_delivery')}</span> : null}
      </p>
      {props.editable ? (
        <a class="button" href={`${href(props.ctx, '/checkout')}?edit=${props.role}#address-form`}>
          {t('edit')}
        </a>
      ) : null}
    </article>
  );
}

/** The customer's other addresses, each selectable for the role. */
function OtherAddresses(props: { ctx: PageContext; role: Role; addresses: Address[]; exclude: string }) {
  const t = checkoutText(props.ctx.locale);
  const others = props.addresses.filter((a) => a.id !== props.exclude);
  if (others.length === 0) return null;
  return (
    <details class="other-addresses">
      <summary>
        {t('other_addresses')} ({others.length})
      </summary>
      <ul class="address-choices">
        {others.map((a) => (
          <li class="address-card">
            <AddressText a={a} locale={props.ctx.locale} />
            <form method="post" action={href(props.ctx, '/checkout/address/select')}>
              <CsrfField ctx={props.ctx} />
              <input type="hidden" name="role" value={props.role} />
              <input type="hidden" name="addressId" value={a.id} />
              <button type="submit" class="button">
                {t('select')}
              </button>
            </form>
          </li>
        ))}
      </ul>
    </details>
  );
}

function AddressFormCard(props: { ctx: PageContext; title: string; action: string; role?: Role; hint?: string; values?: FormValues; errors?: FieldErrors; initial?: Address | null; submit: string; cancel: boolean }) {
  const t = checkoutText(props.ctx.locale);
  return (
    <section class="card address-form" id="address-form" aria-labelledby="address-form-title">
      <h3 id="address-form-title">{props.title}</h3>
      {props.hint ? <p class="note">{props.hint}</p> : null}
      <FormError message={props.errors?._form ?? (props.errors && Object.keys(props.errors).length ? t('fix_errors') : null)} />
      <form method="post" action={props.action} novalidate>
        <CsrfField ctx={props.ctx} />
        {props.role ? <input type="hidden" name="role" value={props.role} /> : null}
        <AddressFields locale={props.ctx.locale} values={props.values ?? (props.initial ? addressValues(props.initial) : undefined)} errors={props.errors} />
        <p class="hint">{t('book_hint')}</p>
        <div class="form-actions">
          <button type="submit" class="button primary">
            {props.submit}
          </button>
          {props.cancel ? (
            <a class="button" href={href(props.ctx, '/checkout')}>
              {t('cancel')}
            </a>
          ) : null}
        </div>
      </form>
    </section>
  );
}

export function AddressesPage(props: {
  ctx: PageContext;
  cart: CheckoutCart;
  addresses: Address[];
  defaults: { billingId: string | null; deliveryId: string | null };
  selection: Selection | null;
  mode: AddressMode;
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const { ctx, selection, mode } = props;
  const t = checkoutText(ctx.locale);
  const byId = (id: string | undefined) => props.addresses.find((a) => a.id === id) ?? null;
  const billing = byId(selection?.billingId);
  const delivery = byId(selection?.deliveryId);

  if (!selection || !billing || !delivery || mode?.kind === 'first') {
    return (
      <Shell ctx={ctx} step={1} cart={props.cart}>
        <h2>{t('no_address_title')}</h2>
        <p>{t('no_address_intro')}</p>
        <AddressFormCard ctx={ctx} title={t('billing_address')} action={href(ctx, '/checkout/address/first')} values={props.values} errors={props.errors} submit={t('save')} cancel={false} />
      </Shell>
    );
  }

  const shared = !selection.separate || selection.billingId === selection.deliveryId;
  const form = (role: Role) => {
    if (!mode || mode.role !== role) return null;
    if (mode.kind === 'add') {
      return <AddressFormCard ctx={ctx} title={role === 'billing' ? t('add_billing_title') : t('add_delivery_title')} action={href(ctx, '/checkout/address/add')} role={role} values={props.values} errors={props.errors} submit={t('save')} cancel />;
    }
    const target = role === 'billing' ? billing : delivery;
    const hint = role === 'billing' ? (shared ? t('shared_edit_hint') : undefined) : selection.billingId === selection.deliveryId ? t('copy_edit_hint') : undefined;
    return (
      <AddressFormCard
        ctx={ctx}
        title={role === 'billing' ? t('edit_billing_title') : t('edit_delivery_title')}
        action={href(ctx, '/checkout/address/save')}
        role={role}
        hint={hint}
        values={props.values}
        errors={props.errors}
        initial={target}
        submit={t('save')}
        cancel
      />
    );
  };

  /** A role's selected card ("Modifier"), its open form, "Ajouter une nouvelle adresse", the other addresses. */
  const chosen = (role: Role, address: Address) => (
    <>
      <div class="address-row">
        <SelectedCard ctx={ctx} role={role} address={address} title={role === 'billing' ? t('billing_address') : t('delivery_address')} defaults={props.defaults} editable={!(mode?.kind === 'edit' && mode.role === role)} />
      </div>
      {form(role)}
      <p class="section-actions">
        <a class="button" href={`${href(ctx, '/checkout')}?add=${role}#address-form`}>
          {t('add_address')}
        </a>
      </p>
      <OtherAddresses ctx={ctx} role={role} addresses={props.addresses} exclude={address.id} />
    </>
  );

  return (
    <Shell ctx={ctx} step={1} cart={props.cart}>
      <section class="checkout-section" aria-labelledby="billing-title">
        <h2 id="billing-title">{t('billing_address')}</h2>
        {chosen('billing', billing)}
      </section>

      <section class="checkout-section" aria-labelledby="delivery-title">
        <h2 id="delivery-title">{t('delivery_address')}</h2>
        {!selection.separate ? (
          <>
            <p class="same-as">{t('same_as_billing')}</p>
            <form method="post" action={href(ctx, '/checkout/delivery-address')}>
              <CsrfField ctx={ctx} />
              <input type="hidden" name="separate" value="1" />
              <button type="submit" class="button">
                {t('use_different_delivery')}
              </button>
            </form>
          </>
        ) : (
          <>
            {chosen('delivery', delivery)}
            <form method="post" action={href(ctx, '/checkout/delivery-address')} class="section-actions">
              <CsrfField ctx={ctx} />
              <input type="hidden" name="separate" value="0" />
              <button type="submit" class="link">
                {t('use_billing_for_delivery')}
              </button>
            </form>
          </>
        )}
      </section>

      <p class="checkout-nav">
        <a class="button" href={href(ctx, '/cart')}>
          {t('back_cart')}
        </a>
        <a class="button primary" href={href(ctx, '/checkout/delivery')}>
          {t('continue_delivery')}
        </a>
      </p>
    </Shell>
  );
}

/** One article as shown in a parcel: picture, brand, title, variant, quantity × unit price, total. */
export type LineItem = { brand: string; title: string; variant: string; quantity: number; unitPriceCents: number; totalCents: number; imageUrl: string | null };

function LineRow({ ctx, l }: { ctx: PageContext; l: LineItem }) {
  const t = checkoutText(ctx.locale);
  return (
    <li class="checkout-line">
      {l.imageUrl ? <img src={l.imageUrl} alt="" width={64} height={64} loading="lazy" /> : <span class="img-placeholder" />}
      <div class="line-text">
        <span class="brand">{l.brand}</span>
        <span class="title">{l.title}</span>
        <span class="small">
          {l.variant} · {t('qty_short', { n: l.quantity })} × {formatMoney(l.unitPriceCents, ctx.locale)}
        </span>
      </div>
      <span class="num">{formatMoney(l.totalCents, ctx.locale)}</span>
    </li>
  );
}

const lineItem = (l: CheckoutLine, locale: Locale): LineItem => ({ ...l, title: pick(l.title, locale), variant: pick(l.variantLabel, locale) });

function SellerParcel({ ctx, g, now, summary }: { ctx: PageContext; g: CheckoutGroup; now: Date; summary?: boolean }) {
  const t = checkoutText(ctx.locale);
  const e = deliveryEstimate(now, g.lines.map((l) => l.leadTimeDays));
  const m = (c: number) => formatMoney(c, ctx.locale);
  return (
    <section class="card seller-parcel" aria-labelledby={`parcel-${g.sellerId}`}>
      <header>
        <h3 id={`parcel-${g.sellerId}`}>{t('seller_parcel', { seller: g.sellerName })}</h3>
        <p class="small">
          {t('sold_by_label')} <a href={href(ctx, `/s/${g.sellerSlug}`)}>{g.sellerName}</a>
        </p>
      </header>
      <ul class="checkout-lines">
        {g.lines.map((l) => (
          <LineRow ctx={ctx} l={lineItem(l, ctx.locale)} />
        ))}
      </ul>
      <dl class="parcel-facts">
        <dt>{t('shipping_fee')}</dt>
        <dd>{g.shippingCents ? m(g.shippingCents) : t('free')}</dd>
        {summary ? (
          <>
            <dt>{t('subtotal_seller', { seller: g.sellerName })}</dt>
            <dd>{m(g.itemsCents + g.shippingCents)}</dd>
          </>
        ) : null}
      </dl>
      <p class="estimate">{t('estimated', { from: formatDate(e.from, ctx.locale), to: formatDate(e.to, ctx.locale) })}</p>
      {!summary && g.shippingCents > 0 && g.freeShippingFromCents !== null ? <p class="hint">{t('free_from', { amount: m(g.freeShippingFromCents) })}</p> : null}
    </section>
  );
}

export function DeliveryPage(props: { ctx: PageContext; cart: CheckoutCart; delivery: Address; now: Date }) {
  const { ctx } = props;
  const t = checkoutText(ctx.locale);
  return (
    <Shell ctx={ctx} step={2} cart={props.cart}>
      <h2>{t('step_delivery')}</h2>
      <p>{t('delivery_intro')}</p>
      <div class="deliver-to">
        <h3>{t('deliver_to')}</h3>
        <AddressText a={props.delivery} locale={ctx.locale} />
      </div>
      {props.cart.groups.map((g) => (
        <SellerParcel ctx={ctx} g={g} now={props.now} />
      ))}
      <p class="checkout-nav">
        <a class="button" href={href(ctx, '/checkout')}>
          {t('back_addresses')}
        </a>
        <a class="button primary" href={href(ctx, '/checkout/summary')}>
          {t('continue_summary')}
        </a>
      </p>
    </Shell>
  );
}

export function SummaryPage(props: { ctx: PageContext; cart: CheckoutCart; billing: Address; delivery: Address; checkoutKey: string; seen: string; now: Date; error?: string | null; status?: number }) {
  const { ctx, cart } = props;
  const t = checkoutText(ctx.locale);
  const payForm = (
    <form method="post" action={href(ctx, '/checkout/place')} class="pay-form">
      <CsrfField ctx={ctx} />
      <input type="hidden" name="checkoutKey" value={props.checkoutKey} />
      <input type="hidden" name="seen" value={props.seen} />
      <button type="submit" class="button primary pay">
        {t('pay', { amount: formatMoney(cart.totalCents, ctx.locale) })}
      </button>
      <p class="hint">{t('pay_hint')}</p>
    </form>
  );
  return (
    <Shell ctx={ctx} step={3} cart={cart} aside={payForm}>
      <FormError message={props.error} />
      <h2>{t('summary_title')}</h2>
      {cart.groups.map((g) => (
        <SellerParcel ctx={ctx} g={g} now={props.now} summary />
      ))}
      <section class="addresses-recap" aria-labelledby="recap-title">
        <h2 id="recap-title">{t('addresses_recap')}</h2>
        <AddressPair ctx={ctx} billing={props.billing} delivery={props.delivery} />
        <p>
          <a href={href(ctx, '/checkout')}>{t('edit')}</a>
        </p>
      </section>
      <p class="checkout-nav">
        <a class="button" href={href(ctx, '/checkout/delivery')}>
          {t('back_delivery')}
        </a>
      </p>
    </Shell>
  );
}

export function ReturnPage(props: { ctx: PageContext; number: string; state: 'pending' | 'failed' }) {
  const { ctx } = props;
  const t = checkoutText(ctx.locale);
  const pending = props.state === 'pending';
  return (
    <ShopLayout ctx={ctx} title={pending ? t('pending_title') : t('failed_title')}>
      <section class={`narrow card return-page ${props.state}`}>
        <h1>{pending ? t('pending_title') : t('failed_title')}</h1>
        <p>
          <WithNumber text={pending ? t('pending_text', { number: props.number }) : t('failed_text', { number: props.number })} number={props.number} />
        </p>
        <p class="checkout-nav">
          {pending ? (
            <>
              <a class="button primary" href={href(ctx, `/checkout/return/${encodeURIComponent(props.number)}`)}>
                {t('refresh')}
              </a>
              <a class="button" href={href(ctx, '/account/orders')}>
                {t('my_orders')}
              </a>
            </>
          ) : (
            <>
              <a class="button primary" href={href(ctx, '/checkout/summary')}>
                {t('try_again')}
              </a>
              <a class="button" href={href(ctx, '/cart')}>
                {t('back_cart')}
              </a>
            </>
          )}
        </p>
      </section>
    </ShopLayout>
  );
}

export type ConfirmedPart = { number: string; sellerName: string; sellerSlug: string; shippingCents: number; itemsCents: number; lines: LineItem[] };

export function ConfirmationPage(props: {
  ctx: PageContext;
  order: { number: string; email: string; itemsCents: number; shippingCents: number; totalCents: number; billingAddress: AddressSnapshot; deliveryAddress: AddressSnapshot };
  parts: ConfirmedPart[];
}) {
  const { ctx, order } = props;
  const t = checkoutText(ctx.locale);
  const m = (c: number) => formatMoney(c, ctx.locale);
  const orderHref = href(ctx, `/account/orders/${encodeURIComponent(order.number)}`);
  return (
    <ShopLayout ctx={ctx} title={t('confirm_title')}>
      <div class="checkout confirmation">
        <section class="confirm-hero" aria-labelledby="confirm-title">
          <h1 id="confirm-title">{t('confirm_title')}</h1>
          <p class="lead">
            <WithNumber text={t('confirm_lead', { number: order.number })} number={order.number} />
          </p>
          <p>{t('confirm_email', { email: order.email })}</p>
          <p class="checkout-nav">
            <a class="button primary" href={orderHref}>
              {t('view_order')}
            </a>
            <a class="button" href={href(ctx, '/account/orders')}>
              {t('my_orders')}
            </a>
          </p>
        </section>
        <div class="checkout-grid">
          <div class="checkout-main">
            <p>{t('confirm_parts', { n: props.parts.length })}</p>
            {props.parts.map((p) => (
              <section class="card seller-parcel">
                <header>
                  <h2>{t('seller_order', { number: p.number })}</h2>
                  <p class="small">
                    {t('sold_by_label')} <a href={href(ctx, `/s/${p.sellerSlug}`)}>{p.sellerName}</a>
                  </p>
                </header>
                <ul class="checkout-lines">
                  {p.lines.map((l) => (
                    <LineRow ctx={ctx} l={l} />
                  ))}
                </ul>
                <dl class="parcel-facts">
                  <dt>{t('shipping_fee')}</dt>
                  <dd>{p.shippingCents ? m(p.shippingCents) : t('free')}</dd>
                </dl>
              </section>
            ))}
            <section class="addresses-recap">
              <AddressPair ctx={ctx} billing={order.billingAddress} delivery={order.deliveryAddress} />
              <p class="note frozen-note">{t('address_frozen')}</p>
            </section>
          </div>
          <aside class="checkout-aside">
            <Totals ctx={ctx} cart={order} />
          </aside>
        </div>
      </div>
    </ShopLayout>
  );
}
