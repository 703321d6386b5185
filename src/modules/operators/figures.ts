import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';

/** The window of the sellers' figures, and when a shipment counts as late. */
export const FIGURES_DAYS = 90;
export const LATE_AFTER_DAYS = 3;

export type SellerFigures = {
  sellerId: string;
  name: string;
  slug: string;
  status: 'active' | 'suspended';
  createdAt: Date;
  /** Seller orders paid in the window. */
  orders: number;
  lines: number;
  /** Lines shipped more than LATE_AFTER_DAYS after payment, or still unshipped after that. */
  late: number;
  /** Lines that were or should have been shipped by now (the late rate's denominator). */
  shippable: number;
  incidents: number;
  soldCents: number;
  refundedCents: number;
  questionMedianSeconds: number | null;
  questions: number;
  incidentMedianSeconds: number | null;
  incidentThreads: number;
};

/**
 * Per seller, over the orders paid in the last FIGURES_DAYS days: orders, late shipments, incidents
 * (per line), refunds (per euro sold); and over the conversations started in that window, the median
 * time to the seller's first answer — to product questions and to incidents. One query for all
 * sellers (or the given one), grouped in PostgreSQL.
 */
export async function sellerFigures(db: DbOrTx, now: Date, opts: { sellerId?: string; status?: 'active' | 'suspended'; name?: string } = {}): Promise<SellerFigures[]> {
  const since = new Date(now.getTime() - FIGURES_DAYS * 86_400_000);
  const late = sql.raw(`interval '${LATE_AFTER_DAYS} days'`);
  const where = [sql`true`];
  if (opts.sellerId) where.push(sql`s.id = ${opts.sellerId}`);
  if (opts.status) where.push(sql`s.status = ${opts.status}`);
  if (opts.name) where.push(sql`s.name ilike ${'%' + opts.name.replace(/[\\%_]/g, '\\$&') + '%'}`);
  const { rows } = await db.execute<{
    seller_id: string;
    name: string;
    slug: string;
    status: 'active' | 'suspended';
    created_at: string | Date;
    orders: number;
    lines: number;
    late: number;
    shippable: number;
    incidents: number;
    sold: number;
    refunded: number;
    q_median: number | null;
    questions: number;
    i_median: number | null;
    incident_threads: number;
  }>(sql`
    with l as (
      select l.seller_id,
        count(distinct l.seller_order_id)::int as orders,
        count(*)::int as lines,
        count(*) filter (where (l.shipped_at is not null and l.shipped_at > o.paid_at + ${late})
          or (l.shipped_at is null and l.state in ('paid', 'preparing') and ${now}::timestamptz > o.paid_at + ${late}))::int as late,
        count(*) filter (where l.shipped_at is not null or (l.state in ('paid', 'preparing') and ${now}::timestamptz > o.paid_at + ${late}))::int as shippable,
        coalesce(sum(l.total_cents), 0)::bigint as sold,
        coalesce(sum(l.refunded_cents), 0)::bigint as refunded
      from order_lines l join orders o on o.id = l.order_id
      where o.paid_at >= ${since}
      group by l.seller_id
    ), i as (
      select i.seller_id, count(*)::int as incidents
      from incidents i join orders o on o.id = i.order_id
      where o.paid_at >= ${since}
      group by i.seller_id
    ), t as (
      select seller_id,
        percentile_cont(0.5) within group (order by extract(epoch from first_seller_reply_at - created_at)) filter (where kind = 'product' and first_seller_reply_at is not null) as q_median,
        count(*) filter (where kind = 'product')::int as questions,
        percentile_cont(0.5) within group (order by extract(epoch from first_seller_reply_at - created_at)) filter (where kind = 'incident' and first_seller_reply_at is not null) as i_median,
        count(*) filter (where kind = 'incident')::int as incident_threads
      from message_threads
      where started_by = 'customer' and created_at >= ${since}
      group by seller_id
    )
    select s.id as seller_id, s.name, s.slug, s.status, s.created_at,
      coalesce(l.orders, 0) as orders, coalesce(l.lines, 0) as lines, coalesce(l.late, 0) as late, coalesce(l.shippable, 0) as shippable,
      coalesce(i.incidents, 0) as incidents, coalesce(l.sold, 0) as sold, coalesce(l.refunded, 0) as refunded,
      t.q_median, coalesce(t.questions, 0) as questions, t.i_median, coalesce(t.incident_threads, 0) as incident_threads
    from sellers s
    left join l on l.seller_id = s.id
    left join i on i.seller_id = s.id
    left join t on t.seller_id = s.id
    where ${sql.join(where, sql` and `)}
    order by lower(s.name), s.id`);
  return rows.map((r) => ({
    sellerId: r.seller_id,
    name: r.name,
    slug: r.slug,
    status: r.status,
    createdAt: new Date(r.created_at),
    orders: Number(r.orders),
    lines: Number(r.lines),
    late: Number(r.late),
    shippable: Number(r.shippable),
    incidents: Number(r.incidents),
    soldCents: Number(r.sold),
    refundedCents: Number(r.refunded),
    questionMedianSeconds: r.q_median === null ? null : Number(r.q_median),
    questions: Number(r.questions),
    incidentMedianSeconds: r.i_median === null ? null : Number(r.i_median),
    incidentThreads: Number(r.incident_threads),
  }));
}

/** A share as a percentage with one decimal, or null without a denominator (pure). */
export function rate(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : null;
}
