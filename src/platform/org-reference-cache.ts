/*
 * Reference data that every ingest write reads and that changes seldom: a survey's published version,
 * location ids by code, the published journey version of a moment, the recovery rules, the active
 * webhook endpoints. Group commit (src/feedback/group-commit.ts) already writes concurrent single posts
 * together, but each group still looked all of these up again: seven of its fifteen queries. They are
 * remembered here per organisation for REFERENCE_CACHE_MS.
 *
 * Correctness rules:
 * - a change made through this process (publishing a survey or journey, editing locations, recovery
 *   rules or webhook endpoints) calls `forgetOrganizationReferences(orgId)`: later reads miss, and a
 *   read that was already running when the change happened is not stored (the generation moved on);
 * - another process of a deployment with several sees such a change after at most REFERENCE_CACHE_MS
 *   — as if the request had arrived that much earlier, which a concurrent publish allows anyway;
 * - callers store only what stays true until the next change (a found survey version, a found
 *   location); "not found" is not remembered by default, so a location created a moment ago is found.
 *
 * The clock is the process's monotonic one (performance.now), not the injected business `now`.
 */

/** How long a remembered value is used (ms). */
export const REFERENCE_CACHE_MS = 2_000;
/** Values remembered at most over all organisations; the organisation read least recently goes first. */
const MAX_ENTRIES = 20_000;

interface OrgEntries {
  values: Map<string, { value: unknown; until: number }>;
}

export interface OrgReferenceCache {
  /**
   * The value under `key` for the organisation: remembered, or read by `load` and remembered when
   * `keep(value)` says it may be (default: anything but undefined).
   */
  remember<T>(orgId: string, key: string, load: () => Promise<T>, keep?: (value: T) => boolean): Promise<T>;
  /** Forgets everything remembered for the organisation (call after a change of its reference data). */
  forget(orgId: string): void;
  /** Values remembered now, over all organisations (tests, diagnostics). */
  size(): number;
}

export function createOrgReferenceCache(options: { ttlMs?: number; maxEntries?: number; clock?: () => number } = {}): OrgReferenceCache {
  const ttlMs = options.ttlMs ?? REFERENCE_CACHE_MS;
  const maxEntries = options.maxEntries ?? MAX_ENTRIES;
  const clock = options.clock ?? (() => performance.now());
  const orgs = new Map<string, OrgEntries>();
  // Generations survive forgetting an organisation's values, so a read that raced with a change is
  // recognised even when the organisation's entry was dropped meanwhile.
  const generations = new Map<string, number>();
  let total = 0;

  const entriesOf = (orgId: string): OrgEntries => {
    let entries = orgs.get(orgId);
    if (entries) {
      // Most recently used organisation last, so eviction takes the least recently used first.
      orgs.delete(orgId);
      orgs.set(orgId, entries);
    } else {
      entries = { values: new Map() };
      orgs.set(orgId, entries);
    }
    return entries;
  };

  const evict = () => {
    while (total > maxEntries && orgs.size > 0) {
      const [oldest, entries] = orgs.entries().next().value!;
      total -= entries.values.size;
      orgs.delete(oldest);
    }
  };

  return {
    async remember<T>(orgId: string, key: string, load: () => Promise<T>, keep: (value: T) => boolean = (value) => value !== undefined): Promise<T> {
      const entries = entriesOf(orgId);
      const now = clock();
      const hit = entries.values.get(key);
      if (hit && hit.until > now) return hit.value as T;
      if (hit) {
        entries.values.delete(key);
        total -= 1;
      }
      const generation = generations.get(orgId) ?? 0;
      const value = await load();
      if (keep(value) && (generations.get(orgId) ?? 0) === generation) {
        const current = entriesOf(orgId);
        if (!current.values.has(key)) total += 1;
        current.values.set(key, { value, until: clock() + ttlMs });
        evict();
      }
      return value;
    },
    forget(orgId: string) {
      generations.set(orgId, (generations.get(orgId) ?? 0) + 1);
      const entries = orgs.get(orgId);
      if (entries) {
        total -= entries.values.size;
        orgs.delete(orgId);
      }
    },
    size: () => total,
  };
}

/** The cache of this process, shared by the rooms that read and the rooms that change reference data. */
export const orgReferenceCache = createOrgReferenceCache();

/** After a change of an organisation's reference data through this process. */
export function forgetOrganizationReferences(orgId: string): void {
  orgReferenceCache.forget(orgId);
}
