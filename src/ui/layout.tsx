import type { ComponentChildren } from 'preact';
import type { PageContext } from '../http/context.js';
import { LOCALES, type Locale } from '../i18n/index.js';
import { common } from './messages.js';

export type NavCategory = { slug: string; name: string };

const LANG_NAMES: Record<Locale, string> = { fr: 'Français', nl: 'Nederlands', en: 'English' };

/** The same page in another language, query string kept (a search or a filtered list stays as it is). */
function otherLanguage(ctx: Pick<PageContext, 'path' | 'url'>, locale: string): string {
  const q = ctx.url.indexOf('?');
  return `/${locale}${ctx.path === '/' ? '/' : ctx.path}${q === -1 ? '' : ctx.url.slice(q)}`;
}

/** Builds a storefront link in the current language: href(ctx, '/cart') → "/fr/cart". */
export function href(ctx: Pick<PageContext, 'locale'>, path: string): string {
  return `/${ctx.locale}${path === '/' ? '/' : path}`;
}

export function CsrfField({ ctx }: { ctx: PageContext }) {
  return <input type="hidden" name="_csrf" value={ctx.csrf} />;
}

/** Where the category bar comes from when a page passes no `nav` (the catalogue registers its cache). */
let navSource: (locale: Locale) => NavCategory[] = () => [];
export function setCategoryNavSource(source: (locale: Locale) => NavCategory[]): void {
  navSource = source;
}

/**
 * The visitor's own links in the header: account, orders, unread messages or "Connexion", and the cart
 * count. The only part of a catalogue page that differs between visitors: a shared page holds a slot
 * here (`ctx.userNavSlot`) and each answer puts this visitor's links in it (decision 0033).
 */
export function UserNav({ ctx }: { ctx: Pick<PageContext, 'locale' | 'url' | 'user' | 'unreadMessages' | 'cartCount'> }) {
  const t = common(ctx.locale);
  return (
    <>
      {ctx.user ? (
        <>
          <a href={href(ctx, '/account')}>{t('account')}</a>
          <a href={href(ctx, '/account/orders')}>{t('my_orders')}</a>
          {ctx.unreadMessages > 0 ? (
            <a href={href(ctx, '/account/messages')} class="badge-link">
              {t('my_messages')} <span class="count">{t('unread', { n: ctx.unreadMessages })}</span>
            </a>
          ) : null}
        </>
      ) : (
        <a href={`${href(ctx, '/login')}?returnTo=${encodeURIComponent(ctx.url)}`}>{t('login')}</a>
      )}
      <a class="cart-link" href={href(ctx, '/cart')}>
        {t('cart')} <span class="count">{ctx.cartCount}</span>
        <span class="visually-hidden"> — {t('cart_count', { n: ctx.cartCount })}</span>
      </a>
    </>
  );
}

/** The storefront's page frame: header with search, account, orders, cart; category bar; footer. */
export function ShopLayout(props: { ctx: PageContext; title: string; nav?: NavCategory[]; children: ComponentChildren; description?: string; query?: string }) {
  const { ctx } = props;
  const t = common(ctx.locale);
  const nav = props.nav ?? navSource(ctx.locale);
  return (
    <html lang={ctx.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${t('shop_name')}`}</title>
        {props.description ? <meta name="description" content={props.description} /> : null}
        <link rel="stylesheet" href="/static/css/shop.css" />
        <link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml" />
      </head>
      <body>
        <a class="skip" href="#main">
          {t('skip')}
        </a>
        <header class="site-header">
          <div class="bar container">
            <a class="logo" href={href(ctx, '/')} aria-label={t('shop_name')}>
              <span class="logo-mark" aria-hidden="true">C</span>
              <span class="logo-text">
                {t('shop_name')}
                <small>{t('tagline')}</small>
              </span>
            </a>
            <form class="search" role="search" method="get" action={href(ctx, '/search')}>
              <label class="visually-hidden" for="q">
                {t('search')}
              </label>
              <input id="q" name="q" type="search" placeholder={t('search_placeholder')} maxLength={100} value={props.query} />
              <button type="submit">{t('search')}</button>
            </form>
            <nav class="user-nav" aria-label={t('account')}>
              {ctx.userNavSlot ?? <UserNav ctx={ctx} />}
            </nav>
          </div>
          {nav.length ? (
            <nav class="cat-bar" aria-label={t('categories')}>
              <ul class="container">
                {nav.map((c) => (
                  <li>
                    <a href={href(ctx, `/c/${c.slug}`)} aria-current={ctx.path === `/c/${c.slug}` ? 'page' : undefined}>
                      {c.name}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
        </header>
        <main id="main" class="container">
          {ctx.flash ? (
            <p class="flash" role="status">
              {ctx.flash}
            </p>
          ) : null}
          {props.children}
        </main>
        <footer class="site-footer">
          <div class="container footer-grid">
            <nav aria-label={t('help')}>
              <h2>{t('help')}</h2>
              <ul>
                <li>
                  <a href={href(ctx, '/help')}>{t('faq')}</a>
                </li>
                <li>
                  <a href={href(ctx, '/help#delivery')}>{t('delivery_returns')}</a>
                </li>
                <li>
                  <a href={href(ctx, '/help#contact')}>{t('customer_service')}</a>
                </li>
              </ul>
            </nav>
            <nav aria-label={t('sell')}>
              <h2>{t('sell')}</h2>
              <ul>
                <li>
                  <a href="/vendeur">{t('seller_area')}</a>
                </li>
                <li>
                  <a href={href(ctx, '/help#legal')}>{t('legal')}</a>
                </li>
                <li>
                  <a href={href(ctx, '/account/privacy')}>{t('privacy')}</a>
                </li>
              </ul>
            </nav>
            <nav aria-label={t('language')}>
              <h2>{t('language')}</h2>
              <ul class="lang-switch">
                {LOCALES.map((l) => (
                  <li>
                    <a href={otherLanguage(ctx, l)} hrefLang={l} lang={l} aria-current={l === ctx.locale ? 'true' : undefined}>
                      {LANG_NAMES[l]}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          </div>
        </footer>
      </body>
    </html>
  );
}

/** Simple message pages (not found, error, expired form) for every face. */
export function MessagePage(props: { ctx: PageContext; title: string; text: string; reference?: string }) {
  const t = common(props.ctx.locale);
  const home = props.ctx.face === 'shop' ? href(props.ctx, '/') : props.ctx.face === 'seller' ? '/vendeur' : '/admin';
  const body = (
    <section class="message-page">
      <h1>{props.title}</h1>
      <p>{props.text}</p>
      {props.reference ? (
        <p>
          <code>{props.reference}</code>
        </p>
      ) : null}
      <p>
        <a class="button" href={home}>
          {t('back_home')}
        </a>
      </p>
    </section>
  );
  if (props.ctx.face === 'shop') return <ShopLayout ctx={props.ctx} title={props.title}>{body}</ShopLayout>;
  return (
    <BackOfficeLayout ctx={props.ctx} title={props.title} menu={[]}>
      {body}
    </BackOfficeLayout>
  );
}

export type MenuItem = { href: string; label: string; count?: number };

/** The back offices' frame (seller `/vendeur`, operator `/admin`): dense, table-first. */
export function BackOfficeLayout(props: { ctx: PageContext; title: string; menu: MenuItem[]; children: ComponentChildren }) {
  const { ctx } = props;
  const t = common(ctx.locale);
  const base = ctx.face === 'seller' ? '/vendeur' : '/admin';
  return (
    <html lang={ctx.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${ctx.face === 'seller' ? t('seller_area') : t('operator_area')}`}</title>
        <link rel="stylesheet" href="/static/css/shop.css" />
        <link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml" />
      </head>
      <body class={`bo bo-${ctx.face}`}>
        <a class="skip" href="#main">
          {t('skip')}
        </a>
        <header class="bo-header">
          <a class="logo" href={base}>
            <span class="logo-mark" aria-hidden="true">C</span> {ctx.face === 'seller' ? t('seller_area') : t('operator_area')}
          </a>
          {ctx.user ? (
            <nav aria-label={ctx.face === 'seller' ? t('seller_area') : t('operator_area')}>
              <ul>
                {props.menu.map((m) => (
                  <li>
                    <a href={m.href} aria-current={ctx.path === m.href ? 'page' : undefined}>
                      {m.label}
                      {m.count ? <span class="count">{m.count}</span> : null}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
          <div class="bo-user">
            <ul class="lang-switch" aria-label={t('language')}>
              {LOCALES.map((l) => (
                <li>
                  <a href={`${base}/lang/${l}?returnTo=${encodeURIComponent(ctx.url)}`} lang={l} aria-current={l === ctx.locale ? 'true' : undefined}>
                    {l.toUpperCase()}
                  </a>
                </li>
              ))}
            </ul>
            {ctx.user ? (
              <form method="post" action={`${base}/logout`}>
                <CsrfField ctx={ctx} />
                <span>{ctx.user.name}</span> <button type="submit" class="link">{t('logout')}</button>
              </form>
            ) : null}
          </div>
        </header>
        <main id="main" class="bo-main">
          {ctx.flash ? (
            <p class="flash" role="status">
              {ctx.flash}
            </p>
          ) : null}
          {props.children}
        </main>
      </body>
    </html>
  );
}
