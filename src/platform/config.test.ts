import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, pgliteDirOf, resolveConfig } from './config.ts';

describe('resolveConfig', () => {
  it('defaults to the embedded database in ./data on port 3000', () => {
    const config = resolveConfig({}, {});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBe(`pglite://${path.resolve('data')}`);
    expect(config.publicUrl).toBe('http://localhost:3000');
  });

  it('prefers flags over environment variables', () => {
    const config = resolveConfig({ port: '4000', dataDir: '/tmp/km' }, { PORT: '5000', KEYMOMENT_DATA_DIR: '/tmp/other' });
    expect(config.port).toBe(4000);
    expect(pgliteDirOf(config.databaseUrl)).toBe('/tmp/km');
  });

  it('reads PORT, KEYMOMENT_DATA_DIR, DATABASE_URL and KEYMOMENT_PUBLIC_URL', () => {
    const config = resolveConfig({}, { PORT: '8080', DATABASE_URL: 'postgres://u@db/km', KEYMOMENT_PUBLIC_URL: 'https://cx.example.com/' });
    expect(config.port).toBe(8080);
    expect(config.databaseUrl).toBe('postgres://u@db/km');
    expect(config.publicUrl).toBe('https://cx.example.com');
  });

  it('names the setting in its errors', () => {
    expect(() => resolveConfig({ port: 'abc' }, {})).toThrow(ConfigError);
    expect(() => resolveConfig({ port: '70000' }, {})).toThrow(/--port/);
    expect(() => resolveConfig({ databaseUrl: 'mysql://x' }, {})).toThrow(/--database-url/);
  });

  it('switches the job queue off only when asked', () => {
    expect(resolveConfig({}, {}).jobs).toBe(true);
    expect(resolveConfig({}, { KEYMOMENT_JOBS: 'off' }).jobs).toBe(false);
  });
});
