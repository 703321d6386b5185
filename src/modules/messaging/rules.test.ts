import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { afterMessage, cleanBody, formatDuration, isUnread, rateRefusal } from './rules.js';

const at = (min: number) => new Date(Date.UTC(2026, 0, 1, 10, min));

describe('afterMessage', () => {
  test('given a new question, the seller owes an answer and has something unread; the customer has nothing unread', () => {
    const t = afterMessage(null, 'customer', at(0));
    assert.equal(t.startedBy, 'customer');
    assert.deepEqual(t.awaitingSellerSince, at(0));
    assert.ok(isUnread(t.lastForSellerAt, t.sellerReadAt));
    assert.ok(!isUnread(t.lastForCustomerAt, t.customerReadAt));
  });

  test('when the customer writes again before an answer, the wait still counts from the first message', () => {
    const t = afterMessage(afterMessage(null, 'customer', at(0)), 'customer', at(5));
    assert.deepEqual(t.awaitingSellerSince, at(0));
    assert.deepEqual(t.lastMessageAt, at(5));
  });

  test('when the seller answers, the wait ends, the first answer time is kept, the customer has it unread', () => {
    const q = afterMessage(null, 'customer', at(0));
    const a = afterMessage(q, 'seller', at(30));
    assert.equal(a.awaitingSellerSince, null);
    assert.deepEqual(a.firstSellerReplyAt, at(30));
    assert.ok(isUnread(a.lastForCustomerAt, a.customerReadAt));
    assert.ok(!isUnread(a.lastForSellerAt, a.sellerReadAt));
    const again = afterMessage(afterMessage(a, 'customer', at(40)), 'seller', at(50));
    assert.deepEqual(again.firstSellerReplyAt, at(30), 'only the first answer is the answer time');
  });

  test('an operator stepping in is news for both sides and does not answer in the seller’s place', () => {
    const q = afterMessage(null, 'customer', at(0));
    const o = afterMessage(q, 'operator', at(10));
    assert.deepEqual(o.awaitingSellerSince, at(0));
    assert.equal(o.firstSellerReplyAt, null);
    assert.ok(isUnread(o.lastForCustomerAt, o.customerReadAt));
    assert.ok(isUnread(o.lastForSellerAt, o.sellerReadAt));
  });

  test('a thread the seller starts has no answer time and owes nothing', () => {
    const t = afterMessage(null, 'seller', at(0));
    assert.equal(t.firstSellerReplyAt, null);
    assert.equal(t.awaitingSellerSince, null);
  });

  test('the input counters are not changed', () => {
    const q = afterMessage(null, 'customer', at(0));
    const copy = { ...q };
    afterMessage(q, 'seller', at(1));
    assert.deepEqual(q, copy);
  });
});

describe('isUnread', () => {
  test('nothing written, nothing unread; read after the last message, nothing unread', () => {
    assert.equal(isUnread(null, null), false);
    assert.equal(isUnread(at(1), null), true);
    assert.equal(isUnread(at(1), at(2)), false);
    assert.equal(isUnread(at(3), at(2)), true);
  });
});

describe('rateRefusal', () => {
  const limit = { perMinute: 3, perDay: 20 };
  test('under both limits: accepted; at the minute limit or the day limit: refused with its code', () => {
    assert.equal(rateRefusal({ lastMinute: 2, lastDay: 19 }, limit), null);
    assert.equal(rateRefusal({ lastMinute: 3, lastDay: 3 }, limit), 'too_many_per_minute');
    assert.equal(rateRefusal({ lastMinute: 0, lastDay: 20 }, limit), 'too_many_per_day');
  });
});

describe('cleanBody', () => {
  test('trims, normalises line ends, drops control characters but keeps tabs and new lines', () => {
    assert.equal(cleanBody('  a\r\nb\rc\u0000d\te\u0007  '), 'a\nb\ncd\te');
  });
});

describe('formatDuration', () => {
  const u = { d: 'j', h: 'h', min: 'min', lessThanMinute: '< 1 min' };
  test('picks the two largest units', () => {
    assert.equal(formatDuration(30, u), '< 1 min');
    assert.equal(formatDuration(35 * 60, u), '35 min');
    assert.equal(formatDuration(4 * 3600 + 12 * 60 + 5, u), '4 h 12 min');
    assert.equal(formatDuration(3 * 3600, u), '3 h');
    assert.equal(formatDuration(2 * 86400 + 3 * 3600 + 59, u), '2 j 3 h');
    assert.equal(formatDuration(86400, u), '1 j');
  });
});
