import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from './database.ts';

/**
 * Automatic backups of the embedded database. PGlite never calls fsync, so a power loss can lose
 * recent writes; a recent copy bounds the damage. Backups are gzipped tars of the database files
 * (restore: stop the server, unpack into `<data-dir>/pgdata`), kept in `<data-dir>/backups`.
 */
export const BACKUPS_KEPT = 5;
export const BACKUP_INTERVAL_MS = 24 * 3600 * 1000;

export async function backupEmbeddedDatabase(database: Database, dataDir: string, reason: string, now = new Date()): Promise<string | undefined> {
  if (!database.dumpDataDir) return undefined;
  const folder = path.join(dataDir, 'backups');
  await mkdir(folder, { recursive: true });
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const file = path.join(folder, `keymoment-${stamp}-${reason}.tar.gz`);
  const blob = await database.dumpDataDir();
  await writeFile(file, Buffer.from(await blob.arrayBuffer()));
  await pruneBackups(folder);
  return file;
}

async function pruneBackups(folder: string): Promise<void> {
  const files = (await readdir(folder)).filter((name) => name.startsWith('keymoment-') && name.endsWith('.tar.gz')).sort();
  for (const old of files.slice(0, Math.max(0, files.length - BACKUPS_KEPT))) {
    await rm(path.join(folder, old), { force: true });
  }
}
