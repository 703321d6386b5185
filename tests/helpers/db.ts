import { after } from 'node:test';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connect, withDatabase, type Database } from '../../src/db/client.js';

/**
 * A fresh database for one test file, cloned from the migrated template that `npm test` prepared.
 * Dropped when the file's tests end.
 */
export async function createTestDatabase(): Promise<Database> {
  const adminUrl = process.env.COMPTOIR_TEST_ADMIN_URL;
  const template = process.env.COMPTOIR_TEST_TEMPLATE;
  if (!adminUrl || !template) throw new Error('Run the tests with `npm test` (it prepares the test databases).');
  const name = `comptoir_t_${process.env.COMPTOIR_TEST_RUN ?? '0'}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`create database ${name} template ${template}`);
      break;
    } catch (err) {
      // Two files cloning the template at the same instant: PostgreSQL asks to try again.
      if (attempt > 20 || !/being accessed by other users/.test((err as Error).message)) throw err;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  await admin.end();
  const database = connect(withDatabase(adminUrl, name), { max: 10 });
  after(async () => {
    await database.close();
    const a = new pg.Client({ connectionString: adminUrl });
    await a.connect();
    await a.query(`drop database if exists ${name} with (force)`).catch(() => {});
    await a.end();
  });
  return database;
}
