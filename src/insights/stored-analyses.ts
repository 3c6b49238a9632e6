import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import type { Database, Db } from '../platform/database.ts';
import type { PeakRule } from '../stats/index.ts';
import { localDay } from './alerts.ts';
import { computeDriversReport, computePeakEndReport, type DriversReport, type PeakEndReport, type VisitScope } from './drivers.ts';
import { addDays } from './model.ts';
import { rowsOf } from './rollups.ts';
import { listPublishedJourneyKeys, sumRollups } from './store.ts';

/*
 * The drivers and peak–end answers, computed by a job and stored (table insight_analyses), so the
 * dashboard reads one row instead of reading up to 20,000 visits and bootstrapping on request (10–18 s
 * cold at 10 M responses). A request:
 *   - a stored result whose data fingerprint still matches → 200 with it and `computedAt`;
 *   - a stored result whose fingerprint differs (responses added or deleted in the scope since) → 200
 *     with it, `computedAt` and `stale: true`, and a recomputation is enqueued;
 *   - nothing stored → the computation is enqueued and the answer is 202 { status: 'computing' }.
 * Without a job queue (KEYMOMENT_JOBS=off, the tests, the CLI) the request computes inline and stores.
 *
 * The fingerprint ("seen") is read from the rollups, which are kept in step with the responses in the
 * same transaction: responses and the CSAT / NPS counters of the scope's journey, days and locations.
 * It is taken BEFORE the computation reads responses, so data arriving during a computation makes the
 * stored result stale rather than falsely fresh. Reading it costs a few hundred rollup rows, not the
 * responses.
 *
 * The queue dedups per scope (policy `stately`, singletonKey = org + kind + scope key): a burst of
 * requests enqueues one computation. A scheduled refresh (every 15 minutes) enqueues, per organisation,
 * the scopes the dashboard opens by default (each published journey, whole network, the last 30 days
 * in the organisation's time zone, peak rule `extreme`) when missing or stale, and any stored scope
 * read in the last REFRESH_READ_DAYS days that has gone stale; scopes not read for DROP_AFTER_DAYS
 * days are deleted.
 */

export const ANALYSIS_QUEUE = 'insights-analysis';
export const ANALYSIS_REFRESH_QUEUE = 'insights-analysis-refresh';
export const ANALYSIS_KINDS = ['drivers', 'peak-end'] as const;
export type AnalysisKind = (typeof ANALYSIS_KINDS)[number];
const REFRESH_READ_DAYS = 7;
const DROP_AFTER_DAYS = 30;

export interface AnalysisRequest {
  kind: AnalysisKind;
  scope: VisitScope;
  /** Peak–end only (default 'extreme'). */
  peakRule?: PeakRule | undefined;
}

/** The payload of an ANALYSIS_QUEUE job. */
export interface AnalysisJob {
  orgId: string;
  kind: AnalysisKind;
  scope: { journeyKey: string; from: string; to: string; locationIds: string[] | null };
  peakRule: PeakRule | null;
}

/** Counters of the scope's rollups: a change means responses were added or deleted in the scope. */
export type DataSeen = Record<'responses' | 'csatN' | 'csatSum' | 'npsN' | 'npsPromoters', number>;

export type AnalysisAnswer =
  | { status: 'ready'; result: (DriversReport | PeakEndReport) & { computedAt: string; stale?: true } }
  | { status: 'computing' };

/** What sends analysis jobs: pg-boss, or a recorder in tests. */
export type AnalysisSender = Pick<PgBoss, 'send'>;

/*
 * The queue each open database's analyses go to, set by registerInsightJobs when the queue runs (as
 * the recovery room's deps.queue). Keyed by the Database so several servers in one process (tests)
 * stay apart; no entry = jobs are off, so requests compute inline.
 */
const senders = new WeakMap<Database, AnalysisSender>();

export function bindAnalysisQueue(database: Database, sender: AnalysisSender | undefined): void {
  if (sender) senders.set(database, sender);
  else senders.delete(database);
}

function normalise(request: AnalysisRequest): AnalysisJob['scope'] & { peakRule: PeakRule | null } {
  const { journeyKey, from, to, locationIds } = request.scope;
  return {
    journeyKey,
    from,
    to,
    locationIds: locationIds === undefined ? null : [...new Set(locationIds)].sort(),
    peakRule: request.kind === 'peak-end' ? (request.peakRule ?? 'extreme') : null,
  };
}

/** SHA-256 of the canonical scope text: location lists can be long, a primary key cannot. */
export function analysisScopeKey(request: AnalysisRequest): string {
  const n = normalise(request);
  return createHash('sha256').update(JSON.stringify([n.journeyKey, n.from, n.to, n.locationIds, n.peakRule])).digest('hex');
}

function toJob(orgId: string, request: AnalysisRequest): AnalysisJob {
  const { peakRule, ...scope } = normalise(request);
  return { orgId, kind: request.kind, scope, peakRule };
}

function fromJob(job: AnalysisJob): AnalysisRequest {
  const { journeyKey, from, to, locationIds } = job.scope;
  return { kind: job.kind, scope: { journeyKey, from, to, locationIds: locationIds ?? undefined }, peakRule: job.peakRule ?? undefined };
}

/** The rollup fingerprint of the scope: its summed counters, read as the scores API reads them. */
export async function dataSeen(db: Db, orgId: string, scope: VisitScope): Promise<DataSeen> {
  const [sums] = await sumRollups(db, orgId, { from: scope.from, to: scope.to, journeyKey: scope.journeyKey, locationIds: scope.locationIds }, 'none');
  const c = sums?.counters;
  return c
    ? { responses: c.responses, csatN: c.csatN, csatSum: c.csatSum, npsN: c.npsPromoters + c.npsPassives + c.npsDetractors, npsPromoters: c.npsPromoters }
    : { responses: 0, csatN: 0, csatSum: 0, npsN: 0, npsPromoters: 0 };
}

const sameSeen = (a: DataSeen, b: DataSeen) => (Object.keys(b) as (keyof DataSeen)[]).every((k) => Number(a[k]) === b[k]);

interface StoredRow {
  result: DriversReport | PeakEndReport;
  seen: DataSeen;
  computedAt: Date | string;
  requestedAt: Date | string;
}

/** The stored analysis of the scope, if any; notes that it was read (at most once an hour, a read stays a read). */
async function readStored(db: Db, orgId: string, request: AnalysisRequest, now: Date): Promise<StoredRow | undefined> {
  const key = analysisScopeKey(request);
  const result = await db.execute(sql`
    select result, seen, computed_at as "computedAt", requested_at as "requestedAt" from insight_analyses
    where org_id = ${orgId} and kind = ${request.kind} and scope_key = ${key}`);
  const row = rowsOf<StoredRow>(result)[0];
  if (row && now.getTime() - new Date(row.requestedAt).getTime() > 3_600_000) {
    await db.execute(sql`update insight_analyses set requested_at = ${now.toISOString()}::timestamptz
      where org_id = ${orgId} and kind = ${request.kind} and scope_key = ${key}`);
  }
  return row;
}

/** Reads the stored analysis of organisation `orgId` without marking it read (tests, tenant checks). */
export async function findStoredAnalysis(db: Db, orgId: string, request: AnalysisRequest): Promise<{ result: DriversReport | PeakEndReport; seen: DataSeen; computedAt: string } | undefined> {
  const result = await db.execute(sql`
    select result, seen, computed_at as "computedAt" from insight_analyses
    where org_id = ${orgId} and kind = ${request.kind} and scope_key = ${analysisScopeKey(request)}`);
  const row = rowsOf<StoredRow>(result)[0];
  return row && { result: row.result, seen: row.seen, computedAt: new Date(row.computedAt).toISOString() };
}

/**
 * Computes the scope's analysis from the responses and stores it with the fingerprint it saw: the
 * analysis job's work, and the inline path when jobs are off.
 */
export async function computeStoredAnalysis(db: Db, orgId: string, request: AnalysisRequest, now: Date): Promise<{ result: DriversReport | PeakEndReport; computedAt: string }> {
  const seen = await dataSeen(db, orgId, request.scope);
  const result =
    request.kind === 'drivers'
      ? await computeDriversReport(db, orgId, request.scope)
      : await computePeakEndReport(db, orgId, request.scope, request.peakRule ?? 'extreme');
  const n = normalise(request);
  const computedAt = now.toISOString();
  await db.execute(sql`
    insert into insight_analyses (org_id, kind, scope_key, scope, result, seen, computed_at, requested_at)
    values (${orgId}, ${request.kind}, ${analysisScopeKey(request)}, ${JSON.stringify(n)}::jsonb, ${JSON.stringify(result)}::jsonb,
      ${JSON.stringify(seen)}::jsonb, ${computedAt}::timestamptz, ${computedAt}::timestamptz)
    on conflict (org_id, kind, scope_key) do update set result = excluded.result, seen = excluded.seen, computed_at = excluded.computed_at`);
  return { result, computedAt };
}

/** Enqueues the scope's computation once per scope (a queued job for the same scope absorbs the rest). */
export async function enqueueAnalysis(sender: AnalysisSender, orgId: string, request: AnalysisRequest): Promise<void> {
  await sender.send(ANALYSIS_QUEUE, toJob(orgId, request) as unknown as object, {
    singletonKey: `${orgId}:${request.kind}:${analysisScopeKey(request)}`,
    retryLimit: 1,
    // A large organisation's bootstrap takes seconds to a minute; a stuck one is retried after this.
    expireInSeconds: 15 * 60,
  });
}

/** The analysis job: compute and store one scope. */
export async function runAnalysisJob(database: Database, job: AnalysisJob, now: Date): Promise<{ computedAt: string }> {
  const { computedAt } = await computeStoredAnalysis(database.db, job.orgId, fromJob(job), now);
  return { computedAt };
}

/** What the drivers and peak–end endpoints answer (see the top of this file). */
export async function answerAnalysis(database: Database, orgId: string, request: AnalysisRequest, now: Date): Promise<AnalysisAnswer> {
  const db = database.db;
  const sender = senders.get(database);
  const [stored, seen] = await Promise.all([readStored(db, orgId, request, now), dataSeen(db, orgId, request.scope)]);
  const fresh = stored !== undefined && sameSeen(stored.seen, seen);
  if (stored && (fresh || sender)) {
    const computedAt = new Date(stored.computedAt).toISOString();
    if (fresh) return { status: 'ready', result: { ...stored.result, computedAt } };
    await enqueueAnalysis(sender!, orgId, request);
    return { status: 'ready', result: { ...stored.result, computedAt, stale: true } };
  }
  if (sender) {
    await enqueueAnalysis(sender, orgId, request);
    return { status: 'computing' };
  }
  const computed = await computeStoredAnalysis(db, orgId, request, now);
  return { status: 'ready', result: { ...computed.result, computedAt: computed.computedAt } };
}

/** The scopes the dashboard opens by default for an organisation (see the top of this file). */
export async function defaultAnalysisRequests(db: Db, orgId: string, now: Date): Promise<AnalysisRequest[]> {
  const org = rowsOf<{ timezone: string }>(await db.execute(sql`select timezone from organizations where org_id = ${orgId}`))[0];
  if (!org) return [];
  const to = localDay(now, org.timezone);
  const from = addDays(to, -29);
  const requests: AnalysisRequest[] = [];
  for (const journeyKey of await listPublishedJourneyKeys(db, orgId)) {
    requests.push({ kind: 'drivers', scope: { journeyKey, from, to } }, { kind: 'peak-end', scope: { journeyKey, from, to }, peakRule: 'extreme' });
  }
  return requests;
}

/**
 * The scheduled refresh: enqueue every default scope that is missing or stale and every recently read
 * stored scope that is stale; drop stored scopes nobody read for DROP_AFTER_DAYS. Returns how many
 * computations were enqueued.
 */
export async function refreshAnalyses(database: Database, sender: AnalysisSender, now: Date): Promise<{ enqueued: number; dropped: number }> {
  const db = database.db;
  let enqueued = 0;
  const dropped = rowsOf(
    await db.execute(sql`delete from insight_analyses where requested_at < ${new Date(now.getTime() - DROP_AFTER_DAYS * 86_400_000).toISOString()}::timestamptz returning 1`),
  ).length;
  const orgs = rowsOf<{ orgId: string }>(await db.execute(sql`select org_id as "orgId" from organizations order by org_id`));
  const readSince = new Date(now.getTime() - REFRESH_READ_DAYS * 86_400_000).toISOString();
  for (const { orgId } of orgs) {
    const recent = rowsOf<{ kind: AnalysisKind; scope: AnalysisJob['scope'] & { peakRule: PeakRule | null } }>(
      await db.execute(sql`select kind, scope from insight_analyses where org_id = ${orgId} and requested_at >= ${readSince}::timestamptz`),
    ).map((row) => fromJob({ orgId, kind: row.kind, scope: row.scope, peakRule: row.scope.peakRule }));
    const requests = new Map<string, AnalysisRequest>();
    for (const request of [...(await defaultAnalysisRequests(db, orgId, now)), ...recent]) requests.set(`${request.kind}:${analysisScopeKey(request)}`, request);
    for (const request of requests.values()) {
      const stored = await findStoredAnalysis(db, orgId, request);
      if (stored && sameSeen(stored.seen, await dataSeen(db, orgId, request.scope))) continue;
      await enqueueAnalysis(sender, orgId, request);
      enqueued++;
    }
  }
  return { enqueued, dropped };
}
