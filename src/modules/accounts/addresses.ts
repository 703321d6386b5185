import { and, asc, desc, eq, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.js';
import { parseForm, type FormResult } from '../../http/forms.js';
import type { Locale } from '../../i18n/index.js';
import { ADDRESS_FIELDS, validateAddress, type AddressErrorCode, type AddressInput } from './address-rules.js';
import { addressText } from './messages.js';
import { addresses, customers } from './schema.js';

/**
 * "Mes adresses": a customer's address book and its two defaults (billing, delivery — one address
 * may be both). Every function is scoped to the customer: another customer's address id behaves
 * exactly like a missing one. The checkout uses the same functions, form and fields.
 */

export type { AddressInput } from './address-rules.js';
export { validateAddress } from './address-rules.js';
export type Address = typeof addresses.$inferSelect;
export type AddressWithDefaults = Address & { isDefaultBilling: boolean; isDefaultDelivery: boolean };

/** Enough for a family and a few offices; stops a script from filling the table. */
export const MAX_ADDRESSES = 30;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids come from URLs and forms: anything that is not a UUID is simply not found (never a SQL error). */
export const isUuid = (id: unknown): id is string => typeof id === 'string' && UUID.test(id);

// ── The form ─────────────────────────────────────────────────────────────────────────────────────

const raw = z.string().max(1000).optional();

/**
 * The address form as zod: strings as typed in, a normalised `AddressInput` out. The rules live in
 * `validateAddress` (address-rules.ts) so that every field's problem is reported at once; each
 * issue carries a message key of `addressText`. Use `parseAddressForm` to get sentences.
 */
export const addressForm = z.object(Object.fromEntries(ADDRESS_FIELDS.map((f) => [f, raw])) as Record<(typeof ADDRESS_FIELDS)[number], typeof raw>).transform((v, ctx): AddressInput => {
  const r = validateAddress(v);
  if (r.ok) return r.value;
  for (const [field, code] of Object.entries(r.errors)) ctx.addIssue({ code: 'custom', path: [field], message: `msg:${addressErrorKey(code)}` });
  return z.NEVER;
});

type AddressMessageKey = Parameters<ReturnType<typeof addressText>>[0];

/** The message key of an address error code ("phone" → "phone_error"). */
export function addressErrorKey(code: AddressErrorCode): AddressMessageKey {
  return code === 'country' || code === 'house_number' || code === 'phone' || code === 'vat_number' ? `${code}_error` : code;
}

/** Parses a submitted address form: the address, or sentences beside each field plus what was typed. */
export function parseAddressForm(body: unknown, locale: Locale): FormResult<AddressInput> {
  const t = addressText(locale);
  return parseForm(addressForm, body, locale, (key) => t(key as AddressMessageKey));
}

// ── Reading ──────────────────────────────────────────────────────────────────────────────────────

/** The customer's addresses, oldest first, each marked when it is a default. One query. */
export async function listAddresses(db: DbOrTx, customerId: string): Promise<AddressWithDefaults[]> {
  const rows = await db
    .select({
      address: addresses,
      isDefaultBilling: sql<boolean>`${addresses.id} = ${customers.defaultBillingAddressId} is true`,
      isDefaultDelivery: sql<boolean>`${addresses.id} = ${customers.defaultDeliveryAddressId} is true`,
    })
    .from(addresses)
    .innerJoin(customers, eq(customers.id, addresses.customerId))
    .where(eq(addresses.customerId, customerId))
    .orderBy(asc(addresses.createdAt), asc(addresses.id));
  return rows.map((r) => ({ ...r.address, isDefaultBilling: r.isDefaultBilling, isDefaultDelivery: r.isDefaultDelivery }));
}

/**
 * The same address book as listAddresses, as one column of a caller's statement (the checkout reads
 * it with the cart and its own row: one round trip per page instead of three). Decode it with
 * `addressBookFrom`. `customerId` must be the session's customer: the column is scoped by it alone.
 */
export function addressBookColumn(customerId: string) {
  return sql<AddressBookJson[]>`coalesce((
    select json_agg(json_build_object(
        'id', a.id, 'customerId', a.customer_id, 'firstName', a.first_name, 'lastName', a.last_name, 'company', a.company,
        'vatNumber', a.vat_number, 'street', a.street, 'houseNumber', a.house_number, 'box', a.box, 'postalCode', a.postal_code,
        'city', a.city, 'country', a.country, 'phone', a.phone, 'createdAt', a.created_at, 'updatedAt', a.updated_at,
        'isDefaultBilling', a.id = c.default_billing_address_id is true, 'isDefaultDelivery', a.id = c.default_delivery_address_id is true)
      order by a.created_at, a.id)
    from ${addresses} a join ${customers} c on c.id = a.customer_id
    where a.customer_id = ${customerId}), '[]'::json)`;
}
type AddressBookJson = Omit<AddressWithDefaults, 'createdAt' | 'updatedAt'> & { createdAt: string; updatedAt: string };

/** The address book of `addressBookColumn`, typed as listAddresses returns it (JSON carries dates as text). */
export function addressBookFrom(json: AddressBookJson[]): AddressWithDefaults[] {
  return json.map((a) => ({ ...a, createdAt: new Date(a.createdAt), updatedAt: new Date(a.updatedAt) }));
}

/** One address of the customer, or null when it does not exist or is someone else's. */
export async function getAddress(db: DbOrTx, customerId: string, id: string): Promise<Address | null> {
  if (!isUuid(id)) return null;
  const [a] = await db
    .select()
    .from(addresses)
    .where(and(eq(addresses.id, id), eq(addresses.customerId, customerId)));
  return a ?? null;
}

/** The ids of the default billing and delivery addresses (null when none). */
export async function getDefaults(db: DbOrTx, customerId: string): Promise<{ billingId: string | null; deliveryId: string | null }> {
  const [c] = await db
    .select({ billingId: customers.defaultBillingAddressId, deliveryId: customers.defaultDeliveryAddressId })
    .from(customers)
    .where(eq(customers.id, customerId));
  return c ?? { billingId: null, deliveryId: null };
}

// ── Writing (inside the caller's transaction) ───────────────────────────────────────────────────

/** Locks the customer row: writes to one address book and its defaults happen one at a time. */
async function lockCustomer(tx: DbOrTx, customerId: string) {
  const [c] = await tx
    .select({ billingId: customers.defaultBillingAddressId, deliveryId: customers.defaultDeliveryAddressId })
    .from(customers)
    .where(eq(customers.id, customerId))
    .for('update');
  return c ?? null;
}

export type CreateAddressResult = { ok: true; address: Address } | { ok: false; code: 'too_many_addresses' };

/**
 * Adds an address. It becomes a default when asked, and whenever that default is not set yet
 * (so a customer's first address is both their billing and their delivery address).
 */
export async function createAddress(
  tx: DbOrTx,
  customerId: string,
  input: AddressInput,
  opts: { defaultBilling?: boolean; defaultDelivery?: boolean } = {},
): Promise<CreateAddressResult> {
  const current = await lockCustomer(tx, customerId);
  if (!current) throw new Error('createAddress: unknown customer');
  const [n] = await tx.select({ n: sql<number>`count(*)::int` }).from(addresses).where(eq(addresses.customerId, customerId));
  if ((n?.n ?? 0) >= MAX_ADDRESSES) return { ok: false, code: 'too_many_addresses' };
  const [address] = await tx
    .insert(addresses)
    .values({ ...input, customerId })
    .returning();
  const set: Partial<typeof customers.$inferInsert> = {};
  if (opts.defaultBilling || !current.billingId) set.defaultBillingAddressId = address!.id;
  if (opts.defaultDelivery || !current.deliveryId) set.defaultDeliveryAddressId = address!.id;
  if (Object.keys(set).length) await tx.update(customers).set(set).where(eq(customers.id, customerId));
  return { ok: true, address: address! };
}

/**
 * Changes an address ("Modifier" then "Enregistrer"). Orders keep their own frozen copy, so an
 * address used by past orders may change freely. Null when it is not the customer's.
 */
export async function updateAddress(tx: DbOrTx, customerId: string, id: string, input: AddressInput, now = new Date()): Promise<Address | null> {
  if (!isUuid(id)) return null;
  const [a] = await tx
    .update(addresses)
    .set({ ...input, updatedAt: now })
    .where(and(eq(addresses.id, id), eq(addresses.customerId, customerId)))
    .returning();
  return a ?? null;
}

/**
 * Deletes an address. When it was a default, the most recently changed remaining address takes
 * its place (or none is left). False when it is not the customer's.
 */
export async function deleteAddress(tx: DbOrTx, customerId: string, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const current = await lockCustomer(tx, customerId);
  if (!current) return false;
  const gone = await tx
    .delete(addresses)
    .where(and(eq(addresses.id, id), eq(addresses.customerId, customerId)))
    .returning({ id: addresses.id });
  if (gone.length === 0) return false;
  if (current.billingId === id || current.deliveryId === id) {
    const [next] = await tx
      .select({ id: addresses.id })
      .from(addresses)
      .where(and(eq(addresses.customerId, customerId), ne(addresses.id, id)))
      .orderBy(desc(addresses.updatedAt), desc(addresses.createdAt))
      .limit(1);
    const set: Partial<typeof customers.$inferInsert> = {};
    if (current.billingId === id) set.defaultBillingAddressId = next?.id ?? null;
    if (current.deliveryId === id) set.defaultDeliveryAddressId = next?.id ?? null;
    await tx.update(customers).set(set).where(eq(customers.id, customerId));
  }
  return true;
}

/**
 * Chooses the default billing and/or delivery address. False (and nothing changed) when an id
 * given is not one of the customer's addresses.
 */
export async function setDefaults(tx: DbOrTx, customerId: string, choice: { billingId?: string; deliveryId?: string }): Promise<boolean> {
  const ids = [choice.billingId, choice.deliveryId].filter((x): x is string => x !== undefined);
  if (ids.length === 0) return true;
  if (!ids.every(isUuid)) return false;
  if (!(await lockCustomer(tx, customerId))) return false;
  for (const id of new Set(ids)) if (!(await getAddress(tx, customerId, id))) return false;
  const set: Partial<typeof customers.$inferInsert> = {};
  if (choice.billingId) set.defaultBillingAddressId = choice.billingId;
  if (choice.deliveryId) set.defaultDeliveryAddressId = choice.deliveryId;
  await tx.update(customers).set(set).where(eq(customers.id, customerId));
  return true;
}
