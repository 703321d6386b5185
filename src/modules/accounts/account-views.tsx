import type { PageContext } from '../../http/context.js';
import type { FieldErrors, FormValues } from '../../http/forms.js';
import { formatDate } from '../../i18n/index.js';
import { Field, FormError } from '../../ui/forms.js';
import { CsrfField, href } from '../../ui/layout.js';
import type { Customer } from './customers.js';
import { accountText } from './messages.js';
import { PASSWORD_MAX } from './passwords.js';
import { AccountShell, Checkbox, LanguageSelect } from './views.js';

/** "Profil": names, phone, language, marketing consent; links to change the email and the password. */
export function ProfilePage(props: { ctx: PageContext; customer: Customer; values?: FormValues; errors?: FieldErrors }) {
  const { ctx, customer: c } = props;
  const t = accountText(ctx.locale);
  const values = props.values ?? { firstName: c.firstName, lastName: c.lastName, phone: c.phone ?? '', locale: c.locale, marketing: c.marketingConsentAt ? 'on' : '' };
  return (
    <AccountShell ctx={ctx} title={t('profile_title')}>
      <h1>{t('profile_title')}</h1>
      <form method="post" action={href(ctx, '/account/profile')} class="card form-card" novalidate>
        <CsrfField ctx={ctx} />
        <div class="field-row">
          <Field name="firstName" label={t('first_name')} autocomplete="given-name" required maxLength={100} values={values} errors={props.errors} />
          <Field name="lastName" label={t('last_name')} autocomplete="family-name" required maxLength={100} values={values} errors={props.errors} />
        </div>
        <Field name="phone" type="tel" label={t('phone')} autocomplete="tel" maxLength={25} values={values} errors={props.errors} />
        <LanguageSelect locale={ctx.locale} values={values} errors={props.errors} />
        <Checkbox
          name="marketing"
          label={t('marketing')}
          checked={values.marketing === 'on'}
          hint={c.marketingConsentAt ? t('marketing_since', { date: formatDate(c.marketingConsentAt, ctx.locale) }) : undefined}
        />
        <button type="submit" class="button primary">
          {t('save')}
        </button>
      </form>
      <div class="cards profile-links">
        <section class="card">
          <h2>{t('email_section')}</h2>
          <p class="break">{c.email}</p>
          <a href={href(ctx, '/account/email')}>{t('change_email')}</a>
        </section>
        <section class="card">
          <h2>{t('password_section')}</h2>
          <p aria-hidden="true">••••••••••</p>
          <a href={href(ctx, '/account/password')}>{t('change_password')}</a>
        </section>
      </div>
    </AccountShell>
  );
}

export function PasswordPage(props: { ctx: PageContext; errors?: FieldErrors; error?: string | null }) {
  const { ctx } = props;
  const t = accountText(ctx.locale);
  return (
    <AccountShell ctx={ctx} title={t('password_title')}>
      <h1>{t('password_title')}</h1>
      <FormError message={props.error} />
      <form method="post" action={href(ctx, '/account/password')} class="card form-card" novalidate>
        <CsrfField ctx={ctx} />
        <Field name="currentPassword" type="password" label={t('current_password')} autocomplete="current-password" required maxLength={PASSWORD_MAX} errors={props.errors} />
        <Field name="newPassword" type="password" label={t('new_password')} hint={t('password_hint')} autocomplete="new-password" required maxLength={PASSWORD_MAX} errors={props.errors} />
        <button type="submit" class="button primary">
          {t('save')}
        </button>
      </form>
    </AccountShell>
  );
}

export function EmailPage(props: { ctx: PageContext; email: string; values?: FormValues; errors?: FieldErrors; error?: string | null }) {
  const { ctx } = props;
  const t = accountText(ctx.locale);
  return (
    <AccountShell ctx={ctx} title={t('email_title')}>
      <h1>{t('email_title')}</h1>
      <p class="break">{t('current_email', { email: props.email })}</p>
      <FormError message={props.error} />
      <form method="post" action={href(ctx, '/account/email')} class="card form-card" novalidate>
        <CsrfField ctx={ctx} />
        <Field name="email" type="email" label={t('new_email')} autocomplete="email" required maxLength={320} values={props.values} errors={props.errors} />
        <Field name="password" type="password" label={t('current_password')} autocomplete="current-password" required maxLength={PASSWORD_MAX} errors={props.errors} />
        <button type="submit" class="button primary">
          {t('email_button')}
        </button>
      </form>
    </AccountShell>
  );
}

export function PrivacyPage(props: { ctx: PageContext; errors?: FieldErrors; error?: string | null }) {
  const { ctx } = props;
  const t = accountText(ctx.locale);
  return (
    <AccountShell ctx={ctx} title={t('privacy_title')}>
      <h1>{t('privacy_title')}</h1>
      <section class="card privacy-block">
        <h2>{t('export_title')}</h2>
        <p>{t('export_intro')}</p>
        <a class="button" href={href(ctx, '/account/privacy/export')} download>
          {t('export_button')}
        </a>
      </section>
      <section class="card privacy-block danger-zone" aria-labelledby="delete-title">
        <h2 id="delete-title">{t('delete_title')}</h2>
        <p>{t('delete_intro')}</p>
        <FormError message={props.error} />
        <form method="post" action={href(ctx, '/account/privacy/delete')} novalidate>
          <CsrfField ctx={ctx} />
          <Field name="password" type="password" label={t('delete_password')} autocomplete="current-password" required maxLength={PASSWORD_MAX} errors={props.errors} />
          <button type="submit" class="button danger">
            {t('delete_button')}
          </button>
        </form>
      </section>
    </AccountShell>
  );
}
