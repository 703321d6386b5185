import type pg from 'pg';

/**
 * A fingerprint of a whole test database: for every table of the given schemas, its row count and an
 * md5 of all its rows (each row as text, sorted). Two fingerprints compared with `changedTables` say
 * which tables a request wrote to. Cheap on a test database (a few hundred rows per table).
 */
export type Fingerprint = Map<string, string>;

export async function fingerprint(pool: pg.Pool, opts: { schemas?: string[]; exclude?: Iterable<string> } = {}): Promise<Fingerprint> {
  const schemas = opts.schemas ?? ['public'];
  const exclude = new Set(opts.exclude ?? []);
  const { rows: tables } = await pool.query<{ name: string }>(
    `select format('%I.%I', table_schema, table_name) as name from information_schema.tables
      where table_schema = any($1) and table_type = 'BASE TABLE' order by 1`,
    [schemas],
  );
  const wanted = tables.map((t) => t.name).filter((n) => !exclude.has(n) && !exclude.has(n.replace(/^public\./, '')));
  if (wanted.length === 0) return new Map();
  // One round trip: a UNION of one aggregate per table.
  const sql = wanted.map((t, i) => `select ${i} as i, count(*)::int as n, coalesce(md5(string_agg(r::text, '|' order by r::text)), '') as h from ${t} r`).join(' union all ');
  const { rows } = await pool.query<{ i: number; n: number; h: string }>(sql);
  const out: Fingerprint = new Map();
  for (const r of rows) out.set(wanted[r.i]!, `${r.n}:${r.h}`);
  return out;
}

/** The tables whose fingerprint differs (or that appeared / disappeared), sorted. */
export function changedTables(before: Fingerprint, after: Fingerprint): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((n) => before.get(n) !== after.get(n)).sort();
}
