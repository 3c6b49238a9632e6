import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalEvidenceStorage, resolveUploadsDir, sniffImage, storageKeyFor } from './evidence.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('image sniffing', () => {
  it('knows photos by their first bytes, whatever they are called', () => {
    expect(sniffImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))?.contentType).toBe('image/jpeg');
    expect(sniffImage(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))?.contentType).toBe('image/png');
    expect(sniffImage(Buffer.from('GIF89a....', 'latin1'))?.contentType).toBe('image/gif');
    expect(sniffImage(Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1'))?.contentType).toBe('image/webp');
    expect(sniffImage(Buffer.from('\x00\x00\x00\x18ftypheic\x00\x00\x00\x00', 'latin1'))?.contentType).toBe('image/heic');
  });

  it('refuses everything else', () => {
    expect(sniffImage(Buffer.from('%PDF-1.7\n'))).toBeUndefined();
    expect(sniffImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined();
    expect(sniffImage(Buffer.from('MZ\x90\x00', 'latin1'))).toBeUndefined();
    expect(sniffImage(Buffer.alloc(0))).toBeUndefined();
  });
});

describe('local evidence storage', () => {
  it('writes, reads and deletes under its folder, leaving no temporary files', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'km-evidence-'));
    dirs.push(root);
    const storage = createLocalEvidenceStorage(root);
    const key = storageKeyFor('org', 'run', 'ev', 'jpg');
    await storage.put(key, Buffer.from('bytes'), 'image/jpeg');
    expect((await storage.get(key))?.toString()).toBe('bytes');
    expect(await readdir(path.join(root, 'audits/org/run'))).toEqual(['ev.jpg']);
    await storage.delete(key);
    expect(await storage.get(key)).toBeUndefined();
  });

  it('refuses keys that climb out of its folder', async () => {
    const storage = createLocalEvidenceStorage('/tmp/km-never-written');
    await expect(storage.put('../escape.jpg', Buffer.from('x'), 'image/jpeg')).rejects.toThrow(/unsafe/);
    await expect(storage.get('audits/../../etc/passwd')).rejects.toThrow(/unsafe/);
  });

  it('lives in KEYMOMENT_UPLOADS_DIR, else in the data folder', () => {
    expect(resolveUploadsDir({}, '/srv/keymoment')).toBe('/srv/keymoment/uploads');
    expect(resolveUploadsDir({ KEYMOMENT_UPLOADS_DIR: '/mnt/photos' }, '/srv/keymoment')).toBe('/mnt/photos');
  });
});
