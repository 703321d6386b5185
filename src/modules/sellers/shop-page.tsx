import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.js';
import type { PageContext } from '../../http/context.js';
import { notFound } from '../../http/errors.js';
import { formatMoney } from '../../i18n/index.js';
import { pick } from '../../shared/i18n-text.js';
import { href, ShopLayout } from '../../ui/layout.js';
import { sendCataloguePage } from '../catalog/routes.js';
import { facetsFor } from '../catalog/shape-cache.js';
import { listProducts, type Facets, type Listing } from '../catalog/queries.js';
import { parseListing, type ListingFilters } from '../catalog/rules.js';
import { Breadcrumb, ListingBody } from '../catalog/views.js';
import { sellerText } from './messages.js';
import { sellers } from './schema.js';

type Seller = typeof sellers.$inferSelect;

/** The seller's shipping rule in words: "4,95 € par commande, offerte dès 50,00 € d'achat". */
export function shippingRuleText(ctx: Pick<PageContext, 'locale'>, s: Pick<Seller, 'shippingFeeCents' | 'freeShippingFromCents'>): string {
  const t = sellerText(ctx.locale);
  const m = (c: number) => formatMoney(c, ctx.locale);
  if (s.shippingFeeCents === 0 || s.freeShippingFromCents === 0) return t('shipping_always_free');
  return s.freeShippingFromCents !== null ? t('shipping_free_from', { fee: m(s.shippingFeeCents), from: m(s.freeShippingFromCents) }) : t('shipping_flat', { fee: m(s.shippingFeeCents) });
}

/** The structured "Politique de retour" at #politique-de-retour: window, who pays the return, conditions, text. */
export function ReturnPolicy({ ctx, seller }: { ctx: PageContext; seller: Seller }) {
  const t = sellerText(ctx.locale);
  return (
    <section id="politique-de-retour" class="return-policy card" aria-labelledby="return-policy-title">
      <h2 id="return-policy-title">{t('return_policy')}</h2>
      <dl class="facts">
        <dt>{t('return_window')}</dt>
        <dd>{t('return_window_days', { n: seller.returnWindowDays })}</dd>
        <dt>{t('return_shipping')}</dt>
        <dd>{seller.returnShippingPaidBy === 'seller' ? t('return_paid_by_seller') : t('return_paid_by_customer')}</dd>
        <dt>{t('return_conditions')}</dt>
        <dd>{pick(seller.returnConditions, ctx.locale)}</dd>
        <dt>{t('shipping_rule')}</dt>
        <dd>{shippingRuleText(ctx, seller)}</dd>
      </dl>
      {pick(seller.returnText, ctx.locale) ? <p class="policy-text">{pick(seller.returnText, ctx.locale)}</p> : null}
      <p class="small">{t('withdrawal_note')}</p>
    </section>
  );
}

function SellerPage(props: { ctx: PageContext; seller: Seller; f: ListingFilters; facets: Facets; listing: Listing }) {
  const { ctx, seller } = props;
  const t = sellerText(ctx.locale);
  return (
    <ShopLayout ctx={ctx} title={seller.name} description={pick(seller.description, ctx.locale).slice(0, 160)}>
      <Breadcrumb ctx={ctx} items={[{ label: seller.name }]} />
      <div class="seller-head">
        <section class="seller-about" aria-labelledby="seller-name">
          <h1 id="seller-name">{seller.name}</h1>
          <p class="lead">{pick(seller.description, ctx.locale)}</p>
          <p class="small">
            <a href="#politique-de-retour">{t('return_policy')}</a> · {t('shipping_rule')} : {shippingRuleText(ctx, seller)}
          </p>
        </section>
        <ReturnPolicy ctx={ctx} seller={seller} />
      </div>
      <h2>{t('products')}</h2>
      <ListingBody ctx={ctx} action={href(ctx, `/s/${seller.slug}`)} q={null} f={props.f} facets={props.facets} listing={props.listing} showSellers={false} />
    </ShopLayout>
  );
}

/** The storefront's seller pages: /:locale/s/<slug> (presentation, return policy, products). */
export function sellerShopRoutes(deps: Deps) {
  return async function (app: FastifyInstance) {
    const page = async (slug: string) => {
      const [s] = await deps.db
        .select()
        .from(sellers)
        .where(and(eq(sellers.slug, slug), eq(sellers.status, 'active')));
      return s ?? null;
    };
    // A catalogue page like a category (the seller's row and offers only): from the page cache.
    app.get<{ Params: { slug: string } }>('/s/:slug', (req, reply) =>
      sendCataloguePage(deps, req, reply, async (ctx) => {
        const seller = await page(req.params.slug);
        if (!seller) return notFound(req, reply);
        const f = parseListing(req.query as Record<string, unknown>, false);
        const scope = { kind: 'seller', sellerId: seller.id } as const;
        const [listing, facets] = await Promise.all([listProducts(deps.db, scope, f), facetsFor(req, deps, scope)]);
        return <SellerPage ctx={ctx} seller={seller} f={f} facets={facets} listing={listing} />;
      }),
    );
    // The policy has its own address too, for emails and order pages.
    app.get<{ Params: { slug: string } }>('/s/:slug/return-policy', async (req, reply) => {
      const seller = await page(req.params.slug);
      if (!seller) return notFound(req, reply);
      return reply.redirect(`${href({ locale: req.locale }, `/s/${seller.slug}`)}#politique-de-retour`, 302);
    });
  };
}
