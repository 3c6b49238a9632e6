import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabaseUrl, TEST_ENGINE, type TestDatabaseUrl } from '../../test/support/test-keymoment.ts';
import { buildProgram } from './program.ts';

/* The administrative commands, run in-process against a real data directory or PostgreSQL database. */

let postgres: TestDatabaseUrl | undefined;
afterAll(async () => postgres?.drop());

async function storage(): Promise<string[]> {
  if (TEST_ENGINE === 'postgres') {
    postgres ??= await createTestDatabaseUrl();
    return ['--database-url', postgres.url];
  }
  return ['--data-dir', mkdtempSync(path.join(os.tmpdir(), 'km-cli-'))];
}

async function run(args: string[]): Promise<{ out: string; err: string; error?: Error }> {
  let out = '';
  let err = '';
  const program = buildProgram({ out: (t) => (out += t), err: (t) => (err += t) }).exitOverride();
  try {
    await program.parseAsync(args, { from: 'user' });
    return { out, err };
  } catch (error) {
    return { out, err, error: error as Error };
  }
}

describe('keymoment CLI', () => {
  it('creates an organisation, a user who can sign in, and an API key printed once', async () => {
    const where = await storage();
    expect((await run(['migrate', ...where])).out).toContain('up to date');
    const org = JSON.parse((await run(['org', 'create', '--name', 'Kazan Telecom', '--locale', 'ru', '--timezone', 'Europe/Moscow', '--json', ...where])).out);
    expect(org).toMatchObject({ name: 'Kazan Telecom', defaultLocale: 'ru', timezone: 'Europe/Moscow' });

    const user = await run(['user', 'create', '--org', org.orgId, '--email', 'Olga@Example.com', '--role', 'cx_manager', ...where]);
    expect(user.out).toMatch(/Created user olga@example.com .* as cx_manager/);
    expect(user.out).toMatch(/Generated password \(shown once\): \S{16}/);

    const key = JSON.parse((await run(['api-key', 'create', '--org', org.orgId, '--scopes', 'read,ingest', '--json', ...where])).out);
    expect(key.key).toMatch(/^km_/);
    expect(key.scopes).toEqual(['read', 'ingest']);
  }, 60_000);

  it('rejects bad arguments with a message naming the option', async () => {
    const where = await storage();
    const role = await run(['user', 'create', '--org', 'x', '--email', 'a@b.co', '--role', 'king', ...where]);
    expect(role.err).toMatch(/--role.*admin, cx_manager/);
    const scopes = await run(['api-key', 'create', '--org', 'x', '--scopes', 'read,root', ...where]);
    expect(scopes.err).toMatch(/--scopes.*unknown: root/);
    const org = await run(['api-key', 'create', '--org', 'missing', '--scopes', 'read', ...where]);
    expect(org.error?.message).toMatch(/--org: no organisation with id missing/);
    const port = await run(['start', '--port', 'eighty']);
    expect(port.err).toMatch(/--port/);
  }, 60_000);

  it('documents every command with --help', async () => {
    for (const command of [[], ['start'], ['migrate'], ['org', 'create'], ['user', 'create'], ['api-key', 'create']]) {
      const help = await run([...command, '--help']);
      expect(help.out).toContain('Usage: keymoment');
    }
  });
});
