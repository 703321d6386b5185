import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testEnv } from './helpers/app.js';

const { app } = await testEnv();

/** The footer's language links, as the page renders them. */
function languageLinks(html: string): Record<string, string> {
  const links: Record<string, string> = {};
  for (const m of html.matchAll(/<a href="([^"]*)" hreflang="(fr|nl|en)"/gi)) links[m[2]!] = m[1]!.replaceAll('&amp;', '&');
  return links;
}

test('the language switch keeps the page and its query string (a search stays a search)', async () => {
  const res = await app.inject({ method: 'GET', url: '/fr/search?q=robe%20bleue&sort=price' });
  assert.equal(res.statusCode, 200, 'the search page answers');
  const links = languageLinks(res.body);
  assert.equal(links.nl, '/nl/search?q=robe%20bleue&sort=price', `Dutch link: ${JSON.stringify(links)}`);
  assert.equal(links.en, '/en/search?q=robe%20bleue&sort=price', `English link: ${JSON.stringify(links)}`);
});

test('the language switch of a page without a query string adds none', async () => {
  const res = await app.inject({ method: 'GET', url: '/nl/help' });
  assert.equal(res.statusCode, 200, 'the help page answers');
  const links = languageLinks(res.body);
  assert.equal(links.fr, '/fr/help', `French link: ${JSON.stringify(links)}`);
  assert.equal(links.en, '/en/help', `English link: ${JSON.stringify(links)}`);
});

test('the language switch of the home page stays on the home page', async () => {
  const res = await app.inject({ method: 'GET', url: '/en/' });
  const links = languageLinks(res.body);
  assert.equal(links.fr, '/fr/', `French link: ${JSON.stringify(links)}`);
});
