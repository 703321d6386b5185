import { after } from 'node:test';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '../src/config.js';
import { systemClock, type Deps } from '../src/deps.js';
import { buildApp } from '../src/http/app.js';
import { startWorker } from '../src/jobs/worker.js';
import { createMailer } from '../src/modules/notifications/mailer.js';
import { seedDemo } from '../src/seed/demo.js';
import { createTestDatabase } from '../tests/helpers/db.js';
import { startSmtp } from '../tests/helpers/smtp.js';

export const DEMO_PASSWORD = 'Comptoir-demo-1';

/**
 * A real shop for browser tests: its own database with the demo seed, a real SMTP server capturing the
 * mail, the job worker, the web server on a free port, and Debian's Chromium driven by Playwright.
 */
export async function startShop() {
  // Hooks run in the order they are registered: stop the browser, server and worker before the
  // database they use is closed and dropped (createTestDatabase registers that).
  let browser: Browser | null = null;
  let app: Awaited<ReturnType<typeof buildApp>> | null = null;
  let worker: Awaited<ReturnType<typeof startWorker>> | null = null;
  after(async () => {
    await browser?.close().catch(() => {});
    await app?.close().catch(() => {});
    await worker?.stop().catch(() => {});
  });
  const smtp = await startSmtp();
  const database = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }, { smtpUrl: smtp.url, port: 0 });
  const deps: Deps = { config, database, db: database.db, mailer: createMailer(smtp.url), clock: systemClock };
  await seedDemo(deps);
  worker = await startWorker(deps);
  app = await buildApp(deps, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  // Links in emails and the payment provider's return URLs are built from the public URL.
  deps.config.publicUrl = base;
  // Links in emails and the payment provider's return URLs point at this server, not at the default port.
  config.publicUrl = base;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  return { base, deps, smtp, browser };
}

/** A new page that fails the test on any script error or dialog (an XSS payload would open one). */
export async function newPage(browser: Browser, opts: { width?: number } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: opts.width ?? 1280, height: 900 }, locale: 'fr-BE' });
  const page = await context.newPage();
  page.on('dialog', (d) => {
    throw new Error(`unexpected dialog: ${d.message()}`);
  });
  page.on('pageerror', (e) => {
    throw e;
  });
  return page;
}

/** Saves a screenshot under screenshots/ (looked at by people, not compared by tests). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = path.resolve('screenshots');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}
