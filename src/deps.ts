import type { Config } from './config.js';
import type { Database, Db } from './db/client.js';
import type { Mailer } from './modules/notifications/mailer.js';

/** The clock is injected so that tests move time forward instead of waiting (deadlines, expiries). */
export type Clock = { now(): Date };
export const systemClock: Clock = { now: () => new Date() };

/** What every use case, route and job may reach. Built once in main.ts (or per test file). */
export type Deps = {
  config: Config;
  database: Database;
  db: Db;
  mailer: Mailer;
  clock: Clock;
};
