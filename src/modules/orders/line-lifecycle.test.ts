import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { allowedVerbs } from '../../shared/transitions.js';
import { decideLine, decideRefund, isSent, LINE_STATES, LINE_TRANSITIONS, type LineState, type LineVerb } from './line-lifecycle.js';
import { orderStatus, sellerOrderStatus } from './derived-status.js';

// Every (state, verb) pair: the allowed ones lead where the table says, all others are refused.
const EXPECTED: Record<LineVerb, Partial<Record<LineState, LineState>>> = {
  pay: { awaiting_payment: 'paid' },
  fail: { awaiting_payment: 'cancelled' },
  expire: { awaiting_payment: 'cancelled' },
  accept: { paid: 'preparing' },
  refuse: { paid: 'cancelled' },
  cancel: { paid: 'cancelled', preparing: 'cancelled' },
  ship: { paid: 'shipped', preparing: 'shipped' },
  deliver: { shipped: 'delivered' },
  close: { delivered: 'closed' },
  refund: { paid: 'paid', preparing: 'preparing', shipped: 'shipped', delivered: 'delivered', closed: 'closed', cancelled: 'cancelled' },
  refund_fully: { paid: 'refunded', preparing: 'refunded', shipped: 'refunded', delivered: 'refunded', closed: 'refunded', cancelled: 'refunded' },
};

describe('order line lifecycle', () => {
  for (const verb of Object.keys(LINE_TRANSITIONS) as LineVerb[]) {
    for (const state of LINE_STATES) {
      const target = EXPECTED[verb][state];
      test(`given a line ${state}, when ${verb}, then ${target ? `it becomes ${target}` : 'it is refused'}`, () => {
        const d = decideLine(state, verb);
        if (target) assert.deepEqual(d, { ok: true, from: state, to: target });
        else assert.deepEqual(d, { ok: false, code: 'transition_not_allowed', from: state, verb });
      });
    }
  }

  test('given a refunded line, nothing more can happen to it', () => {
    assert.deepEqual(allowedVerbs(LINE_TRANSITIONS, 'refunded'), []);
  });

  test('"sent by the seller" starts at shipped', () => {
    assert.deepEqual(
      LINE_STATES.filter((s) => isSent(s)),
      ['shipped', 'delivered', 'closed'],
    );
  });
});

describe('refunds of a line', () => {
  const line = { state: 'delivered' as LineState, paidCents: 5000, refundedCents: 1000 };
  test('given 40.00 left, when 15.00 is refunded, then the line stays delivered with 25.00 refunded', () => {
    assert.deepEqual(decideRefund(line, 1500), { ok: true, verb: 'refund', to: 'delivered', refundedCents: 2500 });
  });
  test('given 40.00 left, when 40.00 is refunded, then the line is refunded', () => {
    assert.deepEqual(decideRefund(line, 4000), { ok: true, verb: 'refund_fully', to: 'refunded', refundedCents: 5000 });
  });
  test('given 40.00 left, when 40.01 is refunded, then it is refused', () => {
    assert.deepEqual(decideRefund(line, 4001), { ok: false, code: 'exceeds_refundable' });
  });
  for (const bad of [0, -1, 1.5, Number.NaN]) {
    test(`when ${bad} is refunded, then it is refused as an invalid amount`, () => {
      assert.deepEqual(decideRefund(line, bad), { ok: false, code: 'invalid_amount' });
    });
  }
  test('given an unpaid line, when refunded, then it is refused', () => {
    assert.deepEqual(decideRefund({ state: 'awaiting_payment', paidCents: 5000, refundedCents: 0 }, 100), { ok: false, code: 'transition_not_allowed' });
  });
});

describe('derived statuses', () => {
  const l = (state: LineState, refundedCents = 0) => ({ state, refundedCents });
  test('a seller order is as far as its least advanced live line', () => {
    assert.equal(sellerOrderStatus([l('shipped'), l('preparing')]), 'preparing');
    assert.equal(sellerOrderStatus([l('shipped'), l('cancelled', 0)]), 'shipped');
    assert.equal(sellerOrderStatus([l('delivered'), l('delivered')]), 'delivered');
  });
  test('a seller order whose lines are all cancelled is cancelled, or refunded when money went back', () => {
    assert.equal(sellerOrderStatus([l('cancelled')]), 'cancelled');
    assert.equal(sellerOrderStatus([l('refunded', 2000), l('cancelled')]), 'refunded');
  });
  test('an order with one seller part shipped and another paid shows paid (least advanced)', () => {
    assert.equal(orderStatus(['shipped', 'paid']), 'paid');
    assert.equal(orderStatus(['refunded', 'delivered']), 'delivered');
    assert.equal(orderStatus(['cancelled', 'refunded']), 'refunded');
    assert.equal(orderStatus([]), 'awaiting_payment');
  });
});
