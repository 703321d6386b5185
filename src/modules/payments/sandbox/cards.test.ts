import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cardAnswer, checkCard, groupDigits, luhnValid, methodOf, TEST_CARDS } from './cards.js';

describe('sandbox test cards', () => {
  test('every printed test card is a valid number of its scheme and gives its outcome', () => {
    for (const c of TEST_CARDS) {
      assert.ok(luhnValid(c.number), c.number);
      assert.equal(methodOf(c.number), c.method, c.number);
      assert.deepEqual(checkCard(c.method, groupDigits(c.number)), { ok: true, digits: c.number, outcome: c.outcome });
    }
  });
  test('spaces and dashes are allowed; a wrong check digit or letters are not', () => {
    assert.equal(checkCard('visa', '4242-4242-4242-4242').ok, true);
    assert.deepEqual(checkCard('visa', '4242 4242 4242 4241'), { ok: false, code: 'invalid_number' });
    assert.deepEqual(checkCard('visa', '4242 abcd'), { ok: false, code: 'invalid_number' });
  });
  test('a card of another scheme than the chosen method is refused', () => {
    assert.deepEqual(checkCard('bancontact', '4242424242424242'), { ok: false, code: 'wrong_method' });
    assert.deepEqual(checkCard('visa', '5555555555554444'), { ok: false, code: 'wrong_method' });
  });
  test('a valid card that is not a test card is refused', () => {
    assert.deepEqual(checkCard('visa', '4111111111111111'), { ok: false, code: 'unknown_test_card' });
  });
  test('the cards paid or refused at once, and those that take a second step', () => {
    assert.deepEqual(cardAnswer('success'), { status: 'paid', failureCode: null });
    assert.deepEqual(cardAnswer('closed_card'), { status: 'paid', failureCode: null });
    assert.deepEqual(cardAnswer('refused'), { status: 'failed', failureCode: 'refused' });
    assert.deepEqual(cardAnswer('challenge'), { status: 'challenge' });
    assert.deepEqual(cardAnswer('late'), { status: 'processing' });
  });
  test('schemes by prefix', () => {
    assert.equal(methodOf('2221000000000009'), 'mastercard');
    assert.equal(methodOf('6703000000000007'), 'bancontact');
    assert.equal(methodOf('3714496353984312'), null);
  });
});
