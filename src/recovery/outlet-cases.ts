import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../platform/database.ts';
import { DUE_SOON_MINUTES, type CaseReason, type CaseStatus } from './model.ts';
import { cases } from './schema.ts';

/*
 * The open recovery cases of one outlet, for other rooms' summaries (the audits room's morning sheet):
 * how many are open, how many are past a deadline, and the few nearest to their SLA deadline.
 */

export interface OutletCase {
  caseId: string;
  summary: string;
  reason: CaseReason;
  status: CaseStatus;
  journeyKey: string | null;
  momentKey: string | null;
  ownerId: string | null;
  openedAt: Date;
  /** The earliest unmet deadline (first response, resolution or follow-up); null = none running. */
  nextDueAt: Date | null;
  slaState: 'breached' | 'due_soon' | 'on_track' | 'none';
}

export interface OutletCases {
  open: number;
  breached: number;
  /** Nearest deadline first (breached ones first of all), cases without a deadline last. */
  nearest: OutletCase[];
}

export async function openCasesOfOutlet(db: Db, orgId: string, locationId: string, options: { now: Date; limit: number }): Promise<OutletCases> {
  const where = and(eq(cases.orgId, orgId), eq(cases.locationId, locationId), sql`${cases.status} <> 'closed'`);
  const [counts] = await db
    .select({
      open: sql<number>`count(*)::int`,
      breached: sql<number>`(count(*) filter (where ${cases.nextDueAt} <= ${options.now.toISOString()}))::int`,
    })
    .from(cases)
    .where(where);
  const rows =
    options.limit > 0
      ? await db
          .select()
          .from(cases)
          .where(where)
          .orderBy(sql`${cases.nextDueAt} asc nulls last`, asc(cases.caseId))
          .limit(options.limit)
      : [];
  const soon = options.now.getTime() + DUE_SOON_MINUTES * 60_000;
  return {
    open: Number(counts?.open ?? 0),
    breached: Number(counts?.breached ?? 0),
    nearest: rows.map((row) => ({
      caseId: row.caseId,
      summary: row.summary,
      reason: row.reason,
      status: row.status,
      journeyKey: row.journeyKey,
      momentKey: row.momentKey,
      ownerId: row.ownerId,
      openedAt: row.openedAt,
      nextDueAt: row.nextDueAt,
      slaState:
        row.nextDueAt === null ? 'none' : row.nextDueAt.getTime() <= options.now.getTime() ? 'breached' : row.nextDueAt.getTime() <= soon ? 'due_soon' : 'on_track',
    })),
  };
}
