import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';
import { DEFAULT_PUBLIC_RATE_LIMIT } from './http-server.ts';

let km: TestKeymoment;
beforeAll(async () => {
  km = await startTestKeymoment();
});
afterAll(async () => km?.dispose());

describe('operational endpoints', () => {
  it('answers /healthz and /readyz with the database and migrations checked', async () => {
    expect((await km.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await km.app.inject('/readyz')).json()).toEqual({ status: 'ready', database: 'ok', migrations: 'current' });
  });

  it('is not ready when a shipped migration is missing from the database', async () => {
    const { rows } = await km.database.query<{ id: number }>('select id from drizzle.__drizzle_migrations order by id desc limit 1');
    await km.database.query('delete from drizzle.__drizzle_migrations where id = $1', [rows[0]!.id]);
    try {
      const response = await km.app.inject('/readyz');
      expect(response.statusCode).toBe(503);
      expect(response.json().status).toBe('not_ready');
    } finally {
      await km.database.query(
        `insert into drizzle.__drizzle_migrations (id, hash, created_at) values ($1, 'restored', 0)`,
        [rows[0]!.id],
      );
    }
  });

  it('publishes a valid OpenAPI 3 document that lists the API and its error shape', async () => {
    const response = await km.app.inject('/api/v1/openapi.json');
    expect(response.statusCode).toBe(200);
    const spec = response.json();
    const result = await new Validator().validate(spec);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/v1/locations', '/api/v1/api-keys', '/api/v1/auth/sign-in']));
    expect(spec.components.schemas.ErrorBody).toBeDefined();
  });

  it('serves browsable API docs at /docs', async () => {
    const response = await km.app.inject('/docs/');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('swagger');
  });

  it('exports Prometheus metrics including request counts by route', async () => {
    await km.app.inject('/healthz');
    const response = await km.app.inject('/metrics');
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.body).toMatch(/keymoment_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
    expect(response.body).toContain('process_resident_memory_bytes');
  });

  it('gives every response a request id, keeping a sane one sent by the caller', async () => {
    const own = await km.app.inject({ url: '/healthz', headers: { 'x-request-id': 'trace-42' } });
    expect(own.headers['x-request-id']).toBe('trace-42');
    const generated = await km.app.inject({ url: '/healthz', headers: { 'x-request-id': 'bad id with spaces' } });
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown API routes with the one error shape', async () => {
    const response = await km.app.inject('/api/v1/nothing-here');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: { code: 'not_found', message: expect.any(String), requestId: expect.any(String) } });
  });

  it('limits unauthenticated routes per client address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < DEFAULT_PUBLIC_RATE_LIMIT.max + 1; i++) {
      statuses.push((await km.app.inject({ url: '/healthz', remoteAddress: '203.0.113.9' })).statusCode);
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(DEFAULT_PUBLIC_RATE_LIMIT.max);
    expect(statuses.at(-1)).toBe(429);
    // Another address is not affected.
    expect((await km.app.inject({ url: '/healthz', remoteAddress: '203.0.113.10' })).statusCode).toBe(200);
  });
});
