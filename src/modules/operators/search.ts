import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { customers } from '../accounts/schema.js';
import { orderStatus, sellerOrderStatus, type SellerOrderStatus } from '../orders/derived-status.js';
import { cursorText, parseCursor, type Cursor } from '../orders/queries.js';
import { orderLines, orders, sellerOrders } from '../orders/schema.js';

/**
 * Customer service search (docs/architecture.md, "Operator back office"). What was typed decides what
 * is searched: an order, seller order or incident number opens it (exact match on a unique index);
 * an email, a phone number or a name lists customers in relevance tiers (`Tier`, decision 0029):
 * prefix ranges of customers_*_prefix_idx first, read in order and stopped at the page, then at most
 * SCAN_CAP infix matches of the trigram indexes (customers_*_trgm_idx). Lists are keyset-paginated:
 * customers by tier, orders newest first.
 */
export type Query =
  | { kind: 'empty' }
  | { kind: 'too_short' }
  | { kind: 'order'; number: string }
  | { kind: 'seller_order'; number: string }
  | { kind: 'incident'; number: string }
  | { kind: 'email'; text: string }
  | { kind: 'phone'; digits: string }
  | { kind: 'name'; words: string[] };

export const MIN_QUERY = 3;

/** Pure: what a search box's text asks for. */
export function classifyQuery(raw: string): Query {
  const q = raw.normalize('NFC').trim().replace(/\s+/g, ' ').slice(0, 100);
  if (!q) return { kind: 'empty' };
  const upper = q.toUpperCase();
  if (/^C-\d{4}-\d{6}$/.test(upper)) return { kind: 'order', number: upper };
  if (/^C-\d{4}-\d{6}-\d{1,3}$/.test(upper)) return { kind: 'seller_order', number: upper };
  if (/^I-\d{4}-\d{6}$/.test(upper)) return { kind: 'incident', number: upper };
  if (q.includes('@')) return q.length < MIN_QUERY ? { kind: 'too_short' } : { kind: 'email', text: q.toLowerCase() };
  if (/^[+\d][\d\s./()-]*$/.test(q)) {
    let digits = q.replace(/\D/g, '');
    // +32 470 12 34 56, 0032…, 0470 12 34 56: compare what follows the country code or trunk zero.
    digits = digits.replace(/^00/, '').replace(/^(32|31|33|49|352)(?=\d{8,})/, '').replace(/^0+/, '');
    return digits.length < 6 ? { kind: 'too_short' } : { kind: 'phone', digits };
  }
  const words = q
    .toLowerCase()
    .split(' ')
    .filter((w) => w.length > 0);
  if (words.join('').length < MIN_QUERY) return { kind: 'too_short' };
  return { kind: 'name', words };
}

/** LIKE pattern text with its wildcards escaped. */
const likeText = (s: string) => s.replace(/[\\%_]/g, '\\$&');

/**
 * How a customer was found, in the order the list shows them (docs/decisions/0029-operator-search-tiers.md):
 * `last` last name starts with the word(s), `first` first name starts with them, `email` the address
 * starts with them, `infix` the words are elsewhere in the name (or the address); `all` is the whole
 * list (no query) and `phone` a phone number's digits.
 */
export type Tier = 'last' | 'first' | 'email' | 'infix' | 'all' | 'phone';
const TIERS: readonly Tier[] = ['last', 'first', 'email', 'infix', 'all', 'phone'];

export type CustomerRow = { id: string; firstName: string; lastName: string; email: string; phone: string | null; createdAt: Date; deletedAt: Date | null; tier: Tier };
/** Keyset position: the tier, then that tier's two sort keys and the id (see `Tier`). */
export type CustomerCursor = { tier: Tier; a: string; b: string; id: string };
export const PAGE = 50;
/**
 * What one tier may read for one page: an ordered tier stops after this many index entries (even when
 * they all belong to an earlier tier), the infix tier takes at most this many trigram matches before
 * sorting them. Past it the page says the list was cut.
 */
export const SCAN_CAP = 500;

export function encodeCustomerCursor(c: CustomerCursor): string {
  return Buffer.from(JSON.stringify([c.tier, c.a, c.b, c.id])).toString('base64url');
}
export function decodeCustomerCursor(raw: unknown): CustomerCursor | null {
  if (typeof raw !== 'string' || raw.length > 800) return null;
  try {
    const v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(v) || v.length !== 4 || !v.every((x) => typeof x === 'string')) return null;
    if (!TIERS.includes(v[0] as Tier) || !/^[0-9a-f-]{36}$/.test(v[3] as string)) return null;
    return { tier: v[0] as Tier, a: v[1] as string, b: v[2] as string, id: v[3] as string };
  } catch {
    return null;
  }
}

const fullName = sql`comptoir_unaccent(lower(${customers.firstName} || ' ' || ${customers.lastName}))`;
const phoneDigits = sql`regexp_replace(coalesce(${customers.phone}, ''), '[^0-9]', '', 'g')`;
// The expressions of customers_last_prefix_idx / customers_first_prefix_idx / customers_email_prefix_idx
// (accounts/schema.ts), written identically so PostgreSQL matches them.
const normLast = sql`(comptoir_unaccent(lower(${customers.lastName})) collate "C")`;
const normFirst = sql`(comptoir_unaccent(lower(${customers.firstName})) collate "C")`;
const emailC = sql`(${customers.email} collate "C")`;
/** `col LIKE 'words%'`, the words unaccented as the index's text is (a range of the index). */
const startsWith = (col: SQL, text: string) => sql`${col} like comptoir_unaccent(${likeText(text)}) || '%'`;
const contains = (w: string) => sql`${fullName} like comptoir_unaccent(${'%' + likeText(w) + '%'})`;
const emailContains = (w: string) => sql`${customers.email} like ${'%' + likeText(w) + '%'}`;
const or = (parts: SQL[]) => (parts.length === 1 ? parts[0]! : sql`(${sql.join(parts, sql` or `)})`);

/**
 * One tier: `ranges` are index ranges read in `keys` order (their union is the tier); rows that an
 * earlier tier already listed (`earlier`) are skipped. `infix` tiers have no ordered index: they take
 * SCAN_CAP matches of the trigram index and sort those.
 */
type TierPlan = { tier: Tier; ranges: SQL[]; keys: [SQL, SQL]; earlier: SQL | null; infix?: boolean };

const nameKeys: [SQL, SQL] = [normLast, normFirst];

/** Pure but for SQL fragments: the tiers a query is answered with, in the order they are listed. */
function tiersOf(q: Query): TierPlan[] {
  if (q.kind === 'empty') return [{ tier: 'all', ranges: [sql`true`], keys: [sql`lower(${customers.lastName})`, sql`lower(${customers.firstName})`], earlier: null }];
  if (q.kind === 'phone') return [{ tier: 'phone', ranges: [sql`${phoneDigits} like ${'%' + likeText(q.digits)}`], keys: nameKeys, earlier: null, infix: true }];
  if (q.kind === 'email') {
    const prefix = sql`${emailC} like ${likeText(q.text) + '%'}`;
    return [
      { tier: 'email', ranges: [prefix], keys: [emailC, sql`''::text`], earlier: null },
      { tier: 'infix', ranges: [emailContains(q.text)], keys: nameKeys, earlier: prefix, infix: true },
    ];
  }
  if (q.kind !== 'name') return [];
  const ws = q.words;
  const all = ws.join(' ');
  // Last name: one word (or several in a row: "de smet") starts the last name and the others, in a
  // row, start the first name — either side first ("marie dubois", "dubois marie") — or all the
  // words start the last name.
  const lastRanges: SQL[] = [startsWith(normLast, all)];
  if (ws.length > 1 && ws.length <= 4) {
    for (let c = 1; c < ws.length; c++) {
      const head = ws.slice(0, c).join(' ');
      const tail = ws.slice(c).join(' ');
      lastRanges.push(sql`${startsWith(normLast, tail)} and ${startsWith(normFirst, head)}`);
      lastRanges.push(sql`${startsWith(normLast, head)} and ${startsWith(normFirst, tail)}`);
    }
  }
  const inLast = or(lastRanges);
  const inFirst = startsWith(normFirst, all);
  // As before: every word somewhere in "first last"; a single word may also be in the email.
  const everyWord = and(...ws.map(contains))!;
  if (ws.length > 1) {
    return [
      { tier: 'last', ranges: lastRanges, keys: nameKeys, earlier: null },
      { tier: 'first', ranges: [inFirst], keys: [normFirst, normLast], earlier: inLast },
      { tier: 'infix', ranges: [everyWord], keys: nameKeys, earlier: sql`(${inLast} or ${inFirst})`, infix: true },
    ];
  }
  const inEmail = sql`${emailC} like ${likeText(ws[0]!) + '%'}`;
  return [
    { tier: 'last', ranges: lastRanges, keys: nameKeys, earlier: null },
    { tier: 'first', ranges: [inFirst], keys: [normFirst, normLast], earlier: inLast },
    { tier: 'email', ranges: [inEmail], keys: [emailC, sql`''::text`], earlier: sql`(${inLast} or ${inFirst})` },
    { tier: 'infix', ranges: [sql`(${everyWord} or ${emailContains(ws[0]!)})`], keys: nameKeys, earlier: sql`(${inLast} or ${inFirst} or ${inEmail})`, infix: true },
  ];
}

const columnList = sql`${customers.id} as id, ${customers.firstName} as first_name, ${customers.lastName} as last_name, ${customers.email} as email, ${customers.phone} as phone, ${customers.createdAt} as created_at, ${customers.deletedAt} as deleted_at`;

type TierRow = { tier_no: number; id: string; first_name: string; last_name: string; email: string; phone: string | null; created_at: Date | string; deleted_at: Date | string | null; k1: string; k2: string; earlier: boolean; n: string; rn: string };

/** What one statement reads of an ordered tier: a page and one more row, to know if there is a next page. */
const READ = PAGE + 1;

/**
 * One tier's rows after `after`, in its order. An ordered tier reads `limit` index entries (READ, or
 * what is left of SCAN_CAP when it goes on past rows an earlier tier listed), with a flag on those
 * an earlier tier listed (they are not shown, but they count: fewer than `limit` rows means the tier
 * is exhausted). The infix tier takes SCAN_CAP trigram matches, counts them (`n`), sorts them
 * and returns READ that no earlier tier listed (and the first, which carries the count).
 */
function tierSelect(plan: TierPlan, tierNo: number, after: CustomerCursor | null, limit: number): SQL {
  const [k1, k2] = plan.keys;
  const keyset = after ? sql` and (${k1}, ${k2}, ${customers.id}) > (${after.a}, ${after.b}, ${after.id}::uuid)` : sql``;
  const earlier = plan.earlier ?? sql`false`;
  const cols = sql`${sql.raw(String(tierNo))} as tier_no, ${columnList}, ${k1} as k1, ${k2} as k2, ${earlier} as earlier`;
  const order = sql`order by ${k1}, ${k2}, ${customers.id}`;
  if (plan.infix) {
    // The candidates are the same SCAN_CAP matches on every page (the first in the table's order,
    // whatever the cursor), so that a page never reads more than SCAN_CAP rows; the keyset applies
    // to them, after.
    const afterIn = (t: string) => (after ? sql` and (${sql.raw(t)}.k1, ${sql.raw(t)}.k2, ${sql.raw(t)}.id) > (${after.a}, ${after.b}, ${after.id}::uuid)` : sql``);
    // The first candidate comes back even when it is not shown (`earlier` then), to carry the count.
    const shown = sql`(not m.earlier${afterIn('m')})`;
    return sql`select m.tier_no, m.id, m.first_name, m.last_name, m.email, m.phone, m.created_at, m.deleted_at, m.k1, m.k2, not ${shown} as earlier, m.n from (
        select c.*, count(*) over () as n, row_number() over (order by c.k1, c.k2, c.id) as first from (select ${cols} from ${customers} where ${plan.ranges[0]!} limit ${SCAN_CAP}) c
      ) m where ${shown} or m.first = 1 order by m.k1, m.k2, m.id limit ${READ + 1}`;
  }
  const read = (range: SQL) => sql`select ${cols}, 0 as n from ${customers} where ${range}${keyset} ${order} limit ${limit}`;
  if (plan.ranges.length === 1) return read(plan.ranges[0]!);
  // Several ranges (a multi-word name): each in order, merged once (a customer in two of them is one
  // row); fewer than `limit` rows still means that every range is exhausted.
  return sql`select * from (${sql.join(plan.ranges.map((r) => sql`(${read(r)})`), sql` union `)}) u order by u.k1, u.k2, u.id limit ${limit}`;
}

/**
 * The tiers from `plans[0]` (after `after`) in one statement: each tier is a CTE that runs only when
 * every tier before it is exhausted and the page is not full yet — the gate is an InitPlan, and a
 * tier behind a full page shows "never executed" in EXPLAIN ANALYZE.
 */
async function readTiers(db: DbOrTx, plans: TierPlan[], after: CustomerCursor | null, found: number, firstLimit: number): Promise<TierRow[]> {
  const name = (i: number) => sql.raw(`t${i}`);
  const ctes = plans.map((plan, i) => {
    const body = tierSelect(plan, i, i === 0 ? after : null, i === 0 ? firstLimit : READ);
    if (i === 0) return sql`${name(0)} as (${body})`;
    const before = plans.slice(0, i).map((_, j) => j);
    const exhausted = sql.join(before.map((j) => sql`(select count(*) from ${name(j)}) < ${j === 0 ? firstLimit : READ}`), sql` and `);
    const fresh = sql.join(before.map((j) => sql`(select count(*) from ${name(j)} where not earlier)`), sql` + `);
    return sql`${name(i)} as (select * from (${body}) b where ${exhausted} and ${found} + ${fresh} < ${READ})`;
  });
  // rn: the row's place in its tier's order (the union's order is not promised, so the caller sorts).
  const result = await db.execute<TierRow>(
    sql`with ${sql.join(ctes, sql`, `)} ${sql.join(plans.map((_, i) => sql`select *, row_number() over (order by k1, k2, id) as rn from ${name(i)}`), sql` union all `)}`,
  );
  return result.rows;
}

const customerColumns = {
  id: customers.id,
  firstName: customers.firstName,
  lastName: customers.lastName,
  email: customers.email,
  phone: customers.phone,
  createdAt: customers.createdAt,
  deletedAt: customers.deletedAt,
};

/**
 * Customers matching an email, phone or name query (or all), 50 at a time, in relevance tiers (`Tier`):
 * each tier is an index range already in the list's order, read only until the page is full, so a
 * page costs about its 50 rows whatever the number of customers or matches (docs/performance.md,
 * "Operator search"). The cursor carries the tier. A complete address is looked up exactly first
 * (unique index). `cut`: a tier stopped at SCAN_CAP, some matches are not listed (refine the query).
 */
export async function searchCustomers(db: DbOrTx, q: Query, after: CustomerCursor | null): Promise<{ rows: CustomerRow[]; next: string | null; cut: boolean }> {
  if (q.kind === 'email' && !after && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(q.text)) {
    const exact = await db.select(customerColumns).from(customers).where(eq(customers.email, q.text));
    if (exact.length) return { rows: exact.map((r) => ({ ...r, tier: 'email' as const })), next: null, cut: false };
  }
  const all = tiersOf(q);
  let at = after ? all.findIndex((p) => p.tier === after.tier) : 0;
  if (at < 0) return { rows: [], next: null, cut: false };
  let from = after;
  const rows: CustomerRow[] = [];
  const keys: CustomerCursor[] = [];
  let cut = false;
  let read = 0; // entries of the current tier read for this page
  let firstLimit = READ;
  // Usually one statement. More only when an ordered tier's READ entries were mostly listed by an
  // earlier tier: one more goes on from the last one read, for what is left of SCAN_CAP entries; past
  // that the tier is cut and one more runs the next tiers (3 statements on the worst page measured).
  while (at < all.length && rows.length <= PAGE) {
    const plans = all.slice(at);
    const got = await readTiers(db, plans, from, rows.length, firstLimit);
    let resume: { at: number; from: CustomerCursor | null; read: number } | null = null;
    for (let i = 0; i < plans.length && rows.length <= PAGE; i++) {
      const plan = plans[i]!;
      const mine = got.filter((r) => r.tier_no === i).sort((x, y) => Number(x.rn) - Number(y.rn));
      for (const r of mine) {
        if (r.earlier || rows.length > PAGE) continue;
        rows.push({
          id: r.id,
          firstName: r.first_name,
          lastName: r.last_name,
          email: r.email,
          phone: r.phone,
          createdAt: new Date(r.created_at),
          deletedAt: r.deleted_at === null ? null : new Date(r.deleted_at),
          tier: plan.tier,
        });
        keys.push({ tier: plan.tier, a: r.k1, b: r.k2, id: r.id });
      }
      if (plan.infix) {
        if (mine.some((r) => Number(r.n) >= SCAN_CAP)) cut = true;
        break;
      }
      if (mine.length < (i === 0 ? firstLimit : READ)) continue; // exhausted: the next tier ran in the same statement
      if (rows.length > PAGE) break;
      const sofar = (i === 0 ? read : 0) + mine.length;
      const lastRead = mine[mine.length - 1]!;
      if (sofar >= SCAN_CAP) {
        cut = true;
        resume = { at: at + i + 1, from: null, read: 0 };
      } else resume = { at: at + i, from: { tier: plan.tier, a: lastRead.k1, b: lastRead.k2, id: lastRead.id }, read: sofar };
      break;
    }
    if (!resume) break;
    ({ at, from, read } = resume);
    firstLimit = read > 0 ? SCAN_CAP - read : READ;
  }
  const more = rows.length > PAGE;
  return { rows: rows.slice(0, PAGE), next: more ? encodeCustomerCursor(keys[PAGE - 1]!) : null, cut };
}

/** The order a number names: a customer order's number, or one of its seller orders'. */
export async function findOrderNumber(db: DbOrTx, number: string): Promise<string | null> {
  const [o] = await db.select({ number: orders.number }).from(orders).where(eq(orders.number, number));
  if (o) return o.number;
  const [so] = await db.select({ number: orders.number }).from(sellerOrders).innerJoin(orders, eq(orders.id, sellerOrders.orderId)).where(eq(sellerOrders.number, number));
  return so?.number ?? null;
}

export type OrderListRow = {
  id: string;
  number: string;
  createdAt: Date;
  paidAt: Date | null;
  email: string;
  customerId: string | null;
  customerName: string | null;
  totalCents: number;
  status: SellerOrderStatus;
  cursor: Cursor;
};

/**
 * Orders newest first (all, or one customer's), keyset on (created_at, id) — orders_created_idx /
 * orders_customer_idx — with their derived status: two queries a page, whatever the page.
 */
export async function listOrders(db: DbOrTx, opts: { customerId?: string; before?: Cursor | null; limit?: number } = {}): Promise<{ rows: OrderListRow[]; older: string | null }> {
  const limit = opts.limit ?? PAGE;
  const where: SQL[] = [];
  if (opts.customerId) where.push(eq(orders.customerId, opts.customerId));
  if (opts.before) where.push(sql`(${orders.createdAt}, ${orders.id}) < (${opts.before.at}::timestamptz, ${opts.before.id}::uuid)`);
  const rows = await db
    .select({
      id: orders.id,
      number: orders.number,
      createdAt: orders.createdAt,
      paidAt: orders.paidAt,
      email: orders.email,
      customerId: orders.customerId,
      firstName: customers.firstName,
      lastName: customers.lastName,
      totalCents: orders.totalCents,
      cursorAt: sql<string>`to_char(${orders.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    })
    .from(orders)
    .leftJoin(customers, eq(customers.id, orders.customerId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(limit + 1);
  const shown = rows.slice(0, limit);
  const statuses = await statusesOf(db, shown.map((r) => r.id));
  const out = shown.map((r) => ({
    id: r.id,
    number: r.number,
    createdAt: r.createdAt,
    paidAt: r.paidAt,
    email: r.email,
    customerId: r.customerId,
    customerName: r.firstName !== null ? `${r.firstName} ${r.lastName}` : null,
    totalCents: r.totalCents,
    status: statuses.get(r.id) ?? 'awaiting_payment',
    cursor: { at: r.cursorAt, id: r.id },
  }));
  const last = out[out.length - 1];
  return { rows: out, older: rows.length > limit && last ? cursorText(last.cursor) : null };
}

export { parseCursor };

/** The derived status of each order (derived-status.ts over its lines), in one query. */
export async function statusesOf(db: DbOrTx, orderIds: string[]): Promise<Map<string, SellerOrderStatus>> {
  const out = new Map<string, SellerOrderStatus>();
  if (!orderIds.length) return out;
  const lines = await db
    .select({ orderId: orderLines.orderId, sellerOrderId: orderLines.sellerOrderId, state: orderLines.state, refundedCents: orderLines.refundedCents })
    .from(orderLines)
    .where(inArray(orderLines.orderId, orderIds));
  for (const id of orderIds) {
    const mine = lines.filter((l) => l.orderId === id);
    const bySo = new Map<string, typeof mine>();
    for (const l of mine) bySo.set(l.sellerOrderId, [...(bySo.get(l.sellerOrderId) ?? []), l]);
    out.set(id, orderStatus([...bySo.values()].map((ls) => sellerOrderStatus(ls))));
  }
  return out;
}
