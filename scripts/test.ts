/**
 * `npm test`: the whole suite (unit, integration over HTTP on PostgreSQL, browser tests in Chromium).
 *
 * Without DATABASE_URL it starts a throw-away embedded PostgreSQL; with it, it creates its databases
 * on that server. Either way it migrates one template database, and every test file clones it
 * (CREATE DATABASE … TEMPLATE) so files are isolated and start in milliseconds.
 * Browser tests run when /usr/bin/chromium exists (or CHROMIUM_PATH); E2E=0 skips them, --e2e-only
 * runs only them.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { connect, withDatabase } from '../src/db/client.js';
import { startEmbedded, type EmbeddedDb } from '../src/db/embedded.js';
import { migrateAll } from '../src/db/migrate.js';

const root = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const e2eOnly = args.includes('--e2e-only');
const filters = args.filter((a) => !a.startsWith('--'));

function findTests(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') out.push(...findTests(p));
    else if (/\.test\.tsx?$/.test(entry.name)) out.push(p);
  }
  return out.sort();
}

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const withE2e = process.env.E2E !== '0' && fs.existsSync(chromium);
let files = e2eOnly ? [] : [...findTests(path.join(root, 'src')), ...findTests(path.join(root, 'tests'))];
if (withE2e || e2eOnly) files.push(...findTests(path.join(root, 'e2e')));
else console.log(`Browser tests skipped: no Chromium at ${chromium} (install the Debian package "chromium", or set CHROMIUM_PATH).`);
if (filters.length) files = files.filter((f) => filters.some((x) => f.includes(x)));

async function main(): Promise<number> {
  let embedded: EmbeddedDb | null = null;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const dir = path.join(root, 'var', `test-${process.pid}`);
    embedded = await startEmbedded({ dir, persistent: false });
    adminUrl = embedded.url;
  }
  const template = `comptoir_tpl_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${template}`);
    const db = connect(withDatabase(adminUrl, template), { max: 2 });
    await migrateAll(db);
    await db.close();
    const concurrency = process.env.TEST_CONCURRENCY ?? String(Math.max(2, Math.min(4, os.cpus().length)));
    console.log(`Running ${files.length} test files on ${embedded ? 'the embedded PostgreSQL' : 'DATABASE_URL'} with ${process.version} …`);
    const code = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files], {
        cwd: root,
        stdio: 'inherit',
        env: { ...process.env, NODE_ENV: 'test', COMPTOIR_TEST_ADMIN_URL: adminUrl, COMPTOIR_TEST_TEMPLATE: template, COMPTOIR_TEST_RUN: String(process.pid), CHROMIUM_PATH: chromium },
      });
      child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
    });
    return code;
  } finally {
    await admin.query(`drop database if exists ${template} with (force)`).catch(() => {});
    // Databases left behind by a crashed test file.
    const left = await admin.query(`select datname from pg_database where datname like $1`, [`comptoir_t_${process.pid}_%`]).catch(() => ({ rows: [] as { datname: string }[] }));
    for (const r of left.rows) await admin.query(`drop database if exists ${r.datname} with (force)`).catch(() => {});
    await admin.end();
    if (embedded) {
      await embedded.stop();
      fs.rmSync(path.join(root, 'var', `test-${process.pid}`), { recursive: true, force: true });
    }
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
