// The bench's PostgreSQL: the embedded one with its data in var/bench (one database per scale, so that
// small, medium and large live side by side and are generated once), or the server of DATABASE_URL.
import { ensureDatabase, withDatabase } from '../src/db/client.js';
import { startEmbedded } from '../src/db/embedded.js';

export type BenchDb = { adminUrl: string; urlFor: (scale: string) => Promise<string>; stop: () => Promise<void> };

export async function openBenchDb(dir = process.env.BENCH_DATA_DIR ?? 'var/bench'): Promise<BenchDb> {
  const given = process.env.DATABASE_URL;
  const embedded = given
    ? null
    : await startEmbedded({ dir, persistent: true, log: (l) => console.error(l) }).catch((err: Error) => {
        throw new Error(`${err.message}\n(The bench's PostgreSQL in ${dir} is in use: another bench runs? BENCH_DATA_DIR=var/bench-mine gives you your own.)`);
      });
  const adminUrl = given ?? embedded!.url;
  return {
    adminUrl,
    urlFor: async (scale) => {
      const name = `comptoir_bench_${scale}`;
      await ensureDatabase(adminUrl, name);
      return withDatabase(adminUrl, name);
    },
    stop: async () => {
      await embedded?.stop();
    },
  };
}
