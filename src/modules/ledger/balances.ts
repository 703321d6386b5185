import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { WITHDRAWAL_DAYS } from '../incidents/lifecycle.js';

export type SellerBalance = {
  sellerId: string;
  /** Everything the marketplace owes the seller now (ledger balance, payouts deducted). */
  owedCents: number;
  /** Held: lines not yet delivered, still within the withdrawal period, or with an open incident. */
  pendingCents: number;
  /** What the next payout would pay: owed minus held (negative when refunds came after a payout). */
  availableCents: number;
  paidOutCents: number;
};

/**
 * Seller balances, derived from the ledger (never stored): a line's net amount for the seller is the
 * sum of its entries on the seller's account; it is available once the line is delivered and the
 * 14-day withdrawal period is over with no incident open on it (or when it ended cancelled/refunded).
 * A seller order's shipping follows its lines: held while any of them is held.
 */
export async function sellerBalances(db: DbOrTx, now: Date, sellerIds?: string[]): Promise<SellerBalance[]> {
  const cutoff = new Date(now.getTime() - WITHDRAWAL_DAYS * 86_400_000);
  const filter = sellerIds && sellerIds.length ? sql`and e.seller_id in (${sql.join(sellerIds.map((id) => sql`${id}::uuid`), sql`, `)})` : sql``;
  const rows = await db.execute<{ seller_id: string; owed: number; pending: number; paid_out: number }>(sql`
    with held_lines as (
      select l.id, l.seller_order_id
      from order_lines l
      where not (
        l.state in ('cancelled', 'refunded')
        or (l.state in ('delivered', 'closed') and l.delivered_at <= ${cutoff.toISOString()}::timestamptz)
      ) or exists (select 1 from incidents i where i.order_line_id = l.id and i.state <> 'closed')
    ),
    held_orders as (select distinct seller_order_id from held_lines),
    entries as (
      select e.seller_id, e.amount_cents, e.order_line_id, t.kind, split_part(t.event_key, ':', 2) as ref
      from ledger_entries e join ledger_transactions t on t.id = e.transaction_id
      where e.seller_id is not null ${filter}
    )
    select seller_id,
      (-sum(amount_cents))::int as owed,
      (-coalesce(sum(amount_cents) filter (where
          (order_line_id is not null and order_line_id in (select id from held_lines))
          or (kind in ('shipping', 'shipping_refund') and ref in (select seller_order_id::text from held_orders))
      ), 0))::int as pending,
      coalesce(sum(amount_cents) filter (where kind = 'payout'), 0)::int as paid_out
    from entries
    group by seller_id
  `);
  return rows.rows.map((r) => ({ sellerId: r.seller_id, owedCents: r.owed, pendingCents: r.pending, availableCents: r.owed - r.pending, paidOutCents: r.paid_out }));
}

/** Sum per account over the whole ledger: the trial balance. Its total must be zero. */
export async function trialBalance(db: DbOrTx): Promise<{ accounts: { account: string; balanceCents: number }[]; totalCents: number; unbalancedTransactions: number }> {
  const accounts = await db.execute<{ account: string; balance: number }>(sql`
    select case when account like 'seller:%' then 'seller:*' else account end as account, sum(amount_cents)::int as balance
    from ledger_entries group by 1 order by 1`);
  const unbalanced = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from (select transaction_id from ledger_entries group by 1 having sum(amount_cents) <> 0) x`);
  const list = accounts.rows.map((r) => ({ account: r.account, balanceCents: r.balance }));
  return { accounts: list, totalCents: list.reduce((s, a) => s + a.balanceCents, 0), unbalancedTransactions: unbalanced.rows[0]?.n ?? 0 };
}

/** Commission earned per month (net of commission given back on refunds). */
export async function commissionByMonth(db: DbOrTx, months = 12): Promise<{ month: string; commissionCents: number }[]> {
  const r = await db.execute<{ month: string; commission: number }>(sql`
    select to_char(date_trunc('month', created_at at time zone 'Europe/Brussels'), 'YYYY-MM') as month, (-sum(amount_cents))::int as commission
    from ledger_entries where account = 'commission'
    group by 1 order by 1 desc limit ${months}`);
  return r.rows.map((x) => ({ month: x.month, commissionCents: x.commission }));
}

export type SellerPeriodTotals = { sellerId: string; salesCents: number; commissionCents: number; refundsCents: number; shippingCents: number; payoutsCents: number };

/**
 * What happened per seller in one month (Europe/Brussels): sales booked (lines paid, incl. VAT),
 * the commission taken net of what refunds gave back, refunds, shipping fees and payouts.
 */
export async function sellerTotalsForMonth(db: DbOrTx, month: string): Promise<SellerPeriodTotals[]> {
  const r = await db.execute<{ seller_id: string; sales: number; commission: number; refunds: number; shipping: number; payouts: number }>(sql`
    with tx as (
      select t.id, t.kind from ledger_transactions t
      where date_trunc('month', t.created_at at time zone 'Europe/Brussels') = to_date(${month}, 'YYYY-MM')
    ),
    lines as (
      select e.order_line_id, t.kind, e.account, e.amount_cents, e.seller_id
      from ledger_entries e join tx t on t.id = e.transaction_id
    ),
    owner as (select distinct order_line_id, seller_id from lines where seller_id is not null and order_line_id is not null)
    select s.seller_id,
      coalesce((select sum(l.amount_cents) from lines l where l.account = 'psp' and l.kind = 'capture' and l.order_line_id in (select order_line_id from owner o where o.seller_id = s.seller_id)), 0)::int as sales,
      coalesce((select -sum(l.amount_cents) from lines l where l.account = 'commission' and l.order_line_id in (select order_line_id from owner o where o.seller_id = s.seller_id)), 0)::int as commission,
      coalesce((select -sum(l.amount_cents) from lines l where l.account = 'psp' and l.kind in ('refund', 'shipping_refund') and (l.order_line_id in (select order_line_id from owner o where o.seller_id = s.seller_id))), 0)::int
        + coalesce((select sum(l.amount_cents) from lines l where l.seller_id = s.seller_id and l.kind = 'shipping_refund'), 0)::int as refunds,
      coalesce((select -sum(l.amount_cents) from lines l where l.seller_id = s.seller_id and l.kind = 'shipping'), 0)::int as shipping,
      coalesce((select sum(l.amount_cents) from lines l where l.seller_id = s.seller_id and l.kind = 'payout'), 0)::int as payouts
    from (select distinct seller_id from lines where seller_id is not null) s
    order by 2 desc`);
  return r.rows.map((x) => ({ sellerId: x.seller_id, salesCents: x.sales, commissionCents: x.commission, refundsCents: x.refunds, shippingCents: x.shipping, payoutsCents: x.payouts }));
}
