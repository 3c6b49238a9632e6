import { describe, expect, it } from 'vitest';
import { preparedNameOf } from './prepared-statements.ts';

describe('prepared ingest statements', () => {
  it('names only marked statements, one stable name per text', () => {
    const text = '/* prepared */ insert into t select * from jsonb_to_recordset($1::jsonb) as r(a int)';
    expect(preparedNameOf(text)).toMatch(/^km_[0-9a-f]{24}$/);
    expect(preparedNameOf(text)).toBe(preparedNameOf(text));
    expect(preparedNameOf(`${text} `)).not.toBe(preparedNameOf(text));
    expect(preparedNameOf('insert into t values ($1)')).toBeUndefined();
  });
});
