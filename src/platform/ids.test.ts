import { describe, expect, it } from 'vitest';
import { newId } from './ids.ts';
import { decodeCursor, encodeCursor, toPage } from './pagination.ts';

describe('newId', () => {
  it('makes RFC 9562 version-7 UUIDs that sort by creation time', () => {
    const first = newId(1_700_000_000_000);
    const later = newId(1_700_000_000_001);
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(first < later).toBe(true);
    expect(parseInt(first.replace(/-/g, '').slice(0, 12), 16)).toBe(1_700_000_000_000);
  });
});

describe('pages', () => {
  it('round-trips a cursor and rejects one it did not make', () => {
    const id = newId();
    expect(decodeCursor(encodeCursor(id))).toBe(id);
    expect(() => decodeCursor('not-a-cursor')).toThrow(/cursor/);
  });

  it('uses the extra row only to tell that a next page exists', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    expect(toPage(rows, 2, (r) => r.id)).toEqual({ items: rows.slice(0, 2), nextCursor: encodeCursor('b') });
    expect(toPage(rows, 3, (r) => r.id).nextCursor).toBeNull();
  });
});
