import assert from 'node:assert/strict';
import { test } from 'node:test';
import { easterSunday, isBelgianPublicHoliday } from './holidays.js';

test('Easter Sunday matches the published dates', () => {
  const known: [number, number, number][] = [
    [2024, 3, 31],
    [2025, 4, 20],
    [2026, 4, 5],
    [2027, 3, 28],
    [2038, 4, 25],
  ];
  for (const [year, month, day] of known) assert.deepEqual(easterSunday(year), { month, day }, `Easter ${year}`);
});

test('the ten Belgian public holidays of 2026 and nothing else around them', () => {
  const holidays = ['2026-01-01', '2026-04-06', '2026-05-01', '2026-05-14', '2026-05-25', '2026-07-21', '2026-08-15', '2026-11-01', '2026-11-11', '2026-12-25'];
  for (const d of holidays) {
    const [y, m, day] = d.split('-').map(Number) as [number, number, number];
    assert.ok(isBelgianPublicHoliday(y, m, day), `${d} is a public holiday`);
  }
  for (const d of ['2026-04-05', '2026-04-07', '2026-12-24', '2026-12-26', '2026-11-02']) {
    const [y, m, day] = d.split('-').map(Number) as [number, number, number];
    assert.ok(!isBelgianPublicHoliday(y, m, day), `${d} is not a public holiday`);
  }
});
