import { and, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import { getLocation } from '../access/index.ts';
import { findEffectiveMoment, findPublishedMoment, type Benchmark } from '../journeys/index.ts';
import type { Db } from '../platform/database.ts';
import { badRequest } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import {
  actionAfterAudit,
  benchmarkStatus,
  compactAnswers,
  findItem,
  localMonthOf,
  scoreAudit,
  validateAnswers,
  type Answers,
  type AuditScore,
  type BenchmarkStatus,
  type RunResult,
  type Target,
} from './model.ts';
import { findLocationManager } from './people.ts';
import { auditActionEvents, auditActions, auditAnswers, auditComplianceRollups, auditRuns } from './schema.ts';
import { addNotification, answerError, assertRunOpen, definitionOfRun, getRun, photoCounts, type RunRow } from './store.ts';

/*
 * What happens when an audit is submitted, and the trends read afterwards. Submitting scores the run,
 * writes one row per item, adds the items to the monthly rollups, and opens, verifies or reopens the
 * corrective actions of its items, all in one transaction: either the audit counts everywhere or
 * nowhere.
 */

/** A critical item that failed in a submitted run: what the CriticalItemsFailedListener is told. */
export interface FailedCriticalItem {
  runId: string;
  runKind: RunRow['kind'];
  checklistId: string;
  itemKey: string;
  /** The item's text in every language it has. */
  itemText: Record<string, string> | null;
  journeyKey: string;
  journeyVersion: number | null;
  momentKey: string;
  locationId: string;
  outcome: 'yes' | 'no' | 'na' | 'score';
  score: number | null;
  note: string | null;
  submittedBy: string | null;
}

/**
 * Called inside the transaction that submits a run, once, with the run's failed critical items (never
 * called when none failed). Other rooms (recovery, wired in main.ts) act on them in the same
 * transaction, so the follow-up exists exactly when the audit counts. A listener must only write SQL on
 * `tx`: an error it throws rolls the submission back.
 */
export type CriticalItemsFailedListener = (tx: Db, orgId: string, items: readonly FailedCriticalItem[], now: Date) => Promise<void>;

export interface SubmitOutcome {
  run: RunRow;
  score: AuditScore;
  opened: string[];
  verified: string[];
  reopened: string[];
}

function auditTargetOf(benchmarks: readonly Benchmark[]): Target | undefined {
  const benchmark = benchmarks.find((candidate) => candidate.metric === 'audit_compliance');
  return benchmark ? { comparator: benchmark.comparator, value: benchmark.value } : undefined;
}

/** The audit_compliance target of a moment in the outlet's effective blueprint (its own adjustments included). */
async function outletTarget(db: Db, orgId: string, journeyKey: string, momentKey: string, locationId: string, version?: number): Promise<Target | undefined> {
  const found = await findEffectiveMoment(db, orgId, journeyKey, momentKey, locationId, version);
  return found ? auditTargetOf(found.moment.benchmarks) : undefined;
}

function addDaysTo(instant: Date, days: number): Date {
  return new Date(instant.getTime() + days * 86_400_000);
}

export async function submitRun(
  db: Db,
  orgId: string,
  runId: string,
  input: { answers?: Answers; submittedBy: string | null; now: Date; onCriticalItemsFailed?: readonly CriticalItemsFailedListener[] | undefined },
): Promise<SubmitOutcome> {
  const run = await getRun(db, orgId, runId);
  assertRunOpen(run);
  const { definition } = await definitionOfRun(db, run);
  const answers = compactAnswers({ ...run.answers, ...(input.answers ?? {}) });
  const photos = await photoCounts(db, orgId, runId);
  const [problem] = validateAnswers(definition, answers, 'final', (itemKey) => photos.get(itemKey) ?? 0);
  if (problem) throw answerError(problem);
  const score = scoreAudit(definition, answers);

  // Everything read from other rooms is read before the transaction: PGlite has one connection.
  const location = await getLocation(db, orgId, run.locationId);
  const moments: RunResult['moments'] = [];
  for (const moment of score.moments) {
    const target = await outletTarget(db, orgId, run.journeyKey, moment.momentKey, run.locationId, run.journeyVersion ?? undefined);
    moments.push({ ...moment, target: target ?? null, benchmark: benchmarkStatus(moment.compliance, target) });
  }
  const manager = score.failedItems.length > 0 ? await findLocationManager(db, orgId, run.locationId) : undefined;
  const result: RunResult = { failedItems: score.failedItems, criticalFailures: score.criticalFailures, moments };
  const month = localMonthOf(input.now, location.timezone);

  return db.transaction(async (tx) => {
    const [submitted] = await tx
      .update(auditRuns)
      .set({
        status: 'submitted',
        answers,
        answersSavedAt: input.now,
        submittedAt: input.now,
        submittedBy: input.submittedBy,
        compliance: score.compliance,
        passed: score.passed,
        criticalFailed: score.criticalFailed,
        result,
        updatedAt: input.now,
      })
      .where(and(eq(auditRuns.orgId, orgId), eq(auditRuns.runId, runId), inArray(auditRuns.status, ['open', 'in_progress'])))
      .returning();
    // Another request submitted (or cancelled) it in between.
    if (!submitted) assertRunOpen(await getRun(tx, orgId, runId));

    for (const item of score.items) {
      const note = answers[item.itemKey]?.note ?? null;
      await tx.insert(auditAnswers).values({
        orgId,
        runId,
        itemKey: item.itemKey,
        checklistId: run.checklistId,
        journeyKey: run.journeyKey,
        momentKey: item.momentKey,
        locationId: run.locationId,
        outcome: item.outcome,
        score: item.score,
        maxScore: item.maxScore,
        weight: item.weight,
        critical: item.critical,
        passed: item.passed,
        earned: item.earned,
        possible: item.possible,
        note,
        evidenceCount: photos.get(item.itemKey) ?? 0,
        submittedAt: input.now,
      });
      const counts = {
        answered: item.passed === null ? 0 : 1,
        passedCount: item.passed === true ? 1 : 0,
        failedCount: item.passed === false ? 1 : 0,
        notApplicable: item.passed === null ? 1 : 0,
        criticalFailures: item.critical && item.passed === false ? 1 : 0,
      };
      await tx
        .insert(auditComplianceRollups)
        .values({
          orgId,
          periodMonth: month,
          locationId: run.locationId,
          checklistId: run.checklistId,
          journeyKey: run.journeyKey,
          momentKey: item.momentKey,
          itemKey: item.itemKey,
          ...counts,
          earned: item.earned,
          possible: item.possible,
        })
        .onConflictDoUpdate({
          target: [
            auditComplianceRollups.orgId,
            auditComplianceRollups.periodMonth,
            auditComplianceRollups.locationId,
            auditComplianceRollups.checklistId,
            auditComplianceRollups.momentKey,
            auditComplianceRollups.itemKey,
          ],
          set: {
            answered: sql`${auditComplianceRollups.answered} + ${counts.answered}`,
            passedCount: sql`${auditComplianceRollups.passedCount} + ${counts.passedCount}`,
            failedCount: sql`${auditComplianceRollups.failedCount} + ${counts.failedCount}`,
            notApplicable: sql`${auditComplianceRollups.notApplicable} + ${counts.notApplicable}`,
            criticalFailures: sql`${auditComplianceRollups.criticalFailures} + ${counts.criticalFailures}`,
            earned: sql`${auditComplianceRollups.earned} + ${item.earned}`,
            possible: sql`${auditComplianceRollups.possible} + ${item.possible}`,
          },
        });
    }

    const opened: string[] = [];
    const verified: string[] = [];
    const reopened: string[] = [];
    const event = (actionId: string, kind: (typeof auditActionEvents.$inferInsert)['kind']) =>
      tx.insert(auditActionEvents).values({ orgId, eventId: newId(input.now.getTime()), actionId, kind, runId, userId: input.submittedBy, createdAt: input.now });
    const notify = (userId: string | null, kind: 'action_assigned' | 'action_reopened', actionId: string, data: Record<string, unknown>) =>
      userId ? addNotification(tx, orgId, { userId, kind, actionId, data: { ...data, sourceRunId: runId }, now: input.now }) : Promise.resolve();

    for (const item of score.items) {
      if (item.passed === null) continue;
      const [existing] = await tx
        .select()
        .from(auditActions)
        .where(
          and(
            eq(auditActions.orgId, orgId),
            eq(auditActions.locationId, run.locationId),
            eq(auditActions.checklistId, run.checklistId),
            eq(auditActions.itemKey, item.itemKey),
            ne(auditActions.status, 'verified'),
          ),
        )
        .for('update');
      if (existing && existing.status !== 'verified') {
        const next = actionAfterAudit(existing.status, item.passed);
        await tx
          .update(auditActions)
          .set({
            status: next.status,
            ...(next.event === 'verified' ? { verifiedAt: input.now, verifiedByRunId: runId } : {}),
            ...(next.event === 'reopened' ? { reopenCount: existing.reopenCount + 1, doneAt: null } : {}),
            updatedAt: input.now,
          })
          .where(and(eq(auditActions.orgId, orgId), eq(auditActions.actionId, existing.actionId)));
        await event(existing.actionId, next.event);
        if (next.event === 'verified') verified.push(existing.actionId);
        if (next.event === 'reopened') {
          reopened.push(existing.actionId);
          await notify(existing.ownerUserId, 'action_reopened', existing.actionId, { title: existing.title, dueAt: existing.dueAt });
        }
        continue;
      }
      if (item.passed) continue;
      const located = findItem(definition, item.itemKey)!;
      const actionId = newId(input.now.getTime());
      const dueAt = addDaysTo(input.now, item.critical ? definition.criticalActionDueDays : definition.actionDueDays);
      await tx.insert(auditActions).values({
        orgId,
        actionId,
        locationId: run.locationId,
        checklistId: run.checklistId,
        itemKey: item.itemKey,
        journeyKey: run.journeyKey,
        momentKey: item.momentKey,
        title: located.item.text,
        critical: item.critical,
        sourceRunId: runId,
        ownerUserId: manager ?? null,
        dueAt,
        note: answers[item.itemKey]?.note ?? null,
        createdAt: input.now,
        updatedAt: input.now,
      });
      await event(actionId, 'opened');
      await notify(manager ?? null, 'action_assigned', actionId, { title: located.item.text, dueAt });
      opened.push(actionId);
    }

    const failedCritical: FailedCriticalItem[] = score.items
      .filter((item) => item.critical && item.passed === false)
      .map((item) => ({
        runId,
        runKind: run.kind,
        checklistId: run.checklistId,
        itemKey: item.itemKey,
        itemText: (findItem(definition, item.itemKey)?.item.text as Record<string, string> | undefined) ?? null,
        journeyKey: run.journeyKey,
        journeyVersion: run.journeyVersion ?? null,
        momentKey: item.momentKey,
        locationId: run.locationId,
        outcome: item.outcome,
        score: item.score,
        note: answers[item.itemKey]?.note ?? null,
        submittedBy: input.submittedBy,
      }));
    if (failedCritical.length > 0) {
      for (const listener of input.onCriticalItemsFailed ?? []) await listener(tx, orgId, failedCritical, input.now);
    }
    return { run: submitted!, score, opened, verified, reopened };
  });
}

// ---------- compliance trends ----------

export const GROUP_BYS = ['item', 'moment', 'location'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];
export const PERIODS = ['month', 'quarter', 'year'] as const;
export type Period = (typeof PERIODS)[number];

export interface ComplianceRow {
  period: string;
  key: string;
  journeyKey: string | null;
  momentKey: string | null;
  checklistId: string | null;
  answered: number;
  passed: number;
  failed: number;
  notApplicable: number;
  criticalFailures: number;
  compliance: number | null;
  target: Target | null;
  benchmark: BenchmarkStatus;
}

export interface ComplianceQuery {
  groupBy: GroupBy;
  period: Period;
  /** First and last month, YYYY-MM, inclusive. */
  from?: string;
  to?: string;
  checklistId?: string;
  journeyKey?: string;
  /** The location whose effective blueprint gives the moments' targets (its local adjustments included); the central targets without it. */
  targetLocationId?: string;
  /** Only these locations (a member limited to a subtree, or a region's outlets). */
  within?: string[];
}

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/**
 * Weighted compliance per item, moment or outlet and per month, quarter or year, summed from the
 * monthly rollups (never from raw answers). Moments are compared with their audit_compliance
 * benchmark: the outlet's (adjusted) target when one outlet is asked for, else the central one.
 */
export async function complianceTrend(db: Db, orgId: string, query: ComplianceQuery): Promise<ComplianceRow[]> {
  if (query.within && query.within.length === 0) return [];
  const r = auditComplianceRollups;
  const periodExpr = {
    month: sql`to_char(${r.periodMonth}, 'YYYY-MM')`,
    quarter: sql`to_char(${r.periodMonth}, 'YYYY') || '-Q' || to_char(${r.periodMonth}, 'Q')`,
    year: sql`to_char(${r.periodMonth}, 'YYYY')`,
  }[query.period];
  const groups: Record<GroupBy, { select: SQL; group: SQL }> = {
    item: {
      select: sql`${r.itemKey} as key, ${r.journeyKey} as journey_key, max(${r.momentKey}) as moment_key, ${r.checklistId} as checklist_id`,
      group: sql`${r.itemKey}, ${r.journeyKey}, ${r.checklistId}`,
    },
    moment: {
      select: sql`${r.momentKey} as key, ${r.journeyKey} as journey_key, null as moment_key, null as checklist_id`,
      group: sql`${r.momentKey}, ${r.journeyKey}`,
    },
    location: {
      select: sql`${r.locationId} as key, null as journey_key, null as moment_key, null as checklist_id`,
      group: sql`${r.locationId}`,
    },
  };
  const conditions: SQL[] = [sql`${r.orgId} = ${orgId}`];
  const monthOf = (value: string, field: string) => {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) throw badRequest(field, `${field} must be a month, YYYY-MM`);
    return `${value}-01`;
  };
  if (query.from) conditions.push(sql`${r.periodMonth} >= ${monthOf(query.from, 'from')}`);
  if (query.to) conditions.push(sql`${r.periodMonth} <= ${monthOf(query.to, 'to')}`);
  if (query.checklistId) conditions.push(sql`${r.checklistId} = ${query.checklistId}`);
  if (query.journeyKey) conditions.push(sql`${r.journeyKey} = ${query.journeyKey}`);
  if (query.within) conditions.push(sql`${r.locationId} in (${sql.join(query.within.map((id) => sql`${id}`), sql`, `)})`);
  const group = groups[query.groupBy];
  const result = await db.execute(sql`
    select ${periodExpr} as period, ${group.select},
      sum(${r.answered})::int as answered, sum(${r.passedCount})::int as passed, sum(${r.failedCount})::int as failed,
      sum(${r.notApplicable})::int as not_applicable, sum(${r.criticalFailures})::int as critical_failures,
      sum(${r.earned})::float8 as earned, sum(${r.possible})::float8 as possible
    from ${r}
    where ${sql.join(conditions, sql` and `)}
    group by 1, ${group.group}
    order by 1, 2
    limit 5000`);
  const rows = rowsOf<{
    period: string;
    key: string;
    journey_key: string | null;
    moment_key: string | null;
    checklist_id: string | null;
    answered: number;
    passed: number;
    failed: number;
    not_applicable: number;
    critical_failures: number;
    earned: number;
    possible: number;
  }>(result);

  const targets = new Map<string, Target | undefined>();
  if (query.groupBy === 'moment') {
    for (const row of rows) {
      const id = `${row.journey_key}\u0000${row.key}`;
      if (targets.has(id) || !row.journey_key) continue;
      const target = query.targetLocationId
        ? await outletTarget(db, orgId, row.journey_key, row.key, query.targetLocationId)
        : auditTargetOf((await findPublishedMoment(db, orgId, row.journey_key, row.key))?.moment.benchmarks ?? []);
      targets.set(id, target);
    }
  }
  return rows.map((row) => {
    const possible = Number(row.possible);
    const compliance = possible > 0 ? Math.round((10_000 * Number(row.earned)) / possible) / 100 : null;
    const target = query.groupBy === 'moment' ? targets.get(`${row.journey_key}\u0000${row.key}`) : undefined;
    return {
      period: row.period,
      key: row.key,
      journeyKey: row.journey_key,
      momentKey: row.moment_key,
      checklistId: row.checklist_id,
      answered: Number(row.answered),
      passed: Number(row.passed),
      failed: Number(row.failed),
      notApplicable: Number(row.not_applicable),
      criticalFailures: Number(row.critical_failures),
      compliance,
      target: target ?? null,
      benchmark: benchmarkStatus(compliance, target),
    };
  });
}
