import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabaseUrl, TEST_ENGINE, type TestDatabaseUrl } from '../../test/support/test-keymoment.ts';

/*
 * The product as a newcomer starts it: the real `keymoment start` process on a fresh data directory
 * (or a fresh PostgreSQL database), talked to over HTTP, stopped with signals.
 */

const BIN = path.resolve('bin/keymoment.mjs');
const running: ChildProcessWithoutNullStreams[] = [];
let postgres: TestDatabaseUrl | undefined;

afterAll(async () => {
  for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
  await postgres?.drop();
});

interface Started {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  exit: Promise<number | null>;
}

function startServer(args: string[], env: NodeJS.ProcessEnv = {}): Started {
  const child = spawn(process.execPath, [BIN, 'start', '--host', '127.0.0.1', ...args], {
    env: { ...process.env, KEYMOMENT_JOBS: 'on', LOG_LEVEL: 'warn', ...env },
  });
  running.push(child);
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => text, exit };
}

async function waitFor(started: Started, pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = pattern.exec(started.output());
    if (match) return match;
    if (started.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`did not see ${pattern} in:\n${started.output()}`);
}

async function storageArgs(): Promise<string[]> {
  if (TEST_ENGINE === 'postgres') {
    postgres ??= await createTestDatabaseUrl();
    return ['--database-url', postgres.url];
  }
  return ['--data-dir', mkdtempSync(path.join(os.tmpdir(), 'km-start-'))];
}

describe('keymoment start', () => {
  it('prints the URL and a one-time set-up link, serves the API, and shuts down cleanly on SIGTERM', async () => {
    const storage = await storageArgs();
    const server = startServer([...storage, '--port', '0']);
    const [, url] = await waitFor(server, /running at (http:\/\/\S+)/);
    const [, setupPath] = await waitFor(server, /(\/setup\?token=\S+)/);

    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${url}/readyz`)).json()).toMatchObject({ status: 'ready' });
    const setup = await fetch(`${url}/api/v1/setup`);
    expect(await setup.json()).toEqual({ needed: true });

    const token = new URL(`http://x${setupPath}`).searchParams.get('token');
    const created = await fetch(`${url}/api/v1/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url! },
      body: JSON.stringify({ token, organizationName: 'Shenzhen Store', name: 'Li Wei', email: 'li@example.com', password: 'a long password', locale: 'zh-CN' }),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('set-cookie')).toMatch(/HttpOnly/i);

    server.child.kill('SIGTERM');
    expect(await server.exit).toBe(0);
    expect(server.output()).toContain('SIGTERM received');

    // The data survived the restart, and no set-up link is printed any more.
    const again = startServer([...storage, '--port', '0']);
    const [, url2] = await waitFor(again, /running at (http:\/\/\S+)/);
    expect(again.output()).not.toContain('/setup?token=');
    const signIn = await fetch(`${url2}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'li@example.com', password: 'a long password' }),
    });
    expect(signIn.status).toBe(200);
    again.child.kill('SIGINT');
    expect(await again.exit).toBe(0);
  }, 120_000);

  it('guards the storage: a second server on one PGlite directory is refused; PostgreSQL takes several', async () => {
    const storage = await storageArgs();
    const first = startServer([...storage, '--port', '0']);
    const [, url] = await waitFor(first, /running at (http:\/\/\S+)/);
    const second = startServer([...storage, '--port', '0']);
    if (TEST_ENGINE === 'pglite') {
      expect(await second.exit).toBe(1);
      expect(second.output()).toContain(`PID ${first.child.pid}`);
      expect(second.output()).toContain('Nothing was changed');
      // A CLI command is refused the same way while the server runs.
      const cli = spawn(process.execPath, [BIN, 'org', 'create', '--name', 'X', ...storage]);
      let cliText = '';
      cli.stderr.on('data', (chunk: Buffer) => (cliText += chunk.toString()));
      expect(await new Promise((resolve) => cli.on('exit', resolve))).toBe(1);
      expect(cliText).toContain(`PID ${first.child.pid}`);
    } else {
      // Server nodes are stateless: a second one on the same database serves too.
      const [, url2] = await waitFor(second, /running at (http:\/\/\S+)/);
      expect((await fetch(`${url2}/readyz`)).status).toBe(200);
      second.child.kill('SIGTERM');
      expect(await second.exit).toBe(0);
    }
    // The first server is unharmed either way.
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    first.child.kill('SIGTERM');
    expect(await first.exit).toBe(0);
  }, 120_000);
});
