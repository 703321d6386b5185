import type { PageContext } from '../../http/context.js';
import type { FieldErrors, FormValues } from '../../http/forms.js';
import { CsrfField, href, ShopLayout } from '../../ui/layout.js';
import { Field, FormError } from '../../ui/forms.js';
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
