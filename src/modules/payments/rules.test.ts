import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decidePaymentEvent, decideRefund } from './rules.js';
import { PAYMENT_STATUSES } from './schema.js';

const payment = (status: (typeof PAYMENT_STATUSES)[number] = 'pending') => ({ status, amountCents: 4990, currency: 'EUR' });
const event = (status: 'paid' | 'failed' | 'pending' | 'expired', over: { amountCents?: number; currency?: string; failureCode?: string } = {}) => ({
  status,
  amountCents: 4990,
  currency: 'EUR',
  failureCode: null,
  ...over,
});

describe('payment lifecycle: what a provider event does', () => {
  test('given a pending payment, when paid with the right amount and currency, then it becomes paid', () => {
    assert.deepEqual(decidePaymentEvent(payment(), event('paid')), { change: true, verb: 'pay', to: 'paid', outcome: 'applied', failureCode: null });
  });
  test('given a pending payment, when failed, then it fails with the provider’s reason (refused by default)', () => {
    assert.deepEqual(decidePaymentEvent(payment(), event('failed', { failureCode: 'cancelled' })), { change: true, verb: 'fail', to: 'failed', outcome: 'applied', failureCode: 'cancelled' });
    assert.equal((decidePaymentEvent(payment(), event('failed')) as { failureCode: string }).failureCode, 'refused');
  });
  test('given a pending payment, when expired, then it expires', () => {
    assert.deepEqual(decidePaymentEvent(payment(), event('expired')), { change: true, verb: 'expire', to: 'expired', outcome: 'applied', failureCode: 'expired' });
  });
  test('given a pending payment, when still pending, then nothing changes', () => {
    assert.deepEqual(decidePaymentEvent(payment(), event('pending')), { change: false, outcome: 'no_change' });
  });
  test('given a pending payment, when paid with another amount or currency, then it fails with the mismatch, never paid', () => {
    assert.deepEqual(decidePaymentEvent(payment(), event('paid', { amountCents: 4989 })), { change: true, verb: 'fail', to: 'failed', outcome: 'amount_mismatch', failureCode: 'amount_mismatch' });
    assert.deepEqual(decidePaymentEvent(payment(), event('paid', { currency: 'USD' })), { change: true, verb: 'fail', to: 'failed', outcome: 'currency_mismatch', failureCode: 'currency_mismatch' });
  });
  test('a mismatch on a failure does not matter (nothing is taken as paid)', () => {
    assert.equal((decidePaymentEvent(payment(), event('failed', { amountCents: 1 })) as { outcome: string }).outcome, 'applied');
  });
  for (const final of ['paid', 'failed', 'expired'] as const) {
    for (const s of ['paid', 'failed', 'pending', 'expired'] as const) {
      const outcome = final !== 'paid' && s === 'paid' ? 'paid_after_final' : 'already_final';
      test(`given a ${final} payment, when ${s} arrives (late, duplicated, out of order), then nothing changes (${outcome})`, () => {
        assert.deepEqual(decidePaymentEvent(payment(final), event(s)), { change: false, outcome });
      });
    }
  }
});

describe('refunds: never more than paid minus refunded', () => {
  const paid = payment('paid');
  test('within what is left: accepted', () => {
    assert.deepEqual(decideRefund(paid, 0, 4990), { ok: true, leftAfter: 0 });
    assert.deepEqual(decideRefund(paid, 1000, 2000), { ok: true, leftAfter: 1990 });
  });
  test('one cent more than what is left: refused', () => {
    assert.deepEqual(decideRefund(paid, 1000, 3991), { ok: false, code: 'exceeds_refundable' });
    assert.deepEqual(decideRefund(paid, 4990, 1), { ok: false, code: 'exceeds_refundable' });
  });
  test('zero, negative or fractional amounts: refused', () => {
    for (const a of [0, -5, 10.5, Number.NaN]) assert.deepEqual(decideRefund(paid, 0, a), { ok: false, code: 'invalid_amount' });
  });
  test('a payment that is not paid cannot be refunded', () => {
    for (const s of ['pending', 'failed', 'expired'] as const) assert.deepEqual(decideRefund(payment(s), 0, 100), { ok: false, code: 'payment_not_paid' });
  });
});
