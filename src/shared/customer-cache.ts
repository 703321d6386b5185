/**
 * What a logged-in customer sees, kept in memory per customer and dropped at the commit that changes it
 * (decision 0031): the storefront header's visitor (session → customer, first name, unread messages,
 * cart count) and whole pages opted in by their route ("Mes Commandes").
 *
 * Triggers (migration 0022) notify `comptoir_customer` with the customer's id whenever their session,
 * name, cart, message threads, orders, seller orders or order lines change; `PageCache` listens on the
 * same connection as for the catalogue and calls `changed(id)`. Freshness comes from the page cache's
 * round trip (`fresh()`): every change committed before a request arrived is known before it is
 * answered. Something read from the database is stored only if no notification arrived since the read
 * began (`generation`), so a change racing with a render can never be cached.
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

  get stats() {
    return { visitors: this.visitors.size, pages: this.pages.size, pageBytes: this.pageBytes, generation: this.gen };
  }

  /** A customer's data changed ('*': anyone's, or unknown): drop what is cached for them. */
  changed(customerId: string): void {
    this.gen++;
    if (customerId === '*') return this.clear();
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
    this.visitors.clear();
    this.pages.clear();
    this.byCustomer.clear();
    this.pageBytes = 0;
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
    if (gen !== this.gen) return;
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
    if (gen !== this.gen) return;
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
