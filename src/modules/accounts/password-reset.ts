import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { addJob } from '../../jobs/queue.js';
import { clearLoginAttempts } from '../sessions/login.js';
import { destroyUserSessions } from '../sessions/store.js';
import { findCustomerByEmail, getCustomer } from './customers.js';
import { queueAccountEmail } from './emails.js';
import { hashPassword } from './passwords.js';
import { customers } from './schema.js';
import { countTokensSince, findUsableToken, hashToken, issueToken, spendTokens } from './tokens.js';

/**
 * "Mot de passe oublié ?" and password changes.
 *
 * The request only queues a job with the typed address, whether or not an account has it: the
 * answer, and the time it takes, are the same for a known and an unknown email. The job looks the
 * account up and, when there is one, sends a single-use link valid for one hour.
 */
export const RESET_EMAILS_PER_HOUR = 3;
export const PASSWORD_RESET_JOB = 'accounts_password_reset';

export async function requestPasswordReset(deps: Deps, email: string): Promise<void> {
  await addJob(deps.db, PASSWORD_RESET_JOB, { email: email.trim().toLowerCase() });
}

/** The job: sends the link when the address has an account (at most 3 links an hour). */
export async function sendPasswordResetLink(deps: Deps, payload: { email?: unknown }): Promise<void> {
  if (typeof payload.email !== 'string') return;
  const customer = await findCustomerByEmail(deps.db, payload.email);
  if (!customer) return;
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await tx.select({ id: customers.id }).from(customers).where(eq(customers.id, customer.id)).for('update');
    if ((await countTokensSince(tx, 'password_reset', customer.id, new Date(now.getTime() - 3_600_000))) >= RESET_EMAILS_PER_HOUR) return;
    const token = await issueToken(tx, 'password_reset', customer.id, now);
    const to = { email: customer.email, name: customer.firstName, locale: customer.locale, customerId: customer.id };
    await queueAccountEmail(tx, deps, to, { kind: 'password_reset', token }, `account:password_reset:${hashToken(token)}`);
  });
}

/** Whether a reset link can still be used (the page shows the form, or says it expired). */
export async function resetLinkUsable(deps: Deps, token: unknown): Promise<boolean> {
  return !!(await findUsableToken(deps.db, 'password_reset', token, deps.clock.now()));
}

/**
 * Sets a new password and ends the customer's sessions, except `keepSessionId` (the session doing
 * the change). Inside the caller's transaction; the new password is hashed by the caller.
 */
async function replacePassword(tx: DbOrTx, deps: Deps, customerId: string, passwordHash: string, keepSessionId?: string): Promise<void> {
  const [c] = await tx.update(customers).set({ passwordHash }).where(eq(customers.id, customerId)).returning();
  if (!c) throw new Error('replacePassword: unknown customer');
  await destroyUserSessions(tx, 'shop', customerId, keepSessionId);
  await clearLoginAttempts(tx, 'shop', c.email);
  const to = { email: c.email, name: c.firstName, locale: c.locale, customerId: c.id };
  await queueAccountEmail(tx, deps, to, { kind: 'password_changed' }, `account:password_changed:${c.id}:${deps.clock.now().getTime()}`);
}

export type ResetResult = { ok: true; customerId: string } | { ok: false; code: 'invalid_link' };

/**
 * Redeems a reset link: single use (row lock, then marked used; the customer's other reset links
 * die with it), within the hour. Every session of the customer ends; the route starts a fresh one.
 */
export async function resetPassword(deps: Deps, token: unknown, newPassword: string): Promise<ResetResult> {
  if (!(await resetLinkUsable(deps, token))) return { ok: false, code: 'invalid_link' };
  const passwordHash = await hashPassword(newPassword);
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const t = await findUsableToken(tx, 'password_reset', token, now, { lock: true });
    if (!t) return { ok: false, code: 'invalid_link' } as const;
    await spendTokens(tx, 'password_reset', t.customerId, now);
    await replacePassword(tx, deps, t.customerId, passwordHash);
    return { ok: true, customerId: t.customerId } as const;
  });
}

/**
 * "Changer le mot de passe" from the account (the route has checked the current password). The
 * customer's other sessions end; this one stays.
 */
export async function changePassword(deps: Deps, customerId: string, newPassword: string, currentSessionId: string): Promise<void> {
  const passwordHash = await hashPassword(newPassword);
  await deps.db.transaction(async (tx) => {
    if (!(await getCustomer(tx, customerId))) throw new Error('changePassword: unknown customer');
    await spendTokens(tx, 'password_reset', customerId, deps.clock.now());
    await replacePassword(tx, deps, customerId, passwordHash, currentSessionId);
  });
}
