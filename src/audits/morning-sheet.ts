import { getLocation, getOrganization, listActiveMembers, listLocationAncestry } from '../access/index.ts';
import { journeyHeatmap, type Heatmap } from '../insights/index.ts';
import { findEffectiveMoment, findJourney, listPublishedJourneyKeys, resolveText, type TranslatableText } from '../journeys/index.ts';
import type { Db } from '../platform/database.ts';
import { badRequest } from '../platform/errors.ts';
import { isLocale, type Locale } from '../platform/locales.ts';
import { openCasesOfOutlet, type OutletCase } from '../recovery/index.ts';
import { listActions, listImprovements, type ActionRow, type ImprovementRow } from './actions.ts';
import { checklistKeysOf } from './store.ts';

/*
 * The morning-meeting sheet of an outlet (issue 7, point 7; seed 003's step 5, "drill it every
 * morning"): the moments to drill today with their action guides, last week's scores, the open
 * corrective and improvement actions and the open recovery cases, for one page of A4.
 *
 * The pure part (selectFocusMoments, scoreLines, sortActions) shapes what the queries found; the
 * queries go through the other rooms' doors only: insights' journeyHeatmap (rollups + keymoment/stats
 * tests), journeys' effective blueprint, recovery's open cases of an outlet, access for names.
 */

const DAY_MS = 86_400_000;
export const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

export const DEFAULT_SHEET_MIN_N = 5;
export const MAX_FOCUS = 3;
export const MIN_FOCUS = 2;
/** Rows fetched for the lists; the page shows fewer and says "+N more". */
const LIST_LIMIT = 200;
const CASE_LIMIT = 8;

export type SheetMetric = 'nps' | 'csat';
export const SHEET_METRICS: readonly SheetMetric[] = ['nps', 'csat'];
/** Points a metric can span: a gap is compared as a share of it, so NPS and CSAT rank together. */
const METRIC_RANGE: Record<SheetMetric, number> = { nps: 200, csat: 100 };

export type BenchmarkStatus = 'meets' | 'below' | 'insufficient' | 'no_benchmark';

export interface MetricLine {
  score: number | null;
  n: number;
  target: { comparator: 'gte' | 'lte'; value: number } | null;
  status: BenchmarkStatus;
  previous: { score: number | null; n: number };
  /** Last week − the week before, only when significant at 95 % (both sides with at least minN answers). */
  change: { difference: number; pValue: number } | null;
}

export interface ScoreLine {
  journeyKey: string;
  momentKey: string;
  name: string;
  order: number;
  peak: boolean;
  end: boolean;
  key: boolean;
  nps: MetricLine;
  csat: MetricLine;
}

export type FocusReason =
  | { kind: 'below_benchmark'; metric: SheetMetric; score: number; target: { comparator: 'gte' | 'lte'; value: number }; n: number; gap: number }
  | { kind: 'declined'; metric: SheetMetric; previous: number; score: number; difference: number; pValue: number }
  | { kind: 'open_actions'; count: number }
  | { kind: 'peak_moment' | 'end_moment' | 'key_moment' | 'first_moment' };

export interface FocusCandidate extends ScoreLine {
  /** Open corrective actions at the outlet for this moment. */
  openActions: number;
}

export interface FocusChoice {
  journeyKey: string;
  momentKey: string;
  reason: FocusReason;
}

/** How far a score is on the wrong side of its target, as a share (0–1) of the metric's range. */
function gapOf(metric: SheetMetric, line: MetricLine): number | null {
  if (line.status !== 'below' || line.score === null || !line.target) return null;
  const raw = line.target.comparator === 'gte' ? line.target.value - line.score : line.score - line.target.value;
  return raw > 0 ? raw / METRIC_RANGE[metric] : null;
}

/**
 * The moments to drill today, at most `max`, at least `min` when the journey has that many:
 *  1. moments below an NPS or CSAT benchmark last week with enough answers, furthest below first
 *     (the gap as a share of the metric's range, so NPS and CSAT compare);
 *  2. then moments whose NPS or CSAT fell significantly against the week before, largest fall first;
 *  3. then moments with open corrective actions from audits, most first;
 *  4. only to reach `min` (little or no data): peak moments, the end, key moments, then the first
 *     moment, in journey order — what customers remember (the peak–end rule).
 */
export function selectFocusMoments(candidates: readonly FocusCandidate[], options: { max?: number; min?: number } = {}): FocusChoice[] {
  const max = options.max ?? MAX_FOCUS;
  const min = Math.min(options.min ?? MIN_FOCUS, max);
  const chosen: FocusChoice[] = [];
  const taken = new Set<string>();
  const idOf = (c: { journeyKey: string; momentKey: string }) => `${c.journeyKey}\u0000${c.momentKey}`;
  const take = (candidate: FocusCandidate, reason: FocusReason, limit: number) => {
    if (chosen.length >= limit || taken.has(idOf(candidate))) return;
    taken.add(idOf(candidate));
    chosen.push({ journeyKey: candidate.journeyKey, momentKey: candidate.momentKey, reason });
  };
  const inJourneyOrder = (a: FocusCandidate, b: FocusCandidate) => a.journeyKey.localeCompare(b.journeyKey) || a.order - b.order;

  const below = candidates.flatMap((candidate) => {
    const worst = SHEET_METRICS.map((metric) => ({ metric, gap: gapOf(metric, candidate[metric]) }))
      .filter((entry): entry is { metric: SheetMetric; gap: number } => entry.gap !== null)
      .sort((a, b) => b.gap - a.gap)[0];
    if (!worst) return [];
    const line = candidate[worst.metric];
    return [{ candidate, reason: { kind: 'below_benchmark', metric: worst.metric, score: line.score!, target: line.target!, n: line.n, gap: Math.round(worst.gap * 10_000) / 10_000 } as const }];
  });
  below.sort((a, b) => b.reason.gap - a.reason.gap || inJourneyOrder(a.candidate, b.candidate));
  for (const entry of below) take(entry.candidate, entry.reason, max);

  const declined = candidates.flatMap((candidate) => {
    const worst = SHEET_METRICS.map((metric) => ({ metric, line: candidate[metric] }))
      .filter((entry) => entry.line.change !== null && entry.line.change.difference < 0 && entry.line.score !== null && entry.line.previous.score !== null)
      .sort((a, b) => a.line.change!.difference / METRIC_RANGE[a.metric] - b.line.change!.difference / METRIC_RANGE[b.metric])[0];
    if (!worst) return [];
    const { line } = worst;
    return [
      {
        candidate,
        share: line.change!.difference / METRIC_RANGE[worst.metric],
        reason: { kind: 'declined', metric: worst.metric, previous: line.previous.score!, score: line.score!, difference: line.change!.difference, pValue: line.change!.pValue } as const,
      },
    ];
  });
  declined.sort((a, b) => a.share - b.share || inJourneyOrder(a.candidate, b.candidate));
  for (const entry of declined) take(entry.candidate, entry.reason, max);

  const withActions = candidates.filter((candidate) => candidate.openActions > 0).sort((a, b) => b.openActions - a.openActions || inJourneyOrder(a, b));
  for (const candidate of withActions) take(candidate, { kind: 'open_actions', count: candidate.openActions }, max);

  if (chosen.length < min) {
    const ordered = [...candidates].sort(inJourneyOrder);
    for (const candidate of ordered.filter((c) => c.peak)) take(candidate, { kind: 'peak_moment' }, min);
    for (const candidate of ordered.filter((c) => c.end)) take(candidate, { kind: 'end_moment' }, min);
    for (const candidate of ordered.filter((c) => c.key)) take(candidate, { kind: 'key_moment' }, min);
    for (const candidate of ordered) take(candidate, { kind: 'first_moment' }, min);
  }
  return chosen;
}

/** One heatmap (a journey at the outlet, last week vs the week before) as score lines. */
export function scoreLines(heatmap: Pick<Heatmap, 'journeyKey' | 'moments'>, locale: Locale, fallback: Locale): ScoreLine[] {
  return heatmap.moments.map((moment) => {
    const metric = (name: SheetMetric): MetricLine => {
      const score = moment.scores[name];
      const previous = moment.scores.previous[name];
      const benchmark = moment.benchmarks[name];
      return {
        score: score.score,
        n: score.n,
        target: benchmark ? { comparator: benchmark.comparator as 'gte' | 'lte', value: benchmark.value } : null,
        status: benchmark?.status ?? 'no_benchmark',
        previous: { score: previous.score, n: previous.n },
        change: previous.significant && previous.difference !== null && previous.pValue !== null ? { difference: previous.difference, pValue: previous.pValue } : null,
      };
    };
    return {
      journeyKey: heatmap.journeyKey,
      momentKey: moment.momentKey,
      name: resolveText(moment.name as TranslatableText, locale, fallback) || moment.momentKey,
      order: moment.order,
      peak: moment.peak,
      end: moment.end,
      key: moment.flags.includes('key'),
      nps: metric('nps'),
      csat: metric('csat'),
    };
  });
}

/** A score line is worth a row when the moment had answers in either week or has an NPS/CSAT target. */
export function isScoreLineShown(line: ScoreLine): boolean {
  return SHEET_METRICS.some((metric) => line[metric].n > 0 || line[metric].previous.n > 0 || line[metric].target !== null);
}

/** Overdue first, then by due date. */
export function sortActions<T extends { overdue: boolean; dueAt: string }>(actions: readonly T[]): T[] {
  return [...actions].sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.dueAt.localeCompare(b.dueAt));
}

// ---------- the assembled sheet ----------

export interface SheetFocusMoment {
  journeyKey: string;
  journeyName: string;
  momentKey: string;
  name: string;
  stageName: string;
  peak: boolean;
  end: boolean;
  reason: FocusReason;
  responsibleRole: string | null;
  coreNeeds: string[];
  actionGuide: { number: number; title: string; detail: string | null }[];
}

export interface SheetAction {
  actionId: string;
  checklistKey: string;
  journeyKey: string;
  momentKey: string;
  momentName: string;
  title: string;
  critical: boolean;
  ownerUserId: string | null;
  ownerName: string | null;
  dueAt: string;
  overdue: boolean;
  escalationLevel: number;
}

export interface SheetImprovement {
  improvementId: string;
  title: string;
  journeyKey: string;
  momentKey: string;
  momentName: string;
  status: 'plan' | 'do' | 'check' | 'act';
  cycle: number;
  ownerUserId: string | null;
  ownerName: string | null;
  startDate: string;
}

export interface SheetCase {
  caseId: string;
  summary: string;
  reason: OutletCase['reason'];
  status: OutletCase['status'];
  momentKey: string | null;
  momentName: string | null;
  ownerName: string | null;
  openedAt: string;
  nextDueAt: string | null;
  slaState: OutletCase['slaState'];
}

export interface MorningSheet {
  organisation: string;
  location: { locationId: string; name: string; code: string | null; path: string[]; timezone: string };
  date: string;
  locale: Locale;
  generatedAt: string;
  minN: number;
  week: { from: string; to: string; previousFrom: string; previousTo: string };
  journeys: { key: string; name: string }[];
  focus: SheetFocusMoment[];
  scores: (ScoreLine & { journeyName: string })[];
  correctiveActions: { open: number; overdue: number; items: SheetAction[] };
  improvementActions: { active: number; items: SheetImprovement[] };
  cases: { open: number; breached: number; nearest: SheetCase[] };
}

export interface MorningSheetQuery {
  locationId: string;
  /** The sheet's day (YYYY-MM-DD), in the outlet's time zone. */
  date: string;
  locale: Locale;
  minN: number;
  now: Date;
  journeyKey?: string | undefined;
}

/** The outlet's local date of an instant. */
export function localDate(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Checks that a location is an outlet of the organisation (404 otherwise) and returns it. */
export async function outletOf(db: Db, orgId: string, locationId: string) {
  const location = await getLocation(db, orgId, locationId);
  if (location.level !== 'outlet') throw badRequest('location', `location "${location.name}" is a ${location.level}; the morning sheet is for an outlet`);
  return location;
}

export async function assembleMorningSheet(db: Db, orgId: string, query: MorningSheetQuery): Promise<MorningSheet> {
  const { locale, minN } = query;
  const location = await outletOf(db, orgId, query.locationId);
  const organisation = await getOrganization(db, orgId);
  const orgFallback: Locale = isLocale(organisation.defaultLocale) ? organisation.defaultLocale : 'en';
  const ancestry = await listLocationAncestry(db, orgId, location.locationId);
  const path = await Promise.all(ancestry.map(async (id) => (await getLocation(db, orgId, id)).name));
  const week = { from: addDays(query.date, -7), to: addDays(query.date, -1), previousFrom: addDays(query.date, -14), previousTo: addDays(query.date, -8) };

  // Journeys: the one asked for, else every published one.
  let journeyKeys = await listPublishedJourneyKeys(db, orgId);
  if (query.journeyKey !== undefined) {
    if (!journeyKeys.includes(query.journeyKey)) throw badRequest('journey', `journey "${query.journeyKey}" does not exist or has no published version`);
    journeyKeys = [query.journeyKey];
  }
  const journeys = new Map<string, { name: string; fallback: Locale; heatmap: Heatmap }>();
  for (const key of journeyKeys) {
    const journey = await findJourney(db, orgId, key);
    const heatmap = await journeyHeatmap(db, orgId, { journeyKey: key, from: week.from, to: week.to, locationId: location.locationId, locationIds: [location.locationId], minN });
    if (!journey || !heatmap) continue;
    const fallback = isLocale(journey.fallbackLocale) ? journey.fallbackLocale : orgFallback;
    journeys.set(key, { name: resolveText(journey.name, locale, fallback) || key, fallback, heatmap });
  }
  const linesByJourney = new Map([...journeys].map(([key, journey]) => [key, scoreLines(journey.heatmap, locale, journey.fallback)] as const));
  const momentName = (journeyKey: string, momentKey: string) => linesByJourney.get(journeyKey)?.find((line) => line.momentKey === momentKey)?.name ?? momentKey;

  // Corrective actions still open at the outlet, and improvement actions under way that cover it.
  const now = query.now;
  const actions = (await listActions(db, orgId, { limit: LIST_LIMIT, locationId: location.locationId, status: 'open' })).items;
  const improvements = (await listImprovements(db, orgId, { limit: LIST_LIMIT, within: ancestry })).items.filter(
    (row): row is ImprovementRow & { status: SheetImprovement['status'] } => row.status !== 'closed' && journeys.has(row.journeyKey),
  );
  const cases = await openCasesOfOutlet(db, orgId, location.locationId, { now, limit: CASE_LIMIT });
  const ownerIds = [...new Set([...actions.map((a) => a.ownerUserId), ...improvements.map((i) => i.ownerUserId), ...cases.nearest.map((c) => c.ownerId)].filter((id): id is string => id !== null))];
  const names = new Map((ownerIds.length > 0 ? await listActiveMembers(db, orgId, { userIds: ownerIds }) : []).map((member) => [member.userId, member.name] as const));
  const checklistKeys = await checklistKeysOf(db, orgId, [...new Set(actions.map((a) => a.checklistId))]);

  const openActionsByMoment = new Map<string, number>();
  for (const action of actions) {
    const id = `${action.journeyKey}\u0000${action.momentKey}`;
    openActionsByMoment.set(id, (openActionsByMoment.get(id) ?? 0) + 1);
  }
  const candidates: FocusCandidate[] = [...linesByJourney.values()].flat().map((line) => ({ ...line, openActions: openActionsByMoment.get(`${line.journeyKey}\u0000${line.momentKey}`) ?? 0 }));
  const choices = selectFocusMoments(candidates);

  const focus: SheetFocusMoment[] = [];
  for (const choice of choices) {
    const journey = journeys.get(choice.journeyKey)!;
    const effective = await findEffectiveMoment(db, orgId, choice.journeyKey, choice.momentKey, location.locationId, journey.heatmap.version);
    if (!effective) continue;
    const text = (value: TranslatableText | undefined) => resolveText(value, locale, journey.fallback);
    const { moment, stage } = effective;
    const stageName = stage.name ? text(stage.name) : '';
    focus.push({
      journeyKey: choice.journeyKey,
      journeyName: journey.name,
      momentKey: choice.momentKey,
      name: text(moment.name) || choice.momentKey,
      stageName,
      peak: moment.flags.includes('peak'),
      end: moment.flags.includes('end'),
      reason: choice.reason,
      responsibleRole: moment.responsibleRole ? text(moment.responsibleRole) || null : null,
      coreNeeds: moment.coreNeeds.map(text).filter((need) => need !== ''),
      actionGuide: moment.actionGuide.map((step, index) => ({ number: index + 1, title: text(step.title), detail: text(step.detail) || null })),
    });
  }

  const actionItems = sortActions(
    actions.map((row: ActionRow): SheetAction => ({
      actionId: row.actionId,
      checklistKey: checklistKeys.get(row.checklistId) ?? '',
      journeyKey: row.journeyKey,
      momentKey: row.momentKey,
      momentName: momentName(row.journeyKey, row.momentKey),
      title: resolveText(row.title, locale, orgFallback) || row.itemKey,
      critical: row.critical,
      ownerUserId: row.ownerUserId,
      ownerName: row.ownerUserId ? (names.get(row.ownerUserId) ?? null) : null,
      dueAt: row.dueAt.toISOString(),
      overdue: row.dueAt < now,
      escalationLevel: row.escalationLevel,
    })),
  );
  const scores = [...linesByJourney].flatMap(([key, lines]) => lines.filter(isScoreLineShown).map((line) => ({ ...line, journeyName: journeys.get(key)!.name })));

  return {
    organisation: organisation.name,
    location: { locationId: location.locationId, name: location.name, code: location.code, path, timezone: location.timezone },
    date: query.date,
    locale,
    generatedAt: now.toISOString(),
    minN,
    week,
    journeys: [...journeys].map(([key, journey]) => ({ key, name: journey.name })),
    focus,
    scores,
    correctiveActions: { open: actionItems.length, overdue: actionItems.filter((a) => a.overdue).length, items: actionItems },
    improvementActions: {
      active: improvements.length,
      items: improvements.map((row) => ({
        improvementId: row.improvementId,
        title: row.title,
        journeyKey: row.journeyKey,
        momentKey: row.momentKey,
        momentName: momentName(row.journeyKey, row.momentKey),
        status: row.status,
        cycle: row.cycle,
        ownerUserId: row.ownerUserId,
        ownerName: row.ownerUserId ? (names.get(row.ownerUserId) ?? null) : null,
        startDate: row.startDate,
      })),
    },
    cases: {
      open: cases.open,
      breached: cases.breached,
      nearest: cases.nearest.map((row) => ({
        caseId: row.caseId,
        summary: row.summary,
        reason: row.reason,
        status: row.status,
        momentKey: row.momentKey,
        momentName: row.journeyKey && row.momentKey ? momentName(row.journeyKey, row.momentKey) : null,
        ownerName: row.ownerId ? (names.get(row.ownerId) ?? null) : null,
        openedAt: row.openedAt.toISOString(),
        nextDueAt: row.nextDueAt ? row.nextDueAt.toISOString() : null,
        slaState: row.slaState,
      })),
    },
  };
}
