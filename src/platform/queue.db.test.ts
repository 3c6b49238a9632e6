import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabaseUrl } from '../../test/support/test-keymoment.ts';
import { openDatabase, type Database } from './database.ts';
import { createQueue } from './queue.ts';

let database: Database | undefined;
let drop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await database?.close();
  await drop?.();
});

describe('job queue (pg-boss) on this engine', () => {
  it('installs its schema, runs a job, and on a graceful stop lets a running job finish', async () => {
    const url = await createTestDatabaseUrl();
    drop = url.drop;
    database = await openDatabase(url.url);
    const queue = createQueue(database);
    await queue.start();
    await queue.createQueue('demo');

    const finished: number[] = [];
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    await queue.work<{ n: number }>('demo', { pollingIntervalSeconds: 0.5 }, async ([job]) => {
      started();
      // A job that is still busy when the stop begins.
      await new Promise((resolve) => setTimeout(resolve, 800));
      finished.push(job!.data.n);
    });
    await queue.send('demo', { n: 7 });
    await running;
    await queue.stop({ graceful: true, wait: true, timeout: 10_000 });
    expect(finished).toEqual([7]);

    const { rows } = await database.query<{ state: string }>(`select state from pgboss.job where name = 'demo'`);
    expect(rows.map((r) => r.state)).toEqual(['completed']);
  });
});
