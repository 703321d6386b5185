import { z } from 'zod';
import { getThread, listThreadsForSeller, parseCursor, type ThreadDetail } from '../messaging/queries.js';
import { postMessage } from '../messaging/threads.js';
import { Conversation, ConversationList, ListQuery, ReplyRequest, type Output } from './contract.js';
import { defineOperation, type ApiContext } from './operation.js';
import { badCursor, fieldError, problem } from './problems.js';

/** Conversations through the API: the messaging module's seller list, thread and postMessage. */

export function conversationResource(t: ThreadDetail): Output<typeof Conversation> {
  return {
    id: t.id,
    kind: t.kind,
    subject: t.subject,
    order_line_id: t.orderLineId,
    incident_id: t.incidentId,
    customer: { first_name: t.customer.firstName, last_name: t.customer.lastName },
    product: t.product ? { slug: t.product.slug, brand: t.product.brand, title: t.product.title } : null,
    created_at: t.createdAt.toISOString(),
    awaiting_answer_since: t.awaitingSellerSince ? t.awaitingSellerSince.toISOString() : null,
    messages: t.messages.map((m) => ({ id: m.id, author_type: m.authorType, author_name: m.authorName, body: m.body, created_at: m.createdAt.toISOString() })),
  };
}

const viewer = (ctx: ApiContext) => ({ type: 'seller' as const, sellerId: ctx.caller.sellerId });
const IdParams = z.object({ id: z.uuid().meta({ description: 'The conversation’s id.' }) });

export const conversationOperations = [
  defineOperation({
    id: 'listConversations',
    method: 'GET',
    path: '/conversations',
    tag: 'conversations',
    summary: 'List conversations',
    description: 'Every conversation of the shop with its customers, latest activity first.',
    scope: 'read',
    query: ListQuery,
    responses: { 200: { description: 'A page of conversations.', schema: ConversationList } },
    problems: [],
    handle: async (ctx, { query }) => {
      const inner = query.cursor ? Buffer.from(query.cursor, 'base64url').toString() : null;
      const before = inner ? parseCursor(inner) : null;
      if (query.cursor && !before) return badCursor(ctx);
      const page = await listThreadsForSeller(ctx.deps.db, ctx.caller.sellerId, { before, limit: query.limit ?? 30 });
      const body: Output<typeof ConversationList> = {
        data: page.rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          subject: r.subject,
          product: r.productSlug && r.productTitle ? { slug: r.productSlug, brand: r.brand ?? '', title: r.productTitle } : null,
          customer_name: r.customerName,
          created_at: r.createdAt.toISOString(),
          last_message_at: r.lastMessageAt.toISOString(),
          last_message_by: r.lastMessageBy,
          awaiting_answer_since: r.awaitingSellerSince ? r.awaitingSellerSince.toISOString() : null,
          unread: r.unread,
          preview: r.preview,
        })),
        next_cursor: page.next ? Buffer.from(page.next).toString('base64url') : null,
      };
      return { status: 200, body };
    },
  }),
  defineOperation({
    id: 'getConversation',
    method: 'GET',
    path: '/conversations/{id}',
    tag: 'conversations',
    summary: 'Read a conversation',
    scope: 'read',
    params: IdParams,
    responses: { 200: { description: 'The conversation with its messages.', schema: Conversation } },
    problems: [],
    handle: async (ctx, { params }) => {
      const t = await getThread(ctx.deps.db, params.id, viewer(ctx));
      return t ? { status: 200, body: conversationResource(t) } : problem(ctx, 'not_found');
    },
  }),
  defineOperation({
    id: 'replyToConversation',
    method: 'POST',
    path: '/conversations/{id}/messages',
    tag: 'conversations',
    summary: 'Reply to the customer',
    description: 'The customer is told by email, in their language. The reply answers a waiting question.',
    scope: 'read_write',
    params: IdParams,
    body: ReplyRequest,
    responses: { 201: { description: 'The conversation with the new message.', schema: Conversation } },
    problems: [],
    handle: async (ctx, { params, body }) => {
      const r = await postMessage(ctx.deps, { threadId: params.id, author: { type: 'seller', sellerId: ctx.caller.sellerId, userId: ctx.caller.userId }, body: body.body });
      if (!r.ok) {
        if (r.code === 'not_found') return problem(ctx, 'not_found');
        const code = r.code === 'empty' || r.code === 'too_long' ? r.code : 'invalid';
        return problem(ctx, 'validation_failed', { errors: [fieldError(ctx.locale, '/body', code)] });
      }
      const t = await getThread(ctx.deps.db, params.id, viewer(ctx));
      return { status: 201, body: conversationResource(t!) };
    },
  }),
];
