import { asc, desc, eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.js';
import { pageContext } from '../../http/context.js';
import { sendPage } from '../../http/render.js';
import { formatMoney } from '../../i18n/index.js';
import { pick } from '../../shared/i18n-text.js';
import { href, ShopLayout } from '../../ui/layout.js';
import { common } from '../../ui/messages.js';
import { sellers } from '../sellers/schema.js';
import { categories, offers, productImages, products, variants } from './schema.js';

/** Storefront catalogue pages. The home page lists the categories and the newest products. */
export function catalogRoutes(deps: Deps) {
  return async function (app: FastifyInstance) {
    app.get('/', async (req, reply) => {
      const ctx = pageContext(req, reply);
      const cats = await deps.db.select({ slug: categories.slug, name: categories.name }).from(categories).orderBy(asc(categories.position));
      // One query for the grid: each product with its lowest active offer, first picture and seller.
      const rows = await deps.db
        .select({
          slug: products.slug,
          brand: products.brand,
          title: products.title,
          price: sql<number>`min(${offers.priceCents})`,
          image: sql<string>`(select ${productImages.url} from ${productImages} where ${productImages.productId} = ${products.id} order by ${productImages.position} limit 1)`,
          seller: sql<string>`(array_agg(${sellers.name} order by ${offers.priceCents}))[1]`,
        })
        .from(products)
        .innerJoin(variants, eq(variants.productId, products.id))
        .innerJoin(offers, eq(offers.variantId, variants.id))
        .innerJoin(sellers, eq(sellers.id, offers.sellerId))
        .where(sql`${offers.active} and ${sellers.status} = 'active'`)
        .groupBy(products.id)
        .orderBy(desc(products.createdAt), asc(products.slug))
        .limit(24);
      const t = common(ctx.locale);
      const nav = cats.map((c) => ({ slug: c.slug, name: pick(c.name, ctx.locale) }));
      return sendPage(
        reply,
        <ShopLayout ctx={ctx} title={t('tagline')} nav={nav}>
          <section class="hero">
            <h1>{t('tagline')}</h1>
          </section>
          <ul class="product-grid">
            {rows.map((p) => (
              <li class="product-card">
                <a href={href(ctx, `/p/${p.slug}`)}>
                  {p.image ? <img src={p.image} alt="" width={600} height={600} loading="lazy" /> : null}
                  <span class="brand">{p.brand}</span>
                  <span class="title">{pick(p.title, ctx.locale)}</span>
                  <span class="price">{formatMoney(p.price, ctx.locale)}</span>
                  <span class="seller">{p.seller}</span>
                </a>
              </li>
            ))}
          </ul>
        </ShopLayout>,
      );
    });
  };
}
