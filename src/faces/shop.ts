import type { FastifyInstance } from 'fastify';
import type { Deps } from '../deps.js';
import { loadShopVisitor } from '../http/auth.js';
import { notFound } from '../http/errors.js';
import { isLocale } from '../i18n/index.js';
import { accountRoutes } from '../modules/accounts/routes.js';
import { cartRoutes } from '../modules/cart/routes.js';
import { refreshCategoryNav } from '../modules/catalog/nav.js';
import { catalogRoutes } from '../modules/catalog/routes.js';
import { sellerShopRoutes } from '../modules/sellers/shop-page.js';
import { checkoutRoutes } from '../modules/checkout/routes.js';
import { helpRoutes } from '../modules/help/routes.js';
import { incidentShopRoutes } from '../modules/incidents/routes.js';
import { messagingRoutes } from '../modules/messaging/routes.js';
import { customerOrderRoutes } from '../modules/orders/routes.js';

/**
 * The storefront, mounted under /:locale (fr, nl, en). Every module that shows pages to customers
 * registers its routes here.
 */
export function shopFace(deps: Deps) {
  return async function (app: FastifyInstance) {
    app.addHook('onRequest', async (req, reply) => {
      const locale = (req.params as { locale?: string }).locale;
      if (!isLocale(locale)) return notFound(req, reply);
      req.locale = locale;
      if (req.cookies.comptoir_lang !== locale) reply.setCookie('comptoir_lang', locale, { path: '/', sameSite: 'lax', maxAge: 365 * 86400 });
      // Session, customer, unread count and cart count in one statement (none for a visitor without
      // cookies); the category bar is cached (one query a minute, or after a catalogue change).
      await loadShopVisitor(deps, req);
      await refreshCategoryNav(deps);
    });

    await app.register(accountRoutes(deps));
    await app.register(catalogRoutes(deps));
    await app.register(cartRoutes(deps));
    await app.register(sellerShopRoutes(deps));
    await app.register(helpRoutes(deps));
    await app.register(messagingRoutes(deps));
    await app.register(checkoutRoutes(deps));
    await app.register(customerOrderRoutes(deps));
    await app.register(incidentShopRoutes(deps));
  };
}

