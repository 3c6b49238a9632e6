import type { Database } from './database.ts';

/**
 * Table statistics for the embedded database.
 *
 * PostgreSQL's autovacuum daemon re-ANALYZEs a table once enough of it has changed, so the planner
 * knows how big each table is. PGlite runs PostgreSQL in single-user mode: there is no autovacuum,
 * so without this module a table filled after start-up keeps the statistics of an empty table and
 * the planner picks plans for a handful of rows. Measured on the 12-month demo (27k responses): the
 * drivers visit query took 60.7 s before an ANALYZE and 3.7 s after.
 *
 * The rule imitates autovacuum's: a table is analysed again once its on-disk size has grown by more
 * than a fifth (autovacuum_analyze_scale_factor is 0.1 of the rows; size is the cheap proxy we can
 * read without scanning — pg_relation_size is a file-size lookup) plus a floor of 64 pages, so small
 * tables are not analysed over and over. pg_stat_user_tables.n_mod_since_analyze would be the exact
 * counter, but PGlite does not keep it current (it reads 0 right after inserts).
 */

/** Growth beyond the size at the last ANALYZE that triggers another one: fraction and floor (bytes). */
const GROWTH_FRACTION = 0.2;
const GROWTH_FLOOR_BYTES = 64 * 8192;
/** How often the sizes are compared (ms). The comparison itself reads only catalog data. */
export const STATISTICS_CHECK_INTERVAL_MS = 60_000;
/** The first pass waits a little so that starting a server is not slowed down by it (ms). */
const FIRST_PASS_DELAY_MS = 5_000;

interface TableSize {
  name: string;
  bytes: number;
  /** The size the last ANALYZE (or VACUUM) saw — pg_class.relpages, kept on disk; undefined: never analysed. */
  analysedBytes: number | undefined;
}

async function readTableSizes(database: Database): Promise<TableSize[]> {
  const { rows } = await database.query<{ name: string; bytes: string | number; analysed_bytes: string | number | null }>(
    `select format('%I.%I', n.nspname, c.relname) as name, pg_relation_size(c.oid) as bytes,
            case when exists (select 1 from pg_statistic s where s.starelid = c.oid)
                 then c.relpages::int8 * current_setting('block_size')::int8 end as analysed_bytes
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind = 'r' and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'`,
  );
  return rows.map((row) => ({ name: row.name, bytes: Number(row.bytes), analysedBytes: row.analysed_bytes === null ? undefined : Number(row.analysed_bytes) }));
}

/**
 * One pass: ANALYZE each table that has no statistics yet or grew past the threshold since its last
 * ANALYZE, one table per statement. Returns the tables analysed. `sizesAtLastAnalyze` remembers between
 * passes the size each table had when this process analysed it (a table whose rows have no statistics
 * at all, e.g. only deleted ones, is not analysed again until it grows).
 *
 * The size at the last ANALYZE is read from the catalogue on the first pass, not assumed unknown: an
 * embedded database of a million responses took 4.8 s to ANALYZE whole, and PGlite answers nothing else
 * meanwhile — every start of a server over current statistics stalled all requests for that long.
 */
export async function analyzeGrownTables(database: Database, sizesAtLastAnalyze: Map<string, number>): Promise<string[]> {
  const analysed: string[] = [];
  for (const table of await readTableSizes(database)) {
    const before = sizesAtLastAnalyze.get(table.name) ?? table.analysedBytes;
    if (before !== undefined && table.bytes <= before * (1 + GROWTH_FRACTION) + GROWTH_FLOOR_BYTES) {
      sizesAtLastAnalyze.set(table.name, before);
      continue;
    }
    await database.exec(`analyze ${table.name}`);
    sizesAtLastAnalyze.set(table.name, table.bytes);
    analysed.push(table.name);
  }
  return analysed;
}

export interface StatisticsLogger {
  error(details: object, message: string): void;
  debug(details: object, message: string): void;
}

/**
 * Keeps the embedded database's statistics fresh in the background. A no-op on a PostgreSQL server
 * (its autovacuum does this). Returns a stop function that waits for a pass in progress.
 */
export function startPlannerStatisticsUpkeep(
  database: Database,
  logger: StatisticsLogger,
  { intervalMs = STATISTICS_CHECK_INTERVAL_MS, firstPassDelayMs = FIRST_PASS_DELAY_MS } = {},
): () => Promise<void> {
  if (database.engine !== 'pglite') return async () => undefined;
  const sizes = new Map<string, number>();
  let running: Promise<void> | undefined;
  let stopped = false;
  const pass = () => {
    if (running || stopped) return;
    running = analyzeGrownTables(database, sizes)
      .then((tables) => {
        if (tables.length > 0) logger.debug({ tables: tables.length }, 'table statistics refreshed');
      })
      .catch((error: unknown) => {
        if (!stopped) logger.error({ err: error }, 'refreshing table statistics failed');
      })
      .finally(() => {
        running = undefined;
      });
  };
  const first = setTimeout(pass, firstPassDelayMs).unref();
  const timer = setInterval(pass, intervalMs).unref();
  return async () => {
    stopped = true;
    clearTimeout(first);
    clearInterval(timer);
    await running;
  };
}
