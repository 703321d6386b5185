import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { addressBookColumn, addressBookFrom, type Address, type AddressWithDefaults } from '../accounts/addresses.js';
import { resolveSelection, type Selection } from './rules.js';
import { checkouts } from './schema.js';

export type CheckoutRow = typeof checkouts.$inferSelect;

export const newCheckoutKey = () => randomBytes(18).toString('base64url');

/**
 * The customer's checkout row, created on first use (with the key the next "Payer" will carry).
 * Read first: it exists on every visit but the first, so that costs one statement, not two.
 */
export async function ensureCheckout(db: DbOrTx, customerId: string, now: Date): Promise<CheckoutRow> {
  const [found] = await db.select().from(checkouts).where(eq(checkouts.customerId, customerId));
  if (found) return found;
  const [created] = await db.insert(checkouts).values({ customerId, checkoutKey: newCheckoutKey(), updatedAt: now }).onConflictDoNothing({ target: checkouts.customerId }).returning();
  if (created) return created;
  // Created by a concurrent request meanwhile.
  const [row] = await db.select().from(checkouts).where(eq(checkouts.customerId, customerId));
  return row!;
}

export type CheckoutState = {
  row: CheckoutRow;
  addresses: Address[];
  defaults: { billingId: string | null; deliveryId: string | null };
  selection: Selection | null;
  billing: Address | null;
  delivery: Address | null;
};

type CheckoutRowJson = Omit<CheckoutRow, 'updatedAt'> & { updatedAt: string };
export type CheckoutStateJson = { row: CheckoutRowJson | null; addresses: Parameters<typeof addressBookFrom>[0] };

/**
 * The checkout's row and the address book as one column of another statement (the cart's, on every
 * step: see loadCartWith). Decode it with `checkoutStateFrom`.
 */
export function checkoutStateColumn(customerId: string) {
  return sql<CheckoutStateJson>`json_build_object(
    'row', (select json_build_object('customerId', k.customer_id, 'billingAddressId', k.billing_address_id, 'deliveryAddressId', k.delivery_address_id,
        'separateDelivery', k.separate_delivery, 'checkoutKey', k.checkout_key, 'updatedAt', k.updated_at)
      from ${checkouts} k where k.customer_id = ${customerId}),
    'addresses', ${addressBookColumn(customerId)})`;
}

/** The state read by `checkoutStateColumn`; the checkout row is created here on the customer's first visit. */
export async function checkoutStateFrom(db: DbOrTx, customerId: string, now: Date, json: CheckoutStateJson): Promise<CheckoutState> {
  const row = json.row ? { ...json.row, updatedAt: new Date(json.row.updatedAt) } : await ensureCheckout(db, customerId, now);
  return stateOf(row, addressBookFrom(json.addresses));
}

/** Everything the address steps show — the address book, its defaults, the current choice — from the checkout row and the address book (which marks its defaults: a default is always one of these addresses). */
export function stateOf(row: CheckoutRow, addresses: AddressWithDefaults[]): CheckoutState {
  const defaults = { billingId: addresses.find((a) => a.isDefaultBilling)?.id ?? null, deliveryId: addresses.find((a) => a.isDefaultDelivery)?.id ?? null };
  const stored = row.billingAddressId || row.separateDelivery ? row : null;
  const selection = resolveSelection(stored, defaults, addresses.map((a) => a.id));
  const byId = (id: string | undefined) => addresses.find((a) => a.id === id) ?? null;
  return { row, addresses, defaults, selection, billing: byId(selection?.billingId), delivery: byId(selection?.deliveryId) };
}

/** Stores the customer's choice (ids already checked to be theirs). */
export async function storeChoice(db: DbOrTx, customerId: string, choice: Selection, now: Date): Promise<void> {
  await db
    .update(checkouts)
    .set({ billingAddressId: choice.billingId, deliveryAddressId: choice.deliveryId, separateDelivery: choice.separate, updatedAt: now })
    .where(eq(checkouts.customerId, customerId));
}

/** A new key for the next checkout attempt (after an order was created with the current one): the UPDATE, unsent — "Payer" runs it in the statement that writes the order. */
export function nextKeyUpdate(db: DbOrTx, customerId: string, now: Date) {
  return db.update(checkouts).set({ checkoutKey: newCheckoutKey(), updatedAt: now }).where(eq(checkouts.customerId, customerId));
}

/** After a paid order the next checkout starts again from the defaults of "Mes adresses" (the FAQ's first sentence): the UPDATE, unsent — the settlement runs it in the statement that empties the cart. */
export function forgetChoiceUpdate(db: DbOrTx, customerId: string, now: Date) {
  return db.update(checkouts).set({ billingAddressId: null, deliveryAddressId: null, separateDelivery: false, updatedAt: now }).where(eq(checkouts.customerId, customerId));
}
