import { and, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../platform/database.ts';
import { NotFoundError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import type { Page } from '../platform/pagination.ts';
import {
  batchResult,
  BULK_ROWS,
  chunksOf,
  createMomentResolver,
  externalIdOf,
  inTextList,
  recordsetOf,
  resolveLocationCodes,
  rowsOfResult,
  settleOutcomes,
  upsertCustomers,
  type BatchResult,
  type ItemOutcome,
} from './ingest.ts';
import { contentHash } from './model.ts';
import { customers, interactions } from './schema.ts';
import { beforeKey, decodeTimeCursor, toTimePage } from './time-cursor.ts';
import { scheduleTriggeredInvitations } from './triggers.ts';
import { InteractionInputSchema, itemChecker, type InteractionInput, type ItemError } from './schemas.ts';

/*
 * Interactions: moments that happened, sent by the business's systems one at a time or in batches of
 * up to 10,000. Each item is checked on its own (a bad item is reported by index and field, the good
 * ones are stored); all good items of a batch go in one transaction, in multi-row INSERTs of 1,000.
 *
 * Idempotency: `external_id` is unique per organisation and rows are inserted with ON CONFLICT DO
 * NOTHING, so a retry — or the same batch posted twice at once — stores each interaction once and
 * answers with the stored id. A retry whose content differs from what was stored is reported as a
 * failed item (the stored record is kept): an id reused for something else is a bug worth seeing.
 */

export type InteractionRow = typeof interactions.$inferSelect;
export type InteractionWithCustomer = InteractionRow & { customerExternalId: string };

const checkItem = itemChecker(InteractionInputSchema);

/** How far ahead of the server's clock occurredAt may be (clock skew between systems). */
const FUTURE_TOLERANCE_MS = 24 * 60 * 60 * 1000;

interface Prepared {
  index: number;
  input: InteractionInput;
  hash: string;
  locationId: string;
  journeyId: string;
  journeyKey: string;
  journeyVersion: number;
}

export async function ingestInteractions(db: Db, orgId: string, items: unknown[], now: Date): Promise<BatchResult> {
  const outcomes: ItemOutcome[] = [];
  const fail = (index: number, item: unknown, errors: ItemError[]) => outcomes.push({ index, status: 'failed', externalId: externalIdOf(item), errors });

  const valid: { index: number; input: InteractionInput }[] = [];
  items.forEach((item, index) => {
    const errors = checkItem(item);
    if (errors.length > 0) return fail(index, item, errors);
    const input = item as InteractionInput;
    if (new Date(input.occurredAt).getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
      return fail(index, item, [{ field: 'occurredAt', message: 'occurredAt is more than a day in the future' }]);
    }
    valid.push({ index, input });
  });

  const locations = await resolveLocationCodes(db, orgId, valid.map(({ input }) => input.locationCode));
  const resolveMoment = createMomentResolver(db, orgId);
  const prepared: Prepared[] = [];
  for (const { index, input } of valid) {
    const locationId = locations.get(input.locationCode);
    if (!locationId) {
      fail(index, input, [{ field: 'locationCode', message: `there is no location with the code "${input.locationCode}"` }]);
      continue;
    }
    const resolved = await resolveMoment(input.journeyKey, input.momentKey, locationId);
    if (!resolved.ok) {
      fail(index, input, [resolved.error]);
      continue;
    }
    const { journeyId, journeyKey, version } = resolved.moment;
    prepared.push({ index, input, hash: contentHash(input), locationId, journeyId, journeyKey, journeyVersion: version });
  }
  if (prepared.length === 0) return batchResult(outcomes);

  // Lock order = external-id order, so two batches with the same ids wait for each other instead of deadlocking.
  prepared.sort((a, b) => (a.input.externalId < b.input.externalId ? -1 : a.input.externalId > b.input.externalId ? 1 : a.index - b.index));

  await db.transaction(async (tx) => {
    const customerIds = await upsertCustomers(tx, orgId, prepared.map(({ input }) => input.customer), now);
    const created = new Map<string, string>();
    const at = now.toISOString();
    for (const chunk of chunksOf(prepared, BULK_ROWS)) {
      const rows = chunk.map((item) => ({
        interaction_id: newId(now.getTime()),
        external_id: item.input.externalId,
        content_hash: item.hash,
        journey_id: item.journeyId,
        journey_key: item.journeyKey,
        journey_version: item.journeyVersion,
        moment_key: item.input.momentKey,
        visit_id: item.input.visitId ?? null,
        occurred_at: new Date(item.input.occurredAt).toISOString(),
        location_id: item.locationId,
        staff_id: item.input.staffId ?? null,
        channel: item.input.channel,
        customer_id: customerIds.get(item.input.customer.externalId)!,
        wait_seconds: item.input.metrics?.waitSeconds ?? null,
        handle_seconds: item.input.metrics?.handleSeconds ?? null,
        outcome: item.input.outcome ?? null,
      }));
      const result = await tx.execute(sql`
        insert into interactions (org_id, interaction_id, external_id, content_hash, journey_id, journey_key, journey_version, moment_key, visit_id,
          occurred_at, location_id, staff_id, channel, customer_id, wait_seconds, handle_seconds, outcome, created_at)
        select ${orgId}, r.interaction_id, r.external_id, r.content_hash, r.journey_id, r.journey_key, r.journey_version, r.moment_key, r.visit_id,
          r.occurred_at, r.location_id, r.staff_id, r.channel, r.customer_id, r.wait_seconds, r.handle_seconds, r.outcome, ${at}::timestamptz
        from ${recordsetOf(
          rows,
          `interaction_id text, external_id text, content_hash text, journey_id text, journey_key text, journey_version int, moment_key text, visit_id text,
           occurred_at timestamptz, location_id text, staff_id text, channel text, customer_id text, wait_seconds float8, handle_seconds float8, outcome text`,
        )}
        on conflict do nothing
        returning interaction_id, external_id`);
      for (const row of rowsOfResult<{ interaction_id: string; external_id: string }>(result)) created.set(row.external_id, row.interaction_id);
    }
    const missing = [...new Set(prepared.filter((item) => !created.has(item.input.externalId)).map((item) => item.input.externalId))];
    const stored = new Map<string, { id: string; hash: string }>();
    if (missing.length > 0) {
      const rows = await tx
        .select({ interactionId: interactions.interactionId, externalId: interactions.externalId, contentHash: interactions.contentHash })
        .from(interactions)
        .where(and(eq(interactions.orgId, orgId), inTextList(interactions.externalId, missing)));
      for (const row of rows) stored.set(row.externalId, { id: row.interactionId, hash: row.contentHash });
    }
    // Survey triggers fire for the interactions this batch actually stored (a retry fires nothing), in this transaction.
    await scheduleTriggeredInvitations(tx, orgId, [...created.values()], now);
    const settled = prepared.map((item) => ({ index: item.index, externalId: item.input.externalId, hash: item.hash }));
    outcomes.push(...settleOutcomes(settled, created, stored, 'interaction'));
  });
  return batchResult(outcomes);
}

// ---------- reading ----------

const withCustomer = {
  interaction: interactions,
  customerExternalId: customers.externalId,
};

function flatten(row: { interaction: InteractionRow; customerExternalId: string }): InteractionWithCustomer {
  return { ...row.interaction, customerExternalId: row.customerExternalId };
}

export async function findInteraction(db: Db, orgId: string, interactionId: string): Promise<InteractionWithCustomer | undefined> {
  const [row] = await db
    .select(withCustomer)
    .from(interactions)
    .innerJoin(customers, and(eq(customers.orgId, interactions.orgId), eq(customers.customerId, interactions.customerId)))
    .where(and(eq(interactions.orgId, orgId), eq(interactions.interactionId, interactionId)));
  return row ? flatten(row) : undefined;
}

/** Interactions by id with their customer's external id, in one query (what single posts answer with). */
export async function findInteractionsById(db: Db, orgId: string, interactionIds: string[]): Promise<Map<string, InteractionWithCustomer>> {
  if (interactionIds.length === 0) return new Map();
  const rows = await db
    .select(withCustomer)
    .from(interactions)
    .innerJoin(customers, and(eq(customers.orgId, interactions.orgId), eq(customers.customerId, interactions.customerId)))
    .where(and(eq(interactions.orgId, orgId), inTextList(interactions.interactionId, interactionIds)));
  return new Map(rows.map((row) => [row.interaction.interactionId, flatten(row)]));
}

export async function getInteraction(db: Db, orgId: string, interactionId: string): Promise<InteractionWithCustomer> {
  const row = await findInteraction(db, orgId, interactionId);
  if (!row) throw new NotFoundError('Interaction');
  return row;
}

export async function findInteractionByExternalId(db: Db, orgId: string, externalId: string): Promise<InteractionRow | undefined> {
  const [row] = await db.select().from(interactions).where(and(eq(interactions.orgId, orgId), eq(interactions.externalId, externalId)));
  return row;
}

export async function findInteractionsByExternalId(db: Db, orgId: string, externalIds: string[]): Promise<Map<string, InteractionRow>> {
  const found = new Map<string, InteractionRow>();
  if (externalIds.length === 0) return found;
  const rows = await db.select().from(interactions).where(and(eq(interactions.orgId, orgId), inTextList(interactions.externalId, [...new Set(externalIds)])));
  for (const row of rows) found.set(row.externalId, row);
  return found;
}

export interface InteractionFilter {
  journeyKey?: string;
  momentKey?: string;
  visitId?: string;
  staffId?: string;
  /** Already expanded to the subtree; an empty list matches nothing. */
  locationIds?: string[];
  from?: Date;
  to?: Date;
}

/** Newest first by when the moment happened, page by page. */
export async function listInteractions(db: Db, orgId: string, filter: InteractionFilter, options: { limit: number; cursor?: string }): Promise<Page<InteractionWithCustomer>> {
  if (filter.locationIds && filter.locationIds.length === 0) return { items: [], nextCursor: null };
  const after = decodeTimeCursor(options.cursor);
  const conditions: (SQL | undefined)[] = [
    eq(interactions.orgId, orgId),
    beforeKey(interactions.occurredAt, interactions.interactionId, after),
    filter.journeyKey ? eq(interactions.journeyKey, filter.journeyKey) : undefined,
    filter.momentKey ? eq(interactions.momentKey, filter.momentKey) : undefined,
    filter.visitId ? eq(interactions.visitId, filter.visitId) : undefined,
    filter.staffId ? eq(interactions.staffId, filter.staffId) : undefined,
    filter.locationIds ? inArray(interactions.locationId, filter.locationIds) : undefined,
    filter.from ? gte(interactions.occurredAt, filter.from) : undefined,
    filter.to ? lt(interactions.occurredAt, filter.to) : undefined,
  ];
  const rows = await db
    .select(withCustomer)
    .from(interactions)
    .innerJoin(customers, and(eq(customers.orgId, interactions.orgId), eq(customers.customerId, interactions.customerId)))
    .where(and(...conditions))
    .orderBy(desc(interactions.occurredAt), desc(interactions.interactionId))
    .limit(options.limit + 1);
  return toTimePage(rows.map(flatten), options.limit, (row) => ({ at: row.occurredAt, id: row.interactionId }));
}
