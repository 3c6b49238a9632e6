import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/platform/database.ts';
import { createTestDatabaseUrl, TEST_ENGINE, type TestDatabaseUrl } from './support/test-keymoment.ts';

/*
 * Crash safety (DESIGN.md: "an acknowledged write survives a crash (kill -9)"): a client streams
 * interactions at the real server, the server is killed with SIGKILL mid-stream, restarted, and every
 * write it acknowledged is there exactly once; retrying everything duplicates nothing.
 */

const BIN = path.resolve('bin/keymoment.mjs');
const children: ChildProcessWithoutNullStreams[] = [];
let postgres: TestDatabaseUrl | undefined;

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await postgres?.drop();
});

async function storage(): Promise<{ args: string[]; databaseUrl: string }> {
  if (TEST_ENGINE === 'postgres') {
    postgres = await createTestDatabaseUrl();
    return { args: ['--database-url', postgres.url], databaseUrl: postgres.url };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'km-crash-'));
  return { args: ['--data-dir', dir], databaseUrl: `pglite://${dir}` };
}

async function cli(args: string[]): Promise<string> {
  const child = spawn(process.execPath, [BIN, ...args]);
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await new Promise((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`keymoment ${args.join(' ')} failed: ${err}`);
  return out;
}

async function startServer(args: string[]): Promise<{ child: ChildProcessWithoutNullStreams; url: string; output: () => string }> {
  const child = spawn(process.execPath, [BIN, 'start', '--host', '127.0.0.1', '--port', '0', ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn', KEYMOMENT_JOBS: 'off' },
  });
  children.push(child);
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const match = /running at (http:\/\/\S+)/.exec(text);
    if (match) return { child, url: match[1]!, output: () => text };
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`server did not start:\n${text}`);
}

describe('crash safety', () => {
  it('keeps every acknowledged interaction exactly once across a SIGKILL', async () => {
    const where = await storage();
    const org = JSON.parse(await cli(['org', 'create', '--name', 'Crash test', '--json', ...where.args])) as { orgId: string };
    const { key } = JSON.parse(await cli(['api-key', 'create', '--org', org.orgId, '--scopes', 'admin,ingest', '--json', ...where.args])) as { key: string };
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };

    let server = await startServer(where.args);
    // Every request has its own deadline, so a stuck request fails the test with a message instead of hanging it.
    const post = (url: string, body: unknown) =>
      fetch(`${server.url}${url}`, { method: 'POST', headers, body: JSON.stringify(body), signal: AbortSignal.timeout(20_000) });
    expect((await post('/api/v1/locations', { name: 'Hall', level: 'outlet', code: 'H-1' })).status).toBe(201);
    const blueprint = { stages: [{ key: 'visit', kind: 'first' }], moments: [{ key: 'counter', name: { en: 'Counter' }, stageKey: 'visit', flags: ['peak', 'end'] }] };
    expect((await post('/api/v1/journeys', { key: 'hall', name: { en: 'Hall' }, blueprint })).status).toBe(201);
    expect((await post('/api/v1/journeys/hall/publish', {})).status).toBeLessThan(300);

    const interaction = (i: number) => ({
      externalId: `crash-${i}`,
      momentKey: 'counter',
      journeyKey: 'hall',
      occurredAt: '2026-11-20T08:00:00Z',
      locationCode: 'H-1',
      channel: 'in_person',
      customer: { externalId: `customer-${i % 50}` },
    });

    // Four clients write as fast as they can; the server dies under them.
    const acknowledged = new Set<number>();
    const attempted = new Set<number>();
    let next = 0;
    let killed = false;
    const client = async () => {
      while (!killed) {
        const i = next++;
        attempted.add(i);
        try {
          const response = await post('/api/v1/interactions', interaction(i));
          if (response.status === 201 || response.status === 200) acknowledged.add(i);
        } catch {
          // The connection broke with the server: not acknowledged.
        }
      }
    };
    const clients = [client(), client(), client(), client()];
    const streamDeadline = Date.now() + 90_000;
    while (acknowledged.size < 150) {
      if (Date.now() > streamDeadline) throw new Error(`only ${acknowledged.size} writes acknowledged in 90 s`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    server.child.kill('SIGKILL');
    killed = true;
    await Promise.all(clients);
    await new Promise((resolve) => server.child.once('exit', resolve).exitCode !== null && resolve(null));

    // Restart on the same storage (the stale PGlite lock of the dead process is taken over).
    server = await startServer(where.args);
    for (const i of attempted) {
      const response = await post('/api/v1/interactions', interaction(i));
      // Acknowledged before the crash → already stored (200); never acknowledged → stored now (201).
      if (acknowledged.has(i)) expect(response.status, `crash-${i}`).toBe(200);
      else expect([200, 201]).toContain(response.status);
    }
    expect(server.child.exitCode, server.output()).toBeNull();
    const exited = new Promise((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGTERM');
    await exited;

    const database = await openDatabase(where.databaseUrl);
    try {
      const { rows } = await database.query<{ external_id: string; n: number }>(
        `select external_id, count(*)::int as n from interactions where org_id = $1 group by external_id`,
        [org.orgId],
      );
      expect(rows.filter((row) => row.n !== 1)).toEqual([]);
      expect(rows).toHaveLength(attempted.size);
    } finally {
      await database.close();
    }
  }, 300_000);
});
