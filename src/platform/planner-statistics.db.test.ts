import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabaseUrl } from '../../test/support/test-keymoment.ts';
import { openDatabase, type Database } from './database.ts';
import { analyzeGrownTables, startPlannerStatisticsUpkeep } from './planner-statistics.ts';

let database: Database | undefined;
let drop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await database?.close();
  await drop?.();
});

/** The planner's idea of a table's row count: what ANALYZE updates. */
async function plannerRows(db: Database, table: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`select reltuples::float8 as n from pg_class where oid = $1::regclass`, [table]);
  return rows[0]!.n;
}

describe('table statistics upkeep', () => {
  it('analyses every table without statistics first, then only a table that grew, so the planner sees its real size', async () => {
    const url = await createTestDatabaseUrl();
    drop = url.drop;
    database = await openDatabase(url.url);
    await database.exec('create table grows (id int primary key, v text); create table stays (id int primary key)');
    await database.exec('insert into stays select g from generate_series(1, 10) g');
    const sizes = new Map<string, number>();

    const first = await analyzeGrownTables(database, sizes);
    expect(first).toEqual(expect.arrayContaining(['public.grows', 'public.stays']));
    expect(await plannerRows(database, 'stays')).toBe(10);

    // Nothing changed: nothing is analysed again.
    expect(await analyzeGrownTables(database, sizes)).toEqual([]);

    await database.exec(`insert into grows select g, repeat('x', 100) from generate_series(1, 20000) g`);
    const second = await analyzeGrownTables(database, sizes);
    expect(second).toEqual(['public.grows']);
    expect(await plannerRows(database, 'grows')).toBeGreaterThan(19_000);
  });

  it('reads what the last ANALYZE saw from the catalogue: a restart over current statistics analyses nothing', async () => {
    const url = await createTestDatabaseUrl();
    drop = url.drop;
    database = await openDatabase(url.url);
    await database.exec(`create table big (id int primary key, v text); insert into big select g, repeat('x', 100) from generate_series(1, 20000) g`);
    expect(await analyzeGrownTables(database, new Map())).toContain('public.big');
    // A new process (nothing remembered): the statistics on disk are current, so no table is analysed —
    // on a large embedded database that whole-database ANALYZE held every request for seconds.
    expect(await analyzeGrownTables(database, new Map())).toEqual([]);
    await database.exec(`insert into big select g, repeat('x', 100) from generate_series(20001, 40000) g`);
    expect(await analyzeGrownTables(database, new Map())).toEqual(['public.big']);
    expect(await plannerRows(database, 'big')).toBeGreaterThan(39_000);
  });

  it('runs in the background on the embedded database only', async () => {
    const url = await createTestDatabaseUrl();
    drop = url.drop;
    database = await openDatabase(url.url);
    await database.exec('create table some_rows (id int primary key)');
    const logged: string[] = [];
    const logger = { error: (_: object, message: string) => logged.push(message), debug: (_: object, message: string) => logged.push(message) };
    const stop = startPlannerStatisticsUpkeep(database, logger, { intervalMs: 50, firstPassDelayMs: 10 });
    await new Promise((resolve) => setTimeout(resolve, database!.engine === 'pglite' ? 1_000 : 200));
    await stop();
    if (database.engine === 'pglite') expect(logged).toContain('table statistics refreshed');
    else expect(logged).toEqual([]);
    expect(logged).not.toContain('refreshing table statistics failed');
  }, 30_000);
});
