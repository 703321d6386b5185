import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.js';
import { notFound } from '../../http/errors.js';
import { pageContext } from '../../http/context.js';
import { sendPage } from '../../http/render.js';
import { pick } from '../../shared/i18n-text.js';
import { setCategoryNavSource } from '../../ui/layout.js';
import { deliveryEstimate } from '../checkout/rules.js';
import { categoryNav } from './nav.js';
import { categoryBySlug, categoryTiles, listingFacets, listProducts, loadProductPage } from './queries.js';
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
  const data = await loadProductPage(deps.db, slug);
  if (!data || data.variants.length === 0) return notFound(req, reply);
  const sel = selectVariant(data.variants, ask);
  const now = deps.clock.now();
  return sendPage(
    reply,
    <ProductPage ctx={pageContext(req, reply)} data={data} sel={sel} addError={addError} delivery={(lead) => deliveryEstimate(now, [lead])} />,
    addError ? 422 : 200,
  );
}

/** Storefront catalogue pages: home, category listings, search, product pages. */
export function catalogRoutes(deps: Deps) {
  return async function (app: FastifyInstance) {
    app.get('/', async (req, reply) => {
      const f = parseListing({}, false);
      const [tiles, newest, deals] = await Promise.all([
        categoryTiles(deps.db),
        listProducts(deps.db, { kind: 'all' }, f, 12),
        listProducts(deps.db, { kind: 'deals' }, { ...f, inStock: true }, 4),
      ]);
      return sendPage(reply, <HomePage ctx={pageContext(req, reply)} tiles={tiles} newest={newest.cards} deals={deals.cards} />);
    });

    app.get<{ Params: { slug: string } }>('/c/:slug', async (req, reply) => {
      const cat = await categoryBySlug(deps.db, req.params.slug);
      if (!cat) return notFound(req, reply);
      const f = parseListing(req.query as Record<string, unknown>, false);
      const scope = { kind: 'category', categoryId: cat.id } as const;
      const [listing, facets] = await Promise.all([listProducts(deps.db, scope, f), listingFacets(deps.db, scope)]);
      return sendPage(reply, <CategoryPage ctx={pageContext(req, reply)} name={pick(cat.name, req.locale)} slug={cat.slug} f={f} facets={facets} listing={listing} />);
    });

    app.get('/search', async (req, reply) => {
      const query = req.query as Record<string, unknown>;
      const q = (one(query.q) ?? '').trim().slice(0, 100);
      const f = parseListing(query, true);
      if (!q) return sendPage(reply, <SearchPage ctx={pageContext(req, reply)} q="" f={f} facets={null} listing={null} />);
      const scope = { kind: 'search', q } as const;
      const [listing, facets] = await Promise.all([listProducts(deps.db, scope, f), listingFacets(deps.db, scope)]);
      return sendPage(reply, <SearchPage ctx={pageContext(req, reply)} q={q} f={f} facets={facets} listing={listing} />);
    });

    app.get<{ Params: { slug: string } }>('/p/:slug', async (req, reply) => {
      const query = req.query as Record<string, unknown>;
      return renderProductPage(deps, req, reply, req.params.slug, { colour: one(query.colour), size: one(query.size), offer: one(query.offer) });
    });
  };
}
