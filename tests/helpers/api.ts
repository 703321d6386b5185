import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Deps } from '../../src/deps.js';
import { createApiKey } from '../../src/modules/api/keys.js';
import type { ApiScope } from '../../src/modules/api/schema.js';

/**
 * Seller API test helpers: keys made through the same use case as /vendeur, and a client whose every
 * answer is checked against the served OpenAPI document (the operation found from method and path,
 * the status documented, the content type and the body valid per the schema) — contract tests.
 */

export async function makeApiKey(deps: Deps, seller: { id: string; user: { id: string } }, scope: ApiScope = 'read_write', name = 'Test key'): Promise<string> {
  const r = await createApiKey(deps, { sellerId: seller.id, userId: seller.user.id, name, scope });
  if (!r.ok) throw new Error(`makeApiKey: ${r.code}`);
  return r.key;
}

type Doc = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>> };

export class ApiClient {
  private ajv: Ajv2020 | null = null;
  private doc: Doc | null = null;
  /** Every checked answer, "METHOD /template status", shared by the clients made with `with()`. */
  seen = new Set<string>();

  constructor(
    private app: FastifyInstance,
    public key: string | null,
  ) {}

  with(key: string | null): ApiClient {
    const c = new ApiClient(this.app, key);
    c.ajv = this.ajv;
    c.doc = this.doc;
    c.seen = this.seen;
    c.compiled = this.compiled;
    return c;
  }

  private async load(): Promise<{ ajv: Ajv2020; doc: Doc }> {
    if (!this.ajv || !this.doc) {
      const res = await this.app.inject({ method: 'GET', url: '/api/seller/v1/openapi.json' });
      assert.equal(res.statusCode, 200);
      const doc = res.json() as Doc & { $id?: string };
      const ajv = new Ajv2020({ strict: false, allErrors: true });
      addFormats.default(ajv);
      ajv.addSchema({ ...doc, $id: 'https://comptoir.test/openapi.json' });
      this.ajv = ajv;
      this.doc = doc;
    }
    return { ajv: this.ajv, doc: this.doc };
  }

  /** The documented path template that a concrete path matches ("/orders/C-1-1/ship" → "/orders/{number}/ship"). */
  private template(doc: Doc, path: string, method: string): string | null {
    if (doc.paths[path]) return path;
    const matches = Object.keys(doc.paths).filter((t) => new RegExp(`^${t.replace(/\{\w+\}/g, '[^/]+')}$`).test(path));
    return matches.find((t) => doc.paths[t]![method.toLowerCase()]) ?? matches[0] ?? null;
  }

  async request(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    path: string,
    opts: { body?: unknown; rawBody?: string; idempotencyKey?: string | null; headers?: Record<string, string>; contentType?: string } = {},
  ): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (this.key) headers.authorization = `Bearer ${this.key}`;
    if (method === 'POST' && opts.idempotencyKey !== null) headers['idempotency-key'] = opts.idempotencyKey ?? randomUUID();
    else if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
    let payload: string | undefined;
    if (opts.rawBody !== undefined) payload = opts.rawBody;
    else if (opts.body !== undefined) payload = JSON.stringify(opts.body);
    if (payload !== undefined) headers['content-type'] = opts.contentType ?? 'application/json';
    const res = await this.app.inject({ method, url: `/api/seller/v1${path}`, headers, payload });
    await this.check(method, path.split('?')[0]!, res);
    return res;
  }

  get(path: string, headers?: Record<string, string>) {
    return this.request('GET', path, { headers });
  }
  post(path: string, body?: unknown, opts: { idempotencyKey?: string | null; headers?: Record<string, string> } = {}) {
    return this.request('POST', path, { body, ...opts });
  }
  patch(path: string, body?: unknown, opts: { idempotencyKey?: string | null } = {}) {
    return this.request('PATCH', path, { body, ...opts });
  }

  /** The contract check: every answer must be one the document describes. */
  async check(method: string, path: string, res: LightMyRequestResponse): Promise<void> {
    const { ajv, doc } = await this.load();
    const type = String(res.headers['content-type'] ?? '').split(';')[0]!;
    const template = this.template(doc, path, method);
    const op = template ? doc.paths[template]![method.toLowerCase()] : undefined;
    if (!op) {
      // Not an operation: only the generic problem may answer.
      assert.equal(type, 'application/problem+json', `${method} ${path}: an unknown route answers a problem`);
      this.validate(ajv, { $ref: 'https://comptoir.test/openapi.json#/components/schemas/Problem' }, res, `${method} ${path}`);
      return;
    }
    const documented = op.responses[String(res.statusCode)];
    assert.ok(documented, `${method} ${template} answered ${res.statusCode}, which the document does not list (${res.body.slice(0, 300)})`);
    const media = documented.content?.[type];
    assert.ok(media, `${method} ${template} ${res.statusCode}: content type ${type} is not documented`);
    const pointer = `#/paths/${template!.replace(/~/g, '~0').replace(/\//g, '~1')}/${method.toLowerCase()}/responses/${res.statusCode}/content/${type.replace(/\//g, '~1')}/schema`;
    this.validate(ajv, { $ref: `https://comptoir.test/openapi.json${pointer}` }, res, `${method} ${template} ${res.statusCode}`);
    this.seen.add(`${method} ${template} ${res.statusCode}`);
  }

  compiled = new Map<string, ReturnType<Ajv2020['compile']>>();

  private validate(ajv: Ajv2020, schema: { $ref: string }, res: LightMyRequestResponse, what: string): void {
    let validate = this.compiled.get(schema.$ref);
    if (!validate) this.compiled.set(schema.$ref, (validate = ajv.compile(schema)));
    const ok = validate(res.json());
    assert.ok(ok, `${what}: the body does not match the document: ${JSON.stringify(validate.errors?.slice(0, 5))}\n${res.body.slice(0, 500)}`);
  }
}
