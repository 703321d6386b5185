import { and, eq, gt, isNull } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { defineMessages, type Locale } from '../../i18n/index.js';
import { hashPassword } from '../accounts/passwords.js';
import { queueEmail } from '../notifications/emails.js';
import { renderEmail } from '../notifications/layout.js';
import { operatorUsers } from '../operators/schema.js';
import { sellers, sellerUsers } from '../sellers/schema.js';
import { hashToken, newToken } from '../sessions/store.js';
import { invitations, type BoFace, type InvitedRole } from './schema.js';

/** An invitation link is valid for 7 days and once. */
export const INVITATION_DAYS = 7;
export const BASE: Record<BoFace, string> = { seller: '/vendeur', operator: '/admin' };

const mail = defineMessages({
  fr: {
    subject_seller: 'Votre accès à l’espace vendeur de {place}',
    subject_operator: 'Votre accès à l’administration de Comptoir',
    intro: '{by} vous invite à rejoindre {place} sur Comptoir.',
    how: 'Choisissez votre nom et votre mot de passe avec le bouton ci-dessous. Le lien est valable {days} jours et une seule fois.',
    button: 'Créer mon accès',
    not_you: 'Si vous n’attendiez pas cette invitation, ignorez cet e-mail : aucun accès ne sera créé.',
    operator_place: 'l’administration de Comptoir',
    seller_place: 'l’espace vendeur de {shop}',
  },
  nl: {
    subject_seller: 'Uw toegang tot de verkopersruimte van {place}',
    subject_operator: 'Uw toegang tot het beheer van Comptoir',
    intro: '{by} nodigt u uit voor {place} op Comptoir.',
    how: 'Kies uw naam en wachtwoord met de knop hieronder. De link is {days} dagen en één keer geldig.',
    button: 'Mijn toegang aanmaken',
    not_you: 'Verwachtte u deze uitnodiging niet? Negeer deze e-mail: er wordt geen toegang aangemaakt.',
    operator_place: 'het beheer van Comptoir',
    seller_place: 'de verkopersruimte van {shop}',
  },
  en: {
    subject_seller: 'Your access to the seller area of {place}',
    subject_operator: 'Your access to the Comptoir administration',
    intro: '{by} invites you to join {place} on Comptoir.',
    how: 'Choose your name and password with the button below. The link is valid for {days} days and once.',
    button: 'Create my access',
    not_you: 'If you were not expecting this invitation, ignore this email: no access will be created.',
    operator_place: 'the Comptoir administration',
    seller_place: 'the seller area of {shop}',
  },
});

/** Where an invitation leads, in words ("l’espace vendeur de Maison Lemaire"). */
export function placeName(face: BoFace, shop: string | null, locale: Locale): string {
  const t = mail(locale);
  return face === 'operator' ? t('operator_place') : t('seller_place', { shop: shop ?? '' });
}

export type InviteInput = {
  face: BoFace;
  sellerId?: string | null;
  email: string;
  role: InvitedRole;
  locale: Locale;
  invitedBy: { face: BoFace; id: string; name: string };
};

export type InviteResult = { ok: true; invitationId: string; emailId: string | null } | { ok: false; code: 'email_taken' | 'not_found' };

/**
 * Invites someone to a back office, in the caller's transaction: a single-use link (only its hash is
 * kept) emailed in the invitee's language. An address that already has an access is refused.
 */
export async function inviteUser(deps: Deps, tx: Tx, input: InviteInput): Promise<InviteResult> {
  const email = input.email.trim().toLowerCase();
  const now = deps.clock.now();
  let shop: string | null = null;
  if (input.face === 'seller') {
    const [s] = input.sellerId ? await tx.select({ name: sellers.name }).from(sellers).where(eq(sellers.id, input.sellerId)) : [];
    if (!s) return { ok: false, code: 'not_found' };
    shop = s.name;
  }
  if (await emailTaken(tx, input.face, email)) return { ok: false, code: 'email_taken' };
  const token = newToken();
  const [inv] = await tx
    .insert(invitations)
    .values({
      face: input.face,
      sellerId: input.face === 'seller' ? input.sellerId! : null,
      email,
      role: input.role,
      locale: input.locale,
      tokenHash: hashToken(token),
      invitedByFace: input.invitedBy.face,
      invitedById: input.invitedBy.id,
      expiresAt: new Date(now.getTime() + INVITATION_DAYS * 86_400_000),
      createdAt: now,
    })
    .returning({ id: invitations.id });
  const t = mail(input.locale);
  const place = placeName(input.face, shop, input.locale);
  const subject = input.face === 'seller' ? t('subject_seller', { place: shop ?? '' }) : t('subject_operator');
  const url = `${deps.config.publicUrl}${BASE[input.face]}/invitation?token=${encodeURIComponent(token)}`;
  const { html, text } = renderEmail({
    locale: input.locale,
    title: subject,
    paragraphs: [t('intro', { by: input.invitedBy.name, place }), t('how', { days: INVITATION_DAYS })],
    action: { label: t('button'), url },
    after: [t('not_you')],
  });
  const emailId = await queueEmail(tx, {
    dedupeKey: `invitation:${inv!.id}`,
    kind: 'backoffice_invitation',
    to: email,
    locale: input.locale,
    subject,
    html,
    text,
    sellerId: input.face === 'seller' ? input.sellerId! : null,
  });
  return { ok: true, invitationId: inv!.id, emailId };
}

async function emailTaken(db: DbOrTx, face: BoFace, email: string): Promise<boolean> {
  const rows =
    face === 'seller'
      ? await db.select({ id: sellerUsers.id }).from(sellerUsers).where(eq(sellerUsers.email, email))
      : await db.select({ id: operatorUsers.id }).from(operatorUsers).where(eq(operatorUsers.email, email));
  return rows.length > 0;
}

export type OpenInvitation = { id: string; face: BoFace; email: string; role: InvitedRole; locale: Locale; sellerId: string | null; shop: string | null };

/** The invitation a link opens, when it is still usable (unused, not expired, this face). */
export async function openInvitation(db: DbOrTx, face: BoFace, token: unknown, now: Date): Promise<OpenInvitation | null> {
  if (typeof token !== 'string' || token.length < 20 || token.length > 100) return null;
  const [row] = await db
    .select({ id: invitations.id, face: invitations.face, email: invitations.email, role: invitations.role, locale: invitations.locale, sellerId: invitations.sellerId, shop: sellers.name })
    .from(invitations)
    .leftJoin(sellers, eq(sellers.id, invitations.sellerId))
    .where(and(eq(invitations.tokenHash, hashToken(token)), eq(invitations.face, face), isNull(invitations.usedAt), gt(invitations.expiresAt, now)));
  return row ?? null;
}

export type AcceptResult = { ok: true; userId: string } | { ok: false; code: 'invitation_invalid' | 'invitation_taken' };

/** Creates the user the invitation names, with the chosen name and password; the link is spent. */
export async function acceptInvitation(deps: Deps, face: BoFace, input: { token: string; name: string; password: string }): Promise<AcceptResult> {
  const now = deps.clock.now();
  const passwordHash = await hashPassword(input.password);
  return deps.db.transaction(async (tx) => {
    const inv = await openInvitation(tx, face, input.token, now);
    if (!inv) return { ok: false, code: 'invitation_invalid' } as const;
    if (await emailTaken(tx, face, inv.email)) return { ok: false, code: 'invitation_taken' } as const;
    // Spent under a condition: of two simultaneous submissions only one gets the row.
    const spent = await tx.update(invitations).set({ usedAt: now }).where(and(eq(invitations.id, inv.id), isNull(invitations.usedAt))).returning({ id: invitations.id });
    if (!spent.length) return { ok: false, code: 'invitation_invalid' } as const;
    const common = { email: inv.email, passwordHash, name: input.name, locale: inv.locale, createdAt: now };
    const [user] =
      face === 'seller'
        ? await tx
            .insert(sellerUsers)
            .values({ ...common, sellerId: inv.sellerId!, role: inv.role === 'owner' ? 'owner' : 'staff' })
            .onConflictDoNothing()
            .returning({ id: sellerUsers.id })
        : await tx
            .insert(operatorUsers)
            .values({ ...common, role: inv.role === 'admin' ? 'admin' : 'customer_service' })
            .onConflictDoNothing()
            .returning({ id: operatorUsers.id });
    // Another invitation for the same address was accepted at the same moment.
    if (!user) return { ok: false, code: 'invitation_taken' } as const;
    return { ok: true, userId: user.id } as const;
  });
}

/** Pending invitations of a shop (for its users page) or of the operators. */
export async function pendingInvitations(db: DbOrTx, face: BoFace, sellerId: string | null, now: Date) {
  return db
    .select({ id: invitations.id, email: invitations.email, role: invitations.role, expiresAt: invitations.expiresAt, createdAt: invitations.createdAt })
    .from(invitations)
    .where(and(eq(invitations.face, face), sellerId ? eq(invitations.sellerId, sellerId) : isNull(invitations.sellerId), isNull(invitations.usedAt), gt(invitations.expiresAt, now)))
    .orderBy(invitations.createdAt);
}
