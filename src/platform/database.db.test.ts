import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabaseUrl } from '../../test/support/test-keymoment.ts';
import { answersOneStatementAtATime, openDatabase, type Database } from './database.ts';
import { createQueue } from './queue.ts';

let database: Database | undefined;
let drop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await database?.close();
  await drop?.();
});

describe('the server’s database connections', () => {
  it('plan without parallel workers on PostgreSQL, on every pooled connection', async (context) => {
    const url = await createTestDatabaseUrl();
    drop = url.drop;
    database = await openDatabase(url.url);
    // PGlite is one process: it has no parallel workers to switch off.
    if (database.engine !== 'postgres') context.skip();
    // Ten queries at once take ten pooled connections: each must carry the setting, not just the first.
    const settings = await Promise.all(
      Array.from({ length: 10 }, () => database!.query<{ v: string; pid: number }>(`select current_setting('max_parallel_workers_per_gather') as v, pg_backend_pid() as pid, pg_sleep(0.05)::text`)),
    );
    expect(new Set(settings.map((result) => result.rows[0]!.pid)).size).toBeGreaterThan(1);
    expect(settings.map((result) => result.rows[0]!.v)).toEqual(Array(10).fill('0'));
  });

  it('say whether they run one statement at a time: PGlite yes, PostgreSQL’s pool and a transaction’s handle no', async () => {
    const url = await createTestDatabaseUrl();
    drop = url.drop;
    database = await openDatabase(url.url);
    // The insights store sends a period and the one before it as one statement only where they would queue.
    expect(answersOneStatementAtATime(database.db)).toBe(database.engine === 'pglite');
    await database.db.transaction(async (tx) => {
      expect(answersOneStatementAtATime(tx)).toBe(false);
    });
  });
});

describe('the write generation', () => {
  it('moves after every write and transaction on PGlite, not after reads; PostgreSQL has none', async () => {
    const url = await createTestDatabaseUrl();
    drop = url.drop;
    database = await openDatabase(url.url);
    if (database.engine === 'postgres') {
      // Other servers and the CLI write to a PostgreSQL database too: no number can tell nothing changed.
      expect(database.writeGeneration).toBeUndefined();
      return;
    }
    const generation = () => database!.writeGeneration!();
    await database.exec('create table t (a int)');
    const start = generation();
    await database.query('select count(*) from t');
    await database.db.execute(sql`select a from t where a > ${1}`);
    expect(generation()).toBe(start);
    await database.query('insert into t values ($1)', [1]);
    expect(generation()).toBe(start + 1);
    await database.db.execute(sql`update t set a = ${2}`);
    expect(generation()).toBe(start + 2);
    // A write that reported 0 rows changed nothing (the outboxes' pollers mostly find nothing due).
    await database.query('update t set a = $1 where a = $2', [3, 999]);
    expect(generation()).toBe(start + 2);
    await database.query('delete from t where a = $1', [999]);
    expect(generation()).toBe(start + 2);
    // A failed write counts too: it may have changed something before it failed.
    await expect(database.query('insert into t values ($1)', ['not a number'])).rejects.toThrow();
    expect(generation()).toBe(start + 3);
    const before = generation();
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
    });
    expect(generation()).toBeGreaterThan(before);
  });
});

describe('the write generation with jobs running', () => {
  it('stays still while pg-boss polls its queues and takes jobs, which no answer reads', async () => {
    const url = await createTestDatabaseUrl();
    drop = url.drop;
    database = await openDatabase(url.url);
    if (database.engine === 'postgres') return; // no generation there (see above)
    const boss = createQueue(database);
    boss.on('error', () => undefined);
    await boss.start();
    try {
      await boss.createQueue('idle-check');
      const handled: unknown[] = [];
      await boss.work('idle-check', { pollingIntervalSeconds: 0.5 }, async (jobs) => {
        handled.push(...jobs);
      });
      const before = database.writeGeneration!();
      await boss.send('idle-check', { n: 1 });
      // Several polls, one job fetched and completed: all of it on pg-boss's own tables.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(handled).toHaveLength(1);
      expect(database.writeGeneration!()).toBe(before);
      // A write to the product's tables still moves it.
      await database.exec('create table product_rows (a int)');
      await database.query('insert into product_rows values (1)');
      expect(database.writeGeneration!()).toBeGreaterThan(before);
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
  }, 30_000);
});
