import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.js';
import { notFound } from '../../http/errors.js';
import { pageContext, setFlash } from '../../http/context.js';
import { seeOther, sendPage } from '../../http/render.js';
import type { Locale } from '../../i18n/index.js';
import { href } from '../../ui/layout.js';
import { customerLoginHooks } from '../accounts/routes.js';
import { renderProductPage } from '../catalog/routes.js';
import { addToCart, emptyCart, isUuid, loadCart, mergeGuestCart, removeItem, setQuantity, type CartResult } from './cart.js';
import { cartText } from './messages.js';
import { currentOwner, ownerForChange, takeGuestOwner } from './owner.js';
import { CartPage, type LineError } from './views.js';

// At "Connexion", the guest's cart joins the customer's (registered once per process).
customerLoginHooks.push(async (deps, req, reply, customerId) => {
  const guest = takeGuestOwner(req, reply);
  if (guest) await mergeGuestCart(deps, guest, customerId);
});

type Refusal = Extract<CartResult, { ok: false }>;

/** A refused quantity as a sentence in the customer's language. */
export function refusalText(locale: Locale, r: Refusal): string {
  const t = cartText(locale);
  switch (r.code) {
    case 'quantity_over_stock':
      if (r.inCart) return r.max > 0 ? t('quantity_over_stock_more', { max: r.max }) : t('quantity_all_in_cart');
      return t('quantity_over_stock', { max: r.max });
    case 'sold_out':
      return t('quantity_sold_out');
    default:
      return t(r.code);
  }
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The cart page (/:locale/cart) and its forms: add, change a quantity, remove. */
export function cartRoutes(deps: Deps) {
  return async function (app: FastifyInstance) {
    const showCart = async (req: FastifyRequest, reply: FastifyReply, error: LineError | null = null) => {
      const owner = currentOwner(req);
      const cart = owner ? await loadCart(deps.db, owner) : emptyCart();
      return sendPage(reply, <CartPage ctx={pageContext(req, reply)} cart={cart} error={error} />, error ? 422 : 200);
    };

    app.get('/cart', async (req, reply) => showCart(req, reply));

    // Only the offer and the quantity are read: a price, seller or total sent along is ignored.
    app.post('/cart/add', async (req, reply) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const offerId = str(body.offerId);
      if (!isUuid(offerId)) return notFound(req, reply);
      const { owner, keep } = ownerForChange(deps, req, reply);
      // The add also says where the offer is shown: back there, or its page again with the refusal.
      const r = await addToCart(deps, owner, offerId, body.quantity);
      if (!r.ok && r.code === 'offer_not_found') return notFound(req, reply); // and no guest token for it
      keep();
      const { place } = r;
      if (!r.ok) {
        const value = typeof body.quantity === 'string' ? body.quantity.slice(0, 20) : '';
        return renderProductPage(deps, req, reply, place.slug, { colour: place.colour, size: place.size, offer: offerId }, { offerId, message: refusalText(req.locale, r), value });
      }
      setFlash(reply, cartText(req.locale)('added'));
      return seeOther(reply, `${href({ locale: req.locale }, `/p/${place.slug}`)}?colour=${encodeURIComponent(place.colour)}&size=${encodeURIComponent(place.size)}`);
    });

    app.post<{ Params: { id: string } }>('/cart/items/:id', async (req, reply) => {
      const owner = currentOwner(req);
      if (!owner) return notFound(req, reply);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const r = await setQuantity(deps, owner, req.params.id, body.quantity);
      if (!r.ok) {
        if (r.code === 'item_not_found') return notFound(req, reply);
        const value = typeof body.quantity === 'string' ? body.quantity.slice(0, 20) : '';
        return showCart(req, reply, { itemId: req.params.id, message: refusalText(req.locale, r), value });
      }
      setFlash(reply, cartText(req.locale)('updated'));
      return seeOther(reply, href({ locale: req.locale }, '/cart'));
    });

    app.post<{ Params: { id: string } }>('/cart/items/:id/remove', async (req, reply) => {
      const owner = currentOwner(req);
      if (!owner) return notFound(req, reply);
      const r = await removeItem(deps, owner, req.params.id);
      if (!r.ok) return notFound(req, reply);
      setFlash(reply, cartText(req.locale)('removed'));
      return seeOther(reply, href({ locale: req.locale }, '/cart'));
    });
  };
}
