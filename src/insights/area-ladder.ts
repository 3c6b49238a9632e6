import { sql, type SQL } from 'drizzle-orm';
import { rowsOfResult, type Db } from '../platform/database.ts';

/*
 * The area rung of the theme ladder (schema.ts): the themes of everything beneath a location that has
 * locations below it. Written with the other rungs in applyThemeDeltas' statement, for every ancestor
 * of the comment's location in the tree as it is at that moment; so it is only *read* while
 * insight_area_ladder_state holds the signature of the organisation's current tree. After a move (or
 * before the first build: the rung arrived with migration 0028, without a backfill) a region's themes
 * are read from its outlets' rows — the same answer, slower — and the rung is rebuilt in the background
 * from the outlet rung.
 */

export const AREA_THEME_TABLES = ['insight_theme_rollups_area_day', 'insight_theme_rollups_area_week', 'insight_theme_rollups_area_month'] as const;

/** The name of the recursive CTE `areaClosure` is written as (a recursive CTE must refer to its own name). */
export const AREA_CLOSURE_NAME = 'area_closure';

/** Every location of the organisation with each of its proper ancestors: (location_id, area_id). */
export function areaClosure(orgId: string): SQL {
  return sql`select location_id, parent_id as area_id from locations where org_id = ${orgId} and parent_id is not null
    union all
    select c.location_id, l.parent_id from ${sql.raw(AREA_CLOSURE_NAME)} c
      join locations l on l.org_id = ${orgId} and l.location_id = c.area_id
    where l.parent_id is not null`;
}

const COUNTERS = ['mentions', 'positive', 'neutral', 'negative', 'score_sum'] as const;

/**
 * Adds rows keyed by location (a day column `day`, or a period column named `from.column`) to the
 * area rung of one period, once per ancestor of their location (area_closure must be in scope).
 * Upserted in key order, as the other rungs, so concurrent writers wait instead of deadlocking.
 */
export function areaLadderUpsert(orgId: string, period: 'day' | 'week' | 'month', source: string, sourceColumn: 'day' | 'week' | 'month' = 'day'): SQL {
  const bucket = period === sourceColumn ? `s.${sourceColumn}` : `date_trunc('${period}', s.${sourceColumn})::date`;
  const sums = COUNTERS.map((column) => `sum(s.${column})`).join(', ');
  const table = `insight_theme_rollups_area_${period}`;
  const add = COUNTERS.map((column) => `${column} = ${table}.${column} + excluded.${column}`).join(', ');
  return sql`insert into ${sql.raw(table)} (org_id, area_id, ${sql.raw(period)}, journey_key, theme, ${sql.raw(COUNTERS.join(', '))})
    select ${orgId}, * from (
      select c.area_id, ${sql.raw(bucket)}, s.journey_key, s.theme, ${sql.raw(sums)}
      from ${sql.raw(source)} s join ${sql.raw(AREA_CLOSURE_NAME)} c on c.location_id = s.location_id
      group by 1, 2, 3, 4 order by 1, 2, 3, 4) g
    on conflict (org_id, area_id, ${sql.raw(period)}, journey_key, theme) do update set ${sql.raw(add)}`;
}

/** md5 of every location → parent pair of the organisation, in id order: changes with any move. */
function treeSignature(orgId: string): SQL {
  return sql`(select coalesce(md5(string_agg(location_id || '>' || coalesce(parent_id, ''), ',' order by location_id)), '')
    from locations where org_id = ${orgId})`;
}

/** Notes that the area rung is (being) built for the organisation's current tree. */
export async function recordAreaLadderTree(tx: Db, orgId: string): Promise<void> {
  await tx.execute(sql`
    insert into insight_area_ladder_state (org_id, tree_signature, built_at) values (${orgId}, ${treeSignature(orgId)}, now())
    on conflict (org_id) do update set tree_signature = excluded.tree_signature, built_at = excluded.built_at`);
}

/** Whether the area rung was built for the tree as it is now (so an area's rows are complete). */
export async function isAreaLadderCurrent(db: Db, orgId: string): Promise<boolean> {
  const result = await db.execute(sql`
    select exists (select 1 from insight_area_ladder_state where org_id = ${orgId} and tree_signature = ${treeSignature(orgId)}) as "current"`);
  return rowsOfResult<{ current: boolean }>(result)[0]?.current === true;
}

/**
 * Rebuilds the organisation's area rung from its outlet rung and the tree as it is now, in one
 * transaction. The exclusive table locks make theme writers of the moment (the comment job, a deletion)
 * finish first and wait for the rebuild after, so no delta is counted twice or lost; readers go on
 * (they read the outlet rung until the state says current).
 */
export async function rebuildAreaThemeLadder(db: Db, orgId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql.raw(`lock table ${AREA_THEME_TABLES.join(', ')} in exclusive mode`));
    for (const table of AREA_THEME_TABLES) await tx.execute(sql`delete from ${sql.raw(table)} where org_id = ${orgId}`);
    await recordAreaLadderTree(tx, orgId);
    for (const period of ['day', 'week', 'month'] as const) {
      await tx.execute(sql`
        with recursive ${sql.raw(AREA_CLOSURE_NAME)} as (${areaClosure(orgId)}),
        outlet as (select * from ${sql.raw(`insight_theme_rollups_outlet_${period}`)} where org_id = ${orgId})
        ${areaLadderUpsert(orgId, period, 'outlet', period)}`);
    }
  });
}

const rebuilding = new Map<string, Promise<void>>();

/**
 * Starts a rebuild of the organisation's area rung unless one is running in this process; errors are
 * reported to `onError`, never thrown at the request that noticed the stale rung. Returns the rebuild.
 */
export function refreshAreaLadderInBackground(db: Db, orgId: string, onError: (error: unknown) => void): Promise<void> {
  const running = rebuilding.get(orgId);
  if (running) return running;
  const rebuild = rebuildAreaThemeLadder(db, orgId)
    .catch(onError)
    .finally(() => rebuilding.delete(orgId));
  rebuilding.set(orgId, rebuild);
  return rebuild;
}
