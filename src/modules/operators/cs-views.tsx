import type { PageContext } from '../../http/context.js';
import { formatDate, formatMoney, type Locale } from '../../i18n/index.js';
import { pick } from '../../shared/i18n-text.js';
import { BackOfficeLayout } from '../../ui/layout.js';
import { DataTable, type Column } from '../../ui/table.js';
import { incidentText } from '../incidents/messages.js';
import { operatorMenu } from '../../faces/operator.js';
import { AddressLines } from '../accounts/address-views.js';
import { subjectLabel, topicOf } from '../messaging/labels.js';
import { mailText } from '../notifications/messages.js';
import { ordersText } from '../orders/messages.js';
import type { SellerOrderStatus } from '../orders/derived-status.js';
import type { CustomerFile } from './customer-file.js';
import { csText, type CsKey } from './cs-messages.js';
import { actorName, type EmailRow, type OrderFile } from './order-file.js';
import { confirmationVerdict } from './rules.js';
import { SCAN_CAP, type CustomerRow, type OrderListRow, type Query, type Tier } from './search.js';
import { PostButton } from './parts.js';
import { CsTabs } from './subnav.js';
import { excerpt, type TimelineItem } from './timeline.js';

const d = (ctx: PageContext, at: Date) => formatDate(at, ctx.locale, true);
const money = (ctx: PageContext, cents: number) => formatMoney(cents, ctx.locale);

export function StatusBadge(props: { ctx: PageContext; status: SellerOrderStatus }) {
  return <span class={`badge status-${props.status}`}>{ordersText(props.ctx.locale)(`status_${props.status}`)}</span>;
}

function IncidentState(props: { ctx: PageContext; state: string }) {
  return <span class={`badge incident-${props.state}`}>{incidentText(props.ctx.locale)(`state_${props.state as 'open'}`)}</span>;
}

function EmailBadge(props: { locale: Locale; status: EmailRow['status'] }) {
  return <span class={`badge status-${props.status}`}>{mailText(props.locale)(`status_${props.status}`)}</span>;
}

/** "Renvoyer": a POST to the email log's resend action, coming back here. */
export function ResendButton(props: { ctx: PageContext; emailId: string; returnTo: string }) {
  return <PostButton ctx={props.ctx} action={`/admin/emails/${props.emailId}/resend`} label={csText(props.ctx.locale)('resend')} returnTo={props.returnTo} />;
}

/** The customer service search box (also on the operator's dashboard). */
export function SearchForm(props: { ctx: PageContext; q?: string; autofocus?: boolean }) {
  const t = csText(props.ctx.locale);
  return (
    <form method="get" action="/admin/customers" class="cs-search" role="search">
      <label for="cs-q">{t('search_label')}</label>
      <div class="cs-search-row">
        <input id="cs-q" name="q" type="search" value={props.q ?? ''} maxLength={100} autofocus={props.autofocus} aria-describedby="cs-q-hint" />
        <button type="submit" class="button primary">
          {t('search_button')}
        </button>
      </div>
      <p class="hint" id="cs-q-hint">
        {t('search_hint')}
      </p>
    </form>
  );
}

function Layout(props: { ctx: PageContext; title: string; children: preact.ComponentChildren }) {
  return (
    <BackOfficeLayout ctx={props.ctx} title={props.title} menu={operatorMenu(props.ctx)}>
      <div class="ops">{props.children}</div>
    </BackOfficeLayout>
  );
}

/** A search's results, one table per tier with what its customers matched (search.ts, `Tier`). */
export function CustomersPage(props: { ctx: PageContext; q: string; query: Query; rows: CustomerRow[]; next: string | null; notice?: string; cut?: boolean }) {
  const { ctx, q } = props;
  const t = csText(ctx.locale);
  const heading = props.query.kind === 'empty' ? t('all_customers') : t('results_for', { q });
  const columns: Column<CustomerRow>[] = [
    {
      label: t('name'),
      cell: (c) => (
        <>
          <a href={`/admin/customers/${c.id}`}>
            {c.lastName} {c.firstName}
          </a>
          {c.deletedAt ? <span class="badge err">{t('deleted')}</span> : null}
        </>
      ),
    },
    { label: t('email'), cell: (c) => c.email },
    { label: t('phone'), cell: (c) => c.phone ?? '' },
    { label: t('since'), cell: (c) => formatDate(c.createdAt, ctx.locale) },
  ];
  // Consecutive rows of one tier under one heading; the whole list and a phone search have none.
  const groups: { tier: Tier; rows: CustomerRow[] }[] = [];
  for (const r of props.rows) {
    const g = groups[groups.length - 1];
    if (g && g.tier === r.tier) g.rows.push(r);
    else groups.push({ tier: r.tier, rows: [r] });
  }
  const titled = props.query.kind === 'name' || props.query.kind === 'email';
  return (
    <Layout ctx={ctx} title={t('cs')}>
      <h1>{t('cs')}</h1>
      <CsTabs ctx={ctx} />
      <SearchForm ctx={ctx} q={q} autofocus />
      {props.notice ? (
        <p class="form-error" role="alert">
          {props.notice}
        </p>
      ) : null}
      <h2>{heading}</h2>
      {groups.length === 0 ? (
        <DataTable rows={[]} columns={columns} empty={props.query.kind === 'empty' ? t('no_orders') : t('no_match', { q })} />
      ) : (
        groups.map((g) => (
          <>
            {titled ? <h3 class={`cs-tier tier-${g.tier}`}>{t(`tier_${g.tier as 'last' | 'first' | 'email' | 'infix'}`, { q })}</h3> : null}
            <DataTable rows={g.rows} columns={columns} />
          </>
        ))
      )}
      {props.cut ? (
        <p class="hint cs-cut" role="status">
          {t('list_cut', { n: String(SCAN_CAP) })}
        </p>
      ) : null}
      {props.next ? (
        <p>
          <a href={`/admin/customers?${new URLSearchParams({ ...(q ? { q } : {}), after: props.next })}`}>{t('next')}</a>
        </p>
      ) : null}
    </Layout>
  );
}

export function OrdersTable(props: { ctx: PageContext; rows: OrderListRow[]; confirmations?: Map<string, EmailRow[]>; returnTo?: string; showCustomer?: boolean }) {
  const { ctx } = props;
  const t = csText(ctx.locale);
  const confirmations = props.confirmations;
  const columns: Column<OrderListRow>[] = [
    { label: t('number'), cell: (o) => <a href={`/admin/orders/${o.number}`}>{o.number}</a> },
    { label: t('date'), cell: (o) => d(ctx, o.createdAt) },
  ];
  if (props.showCustomer) {
    columns.push({
      label: t('customer'),
      cell: (o) => (
        <>
          {o.customerId ? <a href={`/admin/customers/${o.customerId}`}>{o.customerName ?? o.email}</a> : <span>{o.email}</span>}
          {o.customerId && o.customerName ? <div class="small muted">{o.email}</div> : null}
        </>
      ),
    });
  }
  columns.push({ label: t('total'), num: true, cell: (o) => money(ctx, o.totalCents) }, { label: t('status'), cell: (o) => <StatusBadge ctx={ctx} status={o.status} /> });
  if (confirmations) {
    columns.push({
      label: t('confirmation'),
      cell: (o) => <Confirmation ctx={ctx} order={o} mails={confirmations.get(o.id) ?? []} returnTo={props.returnTo ?? `/admin/orders/${o.number}`} />,
    });
  }
  return <DataTable class="orders" rows={props.rows} empty={t('no_orders')} columns={columns} />;
}

/**
 * "The customer did not get the confirmation": whether it was sent, when, to which address, the mail
 * server's answer or why it failed — and "Renvoyer".
 */
export function Confirmation(props: { ctx: PageContext; order: { paidAt: Date | null }; mails: EmailRow[]; returnTo: string }) {
  const { ctx } = props;
  const t = csText(ctx.locale);
  const v = confirmationVerdict(props.order, props.mails);
  const n = (k: CsKey, p?: Record<string, string | number>) => t(k, p);
  switch (v.kind) {
    case 'not_paid':
      return <p class="small muted">{n('conf_not_paid')}</p>;
    case 'missing':
      return <p class="small error">{n('conf_missing')}</p>;
    case 'sent':
    case 'stored':
      return (
        <div class="email-verdict ok">
          <EmailBadge locale={ctx.locale} status={v.kind} /> {n(v.kind === 'sent' ? 'conf_sent' : 'conf_stored', { date: d(ctx, v.at), to: v.to })}
          {v.kind === 'sent' && v.smtp ? <div class="small">{n('conf_smtp', { smtp: v.smtp })}</div> : null}
          {v.kind === 'sent' ? <div class="small muted">{n('conf_spam')}</div> : null}
          {v.sends > 1 ? <div class="small muted">{n('conf_sends', { n: v.sends })}</div> : null}
          <ResendButton ctx={ctx} emailId={v.emailId} returnTo={props.returnTo} />
        </div>
      );
    case 'queued':
      return (
        <div class="email-verdict warn">
          <EmailBadge locale={ctx.locale} status="queued" /> {n('conf_queued', { to: v.to, date: d(ctx, v.since), n: v.attempts })}
          {v.error ? <div class="small error">{n('conf_reason', { reason: v.error })}</div> : null}
          <ResendButton ctx={ctx} emailId={v.emailId} returnTo={props.returnTo} />
        </div>
      );
    case 'failed':
    case 'bounced':
      return (
        <div class="email-verdict err">
          <EmailBadge locale={ctx.locale} status={v.kind} /> {v.kind === 'failed' ? n('conf_failed', { to: v.to, n: v.attempts }) : n('conf_bounced', { to: v.to })}
          {v.error ? <div class="small error">{n('conf_reason', { reason: v.error })}</div> : null}
          {v.sends > 1 ? <div class="small muted">{n('conf_sends', { n: v.sends })}</div> : null}
          <ResendButton ctx={ctx} emailId={v.emailId} returnTo={props.returnTo} />
        </div>
      );
  }
}

export function EmailsTable(props: { ctx: PageContext; emails: EmailRow[]; returnTo: string }) {
  const { ctx } = props;
  const t = csText(ctx.locale);
  return (
    <DataTable
      rows={props.emails}
      empty={t('no_emails')}
      columns={[
        { label: t('date'), cell: (e) => d(ctx, e.createdAt) },
        {
          label: t('subject'),
          cell: (e) => (
            <>
              <a href={`/admin/emails/${e.id}`}>{e.subject}</a>
              <div class="small muted">{e.toAddress}</div>
            </>
          ),
        },
        { label: t('kind'), cell: (e) => <code>{e.kind}</code> },
        {
          label: t('status'),
          cell: (e) => (
            <>
              <EmailBadge locale={ctx.locale} status={e.status} />
              {e.lastError ? <div class="small error">{e.lastError}</div> : e.status === 'sent' && e.smtpResponse ? <div class="small muted">{e.smtpResponse}</div> : null}
            </>
          ),
        },
        { label: t('attempts'), num: true, cell: (e) => e.attempts },
        { label: t('resend'), cell: (e) => <ResendButton ctx={ctx} emailId={e.id} returnTo={props.returnTo} /> },
      ]}
    />
  );
}

export function CustomerPage(props: { ctx: PageContext; file: CustomerFile }) {
  const { ctx, file } = props;
  const t = csText(ctx.locale);
  const c = file.customer;
  const self = `/admin/customers/${c.id}`;
  return (
    <Layout ctx={ctx} title={`${c.firstName} ${c.lastName}`}>
      <p>
        <a href="/admin/customers">← {t('cs')}</a>
      </p>
      <h1>
        {c.firstName} {c.lastName} {c.deletedAt ? <span class="badge err">{t('deleted')}</span> : null}
      </h1>
      <div class="cs-columns">
        <section class="card">
          <h2>{t('account')}</h2>
          <dl class="facts">
            <dt>{t('email')}</dt>
            <dd>{c.email}</dd>
            <dt>{t('phone')}</dt>
            <dd>{c.phone ?? '—'}</dd>
            <dt>{t('language')}</dt>
            <dd>{c.locale.toUpperCase()}</dd>
            <dt>{t('created')}</dt>
            <dd>{formatDate(c.createdAt, ctx.locale)}</dd>
            <dt>{t('marketing')}</dt>
            <dd>{c.marketingConsentAt ? t('marketing_yes', { date: formatDate(c.marketingConsentAt, ctx.locale) }) : t('marketing_no')}</dd>
          </dl>
        </section>
        <section class="card">
          <h2>{t('addresses')}</h2>
          {file.addresses.length === 0 ? (
            <p>{t('no_addresses')}</p>
          ) : (
            <ul class="cs-addresses">
              {file.addresses.map((a) => (
                <li>
                  <AddressLines address={a} locale={ctx.locale} />
                  {a.isDefaultBilling ? <span class="badge info">{t('default_billing')}</span> : null} {a.isDefaultDelivery ? <span class="badge info">{t('default_delivery')}</span> : null}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <section>
        <h2>{t('orders')}</h2>
        <OrdersTable ctx={ctx} rows={file.orders} confirmations={file.confirmations} returnTo={self} />
        {file.moreOrders ? (
          <p>
            <a href={`/admin/orders?customer=${c.id}`}>{t('all_orders')} →</a>
          </p>
        ) : null}
      </section>

      <section>
        <h2>{t('incidents')}</h2>
        <DataTable
          rows={file.incidents}
          empty={t('no_incidents')}
          columns={[
            { label: t('number'), cell: (i) => <a href={`/admin/incidents/${i.number}`}>{i.number}</a> },
            { label: t('date'), cell: (i) => d(ctx, i.createdAt) },
            { label: t('order'), cell: (i) => <a href={`/admin/orders/${i.orderNumber}`}>{i.orderNumber}</a> },
            { label: t('seller'), cell: (i) => i.sellerName },
            { label: t('reason'), cell: (i) => incidentText(ctx.locale)(`reason_${i.reason as 'damaged'}`) },
            {
              label: t('state'),
              cell: (i) => (
                <>
                  <IncidentState ctx={ctx} state={i.state} />
                  {i.refundDueAt && i.state !== 'closed' ? <div class="small">{t('refund_due', { date: formatDate(i.refundDueAt, ctx.locale) })}</div> : null}
                </>
              ),
            },
          ]}
        />
      </section>

      <section>
        <h2>{t('conversations')}</h2>
        <DataTable
          rows={file.threads}
          empty={t('no_threads')}
          columns={[
            {
              label: t('subject'),
              cell: (th) => (
                <>
                  <a href={`/admin/messages/${th.id}`}>{topicOf({ kind: th.kind, productTitle: th.productTitle }, ctx.locale)}</a>
                  <div class="small muted">{subjectLabel(th.subject as never, th.kind, ctx.locale)}</div>
                </>
              ),
            },
            { label: t('seller'), cell: (th) => th.sellerName },
            {
              label: t('last_message'),
              cell: (th) => (
                <>
                  {d(ctx, th.lastMessageAt)}
                  {th.awaitingSellerSince ? <div class="small warn-text">{t('waiting_since', { date: d(ctx, th.awaitingSellerSince) })}</div> : null}
                </>
              ),
            },
          ]}
        />
      </section>

      <section>
        <h2>{t('emails')}</h2>
        <EmailsTable ctx={ctx} emails={file.emails} returnTo={self} />
        <p>
          <a href={`/admin/emails?${new URLSearchParams({ to: c.email })}`}>{t('all_emails')} →</a>
        </p>
      </section>
    </Layout>
  );
}

export function OrdersPage(props: { ctx: PageContext; rows: OrderListRow[]; older: string | null; customerId: string | null }) {
  const { ctx } = props;
  const t = csText(ctx.locale);
  return (
    <Layout ctx={ctx} title={t('orders')}>
      <h1>{t('cs')}</h1>
      <CsTabs ctx={ctx} />
      <SearchForm ctx={ctx} />
      {props.customerId ? (
        <p>
          <a href={`/admin/customers/${props.customerId}`}>← {t('customer')}</a>
        </p>
      ) : null}
      <OrdersTable ctx={ctx} rows={props.rows} showCustomer />
      {props.older ? (
        <p>
          <a href={`/admin/orders?${new URLSearchParams({ ...(props.customerId ? { customer: props.customerId } : {}), before: props.older })}`}>{t('older')}</a>
        </p>
      ) : null}
    </Layout>
  );
}

export function OrderPage(props: { ctx: PageContext; file: OrderFile }) {
  const { ctx, file } = props;
  const t = csText(ctx.locale);
  const o = file.order;
  const self = `/admin/orders/${o.number}`;
  const lineTitle = new Map(file.parts.flatMap((p) => p.lines.map((l) => [l.id, pick(l.title, ctx.locale)] as const)));
  const confirmations = file.emails.filter((e) => e.kind === 'order_confirmation');
  return (
    <Layout ctx={ctx} title={t('order_title', { number: o.number })}>
      <p>{file.customer ? <a href={`/admin/customers/${file.customer.id}`}>← {`${file.customer.firstName} ${file.customer.lastName}`}</a> : <a href="/admin/orders">← {t('orders')}</a>}</p>
      <h1>
        {t('order_title', { number: o.number })} <StatusBadge ctx={ctx} status={file.status} />
      </h1>
      <div class="cs-columns">
        <section class="card">
          <dl class="facts">
            <dt>{t('customer')}</dt>
            <dd>
              {file.customer ? `${file.customer.firstName} ${file.customer.lastName}` : t('guest')} — {o.email}
            </dd>
            <dt>{t('placed')}</dt>
            <dd>{d(ctx, o.createdAt)}</dd>
            <dt>{t('paid_at')}</dt>
            <dd>{o.paidAt ? d(ctx, o.paidAt) : t('not_paid')}</dd>
            <dt>{t('items')}</dt>
            <dd>{money(ctx, o.itemsCents)}</dd>
            <dt>{t('shipping')}</dt>
            <dd>{money(ctx, o.shippingCents)}</dd>
            <dt>{t('total')}</dt>
            <dd>
              <strong>{money(ctx, o.totalCents)}</strong>
            </dd>
            <dt>{t('confirmation')}</dt>
            <dd>
              <Confirmation ctx={ctx} order={o} mails={confirmations} returnTo={self} />
            </dd>
          </dl>
        </section>
        <section class="card">
          <h2>{t('billing_address')}</h2>
          <AddressLines address={o.billingAddress} locale={ctx.locale} />
          <h2>{t('delivery_address')}</h2>
          <AddressLines address={o.deliveryAddress} locale={ctx.locale} />
        </section>
      </div>

      <section>
        <h2>{t('seller_orders')}</h2>
        {file.parts.map((p) => (
          <div class="card seller-order">
            <h3>
              {p.number} — <a href={`/admin/sellers/${p.sellerId}`}>{p.sellerName}</a> {p.sellerStatus === 'suspended' ? <span class="badge err">{t('suspended')}</span> : null}{' '}
              <StatusBadge ctx={ctx} status={p.status} />
            </h3>
            <DataTable
              rows={p.lines}
              columns={[
                {
                  label: t('article'),
                  cell: (l) => (
                    <>
                      {l.brand} — {pick(l.title, ctx.locale)} <span class="small muted">{pick(l.variantLabel, ctx.locale)}</span>
                      <div class="small muted">{l.sku}</div>
                    </>
                  ),
                },
                { label: t('qty'), num: true, cell: (l) => l.quantity },
                { label: t('total'), num: true, cell: (l) => money(ctx, l.totalCents) },
                { label: t('state'), cell: (l) => <StatusBadge ctx={ctx} status={l.state} /> },
                { label: t('refunded'), num: true, cell: (l) => (l.refundedCents ? money(ctx, l.refundedCents) : '') },
                { label: t('tracking'), cell: (l) => (l.trackingNumber ? `${l.carrier ?? ''} ${l.trackingNumber}` : '') },
                {
                  label: t('incidents'),
                  cell: (l) =>
                    file.incidents
                      .filter((i) => i.orderLineId === l.id)
                      .map((i) => (
                        <div>
                          <a href={`/admin/incidents/${i.number}`}>{i.number}</a> <IncidentState ctx={ctx} state={i.state} />
                        </div>
                      )),
                },
              ]}
            />
            <p class="small">
              {t('shipping')} : {money(ctx, p.shippingCents)}
              {p.shippingRefundedCents ? ` (${t('refunded')} ${money(ctx, p.shippingRefundedCents)})` : ''}
            </p>
          </div>
        ))}
      </section>

      <section>
        <h2>{t('payments')}</h2>
        {/* Each payment, then the refunds taken from it. */}
        <DataTable
          rows={file.payments.flatMap((p) => [{ payment: p, refund: null }, ...file.refunds.filter((r) => r.paymentId === p.id).map((r) => ({ payment: p, refund: r }))])}
          empty={t('no_payments')}
          columns={[
            { label: t('date'), cell: ({ payment, refund }) => d(ctx, (refund ?? payment).createdAt) },
            {
              label: t('method'),
              cell: ({ payment, refund }) =>
                refund ? (
                  <>
                    ↳ {refund.reason}
                    {refund.orderLineId && lineTitle.get(refund.orderLineId) ? <span class="small muted"> — {lineTitle.get(refund.orderLineId)}</span> : null}
                  </>
                ) : (
                  `${payment.provider} ${payment.method ?? ''}`
                ),
            },
            { label: t('amount'), num: true, cell: ({ payment, refund }) => (refund ? `−${money(ctx, refund.amountCents)}` : money(ctx, payment.amountCents)) },
            {
              label: t('status'),
              cell: ({ payment, refund }) => (
                <>
                  {refund ? t(`refund_${refund.status}`) : t(`pay_${payment.status}`)}
                  {(refund ?? payment).failureCode ? <span class="small error"> ({(refund ?? payment).failureCode})</span> : null}
                </>
              ),
            },
          ]}
        />
      </section>

      <section>
        <h2>{t('timeline')}</h2>
        <TimelineTable ctx={ctx} file={file} lineTitle={lineTitle} returnTo={self} />
      </section>
    </Layout>
  );
}

function TimelineTable(props: { ctx: PageContext; file: OrderFile; lineTitle: Map<string, string>; returnTo: string }) {
  const { ctx, file } = props;
  const t = csText(ctx.locale);
  const incNumber = new Map(file.incidents.map((i) => [i.id, i.number]));
  return (
    <table class="data timeline">
      <thead>
        <tr>
          <th scope="col">{t('date')}</th>
          <th scope="col">{t('who')}</th>
          <th scope="col">{t('what')}</th>
        </tr>
      </thead>
      <tbody>
        {file.timeline.map((item) => (
          <tr class={`tl-${item.source}`}>
            <td class="nowrap">{d(ctx, item.at)}</td>
            <td>
              {t(`actor_${item.actor.type}`)}
              {actorName(file.names, item.actor) ? <div class="small">{actorName(file.names, item.actor)}</div> : null}
            </td>
            <td>
              <TimelineWhat ctx={ctx} item={item} lineTitle={props.lineTitle} incNumber={incNumber} returnTo={props.returnTo} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const LINE_VERBS = ['pay', 'fail', 'expire', 'accept', 'refuse', 'cancel', 'ship', 'deliver', 'close', 'refund', 'refund_fully'] as const;
const INCIDENT_STEPS = ['opened', 'seller_reply', 'customer_reply', 'resolved', 'accepted', 'disputed', 'escalated', 'auto_closed', 'operator_message', 'operator_decided', 'refund', 'return_received'] as const;
const SIMPLE_EVENTS: Record<string, CsKey> = {
  'order.placed': 'tl_order_placed',
  'order.paid': 'tl_order_paid',
  'order.cancelled_unpaid': 'tl_order_cancelled_unpaid',
  'payment.late_refunded': 'tl_payment_late_refunded',
  'email.resent': 'tl_email_resent',
  'refund.failed': 'tl_refund_failed',
  'refund.retried': 'tl_refund_retried',
};

function TimelineWhat(props: { ctx: PageContext; item: TimelineItem; lineTitle: Map<string, string>; incNumber: Map<string, string>; returnTo: string }) {
  const { ctx, item } = props;
  const t = csText(ctx.locale);
  switch (item.source) {
    case 'event': {
      const [head, verb] = item.type.split(/\.(.*)/s) as [string, string | undefined];
      if (SIMPLE_EVENTS[item.type]) return <>{t(SIMPLE_EVENTS[item.type]!)}</>;
      if (head === 'line' && verb && (LINE_VERBS as readonly string[]).includes(verb)) {
        return <>{t('tl_line', { title: (item.lineId && props.lineTitle.get(item.lineId)) || '?', verb: t(`verb_${verb as (typeof LINE_VERBS)[number]}`) })}</>;
      }
      if (head === 'incident' && verb && (INCIDENT_STEPS as readonly string[]).includes(verb)) {
        const number = (item.incidentId && props.incNumber.get(item.incidentId)) || String(item.data.number ?? '');
        return (
          <>
            {t('tl_incident', { number, what: t(`inc_${verb as (typeof INCIDENT_STEPS)[number]}`) })}{' '}
            {typeof item.data.amountCents === 'number' ? <strong>{money(ctx, item.data.amountCents)}</strong> : null}
            {typeof item.data.note === 'string' && item.data.note ? <div class="small">« {excerpt(item.data.note)} »</div> : null}
          </>
        );
      }
      if (item.type === 'payment.status') return <>{t('tl_payment_status', { status: String(item.data.status ?? item.data.to ?? '') })}</>;
      if (item.type === 'seller_order.shipping_refunded') return <>{t('tl_shipping_refunded', { amount: money(ctx, Number(item.data.amountCents ?? 0)) })}</>;
      return <>{t('tl_other', { type: item.type })}</>;
    }
    case 'payment':
      return (
        <>
          {t('tl_payment', { provider: `${item.provider}${item.method ? ` ${item.method}` : ''}`, amount: money(ctx, item.amountCents), status: t(`pay_${item.status as 'paid'}`) })}
          {item.failureCode ? <span class="small error"> ({item.failureCode})</span> : null}
        </>
      );
    case 'refund':
      return (
        <>
          {t('tl_refund', { amount: money(ctx, item.amountCents), status: t(`refund_${item.status as 'pending'}`) })} <span class="small muted">{item.reason}</span>
          {item.lineId && props.lineTitle.get(item.lineId) ? <div class="small muted">{props.lineTitle.get(item.lineId)}</div> : null}
        </>
      );
    case 'email':
      return (
        <>
          <a href={`/admin/emails/${item.emailId}`}>{t('tl_email', { subject: item.subject, to: item.to })}</a> <EmailBadge locale={ctx.locale} status={item.status as EmailRow['status']} />
          {item.error ? <div class="small error">{item.error}</div> : item.smtp ? <div class="small muted">{item.smtp}</div> : null}
          {item.status === 'failed' || item.status === 'bounced' ? <ResendButton ctx={ctx} emailId={item.emailId} returnTo={props.returnTo} /> : null}
        </>
      );
    case 'message':
      return (
        <>
          <a href={`/admin/messages/${item.threadId}`}>{t('tl_message')}</a>
          {item.incidentId && props.incNumber.get(item.incidentId) ? ` (${props.incNumber.get(item.incidentId)})` : ''} : « {excerpt(item.body)} »
        </>
      );
    case 'audit':
      return (
        <>
          {t('tl_audit', { action: item.action })} <span class="small muted">{item.subjectType}</span>
        </>
      );
  }
}
