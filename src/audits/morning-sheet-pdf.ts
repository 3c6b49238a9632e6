import { loadPosterFonts, posterPdf, posterPng, Typesetter, type PosterFonts, type PosterItem, type PosterLayout } from '../journeys/index.ts';
import type { Locale } from '../platform/locales.ts';
import type { FocusReason, MetricLine, MorningSheet, ScoreLine, SheetMetric } from './morning-sheet.ts';
import { fillText, MORNING_SHEET_TEXTS, type MorningSheetTexts } from './morning-sheet-texts.ts';

/*
 * The morning-meeting sheet on one A4 portrait page. Laid out here with the blueprint poster's fonts
 * and typesetter (journeys' door), drawn by the poster's renderers: a PDF with real, extractable text
 * and embedded font subsets, or a PNG. Everything must fit on the one page, so the layout tries
 * shorter variants (fewer lines of each step's detail, fewer score rows) until the focus moments fit,
 * and every list that still does not fit ends with "+N more".
 */

/** A4 portrait in PDF points: 210 × 297 mm. */
export const A4_PORTRAIT = { width: 595.28, height: 841.89 } as const;

const MARGIN = 34;
const CONTENT_W = A4_PORTRAIT.width - 2 * MARGIN;
const FOOTER_H = 16;
const BOTTOM = A4_PORTRAIT.height - MARGIN - FOOTER_H;
/** Space kept for the actions and cases under the focus moments and the scores. */
const BOTTOM_MIN = 90;
/** More than this for the lists and they are cut with "+N more" instead of taking room from the focus moments. */
const BOTTOM_MAX = 200;
const LEADING = 1.3;

const COLORS = {
  ink: '#212529',
  dim: '#495057',
  faint: '#868e96',
  rule: '#ced4da',
  band: '#f1f3f5',
  red: '#c92a2a',
  green: '#2b8a3e',
  orange: '#d9480f',
  blue: '#1864ab',
  accent: '#1864ab',
};

interface Variant {
  /** Lines of each action step's detail (0 = titles only). */
  detailLines: number;
  /** Rows of the score table (the last turns into "+N more" when there are more). */
  scoreRows: number;
  /** Steps shown per focus moment. */
  maxSteps: number;
}

/** How the focus moments may be shortened, most detail first. */
const FOCUS_VARIANTS: Pick<Variant, 'detailLines' | 'maxSteps'>[] = [
  { detailLines: 3, maxSteps: 8 },
  { detailLines: 2, maxSteps: 8 },
  { detailLines: 1, maxSteps: 8 },
  { detailLines: 0, maxSteps: 8 },
  { detailLines: 0, maxSteps: 6 },
  { detailLines: 0, maxSteps: 4 },
  { detailLines: 0, maxSteps: 2 },
];
const SCORE_ROWS = [16, 14, 12, 10, 8, 6, 4, 3];
/** With any detail under the steps, at least this many score rows; only titles-only steps may squeeze the table further. */
const MIN_SCORE_ROWS_WITH_DETAIL = 6;

export interface SheetLayout extends PosterLayout {
  /** The variant that fitted (tests and the docs talk about it). */
  variant: Variant;
  /** Lists shortened with "+N more": which and how many left out. */
  truncated: Record<string, number>;
}

class Page {
  readonly items: PosterItem[] = [];
  readonly truncated: Record<string, number> = {};
  constructor(
    readonly set: Typesetter,
    readonly texts: MorningSheetTexts,
    readonly sheet: MorningSheet,
  ) {}

  text(text: string, x: number, y: number, size: number, weight: 'regular' | 'bold', color: string, maxWidth?: number): void {
    const shown = maxWidth !== undefined && this.set.width(text, size, weight) > maxWidth ? this.set.ellipsis(text, size, weight, maxWidth) : text;
    this.items.push(this.set.line(shown, x, y, size, weight, color));
  }

  rightText(text: string, right: number, y: number, size: number, weight: 'regular' | 'bold', color: string, maxWidth: number): void {
    const shown = this.set.width(text, size, weight) > maxWidth ? this.set.ellipsis(text, size, weight, maxWidth) : text;
    this.items.push(this.set.line(shown, right - this.set.width(shown, size, weight), y, size, weight, color));
  }

  /** Wrapped text from the top edge `top`; returns the new top. */
  paragraph(text: string, x: number, top: number, size: number, weight: 'regular' | 'bold', color: string, width: number, maxLines: number): number {
    if (maxLines <= 0 || text.trim() === '') return top;
    const lines = this.set.wrap(text, size, weight, width, maxLines);
    let y = top;
    for (const line of lines) {
      this.items.push(this.set.line(line, x, y + size, size, weight, color));
      y += size * LEADING;
    }
    return y;
  }

  rule(x1: number, x2: number, y: number, color = COLORS.rule, lineWidth = 0.6): void {
    this.items.push({ kind: 'line', x1, y1: y, x2, y2: y, stroke: color, lineWidth });
  }

  rect(x: number, y: number, w: number, h: number, fill: string): void {
    this.items.push({ kind: 'rect', x, y, w, h, fill });
  }
}

// ---------- formatting ----------

function fmtDay(date: string, locale: Locale, style: 'full' | 'short'): string {
  const instant = new Date(`${date}T12:00:00Z`);
  return style === 'full'
    ? new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: 'UTC' }).format(instant)
    : new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(instant);
}

function fmtInstant(iso: string, locale: Locale, timeZone: string, withTime: boolean): string {
  return new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', ...(withTime ? { hour: '2-digit', minute: '2-digit' } : {}), timeZone }).format(new Date(iso));
}

const METRIC_LABEL: Record<SheetMetric, string> = { nps: 'NPS', csat: 'CSAT' };

function fmtScore(metric: SheetMetric, score: number, locale: Locale): string {
  const shown = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(Math.round(score));
  return metric === 'csat' ? `${shown}%` : shown;
}

function fmtTarget(metric: SheetMetric, target: { comparator: 'gte' | 'lte'; value: number }, locale: Locale): string {
  return `${target.comparator === 'gte' ? '≥' : '≤'} ${fmtScore(metric, target.value, locale)}`;
}

function fmtChange(difference: number, locale: Locale): string {
  const rounded = Math.round(difference);
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 0, signDisplay: 'always' }).format(rounded);
  return `${difference < 0 ? '▼' : '▲'} ${number}`;
}

export function reasonText(reason: FocusReason, texts: MorningSheetTexts, locale: Locale): string {
  switch (reason.kind) {
    case 'below_benchmark':
      return fillText(texts.reasons.below_benchmark, {
        metric: METRIC_LABEL[reason.metric],
        score: fmtScore(reason.metric, reason.score, locale),
        target: fmtTarget(reason.metric, reason.target, locale),
        n: reason.n,
      });
    case 'declined':
      return fillText(texts.reasons.declined, {
        metric: METRIC_LABEL[reason.metric],
        previous: fmtScore(reason.metric, reason.previous, locale),
        score: fmtScore(reason.metric, reason.score, locale),
      });
    case 'open_actions':
      return fillText(texts.reasons.open_actions, { count: reason.count });
    default:
      return texts.reasons[reason.kind];
  }
}

const REASON_COLORS: Record<FocusReason['kind'], string> = {
  below_benchmark: COLORS.red,
  declined: COLORS.red,
  open_actions: COLORS.orange,
  peak_moment: COLORS.blue,
  end_moment: COLORS.blue,
  key_moment: COLORS.blue,
  first_moment: COLORS.blue,
};

// ---------- sections ----------

function header(page: Page, top: number): number {
  const { sheet, texts, set } = page;
  const locale = sheet.locale;
  const height = 72;
  page.rect(MARGIN, top, CONTENT_W, height, COLORS.band);
  page.rect(MARGIN, top, 4, height, COLORS.accent);
  const left = MARGIN + 14;
  const right = MARGIN + CONTENT_W - 10;
  const date = fmtDay(sheet.date, locale, 'full');
  page.rightText(date, right, top + 16, 10, 'bold', COLORS.ink, 220);
  page.text(texts.title, left, top + 16, 10, 'bold', COLORS.accent, right - left - Math.min(set.width(date, 10, 'bold'), 220) - 12);
  page.text(sheet.location.name, left, top + 37, 17, 'bold', COLORS.ink, right - left);
  const place = [sheet.organisation, ...sheet.location.path.slice(0, -1), ...(sheet.location.code ? [sheet.location.code] : [])].join(' · ');
  page.text(place, left, top + 52, 8.5, 'regular', COLORS.dim, right - left);
  const period = fillText(texts.period, {
    from: fmtDay(sheet.week.from, locale, 'short'),
    to: fmtDay(sheet.week.to, locale, 'short'),
    previousFrom: fmtDay(sheet.week.previousFrom, locale, 'short'),
    previousTo: fmtDay(sheet.week.previousTo, locale, 'short'),
  });
  page.text(period, left, top + 64, 8, 'regular', COLORS.dim, right - left);
  return top + height + 12;
}

/**
 * A section's heading over a rule. A note (a count, "1 overdue") stands at the right end when both
 * fit on the line, else on its own line under the rule.
 */
function sectionHeading(page: Page, text: string, top: number, x = MARGIN, width = CONTENT_W, note?: { text: string; color: string }): number {
  const noteWidth = note ? page.set.width(note.text, 8.5, 'bold') : 0;
  const together = !note || page.set.width(text, 11, 'bold') + noteWidth + 10 <= width;
  page.text(text, x, top + 11, 11, 'bold', COLORS.accent, width);
  if (note && together) page.rightText(note.text, x + width, top + 11, 8.5, 'bold', note.color, width);
  page.rule(x, x + width, top + 15, COLORS.accent, 0.8);
  if (note && !together) {
    page.text(note.text, x, top + 27, 8.5, 'bold', note.color, width);
    return top + 32;
  }
  return top + 20;
}

function focusSection(page: Page, top: number, variant: Variant): number {
  const { sheet, texts, set } = page;
  let y = sectionHeading(page, texts.focusHeading, top);
  if (sheet.focus.length === 0) return page.paragraph(texts.focusEmpty, MARGIN, y, 9, 'regular', COLORS.dim, CONTENT_W, 2) + 6;
  const several = sheet.journeys.length > 1;
  const textX = MARGIN + 12;
  const textW = CONTENT_W - 12;
  sheet.focus.forEach((moment, index) => {
    const blockTop = y;
    const name = `${index + 1}. ${moment.name}`;
    page.text(name, textX, y + 11.5, 11.5, 'bold', COLORS.ink, textW * 0.7);
    const tags = [several ? moment.journeyName : '', moment.stageName].filter(Boolean).join(' · ');
    if (tags) page.rightText(tags, MARGIN + CONTENT_W, y + 11.5, 8, 'regular', COLORS.faint, textW * 0.28);
    y += 11.5 * LEADING + 1;
    y = page.paragraph(reasonText(moment.reason, texts, sheet.locale), textX, y, 8.5, 'bold', REASON_COLORS[moment.reason.kind], textW, 2);
    if (moment.coreNeeds.length > 0) y = page.paragraph(`${texts.customerNeeds}: ${moment.coreNeeds.join(' · ')}`, textX, y, 8.5, 'regular', COLORS.dim, textW, 2);
    y += 2;
    const steps = moment.actionGuide.slice(0, moment.actionGuide.length > variant.maxSteps ? variant.maxSteps - 1 : variant.maxSteps);
    // The steps in two columns, read down the left one first: the guide is what is drilled, so it gets the room.
    const gutter = 14;
    const stepW = (textW - gutter) / 2;
    const labelW = set.width('8.', 9, 'bold') + 4;
    const perColumn = Math.ceil(steps.length / 2);
    let columnBottom = y;
    [steps.slice(0, perColumn), steps.slice(perColumn)].forEach((column, c) => {
      const x = textX + c * (stepW + gutter);
      let stepY = y;
      for (const step of column) {
        page.text(`${step.number}.`, x, stepY + 9, 9, 'bold', COLORS.ink);
        stepY = page.paragraph(step.title, x + labelW, stepY, 9, 'bold', COLORS.ink, stepW - labelW, 2);
        if (step.detail) stepY = page.paragraph(step.detail, x + labelW, stepY, 8, 'regular', COLORS.dim, stepW - labelW, variant.detailLines);
        stepY += 2;
      }
      columnBottom = Math.max(columnBottom, stepY);
    });
    y = columnBottom;
    const left = moment.actionGuide.length - steps.length;
    if (left > 0) {
      page.truncated[`focus.${moment.momentKey}.actionGuide`] = left;
      y = page.paragraph(fillText(texts.more, { count: left }), textX, y, 8, 'regular', COLORS.faint, textW, 1);
    }
    if (moment.responsibleRole) y = page.paragraph(fillText(texts.responsible, { role: moment.responsibleRole }), textX, y, 8, 'regular', COLORS.faint, textW, 1);
    page.rect(MARGIN, blockTop + 1, 3, y - blockTop - 1, REASON_COLORS[moment.reason.kind]);
    y += 7;
  });
  return y;
}

// Score table columns: moment | NPS | target | Δ | CSAT | target | Δ
const COLUMN_WIDTHS = [CONTENT_W - 6 * 52, 52, 52, 52, 52, 52, 52];

function metricCells(page: Page, line: MetricLine, metric: SheetMetric, x: number, y: number): void {
  const locale = page.sheet.locale;
  const [score, target, change] = [x, x + 52, x + 104];
  const color = line.status === 'below' ? COLORS.red : line.status === 'meets' ? COLORS.green : COLORS.ink;
  if (line.score !== null) {
    const shown = fmtScore(metric, line.score, locale);
    page.text(shown, score, y, 8.5, 'bold', color);
    page.text(`n ${line.n}`, score + page.set.width(shown, 8.5, 'bold') + 3, y, 6.5, 'regular', COLORS.faint, 52 - page.set.width(shown, 8.5, 'bold') - 6);
  } else {
    page.text(line.n > 0 ? `– (n ${line.n})` : '–', score, y, 8, 'regular', COLORS.faint, 48);
  }
  page.text(line.target ? fmtTarget(metric, line.target, locale) : '', target, y, 8, 'regular', COLORS.dim, 48);
  if (line.change) page.text(fmtChange(line.change.difference, locale), change, y, 8, 'bold', line.change.difference < 0 ? COLORS.red : COLORS.green, 48);
}

function scoresSection(page: Page, top: number, variant: Variant): number {
  const { sheet, texts } = page;
  let y = sectionHeading(page, texts.scoresHeading, top);
  const rows: ({ kind: 'journey'; name: string } | { kind: 'line'; line: ScoreLine })[] = [];
  const several = sheet.journeys.length > 1;
  let journey = '';
  for (const line of sheet.scores) {
    if (several && line.journeyKey !== journey) {
      journey = line.journeyKey;
      rows.push({ kind: 'journey', name: sheet.scores.find((s) => s.journeyKey === journey)!.journeyName });
    }
    rows.push({ kind: 'line', line });
  }
  if (rows.length === 0) return page.paragraph(texts.noScores, MARGIN, y, 9, 'regular', COLORS.dim, CONTENT_W, 1) + 8;
  // Column headings.
  const xs = COLUMN_WIDTHS.reduce<number[]>((acc, w, i) => [...acc, (acc[i] ?? MARGIN) + w], [MARGIN]);
  const headings = [texts.moment, 'NPS', texts.target, 'Δ', 'CSAT', texts.target, 'Δ'];
  headings.forEach((heading, i) => page.text(heading, xs[i]!, y + 8, 7.5, 'bold', COLORS.faint, COLUMN_WIDTHS[i]! - 4));
  y += 11;
  page.rule(MARGIN, MARGIN + CONTENT_W, y);
  const shown = rows.length > variant.scoreRows ? rows.slice(0, variant.scoreRows - 1) : rows;
  const ROW = 12.5;
  for (const row of shown) {
    if (row.kind === 'journey') {
      page.text(row.name, MARGIN, y + 9.5, 8, 'bold', COLORS.dim, CONTENT_W);
    } else {
      const { line } = row;
      const mark = line.peak ? ' ★' : line.end ? ' ◆' : '';
      page.text(`${line.order}. ${line.name}${mark}`, MARGIN, y + 9.5, 8.5, 'regular', COLORS.ink, COLUMN_WIDTHS[0]! - 6);
      metricCells(page, line.nps, 'nps', xs[1]!, y + 9.5);
      metricCells(page, line.csat, 'csat', xs[4]!, y + 9.5);
    }
    y += ROW;
    page.rule(MARGIN, MARGIN + CONTENT_W, y, '#e9ecef', 0.4);
  }
  const left = rows.length - shown.length;
  if (left > 0) {
    page.truncated.scores = left;
    page.text(fillText(texts.more, { count: left }), MARGIN, y + 9.5, 8, 'regular', COLORS.faint);
    y += ROW;
  }
  y = page.paragraph(`Δ = ${texts.change} · ${fillText(texts.scoresNote, { minN: sheet.minN })} ${texts.marks}`, MARGIN, y + 2, 7, 'regular', COLORS.faint, CONTENT_W, 2);
  return y + 8;
}

interface Entry {
  title: string;
  titleColor?: string;
  meta: { text: string; color: string }[];
}

/** A column of two-line entries under a heading, cut with "+N more" at `bottom`. */
function listColumn(page: Page, key: string, heading: string, note: { text: string; color: string } | undefined, entries: Entry[], total: number, x: number, top: number, width: number, bottom: number): number {
  const { texts, set } = page;
  let y = sectionHeading(page, heading, top, x, width, note);
  if (entries.length === 0 && total === 0) return page.paragraph(texts.none, x, y, 8.5, 'regular', COLORS.dim, width, 1) + 6;
  const moreLine = 8 * LEADING + 2;
  const entryHeight = (entry: Entry) => set.wrap(entry.title, 8.5, 'bold', width - 8, 2).length * 8.5 * LEADING + 7.5 * LEADING + 3;
  let shown = 0;
  for (const [index, entry] of entries.entries()) {
    const remainingAfter = total - (index + 1);
    const need = entryHeight(entry) + (remainingAfter > 0 ? moreLine : 0);
    if (y + need > bottom) break;
    page.text('•', x, y + 8.5, 8.5, 'bold', COLORS.dim);
    y = page.paragraph(entry.title, x + 8, y, 8.5, 'bold', entry.titleColor ?? COLORS.ink, width - 8, 2);
    let metaX = x + 8;
    for (const [i, part] of entry.meta.entries()) {
      const text = i === 0 ? part.text : ` · ${part.text}`;
      const room = x + width - metaX;
      if (room < 12) break;
      page.text(text, metaX, y + 7.5, 7.5, part.color === COLORS.red ? 'bold' : 'regular', part.color, room);
      metaX += Math.min(set.width(text, 7.5, part.color === COLORS.red ? 'bold' : 'regular'), room);
    }
    y += 7.5 * LEADING + 3;
    shown++;
  }
  const left = total - shown;
  if (left > 0) {
    page.truncated[key] = left;
    y = page.paragraph(fillText(texts.more, { count: left }), x + 8, y, 8, 'regular', COLORS.faint, width - 8, 1) + 2;
  }
  return y + 4;
}

/** The actions and cases in two columns from `top` down to `bottom`; returns the lowest point used. */
function bottomSection(page: Page, top: number, bottom: number): number {
  const { sheet, texts } = page;
  const locale = sheet.locale;
  const tz = sheet.location.timezone;
  const gap = 16;
  const colW = (CONTENT_W - gap) / 2;
  const leftX = MARGIN;
  const rightX = MARGIN + colW + gap;

  const corrective = sheet.correctiveActions;
  const improvements = sheet.improvementActions;
  const improvementEntries: Entry[] = improvements.items.map((item) => ({
    title: item.title,
    meta: [
      { text: texts.improvementStatuses[item.status], color: COLORS.blue },
      { text: item.ownerName ?? texts.noOwner, color: COLORS.dim },
      { text: item.momentName, color: COLORS.dim },
    ],
  }));
  const improvementsHeading = `${texts.improvementHeading} (${improvements.active})`;
  // The improvements get what the corrective actions leave, but at least room for their heading and first entry.
  const measure = (entries: Entry[]) => listColumn(new Page(page.set, texts, sheet), 'measure', improvementsHeading, undefined, entries, improvements.active, leftX, 0, colW, 10_000) + 2;
  const improvementsMin = Math.min(measure(improvementEntries), measure(improvementEntries.slice(0, 1)));
  const actionsBottom = bottom - improvementsMin;
  const correctiveNote = corrective.overdue > 0 ? { text: `${corrective.overdue} ${texts.overdue}`, color: COLORS.red } : undefined;
  let y = listColumn(
    page,
    'correctiveActions',
    `${texts.correctiveHeading} (${corrective.open})`,
    correctiveNote,
    corrective.items.map((action) => ({
      title: action.title,
      // What the meeting acts on first: when, who; the moment last (cut first when the line is full).
      meta: [
        action.overdue
          ? { text: `${texts.overdue} ${fmtInstant(action.dueAt, locale, tz, false)}`, color: COLORS.red }
          : { text: fillText(texts.due, { date: fmtInstant(action.dueAt, locale, tz, false) }), color: COLORS.dim },
        { text: action.ownerName ?? texts.noOwner, color: COLORS.dim },
        { text: action.momentName, color: COLORS.dim },
      ],
    })),
    corrective.open,
    leftX,
    top,
    colW,
    actionsBottom,
  );
  const leftEnd = listColumn(
    page,
    'improvementActions',
    improvementsHeading,
    undefined,
    improvementEntries,
    improvements.active,
    leftX,
    y + 2,
    colW,
    bottom,
  );

  const cases = sheet.cases;
  const summary = [fillText(texts.casesSummary, { count: cases.open }), ...(cases.breached > 0 ? [fillText(texts.casesBreached, { count: cases.breached })] : [])].join(' · ');
  y = listColumn(
    page,
    'cases',
    texts.casesHeading,
    { text: summary, color: cases.breached > 0 ? COLORS.red : COLORS.dim },
    cases.nearest.map((row) => ({
      title: row.summary,
      meta: [
        row.slaState === 'breached'
          ? { text: fillText(texts.pastDeadline, { date: fmtInstant(row.nextDueAt!, locale, tz, true) }), color: COLORS.red }
          : row.nextDueAt
            ? { text: fillText(texts.due, { date: fmtInstant(row.nextDueAt, locale, tz, true) }), color: row.slaState === 'due_soon' ? COLORS.orange : COLORS.dim }
            : { text: texts.noDeadline, color: COLORS.dim },
        { text: texts.caseReasons[row.reason], color: COLORS.dim },
        ...(row.ownerName ? [{ text: row.ownerName, color: COLORS.dim }] : []),
        ...(row.momentName ? [{ text: row.momentName, color: COLORS.dim }] : []),
      ],
    })),
    cases.open,
    rightX,
    top,
    colW,
    bottom,
  );
  return Math.max(leftEnd, y);
}

function footer(page: Page): void {
  const { sheet, texts } = page;
  const printed = new Intl.DateTimeFormat(sheet.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: sheet.location.timezone }).format(new Date(sheet.generatedAt));
  const y = A4_PORTRAIT.height - MARGIN + 2;
  page.rule(MARGIN, MARGIN + CONTENT_W, y - 10);
  page.text(fillText(texts.printed, { date: printed }), MARGIN, y, 7, 'regular', COLORS.faint, CONTENT_W / 2);
  page.rightText(`${sheet.location.name} · ${sheet.date}`, MARGIN + CONTENT_W, y, 7, 'regular', COLORS.faint, CONTENT_W / 2);
}

/**
 * Lays the sheet out on one A4 page. The lists at the bottom get the room they need (at least
 * BOTTOM_MIN, at most BOTTOM_MAX; beyond it they are cut with "+N more"); above them, the focus
 * moments keep as much of their action guides as fits (the guide is what is drilled), and the score
 * table as many rows as are left room for. Sections are measured apart, then laid out once.
 */
export function layoutMorningSheet(sheet: MorningSheet, fonts: PosterFonts): SheetLayout {
  const texts = MORNING_SHEET_TEXTS[sheet.locale];
  const set = new Typesetter(fonts, sheet.locale);
  const scratch = () => new Page(set, texts, sheet);
  const listsNeed = Math.min(Math.max(bottomSection(scratch(), 0, 10_000), BOTTOM_MIN), BOTTOM_MAX);
  const room = BOTTOM - listsNeed - header(scratch(), MARGIN);
  const scoreHeights = new Map<number, number>();
  const scoresHeight = (rows: number) => {
    if (!scoreHeights.has(rows)) scoreHeights.set(rows, scoresSection(scratch(), 0, { detailLines: 0, maxSteps: 0, scoreRows: rows }));
    return scoreHeights.get(rows)!;
  };
  let variant: Variant | undefined;
  let focusCount = Math.max(sheet.focus.length, 1);
  // The shortest variant may still run long (very long texts in every step): then the last focus moments go.
  for (; focusCount >= 1 && !variant; focusCount--) {
    const shown = { ...sheet, focus: sheet.focus.slice(0, focusCount) };
    for (const focus of FOCUS_VARIANTS) {
      const focusHeight = focusSection(new Page(set, texts, shown), 0, { ...focus, scoreRows: 0 });
      const minRows = focus.detailLines > 0 ? MIN_SCORE_ROWS_WITH_DETAIL : 0;
      const rows = SCORE_ROWS.find((candidate) => candidate >= minRows && focusHeight + scoresHeight(candidate) <= room);
      if (rows !== undefined) {
        variant = { ...focus, scoreRows: rows };
        break;
      }
    }
  }
  focusCount++;
  variant ??= { detailLines: 0, maxSteps: 2, scoreRows: 3 };
  const page = new Page(set, texts, { ...sheet, focus: sheet.focus.slice(0, focusCount) });
  if (focusCount < sheet.focus.length) page.truncated.focus = sheet.focus.length - focusCount;
  let y = header(page, MARGIN);
  y = focusSection(page, y, variant);
  y = scoresSection(page, y, variant);
  bottomSection(page, Math.min(y, BOTTOM - BOTTOM_MIN), BOTTOM);
  footer(page);
  return { width: A4_PORTRAIT.width, height: A4_PORTRAIT.height, items: page.items, cards: [], scale: 1, clipped: [], variant, truncated: page.truncated };
}

export type SheetFormat = 'pdf' | 'png';

export async function renderMorningSheet(sheet: MorningSheet, format: SheetFormat): Promise<{ body: Buffer; layout: SheetLayout }> {
  const fonts = await loadPosterFonts();
  const layout = layoutMorningSheet(sheet, fonts);
  const texts = MORNING_SHEET_TEXTS[sheet.locale];
  const body =
    format === 'pdf'
      ? await posterPdf(layout, { title: texts.title, organisation: sheet.organisation, place: `${sheet.location.name} ${sheet.date}`, printedAt: new Date(sheet.generatedAt), locale: sheet.locale }, fonts)
      : posterPng(layout);
  return { body, layout };
}
