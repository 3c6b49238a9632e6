import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BACKUPS_KEPT, backupEmbeddedDatabase } from './backups.ts';
import { openDatabase } from './database.ts';
import { MIGRATIONS_FOLDER, readMigrationStatus, runMigrations, runMigrationsWithBackup } from './migrations.ts';

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
    } finally {
      await database.close();
    }

    // An older release: the same migrations folder without the newest one.
    const olderDir = mkdtempSync(path.join(os.tmpdir(), 'km-backup-'));
    const olderFolder = mkdtempSync(path.join(os.tmpdir(), 'km-migrations-'));
    cpSync(MIGRATIONS_FOLDER, olderFolder, { recursive: true });
    const journalPath = path.join(olderFolder, 'meta/_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: unknown[] };
    journal.entries.pop();
    writeFileSync(journalPath, JSON.stringify(journal));

    const older = await openDatabase(`pglite://${olderDir}`);
    try {
      await runMigrations(older, olderFolder);
      expect((await readMigrationStatus(older)).current).toBe(false);
      await runMigrationsWithBackup(older, olderDir);
      expect(readdirSync(path.join(olderDir, 'backups')).some((f) => f.includes('before-migration'))).toBe(true);
      expect((await readMigrationStatus(older)).current).toBe(true);
    } finally {
      await older.close();
    }
  });
});
