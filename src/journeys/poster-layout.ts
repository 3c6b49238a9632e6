import type { Locale } from '../platform/locales.ts';
import type { LocalisedMoment, StageKind } from './model.ts';
import { fontChain, splitRuns, type FontWeight, type PosterFont, type PosterFonts } from './poster-fonts.ts';
import { fill, formatTarget, POSTER_TEXTS, type PosterTexts } from './poster-texts.ts';

/*
 * The layout of the blueprint poster, computed once and drawn twice: into a PDF (pdfkit, real text)
 * and into an SVG that is rasterised to PNG (glyph outlines). Text is measured and broken into lines
 * here, with the same fonts both renderers use, so the two outputs match.
 *
 * Page: A3 landscape. Stages run left to right as coloured bands; under each band its moments stand
 * as cards in journey order, numbered. Peaks and the end are marked with a coloured frame and a badge.
 * Everything scales down together until the fullest card fits; at the smallest scale a card that
 * still overflows is cut with "+N more".
 */

/** A3 landscape in PDF points (1/72 inch): 420 × 297 mm. */
export const A3_LANDSCAPE = { width: 1190.55, height: 841.89 } as const;

export interface TextRun {
  font: PosterFont;
  text: string;
  /** Left edge of the run. */
  x: number;
}

export type PosterItem =
  | { kind: 'rect'; x: number; y: number; w: number; h: number; fill?: string; stroke?: string; lineWidth?: number; radius?: number }
  | { kind: 'circle'; cx: number; cy: number; r: number; fill: string }
  | { kind: 'line'; x1: number; y1: number; x2: number; y2: number; stroke: string; lineWidth: number }
  /** One line of text; `y` is the baseline. */
  | { kind: 'text'; y: number; size: number; color: string; runs: TextRun[] };

export interface PosterBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface PosterLayout {
  width: number;
  height: number;
  items: PosterItem[];
  /** Where each moment's card is, by moment key (tests look for ink inside them). */
  cards: (PosterBox & { momentKey: string })[];
  /** The scale the cards' type was set at (1 = the design size). */
  scale: number;
  /** Cards whose content had to be cut to fit. */
  clipped: string[];
}

export interface PosterStage {
  key: string;
  kind: StageKind;
  name: string;
}

export interface PosterInput {
  locale: Locale;
  organisation: string;
  title: string;
  /** The location path, or the words for the central blueprint. */
  place: string;
  version: number;
  printedAt: Date;
  stages: PosterStage[];
  moments: LocalisedMoment[];
}

const COLORS = {
  ink: '#212529',
  dim: '#5c636a',
  faint: '#868e96',
  rule: '#ced4da',
  paper: '#ffffff',
  peak: '#d9480f',
  end: '#5f3dc4',
  key: '#1864ab',
  local: '#087f5b',
  header: '#f1f3f5',
};

const STAGE_COLORS: Record<StageKind, string> = {
  less_than_zero: '#495057',
  zero: '#0b7285',
  first: '#1864ab',
  second: '#5f3dc4',
  ultimate: '#a61e4d',
  custom: '#2b8a3e',
};

// ---------- measuring and breaking text ----------

/** Sets text in the font chain of one language: measures it and breaks it into lines. */
export class Typesetter {
  private readonly chains: Record<FontWeight, PosterFont[]>;
  private readonly widths = new Map<string, number>();
  /** How many words were cut between letters because they were wider than their line. */
  forcedBreaks = 0;

  constructor(fonts: PosterFonts, readonly locale: Locale) {
    this.chains = { regular: fontChain(fonts, locale, 'regular'), bold: fontChain(fonts, locale, 'bold') };
  }

  runs(text: string, weight: FontWeight) {
    return splitRuns(text, this.chains[weight]);
  }

  /** Width of `text` at 1 pt, in points. */
  private unitWidth(text: string, weight: FontWeight): number {
    const cacheKey = `${weight}\u0000${text}`;
    const cached = this.widths.get(cacheKey);
    if (cached !== undefined) return cached;
    let width = 0;
    for (const run of this.runs(text, weight)) width += runWidth(run.font, run.text, 1);
    this.widths.set(cacheKey, width);
    return width;
  }

  width(text: string, size: number, weight: FontWeight): number {
    return this.unitWidth(text, weight) * size;
  }

  /** A text item whose left edge is at `x` and baseline at `y`. */
  line(text: string, x: number, y: number, size: number, weight: FontWeight, color: string): PosterItem {
    const runs: TextRun[] = [];
    let cursor = x;
    for (const run of this.runs(text, weight)) {
      runs.push({ font: run.font, text: run.text, x: cursor });
      cursor += runWidth(run.font, run.text, size);
    }
    return { kind: 'text', y, size, color, runs };
  }

  /**
   * Breaks `text` into lines no wider than `maxWidth`. With `maxLines`, the last line kept ends
   * with "…" when text was left out.
   */
  wrap(text: string, size: number, weight: FontWeight, maxWidth: number, maxLines = Infinity): string[] {
    const lines: string[] = [];
    let line = '';
    const fits = (candidate: string) => this.width(candidate.trimEnd(), size, weight) <= maxWidth;
    for (const token of breakTokens(text)) {
      if (fits(line + token)) {
        line += token;
        continue;
      }
      if (line.trim() !== '') lines.push(line.trimEnd());
      // A token wider than the line (a long word, a URL) is cut between characters.
      let rest = token.trimStart();
      while (!fits(rest) && rest.length > 0) {
        const chars = [...rest];
        // Alphabetic words get a hyphen where they are cut.
        const hyphen = CJK.test(chars[0]!) ? '' : '-';
        let cut = 0;
        while (cut < chars.length && fits(chars.slice(0, cut + 1).join('') + hyphen)) cut++;
        cut = Math.max(cut, 1);
        lines.push(chars.slice(0, cut).join('') + (cut < chars.length ? hyphen : ''));
        rest = chars.slice(cut).join('');
        this.forcedBreaks++;
      }
      line = rest;
    }
    if (line.trim() !== '') lines.push(line.trimEnd());
    if (lines.length <= maxLines) return lines;
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = this.ellipsis(kept[maxLines - 1]!, size, weight, maxWidth);
    return kept;
  }

  /** `text` shortened until it fits with a trailing "…". */
  ellipsis(text: string, size: number, weight: FontWeight, maxWidth: number): string {
    const chars = [...text.trimEnd()];
    while (chars.length > 0 && this.width(`${chars.join('')}…`, size, weight) > maxWidth) chars.pop();
    return `${chars.join('').trimEnd()}…`;
  }
}

function runWidth(font: PosterFont, text: string, size: number): number {
  return (font.font.layout(text).advanceWidth / font.font.unitsPerEm) * size;
}

const CJK = /[\u2E80-\u2FFF\u3040-\u30FF\u3100-\u31FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF\u3000-\u303F\u{20000}-\u{3134F}]/u;
/** Characters a line must not start with (they stay with the character before them). */
const NO_LINE_START = new Set([...'，。、；：！？）」』】》〉〕…‥,.;:!?)]}%％・ー～']);
/** Characters a line must not end with (they stay with the character after them). */
const NO_LINE_END = new Set([...'（「『【《〈〔([{']);

/**
 * Splits a text into the pieces a line may break between: words with their trailing spaces in
 * alphabetic scripts; single characters in Chinese, keeping closing punctuation with the character
 * before it and opening punctuation with the character after it.
 */
export function breakTokens(text: string): string[] {
  const tokens: string[] = [];
  let current = '';
  /** A line may break after `current`. */
  let closed = false;
  for (const char of text.replace(/\s+/g, ' ')) {
    const lastChar = [...current].pop();
    const heldOpen = lastChar !== undefined && NO_LINE_END.has(lastChar);
    if (char === ' ') {
      current += char;
      closed = true;
    } else if (NO_LINE_START.has(char) && current !== '') {
      current += char;
      closed = true;
    } else if (heldOpen || (current !== '' && !closed && !CJK.test(char))) {
      current += char;
      closed = CJK.test(char) || char === '-' || char === '/';
    } else {
      if (current !== '') tokens.push(current);
      current = char;
      closed = CJK.test(char) || char === '-' || char === '/';
    }
    if (NO_LINE_END.has(char)) closed = false;
  }
  if (current !== '') tokens.push(current);
  return tokens;
}

// ---------- the poster ----------

interface CardStyle {
  scale: number;
  pad: number;
  nameSize: number;
  labelSize: number;
  bodySize: number;
  badgeSize: number;
  lineGap: number;
  sectionGap: number;
}

function styleAt(scale: number): CardStyle {
  return {
    scale,
    pad: 8 * Math.min(1, scale),
    nameSize: 12.5 * scale,
    labelSize: 7.5 * scale,
    bodySize: 9.5 * scale,
    badgeSize: 7.5 * scale,
    lineGap: 1.32,
    sectionGap: 6 * scale,
  };
}

const SCALES = [1.6, 1.45, 1.3, 1.2, 1.1, 1, 0.92, 0.85, 0.78, 0.72, 0.66, 0.6];

function upper(text: string, locale: Locale): string {
  return text.toLocaleUpperCase(locale);
}

/** Lays out one card's content from the top; returns the items and the height used (may exceed `h`). */
function layoutCard(
  set: Typesetter,
  texts: PosterTexts,
  moment: LocalisedMoment,
  box: PosterBox,
  style: CardStyle,
  clip: boolean,
): { items: PosterItem[]; height: number; clipped: boolean } {
  const items: PosterItem[] = [];
  const { pad } = style;
  const innerX = box.x + pad;
  const innerW = box.w - 2 * pad;
  const bottom = box.y + box.h - pad;
  let y = box.y + pad + (moment.flags.length > 0 || moment.origin !== 'central' ? 3 : 0);
  let clipped = false;

  // The number in journey order, then the badges.
  const r = 8.5 * Math.max(0.8, style.scale);
  const numberText = String(moment.order);
  const numberSize = 9 * Math.max(0.8, style.scale);
  items.push({ kind: 'circle', cx: innerX + r, cy: y + r, r, fill: COLORS.ink });
  items.push(set.line(numberText, innerX + r - set.width(numberText, numberSize, 'bold') / 2, y + r + numberSize * 0.36, numberSize, 'bold', COLORS.paper));
  let badgeX = innerX + 2 * r + 5;
  const badges: { label: string; color: string }[] = [];
  if (moment.flags.includes('peak')) badges.push({ label: texts.peak, color: COLORS.peak });
  if (moment.flags.includes('end')) badges.push({ label: texts.end, color: COLORS.end });
  if (moment.flags.includes('key')) badges.push({ label: texts.key, color: COLORS.key });
  if (moment.origin !== 'central') badges.push({ label: texts.local, color: COLORS.local });
  const badgeH = style.badgeSize * 1.7;
  let badgeY = y + r - badgeH / 2;
  for (const badge of badges) {
    const label = upper(badge.label, set.locale);
    const w = set.width(label, style.badgeSize, 'bold') + style.badgeSize * 1.2;
    if (badgeX + w > innerX + innerW && badgeX > innerX + 2 * r + 5) {
      badgeX = innerX + 2 * r + 5;
      badgeY += badgeH + 2;
    }
    items.push({ kind: 'rect', x: badgeX, y: badgeY, w, h: badgeH, fill: badge.color, radius: badgeH / 2 });
    items.push(set.line(label, badgeX + style.badgeSize * 0.6, badgeY + badgeH / 2 + style.badgeSize * 0.36, style.badgeSize, 'bold', COLORS.paper));
    badgeX += w + 3;
  }
  y = Math.max(y + 2 * r, badgeY + badgeH) + style.sectionGap;

  /** Adds lines while they fit (or always, when not clipping); false once something was left out. */
  const addLines = (lines: string[], size: number, weight: FontWeight, color: string, x = innerX): boolean => {
    for (const text of lines) {
      const lineHeight = size * style.lineGap;
      if (clip && y + lineHeight > bottom) return false;
      items.push(set.line(text, x, y + size * 0.95, size, weight, color));
      y += lineHeight;
    }
    return true;
  };

  // The name; a long compound word ("Elégedettségmérés", "удовлетворённость") sets it smaller
  // rather than being cut, down to the size of the body text.
  const longestWord = Math.max(...breakTokens(moment.name).map((token) => set.width(token.trim(), style.nameSize, 'bold')));
  const nameSize = longestWord > innerW ? Math.max(style.bodySize * 0.85, (style.nameSize * innerW) / longestWord) : style.nameSize;
  if (!addLines(set.wrap(moment.name, nameSize, 'bold', innerW, 5), nameSize, 'bold', COLORS.ink)) clipped = true;

  const section = (label: string, color = COLORS.faint) => {
    y += style.sectionGap;
    return addLines(set.wrap(upper(label, set.locale), style.labelSize, 'bold', innerW, 1), style.labelSize, 'bold', color);
  };

  if (!clipped && moment.coreNeeds.length > 0) {
    if (!section(texts.customerNeeds) || !addLines(set.wrap(moment.coreNeeds.join(' · '), style.bodySize, 'regular', innerW, 8), style.bodySize, 'regular', COLORS.dim)) clipped = true;
  }

  if (!clipped && moment.actionGuide.length > 0) {
    if (!section(texts.actionGuide)) clipped = true;
    moment.actionGuide.forEach((step, i) => {
      if (clipped) return;
      const label = `${i + 1}.`;
      const indent = set.width('00.', style.bodySize, 'bold') + 3;
      const lines = set.wrap(step.title, style.bodySize, 'regular', innerW - indent, 6);
      const needed = lines.length * style.bodySize * style.lineGap;
      if (clip && y + needed > bottom) {
        const left = moment.actionGuide.length - i;
        addLines([fill(texts.more, { count: left })], style.bodySize, 'regular', COLORS.faint);
        clipped = true;
        return;
      }
      items.push(set.line(label, innerX, y + style.bodySize * 0.95, style.bodySize, 'bold', COLORS.ink));
      addLines(lines, style.bodySize, 'regular', COLORS.ink, innerX + indent);
      y += style.bodySize * 0.15;
    });
  }

  if (!clipped && moment.benchmarks.length > 0) {
    if (!section(texts.targets)) clipped = true;
    for (const benchmark of moment.benchmarks) {
      if (clipped) break;
      const name = benchmark.metric === 'custom' ? (benchmark.customName ?? benchmark.customKey ?? '') : texts.metrics[benchmark.metric];
      const target = formatTarget(benchmark.metric, benchmark.comparator, benchmark.value, set.locale);
      const valueW = set.width(target, style.bodySize, 'bold');
      const color = benchmark.adjustedBy ? COLORS.local : COLORS.ink;
      // The target first, in bold; the metric's name beside it, or under it when the card is narrow.
      const nameX = innerX + valueW + style.bodySize * 0.6;
      const nameWidth = innerX + innerW - nameX;
      const beside = set.width(name, style.bodySize, 'regular') <= nameWidth;
      const nameLines = set.wrap(name, style.bodySize, 'regular', beside ? nameWidth : innerW, 4);
      const needed = (beside ? Math.max(1, nameLines.length) : nameLines.length + 1) * style.bodySize * style.lineGap;
      if (clip && y + needed > bottom) {
        clipped = true;
        break;
      }
      items.push(set.line(target, innerX, y + style.bodySize * 0.95, style.bodySize, 'bold', color));
      if (beside) addLines(nameLines, style.bodySize, 'regular', COLORS.dim, nameX);
      else {
        y += style.bodySize * style.lineGap;
        addLines(nameLines, style.bodySize, 'regular', COLORS.dim);
      }
      y += style.bodySize * 0.15;
    }
  }

  if (!clipped && moment.responsibleRole) {
    y += style.sectionGap;
    const text = fill(texts.responsible, { role: moment.responsibleRole });
    if (!addLines(set.wrap(text, style.bodySize * 0.92, 'regular', innerW, 6), style.bodySize * 0.92, 'regular', COLORS.dim)) clipped = true;
  }

  return { items, height: y - box.y + pad, clipped };
}

interface Band {
  stage: PosterStage;
  first: number;
  count: number;
}

/** Consecutive moments of one stage within a row form one band. */
function bandsOf(row: LocalisedMoment[], stages: Map<string, PosterStage>): Band[] {
  const bands: Band[] = [];
  row.forEach((moment, i) => {
    const last = bands[bands.length - 1];
    if (last && last.stage.key === moment.stageKey) last.count++;
    else bands.push({ stage: stages.get(moment.stageKey) ?? { key: moment.stageKey, kind: 'custom', name: moment.stageKey }, first: i, count: 1 });
  });
  return bands;
}

export const MAX_CARDS_PER_ROW = 9;

export function layoutPoster(input: PosterInput, fonts: PosterFonts): PosterLayout {
  const { width, height } = A3_LANDSCAPE;
  const texts = POSTER_TEXTS[input.locale];
  const set = new Typesetter(fonts, input.locale);
  const items: PosterItem[] = [];
  const margin = 28;
  const contentW = width - 2 * margin;

  // ---- header ----
  items.push({ kind: 'rect', x: 0, y: 0, w: width, h: 92, fill: COLORS.header });
  const legend: { label: string; color: string; text: string }[] = [
    { label: texts.peak, color: COLORS.peak, text: texts.legendPeak },
    { label: texts.end, color: COLORS.end, text: texts.legendEnd },
    { label: texts.key, color: COLORS.key, text: texts.legendKey },
    { label: texts.local, color: COLORS.local, text: texts.locallyAdjusted },
  ];
  const legendSize = 8.5;
  const legendW = Math.min(330, contentW * 0.32);
  let legendY = 20;
  for (const entry of legend) {
    const label = upper(entry.label, input.locale);
    const badgeW = set.width(label, 7.5, 'bold') + 9;
    const x = width - margin - legendW;
    items.push({ kind: 'rect', x, y: legendY - 9, w: badgeW, h: 12.5, fill: entry.color, radius: 6.25 });
    items.push(set.line(label, x + 4.5, legendY, 7.5, 'bold', COLORS.paper));
    const description = set.wrap(entry.text, legendSize, 'regular', legendW - badgeW - 8, 1)[0] ?? '';
    items.push(set.line(description, x + badgeW + 6, legendY, legendSize, 'regular', COLORS.dim));
    legendY += 17;
  }
  const titleW = contentW - legendW - 24;
  items.push(set.line(set.wrap(input.organisation, 10, 'regular', titleW, 1)[0] ?? '', margin, 26, 10, 'regular', COLORS.dim));
  items.push(set.line(set.wrap(input.title, 24, 'bold', titleW, 1)[0] ?? '', margin, 54, 24, 'bold', COLORS.ink));
  const dateText = new Intl.DateTimeFormat(input.locale, { dateStyle: 'long' }).format(input.printedAt);
  const subtitle = [input.place, fill(texts.version, { version: input.version }), fill(texts.printed, { date: dateText })].join('  ·  ');
  items.push(set.line(set.wrap(subtitle, 11, 'regular', titleW, 1)[0] ?? '', margin, 76, 11, 'regular', COLORS.dim));

  // ---- footer ----
  const footerY = height - 14;
  items.push({ kind: 'line', x1: margin, y1: footerY - 12, x2: width - margin, y2: footerY - 12, stroke: COLORS.rule, lineWidth: 0.6 });
  items.push(set.line(`Keymoment · ${texts.footer}`, margin, footerY, 8, 'regular', COLORS.faint));
  const footerRight = set.wrap(`${input.title} · ${input.place} · ${fill(texts.version, { version: input.version })}`, 8, 'regular', contentW / 2, 1)[0] ?? '';
  items.push(set.line(footerRight, width - margin - set.width(footerRight, 8, 'regular'), footerY, 8, 'regular', COLORS.faint));

  // ---- rows of cards under stage bands ----
  const bodyTop = 92 + 16;
  const bodyBottom = footerY - 22;
  const moments = input.moments;
  const rowCount = Math.max(1, Math.ceil(moments.length / MAX_CARDS_PER_ROW));
  const perRow = Math.max(1, Math.ceil(moments.length / rowCount));
  const rows: LocalisedMoment[][] = [];
  for (let i = 0; i < moments.length; i += perRow) rows.push(moments.slice(i, i + perRow));
  const stageByKey = new Map(input.stages.map((stage) => [stage.key, stage] as const));
  const gap = 8;
  const rowGap = 14;
  const cardW = (contentW - (perRow - 1) * gap) / perRow;
  const rowH = (bodyBottom - bodyTop - (rowCount - 1) * rowGap) / Math.max(1, rows.length);

  // Stage names in the bands: at most two lines, the same band height everywhere.
  const bandSize = 10;
  const bandLines = rows.map((row) => bandsOf(row, stageByKey).map((band) => set.wrap(band.stage.name, bandSize, 'bold', band.count * cardW + (band.count - 1) * gap - 16, 2)));
  const maxBandLines = Math.max(1, ...bandLines.flat().map((lines) => lines.length));
  const bandH = 10 + maxBandLines * bandSize * 1.25;
  const cardH = rowH - bandH - 6;

  const boxes: { moment: LocalisedMoment; box: PosterBox }[] = [];
  rows.forEach((row, r) => {
    const top = bodyTop + r * (rowH + rowGap);
    bandsOf(row, stageByKey).forEach((band, b) => {
      const x = margin + band.first * (cardW + gap);
      const w = band.count * cardW + (band.count - 1) * gap;
      items.push({ kind: 'rect', x, y: top, w, h: bandH, fill: STAGE_COLORS[band.stage.kind], radius: 4 });
      const lines = bandLines[r]![b]!;
      const firstBaseline = top + (bandH - lines.length * bandSize * 1.25) / 2 + bandSize * 0.95;
      lines.forEach((line, i) => items.push(set.line(line, x + 8, firstBaseline + i * bandSize * 1.25, bandSize, 'bold', COLORS.paper)));
    });
    row.forEach((moment, i) => boxes.push({ moment, box: { x: margin + i * (cardW + gap), y: top + bandH + 6, w: cardW, h: cardH } }));
  });

  // The largest scale at which every card fits without cutting a word; the smallest one cuts what does not.
  let scale = SCALES[SCALES.length - 1]!;
  for (const candidate of SCALES) {
    const style = styleAt(candidate);
    set.forcedBreaks = 0;
    if (boxes.every(({ moment, box }) => layoutCard(set, texts, moment, box, style, false).height <= box.h) && set.forcedBreaks === 0) {
      scale = candidate;
      break;
    }
  }
  const style = styleAt(scale);
  const clipped: string[] = [];
  for (const { moment, box } of boxes) {
    const accent = moment.flags.includes('peak') ? COLORS.peak : moment.flags.includes('end') ? COLORS.end : undefined;
    const stripe = accent ?? (moment.flags.includes('key') ? COLORS.key : moment.origin !== 'central' ? COLORS.local : undefined);
    items.push({ kind: 'rect', x: box.x, y: box.y, w: box.w, h: box.h, fill: COLORS.paper, stroke: accent ?? COLORS.rule, lineWidth: accent ? 2.2 : 0.8, radius: 5 });
    if (stripe) items.push({ kind: 'rect', x: box.x + 1.1, y: box.y + 1.1, w: box.w - 2.2, h: 4, fill: stripe, radius: 2 });
    const card = layoutCard(set, texts, moment, box, style, true);
    if (card.clipped) clipped.push(moment.key);
    items.push(...card.items);
  }

  return { width, height, items, cards: boxes.map(({ moment, box }) => ({ momentKey: moment.key, ...box })), scale, clipped };
}
