import type { ComponentChildren } from 'preact';
import type { FieldErrors, FormValues } from '../../../http/forms.js';
import type { Locale } from '../../../i18n/index.js';
import { Field, FormError } from '../../../ui/forms.js';
import { groupDigits, METHOD_NAMES, METHODS, TEST_CARDS } from './cards.js';
import { sandboxText } from './messages.js';
import type { SandboxPayment } from './provider.js';

/** The merchant the sandbox account belongs to. */
const MERCHANT = 'Comptoir';

function money(cents: number, currency: string, locale: Locale): string {
  return new Intl.NumberFormat(`${locale}-BE`, { style: 'currency', currency }).format(cents / 100);
}

/** The sandbox's own page frame: a plain bank page, visibly not the shop. */
function SandboxLayout(props: { locale: Locale; title: string; payment?: SandboxPayment; children: ComponentChildren }) {
  const t = sandboxText(props.locale);
  const p = props.payment;
  return (
    <html lang={props.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${props.title} · ${t('brand')}`}</title>
        <link rel="stylesheet" href="/static/css/shop.css" />
      </head>
      <body class="sbx">
        <header class="sbx-top">
          <span class="sbx-brand">{t('brand')}</span>
          <span class="sbx-secure">{t('title')}</span>
        </header>
        <p class="sbx-test" role="note">
          {t('test_banner')}
        </p>
        <main class="sbx-main" id="main">
          {p ? (
            <section class="sbx-summary" aria-label={t('amount')}>
              <dl>
                <div>
                  <dt>{t('merchant')}</dt>
                  <dd>{MERCHANT}</dd>
                </div>
                <div>
                  <dt>{t('reference')}</dt>
                  <dd>{p.description}</dd>
                </div>
                <div class="sbx-amount">
                  <dt>{t('amount')}</dt>
                  <dd>{money(p.amountCents, p.currency, props.locale)}</dd>
                </div>
              </dl>
            </section>
          ) : null}
          <section class="sbx-panel">{props.children}</section>
        </main>
      </body>
    </html>
  );
}

/** "Annuler et retourner au magasin": fails the payment and sends the customer back. */
function CancelForm(props: { payment: SandboxPayment; token: string }) {
  return (
    <form method="post" action={`/sandbox-pay/${props.payment.ref}/cancel`} class="sbx-cancel">
      <input type="hidden" name="_csrf" value={props.token} />
      <button type="submit" class="link">
        {sandboxText(props.payment.locale)('cancel')}
      </button>
    </form>
  );
}

export function PayPage(props: { payment: SandboxPayment; token: string; values?: FormValues; errors?: FieldErrors; error?: string }) {
  const p = props.payment;
  const locale = p.locale;
  const t = sandboxText(locale);
  const chosen = props.values?.method;
  const methodErr = props.errors?.method;
  return (
    <SandboxLayout locale={locale} title={t('title')} payment={p}>
      <h1>{t('title')}</h1>
      <FormError message={props.error} />
      <form method="post" action={`/sandbox-pay/${p.ref}`} class="sbx-form" novalidate>
        <input type="hidden" name="_csrf" value={props.token} />
        <fieldset class={`sbx-methods${methodErr ? ' has-error' : ''}`} aria-describedby={methodErr ? 'f-method-err' : undefined}>
          <legend>{t('method')}</legend>
          {METHODS.map((m) => (
            <label class="sbx-method">
              <input type="radio" name="method" value={m} checked={chosen === m} required />
              <span class={`sbx-logo sbx-logo-${m}`} aria-hidden="true">
                {m === 'bancontact' ? 'BC' : m === 'visa' ? 'VISA' : 'MC'}
              </span>
              {METHOD_NAMES[m]}
            </label>
          ))}
          {methodErr ? (
            <p class="error" id="f-method-err">
              {methodErr}
            </p>
          ) : null}
        </fieldset>
        <Field name="card" label={t('card_number')} values={props.values} errors={props.errors} required autocomplete="cc-number" inputMode="numeric" maxLength={23} hint={t('card_hint')} />
        <button type="submit" class="sbx-pay">
          {t('pay', { amount: money(p.amountCents, p.currency, locale) })}
        </button>
      </form>
      <CancelForm payment={p} token={props.token} />
      <h2>{t('test_cards')}</h2>
      <table class="sbx-cards">
        <thead>
          <tr>
            <th scope="col">{t('col_number')}</th>
            <th scope="col">{t('col_method')}</th>
            <th scope="col">{t('col_result')}</th>
          </tr>
        </thead>
        <tbody>
          {TEST_CARDS.map((c) => (
            <tr>
              <td>
                <code>{groupDigits(c.number)}</code>
              </td>
              <td>{METHOD_NAMES[c.method]}</td>
              <td>{t(`outcome_${c.outcome}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </SandboxLayout>
  );
}

export function ChallengePage(props: { payment: SandboxPayment; token: string; error?: string }) {
  const p = props.payment;
  const t = sandboxText(p.locale);
  const errors = props.error ? { code: props.error } : undefined;
  return (
    <SandboxLayout locale={p.locale} title={t('challenge_title')} payment={p}>
      <h1>{t('challenge_title')}</h1>
      <p>{t('challenge_intro')}</p>
      {p.cardLast4 ? <p class="sbx-muted">{t('card_used', { last4: p.cardLast4 })}</p> : null}
      <form method="post" action={`/sandbox-pay/${p.ref}/challenge`} class="sbx-form" novalidate>
        <input type="hidden" name="_csrf" value={props.token} />
        <Field name="code" label={t('code')} errors={errors} required autocomplete="one-time-code" inputMode="numeric" maxLength={6} />
        <button type="submit" class="sbx-pay">
          {t('confirm')}
        </button>
      </form>
      <CancelForm payment={p} token={props.token} />
    </SandboxLayout>
  );
}

/** Processing, paid, failed or expired: what happened, and the way back to the shop. */
export function StatusPage(props: { payment: SandboxPayment }) {
  const p = props.payment;
  const t = sandboxText(p.locale);
  const s = p.status === 'paid' ? 'paid' : p.status === 'expired' ? 'expired' : p.status === 'processing' ? 'processing' : 'failed';
  const title = t(`${s}_title`);
  return (
    <SandboxLayout locale={p.locale} title={title} payment={p}>
      <h1 class={`sbx-status sbx-status-${s}`}>{title}</h1>
      <p>{t(`${s}_text`)}</p>
      <p>
        <a class="sbx-pay" href={p.returnUrl}>
          {t('back_to_shop')}
        </a>
      </p>
    </SandboxLayout>
  );
}

export function SandboxMessage(props: { locale: Locale; title: string; text: string; payment?: SandboxPayment }) {
  const t = sandboxText(props.locale);
  return (
    <SandboxLayout locale={props.locale} title={props.title} payment={props.payment}>
      <h1>{props.title}</h1>
      <p>{props.text}</p>
      {props.payment ? (
        <p>
          <a href={`/sandbox-pay/${props.payment.ref}`}>{t('title')}</a>
        </p>
      ) : null}
    </SandboxLayout>
  );
}
