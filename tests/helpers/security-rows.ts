import type pg from 'pg';

/**
 * What a request wrote, row by row: every row of every public table as JSON before and after, and the
 * rows that appeared, disappeared or changed. Rows are normalised (uuids, times, order and incident
 * numbers, email addresses, serial ids, tokens and hashes, the factories' random suffixes) so the
 * writes of the same request in two twin fixtures compare equal — and a stored hostile value does not.
 * `names` maps known values (a victim's id…) to a name kept through normalisation.
 */
export type RowDump = Map<string, string[]>;

export async function dumpRows(pool: pg.Pool, exclude: Set<string>): Promise<RowDump> {
  const { rows: tables } = await pool.query<{ name: string }>(
    `select format('%I.%I', table_schema, table_name) as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  const wanted = tables.map((t) => t.name).filter((n) => !exclude.has(n));
  const sql = wanted.map((t, i) => `select ${i} as i, coalesce(json_agg(row_to_json(r))::text, '[]') as rows from ${t} r`).join(' union all ');
  const { rows } = await pool.query<{ i: number; rows: string }>(sql);
  const out: RowDump = new Map();
  for (const r of rows) out.set(wanted[r.i]!, (JSON.parse(r.rows) as unknown[]).map((x) => JSON.stringify(x)));
  return out;
}

export function normaliseRow(text: string, names: Record<string, string>): string {
  let out = text;
  for (const [value, name] of Object.entries(names)) out = out.split(value).join(`<${name}>`);
  return out
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>')
    .replace(/\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d(:\d\d)?)?/g, '<time>')
    .replace(/\b[CI]-\d{4}-\d{6}/g, '<number>')
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '<email>')
    .replace(/"(\w*(?:id|Id|_seq|position|version))":\d+/g, '"$1":<n>')
    .replace(/\b\d{13}\b/g, '<ms>')
    .replace(/\bcpt_[A-Za-z0-9_-]{8}/g, '<key-prefix>')
    .replace(/[A-Za-z0-9_$./+=-]{24,}/g, (m) => (/^[a-z_]+$/.test(m) ? m : '<token>'))
    .replace(/\b[0-9a-f]{8}\b/g, '<uid>');
}

/** The rows a request changed (table: sorted normalised rows, "-" removed, "+" added). */
export function rowDiff(before: RowDump, after: RowDump, names: Record<string, string>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [table, rows] of after) {
    const was = new Set(before.get(table) ?? []);
    const now = new Set(rows);
    const changes = [...[...was].filter((r) => !now.has(r)).map((r) => `- ${normaliseRow(r, names)}`), ...rows.filter((r) => !was.has(r)).map((r) => `+ ${normaliseRow(r, names)}`)];
    if (changes.length) out[table] = changes.sort();
  }
  return out;
}
