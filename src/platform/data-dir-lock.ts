import { mkdirSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Only one process may open a PGlite directory: two processes on one directory silently diverge and
 * corrupt it on the next open (DESIGN.md). The lock is a file created with O_EXCL holding the owner's
 * PID; a lock whose process is gone (crash, kill -9) is stale and taken over.
 */
export const LOCK_FILE = 'keymoment.lock';

export interface LockOwner {
  pid: number;
  hostname: string;
  startedAt: string;
  command: string;
}

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner,
  ) {
    super(
      `The data directory ${dataDir} is in use by another Keymoment process (PID ${owner.pid}, "${owner.command}", ` +
        `started ${owner.startedAt}). Only one process may open it at a time: stop that process first, ` +
        `or choose another directory with --data-dir. Nothing was changed.`,
    );
    this.name = 'DataDirInUseError';
  }
}

export interface DataDirLock {
  release(): void;
}

export function acquireDataDirLock(dataDir: string, command: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, LOCK_FILE);
  const me: LockOwner = { pid: process.pid, hostname: os.hostname(), startedAt: new Date().toISOString(), command };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeFileSync(fd, JSON.stringify(me));
      closeSync(fd);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          const current = readOwner(lockPath);
          if (current?.pid === process.pid) rmSync(lockPath, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readOwner(lockPath);
      if (owner && owner.hostname === os.hostname() && isAlive(owner.pid)) {
        throw new DataDirInUseError(dataDir, owner);
      }
      if (owner && owner.hostname !== os.hostname()) {
        // Another machine on a shared disk: we cannot check its PID, so refuse rather than guess.
        throw new DataDirInUseError(dataDir, owner);
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}

function readOwner(lockPath: string): LockOwner | undefined {
  try {
    return JSON.parse(readFileSync(lockPath, 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else — still alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
