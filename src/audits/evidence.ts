import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/*
 * Where evidence photos live. Behind an interface because a cluster of server nodes needs shared
 * storage (S3-compatible, later); one server keeps them on local disk under the data folder.
 */

export interface EvidenceStorage {
  /** Stores the bytes under `key` (a relative path of our own making); replacing is allowed. */
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** The bytes, or undefined when nothing is stored under `key`. */
  get(key: string): Promise<Buffer | undefined>;
  delete(key: string): Promise<void>;
}

/** Photos at most this big; a phone's full-size JPEG is 2–6 MB. */
export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;
/** Enough for every item of a long checklist to carry a couple of photos, not enough to fill a disk. */
export const MAX_EVIDENCE_PER_RUN = 60;

/** `KEYMOMENT_UPLOADS_DIR`, else `<data dir>/uploads`. */
export function resolveUploadsDir(env: NodeJS.ProcessEnv, dataDir: string): string {
  const configured = env.KEYMOMENT_UPLOADS_DIR;
  return path.resolve(configured && configured.trim() !== '' ? configured : path.join(dataDir, 'uploads'));
}

const KEY_RE = /^[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_.-]+)*$/;

export function storageKeyFor(orgId: string, runId: string, evidenceId: string, extension: string): string {
  return `audits/${orgId}/${runId}/${evidenceId}.${extension}`;
}

/** Files under one folder; written to a temporary name and renamed, so a crash never leaves half a photo. */
export function createLocalEvidenceStorage(root: string): EvidenceStorage {
  const fileOf = (key: string) => {
    if (!KEY_RE.test(key) || key.split('/').some((part) => part === '..' || part === '.')) throw new Error(`unsafe storage key: ${key}`);
    return path.join(root, key);
  };
  return {
    async put(key, bytes) {
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
      await writeFile(temporary, bytes);
      await rename(temporary, file);
    },
    async get(key) {
      try {
        return await readFile(fileOf(key));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async delete(key) {
      await rm(fileOf(key), { force: true });
    },
  };
}

export interface ImageKind {
  contentType: string;
  extension: string;
}

/**
 * The image type by its first bytes, never by the name or the declared type a client sends. Phones
 * send JPEG, HEIC (iPhone) or WebP; PNG and GIF come from screenshots.
 */
export function sniffImage(bytes: Buffer): ImageKind | undefined {
  const starts = (...values: number[]) => values.every((value, i) => bytes[i] === value);
  const ascii = (from: number, text: string) => bytes.length >= from + text.length && bytes.toString('latin1', from, from + text.length) === text;
  if (bytes.length >= 3 && starts(0xff, 0xd8, 0xff)) return { contentType: 'image/jpeg', extension: 'jpg' };
  if (bytes.length >= 8 && starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return { contentType: 'image/png', extension: 'png' };
  if (ascii(0, 'GIF87a') || ascii(0, 'GIF89a')) return { contentType: 'image/gif', extension: 'gif' };
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return { contentType: 'image/webp', extension: 'webp' };
  if (ascii(4, 'ftyp')) {
    const brand = bytes.toString('latin1', 8, 12);
    if (['heic', 'heix', 'hevc', 'heim', 'heis', 'mif1', 'msf1'].includes(brand)) return { contentType: 'image/heic', extension: 'heic' };
    if (brand === 'avif' || brand === 'avis') return { contentType: 'image/avif', extension: 'avif' };
  }
  return undefined;
}

export function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
