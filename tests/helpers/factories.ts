import { randomBytes } from 'node:crypto';
import type { Db } from '../../src/db/client.js';
import { addresses, customers } from '../../src/modules/accounts/schema.js';
import { hashPassword } from '../../src/modules/accounts/passwords.js';
import { categories, offers, productImages, products, variants } from '../../src/modules/catalog/schema.js';
import { operatorUsers } from '../../src/modules/operators/schema.js';
import { sellers, sellerUsers } from '../../src/modules/sellers/schema.js';

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

export async function makeOperator(db: Db, role: 'admin' | 'customer_service' = 'admin') {
  const [o] = await db.insert(operatorUsers).values({ email: `op-${uid()}@example.test`, passwordHash: await passwordHash(), name: 'Op', role }).returning();
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
