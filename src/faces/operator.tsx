import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../deps.js';
import { pageContext, type PageContext } from '../http/context.js';
import { sendPage } from '../http/render.js';
import { boText } from '../modules/backoffice/messages.js';
import { ledgerText } from '../modules/ledger/messages.js';
import { operatorLedgerRoutes } from '../modules/ledger/routes.js';
import { backOfficeAuth, requireBackOffice } from '../modules/backoffice/login.js';
import { operatorMessagingRoutes, overdueThreadCount } from '../modules/messaging/backoffice.js';
import { msgText } from '../modules/messaging/messages.js';
import { incidentOperatorRoutes } from '../modules/incidents/bo-routes.js';
import { incidentText } from '../modules/incidents/messages.js';
import { countForOperator } from '../modules/incidents/queries.js';
import { categoryAdminRoutes } from '../modules/catalog/admin.js';
import { catalogAdminText } from '../modules/catalog/admin-messages.js';
import { mailboxRoutes } from '../modules/notifications/admin.js';
import { operatorUsers } from '../modules/operators/schema.js';
import { SearchForm } from '../modules/operators/cs-views.js';
import { administrationMenu, customerServiceMenu } from '../modules/operators/menu.js';
import { operatorRoutes } from '../modules/operators/routes.js';
import { refundAdminRoutes } from '../modules/payments/admin.js';
import { refundAdminText } from '../modules/payments/admin-messages.js';
import { BackOfficeLayout, type MenuItem } from '../ui/layout.js';

export type Operator = { id: string; name: string; role: 'admin' | 'customer_service' };

declare module 'fastify' {
  interface FastifyRequest {
    operator: Operator | null;
  }
}

/**
 * Menu counts beyond messages (escalated incidents and withdrawals near their refund limit), loaded once
 * per request and kept by the request's user object — the same object as `ctx.user`.
 */
const menuCounts = new WeakMap<object, { incidents: number }>();

export function operatorMenu(ctx: PageContext): MenuItem[] {
  const t = boText(ctx.locale);
  return [
    { href: '/admin', label: t('dashboard') },
    ...customerServiceMenu(ctx),
    { href: '/admin/emails', label: t('emails') },
    { href: '/admin/categories', label: catalogAdminText(ctx.locale)('title') },
    { href: '/admin/ledger', label: ledgerText(ctx.locale)('ledger') },
    { href: '/admin/refunds', label: refundAdminText(ctx.locale)('title') },
    // In the operator back office, ctx.unreadMessages counts questions a seller has left unanswered for 48 h.
    { href: '/admin/messages', label: msgText(ctx.locale)('messages_menu'), count: ctx.unreadMessages },
    { href: '/admin/incidents', label: incidentText(ctx.locale)('bo_incidents'), count: (ctx.user && menuCounts.get(ctx.user)?.incidents) || undefined },
    ...administrationMenu(ctx),
  ];
}

/** The operator back office, mounted under /admin. */
export function operatorFace(deps: Deps) {
  return async function (app: FastifyInstance) {
    app.decorateRequest('operator', null);
    const byId = async (id: string) => {
      const [u] = await deps.db.select().from(operatorUsers).where(eq(operatorUsers.id, id));
      return u ?? null;
    };
    backOfficeAuth(deps, 'operator', '/admin', {
        byId,
        attach: (req, u) => {
          req.operator = { id: u.id, name: u.name, role: u.role };
        },
        byEmail: async (email) => {
          const [u] = await deps.db.select().from(operatorUsers).where(eq(operatorUsers.email, email));
          return u ?? null;
        },
      })(app);
    app.addHook('onRequest', async (req) => {
      if (req.operator) req.unreadMessages = await overdueThreadCount(deps.db, deps.clock.now());
      if (req.operator && req.user) menuCounts.set(req.user, { incidents: await countForOperator(deps) });
    });
    app.addHook('preHandler', requireBackOffice('/admin'));

    app.get('/', async (req, reply) => {
      const ctx = pageContext(req, reply);
      const t = boText(ctx.locale);
      return sendPage(
        reply,
        <BackOfficeLayout ctx={ctx} title={t('dashboard')} menu={operatorMenu(ctx)}>
          <h1>{t('welcome', { name: req.operator!.name })}</h1>
          <p>{t('operator_intro', { role: t(req.operator!.role === 'admin' ? 'role_admin' : 'role_customer_service') })}</p>
          <SearchForm ctx={ctx} autofocus />
        </BackOfficeLayout>,
      );
    });
    await app.register(mailboxRoutes(deps));
    await app.register(operatorRoutes(deps));
    await app.register(categoryAdminRoutes(deps));
    await app.register(operatorLedgerRoutes(deps));
    await app.register(operatorMessagingRoutes(deps));
    await app.register(incidentOperatorRoutes(deps));
    await app.register(refundAdminRoutes(deps));
  };
}
