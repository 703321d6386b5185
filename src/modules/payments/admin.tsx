import { inArray } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.js';
import { operatorMenu } from '../../faces/operator.js';
import { pageContext, setFlash } from '../../http/context.js';
import { notFound } from '../../http/errors.js';
import { seeOther, sendPage } from '../../http/render.js';
import { formatDate, formatMoney } from '../../i18n/index.js';
import { BackOfficeLayout } from '../../ui/layout.js';
import { DataTable } from '../../ui/table.js';
import { PostButton } from '../operators/parts.js';
import { retryRefund } from '../orders/refunds.js';
import { orders } from '../orders/schema.js';
import { refundAdminText } from './admin-messages.js';
import { failedRefunds } from './service.js';

/**
 * Customer service's refused refunds (/admin/refunds): every refund the provider refused, the open
 * ones first, with "Relancer le remboursement" (a new refund of the same amount, audited).
 */
export function refundAdminRoutes(deps: Deps) {
  return async function (app: FastifyInstance) {
    app.get('/refunds', async (req, reply) => {
      const ctx = pageContext(req, reply);
      const t = refundAdminText(ctx.locale);
      const list = await failedRefunds(deps);
      const orderIds = [...new Set(list.map((r) => r.payment.orderId))];
      const numbers = orderIds.length ? await deps.db.select({ id: orders.id, number: orders.number }).from(orders).where(inArray(orders.id, orderIds)) : [];
      const numberOf = new Map(numbers.map((o) => [o.id, o.number]));
      const rows = [...list.filter((r) => !r.retriedBy), ...list.filter((r) => r.retriedBy)];
      const money = (c: number) => formatMoney(c, ctx.locale);
      return sendPage(
        reply,
        <BackOfficeLayout ctx={ctx} title={t('title')} menu={operatorMenu(ctx)}>
          <h1>{t('title')}</h1>
          <p class="hint">{t('intro')}</p>
          <DataTable
            rows={rows}
            empty={t('none')}
            columns={[
              { label: t('col_date'), cell: (r) => formatDate(r.refund.settledAt ?? r.refund.createdAt, ctx.locale, true) },
              {
                label: t('col_order'),
                cell: (r) => {
                  const n = numberOf.get(r.payment.orderId);
                  return n ? <a href={`/admin/orders/${n}`}>{n}</a> : '—';
                },
              },
              { label: t('col_what'), cell: (r) => t(r.refund.reason === 'paid_after_final' ? 'what_abandoned' : r.refund.orderLineId ? 'what_line' : 'what_shipping') },
              { label: t('col_amount'), num: true, cell: (r) => money(r.refund.amountCents) },
              { label: t('col_code'), cell: (r) => r.refund.failureCode ?? '—' },
              {
                label: t('col_state'),
                cell: (r) =>
                  r.retriedBy ? t('state_retried', { status: t(`status_${r.retriedBy.status}`) }) : <PostButton ctx={ctx} action={`/admin/refunds/${r.refund.id}/retry`} label={t('retry')} kind="primary" />,
              },
            ]}
          />
        </BackOfficeLayout>,
      );
    });

    app.post('/refunds/:id/retry', async (req, reply) => {
      const ctx = pageContext(req, reply);
      const t = refundAdminText(ctx.locale);
      const { id } = req.params as { id: string };
      const r = await retryRefund(deps, { refundId: id, actor: { type: 'operator', id: req.operator!.id } });
      if (!r.ok && r.code === 'not_found') return notFound(req, reply);
      setFlash(reply, r.ok ? t('retried', { amount: formatMoney(r.amountCents, ctx.locale) }) : t('retry_refused', { code: r.code }));
      return seeOther(reply, '/admin/refunds');
    });
  };
}
