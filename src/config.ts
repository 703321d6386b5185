import { z } from 'zod';

/** Every setting the server reads, parsed once from the environment (docs/decisions/0006-config.md). */
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Comptoir <no-reply@comptoir.be>'),
  PUBLIC_URL: z.string().url().optional(),
  SESSION_SECRET: z.string().min(32).optional(),
  PAYMENT_SANDBOX_SECRET: z.string().min(16).optional(),
  DATA_DIR: z.string().default('var'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WORKER: z.enum(['on', 'off']).default('on'),
  // A worker silent this long is dead: its jobs are unlocked (decision 0027). Tests shorten it.
  WORKER_STALE_SECONDS: z.coerce.number().min(1).max(3600).default(90),
  SEED: z.enum(['demo', 'none']).default('demo'),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  PAYMENT_PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  publicUrl: string;
  sessionSecret: string;
  paymentSecret: string;
  dataDir: string;
  logLevel: string;
  worker: boolean;
  workerStaleSeconds: number;
  seed: 'demo' | 'none';
  trustProxy: boolean;
  /** How long the shop waits for a payment provider's answer (creating a payment, its status, a refund). */
  paymentProviderTimeoutMs: number;
};

const DEV_SECRET = 'comptoir-development-secret-not-for-production';

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production') {
    const missing = (['DATABASE_URL', 'SESSION_SECRET', 'PAYMENT_SANDBOX_SECRET', 'PUBLIC_URL'] as const).filter((k) => !e[k]);
    if (missing.length) throw new Error(`Refusing to start in production without: ${missing.join(', ')}`);
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    smtpUrl: e.SMTP_URL || undefined,
    mailFrom: e.MAIL_FROM,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    sessionSecret: e.SESSION_SECRET ?? DEV_SECRET,
    paymentSecret: e.PAYMENT_SANDBOX_SECRET ?? `${DEV_SECRET}-payments`,
    dataDir: e.DATA_DIR,
    logLevel: e.LOG_LEVEL,
    worker: e.WORKER === 'on',
    workerStaleSeconds: e.WORKER_STALE_SECONDS,
    seed: e.NODE_ENV === 'production' ? 'none' : e.SEED,
    trustProxy: e.TRUST_PROXY === 'true',
    paymentProviderTimeoutMs: e.PAYMENT_PROVIDER_TIMEOUT_MS,
    ...overrides,
  };
}
