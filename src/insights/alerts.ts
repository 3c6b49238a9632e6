import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { findEffectiveMoment } from '../journeys/index.ts';
import { getLocation, getOrganization, listActiveMembers, listLocationAncestry, type ActiveMember } from '../access/index.ts';
import type { Database, Db } from '../platform/database.ts';
import { newId } from '../platform/ids.ts';
import { isLocale, pickLocale, type Locale } from '../platform/locales.ts';
import type { Mailer } from '../platform/mail.ts';
import { decodeCursor, encodeCursor, type Page } from '../platform/pagination.ts';
import { createNotifications, registerNotificationKinds } from '../notifications/index.ts';
import { alertMail } from './messages.ts';
import {
  addDays,
  compareCounters,
  emptyCounters,
  isWorse,
  meetsBenchmark,
  periodStart,
  scoresOf,
  SCORE_METRICS,
  type Comparator,
  type Counters,
  type ScoreMetric,
} from './model.ts';
import { rowsOf } from './rollups.ts';
import type { AlertFinding } from './schema.ts';
import { findPublishedJourney, listPublishedJourneyKeys, type JourneyDocument } from './store.ts';

/*
 * Alerts (issue #5.5). Once a day, per organisation, the last complete ISO week (Monday–Sunday, in the
 * organisation's time zone) is judged for every moment of every published journey, at every location
 * with answers and organisation-wide:
 *   - below benchmark: an NPS / CSAT / CES score (n ≥ minN) that misses the moment's target (the
 *     location's effective target, so local adjustments count);
 *   - significant drop: worse than the week before with p < 0.05 (both weeks n ≥ minN).
 * A finding inserts one alert row per (journey, moment, location, week) — the unique key makes
 * re-runs and parallel nodes harmless — and e-mails the people responsible. The e-mail is sent after
 * the row commits and marked by mailed_at; a failed send is retried on the next run.
 */

export const ALERT_MIN_N = 10;

export interface AlertDeps {
  database: Database;
  mailer: Mailer;
  publicUrl: string;
  now: () => Date;
  logger?: Logger | undefined;
  /** Answers a score needs before it can raise an alert (default 10). */
  minN?: number;
}

export type AlertRow = {
  alertId: string;
  journeyKey: string;
  momentKey: string;
  locationId: string | null;
  periodStart: string;
  periodEnd: string;
  findings: AlertFinding[];
  responsibleRole: string | null;
  recipients: string[];
  mailedAt: Date | null;
  createdAt: Date;
};

/** The local calendar day of an instant in a time zone. */
export function localDay(now: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The last complete ISO week before `today`, and the week before it. */
export function alertPeriod(today: string): { from: string; to: string; previousFrom: string; previousTo: string } {
  const thisWeek = periodStart(today, 'week');
  return { from: addDays(thisWeek, -7), to: addDays(thisWeek, -1), previousFrom: addDays(thisWeek, -14), previousTo: addDays(thisWeek, -8) };
}

interface Cell {
  momentKey: string;
  /** '' = organisation-wide. */
  locationId: string;
  current: Counters;
  previous: Counters;
}

async function cellsOf(db: Db, orgId: string, journeyKey: string, period: ReturnType<typeof alertPeriod>): Promise<Cell[]> {
  const query = (table: string, location: string) =>
    db.execute(sql`
      select moment_key as "momentKey", ${sql.raw(location)} as "locationId", (day >= ${period.from}::date) as current,
        sum(responses)::float8 as responses, sum(nps_promoters)::float8 as "npsPromoters", sum(nps_passives)::float8 as "npsPassives",
        sum(nps_detractors)::float8 as "npsDetractors", sum(csat_n)::float8 as "csatN", sum(csat_sum)::float8 as "csatSum",
        sum(csat_sum_squares)::float8 as "csatSumSquares", sum(csat_top_box)::float8 as "csatTopBox", sum(ces_n)::float8 as "cesN",
        sum(ces_sum)::float8 as "cesSum", sum(ces_sum_squares)::float8 as "cesSumSquares", sum(ces_easy)::float8 as "cesEasy",
        sum(comments)::float8 as comments
      from ${sql.raw(table)}
      where org_id = ${orgId} and journey_key = ${journeyKey} and moment_key <> '' and day between ${period.previousFrom}::date and ${period.to}::date
      group by 1, 2, 3`);
  const rows = [
    ...rowsOf<Record<string, unknown>>(await query('insight_rollups_location', 'location_id')),
    ...rowsOf<Record<string, unknown>>(await query('insight_rollups_moment', "''")),
  ];
  const cells = new Map<string, Cell>();
  for (const row of rows) {
    const momentKey = String(row.momentKey);
    const locationId = String(row.locationId);
    const key = `${momentKey}\u0000${locationId}`;
    const cell = cells.get(key) ?? { momentKey, locationId, current: emptyCounters(), previous: emptyCounters() };
    const target = row.current === true || row.current === 't' ? cell.current : cell.previous;
    for (const field of Object.keys(target) as (keyof Counters)[]) target[field] += Number(row[field] ?? 0);
    cells.set(key, cell);
  }
  return [...cells.values()].filter((cell) => cell.current.responses > 0);
}

function targetsOf(benchmarks: readonly { metric: string; comparator: string; value: number }[]): Partial<Record<ScoreMetric, { comparator: Comparator; value: number }>> {
  const targets: Partial<Record<ScoreMetric, { comparator: Comparator; value: number }>> = {};
  for (const benchmark of benchmarks) {
    if ((SCORE_METRICS as readonly string[]).includes(benchmark.metric)) {
      targets[benchmark.metric as ScoreMetric] = { comparator: benchmark.comparator as Comparator, value: benchmark.value };
    }
  }
  return targets;
}

/** What is wrong with a cell (empty: nothing to report). */
export function findingsOf(cell: Pick<Cell, 'current' | 'previous'>, targets: Partial<Record<ScoreMetric, { comparator: Comparator; value: number }>>, minN: number): AlertFinding[] {
  const now = scoresOf(cell.current, minN);
  const comparisons = compareCounters(cell.current, cell.previous, minN);
  const findings: AlertFinding[] = [];
  for (const metric of SCORE_METRICS) {
    const score = now[metric].score;
    if (score === null) continue;
    const target = targets[metric];
    if (target && !meetsBenchmark(score, target.comparator, target.value)) {
      findings.push({ kind: 'below_benchmark', metric, score, n: now[metric].n, benchmark: target });
    }
    const comparison = comparisons[metric];
    if (comparison.significant && comparison.difference !== null && comparison.score !== null && isWorse(metric, comparison.difference, target?.comparator)) {
      findings.push({
        kind: 'significant_drop',
        metric,
        score,
        n: now[metric].n,
        previous: { score: comparison.score, n: comparison.n, difference: comparison.difference, pValue: comparison.pValue! },
      });
    }
  }
  return findings;
}

/**
 * Who hears about a moment at a location: the outlet managers scoped nearest to it (the location
 * itself, else its closest ancestor that has one); with none, the CX managers of its region or of the
 * whole organisation; the administrators only when there is nobody else. Organisation-wide alerts go
 * to the central CX managers (else administrators). The moment's responsible role (free text in the
 * blueprint, e.g. "Counter agent") is named in the message, since roles in the blueprint are not
 * accounts.
 */
async function recipientsOf(db: Db, orgId: string, locationId: string): Promise<ActiveMember[]> {
  const ancestry = locationId ? await listLocationAncestry(db, orgId, locationId) : [];
  const members = await listActiveMembers(db, orgId, { scopes: [...ancestry, null] });
  const depth = new Map(ancestry.map((id, index) => [id, index] as const));
  const nearest = (list: ActiveMember[]) => {
    const best = Math.max(-1, ...list.map((m) => depth.get(m.locationId ?? '') ?? -1));
    return list.filter((m) => (depth.get(m.locationId ?? '') ?? -1) === best);
  };
  if (locationId) {
    const managers = nearest(members.filter((m) => m.role === 'outlet_manager' && m.locationId !== null));
    if (managers.length > 0) return managers;
    const scopedCx = nearest(members.filter((m) => m.role === 'cx_manager' && m.locationId !== null));
    if (scopedCx.length > 0) return scopedCx;
  }
  const central = members.filter((m) => m.role === 'cx_manager' && m.locationId === null);
  return central.length > 0 ? central : members.filter((m) => m.role === 'admin' && m.locationId === null);
}

function text(value: Record<string, string> | undefined, locale: Locale, fallback: string): string | null {
  if (!value) return null;
  return value[locale] ?? value[fallback] ?? Object.values(value)[0] ?? null;
}

/** Judges one organisation's last complete week; returns the alerts created. */
export async function evaluateOrgAlerts(deps: AlertDeps, orgId: string): Promise<AlertRow[]> {
  const db = deps.database.db;
  const minN = deps.minN ?? ALERT_MIN_N;
  const org = await getOrganization(db, orgId);
  const period = alertPeriod(localDay(deps.now(), org.timezone));
  const created: AlertRow[] = [];
  for (const journeyKey of await listPublishedJourneyKeys(db, orgId)) {
    const journey = await findPublishedJourney(db, orgId, journeyKey);
    if (!journey) continue;
    const moments = new Map(journey.document.moments.map((moment) => [moment.key, moment] as const));
    for (const cell of await cellsOf(db, orgId, journeyKey, period)) {
      const central = moments.get(cell.momentKey);
      let benchmarks: readonly { metric: string; comparator: string; value: number }[] = central?.benchmarks ?? [];
      if (cell.locationId) {
        const effective = await findEffectiveMoment(db, orgId, journeyKey, cell.momentKey, cell.locationId);
        if (effective) benchmarks = effective.moment.benchmarks;
      }
      const findings = findingsOf(cell, targetsOf(benchmarks), minN);
      if (findings.length === 0) continue;
      const alert = await insertAlert(db, orgId, journey, cell, period, findings, deps.now());
      if (alert) created.push(alert);
    }
  }
  return created;
}

async function insertAlert(
  db: Db,
  orgId: string,
  journey: JourneyDocument,
  cell: Cell,
  period: ReturnType<typeof alertPeriod>,
  findings: AlertFinding[],
  now: Date,
): Promise<AlertRow | undefined> {
  const moment = journey.document.moments.find((candidate) => candidate.key === cell.momentKey);
  const role = moment?.responsibleRole ? (moment.responsibleRole[journey.fallbackLocale] ?? Object.values(moment.responsibleRole)[0] ?? null) : null;
  const recipients = await recipientsOf(db, orgId, cell.locationId);
  const result = await db.execute(sql`
    insert into insight_alerts (org_id, alert_id, journey_key, moment_key, location_id, period_start, period_end, findings, responsible_role, recipients, created_at)
    values (${orgId}, ${newId(now.getTime())}, ${journey.journeyKey}, ${cell.momentKey}, ${cell.locationId}, ${period.from}::date, ${period.to}::date,
      ${JSON.stringify(findings)}::jsonb, ${role}, ${JSON.stringify(recipients.map((m) => m.userId))}::jsonb, ${now.toISOString()}::timestamptz)
    on conflict (org_id, journey_key, moment_key, location_id, period_start) do nothing
    returning ${ALERT_COLUMNS}`);
  const [row] = rowsOf<RawAlert>(result);
  if (!row) return undefined;
  const alert = toAlert(row);
  // In the shared inbox too (in-app only: the alert's e-mail is this room's own, marked by mailed_at).
  const place = cell.locationId ? (await getLocation(db, orgId, cell.locationId)).name : (await getOrganization(db, orgId)).name;
  const link = new URLSearchParams({ journey: alert.journeyKey, moment: alert.momentKey, from: alert.periodStart, to: alert.periodEnd });
  if (alert.locationId) link.set('location', alert.locationId);
  await createNotifications(
    db,
    orgId,
    recipients.map((member) => ({
      userId: member.userId,
      kind: ALERT_NOTIFICATION_KIND,
      link: `/insights?${link.toString()}`,
      data: { alertId: alert.alertId, moment: moment?.name ?? null, fallbackLocale: journey.fallbackLocale, place, periodStart: alert.periodStart, periodEnd: alert.periodEnd, findings },
    })),
    now,
  );
  return alert;
}

const ALERT_NOTIFICATION_KIND = 'insights.alert';

registerNotificationKinds({
  [ALERT_NOTIFICATION_KIND]: {
    email: false,
    render: (context) => {
      const data = context.data;
      const fallback = typeof data.fallbackLocale === 'string' ? data.fallbackLocale : 'en';
      const moment = (data.moment && typeof data.moment === 'object' ? text(data.moment as Record<string, string>, context.locale, fallback) : null) ?? '';
      const period = `${String(data.periodStart ?? '')} – ${String(data.periodEnd ?? '')}`;
      const mail = alertMail(context.locale, { name: '', moment, place: String(data.place ?? ''), period, role: null, findings: Array.isArray(data.findings) ? (data.findings as AlertFinding[]) : [], url: '' });
      return { title: mail.subject, body: period };
    },
  },
});

const ALERT_COLUMNS = sql.raw(
  `alert_id as "alertId", journey_key as "journeyKey", moment_key as "momentKey", location_id as "locationId", period_start::text as "periodStart",
   period_end::text as "periodEnd", findings, responsible_role as "responsibleRole", recipients, mailed_at as "mailedAt", created_at as "createdAt"`,
);

type RawAlert = Omit<AlertRow, 'locationId' | 'mailedAt' | 'createdAt'> & { locationId: string; mailedAt: Date | string | null; createdAt: Date | string };

function toAlert(row: RawAlert): AlertRow {
  return {
    ...row,
    locationId: row.locationId === '' ? null : row.locationId,
    mailedAt: row.mailedAt ? new Date(row.mailedAt) : null,
    createdAt: new Date(row.createdAt),
  };
}

/** Sends the e-mails of alerts not mailed yet (this run's, and earlier ones whose sending failed). */
export async function mailPendingAlerts(deps: AlertDeps, orgId: string): Promise<number> {
  const db = deps.database.db;
  const org = await getOrganization(db, orgId);
  const pending = rowsOf<RawAlert>(
    await db.execute(sql`select ${ALERT_COLUMNS} from insight_alerts where org_id = ${orgId} and mailed_at is null order by alert_id limit 200`),
  ).map(toAlert);
  let sent = 0;
  for (const alert of pending) {
    const journey = await findPublishedJourney(db, orgId, alert.journeyKey);
    const moment = journey?.document.moments.find((candidate) => candidate.key === alert.momentKey);
    const place = alert.locationId ? (await getLocation(db, orgId, alert.locationId)).name : org.name;
    const members = alert.recipients.length > 0 ? await listActiveMembers(db, orgId, { userIds: alert.recipients }) : [];
    try {
      for (const member of members) {
        const locale: Locale = member.locale && isLocale(member.locale) ? member.locale : pickLocale(member.locale ?? org.defaultLocale, isLocale(org.defaultLocale) ? org.defaultLocale : 'en');
        const fallback = journey?.fallbackLocale ?? 'en';
        const query = new URLSearchParams({ journey: alert.journeyKey, moment: alert.momentKey, from: alert.periodStart, to: alert.periodEnd });
        if (alert.locationId) query.set('location', alert.locationId);
        const mail = alertMail(locale, {
          name: member.name,
          moment: text(moment?.name, locale, fallback) ?? alert.momentKey,
          place,
          period: `${alert.periodStart} – ${alert.periodEnd}`,
          role: text(moment?.responsibleRole, locale, fallback),
          findings: alert.findings,
          url: `${deps.publicUrl.replace(/\/+$/, '')}/insights?${query.toString()}`,
        });
        await deps.mailer.send({ to: member.email, ...mail });
      }
      await db.execute(sql`update insight_alerts set mailed_at = ${deps.now().toISOString()}::timestamptz where org_id = ${orgId} and alert_id = ${alert.alertId}`);
      sent += 1;
    } catch (error) {
      deps.logger?.warn({ err: error, alertId: alert.alertId }, 'alert e-mail failed; retried on the next run');
    }
  }
  return sent;
}

/** The daily run: every organisation with answers in the last three weeks. */
export async function runAlerts(deps: AlertDeps): Promise<{ created: number; mailed: number }> {
  const db = deps.database.db;
  const since = addDays(deps.now().toISOString().slice(0, 10), -22);
  const orgs = rowsOf<{ org_id: string }>(
    await db.execute(sql`select distinct org_id from insight_rollups_moment where day >= ${since}::date
      union select distinct org_id from insight_alerts where mailed_at is null`),
  );
  let created = 0;
  let mailed = 0;
  for (const { org_id: orgId } of orgs) {
    created += (await evaluateOrgAlerts(deps, orgId)).length;
    mailed += await mailPendingAlerts(deps, orgId);
  }
  return { created, mailed };
}

/** In-app alerts, newest first; a reader limited to a subtree sees that subtree's alerts only. */
export async function listAlerts(db: Db, orgId: string, options: { limit: number; cursor?: string; locationIds?: string[] }): Promise<Page<AlertRow>> {
  if (options.locationIds && options.locationIds.length === 0) return { items: [], nextCursor: null };
  const after = options.cursor ? decodeCursor(options.cursor) : undefined;
  const scope = options.locationIds ? sql` and location_id in (${sql.join(options.locationIds.map((id) => sql`${id}`), sql`, `)})` : sql``;
  const before = after ? sql` and alert_id < ${after}` : sql``;
  const rows = rowsOf<RawAlert>(
    await db.execute(sql`select ${ALERT_COLUMNS} from insight_alerts where org_id = ${orgId}${scope}${before} order by alert_id desc limit ${options.limit + 1}`),
  ).map(toAlert);
  const items = rows.slice(0, options.limit);
  return { items, nextCursor: rows.length > options.limit ? encodeCursor(items[items.length - 1]!.alertId) : null };
}
