import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { pgdataDirOf, pgliteDirOf } from './config.ts';
import { PreparingClient } from './prepared-statements.ts';

/**
 * The ONE place that knows whether we run on embedded PGlite or a PostgreSQL server.
 * Everything above it sees a Drizzle database plus two raw helpers.
 */
export type Db = PgDatabase<PgQueryResultHKT>;

export interface Database {
  engine: 'pglite' | 'postgres';
  db: Db;
  /** A parameterised query; rows come back as plain objects. */
  query<T = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: T[] }>;
  /** Parameterless SQL that may hold several statements (schema installs). */
  exec(text: string): Promise<void>;
  /** A gzipped tar of the embedded database's files; undefined on PostgreSQL (use its own tools). */
  dumpDataDir?(): Promise<Blob>;
  close(): Promise<void>;
}

/**
 * The rows of a Drizzle `execute()` result: node-postgres answers `{ rows }`, PGlite through Drizzle too,
 * some drivers the array itself. The one place that knows the result shape of each engine.
 */
export function rowsOfResult<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

export async function openDatabase(databaseUrl: string): Promise<Database> {
  if (databaseUrl.startsWith('postgres://') || databaseUrl.startsWith('postgresql://')) {
    return openPostgres(databaseUrl);
  }
  const dir = databaseUrl === 'memory://' ? undefined : pgliteDirOf(databaseUrl);
  if (databaseUrl !== 'memory://' && dir === undefined) {
    throw new Error(`Unsupported database URL: ${databaseUrl}`);
  }
  return openPglite(dir === undefined ? undefined : pgdataDirOf(dir));
}

async function openPglite(dir: string | undefined): Promise<Database> {
  const client = dir === undefined ? new PGlite() : new PGlite(dir);
  await client.waitReady;
  const db = drizzlePglite(client) as unknown as Db;
  return {
    engine: 'pglite',
    db,
    async query<T>(text: string, values: unknown[] = []) {
      const result = await client.query<T>(text, values);
      return { rows: result.rows };
    },
    async exec(text: string) {
      await client.exec(text);
    },
    async dumpDataDir() {
      return client.dumpDataDir('gzip');
    },
    async close() {
      if (!client.closed) await client.close();
    },
  };
}

async function openPostgres(url: string): Promise<Database> {
  // node-pg returns int8 (count(*)) as text; queries cast with ::int where a number is meant.
  // PreparingClient: the marked ingest statements run prepared (src/platform/prepared-statements.ts).
  // No parallel query on the server's connections: its questions read a few thousand rollup rows, and
  // on them PostgreSQL's parallel plans cost more than they save — starting the workers took 5–15 ms of
  // a 2–8 ms query (the fingerprint of a stored analysis 7.6 → 1.5 ms, the 90-day outlet league 8.2 →
  // 2.4 ms at 10 M responses; BENCHMARKS.md), and on a small machine the workers take the cores other
  // requests are waiting for. Set per connection, so a DBA's ad-hoc sessions keep the server's default.
  const pool = new pg.Pool({ connectionString: url, max: 10, Client: PreparingClient, options: '-c max_parallel_workers_per_gather=0' });
  // An idle connection the server ends (restart, failover, DROP DATABASE … WITH (FORCE)) emits an error
  // on the pool; without a listener that would crash the process. The pool replaces the connection.
  pool.on('error', (error) => {
    process.emitWarning(`PostgreSQL connection lost: ${error.message}`);
  });
  // Fail fast with the server's own message when the URL is wrong.
  const probe = await pool.connect();
  probe.release();
  const db = drizzlePg(pool) as unknown as Db;
  return {
    engine: 'postgres',
    db,
    async query<T>(text: string, values: unknown[] = []) {
      const result = await pool.query(text, values);
      return { rows: result.rows as T[] };
    },
    async exec(text: string) {
      await pool.query(text);
    },
    async close() {
      await pool.end();
    },
  };
}
