import { LOCALES, type Locale } from '../platform/locales.ts';

/*
 * Journeys, stages and moments of truth: the types and every rule that needs no database.
 *
 * A journey's content is one blueprint document (stages → moments, plus visit purposes). Drafts are
 * edited freely; publishing freezes a numbered version. Locations (regions, cities, outlets) layer
 * overrides on a published version: they may add moments and move benchmark values within the limits
 * the centre allows, never remove or rename a central moment (seed 003: "add key moments, never fewer").
 */

export { LOCALES, type Locale };

/** The <ZMOT…UMOT stages of the buying journey (seed 004), plus the business's own stages. */
export const STAGE_KINDS = ['less_than_zero', 'zero', 'first', 'second', 'ultimate', 'custom'] as const;
export type StageKind = (typeof STAGE_KINDS)[number];
export const CHANNELS = ['in_person', 'phone', 'web', 'app', 'email', 'sms', 'social'] as const;
export type Channel = (typeof CHANNELS)[number];
export const MOMENT_FLAGS = ['peak', 'end', 'key'] as const;
export type MomentFlag = (typeof MOMENT_FLAGS)[number];
export const METRICS = ['nps', 'csat', 'ces', 'wait_seconds', 'handle_seconds', 'audit_compliance', 'custom'] as const;
export type Metric = (typeof METRICS)[number];
export const COMPARATORS = ['gte', 'lte', 'gt', 'lt', 'eq'] as const;
export type Comparator = (typeof COMPARATORS)[number];

/** The marker of the JSON exchange format (export, import, shipped templates); see docs/journey-format.md. */
export const JOURNEY_FORMAT = 'keymoment.journey/v1';

/** Journey, stage, moment, purpose and custom-benchmark keys: lowercase slugs, stable for ever. */
export const KEY_PATTERN = '^[a-z0-9]+(?:[-_][a-z0-9]+)*$';
export const KEY_MAX_LENGTH = 64;
const KEY_RE = new RegExp(KEY_PATTERN);

export function isValidKey(value: string): boolean {
  return value.length <= KEY_MAX_LENGTH && KEY_RE.test(value);
}

/** A text in any of the five languages; at least the journey's fallback language must be filled. */
export type TranslatableText = Partial<Record<Locale, string>>;

export interface Stage {
  key: string;
  kind: StageKind;
  /** Required for `custom`; for the standard kinds it replaces the default name when given. */
  name?: TranslatableText;
}

export interface ActionStep {
  /** The headline (what the poster prints). */
  title: TranslatableText;
  detail?: TranslatableText;
}

export interface Benchmark {
  metric: Metric;
  /** Identifies a `custom` benchmark within its moment (standard metrics are identified by `metric`). */
  customKey?: string;
  /** Display name of a `custom` benchmark. */
  customName?: TranslatableText;
  comparator: Comparator;
  value: number;
  /** Lowest value a location may adjust this target to. Neither bound → not adjustable locally. */
  localMin?: number;
  /** Highest value a location may adjust this target to. */
  localMax?: number;
}

export interface Moment {
  key: string;
  name: TranslatableText;
  description?: TranslatableText;
  stageKey: string;
  channels: Channel[];
  flags: MomentFlag[];
  /** The customer's core needs at this moment ("fast, polite, accurate result"). */
  coreNeeds: TranslatableText[];
  /** Service key points for staff. */
  keyPoints: TranslatableText[];
  /** Numbered action guide: the step's number is its position. */
  actionGuide: ActionStep[];
  responsibleRole?: TranslatableText;
  implementationNotes: TranslatableText[];
  benchmarks: Benchmark[];
}

/** A variant of the journey ("pay a bill" vs "buy a phone") with its own peak moments. */
export interface VisitPurpose {
  key: string;
  name: TranslatableText;
  description?: TranslatableText;
  peakMomentKeys: string[];
}

/**
 * The content of one journey version. Moments are in journey order, grouped by stage in stage order
 * (`normaliseBlueprint` keeps them so); a moment's order is its position.
 */
export interface Blueprint {
  stages: Stage[];
  moments: Moment[];
  purposes: VisitPurpose[];
}

/** What callers may send: the list fields of moments and purposes may be left out (empty). */
export type MomentInput = Omit<Moment, 'channels' | 'flags' | 'coreNeeds' | 'keyPoints' | 'actionGuide' | 'implementationNotes' | 'benchmarks'> &
  Partial<Pick<Moment, 'channels' | 'flags' | 'coreNeeds' | 'keyPoints' | 'actionGuide' | 'implementationNotes' | 'benchmarks'>>;
export type VisitPurposeInput = Omit<VisitPurpose, 'peakMomentKeys'> & { peakMomentKeys?: string[] };
export interface BlueprintInput {
  stages: Stage[];
  moments: MomentInput[];
  purposes?: VisitPurposeInput[];
}

export function normaliseMoment(input: MomentInput): Moment {
  return {
    ...input,
    channels: input.channels ?? [],
    flags: input.flags ?? [],
    coreNeeds: input.coreNeeds ?? [],
    keyPoints: input.keyPoints ?? [],
    actionGuide: input.actionGuide ?? [],
    implementationNotes: input.implementationNotes ?? [],
    benchmarks: input.benchmarks ?? [],
  };
}

/** Fills the optional lists; keeps the order of everything as given (so problem paths match the input). */
export function withDefaults(input: BlueprintInput): Blueprint {
  return {
    stages: input.stages,
    moments: input.moments.map(normaliseMoment),
    purposes: (input.purposes ?? []).map((purpose) => ({ ...purpose, peakMomentKeys: purpose.peakMomentKeys ?? [] })),
  };
}

/**
 * Groups the moments by stage, in stage order, keeping their relative order within a stage (a stable
 * sort), which is the order the blueprint is read and printed in. Moments naming an unknown stage go
 * last; validation reports them.
 */
export function groupMomentsByStage(blueprint: Blueprint): Blueprint {
  const stageIndex = new Map(blueprint.stages.map((stage, index) => [stage.key, index] as const));
  const rank = (moment: Moment) => stageIndex.get(moment.stageKey) ?? blueprint.stages.length;
  const moments = blueprint.moments
    .map((moment, index) => ({ moment, index }))
    .sort((a, b) => rank(a.moment) - rank(b.moment) || a.index - b.index)
    .map(({ moment }) => moment);
  return { ...blueprint, moments };
}

export function normaliseBlueprint(input: BlueprintInput): Blueprint {
  return groupMomentsByStage(withDefaults(input));
}

/** A new journey's draft: the five standard stages, no moments yet. */
export function emptyBlueprint(): Blueprint {
  return {
    stages: STAGE_KINDS.filter((kind) => kind !== 'custom').map((kind) => ({ key: kind.replaceAll('_', '-'), kind })),
    moments: [],
    purposes: [],
  };
}

// ---------- texts ----------

/** Default display names of the standard stage kinds. */
export const STAGE_KIND_NAMES: Record<Exclude<StageKind, 'custom'>, Required<TranslatableText>> = {
  less_than_zero: {
    en: 'Less than zero moment (<ZMOT): the need arises',
    'zh-CN': '零前关键时刻（<ZMOT）：需求产生',
    'zh-TW': '零前關鍵時刻（<ZMOT）：需求產生',
    ru: 'Момент меньше нуля (<ZMOT): возникает потребность',
    hu: 'Nulla előtti pillanat (<ZMOT): megszületik az igény',
  },
  zero: {
    en: 'Zero moment of truth (ZMOT): research',
    'zh-CN': '零关键时刻（ZMOT）：了解与比较',
    'zh-TW': '零關鍵時刻（ZMOT）：了解與比較',
    ru: 'Нулевой момент истины (ZMOT): поиск информации',
    hu: 'Az igazság nulladik pillanata (ZMOT): tájékozódás',
  },
  first: {
    en: 'First moment of truth (FMOT): first contact and purchase',
    'zh-CN': '第一关键时刻（FMOT）：初次接触与购买',
    'zh-TW': '第一關鍵時刻（FMOT）：初次接觸與購買',
    ru: 'Первый момент истины (FMOT): первый контакт и покупка',
    hu: 'Az igazság első pillanata (FMOT): első találkozás és vásárlás',
  },
  second: {
    en: 'Second moment of truth (SMOT): experience after purchase',
    'zh-CN': '第二关键时刻（SMOT）：购买后的体验',
    'zh-TW': '第二關鍵時刻（SMOT）：購買後的體驗',
    ru: 'Второй момент истины (SMOT): опыт после покупки',
    hu: 'Az igazság második pillanata (SMOT): élmény a vásárlás után',
  },
  ultimate: {
    en: 'Ultimate moment of truth (UMOT): sharing the experience',
    'zh-CN': '终极关键时刻（UMOT）：分享体验',
    'zh-TW': '終極關鍵時刻（UMOT）：分享體驗',
    ru: 'Окончательный момент истины (UMOT): клиент делится опытом',
    hu: 'Az igazság végső pillanata (UMOT): az élmény megosztása',
  },
};

function filled(text: string | undefined): text is string {
  return text !== undefined && text.trim() !== '';
}

export function hasText(text: TranslatableText | undefined, locale: Locale): boolean {
  return filled(text?.[locale]);
}

/**
 * The text to show in `locale`: that language, else the other Chinese script (a reader of one reads
 * the other far better than a foreign language), else the fallback language, else any filled one.
 */
export function resolveText(text: TranslatableText | undefined, locale: Locale, fallback: Locale): string {
  if (!text) return '';
  const sibling: Locale | undefined = locale === 'zh-CN' ? 'zh-TW' : locale === 'zh-TW' ? 'zh-CN' : undefined;
  for (const candidate of [locale, sibling, fallback, ...LOCALES]) {
    if (candidate !== undefined && filled(text[candidate])) return text[candidate]!;
  }
  return '';
}

export function stageDisplayName(stage: Stage): TranslatableText {
  if (stage.name && Object.values(stage.name).some(filled)) return stage.name;
  return stage.kind === 'custom' ? { en: stage.key } : STAGE_KIND_NAMES[stage.kind];
}

/** Every translatable text of a blueprint with its path, for completeness checks and translation work. */
export function listTranslatableTexts(blueprint: Blueprint): { field: string; text: TranslatableText }[] {
  const texts: { field: string; text: TranslatableText }[] = [];
  const add = (field: string, text: TranslatableText | undefined) => {
    if (text) texts.push({ field, text });
  };
  blueprint.stages.forEach((stage, i) => add(`stages.${i}.name`, stage.name));
  blueprint.moments.forEach((moment, i) => {
    const at = `moments.${i}`;
    add(`${at}.name`, moment.name);
    add(`${at}.description`, moment.description);
    moment.coreNeeds.forEach((text, j) => add(`${at}.coreNeeds.${j}`, text));
    moment.keyPoints.forEach((text, j) => add(`${at}.keyPoints.${j}`, text));
    moment.actionGuide.forEach((step, j) => {
      add(`${at}.actionGuide.${j}.title`, step.title);
      add(`${at}.actionGuide.${j}.detail`, step.detail);
    });
    add(`${at}.responsibleRole`, moment.responsibleRole);
    moment.implementationNotes.forEach((text, j) => add(`${at}.implementationNotes.${j}`, text));
    moment.benchmarks.forEach((benchmark, j) => add(`${at}.benchmarks.${j}.customName`, benchmark.customName));
  });
  blueprint.purposes.forEach((purpose, i) => {
    add(`purposes.${i}.name`, purpose.name);
    add(`purposes.${i}.description`, purpose.description);
  });
  return texts;
}

// ---------- validation ----------

/**
 * Kinds of problem an editor meets most, so a user interface can word them in its own language
 * (`message` stays the English text for the API and for problems without a code).
 */
export const PROBLEM_CODES = [
  'missing_fallback_text',
  'required',
  'invalid_key',
  'duplicate_key',
  'no_stages',
  'no_moments',
  'unknown_stage',
  'no_end',
  'no_peak',
  'unknown_moment',
  'listed_twice',
  'purpose_without_peak',
  'outside_scale',
  'wrong_direction',
  'local_min_above_value',
  'local_max_below_value',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

export interface Problem {
  severity: 'error' | 'warning';
  /** Dotted path into the document, e.g. `moments.3.benchmarks.0.comparator`. */
  field: string;
  message: string;
  code?: ProblemCode;
  /** Values the message names (a key, a language, a number), for wording it in another language. */
  params?: Record<string, string | number>;
}

/** Where a metric's values can lie, and which way is better (undefined: depends on the scale used). */
export const METRIC_RULES: Record<Exclude<Metric, 'custom'>, { min: number; max: number; higherIsBetter?: boolean }> = {
  /** % promoters − % detractors. */
  nps: { min: -100, max: 100, higherIsBetter: true },
  /** % of satisfied answers (top-two boxes). */
  csat: { min: 0, max: 100, higherIsBetter: true },
  /** Mean Customer Effort Score on a 1–7 scale; surveys word it either way round, so no direction. */
  ces: { min: 1, max: 7 },
  wait_seconds: { min: 0, max: 86_400 * 30, higherIsBetter: false },
  handle_seconds: { min: 0, max: 86_400 * 30, higherIsBetter: false },
  /** % of audit checklist items met. */
  audit_compliance: { min: 0, max: 100, higherIsBetter: true },
};

const CANONICAL_STAGE_ORDER: StageKind[] = ['less_than_zero', 'zero', 'first', 'second', 'ultimate'];

/** How a benchmark is told apart from the others of its moment (what an override names). */
export function benchmarkIdentity(benchmark: { metric: Metric; customKey?: string | undefined }): string {
  return benchmark.metric === 'custom' ? `custom:${benchmark.customKey ?? ''}` : benchmark.metric;
}

export function isLocallyAdjustable(benchmark: Benchmark): boolean {
  return benchmark.localMin !== undefined || benchmark.localMax !== undefined;
}

function describeRange(benchmark: Benchmark): string {
  const low = benchmark.localMin ?? '−∞';
  const high = benchmark.localMax ?? '+∞';
  return `[${low}, ${high}]`;
}

class ProblemList {
  readonly items: Problem[] = [];
  error(field: string, message: string, code?: ProblemCode, params?: Record<string, string | number>) {
    this.items.push({ severity: 'error', field, message, ...(code ? { code } : {}), ...(params ? { params } : {}) });
  }
  warning(field: string, message: string, code?: ProblemCode, params?: Record<string, string | number>) {
    this.items.push({ severity: 'warning', field, message, ...(code ? { code } : {}), ...(params ? { params } : {}) });
  }
  /** A translatable text must exist and carry the fallback language. */
  text(field: string, text: TranslatableText | undefined, fallback: Locale, required: boolean) {
    if (text === undefined) {
      if (required) this.error(field, `${field} is required`, 'required');
      return;
    }
    for (const [locale, value] of Object.entries(text)) {
      if (!(LOCALES as readonly string[]).includes(locale)) this.error(`${field}.${locale}`, `${locale} is not one of the languages ${LOCALES.join(', ')}`);
      else if (typeof value !== 'string') this.error(`${field}.${locale}`, `${field}.${locale} must be a string`);
    }
    if (!hasText(text, fallback)) this.error(`${field}.${fallback}`, `${field} has no text in the fallback language ${fallback}`, 'missing_fallback_text', { language: fallback });
  }
}

function checkKey(problems: ProblemList, field: string, key: string) {
  if (!isValidKey(key)) problems.error(field, `${field} "${key}" must be a lowercase slug such as counter-transaction (a–z, 0–9, - or _)`, 'invalid_key', { key });
}

/** Reports repeated values of `keyOf` across `items` at `<path>.<i>.<name>`, naming the first use. */
function checkUnique<T>(problems: ProblemList, items: T[], path: string, name: string, keyOf: (item: T) => string, what: string) {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const key = keyOf(item);
    const first = seen.get(key);
    if (first !== undefined) problems.error(`${path}.${i}.${name}`, `${what} "${key}" is used twice (also ${path}.${first})`, 'duplicate_key', { key });
    else seen.set(key, i);
  });
}

function validateBenchmark(problems: ProblemList, field: string, benchmark: Benchmark, fallback: Locale) {
  if (!(METRICS as readonly string[]).includes(benchmark.metric)) {
    problems.error(`${field}.metric`, `${field}.metric must be one of ${METRICS.join(', ')}`);
    return;
  }
  if (!(COMPARATORS as readonly string[]).includes(benchmark.comparator)) {
    problems.error(`${field}.comparator`, `${field}.comparator must be one of ${COMPARATORS.join(', ')}`);
  }
  if (benchmark.metric === 'custom') {
    if (benchmark.customKey === undefined) problems.error(`${field}.customKey`, `${field}.customKey is required for a custom metric`);
    else checkKey(problems, `${field}.customKey`, benchmark.customKey);
    problems.text(`${field}.customName`, benchmark.customName, fallback, true);
  } else {
    if (benchmark.customKey !== undefined) problems.error(`${field}.customKey`, `${field}.customKey is only for metric custom`);
    if (benchmark.customName !== undefined) problems.error(`${field}.customName`, `${field}.customName is only for metric custom`);
  }
  for (const bound of ['value', 'localMin', 'localMax'] as const) {
    const value = benchmark[bound];
    if (value !== undefined && !Number.isFinite(value)) problems.error(`${field}.${bound}`, `${field}.${bound} must be a finite number`);
  }
  if (benchmark.metric !== 'custom') {
    const rule = METRIC_RULES[benchmark.metric];
    for (const bound of ['value', 'localMin', 'localMax'] as const) {
      const value = benchmark[bound];
      if (value !== undefined && (value < rule.min || value > rule.max)) {
        problems.error(`${field}.${bound}`, `${field}.${bound} ${value} is outside the ${benchmark.metric} scale [${rule.min}, ${rule.max}]`, 'outside_scale', {
          value,
          metric: benchmark.metric,
          min: rule.min,
          max: rule.max,
        });
      }
    }
    // A target pointing the wrong way ("wait at least 5 minutes") is almost always a slip.
    if (rule.higherIsBetter !== undefined) {
      const upward = benchmark.comparator === 'gte' || benchmark.comparator === 'gt';
      const downward = benchmark.comparator === 'lte' || benchmark.comparator === 'lt';
      if ((rule.higherIsBetter && downward) || (!rule.higherIsBetter && upward)) {
        problems.warning(
          `${field}.comparator`,
          `${benchmark.metric} is better when ${rule.higherIsBetter ? 'higher' : 'lower'}; a target "${benchmark.comparator} ${benchmark.value}" reads as a ${rule.higherIsBetter ? 'ceiling' : 'floor'}`,
          'wrong_direction',
          { metric: benchmark.metric, better: rule.higherIsBetter ? 'higher' : 'lower' },
        );
      }
    }
  }
  if (benchmark.localMin !== undefined && benchmark.localMin > benchmark.value) {
    problems.error(`${field}.localMin`, `${field}.localMin ${benchmark.localMin} is above the value ${benchmark.value}`, 'local_min_above_value', { bound: benchmark.localMin, value: benchmark.value });
  }
  if (benchmark.localMax !== undefined && benchmark.localMax < benchmark.value) {
    problems.error(`${field}.localMax`, `${field}.localMax ${benchmark.localMax} is below the value ${benchmark.value}`, 'local_max_below_value', { bound: benchmark.localMax, value: benchmark.value });
  }
}

function validateMoment(problems: ProblemList, field: string, moment: Moment, stageKeys: Set<string>, fallback: Locale) {
  checkKey(problems, `${field}.key`, moment.key);
  problems.text(`${field}.name`, moment.name, fallback, true);
  problems.text(`${field}.description`, moment.description, fallback, false);
  if (!stageKeys.has(moment.stageKey)) problems.error(`${field}.stageKey`, `${field}.stageKey "${moment.stageKey}" is not a stage of this journey`, 'unknown_stage', { key: moment.stageKey });
  moment.channels.forEach((channel, j) => {
    if (!(CHANNELS as readonly string[]).includes(channel)) problems.error(`${field}.channels.${j}`, `${field}.channels.${j} must be one of ${CHANNELS.join(', ')}`);
    else if (moment.channels.indexOf(channel) !== j) problems.error(`${field}.channels.${j}`, `channel ${channel} is listed twice`);
  });
  moment.flags.forEach((flag, j) => {
    if (!(MOMENT_FLAGS as readonly string[]).includes(flag)) problems.error(`${field}.flags.${j}`, `${field}.flags.${j} must be one of ${MOMENT_FLAGS.join(', ')}`);
    else if (moment.flags.indexOf(flag) !== j) problems.error(`${field}.flags.${j}`, `flag ${flag} is listed twice`);
  });
  moment.coreNeeds.forEach((text, j) => problems.text(`${field}.coreNeeds.${j}`, text, fallback, true));
  moment.keyPoints.forEach((text, j) => problems.text(`${field}.keyPoints.${j}`, text, fallback, true));
  moment.actionGuide.forEach((step, j) => {
    problems.text(`${field}.actionGuide.${j}.title`, step.title, fallback, true);
    problems.text(`${field}.actionGuide.${j}.detail`, step.detail, fallback, false);
  });
  problems.text(`${field}.responsibleRole`, moment.responsibleRole, fallback, false);
  moment.implementationNotes.forEach((text, j) => problems.text(`${field}.implementationNotes.${j}`, text, fallback, true));
  moment.benchmarks.forEach((benchmark, j) => validateBenchmark(problems, `${field}.benchmarks.${j}`, benchmark, fallback));
  checkUnique(problems, moment.benchmarks, `${field}.benchmarks`, 'metric', benchmarkIdentity, 'benchmark');
}

/**
 * Every problem of a blueprint. Errors block publishing and importing; warnings are advice
 * (a journey without an end moment, a target pointing the wrong way…).
 */
export function validateBlueprint(blueprint: Blueprint, fallback: Locale): Problem[] {
  const problems = new ProblemList();
  if (blueprint.stages.length === 0) problems.error('stages', 'a journey needs at least one stage', 'no_stages');
  blueprint.stages.forEach((stage, i) => {
    checkKey(problems, `stages.${i}.key`, stage.key);
    if (!(STAGE_KINDS as readonly string[]).includes(stage.kind)) problems.error(`stages.${i}.kind`, `stages.${i}.kind must be one of ${STAGE_KINDS.join(', ')}`);
    problems.text(`stages.${i}.name`, stage.name, fallback, stage.kind === 'custom');
  });
  checkUnique(problems, blueprint.stages, 'stages', 'key', (stage) => stage.key, 'stage key');
  const standard = blueprint.stages.filter((stage) => stage.kind !== 'custom');
  standard.forEach((stage) => {
    const twin = standard.find((other) => other.kind === stage.kind && other !== stage);
    if (twin && blueprint.stages.indexOf(stage) > blueprint.stages.indexOf(twin)) {
      const i = blueprint.stages.indexOf(stage);
      problems.warning(`stages.${i}.kind`, `stage kind ${stage.kind} is also used by stage "${twin.key}"; reports by stage will merge them`);
    }
  });
  let lastRank = -1;
  blueprint.stages.forEach((stage, i) => {
    const rank = CANONICAL_STAGE_ORDER.indexOf(stage.kind);
    if (rank === -1) return;
    if (rank < lastRank) problems.warning(`stages.${i}.kind`, `stage ${stage.key} (${stage.kind}) comes after a later stage of the buying journey`);
    lastRank = Math.max(lastRank, rank);
  });

  const stageKeys = new Set(blueprint.stages.map((stage) => stage.key));
  if (blueprint.moments.length === 0) problems.error('moments', 'a journey needs at least one moment', 'no_moments');
  blueprint.moments.forEach((moment, i) => validateMoment(problems, `moments.${i}`, moment, stageKeys, fallback));
  checkUnique(problems, blueprint.moments, 'moments', 'key', (moment) => moment.key, 'moment key');
  if (blueprint.moments.length > 0) {
    // The peak–end rule (seed 003): customers remember the peaks and the end.
    if (!blueprint.moments.some((moment) => moment.flags.includes('end'))) {
      problems.warning('moments', 'no moment is marked as the end; customers remember the end of an experience', 'no_end');
    }
    if (!blueprint.moments.some((moment) => moment.flags.includes('peak')) && !blueprint.purposes.some((p) => p.peakMomentKeys.length > 0)) {
      problems.warning('moments', 'no moment is marked as a peak', 'no_peak');
    }
  }

  const momentKeys = new Set(blueprint.moments.map((moment) => moment.key));
  blueprint.purposes.forEach((purpose, i) => {
    checkKey(problems, `purposes.${i}.key`, purpose.key);
    problems.text(`purposes.${i}.name`, purpose.name, fallback, true);
    problems.text(`purposes.${i}.description`, purpose.description, fallback, false);
    purpose.peakMomentKeys.forEach((key, j) => {
      if (!momentKeys.has(key)) problems.error(`purposes.${i}.peakMomentKeys.${j}`, `moment "${key}" is not in this journey`, 'unknown_moment', { key });
      else if (purpose.peakMomentKeys.indexOf(key) !== j) problems.error(`purposes.${i}.peakMomentKeys.${j}`, `moment "${key}" is listed twice`, 'listed_twice', { key });
    });
    if (purpose.peakMomentKeys.length === 0) problems.warning(`purposes.${i}.peakMomentKeys`, `visit purpose "${purpose.key}" marks no peak moment`, 'purpose_without_peak', { key: purpose.key });
  });
  checkUnique(problems, blueprint.purposes, 'purposes', 'key', (purpose) => purpose.key, 'visit purpose key');
  return problems.items;
}

export function errorsOf(problems: Problem[]): Problem[] {
  return problems.filter((problem) => problem.severity === 'error');
}

// ---------- comparing documents ----------

/** JSON with object keys sorted, so two documents compare equal whatever order their keys came in (jsonb reorders them). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

export function sameContent(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

export interface ItemChange {
  key: string;
  /** Names of the fields that differ, e.g. ["name", "benchmarks", "order"]. */
  fields: string[];
}

export interface CollectionDiff {
  added: string[];
  removed: string[];
  changed: ItemChange[];
}

export interface BlueprintDiff {
  identical: boolean;
  stages: CollectionDiff;
  moments: CollectionDiff;
  purposes: CollectionDiff;
}

/**
 * Keys of the items that kept their relative order between two sequences (a longest increasing
 * subsequence), so moving one card marks one moment as reordered, not every card after it.
 */
function keysInPlace(before: string[], after: string[]): Set<string> {
  const position = new Map(after.map((key, i) => [key, i] as const));
  const common = before.filter((key) => position.has(key));
  const ranks = common.map((key) => position.get(key)!);
  // Patience sorting: tails[k] = index (into ranks) of the smallest tail of an increasing run of length k+1.
  const tails: number[] = [];
  const previous: number[] = new Array<number>(ranks.length).fill(-1);
  ranks.forEach((rank, i) => {
    let low = 0;
    let high = tails.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (ranks[tails[mid]!]! < rank) low = mid + 1;
      else high = mid;
    }
    if (low > 0) previous[i] = tails[low - 1]!;
    tails[low] = i;
  });
  const kept = new Set<string>();
  for (let i = tails.length > 0 ? tails[tails.length - 1]! : -1; i !== -1; i = previous[i]!) kept.add(common[i]!);
  return kept;
}

function diffCollection<T extends { key: string }>(before: T[], after: T[]): CollectionDiff {
  const beforeByKey = new Map<string, T>();
  for (const item of before) if (!beforeByKey.has(item.key)) beforeByKey.set(item.key, item);
  const afterByKey = new Map<string, T>();
  for (const item of after) if (!afterByKey.has(item.key)) afterByKey.set(item.key, item);
  const inPlace = keysInPlace([...beforeByKey.keys()], [...afterByKey.keys()]);
  const changed: ItemChange[] = [];
  for (const [key, next] of afterByKey) {
    const previous = beforeByKey.get(key);
    if (!previous) continue;
    const fieldNames = [...new Set([...Object.keys(previous), ...Object.keys(next)])].sort();
    const fields = fieldNames.filter((name) => !sameContent((previous as Record<string, unknown>)[name], (next as Record<string, unknown>)[name]));
    if (!inPlace.has(key)) fields.push('order');
    if (fields.length > 0) changed.push({ key, fields });
  }
  return {
    added: [...afterByKey.keys()].filter((key) => !beforeByKey.has(key)),
    removed: [...beforeByKey.keys()].filter((key) => !afterByKey.has(key)),
    changed,
  };
}

/** What changed from `before` to `after`: items added, removed, and changed with the names of the changed fields. */
export function diffBlueprints(before: Blueprint, after: Blueprint): BlueprintDiff {
  const stages = diffCollection(before.stages, after.stages);
  const moments = diffCollection(before.moments, after.moments);
  const purposes = diffCollection(before.purposes, after.purposes);
  const identical = [stages, moments, purposes].every((d) => d.added.length === 0 && d.removed.length === 0 && d.changed.length === 0);
  return { identical, stages, moments, purposes };
}

// ---------- overrides and the effective blueprint ----------

/** A moment a location adds, placed in `stageKey` right after moment `after` (absent: first of the stage). */
export type AddedMoment = Moment & { after?: string };

export interface BenchmarkAdjustment {
  momentKey: string;
  metric: Metric;
  customKey?: string;
  value: number;
}

/** What a region, city or outlet layers over the central blueprint. */
export interface OverrideDocument {
  addedMoments: AddedMoment[];
  benchmarkAdjustments: BenchmarkAdjustment[];
}

export type OverrideInput = {
  addedMoments?: (MomentInput & { after?: string })[];
  benchmarkAdjustments?: BenchmarkAdjustment[];
};

export function normaliseOverride(input: OverrideInput): OverrideDocument {
  return {
    addedMoments: (input.addedMoments ?? []).map(({ after, ...moment }) => ({ ...normaliseMoment(moment), ...(after !== undefined ? { after } : {}) })),
    benchmarkAdjustments: input.benchmarkAdjustments ?? [],
  };
}

export interface LocatedOverride {
  locationId: string;
  document: OverrideDocument;
}

/** `central`, or the id of the location whose override added the moment. */
export type MomentOrigin = 'central' | string;

export type EffectiveBenchmark = Benchmark & {
  /** The value before any location adjusted it. */
  baseValue: number;
  /** The location whose override set `value`; null when it is the original value. */
  adjustedBy: string | null;
};

export type EffectiveMoment = Omit<Moment, 'benchmarks'> & {
  origin: MomentOrigin;
  /** 1-based position in the journey. */
  order: number;
  benchmarks: EffectiveBenchmark[];
};

export type EffectiveStage = Stage & { displayName: TranslatableText };

export interface EffectiveBlueprint {
  stages: EffectiveStage[];
  moments: EffectiveMoment[];
  purposes: VisitPurpose[];
}

/** Something in an override that could not be applied to this central version (it was based on another). */
export interface OverrideNotice {
  locationId: string;
  field: string;
  message: string;
}

/** Index at which a moment added to `stageKey` after `after` goes, or undefined when `after` is not there. */
function insertionIndex(moments: { key: string; stageKey: string }[], stageOrder: string[], stageKey: string, after: string | undefined): number | undefined {
  if (after !== undefined) {
    const index = moments.findIndex((moment) => moment.key === after && moment.stageKey === stageKey);
    return index === -1 ? undefined : index + 1;
  }
  const firstOfStage = moments.findIndex((moment) => moment.stageKey === stageKey);
  if (firstOfStage !== -1) return firstOfStage;
  // An empty stage: after every moment of the stages before it.
  const earlier = new Set(stageOrder.slice(0, stageOrder.indexOf(stageKey)));
  let index = 0;
  moments.forEach((moment, i) => {
    if (earlier.has(moment.stageKey)) index = i + 1;
  });
  return index;
}

function endOfStage(moments: { stageKey: string }[], stageOrder: string[], stageKey: string): number {
  let index = -1;
  moments.forEach((moment, i) => {
    if (moment.stageKey === stageKey) index = i + 1;
  });
  return index === -1 ? insertionIndex(moments as { key: string; stageKey: string }[], stageOrder, stageKey, undefined)! : index;
}

/**
 * The blueprint a location works to: the central published version, then the overrides of its
 * ancestors from the top down, then its own. Parts of an override that no longer fit the central
 * version (a moment it anchored to was removed, a limit was tightened) are skipped and reported as
 * notices instead of failing the whole blueprint.
 */
export function effectiveBlueprint(central: Blueprint, overridesTopDown: LocatedOverride[]): { blueprint: EffectiveBlueprint; notices: OverrideNotice[] } {
  const stageOrder = central.stages.map((stage) => stage.key);
  const notices: OverrideNotice[] = [];
  const moments: Omit<EffectiveMoment, 'order'>[] = central.moments.map((moment) => ({
    ...moment,
    origin: 'central',
    benchmarks: moment.benchmarks.map((benchmark) => ({ ...benchmark, baseValue: benchmark.value, adjustedBy: null })),
  }));

  for (const { locationId, document } of overridesTopDown) {
    document.addedMoments.forEach((added, i) => {
      const field = `addedMoments.${i}`;
      if (moments.some((moment) => moment.key === added.key)) {
        notices.push({ locationId, field: `${field}.key`, message: `moment "${added.key}" already exists in the blueprint; the added one is skipped` });
        return;
      }
      if (!stageOrder.includes(added.stageKey)) {
        notices.push({ locationId, field: `${field}.stageKey`, message: `stage "${added.stageKey}" is not in this central version; moment "${added.key}" is skipped` });
        return;
      }
      let index = insertionIndex(moments, stageOrder, added.stageKey, added.after);
      if (index === undefined) {
        notices.push({ locationId, field: `${field}.after`, message: `moment "${added.after}" is not in stage "${added.stageKey}"; "${added.key}" is placed at the end of the stage` });
        index = endOfStage(moments, stageOrder, added.stageKey);
      }
      const { after: _after, ...moment } = added;
      moments.splice(index, 0, {
        ...moment,
        origin: locationId,
        benchmarks: moment.benchmarks.map((benchmark) => ({ ...benchmark, baseValue: benchmark.value, adjustedBy: null })),
      });
    });
    document.benchmarkAdjustments.forEach((adjustment, i) => {
      const field = `benchmarkAdjustments.${i}`;
      const moment = moments.find((candidate) => candidate.key === adjustment.momentKey);
      const benchmark = moment?.benchmarks.find((candidate) => benchmarkIdentity(candidate) === benchmarkIdentity(adjustment));
      const problem = !moment
        ? `moment "${adjustment.momentKey}" is not in the blueprint`
        : !benchmark
          ? `moment "${adjustment.momentKey}" has no ${benchmarkIdentity(adjustment)} benchmark`
          : adjustmentProblem(benchmark, adjustment.value);
      if (problem !== undefined || !benchmark) {
        notices.push({ locationId, field, message: `${problem}; the adjustment is skipped` });
        return;
      }
      benchmark.value = adjustment.value;
      benchmark.adjustedBy = locationId;
    });
  }

  return {
    blueprint: {
      stages: central.stages.map((stage) => ({ ...stage, displayName: stageDisplayName(stage) })),
      moments: moments.map((moment, i) => ({ ...moment, order: i + 1 })),
      purposes: central.purposes,
    },
    notices,
  };
}

/** Why a location may not set `benchmark` to `value`, or undefined when it may. */
export function adjustmentProblem(benchmark: Benchmark, value: number): string | undefined {
  if (!isLocallyAdjustable(benchmark)) return `the ${benchmarkIdentity(benchmark)} target is set centrally and not adjustable locally`;
  if (!Number.isFinite(value)) return 'the value must be a finite number';
  if ((benchmark.localMin !== undefined && value < benchmark.localMin) || (benchmark.localMax !== undefined && value > benchmark.localMax)) {
    return `${value} is outside the allowed range ${describeRange(benchmark)} for ${benchmarkIdentity(benchmark)}`;
  }
  return undefined;
}

/**
 * Problems of a location's override against the blueprint its ancestors leave it (`inherited`, the
 * effective blueprint one level up). Changing what the centre or an ancestor defined is refused:
 * an override may only add moments and move adjustable targets within their limits.
 */
export function validateOverride(
  document: OverrideDocument,
  inherited: EffectiveBlueprint,
  fallback: Locale,
): Problem[] {
  const problems = new ProblemList();
  const stageKeys = new Set(inherited.stages.map((stage) => stage.key));
  const known = new Map(inherited.moments.map((moment) => [moment.key, moment] as const));
  const placed: { key: string; stageKey: string }[] = [...inherited.moments];
  document.addedMoments.forEach((added, i) => {
    const field = `addedMoments.${i}`;
    const existing = known.get(added.key);
    if (existing) {
      const owner = existing.origin === 'central' ? 'the central blueprint' : `location ${existing.origin}`;
      problems.error(`${field}.key`, `"${added.key}" is a moment of ${owner}; a location may add moments but never replace, rename or remove one it inherits`);
      return;
    }
    validateMoment(problems, field, added, stageKeys, fallback);
    if (added.after !== undefined) {
      const anchor = placed.find((moment) => moment.key === added.after);
      if (!anchor) problems.error(`${field}.after`, `moment "${added.after}" is not in the blueprint`);
      else if (anchor.stageKey !== added.stageKey) problems.error(`${field}.after`, `moment "${added.after}" is in stage "${anchor.stageKey}", not "${added.stageKey}"`);
    }
    placed.push(added);
  });
  checkUnique(problems, document.addedMoments, 'addedMoments', 'key', (moment) => moment.key, 'moment key');
  const ownAdded = new Map(document.addedMoments.map((moment) => [moment.key, moment] as const));
  document.benchmarkAdjustments.forEach((adjustment, i) => {
    const field = `benchmarkAdjustments.${i}`;
    if (ownAdded.has(adjustment.momentKey)) {
      problems.error(`${field}.momentKey`, `"${adjustment.momentKey}" is added by this override; set its target in addedMoments instead`);
      return;
    }
    const moment = known.get(adjustment.momentKey);
    if (!moment) {
      problems.error(`${field}.momentKey`, `moment "${adjustment.momentKey}" is not in the blueprint`);
      return;
    }
    const benchmark = moment.benchmarks.find((candidate) => benchmarkIdentity(candidate) === benchmarkIdentity(adjustment));
    if (!benchmark) {
      problems.error(`${field}.metric`, `moment "${adjustment.momentKey}" has no ${benchmarkIdentity(adjustment)} benchmark`);
      return;
    }
    const problem = adjustmentProblem(benchmark, adjustment.value);
    if (problem) problems.error(`${field}.value`, problem);
  });
  checkUnique(problems, document.benchmarkAdjustments, 'benchmarkAdjustments', 'metric', (a) => `${a.momentKey}/${benchmarkIdentity(a)}`, 'adjustment of');
  return problems.items;
}

// ---------- one language ----------

export type LocalisedBenchmark = Omit<EffectiveBenchmark, 'customName'> & { customName?: string };
export type LocalisedMoment = Omit<EffectiveMoment, 'name' | 'description' | 'coreNeeds' | 'keyPoints' | 'actionGuide' | 'responsibleRole' | 'implementationNotes' | 'benchmarks'> & {
  name: string;
  description?: string;
  coreNeeds: string[];
  keyPoints: string[];
  actionGuide: { title: string; detail?: string }[];
  responsibleRole?: string;
  implementationNotes: string[];
  benchmarks: LocalisedBenchmark[];
};
export interface LocalisedStage {
  key: string;
  kind: StageKind;
  displayName: string;
}
export interface LocalisedPurpose {
  key: string;
  name: string;
  description?: string;
  peakMomentKeys: string[];
}
export interface LocalisedBlueprint {
  stages: LocalisedStage[];
  moments: LocalisedMoment[];
  purposes: LocalisedPurpose[];
}

/** The effective blueprint with every text in one language (what a poster or a phone screen shows). */
export function localiseBlueprint(blueprint: EffectiveBlueprint, locale: Locale, fallback: Locale): LocalisedBlueprint {
  const text = (value: TranslatableText) => resolveText(value, locale, fallback);
  return {
    stages: blueprint.stages.map((stage) => ({ key: stage.key, kind: stage.kind, displayName: text(stage.displayName) })),
    moments: blueprint.moments.map((moment) => {
      const { description, responsibleRole, ...rest } = moment;
      return {
        ...rest,
        name: text(moment.name),
        ...(description !== undefined ? { description: text(description) } : {}),
        coreNeeds: moment.coreNeeds.map(text),
        keyPoints: moment.keyPoints.map(text),
        actionGuide: moment.actionGuide.map((step) => ({ title: text(step.title), ...(step.detail !== undefined ? { detail: text(step.detail) } : {}) })),
        ...(responsibleRole !== undefined ? { responsibleRole: text(responsibleRole) } : {}),
        implementationNotes: moment.implementationNotes.map(text),
        benchmarks: moment.benchmarks.map(({ customName, ...benchmark }) => ({
          ...benchmark,
          ...(customName !== undefined ? { customName: text(customName) } : {}),
        })),
      };
    }),
    purposes: blueprint.purposes.map((purpose) => ({
      key: purpose.key,
      name: text(purpose.name),
      ...(purpose.description !== undefined ? { description: text(purpose.description) } : {}),
      peakMomentKeys: purpose.peakMomentKeys,
    })),
  };
}
