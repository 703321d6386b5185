import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { Deps } from '../../deps.js';
import { notFound } from '../../http/errors.js';
import { pageContext, type PageContext } from '../../http/context.js';
import { sendPage, sendSharedPage } from '../../http/render.js';
import { pick } from '../../shared/i18n-text.js';
import { setCategoryNavSource } from '../../ui/layout.js';
import { deliveryEstimate } from '../checkout/rules.js';
import { categoryNav, refreshCategoryNav } from './nav.js';
import { facetsFor, rankingFor } from './shape-cache.js';
import { categoryBySlug, categoryTiles, listProducts, loadProductPage, readsCards } from './queries.js';
import { parseListing, selectVariant } from './rules.js';
import { CategoryPage, HomePage, ProductPage, SearchPage, type AddError } from './views.js';

setCategoryNavSource(categoryNav);

const one = (v: unknown): string | undefined => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined);

/**
 * Shows a product page. Also used by the cart's "add" when it refuses a quantity: the same page comes
 * back with status 422 and the error beside the quantity, what was typed kept.
 */
export async function renderProductPage(
  deps: Deps,
  req: FastifyRequest,
  reply: FastifyReply,
  slug: string,
  ask: { colour?: string; size?: string; offer?: string },
  addError: AddError | null = null,
): Promise<FastifyReply> {
  const page = await productPage(deps, slug, ask);
  if (!page) return notFound(req, reply);
  return sendPage(reply, page(pageContext(req, reply), addError), addError ? 422 : 200);
}

/** The product page's data, or null when there is no such product (or nothing to sell in it). */
async function productPage(deps: Deps, slug: string, ask: { colour?: string; size?: string; offer?: string }) {
  const data = await loadProductPage(deps.db, slug);
  if (!data || data.variants.length === 0) return null;
  const sel = selectVariant(data.variants, ask);
  const now = deps.clock.now();
  return (ctx: PageContext, addError: AddError | null) => (
    <ProductPage ctx={ctx} data={data} sel={sel} addError={addError} delivery={(lead) => deliveryEstimate(now, [lead])} />
  );
}

/**
 * A catalogue page (shows only catalogue tables: categories, products, pictures, variants, offers,
 * sellers), shared by every visitor through the page cache (decisions 0024, 0033: the header's visitor
 * links are filled per answer); the day is part of the key (delivery estimates), and the category bar
 * is read again once the cache has caught up.
 */
export function sendCataloguePage(deps: Deps, req: FastifyRequest, reply: FastifyReply, render: (ctx: PageContext) => Promise<VNode | FastifyReply>) {
  return sendSharedPage(req, reply, deps.clock.now().toISOString().slice(0, 10), async (ctx) => {
    await refreshCategoryNav(deps);
    return render(ctx);
  });
}

/** Storefront catalogue pages: home, category listings, search, product pages (all `sendCataloguePage`). */
export function catalogRoutes(deps: Deps) {
  const shared = (req: FastifyRequest, reply: FastifyReply, render: (ctx: PageContext) => Promise<VNode | FastifyReply>) => sendCataloguePage(deps, req, reply, render);

  return async function (app: FastifyInstance) {
    app.get('/', (req, reply) =>
      shared(req, reply, async (ctx) => {
        const f = parseListing({}, false);
        const [tiles, newest, deals] = await Promise.all([
          categoryTiles(deps.db),
          listProducts(deps.db, { kind: 'all' }, f, 12),
          listProducts(deps.db, { kind: 'deals' }, { ...f, inStock: true }, 4),
        ]);
        return <HomePage ctx={ctx} tiles={tiles} newest={newest.cards} deals={deals.cards} />;
      }),
    );

    app.get<{ Params: { slug: string } }>('/c/:slug', (req, reply) =>
      shared(req, reply, async (ctx) => {
        const cat = await categoryBySlug(deps.db, req.params.slug);
        if (!cat) return notFound(req, reply);
        const f = parseListing(req.query as Record<string, unknown>, false);
        const scope = { kind: 'category', categoryId: cat.id, childIds: cat.childIds } as const;
        const [listing, facets] = await Promise.all([listProducts(deps.db, scope, f), facetsFor(req, deps, scope, f.sellers)]);
        return <CategoryPage ctx={ctx} name={pick(cat.name, req.locale)} slug={cat.slug} f={f} facets={facets} listing={listing} />;
      }),
    );

    app.get('/search', (req, reply) =>
      shared(req, reply, async (ctx) => {
        const query = req.query as Record<string, unknown>;
        const q = (one(query.q) ?? '').trim().slice(0, 100);
        const f = parseListing(query, true);
        if (!q) return <SearchPage ctx={ctx} q="" f={f} facets={null} listing={null} />;
        const scope = { kind: 'search', q } as const;
        // The matches in order of relevance are kept across sales (decision 0033): a page reads its cards only.
        const page = async () => listProducts(deps.db, scope, f, undefined, readsCards(scope, f) ? await rankingFor(req, deps, q) : undefined);
        const [listing, facets] = await Promise.all([page(), facetsFor(req, deps, scope, f.sellers)]);
        return <SearchPage ctx={ctx} q={q} f={f} facets={facets} listing={listing} />;
      }),
    );

    app.get<{ Params: { slug: string } }>('/p/:slug', (req, reply) =>
      shared(req, reply, async (ctx) => {
        const query = req.query as Record<string, unknown>;
        const page = await productPage(deps, req.params.slug, { colour: one(query.colour), size: one(query.size), offer: one(query.offer) });
        return page ? page(ctx, null) : notFound(req, reply);
      }),
    );
  };
}
