import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.js';
import { pageContext, setFlash } from '../../http/context.js';
import { notFound } from '../../http/errors.js';
import { seeOther, sendPage } from '../../http/render.js';
import { addressValues, AddressesPage, AddressFormPage, DeleteAddressPage } from './address-views.js';
import { createAddress, deleteAddress, getAddress, getDefaults, listAddresses, parseAddressForm, setDefaults, updateAddress } from './addresses.js';
import { addressText } from './messages.js';
import { requireCustomer } from './guards.js';

type IdParams = { id: string };

/** The edit form's mode: which default checkboxes it offers (not those the address already is). */
async function editMode(deps: Deps, customerId: string, id: string) {
  const d = await getDefaults(deps.db, customerId);
  return { kind: 'edit', id, isDefaultBilling: d.billingId === id, isDefaultDelivery: d.deliveryId === id } as const;
}

/** Which defaults the form's checkboxes ask for. */
function defaultsAsked(body: unknown, id: string): { billingId?: string; deliveryId?: string } {
  const b = (body ?? {}) as Record<string, unknown>;
  return { billingId: b.defaultBilling === 'on' ? id : undefined, deliveryId: b.defaultDelivery === 'on' ? id : undefined };
}

/**
 * "Mes adresses" (/account/addresses): list, "Ajouter une nouvelle adresse", "Modifier" then
 * "Enregistrer", delete (a confirmation page, then a POST), default billing / delivery. Every id in a
 * URL is checked against the customer: someone else's address answers exactly like a missing one.
 */
export function addressRoutes(deps: Deps) {
  return async function (app: FastifyInstance) {
    const t = (req: FastifyRequest) => addressText(req.locale);
    const list = (req: FastifyRequest) => `/${req.locale}/account/addresses`;
    const listPage = async (req: FastifyRequest, reply: FastifyReply, error?: string, status = 200) =>
      sendPage(reply, <AddressesPage ctx={pageContext(req, reply)} addresses={await listAddresses(deps.db, req.user!.id)} error={error} />, status);

    app.get('/account/addresses', async (req, reply) => {
      if (!requireCustomer(req, reply)) return reply;
      return listPage(req, reply);
    });

    app.get('/account/addresses/new', async (req, reply) => {
      if (!requireCustomer(req, reply)) return reply;
      return sendPage(reply, <AddressFormPage ctx={pageContext(req, reply)} mode={{ kind: 'new' }} />);
    });

    app.post('/account/addresses/new', async (req, reply) => {
      if (!requireCustomer(req, reply)) return reply;
      const form = parseAddressForm(req.body, req.locale);
      const page = (o: { errors?: Record<string, string>; error?: string }, status: number) =>
        sendPage(reply, <AddressFormPage ctx={pageContext(req, reply)} mode={{ kind: 'new' }} values={form.values} {...o} />, status);
      if (!form.ok) return page({ errors: form.errors }, 422);
      const b = defaultsAsked(req.body, 'x');
      const result = await deps.db.transaction((tx) => createAddress(tx, req.user!.id, form.data, { defaultBilling: !!b.billingId, defaultDelivery: !!b.deliveryId }));
      if (!result.ok) return page({ error: t(req)(result.code) }, 422);
      setFlash(reply, t(req)('added'));
      return seeOther(reply, list(req));
    });

    app.get<{ Params: IdParams }>('/account/addresses/:id/edit', async (req, reply) => {
      if (!requireCustomer(req, reply)) return reply;
      const a = await getAddress(deps.db, req.user!.id, req.params.id);
      if (!a) return notFound(req, reply);
      return sendPage(reply, <AddressFormPage ctx={pageContext(req, reply)} mode={await editMode(deps, req.user!.id, a.id)} values={addressValues(a)} />);
    });

    app.post<{ Params: IdParams }>('/account/addresses/:id/edit', async (req, reply) => {
      if (!requireCustomer(req, reply)) return reply;
      const customerId = req.user!.id;
      // Ownership first: someone else's id is "not found", whatever the form holds.
      const a = await getAddress(deps.db, customerId, req.params.id);
      if (!a) return notFound(req, reply);
      const form = parseAddressForm(req.body, req.locale);
      if (!form.ok) {
        return sendPage(reply, <AddressFormPage ctx={pageContext(req, reply)} mode={await editMode(deps, customerId, a.id)} values={form.values} errors={form.errors} />, 422);
      }
      const saved = await deps.db.transaction(async (tx) => {
        const updated = await updateAddress(tx, customerId, a.id, form.data, deps.clock.now());
        if (updated) await setDefaults(tx, customerId, defaultsAsked(req.body, a.id));
        return updated;
      });
      if (!saved) return notFound(req, reply);
      setFlash(reply, t(req)('saved'));
      return seeOther(reply, list(req));
    });

    app.get<{ Params: IdParams }>('/account/addresses/:id/delete', async (req, reply) => {
      if (!requireCustomer(req, reply)) return reply;
      const a = await getAddress(deps.db, req.user!.id, req.params.id);
      if (!a) return notFound(req, reply);
      return sendPage(reply, <DeleteAddressPage ctx={pageContext(req, reply)} address={a} />);
    });

    app.post<{ Params: IdParams }>('/account/addresses/:id/delete', async (req, reply) => {
      if (!requireCustomer(req, reply)) return reply;
      const done = await deps.db.transaction((tx) => deleteAddress(tx, req.user!.id, req.params.id));
      if (!done) return notFound(req, reply);
      setFlash(reply, t(req)('deleted'));
      return seeOther(reply, list(req));
    });

    app.post<{ Params: IdParams }>('/account/addresses/:id/default', async (req, reply) => {
      if (!requireCustomer(req, reply)) return reply;
      const kind = (req.body as Record<string, unknown> | undefined)?.kind;
      const id = req.params.id;
      const choice = kind === 'billing' ? { billingId: id } : kind === 'delivery' ? { deliveryId: id } : kind === 'both' ? { billingId: id, deliveryId: id } : null;
      if (!choice) {
        if (!(await getAddress(deps.db, req.user!.id, id))) return notFound(req, reply);
        return listPage(req, reply, t(req)('invalid'), 422);
      }
      const done = await deps.db.transaction((tx) => setDefaults(tx, req.user!.id, choice));
      if (!done) return notFound(req, reply);
      setFlash(reply, t(req)('defaults_saved'));
      return seeOther(reply, `${list(req)}#address-${id}`);
    });
  };
}
