import { and, asc, eq, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { notFound } from '../../http/errors.js';
import { pageContext, setFlash } from '../../http/context.js';
import { parseForm, type FieldErrors, type FormValues } from '../../http/forms.js';
import { seeOther, sendPage } from '../../http/render.js';
import { LOCALES, type Locale } from '../../i18n/index.js';
import { inviteUser, pendingInvitations } from '../backoffice/invitations.js';
import { secondFactors } from '../backoffice/schema.js';
import { removeSecondFactor } from '../backoffice/second-factor.js';
import { isUuid } from '../messaging/queries.js';
import { sellerText } from '../sellers/messages.js';
import { getSeller } from '../sellers/offers.js';
import { sellerUsers } from '../sellers/schema.js';
import { destroyUserSessions } from '../sessions/store.js';
import { audit } from './audit.js';
import { sellerFigures } from './figures.js';
import { opText, type OpKey } from './messages.js';
import { commissionTable, createSeller, newSellerForm, percentToBps, sellerForm, setCommissions, setSellerStatus, updateSeller } from './sellers-admin.js';
import { SellerFormPage, sellerFormValues, SellerPage, SellersPage, type SellerUserRow } from './seller-views.js';

/** Form error keys: this module's sentences, else the sellers module's (policy fields). */
export function formText(locale: Locale) {
  const op = opText(locale);
  const st = sellerText(locale);
  return (key: string) => {
    const s = op(key as OpKey);
    return s === key ? st(key as Parameters<typeof st>[0]) : s;
  };
}

export const inviteForm = z.object({
  email: z.string().trim().max(320).pipe(z.email()),
  role: z.string(),
  locale: z.enum(LOCALES),
});

/** A shop's users with whether each has turned on the second factor. */
export async function sellerUserRows(db: DbOrTx, sellerId: string): Promise<SellerUserRow[]> {
  return db
    .select({ id: sellerUsers.id, name: sellerUsers.name, email: sellerUsers.email, role: sellerUsers.role, active: sellerUsers.active, twoFactor: sql<boolean>`${secondFactors.enabledAt} is not null`, createdAt: sellerUsers.createdAt })
    .from(sellerUsers)
    .leftJoin(secondFactors, and(eq(secondFactors.face, 'seller'), eq(secondFactors.userId, sellerUsers.id)))
    .where(eq(sellerUsers.sellerId, sellerId))
    .orderBy(asc(sellerUsers.createdAt));
}

/** Sellers management in /admin (every operator; the commission only for admins). */
export function sellerAdminRoutes(deps: Deps) {
  const showSeller = async (
    req: FastifyRequest,
    reply: FastifyReply,
    id: string,
    forms: { invite?: { values: FormValues; errors?: FieldErrors }; suspend?: { values: FormValues; errors?: FieldErrors }; commissionForm?: { values: FormValues; errors?: FieldErrors } } = {},
    status = 200,
  ) => {
    const seller = await getSeller(deps.db, id);
    if (!seller) return notFound(req, reply);
    const [figures] = await sellerFigures(deps.db, deps.clock.now(), { sellerId: id });
    return sendPage(
      reply,
      <SellerPage
        ctx={pageContext(req, reply)}
        seller={seller}
        figures={figures ?? null}
        users={await sellerUserRows(deps.db, id)}
        invitations={await pendingInvitations(deps.db, 'seller', id, deps.clock.now())}
        commissions={await commissionTable(deps.db, id)}
        {...forms}
      />,
      status,
    );
  };
  const idOf = (req: FastifyRequest) => {
    const id = (req.params as { id: string }).id;
    return isUuid(id) ? id : null;
  };

  return async function (app: FastifyInstance) {
    app.get('/sellers', async (req, reply) => {
      const q = req.query as Record<string, unknown>;
      const status = q.status === 'active' || q.status === 'suspended' ? q.status : undefined;
      const name = typeof q.q === 'string' ? q.q.trim().slice(0, 100) : '';
      const rows = await sellerFigures(deps.db, deps.clock.now(), { status, name: name || undefined });
      return sendPage(reply, <SellersPage ctx={pageContext(req, reply)} rows={rows} status={status ?? ''} q={name} />);
    });

    app.get('/sellers/new', async (req, reply) => {
      const ctx = pageContext(req, reply);
      return sendPage(reply, <SellerFormPage ctx={ctx} seller={null} values={{ returnWindowDays: '14', returnShippingPaidBy: 'customer', shippingFee: '4,95', commission: '15', ownerLocale: ctx.locale }} />);
    });

    app.post('/sellers/new', async (req, reply) => {
      const form = parseForm(newSellerForm, req.body, req.locale, formText(req.locale));
      if (!form.ok) return sendPage(reply, <SellerFormPage ctx={pageContext(req, reply)} seller={null} values={form.values} errors={form.errors} />, 422);
      const r = await createSeller(deps, req.operator!, form.data);
      if (!r.ok) {
        const t = opText(req.locale);
        const errors: FieldErrors = r.code === 'slug_taken' ? { slug: t('slug_taken') } : { ownerEmail: t('email_taken') };
        return sendPage(reply, <SellerFormPage ctx={pageContext(req, reply)} seller={null} values={form.values} errors={errors} />, 409);
      }
      setFlash(reply, opText(req.locale)('created', { email: form.data.ownerEmail }));
      return seeOther(reply, `/admin/sellers/${r.sellerId}`);
    });

    app.get('/sellers/:id', async (req, reply) => {
      const id = idOf(req);
      return id ? showSeller(req, reply, id) : notFound(req, reply);
    });

    app.get('/sellers/:id/edit', async (req, reply) => {
      const id = idOf(req);
      const seller = id ? await getSeller(deps.db, id) : null;
      if (!seller) return notFound(req, reply);
      return sendPage(reply, <SellerFormPage ctx={pageContext(req, reply)} seller={seller} values={sellerFormValues(seller, req.locale)} />);
    });

    app.post('/sellers/:id/edit', async (req, reply) => {
      const id = idOf(req);
      const seller = id ? await getSeller(deps.db, id) : null;
      if (!seller) return notFound(req, reply);
      const form = parseForm(sellerForm, req.body, req.locale, formText(req.locale));
      if (!form.ok) return sendPage(reply, <SellerFormPage ctx={pageContext(req, reply)} seller={seller} values={form.values} errors={form.errors} />, 422);
      const r = await updateSeller(deps, req.operator!, seller.id, form.data);
      if (!r.ok) {
        if (r.code === 'not_found') return notFound(req, reply);
        return sendPage(reply, <SellerFormPage ctx={pageContext(req, reply)} seller={seller} values={form.values} errors={{ slug: opText(req.locale)('slug_taken') }} />, 409);
      }
      setFlash(reply, opText(req.locale)('saved'));
      return seeOther(reply, `/admin/sellers/${seller.id}`);
    });

    const reasonForm = z.object({ reason: z.string().trim().min(1).max(1000) });
    app.post('/sellers/:id/suspend', async (req, reply) => {
      const id = idOf(req);
      if (!id) return notFound(req, reply);
      const form = parseForm(reasonForm, req.body, req.locale);
      if (!form.ok) return showSeller(req, reply, id, { suspend: { values: form.values, errors: form.errors } }, 422);
      const r = await setSellerStatus(deps, req.operator!, id, 'suspended', form.data.reason);
      if (!r.ok) return notFound(req, reply);
      setFlash(reply, opText(req.locale)(r.changed ? 'suspended_flash' : 'nothing_to_change'));
      return seeOther(reply, `/admin/sellers/${id}`);
    });

    app.post('/sellers/:id/reactivate', async (req, reply) => {
      const id = idOf(req);
      if (!id) return notFound(req, reply);
      const r = await setSellerStatus(deps, req.operator!, id, 'active', null);
      if (!r.ok) return notFound(req, reply);
      setFlash(reply, opText(req.locale)(r.changed ? 'reactivated_flash' : 'nothing_to_change'));
      return seeOther(reply, `/admin/sellers/${id}`);
    });

    app.post('/sellers/:id/invite', async (req, reply) => {
      const id = idOf(req);
      if (!id) return notFound(req, reply);
      const t = opText(req.locale);
      const form = parseForm(inviteForm.extend({ role: z.enum(['owner', 'staff']) }), req.body, req.locale);
      if (!form.ok) return showSeller(req, reply, id, { invite: { values: form.values, errors: form.errors } }, 422);
      const op = req.operator!;
      const r = await deps.db.transaction(async (tx) => {
        const invited = await inviteUser(deps, tx, { face: 'seller', sellerId: id, email: form.data.email, role: form.data.role, locale: form.data.locale, invitedBy: { face: 'operator', id: op.id, name: op.name } });
        if (invited.ok) {
          await audit(tx, { operatorId: op.id, action: 'seller.invite', subjectType: 'seller', subjectId: id, after: { email: form.data.email.toLowerCase(), role: form.data.role, invitationId: invited.invitationId }, at: deps.clock.now() });
        }
        return invited;
      });
      if (!r.ok) {
        if (r.code === 'not_found') return notFound(req, reply);
        return showSeller(req, reply, id, { invite: { values: form.values, errors: { email: t('email_taken') } } }, 409);
      }
      setFlash(reply, t('invited', { email: form.data.email }));
      return seeOther(reply, `/admin/sellers/${id}`);
    });

    app.post('/sellers/:id/commissions', async (req, reply) => {
      const id = idOf(req);
      if (!id || req.operator!.role !== 'admin') return notFound(req, reply);
      const t = opText(req.locale);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const values: FormValues = {};
      const errors: FieldErrors = {};
      const rates = new Map<string, number | null>();
      for (const [k, v] of Object.entries(body)) {
        if (typeof v !== 'string' || (k !== 'default' && !k.startsWith('rate_'))) continue;
        values[k] = v;
        if (k === 'default') continue;
        const categoryId = k.slice(5);
        if (!isUuid(categoryId)) continue;
        if (v.trim() === '') rates.set(categoryId, null);
        else if (percentToBps(v) === null) errors[k] = t('rate_invalid');
        else rates.set(categoryId, percentToBps(v));
      }
      const defaultBps = percentToBps(values.default ?? '');
      if (defaultBps === null) errors.default = t('rate_invalid');
      if (Object.keys(errors).length) return showSeller(req, reply, id, { commissionForm: { values, errors } }, 422);
      const r = await setCommissions(deps, req.operator!, id, { defaultBps: defaultBps!, rates });
      if (!r.ok) return notFound(req, reply);
      setFlash(reply, t('commissions_saved'));
      return seeOther(reply, `/admin/sellers/${id}`);
    });

    // An owner who lost both the phone and the recovery codes: an admin removes the second factor.
    app.post('/sellers/:id/users/:userId/reset-2fa', async (req, reply) => {
      const id = idOf(req);
      const userId = (req.params as { userId: string }).userId;
      if (!id || !isUuid(userId) || req.operator!.role !== 'admin') return notFound(req, reply);
      const [user] = await deps.db.select({ id: sellerUsers.id, name: sellerUsers.name }).from(sellerUsers).where(and(eq(sellerUsers.id, userId), eq(sellerUsers.sellerId, id)));
      if (!user) return notFound(req, reply);
      await deps.db.transaction(async (tx) => {
        const removed = await removeSecondFactor(tx, 'seller', user.id);
        await destroyUserSessions(tx, 'seller', user.id);
        await audit(tx, { operatorId: req.operator!.id, action: 'seller_user.reset_second_factor', subjectType: 'seller', subjectId: id, before: { userId: user.id, secondFactor: removed }, after: { userId: user.id, secondFactor: false }, at: deps.clock.now() });
      });
      setFlash(reply, opText(req.locale)('reset_2fa_done', { name: user.name }));
      return seeOther(reply, `/admin/sellers/${id}`);
    });
  };
}
