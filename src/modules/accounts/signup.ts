import { and, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import type { Locale } from '../../i18n/index.js';
import { findCustomerByEmail } from './customers.js';
import { queueAccountEmail } from './emails.js';
import { hashPassword } from './passwords.js';
import { customers, signupRequests } from './schema.js';
import { hashToken, newToken, SIGNUP_TTL_MINUTES } from './tokens.js';

/**
 * Sign-up without account enumeration (docs/decisions/0013-accounts-without-enumeration.md).
 * The form always answers "check your mailbox", after the same work (the password is hashed in
 * both branches): a new address receives a confirmation link that creates the account; an address
 * that already has an account receives "you already have an account".
 */
export type SignupInput = { email: string; password: string; firstName: string; lastName: string; locale: Locale; marketing: boolean; returnTo: string | null };

/** At most this many confirmation emails per address and per hour (a form is no mail cannon). */
export const SIGNUP_EMAILS_PER_HOUR = 3;

export async function requestSignup(deps: Deps, input: SignupInput): Promise<void> {
  const email = input.email.trim().toLowerCase();
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const existing = await findCustomerByEmail(tx, email);
    if (existing) {
      const hour = Math.floor(now.getTime() / 3_600_000);
      const to = { email: existing.email, name: existing.firstName, locale: existing.locale, customerId: existing.id };
      await queueAccountEmail(tx, deps, to, { kind: 'signup_exists' }, `account:signup_exists:${existing.id}:${hour}`);
      return;
    }
    const [recent] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(signupRequests)
      .where(and(eq(signupRequests.email, email), gt(signupRequests.createdAt, new Date(now.getTime() - 3_600_000))));
    if ((recent?.n ?? 0) >= SIGNUP_EMAILS_PER_HOUR) return;
    const token = newToken();
    const [req] = await tx
      .insert(signupRequests)
      .values({
        email,
        tokenHash: hashToken(token),
        passwordHash,
        firstName: input.firstName,
        lastName: input.lastName,
        locale: input.locale,
        marketingConsent: input.marketing,
        returnTo: input.returnTo,
        createdAt: now,
        expiresAt: new Date(now.getTime() + SIGNUP_TTL_MINUTES * 60_000),
      })
      .returning({ id: signupRequests.id });
    await queueAccountEmail(tx, deps, { email, name: input.firstName, locale: input.locale }, { kind: 'signup_confirm', token }, `account:signup_confirm:${req!.id}`);
  });
}

function usable(token: string, now: Date) {
  return and(eq(signupRequests.tokenHash, hashToken(token)), isNull(signupRequests.usedAt), gt(signupRequests.expiresAt, now));
}

const plausible = (token: unknown): token is string => typeof token === 'string' && token.length >= 20 && token.length <= 100;

/** Whether a confirmation link can still be used (the page shows the button, or says it expired). */
export async function signupLinkUsable(deps: Deps, token: unknown): Promise<boolean> {
  if (!plausible(token)) return false;
  const [r] = await deps.db.select({ id: signupRequests.id }).from(signupRequests).where(usable(token, deps.clock.now()));
  return !!r;
}

export type ConfirmSignupResult = { ok: true; customerId: string; returnTo: string | null } | { ok: false; code: 'invalid_link' | 'email_taken' };

/**
 * Follows a confirmation link: creates the account (once — the link is single-use) with the
 * marketing consent dated from the form. Another account created meanwhile with the same address
 * wins; this link then only says so.
 */
export async function confirmSignup(deps: Deps, token: unknown): Promise<ConfirmSignupResult> {
  if (!plausible(token)) return { ok: false, code: 'invalid_link' };
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [r] = await tx.select().from(signupRequests).where(usable(token, now)).for('update');
    if (!r) return { ok: false, code: 'invalid_link' } as const;
    await tx.update(signupRequests).set({ usedAt: now }).where(eq(signupRequests.id, r.id));
    const [c] = await tx
      .insert(customers)
      .values({
        email: r.email,
        passwordHash: r.passwordHash,
        firstName: r.firstName,
        lastName: r.lastName,
        locale: r.locale,
        marketingConsentAt: r.marketingConsent ? r.createdAt : null,
        createdAt: now,
      })
      .onConflictDoNothing({ target: customers.email })
      .returning({ id: customers.id });
    if (!c) return { ok: false, code: 'email_taken' } as const;
    // The other pending requests for this address are moot now.
    await tx.delete(signupRequests).where(and(eq(signupRequests.email, r.email), ne(signupRequests.id, r.id)));
    return { ok: true, customerId: c.id, returnTo: r.returnTo } as const;
  });
}
