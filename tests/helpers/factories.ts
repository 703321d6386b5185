import { randomBytes } from 'node:crypto';
import type { Db } from '../../src/db/client.js';
import { addresses, customers } from '../../src/modules/accounts/schema.js';
import { hashPassword } from '../../src/modules/accounts/passwords.js';
import { categories, offers, productImages, products, variants } from '../../src/modules/catalog/schema.js';
import { operatorUsers } from '../../src/modules/operators/schema.js';
import { sellers, sellerUsers } from '../../src/modules/sellers/schema.js';
import { enrolSecondFactor } from './second-factor.js';

export const PASSWORD = 'Correct-horse-42';
let hashed: Promise<string> | null = null;
const passwordHash = () => (hashed ??= hashPassword(PASSWORD));
const uid = () => randomBytes(4).toString('hex');
const tri = (s: string) => ({ fr: s, nl: `${s} (nl)`, en: `${s} (en)` });

export async function makeCustomer(db: Db, over: Partial<typeof customers.$inferInsert> & { withAddress?: boolean } = {}) {
  const { withAddress = true, ...rest } = over;
  const [c] = await db
    .insert(customers)
    .values({ email: `customer-${uid()}@example.test`, passwordHash: await passwordHash(), firstName: 'Anne', lastName: 'Janssens', locale: 'fr', ...rest })
    .returning();
  let address: typeof addresses.$inferSelect | undefined;
  if (withAddress) {
    [address] = await db
      .insert(addresses)
      .values({ customerId: c!.id, firstName: c!.firstName, lastName: c!.lastName, street: 'Rue Neuve', houseNumber: '12', postalCode: '1000', city: 'Bruxelles', country: 'BE', phone: '+32 2 123 45 67' })
      .returning();
    const { eq } = await import('drizzle-orm');
    await db.update(customers).set({ defaultBillingAddressId: address!.id, defaultDeliveryAddressId: address!.id }).where(eq(customers.id, c!.id));
  }
  return { ...c!, password: PASSWORD, address };
}

export async function makeSeller(db: Db, over: Partial<typeof sellers.$inferInsert> = {}) {
  const id = uid();
  const [s] = await db
    .insert(sellers)
    .values({
      slug: `shop-${id}`,
      name: `Shop ${id}`,
      legalName: `Shop ${id} SRL`,
      vatNumber: 'BE0123.456.789',
      email: `shop-${id}@example.test`,
      description: tri('A shop'),
      returnConditions: tri('Unworn, with labels'),
      returnText: tri('Send it back within 14 days.'),
      shippingFeeCents: 495,
      freeShippingFromCents: 5000,
      ...over,
    })
    .returning();
  const [user] = await db
    .insert(sellerUsers)
    .values({ sellerId: s!.id, email: `seller-${id}@example.test`, passwordHash: await passwordHash(), name: `Seller ${id}`, role: 'owner' })
    .returning();
  return { ...s!, user: { ...user!, password: PASSWORD } };
}

/**
 * An operator. Admins must log in with a second factor: they are enrolled here (`secondFactor: false`
 * leaves an admin to enrol at login), and Agent.login answers the code step with their app's code.
 */
export async function makeOperator(db: Db, role: 'admin' | 'customer_service' = 'admin', opts: { secondFactor?: boolean } = {}) {
  const [o] = await db.insert(operatorUsers).values({ email: `op-${uid()}@example.test`, passwordHash: await passwordHash(), name: 'Op', role }).returning();
  if (opts.secondFactor ?? role === 'admin') await enrolSecondFactor(db, 'operator', o!);
  return { ...o!, password: PASSWORD };
}

export async function makeCategory(db: Db, over: Partial<typeof categories.$inferInsert> = {}) {
  const [c] = await db.insert(categories).values({ slug: `cat-${uid()}`, name: tri('Catégorie'), ...over }).returning();
  return c!;
}

/** A product with one variant per (colour, size) and one offer per variant from `sellerId`. */
export async function makeProduct(
  db: Db,
  opts: { sellerId: string; categoryId?: string; title?: string; brand?: string; priceCents?: number; stock?: number; colours?: string[]; sizes?: string[] },
) {
  const categoryId = opts.categoryId ?? (await makeCategory(db)).id;
  const id = uid();
  const [p] = await db
    .insert(products)
    .values({ slug: `product-${id}`, categoryId, brand: opts.brand ?? 'Marque', title: tri(opts.title ?? `Produit ${id}`), description: tri('Une description.') })
    .returning();
  await db.insert(productImages).values({ productId: p!.id, url: '/static/img/favicon.svg', width: 600, height: 600 });
  const vs = [];
  for (const colour of opts.colours ?? ['navy']) {
    for (const size of opts.sizes ?? ['M']) {
      const [v] = await db
        .insert(variants)
        .values({ productId: p!.id, sku: `SKU-${id}-${colour}-${size}`, colour, colourName: tri(colour), colourHex: '#223355', size })
        .returning();
      const [o] = await db
        .insert(offers)
        .values({ variantId: v!.id, sellerId: opts.sellerId, priceCents: opts.priceCents ?? 2500, stock: opts.stock ?? 10 })
        .returning();
      vs.push({ variant: v!, offer: o! });
    }
  }
  return { product: p!, variants: vs };
}

// ---------------------------------------------------------------------------------------------
// Orders (orders module): a paid order exactly as a paid checkout leaves it, without the checkout UI.

export type PaidOrderLineInput = { offer: { id: string }; quantity?: number };

/**
 * Inserts one order for `customer` from `lines` (offers of one or several sellers), as the checkout
 * and the payment's settlement would: frozen billing/delivery addresses (the customer's defaults, or
 * `billing` / `delivery`), one seller order per seller (in order of first appearance) with its
 * shipping rule, lines created `awaiting_payment` then moved to `paid` through applyToLines (timeline
 * entries), a `paid` payment (with the sandbox provider's own paid record, so refunds succeed),
 * `orders.paid_at`, and the ledger booking. No email is queued. `at` defaults to now.
 */
export async function makePaidOrder(
  db: Db,
  opts: {
    customer: { id: string };
    lines: PaidOrderLineInput[];
    at?: Date;
    billing?: Partial<import('../../src/modules/orders/schema.js').AddressSnapshot>;
    delivery?: Partial<import('../../src/modules/orders/schema.js').AddressSnapshot>;
  },
) {
  const { and, eq, inArray, sql } = await import('drizzle-orm');
  const { orders, sellerOrders, orderLines } = await import('../../src/modules/orders/schema.js');
  const { applyToLines } = await import('../../src/modules/orders/apply.js');
  const { recordTimeline, SYSTEM } = await import('../../src/modules/orders/timeline.js');
  const { payments } = await import('../../src/modules/payments/schema.js');
  const { sandboxPayments } = await import('../../src/modules/payments/sandbox/schema.js');
  const { bookOrderPaid } = await import('../../src/modules/ledger/book.js');
  const { orderNumber, sellerOrderNumber, addressSnapshot } = await import('../../src/modules/checkout/rules.js');
  const { shippingFor } = await import('../../src/modules/cart/pricing.js');
  const at = opts.at ?? new Date();
  return db.transaction(async (tx) => {
    const [customer] = await tx.select().from(customers).where(eq(customers.id, opts.customer.id));
    if (!customer) throw new Error('makePaidOrder: unknown customer');
    const addr = async (id: string | null) => {
      const [a] = id ? await tx.select().from(addresses).where(and(eq(addresses.id, id), eq(addresses.customerId, customer.id))) : [];
      return a
        ? addressSnapshot(a)
        : { firstName: customer.firstName, lastName: customer.lastName, company: null, vatNumber: null, street: 'Rue Neuve', houseNumber: '12', box: null, postalCode: '1000', city: 'Bruxelles', country: 'BE', phone: null };
    };
    const billing = { ...(await addr(customer.defaultBillingAddressId)), ...opts.billing };
    const delivery = { ...(await addr(customer.defaultDeliveryAddressId)), ...opts.delivery };
    const rows = await tx
      .select({
        offer: offers,
        variant: variants,
        product: products,
        seller: sellers,
        imageUrl: sql<string | null>`(select ${productImages.url} from ${productImages} where ${productImages.productId} = ${products.id} order by ${productImages.position} limit 1)`,
      })
      .from(offers)
      .innerJoin(variants, eq(variants.id, offers.variantId))
      .innerJoin(products, eq(products.id, variants.productId))
      .innerJoin(sellers, eq(sellers.id, offers.sellerId))
      .where(inArray(offers.id, opts.lines.map((l) => l.offer.id)));
    const groups = new Map<string, { seller: (typeof rows)[number]['seller']; lines: { r: (typeof rows)[number]; quantity: number }[] }>();
    for (const l of opts.lines) {
      const r = rows.find((x) => x.offer.id === l.offer.id);
      if (!r) throw new Error(`makePaidOrder: unknown offer ${l.offer.id}`);
      const g = groups.get(r.seller.id) ?? { seller: r.seller, lines: [] };
      g.lines.push({ r, quantity: l.quantity ?? 1 });
      groups.set(r.seller.id, g);
    }
    const parts = [...groups.values()].map((g) => {
      const itemsCents = g.lines.reduce((s, l) => s + l.quantity * l.r.offer.priceCents, 0);
      return { ...g, itemsCents, shippingCents: shippingFor(g.seller, itemsCents) };
    });
    const itemsCents = parts.reduce((s, p) => s + p.itemsCents, 0);
    const shippingCents = parts.reduce((s, p) => s + p.shippingCents, 0);
    const { rows: seqRows } = await tx.execute<{ seq: number }>(sql`select nextval('order_number_seq')::int as seq`);
    const number = orderNumber(at.getUTCFullYear(), seqRows[0]!.seq);
    const checkoutKey = `factory-${uid()}${uid()}`;
    const [order] = await tx
      .insert(orders)
      .values({ number, customerId: customer.id, email: customer.email, locale: customer.locale, billingAddress: billing, deliveryAddress: delivery, itemsCents, shippingCents, totalCents: itemsCents + shippingCents, checkoutKey, createdAt: at })
      .returning();
    const sellerOrderRows = [];
    for (const [i, p] of parts.entries()) {
      const [so] = await tx
        .insert(sellerOrders)
        .values({ orderId: order!.id, sellerId: p.seller.id, number: sellerOrderNumber(number, i), itemsCents: p.itemsCents, shippingCents: p.shippingCents, createdAt: at, updatedAt: at })
        .returning();
      sellerOrderRows.push(so!);
      await tx.insert(orderLines).values(
        p.lines.map(({ r, quantity }) => ({
          orderId: order!.id,
          sellerOrderId: so!.id,
          sellerId: p.seller.id,
          offerId: r.offer.id,
          variantId: r.variant.id,
          productId: r.product.id,
          title: r.product.title,
          brand: r.product.brand,
          variantLabel: { fr: `${r.variant.colourName.fr} · ${r.variant.size}`, nl: `${r.variant.colourName.nl} · ${r.variant.size}`, en: `${r.variant.colourName.en} · ${r.variant.size}` },
          sku: r.variant.sku,
          imageUrl: r.imageUrl,
          quantity,
          unitPriceCents: r.offer.priceCents,
          vatRateBps: r.offer.vatRateBps,
          totalCents: quantity * r.offer.priceCents,
          createdAt: at,
        })),
      );
    }
    await recordTimeline(tx, { orderId: order!.id, actor: { type: 'customer', id: customer.id }, type: 'order.placed', data: { number, totalCents: order!.totalCents, sellers: parts.length }, at });
    const providerRef = `sbx_${uid()}${uid()}${uid()}`;
    const [payment] = await tx
      .insert(payments)
      .values({ orderId: order!.id, provider: 'sandbox', providerRef, amountCents: order!.totalCents, status: 'paid', method: 'bancontact', locale: customer.locale, idempotencyKey: checkoutKey, createdAt: at, updatedAt: at, paidAt: at })
      .returning();
    await tx.insert(sandboxPayments).values({
      ref: providerRef,
      merchantRef: payment!.id,
      amountCents: order!.totalCents,
      currency: 'EUR',
      description: `Commande ${number}`,
      locale: customer.locale,
      returnUrl: `/${customer.locale}/checkout/return/${number}`,
      notifyUrl: 'http://127.0.0.1/payments/notify/sandbox',
      status: 'paid',
      method: 'bancontact',
      cardLast4: '4449',
      createdAt: at,
      expiresAt: new Date(at.getTime() + 15 * 60_000),
      updatedAt: at,
    });
    const lines = await tx.select().from(orderLines).where(eq(orderLines.orderId, order!.id)).orderBy(orderLines.createdAt, orderLines.id);
    const paid = await applyToLines(tx, { lineIds: lines.map((l) => l.id), verb: 'pay', actor: SYSTEM, now: at, scope: { orderId: order!.id }, data: { paymentId: payment!.id } });
    if (!paid.ok) throw new Error(`makePaidOrder: ${paid.code}`);
    const [paidOrder] = await tx.update(orders).set({ paidAt: at }).where(eq(orders.id, order!.id)).returning();
    await recordTimeline(tx, { orderId: order!.id, actor: SYSTEM, type: 'order.paid', data: { paymentId: payment!.id, method: 'bancontact', amountCents: order!.totalCents }, at });
    await bookOrderPaid(tx, order!.id, at);
    const byPart = sellerOrderRows.map((so) => ({ ...so, lines: paid.lines.filter((l) => l.sellerOrderId === so.id) }));
    return { order: paidOrder!, sellerOrders: byPart, lines: paid.lines, payment: payment! };
  });
}
