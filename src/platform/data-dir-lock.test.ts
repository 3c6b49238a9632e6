import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirInUseError, LOCK_FILE } from './data-dir-lock.ts';

/** A separate process that takes the lock and then waits (or dies) on command. */
function holdLockInChild(dir: string) {
  const script = `
    import('${path.resolve('src/platform/data-dir-lock.ts')}').then(({ acquireDataDirLock }) => {
      acquireDataDirLock(${JSON.stringify(dir)}, 'test holder');
      process.stdout.write('locked\\n');
      setInterval(() => {}, 1000);
    });`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const ready = new Promise<void>((resolve) => child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve()));
  return { child, ready };
}

describe('data-directory lock', () => {
  it('refuses a second holder, naming the running process, and frees the directory on release', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'km-lock-'));
    const lock = acquireDataDirLock(dir, 'first');
    expect(() => acquireDataDirLock(dir, 'second')).toThrow(DataDirInUseError);
    expect(() => acquireDataDirLock(dir, 'second')).toThrow(new RegExp(`PID ${process.pid}`));
    lock.release();
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    acquireDataDirLock(dir, 'third').release();
  });

  it('takes over the lock of a process that was killed with SIGKILL', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'km-lock-'));
    const { child, ready } = holdLockInChild(dir);
    await ready;
    expect(() => acquireDataDirLock(dir, 'me')).toThrow(new RegExp(`PID ${child.pid}`));
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    const lock = acquireDataDirLock(dir, 'me');
    expect(JSON.parse(readFileSync(path.join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });
});
