import { loadConfig } from './config.js';
import { connect } from './db/client.js';
import { migrateAll } from './db/migrate.js';
import { systemClock, type Deps } from './deps.js';
import { startWorker } from './jobs/worker.js';
import { createMailer } from './modules/notifications/mailer.js';

/** `npm run worker`: the job worker alone (production runs it beside servers started with WORKER=off). */
async function main() {
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error('npm run worker needs DATABASE_URL');
  const database = connect(config.databaseUrl);
  const deps: Deps = { config, database, db: database.db, mailer: createMailer(config.smtpUrl), clock: systemClock };
  await migrateAll(database);
  const runner = await startWorker(deps);
  console.log('Comptoir worker running. Ctrl-C to stop.');
  const stop = async () => {
    await runner.stop();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  await runner.promise;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
