import { sql } from 'drizzle-orm';
import type { ResponseRow } from '../feedback/index.ts';
import type { Db } from '../platform/database.ts';
import { addExcluded, counterAggregates, ROLLUP_COUNTER_COLUMNS } from './rollup-counters.ts';

/*
 * The outlet ladder: rollups without moment, channel and journey version, by local day, ISO week and
 * calendar month, per location (insight_rollups_outlet_*) and per location × staff member
 * (insight_rollups_people_*). Outlet league tables, staff league tables and an outlet's trend read
 * these: a 90-day outlet table is ~2 months + a few weeks + a few days × 200 outlets instead of
 * 90 days × 200 outlets × 40 moments × channels. Kept in step by rollups.ts (applyDeltas calls
 * applyOutletDeltas with the same rows and sign; rebuildRollups clears them first).
 */

type OutletSource = Pick<ResponseRow, 'submittedAt' | 'journeyKey' | 'locationId' | 'staffId' | 'nps' | 'csat' | 'ces' | 'comment'>;

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

/** Rows per statement (one jsonb parameter each). */
const CHUNK = 10_000;

/**
 * One statement per chunk: the rows' counters (× sign) added to the six outlet-ladder tables. Rows are
 * upserted in key order (as rollups.ts does) so concurrent batches wait instead of deadlocking.
 */
export async function applyOutletDeltas(tx: Db, orgId: string, rows: readonly OutletSource[], sign: 1 | -1): Promise<void> {
  if (rows.length === 0) return;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const records = rows.slice(i, i + CHUNK).map((r) => ({
      submitted_at: r.submittedAt,
      journey_key: r.journeyKey ?? '',
      location_id: r.locationId ?? '',
      staff_id: r.staffId ?? '',
      nps: r.nps,
      csat: r.csat,
      ces: r.ces,
      has_comment: r.comment !== null && r.comment.trim() !== '',
    }));
    const upsert = (table: string, period: 'day' | 'week' | 'month', staff: boolean) => {
      const column = period === 'day' ? 'day' : period;
      const bucket = period === 'day' ? sql.raw('day') : sql.raw(`date_trunc('${period}', day)::date`);
      const keys = staff ? 'journey_key, location_id, staff_id' : 'journey_key, location_id';
      const groupCount = staff ? '1, 2, 3, 4' : '1, 2, 3';
      return sql`insert into ${sql.raw(table)} (org_id, ${sql.raw(column)}, ${sql.raw(keys)}, ${list})
        select ${orgId}, * from (select ${bucket}, ${sql.raw(keys)}, ${sums} from agg group by ${sql.raw(groupCount)} order by ${sql.raw(groupCount)}) g
        on conflict (org_id, ${sql.raw(column)}, ${sql.raw(keys)}) do update set ${addExcluded(table)}`;
    };
    await tx.execute(sql`
      with src as (
        select v.*, (v.submitted_at at time zone coalesce(l.timezone, o.timezone, 'UTC'))::date as day
        from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as v(submitted_at timestamptz, journey_key text, location_id text, staff_id text,
          nps int, csat int, ces int, has_comment boolean)
        join organizations o on o.org_id = ${orgId}
        left join locations l on l.org_id = ${orgId} and l.location_id = v.location_id
      ),
      agg as (
        select day, journey_key, location_id, staff_id, ${counterAggregates(sign)}
        from src group by day, journey_key, location_id, staff_id
      ),
      people_day as (${upsert('insight_rollups_people_day', 'day', true)}),
      people_week as (${upsert('insight_rollups_people_week', 'week', true)}),
      people_month as (${upsert('insight_rollups_people_month', 'month', true)}),
      outlet_day as (${upsert('insight_rollups_outlet_day', 'day', false)}),
      outlet_week as (${upsert('insight_rollups_outlet_week', 'week', false)})
      ${upsert('insight_rollups_outlet_month', 'month', false)}`);
  }
  if (sign === -1) {
    // Cells emptied by deletions go (a rebuild would not create them). Local days lie within a day of
    // the UTC instant, which bounds the scan.
    let min = Infinity;
    let max = -Infinity;
    for (const row of rows) {
      min = Math.min(min, row.submittedAt.getTime());
      max = Math.max(max, row.submittedAt.getTime());
    }
    const first = new Date(min - 86_400_000).toISOString().slice(0, 10);
    const last = new Date(max + 86_400_000).toISOString().slice(0, 10);
    for (const table of OUTLET_TABLES) {
      const column = table.endsWith('_day') ? 'day' : table.endsWith('_week') ? 'week' : 'month';
      const start = column === 'day' ? sql`${first}::date` : sql`date_trunc(${column}, ${first}::date)::date`;
      await tx.execute(sql`delete from ${sql.raw(table)} where org_id = ${orgId} and ${sql.raw(column)} between ${start} and ${last}::date and responses <= 0`);
    }
  }
}

/** Empties the organisation's outlet-ladder rollups (rebuildRollups refills them through applyDeltas). */
export async function clearOutletRollups(tx: Db, orgId: string): Promise<void> {
  for (const table of OUTLET_TABLES) await tx.execute(sql`delete from ${sql.raw(table)} where org_id = ${orgId}`);
}
