import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { runMigrations } from 'graphile-worker';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './client.js';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../drizzle');

/** Applies our SQL migrations and graphile-worker's own schema. Safe to run at every start. */
export async function migrateAll(database: Database): Promise<void> {
  await migrate(database.db, { migrationsFolder: MIGRATIONS_DIR });
  await runMigrations({ pgPool: database.pool, logger: quietLogger });
}

/** True when every migration file has been applied (used by /readyz). */
export async function migrationsApplied(database: Database): Promise<boolean> {
  const fs = await import('node:fs');
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] };
  const r = await database.pool.query('select count(*)::int as n from drizzle.__drizzle_migrations');
  return (r.rows[0]?.n ?? 0) >= journal.entries.length;
}

import { Logger } from 'graphile-worker';
export const quietLogger = new Logger(() => (level: string, message: string) => {
  if (level === 'error') console.error(`[worker] ${message}`);
});
