import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import type { I18nText } from '../../shared/i18n-text.js';
import { offers, productImages, products, variants } from '../catalog/schema.js';
import { sellers } from '../sellers/schema.js';
import { MAX_QUANTITY, parseQuantity, priceCart, type PricedCart, type PricingLine, type QuantityRefusal, type SellerShippingRule } from './pricing.js';
import { cartItems, carts } from './schema.js';

/**
 * The cart's use cases. A cart belongs to a customer (kept across devices) or to a guest, known by a
 * random token in a signed cookie of which only the SHA-256 is stored. Every function takes the
 * owner and only ever reads or writes that owner's cart: another cart's line id is "not found".
 */
export type CartOwner = { customerId: string } | { guestTokenHash: string };

export type CartLine = PricingLine & {
  itemId: string;
  variantId: string;
  productId: string;
  productSlug: string;
  title: I18nText;
  brand: string;
  colour: string;
  colourName: I18nText;
  size: string;
  sku: string;
  imageUrl: string | null;
  leadTimeDays: number;
  addedAt: Date;
};

export type Cart = PricedCart<CartLine> & { cartId: string | null };

export function newGuestToken(): string {
  return randomBytes(32).toString('base64url');
}
export function hashGuestToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const ownerWhere = (owner: CartOwner) => ('customerId' in owner ? eq(carts.customerId, owner.customerId) : eq(carts.tokenHash, owner.guestTokenHash));

/**
 * The owner's cart, priced from the current offers (one query). Lines are ordered by when they were
 * added; seller groups by their first line.
 */
export async function loadCart(db: DbOrTx, owner: CartOwner): Promise<Cart> {
  return (await loadCartWith(db, owner, sql<null>`null`)).cart;
}

/**
 * The cart and one more column of the caller's, read in the same statement (the checkout reads its
 * own state with the cart: one round trip per page, not three). `extra` is null when the owner has
 * no cart at all; it must be scoped to the same owner by the caller.
 */
export async function loadCartWith<T>(db: DbOrTx, owner: CartOwner, extra: SQL<T>): Promise<{ cart: Cart; extra: T | null }> {
  const rows = await db
    .select({
      cartId: carts.id,
      itemId: cartItems.id,
      quantity: cartItems.quantity,
      priceSeenCents: cartItems.priceSeenCents,
      addedAt: cartItems.addedAt,
      offerId: offers.id,
      unitPriceCents: offers.priceCents,
      vatRateBps: offers.vatRateBps,
      stock: offers.stock,
      leadTimeDays: offers.leadTimeDays,
      offerActive: offers.active,
      variantId: variants.id,
      colour: variants.colour,
      colourName: variants.colourName,
      size: variants.size,
      sku: variants.sku,
      productId: products.id,
      productSlug: products.slug,
      title: products.title,
      brand: products.brand,
      imageUrl: sql<string | null>`(select ${productImages.url} from ${productImages} where ${productImages.productId} = ${products.id} order by (${productImages.colour} is not distinct from ${variants.colour}) desc, ${productImages.position} limit 1)`,
      sellerId: sellers.id,
      sellerName: sellers.name,
      sellerSlug: sellers.slug,
      sellerStatus: sellers.status,
      shippingFeeCents: sellers.shippingFeeCents,
      freeShippingFromCents: sellers.freeShippingFromCents,
      extra,
    })
    .from(carts)
    .leftJoin(cartItems, eq(cartItems.cartId, carts.id))
    .leftJoin(offers, eq(offers.id, cartItems.offerId))
    .leftJoin(variants, eq(variants.id, offers.variantId))
    .leftJoin(products, eq(products.id, variants.productId))
    .leftJoin(sellers, eq(sellers.id, offers.sellerId))
    .where(ownerWhere(owner))
    .orderBy(asc(cartItems.addedAt), asc(cartItems.id));
  const cartId = rows[0]?.cartId ?? null;
  const lines: CartLine[] = [];
  const rules = new Map<string, SellerShippingRule>();
  for (const r of rows) {
    if (!r.itemId || !r.offerId || !r.variantId || !r.productId || !r.sellerId) continue;
    lines.push({
      itemId: r.itemId,
      offerId: r.offerId,
      sellerId: r.sellerId,
      quantity: r.quantity!,
      unitPriceCents: r.unitPriceCents!,
      vatRateBps: r.vatRateBps!,
      priceSeenCents: r.priceSeenCents!,
      stock: r.stock!,
      available: r.offerActive! && r.sellerStatus === 'active',
      variantId: r.variantId,
      productId: r.productId,
      productSlug: r.productSlug!,
      title: r.title!,
      brand: r.brand!,
      colour: r.colour!,
      colourName: r.colourName!,
      size: r.size!,
      sku: r.sku!,
      imageUrl: r.imageUrl,
      leadTimeDays: r.leadTimeDays!,
      addedAt: r.addedAt!,
    });
    if (!rules.has(r.sellerId)) {
      rules.set(r.sellerId, { sellerId: r.sellerId, sellerName: r.sellerName!, sellerSlug: r.sellerSlug!, shippingFeeCents: r.shippingFeeCents!, freeShippingFromCents: r.freeShippingFromCents });
    }
  }
  return { cart: { cartId, ...priceCart(lines, [...rules.values()]) }, extra: rows[0] ? rows[0].extra : null };
}

/** The cart of a guest who has none yet. */
export function emptyCart(): Cart {
  return { cartId: null, ...priceCart<CartLine>([], []) };
}

/** Units in the owner's cart, for the header: one query on indexed columns. */
export async function cartCount(db: DbOrTx, owner: CartOwner): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`coalesce(sum(${cartItems.quantity}), 0)::int` })
    .from(cartItems)
    .innerJoin(carts, eq(carts.id, cartItems.cartId))
    .where(ownerWhere(owner));
  return r?.n ?? 0;
}

export type CartRefusal = QuantityRefusal | 'offer_not_found' | 'item_not_found';
/** A refusal says the most that may be asked (`max`) and, for an add, how many are already in the cart. */
export type CartResult = { ok: true } | { ok: false; code: CartRefusal; max: number; inCart?: number };
/** Where an offer is shown: its product's page at its variant. */
export type OfferPlace = { slug: string; colour: string; size: string };
/**
 * An add's answer, with where its offer is shown (where the customer goes back to, or the page shown
 * again with the refusal) unless the offer cannot be sold ("not found").
 */
export type AddResult =
  | { ok: true; place: OfferPlace }
  | { ok: false; code: 'offer_not_found'; max: number }
  | { ok: false; code: QuantityRefusal; max: number; inCart?: number; place: OfferPlace };

/** The owner's cart id, created if missing (a concurrent creation of the same cart is absorbed). */
async function ensureCart(tx: DbOrTx, owner: CartOwner, now: Date): Promise<string> {
  const [found] = await tx.select({ id: carts.id }).from(carts).where(ownerWhere(owner)).for('update');
  if (found) return found.id;
  const values = 'customerId' in owner ? { customerId: owner.customerId } : { tokenHash: owner.guestTokenHash };
  const [made] = await tx
    .insert(carts)
    .values({ ...values, createdAt: now, updatedAt: now })
    .onConflictDoNothing()
    .returning({ id: carts.id });
  if (made) return made.id;
  const [again] = await tx.select({ id: carts.id }).from(carts).where(ownerWhere(owner)).for('update');
  return again!.id;
}

/** The offer as the cart may sell it: active, its seller active (the cart reserves nothing: no lock); and where it is shown. */
async function sellableOffer(tx: DbOrTx, offerId: string) {
  if (!isUuid(offerId)) return null;
  const [o] = await tx
    .select({ id: offers.id, priceCents: offers.priceCents, stock: offers.stock, place: { slug: products.slug, colour: variants.colour, size: variants.size } })
    .from(offers)
    .innerJoin(sellers, eq(sellers.id, offers.sellerId))
    .innerJoin(variants, eq(variants.id, offers.variantId))
    .innerJoin(products, eq(products.id, variants.productId))
    .where(and(eq(offers.id, offerId), eq(offers.active, true), eq(sellers.status, 'active')));
  return o ?? null;
}

export function isUuid(s: unknown): s is string {
  return typeof s === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}

/**
 * Adds `rawQuantity` units of an offer. The price is the offer's, read here (a price sent by the
 * client is never read). With the article already in the cart, the quantities add up and the sum
 * must respect the stock and the 99 limit; a refusal leaves the cart unchanged.
 */
export async function addToCart(deps: Deps, owner: CartOwner, offerId: string, rawQuantity: unknown): Promise<AddResult> {
  // The usual add (a whole number 1–99, a sellable offer with the stock for it) is one statement;
  // anything it does not do — a refusal to explain, a line that would go past the stock — takes the
  // checked path below, which gives the exact refusal (or adds, if the stock changed meanwhile).
  const shape = parseQuantity(rawQuantity, MAX_QUANTITY);
  const place = shape.ok && isUuid(offerId) ? await addAtOnce(deps.db, owner, offerId, shape.quantity, deps.clock.now()) : null;
  return place ? { ok: true, place } : addChecked(deps, owner, offerId, rawQuantity);
}

/**
 * One statement, no transaction of its own: the offer (sellable, stock ≥ q), the owner's cart
 * (created, or its updated_at bumped — the upsert locks it as ensureCart's FOR UPDATE did) and the
 * line (new, or its quantity summed and its price acknowledged, only while the sum stays within the
 * stock and 99: the guard is checked on the locked line). Returns where the offer is shown, read
 * with the offer (no round trip of its own); null when nothing was added.
 */
async function addAtOnce(db: DbOrTx, owner: CartOwner, offerId: string, quantity: number, now: Date): Promise<OfferPlace | null> {
  const ownerColumn = 'customerId' in owner ? sql`customer_id` : sql`token_hash`;
  const ownerValue = 'customerId' in owner ? sql`${owner.customerId}::uuid` : sql`${owner.guestTokenHash}::text`;
  const { rows } = await db.execute<OfferPlace>(sql`
    with o as (
      select ${offers.id} as id, ${offers.priceCents} as price_cents, least(${offers.stock}, ${MAX_QUANTITY}) as max, ${products.slug} as slug, ${variants.colour} as colour, ${variants.size} as size
      from ${offers} join ${sellers} on ${sellers.id} = ${offers.sellerId}
        join ${variants} on ${variants.id} = ${offers.variantId} join ${products} on ${products.id} = ${variants.productId}
      where ${offers.id} = ${offerId} and ${offers.active} and ${sellers.status} = 'active' and ${offers.stock} >= ${quantity}),
    c as (
      insert into ${carts} (${ownerColumn}, created_at, updated_at) select ${ownerValue}, ${now}::timestamptz, ${now}::timestamptz from o
      on conflict (${ownerColumn}) do update set updated_at = excluded.updated_at
      returning id),
    i as (
      insert into ${cartItems} as ci (cart_id, offer_id, quantity, price_seen_cents, added_at)
      select c.id, o.id, ${quantity}::int, o.price_cents, ${now}::timestamptz from c, o
      on conflict (cart_id, offer_id) do update set quantity = ci.quantity + excluded.quantity, price_seen_cents = excluded.price_seen_cents
        where ci.quantity + excluded.quantity <= (select max from o)
      returning ci.id)
    select o.slug, o.colour, o.size from o, i`);
  return rows[0] ?? null;
}

/** The add in a transaction, step by step: the exact refusal (stock, 99, unknown offer) when there is one. */
async function addChecked(deps: Deps, owner: CartOwner, offerId: string, rawQuantity: unknown): Promise<AddResult> {
  return deps.db.transaction(async (tx): Promise<AddResult> => {
    const offer = await sellableOffer(tx, offerId);
    if (!offer) return { ok: false, code: 'offer_not_found', max: 0 };
    const { place } = offer;
    const q = parseQuantity(rawQuantity, offer.stock);
    if (!q.ok) return { ...q, place };
    const now = deps.clock.now();
    const cartId = await ensureCart(tx, owner, now);
    const [existing] = await tx
      .select({ id: cartItems.id, quantity: cartItems.quantity })
      .from(cartItems)
      .where(and(eq(cartItems.cartId, cartId), eq(cartItems.offerId, offer.id)));
    const total = (existing?.quantity ?? 0) + q.quantity;
    const max = Math.min(offer.stock, MAX_QUANTITY);
    if (total > max) {
      const inCart = existing?.quantity ?? 0;
      return { ok: false, code: total > MAX_QUANTITY && offer.stock >= MAX_QUANTITY ? 'quantity_too_big' : 'quantity_over_stock', max: Math.max(0, max - inCart), inCart, place };
    }
    if (existing) {
      await tx.update(cartItems).set({ quantity: total, priceSeenCents: offer.priceCents }).where(eq(cartItems.id, existing.id));
    } else {
      await tx.insert(cartItems).values({ cartId, offerId: offer.id, quantity: q.quantity, priceSeenCents: offer.priceCents, addedAt: now });
    }
    await tx.update(carts).set({ updatedAt: now }).where(eq(carts.id, cartId));
    return { ok: true, place };
  });
}

/** The owner's line, locked, with its offer's current stock and price; null for anyone else's line. */
async function ownLine(tx: DbOrTx, owner: CartOwner, itemId: string) {
  if (!isUuid(itemId)) return null;
  const [row] = await tx
    .select({ id: cartItems.id, cartId: carts.id, stock: offers.stock, priceCents: offers.priceCents })
    .from(cartItems)
    .innerJoin(carts, eq(carts.id, cartItems.cartId))
    .innerJoin(offers, eq(offers.id, cartItems.offerId))
    .where(and(eq(cartItems.id, itemId), ownerWhere(owner)))
    .for('update', { of: cartItems });
  return row ?? null;
}

/**
 * Sets a line's quantity. Changing the quantity also acknowledges the current price (the customer
 * acted on the line as it is now shown).
 */
export async function setQuantity(deps: Deps, owner: CartOwner, itemId: string, rawQuantity: unknown): Promise<CartResult> {
  return deps.db.transaction(async (tx) => {
    const line = await ownLine(tx, owner, itemId);
    if (!line) return { ok: false, code: 'item_not_found', max: 0 } as const;
    const q = parseQuantity(rawQuantity, line.stock);
    if (!q.ok) return q;
    await tx.update(cartItems).set({ quantity: q.quantity, priceSeenCents: line.priceCents }).where(eq(cartItems.id, line.id));
    await tx.update(carts).set({ updatedAt: deps.clock.now() }).where(eq(carts.id, line.cartId));
    return { ok: true } as const;
  });
}

export async function removeItem(deps: Deps, owner: CartOwner, itemId: string): Promise<CartResult> {
  return deps.db.transaction(async (tx) => {
    const line = await ownLine(tx, owner, itemId);
    if (!line) return { ok: false, code: 'item_not_found', max: 0 } as const;
    await tx.delete(cartItems).where(eq(cartItems.id, line.id));
    await tx.update(carts).set({ updatedAt: deps.clock.now() }).where(eq(carts.id, line.cartId));
    return { ok: true } as const;
  });
}

/**
 * At "Connexion": the guest cart's lines move into the customer's cart. The same article in both adds
 * up, capped at the offer's stock and 99 (never more than can be bought); the guest cart is deleted.
 */
export async function mergeGuestCart(deps: Deps, guestTokenHash: string, customerId: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const [guest] = await tx.select({ id: carts.id }).from(carts).where(eq(carts.tokenHash, guestTokenHash)).for('update');
    if (!guest) return;
    const items = await tx
      .select({ offerId: cartItems.offerId, quantity: cartItems.quantity, priceSeenCents: cartItems.priceSeenCents, addedAt: cartItems.addedAt, stock: offers.stock })
      .from(cartItems)
      .innerJoin(offers, eq(offers.id, cartItems.offerId))
      .where(eq(cartItems.cartId, guest.id));
    const now = deps.clock.now();
    if (items.length) {
      const cartId = await ensureCart(tx, { customerId }, now);
      for (const it of items) {
        const cap = Math.max(1, Math.min(it.stock, MAX_QUANTITY));
        await tx
          .insert(cartItems)
          .values({ cartId, offerId: it.offerId, quantity: Math.min(it.quantity, cap), priceSeenCents: it.priceSeenCents, addedAt: it.addedAt })
          .onConflictDoUpdate({
            target: [cartItems.cartId, cartItems.offerId],
            set: { quantity: sql`least(${cartItems.quantity} + excluded.quantity, greatest(${cap}, ${cartItems.quantity}))` },
          });
      }
      await tx.update(carts).set({ updatedAt: now }).where(eq(carts.id, cartId));
    }
    await tx.delete(carts).where(eq(carts.id, guest.id));
  });
}

/**
 * What a paid order took leaves the customer's cart (the checkout calls it when an order is paid):
 * each offer's ordered quantity is taken off its line (the line goes when nothing is left). Units
 * added in another tab after "Payer" stay in the cart. `alongside`: another write of the same step
 * (the checkout forgetting its address choice) run in the same statement.
 */
export async function removeOrderedFromCart(tx: DbOrTx, customerId: string, ordered: readonly { offerId: string; quantity: number }[], alongside?: SQLWrapper): Promise<void> {
  const byOffer = new Map<string, number>();
  for (const o of ordered) byOffer.set(o.offerId, (byOffer.get(o.offerId) ?? 0) + o.quantity);
  if (!byOffer.size) {
    if (alongside) await tx.execute(alongside.getSQL());
    return;
  }
  const offerIds = [...byOffer.keys()];
  const quantities = offerIds.map((id) => byOffer.get(id)!);
  // Two array literals as two parameters (drizzle would spread a JS array into a list): uuids and integers only.
  const orderedRows = sql`(select * from unnest(${`{${offerIds.join(',')}}`}::uuid[], ${`{${quantities.join(',')}}`}::int[]) as o(offer_id, quantity))`;
  // One statement: lines that were all ordered go, the others keep what was added after "Payer"
  // (1–99 stays true). Both parts see the same rows, hence the complementary conditions.
  await tx.execute(sql`
    with gone as (
      delete from cart_items ci using carts c, ${orderedRows} o
      where c.id = ci.cart_id and c.customer_id = ${customerId} and ci.offer_id = o.offer_id and ci.quantity <= o.quantity
      returning ci.id),
    kept as (
      update cart_items ci set quantity = ci.quantity - o.quantity
      from carts c, ${orderedRows} o
      where c.id = ci.cart_id and c.customer_id = ${customerId} and ci.offer_id = o.offer_id and ci.quantity > o.quantity
      returning ci.id)${alongside ? sql`,
    also as (${alongside.getSQL()})` : sql``}
    select (select count(*) from gone) + (select count(*) from kept) as changed`);
}
