import { and, eq, isNotNull, lt, ne, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from '../deps.js';
import { liveSessionWhere } from '../http/auth.js';
import { pageContext, type PageContext } from '../http/context.js';
import { sendPage } from '../http/render.js';
import { boText } from '../modules/backoffice/messages.js';
import { ledgerText } from '../modules/ledger/messages.js';
import { operatorLedgerRoutes } from '../modules/ledger/routes.js';
import { backOfficeAuth, requireBackOffice } from '../modules/backoffice/login.js';
import { OVERDUE_HOURS, operatorMessagingRoutes } from '../modules/messaging/backoffice.js';
import { messageThreads } from '../modules/messaging/schema.js';
import { msgText } from '../modules/messaging/messages.js';
import { incidentOperatorRoutes } from '../modules/incidents/bo-routes.js';
import { incidentText } from '../modules/incidents/messages.js';
import { REFUND_DUE_WARNING_DAYS } from '../modules/incidents/rules.js';
import { incidents } from '../modules/incidents/schema.js';
import { sessions } from '../modules/sessions/schema.js';
import type { Session } from '../modules/sessions/store.js';
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

type OperatorRow = typeof operatorUsers.$inferSelect;
/** The menu counts loaded with a user row by operatorFrame (the row object is the request's own). */
const frameCounts = new WeakMap<OperatorRow, { overdue: number; incidents: number }>();

/**
 * Every /admin page's frame in one statement: session, operator, and the menu's two counts — threads
 * a seller has left unanswered for OVERDUE_HOURS (overdueThreadCount's condition) and incidents to
 * look at (countForOperator's) — instead of four round trips one after another.
 */
async function operatorFrame(deps: Deps, req: FastifyRequest): Promise<{ session: Session; user: OperatorRow | null } | null> {
  const where = liveSessionWhere(deps, req, 'operator');
  if (!where) return null;
  const now = deps.clock.now().getTime();
  const overdueSince = new Date(now - OVERDUE_HOURS * 3_600_000);
  const refundSoon = new Date(now + REFUND_DUE_WARNING_DAYS * 86_400_000);
  const [r] = await deps.db
    .select({
      session: { id: sessions.id, userId: sessions.userId, data: sessions.data },
      user: operatorUsers,
      overdue: sql<number>`(${deps.db.select({ n: sql`count(*)::int` }).from(messageThreads).where(and(isNotNull(messageThreads.awaitingSellerSince), lt(messageThreads.awaitingSellerSince, overdueSince)))})`,
      incidents: sql<number>`(${deps.db.select({ n: sql`count(*)::int` }).from(incidents).where(and(ne(incidents.state, 'closed'), sql`(${incidents.state} = 'escalated' or ${incidents.refundDueAt} < ${refundSoon})`))})`,
    })
    .from(sessions)
    .leftJoin(operatorUsers, eq(operatorUsers.id, sessions.userId))
    .where(where);
  if (!r) return null;
  if (r.user) frameCounts.set(r.user, { overdue: r.overdue, incidents: r.incidents });
  return { session: { ...r.session, face: 'operator', data: r.session.data as Record<string, unknown> }, user: r.user };
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
          // The counts come with the frame (operatorFrame): a page never waits for them one by one.
          const counts = frameCounts.get(u);
          req.unreadMessages = counts?.overdue ?? 0;
          if (req.user) menuCounts.set(req.user, { incidents: counts?.incidents ?? 0 });
        },
        current: (req) => operatorFrame(deps, req),
        byEmail: async (email) => {
          const [u] = await deps.db.select().from(operatorUsers).where(eq(operatorUsers.email, email));
          return u ?? null;
        },
      })(app);
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
