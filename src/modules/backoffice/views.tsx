import type { ComponentChildren } from 'preact';
import type { FieldErrors, FormValues } from '../../http/forms.js';
import type { PageContext } from '../../http/context.js';
import { Field, FormError } from '../../ui/forms.js';
import { BackOfficeLayout, CsrfField, type MenuItem } from '../../ui/layout.js';
import { boText } from './messages.js';
import { QrCode } from './qr.js';
import { groupedKey, otpauthUri } from './totp.js';

/** A narrow card in the back-office frame (login steps, invitation, security forms). */
export function BoCard(props: { ctx: PageContext; title: string; menu?: MenuItem[]; children: ComponentChildren }) {
  return (
    <BackOfficeLayout ctx={props.ctx} title={props.title} menu={props.menu ?? []}>
      <section class="narrow card">
        <h1>{props.title}</h1>
        {props.children}
      </section>
    </BackOfficeLayout>
  );
}

/** The 6-digit code field (also accepts a recovery code). */
export function CodeField(props: { label: string; errors?: FieldErrors; hint?: string }) {
  return <Field name="code" label={props.label} autocomplete="one-time-code" inputMode="text" required errors={props.errors} maxLength={20} hint={props.hint} />;
}

/** The key to add to an authenticator app, typed by hand or opened through the otpauth link. */
export function EnrolKey(props: { ctx: PageContext; account: string; keyBytes: Uint8Array }) {
  const t = boText(props.ctx.locale);
  return (
    <>
      <p>{t('enrol_step1')}</p>
      <p class="totp-qr">
        <QrCode text={otpauthUri('Comptoir', props.account, props.keyBytes)} label={t('enrol_qr')} />
      </p>
      <p class="totp-key">
        <code data-totp-key>{groupedKey(props.keyBytes)}</code>
      </p>
      <p class="small">
        <a href={otpauthUri('Comptoir', props.account, props.keyBytes)}>{t('enrol_link')}</a>
      </p>
      <p>{t('enrol_step2')}</p>
    </>
  );
}

export function CodeForm(props: { ctx: PageContext; action: string; returnTo?: string; button: string; label: string; errors?: FieldErrors; hint?: string; danger?: boolean }) {
  return (
    <form method="post" action={props.action} novalidate>
      <CsrfField ctx={props.ctx} />
      {props.returnTo ? <input type="hidden" name="returnTo" value={props.returnTo} /> : null}
      <CodeField label={props.label} errors={props.errors} hint={props.hint} />
      <button class={`button ${props.danger ? 'danger' : 'primary'}`} type="submit">
        {props.button}
      </button>
    </form>
  );
}

/** Shown once, right after enrolment or regeneration. */
export function RecoveryCodes(props: { ctx: PageContext; codes: string[]; next: string }) {
  const t = boText(props.ctx.locale);
  return (
    <>
      <p>{t('recovery_intro')}</p>
      <ol class="recovery-codes">
        {props.codes.map((c) => (
          <li>
            <code>{c}</code>
          </li>
        ))}
      </ol>
      <p>
        <a class="button primary" href={props.next}>
          {t('continue')}
        </a>
      </p>
    </>
  );
}

export function InvitationForm(props: { ctx: PageContext; action: string; token: string; place: string; email: string; values?: FormValues; errors?: FieldErrors; error?: string }) {
  const t = boText(props.ctx.locale);
  return (
    <>
      <p>{t('invitation_intro', { place: props.place, email: props.email })}</p>
      <FormError message={props.error} />
      <form method="post" action={props.action} novalidate>
        <CsrfField ctx={props.ctx} />
        <input type="hidden" name="token" value={props.token} />
        <Field name="name" label={t('your_name')} autocomplete="name" required values={props.values} errors={props.errors} maxLength={100} />
        <Field name="password" type="password" label={t('new_password')} autocomplete="new-password" required errors={props.errors} hint={t('new_password_hint')} />
        <button class="button primary" type="submit">
          {t('invitation_button')}
        </button>
      </form>
    </>
  );
}
