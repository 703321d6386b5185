import type { FastifyInstance } from 'fastify';
import { after } from 'node:test';
import { loadConfig, type Config } from '../../src/config.js';
import type { Database } from '../../src/db/client.js';
import type { Clock, Deps } from '../../src/deps.js';
import { buildApp } from '../../src/http/app.js';
import { runDueJobs } from '../../src/jobs/worker.js';
import { createMailer } from '../../src/modules/notifications/mailer.js';
import { createTestDatabase } from './db.js';

/** A clock that tests move forward instead of waiting: `clock.advance({ days: 3 })`. */
export class TestClock implements Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(by: { days?: number; hours?: number; minutes?: number; ms?: number }): void {
    this.offsetMs += (by.days ?? 0) * 86_400_000 + (by.hours ?? 0) * 3_600_000 + (by.minutes ?? 0) * 60_000 + (by.ms ?? 0);
  }
}

export type TestEnv = { deps: Deps; database: Database; clock: TestClock; app: FastifyInstance; runJobs: () => Promise<void> };

/** One test file's world: its own database, a test clock, the app (not listening; use inject). */
export async function testEnv(opts: { smtpUrl?: string; config?: Partial<Config> } = {}): Promise<TestEnv> {
  const database = await createTestDatabase();
  const clock = new TestClock();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }, { smtpUrl: opts.smtpUrl, ...opts.config });
  const deps: Deps = { config, database, db: database.db, mailer: createMailer(opts.smtpUrl), clock };
  const app = await buildApp(deps, { logger: false });
  after(() => app.close());
  return { deps, database, clock, app, runJobs: () => runDueJobs(deps) };
}
