import type { z } from 'zod';
import type { Deps } from '../../deps.js';
import type { Locale } from '../../i18n/index.js';
import type { ApiCaller } from './keys.js';
import type { ProblemCode } from './problem-messages.js';
import type { ApiResult } from './problems.js';
import type { ApiScope } from './schema.js';

/**
 * One operation of the seller API, described once: the router mounts it, the OpenAPI generator
 * documents it, the contract tests check it. Path parameters that do not match their schema answer
 * 404 (an id that cannot exist is a missing id); query and body problems answer 422 with field errors.
 */

export const TAGS = {
  orders: 'Seller orders: list, read, accept, refuse, ship, deliver.',
  offers: 'Offers: list, read, change price, stock, lead time; bulk updates.',
  incidents: 'Incidents on the seller’s lines: list, read with the conversation, reply, decide.',
  conversations: 'Conversations with customers: list, read, reply.',
} as const;
export type Tag = keyof typeof TAGS;

export type ApiContext = {
  deps: Deps;
  caller: ApiCaller;
  locale: Locale;
  requestId: string;
  publicUrl: string;
  /** The request's Idempotency-Key (always there on POST): use cases with their own keys reuse it. */
  idempotencyKey: string | null;
};

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export type Operation<P extends Schema | undefined = Schema | undefined, Q extends Schema | undefined = Schema | undefined, B extends Schema | undefined = Schema | undefined> = {
  id: string;
  method: 'GET' | 'POST' | 'PATCH';
  /** OpenAPI style, relative to /api/seller/v1: "/orders/{number}/ship". */
  path: string;
  tag: Tag;
  summary: string;
  description?: string;
  scope: ApiScope;
  params?: P;
  query?: Q;
  body?: B;
  /** A missing body counts as {} (actions whose every field is optional). */
  bodyOptional?: boolean;
  /** The successful answers. */
  responses: Record<number, { description: string; schema: z.ZodType }>;
  /** The problems this operation's own logic may answer (authentication, rate and validation problems are added for every operation). */
  problems: ProblemCode[];
  handle: (ctx: ApiContext, input: { params: Out<P>; query: Out<Q>; body: Out<B> }) => Promise<ApiResult>;
};

/** Keeps the schemas' types flowing into `handle`. */
export function defineOperation<P extends Schema | undefined = undefined, Q extends Schema | undefined = undefined, B extends Schema | undefined = undefined>(op: Operation<P, Q, B>): Operation {
  return op as unknown as Operation;
}

/** "/orders/{number}" → "/orders/:number" (Fastify's syntax). */
export const fastifyPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

/** Every problem an operation may answer: its own, and those of the machinery around it. */
export function problemsOf(op: Operation): ProblemCode[] {
  const all = new Set<ProblemCode>(['invalid_api_key', 'seller_suspended', 'rate_limited', 'internal_error', ...op.problems]);
  if (op.scope === 'read_write') all.add('insufficient_scope');
  if (op.params) all.add('not_found');
  if (op.query || op.body) all.add('validation_failed');
  if (op.body) ['invalid_json', 'unsupported_media_type', 'payload_too_large'].forEach((c) => all.add(c as ProblemCode));
  if (op.method !== 'GET') ['idempotency_key_invalid', 'idempotency_key_reused', 'idempotency_in_progress'].forEach((c) => all.add(c as ProblemCode));
  if (op.method === 'POST') all.add('idempotency_key_required');
  return [...all];
}
