import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decideIncident, INCIDENT_STATES, INCIDENT_TRANSITIONS, reasonsFor, type IncidentState, type IncidentVerb } from './lifecycle.js';

const EXPECTED: Record<IncidentVerb, Partial<Record<IncidentState, IncidentState>>> = {
  seller_reply: { open: 'awaiting_customer' },
  customer_reply: { open: 'open', awaiting_customer: 'open' },
  resolve: { open: 'resolved', awaiting_customer: 'resolved' },
  accept: { resolved: 'closed' },
  auto_close: { resolved: 'closed' },
  dispute: { resolved: 'escalated' },
  miss_deadline: { open: 'escalated' },
  operator_decide: { escalated: 'closed' },
};

describe('incident lifecycle', () => {
  for (const verb of Object.keys(INCIDENT_TRANSITIONS) as IncidentVerb[]) {
    for (const state of INCIDENT_STATES) {
      const target = EXPECTED[verb][state];
      test(`given an incident ${state}, when ${verb}, then ${target ? `it becomes ${target}` : 'it is refused'}`, () => {
        const d = decideIncident(state, verb);
        if (target) assert.deepEqual(d, { ok: true, from: state, to: target });
        else assert.equal(d.ok, false);
      });
    }
  }
});

describe('which reasons a line allows', () => {
  const now = new Date('2026-06-20T12:00:00Z');
  test('given a paid line not yet shipped, only the withdrawal is offered', () => {
    const r = reasonsFor({ state: 'paid', deliveredAt: null }, now);
    assert.deepEqual(r.allowed, ['withdrawal']);
    assert.deepEqual(
      r.refused.map((x) => [x.reason, x.code]),
      [
        ['not_received', 'not_sent_yet'],
        ['not_conforming', 'not_sent_yet'],
        ['damaged', 'not_sent_yet'],
      ],
    );
  });
  test('given a shipped line, all four reasons are offered', () => {
    assert.deepEqual(reasonsFor({ state: 'shipped', deliveredAt: null }, now).allowed, ['withdrawal', 'not_received', 'not_conforming', 'damaged']);
  });
  test('given a line delivered 14 days ago, the withdrawal is still offered on its last day', () => {
    const r = reasonsFor({ state: 'delivered', deliveredAt: new Date('2026-06-06T13:00:00Z') }, now);
    assert.ok(r.allowed.includes('withdrawal'));
    assert.equal(r.withdrawalLastDay?.toISOString(), '2026-06-20T13:00:00.000Z');
  });
  test('given a line delivered 15 days ago, the withdrawal is refused with its reason', () => {
    const r = reasonsFor({ state: 'delivered', deliveredAt: new Date('2026-06-05T11:00:00Z') }, now);
    assert.ok(!r.allowed.includes('withdrawal'));
    assert.deepEqual(r.refused, [{ reason: 'withdrawal', code: 'withdrawal_period_over' }]);
  });
  test('given a cancelled line, nothing is offered', () => {
    assert.deepEqual(reasonsFor({ state: 'cancelled', deliveredAt: null }, now).allowed, []);
  });
});
