import { z } from 'zod';
import { incidentDetail, listForSeller, type IncidentDetail } from '../incidents/queries.js';
import { sellerActions } from '../incidents/rules.js';
import { authoriseReturn, cancelForWithdrawal, markReceived, rejectIncident, sellerRefund, sellerReply, sendReplacement } from '../incidents/seller.js';
import { DecisionRequest, EmptyRequest, Incident, IncidentList, IncidentListQuery, ReplyRequest, type Output } from './contract.js';
import { conversationResource } from './conversations.js';
import { defineOperation, type ApiContext } from './operation.js';
import type { ProblemCode } from './problem-messages.js';
import { fieldError, problem, type ApiResult } from './problems.js';

/** Incidents through the API: the incidents module's seller reads and decisions (incidents/seller.ts). */

const NumberParams = z.object({ number: z.string().regex(/^I-\d{4}-\d{6,}$/).meta({ description: 'The incident’s number, e.g. "I-2026-000042".' }) });
const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
const scopeOf = (ctx: ApiContext) => ({ type: 'seller' as const, sellerId: ctx.caller.sellerId, userId: ctx.caller.userId });
const seller = (ctx: ApiContext) => ({ sellerId: ctx.caller.sellerId, userId: ctx.caller.userId });

function incidentResource(d: IncidentDetail): Output<typeof Incident> {
  const i = d.incident;
  return {
    number: i.number,
    state: i.state,
    reason: i.reason,
    resolution: i.resolution,
    order_number: d.order.number,
    line: { id: d.line.id, sku: d.line.sku, title: d.line.title, quantity: d.line.quantity, total_cents: d.line.totalCents, refunded_cents: d.line.refundedCents, state: d.line.state },
    customer_name: d.customer ? `${d.customer.firstName} ${d.customer.lastName.slice(0, 1)}.` : null,
    created_at: i.createdAt.toISOString(),
    reply_deadline_at: iso(i.replyDeadlineAt),
    refund_due_at: iso(i.refundDueAt),
    resolved_at: iso(i.resolvedAt),
    escalated_at: iso(i.escalatedAt),
    closed_at: iso(i.closedAt),
    decision: {
      by: d.decision.by ?? null,
      note: d.decision.note ?? null,
      return_instructions: d.decision.returnInstructions ?? null,
      return_received_at: iso(d.decision.receivedAt),
      operator_note: d.decision.operatorNote ?? null,
      refunds: (d.decision.refunds ?? []).map((r) => ({ amount_cents: r.amountCents, shipping_cents: r.shippingCents, at: new Date(r.at).toISOString(), by: r.by })),
    },
    photos: d.photos.length,
    available_actions: sellerActions({ ...i, decision: d.decision }, d.line),
    conversation: d.thread ? conversationResource(d.thread) : null,
    timeline: d.timeline.map((e) => ({ type: e.type, actor_type: e.actorType, at: e.at.toISOString() })),
  };
}

const REFUSALS: readonly ProblemCode[] = ['incident_closed', 'transition_not_allowed', 'line_already_sent', 'line_not_sent', 'nothing_to_refund', 'not_awaiting_return', 'already_received'];

/** An incidents use case's answer: the incident as it is now, or a problem with the use case's code. */
async function answer(ctx: ApiContext, number: string, r: { ok: true } | { ok: false; code: string }, textField: string): Promise<ApiResult> {
  if (r.ok) {
    const d = await incidentDetail(ctx.deps, scopeOf(ctx), number);
    return { status: 200, body: incidentResource(d!) };
  }
  if (r.code === 'not_found') return problem(ctx, 'not_found');
  if (r.code === 'empty' || r.code === 'too_long') return problem(ctx, 'validation_failed', { errors: [fieldError(ctx.locale, textField, r.code)] });
  if (r.code === 'invalid_amount' || r.code === 'exceeds_refundable') return problem(ctx, 'validation_failed', { errors: [fieldError(ctx.locale, '/amount_cents', r.code)] });
  if ((REFUSALS as readonly string[]).includes(r.code)) return problem(ctx, r.code as ProblemCode);
  // no_payment, payment_*: the refund could not be made; nothing was kept.
  return problem(ctx, 'refund_not_possible', { detail: r.code });
}

export const incidentOperations = [
  defineOperation({
    id: 'listIncidents',
    method: 'GET',
    path: '/incidents',
    tag: 'incidents',
    summary: 'List incidents',
    scope: 'read',
    query: IncidentListQuery,
    responses: { 200: { description: 'The incidents.', schema: IncidentList } },
    problems: [],
    handle: async (ctx, { query }) => {
      const rows = await listForSeller(ctx.deps.db, ctx.caller.sellerId, { closed: query.state === 'closed' });
      const body: Output<typeof IncidentList> = {
        data: rows.map((r) => ({
          number: r.number,
          state: r.state,
          reason: r.reason,
          resolution: r.resolution,
          order_number: r.orderNumber,
          article: r.title,
          customer_name: r.customerName,
          created_at: r.createdAt.toISOString(),
          reply_deadline_at: iso(r.replyDeadlineAt),
          refund_due_at: iso(r.refundDueAt),
        })),
      };
      return { status: 200, body };
    },
  }),
  defineOperation({
    id: 'getIncident',
    method: 'GET',
    path: '/incidents/{number}',
    tag: 'incidents',
    summary: 'Read an incident with its conversation',
    scope: 'read',
    params: NumberParams,
    responses: { 200: { description: 'The incident.', schema: Incident } },
    problems: [],
    handle: async (ctx, { params }) => {
      const d = await incidentDetail(ctx.deps, scopeOf(ctx), params.number);
      return d ? { status: 200, body: incidentResource(d) } : problem(ctx, 'not_found');
    },
  }),
  defineOperation({
    id: 'replyToIncident',
    method: 'POST',
    path: '/incidents/{number}/reply',
    tag: 'incidents',
    summary: 'Reply in the incident’s conversation',
    description: 'The customer is told; an open incident then awaits the customer.',
    scope: 'read_write',
    params: NumberParams,
    body: ReplyRequest,
    responses: { 200: { description: 'The incident after the reply.', schema: Incident } },
    problems: ['incident_closed'],
    handle: async (ctx, { params, body }) => answer(ctx, params.number, await sellerReply(ctx.deps, seller(ctx), { number: params.number, body: body.body }), '/body'),
  }),
  defineOperation({
    id: 'decideIncident',
    method: 'POST',
    path: '/incidents/{number}/decide',
    tag: 'incidents',
    summary: 'Decide: refund, cancel, authorise a return, replace, or reject',
    scope: 'read_write',
    params: NumberParams,
    body: DecisionRequest,
    responses: { 200: { description: 'The incident after the decision.', schema: Incident } },
    problems: [...REFUSALS, 'refund_not_possible'],
    handle: async (ctx, { params, body }) => {
      const s = seller(ctx);
      const number = params.number;
      switch (body.decision) {
        case 'refund':
          return answer(ctx, number, await sellerRefund(ctx.deps, s, { number, amount: body.amount_cents ?? 'full', key: `api:${ctx.caller.keyId}:${ctx.idempotencyKey}`, note: body.note }), '/note');
        case 'cancel':
          return answer(ctx, number, await cancelForWithdrawal(ctx.deps, s, { number }), '/decision');
        case 'return_authorised':
          return answer(ctx, number, await authoriseReturn(ctx.deps, s, { number, instructions: body.instructions }), '/instructions');
        case 'replacement':
          return answer(ctx, number, await sendReplacement(ctx.deps, s, { number, note: body.note }), '/note');
        case 'rejected':
          return answer(ctx, number, await rejectIncident(ctx.deps, s, { number, reason: body.reason }), '/reason');
      }
    },
  }),
  defineOperation({
    id: 'markReturnReceived',
    method: 'POST',
    path: '/incidents/{number}/return-received',
    tag: 'incidents',
    summary: 'Mark the returned article received',
    description: 'After an authorised return; then refund with `decide`.',
    scope: 'read_write',
    params: NumberParams,
    body: EmptyRequest,
    bodyOptional: true,
    responses: { 200: { description: 'The incident.', schema: Incident } },
    problems: ['incident_closed', 'not_awaiting_return', 'already_received'],
    handle: async (ctx, { params }) => answer(ctx, params.number, await markReceived(ctx.deps, seller(ctx), { number: params.number }), '/'),
  }),
];
