import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../deps.js';
import { pageContext, setFlash } from '../../http/context.js';
import { notFound } from '../../http/errors.js';
import { parseForm, type FieldErrors, type FormValues } from '../../http/forms.js';
import { seeOther, sendCustomerPage, sendPage } from '../../http/render.js';
import { formatMoney } from '../../i18n/index.js';
import { href } from '../../ui/layout.js';
import { requireCustomer } from '../accounts/routes.js';
import { refreshCategoryNav } from '../catalog/nav.js';
import { CARRIERS } from './carriers.js';
import { RESEND_LIMIT, resendConfirmation } from './confirmation.js';
import { readDeadlines } from './deadlines.js';
import { acceptLines, deliverLines, refuseLines, shipLines, type FulfilmentResult, type SellerRef } from './fulfilment.js';
import { ordersText } from './messages.js';
import { cursorText, isSellerFilter, listCustomerOrders, listSellerOrders, loadCustomerOrder, loadSellerOrder, parseCursor } from './queries.js';
import { SellerOrderPage, SellerOrdersPage } from './seller-views.js';
import { OrderPage, OrdersPage } from './views.js';

type NumberParams = { Params: { number: string } };
const NUMBER = /^[A-Za-z0-9-]{1,40}$/;

/** "Mes Commandes" and "Voir la commande" in the storefront (under /:locale/account/orders). */
export function customerOrderRoutes(deps: Deps) {
  return async function (app: FastifyInstance) {
    app.get('/account/orders', async (req, reply) => {
      if (!requireCustomer(req, reply)) return reply;
      const q = req.query as { before?: string; after?: string };
      // Kept in memory for this customer until their orders change (decision 0031). Rendered after the
      // cache's round trip: the category bar is read again if a category changed meanwhile.
      return sendCustomerPage(req, reply, async (ctx) => {
        await refreshCategoryNav(deps);
        const page = await listCustomerOrders(deps.db, req.user!.id, { before: parseCursor(q.before), after: parseCursor(q.after) });
        return <OrdersPage ctx={ctx} page={page} />;
      });
    });

    const showOrder = async (req: FastifyRequest<NumberParams>, reply: FastifyReply, status = 200, resendError: string | null = null) => {
      const data = NUMBER.test(req.params.number) ? await loadCustomerOrder(deps, req.user!.id, req.params.number) : null;
      // Another customer's number answers exactly like a number that does not exist.
      if (!data) return notFound(req, reply);
      return sendPage(reply, <OrderPage ctx={pageContext(req, reply)} data={data} resendError={resendError} />, status);
    };

    app.get<NumberParams>('/account/orders/:number', async (req, reply) => {
      if (!requireCustomer(req, reply)) return reply;
      return showOrder(req, reply);
    });

    app.post<NumberParams>('/account/orders/:number/resend-confirmation', async (req, reply) => {
      if (!requireCustomer(req, reply)) return reply;
      const t = ordersText(req.locale);
      if (!NUMBER.test(req.params.number)) return notFound(req, reply);
      const r = await resendConfirmation(deps, { customerId: req.user!.id, number: req.params.number });
      if (!r.ok) {
        if (r.code === 'not_found') return notFound(req, reply);
        return showOrder(req, reply, r.code === 'too_many' ? 429 : 409, r.code === 'too_many' ? t('resend_limited', { max: RESEND_LIMIT }) : t('resend_not_paid'));
      }
      setFlash(reply, t('resend_done', { email: r.to }));
      return seeOther(reply, href({ locale: req.locale }, `/account/orders/${encodeURIComponent(req.params.number)}`));
    });
  };
}

// ---------------------------------------------------------------------------------------------
// /vendeur/orders

const lineIds = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

const acceptForm = z.object({ lines: lineIds });
const refuseForm = z.object({ lines: lineIds, reason: z.enum(['out_of_stock', 'cannot_ship', 'other']) });
const shipForm = z.object({ lines: lineIds, carrier: z.enum(CARRIERS), tracking: z.string().trim().min(1).max(60) });
const deliverForm = z.object({ lines: lineIds });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The seller's orders in /vendeur: the list by status, one order with its actions. */
export function sellerOrderRoutes(deps: Deps) {
  return async function (app: FastifyInstance) {
    app.get('/orders', async (req, reply) => {
      const q = req.query as { status?: string; after?: string };
      const filter = isSellerFilter(q.status) ? q.status : 'to_handle';
      const after = parseCursor(q.after);
      const [list, deadlines] = await Promise.all([listSellerOrders(deps.db, req.seller!.sellerId, filter, after), readDeadlines(deps.db)]);
      return sendPage(
        reply,
        <SellerOrdersPage
          ctx={pageContext(req, reply)}
          filter={filter}
          items={list.items}
          next={list.next ? cursorText(list.next) : null}
          paged={!!after}
          now={deps.clock.now()}
          deadlines={deadlines}
        />,
      );
    });

    const showSellerOrder = async (req: FastifyRequest<NumberParams>, reply: FastifyReply, opts: { status?: number; error?: string | null; values?: FormValues; errors?: FieldErrors } = {}) => {
      const view = NUMBER.test(req.params.number) ? await loadSellerOrder(deps.db, req.seller!.sellerId, req.params.number) : null;
      // Another seller's order answers exactly like one that does not exist.
      if (!view) return notFound(req, reply);
      const deadlines = await readDeadlines(deps.db);
      return sendPage(
        reply,
        <SellerOrderPage ctx={pageContext(req, reply)} view={view} now={deps.clock.now()} deadlines={deadlines} error={opts.error} values={opts.values} errors={opts.errors} />,
        opts.status ?? 200,
      );
    };

    app.get<NumberParams>('/orders/:number', async (req, reply) => showSellerOrder(req, reply));

    /** Turns a use case's answer into a page: 404, the same page with the reason (nothing lost), or 303 + flash. */
    const answer = async (req: FastifyRequest<NumberParams>, reply: FastifyReply, r: FulfilmentResult, ok: (r: Extract<FulfilmentResult, { ok: true }>) => string, values: FormValues) => {
      const t = ordersText(req.locale);
      if (r.ok) {
        setFlash(reply, ok(r));
        return seeOther(reply, `/vendeur/orders/${encodeURIComponent(req.params.number)}`);
      }
      switch (r.code) {
        case 'not_found':
          return notFound(req, reply);
        case 'nothing_selected':
          return showSellerOrder(req, reply, { status: 422, values, errors: { lines: t('nothing_selected') } });
        case 'tracking_invalid':
          return showSellerOrder(req, reply, { status: 422, values, errors: { tracking: t('tracking_invalid') } });
        default:
          return showSellerOrder(req, reply, { status: 409, values, error: t('changed', { status: r.state ? t(`status_${r.state}`) : '—' }) });
      }
    };

    const seller = (req: FastifyRequest): SellerRef => ({ sellerId: req.seller!.sellerId, userId: req.seller!.id });
    /** The typed values to show again: the checked lines travel as one comma-separated value. */
    const keep = (values: FormValues, lines: string[]) => ({ ...values, lines: lines.join(',') });
    const known = (ids: string[]) => ids.every((id) => UUID.test(id));

    app.post<NumberParams>('/orders/:number/accept', async (req, reply) => {
      const t = ordersText(req.locale);
      const form = parseForm(acceptForm, req.body, req.locale);
      if (!form.ok || !known(form.data.lines)) return notFound(req, reply);
      const r = await acceptLines(deps, { seller: seller(req), number: req.params.number, lineIds: form.data.lines.length ? form.data.lines : undefined });
      return answer(req, reply, r, (ok) => t('flash_accepted', { n: ok.lines.length }), form.values);
    });

    app.post<NumberParams>('/orders/:number/refuse', async (req, reply) => {
      const t = ordersText(req.locale);
      const form = parseForm(refuseForm, req.body, req.locale);
      if (!form.ok) return showSellerOrder(req, reply, { status: 422, error: Object.values(form.errors)[0] ?? null });
      if (!known(form.data.lines)) return notFound(req, reply);
      const r = await refuseLines(deps, { seller: seller(req), number: req.params.number, lineIds: form.data.lines, reason: form.data.reason });
      return answer(req, reply, r, (ok) => t('flash_refused', { amount: formatMoney(ok.refundedCents, req.locale) }), form.values);
    });

    app.post<NumberParams>('/orders/:number/ship', async (req, reply) => {
      const t = ordersText(req.locale);
      const body = req.body as Record<string, unknown>;
      const form = parseForm(shipForm, body, req.locale, () => t('tracking_invalid'));
      const lines = lineIds.parse(body?.lines);
      if (!form.ok) {
        const errors = { ...form.errors, ...(form.errors.tracking ? { tracking: t('tracking_invalid') } : {}) };
        return showSellerOrder(req, reply, { status: 422, values: keep(form.values, lines), errors });
      }
      if (!known(form.data.lines)) return notFound(req, reply);
      const r = await shipLines(deps, { seller: seller(req), number: req.params.number, lineIds: form.data.lines, carrier: form.data.carrier, trackingNumber: form.data.tracking });
      return answer(req, reply, r, () => t('flash_shipped'), keep(form.values, lines));
    });

    app.post<NumberParams>('/orders/:number/deliver', async (req, reply) => {
      const t = ordersText(req.locale);
      const form = parseForm(deliverForm, req.body, req.locale);
      if (!form.ok || !known(form.data.lines)) return notFound(req, reply);
      if (form.data.lines.length === 0) return showSellerOrder(req, reply, { status: 422, error: t('nothing_selected') });
      const r = await deliverLines(deps, { seller: seller(req), number: req.params.number, lineIds: form.data.lines });
      return answer(req, reply, r, () => t('flash_delivered'), form.values);
    });
  };
}
