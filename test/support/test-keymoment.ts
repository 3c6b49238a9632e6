import { randomBytes } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import type { KeymomentConfig } from '../../src/platform/config.ts';
import type { Mailer, MailMessage } from '../../src/platform/mail.ts';
import { createKeymoment, type Keymoment, type KeymomentOptions } from '../../src/main.ts';

/**
 * The database suite runs twice (vitest projects): on in-memory PGlite and on a real PostgreSQL
 * server. KEYMOMENT_TEST_ENGINE picks the engine; on PostgreSQL every test file gets a fresh
 * database inside TEST_DATABASE_URL's server, dropped afterwards.
 */
export const TEST_ENGINE = (process.env.KEYMOMENT_TEST_ENGINE ?? 'pglite') as 'pglite' | 'postgres';

export interface TestDatabaseUrl {
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabaseUrl(): Promise<TestDatabaseUrl> {
  if (TEST_ENGINE === 'pglite') return { url: 'memory://', drop: async () => undefined };
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('KEYMOMENT_TEST_ENGINE=postgres needs TEST_DATABASE_URL=postgres://…');
  const name = `km_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/** Collects e-mails instead of sending them. */
export class MemoryMailer implements Mailer {
  readonly sent: MailMessage[] = [];
  async send(message: MailMessage) {
    this.sent.push(message);
  }
  lastTo(address: string): MailMessage | undefined {
    return [...this.sent].reverse().find((m) => m.to === address);
  }
}

export function testConfig(databaseUrl: string, overrides: Partial<KeymomentConfig> = {}): KeymomentConfig {
  return {
    port: 0,
    host: '127.0.0.1',
    databaseUrl,
    dataDir: '/nonexistent',
    publicUrl: 'http://keymoment.test',
    smtpUrl: undefined,
    mailFrom: 'Keymoment <no-reply@keymoment.test>',
    logLevel: 'silent',
    jobs: false,
    ...overrides,
  };
}

export interface TestKeymoment extends Keymoment {
  mail: MemoryMailer;
  /** Closes the server and drops the test database. */
  dispose(): Promise<void>;
}

export async function startTestKeymoment(
  overrides: Partial<KeymomentConfig> = {},
  options: KeymomentOptions = {},
): Promise<TestKeymoment> {
  const database = await createTestDatabaseUrl();
  const mail = new MemoryMailer();
  const keymoment = await createKeymoment(testConfig(database.url, overrides), {
    logger: pino({ level: 'silent' }),
    mailer: mail,
    serveWeb: false,
    ...options,
  });
  return {
    ...keymoment,
    mail,
    async dispose() {
      await keymoment.close();
      await database.drop();
    },
  };
}
