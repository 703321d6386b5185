import { sellerMenu } from '../../faces/seller.js';
import type { PageContext } from '../../http/context.js';
import type { FieldErrors, FormValues } from '../../http/forms.js';
import { formatDate } from '../../i18n/index.js';
import { Field, FormError } from '../../ui/forms.js';
import { BackOfficeLayout, CsrfField } from '../../ui/layout.js';
import { DataTable } from '../../ui/table.js';
import type { ApiKeyListRow } from './keys.js';
import { apiText } from './messages.js';
import { API_SCOPES, WEBHOOK_EVENTS, type WebhookEvent } from './schema.js';
import type { DeliveryListRow, WebhookRow } from './webhooks.js';

/** The /vendeur pages of the seller API: keys, webhooks and their deliveries. */

type T = ReturnType<typeof apiText>;
export const eventLabel = (t: T, e: string) => t(`ev_${e.replace('.', '_')}` as Parameters<T>[0]);

function Tabs({ ctx, current }: { ctx: PageContext; current: 'keys' | 'hooks' }) {
  const t = apiText(ctx.locale);
  return (
    <nav class="api-tabs" aria-label={t('menu_api')}>
      <a href="/vendeur/api-keys" aria-current={current === 'keys' ? 'page' : undefined}>
        {t('keys_title')}
      </a>
      <a href="/vendeur/webhooks" aria-current={current === 'hooks' ? 'page' : undefined}>
        {t('hooks_title')}
      </a>
      <a href="/api/seller/v1/docs" lang={ctx.locale}>
        {t('keys_docs')}
      </a>
    </nav>
  );
}

function Frame(props: { ctx: PageContext; title: string; tab: 'keys' | 'hooks'; children: preact.ComponentChildren }) {
  return (
    <BackOfficeLayout ctx={props.ctx} title={props.title} menu={sellerMenu(props.ctx)}>
      <Tabs ctx={props.ctx} current={props.tab} />
      {props.children}
    </BackOfficeLayout>
  );
}

function ScopeChoice({ t, values }: { t: T; values?: FormValues }) {
  const current = values?.scope ?? 'read';
  return (
    <fieldset class="choice api-scope">
      <legend>{t('key_scope')}</legend>
      {API_SCOPES.map((s) => (
        <label class="choice-item">
          <input type="radio" name="scope" value={s} checked={current === s} /> {s === 'read' ? t('scope_read') : t('scope_read_write')}
        </label>
      ))}
    </fieldset>
  );
}

export function KeysPage(props: { ctx: PageContext; keys: ApiKeyListRow[]; values?: FormValues; errors?: FieldErrors; error?: string | null }) {
  const { ctx, keys } = props;
  const t = apiText(ctx.locale);
  const when = (d: Date | null) => (d ? formatDate(d, ctx.locale, true) : t('key_never_used'));
  return (
    <Frame ctx={ctx} title={t('keys_title')} tab="keys">
      <h1>{t('keys_title')}</h1>
      <p class="api-intro">{t('keys_intro')}</p>
      <DataTable
        rows={keys}
        empty={t('keys_none')}
        columns={[
          { label: t('key_name'), cell: (k) => k.name },
          { label: t('key_prefix'), cell: (k) => <code>{`${k.prefix}…`}</code> },
          { label: t('key_scope'), cell: (k) => (k.scope === 'read' ? t('scope_read') : t('scope_read_write')) },
          { label: t('key_created'), cell: (k) => t('key_created_by', { date: formatDate(k.createdAt, ctx.locale, true), name: k.createdByName ?? '—' }) },
          { label: t('key_last_used'), cell: (k) => when(k.lastUsedAt) },
          {
            label: t('key_state'),
            cell: (k) => (k.revokedAt ? <span class="badge err">{t('key_revoked', { date: formatDate(k.revokedAt, ctx.locale, true) })}</span> : <span class="badge ok">{t('key_active')}</span>),
          },
          {
            label: '',
            cell: (k) =>
              k.revokedAt ? null : <PostButton ctx={ctx} action={`/vendeur/api-keys/${k.id}/revoke`} kind="danger" label={t('key_revoke')} ariaLabel={t('key_revoke_label', { name: k.name })} />,
          },
        ]}
      />
      <section class="card api-new" aria-labelledby="new-key">
        <h2 id="new-key">{t('key_new_title')}</h2>
        <FormError message={props.error} />
        <form method="post" action="/vendeur/api-keys" novalidate>
          <CsrfField ctx={ctx} />
          <Field name="name" label={t('key_name')} hint={t('key_name_hint')} values={props.values} errors={props.errors} required maxLength={60} />
          <ScopeChoice t={t} values={props.values} />
          <button type="submit" class="button primary">
            {t('key_create')}
          </button>
        </form>
      </section>
    </Frame>
  );
}

/** A secret shown once, right after the POST that made it (a key, a webhook's signing secret). */
function SecretShownOnce(props: { ctx: PageContext; tab: 'keys' | 'hooks'; title: string; what: preact.ComponentChildren; warning: string; secret: string; after: preact.ComponentChildren; back: { href: string; label: string } }) {
  return (
    <Frame ctx={props.ctx} title={props.title} tab={props.tab}>
      <h1>{props.title}</h1>
      <div class="card api-secret" role="status">
        <p>{props.what}</p>
        <p>{props.warning}</p>
        <p>
          <code class="api-secret-value">{props.secret}</code>
        </p>
        {props.after}
      </div>
      <p>
        <a href={props.back.href}>{props.back.label}</a>
      </p>
    </Frame>
  );
}

export function KeyCreatedPage(props: { ctx: PageContext; name: string; apiKey: string }) {
  const t = apiText(props.ctx.locale);
  const after = (
    <>
      <p>{t('key_use')}</p>
      <pre>
        <code>{`Authorization: Bearer ${props.apiKey}`}</code>
      </pre>
    </>
  );
  const what = <strong>{props.name}</strong>;
  return <SecretShownOnce ctx={props.ctx} tab="keys" title={t('key_created_title')} what={what} warning={t('key_copy_now')} secret={props.apiKey} after={after} back={{ href: '/vendeur/api-keys', label: t('key_back') }} />;
}

function EventChoice({ t, checked, error }: { t: T; checked: WebhookEvent[]; error?: string }) {
  return (
    <fieldset class={`choice api-events${error ? ' has-error' : ''}`} aria-describedby={error ? 'events-err' : undefined}>
      <legend>{t('hook_events_legend')}</legend>
      {WEBHOOK_EVENTS.map((e) => (
        <label class="choice-item">
          <input type="checkbox" name="events" value={e} checked={checked.includes(e)} /> {eventLabel(t, e)} <code>{e}</code>
        </label>
      ))}
      {error ? (
        <p class="error" id="events-err">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

const STATE_BADGE = { pending: 'warn', delivered: 'ok', failed: 'err' } as const;

export function DeliveryState({ d, t }: { d: DeliveryListRow; t: T }) {
  return <span class={`badge ${STATE_BADGE[d.state]}`}>{t(`d_${d.state}`)}</span>;
}

export function WebhooksPage(props: {
  ctx: PageContext;
  hooks: WebhookRow[];
  deliveries: DeliveryListRow[];
  more: string | null;
  values?: FormValues;
  checked?: WebhookEvent[];
  errors?: FieldErrors;
  error?: string | null;
}) {
  const { ctx } = props;
  const t = apiText(ctx.locale);
  const dt = (d: Date | null) => (d ? formatDate(d, ctx.locale, true) : '—');
  return (
    <Frame ctx={ctx} title={t('hooks_title')} tab="hooks">
      <h1>{t('hooks_title')}</h1>
      <p class="api-intro">{t('hooks_intro')}</p>
      <DataTable
        rows={props.hooks}
        empty={t('hooks_none')}
        columns={[
          { label: t('hook_url'), cell: (h) => <code class="api-url">{h.url}</code> },
          { label: t('hook_events'), cell: (h) => <ul class="api-event-list">{h.events.map((e) => <li>{eventLabel(t, e)}</li>)}</ul> },
          { label: t('key_created'), cell: (h) => dt(h.createdAt) },
          {
            label: '',
            cell: (h) => <PostButton ctx={ctx} action={`/vendeur/webhooks/${h.id}/remove`} kind="danger" label={t('hook_remove')} ariaLabel={t('hook_remove_label', { url: h.url })} />,
          },
        ]}
      />
      <section class="card api-new" aria-labelledby="new-hook">
        <h2 id="new-hook">{t('hook_new_title')}</h2>
        <FormError message={props.error} />
        <form method="post" action="/vendeur/webhooks" novalidate>
          <CsrfField ctx={ctx} />
          <Field name="url" label={t('hook_url')} hint={t('hook_url_hint')} type="url" values={props.values} errors={props.errors} required maxLength={2000} inputMode="url" />
          <EventChoice t={t} checked={props.checked ?? [...WEBHOOK_EVENTS]} error={props.errors?.events} />
          <button type="submit" class="button primary">
            {t('hook_create')}
          </button>
        </form>
      </section>
      <h2 id="deliveries">{t('deliveries_title')}</h2>
      <DataTable
        rows={props.deliveries}
        empty={t('deliveries_none')}
        columns={[
          {
            label: t('d_event'),
            cell: (d) => (
              <>
                <a href={`/vendeur/webhooks/deliveries/${d.id}`}>{eventLabel(t, d.eventType)}</a>
                {d.replayOf ? <span class="badge info">{t('d_replay_of')}</span> : null}
              </>
            ),
          },
          { label: t('d_when'), cell: (d) => <span class="nowrap">{dt(d.createdAt)}</span> },
          { label: t('d_url'), cell: (d) => <code class="api-url">{d.url}</code> },
          { label: t('d_state'), cell: (d) => <DeliveryState d={d} t={t} /> },
          { label: t('d_attempts'), num: true, cell: (d) => d.attempts },
          { label: t('d_last'), cell: (d) => (d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : (d.lastError ?? '—')) },
          { label: t('d_next'), cell: (d) => <span class="nowrap">{d.state === 'pending' ? dt(d.nextAttemptAt) : '—'}</span> },
          { label: '', cell: (d) => <ReplayButton ctx={ctx} d={d} t={t} /> },
        ]}
      />
      {props.more ? (
        <p>
          <a href={`/vendeur/webhooks?before=${encodeURIComponent(props.more)}#deliveries`}>{t('d_more')} →</a>
        </p>
      ) : null}
    </Frame>
  );
}

/** One action on one row: a POST form with its CSRF token and a button naming the row for screen readers. */
function PostButton(props: { ctx: PageContext; action: string; kind: 'danger' | 'subtle'; label: string; ariaLabel: string }) {
  return (
    <form method="post" action={props.action}>
      <CsrfField ctx={props.ctx} />
      <button type="submit" class={`button small ${props.kind}`} aria-label={props.ariaLabel}>
        {props.label}
      </button>
    </form>
  );
}

function ReplayButton({ ctx, d, t }: { ctx: PageContext; d: DeliveryListRow; t: T }) {
  const ariaLabel = t('d_replay_label', { event: d.eventType, date: formatDate(d.createdAt, ctx.locale, true) });
  return <PostButton ctx={ctx} action={`/vendeur/webhooks/deliveries/${d.id}/replay`} kind="subtle" label={t('d_replay')} ariaLabel={ariaLabel} />;
}

export function WebhookCreatedPage(props: { ctx: PageContext; url: string; secret: string }) {
  const t = apiText(props.ctx.locale);
  const what = <code class="api-url">{props.url}</code>;
  return <SecretShownOnce ctx={props.ctx} tab="hooks" title={t('hook_created_title')} what={what} warning={t('hook_secret_now')} secret={props.secret} after={<p>{t('hook_verify')}</p>} back={{ href: '/vendeur/webhooks', label: t('hook_back') }} />;
}

export function DeliveryPage(props: { ctx: PageContext; d: DeliveryListRow }) {
  const { ctx, d } = props;
  const t = apiText(ctx.locale);
  const dt = (x: Date | null) => (x ? formatDate(x, ctx.locale, true) : '—');
  return (
    <Frame ctx={ctx} title={t('d_details')} tab="hooks">
      <h1>
        {eventLabel(t, d.eventType)} <code>{d.eventType}</code>
      </h1>
      <dl class="api-facts card">
        <dt>{t('d_event_id')}</dt>
        <dd>
          <code>{d.eventId}</code>
        </dd>
        <dt>{t('d_url')}</dt>
        <dd>
          <code class="api-url">{d.url}</code>
        </dd>
        <dt>{t('d_when')}</dt>
        <dd>{dt(d.createdAt)}</dd>
        <dt>{t('d_state')}</dt>
        <dd>
          <DeliveryState d={d} t={t} />
        </dd>
        <dt>{t('d_attempts')}</dt>
        <dd>{d.attempts}</dd>
        <dt>{t('d_last')}</dt>
        <dd>{d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : (d.lastError ?? '—')}</dd>
        <dt>{t('d_next')}</dt>
        <dd>{d.state === 'pending' ? dt(d.nextAttemptAt) : '—'}</dd>
      </dl>
      <h2>{t('d_payload')}</h2>
      <pre class="api-payload">
        <code>{JSON.stringify(d.payload, null, 2)}</code>
      </pre>
      <ReplayButton ctx={ctx} d={d} t={t} />
      <p>
        <a href="/vendeur/webhooks">{t('hook_back')}</a>
      </p>
    </Frame>
  );
}
