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
  /**
   * A number that moves after every statement or transaction that may have written (any table, any
   * organisation). Only where this process is the database's only writer — embedded PGlite, whose data
   * directory it holds locked — so a value unchanged since it was read means nothing was written since.
   * Undefined on PostgreSQL, where other servers and the CLI write too. Read by the answer cache.
   */
  writeGeneration?(): number;
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
  const writes = countWrites(client);
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
    writeGeneration: () => writes.generation,
    async close() {
      if (!client.closed) await client.close();
    },
  };
}

/**
 * Statements that surely only read: they start with SELECT, WITH, SHOW or VALUES and name no data-changing
 * command. A locking read (`for update`) or a word like "delete" inside a string counts as a write — a
 * wrong "write" only costs a needless cache miss, a wrong "read" would serve a stale answer. Functions
 * called in a SELECT do not write here: the only functions the schema defines are triggers, and those
 * run under an INSERT / UPDATE / DELETE.
 */
export function isReadOnlyStatement(text: string): boolean {
  const start = text.replace(/^(\s+|--[^\n]*\n|\/\*[\s\S]*?\*\/)+/, '');
  if (!/^(select|with|show|values)\b/i.test(start)) return false;
  return !/\b(insert|update|delete|merge|truncate|copy|nextval|setval|lock)\b/i.test(start);
}

/**
 * Tables written on every request that nothing but their own writer reads: the rate limiter's counters
 * (every public request — a survey page, a health probe — counts one). A write to them alone does not
 * move the write generation, or each survey page view would drop every remembered dashboard answer.
 */
const UNCOUNTED_WRITE = /^\s*(insert\s+into|update|delete\s+from)\s+rate_limit_counters\b[^;]*$/i;

/** Whether a statement may change what a read of the product's data sees (see writeGeneration). */
export function movesWriteGeneration(text: string): boolean {
  return !isReadOnlyStatement(text) && !UNCOUNTED_WRITE.test(text);
}

/**
 * Wraps the PGlite client's entry points (Drizzle, the raw helpers and pg-boss all go through them) so
 * that the generation moves once each possibly-writing statement and each transaction has finished —
 * failed or not: a failed write may have changed nothing, but counting it costs only a cache miss.
 * PGlite runs one statement at a time and a transaction holds it whole, so no read sees a write that
 * has not finished.
 */
function countWrites(client: PGlite): { generation: number } {
  const counter = { generation: 0 };
  const query = client.query.bind(client);
  const exec = client.exec.bind(client);
  const transaction = client.transaction.bind(client);
  client.query = (async (...args: Parameters<typeof query>) => {
    try {
      return await query(...args);
    } finally {
      if (movesWriteGeneration(args[0])) counter.generation += 1;
    }
  }) as typeof client.query;
  client.exec = (async (...args: Parameters<typeof exec>) => {
    try {
      return await exec(...args);
    } finally {
      if (movesWriteGeneration(args[0])) counter.generation += 1;
    }
  }) as typeof client.exec;
  client.transaction = (async (...args: Parameters<typeof transaction>) => {
    try {
      return await transaction(...args);
    } finally {
      counter.generation += 1;
    }
  }) as typeof client.transaction;
  return counter;
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
