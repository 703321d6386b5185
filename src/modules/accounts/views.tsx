import type { PageContext } from '../../http/context.js';
import type { FieldErrors, FormValues } from '../../http/forms.js';
import { CsrfField, href, ShopLayout } from '../../ui/layout.js';
import { Field, FormError, SelectField } from '../../ui/forms.js';
import { common } from '../../ui/messages.js';
import { accountText } from './messages.js';

export function LoginPage(props: { ctx: PageContext; returnTo: string; values?: FormValues; errors?: FieldErrors; error?: string | null }) {
  const { ctx } = props;
  const t = accountText(ctx.locale);
  return (
    <ShopLayout ctx={ctx} title={t('login_title')}>
      <section class="narrow card">
        <h1>{t('login_title')}</h1>
        <p>{t('login_intro')}</p>
        <FormError message={props.error} />
        <form method="post" action={href(ctx, '/login')} novalidate>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="returnTo" value={props.returnTo} />
          <Field name="email" type="email" label={t('email')} autocomplete="email" required values={props.values} errors={props.errors} maxLength={320} />
          <Field name="password" type="password" label={t('password')} autocomplete="current-password" required errors={props.errors} />
          <button type="submit" class="button primary">
            {t('login_button')}
          </button>
        </form>
        <p>
          <a href={href(ctx, '/forgot-password')}>{t('forgot_link')}</a>
        </p>
        <p>
          {t('no_account')} <a href={`${href(ctx, '/register')}?returnTo=${encodeURIComponent(props.returnTo)}`}>{t('register_link')}</a>
        </p>
      </section>
    </ShopLayout>
  );
}

/** The account area's side menu ("Mes Commandes", "Mes adresses", "Mes messages", profile, privacy). */
export function AccountMenu({ ctx }: { ctx: PageContext }) {
  const c = common(ctx.locale);
  const t = accountText(ctx.locale);
  const items: [string, string][] = [
    ['/account', c('account')],
    ['/account/orders', c('my_orders')],
    ['/account/addresses', c('my_addresses')],
    ['/account/messages', c('my_messages')],
    ['/account/profile', t('profile')],
    ['/account/privacy', t('privacy')],
  ];
  return (
    <nav class="account-menu" aria-label={c('account')}>
      <ul>
        {items.map(([p, label]) => (
          <li>
            <a href={href(ctx, p)} aria-current={ctx.path === p ? 'page' : undefined}>
              {label}
            </a>
          </li>
        ))}
      </ul>
      <form method="post" action={href(ctx, '/logout')}>
        <CsrfField ctx={ctx} />
        <button type="submit" class="link">
          {t('logout')}
        </button>
      </form>
    </nav>
  );
}

export function AccountShell(props: { ctx: PageContext; title: string; children: preact.ComponentChildren }) {
  return (
    <ShopLayout ctx={props.ctx} title={props.title}>
      <div class="account-grid">
        <AccountMenu ctx={props.ctx} />
        <section class="account-content">{props.children}</section>
      </div>
    </ShopLayout>
  );
}

export function AccountHome(props: { ctx: PageContext; firstName: string }) {
  const { ctx } = props;
  const t = accountText(ctx.locale);
  const c = common(ctx.locale);
  const cards: [string, string, string][] = [
    ['/account/orders', c('my_orders'), t('orders_card')],
    ['/account/addresses', c('my_addresses'), t('addresses_card')],
    ['/account/messages', c('my_messages'), t('messages_card')],
    ['/account/profile', t('profile'), t('profile_card')],
    ['/account/privacy', t('privacy'), t('privacy_card')],
  ];
  return (
    <AccountShell ctx={ctx} title={t('account_title')}>
      <h1>{t('hello', { name: props.firstName })}</h1>
      <p>{t('account_intro')}</p>
      <ul class="cards">
        {cards.map(([p, title, text]) => (
          <li class="card">
            <h2>
              <a href={href(ctx, p)}>{title}</a>
            </h2>
            <p>{text}</p>
          </li>
        ))}
      </ul>
    </AccountShell>
  );
}

const LANGUAGES = [
  { value: 'fr', label: 'Français' },
  { value: 'nl', label: 'Nederlands' },
  { value: 'en', label: 'English' },
];

export function LanguageSelect(props: { locale: PageContext['locale']; values?: FormValues; errors?: FieldErrors; value?: string }) {
  return <SelectField name="locale" label={accountText(props.locale)('language')} options={LANGUAGES} values={props.values} errors={props.errors} value={props.value ?? props.locale} required />;
}

export function RegisterPage(props: { ctx: PageContext; returnTo: string; values?: FormValues; errors?: FieldErrors }) {
  const { ctx } = props;
  const t = accountText(ctx.locale);
  return (
    <ShopLayout ctx={ctx} title={t('register_title')}>
      <section class="narrow card">
        <h1>{t('register_title')}</h1>
        <p>{t('register_intro')}</p>
        <form method="post" action={href(ctx, '/register')} novalidate>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="returnTo" value={props.returnTo} />
          <div class="field-row">
            <Field name="firstName" label={t('first_name')} autocomplete="given-name" required maxLength={100} values={props.values} errors={props.errors} />
            <Field name="lastName" label={t('last_name')} autocomplete="family-name" required maxLength={100} values={props.values} errors={props.errors} />
          </div>
          <Field name="email" type="email" label={t('email')} autocomplete="email" required maxLength={320} values={props.values} errors={props.errors} />
          <Field name="password" type="password" label={t('password')} hint={t('password_hint')} autocomplete="new-password" required errors={props.errors} />
          <LanguageSelect locale={ctx.locale} values={props.values} errors={props.errors} />
          <Checkbox name="marketing" label={t('marketing')} checked={props.values?.marketing === 'on'} />
          <button type="submit" class="button primary">
            {t('register_button')}
          </button>
        </form>
        <p>
          {t('have_account')} <a href={`${href(ctx, '/login')}?returnTo=${encodeURIComponent(props.returnTo)}`}>{t('login_button')}</a>
        </p>
      </section>
    </ShopLayout>
  );
}

export function Checkbox(props: { name: string; label: string; checked?: boolean; hint?: string }) {
  const id = `f-${props.name}`;
  return (
    <div class="field checkbox">
      <input type="checkbox" id={id} name={props.name} checked={props.checked} aria-describedby={props.hint ? `${id}-hint` : undefined} />
      <label for={id}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
    </div>
  );
}

/** A short page that says one thing (check your mailbox, this link expired), with an optional link. */
export function NoticePage(props: { ctx: PageContext; title: string; text: string; link?: { href: string; label: string } }) {
  return (
    <ShopLayout ctx={props.ctx} title={props.title}>
      <section class="narrow card notice-card">
        <h1>{props.title}</h1>
        <p>{props.text}</p>
        {props.link ? (
          <p>
            <a class="button" href={props.link.href}>
              {props.link.label}
            </a>
          </p>
        ) : null}
      </section>
    </ShopLayout>
  );
}

/**
 * The page an emailed link opens: one button that POSTs the token. Following a link never changes
 * anything by itself (mail scanners open links too); the button does.
 */
export function ConfirmLinkPage(props: { ctx: PageContext; title: string; intro: string; action: string; token: string; button: string }) {
  return (
    <ShopLayout ctx={props.ctx} title={props.title}>
      <section class="narrow card">
        <h1>{props.title}</h1>
        <p>{props.intro}</p>
        <form method="post" action={props.action}>
          <CsrfField ctx={props.ctx} />
          <input type="hidden" name="token" value={props.token} />
          <button type="submit" class="button primary">
            {props.button}
          </button>
        </form>
      </section>
    </ShopLayout>
  );
}

export function ForgotPasswordPage(props: { ctx: PageContext; values?: FormValues; errors?: FieldErrors }) {
  const { ctx } = props;
  const t = accountText(ctx.locale);
  return (
    <ShopLayout ctx={ctx} title={t('forgot_title')}>
      <section class="narrow card">
        <h1>{t('forgot_title')}</h1>
        <p>{t('forgot_intro')}</p>
        <form method="post" action={href(ctx, '/forgot-password')} novalidate>
          <CsrfField ctx={ctx} />
          <Field name="email" type="email" label={t('email')} autocomplete="email" required maxLength={320} values={props.values} errors={props.errors} />
          <button type="submit" class="button primary">
            {t('forgot_button')}
          </button>
        </form>
        <p>
          <a href={href(ctx, '/login')}>{t('login_button')}</a>
        </p>
      </section>
    </ShopLayout>
  );
}

export function ResetPasswordPage(props: { ctx: PageContext; token: string; errors?: FieldErrors }) {
  const { ctx } = props;
  const t = accountText(ctx.locale);
  return (
    <ShopLayout ctx={ctx} title={t('reset_title')}>
      <section class="narrow card">
        <h1>{t('reset_title')}</h1>
        <form method="post" action={href(ctx, '/reset-password')} novalidate>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="token" value={props.token} />
          <Field name="password" type="password" label={t('new_password')} hint={t('password_hint')} autocomplete="new-password" required errors={props.errors} />
          <button type="submit" class="button primary">
            {t('reset_button')}
          </button>
        </form>
      </section>
    </ShopLayout>
  );
}
