import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderToString } from 'preact-render-to-string';
import { findLinks, linkify } from './linkify.js';

const html = (s: string) => renderToString(<p>{linkify(s)}</p>);

describe('linkify', () => {
  test('given text with an https URL, the URL becomes a link and the rest stays text', () => {
    assert.deepEqual(findLinks('Voir https://www.example.be/robe?c=navy&t=M pour la taille.'), [
      { kind: 'text', text: 'Voir ' },
      { kind: 'link', href: 'https://www.example.be/robe?c=navy&t=M', text: 'https://www.example.be/robe?c=navy&t=M' },
      { kind: 'text', text: ' pour la taille.' },
    ]);
  });

  test('the link opens in a new tab with rel nofollow noopener noreferrer ugc, & escaped in the attribute', () => {
    assert.equal(
      html('a http://x.example/?a=1&b=2 b'),
      '<p>a <a href="http://x.example/?a=1&amp;b=2" rel="nofollow noopener noreferrer ugc" target="_blank">http://x.example/?a=1&amp;b=2</a> b</p>',
    );
  });

  test('sentence punctuation and an unbalanced closing bracket are not part of the URL', () => {
    const links = (s: string) => findLinks(s).filter((p) => p.kind === 'link').map((p) => p.text);
    assert.deepEqual(links('Lien: https://a.example/x. Merci!'), ['https://a.example/x']);
    assert.deepEqual(links('(voir https://a.example/x)'), ['https://a.example/x']);
    assert.deepEqual(links('https://fr.wikipedia.org/wiki/Lin_(textile), ok?'), ['https://fr.wikipedia.org/wiki/Lin_(textile)']);
    assert.deepEqual(links('deux: https://a.example, https://b.example;'), ['https://a.example', 'https://b.example']);
  });

  test('javascript:, data:, vbscript: and bare domains stay text', () => {
    for (const s of ['javascript:alert(1)', 'JaVaScRiPt:alert(document.cookie)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)', 'www.example.be', 'http://', 'https://']) {
      assert.deepEqual(findLinks(s), [{ kind: 'text', text: s }], s);
      assert.doesNotMatch(html(s), /<a /, s);
    }
  });

  test('a javascript: prefix before an https URL only links the https part', () => {
    const out = html('javascript:alert(1)//https://a.example/');
    assert.match(out, /^<p>javascript:alert\(1\)\/\/<a href="https:\/\/a.example\/"/);
  });

  test('quotes and angle brackets end the URL: no attribute can be injected', () => {
    const out = html('https://a.example/"onmouseover="alert(1) and https://b.example/\'><script>alert(2)</script>');
    assert.doesNotMatch(out, /<script>/);
    assert.doesNotMatch(out, /" onmouseover/);
    assert.match(out, /<a href="https:\/\/a.example\/" [^>]*>https:\/\/a.example\/<\/a>&quot;onmouseover=&quot;alert\(1\)/);
    assert.match(out, /&lt;script>alert\(2\)&lt;\/script>|&lt;script&gt;alert\(2\)&lt;\/script&gt;/);
  });

  test('URLs with credentials (https://bank.be@evil.example) stay text', () => {
    assert.deepEqual(findLinks('https://bank.be@evil.example/login'), [{ kind: 'text', text: 'https://bank.be@evil.example/login' }]);
  });

  test('HTML in plain text is escaped, line breaks kept as text', () => {
    assert.equal(html('<img src=x onerror=alert(1)>\nligne 2'), '<p>&lt;img src=x onerror=alert(1)>\nligne 2</p>');
  });

  test('text without URLs is one text part; empty text is no part', () => {
    assert.deepEqual(findLinks('Bonjour'), [{ kind: 'text', text: 'Bonjour' }]);
    assert.deepEqual(findLinks(''), []);
  });
});
