import { describe, expect, it } from 'vitest';
import { createGroupCommit, splitBatchResult } from './group-commit.ts';
import { batchResult, type BatchResult, type ItemOutcome } from './ingest.ts';

/** A batch function like ingest: an item { id, bad? } fails alone; { id, explode: true } makes the whole batch throw. */
function fakeIngest(calls: string[][]) {
  return async (_orgId: string, items: unknown[]): Promise<BatchResult> => {
    const ids = items.map((item) => (item as { id: string }).id);
    calls.push(ids);
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (items.some((item) => (item as { explode?: boolean }).explode)) throw new Error('the database refused the batch');
    const outcomes: ItemOutcome[] = items.map((item, index) => {
      const { id, bad } = item as { id: string; bad?: boolean };
      return bad
        ? { index, status: 'failed', externalId: id, errors: [{ field: 'locationCode', message: `bad ${id}` }] }
        : { index, status: 'created', externalId: id, id: `row-${id}` };
    });
    return batchResult(outcomes);
  };
}

describe('group commit of single posts', () => {
  it('starts the first post at once and writes the posts that arrive meanwhile as one batch, each getting its own result', async () => {
    const calls: string[][] = [];
    const group = createGroupCommit(fakeIngest(calls), { maxInFlight: 1 });
    const first = group.submit('org', { id: 'a' });
    await new Promise((resolve) => setImmediate(resolve));
    const rest = ['b', 'c', 'd', 'e'].map((id) => group.submit('org', { id, bad: id === 'c' }));
    const results = await Promise.all([first, ...rest]);
    expect(calls).toEqual([['a'], ['b', 'c', 'd', 'e']]);
    expect(results.map((result) => result.items[0])).toEqual([
      { index: 0, status: 'created', externalId: 'a', id: 'row-a' },
      { index: 0, status: 'created', externalId: 'b', id: 'row-b' },
      { index: 0, status: 'failed', externalId: 'c', id: null },
      { index: 0, status: 'created', externalId: 'd', id: 'row-d' },
      { index: 0, status: 'created', externalId: 'e', id: 'row-e' },
    ]);
    expect(results[2]).toMatchObject({ received: 1, created: 0, failed: 1, errors: [{ index: 0, field: 'locationCode', message: 'bad c' }] });
    expect(results[3]).toMatchObject({ received: 1, created: 1, failed: 0, errors: [] });
    expect(group.stats).toEqual({ groups: 2, items: 5, retriedGroups: 0 });
  });

  it('retries every item of a group that threw on its own, so only the item at fault fails', async () => {
    const calls: string[][] = [];
    const group = createGroupCommit(fakeIngest(calls), { maxInFlight: 1 });
    const settled = await Promise.allSettled(['a', 'b', 'c'].map((id) => group.submit('org', { id, explode: id === 'b' })));
    expect(calls).toEqual([['a', 'b', 'c'], ['a'], ['b'], ['c']]);
    expect(settled.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((settled[0] as PromiseFulfilledResult<BatchResult>).value.items[0]).toMatchObject({ status: 'created', id: 'row-a' });
    expect(group.stats.retriedGroups).toBe(1);
  });

  it('keeps organisations apart and never puts more than maxItems into a group', async () => {
    const calls: string[][] = [];
    const group = createGroupCommit(fakeIngest(calls), { maxItems: 2, maxInFlight: 1 });
    await Promise.all([
      group.submit('org-1', { id: '1a' }),
      group.submit('org-2', { id: '2a' }),
      group.submit('org-1', { id: '1b' }),
      group.submit('org-1', { id: '1c' }),
    ]);
    expect(calls).toEqual([['1a', '1b'], ['2a'], ['1c']]);
  });

  it('cuts a batch result into one result per item', () => {
    const result = batchResult([
      { index: 1, status: 'failed', externalId: 'y', errors: [{ field: 'a', message: 'A' }, { field: 'b', message: 'B' }] },
      { index: 0, status: 'existing', externalId: 'x', id: 'id-x' },
    ]);
    expect(splitBatchResult(result, 2)).toEqual([
      { received: 1, created: 0, existing: 1, failed: 0, items: [{ index: 0, status: 'existing', externalId: 'x', id: 'id-x' }], errors: [] },
      {
        received: 1, created: 0, existing: 0, failed: 1,
        items: [{ index: 0, status: 'failed', externalId: 'y', id: null }],
        errors: [{ index: 0, field: 'a', message: 'A' }, { index: 0, field: 'b', message: 'B' }],
      },
    ]);
  });
});
