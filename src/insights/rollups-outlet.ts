import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../platform/database.ts';
import { addExcluded, ROLLUP_COUNTER_COLUMNS } from './rollup-counters.ts';

/*
 * The outlet ladder: rollups without moment, channel and journey version, by local day, ISO week and
 * calendar month, per location (insight_rollups_outlet_*) and per location × staff member
 * (insight_rollups_people_*). Outlet league tables, staff league tables and an outlet's trend read
 * these: a 90-day outlet table is ~2 months + a few weeks + a few days × 200 outlets instead of
 * 90 days × 200 outlets × 40 moments × channels. Kept in step by rollups.ts (applyDeltas writes
 * the ladder in the same statement as the fine rollups; rebuildRollups clears them first).
 */

export const OUTLET_TABLES = [
  'insight_rollups_outlet_day',
  'insight_rollups_outlet_week',
  'insight_rollups_outlet_month',
  'insight_rollups_people_day',
  'insight_rollups_people_week',
  'insight_rollups_people_month',
] as const;

const list = sql.raw(ROLLUP_COUNTER_COLUMNS.join(', '));
const sums = sql.raw(ROLLUP_COUNTER_COLUMNS.map((c) => `sum(${c})`).join(', '));

/**
 * The six outlet-ladder upserts as data-modifying CTEs (`people_day as (insert …), …`) that read the
 * CTE `agg` of the fine-rollup statement in rollups.ts (one row per local day × journey × moment ×
 * location × staff × channel × version, counters already × sign). So the ladder costs no statement,
 * no second serialisation of the rows and no second time-zone join of its own. Rows are upserted in
 * key order (as rollups.ts does) so concurrent batches wait instead of deadlocking.
 */
export function outletLadderUpserts(orgId: string): SQL {
  const upsert = (table: string, period: 'day' | 'week' | 'month', staff: boolean) => {
    const column = period === 'day' ? 'day' : period;
    const bucket = period === 'day' ? sql.raw('day') : sql.raw(`date_trunc('${period}', day)::date`);
    const keys = staff ? 'journey_key, location_id, staff_id' : 'journey_key, location_id';
    const groupCount = staff ? '1, 2, 3, 4' : '1, 2, 3';
    return sql`insert into ${sql.raw(table)} (org_id, ${sql.raw(column)}, ${sql.raw(keys)}, ${list})
      select ${orgId}, * from (select ${bucket}, ${sql.raw(keys)}, ${sums} from agg group by ${sql.raw(groupCount)} order by ${sql.raw(groupCount)}) g
      on conflict (org_id, ${sql.raw(column)}, ${sql.raw(keys)}) do update set ${addExcluded(table)}`;
  };
  return sql`people_day as (${upsert('insight_rollups_people_day', 'day', true)}),
      people_week as (${upsert('insight_rollups_people_week', 'week', true)}),
      people_month as (${upsert('insight_rollups_people_month', 'month', true)}),
      outlet_day as (${upsert('insight_rollups_outlet_day', 'day', false)}),
      outlet_week as (${upsert('insight_rollups_outlet_week', 'week', false)}),
      outlet_month as (${upsert('insight_rollups_outlet_month', 'month', false)})`;
}

/**
 * After deletions: cells emptied go (a rebuild would not create them). `first` … `last` are local days
 * (yyyy-mm-dd) covering every deleted response.
 */
export async function removeEmptyOutletCells(tx: Db, orgId: string, first: string, last: string): Promise<void> {
  for (const table of OUTLET_TABLES) {
    const column = table.endsWith('_day') ? 'day' : table.endsWith('_week') ? 'week' : 'month';
    const start = column === 'day' ? sql`${first}::date` : sql`date_trunc(${column}, ${first}::date)::date`;
    await tx.execute(sql`delete from ${sql.raw(table)} where org_id = ${orgId} and ${sql.raw(column)} between ${start} and ${last}::date and responses <= 0`);
  }
}

/** Empties the organisation's outlet-ladder rollups (rebuildRollups refills them through applyDeltas). */
export async function clearOutletRollups(tx: Db, orgId: string): Promise<void> {
  for (const table of OUTLET_TABLES) await tx.execute(sql`delete from ${sql.raw(table)} where org_id = ${orgId}`);
}
