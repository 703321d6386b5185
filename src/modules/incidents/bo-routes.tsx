import { desc, eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../deps.js';
import { operatorMenu } from '../../faces/operator.js';
import { sellerMenu } from '../../faces/seller.js';
import { pageContext, setFlash } from '../../http/context.js';
import { notFound } from '../../http/errors.js';
import { parseForm, type FormValues } from '../../http/forms.js';
import { seeOther, sendPage } from '../../http/render.js';
import { formatMoney } from '../../i18n/index.js';
import { MESSAGE_MAX } from '../messaging/schema.js';
import { markRead } from '../messaging/threads.js';
import { auditLog, operatorUsers } from '../operators/schema.js';
import { orderLines, sellerOrders } from '../orders/schema.js';
import { IncidentListPage, OperatorIncidentPage, SellerIncidentPage, type BoFormState } from './bo-views.js';
import { incidentText, type IncidentTextKey } from './messages.js';
import { operatorDecide, operatorMessage } from './operator.js';
import { incidentDetail, incidentPhoto, listForOperator, listForSeller } from './queries.js';
import { parseEuros, sellerActions } from './rules.js';
import { sendPhoto } from './routes.js';
import { authoriseReturn, cancelForWithdrawal, markReceived, rejectIncident, sellerRefund, sellerReply, sendReplacement, type SellerRef } from './seller.js';
import type { Scope } from './store.js';

/**
 * The incidents pages of the back offices:
 *   /vendeur/incidents[/<number>[/<action>]]   the seller's incidents (scoped to req.seller.sellerId)
 *   /admin/incidents[/<number>[/<action>]]     customer service's queue
 */

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = z.string().trim().max(MESSAGE_MAX).optional();
const bodyForm = z.object({ body: text(MESSAGE_MAX) });
const returnForm = z.object({ instructions: text(MESSAGE_MAX) });
const noteForm = z.object({ note: optionalText });
const rejectForm = z.object({ reason: text(MESSAGE_MAX) });
const refundForm = z.object({ mode: z.enum(['full', 'partial', 'none']).default('full'), amount: z.string().trim().max(20).optional(), key: z.string().uuid(), note: optionalText });
const decideForm = z.object({ note: text(MESSAGE_MAX), mode: z.enum(['full', 'partial', 'none']).default('none'), amount: z.string().trim().max(20).optional(), key: z.string().uuid() });

type Outcome = { ok: true; amountCents?: number } | { ok: false; code: string };

/** The amount a refund form asks for: everything left, or the typed euros (null when they are not an amount). */
function amountOf(form: { mode: string; amount?: string }): number | 'full' | null | 'none' {
  if (form.mode === 'none') return 'none';
  if (form.mode === 'full') return 'full';
  return parseEuros(form.amount ?? '');
}

/** Where a refusal is shown: beside its field, or (null) at the top of the action's form. */
const TEXT_FIELD: Record<string, string> = { reply: 'body', message: 'body', return: 'instructions', reject: 'reason', decide: 'note', replacement: 'note', refund: 'note' };
function fieldOf(code: string, action: string): string | null {
  if (code === 'invalid_amount' || code === 'exceeds_refundable' || code === 'payment_exceeds_refundable') return 'amount';
  if (code === 'empty' || code === 'too_long') return TEXT_FIELD[action] ?? null;
  return null;
}

function boFaceRoutes(deps: Deps, face: 'seller' | 'operator') {
  const base = face === 'seller' ? '/vendeur/incidents' : '/admin/incidents';
  const scopeOf = (req: FastifyRequest): Scope =>
    face === 'seller' ? { type: 'seller', sellerId: req.seller!.sellerId, userId: req.seller!.id } : { type: 'operator', operatorId: req.operator!.id };
  const menuOf = (req: FastifyRequest, reply: FastifyReply) => {
    const ctx = pageContext(req, reply);
    return { ctx, menu: face === 'seller' ? sellerMenu(ctx) : operatorMenu(ctx) };
  };

  async function showIncident(req: FastifyRequest, reply: FastifyReply, form: BoFormState, status = 200) {
    const { number } = req.params as { number: string };
    const scope = scopeOf(req);
    const d = await incidentDetail(deps, scope, number);
    if (!d) return notFound(req, reply);
    const { ctx, menu } = menuOf(req, reply);
    const now = deps.clock.now();
    if (face === 'seller') {
      if (d.thread && req.method === 'GET') await markRead(deps, d.thread.id, { type: 'seller', sellerId: req.seller!.sellerId });
      const [so] = await deps.db.select({ shippingCents: sellerOrders.shippingCents, shippingRefundedCents: sellerOrders.shippingRefundedCents }).from(sellerOrders).where(eq(sellerOrders.id, d.line.sellerOrderId));
      const lineStates = await deps.db.select({ id: orderLines.id, state: orderLines.state }).from(orderLines).where(eq(orderLines.sellerOrderId, d.line.sellerOrderId));
      const actions = sellerActions({ ...d.incident, decision: d.decision }, d.line);
      return sendPage(reply, <SellerIncidentPage ctx={ctx} menu={menu} d={d} actions={actions} form={form} now={now} sellerOrder={{ ...so!, lineStates }} />, status);
    }
    const audit = await deps.db
      .select({ action: auditLog.action, at: auditLog.at, operator: operatorUsers.name })
      .from(auditLog)
      .leftJoin(operatorUsers, eq(operatorUsers.id, auditLog.operatorId))
      .where(eq(auditLog.subjectId, d.incident.number))
      .orderBy(desc(auditLog.at));
    return sendPage(reply, <OperatorIncidentPage ctx={ctx} menu={menu} d={d} form={form} now={now} audit={audit.filter((a) => a.action.startsWith('incident.'))} />, status);
  }

  /** A use case's outcome: flash and back to the incident, or the page again with the refusal beside the action. */
  async function answer(req: FastifyRequest, reply: FastifyReply, action: string, r: Outcome, values: FormValues, flash: string) {
    const { number } = req.params as { number: string };
    if (r.ok) {
      setFlash(reply, flash);
      return seeOther(reply, `${base}/${number}`);
    }
    if (r.code === 'not_found') return notFound(req, reply);
    const t = incidentText(req.locale);
    const key = r.code.startsWith('payment_') ? 'payment_refused' : r.code;
    const message = t(key as IncidentTextKey, { code: r.code });
    const field = fieldOf(r.code, action);
    return showIncident(req, reply, field ? { action, values, errors: { [field]: message } } : { action, values, formError: message }, 422);
  }

  /** Parses an action's form; a refused form is shown again beside that action, with what was typed. */
  function parsed<S extends z.ZodType>(req: FastifyRequest, schema: S) {
    return parseForm(schema, req.body, req.locale);
  }

  return async function (app: FastifyInstance) {
    app.get('/incidents', async (req, reply) => {
      const closed = (req.query as { closed?: string }).closed === '1';
      const rows = face === 'seller' ? await listForSeller(deps.db, req.seller!.sellerId, { closed }) : await listForOperator(deps.db, { closed });
      const { ctx, menu } = menuOf(req, reply);
      return sendPage(reply, <IncidentListPage ctx={ctx} menu={menu} face={face} rows={rows} closed={closed} now={deps.clock.now()} />);
    });

    app.get('/incidents/:number', async (req, reply) => showIncident(req, reply, {}));

    app.get('/incidents/:number/photos/:photoId', async (req, reply) => {
      const { number, photoId } = req.params as { number: string; photoId: string };
      return sendPhoto(reply, await incidentPhoto(deps.db, scopeOf(req), number, photoId), req);
    });

    const post = (action: string, handler: (req: FastifyRequest, reply: FastifyReply, number: string) => Promise<unknown>) =>
      app.post(`/incidents/:number/${action}`, async (req, reply) => handler(req, reply, (req.params as { number: string }).number));

    if (face === 'seller') {
      const seller = (req: FastifyRequest): SellerRef => ({ sellerId: req.seller!.sellerId, userId: req.seller!.id });
      const t = (req: FastifyRequest) => incidentText(req.locale);

      post('reply', async (req, reply, number) => {
        const form = parsed(req, bodyForm);
        if (!form.ok) return showIncident(req, reply, { action: 'reply', values: form.values, errors: form.errors }, 422);
        return answer(req, reply, 'reply', await sellerReply(deps, seller(req), { number, body: form.data.body }), form.values, t(req)('sent_flash'));
      });
      post('cancel', async (req, reply, number) => {
        const r = await cancelForWithdrawal(deps, seller(req), { number });
        return answer(req, reply, 'cancel', r, {}, r.ok ? t(req)('refunded_flash', { amount: formatMoney(r.amountCents ?? 0, req.locale) }) : '');
      });
      post('return', async (req, reply, number) => {
        const form = parsed(req, returnForm);
        if (!form.ok) return showIncident(req, reply, { action: 'return', values: form.values, errors: form.errors }, 422);
        return answer(req, reply, 'return', await authoriseReturn(deps, seller(req), { number, instructions: form.data.instructions }), form.values, t(req)('done_flash'));
      });
      post('received', async (req, reply, number) => answer(req, reply, 'received', await markReceived(deps, seller(req), { number }), {}, t(req)('done_flash')));
      post('refund', async (req, reply, number) => {
        const form = parsed(req, refundForm);
        if (!form.ok) return showIncident(req, reply, { action: 'refund', values: form.values, errors: form.errors }, 422);
        const amount = amountOf(form.data);
        if (amount === null || amount === 'none') return showIncident(req, reply, { action: 'refund', values: form.values, errors: { amount: t(req)('invalid_amount') } }, 422);
        const r = await sellerRefund(deps, seller(req), { number, amount, key: form.data.key, note: form.data.note });
        return answer(req, reply, 'refund', r, form.values, r.ok ? t(req)('refunded_flash', { amount: formatMoney(r.amountCents ?? 0, req.locale) }) : '');
      });
      post('replacement', async (req, reply, number) => {
        const form = parsed(req, noteForm);
        if (!form.ok) return showIncident(req, reply, { action: 'replacement', values: form.values, errors: form.errors }, 422);
        return answer(req, reply, 'replacement', await sendReplacement(deps, seller(req), { number, note: form.data.note }), form.values, t(req)('done_flash'));
      });
      post('reject', async (req, reply, number) => {
        const form = parsed(req, rejectForm);
        if (!form.ok) return showIncident(req, reply, { action: 'reject', values: form.values, errors: form.errors }, 422);
        return answer(req, reply, 'reject', await rejectIncident(deps, seller(req), { number, reason: form.data.reason }), form.values, t(req)('done_flash'));
      });
    } else {
      const t = (req: FastifyRequest) => incidentText(req.locale);
      post('message', async (req, reply, number) => {
        const form = parsed(req, bodyForm);
        if (!form.ok) return showIncident(req, reply, { action: 'message', values: form.values, errors: form.errors }, 422);
        return answer(req, reply, 'message', await operatorMessage(deps, { operatorId: req.operator!.id, number, body: form.data.body }), form.values, t(req)('op_sent_flash'));
      });
      post('decide', async (req, reply, number) => {
        const form = parsed(req, decideForm);
        if (!form.ok) return showIncident(req, reply, { action: 'decide', values: form.values, errors: form.errors }, 422);
        const amount = amountOf(form.data);
        if (amount === null) return showIncident(req, reply, { action: 'decide', values: form.values, errors: { amount: t(req)('invalid_amount') } }, 422);
        const d = amount === 'full' ? await incidentDetail(deps, scopeOf(req), number) : null;
        const cents = amount === 'none' ? null : amount === 'full' ? (d ? d.line.totalCents - d.line.refundedCents : 0) : amount;
        const r = await operatorDecide(deps, { operatorId: req.operator!.id, number, note: form.data.note, amountCents: cents, key: form.data.key });
        return answer(req, reply, 'decide', r, form.values, t(req)('op_decided_flash'));
      });
    }
  };
}

export const incidentSellerRoutes = (deps: Deps) => boFaceRoutes(deps, 'seller');
export const incidentOperatorRoutes = (deps: Deps) => boFaceRoutes(deps, 'operator');
