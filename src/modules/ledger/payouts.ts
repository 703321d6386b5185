import { randomUUID } from 'node:crypto';
import { desc, eq, sql } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import type { DbOrTx } from '../../db/client.js';
import { sellers } from '../sellers/schema.js';
import { sellerBalances } from './balances.js';
import { bookPayout } from './book.js';
import { payouts } from './schema.js';
import { emitSellerEvent } from '../api/events.js';

export const MIN_PAYOUT_CENTS = 100;

/**
 * A payout run: pays each seller its available balance (at least 1 €) and books it, one transaction
 * per seller under an advisory lock, so two runs at once (the cron and an operator) never pay twice.
 * Returns the run id and what was paid.
 */
export async function runPayouts(deps: Deps, opts: { runId?: string; sellerIds?: string[] } = {}): Promise<{ runId: string; paid: { sellerId: string; amountCents: number; payoutId: string }[] }> {
  const runId = opts.runId ?? `run-${deps.clock.now().toISOString().slice(0, 10)}-${randomUUID().slice(0, 8)}`;
  const candidates = (await sellerBalances(deps.db, deps.clock.now(), opts.sellerIds)).filter((b) => b.availableCents >= MIN_PAYOUT_CENTS);
  const paid: { sellerId: string; amountCents: number; payoutId: string }[] = [];
  for (const c of candidates) {
    const result = await deps.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`payout:${c.sellerId}`}))`);
      const [fresh] = await sellerBalances(tx, deps.clock.now(), [c.sellerId]);
      if (!fresh || fresh.availableCents < MIN_PAYOUT_CENTS) return null;
      const [p] = await tx
        .insert(payouts)
        .values({ sellerId: c.sellerId, amountCents: fresh.availableCents, runId, reference: `COMPTOIR ${runId.toUpperCase()}`, createdAt: deps.clock.now() })
        .onConflictDoNothing()
        .returning();
      if (!p) return null;
      await bookPayout(tx, { sellerId: c.sellerId, amountCents: p.amountCents, payoutId: p.id, at: deps.clock.now() });
      await emitSellerEvent(tx, c.sellerId, 'payout.made', { payout_id: p.id, amount_cents: p.amountCents, reference: p.reference }, deps.clock.now());
      return { sellerId: c.sellerId, amountCents: p.amountCents, payoutId: p.id };
    });
    if (result) paid.push(result);
  }
  return { runId, paid };
}

/** A spreadsheet cell that cannot become a formula (=, +, -, @, tab, CR start) and is quoted. */
export function csvCell(value: string | number): string {
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

/** The bank file of a payout run: one line per seller paid. */
export async function payoutCsv(db: DbOrTx, runId: string): Promise<string> {
  const rows = await db
    .select({ name: sellers.legalName, vat: sellers.vatNumber, amount: payouts.amountCents, reference: payouts.reference, at: payouts.createdAt })
    .from(payouts)
    .innerJoin(sellers, eq(sellers.id, payouts.sellerId))
    .where(eq(payouts.runId, runId))
    .orderBy(sellers.legalName);
  const header = ['beneficiary', 'vat_number', 'amount_eur', 'reference', 'date'].map(csvCell).join(',');
  const lines = rows.map((r) => [r.name, r.vat, (r.amount / 100).toFixed(2), r.reference, r.at.toISOString().slice(0, 10)].map(csvCell).join(','));
  return [header, ...lines].join('\r\n') + '\r\n';
}

export async function recentRuns(db: DbOrTx, limit = 20) {
  return db
    .select({ runId: payouts.runId, sellers: sql<number>`count(*)::int`, totalCents: sql<number>`sum(${payouts.amountCents})::int`, at: sql<Date>`max(${payouts.createdAt})` })
    .from(payouts)
    .groupBy(payouts.runId)
    .orderBy(desc(sql`max(${payouts.createdAt})`))
    .limit(limit);
}
