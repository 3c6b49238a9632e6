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
  it('analyses everything first, then only a table that grew, so the planner sees its real size', async () => {
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
