import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabaseUrl } from '../../test/support/test-keymoment.ts';
import { openDatabase, type Database } from './database.ts';

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
});
