import { sql } from 'drizzle-orm';
import type { Deps } from '../../deps.js';

/** A guest cart nobody touched for this long is deleted (its cookie may be long gone). */
export const GUEST_CART_DAYS = 30;

/**
 * The `purge_guest_carts` cron task: deletes carts with no customer whose last change (the cart's
 * updated_at, or an item added later) is older than 30 days; their items go with them (on delete
 * cascade). A customer's cart is kept: it is part of the account. Returns how many carts went.
 */
export async function purgeGuestCarts(deps: Pick<Deps, 'db' | 'clock'>): Promise<number> {
  const cutoff = new Date(deps.clock.now().getTime() - GUEST_CART_DAYS * 86_400_000);
  const r = await deps.db.execute(sql`
    delete from carts c
    where c.customer_id is null
      and c.updated_at < ${cutoff.toISOString()}::timestamptz
      and not exists (select 1 from cart_items i where i.cart_id = c.id and i.added_at >= ${cutoff.toISOString()}::timestamptz)`);
  return r.rowCount ?? 0;
}
