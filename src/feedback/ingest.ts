import { findLocationIdsByCode } from '../access/index.ts';
import { and, eq, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { findEffectiveMoment, findPublishedMoment, listPublishedJourneyKeys } from '../journeys/index.ts';
import { rowsOfResult, type Db } from '../platform/database.ts';
import { newId } from '../platform/ids.ts';
import { orgReferenceCache } from '../platform/org-reference-cache.ts';
import { customers } from './schema.ts';
import type { ItemError } from './schemas.ts';

/*
 * What the batch endpoints (interactions, responses) share: the per-item outcome and the result
 * body, customers upserted by external id, locations found by code and moments found in published
 * journeys — each looked up once per batch, not once per item.
 */

/** Rows per multi-row INSERT: well under PostgreSQL's 65,535 parameters at ~20 columns a row. */
export const CHUNK_ROWS = 1000;

/**
 * Rows per set-based statement on the ingest path. Such a statement sends its rows as ONE jsonb
 * parameter (see `recordsetOf`), so its size is bounded by memory, not by the parameter limit: a
 * whole 10,000-item batch is one statement per table.
 */
export const BULK_ROWS = 10_000;

/**
 * `jsonb_to_recordset($1::jsonb) as r(<columns>)`: the rows (objects keyed by the column names, in
 * snake_case) as one parameter, typed by `columns` ("external_id text, nps smallint, answers jsonb,
 * …"). A fixed number of parameters however many rows: PostgreSQL plans it once and neither Drizzle
 * nor the driver handles 20 values per row. Dates serialise as ISO strings, which timestamptz reads.
 */
export function recordsetOf(rows: readonly object[], columns: string): SQL {
  return sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(${sql.raw(columns)})`;
}

/** A text list as one jsonb parameter: `column in (select jsonb_array_elements_text($1::jsonb))`. */
export function inTextList(column: SQL | AnyColumn, values: readonly string[]): SQL {
  return sql`${column} in (select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;
}

/** The rows of an execute() result: platform/database.ts#rowsOfResult, re-exported for the room. */
export { rowsOfResult };

export function chunksOf<T>(items: T[], size = CHUNK_ROWS): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

export type ItemOutcome =
  | { index: number; status: 'created' | 'existing'; externalId: string; id: string }
  | { index: number; status: 'failed'; externalId: string | null; errors: ItemError[] };

export interface BatchResult {
  received: number;
  created: number;
  existing: number;
  failed: number;
  items: { index: number; status: 'created' | 'existing' | 'failed'; externalId: string | null; id: string | null }[];
  errors: { index: number; field: string; message: string }[];
}

export function batchResult(outcomes: ItemOutcome[]): BatchResult {
  const sorted = [...outcomes].sort((a, b) => a.index - b.index);
  const count = (status: ItemOutcome['status']) => sorted.filter((outcome) => outcome.status === status).length;
  return {
    received: sorted.length,
    created: count('created'),
    existing: count('existing'),
    failed: count('failed'),
    items: sorted.map((outcome) => ({
      index: outcome.index,
      status: outcome.status,
      externalId: outcome.externalId,
      id: outcome.status === 'failed' ? null : outcome.id,
    })),
    errors: sorted.flatMap((outcome) => (outcome.status === 'failed' ? outcome.errors.map((error) => ({ index: outcome.index, ...error })) : [])),
  };
}

/** The sender's external id of an item that may not have passed the schema, for the result list. */
export function externalIdOf(item: unknown): string | null {
  const value = item && typeof item === 'object' ? (item as { externalId?: unknown }).externalId : undefined;
  return typeof value === 'string' ? value : null;
}

/**
 * Turns what the INSERT … ON CONFLICT DO NOTHING returned into per-item outcomes. The first item
 * with a new external id created the row; a later item with the same id (in this batch, an earlier
 * one, or a concurrent one) is a retry: `existing` when its content hash matches the stored one,
 * otherwise failed, because the id was reused for different content (the stored record is kept).
 */
export function settleOutcomes(
  items: { index: number; externalId: string; hash: string }[],
  created: Map<string, string>,
  stored: Map<string, { id: string; hash: string | null }>,
  what: string,
): ItemOutcome[] {
  const outcomes: ItemOutcome[] = [];
  const hashInBatch = new Map<string, string>();
  for (const item of [...items].sort((a, b) => a.index - b.index)) {
    const createdId = created.get(item.externalId);
    if (createdId && !hashInBatch.has(item.externalId)) {
      hashInBatch.set(item.externalId, item.hash);
      outcomes.push({ index: item.index, status: 'created', externalId: item.externalId, id: createdId });
      continue;
    }
    const existing = createdId ? { id: createdId, hash: hashInBatch.get(item.externalId)! } : stored.get(item.externalId);
    if (!existing) throw new Error(`${what} ${item.externalId} was neither inserted nor found`);
    if (existing.hash === item.hash) {
      outcomes.push({ index: item.index, status: 'existing', externalId: item.externalId, id: existing.id });
    } else {
      outcomes.push({
        index: item.index,
        status: 'failed',
        externalId: item.externalId,
        errors: [{ field: 'externalId', message: `externalId "${item.externalId}" already belongs to a different ${what} (${existing.id}); the stored one was kept` }],
      });
    }
  }
  return outcomes;
}

// ---------- customers ----------

export interface CustomerInput {
  externalId: string;
  name?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
  locale?: string | undefined;
  attributes?: Record<string, string | number | boolean | null> | undefined;
}

/**
 * Upserts customers by external id and returns their ids by external id. A value sent replaces the
 * stored one; a value left out keeps it; attributes are merged. Rows go in external-id order so two
 * concurrent batches lock the same customers in the same order (no deadlock).
 */
export async function upsertCustomers(tx: Db, orgId: string, inputs: CustomerInput[], now: Date): Promise<Map<string, string>> {
  const merged = new Map<string, CustomerInput>();
  for (const input of inputs) {
    const before = merged.get(input.externalId);
    merged.set(input.externalId, before ? { ...before, ...definedOnly(input), attributes: { ...before.attributes, ...input.attributes } } : input);
  }
  const ordered = [...merged.values()].sort((a, b) => (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0));
  const ids = new Map<string, string>();
  const at = now.toISOString();
  for (const chunk of chunksOf(ordered, BULK_ROWS)) {
    const rows = chunk.map((input) => ({
      customer_id: newId(now.getTime()),
      external_id: input.externalId,
      name: input.name ?? null,
      email: input.email ?? null,
      phone: input.phone ?? null,
      locale: input.locale ?? null,
      attributes: input.attributes ?? {},
    }));
    const result = await tx.execute(sql`
      insert into customers (org_id, customer_id, external_id, name, email, phone, locale, attributes, created_at, updated_at)
      select ${orgId}, r.customer_id, r.external_id, r.name, r.email, r.phone, r.locale, r.attributes, ${at}::timestamptz, ${at}::timestamptz
      from ${recordsetOf(rows, 'customer_id text, external_id text, name text, email text, phone text, locale text, attributes jsonb')}
      on conflict (org_id, external_id) do update set
        name = coalesce(excluded.name, customers.name),
        email = coalesce(excluded.email, customers.email),
        phone = coalesce(excluded.phone, customers.phone),
        locale = coalesce(excluded.locale, customers.locale),
        attributes = customers.attributes || excluded.attributes,
        updated_at = excluded.updated_at
      returning customer_id, external_id`);
    for (const row of rowsOfResult<{ customer_id: string; external_id: string }>(result)) ids.set(row.external_id, row.customer_id);
  }
  return ids;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export async function findCustomerIdsByExternalId(db: Db, orgId: string, externalIds: string[]): Promise<Map<string, string>> {
  if (externalIds.length === 0) return new Map();
  const rows = await db
    .select({ customerId: customers.customerId, externalId: customers.externalId })
    .from(customers)
    .where(and(eq(customers.orgId, orgId), inTextList(customers.externalId, externalIds)));
  return new Map(rows.map((row) => [row.externalId, row.customerId]));
}

// ---------- locations and moments ----------

/** Location ids by code for every code of the batch, in one query. */
export async function resolveLocationCodes(db: Db, orgId: string, codes: Iterable<string>): Promise<Map<string, string>> {
  const distinct = [...new Set(codes)];
  // A group of single posts usually names one outlet: remembered for a moment (found codes only, so
  // a location created a moment ago is found; editing a location forgets).
  if (distinct.length === 1) {
    const code = distinct[0]!;
    const locationId = await orgReferenceCache.remember(orgId, `location-code\u0000${code}`, async () => (await findLocationIdsByCode(db, orgId, [code])).get(code));
    return new Map(locationId === undefined ? [] : [[code, locationId]]);
  }
  return findLocationIdsByCode(db, orgId, distinct);
}

export interface ResolvedMoment {
  journeyId: string;
  journeyKey: string;
  version: number;
}

export type MomentResolution = { ok: true; moment: ResolvedMoment } | { ok: false; error: ItemError };

/**
 * Finds moments in the organisation's published journeys, remembering every answer for the batch.
 * A moment of the central blueprint is found by (journey, moment); one that an outlet or its region
 * added is found in the location's effective blueprint. Without a journey key the moment key must
 * belong to exactly one published journey. Found moments and the published journey keys are also
 * remembered across batches for a moment (src/platform/org-reference-cache.ts); publishing forgets.
 */
export function createMomentResolver(db: Db, orgId: string) {
  const central = new Map<string, Promise<ResolvedMoment | undefined>>();
  const effective = new Map<string, Promise<ResolvedMoment | undefined>>();
  let journeyKeys: Promise<string[]> | undefined;

  const centralMoment = (journeyKey: string, momentKey: string) => {
    const cacheKey = `${journeyKey}\u0000${momentKey}`;
    let found = central.get(cacheKey);
    if (!found) {
      found = orgReferenceCache.remember(orgId, `central-moment\u0000${cacheKey}`, () =>
        findPublishedMoment(db, orgId, journeyKey, momentKey).then((moment) => (moment ? { journeyId: moment.journeyId, journeyKey, version: moment.version } : undefined)),
      );
      central.set(cacheKey, found);
    }
    return found;
  };
  const localMoment = (journeyKey: string, momentKey: string, locationId: string | undefined) => {
    if (!locationId) return Promise.resolve(undefined);
    const cacheKey = `${journeyKey}\u0000${momentKey}\u0000${locationId}`;
    let found = effective.get(cacheKey);
    if (!found) {
      found = orgReferenceCache.remember(orgId, `effective-moment\u0000${cacheKey}`, () =>
        findEffectiveMoment(db, orgId, journeyKey, momentKey, locationId).then((moment) => (moment ? { journeyId: moment.journeyId, journeyKey, version: moment.version } : undefined)),
      );
      effective.set(cacheKey, found);
    }
    return found;
  };
  const publishedKeys = () => (journeyKeys ??= orgReferenceCache.remember(orgId, 'published-journey-keys', () => listPublishedJourneyKeys(db, orgId)));

  return async function resolve(journeyKey: string | undefined, momentKey: string, locationId: string | undefined): Promise<MomentResolution> {
    if (journeyKey) {
      const found = (await centralMoment(journeyKey, momentKey)) ?? (await localMoment(journeyKey, momentKey, locationId));
      if (found) return { ok: true, moment: found };
      if (!(await publishedKeys()).includes(journeyKey)) {
        return { ok: false, error: { field: 'journeyKey', message: `there is no published journey "${journeyKey}"` } };
      }
      return { ok: false, error: { field: 'momentKey', message: `journey "${journeyKey}" has no moment "${momentKey}" in its published version` } };
    }
    const keys = await publishedKeys();
    for (const lookup of [centralMoment, (key: string, moment: string) => localMoment(key, moment, locationId)]) {
      const matches = (await Promise.all(keys.map((key) => lookup(key, momentKey)))).filter((found): found is ResolvedMoment => found !== undefined);
      if (matches.length === 1) return { ok: true, moment: matches[0]! };
      if (matches.length > 1) {
        const names = matches.map((match) => `"${match.journeyKey}"`).join(', ');
        return { ok: false, error: { field: 'journeyKey', message: `moment "${momentKey}" is in several published journeys (${names}); send journeyKey` } };
      }
    }
    return { ok: false, error: { field: 'momentKey', message: `no published journey has a moment "${momentKey}"` } };
  };
}
