import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { offers } from '../catalog/schema.js';

/**
 * Stock reservation (docs/decisions, checkout record): an order takes its units when it is created
 * and gives them back when its payment fails or is abandoned. Offers are updated in a fixed order
 * (by id) so two checkouts sharing offers never deadlock; the guard `stock >= q` makes PostgreSQL
 * re-check the row after waiting for a concurrent reservation, so stock never goes below 0 and with
 * k units left exactly k buyers get one.
 */
export type Reservation = { offerId: string; quantity: number };

/**
 * Reserves every line or none, in one statement: the offers are locked in id order first (the CTE's
 * ORDER BY … FOR NO KEY UPDATE — not FOR UPDATE, which conflicts with the KEY SHARE lock that every
 * cart add's foreign key check takes on its offer: under 20 concurrent buyers that deadlocked), then
 * each is decremented under its guard. Returns the first offer (by id)
 * short of stock; the caller rolls back.
 */
export async function reserveStock(tx: Tx, lines: readonly Reservation[], now: Date): Promise<{ ok: true } | { ok: false; offerId: string }> {
  const wanted = merge(lines);
  if (wanted.length === 0) return { ok: true };
  // Two array literals as two parameters (drizzle would spread a JS array into a list): uuids and integers only.
  const ids = `{${wanted.map((l) => l.offerId).join(',')}}`;
  const quantities = `{${wanted.map((l) => l.quantity).join(',')}}`;
  const { rows } = await tx.execute<{ id: string }>(sql`
    with w as (select * from unnest(${ids}::uuid[], ${quantities}::int[]) as w(offer_id, quantity)),
    locked as (select ${offers.id} from ${offers} where ${offers.id} in (select offer_id from w) order by ${offers.id} for no key update)
    update ${offers} set stock = ${offers.stock} - w.quantity, updated_at = ${now}
    from w join locked on locked.id = w.offer_id
    where ${offers.id} = w.offer_id and ${offers.stock} >= w.quantity
    returning ${offers.id}`);
  const taken = new Set(rows.map((r) => r.id));
  const short = wanted.find((l) => !taken.has(l.offerId));
  return short ? { ok: false, offerId: short.offerId } : { ok: true };
}

/** Gives reserved units back (a failed, expired or superseded order). */
export async function releaseStock(tx: Tx, lines: readonly { offerId: string | null; quantity: number }[], now: Date): Promise<void> {
  const known = lines.filter((l): l is Reservation => l.offerId !== null);
  for (const l of merge(known)) {
    await tx
      .update(offers)
      .set({ stock: sql`${offers.stock} + ${l.quantity}`, updatedAt: now })
      .where(eq(offers.id, l.offerId));
  }
}

/** One entry per offer, sorted by id: the fixed locking order. */
function merge(lines: readonly Reservation[]): Reservation[] {
  const m = new Map<string, number>();
  for (const l of lines) m.set(l.offerId, (m.get(l.offerId) ?? 0) + l.quantity);
  return [...m].map(([offerId, quantity]) => ({ offerId, quantity })).sort((a, b) => (a.offerId < b.offerId ? -1 : a.offerId > b.offerId ? 1 : 0));
}
