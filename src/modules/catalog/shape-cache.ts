import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.js';
import { cachesFresh } from '../../http/render.js';
import { listingFacets, searchRanking, type Facets, type ListingScope } from './queries.js';

/**
 * What a listing reads over its whole scope and no sale changes (decision 0033): a scope's filter
 * choices (colours, sizes, sellers, price range) and a search's matches in order of relevance. Both are
 * the costly part of a category or search page and neither depends on stock: they are kept per database
 * and key until a catalogue change other than a stock-only update of offers is heard (`forgetShapes`,
 * called from the page cache's notification hook; migration 0026 tells 'offers_stock' from 'offers').
 * Used only once the request has caught up with the notifications (the page cache's shared round
 * trip); what a read returns is kept only if no change was heard while it ran — the discipline of
 * decisions 0024 and 0031; emptied when listening is interrupted. Bounded by weight (a search's matches
 * weigh their number), since searches make many keys.
 */
const MAX_WEIGHT = 2_000_000;
let generation = 0;
let weight = 0;
const entries = new Map<string, { value: unknown; weight: number }>(); // insertion order = least recently used first

export function forgetShapes(): void {
  generation++;
  entries.clear();
  weight = 0;
}

/**
 * Reads in progress, by key and generation: requests that miss the same key at the same time share one
 * read (at large data a department's filter choices take seconds; twenty shoppers arriving after a
 * price change must not start twenty).
 */
const reading = new Map<string, Promise<unknown>>();

async function kept<T>(req: FastifyRequest, deps: Deps, key: string, read: () => Promise<T>, weigh: (v: T) => number): Promise<T> {
  const fresh = await cachesFresh(req);
  const k = `${deps.database.url}|${key}`;
  const hit = fresh ? entries.get(k) : undefined;
  if (hit) {
    entries.delete(k);
    entries.set(k, hit);
    return hit.value as T;
  }
  if (!fresh) return read();
  const seen = generation;
  const flight = `${seen}|${k}`;
  const shared = reading.get(flight) as Promise<T> | undefined;
  if (shared) return shared;
  const pending = read();
  reading.set(flight, pending);
  let value: T;
  try {
    value = await pending;
  } finally {
    reading.delete(flight);
  }
  if (seen === generation) {
    const w = weigh(value);
    if (w > MAX_WEIGHT) return value;
    entries.set(k, { value, weight: w });
    weight += w;
    for (const [old, e] of entries) {
      if (weight <= MAX_WEIGHT) break;
      entries.delete(old);
      weight -= e.weight;
    }
  }
  return value;
}

/** A listing's filter choices over its scope (listingFacets), kept across sales. */
export function facetsFor(req: FastifyRequest, deps: Deps, scope: ListingScope, chosenSellers: readonly string[] = []): Promise<Facets> {
  const key = `facets|${JSON.stringify(scope)}|${[...chosenSellers].sort().join(',')}`;
  return kept(req, deps, key, () => listingFacets(deps.db, scope, chosenSellers), (f) => 10 + f.colours.length + f.sizes.length + f.sellers.length);
}

/** Every sellable product matching a search, most relevant first (searchRanking), kept across sales. */
export function rankingFor(req: FastifyRequest, deps: Deps, q: string): Promise<string[]> {
  return kept(req, deps, `search|${q}`, () => searchRanking(deps.db, q), (ids) => 10 + ids.length);
}
