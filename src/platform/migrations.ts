import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { backupEmbeddedDatabase } from './backups.ts';
import type { Database } from './database.ts';

/** drizzle-kit writes the SQL migrations here; they ship with the package. */
export const MIGRATIONS_FOLDER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../drizzle');

/** Brings the schema up to date. Safe to call on every start: applied migrations are skipped. */
export async function runMigrations(database: Database, migrationsFolder = MIGRATIONS_FOLDER): Promise<void> {
  const config = { migrationsFolder };
  // Both migrators record applied files in drizzle.__drizzle_migrations.
  if (database.engine === 'pglite') {
    await migratePglite(database.db as never, config);
  } else {
    await migratePg(database.db as never, config);
  }
}

export interface MigrationStatus {
  /** The database has been migrated before (it is not a fresh, empty one). */
  initialized: boolean;
  applied: number;
  known: number;
  current: boolean;
}

/** For /readyz: are all migrations shipped with this build applied? */
export async function readMigrationStatus(database: Database, migrationsFolder = MIGRATIONS_FOLDER): Promise<MigrationStatus> {
  const journal = JSON.parse(await readFile(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as {
    entries: unknown[];
  };
  const known = journal.entries.length;
  const exists = await database.query<{ present: boolean }>(
    `select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
  );
  if (!exists.rows[0]?.present) return { initialized: false, applied: 0, known, current: known === 0 };
  const { rows } = await database.query<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations');
  const applied = rows[0]?.n ?? 0;
  return { initialized: true, applied, known, current: applied >= known };
}

/**
 * Migrates, first copying the embedded database aside when an existing one is about to change, so a
 * failed or regretted upgrade can be rolled back by unpacking the copy.
 */
export async function runMigrationsWithBackup(database: Database, dataDir: string | undefined): Promise<void> {
  if (dataDir && database.engine === 'pglite') {
    const status = await readMigrationStatus(database);
    if (status.initialized && !status.current) await backupEmbeddedDatabase(database, dataDir, 'before-migration');
  }
  await runMigrations(database);
}
