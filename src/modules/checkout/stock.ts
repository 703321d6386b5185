import { and, eq, gte, sql } from 'drizzle-orm';
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

/** Reserves every line or none: returns the first offer short of stock (the caller rolls back). */
export async function reserveStock(tx: Tx, lines: readonly Reservation[], now: Date): Promise<{ ok: true } | { ok: false; offerId: string }> {
  for (const l of merge(lines)) {
    const rows = await tx
      .update(offers)
      .set({ stock: sql`${offers.stock} - ${l.quantity}`, updatedAt: now })
      .where(and(eq(offers.id, l.offerId), gte(offers.stock, l.quantity)))
      .returning({ id: offers.id });
    if (rows.length === 0) return { ok: false, offerId: l.offerId };
  }
  return { ok: true };
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
