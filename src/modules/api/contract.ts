import { z } from 'zod';
import { CARRIERS } from '../orders/carriers.js';
import { MESSAGE_MAX } from '../messaging/schema.js';
import { LINE_STATES } from '../orders/line-lifecycle.js';
import { WEBHOOK_EVENTS } from './schema.js';

/**
 * The seller API's contract: every request body, query, response and webhook payload as a zod schema.
 * Routes validate requests with these schemas, handlers build answers typed by them, and
 * openapi.ts turns them into the OpenAPI 3.1 document (decision 0019). Names given with `named()`
 * become `components/schemas` in the document. JSON fields are snake_case; money is integer cents
 * (EUR, VAT included); times are RFC 3339 in UTC.
 */

/** Schemas that appear by name in the document (components/schemas), request and response side apart. */
export const requestSchemas = z.registry<{ id: string; description?: string }>();
export const responseSchemas = z.registry<{ id: string; description?: string }>();

function named<T extends z.ZodType>(side: 'request' | 'response' | 'both', id: string, description: string, schema: T): T {
  if (side !== 'response') requestSchemas.add(schema, { id, description });
  if (side !== 'request') responseSchemas.add(schema, { id, description });
  return schema;
}

/** The longest text anyone may write (messages, notes, instructions): the messaging module's limit. */
export const MESSAGE_MAX_LENGTH = MESSAGE_MAX;

const cents = (description: string) => z.int().min(0).meta({ description });
const time = (description: string) => z.iso.datetime().meta({ description });
const nullableTime = (description: string) => z.iso.datetime().nullable().meta({ description });

export const I18nText = named('response', 'I18nText', 'A text in the storefront’s three languages.', z.object({ fr: z.string(), nl: z.string(), en: z.string() }));

// ------------------------------------------------------------------------------------ problems

export const FieldError = named(
  'response',
  'FieldError',
  'One thing wrong with the request: where (a JSON pointer into the body, or the query parameter’s name), a stable code and a sentence.',
  z.object({
    path: z.string().meta({ description: 'JSON pointer into the body ("/offers/3/price_cents"), or "query:<name>" / "header:<name>".' }),
    code: z.string().meta({ description: 'Stable snake_case code, e.g. required, invalid_type, too_small, too_big, unknown_field, not_found, compare_above.' }),
    message: z.string(),
    index: z.int().min(0).optional().meta({ description: 'Bulk requests: the position of the row in the array.' }),
    id: z.string().optional().meta({ description: 'Bulk requests: the id given in that row.' }),
  }),
);

export const Problem = named(
  'response',
  'Problem',
  'An error, as application/problem+json (RFC 9457). `code` is stable; `title` and `detail` are for people and follow Accept-Language (fr, nl, en).',
  z.object({
    type: z.string().meta({ description: 'A URL of this API’s reference page, at the section about the code.' }),
    title: z.string(),
    status: z.int(),
    code: z.string().meta({ description: 'Stable snake_case code (see the reference page for the list).' }),
    detail: z.string().optional(),
    errors: z.array(FieldError).optional(),
    request_id: z.string(),
  }),
);

// ------------------------------------------------------------------------------------ orders

export const SELLER_ORDER_STATUSES = ['paid', 'preparing', 'shipped', 'delivered', 'closed', 'cancelled', 'refunded'] as const;
export const SellerOrderStatus = z.enum(SELLER_ORDER_STATUSES).meta({
  description: 'Derived from the lines: the least advanced live line; cancelled/refunded when no line is live.',
});

export const OrderListQuery = z.strictObject({
  status: z
    .string()
    .regex(new RegExp(`^(${SELLER_ORDER_STATUSES.join('|')})(,(${SELLER_ORDER_STATUSES.join('|')}))*$`))
    .optional()
    .meta({ description: 'Comma-separated statuses, e.g. "paid,preparing". All paid orders when absent.' }),
  updated_since: z.iso.datetime({ offset: true }).optional().meta({ description: 'Only seller orders changed at or after this time (any line accepted, shipped, cancelled…).' }),
  limit: z.coerce.number().int().min(1).max(200).optional().meta({ description: 'Page size, 1–200 (default 50).' }),
  cursor: z.string().max(200).optional().meta({ description: 'The `next_cursor` of the previous page.' }),
});

export const SellerOrderSummary = named(
  'response',
  'SellerOrderSummary',
  'A seller order in a list.',
  z.object({
    number: z.string().meta({ description: 'The seller order’s number, e.g. "C-2026-000123-1".' }),
    order_number: z.string(),
    status: SellerOrderStatus,
    customer_name: z.string(),
    quantity: z.int().min(0),
    total_cents: cents('Articles plus shipping of this seller order.'),
    currency: z.literal('EUR'),
    created_at: time('When the customer placed the order.'),
    paid_at: time('When the payment arrived: the seller’s clock starts here.'),
    updated_at: time('The last change of any of its lines.'),
  }),
);

export const SellerOrderList = named(
  'response',
  'SellerOrderList',
  'A page of seller orders, least recently changed first (keyset pagination on updated_at).',
  z.object({ data: z.array(SellerOrderSummary), next_cursor: z.string().nullable() }),
);

export const DeliveryAddress = named(
  'response',
  'DeliveryAddress',
  'Where to send the parcel: a frozen copy taken when the order was placed.',
  z.object({
    first_name: z.string(),
    last_name: z.string(),
    company: z.string().nullable(),
    street: z.string(),
    house_number: z.string(),
    box: z.string().nullable(),
    postal_code: z.string(),
    city: z.string(),
    country: z.string().meta({ description: 'ISO 3166-1 alpha-2.' }),
    phone: z.string().nullable(),
  }),
);

export const OrderLine = named(
  'response',
  'OrderLine',
  'An article of a seller order: the unit of fulfilment, refunds and incidents.',
  z.object({
    id: z.uuid(),
    offer_id: z.uuid().nullable(),
    sku: z.string(),
    brand: z.string(),
    title: I18nText,
    variant: I18nText,
    quantity: z.int().min(1),
    unit_price_cents: cents('VAT included.'),
    vat_rate_bps: z.int().meta({ description: 'VAT rate in basis points (2100 = 21 %).' }),
    total_cents: cents('quantity × unit_price_cents.'),
    refunded_cents: cents('Refunded so far.'),
    state: z.enum(LINE_STATES),
    carrier: z.string().nullable(),
    tracking_number: z.string().nullable(),
    accepted_at: nullableTime('Accepted by the seller.'),
    shipped_at: nullableTime('Shipped.'),
    delivered_at: nullableTime('Delivered.'),
    cancelled_at: nullableTime('Cancelled (refused, withdrawn, not accepted in time).'),
  }),
);

export const SELLER_ACTIONS = ['accept', 'refuse', 'ship', 'deliver'] as const;

export const SellerOrder = named(
  'response',
  'SellerOrder',
  'One seller order with its lines and delivery address (never the billing address, never other sellers’ lines).',
  z.object({
    number: z.string(),
    order_number: z.string(),
    status: SellerOrderStatus,
    currency: z.literal('EUR'),
    items_cents: cents('The articles.'),
    shipping_cents: cents('The shipping fee charged for this seller order.'),
    shipping_refunded_cents: cents('Shipping refunded (when the whole seller order was cancelled or withdrawn).'),
    total_cents: cents('items_cents + shipping_cents.'),
    created_at: time('When the customer placed the order.'),
    paid_at: time('When the payment arrived.'),
    updated_at: time('The last change of any of its lines.'),
    customer: z.object({ first_name: z.string(), last_name: z.string() }),
    delivery_address: DeliveryAddress,
    lines: z.array(OrderLine),
    available_actions: z.array(z.enum(SELLER_ACTIONS)).meta({ description: 'What the seller can do now, on at least one line.' }),
  }),
);

const lineIds = z
  .array(z.uuid())
  .min(1)
  .max(500)
  .meta({ description: 'Ids of lines of this seller order.' });

export const AcceptRequest = named(
  'request',
  'AcceptRequest',
  'Accept lines ("En préparation"). Without `lines`, every paid line is accepted.',
  z.strictObject({ lines: lineIds.optional() }),
);

export const REFUSAL_REASONS = ['out_of_stock', 'cannot_ship', 'other'] as const;
export const RefuseRequest = named(
  'request',
  'RefuseRequest',
  'Refuse paid lines: they are cancelled and refunded in full (the shipping fee too when nothing is left), and the customer is told.',
  z.strictObject({ lines: lineIds, reason: z.enum(REFUSAL_REASONS) }),
);

export const ShipRequest = named(
  'request',
  'ShipRequest',
  'Ship lines in one parcel. Without `lines`, every paid or accepted line is shipped. The customer receives the tracking link.',
  z.strictObject({
    lines: lineIds.optional(),
    carrier: z.enum(CARRIERS),
    tracking_number: z.string().min(1).max(60).meta({ description: '4 to 40 letters, digits or dashes once spaces are removed.' }),
  }),
);

export const DeliverRequest = named(
  'request',
  'DeliverRequest',
  'Mark shipped lines delivered ("Livrée"). Without `lines`, every shipped line.',
  z.strictObject({ lines: lineIds.optional() }),
);

// ------------------------------------------------------------------------------------ offers

export const OfferListQuery = z.strictObject({
  sku: z.string().min(1).max(100).optional().meta({ description: 'Only the offer of this SKU.' }),
  updated_since: z.iso.datetime({ offset: true }).optional().meta({ description: 'Only offers changed at or after this time.' }),
  limit: z.coerce.number().int().min(1).max(500).optional().meta({ description: 'Page size, 1–500 (default 100).' }),
  cursor: z.string().max(200).optional().meta({ description: 'The `next_cursor` of the previous page.' }),
});

export const Offer = named(
  'response',
  'Offer',
  'One of the seller’s offers: a variant (colour × size) of a product, at the seller’s price and stock.',
  z.object({
    id: z.uuid(),
    sku: z.string(),
    product: z.object({ slug: z.string(), brand: z.string(), title: I18nText }),
    variant: z.object({ colour: I18nText, size: z.string() }),
    price_cents: cents('Price, VAT included.'),
    compare_at_cents: cents('The former price, shown struck through.').nullable(),
    vat_rate_bps: z.int(),
    stock: z.int().min(0),
    lead_time_days: z.int().min(0).meta({ description: 'Working days before the seller ships.' }),
    active: z.boolean().meta({ description: 'On sale in the storefront.' }),
    updated_at: time('Last change.'),
  }),
);

export const OfferList = named('response', 'OfferList', 'A page of the seller’s offers (keyset pagination on updated_at, id).', z.object({ data: z.array(Offer), next_cursor: z.string().nullable() }));

const offerFields = {
  price_cents: z.int().min(1).max(99_999_999).optional().meta({ description: 'Price in cents, VAT included (at least 1).' }),
  compare_at_cents: z.int().min(1).max(99_999_999).nullable().optional().meta({ description: 'Former price, higher than the price; null removes it.' }),
  stock: z.int().min(0).max(100_000).optional(),
  lead_time_days: z.int().min(0).max(60).optional(),
  active: z.boolean().optional(),
};

export const OfferUpdate = named(
  'request',
  'OfferUpdate',
  'The fields to change; the others keep their value. The back office’s rules apply (compare_at_cents above the price, stock ≤ 100,000, lead time ≤ 60 days).',
  z.strictObject(offerFields).refine((v) => Object.keys(v).length > 0, { message: 'empty_update', path: [] }),
);

export const BULK_MAX = 1000;
export const BulkOfferUpdate = named(
  'request',
  'BulkOfferUpdate',
  `Up to ${BULK_MAX} offer updates applied in one transaction: all of them, or none with the list of rows refused.`,
  z.strictObject({
    offers: z
      .array(z.strictObject({ id: z.uuid(), ...offerFields }))
      .min(1)
      .max(BULK_MAX),
  }),
);

export const BulkOfferResult = named('response', 'BulkOfferResult', 'Every offer of the request, as saved.', z.object({ updated: z.int().min(0), data: z.array(Offer) }));

// ------------------------------------------------------------------------------------ conversations

export const ListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).optional().meta({ description: 'Page size, 1–100 (default 30).' }),
  cursor: z.string().max(200).optional().meta({ description: 'The `next_cursor` of the previous page.' }),
});

export const ConversationSummary = named(
  'response',
  'ConversationSummary',
  'A conversation with a customer: a product question, an order-line thread or an incident thread.',
  z.object({
    id: z.uuid(),
    kind: z.enum(['product', 'order_line', 'incident']),
    subject: z.enum(['availability', 'details', 'delivery', 'other']).nullable(),
    product: z.object({ slug: z.string(), brand: z.string(), title: I18nText }).nullable(),
    customer_name: z.string(),
    created_at: time('Started.'),
    last_message_at: time('Latest message.'),
    last_message_by: z.enum(['customer', 'seller', 'operator']),
    awaiting_answer_since: nullableTime('Set while the customer waits for the seller’s answer.'),
    unread: z.boolean(),
    preview: z.string(),
  }),
);

export const ConversationList = named(
  'response',
  'ConversationList',
  'A page of conversations, latest activity first.',
  z.object({ data: z.array(ConversationSummary), next_cursor: z.string().nullable() }),
);

export const Message = named(
  'response',
  'Message',
  'A message of a conversation (text only).',
  z.object({
    id: z.uuid(),
    author_type: z.enum(['customer', 'seller', 'operator']),
    author_name: z.string(),
    body: z.string(),
    created_at: time('Sent.'),
  }),
);

export const Conversation = named(
  'response',
  'Conversation',
  'A conversation with its messages, oldest first.',
  z.object({
    id: z.uuid(),
    kind: z.enum(['product', 'order_line', 'incident']),
    subject: z.enum(['availability', 'details', 'delivery', 'other']).nullable(),
    order_line_id: z.uuid().nullable(),
    incident_id: z.uuid().nullable(),
    customer: z.object({ first_name: z.string(), last_name: z.string() }),
    product: z.object({ slug: z.string(), brand: z.string(), title: I18nText }).nullable(),
    created_at: time('Started.'),
    awaiting_answer_since: nullableTime('Set while the customer waits for the seller’s answer.'),
    messages: z.array(Message),
  }),
);

export const ReplyRequest = named(
  'request',
  'ReplyRequest',
  'A message to the customer (text only; links are shown as links, nothing else is interpreted).',
  z.strictObject({ body: z.string().min(1).max(MESSAGE_MAX_LENGTH) }),
);

// ------------------------------------------------------------------------------------ incidents

export const INCIDENT_STATES = ['open', 'awaiting_customer', 'resolved', 'escalated', 'closed'] as const;
export const INCIDENT_REASONS = ['withdrawal', 'not_received', 'not_conforming', 'damaged'] as const;
export const RESOLUTIONS = ['refund', 'cancel', 'return_authorised', 'replacement', 'rejected'] as const;
export const INCIDENT_ACTIONS = ['reply', 'cancel', 'authorise_return', 'mark_received', 'refund', 'replacement', 'reject'] as const;

export const IncidentListQuery = z.strictObject({
  state: z.enum(['active', 'closed']).optional().meta({ description: '`active` (default): every incident not closed, the oldest first; `closed`: the most recently closed first.' }),
});

export const IncidentSummary = named(
  'response',
  'IncidentSummary',
  'An incident in a list.',
  z.object({
    number: z.string().meta({ description: 'e.g. "I-2026-000042".' }),
    state: z.enum(INCIDENT_STATES),
    reason: z.enum(INCIDENT_REASONS),
    resolution: z.enum(RESOLUTIONS).nullable(),
    order_number: z.string(),
    article: I18nText,
    customer_name: z.string().nullable(),
    created_at: time('Opened.'),
    reply_deadline_at: nullableTime('The seller must answer before this time, or the incident goes to arbitration.'),
    refund_due_at: nullableTime('A withdrawal must be refunded before this time (EU law: 14 days).'),
  }),
);

export const IncidentList = named('response', 'IncidentList', 'At most 200 incidents: those to handle, oldest first, or the most recently closed.', z.object({ data: z.array(IncidentSummary) }));

export const Incident = named(
  'response',
  'Incident',
  'An incident on one of the seller’s lines, with its decision, refunds, conversation and timeline.',
  z.object({
    number: z.string(),
    state: z.enum(INCIDENT_STATES),
    reason: z.enum(INCIDENT_REASONS),
    resolution: z.enum(RESOLUTIONS).nullable(),
    order_number: z.string(),
    line: z.object({ id: z.uuid(), sku: z.string(), title: I18nText, quantity: z.int().min(1), total_cents: cents('Paid for the line.'), refunded_cents: cents('Refunded so far.'), state: z.enum(LINE_STATES) }),
    customer_name: z.string().nullable(),
    created_at: time('Opened.'),
    reply_deadline_at: nullableTime('The seller must answer before this time.'),
    refund_due_at: nullableTime('A withdrawal must be refunded before this time.'),
    resolved_at: nullableTime('Resolved.'),
    escalated_at: nullableTime('Sent to arbitration.'),
    closed_at: nullableTime('Closed.'),
    decision: z.object({
      by: z.enum(['seller', 'operator']).nullable(),
      note: z.string().nullable(),
      return_instructions: z.string().nullable(),
      return_received_at: nullableTime('The returned article was received back.'),
      operator_note: z.string().nullable(),
      refunds: z.array(z.object({ amount_cents: cents('Of the article.'), shipping_cents: cents('Of the shipping fee.'), at: time('Refunded.'), by: z.enum(['seller', 'operator']) })),
    }),
    photos: z.int().min(0).meta({ description: 'How many photos the customer attached (visible in /vendeur).' }),
    available_actions: z.array(z.enum(INCIDENT_ACTIONS)).meta({ description: 'What the seller can do now.' }),
    conversation: Conversation.nullable(),
    timeline: z.array(z.object({ type: z.string(), actor_type: z.string(), at: time('When.') })),
  }),
);

export const EmptyRequest = named('request', 'EmptyRequest', 'No fields: send {} or no body.', z.strictObject({}));

export const DecisionRequest = named(
  'request',
  'DecisionRequest',
  'The seller’s decision. `refund` (in full without `amount_cents`) — the Idempotency-Key also keys the refund: it is made once; `cancel` (a withdrawal before shipment: the line is cancelled and refunded); `return_authorised` with the instructions; `replacement`; `rejected` with the reason. The customer is told by email.',
  z.discriminatedUnion('decision', [
    z.strictObject({ decision: z.literal('refund'), amount_cents: z.int().min(1).optional(), note: z.string().max(MESSAGE_MAX_LENGTH).optional() }),
    z.strictObject({ decision: z.literal('cancel') }),
    z.strictObject({ decision: z.literal('return_authorised'), instructions: z.string().min(1).max(MESSAGE_MAX_LENGTH) }),
    z.strictObject({ decision: z.literal('replacement'), note: z.string().max(MESSAGE_MAX_LENGTH).optional() }),
    z.strictObject({ decision: z.literal('rejected'), reason: z.string().min(1).max(MESSAGE_MAX_LENGTH) }),
  ]),
);

// ------------------------------------------------------------------------------------ webhooks

export const WebhookEventType = z.enum(WEBHOOK_EVENTS);

const envelope = <T extends string, D extends z.ZodType>(type: T, data: D) =>
  z.object({
    id: z.uuid().meta({ description: 'The event’s id: the same on every retry and replay, to deduplicate on.' }),
    type: z.literal(type),
    created_at: time('When it happened.'),
    data,
  });

export const WEBHOOK_PAYLOADS = {
  'order.created': named(
    'response',
    'OrderCreatedEvent',
    'A paid order holds articles of this seller: a new seller order to handle.',
    envelope('order.created', z.object({ number: z.string(), order_number: z.string(), total_cents: cents('Articles plus shipping.'), lines: z.int().min(1), paid_at: time('Paid.') })),
  ),
  'order_line.cancelled': named(
    'response',
    'OrderLineCancelledEvent',
    'A paid line was cancelled: refused by the seller, withdrawn by the customer before shipment, or not accepted in time.',
    envelope('order_line.cancelled', z.object({ number: z.string().meta({ description: 'Seller order number.' }), line_id: z.uuid(), sku: z.string(), quantity: z.int().min(1), by: z.enum(['customer', 'seller', 'operator', 'system']) })),
  ),
  'incident.opened': named(
    'response',
    'IncidentOpenedEvent',
    'A customer opened an incident on one of the seller’s lines.',
    envelope('incident.opened', z.object({ incident_number: z.string(), number: z.string().meta({ description: 'Seller order number.' }), line_id: z.uuid(), reason: z.enum(['withdrawal', 'not_received', 'not_conforming', 'damaged']) })),
  ),
  'incident.escalated': named(
    'response',
    'IncidentEscalatedEvent',
    'An incident went to the marketplace’s arbitration: the customer disputed the decision, or the reply deadline passed.',
    envelope('incident.escalated', z.object({ incident_number: z.string(), line_id: z.uuid(), why: z.enum(['customer_disputed', 'reply_deadline_missed']) })),
  ),
  'message.received': named(
    'response',
    'MessageReceivedEvent',
    'A customer (or the marketplace) wrote in one of the seller’s conversations.',
    envelope('message.received', z.object({ conversation_id: z.uuid(), message_id: z.uuid(), kind: z.enum(['product', 'order_line', 'incident']), author_type: z.enum(['customer', 'operator']) })),
  ),
  'payout.made': named(
    'response',
    'PayoutMadeEvent',
    'The marketplace paid the seller its available balance.',
    envelope('payout.made', z.object({ payout_id: z.uuid(), amount_cents: cents('Paid to the seller’s bank account.'), reference: z.string() })),
  ),
} as const;

export type WebhookPayload<E extends keyof typeof WEBHOOK_PAYLOADS> = z.output<(typeof WEBHOOK_PAYLOADS)[E]>;
export type WebhookData<E extends keyof typeof WEBHOOK_PAYLOADS> = WebhookPayload<E>['data'];

export type Output<T extends z.ZodType> = z.output<T>;
