import type { ComponentChildren } from 'preact';
import type { PageContext } from '../../http/context.js';
import { formatMoney, type Locale } from '../../i18n/index.js';
import { pick, type I18nText } from '../../shared/i18n-text.js';
import { CsrfField, href, ShopLayout } from '../../ui/layout.js';
import { catalogText } from './messages.js';
import type { Facets, Listing, ProductCard, ProductPageData } from './queries.js';
import { activeFilterCount, centsToEuros, listingQuery, SORTS, type ListingFilters, type PageOffer, type ProductSelection } from './rules.js';

/** A colour dot drawn in SVG: a presentation attribute, allowed by the CSP that forbids inline styles. */
export function Swatch({ hex, size = 16 }: { hex: string; size?: number }) {
  const r = size / 2;
  return (
    <svg class="swatch-dot" width={size} height={size} viewBox={`0 0 ${size} ${size}`} aria-hidden="true" focusable="false">
      <circle cx={r} cy={r} r={r - 1} fill={/^#[0-9a-f]{3,8}$/i.test(hex) ? hex : '#cccccc'} stroke="#00000033" stroke-width="1" />
    </svg>
  );
}

/** A price incl. VAT, with the previous price struck through when reduced. */
export function Price(props: { locale: Locale; cents: number; compareAtCents?: number | null; from?: boolean }) {
  const t = catalogText(props.locale);
  const reduced = props.compareAtCents != null && props.compareAtCents > props.cents;
  return (
    <span class={`price${reduced ? ' reduced' : ''}`}>
      {props.from ? <span class="from">{t('from_price')} </span> : null}
      <span class="now">{formatMoney(props.cents, props.locale)}</span>
      {reduced ? (
        <s class="old-price">
          <span class="visually-hidden">{t('old_price')} </span>
          {formatMoney(props.compareAtCents!, props.locale)}
        </s>
      ) : null}
    </span>
  );
}

export function ProductCardView({ ctx, p }: { ctx: PageContext; p: ProductCard }) {
  const t = catalogText(ctx.locale);
  return (
    <li class="product-card">
      <a href={href(ctx, `/p/${p.slug}`)}>
        <span class="pic">
          {p.imageUrl ? <img src={p.imageUrl} alt="" width={600} height={600} loading="lazy" decoding="async" /> : null}
          {!p.inStock ? <span class="sold-out">{t('sold_out')}</span> : null}
        </span>
        <span class="brand">{p.brand}</span>
        <span class="title">{pick(p.title, ctx.locale)}</span>
        <Price locale={ctx.locale} cents={p.priceCents} compareAtCents={p.compareAtCents} />
        {p.colourHexes.length > 1 ? (
          <span class="swatches" title={t('colours_available')}>
            <span class="visually-hidden">{t('colours_available')}: {p.colourHexes.length}</span>
            {p.colourHexes.map((hex) => (
              <Swatch hex={hex} size={12} />
            ))}
          </span>
        ) : null}
        <span class="seller">{p.sellerCount > 1 ? `${p.sellerName} · ${t('sellers_n', { n: p.sellerCount })}` : p.sellerName}</span>
      </a>
    </li>
  );
}

export function ProductGrid({ ctx, cards }: { ctx: PageContext; cards: ProductCard[] }) {
  return (
    <ul class="product-grid">
      {cards.map((p) => (
        <ProductCardView ctx={ctx} p={p} />
      ))}
    </ul>
  );
}

export function Breadcrumb({ ctx, items }: { ctx: PageContext; items: { label: string; href?: string }[] }) {
  const t = catalogText(ctx.locale);
  return (
    <nav class="breadcrumb" aria-label={t('breadcrumb')}>
      <ol>
        <li>
          <a href={href(ctx, '/')}>{t('home')}</a>
        </li>
        {items.map((i) => (
          <li>{i.href ? <a href={i.href}>{i.label}</a> : <span aria-current="page">{i.label}</span>}</li>
        ))}
      </ol>
    </nav>
  );
}

// ---------------------------------------------------------------- home

export function HomePage(props: {
  ctx: PageContext;
  tiles: { slug: string; name: I18nText; imageUrl: string | null; count: number }[];
  newest: ProductCard[];
  deals: ProductCard[];
}) {
  const { ctx } = props;
  const t = catalogText(ctx.locale);
  return (
    <ShopLayout ctx={ctx} title={t('home_title')} description={t('home_intro')}>
      <section class="hero">
        <div class="hero-text">
          <h1>{t('home_title')}</h1>
          <p>{t('home_intro')}</p>
          <a class="button primary" href="#new-in">
            {t('home_cta')}
          </a>
        </div>
      </section>
      <section aria-labelledby="depts">
        <h2 id="depts">{t('shop_by_category')}</h2>
        <ul class="category-tiles">
          {props.tiles.map((c) => (
            <li>
              <a href={href(ctx, `/c/${c.slug}`)}>
                {c.imageUrl ? <img src={c.imageUrl} alt="" width={600} height={600} loading="lazy" decoding="async" /> : null}
                <span class="name">{pick(c.name, ctx.locale)}</span>
              </a>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="new-in">
        <h2 id="new-in">{t('new_in')}</h2>
        <ProductGrid ctx={ctx} cards={props.newest} />
      </section>
      {props.deals.length ? (
        <section aria-labelledby="deals">
          <h2 id="deals">{t('deals')}</h2>
          <ProductGrid ctx={ctx} cards={props.deals} />
        </section>
      ) : null}
    </ShopLayout>
  );
}

// ---------------------------------------------------------------- listings (category, search, seller)

export function FilterPanel(props: { ctx: PageContext; action: string; q: string | null; facets: Facets; f: ListingFilters; showSellers?: boolean }) {
  const { ctx, f, facets } = props;
  const t = catalogText(ctx.locale);
  const active = activeFilterCount(f);
  const sortLabel: Record<(typeof SORTS)[number], string> = {
    relevance: t('sort_relevance'),
    new: t('sort_new'),
    price_asc: t('sort_price_asc'),
    price_desc: t('sort_price_desc'),
  };
  return (
    <details class="filters-panel" open={active > 0 ? true : undefined}>
      <summary>
        {t('filters')}
        {active ? <span class="count">{active}</span> : null}
      </summary>
      <form method="get" action={props.action} class="filter-form">
        {props.q ? <input type="hidden" name="q" value={props.q} /> : null}
        <div class="field">
          <label for="f-sort">{t('sort')}</label>
          <select id="f-sort" name="sort">
            {SORTS.filter((s) => s !== 'relevance' || props.q).map((s) => (
              <option value={s} selected={f.sort === s}>
                {sortLabel[s]}
              </option>
            ))}
          </select>
        </div>
        {facets.colours.length > 1 ? (
          <fieldset>
            <legend>{t('colour')}</legend>
            <ul class="check-list colours">
              {facets.colours.map((c) => (
                <li>
                  <label>
                    <input type="checkbox" name="colour" value={c.code} checked={f.colours.includes(c.code)} /> <Swatch hex={c.hex} /> {pick(c.name, ctx.locale)}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        ) : null}
        {facets.sizes.length > 1 ? (
          <fieldset>
            <legend>{t('size')}</legend>
            <ul class="check-list sizes">
              {facets.sizes.map((s) => (
                <li>
                  <label>
                    <input type="checkbox" name="size" value={s} checked={f.sizes.includes(s)} /> {s}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        ) : null}
        {props.showSellers !== false && facets.sellers.length > 1 ? (
          <fieldset>
            <legend>{t('seller')}</legend>
            {facets.sellersTotal > facets.sellers.length ? <p class="hint">{t('sellers_most_present', { n: facets.sellers.length, total: facets.sellersTotal })}</p> : null}
            <ul class="check-list">
              {facets.sellers.map((s) => (
                <li>
                  <label>
                    <input type="checkbox" name="seller" value={s.slug} checked={f.sellers.includes(s.slug)} /> {s.name}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        ) : null}
        <fieldset>
          <legend>{t('price')}</legend>
          <div class="price-range">
            <div class="field">
              <label for="f-min">{t('price_min')}</label>
              <input id="f-min" name="min" inputMode="decimal" value={f.minCents !== null ? centsToEuros(f.minCents) : ''} placeholder={facets.minCents !== null ? String(Math.floor(facets.minCents / 100)) : ''} maxLength={9} />
            </div>
            <div class="field">
              <label for="f-max">{t('price_max')}</label>
              <input id="f-max" name="max" inputMode="decimal" value={f.maxCents !== null ? centsToEuros(f.maxCents) : ''} placeholder={facets.maxCents !== null ? String(Math.ceil(facets.maxCents / 100)) : ''} maxLength={9} />
            </div>
          </div>
        </fieldset>
        <label class="check">
          <input type="checkbox" name="stock" value="1" checked={f.inStock} /> {t('in_stock_only')}
        </label>
        <div class="filter-actions">
          <button type="submit" class="button primary">
            {t('apply_filters')}
          </button>
          {active ? <a href={`${props.action}${props.q ? `?q=${encodeURIComponent(props.q)}` : ''}`}>{t('clear_filters')}</a> : null}
        </div>
      </form>
    </details>
  );
}

export function Pagination(props: { ctx: PageContext; action: string; q: string | null; f: ListingFilters; pages: number }) {
  const { f, pages } = props;
  const t = catalogText(props.ctx.locale);
  if (pages <= 1) return null;
  const link = (page: number) => `${props.action}${listingQuery(f, props.q, { page })}`;
  const shown = [...new Set([1, f.page - 2, f.page - 1, f.page, f.page + 1, f.page + 2, pages])].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
  return (
    <nav class="pagination" aria-label={t('page_nav')}>
      <ul>
        {f.page > 1 ? (
          <li>
            <a href={link(f.page - 1)} rel="prev">
              ← {t('previous')}
            </a>
          </li>
        ) : null}
        {shown.map((n, i) => (
          <>
            {i > 0 && n - shown[i - 1]! > 1 ? <li class="gap">…</li> : null}
            <li>
              <a href={link(n)} aria-current={n === f.page ? 'page' : undefined} aria-label={t('page_n', { n })}>
                {n}
              </a>
            </li>
          </>
        ))}
        {f.page < pages ? (
          <li>
            <a href={link(f.page + 1)} rel="next">
              {t('next')} →
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

/** A listing page body: filters beside the grid, count, pagination; shared by categories, search and sellers. */
export function ListingBody(props: { ctx: PageContext; action: string; q: string | null; f: ListingFilters; facets: Facets; listing: Listing; showSellers?: boolean; empty?: ComponentChildren }) {
  const { ctx, listing } = props;
  const t = catalogText(ctx.locale);
  return (
    <div class="listing">
      <FilterPanel ctx={ctx} action={props.action} q={props.q} facets={props.facets} f={props.f} showSellers={props.showSellers} />
      <div class="listing-main">
        <p class="listing-meta" role="status">
          {t('products_count', { n: listing.total })}
          {listing.pages > 1 ? ` · ${t('page_of', { n: listing.page, total: listing.pages })}` : ''}
        </p>
        {listing.cards.length ? (
          <ProductGrid ctx={ctx} cards={listing.cards} />
        ) : (
          <div class="empty-state">
            <p>
              <strong>{t('no_results')}</strong>
            </p>
            <p>{t('no_results_hint')}</p>
            {props.empty}
          </div>
        )}
        <Pagination ctx={ctx} action={props.action} q={props.q} f={props.f} pages={listing.pages} />
      </div>
    </div>
  );
}

export function CategoryPage(props: { ctx: PageContext; name: string; slug: string; f: ListingFilters; facets: Facets; listing: Listing }) {
  const { ctx } = props;
  return (
    <ShopLayout ctx={ctx} title={props.name}>
      <Breadcrumb ctx={ctx} items={[{ label: props.name }]} />
      <h1>{props.name}</h1>
      <ListingBody ctx={ctx} action={href(ctx, `/c/${props.slug}`)} q={null} f={props.f} facets={props.facets} listing={props.listing} />
    </ShopLayout>
  );
}

export function SearchPage(props: { ctx: PageContext; q: string; f: ListingFilters; facets: Facets | null; listing: Listing | null }) {
  const { ctx } = props;
  const t = catalogText(ctx.locale);
  return (
    <ShopLayout ctx={ctx} title={props.q ? t('search_results', { q: props.q }) : t('search_title')} query={props.q}>
      <h1>{props.q ? t('search_results', { q: props.q }) : t('search_title')}</h1>
      {props.listing && props.facets ? (
        <ListingBody ctx={ctx} action={href(ctx, '/search')} q={props.q} f={props.f} facets={props.facets} listing={props.listing} />
      ) : (
        <p class="empty-state">{t('search_empty_query')}</p>
      )}
    </ShopLayout>
  );
}

// ---------------------------------------------------------------- product page

const weekday = new Map<Locale, Intl.DateTimeFormat>();
export function shortDate(d: Date, locale: Locale): string {
  let f = weekday.get(locale);
  if (!f) weekday.set(locale, (f = new Intl.DateTimeFormat({ fr: 'fr-BE', nl: 'nl-BE', en: 'en-BE' }[locale], { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'Europe/Brussels' })));
  return f.format(d);
}

export type AddError = { offerId: string; message: string; value: string };

function AddToCartForm(props: { ctx: PageContext; offer: PageOffer; error: AddError | null; compact?: boolean; label: string; labelHidden?: string }) {
  const { ctx, offer } = props;
  const t = catalogText(ctx.locale);
  const err = props.error?.offerId === offer.offerId ? props.error : null;
  const id = `qty-${offer.offerId}`;
  return (
    <form method="post" action={href(ctx, '/cart/add')} class={`add-to-cart${props.compact ? ' compact' : ''}`}>
      <CsrfField ctx={ctx} />
      <input type="hidden" name="offerId" value={offer.offerId} />
      <div class={`field qty${err ? ' has-error' : ''}`}>
        <label for={id}>{t('quantity')}</label>
        <input
          id={id}
          name="quantity"
          type="number"
          inputMode="numeric"
          min={1}
          max={Math.min(offer.stock, 99)}
          step={1}
          value={err ? err.value : '1'}
          aria-invalid={err ? 'true' : undefined}
          aria-describedby={err ? `${id}-err` : undefined}
        />
      </div>
      <button type="submit" class={props.compact ? 'button' : 'button primary big'}>
        {props.label}
        {props.labelHidden ? <span class="visually-hidden">{props.labelHidden}</span> : null}
      </button>
      {err ? (
        <p class="error" id={`${id}-err`} role="alert">
          {err.message}
        </p>
      ) : null}
    </form>
  );
}

export function ProductPage(props: {
  ctx: PageContext;
  data: ProductPageData;
  sel: ProductSelection<I18nText>;
  delivery: (leadTimeDays: number) => { from: Date; to: Date };
  addError?: AddError | null;
}) {
  const { ctx, data, sel } = props;
  const t = catalogText(ctx.locale);
  const p = data.product;
  const title = pick(p.title, ctx.locale);
  const base = href(ctx, `/p/${p.slug}`);
  const colour = sel.variant?.colour ?? '';
  const size = sel.variant?.size ?? '';
  const link = (c: string, s: string | null) => `${base}?colour=${encodeURIComponent(c)}${s ? `&size=${encodeURIComponent(s)}` : ''}`;
  // The chosen colour's pictures first, then the others.
  const images = [...data.images].sort((a, b) => Number(b.colour === colour) - Number(a.colour === colour));
  const [main, ...thumbs] = images;
  const offer = sel.offer;
  const colourName = sel.colours.find((c) => c.colour === colour)?.colourName;
  const est = offer ? props.delivery(offer.leadTimeDays) : null;
  const soldOut = !offer || offer.stock <= 0;
  const variantLabel = `${colourName ? pick(colourName, ctx.locale) : ''} · ${size}`;
  return (
    <ShopLayout ctx={ctx} title={`${title} · ${p.brand}`} description={pick(p.description, ctx.locale).slice(0, 160)}>
      <Breadcrumb ctx={ctx} items={[{ label: pick(p.categoryName, ctx.locale), href: href(ctx, `/c/${p.categorySlug}`) }, { label: title }]} />
      <div class="product">
        <section class="gallery" aria-label={t('pictures')}>
          {main ? <img class="main-pic" src={main.url} alt={`${title} — ${variantLabel}`} width={main.width} height={main.height} /> : null}
          {thumbs.length ? (
            <ul class="thumbs">
              {thumbs.map((im, i) => (
                <li>
                  <img src={im.url} alt={t('picture_n', { n: i + 2 })} width={im.width} height={im.height} loading="lazy" decoding="async" />
                </li>
              ))}
            </ul>
          ) : null}
        </section>
        <section class="buy-box">
          <p class="brand">{p.brand}</p>
          <h1>{title}</h1>
          {offer ? (
            <p class="price-line">
              <Price locale={ctx.locale} cents={offer.priceCents} compareAtCents={offer.compareAtCents} />
              <span class="vat">{t('price_incl_vat')}</span>
            </p>
          ) : null}

          <div class="variant-choice">
            <h2 class="choice-label" id="colour-label">
              {t('choose_colour', { name: colourName ? pick(colourName, ctx.locale) : '' })}
            </h2>
            <ul class="colour-swatches" aria-labelledby="colour-label">
              {sel.colours.map((c) => (
                <li>
                  <a
                    href={link(c.colour, size)}
                    class={`swatch${c.available ? '' : ' unavailable'}`}
                    aria-current={c.colour === colour ? 'true' : undefined}
                    title={pick(c.colourName, ctx.locale)}
                  >
                    <Swatch hex={c.colourHex} size={28} />
                    <span class="visually-hidden">
                      {pick(c.colourName, ctx.locale)}
                      {c.available ? '' : ` — ${t('sold_out')}`}
                    </span>
                  </a>
                </li>
              ))}
            </ul>
            <h2 class="choice-label" id="size-label">
              {t('choose_size')}
            </h2>
            <ul class="size-buttons" aria-labelledby="size-label">
              {sel.sizes.map((s) => (
                <li>
                  <a href={link(colour, s.size)} class={`size${s.available ? '' : ' sold-out-size'}`} aria-current={s.size === size ? 'true' : undefined}>
                    {s.size}
                    {s.available ? null : <span class="visually-hidden"> — {t('sold_out')}</span>}
                  </a>
                </li>
              ))}
            </ul>
          </div>

          {offer && !soldOut ? (
            <>
              <p class={`stock${offer.stock <= 3 ? ' low' : ''}`}>{offer.stock <= 3 ? t('stock_left', { n: offer.stock }) : t('in_stock')}</p>
              <AddToCartForm ctx={ctx} offer={offer} error={props.addError ?? null} label={t('add_to_cart')} />
            </>
          ) : (
            <div class="note sold-out-note" role="status">
              <p>
                <strong>{t('variant_sold_out')}</strong>
              </p>
              <p>{t('variant_sold_out_hint')}</p>
            </div>
          )}

          {offer ? (
            <div class="seller-box">
              <p>
                {t('sold_and_shipped_by')} <a href={href(ctx, `/s/${offer.sellerSlug}`)}>{offer.sellerName}</a>
              </p>
              <p>
                <a href={href(ctx, `/s/${offer.sellerSlug}#politique-de-retour`)}>{t('return_policy')}</a>
              </p>
              {est ? (
                <p class="delivery">
                  {t('delivery_estimate', { from: shortDate(est.from, ctx.locale), to: shortDate(est.to, ctx.locale) })}
                </p>
              ) : null}
            </div>
          ) : null}

          <p>
            <a class="button ask" href={`${base}/question${offer ? `?offer=${offer.offerId}` : ''}`}>
              {t('ask_question')}
            </a>
          </p>

          {sel.others.length ? (
            <section class="other-offers" aria-labelledby="others">
              <h2 id="others">{t('other_sellers')}</h2>
              <p class="small">{t('other_sellers_intro')} {variantLabel}</p>
              <ul>
                {sel.others.map((o) => {
                  const e = props.delivery(o.leadTimeDays);
                  return (
                    <li class="other-offer">
                      <div>
                        <Price locale={ctx.locale} cents={o.priceCents} compareAtCents={o.compareAtCents} />
                        <p class="small">
                          {t('sold_and_shipped_by')} <a href={href(ctx, `/s/${o.sellerSlug}`)}>{o.sellerName}</a> ·{' '}
                          <a href={href(ctx, `/s/${o.sellerSlug}#politique-de-retour`)}>{t('return_policy')}</a>
                        </p>
                        <p class="small">
                          {o.stock > 0 ? t('delivery_estimate', { from: shortDate(e.from, ctx.locale), to: shortDate(e.to, ctx.locale) }) : t('sold_out')}
                        </p>
                      </div>
                      {o.stock > 0 ? <AddToCartForm ctx={ctx} offer={o} error={props.addError ?? null} compact label={t('add_to_cart')} labelHidden={t('from_seller', { seller: o.sellerName })} /> : null}
                    </li>
                  );
                })}
              </ul>
            </section>
          ) : null}
        </section>
      </div>
      <section class="product-details">
        <div>
          <h2>{t('description')}</h2>
          <p>{pick(p.description, ctx.locale)}</p>
        </div>
        <div>
          <h2>{t('details')}</h2>
          <dl class="facts">
            <dt>{t('brand')}</dt>
            <dd>{p.brand}</dd>
            <dt>{t('category')}</dt>
            <dd>
              <a href={href(ctx, `/c/${p.categorySlug}`)}>{pick(p.categoryName, ctx.locale)}</a>
            </dd>
            {sel.variant ? (
              <>
                <dt>{t('colour')}</dt>
                <dd>{colourName ? pick(colourName, ctx.locale) : ''}</dd>
                <dt>{t('size')}</dt>
                <dd>{size}</dd>
              </>
            ) : null}
          </dl>
        </div>
      </section>
    </ShopLayout>
  );
}
