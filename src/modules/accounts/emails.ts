import type { DbOrTx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import type { Locale } from '../../i18n/index.js';
import { queueEmail } from '../notifications/emails.js';
import { renderEmail } from '../notifications/layout.js';
import { accountMail } from './messages.js';

/**
 * The account's emails. Each is queued in the caller's transaction (it exists if and only if the
 * change committed), in the recipient's language, HTML + text through the shared email frame.
 */
export type AccountEmail =
  | { kind: 'signup_confirm'; token: string }
  | { kind: 'signup_exists' }
  | { kind: 'password_reset'; token: string }
  | { kind: 'password_changed' }
  | { kind: 'email_change_confirm'; token: string }
  | { kind: 'email_change_taken' }
  | { kind: 'email_changed'; newEmail: string };

export async function queueAccountEmail(
  tx: DbOrTx,
  deps: Pick<Deps, 'config'>,
  to: { email: string; name: string; locale: Locale; customerId?: string | null },
  email: AccountEmail,
  dedupeKey: string,
): Promise<string | null> {
  const t = accountMail(to.locale);
  const url = (path: string) => `${deps.config.publicUrl}/${to.locale}${path}`;
  const hello = t('hello', { name: to.name });
  let content: { title: string; paragraphs: string[]; action?: { label: string; url: string }; after?: string[] };
  switch (email.kind) {
    case 'signup_confirm':
      content = {
        title: t('confirm_subject'),
        paragraphs: [hello, t('confirm_body')],
        action: { label: t('confirm_action'), url: url(`/register/confirm?token=${email.token}`) },
        after: [t('ignore')],
      };
      break;
    case 'signup_exists':
      content = {
        title: t('exists_subject'),
        paragraphs: [hello, t('exists_body')],
        action: { label: t('login_action'), url: url('/login') },
        after: [t('exists_forgot', { url: url('/forgot-password') }), t('ignore')],
      };
      break;
    case 'password_reset':
      content = {
        title: t('reset_subject'),
        paragraphs: [hello, t('reset_body')],
        action: { label: t('reset_action'), url: url(`/reset-password?token=${email.token}`) },
        after: [t('ignore')],
      };
      break;
    case 'password_changed':
      content = {
        title: t('password_changed_subject'),
        paragraphs: [hello, t('password_changed_body')],
        after: [t('password_changed_warning'), url('/forgot-password')],
      };
      break;
    case 'email_change_confirm':
      content = {
        title: t('email_change_subject'),
        paragraphs: [hello, t('email_change_body')],
        action: { label: t('email_change_action'), url: url(`/account/email/confirm?token=${email.token}`) },
        after: [t('ignore')],
      };
      break;
    case 'email_change_taken':
      content = { title: t('email_taken_subject'), paragraphs: [hello, t('email_taken_body')], after: [t('ignore')] };
      break;
    case 'email_changed':
      content = { title: t('email_changed_subject'), paragraphs: [hello, t('email_changed_body', { email: email.newEmail })], after: [t('email_changed_warning')] };
      break;
  }
  const { html, text } = renderEmail({ locale: to.locale, ...content });
  return queueEmail(tx, { dedupeKey, kind: `account_${email.kind}`, to: to.email, locale: to.locale, subject: content.title, html, text, customerId: to.customerId ?? null });
}
