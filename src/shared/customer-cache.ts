/**
 * What a logged-in customer sees, kept in memory per customer and dropped at the commit that changes it
 * (decision 0031): the storefront header's visitor (session → customer, first name, unread messages,
 * cart count) and whole pages opted in by their route ("Mes Commandes").
 *
 * Triggers (migration 0022) notify `comptoir_customer` with the customer's id whenever their session,
 * name, cart, message threads, orders, seller orders or order lines change; `PageCache` listens on the
 * same connection as for the catalogue and calls `changed(id)`. Before an entry is used, the page
 * cache's round trip (`fresh()`) makes every change committed before the request arrived known (a
 * request with nothing cached for it skips that round trip). Something read from the database is
 * stored only if no notification arrived since the request first looked (`generation`, read before
 * it read anything), so a change racing with a render can never be kept: a change committed before the
 * read is in what was read, one committed after it notifies later and drops the entry.
 */
export type CachedVisitor = {
  sessionId: string;
  userId: string;
  data: Record<string, unknown>;
  firstName: string;
  unread: number;
  cartCount: number;
  /** Milliseconds since the epoch: past it, the session is over whatever the cache holds. */
  expiresAt: number;
};

export type CustomerCacheOptions = { maxPageBytes?: number; maxVisitors?: number };

type Page = { customerId: string; parts: Buffer[]; bytes: number };

export class CustomerCache {
  private readonly visitors = new Map<string, CachedVisitor>(); // by session id, least recently used first
  private readonly pages = new Map<string, Page>(); // by `${customerId}|…`, least recently used first
  private readonly byCustomer = new Map<string, Set<string>>(); // customer → keys of visitors ('v:') and pages ('p:')
  private pageBytes = 0;
  private gen = 0;
  /** The generation of each customer's last change, oldest first; older ones are forgotten below `floor`. */
  private readonly lastChange = new Map<string, number>();
  private floor = 0;
  private static readonly REMEMBERED = 10_000;
  readonly maxPageBytes: number;
  readonly maxVisitors: number;

  constructor(opts: CustomerCacheOptions = {}) {
    this.maxPageBytes = opts.maxPageBytes ?? 16 * 1024 * 1024;
    this.maxVisitors = opts.maxVisitors ?? 50_000;
  }

  /** Read before reading the database; pass to `setVisitor`/`setPage`. */
  get generation(): number {
    return this.gen;
  }

  /**
   * Whether something read by a request that first looked at generation `gen` may be kept for this
   * customer: no change of theirs (or of everyone's) has arrived since. Another customer's change does
   * not refuse it, so a busy shop does not starve the cache.
   */
  private fresh(customerId: string, gen: number): boolean {
    return gen >= this.floor && (this.lastChange.get(customerId) ?? -1) <= gen;
  }

  get stats() {
    return { visitors: this.visitors.size, pages: this.pages.size, pageBytes: this.pageBytes, generation: this.gen };
  }

  /** A customer's data changed ('*': anyone's, or unknown): drop what is cached for them. */
  changed(customerId: string): void {
    this.gen++;
    if (customerId === '*') return this.clear();
    this.lastChange.delete(customerId);
    this.lastChange.set(customerId, this.gen);
    if (this.lastChange.size > CustomerCache.REMEMBERED) {
      // Forget the oldest half; a request older than what is forgotten stores nothing.
      for (const [id, g] of this.lastChange) {
        if (this.lastChange.size <= CustomerCache.REMEMBERED / 2) break;
        this.lastChange.delete(id);
        this.floor = g + 1;
      }
    }
    const keys = this.byCustomer.get(customerId);
    if (!keys) return;
    this.byCustomer.delete(customerId);
    for (const k of keys) {
      if (k.startsWith('v:')) this.visitors.delete(k.slice(2));
      else this.dropPage(k.slice(2), false);
    }
  }

  clear(): void {
    this.gen++;
    this.floor = this.gen;
    this.lastChange.clear();
    this.visitors.clear();
    this.pages.clear();
    this.byCustomer.clear();
    this.pageBytes = 0;
  }

  /** Whether something is kept for this session (worth a round trip to check it is still true). */
  holdsVisitor(sessionId: string): boolean {
    return this.visitors.has(sessionId);
  }

  holdsPage(customerId: string, key: string): boolean {
    return this.pages.has(`${customerId}|${key}`);
  }

  visitor(sessionId: string, nowMs: number): CachedVisitor | undefined {
    const v = this.visitors.get(sessionId);
    if (!v) return undefined;
    this.visitors.delete(sessionId);
    if (v.expiresAt <= nowMs) {
      this.unindex(v.userId, `v:${sessionId}`);
      return undefined;
    }
    this.visitors.set(sessionId, v);
    return v;
  }

  setVisitor(gen: number, v: CachedVisitor): void {
    if (!this.fresh(v.userId, gen)) return;
    this.visitors.delete(v.sessionId);
    this.visitors.set(v.sessionId, Object.freeze({ ...v, data: Object.freeze({ ...v.data }) }));
    this.index(v.userId, `v:${v.sessionId}`);
    for (const [id, old] of this.visitors) {
      if (this.visitors.size <= this.maxVisitors) break;
      this.visitors.delete(id);
      this.unindex(old.userId, `v:${id}`);
    }
  }

  /** `key` must start with the customer's id: no page is ever looked up under another customer's. */
  page(customerId: string, key: string): Buffer[] | undefined {
    const full = `${customerId}|${key}`;
    const p = this.pages.get(full);
    if (!p) return undefined;
    this.pages.delete(full);
    this.pages.set(full, p);
    return p.parts;
  }

  setPage(gen: number, customerId: string, key: string, parts: Buffer[]): void {
    if (!this.fresh(customerId, gen)) return;
    const full = `${customerId}|${key}`;
    const bytes = parts.reduce((n, p) => n + p.length, 0) + full.length * 2 + 64;
    if (bytes > this.maxPageBytes / 8) return;
    this.dropPage(full, true);
    this.pages.set(full, { customerId, parts, bytes });
    this.pageBytes += bytes;
    this.index(customerId, `p:${full}`);
    for (const k of this.pages.keys()) {
      if (this.pageBytes <= this.maxPageBytes) break;
      this.dropPage(k, true);
    }
  }

  private dropPage(full: string, unindex: boolean): void {
    const p = this.pages.get(full);
    if (!p) return;
    this.pages.delete(full);
    this.pageBytes -= p.bytes;
    if (unindex) this.unindex(p.customerId, `p:${full}`);
  }

  private index(customerId: string, key: string): void {
    let keys = this.byCustomer.get(customerId);
    if (!keys) this.byCustomer.set(customerId, (keys = new Set()));
    keys.add(key);
  }

  private unindex(customerId: string, key: string): void {
    const keys = this.byCustomer.get(customerId);
    if (!keys) return;
    keys.delete(key);
    if (!keys.size) this.byCustomer.delete(customerId);
  }
}
