import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import pg from 'pg';

/*
 * Server-side prepared statements for the few big statements every ingest write runs (the response
 * insert, the rollup upserts): PostgreSQL parses, analyses and rewrites an unnamed statement on every
 * execution, and for the rollups' eleven-upsert statement that was most of its time (9.3 → 3.9 ms per
 * single-post group, BENCHMARKS.md). Their text is fixed (rows travel as one jsonb parameter), so a
 * named statement per text is prepared once per connection and reused.
 *
 * Opt-in by a marker at the start of the text, so only statements with a bounded set of texts are
 * prepared (a text that varied per call would pile up prepared statements in every connection).
 * PGlite runs the same text as an ordinary statement (the marker is a comment).
 */
const MARKER = '/* prepared */';

/** Marks a statement to run as a named prepared statement on PostgreSQL. Its text must not vary with the data. */
export function prepared(statement: SQL): SQL {
  return sql`${sql.raw(MARKER)} ${statement}`;
}

/** The statement name for a marked text (undefined for any other): stable per text. */
export function preparedNameOf(text: string): string | undefined {
  if (!text.startsWith(MARKER)) return undefined;
  return `km_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
}

/** pg's Client, naming marked statements (the pool creates these instead of plain clients). */
export class PreparingClient extends pg.Client {
  // pg's overloads are many; the config object form is the one Drizzle and pool.query use.
  override query(...args: unknown[]): never {
    const [config] = args;
    if (config && typeof config === 'object' && typeof (config as { text?: unknown }).text === 'string' && !(config as { name?: unknown }).name) {
      const name = preparedNameOf((config as { text: string }).text);
      if (name) args[0] = { ...(config as object), name };
    }
    return (super.query as (...x: unknown[]) => never)(...args);
  }
}
