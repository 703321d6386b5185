import { addresses, COUNTRIES, type Country } from './schema.js';

/**
 * The rules of an address in "Mes adresses" (Belgium and its neighbours), as pure functions:
 * what is accepted, how it is normalised before it is stored. No I/O; unit-tested in
 * address-rules.test.ts. The same rules serve "Mes adresses" and the checkout.
 */

/** What an address holds once validated and normalised: a row of `addresses` without its keys (the shape an order freezes, too). */
export type AddressInput = Omit<typeof addresses.$inferSelect, 'id' | 'customerId' | 'createdAt' | 'updatedAt'>;

export const ADDRESS_FIELDS = ['firstName', 'lastName', 'company', 'vatNumber', 'street', 'houseNumber', 'box', 'postalCode', 'city', 'country', 'phone'] as const;
export type AddressField = (typeof ADDRESS_FIELDS)[number];

/** Longest accepted value per field (the form's maxlength says the same). */
export const ADDRESS_MAX: Record<AddressField, number> = {
  firstName: 100,
  lastName: 100,
  company: 100,
  vatNumber: 20,
  street: 150,
  houseNumber: 10,
  box: 10,
  postalCode: 10,
  city: 100,
  country: 2,
  phone: 25,
};

export type AddressErrorCode =
  | 'required'
  | 'too_long'
  | 'country'
  | 'house_number'
  | 'phone'
  | 'vat_number'
  | `postal_code_${Country}`;

export type AddressValidation = { ok: true; value: AddressInput } | { ok: false; errors: Partial<Record<AddressField, AddressErrorCode>> };

export function isCountry(x: unknown): x is Country {
  return typeof x === 'string' && (COUNTRIES as readonly string[]).includes(x);
}

/** Trims, removes control characters and collapses inner whitespace. */
export function cleanText(raw: string): string {
  // eslint-disable-next-line no-control-regex
  return raw.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * A postal code for the country, normalised, or null when it cannot be one.
 * BE: 4 digits 1000–9999. LU: 4 digits, "L-1234" accepted (stored "1234"). NL: "1234 AB"
 * ("1234ab" accepted; the series SA, SD, SS are not issued). FR and DE: 5 digits, not "00…".
 */
export function normalisePostalCode(country: Country, raw: string): string | null {
  const s = raw.replace(/\s+/g, ' ').trim().toUpperCase();
  switch (country) {
    case 'BE':
      return /^[1-9]\d{3}$/.test(s) ? s : null;
    case 'LU': {
      const m = /^(?:L\s*-?\s*)?(\d{4})$/.exec(s);
      return m ? m[1]! : null;
    }
    case 'NL': {
      const m = /^([1-9]\d{3})\s?([A-Z]{2})$/.exec(s);
      if (!m || ['SA', 'SD', 'SS'].includes(m[2]!)) return null;
      return `${m[1]} ${m[2]}`;
    }
    case 'FR':
    case 'DE':
      return /^\d{5}$/.test(s) && !s.startsWith('00') ? s : null;
  }
}

/** How a postal code is written on an envelope: Luxembourg's carry "L-". */
export function displayPostalCode(country: string, postalCode: string): string {
  return country === 'LU' ? `L-${postalCode}` : postalCode;
}

const VAT_FORMATS: Record<Country, RegExp> = {
  BE: /^BE[01]\d{9}$/,
  LU: /^LU\d{8}$/,
  NL: /^NL\d{9}B\d{2}$/,
  FR: /^FR[0-9A-HJ-NP-Z]{2}\d{9}$/,
  DE: /^DE\d{9}$/,
};

/**
 * An EU VAT number of one of our five countries, in its compact form ("BE 0123.456.789" →
 * "BE0123456789"), or null. Without a country prefix, the address's country is assumed; an old
 * 9-digit Belgian number gets its leading 0. The check is on the format only (no checksum).
 */
export function normaliseVatNumber(raw: string, addressCountry: Country): string | null {
  let s = raw.toUpperCase().replace(/[\s.\-/]/g, '');
  if (/^\d/.test(s)) s = addressCountry + s;
  if (/^BE\d{9}$/.test(s)) s = `BE0${s.slice(2)}`;
  const prefix = s.slice(0, 2);
  if (!isCountry(prefix)) return null;
  return VAT_FORMATS[prefix].test(s) ? s : null;
}

/**
 * A plausible phone number, with its separators tidied ("+32 2 123 45 67", "0470/12.34.56"), or null:
 * digits, spaces and . / - ( ) only, a leading + or 00 for international numbers, 8 to 15 digits.
 */
export function normalisePhone(raw: string): string | null {
  const s = raw.replace(/\s+/g, ' ').trim();
  if (!/^\+?[\d\s./()-]+$/.test(s)) return null;
  const digits = s.replace(/\D/g, '');
  if (digits.length < 8 || digits.length > 15) return null;
  if (s.startsWith('+') && digits.startsWith('0')) return null;
  return s;
}

/**
 * Validates a submitted address (strings as typed) and normalises it. Every field's problem is
 * reported at once, with a code the page turns into a sentence beside that field.
 */
export function validateAddress(raw: Partial<Record<AddressField, unknown>>): AddressValidation {
  const errors: Partial<Record<AddressField, AddressErrorCode>> = {};
  const get = (f: AddressField): string => {
    const v = raw[f];
    const s = typeof v === 'string' ? cleanText(v) : '';
    if (s.length > ADDRESS_MAX[f]) errors[f] = 'too_long';
    return s;
  };
  const required = (f: AddressField): string => {
    const s = get(f);
    if (!s && !errors[f]) errors[f] = 'required';
    return s;
  };
  const optional = (f: AddressField): string | null => get(f) || null;

  const firstName = required('firstName');
  const lastName = required('lastName');
  const company = optional('company');
  const street = required('street');
  const houseNumber = required('houseNumber');
  if (houseNumber && !errors.houseNumber && !/^\d/.test(houseNumber)) errors.houseNumber = 'house_number';
  const box = optional('box');
  const city = required('city');

  const countryRaw = typeof raw.country === 'string' ? raw.country.trim().toUpperCase() : '';
  const country = isCountry(countryRaw) ? countryRaw : null;
  if (!country) errors.country = countryRaw ? 'country' : 'required';

  let postalCode = required('postalCode');
  if (postalCode && !errors.postalCode && country) {
    const n = normalisePostalCode(country, postalCode);
    if (n) postalCode = n;
    else errors.postalCode = `postal_code_${country}`;
  }

  let vatNumber = optional('vatNumber');
  if (vatNumber && !errors.vatNumber) {
    const n = normaliseVatNumber(vatNumber, country ?? 'BE');
    if (n) vatNumber = n;
    else errors.vatNumber = 'vat_number';
  }

  let phone = optional('phone');
  if (phone && !errors.phone) {
    const n = normalisePhone(phone);
    if (n) phone = n;
    else errors.phone = 'phone';
  }

  if (Object.keys(errors).length > 0 || !country) return { ok: false, errors };
  return { ok: true, value: { firstName, lastName, company, vatNumber, street, houseNumber, box, postalCode, city, country, phone } };
}
