import { and, eq, gt, inArray, isNull, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { getOrganization, listLocationSubtreeIds } from '../access/index.ts';
import { driversReport, journeyHeatmap } from '../insights/index.ts';
import type { Db } from '../platform/database.ts';
import { badRequest } from '../platform/errors.ts';
import type { ImprovementFilter, ImprovementRow } from './actions.ts';
import { computeImpact, IMPACT_METRICS, IMPACT_WINDOW_DAYS, type BenchmarkInput, type ImpactComparator, type ImpactMetric } from './improvement-impact.ts';
import { localDateOf } from './model.ts';
import { improvementActions } from './schema.ts';
import type { Page } from '../platform/pagination.ts';

/*
 * Computing, storing and ranking improvement actions by impact (definition: improvement-impact.ts).
 * Drivers and scores come through the insights door only. Importance is the journey's (all the
 * organisation's visits: a single outlet rarely has the 30+ complete visits relative weights need);
 * the gap is measured where the action works (its location subtree, else the organisation), against
 * that location's effective benchmarks.
 */

/** Fewest answers for the moment's current score (as the heatmap's default). */
export const IMPACT_MIN_N = 5;

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Computes and stores one action's impact; returns the updated row. Safe to run any number of times. */
export async function refreshImprovementImpact(db: Db, orgId: string, improvement: ImprovementRow, now: Date): Promise<ImprovementRow> {
  const today = localDateOf(now, (await getOrganization(db, orgId)).timezone);
  const windowTo = today;
  const windowFrom = addDays(today, -(IMPACT_WINDOW_DAYS - 1));
  const drivers = await driversReport(db, orgId, { journeyKey: improvement.journeyKey, from: windowFrom, to: windowTo }, now);
  const driver = drivers.status === 'ok' ? drivers.moments.find((moment) => moment.momentKey === improvement.momentKey) : undefined;
  const locationIds = improvement.locationId ? await listLocationSubtreeIds(db, orgId, improvement.locationId) : undefined;
  const heatmap = await journeyHeatmap(db, orgId, {
    journeyKey: improvement.journeyKey,
    from: windowFrom,
    to: windowTo,
    locationId: improvement.locationId ?? undefined,
    locationIds,
    minN: IMPACT_MIN_N,
  });
  const moment = heatmap?.moments.find((candidate) => candidate.momentKey === improvement.momentKey);
  const benchmarks: BenchmarkInput[] = [];
  if (moment) {
    for (const metric of IMPACT_METRICS) {
      const target = moment.benchmarks[metric];
      if (target) benchmarks.push({ metric: metric as ImpactMetric, comparator: target.comparator as ImpactComparator, value: target.value, score: moment.scores[metric].score });
    }
  }
  const { impact, inputs } = computeImpact({
    windowFrom,
    windowTo,
    driversStatus: drivers.status,
    importanceShare: driver ? driver.share : null,
    benchmarks,
  });
  const [row] = await db
    .update(improvementActions)
    .set({ impact, impactInputs: inputs, impactComputedAt: now })
    .where(and(eq(improvementActions.orgId, orgId), eq(improvementActions.improvementId, improvement.improvementId)))
    .returning();
  return row ?? improvement;
}

/**
 * The daily job: every open (not closed) action of every organisation. Each action is written on its
 * own, so a failure leaves the others' values and the next run retries; drivers are cached per journey.
 */
export async function refreshOpenImprovementImpacts(db: Db, now: Date, onError?: (error: unknown, row: ImprovementRow) => void): Promise<number> {
  const rows = await db
    .select()
    .from(improvementActions)
    .where(ne(improvementActions.status, 'closed'))
    .orderBy(improvementActions.orgId, improvementActions.journeyKey, improvementActions.improvementId);
  let refreshed = 0;
  for (const row of rows) {
    try {
      await refreshImprovementImpact(db, row.orgId, row, now);
      refreshed += 1;
    } catch (error) {
      onError?.(error, row);
    }
  }
  return refreshed;
}

// ---------- the list, ranked ----------

interface ImpactCursor {
  impact: number | null;
  id: string;
}

function encodeImpactCursor(row: ImprovementRow): string {
  return Buffer.from(JSON.stringify([row.impact, row.improvementId])).toString('base64url');
}

function decodeImpactCursor(cursor: string | undefined): ImpactCursor | undefined {
  if (cursor === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && (value[0] === null || typeof value[0] === 'number') && typeof value[1] === 'string') {
      return { impact: value[0], id: value[1] };
    }
  } catch {
    // fall through
  }
  throw badRequest('cursor', 'cursor is not a cursor of this list');
}

/** Highest impact first, the actions without an impact last; ties and nulls oldest first. */
export async function listImprovementsByImpact(db: Db, orgId: string, filter: ImprovementFilter): Promise<Page<ImprovementRow>> {
  const after = decodeImpactCursor(filter.cursor);
  const t = improvementActions;
  let afterCondition: SQL | undefined;
  if (after) {
    afterCondition =
      after.impact === null
        ? and(isNull(t.impact), gt(t.improvementId, after.id))
        : or(lt(t.impact, after.impact), and(eq(t.impact, after.impact), gt(t.improvementId, after.id)), isNull(t.impact));
  }
  const conditions: (SQL | undefined)[] = [
    eq(t.orgId, orgId),
    afterCondition,
    filter.status ? eq(t.status, filter.status) : undefined,
    filter.journeyKey ? eq(t.journeyKey, filter.journeyKey) : undefined,
    filter.momentKey ? eq(t.momentKey, filter.momentKey) : undefined,
  ];
  if (filter.within) {
    conditions.push(filter.within.length > 0 ? sql`(${t.locationId} is null or ${inArray(t.locationId, filter.within)})` : isNull(t.locationId));
  }
  const rows = await db
    .select()
    .from(t)
    .where(and(...conditions))
    .orderBy(sql`${t.impact} desc nulls last`, t.improvementId)
    .limit(filter.limit + 1);
  const items = rows.slice(0, filter.limit);
  return { items, nextCursor: rows.length > filter.limit ? encodeImpactCursor(items[items.length - 1]!) : null };
}
