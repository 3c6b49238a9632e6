import type { Locale } from '../../platform/locales.ts';
import { KEY_MAX_LENGTH, type Condition, type QuestionInput, type TranslatableText } from '../model.ts';

/*
 * What the SurveyJS and Qualtrics converters share: the report of what was and was not mapped,
 * texts (HTML → plain text, languages → ours), ids (→ our slugs), and the choice of a question type
 * for a numeric scale.
 */

export type SurveyFormat = 'surveyjs' | 'qualtrics';

export interface MappedQuestion {
  sourceId: string;
  sourceType: string;
  id: string;
  type: QuestionInput['type'];
}

export interface UnmappedItem {
  /** The question's (or element's) id in the source file. */
  sourceId: string;
  sourceType: string;
  reason: string;
}

export interface ImportWarning {
  /** The question it concerns, or null for the survey as a whole. */
  sourceId: string | null;
  /** What was changed or left out: `visibleIf`, `DisplayLogic`, `language`, `otherText`, `scale`, … */
  feature: string;
  message: string;
}

export interface SurveyImportReport {
  format: SurveyFormat;
  /** Languages the imported texts are in. */
  languages: Locale[];
  questions: { total: number; mapped: number };
  mapped: MappedQuestion[];
  /** Questions and elements that were not imported, with the reason. */
  unmapped: UnmappedItem[];
  /** Imported with a change or a loss (a condition dropped, a language not served, an "other" text box…). */
  warnings: ImportWarning[];
}

export class ReportBuilder {
  readonly mapped: MappedQuestion[] = [];
  readonly unmapped: UnmappedItem[] = [];
  readonly warnings: ImportWarning[] = [];
  total = 0;

  skip(sourceId: string, sourceType: string, reason: string) {
    this.unmapped.push({ sourceId, sourceType, reason });
  }
  warn(sourceId: string | null, feature: string, message: string) {
    this.warnings.push({ sourceId, feature, message });
  }
  build(format: SurveyFormat, languages: Locale[]): SurveyImportReport {
    return { format, languages, questions: { total: this.total, mapped: this.mapped.length }, mapped: this.mapped, unmapped: this.unmapped, warnings: this.warnings };
  }
}

/** Limits of our definition schema (a question's texts, options, questions). */
export const LIMITS = { text: 4000, options: 50, questions: 100, conditionValue: 64 };

const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", hellip: '…', ndash: '–', mdash: '—', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“' };

/** HTML (Qualtrics question texts, SurveyJS completedHtml) → plain text: line breaks kept, tags dropped, entities decoded. */
export function plainText(html: string): string {
  return html
    .replace(/<\s*br\s*\/?>/gi, '\n')
    .replace(/<\/\s*(p|div|h[1-6]|li|tr)\s*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
      if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
    .slice(0, LIMITS.text);
}

/** A text in languages → our TranslatableText, dropping empty ones. */
export function translatable(texts: Partial<Record<Locale, string>>): TranslatableText {
  const result: TranslatableText = {};
  for (const [locale, text] of Object.entries(texts) as [Locale, string | undefined][]) {
    const plain = text === undefined ? '' : plainText(text);
    if (plain !== '') result[locale] = plain;
  }
  return result;
}

export function hasAnyText(text: TranslatableText): boolean {
  return Object.values(text).some((value) => typeof value === 'string' && value.trim() !== '');
}

/** Any source id → our slug (lowercase a–z, 0–9, - and _), unique within `taken`. */
export function slugOf(raw: string, fallback: string, taken: Set<string>): string {
  const ascii = raw
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, KEY_MAX_LENGTH - 4)
    .replace(/-+$/g, '');
  const base = ascii === '' ? fallback : ascii;
  let id = base;
  for (let n = 2; taken.has(id); n += 1) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

/**
 * The question type for a numeric scale, when one fits: 0–10 → NPS; 1–5 → CSAT; 1–7 → CES when it asks
 * about effort or ease. Anything else has no numeric type of ours (the caller keeps it as a choice).
 */
export function scaleType(min: number, max: number, step: number, wording: string): 'nps' | 'csat' | 'ces' | undefined {
  if (step !== 1) return undefined;
  if (min === 0 && max === 10) return 'nps';
  if (min === 1 && max === 5) return 'csat';
  if (min === 1 && max === 7 && /effort|easy|easi|difficult|hard|容易|难|難|费力|費力|легк|трудн|усили|könnyű|nehéz|erőfeszítés/i.test(wording)) return 'ces';
  return undefined;
}

/** The SERVQUAL dimension a matrix row names (in one of our languages), if any. */
export function servqualDimensionOf(text: string): 'tangibles' | 'reliability' | 'responsiveness' | 'assurance' | 'empathy' | undefined {
  const lower = text.toLowerCase();
  const words: [RegExp, 'tangibles' | 'reliability' | 'responsiveness' | 'assurance' | 'empathy'][] = [
    [/tangib|有形|материальн|осязаем|kézzelfogható|tárgyi/, 'tangibles'],
    [/reliab|可靠|надёжн|надежн|megbízható/, 'reliability'],
    [/responsive|响应|響應|反应|反應|отзывчив|оперативн|reagál|készség/, 'responsiveness'],
    [/assurance|保证|保證|уверенн|гаранти|biztonság|magabiztos/, 'assurance'],
    [/empath|移情|同理|关怀|關懷|эмпати|сопережив|empátia|beleérz/, 'empathy'],
  ];
  return words.find(([pattern]) => pattern.test(lower))?.[1];
}

/** Conditions must look at earlier questions; a value must fit our limits. */
export function usableCondition(condition: Condition, earlier: ReadonlySet<string>): boolean {
  if (!earlier.has(condition.questionId)) return false;
  const values = Array.isArray(condition.value) ? condition.value : condition.value === undefined ? [] : [condition.value];
  return values.every((value) => typeof value !== 'string' || value.length <= LIMITS.conditionValue);
}
