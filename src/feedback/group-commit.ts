import type { BatchResult } from './ingest.ts';

/*
 * Group commit for single-item ingest (POST /api/v1/responses or /interactions with one object).
 *
 * A request that comes alone costs a dozen queries (look-ups of survey, moment and location, the
 * insert, the rollups, the outbox, BEGIN/COMMIT) whatever its size; the batch path does the same
 * dozen for 10,000 items. So concurrent single posts of one organisation are run together as one
 * batch through the very same batch function, in one transaction:
 *
 * - no added wait at low load: the first request starts at once (on the next turn of the event
 *   loop, so requests that arrived together go together); requests arriving while a group of the
 *   organisation is being written queue up and go as the next group when one finishes, at most
 *   `maxInFlight` groups of an organisation at a time and `maxItems` items a group;
 * - each request gets its own item's result (status, id, errors by field), cut out of the batch
 *   result, and only after the group's transaction committed: an acknowledged write is durable;
 *   the stored records the requests answer with are read back in one query per group (`load`);
 * - an item the batch function refuses (validation, unknown location, reused externalId…) fails
 *   alone, because the batch function settles each item on its own. If the whole group throws (a
 *   database error such as a value PostgreSQL refuses), every item of the group is retried alone,
 *   one after the other, so only the item at fault fails;
 * - idempotency is the batch path's: two requests with the same externalId in one group store one
 *   row, the second is `existing` (or failed when its content differs) — as if sent one after the other.
 */

/**
 * Writes a group; may also return the stored records it already knows (the rows it just inserted), so
 * only the others (e.g. `existing` retries) are read back by `load`.
 */
export type BatchFunction<T = never> = (orgId: string, items: unknown[]) => Promise<BatchResult & { records?: ReadonlyMap<string, T> }>;

/** The stored records of a group's items by id, read in one query after the commit (what a single post answers with). */
export type RecordLoader<T> = (orgId: string, ids: string[]) => Promise<Map<string, T>>;

/** One item's result (index 0) and, when a loader was given, its stored record. */
export type GroupedResult<T> = BatchResult & { record?: T };

export interface GroupCommitOptions {
  /** Items per group at most (default 500). */
  maxItems?: number;
  /** Groups of one organisation being written at the same time (default 2: one in the database while the next is prepared). */
  maxInFlight?: number;
}

export interface GroupCommitStats {
  groups: number;
  items: number;
  /** Groups that threw and were retried item by item. */
  retriedGroups: number;
}

interface Waiting<T> {
  item: unknown;
  resolve(result: GroupedResult<T>): void;
  reject(error: unknown): void;
}

interface OrgQueue<T> {
  waiting: Waiting<T>[];
  inFlight: number;
  scheduled: boolean;
}

export interface GroupCommit<T> {
  /** Writes one item (with others that arrive meanwhile); resolves with a batch result of one item at index 0. */
  submit(orgId: string, item: unknown): Promise<GroupedResult<T>>;
  readonly stats: GroupCommitStats;
}

export function createGroupCommit<T = never>(run: BatchFunction<T>, options: GroupCommitOptions & { load?: RecordLoader<T> } = {}): GroupCommit<T> {
  const maxItems = options.maxItems ?? 500;
  const maxInFlight = options.maxInFlight ?? 2;
  const queues = new Map<string, OrgQueue<T>>();
  const stats: GroupCommitStats = { groups: 0, items: 0, retriedGroups: 0 };

  const pump = (orgId: string, queue: OrgQueue<T>) => {
    queue.scheduled = false;
    while (queue.inFlight < maxInFlight && queue.waiting.length > 0) {
      const group = queue.waiting.splice(0, maxItems);
      queue.inFlight += 1;
      void write(orgId, group).finally(() => {
        queue.inFlight -= 1;
        if (queue.waiting.length > 0) pump(orgId, queue);
        else if (queue.inFlight === 0 && !queue.scheduled) queues.delete(orgId);
      });
    }
  };

  const write = async (orgId: string, group: Waiting<T>[]) => {
    stats.groups += 1;
    stats.items += group.length;
    let result: BatchResult & { records?: ReadonlyMap<string, T> };
    try {
      result = await run(orgId, group.map((waiting) => waiting.item));
    } catch (error) {
      if (group.length === 1) return group[0]!.reject(error);
      stats.retriedGroups += 1;
      for (const waiting of group) {
        try {
          waiting.resolve(await run(orgId, [waiting.item]));
        } catch (alone) {
          waiting.reject(alone);
        }
      }
      return;
    }
    const parts: GroupedResult<T>[] = splitBatchResult(result, group.length);
    const known = result.records;
    if (options.load || known) {
      const ids = parts.flatMap((part) => (part.items[0]!.id && !known?.has(part.items[0]!.id) ? [part.items[0]!.id] : []));
      // Committed already: if reading the records back fails, each request reads its own instead.
      const records = ids.length > 0 && options.load ? await options.load(orgId, [...new Set(ids)]).catch(() => undefined) : undefined;
      for (const part of parts) {
        const id = part.items[0]!.id;
        const record = id ? (known?.get(id) ?? records?.get(id)) : undefined;
        if (record !== undefined) part.record = record;
      }
    }
    group.forEach((waiting, index) => waiting.resolve(parts[index]!));
  };

  return {
    stats,
    submit(orgId, item) {
      return new Promise<GroupedResult<T>>((resolve, reject) => {
        let queue = queues.get(orgId);
        if (!queue) {
          queue = { waiting: [], inFlight: 0, scheduled: false };
          queues.set(orgId, queue);
        }
        queue.waiting.push({ item, resolve, reject });
        if (!queue.scheduled && queue.inFlight < maxInFlight) {
          queue.scheduled = true;
          const scheduled = queue;
          setImmediate(() => pump(orgId, scheduled));
        }
      });
    },
  };
}

/** The batch result of `count` items cut into one result per item, each at index 0. */
export function splitBatchResult(result: BatchResult, count: number): BatchResult[] {
  const errorsByIndex = new Map<number, BatchResult['errors']>();
  for (const error of result.errors) {
    const list = errorsByIndex.get(error.index) ?? [];
    list.push({ ...error, index: 0 });
    errorsByIndex.set(error.index, list);
  }
  const parts: BatchResult[] = [];
  for (let index = 0; index < count; index += 1) {
    const item = result.items[index]?.index === index ? result.items[index] : result.items.find((candidate) => candidate.index === index);
    if (!item) throw new Error(`the batch result has no item ${index}`);
    parts.push({
      received: 1,
      created: item.status === 'created' ? 1 : 0,
      existing: item.status === 'existing' ? 1 : 0,
      failed: item.status === 'failed' ? 1 : 0,
      items: [{ ...item, index: 0 }],
      errors: errorsByIndex.get(index) ?? [],
    });
  }
  return parts;
}
