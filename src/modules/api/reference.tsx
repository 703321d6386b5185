import type { FastifyReply } from 'fastify';
import type { ComponentChildren } from 'preact';
import { sendPage } from '../../http/render.js';
import { LOCALES, type Locale } from '../../i18n/index.js';
import { apiText } from './messages.js';
import { PROBLEM_STATUS, problemText, type ProblemCode } from './problem-messages.js';

/**
 * The readable reference of the seller API, rendered on the server from the generated OpenAPI
 * document itself (no CDN, no script): what the page says is what the document says.
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- walking a JSON Schema document
type T = ReturnType<typeof apiText>;

const refName = (ref: string) => ref.replace('#/components/schemas/', '');

/** A description's `code spans` as <code>; a problem code links to its line in the table of errors. Text only, escaped by JSX. */
function Inline({ text }: { text: string | undefined }) {
  if (!text) return null;
  const parts = text.split('`');
  return (
    <>
      {parts.map((p, i) =>
        i % 2 === 0 ? (
          p
        ) : p in PROBLEM_STATUS ? (
          <a href={`#problem-${p}`}>
            <code>{p}</code>
          </a>
        ) : (
          <code>{p}</code>
        ),
      )}
    </>
  );
}

/** A short type label: "string (uuid)", "array of OrderLine", "integer | null", "one of: a, b". */
function TypeLabel({ s }: { s: Json | undefined }): preact.JSX.Element {
  if (!s) return <>any</>;
  if (s.$ref) return <a href={`#schema-${refName(s.$ref)}`}>{refName(s.$ref)}</a>;
  if (s.anyOf || s.oneOf) {
    const parts = (s.anyOf ?? s.oneOf) as Json[];
    return (
      <>
        {parts.map((p, i) => (
          <>
            {i > 0 ? ' | ' : null}
            <TypeLabel s={p} />
          </>
        ))}
      </>
    );
  }
  if (s.const !== undefined) return <code>{JSON.stringify(s.const)}</code>;
  if (s.enum) return <>one of: {(s.enum as unknown[]).map((v, i) => <>{i > 0 ? ', ' : null}<code>{String(v)}</code></>)}</>;
  const type = Array.isArray(s.type) ? (s.type as string[]).join(' | ') : (s.type as string | undefined);
  if (type === 'array') {
    return (
      <>
        array of <TypeLabel s={s.items} />
      </>
    );
  }
  const limits = [
    s.format ? s.format : null,
    s.minimum !== undefined && s.minimum > -9007199254740991 ? `≥ ${s.minimum}` : null,
    s.maximum !== undefined && s.maximum < 9007199254740991 ? `≤ ${s.maximum}` : null,
    s.minLength !== undefined ? `≥ ${s.minLength} chars` : null,
    s.maxLength !== undefined ? `≤ ${s.maxLength} chars` : null,
    s.minItems !== undefined ? `≥ ${s.minItems} items` : null,
    s.maxItems !== undefined ? `≤ ${s.maxItems} items` : null,
  ].filter(Boolean);
  return (
    <>
      {type ?? 'any'}
      {limits.length ? <span class="api-limits"> ({limits.join(', ')})</span> : null}
    </>
  );
}

/** An object schema's fields as a table; nested inline objects and arrays of them get their own rows. */
function Fields({ s, t, prefix = '' }: { s: Json; t: T; prefix?: string }): preact.JSX.Element | null {
  const props = (s.properties ?? {}) as Record<string, Json>;
  const required = new Set<string>((s.required as string[] | undefined) ?? []);
  const rows: ComponentChildren[] = [];
  const walk = (obj: Record<string, Json>, req: Set<string>, pre: string) => {
    for (const [name, p] of Object.entries(obj)) {
      rows.push(
        <tr>
          <th scope="row">
            <code>{pre + name}</code>
          </th>
          <td>
            <TypeLabel s={p.type === 'object' ? { type: 'object' } : p} />
          </td>
          <td>{req.has(name) ? t('ref_yes') : t('ref_no')}</td>
          <td>
            <Inline text={p.description ?? (p.items as Json | undefined)?.description} />
          </td>
        </tr>,
      );
      if (p.type === 'object' && p.properties) walk(p.properties, new Set(p.required ?? []), `${pre}${name}.`);
      const items = p.items as Json | undefined;
      if (p.type === 'array' && items?.type === 'object' && items.properties) walk(items.properties, new Set(items.required ?? []), `${pre}${name}[].`);
    }
  };
  walk(props, required, prefix);
  if (rows.length === 0) return null;
  return (
    <table class="data api-fields">
      <thead>
        <tr>
          <th scope="col">{t('ref_name')}</th>
          <th scope="col">{t('ref_type')}</th>
          <th scope="col">{t('ref_required')}</th>
          <th scope="col">{t('ref_description')}</th>
        </tr>
      </thead>
      <tbody>{rows}</tbody>
    </table>
  );
}

const METHOD_CLASS: Record<string, string> = { get: 'get', post: 'post', patch: 'patch' };
const opAnchor = (id: string) => `op-${id}`;

function OperationBlock({ method, path, op, t }: { method: string; path: string; op: Json; t: T }) {
  const params = (op.parameters ?? []) as Json[];
  const body = op.requestBody?.content?.['application/json']?.schema as Json | undefined;
  return (
    <section class="api-op" id={opAnchor(op.operationId)} aria-labelledby={`${opAnchor(op.operationId)}-h`}>
      <h4 id={`${opAnchor(op.operationId)}-h`}>
        <span class={`api-method ${METHOD_CLASS[method] ?? ''}`}>{method.toUpperCase()}</span> <code>{path}</code>
      </h4>
      <p class="api-summary">
        {op.summary} <span class="badge">{`${t('ref_scope')}: ${op['x-scope'] === 'read' ? t('scope_read') : t('scope_read_write')}`}</span>
      </p>
      {op.description ? (
        <p>
          <Inline text={op.description} />
        </p>
      ) : null}
      {params.length ? (
        <>
          <h5>{t('ref_parameters')}</h5>
          <table class="data api-fields">
            <thead>
              <tr>
                <th scope="col">{t('ref_name')}</th>
                <th scope="col">{t('ref_in')}</th>
                <th scope="col">{t('ref_type')}</th>
                <th scope="col">{t('ref_required')}</th>
                <th scope="col">{t('ref_description')}</th>
              </tr>
            </thead>
            <tbody>
              {params.map((p) => (
                <tr>
                  <th scope="row">
                    <code>{p.name}</code>
                  </th>
                  <td>{p.in}</td>
                  <td>
                    <TypeLabel s={p.schema} />
                  </td>
                  <td>{p.required ? t('ref_yes') : t('ref_no')}</td>
                  <td>
                    <Inline text={p.description} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      {body ? (
        <>
          <h5>{t('ref_body')}</h5>
          <p>
            application/json: <TypeLabel s={body} />
          </p>
        </>
      ) : null}
      <h5>{t('ref_responses')}</h5>
      <dl class="api-responses">
        {Object.entries(op.responses as Record<string, Json>).map(([status, r]) => {
          const [type, media] = Object.entries((r.content ?? {}) as Record<string, Json>)[0] ?? [];
          return (
            <>
              <dt>
                <span class={`api-status s${status[0]}`}>{status}</span>
              </dt>
              <dd>
                <Inline text={r.description} />
                {media ? (
                  <>
                    {' — '}
                    {type}: <TypeLabel s={media.schema} />
                  </>
                ) : null}
              </dd>
            </>
          );
        })}
      </dl>
    </section>
  );
}

const VERIFY_SNIPPET = `import { createHmac, timingSafeEqual } from 'node:crypto';

// rawBody: the request body exactly as received (a string), header: the Comptoir-Signature header.
function verify(secret, header, rawBody, toleranceSeconds = 300) {
  const parts = Object.fromEntries(header.split(',').map((p) => p.trim().split('=')));
  const t = Number(parts.t);
  const expected = createHmac('sha256', secret).update(\`\${t}.\${rawBody}\`).digest();
  const given = Buffer.from(parts.v1 ?? '', 'hex');
  const fresh = Math.abs(Date.now() / 1000 - t) <= toleranceSeconds;
  return fresh && given.length === expected.length && timingSafeEqual(given, expected);
}`;

function ReferencePage({ doc, locale }: { doc: Json; locale: Locale }) {
  const t = apiText(locale);
  const pt = problemText(locale);
  const base = (doc.servers as Json[])[0]!.url as string;
  const ops: { tag: string; method: string; path: string; op: Json }[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) for (const [method, op] of Object.entries(item)) ops.push({ tag: op.tags[0], method, path, op });
  const tags = doc.tags as { name: string; description: string }[];
  const schemas = doc.components.schemas as Record<string, Json>;
  const codes = Object.keys(PROBLEM_STATUS) as ProblemCode[];
  return (
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{t('ref_title')} · Comptoir</title>
        <link rel="stylesheet" href="/static/css/shop.css" />
        <link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml" />
      </head>
      <body class="api-ref">
        <a class="skip" href="#main">
          {t('ref_contents')}
        </a>
        <header class="api-ref-header">
          <a class="logo" href="/api/seller/v1/docs">
            <span class="logo-mark" aria-hidden="true">
              C
            </span>{' '}
            <span>Comptoir · API</span>
          </a>
          <ul class="lang-switch" aria-label="Language">
            {LOCALES.map((l) => (
              <li>
                <a href={`?lang=${l}`} lang={l} aria-current={l === locale ? 'true' : undefined}>
                  {l.toUpperCase()}
                </a>
              </li>
            ))}
          </ul>
        </header>
        <div class="api-ref-body">
          <nav class="api-toc" aria-label={t('ref_contents')}>
            <h2>{t('ref_contents')}</h2>
            <ul>
              <li>
                <a href="#auth">{t('ref_auth')}</a>
              </li>
              <li>
                <a href="#idempotency">{t('ref_idem')}</a>
              </li>
              <li>
                <a href="#limits">{t('ref_rate')}</a>
              </li>
              <li>
                <a href="#pagination">{t('ref_pages')}</a>
              </li>
              <li>
                <a href="#errors">{t('ref_errors')}</a>
              </li>
              {tags.map((g) => (
                <li>
                  <a href={`#tag-${g.name}`}>{g.name}</a>
                  <ul>
                    {ops
                      .filter((o) => o.tag === g.name)
                      .map((o) => (
                        <li>
                          <a href={`#${opAnchor(o.op.operationId)}`}>
                            <span class={`api-method ${METHOD_CLASS[o.method] ?? ''}`}>{o.method.toUpperCase()}</span> {o.path}
                          </a>
                        </li>
                      ))}
                  </ul>
                </li>
              ))}
              <li>
                <a href="#webhooks">{t('ref_webhooks')}</a>
              </li>
              <li>
                <a href="#schemas">{t('ref_schemas')}</a>
              </li>
            </ul>
          </nav>
          <main id="main" class="api-main">
            <h1>{t('ref_title')}</h1>
            <p class="lead">{t('ref_lead')}</p>
            <dl class="api-facts">
              <dt>{t('ref_base')}</dt>
              <dd>
                <code>{base}</code>
              </dd>
              <dt>OpenAPI</dt>
              <dd>
                <a href="/api/seller/v1/openapi.json">{t('ref_document')}</a> — {`${doc.info.title} ${doc.info.version}`}
              </dd>
            </dl>

            <h2 id="auth">{t('ref_auth')}</h2>
            <p>
              <Inline text={t('ref_auth_text')} />
            </p>
            <pre>
              <code>{`curl -H "Authorization: Bearer cpt_…" ${base}/orders?status=paid`}</code>
            </pre>
            <h2 id="idempotency">{t('ref_idem')}</h2>
            <p>
              <Inline text={t('ref_idem_text')} />
            </p>
            <pre>
              <code>{`curl -X POST -H "Authorization: Bearer cpt_…" -H "Idempotency-Key: 5f0c…" \\\n  -H "Content-Type: application/json" -d '{"carrier":"bpost","tracking_number":"323299000012345"}' \\\n  ${base}/orders/C-2026-000123-1/ship`}</code>
            </pre>
            <h2 id="limits">{t('ref_rate')}</h2>
            <p>
              <Inline text={t('ref_rate_text')} />
            </p>
            <h2 id="pagination">{t('ref_pages')}</h2>
            <p>
              <Inline text={t('ref_pages_text')} />
            </p>
            <h2 id="errors">{t('ref_errors')}</h2>
            <p>
              <Inline text={t('ref_errors_text')} />
            </p>
            <table class="data api-codes">
              <thead>
                <tr>
                  <th scope="col">{t('ref_code')}</th>
                  <th scope="col">{t('ref_status')}</th>
                  <th scope="col">{t('ref_meaning')}</th>
                </tr>
              </thead>
              <tbody>
                {codes.map((c) => (
                  <tr id={`problem-${c}`}>
                    <th scope="row">
                      <code>{c}</code>
                    </th>
                    <td>{PROBLEM_STATUS[c]}</td>
                    <td>{pt(c)}</td>
                  </tr>
                ))}
              </tbody>
            </table>

            <h2>{t('ref_operations')}</h2>
            {tags.map((g) => (
              <section id={`tag-${g.name}`} aria-labelledby={`tag-${g.name}-h`}>
                <h3 id={`tag-${g.name}-h`}>{g.name}</h3>
                <p>
                  <Inline text={g.description} />
                </p>
                {ops
                  .filter((o) => o.tag === g.name)
                  .map((o) => (
                    <OperationBlock method={o.method} path={o.path} op={o.op} t={t} />
                  ))}
              </section>
            ))}

            <h2 id="webhooks">{t('ref_webhooks')}</h2>
            <p>
              <Inline text={t('ref_webhooks_text')} />
            </p>
            <table class="data api-fields">
              <thead>
                <tr>
                  <th scope="col">{t('ref_event')}</th>
                  <th scope="col">{t('ref_description')}</th>
                  <th scope="col">{t('ref_payload')}</th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(doc.webhooks as Record<string, Json>).map(([type, w]) => (
                  <tr>
                    <th scope="row">
                      <code>{type}</code>
                    </th>
                    <td>
                      <Inline text={w.post.description} />
                    </td>
                    <td>
                      <TypeLabel s={w.post.requestBody.content['application/json'].schema} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <h3>{t('ref_verify')}</h3>
            <pre>
              <code>{VERIFY_SNIPPET}</code>
            </pre>

            <h2 id="schemas">{t('ref_schemas')}</h2>
            {Object.entries(schemas).map(([name, s]) => (
              <section class="api-schema" id={`schema-${name}`} aria-labelledby={`schema-${name}-h`}>
                <h3 id={`schema-${name}-h`}>{name}</h3>
                {s.description ? (
                  <p>
                    <Inline text={s.description} />
                  </p>
                ) : null}
                {s.type === 'object' ? (
                  <Fields s={s} t={t} />
                ) : s.oneOf ? (
                  (s.oneOf as Json[]).map((v) => <Fields s={v} t={t} />)
                ) : (
                  <p>
                    <TypeLabel s={s} />
                  </p>
                )}
              </section>
            ))}
          </main>
        </div>
      </body>
    </html>
  );
}

export function sendReference(reply: FastifyReply, doc: Json, locale: Locale): FastifyReply {
  return sendPage(reply, <ReferencePage doc={doc} locale={locale} />);
}
