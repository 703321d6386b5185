import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkPhotos, photoHeaders, sniffImage } from './photos.js';
import { addWorkingDays, becameReturn, customerActions, deadlinesFrom, parseEuros, sellerActions, sellerRefusal, shippingToRefund, type IncidentView, type LineView } from './rules.js';

const incident = (over: Partial<IncidentView> = {}): IncidentView => ({ state: 'open', reason: 'damaged', resolution: null, decision: null, ...over });
const line = (over: Partial<LineView> = {}): LineView => ({ state: 'delivered', totalCents: 5000, refundedCents: 0, ...over });

describe('reply deadlines in working days (Brussels)', () => {
  test('given Tuesday 10:00, when 2 working days are added, then Thursday 10:00', () => {
    assert.equal(addWorkingDays(new Date('2026-06-16T08:00:00Z'), 2).toISOString(), '2026-06-18T08:00:00.000Z');
  });
  test('given Friday 15:00, when 2 working days are added, then Tuesday 15:00 (the weekend does not count)', () => {
    assert.equal(addWorkingDays(new Date('2026-06-19T13:00:00Z'), 2).toISOString(), '2026-06-23T13:00:00.000Z');
  });
  test('given Saturday 10:00, when 2 working days are added, then Tuesday 10:00', () => {
    assert.equal(addWorkingDays(new Date('2026-06-20T08:00:00Z'), 2).toISOString(), '2026-06-23T08:00:00.000Z');
  });
  test('given Friday 3 April 2026 10:00, when 2 working days are added, then Wednesday 8 April (Easter Monday does not count)', () => {
    assert.equal(addWorkingDays(new Date('2026-04-03T08:00:00Z'), 2).toISOString(), '2026-04-08T08:00:00.000Z');
  });
  test('given Thursday 24 December 2026 10:00, when 1 working day is added, then Monday 28 December (Christmas on the Friday)', () => {
    assert.equal(addWorkingDays(new Date('2026-12-24T09:00:00Z'), 1).toISOString(), '2026-12-28T09:00:00.000Z');
  });
  test('given Friday 23:30 in Brussels (already Friday 21:30 UTC), the weekend is Brussels’ weekend', () => {
    assert.equal(addWorkingDays(new Date('2026-06-19T21:30:00Z'), 1).toISOString(), '2026-06-22T21:30:00.000Z');
  });
  test('given 0 working days, the deadline is now', () => {
    const d = new Date('2026-06-20T08:00:00Z');
    assert.equal(addWorkingDays(d, 0).getTime(), d.getTime());
  });
  test('the operator setting falls back to 2 working days and 7 days when missing or odd', () => {
    assert.deepEqual(deadlinesFrom(undefined), { sellerReplyWorkingDays: 2, autoCloseDays: 7 });
    assert.deepEqual(deadlinesFrom({ sellerReplyWorkingDays: 3, autoCloseDays: 'x' }), { sellerReplyWorkingDays: 3, autoCloseDays: 7 });
    assert.deepEqual(deadlinesFrom({ sellerReplyWorkingDays: -1, autoCloseDays: 1.5 }), { sellerReplyWorkingDays: 2, autoCloseDays: 7 });
  });
});

describe('what the seller may do', () => {
  test('given a withdrawal before shipment, the seller cancels (one action), and cannot authorise a return', () => {
    const i = incident({ reason: 'withdrawal' });
    assert.deepEqual(sellerActions(i, line({ state: 'paid' })), ['reply', 'cancel', 'reject']);
    assert.equal(sellerRefusal('authorise_return', i, line({ state: 'preparing' })), 'line_not_sent');
  });
  test('given a withdrawal whose article was shipped meanwhile, cancel is refused and the return path opens', () => {
    const i = incident({ reason: 'withdrawal' });
    assert.equal(sellerRefusal('cancel', i, line({ state: 'shipped' })), 'line_already_sent');
    assert.deepEqual(sellerActions(i, line({ state: 'shipped' })), ['reply', 'authorise_return', 'refund', 'reject']);
  });
  test('given a damaged article, the seller may authorise a return, refund, replace or reject', () => {
    assert.deepEqual(sellerActions(incident(), line()), ['reply', 'authorise_return', 'refund', 'replacement', 'reject']);
  });
  test('given an article not received, a return makes no sense', () => {
    assert.equal(sellerRefusal('authorise_return', incident({ reason: 'not_received' }), line({ state: 'shipped' })), 'transition_not_allowed');
  });
  test('given an authorised return not yet refunded, the seller marks it received and refunds; nothing else decides again', () => {
    const i = incident({ state: 'resolved', resolution: 'return_authorised', decision: { returnInstructions: 'x' } });
    assert.deepEqual(sellerActions(i, line()), ['reply', 'mark_received', 'refund']);
    const received = incident({ state: 'resolved', resolution: 'return_authorised', decision: { receivedAt: '2026-06-20T00:00:00Z' } });
    assert.equal(sellerRefusal('mark_received', received, line()), 'already_received');
  });
  test('given a line refunded in full, there is nothing left to refund', () => {
    assert.equal(sellerRefusal('refund', incident(), line({ refundedCents: 5000 })), 'nothing_to_refund');
  });
  test('given a resolved refund or a closed incident, the seller cannot decide again', () => {
    assert.deepEqual(sellerActions(incident({ state: 'resolved', resolution: 'refund', decision: { refunds: [] } }), line({ refundedCents: 1000 })), ['reply']);
    assert.deepEqual(sellerActions(incident({ state: 'closed' }), line()), []);
  });
  test('given an escalated incident, the seller can only write', () => {
    assert.deepEqual(sellerActions(incident({ state: 'escalated' }), line()), ['reply']);
  });
});

describe('what the customer may do', () => {
  test('given an open incident, the customer replies', () => {
    assert.deepEqual(customerActions(incident()), ['reply']);
  });
  test('given a resolution, the customer accepts or disputes it', () => {
    assert.deepEqual(customerActions(incident({ state: 'resolved', resolution: 'refund' })), ['reply', 'accept', 'dispute']);
  });
  test('given an authorised return still waiting for its refund, accepting would close it too early: only dispute', () => {
    assert.deepEqual(customerActions(incident({ state: 'resolved', resolution: 'return_authorised', decision: {} })), ['reply', 'dispute']);
  });
  test('given a closed incident, nothing', () => {
    assert.deepEqual(customerActions(incident({ state: 'closed' })), []);
  });
});

describe('withdrawals', () => {
  test('the request becomes a return when the article is shipped after it', () => {
    const created = new Date('2026-06-10T10:00:00Z');
    assert.equal(becameReturn({ reason: 'withdrawal', createdAt: created }, { shippedAt: new Date('2026-06-10T11:00:00Z') }), true);
    assert.equal(becameReturn({ reason: 'withdrawal', createdAt: created }, { shippedAt: new Date('2026-06-09T11:00:00Z') }), false);
    assert.equal(becameReturn({ reason: 'damaged', createdAt: created }, { shippedAt: new Date('2026-06-10T11:00:00Z') }), false);
  });
  test('shipping goes back only when every line of the seller order is cancelled or refunded, and only once', () => {
    const so = { shippingCents: 495, shippingRefundedCents: 0 };
    assert.equal(shippingToRefund([{ state: 'refunded' }, { state: 'paid' }], so), 0);
    assert.equal(shippingToRefund([{ state: 'refunded' }, { state: 'cancelled' }], so), 495);
    assert.equal(shippingToRefund([{ state: 'refunded' }], { shippingCents: 495, shippingRefundedCents: 495 }), 0);
    assert.equal(shippingToRefund([], so), 0);
  });
});

describe('amounts typed by a seller', () => {
  test('euros become integer cents without floats', () => {
    assert.equal(parseEuros('12,50'), 1250);
    assert.equal(parseEuros('12.5'), 1250);
    assert.equal(parseEuros(' 12 '), 1200);
    assert.equal(parseEuros('0,07'), 7);
    assert.equal(parseEuros('1 234,56 €'), 123456);
    assert.equal(parseEuros('19.99'), 1999);
  });
  test('anything else is refused', () => {
    for (const s of ['', '0', '0,00', '-5', '12,345', '1e3', 'abc', '12,5,0', 'NaN', '99999999']) assert.equal(parseEuros(s), null, s);
  });
});

describe('photos', () => {
  const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]);
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
  const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x24, 0, 0, 0]), Buffer.from('WEBPVP8 ')]);
  test('JPEG, PNG and WebP are recognised by their bytes', () => {
    assert.equal(sniffImage(jpeg), 'image/jpeg');
    assert.equal(sniffImage(png), 'image/png');
    assert.equal(sniffImage(webp), 'image/webp');
  });
  test('SVG, HTML, GIF, PDF and a text file named .jpg are not images here', () => {
    for (const s of ['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', '<!doctype html><script>alert(1)</script>', 'GIF89a....', '%PDF-1.7', 'just text']) {
      assert.equal(sniffImage(Buffer.from(s)), null, s);
    }
    assert.deepEqual(checkPhotos([{ filename: 'photo.jpg', data: Buffer.from('<svg onload=alert(1)>'), truncated: false }]), { ok: false, code: 'photo_type' });
  });
  test('empty inputs are ignored; more than three, or a truncated one, are refused', () => {
    assert.deepEqual(checkPhotos([{ filename: '', data: Buffer.alloc(0), truncated: false }]), { ok: true, photos: [] });
    const four = Array.from({ length: 4 }, () => ({ filename: 'a.jpg', data: jpeg, truncated: false }));
    assert.deepEqual(checkPhotos(four), { ok: false, code: 'too_many_photos' });
    assert.deepEqual(checkPhotos([{ filename: 'a.jpg', data: jpeg, truncated: true }]), { ok: false, code: 'photo_too_big' });
  });
  test('a stored photo is served as a download that no browser sniffs or runs', () => {
    const h = photoHeaders({ id: '0123456789abcdef', contentType: 'image/png', bytes: 12 });
    assert.equal(h['content-type'], 'image/png');
    assert.match(h['content-disposition']!, /^attachment; filename="photo-01234567\.png"$/);
    assert.equal(h['x-content-type-options'], 'nosniff');
    assert.match(h['content-security-policy']!, /sandbox/);
  });
});
