import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.js';
import { cachesFresh } from '../../http/render.js';
import { listingFacets, type Facets, type ListingScope } from './queries.js';

/**
 * A listing's filter choices (colours, sizes, sellers, price range) over its whole scope: the costly part
 * of a category or search page (every sellable offer of the scope), and one that no sale changes — they
 * do not depend on stock. Kept per scope and database until a catalogue change other than a stock-only
 * update of offers is heard (`forgetFacets`, called from the page cache's notification hook; migration
 * 0026 tells 'offers_stock' from 'offers'). Used only once the request has caught up with the
 * notifications (the page cache's shared round trip), and what a read returns is kept only if no change
 * was heard while it ran — the discipline of decisions 0024 and 0031. Bounded: searches make many scopes.
 */
const MAX_ENTRIES = 2000;
let generation = 0;
const entries = new Map<string, Facets>(); // insertion order = least recently used first

export function forgetFacets(): void {
  generation++;
  entries.clear();
}

export async function facetsFor(req: FastifyRequest, deps: Deps, scope: ListingScope, chosenSellers: readonly string[] = []): Promise<Facets> {
  const fresh = await cachesFresh(req);
  const key = `${deps.database.url}|${JSON.stringify(scope)}|${[...chosenSellers].sort().join(',')}`;
  const hit = fresh ? entries.get(key) : undefined;
  if (hit) {
    entries.delete(key);
    entries.set(key, hit);
    return hit;
  }
  const seen = generation;
  const facets = await listingFacets(deps.db, scope, chosenSellers);
  if (fresh && seen === generation) {
    entries.set(key, facets);
    if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  }
  return facets;
}
