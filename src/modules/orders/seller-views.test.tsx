import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderToString } from 'preact-render-to-string';
import { Age } from './seller-views.js';

const paid = new Date('2026-11-23T07:22:00Z');
const after = (hours: number) => new Date(paid.getTime() + hours * 3_600_000);
const age = (hours: number, locale: 'fr' | 'nl' | 'en' = 'fr') => renderToString(<Age since={paid} now={after(hours)} locale={locale} acceptDays={2} />);

test('"Attend depuis": plain, then "less than 24 h" in the last day, then "deadline passed" (never "24 h" after it)', () => {
  assert.equal(age(5), '<span class="age">5 h 0 min</span>');
  assert.equal(age(30), '<span class="age late">1 j 6 h · moins de 24 h pour accepter</span>');
  assert.equal(age(97), '<span class="age late">4 j 1 h · délai dépassé : annulation automatique en cours</span>');
  assert.match(age(49, 'nl'), /termijn verstreken/);
  assert.match(age(49, 'en'), /deadline passed/);
  assert.equal(renderToString(<Age since={paid} now={after(97)} locale="fr" />), '<span class="age">4 j 1 h</span>', 'no deadline once accepted');
});
