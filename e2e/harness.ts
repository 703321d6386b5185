import { after } from 'node:test';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '../src/config.js';
import { systemClock, type Deps } from '../src/deps.js';
import { buildApp } from '../src/http/app.js';
import { base32Decode, hotp, stepAt } from '../src/modules/backoffice/totp.js';
import { startWorker } from '../src/jobs/worker.js';
import { createMailer } from '../src/modules/notifications/mailer.js';
import { seedDemo } from '../src/seed/demo.js';
import { createTestDatabase } from '../tests/helpers/db.js';
import { appCode, rememberApp } from '../tests/helpers/second-factor.js';
import { startSmtp } from '../tests/helpers/smtp.js';

export const DEMO_PASSWORD = 'Comptoir-demo-1';

// The shop of this test file (one per file): login() opens its login forms.
let shopBase = '';

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
  // Links in emails and the payment provider's return URLs point at this server, not at the default port.
  config.publicUrl = base;
  shopBase = base;
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

export type Face = 'shop' | 'seller' | 'admin';
const LOGIN_PATH: Record<Face, string> = { shop: '/fr/login', seller: '/vendeur/login', admin: '/admin/login' };

/**
 * Logs in through the real form of a face, as a person would: the form already on the page (a
 * redirect to "Connexion" keeps its returnTo) or else the face's login page; then, in the back
 * offices, the second step — the code of the user's authenticator app (tests/helpers/second-factor.ts
 * remembers keys), or the enrolment an admin cannot skip (key read from the page, code typed, recovery
 * codes remembered, "Continuer"). Returns on the page the login leads to.
 */
export async function login(page: Page, face: Face, email: string, password = DEMO_PASSWORD): Promise<void> {
  if (!new URL(page.url(), 'http://x').pathname.endsWith(LOGIN_PATH[face].replace('/fr/', '/'))) await page.goto(`${shopBase}${LOGIN_PATH[face]}`);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Connexion' }).click();
  try {
    await page.waitForURL((u) => !u.pathname.endsWith('/login'), { timeout: 10_000 });
  } catch {
    throw new Error(`login of ${email} on ${face} refused: ${(await page.locator('main').innerText()).slice(0, 300)}`);
  }
  const path = new URL(page.url()).pathname;
  if (path.endsWith('/login/code')) {
    const code = appCode(email);
    if (!code) throw new Error(`${email} has a second factor this test does not know the key of`);
    await page.getByLabel('Code à 6 chiffres').fill(code);
    await page.getByRole('button', { name: 'Vérifier' }).click();
    await page.waitForURL((u) => !u.pathname.includes('/login'), { timeout: 10_000 });
  } else if (path.endsWith('/login/enrol')) {
    const key = base32Decode((await page.locator('[data-totp-key]').innerText()).trim());
    if (!key) throw new Error('the enrolment page shows no key');
    await page.getByLabel('Code à 6 chiffres').fill(hotp(key, stepAt(Date.now())));
    await page.getByRole('button', { name: 'Activer' }).click();
    await page.getByRole('heading', { name: 'Vos codes de récupération' }).waitFor();
    rememberApp(email, key, await page.locator('.recovery-codes li').allInnerTexts());
    // The code just typed is spent: the next login must use a later step.
    appCode(email);
    await page.getByRole('link', { name: 'Continuer' }).click();
    await page.waitForURL((u) => !u.pathname.includes('/login'), { timeout: 10_000 });
  }
  await page.waitForLoadState('load');
}
