import { z } from 'zod';
import { requestSchemas, responseSchemas, WEBHOOK_PAYLOADS } from './contract.js';
import { KEEP_HOURS } from './idempotency.js';
import { OPERATIONS } from './operations.js';
import { problemsOf, TAGS, type Operation } from './operation.js';
import { PROBLEM_STATUS, problemText, type ProblemCode } from './problem-messages.js';
import { SIGNATURE_HEADER_NAME, EVENT_ID_HEADER, EVENT_TYPE_HEADER } from './signing.js';

/**
 * The OpenAPI 3.1 document of the seller API, generated from the zod schemas the routes validate
 * with (decision 0019) — never written by hand. Built once at start; served at
 * /api/seller/v1/openapi.json and rendered by /api/seller/v1/docs.
 */

type Json = Record<string, unknown>;
const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const uri = (id: string) => `#/components/schemas/${id}`;
const OPTS = { target: 'draft-2020-12', unrepresentable: 'any', uri } as const;

/** Drops what a component or parameter schema must not carry, and the regexes zod adds next to a `format` (the format says it). */
function tidy(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(tidy);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Json = {};
  for (const [k, v] of Object.entries(schema as Json)) {
    if (k === '$schema' || k === '$id') continue;
    if (k === 'pattern' && typeof (schema as Json).format === 'string') continue;
    out[k] = tidy(v);
  }
  return out;
}

function components(): Record<string, unknown> {
  const req = z.toJSONSchema(requestSchemas, { ...OPTS, io: 'input' }).schemas;
  const res = z.toJSONSchema(responseSchemas, { ...OPTS, io: 'output' }).schemas;
  const all: Record<string, unknown> = {};
  for (const [id, s] of [...Object.entries(req), ...Object.entries(res)]) {
    const clean = tidy(s);
    if (id in all && JSON.stringify(all[id]) !== JSON.stringify(clean)) throw new Error(`schema ${id} differs between requests and responses: give them two names`);
    all[id] = clean;
  }
  return Object.fromEntries(Object.entries(all).sort(([a], [b]) => a.localeCompare(b)));
}

function idOf(schema: z.ZodType, side: 'request' | 'response'): string {
  const id = (side === 'request' ? requestSchemas : responseSchemas).get(schema)?.id;
  if (!id) throw new Error(`an operation uses an unnamed ${side} schema: add it with named() in contract.ts`);
  return id;
}

/** Path or query parameters from a z.object: one parameter per property, with its own schema. */
function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): Json[] {
  if (!schema) return [];
  const json = tidy(z.toJSONSchema(schema, { ...OPTS, io: 'input' })) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => {
    const { description, ...rest } = s;
    return { name, in: where, required: where === 'path' || (json.required ?? []).includes(name), ...(description ? { description } : {}), schema: rest };
  });
}

function responsesOf(op: Operation): Json {
  const out: Json = {};
  for (const [status, r] of Object.entries(op.responses)) {
    out[status] = { description: r.description, content: { 'application/json': { schema: ref(idOf(r.schema, 'response')) } } };
  }
  const byStatus = new Map<number, ProblemCode[]>();
  for (const code of problemsOf(op)) byStatus.set(PROBLEM_STATUS[code], [...(byStatus.get(PROBLEM_STATUS[code]) ?? []), code]);
  const en = problemText('en');
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    out[String(status)] = {
      description: codes.map((c) => `\`${c}\`: ${en(c)}`).join(' '),
      ...(status === 429 ? { headers: { 'Retry-After': { description: 'Seconds before the key may call again.', schema: { type: 'integer' } } } } : {}),
      content: { 'application/problem+json': { schema: ref('Problem') } },
    };
  }
  return out;
}

function operationObject(op: Operation): Json {
  const idem =
    op.method === 'GET'
      ? []
      : [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: op.method === 'POST',
            description: `A key of yours (a UUID is fine), 1–255 visible ASCII characters. The same key with the same body returns the first answer for ${KEEP_HOURS} hours (header \`Idempotent-Replayed: true\`); with another body it is refused.`,
            schema: { type: 'string', minLength: 1, maxLength: 255 },
          },
        ];
  return {
    operationId: op.id,
    tags: [op.tag],
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    'x-scope': op.scope,
    parameters: [...parameters(op.params, 'path'), ...parameters(op.query, 'query'), ...idem],
    ...(op.body
      ? { requestBody: { required: !op.bodyOptional, content: { 'application/json': { schema: ref(idOf(op.body, 'request')) } } } }
      : {}),
    responses: responsesOf(op),
  };
}

const WEBHOOK_HEADERS = [
  { name: SIGNATURE_HEADER_NAME, in: 'header', required: true, description: '`t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. Refuse a delivery whose signature does not match or whose `t` is more than 5 minutes away.', schema: { type: 'string' } },
  { name: EVENT_ID_HEADER, in: 'header', required: true, description: 'The event’s id (also `id` in the body): deduplicate on it.', schema: { type: 'string', format: 'uuid' } },
  { name: EVENT_TYPE_HEADER, in: 'header', required: true, description: 'The event’s type (also `type` in the body).', schema: { type: 'string' } },
];

export function openApiDocument(publicUrl: string): Json {
  const paths: Record<string, Json> = {};
  for (const op of OPERATIONS) {
    paths[op.path] ??= {};
    paths[op.path]![op.method.toLowerCase()] = operationObject(op);
  }
  const webhooks: Record<string, Json> = {};
  for (const [type, schema] of Object.entries(WEBHOOK_PAYLOADS)) {
    webhooks[type] = {
      post: {
        summary: type,
        description: responseSchemas.get(schema)?.description,
        parameters: WEBHOOK_HEADERS,
        requestBody: { required: true, content: { 'application/json': { schema: ref(idOf(schema, 'response')) } } },
        responses: { '200': { description: 'Any 2xx answer within 10 seconds acknowledges the delivery; anything else is retried with back-off.' } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Comptoir seller API',
      version: '1.0.0',
      description:
        'Everything the seller back office does, for a shop’s own software: orders, offers, incidents and conversations, and webhooks for what happens meanwhile. JSON over HTTPS; money in integer euro cents (VAT included); times in RFC 3339 UTC.',
    },
    servers: [{ url: `${publicUrl}/api/seller/v1` }],
    security: [{ apiKey: [] }],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    paths,
    webhooks,
    components: {
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API key created by the shop’s owner in /vendeur/api-keys: `Authorization: Bearer cpt_…`. Read keys may only GET.',
        },
      },
      schemas: components(),
    },
  };
}
