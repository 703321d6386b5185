import { and, eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../deps.js';
import { sellerMenu } from '../../faces/seller.js';
import { notFound } from '../../http/errors.js';
import { pageContext, setFlash, type PageContext } from '../../http/context.js';
import { parseForm, type FieldErrors, type FormValues } from '../../http/forms.js';
import { seeOther, sendPage } from '../../http/render.js';
import { BackOfficeLayout, CsrfField, type MenuItem } from '../../ui/layout.js';
import { FormError } from '../../ui/forms.js';
import { isUuid } from '../messaging/queries.js';
import { opText } from '../operators/messages.js';
import { PostButton } from '../operators/parts.js';
import { inviteForm, sellerUserRows } from '../operators/seller-routes.js';
import { InviteForm, UsersTable, type PendingInvitation, type SellerUserRow } from '../operators/seller-views.js';
import { sellerUsers } from '../sellers/schema.js';
import { destroyUserSessions } from '../sessions/store.js';
import { inviteUser, pendingInvitations } from './invitations.js';
import { boText } from './messages.js';
import { roleOf } from './roles.js';
import { setSecurityMenu } from './security.js';

/** The seller back office's "Équipe" (owners only) and "Sécurité" menu entries. */
export function sellerAccountMenu(ctx: PageContext): MenuItem[] {
  return [
    ...(roleOf(ctx.user) === 'owner' ? [{ href: '/vendeur/team', label: opText(ctx.locale)('team') }] : []),
    { href: '/vendeur/security', label: boText(ctx.locale)('security') },
  ];
}

export type TeamRefusal = 'not_found' | 'cannot_self' | 'last_owner';

/**
 * Changes a colleague's role or access, inside the shop only (another shop's user id is "not found").
 * The shop's active owners are locked first, so it always keeps one. The colleague's sessions end.
 */
export async function updateTeamMember(
  deps: Deps,
  me: { id: string; sellerId: string },
  userId: string,
  change: { role: 'owner' | 'staff' } | { active: boolean },
): Promise<{ ok: true; name: string } | { ok: false; code: TeamRefusal }> {
  if (userId === me.id) return { ok: false, code: 'cannot_self' };
  return deps.db.transaction(async (tx) => {
    const owners = await tx
      .select({ id: sellerUsers.id })
      .from(sellerUsers)
      .where(and(eq(sellerUsers.sellerId, me.sellerId), eq(sellerUsers.role, 'owner'), eq(sellerUsers.active, true)))
      .for('update');
    const [u] = await tx
      .select()
      .from(sellerUsers)
      .where(and(eq(sellerUsers.id, userId), eq(sellerUsers.sellerId, me.sellerId)))
      .for('update');
    if (!u) return { ok: false, code: 'not_found' } as const;
    const after = { role: u.role, active: u.active, ...change };
    if (u.role === 'owner' && u.active && (after.role !== 'owner' || !after.active) && owners.length <= 1) return { ok: false, code: 'last_owner' } as const;
    await tx.update(sellerUsers).set(change).where(eq(sellerUsers.id, u.id));
    await destroyUserSessions(tx, 'seller', u.id);
    return { ok: true, name: u.name } as const;
  });
}

function TeamPage(props: { ctx: PageContext; shop: string; users: SellerUserRow[]; invitations: PendingInvitation[]; invite?: { values: FormValues; errors?: FieldErrors }; error?: string }) {
  const { ctx } = props;
  const t = opText(ctx.locale);
  const me = ctx.user?.id;
  return (
    <BackOfficeLayout ctx={ctx} title={t('team')} menu={sellerMenu(ctx)}>
      <div class="ops">
      <h1>{t('team')}</h1>
      <p>{t('team_intro', { shop: props.shop })}</p>
      <FormError message={props.error} />
      <UsersTable
        ctx={ctx}
        users={props.users}
        resetAction={null}
        manage={(u) =>
          u.id === me ? (
            <span class="muted">({t('you')})</span>
          ) : (
            <>
              <form method="post" action={`/vendeur/team/${u.id}/role`} class="inline-form">
                <CsrfField ctx={ctx} />
                <input type="hidden" name="role" value={u.role === 'owner' ? 'staff' : 'owner'} />
                <button type="submit" class="button small">
                  {t('change_role')} → {t(u.role === 'owner' ? 'role_staff' : 'role_owner')}
                </button>
              </form>
              <PostButton ctx={ctx} action={`/vendeur/team/${u.id}/${u.active ? 'deactivate' : 'reactivate'}`} label={u.active ? t('deactivate') : t('reactivate')} kind={u.active ? 'danger' : undefined} />
            </>
          )
        }
      />
      {props.invitations.length ? (
        <>
          <h2>{t('pending')}</h2>
          <ul>
            {props.invitations.map((i) => (
              <li>
                {i.email} — {t(i.role === 'owner' ? 'role_owner' : 'role_staff')}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <InviteForm ctx={ctx} action="/vendeur/team/invite" roles={['staff', 'owner']} values={props.invite?.values} errors={props.invite?.errors} />
      </div>
    </BackOfficeLayout>
  );
}

/** "Équipe" in /vendeur: an owner invites colleagues (owner or staff), changes roles, removes access. */
export function sellerTeamRoutes(deps: Deps) {
  setSecurityMenu('seller', sellerMenu);
  return async function (app: FastifyInstance) {
    // Staff do not manage the team: for them these pages do not exist.
    app.addHook('preHandler', async (req, reply) => {
      if (req.seller?.role !== 'owner') return notFound(req, reply);
    });

    const show = async (req: FastifyRequest, reply: FastifyReply, extra: { invite?: { values: FormValues; errors?: FieldErrors }; error?: string } = {}, status = 200) => {
      const s = req.seller!;
      return sendPage(
        reply,
        <TeamPage ctx={pageContext(req, reply)} shop={s.sellerName} users={await sellerUserRows(deps.db, s.sellerId)} invitations={await pendingInvitations(deps.db, 'seller', s.sellerId, deps.clock.now())} {...extra} />,
        status,
      );
    };

    app.get('/team', async (req, reply) => show(req, reply));

    app.post('/team/invite', async (req, reply) => {
      const t = opText(req.locale);
      const form = parseForm(inviteForm.extend({ role: z.enum(['owner', 'staff']) }), req.body, req.locale);
      if (!form.ok) return show(req, reply, { invite: { values: form.values, errors: form.errors } }, 422);
      const s = req.seller!;
      const r = await deps.db.transaction((tx) => inviteUser(deps, tx, { face: 'seller', sellerId: s.sellerId, email: form.data.email, role: form.data.role, locale: form.data.locale, invitedBy: { face: 'seller', id: s.id, name: s.name } }));
      if (!r.ok) return show(req, reply, { invite: { values: form.values, errors: { email: t('email_taken') } } }, 409);
      setFlash(reply, t('invited', { email: form.data.email }));
      return seeOther(reply, '/vendeur/team');
    });

    const changes = [
      ['role', null],
      ['deactivate', { active: false }],
      ['reactivate', { active: true }],
    ] as const;
    for (const [action, fixed] of changes) {
      app.post(`/team/:id/${action}`, async (req, reply) => {
        const id = (req.params as { id: string }).id;
        const role = (req.body as Record<string, unknown> | undefined)?.role;
        if (!isUuid(id) || (!fixed && role !== 'owner' && role !== 'staff')) return notFound(req, reply);
        const change = fixed ?? { role: role as 'owner' | 'staff' };
        const r = await updateTeamMember(deps, req.seller!, id, change);
        const t = opText(req.locale);
        if (!r.ok) return r.code === 'not_found' ? notFound(req, reply) : show(req, reply, { error: t(r.code) }, 409);
        setFlash(reply, 'role' in change ? t('role_changed', { name: r.name, role: t(change.role === 'owner' ? 'role_owner' : 'role_staff') }) : t(change.active ? 'reactivated' : 'deactivated', { name: r.name }));
        return seeOther(reply, '/vendeur/team');
      });
    }
  };
}
