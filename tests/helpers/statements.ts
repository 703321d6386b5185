/**
 * The SQL statements sent through `target.query` while `fn` runs: a pg Pool (what the app's
 * queries go through) or `pg.Client.prototype` (every client, transactions included). The original
 * `query` is put back whatever happens.
 */
export async function recordStatements<T>(target: object, fn: () => Promise<T>): Promise<{ statements: string[]; value: T }> {
  const t = target as { query: (...a: unknown[]) => unknown };
  const original = t.query;
  const statements: string[] = [];
  t.query = function (this: unknown, ...args: unknown[]) {
    const q = args[0] as string | { text?: string };
    statements.push(typeof q === 'string' ? q : (q.text ?? ''));
    return original.apply(this, args);
  };
  try {
    return { statements, value: await fn() };
  } finally {
    t.query = original;
  }
}

/** A read: what a page view may send (a page view writes nothing; another suite's setup may write meanwhile). */
export const isRead = (statement: string) => /^\s*(select|with)\b/i.test(statement);
