import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Tx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { pageContext, setFlash } from '../../http/context.js';
import { notFound } from '../../http/errors.js';
import type { FieldErrors, FormValues } from '../../http/forms.js';
import { seeOther, sendPage } from '../../http/render.js';
import { pick } from '../../shared/i18n-text.js';
import { href } from '../../ui/layout.js';
import { createAddress, getAddress, isUuid, parseAddressForm, updateAddress, type AddressInput } from '../accounts/addresses.js';
import { addressText } from '../accounts/messages.js';
import { requireCustomer } from '../accounts/routes.js';
import { handleReturn } from '../payments/service.js';
import { loadCheckoutCartAndState, type CheckoutCart } from './cart-source.js';
import { checkoutText } from './messages.js';
import { findCustomerOrderAndPayment, fingerprintOf, placeOrder, type PlaceRefusal } from './place-order.js';
import { loadCustomerPlacedOrder } from './placed-order.js';
import type { Selection } from './rules.js';
import './settle.js'; // plugs the checkout into the payments module's settlement hooks
import { checkoutStateFrom, storeChoice, type CheckoutState } from './state.js';
import { AddressesPage, ConfirmationPage, DeliveryPage, ReturnPage, SummaryPage, type AddressMode, type Role } from './views.js';
import { faultPoint } from '../../shared/faults.js';

const roleSchema = z.enum(['billing', 'delivery']);
const selectForm = z.object({ role: roleSchema, addressId: z.string().max(100) });
const separateForm = z.object({ separate: z.enum(['0', '1']) });
const placeForm = z.object({ checkoutKey: z.string().min(1).max(100), seen: z.string().min(1).max(100) });

/**
 * "Passer commande" (/:locale/checkout…): addresses → delivery → summary and "Payer" → the payment
 * provider → the return page → the confirmation. Every page needs "Connexion"; every address id
 * from a form is checked to be the customer's (another customer's is "not found", like a missing one).
 */
export function checkoutRoutes(deps: Deps) {
  return async function (app: FastifyInstance) {
    /** The cart and the address state every step starts from; null when the customer was sent elsewhere. */
    async function begin(req: FastifyRequest, reply: FastifyReply): Promise<{ customerId: string; cart: CheckoutCart; state: CheckoutState } | null> {
      if (!requireCustomer(req, reply)) return null;
      const t = checkoutText(req.locale);
      const customerId = req.user!.id;
      const { cart, state: read } = await loadCheckoutCartAndState(deps.db, customerId);
      if (cart.groups.length === 0 || !read) {
        setFlash(reply, t('empty_cart'));
        seeOther(reply, `/${req.locale}/cart`);
        return null;
      }
      if (!cart.canCheckout) {
        setFlash(reply, t('unavailable'));
        seeOther(reply, `/${req.locale}/cart`);
        return null;
      }
      const state = await checkoutStateFrom(deps.db, customerId, deps.clock.now(), read);
      return { customerId, cart, state };
    }

    function addressesPage(req: FastifyRequest, reply: FastifyReply, s: { cart: CheckoutCart; state: CheckoutState }, mode: AddressMode, form?: { values: FormValues; errors: FieldErrors }, status = 200) {
      return sendPage(
        reply,
        <AddressesPage ctx={pageContext(req, reply)} cart={s.cart} addresses={s.state.addresses} defaults={s.state.defaults} selection={s.state.selection} mode={mode} values={form?.values} errors={form?.errors} />,
        status,
      );
    }

    // Step 1: the addresses. ?edit=billing|delivery opens "Modifier", ?add=billing|delivery "Ajouter une nouvelle adresse".
    app.get('/checkout', async (req, reply) => {
      const s = await begin(req, reply);
      if (!s) return reply;
      const q = req.query as Record<string, unknown>;
      const edit = roleSchema.safeParse(q.edit);
      const add = roleSchema.safeParse(q.add);
      let mode: AddressMode = null;
      if (edit.success && (edit.data === 'billing' || s.state.selection?.separate)) mode = { kind: 'edit', role: edit.data };
      else if (add.success) mode = { kind: 'add', role: add.data };
      return addressesPage(req, reply, s, mode);
    });

    /**
     * The address forms share one shape: validated by the rules of "Mes adresses", what was typed kept
     * on an error (422), saved in one transaction with the checkout's choice, then back to the
     * addresses with a sentence. `allowed` answers "not found" for a role that has no such form.
     */
    function addressForm(
      path: string,
      o: {
        mode: (role: Role) => AddressMode;
        allowed: (sel: Selection | null, role: Role | null) => boolean;
        save: (tx: Tx, s: { customerId: string; state: CheckoutState }, input: AddressInput, role: Role) => Promise<boolean>;
        done: 'address_saved' | 'address_added';
      },
    ) {
      app.post(path, async (req, reply) => {
        const s = await begin(req, reply);
        if (!s) return reply;
        const parsed = roleSchema.safeParse((req.body as Record<string, unknown>)?.role);
        const role = parsed.success ? parsed.data : null;
        if (!o.allowed(s.state.selection, role)) return notFound(req, reply);
        const mode = o.mode(role ?? 'billing');
        const form = parseAddressForm(req.body, req.locale);
        if (!form.ok) return addressesPage(req, reply, s, mode, form, 422);
        const saved = await deps.db.transaction((tx) => o.save(tx, s, form.data, role ?? 'billing'));
        if (!saved) return addressesPage(req, reply, s, mode, { values: form.values, errors: { _form: addressText(req.locale)('too_many_addresses') } }, 422);
        setFlash(reply, checkoutText(req.locale)(o.done));
        return seeOther(reply, `/${req.locale}/checkout`);
      });
    }

    // The customer's first address: it becomes the default billing and delivery address.
    addressForm('/checkout/address/first', {
      mode: () => ({ kind: 'first' }),
      allowed: () => true,
      done: 'address_saved',
      save: async (tx, s, input) => {
        const r = await createAddress(tx, s.customerId, input);
        if (r.ok) await storeChoice(tx, s.customerId, { billingId: r.address.id, deliveryId: r.address.id, separate: false }, deps.clock.now());
        return r.ok;
      },
    });

    // "Modifier" then "Enregistrer": the selected address of the role changes, in "Mes adresses" too.
    addressForm('/checkout/address/save', {
      mode: (role) => ({ kind: 'edit', role }),
      allowed: (sel, role) => !!sel && (role === 'billing' || (role === 'delivery' && sel.separate)),
      done: 'address_saved',
      save: async (tx, s, input, role) => {
        const sel = s.state.selection!;
        const now = deps.clock.now();
        if (role === 'billing') return !!(await updateAddress(tx, s.customerId, sel.billingId, input, now));
        if (sel.deliveryId !== sel.billingId) return !!(await updateAddress(tx, s.customerId, sel.deliveryId, input, now));
        // A different delivery address was asked for, but it is still the billing record: the
        // edited delivery address becomes a new address, and the billing address stays as it is.
        const r = await createAddress(tx, s.customerId, input);
        if (r.ok) await storeChoice(tx, s.customerId, { ...sel, deliveryId: r.address.id, separate: true }, now);
        return r.ok;
      },
    });

    // "Ajouter une nouvelle adresse": added to "Mes adresses" and selected for the role.
    addressForm('/checkout/address/add', {
      mode: (role) => ({ kind: 'add', role }),
      allowed: (sel, role) => !!sel && !!role,
      done: 'address_added',
      save: async (tx, s, input, role) => {
        const r = await createAddress(tx, s.customerId, input);
        if (r.ok) await storeChoice(tx, s.customerId, chooseFor(s.state.selection!, role, r.address.id), deps.clock.now());
        return r.ok;
      },
    });

    // Another address of "Mes adresses" for the role.
    app.post('/checkout/address/select', async (req, reply) => {
      const s = await begin(req, reply);
      if (!s) return reply;
      const form = selectForm.safeParse(req.body);
      const sel = s.state.selection;
      if (!form.success || !sel || !isUuid(form.data.addressId)) return notFound(req, reply);
      const address = await getAddress(deps.db, s.customerId, form.data.addressId);
      if (!address) return notFound(req, reply);
      await storeChoice(deps.db, s.customerId, chooseFor(sel, form.data.role, address.id), deps.clock.now());
      setFlash(reply, checkoutText(req.locale)('address_selected'));
      return seeOther(reply, href(pageContext(req, reply), '/checkout'));
    });

    // "Utiliser une adresse différente comme adresse de livraison" (separate=1), or back to the billing address (0).
    app.post('/checkout/delivery-address', async (req, reply) => {
      const s = await begin(req, reply);
      if (!s) return reply;
      const form = separateForm.safeParse(req.body);
      const sel = s.state.selection;
      if (!form.success || !sel) return notFound(req, reply);
      const d = s.state.defaults.deliveryId;
      const next: Selection =
        form.data.separate === '1'
          ? { billingId: sel.billingId, deliveryId: sel.separate ? sel.deliveryId : d && s.state.addresses.some((a) => a.id === d) ? d : sel.billingId, separate: true }
          : { billingId: sel.billingId, deliveryId: sel.billingId, separate: false };
      await storeChoice(deps.db, s.customerId, next, deps.clock.now());
      const ctx = pageContext(req, reply);
      // With no other address to show, the delivery form opens at once.
      const target = next.separate && next.deliveryId === next.billingId && s.state.addresses.length === 1 ? `${href(ctx, '/checkout')}?add=delivery#address-form` : `${href(ctx, '/checkout')}#delivery-title`;
      return seeOther(reply, target);
    });

    // Step 2: delivery, per seller.
    app.get('/checkout/delivery', async (req, reply) => {
      const s = await begin(req, reply);
      if (!s) return reply;
      if (!s.state.delivery) return missingAddress(req, reply);
      return sendPage(reply, <DeliveryPage ctx={pageContext(req, reply)} cart={s.cart} delivery={s.state.delivery} now={deps.clock.now()} />);
    });

    function summaryPage(req: FastifyRequest, reply: FastifyReply, s: { cart: CheckoutCart; state: CheckoutState }, error?: string, status = 200) {
      const sel = s.state.selection!;
      return sendPage(
        reply,
        <SummaryPage ctx={pageContext(req, reply)} cart={s.cart} billing={s.state.billing!} delivery={s.state.delivery!} checkoutKey={s.state.row.checkoutKey} seen={fingerprintOf(s.cart, sel)} now={deps.clock.now()} error={error} />,
        status,
      );
    }

    // Step 3: the summary and "Payer".
    app.get('/checkout/summary', async (req, reply) => {
      const s = await begin(req, reply);
      if (!s) return reply;
      if (!s.state.billing || !s.state.delivery) return missingAddress(req, reply);
      return summaryPage(req, reply, s);
    });

    // "Payer": one order and at most one charge per checkout key, whatever is doubled or retried.
    app.post('/checkout/place', async (req, reply) => {
      if (!requireCustomer(req, reply)) return reply;
      const t = checkoutText(req.locale);
      const form = placeForm.safeParse(req.body);
      const result = form.success
        ? await placeOrder(deps, { customerId: req.user!.id, checkoutKey: form.data.checkoutKey, seen: form.data.seen, locale: req.locale })
        : ({ ok: false, code: 'stale_form' } as const);
      faultPoint('checkout.place.after-commit');
      if (result.ok && result.kind === 'pay') return seeOther(reply, result.redirectUrl);
      if (result.ok) return seeOther(reply, `/${req.locale}/checkout/confirmation/${encodeURIComponent(result.number)}`);
      const toCart: PlaceRefusal[] = ['empty_cart', 'out_of_stock', 'unavailable'];
      if (toCart.includes(result.code)) {
        setFlash(reply, result.code === 'out_of_stock' ? t('out_of_stock', { title: result.title ?? '' }) : t(result.code as 'empty_cart' | 'unavailable'));
        return seeOther(reply, `/${req.locale}/cart`);
      }
      if (result.code === 'no_address') return missingAddress(req, reply);
      // The summary again, as it is now (new prices, new key): nothing was placed, nothing charged.
      const s = await begin(req, reply);
      if (!s) return reply;
      if (!s.state.billing || !s.state.delivery) return missingAddress(req, reply);
      if (result.code === 'payment_unavailable') return summaryPage(req, reply, s, t('payment_unavailable'), 503);
      return summaryPage(req, reply, s, t(result.code === 'changed' ? 'changed' : 'stale_form'), 409);
    });

    // Back from the payment page (or still waiting for the bank): whichever of the return and the
    // provider's notification comes first settles the payment; the other changes nothing.
    app.get('/checkout/return/:number', async (req, reply) => {
      if (!requireCustomer(req, reply)) return reply;
      const { number } = req.params as { number: string };
      const found = await findCustomerOrderAndPayment(deps.db, req.user!.id, number);
      if (!found) return notFound(req, reply);
      const { order, latest } = found;
      const confirmation = `/${req.locale}/checkout/confirmation/${encodeURIComponent(order.number)}`;
      if (order.paidAt) return seeOther(reply, confirmation);
      let status = latest?.status ?? 'failed';
      if (latest && status === 'pending') {
        const r = await handleReturn(deps, latest); // the payment just read: not read again
        status = r?.payment?.status ?? status; // the payment as the settlement left it (no second read)
      }
      if (status === 'paid') return seeOther(reply, confirmation);
      return sendPage(reply, <ReturnPage ctx={pageContext(req, reply)} number={order.number} state={status === 'pending' ? 'pending' : 'failed'} />);
    });

    // The confirmation, linking to the order in "Mes Commandes".
    app.get('/checkout/confirmation/:number', async (req, reply) => {
      if (!requireCustomer(req, reply)) return reply;
      const { number } = req.params as { number: string };
      // The customer's order with its seller orders, shops and lines in one read (an unpaid order,
      // sent on to the return page, is read whole too: rare, and one round trip all the same).
      const placed = await loadCustomerPlacedOrder(deps.db, req.user!.id, number);
      if (!placed) return notFound(req, reply);
      const { order } = placed;
      if (!order.paidAt) return seeOther(reply, `/${req.locale}/checkout/return/${encodeURIComponent(order.number)}`);
      const L = req.locale;
      const parts = placed.parts.map((p) => ({
        number: p.number,
        sellerName: p.sellerName,
        sellerSlug: p.sellerSlug,
        itemsCents: p.itemsCents,
        shippingCents: p.shippingCents,
        lines: p.lines.map((l) => ({ brand: l.brand, title: pick(l.title, L), variant: pick(l.variantLabel, L), quantity: l.quantity, unitPriceCents: l.unitPriceCents, totalCents: l.totalCents, imageUrl: l.imageUrl })),
      }));
      return sendPage(reply, <ConfirmationPage ctx={pageContext(req, reply)} order={order} parts={parts} />);
    });

    function missingAddress(req: FastifyRequest, reply: FastifyReply) {
      setFlash(reply, checkoutText(req.locale)('no_address'));
      return seeOther(reply, `/${req.locale}/checkout`);
    }
  };
}

/**
 * The choice after selecting (or adding) an address for a role. While delivery is not separate it
 * follows billing (one record); choosing a delivery address makes delivery separate.
 */
export function chooseFor(sel: Selection, role: Role, addressId: string): Selection {
  if (role === 'billing') return sel.separate ? { ...sel, billingId: addressId } : { billingId: addressId, deliveryId: addressId, separate: false };
  return { billingId: sel.billingId, deliveryId: addressId, separate: true };
}
