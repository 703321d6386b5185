import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { customers } from './schema.js';

export type Customer = typeof customers.$inferSelect;

export async function findCustomerByEmail(db: DbOrTx, email: string): Promise<Customer | null> {
  const [c] = await db
    .select()
    .from(customers)
    .where(and(eq(customers.email, email.trim().toLowerCase()), isNull(customers.deletedAt)));
  return c ?? null;
}

export async function getCustomer(db: DbOrTx, id: string): Promise<Customer | null> {
  const [c] = await db
    .select()
    .from(customers)
    .where(and(eq(customers.id, id), isNull(customers.deletedAt)));
  return c ?? null;
}
