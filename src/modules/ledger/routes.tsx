import { and, desc, eq, lt } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.js';
import { operatorMenu } from '../../faces/operator.js';
import { sellerMenu } from '../../faces/seller.js';
import { pageContext, setFlash } from '../../http/context.js';
import { notFound } from '../../http/errors.js';
import { seeOther, sendPage } from '../../http/render.js';
import { formatDate, formatMoney } from '../../i18n/index.js';
import { BackOfficeLayout, CsrfField } from '../../ui/layout.js';
import { DataTable } from '../../ui/table.js';
import { orderLines, sellerOrders } from '../orders/schema.js';
import { sellers } from '../sellers/schema.js';
import { commissionByMonth, sellerBalances, sellerTotalsForMonth, trialBalance } from './balances.js';
import { ledgerText } from './messages.js';
import { payoutCsv, recentRuns, runPayouts } from './payouts.js';
import { ledgerEntries, ledgerTransactions, payouts } from './schema.js';

const PAGE = 100;

/** "Mes paiements" in /vendeur: the seller's balances, its entries per order line, its payouts. */
export function sellerLedgerRoutes(deps: Deps) {
  return async function (app: FastifyInstance) {
    app.get('/payments', async (req, reply) => {
      const ctx = pageContext(req, reply);
      const t = ledgerText(ctx.locale);
      const sellerId = req.seller!.sellerId;
      const before = Number((req.query as { before?: string }).before);
      const [balance] = await sellerBalances(deps.db, deps.clock.now(), [sellerId]);
      const entries = await deps.db
        .select({ id: ledgerEntries.id, at: ledgerEntries.createdAt, amount: ledgerEntries.amountCents, kind: ledgerTransactions.kind, sku: orderLines.sku, number: sellerOrders.number })
        .from(ledgerEntries)
        .innerJoin(ledgerTransactions, eq(ledgerTransactions.id, ledgerEntries.transactionId))
        .leftJoin(orderLines, eq(orderLines.id, ledgerEntries.orderLineId))
        .leftJoin(sellerOrders, eq(sellerOrders.id, orderLines.sellerOrderId))
        .where(and(eq(ledgerEntries.sellerId, sellerId), Number.isSafeInteger(before) && before > 0 ? lt(ledgerEntries.id, before) : undefined))
        .orderBy(desc(ledgerEntries.id))
        .limit(PAGE + 1);
      const list = await deps.db.select().from(payouts).where(eq(payouts.sellerId, sellerId)).orderBy(desc(payouts.createdAt)).limit(50);
      const b = balance ?? { owedCents: 0, pendingCents: 0, availableCents: 0, paidOutCents: 0 };
      const money = (c: number) => formatMoney(c, ctx.locale);
      return sendPage(
        reply,
        <BackOfficeLayout ctx={ctx} title={t('my_payments')} menu={sellerMenu(ctx)}>
          <h1>{t('my_payments')}</h1>
          <dl class="stat-cards">
            <div class="card">
              <dt>{t('pending')}</dt>
              <dd>{money(b.pendingCents)}</dd>
              <p class="hint">{t('pending_help')}</p>
            </div>
            <div class="card">
              <dt>{t('available')}</dt>
              <dd>{money(b.availableCents)}</dd>
              <p class="hint">{t('available_help')}</p>
            </div>
            <div class="card">
              <dt>{t('paid_out')}</dt>
              <dd>{money(b.paidOutCents)}</dd>
            </div>
          </dl>
          <h2>{t('entries')}</h2>
          <DataTable
            empty={t('none')}
            rows={entries.slice(0, PAGE)}
            columns={[
              { label: t('date'), cell: (e) => formatDate(e.at, ctx.locale, true) },
              { label: t('kind'), cell: (e) => t(`kind_${e.kind}`) },
              { label: t('order_line'), cell: (e) => (e.number ? `${e.number} · ${e.sku}` : '—') },
              { label: t('amount'), num: true, cell: (e) => money(-e.amount) },
            ]}
          />
          {entries.length > PAGE ? <a href={`/vendeur/payments?before=${entries[PAGE - 1]!.id}`}>→</a> : null}
          <h2>{t('payouts')}</h2>
          <DataTable
            empty={t('none')}
            rows={list}
            columns={[
              { label: t('date'), cell: (p) => formatDate(p.createdAt, ctx.locale) },
              { label: t('reference'), cell: (p) => p.reference },
              { label: t('amount'), num: true, cell: (p) => money(p.amountCents) },
            ]}
          />
        </BackOfficeLayout>,
      );
    });
  };
}

/** The operator's ledger: balances per seller, commission per month, the trial balance, payout runs. */
export function operatorLedgerRoutes(deps: Deps) {
  return async function (app: FastifyInstance) {
    app.get('/ledger', async (req, reply) => {
      const ctx = pageContext(req, reply);
      const t = ledgerText(ctx.locale);
      const money = (c: number) => formatMoney(c, ctx.locale);
      const asked = (req.query as { month?: string }).month;
      const month = typeof asked === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(asked) ? asked : deps.clock.now().toISOString().slice(0, 7);
      const [balances, names, months, trial, runs, period] = await Promise.all([
        sellerBalances(deps.db, deps.clock.now()),
        deps.db.select({ id: sellers.id, name: sellers.name }).from(sellers),
        commissionByMonth(deps.db),
        trialBalance(deps.db),
        recentRuns(deps.db),
        sellerTotalsForMonth(deps.db, month),
      ]);
      const nameOf = new Map(names.map((n) => [n.id, n.name]));
      return sendPage(
        reply,
        <BackOfficeLayout ctx={ctx} title={t('ledger')} menu={operatorMenu(ctx)}>
          <h1>{t('ledger')}</h1>
          <p class={trial.totalCents === 0 && trial.unbalancedTransactions === 0 ? 'flash' : 'form-error'} role="status">
            {trial.totalCents === 0 && trial.unbalancedTransactions === 0 ? t('balanced') : t('unbalanced', { n: trial.unbalancedTransactions })}
          </p>
          <h2>{t('per_seller')}</h2>
          <DataTable
            rows={balances}
            columns={[
              { label: t('seller'), cell: (b) => nameOf.get(b.sellerId) ?? b.sellerId },
              { label: t('owed'), num: true, cell: (b) => money(b.owedCents) },
              { label: t('pending'), num: true, cell: (b) => money(b.pendingCents) },
              { label: t('available'), num: true, cell: (b) => money(b.availableCents) },
              { label: t('paid_out'), num: true, cell: (b) => money(b.paidOutCents) },
            ]}
          />
          <h2>{t('per_period')}</h2>
          <form method="get" action="/admin/ledger" class="filters">
            <label for="month">{t('month')}</label>
            <input id="month" name="month" type="month" value={month} />
            <button type="submit">{t('show')}</button>
          </form>
          <DataTable
            empty={t('none')}
            rows={period}
            columns={[
              { label: t('seller'), cell: (p) => nameOf.get(p.sellerId) ?? p.sellerId },
              { label: t('sales'), num: true, cell: (p) => money(p.salesCents) },
              { label: t('commission'), num: true, cell: (p) => money(p.commissionCents) },
              { label: t('refunds'), num: true, cell: (p) => money(p.refundsCents) },
              { label: t('shipping'), num: true, cell: (p) => money(p.shippingCents) },
              { label: t('payouts'), num: true, cell: (p) => money(p.payoutsCents) },
            ]}
          />
          {req.operator?.role === 'admin' ? (
            <form method="post" action="/admin/ledger/payouts" class="card">
              <CsrfField ctx={ctx} />
              <p>{t('run_payouts_help')}</p>
              <button type="submit" class="button primary">
                {t('run_payouts')}
              </button>
            </form>
          ) : null}
          <h2>{t('runs')}</h2>
          <DataTable
            empty={t('none')}
            rows={runs}
            columns={[
              { label: t('date'), cell: (r) => formatDate(r.at, ctx.locale, true) },
              { label: t('reference'), cell: (r) => r.runId },
              { label: t('sellers_count'), num: true, cell: (r) => r.sellers },
              { label: t('total'), num: true, cell: (r) => money(r.totalCents) },
              { label: 'CSV', cell: (r) => <a href={`/admin/ledger/runs/${encodeURIComponent(r.runId)}.csv`}>{t('download_csv')}</a> },
            ]}
          />
          <h2>{t('commission_income')}</h2>
          <DataTable
            rows={months}
            columns={[
              { label: t('month'), cell: (m) => m.month },
              { label: t('commission'), num: true, cell: (m) => money(m.commissionCents) },
            ]}
          />
          <h2>{t('trial_balance')}</h2>
          <DataTable
            rows={trial.accounts}
            columns={[
              { label: t('account'), cell: (a) => a.account },
              { label: t('balance'), num: true, cell: (a) => money(a.balanceCents) },
            ]}
            footer={
              <tr>
                <th scope="row">{t('total')}</th>
                <td class="num">{money(trial.totalCents)}</td>
              </tr>
            }
          />
        </BackOfficeLayout>,
      );
    });

    app.post('/ledger/payouts', async (req, reply) => {
      if (req.operator?.role !== 'admin') return notFound(req, reply);
      const t = ledgerText(req.locale);
      const { paid } = await runPayouts(deps);
      setFlash(reply, t('payouts_done', { n: paid.length, total: formatMoney(paid.reduce((s, p) => s + p.amountCents, 0), req.locale) }));
      return seeOther(reply, '/admin/ledger');
    });

    app.get('/ledger/runs/:file', async (req, reply) => {
      const file = (req.params as { file: string }).file;
      const m = /^(run-[0-9a-z-]{1,60})\.csv$/.exec(file);
      if (!m) return notFound(req, reply);
      const csv = await payoutCsv(deps.db, m[1]!);
      return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${m[1]}.csv"`).send(csv);
    });
  };
}
