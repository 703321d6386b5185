import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { carrierName, normaliseTracking, trackingUrl } from './carriers.js';
import { LINE_STATES, type LineState } from './line-lifecycle.js';
import { availableCommands, dueBefore, isDue, planCommand, SELLER_ORDER_COMMANDS, waited, type SellerOrderCommand } from './seller-order-lifecycle.js';

// Which line states each seller order command takes; every other state is refused.
const TAKES: Record<SellerOrderCommand, LineState[]> = {
  accept: ['paid'],
  refuse: ['paid'],
  ship: ['paid', 'preparing'],
  deliver: ['shipped'],
  cancel_unaccepted: ['paid'],
  auto_deliver: ['shipped'],
};

describe('seller order commands over its lines', () => {
  for (const command of Object.keys(SELLER_ORDER_COMMANDS) as SellerOrderCommand[]) {
    for (const state of LINE_STATES) {
      const allowed = TAKES[command].includes(state);
      test(`given a line ${state}, when the seller order gets ${command} for it, then ${allowed ? `it is ${SELLER_ORDER_COMMANDS[command].verb}` : 'it is refused'}`, () => {
        const plan = planCommand(command, [{ id: 'l1', state }], ['l1']);
        if (allowed) assert.deepEqual(plan, { ok: true, verb: SELLER_ORDER_COMMANDS[command].verb, lineIds: ['l1'] });
        else assert.deepEqual(plan, { ok: false, code: 'transition_not_allowed', lineId: 'l1' });
      });
    }
  }

  const lines = [
    { id: 'a', state: 'paid' as const },
    { id: 'b', state: 'preparing' as const },
    { id: 'c', state: 'shipped' as const },
    { id: 'd', state: 'cancelled' as const },
  ];
  test('given lines paid, preparing, shipped and cancelled, when "ship all", then the paid and preparing lines ship', () => {
    assert.deepEqual(planCommand('ship', lines), { ok: true, verb: 'ship', lineIds: ['a', 'b'] });
  });
  test('given the same lines, when "accept all", then only the paid line is accepted', () => {
    assert.deepEqual(planCommand('accept', lines), { ok: true, verb: 'accept', lineIds: ['a'] });
  });
  test('given no shipped line, when "deliver all", then there is nothing to do', () => {
    assert.deepEqual(planCommand('deliver', [{ id: 'a', state: 'paid' }]), { ok: false, code: 'nothing_to_do' });
  });
  test('given a selection naming a line of another seller order, then it is not found', () => {
    assert.deepEqual(planCommand('ship', lines, ['a', 'zzz']), { ok: false, code: 'not_found', lineId: 'zzz' });
  });
  test('given an empty selection, then nothing is selected', () => {
    assert.deepEqual(planCommand('ship', lines, []), { ok: false, code: 'nothing_selected' });
  });
  test('given a selection with a line twice, then it is planned once', () => {
    assert.deepEqual(planCommand('ship', lines, ['a', 'a']), { ok: true, verb: 'ship', lineIds: ['a'] });
  });
  test('the buttons shown follow the lines', () => {
    assert.deepEqual(availableCommands(lines), ['accept', 'refuse', 'ship', 'deliver']);
    assert.deepEqual(availableCommands([{ state: 'preparing' }]), ['ship']);
    assert.deepEqual(availableCommands([{ state: 'delivered' }, { state: 'refunded' }]), []);
  });
});

describe('deadlines', () => {
  const deadlines = { sellerAcceptDays: 2, autoDeliverDays: 10 };
  const paidAt = new Date('2026-11-02T10:00:00Z');
  const at = (iso: string) => new Date(iso);
  test('given a line paid 2 days minus a minute ago, when the job runs, then it is not cancelled yet', () => {
    assert.equal(isDue('cancel_unaccepted', { state: 'paid', paidAt, shippedAt: null }, at('2026-11-04T09:59:00Z'), deadlines), false);
  });
  test('given a line paid exactly 2 days ago and not accepted, then it is cancelled', () => {
    assert.equal(isDue('cancel_unaccepted', { state: 'paid', paidAt, shippedAt: null }, at('2026-11-04T10:00:00Z'), deadlines), true);
  });
  test('given a line accepted (preparing) long ago, then the acceptance deadline does not cancel it', () => {
    assert.equal(isDue('cancel_unaccepted', { state: 'preparing', paidAt, shippedAt: null }, at('2026-12-30T00:00:00Z'), deadlines), false);
  });
  test('given a line shipped 10 days ago without news, then it is delivered; 9 days, not yet', () => {
    const line = { state: 'shipped' as const, paidAt, shippedAt: at('2026-11-03T08:00:00Z') };
    assert.equal(isDue('auto_deliver', line, at('2026-11-13T08:00:00Z'), deadlines), true);
    assert.equal(isDue('auto_deliver', line, at('2026-11-12T08:00:00Z'), deadlines), false);
  });
  test('given a line already delivered, then auto-delivery leaves it alone', () => {
    assert.equal(isDue('auto_deliver', { state: 'delivered', paidAt, shippedAt: paidAt }, at('2027-01-01T00:00:00Z'), deadlines), false);
  });
  test('dueBefore is the cut-off of the indexed scan', () => {
    assert.equal(dueBefore('cancel_unaccepted', at('2026-11-04T10:00:00Z'), deadlines).toISOString(), paidAt.toISOString());
  });
  test('waited counts whole days, hours and minutes, never negative', () => {
    assert.deepEqual(waited(paidAt, at('2026-11-03T13:30:59Z')), { days: 1, hours: 3, minutes: 30 });
    assert.deepEqual(waited(paidAt, at('2026-11-01T00:00:00Z')), { days: 0, hours: 0, minutes: 0 });
  });
});

describe('carriers', () => {
  test('known carriers have a name and a tracking link in the customer’s language, the number encoded', () => {
    assert.equal(carrierName('postnl'), 'PostNL');
    assert.equal(carrierName('other'), null);
    assert.equal(trackingUrl('bpost', 'CD123456789BE', 'nl'), 'https://track.bpost.cloud/btr/web/#/search?itemCode=CD123456789BE&lang=nl');
    assert.equal(trackingUrl('postnl', '3SABC123', 'fr', { postalCode: '1000', country: 'BE' }), 'https://jouw.postnl.nl/track-and-trace/3SABC123-BE-1000?language=fr');
    assert.match(trackingUrl('dhl', 'A/B?C', 'en')!, /tracking-id=A%2FB%3FC&/);
    assert.equal(trackingUrl('other', 'X123', 'fr'), null);
    assert.equal(trackingUrl('dpd', null, 'fr'), null);
  });
  test('a tracking number is normalised, and anything that is not one is refused', () => {
    assert.equal(normaliseTracking(' cd 1234 5678 9be '), 'CD123456789BE');
    assert.equal(normaliseTracking('abc'), null);
    assert.equal(normaliseTracking('<script>alert(1)</script>'), null);
    assert.equal(normaliseTracking('javascript:alert(1)'), null);
  });
});
