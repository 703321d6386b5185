import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rate } from '../src/modules/operators/figures.js';
import { confirmationVerdict } from '../src/modules/operators/rules.js';
import { classifyQuery, decodeCustomerCursor, encodeCustomerCursor } from '../src/modules/operators/search.js';
import { percentToBps, slugify } from '../src/modules/operators/sellers-admin.js';
import { excerpt, mergeTimeline, type TimelineItem } from '../src/modules/operators/timeline.js';

const at = (min: number) => new Date(Date.UTC(2026, 5, 1, 10, min));
const mail = (over: Partial<Parameters<typeof confirmationVerdict>[1][number]> = {}) => ({
  id: 'e1',
  status: 'sent' as const,
  toAddress: 'anne@example.test',
  createdAt: at(0),
  sentAt: at(1),
  lastError: null,
  smtpResponse: '250 OK',
  attempts: 1,
  ...over,
});

describe('"did the customer get the confirmation?"', () => {
  test('given an unpaid order, no confirmation is expected', () => {
    assert.deepEqual(confirmationVerdict({ paidAt: null }, []), { kind: 'not_paid' });
  });
  test('given a paid order without email, it is missing', () => {
    assert.deepEqual(confirmationVerdict({ paidAt: at(0) }, []), { kind: 'missing' });
  });
  test('given a refused delivery, the verdict carries the server’s answer and the attempts', () => {
    const v = confirmationVerdict({ paidAt: at(0) }, [mail({ status: 'failed', sentAt: null, smtpResponse: null, lastError: '550 5.1.1 Mailbox unavailable', attempts: 3 })]);
    assert.equal(v.kind, 'failed');
    assert.equal(v.kind === 'failed' && v.error, '550 5.1.1 Mailbox unavailable');
    assert.equal(v.kind === 'failed' && v.attempts, 3);
  });
  test('given a failure then a resend that arrived, it was sent (the resend answers the question)', () => {
    const v = confirmationVerdict({ paidAt: at(0) }, [mail({ id: 'e2', createdAt: at(5), sentAt: at(6) }), mail({ status: 'failed', lastError: 'timeout', sentAt: null })]);
    assert.equal(v.kind, 'sent');
    assert.equal(v.kind === 'sent' && v.emailId, 'e2');
    assert.equal(v.kind === 'sent' && v.sends, 2);
  });
  test('given a sent email and a later failed resend, it still was sent', () => {
    const v = confirmationVerdict({ paidAt: at(0) }, [mail(), mail({ id: 'e2', status: 'failed', createdAt: at(9), lastError: 'x', sentAt: null })]);
    assert.equal(v.kind, 'sent');
  });
  test('given a queued email retrying, the last error shows', () => {
    const v = confirmationVerdict({ paidAt: at(0) }, [mail({ status: 'queued', sentAt: null, lastError: 'connection refused', attempts: 2 })]);
    assert.equal(v.kind, 'queued');
    assert.equal(v.kind === 'queued' && v.error, 'connection refused');
  });
  test('without SMTP, a kept email counts as delivered to the database mailbox', () => {
    assert.equal(confirmationVerdict({ paidAt: at(0) }, [mail({ status: 'stored', smtpResponse: null })]).kind, 'stored');
  });
});

describe('what the search box asks for', () => {
  test('numbers open their page; case and spaces do not matter', () => {
    assert.deepEqual(classifyQuery(' c-2026-000123 '), { kind: 'order', number: 'C-2026-000123' });
    assert.deepEqual(classifyQuery('C-2026-000123-2'), { kind: 'seller_order', number: 'C-2026-000123-2' });
    assert.deepEqual(classifyQuery('i-2026-000042'), { kind: 'incident', number: 'I-2026-000042' });
  });
  test('emails, phones in any notation, names in words', () => {
    assert.deepEqual(classifyQuery('Anne@Example.test'), { kind: 'email', text: 'anne@example.test' });
    for (const p of ['+32 470 12 34 56', '0470/12.34.56', '0032470123456', '470123456']) assert.deepEqual(classifyQuery(p), { kind: 'phone', digits: '470123456' }, p);
    assert.deepEqual(classifyQuery('  Anne   Janssens '), { kind: 'name', words: ['anne', 'janssens'] });
  });
  test('too short to search (an index could not help)', () => {
    assert.equal(classifyQuery('ab').kind, 'too_short');
    assert.equal(classifyQuery('12 34').kind, 'too_short');
    assert.equal(classifyQuery('').kind, 'empty');
  });
  test('customer cursors round-trip; forged ones are ignored', () => {
    const c = { tier: 'first' as const, a: 'anne', b: 'janssens', id: '0b9f2c3e-8a57-4a8e-9a52-0f4b4f9ad0a1' };
    assert.deepEqual(decodeCustomerCursor(encodeCustomerCursor(c)), c);
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    for (const bad of ['x', b64([1, 2, 3, 4]), b64(['last', 'a', 'b', 'not-a-uuid']), b64(['nope', 'a', 'b', c.id]), b64(['janssens', 'anne', c.id]), 42, null]) assert.equal(decodeCustomerCursor(bad), null);
  });
});

describe('the order timeline', () => {
  const ev = (min: number, type: string, data: Record<string, unknown> = {}): TimelineItem => ({ source: 'event', at: at(min), actor: { type: 'system', id: null }, type, data, lineId: null, incidentId: null });
  const em = (min: number, emailId: string): TimelineItem => ({ source: 'email', at: at(min), actor: { type: 'system', id: null }, emailId, kind: 'order_confirmation', to: 'a@b.test', subject: 's', status: 'sent', error: null, smtp: null, attempts: 1 });
  test('merges every source in time order; ties keep the order of the sources', () => {
    const merged = mergeTimeline([[ev(1, 'order.placed'), ev(3, 'line.ship')], [em(2, 'm1')], [ev(1, 'x.same_minute')]]);
    assert.deepEqual(
      merged.map((i) => (i.source === 'event' ? i.type : i.source)),
      ['order.placed', 'x.same_minute', 'email', 'line.ship'],
    );
  });
  test('an "email queued" event is not listed twice when its email is shown', () => {
    const merged = mergeTimeline([[ev(1, 'email.queued', { emailId: 'm1' }), ev(1, 'email.queued', { emailId: 'gone' })], [em(1, 'm1')]]);
    assert.equal(merged.filter((i) => i.source === 'event').length, 1);
  });
  test('an operator action logged twice (event and audit row, same instant) is listed once', () => {
    const op = { type: 'operator' as const, id: 'op1' };
    const event: TimelineItem = { source: 'event', at: at(4), actor: op, type: 'email.resent', data: {}, lineId: null, incidentId: null };
    const audit = (min: number): TimelineItem => ({ source: 'audit', at: at(min), actor: op, action: 'email.resend', subjectType: 'email', subjectId: 'm1', after: null });
    assert.deepEqual(
      mergeTimeline([[event], [audit(4), audit(7)]]).map((i) => `${i.source}@${i.at.getUTCMinutes()}`),
      ['event@4', 'audit@7'],
    );
  });
  test('excerpts are one line, cut with an ellipsis', () => {
    assert.equal(excerpt('a\n\n b'), 'a b');
    assert.equal(excerpt('x'.repeat(200), 10), `${'x'.repeat(9)}…`);
  });
});

describe('sellers', () => {
  test('percentages become basis points, refusing what is not one', () => {
    assert.equal(percentToBps('15'), 1500);
    assert.equal(percentToBps('12,5'), 1250);
    assert.equal(percentToBps('0.01'), 1);
    assert.equal(percentToBps('100'), 10_000);
    for (const bad of ['100.01', '-1', '1.234', 'abc', '', '1e2']) assert.equal(percentToBps(bad), null, bad);
  });
  test('slugs from shop names', () => {
    assert.equal(slugify('Maison Lemaire & Fils'), 'maison-lemaire-fils');
    assert.equal(slugify('  Ça déménage !  '), 'ca-demenage');
  });
  test('rates need a denominator', () => {
    assert.equal(rate(1, 3), 33.3);
    assert.equal(rate(0, 0), null);
  });
});
