import pg from 'pg';
import { CustomerCache } from './customer-cache.js';

/**
 * `parts`: the page with its slots; `anyone`: the whole page as a visitor without session or cart gets
 * it, when the page has no CSRF slot (sent as is: no per-answer copy of a 38 KB page — decision 0034).
 */
export type CachedPage = { parts: Buffer[]; anyone?: Buffer; bytes: number; gen: number };

export type PageCacheOptions = { maxBytes?: number; maxEntryBytes?: number; log?: (msg: string, err?: unknown) => void };

/**
 * Rendered catalogue pages shared by every visitor (the header's visitor links and the CSRF token
 * filled per answer: decision 0033), kept in memory and dropped as soon as the catalogue changes
 * anywhere (decision 0024).
 *
 * A trigger on the catalogue tables does `pg_notify('comptoir_catalog', …)` at commit; each instance
 * LISTENs on its own connection and, on any notification, bumps its generation (every entry of an
 * older generation is dead). Before answering from the cache, a request waits for one round trip on
 * that connection that started after it arrived: PostgreSQL sends pending notifications before the
 * round trip's answer, so any change committed before the request — by this instance, another one,
 * psql or a job — is known. Requests share round trips: those that arrive in the same turn of the
 * event loop share one (sent from setImmediate, once the turn's requests are parsed), and those that
 * arrive while one is out share the next, sent as soon as that one is back. No timer: Node's timers do
 * not go below 1 ms, and until session 5 a 1 ms timer spaced the round trips, so every cached page
 * waited 1–2 ms and 20 connections could not get past ~10k req/s with the machine 60 % idle
 * (docs/performance.md).
 *
 * The same connection listens on comptoir_customer for the logged-in customers' cache (`customers`,
 * decision 0031): one round trip makes both fresh.
 *
 * When the connection is lost the cache is off (every page rendered afresh) until it listens again.
 */
export class PageCache {
  private readonly entries = new Map<string, CachedPage>(); // insertion order = least recently used first
  private bytes = 0;
  private gen = 0;
  private client: pg.Client | null = null;
  private listening = false;
  private closed = false;
  /** The round trip out now (sent). */
  private syncing: Promise<boolean> | null = null;
  /** The next round trip, not sent yet: a request arriving now may join it. */
  private next: Promise<boolean> | null = null;
  private retry: NodeJS.Timeout | null = null;
  private trips = 0;
  /** Optional hook run on every catalogue notification (e.g. the category bar's own cache). */
  onChange: (table: string) => void = () => {};
  /** Logged-in customers' headers and pages (src/shared/customer-cache.ts). */
  readonly customers = new CustomerCache();
  readonly maxBytes: number;
  readonly maxEntryBytes: number;

  constructor(
    private readonly url: string,
    private readonly opts: PageCacheOptions = {},
  ) {
    this.maxBytes = opts.maxBytes ?? 32 * 1024 * 1024;
    this.maxEntryBytes = opts.maxEntryBytes ?? 512 * 1024;
  }

  async start(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.url, application_name: 'comptoir-page-cache' });
    client.on('notification', (n) => (n.channel === 'comptoir_customer' ? this.customers.changed(n.payload || '*') : this.changed(n.payload ?? '')));
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client));
    this.client = client;
    try {
      await client.connect();
      await client.query('listen comptoir_catalog; listen comptoir_customer');
      if (this.client !== client) return;
      // Anything cached before (or during) a gap in listening may be stale.
      this.changed('');
      this.listening = true;
    } catch (err) {
      this.lost(client, err);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listening = false;
    if (this.retry) clearTimeout(this.retry);
    const c = this.client;
    this.client = null;
    this.clear();
    this.customers.clear();
    await c?.end().catch(() => {});
  }

  get generation(): number {
    return this.gen;
  }

  /** False while the connection is lost: nothing may be stored (a change could go unheard). */
  get isListening(): boolean {
    return this.listening;
  }

  get stats() {
    return { entries: this.entries.size, bytes: this.bytes, listening: this.listening, generation: this.gen, roundTrips: this.trips };
  }

  /**
   * Resolves true once every catalogue change committed before the call has been seen (false: the
   * cache cannot be trusted now — render afresh and do not store).
   */
  fresh(): Promise<boolean> {
    if (!this.listening) return Promise.resolve(false);
    if (this.next) return this.next;
    // A round trip out now was sent before this request arrived: it cannot vouch for it, wait for the next.
    this.next = (this.syncing ?? Promise.resolve())
      .then(() => new Promise<void>((ok) => setImmediate(ok)))
      .then(() => {
        this.next = null;
        return (this.syncing = this.roundTrip());
      });
    return this.next;
  }

  get(key: string): CachedPage | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    this.entries.delete(key);
    if (e.gen !== this.gen) {
      this.bytes -= e.bytes;
      return undefined;
    }
    this.entries.set(key, e); // most recently used last
    return e;
  }

  /** Stores a page rendered from data read in generation `gen` (ignored if the catalogue changed since). */
  set(key: string, gen: number, parts: Buffer[], anyone?: Buffer): void {
    if (!this.listening || gen !== this.gen) return;
    const bytes = parts.reduce((n, p) => n + p.length, 0) + (anyone?.length ?? 0) + key.length * 2 + 64;
    if (bytes > this.maxEntryBytes) return;
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.bytes -= old.bytes;
    }
    this.entries.set(key, { parts, anyone, bytes, gen });
    this.bytes += bytes;
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= e.bytes;
    }
  }

  private changed(table: string): void {
    this.gen++;
    this.clear();
    // A customer's page shows the category bar and the sellers' names on their orders; '' is a gap in
    // listening: nothing can be trusted.
    if (table === 'categories' || table === 'sellers' || table === '') this.customers.clear();
    this.hook(table);
  }

  /** Runs the change hook; '' when listening was interrupted (whatever was derived may be stale). */
  private hook(table: string): void {
    try {
      this.onChange(table);
    } catch (err) {
      this.opts.log?.('page cache: change hook failed', err);
    }
  }

  private clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  private async roundTrip(): Promise<boolean> {
    const client = this.client;
    this.trips++;
    try {
      if (!client) return false;
      await client.query('select 1');
      return this.listening && this.client === client;
    } catch (err) {
      this.lost(client, err);
      return false;
    } finally {
      this.syncing = null;
    }
  }

  private lost(client: pg.Client | null, err?: unknown): void {
    if (client !== this.client || this.closed) return;
    this.opts.log?.('page cache: lost its PostgreSQL connection, pages rendered afresh until it listens again', err);
    this.listening = false;
    this.client = null;
    this.gen++;
    this.clear();
    this.customers.clear();
    this.hook('');
    client?.end().catch(() => {});
    this.retry = setTimeout(() => void this.start(), 1000);
    this.retry.unref();
  }
}
