import { sql } from 'drizzle-orm';
import { listJourneys } from '../journeys/index.ts';
import { scoreReport, type ScoreRow } from '../insights/index.ts';
import type { Db } from '../platform/database.ts';
import { DEFAULT_MIN_ANSWERS, shortfallOf } from './model.ts';
import { coachingStaff } from './schema.ts';
import {
  ensureRetestExam,
  findPublishedJourney,
  insertAssignment,
  listStaff,
  type AssignmentRow,
  type PublishedJourney,
} from './store.ts';

/*
 * From weak moment to training. The insights room's scores (staff × moment and outlet × moment over
 * the last `days`) are compared with each moment's benchmarks; a staff member whose own score, or
 * whose outlet's score, misses a benchmark on at least `minAnswers` answers gets that moment's card
 * and re-test, once per moment and journey version (the unique index makes a second run a no-op).
 * The effect of the training is the same scores API again: after completion vs the equal-length
 * period before it, with the insights room's significance tests (keymoment/stats).
 */

export interface TrainingOptions {
  minAnswers?: number | undefined;
  days?: number | undefined;
}

const DAY_MS = 86_400_000;
const dayOf = (at: Date) => at.toISOString().slice(0, 10);

async function journeysWithVersions(db: Db, orgId: string): Promise<PublishedJourney[]> {
  const result: PublishedJourney[] = [];
  let cursor: string | undefined;
  do {
    const page = await listJourneys(db, orgId, { limit: 100, ...(cursor ? { cursor } : {}) });
    for (const row of page.items) {
      if (row.publishedVersion === null) continue;
      const journey = await findPublishedJourney(db, orgId, row.key);
      if (journey) result.push(journey);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return result;
}

export async function assignTrainingForWeakMoments(db: Db, orgId: string, now: Date, options: TrainingOptions = {}): Promise<AssignmentRow[]> {
  const minAnswers = options.minAnswers ?? DEFAULT_MIN_ANSWERS;
  const to = dayOf(now);
  const from = dayOf(new Date(now.getTime() - ((options.days ?? 90) - 1) * DAY_MS));
  const staff = await listStaff(db, orgId);
  if (staff.length === 0) return [];
  const known = new Map(staff.map((member) => [member.staffId, member] as const));
  const created: AssignmentRow[] = [];
  for (const journey of await journeysWithVersions(db, orgId)) {
    for (const moment of journey.blueprint.moments) {
      if (!moment.benchmarks.some((benchmark) => ['nps', 'csat', 'ces'].includes(benchmark.metric))) continue;
      const request = { period: 'day' as const, from, to, journeyKey: journey.journeyKey, momentKey: moment.key, minN: minAnswers };
      const [byStaff, byOutlet] = await Promise.all([
        scoreReport(db, orgId, { ...request, groupBy: 'staff' }),
        scoreReport(db, orgId, { ...request, groupBy: 'location' }),
      ]);
      const targets: { staffId: string; reason: 'staff' | 'outlet'; row: ScoreRow }[] = [];
      for (const row of byStaff.rows) if (row.staffId && known.has(row.staffId)) targets.push({ staffId: row.staffId, reason: 'staff', row });
      for (const row of byOutlet.rows) {
        for (const member of staff) if (row.locationId && member.locationId === row.locationId) targets.push({ staffId: member.staffId, reason: 'outlet', row });
      }
      for (const target of targets) {
        const shortfall = shortfallOf(moment, target.row, minAnswers);
        if (!shortfall) continue;
        const exam = await ensureRetestExam(db, orgId, journey.journeyKey, moment.key, moment.name, now);
        const assignment = await insertAssignment(
          db,
          orgId,
          {
            staffId: target.staffId,
            journeyKey: journey.journeyKey,
            journeyVersion: journey.version,
            momentKey: moment.key,
            reason: target.reason,
            locationId: known.get(target.staffId)?.locationId ?? null,
            metric: shortfall.metric,
            score: shortfall.score,
            benchmark: shortfall.benchmark,
            answers: shortfall.answers,
            examId: exam.examId,
          },
          now,
        );
        if (assignment) created.push(assignment);
      }
    }
  }
  return created;
}

/** Every organisation with staff registered for coaching (the job's work list). */
export async function listCoachingOrgIds(db: Db): Promise<string[]> {
  const result = await db.execute(sql`select distinct ${coachingStaff.orgId} as org_id from ${coachingStaff} order by 1`);
  return (result as unknown as { rows: { org_id: string }[] }).rows.map((row) => row.org_id);
}

export interface TrainingEffect {
  metric: string;
  before: { from: string; to: string; score: number | null; n: number };
  after: { from: string; to: string; score: number | null; n: number };
  difference: number | null;
  pValue: number | null;
  significant: boolean;
}

/**
 * The customer score of the trained person on the moment after the assignment was completed (up to
 * `maxDays`, at most until today) against the same number of days before completion. The test is the
 * scores API's: NPS adjusted-Wald difference, CSAT two-proportion z-test, CES Welch's t-test.
 */
export async function trainingEffect(db: Db, orgId: string, assignment: AssignmentRow, now: Date, options: { maxDays?: number; minN?: number } = {}): Promise<TrainingEffect | null> {
  if (!assignment.completedAt) return null;
  const start = dayOf(assignment.completedAt);
  const today = dayOf(now);
  const days = Math.min(options.maxDays ?? 90, Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / DAY_MS) + 1);
  const end = dayOf(new Date(Date.parse(`${start}T00:00:00Z`) + (days - 1) * DAY_MS));
  const report = await scoreReport(db, orgId, {
    groupBy: 'staff',
    period: 'day',
    from: start,
    to: end,
    journeyKey: assignment.journeyKey,
    momentKey: assignment.momentKey,
    staffId: assignment.staffId,
    minN: options.minN ?? 5,
  });
  const metric = assignment.metric as 'nps' | 'csat' | 'ces';
  const row = report.total;
  return {
    metric,
    before: { from: report.previousFrom, to: report.previousTo, score: row.previous[metric].score, n: row.previous[metric].n },
    after: { from: report.from, to: report.to, score: row[metric].score, n: row[metric].n },
    difference: row.previous[metric].difference,
    pValue: row.previous[metric].pValue,
    significant: row.previous[metric].significant,
  };
}
