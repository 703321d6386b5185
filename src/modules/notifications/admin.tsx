import { and, desc, eq, ilike, lt, or, sql, type SQL } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.js';
import { operatorMenu } from '../../faces/operator.js';
import { notFound } from '../../http/errors.js';
import { pageContext, setFlash } from '../../http/context.js';
import { safeReturnTo, seeOther, sendPage } from '../../http/render.js';
import { formatDate } from '../../i18n/index.js';
import { BackOfficeLayout } from '../../ui/layout.js';
import { csText } from '../operators/cs-messages.js';
import { ResendButton } from '../operators/cs-views.js';
import { resendByOperator } from '../operators/emails.js';
import { orders } from '../orders/schema.js';
import { mailText } from './messages.js';
import { emails } from './schema.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PAGE = 50;

/** "Emails envoyés": the operator's view of every email and its delivery status. */
/**
 * A failed attempt whose send_email job is still there (it will be tried again, decision 0005) is not a
 * failure yet: "Nouvel essai prévu". "Échec" is for an email nobody will try again (attempts used up,
 * replaced by "Renvoyer", account deleted).
 */
// `${emails}.id` spelled out: drizzle writes a one-table select's columns unqualified, and a bare "id"
// inside the subquery would be the job's own (decision 0032).
const retrying = sql<boolean>`(${emails}.status = 'failed' and exists (select 1 from graphile_worker.jobs j where j.key = 'email:' || ${emails}.id::text and j.attempts < j.max_attempts))`;

function StatusBadge(props: { status: string; retrying: boolean; t: ReturnType<typeof mailText> }) {
  const key = props.retrying ? 'retrying' : props.status;
  return <span class={`badge status-${key}`}>{props.t(`status_${key}` as Parameters<typeof props.t>[0])}</span>;
}

export function mailboxRoutes(deps: Deps) {
  return async function (app: FastifyInstance) {
    app.get('/emails', async (req, reply) => {
      const ctx = pageContext(req, reply);
      const t = mailText(ctx.locale);
      const q = req.query as { to?: string; before?: string };
      const conds: SQL[] = [];
      const to = typeof q.to === 'string' ? q.to.trim().slice(0, 200) : '';
      if (to) conds.push(ilike(emails.toAddress, `%${to.replace(/[%_\\]/g, '\\$&')}%`));
      // keyset pagination on (created_at, id)
      if (typeof q.before === 'string') {
        const [at, id] = q.before.split('_');
        const d = new Date(at ?? '');
        if (!Number.isNaN(d.getTime()) && id && UUID.test(id)) conds.push(or(lt(emails.createdAt, d), and(eq(emails.createdAt, d), lt(emails.id, id)))!);
      }
      const rows = await deps.db
        .select({ id: emails.id, createdAt: emails.createdAt, to: emails.toAddress, subject: emails.subject, kind: emails.kind, status: emails.status, attempts: emails.attempts, lastError: emails.lastError, retrying })
        .from(emails)
        .where(conds.length ? and(...conds) : undefined)
        .orderBy(desc(emails.createdAt), desc(emails.id))
        .limit(PAGE + 1);
      const more = rows.length > PAGE;
      const list = rows.slice(0, PAGE);
      const last = list[list.length - 1];
      return sendPage(
        reply,
        <BackOfficeLayout ctx={ctx} title={t('mailbox')} menu={operatorMenu(ctx)}>
          <h1>{t('mailbox')}</h1>
          <p>{t('mailbox_intro')}</p>
          <p class="note">{deps.mailer.kind === 'database' ? t('mode_database') : t('mode_smtp')}</p>
          <form method="get" action="/admin/emails" class="filters">
            <label for="to">{t('search')}</label> <input id="to" name="to" type="search" value={to} maxLength={200} /> <button type="submit">{t('filter')}</button>
          </form>
          {list.length === 0 ? (
            <p>{t('none')}</p>
          ) : (
            <table class="data">
              <thead>
                <tr>
                  <th scope="col">{t('date')}</th>
                  <th scope="col">{t('to')}</th>
                  <th scope="col">{t('subject')}</th>
                  <th scope="col">{t('kind')}</th>
                  <th scope="col">{t('status')}</th>
                  <th scope="col">{t('attempts')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((e) => (
                  <tr>
                    <td>{formatDate(e.createdAt, ctx.locale, true)}</td>
                    <td>{e.to}</td>
                    <td>
                      <a href={`/admin/emails/${e.id}`}>{e.subject}</a>
                    </td>
                    <td>{e.kind}</td>
                    <td>
                      <StatusBadge status={e.status} retrying={e.retrying} t={t} />
                      {e.lastError ? <div class="error small">{e.lastError}</div> : null}
                    </td>
                    <td>{e.attempts}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {more && last ? (
            <p>
              <a href={`/admin/emails?${new URLSearchParams({ ...(to ? { to } : {}), before: `${last.createdAt.toISOString()}_${last.id}` })}`}>{t('older')} →</a>
            </p>
          ) : null}
        </BackOfficeLayout>,
      );
    });

    app.get('/emails/:id', async (req, reply) => {
      const id = (req.params as { id: string }).id;
      if (!UUID.test(id)) return notFound(req, reply);
      const [found] = await deps.db.select({ e: emails, retrying }).from(emails).where(eq(emails.id, id));
      if (!found) return notFound(req, reply);
      const e = found.e;
      const [order] = e.orderId ? await deps.db.select({ number: orders.number }).from(orders).where(eq(orders.id, e.orderId)) : [];
      const ctx = pageContext(req, reply);
      const t = mailText(ctx.locale);
      return sendPage(
        reply,
        <BackOfficeLayout ctx={ctx} title={e.subject} menu={operatorMenu(ctx)}>
          <p>
            <a href="/admin/emails">← {t('mailbox')}</a>
          </p>
          <h1>{e.subject}</h1>
          <dl class="facts">
            <dt>{t('to')}</dt>
            <dd>{e.toAddress}</dd>
            <dt>{t('date')}</dt>
            <dd>{formatDate(e.createdAt, ctx.locale, true)}</dd>
            <dt>{t('status')}</dt>
            <dd>
              <StatusBadge status={e.status} retrying={found.retrying} t={t} /> ({t('attempts')}: {e.attempts})
            </dd>
            {e.lastError ? (
              <>
                <dt>{t('last_error')}</dt>
                <dd class="error">{e.lastError}</dd>
              </>
            ) : null}
            {e.smtpResponse ? (
              <>
                <dt>{t('smtp_response')}</dt>
                <dd>{e.smtpResponse}</dd>
              </>
            ) : null}
          </dl>
          <p>
            <a href={`/admin/emails/${e.id}/html`}>{t('html_version')}</a>
          </p>
          {/* Customer service: who it was for, and "Renvoyer" (audit-logged). */}
          <p class="actions">
            {e.customerId ? <a href={`/admin/customers/${e.customerId}`}>{csText(ctx.locale)('customer')} →</a> : null}{' '}
            {order ? <a href={`/admin/orders/${order.number}`}>{csText(ctx.locale)('order_title', { number: order.number })} →</a> : null}
          </p>
          <ResendButton ctx={ctx} emailId={e.id} returnTo={`/admin/emails/${e.id}`} />
          <h2>{t('text_version')}</h2>
          <pre class="mail-text">{e.textBody}</pre>
        </BackOfficeLayout>,
      );
    });

    // "Renvoyer": a new email and job, written to the audit log and to the order's timeline.
    app.post('/emails/:id/resend', async (req, reply) => {
      const id = (req.params as { id: string }).id;
      if (!UUID.test(id)) return notFound(req, reply);
      const r = await resendByOperator(deps, { operatorId: req.operator!.id, emailId: id });
      if (!r.ok) return notFound(req, reply);
      setFlash(reply, csText(req.locale)('resent', { to: r.to }));
      return seeOther(reply, safeReturnTo((req.body as Record<string, unknown> | undefined)?.returnTo, `/admin/emails/${r.emailId}`));
    });

    // The HTML body, sandboxed: no script can run, it cannot reach our origin.
    app.get('/emails/:id/html', async (req, reply) => {
      const id = (req.params as { id: string }).id;
      if (!UUID.test(id)) return notFound(req, reply);
      const [e] = await deps.db.select({ html: emails.htmlBody }).from(emails).where(eq(emails.id, id));
      if (!e) return notFound(req, reply);
      return reply
        .header('content-security-policy', "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data: https:")
        .type('text/html; charset=utf-8')
        .send(e.html);
    });
  };
}
