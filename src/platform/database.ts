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
   * A number that moves after every statement or transaction that may have changed the product's data
   * (any table but the machinery's own, any organisation; a write that reported 0 rows changed nothing).
   * Only where this process is the database's only writer — embedded PGlite, whose data directory it
   * holds locked — so a value unchanged since it was read means nothing was changed since. Undefined on
   * PostgreSQL, where other servers and the CLI write too. Read by the answer cache.
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

/** The Drizzle instances of embedded PGlite databases (see answersOneStatementAtATime). */
const oneStatementAtATime = new WeakSet<Db>();

/**
 * Whether the database runs one statement at a time: embedded PGlite does (one single-user backend in
 * this process), so statements sent in parallel only queue, and a caller with several independent reads
 * may as well send them as one statement. False for PostgreSQL's pool, and for a transaction's handle.
 */
export function answersOneStatementAtATime(db: Db): boolean {
  return oneStatementAtATime.has(db);
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
  oneStatementAtATime.add(db);
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
 * called in a SELECT do not change the product's data: its schema defines only triggers (which run under
 * an INSERT / UPDATE / DELETE), and pg-boss's functions write only pg-boss's tables.
 */
export function isReadOnlyStatement(text: string): boolean {
  const start = text.replace(/^(\s+|--[^\n]*\n|\/\*[\s\S]*?\*\/)+/, '');
  if (!/^(select|with|show|values)\b/i.test(start)) return false;
  return !/\b(insert|update|delete|merge|truncate|copy|nextval|setval|lock)\b/i.test(start);
}

/**
 * Tables that no answer of the product reads, written all the time by bookkeeping: the rate limiter's
 * counters (every public request — a survey page, a health probe — counts one), pg-boss's tables (with
 * jobs on, each queue's worker polls with an UPDATE … FOR UPDATE SKIP LOCKED every two seconds: 217
 * statements in 30 idle seconds), an API key's last use (written once a minute by the key's own
 * requests) and the sign-in sessions (refreshed by the readers' own requests). Access to data is checked
 * on every request before any answer is looked up, so none of these decides an answer. Writes to them
 * alone do not move the write generation, or no remembered dashboard answer would live longer than a
 * poll or a minute. A job's own work on the product's tables goes through statements of its own, and
 * those count.
 */
const UNCOUNTED_TABLE = /^(pgboss\.|rate_limit_counters$|api_keys$|auth_session$)/;
/** The tables after INSERT INTO / UPDATE / DELETE FROM / MERGE INTO (not `for update`, `do update set`). */
const WRITE_TARGET = /\b(?:insert\s+into|delete\s+from|merge\s+into|update)\s+((?:"[^"]+"|[a-z_][a-z0-9_$]*)(?:\s*\.\s*(?:"[^"]+"|[a-z_][a-z0-9_$]*))?)/gi;
const NOT_A_TABLE = new Set(['set', 'skip', 'nowait', 'of', 'only']);
/** Commands besides INSERT / UPDATE / DELETE / MERGE that change something: such a statement always counts. */
const OTHER_CHANGES = /\b(create|alter|drop|truncate|copy|grant|revoke|vacuum|analyze|analyse|reindex|cluster|refresh|call|lock|nextval|setval)\b/i;

/** The tables a statement writes to, lower-cased, quotes dropped (`"pgboss"."job"` → `pgboss.job`). */
export function writeTargetsOf(text: string): string[] {
  const targets: string[] = [];
  for (const match of text.matchAll(WRITE_TARGET)) {
    const name = match[1]!.replace(/"/g, '').replace(/\s+/g, '').toLowerCase();
    if (!NOT_A_TABLE.has(name)) targets.push(name);
  }
  return targets;
}

/**
 * Whether a statement that ran changed nothing for sure: its command was an INSERT / UPDATE / DELETE /
 * MERGE that reported 0 rows, and it names one write target (so no data-modifying CTE wrote besides the
 * command the tag counts). The outboxes' pollers (notifications, webhooks, invitations) claim due rows
 * every minute and mostly find none: 18 moves of the generation in 150 idle seconds without this.
 * (The schema has no statement-level triggers, so a command of 0 rows ran no trigger either.)
 */
export function changedNothing(text: string, result: { command?: string | undefined; rowCount?: number | undefined }): boolean {
  return /^(INSERT|UPDATE|DELETE|MERGE)$/.test(result.command ?? '') && result.rowCount === 0 && writeTargetsOf(text).length === 1 && !OTHER_CHANGES.test(text);
}

/**
 * ANALYZE / VACUUM alone: they change the planner's statistics and free space, never what a query
 * answers (the planner-statistics upkeep analyses tables in the background while answers are remembered).
 */
const MAINTENANCE_ONLY = /^\s*(analy[sz]e|vacuum)\b[^;]*;?\s*$/i;

/** Whether a statement may change what a read of the product's data sees (see writeGeneration). */
export function movesWriteGeneration(text: string): boolean {
  if (isReadOnlyStatement(text) || MAINTENANCE_ONLY.test(text)) return false;
  const targets = writeTargetsOf(text);
  // No recognisable target (DDL, transaction control, anything unforeseen) or another kind of change: count it.
  if (targets.length === 0 || OTHER_CHANGES.test(text)) return true;
  return !targets.every((table) => UNCOUNTED_TABLE.test(table));
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
    let result: Awaited<ReturnType<typeof query>> | undefined;
    try {
      result = await query(...args);
      return result;
    } finally {
      if (movesWriteGeneration(args[0]) && !(result && changedNothing(args[0], result))) counter.generation += 1;
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
