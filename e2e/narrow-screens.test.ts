import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { newPage, screenshot, startShop } from './harness.js';

const shop = await startShop();

/**
 * A phone held upright is 320–375 px wide: no storefront page may scroll sideways there (the header's
 * search field once pushed every page 50 px past the screen). Rows that scroll on purpose inside
 * themselves (the category bar) do not count: only the document's own width is measured.
 */
test('storefront pages fit a 320 px screen without scrolling sideways', async () => {
  const product = (await shop.deps.db.execute<{ slug: string }>(sql`select slug from products order by slug limit 1`)).rows[0];
  assert.ok(product, 'the demo has a product');
  const paths = ['/fr/', '/fr/search?q=robe', `/fr/p/${product.slug}`, '/fr/cart', '/fr/login', '/fr/help', '/nl/', '/en/search?q=dress'];
  const page = await newPage(shop.browser, { width: 320 });
  for (const path of paths) {
    const res = await page.goto(`${shop.base}${path}`);
    assert.equal(res?.status(), 200, `${path} answers`);
    const [scrollWidth, clientWidth] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(scrollWidth <= clientWidth, `${path} is ${scrollWidth} px wide on a ${clientWidth} px screen`);
  }
  await page.goto(`${shop.base}/fr/search?q=robe`);
  await screenshot(page, 'narrow-320-search');
});
