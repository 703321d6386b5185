import type { PageContext } from '../../http/context.js';
import { formatMoney } from '../../i18n/index.js';
import { pick } from '../../shared/i18n-text.js';
import { CsrfField, href, ShopLayout } from '../../ui/layout.js';
import type { Cart, CartLine } from './cart.js';
import { cartText } from './messages.js';
import type { LineNotice, PricedLine, VatLine } from './pricing.js';

export type LineError = { itemId: string; message: string; value: string };

function Notice({ ctx, n }: { ctx: PageContext; n: LineNotice }) {
  const t = cartText(ctx.locale);
  const m = (c: number) => formatMoney(c, ctx.locale);
  switch (n.code) {
    case 'price_changed':
      return <p class="line-notice info">{t('price_changed', { before: m(n.seenCents), now: m(n.nowCents) })}</p>;
    case 'stock_short':
      return <p class="line-notice warn">{t('stock_short', { n: n.stock })}</p>;
    case 'sold_out':
      return <p class="line-notice err">{t('sold_out')}</p>;
    case 'unavailable':
      return <p class="line-notice err">{t('unavailable')}</p>;
  }
}

function Line({ ctx, l, error }: { ctx: PageContext; l: PricedLine<CartLine>; error: LineError | null }) {
  const t = cartText(ctx.locale);
  const title = pick(l.title, ctx.locale);
  const productHref = `${href(ctx, `/p/${l.productSlug}`)}?colour=${encodeURIComponent(l.colour)}&size=${encodeURIComponent(l.size)}`;
  const qid = `qty-${l.itemId}`;
  const err = error?.itemId === l.itemId ? error : null;
  return (
    <li class={`cart-line${l.counted ? '' : ' not-counted'}`} id={`line-${l.itemId}`}>
      <a class="pic" href={productHref} tabIndex={-1} aria-hidden="true">
        {l.imageUrl ? <img src={l.imageUrl} alt="" width={120} height={120} loading="lazy" /> : null}
      </a>
      <div class="what">
        <p class="brand">{l.brand}</p>
        <p class="title">
          <a href={productHref}>{title}</a>
        </p>
        <p class="variant">{t('colour_size', { colour: pick(l.colourName, ctx.locale), size: l.size })}</p>
        <p class="unit">
          <span class="visually-hidden">{t('unit_price')} </span>
          {formatMoney(l.unitPriceCents, ctx.locale)}
        </p>
        {l.notices.map((n) => (
          <Notice ctx={ctx} n={n} />
        ))}
      </div>
      <div class="how-many">
        <form method="post" action={href(ctx, `/cart/items/${l.itemId}`)} class="qty-form">
          <CsrfField ctx={ctx} />
          <div class={`field qty${err ? ' has-error' : ''}`}>
            <label for={qid}>
              {t('quantity')}
              <span class="visually-hidden"> — {title}</span>
            </label>
            <input
              id={qid}
              name="quantity"
              type="number"
              inputMode="numeric"
              min={1}
              max={99}
              step={1}
              value={err ? err.value : String(l.quantity)}
              aria-invalid={err ? 'true' : undefined}
              aria-describedby={err ? `${qid}-err` : undefined}
            />
            <button type="submit" class="button small">
              {t('update')}
            </button>
          </div>
          {err ? (
            <p class="error" id={`${qid}-err`} role="alert">
              {err.message}
            </p>
          ) : null}
        </form>
        <form method="post" action={href(ctx, `/cart/items/${l.itemId}/remove`)}>
          <CsrfField ctx={ctx} />
          <button type="submit" class="link" aria-label={t('remove_item', { title })}>
            {t('remove')}
          </button>
        </form>
      </div>
      <p class="line-total">
        <span class="visually-hidden">{t('line_total')} </span>
        {l.counted ? formatMoney(l.totalCents, ctx.locale) : <s>{formatMoney(l.totalCents, ctx.locale)}</s>}
      </p>
    </li>
  );
}

function VatRows({ ctx, vat }: { ctx: PageContext; vat: VatLine[] }) {
  const t = cartText(ctx.locale);
  return (
    <>
      {vat.map((v) => (
        <div class="row vat">
          <dt>{t('vat_included', { rate: (v.rateBps / 100).toLocaleString(ctx.locale) })}</dt>
          <dd>{formatMoney(v.cents, ctx.locale)}</dd>
        </div>
      ))}
    </>
  );
}

export function CartPage(props: { ctx: PageContext; cart: Cart; error?: LineError | null }) {
  const { ctx, cart } = props;
  const t = cartText(ctx.locale);
  const m = (c: number) => formatMoney(c, ctx.locale);
  if (!cart.groups.length) {
    return (
      <ShopLayout ctx={ctx} title={t('title')}>
        <h1>{t('title')}</h1>
        <div class="empty-state cart-empty">
          <p>
            <strong>{t('empty')}</strong>
          </p>
          <p>{t('empty_hint')}</p>
          <p>
            <a class="button primary" href={href(ctx, '/')}>
              {t('continue_shopping')}
            </a>
          </p>
        </div>
      </ShopLayout>
    );
  }
  return (
    <ShopLayout ctx={ctx} title={t('title')}>
      <h1>{t('title')}</h1>
      {cart.groups.length > 1 ? <p class="lead">{t('sellers_note', { n: cart.groups.length })}</p> : null}
      <div class="cart-layout">
        <div class="cart-groups">
          {cart.groups.map((g) => (
            <section class="seller-group" aria-labelledby={`g-${g.sellerId}`}>
              <header>
                <h2 id={`g-${g.sellerId}`}>
                  {t('sold_by', { seller: '' })}
                  <a href={href(ctx, `/s/${g.sellerSlug}`)}>{g.sellerName}</a>
                </h2>
                <a class="small" href={href(ctx, `/s/${g.sellerSlug}#politique-de-retour`)}>
                  {t('return_policy')}
                </a>
              </header>
              <ul class="cart-lines">
                {g.lines.map((l) => (
                  <Line ctx={ctx} l={l} error={props.error ?? null} />
                ))}
              </ul>
              <dl class="group-totals">
                <div class="row">
                  <dt>{t('subtotal_seller')}</dt>
                  <dd>{m(g.itemsCents)}</dd>
                </div>
                <div class="row shipping">
                  <dt>{t('shipping')}</dt>
                  <dd>{g.itemsCents > 0 && g.shippingCents === 0 ? t('shipping_free') : m(g.shippingCents)}</dd>
                </div>
                <div class="row total">
                  <dt>{t('seller_total', { seller: g.sellerName })}</dt>
                  <dd>{m(g.totalCents)}</dd>
                </div>
              </dl>
              {g.missingForFreeShippingCents !== null && g.freeShippingFromCents !== null ? (
                <p class="free-hint">{t('free_from', { amount: m(g.freeShippingFromCents), missing: m(g.missingForFreeShippingCents) })}</p>
              ) : null}
            </section>
          ))}
        </div>
        <aside class="cart-summary" aria-labelledby="summary-title">
          <h2 id="summary-title">{t('summary')}</h2>
          <dl>
            <div class="row">
              <dt>{t('items_total', { n: cart.itemCount })}</dt>
              <dd>{m(cart.itemsCents)}</dd>
            </div>
            <div class="row">
              <dt>{t('shipping_total')}</dt>
              <dd>{cart.itemsCents > 0 && cart.shippingCents === 0 ? t('shipping_free') : m(cart.shippingCents)}</dd>
            </div>
            <div class="row total">
              <dt>{t('total')}</dt>
              <dd>{m(cart.totalCents)}</dd>
            </div>
            <VatRows ctx={ctx} vat={cart.vat} />
          </dl>
          {cart.canCheckout ? (
            <a class="button primary big checkout" href={href(ctx, '/checkout')}>
              {t('checkout')}
            </a>
          ) : (
            <>
              <button type="button" class="button primary big checkout" disabled aria-describedby="checkout-blocked">
                {t('checkout')}
              </button>
              <p class="small" id="checkout-blocked">
                {t('checkout_blocked')}
              </p>
            </>
          )}
          <p>
            <a href={href(ctx, '/')}>{t('continue_shopping')}</a>
          </p>
        </aside>
      </div>
    </ShopLayout>
  );
}
