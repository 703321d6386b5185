import { and, eq, ne } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import type { Locale } from '../../i18n/index.js';
import { findCustomerByEmail } from './customers.js';
import { queueAccountEmail } from './emails.js';
import { customers } from './schema.js';
import { countTokensSince, findUsableToken, hashToken, issueToken, spendTokens } from './tokens.js';

/** The profile: names, phone, language, marketing consent (dated when given, cleared when withdrawn). */
export type ProfileInput = { firstName: string; lastName: string; phone: string | null; locale: Locale; marketing: boolean };

export async function updateProfile(deps: Deps, customerId: string, input: ProfileInput): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const [c] = await tx.select({ consentAt: customers.marketingConsentAt }).from(customers).where(eq(customers.id, customerId)).for('update');
    if (!c) throw new Error('updateProfile: unknown customer');
    await tx
      .update(customers)
      .set({
        firstName: input.firstName,
        lastName: input.lastName,
        phone: input.phone,
        locale: input.locale,
        // The consent keeps the date it was given; unticking withdraws it.
        marketingConsentAt: input.marketing ? (c.consentAt ?? now) : null,
      })
      .where(eq(customers.id, customerId));
  });
}

export const EMAIL_CHANGE_EMAILS_PER_HOUR = 3;

/**
 * Asks to change the account's email address: a confirmation link goes to the NEW address (valid
 * 24 h); nothing changes until it is followed. When the new address already has an account, that
 * address is told instead, and the page answers the same (no enumeration).
 */
export async function requestEmailChange(deps: Deps, customerId: string, newEmailRaw: string): Promise<void> {
  const newEmail = newEmailRaw.trim().toLowerCase();
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const [c] = await tx.select().from(customers).where(eq(customers.id, customerId)).for('update');
    if (!c) throw new Error('requestEmailChange: unknown customer');
    const taken = await findCustomerByEmail(tx, newEmail);
    if (taken) {
      const hour = Math.floor(now.getTime() / 3_600_000);
      await queueAccountEmail(tx, deps, { email: newEmail, name: taken.firstName, locale: taken.locale, customerId: taken.id }, { kind: 'email_change_taken' }, `account:email_change_taken:${taken.id}:${hour}`);
      return;
    }
    if ((await countTokensSince(tx, 'email_change', customerId, new Date(now.getTime() - 3_600_000))) >= EMAIL_CHANGE_EMAILS_PER_HOUR) return;
    const token = await issueToken(tx, 'email_change', customerId, now, newEmail);
    await queueAccountEmail(tx, deps, { email: newEmail, name: c.firstName, locale: c.locale, customerId }, { kind: 'email_change_confirm', token }, `account:email_change:${hashToken(token)}`);
  });
}

/**
 * The new address an email-change link would set, or null when the link is not usable — including
 * when it is not this customer's (a link works only for the customer who asked for it).
 */
export async function emailChangeLinkTarget(deps: Deps, customerId: string, token: unknown): Promise<string | null> {
  const t = await findUsableToken(deps.db, 'email_change', token, deps.clock.now());
  return t && t.customerId === customerId ? t.newEmail : null;
}

export type ConfirmEmailChangeResult = { ok: true; email: string } | { ok: false; code: 'invalid_link' | 'email_taken' };

/**
 * Follows the link: the address changes, the link and the customer's other email-change links are
 * spent, and the OLD address is told. A link redeemed by another logged-in customer is refused
 * like an invalid one; an address taken meanwhile is refused.
 */
export async function confirmEmailChange(deps: Deps, customerId: string, token: unknown): Promise<ConfirmEmailChangeResult> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const t = await findUsableToken(tx, 'email_change', token, now, { lock: true });
    if (!t || t.customerId !== customerId || !t.newEmail) return { ok: false, code: 'invalid_link' } as const;
    const [old] = await tx.select().from(customers).where(eq(customers.id, customerId)).for('update');
    if (!old) return { ok: false, code: 'invalid_link' } as const;
    await spendTokens(tx, 'email_change', customerId, now);
    const [other] = await tx
      .select({ id: customers.id })
      .from(customers)
      .where(and(eq(customers.email, t.newEmail), ne(customers.id, customerId)));
    if (other) return { ok: false, code: 'email_taken' } as const;
    try {
      // A savepoint: two customers confirming the same new address at once — the unique index decides.
      await tx.transaction(async (sp) => {
        await sp.update(customers).set({ email: t.newEmail! }).where(eq(customers.id, customerId));
      });
    } catch (err) {
      if (isUniqueViolation(err)) return { ok: false, code: 'email_taken' } as const;
      throw err;
    }
    const to = { email: old.email, name: old.firstName, locale: old.locale, customerId };
    await queueAccountEmail(tx, deps, to, { kind: 'email_changed', newEmail: t.newEmail }, `account:email_changed:${t.id}`);
    return { ok: true, email: t.newEmail } as const;
  });
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
}
