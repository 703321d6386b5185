import type { PageContext } from '../../http/context.js';
import type { FieldErrors, FormValues } from '../../http/forms.js';
import type { Locale } from '../../i18n/index.js';
import { Field, FormError, SelectField } from '../../ui/forms.js';
import { CsrfField, href } from '../../ui/layout.js';
import { ADDRESS_FIELDS, ADDRESS_MAX, displayPostalCode, type AddressInput } from './address-rules.js';
import type { Address, AddressWithDefaults } from './addresses.js';
import { addressText } from './messages.js';
import { COUNTRIES } from './schema.js';
import { AccountShell, Checkbox } from './views.js';

/** An address as the form's values (what "Modifier" shows before anything is typed). */
export function addressValues(a: Partial<Record<keyof AddressInput, string | null>>): FormValues {
  const v: FormValues = {};
  for (const f of ADDRESS_FIELDS) v[f] = a[f] ?? '';
  return v;
}

/**
 * The fields of an address (no <form>: "Mes adresses" and the checkout wrap them in their own form,
 * with their own buttons). Errors appear beside their field; `values` are what was typed.
 */
export function AddressFields(props: { locale: Locale; values?: FormValues; errors?: FieldErrors }) {
  const t = addressText(props.locale);
  const values = { country: 'BE', ...props.values };
  const common = { values, errors: props.errors };
  return (
    <div class="address-fields">
      <div class="field-row">
        <Field name="firstName" label={t('first_name')} autocomplete="given-name" required maxLength={ADDRESS_MAX.firstName} {...common} />
        <Field name="lastName" label={t('last_name')} autocomplete="family-name" required maxLength={ADDRESS_MAX.lastName} {...common} />
      </div>
      <div class="field-row">
        <Field name="company" label={t('company')} autocomplete="organization" maxLength={ADDRESS_MAX.company} {...common} />
        <Field name="vatNumber" label={t('vat_number_label')} hint={t('vat_hint')} maxLength={ADDRESS_MAX.vatNumber} {...common} />
      </div>
      <div class="field-row street-row">
        <Field name="street" label={t('street')} autocomplete="address-line1" required maxLength={ADDRESS_MAX.street} {...common} />
        <Field name="houseNumber" label={t('house_number')} required maxLength={ADDRESS_MAX.houseNumber} {...common} />
        <Field name="box" label={t('box')} autocomplete="address-line2" maxLength={ADDRESS_MAX.box} {...common} />
      </div>
      <div class="field-row postal-row">
        <Field name="postalCode" label={t('postal_code')} autocomplete="postal-code" required maxLength={ADDRESS_MAX.postalCode} {...common} />
        <Field name="city" label={t('city')} autocomplete="address-level2" required maxLength={ADDRESS_MAX.city} {...common} />
      </div>
      <SelectField name="country" label={t('country')} required options={COUNTRIES.map((c) => ({ value: c, label: t(c) }))} {...common} />
      <Field name="phone" type="tel" label={t('phone')} hint={t('phone_hint')} autocomplete="tel" maxLength={ADDRESS_MAX.phone} {...common} />
    </div>
  );
}

/** An address as it is written on an envelope, line by line (user text: escaped by JSX). */
export function AddressLines(props: { address: Omit<AddressInput, 'country'> & { country: string }; locale: Locale }) {
  const a = props.address;
  const t = addressText(props.locale);
  const country = (COUNTRIES as readonly string[]).includes(a.country) ? t(a.country as (typeof COUNTRIES)[number]) : a.country;
  return (
    <address class="address-lines">
      <strong>
        {a.firstName} {a.lastName}
      </strong>
      {a.company ? (
        <>
          <br />
          {a.company}
          {a.vatNumber ? ` — ${a.vatNumber}` : ''}
        </>
      ) : a.vatNumber ? (
        <>
          <br />
          {a.vatNumber}
        </>
      ) : null}
      <br />
      {a.street} {a.houseNumber}
      {a.box ? ` ${t('box_short')} ${a.box}` : ''}
      <br />
      {displayPostalCode(a.country, a.postalCode)} {a.city}
      <br />
      {country}
      {a.phone ? (
        <>
          <br />
          {a.phone}
        </>
      ) : null}
    </address>
  );
}

// ── "Mes adresses" pages ─────────────────────────────────────────────────────────────────────────

/** The list: one card per address, its default badges, "Modifier", "Supprimer", and the default choices. */
export function AddressesPage(props: { ctx: PageContext; addresses: AddressWithDefaults[]; error?: string | null }) {
  const { ctx } = props;
  const t = addressText(ctx.locale);
  return (
    <AccountShell ctx={ctx} title={t('title')}>
      <div class="page-head">
        <h1>{t('title')}</h1>
        <a class="button primary" href={href(ctx, '/account/addresses/new')}>
          {t('add')}
        </a>
      </div>
      <p>{t('intro')}</p>
      <FormError message={props.error} />
      {props.addresses.length === 0 ? (
        <p class="note">{t('none')}</p>
      ) : (
        <ul class="address-cards">
          {props.addresses.map((a) => (
            <li class={`card address-card${a.isDefaultBilling || a.isDefaultDelivery ? ' is-default' : ''}`} id={`address-${a.id}`}>
              {a.isDefaultBilling || a.isDefaultDelivery ? (
                <p class="address-badges">
                  {a.isDefaultBilling ? <span class="badge info">{t('default_billing')}</span> : null}
                  {a.isDefaultDelivery ? <span class="badge ok">{t('default_delivery')}</span> : null}
                </p>
              ) : null}
              <AddressLines address={a} locale={ctx.locale} />
              <div class="address-actions">
                <a class="button" href={href(ctx, `/account/addresses/${a.id}/edit`)}>
                  {t('edit')}
                </a>
                <a class="button subtle" href={href(ctx, `/account/addresses/${a.id}/delete`)}>
                  {t('delete')}
                </a>
              </div>
              {!a.isDefaultBilling || !a.isDefaultDelivery ? (
                <div class="address-defaults">
                  {!a.isDefaultBilling ? <DefaultButton ctx={ctx} id={a.id} kind="billing" label={t('make_billing')} /> : null}
                  {!a.isDefaultDelivery ? <DefaultButton ctx={ctx} id={a.id} kind="delivery" label={t('make_delivery')} /> : null}
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </AccountShell>
  );
}

function DefaultButton(props: { ctx: PageContext; id: string; kind: 'billing' | 'delivery'; label: string }) {
  return (
    <form method="post" action={href(props.ctx, `/account/addresses/${props.id}/default`)}>
      <CsrfField ctx={props.ctx} />
      <input type="hidden" name="kind" value={props.kind} />
      <button type="submit" class="link">
        {props.label}
      </button>
    </form>
  );
}

/** "Ajouter une nouvelle adresse" and "Modifier" (then "Enregistrer"): the same form. */
export function AddressFormPage(props: {
  ctx: PageContext;
  mode: { kind: 'new' } | { kind: 'edit'; id: string; isDefaultBilling: boolean; isDefaultDelivery: boolean };
  values?: FormValues;
  errors?: FieldErrors;
  error?: string | null;
}) {
  const { ctx, mode } = props;
  const t = addressText(ctx.locale);
  const title = mode.kind === 'new' ? t('new_title') : t('edit_title');
  const action = mode.kind === 'new' ? '/account/addresses/new' : `/account/addresses/${mode.id}/edit`;
  const showBilling = mode.kind === 'new' || !mode.isDefaultBilling;
  const showDelivery = mode.kind === 'new' || !mode.isDefaultDelivery;
  return (
    <AccountShell ctx={ctx} title={title}>
      <h1>{title}</h1>
      <FormError message={props.error} />
      <form method="post" action={href(ctx, action)} class="card form-card" novalidate>
        <CsrfField ctx={ctx} />
        <AddressFields locale={ctx.locale} values={props.values} errors={props.errors} />
        {showBilling || showDelivery ? (
          <fieldset class="defaults-choice">
            {showBilling ? <Checkbox name="defaultBilling" label={t('use_as_billing')} checked={props.values?.defaultBilling === 'on'} /> : null}
            {showDelivery ? <Checkbox name="defaultDelivery" label={t('use_as_delivery')} checked={props.values?.defaultDelivery === 'on'} /> : null}
          </fieldset>
        ) : null}
        <div class="form-actions">
          <button type="submit" class="button primary">
            {t('save')}
          </button>
          <a href={href(ctx, '/account/addresses')}>{t('cancel')}</a>
        </div>
      </form>
    </AccountShell>
  );
}

/** The confirmation step of "Supprimer" (works without JavaScript: a page, then a POST). */
export function DeleteAddressPage(props: { ctx: PageContext; address: Address }) {
  const { ctx } = props;
  const t = addressText(ctx.locale);
  return (
    <AccountShell ctx={ctx} title={t('delete_title')}>
      <h1>{t('delete_title')}</h1>
      <div class="card address-card">
        <AddressLines address={props.address} locale={ctx.locale} />
      </div>
      <p>{t('delete_text')}</p>
      <form method="post" action={href(ctx, `/account/addresses/${props.address.id}/delete`)} class="form-actions">
        <CsrfField ctx={ctx} />
        <button type="submit" class="button danger">
          {t('delete_confirm')}
        </button>
        <a href={href(ctx, '/account/addresses')}>{t('cancel')}</a>
      </form>
    </AccountShell>
  );
}
