import { describe, expect, it } from 'vitest';
import { createOrgReferenceCache } from './org-reference-cache.ts';

describe('the per-organisation reference cache', () => {
  it('reads once within the time to live and again after it', async () => {
    let time = 0;
    let reads = 0;
    const cache = createOrgReferenceCache({ ttlMs: 1000, clock: () => time });
    const load = async () => ++reads;
    expect(await cache.remember('a', 'k', load)).toBe(1);
    time = 999;
    expect(await cache.remember('a', 'k', load)).toBe(1);
    time = 1000;
    expect(await cache.remember('a', 'k', load)).toBe(2);
    expect(reads).toBe(2);
  });

  it('keeps organisations apart and forgets only the one that changed', async () => {
    const cache = createOrgReferenceCache({ clock: () => 0 });
    await cache.remember('a', 'k', async () => 'a1');
    await cache.remember('b', 'k', async () => 'b1');
    cache.forget('a');
    expect(await cache.remember('a', 'k', async () => 'a2')).toBe('a2');
    expect(await cache.remember('b', 'k', async () => 'b2')).toBe('b1');
  });

  it('does not store a value read while the organisation changed', async () => {
    const cache = createOrgReferenceCache({ clock: () => 0 });
    let release!: () => void;
    const slow = cache.remember('a', 'k', () => new Promise<string>((resolve) => (release = () => resolve('before the change'))));
    cache.forget('a');
    release();
    expect(await slow).toBe('before the change');
    expect(await cache.remember('a', 'k', async () => 'after')).toBe('after');
  });

  it('does not remember what keep refuses (by default: undefined, i.e. not found)', async () => {
    const cache = createOrgReferenceCache({ clock: () => 0 });
    expect(await cache.remember('a', 'missing', async () => undefined)).toBeUndefined();
    expect(await cache.remember('a', 'missing', async () => 'created since')).toBe('created since');
    expect(await cache.remember('a', 'error', async () => ({ error: true }), (value) => !value.error)).toEqual({ error: true });
    expect(cache.size()).toBe(1);
  });

  it('drops the least recently used organisation beyond its size', async () => {
    const cache = createOrgReferenceCache({ clock: () => 0, maxEntries: 2 });
    await cache.remember('a', 'k', async () => 1);
    await cache.remember('b', 'k', async () => 2);
    await cache.remember('a', 'k', async () => 0);
    await cache.remember('c', 'k', async () => 3);
    expect(cache.size()).toBe(2);
    expect(await cache.remember('a', 'k', async () => -1)).toBe(1);
    expect(await cache.remember('b', 'k', async () => 20)).toBe(20);
  });
});
