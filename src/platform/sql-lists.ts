import { sql, type SQL } from 'drizzle-orm';

/**
 * A list of texts as ONE query parameter: `= any($1::text[])`. A list spread into `in ($1, $2, …)`
 * costs Drizzle and the driver work per value (10,000 ids of an import batch took ~100 ms of CPU to
 * build) and is capped by PostgreSQL's 65,535 parameters; one array literal costs neither.
 */
export function anyOfTexts(values: readonly string[]): SQL {
  return sql`any(${textArrayLiteral(values)}::text[])`;
}

/** PostgreSQL's array literal for texts: `{"a","b"}`, with quotes and backslashes escaped. */
export function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}
