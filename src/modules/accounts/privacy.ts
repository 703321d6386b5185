import { and, desc, eq } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import { loginAttempts, sessions } from '../sessions/schema.js';
import { destroyUserSessions } from '../sessions/store.js';
import { listAddresses } from './addresses.js';
import { getCustomer } from './customers.js';
import { customerEmails, eraseCustomerEmails } from '../notifications/privacy.js';
import { customerDataExporters, customerDeletionHooks } from './hooks.js';
import { addresses, authTokens, customers, signupRequests } from './schema.js';

/**
 * "Vie privée": everything we hold about a customer as JSON, and the deletion of the account.
 * Other modules add their part through `customerDataExporters` and `customerDeletionHooks`.
 */
export async function exportCustomerData(deps: Deps, customerId: string): Promise<Record<string, unknown>> {
  const c = await getCustomer(deps.db, customerId);
  if (!c) throw new Error('exportCustomerData: unknown customer');
  const db = deps.db;
  const [addressList, sessionRows, attempts, tokens, sentEmails] = await Promise.all([
    listAddresses(db, customerId),
    db.select({ createdAt: sessions.createdAt, expiresAt: sessions.expiresAt }).from(sessions).where(and(eq(sessions.face, 'shop'), eq(sessions.userId, customerId))),
    db.select({ at: loginAttempts.at, ip: loginAttempts.ip }).from(loginAttempts).where(and(eq(loginAttempts.face, 'shop'), eq(loginAttempts.email, c.email))),
    db
      .select({ kind: authTokens.kind, newEmail: authTokens.newEmail, createdAt: authTokens.createdAt, expiresAt: authTokens.expiresAt, usedAt: authTokens.usedAt })
      .from(authTokens)
      .where(eq(authTokens.customerId, customerId))
      .orderBy(desc(authTokens.createdAt)),
    customerEmails(db, customerId, c.email),
  ]);
  const data: Record<string, unknown> = {
    exportedAt: deps.clock.now().toISOString(),
    profile: {
      email: c.email,
      firstName: c.firstName,
      lastName: c.lastName,
      phone: c.phone,
      language: c.locale,
      marketingConsentAt: c.marketingConsentAt?.toISOString() ?? null,
      createdAt: c.createdAt.toISOString(),
    },
    addresses: addressList.map(({ customerId: _owner, ...a }) => a),
    sessions: sessionRows,
    failedLogins: attempts,
    emailLinks: tokens,
    emails: sentEmails,
  };
  for (const e of customerDataExporters) data[e.key] = await e.collect(db, customerId);
  return data;
}

/**
 * Deletes the account: addresses, links and sessions are deleted; the customer row stays only as an
 * empty shell (no name, no email, no password) so that orders kept for the law still point to "a
 * deleted customer" and never to a person. Other modules' hooks run in the same transaction.
 */
export async function deleteAccount(deps: Deps, customerId: string): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const [c] = await tx.select().from(customers).where(eq(customers.id, customerId)).for('update');
    if (!c || c.deletedAt) return;
    await tx
      .update(customers)
      .set({
        email: `deleted-${c.id}@deleted.invalid`,
        passwordHash: '!deleted',
        firstName: '',
        lastName: '',
        phone: null,
        marketingConsentAt: null,
        defaultBillingAddressId: null,
        defaultDeliveryAddressId: null,
        deletedAt: now,
      })
      .where(eq(customers.id, customerId));
    await tx.delete(addresses).where(eq(addresses.customerId, customerId));
    await tx.delete(authTokens).where(eq(authTokens.customerId, customerId));
    await tx.delete(signupRequests).where(eq(signupRequests.email, c.email));
    await tx.delete(loginAttempts).where(eq(loginAttempts.email, c.email));
    await destroyUserSessions(tx, 'shop', customerId);
    // Before anything else forgets the address: emails sent before the account existed are found by it.
    await eraseCustomerEmails(tx, customerId, c.email);
    for (const hook of customerDeletionHooks) await hook(tx, customerId, deps);
  });
}
