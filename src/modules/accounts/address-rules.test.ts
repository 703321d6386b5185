import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { normalisePhone, normalisePostalCode, normaliseVatNumber, validateAddress } from './address-rules.js';
import { parseAddressForm } from './addresses.js';

const good = {
  firstName: 'Anne',
  lastName: 'Janssens',
  company: '',
  vatNumber: '',
  street: 'Rue Neuve',
  houseNumber: '12',
  box: '',
  postalCode: '1000',
  city: 'Bruxelles',
  country: 'BE',
  phone: '',
};

describe('postal codes per country', () => {
  test('Belgium: 4 digits from 1000 to 9999', () => {
    assert.equal(normalisePostalCode('BE', '1000'), '1000');
    assert.equal(normalisePostalCode('BE', ' 9999 '), '9999');
    for (const bad of ['0999', '999', '10000', '10a0', 'B-1000', '']) assert.equal(normalisePostalCode('BE', bad), null, bad);
  });
  test('Luxembourg: 4 digits, "L-1234" accepted and stored as 1234', () => {
    assert.equal(normalisePostalCode('LU', '1234'), '1234');
    assert.equal(normalisePostalCode('LU', 'L-1234'), '1234');
    assert.equal(normalisePostalCode('LU', 'l 1234'), '1234');
    for (const bad of ['123', '12345', 'LU-1234', 'L--1234']) assert.equal(normalisePostalCode('LU', bad), null, bad);
  });
  test('Netherlands: "1234 AB", "1234ab" normalised; no leading 0 and no SA/SD/SS', () => {
    assert.equal(normalisePostalCode('NL', '1234ab'), '1234 AB');
    assert.equal(normalisePostalCode('NL', '1234 AB'), '1234 AB');
    assert.equal(normalisePostalCode('NL', '1234  ab'), '1234 AB');
    for (const bad of ['0123 AB', '1234', '1234 A', '1234 SS', '1234 sa', '12345 AB', 'AB 1234']) assert.equal(normalisePostalCode('NL', bad), null, bad);
  });
  test('France and Germany: 5 digits, not starting with 00', () => {
    assert.equal(normalisePostalCode('FR', '75001'), '75001');
    assert.equal(normalisePostalCode('FR', '01000'), '01000');
    assert.equal(normalisePostalCode('DE', '10115'), '10115');
    for (const bad of ['7500', '750011', '00100', 'F-75001']) {
      assert.equal(normalisePostalCode('FR', bad), null, bad);
      assert.equal(normalisePostalCode('DE', bad), null, bad);
    }
    // A Belgian code is not a German one, and the reverse.
    assert.equal(normalisePostalCode('DE', '1000'), null);
    assert.equal(normalisePostalCode('BE', '10115'), null);
  });
});

describe('VAT numbers', () => {
  test('Belgian numbers in any usual spelling become BE + 10 digits', () => {
    for (const typed of ['BE0123456789', 'BE 0123.456.789', 'be0123-456-789', '0123.456.789', 'BE123456789']) {
      assert.equal(normaliseVatNumber(typed, 'BE'), 'BE0123456789', typed);
    }
    assert.equal(normaliseVatNumber('BE1123456789', 'BE'), 'BE1123456789');
  });
  test('the neighbours’ formats; a prefix wins over the address country', () => {
    assert.equal(normaliseVatNumber('LU 1234 5678', 'LU'), 'LU12345678');
    assert.equal(normaliseVatNumber('NL123456789B01', 'NL'), 'NL123456789B01');
    assert.equal(normaliseVatNumber('FR 12 345678901', 'FR'), 'FR12345678901');
    assert.equal(normaliseVatNumber('FRAB345678901', 'FR'), 'FRAB345678901');
    assert.equal(normaliseVatNumber('DE123456789', 'BE'), 'DE123456789');
  });
  test('wrong lengths, unknown prefixes and letters are refused', () => {
    for (const bad of ['BE2123456789', 'BE01234567', 'BE01234567890', 'NL123456789', 'DE12345678', 'IT12345678901', 'hello', 'BE0123456789<script>']) {
      assert.equal(normaliseVatNumber(bad, 'BE'), null, bad);
    }
  });
});

describe('phone numbers', () => {
  test('plausible numbers are kept as typed, spaces tidied', () => {
    assert.equal(normalisePhone('+32 2 123 45 67'), '+32 2 123 45 67');
    assert.equal(normalisePhone('0470/12.34.56'), '0470/12.34.56');
    assert.equal(normalisePhone(' 0032  470 12 34 56 '), '0032 470 12 34 56');
    assert.equal(normalisePhone('(02) 123-45-67'), '(02) 123-45-67');
  });
  test('letters, too few or too many digits, a misplaced + are refused', () => {
    for (const bad of ['call me', '1234567', '+32 470 12 34 56 78 90 12', '32+470123456', '+0470123456', '0470 12 34 56 ext 2']) {
      assert.equal(normalisePhone(bad), null, bad);
    }
  });
});

describe('a whole address', () => {
  test('a valid address is normalised: spaces collapsed, optional fields null', () => {
    const r = validateAddress({ ...good, firstName: '  Anne  Marie ', postalCode: ' 1000 ', vatNumber: 'be 0123.456.789', company: 'ACME' });
    assert.equal(r.ok, true);
    if (!r.ok) return;
    assert.equal(r.value.firstName, 'Anne Marie');
    assert.equal(r.value.vatNumber, 'BE0123456789');
    assert.equal(r.value.box, null);
    assert.equal(r.value.phone, null);
    assert.equal(r.value.country, 'BE');
  });
  test('every problem is reported at once, field by field', () => {
    const r = validateAddress({ ...good, firstName: '', street: '   ', houseNumber: 'bis', postalCode: '100', phone: 'nope', vatNumber: 'XX1', city: 'x'.repeat(101) });
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.deepEqual(r.errors, {
      firstName: 'required',
      street: 'required',
      houseNumber: 'house_number',
      postalCode: 'postal_code_BE',
      phone: 'phone',
      vatNumber: 'vat_number',
      city: 'too_long',
    });
  });
  test('the postal code is checked against the chosen country', () => {
    const nl = validateAddress({ ...good, country: 'NL', postalCode: '1000', city: 'Amsterdam' });
    assert.deepEqual(nl.ok ? null : nl.errors, { postalCode: 'postal_code_NL' });
    const nlOk = validateAddress({ ...good, country: 'NL', postalCode: '1011ab', city: 'Amsterdam' });
    assert.equal(nlOk.ok && nlOk.value.postalCode, '1011 AB');
  });
  test('a country outside the five, or none, is refused', () => {
    const it = validateAddress({ ...good, country: 'IT' });
    assert.deepEqual(it.ok ? null : it.errors, { country: 'country' });
    const none = validateAddress({ ...good, country: '' });
    assert.deepEqual(none.ok ? null : none.errors, { country: 'required' });
  });
  test('control characters are removed; markup is kept as text (pages escape it)', () => {
    const r = validateAddress({ ...good, lastName: 'Janssens\u0000\n<b>', street: 'Rue\tNeuve' });
    assert.equal(r.ok && r.value.lastName, 'Janssens <b>');
    assert.equal(r.ok && r.value.street, 'Rue Neuve');
  });
});

describe('the address form', () => {
  test('errors come back as sentences in the user’s language, with what was typed', () => {
    const body = { ...good, postalCode: '1234', country: 'NL', city: '' };
    const fr = parseAddressForm(body, 'fr');
    assert.equal(fr.ok, false);
    if (fr.ok) return;
    assert.equal(fr.errors.postalCode, 'Un code postal néerlandais s’écrit 4 chiffres et 2 lettres (par exemple 1234 AB).');
    assert.equal(fr.errors.city, 'Ce champ est obligatoire.');
    assert.equal(fr.values.postalCode, '1234');
    const nl = parseAddressForm(body, 'nl');
    assert.equal(!nl.ok && nl.errors.postalCode, 'Een Nederlandse postcode bestaat uit 4 cijfers en 2 letters (bijvoorbeeld 1234 AB).');
    const en = parseAddressForm(body, 'en');
    assert.equal(!en.ok && en.errors.city, 'This field is required.');
  });
  test('a valid form gives the normalised address; repeated or unexpected fields change nothing', () => {
    const r = parseAddressForm({ ...good, country: 'LU', postalCode: 'L-1234', city: 'Luxembourg', customerId: 'someone-else', id: 'x' }, 'fr');
    assert.equal(r.ok, true);
    if (!r.ok) return;
    assert.equal(r.data.postalCode, '1234');
    assert.equal('customerId' in r.data, false);
    const twice = parseAddressForm({ ...good, city: ['A', 'B'] }, 'fr');
    assert.equal(twice.ok, false);
  });
});
