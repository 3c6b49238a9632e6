/**
 * What the dashboards' tables export (CSV and XLSX): the same rows the reader sees, in their
 * language, plus ids. Pure functions of the API data, so the minimum-n rule and the staff names
 * can be tested without a browser (test/web-insights-exports.test.ts).
 *
 * Self-contained on purpose: the server's type check and unit tests read this file, and they
 * cannot follow the web's extensionless imports, so the API shapes it needs are declared here
 * structurally (insights-api's ScoreRow, HeatmapMoment, DriversReport… fit them).
 */
import Papa from 'papaparse';

export type Cell = string | number | boolean | null;
type Metric = 'nps' | 'csat' | 'ces';

interface ScoreLike {
  score: number | null;
  n: number;
  ci: [number, number] | null;
}

interface ComparisonLike {
  score: number | null;
  difference: number | null;
  pValue: number | null;
  significant: boolean;
}

/** A row of GET /scores (insights-api ScoreRow). */
export interface ScoreRowLike extends Record<Metric, ScoreLike> {
  locationId?: string | null;
  staffId?: string | null;
  periodStart?: string;
  periodEnd?: string;
  previous: Record<Metric, ComparisonLike>;
}

/** Cells a spreadsheet would run as a formula get a leading apostrophe (as the server's exports do). */
export function safeCell<T extends Cell>(value: T): T | string {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The CSV text of a table (formula-looking cells neutralised), without the byte-order mark. */
export function csvText(header: string[], rows: Cell[][]): string {
  return Papa.unparse({ fields: header, data: rows.map((row) => row.map(safeCell)) });
}

/** One exported table: a CSV file, or one sheet of an XLSX workbook. */
export interface ExportTable {
  /** Sheet name (Excel keeps at most 31 characters). */
  name: string;
  header: string[];
  rows: Cell[][];
  /** Excel number formats per column, e.g. '0.0%' for shares given as fractions. */
  formats?: (string | undefined)[];
}

/** The reader's translation function (i18next's `t`, narrowed to what these builders use). */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

/**
 * `keymoment-<area>[-<journey>]-<from>_<to>-<export day>.<ext>`: what, which period and when,
 * in ASCII so every file system and mail client keeps the name.
 */
export function exportFileName(area: string, period: { journey?: string | null; from: string; to: string }, extension: 'csv' | 'xlsx' | 'png', today: Date = new Date()): string {
  const slug = (value: string) =>
    value
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '');
  const day = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
  const parts = ['keymoment', slug(area), period.journey ? slug(period.journey) : '', `${period.from}_${period.to}`, day].filter((part) => part !== '');
  return `${parts.join('-')}.${extension}`;
}

/**
 * A staff member's display name from the coaching staff directory, else the bare id (a staff id the
 * directory does not know, or a reader who may not read the directory), null for "no staff member".
 */
export function staffDisplayName(staffId: string | null | undefined, names: ReadonlyMap<string, string>): string | null {
  if (!staffId) return null;
  const name = names.get(staffId)?.trim();
  return name ? name : staffId;
}

export interface LeagueItem<R extends ScoreRowLike = ScoreRowLike> {
  row: R;
  /** The name shown: the location's path, or the staff member's display name. */
  name: string;
}

/** A score withheld by the minimum-n rule: the server sends no score below minN; the export checks n too. */
export function isWithheld(row: ScoreRowLike, metric: Metric, minN: number): boolean {
  return row[metric].score === null || row[metric].n < minN;
}

/**
 * The outlet or staff league table as rows, in the order on screen. Rows without answers are not
 * on screen and not exported; a score on fewer than `minN` answers is exported without score and
 * interval and marked "fewer than n answers" (the same rule as on screen, so an export never shows
 * what the dashboard withholds).
 */
export function leagueExportTable<R extends ScoreRowLike>(input: {
  groupBy: 'location' | 'staff';
  metric: Metric;
  minN: number;
  items: readonly LeagueItem<R>[];
  ranks: ReadonlyMap<R, number>;
  t: Translate;
}): ExportTable {
  const { groupBy, metric, minN, t } = input;
  const header = [
    t('insights.league.columns.rank'),
    t(`insights.league.${groupBy}`),
    t(`insights.export.${groupBy}Id`),
    t('insights.league.columns.n'),
    t(`insights.metrics.${metric}`),
    t('insights.league.columns.ciLow'),
    t('insights.league.columns.ciHigh'),
    t('insights.export.status'),
    t('insights.league.columns.previous'),
    t('insights.league.columns.change'),
    t('insights.league.columns.pValue'),
    t('insights.league.columns.significant'),
  ];
  const rows = input.items
    .filter(({ row }) => row[metric].n > 0)
    .map(({ row, name }): Cell[] => {
      const score = row[metric];
      const withheld = isWithheld(row, metric, minN);
      const previous = row.previous[metric];
      return [
        withheld ? null : (input.ranks.get(row) ?? null),
        name,
        (groupBy === 'location' ? row.locationId : row.staffId) ?? '',
        score.n,
        withheld ? null : score.score,
        withheld ? null : (score.ci?.[0] ?? null),
        withheld ? null : (score.ci?.[1] ?? null),
        withheld ? t('insights.league.tooFew', { minN }) : t('insights.export.ranked'),
        previous.score,
        previous.difference,
        previous.pValue,
        previous.significant,
      ];
    });
  return { name: t(`insights.league.${groupBy}Title`), header, rows };
}

/** The heatmap's numbers: one row per moment in blueprint order, with its target and status. */
/** A moment of GET /insights/heatmap (insights-api HeatmapMoment). */
export interface HeatmapMomentLike {
  momentKey: string;
  stageKey: string;
  peak: boolean;
  end: boolean;
  scores: Record<Metric, ScoreLike>;
  benchmarks: Partial<Record<Metric, { comparator: string; value: number }>>;
}

export function heatmapExportTable<M extends HeatmapMomentLike>(input: {
  moments: readonly M[];
  metric: Metric;
  minN: number;
  stageName: (stageKey: string) => string;
  momentName: (moment: M) => string;
  status: (moment: M) => string;
  t: Translate;
}): ExportTable {
  const { metric, minN, t } = input;
  const header = [
    t('insights.export.stage'),
    t('insights.drivers.columns.moment'),
    t('insights.export.momentKey'),
    t('insights.heatmap.peak'),
    t('insights.heatmap.end'),
    t('insights.league.columns.n'),
    t(`insights.metrics.${metric}`),
    t('insights.league.columns.ciLow'),
    t('insights.league.columns.ciHigh'),
    t('insights.export.targetComparator'),
    t('insights.export.targetValue'),
    t('insights.export.status'),
  ];
  const rows = input.moments.map((moment): Cell[] => {
    const score = moment.scores[metric];
    const withheld = score.score === null || score.n < minN;
    const benchmark = moment.benchmarks[metric];
    return [
      input.stageName(moment.stageKey),
      input.momentName(moment),
      moment.momentKey,
      moment.peak,
      moment.end,
      score.n,
      withheld ? null : score.score,
      withheld ? null : (score.ci?.[0] ?? null),
      withheld ? null : (score.ci?.[1] ?? null),
      benchmark?.comparator ?? null,
      benchmark?.value ?? null,
      input.status(moment),
    ];
  });
  return { name: t('insights.tabs.heatmap'), header, rows };
}

/** The drivers (importance × performance) table; shares as fractions so Excel shows them as percentages. */
/** A moment of GET /insights/drivers (insights-api DriverMoment). */
export interface DriverMomentLike {
  momentKey: string;
  weight: number;
  share: number;
  weightCi: [number, number];
  shareCi: [number, number];
  differsFromNext: boolean | null;
  performance: number;
  quadrant: string;
}

export function driversExportTable<M extends DriverMomentLike>(input: { report: { respondents: number; moments: readonly M[] }; momentName: (moment: M) => string; t: Translate }): ExportTable {
  const { report, t } = input;
  return {
    name: t('insights.drivers.title'),
    header: [
      t('insights.drivers.columns.moment'),
      t('insights.export.momentKey'),
      t('insights.drivers.columns.share'),
      t('insights.drivers.columns.shareCiLow'),
      t('insights.drivers.columns.shareCiHigh'),
      t('insights.drivers.columns.weight'),
      t('insights.drivers.columns.weightCiLow'),
      t('insights.drivers.columns.weightCiHigh'),
      t('insights.drivers.columns.differsFromNext'),
      t('insights.drivers.columns.performance'),
      t('insights.drivers.columns.quadrant'),
      t('insights.drivers.columns.respondents'),
    ],
    // The 95% bootstrap intervals (E2, issue #5): shares as fractions, raw weights as numbers.
    rows: report.moments.map((moment) => [
      input.momentName(moment),
      moment.momentKey,
      moment.share / 100,
      moment.shareCi[0] / 100,
      moment.shareCi[1] / 100,
      moment.weight,
      moment.weightCi[0],
      moment.weightCi[1],
      moment.differsFromNext,
      moment.performance,
      t(`insights.drivers.quadrants.${moment.quadrant}`),
      report.respondents,
    ]),
    formats: [undefined, undefined, '0.0%', '0.0%', '0.0%', '0.0000', '0.0000', '0.0000', undefined, '0.00'],
  };
}

/** The peak–end regression (overall rating on peak, end and mean) with its fit. */
export function peakEndExportTable(input: {
  report: {
    respondents: number;
    correlationPeakEnd: number | null;
    correlationMean: number | null;
    regression: { coefficients: number[]; standardErrors: number[]; pValues: number[]; rSquared: number } | null;
  };
  t: Translate;
}): ExportTable {
  const { report, t } = input;
  const regression = report.regression;
  const terms = ['peak', 'end', 'mean'] as const;
  return {
    name: t('insights.peakEnd.title'),
    header: [t('insights.peakEnd.term'), t('insights.peakEnd.coefficient'), t('insights.export.standardError'), t('insights.peakEnd.pValue')],
    rows: [
      ...(regression
        ? terms.map((term, index) => [t(`insights.peakEnd.terms.${term}`), regression.coefficients[index + 1] ?? null, regression.standardErrors[index + 1] ?? null, regression.pValues[index + 1] ?? null])
        : []),
      [t('insights.peakEnd.correlationPeakEnd'), report.correlationPeakEnd, null, null],
      [t('insights.peakEnd.correlationMean'), report.correlationMean, null, null],
      ...(regression ? [[t('insights.export.rSquared'), regression.rSquared, null, null]] : []),
      [t('insights.peakEnd.visits'), report.respondents, null, null],
    ],
  };
}

/** One theme in one period, as the themes panel shows it. */
export interface ThemeCell {
  theme: string;
  periodStart: string | null;
  mentions: number;
  positive: number;
  neutral: number;
  negative: number;
  meanSentiment: number;
}

/** The themes-over-time table in long form (one row per theme and period), the themes on screen only. */
export function themesExportTable(input: { cells: readonly ThemeCell[]; themeName: (theme: string) => string; band: (meanSentiment: number) => string; t: Translate }): ExportTable {
  const { t } = input;
  return {
    name: t('insightsThemes.title'),
    header: [
      t('insightsThemes.theme'),
      t('insights.export.themeKey'),
      t('insights.export.periodStart'),
      t('insights.export.mentions'),
      t('insights.export.positive'),
      t('insights.export.neutral'),
      t('insights.export.negative'),
      t('insights.export.meanSentiment'),
      t('insights.export.sentimentBand'),
    ],
    rows: input.cells.map((cell) => [
      input.themeName(cell.theme),
      cell.theme,
      cell.periodStart,
      cell.mentions,
      cell.positive,
      cell.neutral,
      cell.negative,
      cell.meanSentiment,
      input.band(cell.meanSentiment),
    ]),
    formats: [undefined, undefined, undefined, undefined, undefined, undefined, undefined, '0.00'],
  };
}

/** The trend chart's points: one row per period, withheld periods without score. */
export function trendExportTable(input: { rows: readonly ScoreRowLike[]; metric: Metric; minN: number; t: Translate }): ExportTable {
  const { metric, minN, t } = input;
  return {
    name: t('insights.trend.title'),
    header: [t('insights.export.periodStart'), t('insights.export.periodEnd'), t('insights.league.columns.n'), t(`insights.metrics.${metric}`), t('insights.league.columns.ciLow'), t('insights.league.columns.ciHigh')],
    rows: input.rows.map((row) => {
      const score = row[metric];
      const withheld = isWithheld(row, metric, minN);
      return [row.periodStart ?? null, row.periodEnd ?? null, score.n, withheld ? null : score.score, withheld ? null : (score.ci?.[0] ?? null), withheld ? null : (score.ci?.[1] ?? null)];
    }),
  };
}
