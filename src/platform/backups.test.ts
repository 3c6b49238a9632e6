import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BACKUPS_KEPT, backupEmbeddedDatabase } from './backups.ts';
import { openDatabase } from './database.ts';
import { readMigrationStatus, runMigrations, runMigrationsWithBackup } from './migrations.ts';

describe('embedded database backups', () => {
  it('writes gzipped copies into <data-dir>/backups and keeps only the newest few', { timeout: 60_000 }, async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'km-backup-'));
    const database = await openDatabase(`pglite://${dataDir}`);
    try {
      await runMigrations(database);
      expect(existsSync(path.join(dataDir, 'pgdata', 'PG_VERSION'))).toBe(true);
      for (let i = 0; i < BACKUPS_KEPT + 2; i++) {
        const file = await backupEmbeddedDatabase(database, dataDir, 'test', new Date(Date.UTC(2026, 0, 1, 0, i)));
        expect(statSync(file!).size).toBeGreaterThan(1000);
      }
      const kept = readdirSync(path.join(dataDir, 'backups')).sort();
      expect(kept).toHaveLength(BACKUPS_KEPT);
      expect(kept[0]).toContain('2026-01-01T00-02');
    } finally {
      await database.close();
    }
  });

  it('backs up before applying migrations to an existing database, not on a fresh one', { timeout: 60_000 }, async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'km-backup-'));
    const database = await openDatabase(`pglite://${dataDir}`);
    try {
      await runMigrationsWithBackup(database, dataDir);
      expect(existsSync(path.join(dataDir, 'backups'))).toBe(false);
      // Pretend the newest migration is new to this database.
      await database.query('delete from drizzle.__drizzle_migrations where id = (select max(id) from drizzle.__drizzle_migrations)');
      expect((await readMigrationStatus(database)).current).toBe(false);
      await database.exec('drop schema public cascade; create schema public;');
      await runMigrationsWithBackup(database, dataDir);
      expect(readdirSync(path.join(dataDir, 'backups')).some((f) => f.includes('before-migration'))).toBe(true);
      expect((await readMigrationStatus(database)).current).toBe(true);
    } finally {
      await database.close();
    }
  });
});
