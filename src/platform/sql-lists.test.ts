import { describe, expect, it } from 'vitest';
import { textArrayLiteral } from './sql-lists.ts';

describe('text lists as one array parameter', () => {
  it('quotes every element and escapes quotes and backslashes', () => {
    expect(textArrayLiteral([])).toBe('{}');
    expect(textArrayLiteral(['a', 'b,c', 'say "hi"', 'back\\slash', 'NULL', ' '])).toBe('{"a","b,c","say \\"hi\\"","back\\\\slash","NULL"," "}');
  });
});
