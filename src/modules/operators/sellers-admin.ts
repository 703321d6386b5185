import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx, Tx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { formatDate, LOCALES, type Locale } from '../../i18n/index.js';
import type { I18nText } from '../../shared/i18n-text.js';
import { normalisePhone, normaliseVatNumber } from '../accounts/address-rules.js';
import { inviteUser } from '../backoffice/invitations.js';
import { categories } from '../catalog/schema.js';
import { commissionRates } from '../ledger/schema.js';
import { queueEmail } from '../notifications/emails.js';
import { renderEmail } from '../notifications/layout.js';
import { policyForm } from '../sellers/offers.js';
import { sellers, sellerUsers } from '../sellers/schema.js';
import { audit } from './audit.js';
import { opText } from './messages.js';

export type SellerRow = typeof sellers.$inferSelect;

/** "Maison Lemaire & Fils" → "maison-lemaire-fils". */
export function slugify(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

/** "15" / "12,5" / "12.5" % → basis points (1500 / 1250), or null. */
export function percentToBps(raw: string): number | null {
  const s = raw.trim().replace(',', '.');
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(s)) return null;
  const bps = Math.round(Number(s) * 100);
  return bps >= 0 && bps <= 10_000 ? bps : null;
}
export const bpsToPercent = (bps: number, locale: Locale) => (bps / 100).toLocaleString(locale === 'en' ? 'en-BE' : `${locale}-BE`, { maximumFractionDigits: 2 });

const optionalText = (max: number) => z.string().trim().max(max).optional().default('');

/** The seller's identity, policy and shipping rule (the policy fields are the sellers module's own form). */
export const sellerForm = policyForm.extend({
  name: z.string().trim().min(1).max(100),
  slug: z
    .string()
    .trim()
    .max(60)
    .optional()
    .default('')
    .refine((s) => s === '' || /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(s), { message: 'msg:slug_invalid' }),
  legalName: z.string().trim().min(1).max(200),
  vatNumber: z
    .string()
    .trim()
    .min(1)
    .max(30)
    .refine((s) => normaliseVatNumber(s, 'BE') !== null, { message: 'msg:vat_invalid' })
    .transform((s) => normaliseVatNumber(s, 'BE')!),
  email: z.string().trim().max(320).pipe(z.email()),
  phone: z
    .string()
    .trim()
    .max(40)
    .optional()
    .default('')
    .refine((s) => s === '' || normalisePhone(s) !== null, { message: 'msg:invalid' })
    .transform((s) => (s ? normalisePhone(s) : null)),
  descriptionFr: z.string().trim().min(1).max(4000),
  descriptionNl: optionalText(4000),
  descriptionEn: optionalText(4000),
  commission: z
    .string()
    .optional()
    .refine((s) => s === undefined || s.trim() === '' || percentToBps(s) !== null, { message: 'msg:rate_invalid' })
    .transform((s) => (s === undefined || s.trim() === '' ? null : percentToBps(s))),
});
export type SellerInput = z.output<typeof sellerForm>;

export const newSellerForm = sellerForm.extend({
  ownerEmail: z.string().trim().max(320).pipe(z.email()),
  ownerLocale: z.enum(LOCALES),
});
export type NewSellerInput = z.output<typeof newSellerForm>;

const tri = (fr: string, nl: string, en: string): I18nText => ({ fr, nl: nl || fr, en: en || fr });

function sellerValues(input: SellerInput, slug: string) {
  return {
    slug,
    name: input.name,
    legalName: input.legalName,
    vatNumber: input.vatNumber,
    email: input.email.toLowerCase(),
    phone: input.phone,
    description: tri(input.descriptionFr, input.descriptionNl, input.descriptionEn),
    returnWindowDays: input.returnWindowDays,
    returnShippingPaidBy: input.returnShippingPaidBy,
    returnConditions: tri(input.conditionsFr, input.conditionsNl, input.conditionsEn),
    returnText: tri(input.textFr, input.textNl, input.textEn),
    shippingFeeCents: input.shippingFee,
    freeShippingFromCents: input.freeFrom,
  };
}

/** What the audit log keeps of a seller (no free texts, which can be long). */
function auditView(s: SellerRow) {
  return {
    name: s.name,
    slug: s.slug,
    legalName: s.legalName,
    vatNumber: s.vatNumber,
    email: s.email,
    phone: s.phone,
    status: s.status,
    returnWindowDays: s.returnWindowDays,
    returnShippingPaidBy: s.returnShippingPaidBy,
    shippingFeeCents: s.shippingFeeCents,
    freeShippingFromCents: s.freeShippingFromCents,
    commissionBps: s.commissionBps,
  };
}

type Operator = { id: string; name: string; role: 'admin' | 'customer_service' };
export type SellerRefusal = 'slug_taken' | 'email_taken' | 'not_found';

async function slugTaken(tx: DbOrTx, slug: string, except?: string): Promise<boolean> {
  const rows = await tx
    .select({ id: sellers.id })
    .from(sellers)
    .where(and(eq(sellers.slug, slug), except ? ne(sellers.id, except) : undefined));
  return rows.length > 0;
}

/**
 * Creates a seller and invites its first user (owner) by email, in one transaction with the audit
 * log. Only an admin sets the commission; customer service creates at the default rate.
 */
export async function createSeller(deps: Deps, op: Operator, input: NewSellerInput): Promise<{ ok: true; sellerId: string } | { ok: false; code: SellerRefusal }> {
  const now = deps.clock.now();
  const slug = input.slug || slugify(input.name) || `shop-${now.getTime()}`;
  return deps.db.transaction(async (tx) => {
    if (await slugTaken(tx, slug)) return { ok: false, code: 'slug_taken' } as const;
    const owner = input.ownerEmail.toLowerCase();
    if ((await tx.select({ id: sellerUsers.id }).from(sellerUsers).where(eq(sellerUsers.email, owner))).length) return { ok: false, code: 'email_taken' } as const;
    const [s] = await tx
      .insert(sellers)
      .values({ ...sellerValues(input, slug), ...(op.role === 'admin' && input.commission !== null ? { commissionBps: input.commission } : {}), createdAt: now })
      .returning();
    const invited = await inviteUser(deps, tx, { face: 'seller', sellerId: s!.id, email: owner, role: 'owner', locale: input.ownerLocale, invitedBy: { face: 'operator', id: op.id, name: op.name } });
    if (!invited.ok) throw new Error(`invitation refused after checks: ${invited.code}`);
    await audit(tx, { operatorId: op.id, action: 'seller.create', subjectType: 'seller', subjectId: s!.id, after: { ...auditView(s!), owner }, at: now });
    return { ok: true, sellerId: s!.id } as const;
  });
}

export async function updateSeller(deps: Deps, op: Operator, sellerId: string, input: SellerInput): Promise<{ ok: true } | { ok: false; code: SellerRefusal }> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [before] = await tx.select().from(sellers).where(eq(sellers.id, sellerId)).for('update');
    if (!before) return { ok: false, code: 'not_found' } as const;
    const slug = input.slug || before.slug;
    if (await slugTaken(tx, slug, sellerId)) return { ok: false, code: 'slug_taken' } as const;
    const [after] = await tx
      .update(sellers)
      .set({ ...sellerValues(input, slug), ...(op.role === 'admin' && input.commission !== null ? { commissionBps: input.commission } : {}) })
      .where(eq(sellers.id, sellerId))
      .returning();
    await audit(tx, { operatorId: op.id, action: 'seller.update', subjectType: 'seller', subjectId: sellerId, before: auditView(before), after: auditView(after!), at: now });
    return { ok: true } as const;
  });
}

/**
 * Suspends or reactivates a seller. A suspended seller's offers leave the storefront at once (every
 * storefront query filters `sellers.status = 'active'`); its orders and incidents stay open to it,
 * and it keeps its back office. The seller is told by email; the audit log keeps the reason.
 */
export async function setSellerStatus(
  deps: Deps,
  op: Operator,
  sellerId: string,
  status: 'active' | 'suspended',
  reason: string | null,
): Promise<{ ok: true; changed: boolean } | { ok: false; code: 'not_found' }> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [before] = await tx.select().from(sellers).where(eq(sellers.id, sellerId)).for('update');
    if (!before) return { ok: false, code: 'not_found' } as const;
    if (before.status === status) return { ok: true, changed: false } as const;
    await tx.update(sellers).set({ status }).where(eq(sellers.id, sellerId));
    await audit(tx, {
      operatorId: op.id,
      action: status === 'suspended' ? 'seller.suspend' : 'seller.reactivate',
      subjectType: 'seller',
      subjectId: sellerId,
      before: { status: before.status },
      after: { status, ...(reason ? { reason } : {}) },
      at: now,
    });
    await mailStatus(deps, tx, before, status, reason, now);
    return { ok: true, changed: true } as const;
  });
}

async function mailStatus(deps: Deps, tx: Tx, seller: SellerRow, status: 'active' | 'suspended', reason: string | null, now: Date): Promise<void> {
  // The shop's owners, in their language; the contact address when it has no active owner.
  const owners = await tx
    .select({ email: sellerUsers.email, locale: sellerUsers.locale })
    .from(sellerUsers)
    .where(and(eq(sellerUsers.sellerId, seller.id), eq(sellerUsers.role, 'owner'), eq(sellerUsers.active, true)));
  const to = owners.length ? owners : [{ email: seller.email, locale: 'fr' as Locale }];
  for (const r of to) {
    const t = opText(r.locale);
    const suspended = status === 'suspended';
    const title = t(suspended ? 'mail_suspended_subject' : 'mail_reactivated_subject', { shop: seller.name });
    const paragraphs = suspended
      ? [t('mail_suspended_intro', { date: formatDate(now, r.locale) }), ...(reason ? [t('mail_reason', { reason })] : []), t('mail_suspended_after')]
      : [t('mail_reactivated_intro')];
    const { html, text } = renderEmail({ locale: r.locale, title, paragraphs, action: { label: t('mail_button'), url: `${deps.config.publicUrl}/vendeur` } });
    await queueEmail(tx, { dedupeKey: `seller-status:${seller.id}:${status}:${now.getTime()}:${r.email}`, kind: suspended ? 'seller_suspended' : 'seller_reactivated', to: r.email, locale: r.locale, subject: title, html, text, sellerId: seller.id });
  }
}

/** The categories with this seller's specific commission rate, if any. */
export async function commissionTable(db: DbOrTx, sellerId: string) {
  const cats = await db.select({ id: categories.id, name: categories.name, parentId: categories.parentId }).from(categories).orderBy(asc(categories.position), asc(categories.slug));
  const rates = await db.select({ categoryId: commissionRates.categoryId, rateBps: commissionRates.rateBps }).from(commissionRates).where(eq(commissionRates.sellerId, sellerId));
  return cats.map((c) => ({ ...c, rateBps: rates.find((r) => r.categoryId === c.id)?.rateBps ?? null }));
}

/**
 * Sets the default commission and the per-category rates (an empty rate falls back to the default).
 * Admins only (the route checks the role). Lines already paid keep the commission fixed on them.
 */
export async function setCommissions(deps: Deps, op: Operator, sellerId: string, input: { defaultBps: number; rates: Map<string, number | null> }): Promise<{ ok: true } | { ok: false; code: 'not_found' }> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [seller] = await tx.select({ commissionBps: sellers.commissionBps }).from(sellers).where(eq(sellers.id, sellerId)).for('update');
    if (!seller) return { ok: false, code: 'not_found' } as const;
    const before = await tx.select({ categoryId: commissionRates.categoryId, rateBps: commissionRates.rateBps }).from(commissionRates).where(eq(commissionRates.sellerId, sellerId));
    const known = new Set((await tx.select({ id: categories.id }).from(categories).where(inArray(categories.id, [...input.rates.keys(), '00000000-0000-0000-0000-000000000000']))).map((c) => c.id));
    await tx.update(sellers).set({ commissionBps: input.defaultBps }).where(eq(sellers.id, sellerId));
    for (const [categoryId, bps] of input.rates) {
      if (!known.has(categoryId)) continue;
      if (bps === null) await tx.delete(commissionRates).where(and(eq(commissionRates.sellerId, sellerId), eq(commissionRates.categoryId, categoryId)));
      else
        await tx
          .insert(commissionRates)
          .values({ sellerId, categoryId, rateBps: bps })
          .onConflictDoUpdate({ target: [commissionRates.sellerId, commissionRates.categoryId], set: { rateBps: bps } });
    }
    const after = await tx.select({ categoryId: commissionRates.categoryId, rateBps: commissionRates.rateBps }).from(commissionRates).where(eq(commissionRates.sellerId, sellerId));
    await audit(tx, {
      operatorId: op.id,
      action: 'seller.commission',
      subjectType: 'seller',
      subjectId: sellerId,
      before: { defaultBps: seller.commissionBps, rates: Object.fromEntries(before.map((r) => [r.categoryId, r.rateBps])) },
      after: { defaultBps: input.defaultBps, rates: Object.fromEntries(after.map((r) => [r.categoryId, r.rateBps])) },
      at: now,
    });
    return { ok: true } as const;
  });
}
