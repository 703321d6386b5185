import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderEmail } from './layout.js';

test('an email in HTML and text from the same content, user text escaped in the HTML', () => {
  const { html, text } = renderEmail({
    locale: 'nl',
    title: 'Welkom <b>Anne</b>',
    paragraphs: ['Hallo <script>alert(1)</script>', 'Tweede alinea'],
    sections: [{ heading: 'Adres', lines: ['Rue Neuve 12', '1000 Bruxelles'] }],
    action: { label: 'Bevestigen', url: 'http://localhost:3000/nl/register/confirm?token=abc&x=1' },
    after: ['Was u dit niet, negeer dan dit bericht.'],
  });
  assert.match(html, /^<!doctype html><html lang="nl">/);
  assert.doesNotMatch(html, /<script>|<b>Anne/);
  assert.match(html, /Hallo &lt;script>alert\(1\)&lt;\/script>/);
  assert.match(html, /href="http:\/\/localhost:3000\/nl\/register\/confirm\?token=abc&amp;x=1"/);
  assert.match(html, /Werkt de knop niet\?/);
  assert.match(text, /^Welkom <b>Anne<\/b>\n/);
  assert.match(text, /Hallo <script>alert\(1\)<\/script>\n\nTweede alinea/);
  assert.match(text, /Adres\nRue Neuve 12\n1000 Bruxelles/);
  assert.match(text, /Bevestigen:\nhttp:\/\/localhost:3000\/nl\/register\/confirm\?token=abc&x=1/);
  assert.match(text, /Deze e-mail werd automatisch verzonden/);
});

test('an action must be an absolute http(s) link', () => {
  assert.throws(() => renderEmail({ locale: 'fr', title: 'x', paragraphs: [], action: { label: 'x', url: 'javascript:alert(1)' } }));
  assert.throws(() => renderEmail({ locale: 'fr', title: 'x', paragraphs: [], action: { label: 'x', url: '/fr/account' } }));
});
