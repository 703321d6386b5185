import type { FieldErrors, FormValues } from '../../http/forms.js';
import type { Locale } from '../../i18n/index.js';
import { Field, SelectField } from '../../ui/forms.js';
import { ADDRESS_FIELDS, ADDRESS_MAX, displayPostalCode, type AddressInput } from './address-rules.js';
import { addressText } from './messages.js';
import { COUNTRIES } from './schema.js';

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
