/**
 * Opaque keyset cursors of the API lists: base64url of "<timestamp with microseconds, UTC>_<uuid>".
 * Anything else — a forged or truncated cursor — is refused as a validation error, never guessed.
 */
const INNER = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3,6}Z)_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export type ApiCursor = { at: string; id: string };

export const encodeCursor = (c: ApiCursor) => Buffer.from(`${c.at}_${c.id}`).toString('base64url');

export function decodeCursor(raw: string): ApiCursor | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(raw)) return null;
  const m = INNER.exec(Buffer.from(raw, 'base64url').toString());
  return m ? { at: m[1]!, id: m[2]! } : null;
}

/** The SQL text of a timestamp column as a cursor keeps it (microseconds, UTC). */
export const CURSOR_TEXT = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
