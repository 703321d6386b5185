import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import type { Deps } from '../deps.js';
import { hashPassword } from '../modules/accounts/passwords.js';
import { addresses, customers } from '../modules/accounts/schema.js';
import { categories, offers, productImages, products, variants } from '../modules/catalog/schema.js';
import { operatorUsers, settings } from '../modules/operators/schema.js';
import { sellers, sellerUsers } from '../modules/sellers/schema.js';
import {
  DEMO_CATEGORIES,
  DEMO_CUSTOMER,
  DEMO_CUSTOMER_ADDRESS,
  DEMO_IMAGES,
  DEMO_OFFERS,
  DEMO_OPERATORS,
  DEMO_PASSWORD,
  DEMO_PRODUCTS,
  DEMO_SELLER_USERS,
  DEMO_SELLERS,
  DEMO_SETTINGS,
  DEMO_VARIANTS,
} from './demo-data.js';
import { writeDemoImages } from './images.js';

type Ids = Map<string, string>;

const MINUTE = 60_000;

export async function isEmpty(deps: Deps): Promise<boolean> {
  const rows = await deps.db.select({ id: sellers.id }).from(sellers).limit(1);
  return rows.length === 0;
}

/**
 * The demo marketplace in one transaction: categories, shops, products with their pictures, variants
 * and offers, the demo accounts and the settings. The pictures are written to public/img first.
 */
export async function seedDemo(deps: Deps): Promise<{ customerEmail: string }> {
  const [passwordHash] = await Promise.all([hashPassword(DEMO_PASSWORD), writeDemoImages()]);
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const sellerIds = await insertSellers(tx, now);
    await insertCatalogue(tx, sellerIds, now);
    await insertStaff(tx, sellerIds, passwordHash);
    await insertCustomer(tx, passwordHash);
    await insertSettings(tx, now);
  });
  return { customerEmail: DEMO_CUSTOMER.email };
}

function need(ids: Ids, key: string): string {
  const id = ids.get(key);
  if (!id) throw new Error(`Demo seed: unknown reference "${key}"`);
  return id;
}

function idsFor(keys: readonly string[]): Ids {
  return new Map(keys.map((key) => [key, randomUUID()]));
}

/** Distinct creation times, the first row the most recent, so that "newest first" keeps the data's order. */
function staggered(now: Date, index: number): Date {
  return new Date(now.getTime() - index * MINUTE);
}

async function insertSellers(tx: Tx, now: Date): Promise<Ids> {
  const ids = idsFor(DEMO_SELLERS.map((s) => s.slug));
  await tx.insert(sellers).values(
    DEMO_SELLERS.map((s, i) => ({
      id: need(ids, s.slug),
      slug: s.slug,
      name: s.name,
      legalName: s.legalName,
      vatNumber: s.vatNumber,
      email: s.email.toLowerCase(),
      phone: s.phone,
      description: s.description,
      returnWindowDays: s.returnWindowDays,
      returnShippingPaidBy: s.returnShippingPaidBy,
      returnConditions: s.returnConditions,
      returnText: s.returnText,
      shippingFeeCents: s.shippingFeeCents,
      freeShippingFromCents: s.freeShippingFromCents,
      commissionBps: s.commissionBps,
      createdAt: staggered(now, DEMO_SELLERS.length - i),
    })),
  );
  return ids;
}

async function insertCatalogue(tx: Tx, sellerIds: Ids, now: Date): Promise<void> {
  const categoryIds = idsFor(DEMO_CATEGORIES.map((c) => c.slug));
  const productIds = idsFor(DEMO_PRODUCTS.map((p) => p.slug));
  const variantIds = idsFor(DEMO_VARIANTS.map((v) => v.sku));

  await tx.insert(categories).values(DEMO_CATEGORIES.map((c) => ({ id: need(categoryIds, c.slug), slug: c.slug, name: c.name, position: c.position })));
  await tx.insert(products).values(
    DEMO_PRODUCTS.map((p, i) => ({
      id: need(productIds, p.slug),
      slug: p.slug,
      categoryId: need(categoryIds, p.category),
      brand: p.brand,
      title: p.title,
      description: p.description,
      createdAt: staggered(now, i),
    })),
  );
  await tx.insert(productImages).values(
    DEMO_IMAGES.map((img) => ({ productId: need(productIds, img.productSlug), position: img.position, url: img.url, colour: img.colour, width: 600, height: 600 })),
  );
  for (const part of chunks(DEMO_VARIANTS, 1000)) {
    await tx.insert(variants).values(
      part.map((v) => ({
        id: need(variantIds, v.sku),
        productId: need(productIds, v.productSlug),
        sku: v.sku,
        colour: v.colour,
        colourName: v.colourName,
        colourHex: v.colourHex,
        size: v.size,
        position: v.position,
      })),
    );
  }
  for (const part of chunks(DEMO_OFFERS, 1000)) {
    await tx.insert(offers).values(
      part.map((o) => ({
        variantId: need(variantIds, o.sku),
        sellerId: need(sellerIds, o.seller),
        priceCents: o.priceCents,
        compareAtCents: o.compareAtCents,
        vatRateBps: o.vatRateBps,
        stock: o.stock,
        leadTimeDays: o.leadTimeDays,
      })),
    );
  }
}

async function insertStaff(tx: Tx, sellerIds: Ids, passwordHash: string): Promise<void> {
  await tx.insert(sellerUsers).values(
    DEMO_SELLER_USERS.map((u) => ({ sellerId: need(sellerIds, u.seller), email: u.email.toLowerCase(), passwordHash, name: u.name, role: u.role, locale: u.locale })),
  );
  await tx.insert(operatorUsers).values(DEMO_OPERATORS.map((o) => ({ email: o.email.toLowerCase(), passwordHash, name: o.name, role: o.role, locale: o.locale })));
}

async function insertCustomer(tx: Tx, passwordHash: string): Promise<void> {
  const customerId = randomUUID();
  const addressId = randomUUID();
  await tx.insert(customers).values({ id: customerId, ...DEMO_CUSTOMER, email: DEMO_CUSTOMER.email.toLowerCase(), passwordHash });
  await tx.insert(addresses).values({ id: addressId, customerId, ...DEMO_CUSTOMER_ADDRESS });
  await tx.update(customers).set({ defaultBillingAddressId: addressId, defaultDeliveryAddressId: addressId }).where(eq(customers.id, customerId));
}

async function insertSettings(tx: Tx, now: Date): Promise<void> {
  for (const s of DEMO_SETTINGS) {
    await tx.insert(settings).values({ key: s.key, value: s.value, updatedAt: now }).onConflictDoUpdate({ target: settings.key, set: { value: s.value, updatedAt: now } });
  }
}

function chunks<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}
