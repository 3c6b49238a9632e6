import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabaseUrl, type TestDatabaseUrl } from '../../test/support/test-keymoment.ts';
import { openDatabase, type Database } from './database.ts';
import { createHttpServer, WEB_APP_CSP, type HttpServer } from './http-server.ts';

let url: TestDatabaseUrl;
let database: Database;
let app: HttpServer;

beforeAll(async () => {
  const dist = mkdtempSync(path.join(os.tmpdir(), 'km-dist-'));
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Keymoment app</title>');
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'assets', 'app.js'), 'console.log(1)');
  url = await createTestDatabaseUrl();
  database = await openDatabase(url.url);
  app = await createHttpServer({ logger: pino({ level: 'silent' }), database, version: 'test', serveWeb: true, webDist: dist });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await database?.close();
  await url?.drop();
});

describe('serving the web app', () => {
  it('answers every browser path with the app page under a strict Content-Security-Policy', async () => {
    for (const route of ['/', '/settings/locations', '/sign-in?next=%2Fjourneys']) {
      const response = await app.inject(route);
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('Keymoment app');
      expect(response.headers['content-security-policy']).toBe(WEB_APP_CSP);
      expect(response.headers['x-frame-options']).toBe('DENY');
    }
  });

  it('serves built assets as files and never escapes the folder', async () => {
    expect((await app.inject('/assets/app.js')).body).toBe('console.log(1)');
    const escape = await app.inject('/..%2f..%2fetc%2fpasswd');
    expect(escape.body).not.toContain('root:');
  });

  it('keeps unknown API paths as JSON 404s', async () => {
    const response = await app.inject('/api/v1/nope');
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not_found');
  });
});
