import { and, eq, isNotNull, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from '../deps.js';
import { liveSessionWhere } from '../http/auth.js';
import { pageContext, type PageContext } from '../http/context.js';
import { sendPage } from '../http/render.js';
import { boText } from '../modules/backoffice/messages.js';
import { ledgerText } from '../modules/ledger/messages.js';
import { sellerLedgerRoutes } from '../modules/ledger/routes.js';
import { backOfficeAuth, requireBackOffice } from '../modules/backoffice/login.js';
import { sellerOfferRoutes } from '../modules/sellers/backoffice.js';
import { sellerText } from '../modules/sellers/messages.js';
import type { Session } from '../modules/sessions/store.js';
import { sellers, sellerUsers } from '../modules/sellers/schema.js';
import { sellerMessagingRoutes } from '../modules/messaging/backoffice.js';
import { msgText } from '../modules/messaging/messages.js';
import { messageThreads } from '../modules/messaging/schema.js';
import { ordersText } from '../modules/orders/messages.js';
import { sellerOrderRoutes } from '../modules/orders/routes.js';
import { incidentSellerRoutes } from '../modules/incidents/bo-routes.js';
import { incidentText } from '../modules/incidents/messages.js';
import { incidents } from '../modules/incidents/schema.js';
import { sessions } from '../modules/sessions/schema.js';
import { sellerAccountMenu, sellerTeamRoutes } from '../modules/backoffice/team.js';
import { BackOfficeLayout, type MenuItem } from '../ui/layout.js';
import { sellerApiBackOfficeRoutes } from '../modules/api/backoffice.js';
import { apiText } from '../modules/api/messages.js';

export type SellerUser = { id: string; sellerId: string; sellerName: string; role: 'owner' | 'staff'; name: string };

declare module 'fastify' {
  interface FastifyRequest {
    /** The logged-in seller user and its shop: every seller query is scoped by `seller.sellerId`. */
    seller: SellerUser | null;
  }
}

type SellerRow = SellerUser & { passwordHash: string; locale: 'fr' | 'nl' | 'en'; active: boolean; waiting?: number; incidents?: number };

const sellerUserColumns = { id: sellerUsers.id, sellerId: sellerUsers.sellerId, sellerName: sellers.name, role: sellerUsers.role, name: sellerUsers.name, passwordHash: sellerUsers.passwordHash, locale: sellerUsers.locale, active: sellerUsers.active };

async function sellerUserById(deps: Deps, id: string): Promise<SellerRow | null> {
  const [u] = await deps.db.select(sellerUserColumns).from(sellerUsers).innerJoin(sellers, eq(sellers.id, sellerUsers.sellerId)).where(eq(sellerUsers.id, id));
  return u && u.active ? u : null;
}

/**
 * Every /vendeur page's frame in one statement: session, user and shop, and the menu's two counts —
 * questions waiting for the seller's answer (the condition of waitingCountForSeller) and open
 * incidents (countForSeller) — instead of four round trips one after another.
 */
async function sellerFrame(deps: Deps, req: FastifyRequest): Promise<{ session: Session; user: SellerRow | null } | null> {
  const where = liveSessionWhere(deps, req, 'seller');
  if (!where) return null;
  const [r] = await deps.db
    .select({
      session: { id: sessions.id, userId: sessions.userId, data: sessions.data },
      ...sellerUserColumns,
      waiting: sql<number>`(${deps.db.select({ n: sql`count(*)::int` }).from(messageThreads).where(and(eq(messageThreads.sellerId, sellerUsers.sellerId), isNotNull(messageThreads.awaitingSellerSince)))})`,
      incidents: sql<number>`(${deps.db.select({ n: sql`count(*)::int` }).from(incidents).where(and(eq(incidents.sellerId, sellerUsers.sellerId), eq(incidents.state, 'open')))})`,
    })
    .from(sessions)
    .leftJoin(sellerUsers, eq(sellerUsers.id, sessions.userId))
    .leftJoin(sellers, eq(sellers.id, sellerUsers.sellerId))
    .where(where);
  if (!r) return null;
  const { session, ...u } = r;
  // Left joins make every user column nullable; a user id means the whole (inner-joined) row is there.
  const user = u.id ? (u as SellerRow) : null;
  return { session: { ...session, face: 'seller', data: session.data as Record<string, unknown> }, user };
}

/**
 * Menu counts beyond messages (incidents waiting for the seller's answer), loaded once per request and
 * kept by the request's user object — the same object as `ctx.user` — so `sellerMenu(ctx)` can read them.
 */
const menuCounts = new WeakMap<object, { incidents: number }>();

/** The seller back office menu; modules add their pages here. */
export function sellerMenu(ctx: PageContext): MenuItem[] {
  const t = boText(ctx.locale);
  return [
    { href: '/vendeur', label: t('dashboard') },
    { href: '/vendeur/orders', label: ordersText(ctx.locale)('menu_orders') },
    { href: '/vendeur/offers', label: sellerText(ctx.locale)('menu_offers') },
    { href: '/vendeur/policy', label: sellerText(ctx.locale)('menu_policy') },
    { href: '/vendeur/payments', label: ledgerText(ctx.locale)('my_payments') },
    // In the back offices, ctx.unreadMessages counts the questions waiting for this seller's answer.
    { href: '/vendeur/questions', label: msgText(ctx.locale)('questions_menu'), count: ctx.unreadMessages },
    { href: '/vendeur/incidents', label: incidentText(ctx.locale)('bo_incidents'), count: (ctx.user && menuCounts.get(ctx.user)?.incidents) || undefined },
    { href: '/vendeur/api-keys', label: apiText(ctx.locale)('menu_api') },
    ...sellerAccountMenu(ctx),
  ];
}

/** The seller back office, mounted under /vendeur. */
export function sellerFace(deps: Deps) {
  return async function (app: FastifyInstance) {
    app.decorateRequest('seller', null);
    backOfficeAuth(deps, 'seller', '/vendeur', {
        byId: (id) => sellerUserById(deps, id),
        attach: (req, u) => {
          req.seller = { id: u.id, sellerId: u.sellerId, sellerName: u.sellerName, role: u.role, name: u.name };
          // The counts come with the frame (sellerFrame): a page never waits for them one by one.
          req.unreadMessages = u.waiting ?? 0;
          if (req.user) menuCounts.set(req.user, { incidents: u.incidents ?? 0 });
        },
        current: (req) => sellerFrame(deps, req),
        byEmail: async (email) => {
          const [u] = await deps.db.select({ id: sellerUsers.id }).from(sellerUsers).where(eq(sellerUsers.email, email));
          return u ? sellerUserById(deps, u.id) : null;
        },
      })(app);
    app.addHook('preHandler', requireBackOffice('/vendeur'));

    app.get('/', async (req, reply) => {
      const ctx = pageContext(req, reply);
      const t = boText(ctx.locale);
      return sendPage(
        reply,
        <BackOfficeLayout ctx={ctx} title={t('dashboard')} menu={sellerMenu(ctx)}>
          <h1>{t('welcome', { name: req.seller!.name })}</h1>
          <p>{t('seller_intro', { shop: req.seller!.sellerName })}</p>
        </BackOfficeLayout>,
      );
    });
    await app.register(sellerOfferRoutes(deps));
    await app.register(sellerLedgerRoutes(deps));
    await app.register(sellerMessagingRoutes(deps));
    await app.register(sellerOrderRoutes(deps));
    await app.register(incidentSellerRoutes(deps));
    await app.register(sellerTeamRoutes(deps));
    await app.register(sellerApiBackOfficeRoutes(deps));
  };
}
