import path from 'node:path';
import { loadConfig } from './config.js';
import { connect, ensureDatabase, withDatabase } from './db/client.js';
import { startEmbedded, takeOverStopSignals, type EmbeddedDb } from './db/embedded.js';
import { migrateAll } from './db/migrate.js';
import { systemClock, type Deps } from './deps.js';
import { buildApp } from './http/app.js';
import { startWorker } from './jobs/worker.js';
import { createMailer } from './modules/notifications/mailer.js';
import { DEMO_ACCOUNTS } from './seed/demo-data.js';
import { isEmpty, seedDemo } from './seed/demo.js';
import { seedDemoOrders } from './seed/demo-orders.js';

/**
 * `npm start`: the embedded PostgreSQL (unless DATABASE_URL is set), migrations, the demo seed on an
 * empty database, the job worker and the web server. Ctrl-C stops everything cleanly.
 */
async function main() {
  const started = Date.now();
  const config = loadConfig();
  let embedded: EmbeddedDb | null = null;
  let url = config.databaseUrl;
  if (!url) {
    console.log(`Starting the embedded PostgreSQL (data in ${path.resolve(config.dataDir)}) …`);
    embedded = await startEmbedded({ dir: config.dataDir, persistent: true, log: (l) => console.error(l) });
    await ensureDatabase(embedded.url, 'comptoir');
    url = withDatabase(embedded.url, 'comptoir');
  }
  const database = connect(url, { max: 20 });
  const deps: Deps = { config, database, db: database.db, mailer: createMailer(config.smtpUrl), clock: systemClock };
  await migrateAll(database);
  if (config.seed === 'demo' && (await isEmpty(deps))) {
    console.log('Empty database: seeding the demo marketplace …');
    await seedDemo(deps);
    // A lived-in demo: the demo customer's three orders, placed and paid through the shop itself.
    await seedDemoOrders(deps);
  }
  const worker = config.worker ? await startWorker(deps) : null;
  const app = await buildApp(deps);
  await app.listen({ port: config.port, host: config.host });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping …`);
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    try {
      await app.close();
      await worker?.stop();
      await database.close();
      await embedded?.stop();
    } finally {
      console.log('Stopped.');
      process.exit(0);
    }
  };
  // Before saying it is ready: a stop asked right after the banner is already ours.
  takeOverStopSignals(); // ours: close the server and the worker before PostgreSQL
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  const base = config.publicUrl;
  console.log(`
Comptoir is ready (${((Date.now() - started) / 1000).toFixed(1)} s)
  Storefront            ${base}/fr/
  Seller back office    ${base}/vendeur
  Operator back office  ${base}/admin
${config.seed === 'demo' ? `\nDemo accounts (password for all: ${DEMO_ACCOUNTS[0]?.password}):\n${DEMO_ACCOUNTS.map((a) => `  ${a.role.padEnd(9)} ${a.email}`).join('\n')}\n` : ''}
Emails: ${config.smtpUrl ? 'sent over SMTP' : 'kept in the database, readable at /admin/emails'}. Press Ctrl-C to stop.`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
