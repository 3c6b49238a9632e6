/**
 * Pure editing rules of the blueprint editor: every edit takes a blueprint and returns a new one,
 * so the undo history is simply the list of previous blueprints.
 */
import { LANGUAGES, type Language } from '../i18n';
import { KEY_PATTERN, type Blueprint, type Moment, type Stage, type TranslatableText, type VisitPurpose } from './journeys-api';

/**
 * The text to show in `language`: that language, else the other Chinese script, else the fallback
 * language, else any filled one (the server's resolveText, for display only).
 */
export function textIn(text: TranslatableText | undefined, language: Language, fallback: Language): string {
  if (!text) return '';
  const sibling: Language | undefined = language === 'zh-CN' ? 'zh-TW' : language === 'zh-TW' ? 'zh-CN' : undefined;
  for (const candidate of [language, sibling, fallback, ...LANGUAGES]) {
    const value = candidate ? text[candidate] : undefined;
    if (value !== undefined && value.trim() !== '') return value;
  }
  return '';
}

export function isFilled(text: TranslatableText | undefined, language: Language): boolean {
  return (text?.[language] ?? '').trim() !== '';
}

/** A text with one language set (an emptied language is removed, not kept as ""). */
export function withLanguage(text: TranslatableText | undefined, language: Language, value: string): TranslatableText {
  const next: TranslatableText = { ...(text ?? {}) };
  if (value === '') delete next[language];
  else next[language] = value;
  return next;
}

/** Moments of one stage, in order. */
export function momentsOf(blueprint: Blueprint, stageKey: string): Moment[] {
  return blueprint.moments.filter((moment) => moment.stageKey === stageKey);
}

/** Keeps the moments grouped by stage in stage order, as the server stores them. */
function regroup(stages: Stage[], moments: Moment[]): Moment[] {
  return stages.flatMap((stage) => moments.filter((moment) => moment.stageKey === stage.key)).concat(
    moments.filter((moment) => !stages.some((stage) => stage.key === moment.stageKey)),
  );
}

interface Placed {
  key: string;
  stageKey: string;
}

/**
 * Moves item `key` to `index` within stage `stageKey` (index among that stage's other items), keeping
 * the items grouped by stage in stage order. Works for a draft's moments and for a location's
 * effective list alike.
 */
export function moveWithin<T extends Placed>(items: T[], stageOrder: string[], key: string, stageKey: string, index: number): T[] {
  const item = items.find((candidate) => candidate.key === key);
  if (!item) return items;
  const others = items.filter((candidate) => candidate.key !== key);
  const moved = { ...item, stageKey };
  const target = others.filter((candidate) => candidate.stageKey === stageKey);
  const clamped = Math.max(0, Math.min(index, target.length));
  const known = new Set(stageOrder);
  const grouped = stageOrder.flatMap((stage) => {
    const list = others.filter((candidate) => candidate.stageKey === stage);
    if (stage === stageKey) list.splice(clamped, 0, moved);
    return list;
  });
  return [...grouped, ...others.filter((candidate) => !known.has(candidate.stageKey))];
}

/** Where an item is: its stage's index, and its index and the item count within the stage. */
export function positionWithin(items: Placed[], stageOrder: string[], key: string): { stageIndex: number; index: number; count: number } | undefined {
  const item = items.find((candidate) => candidate.key === key);
  if (!item) return undefined;
  const list = items.filter((candidate) => candidate.stageKey === item.stageKey);
  return { stageIndex: stageOrder.indexOf(item.stageKey), index: list.findIndex((candidate) => candidate.key === key), count: list.length };
}

export type Direction = 'up' | 'down' | 'left' | 'right';

/** The keyboard move: up/down within the stage, left/right to the neighbouring stage (same height). */
export function nudgeWithin<T extends Placed>(items: T[], stageOrder: string[], key: string, direction: Direction): T[] | undefined {
  const position = positionWithin(items, stageOrder, key);
  if (!position || position.stageIndex === -1) return undefined;
  const { stageIndex, index, count } = position;
  if (direction === 'up' || direction === 'down') {
    const next = direction === 'up' ? index - 1 : index + 1;
    if (next < 0 || next >= count) return undefined;
    return moveWithin(items, stageOrder, key, stageOrder[stageIndex]!, next);
  }
  const targetStage = stageOrder[direction === 'left' ? stageIndex - 1 : stageIndex + 1];
  if (targetStage === undefined) return undefined;
  return moveWithin(items, stageOrder, key, targetStage, index);
}

const stageOrderOf = (blueprint: Blueprint) => blueprint.stages.map((stage) => stage.key);

/** Moves a moment to `index` within stage `stageKey` (index among that stage's other moments). */
export function moveMoment(blueprint: Blueprint, momentKey: string, stageKey: string, index: number): Blueprint {
  if (!blueprint.moments.some((moment) => moment.key === momentKey)) return blueprint;
  return { ...blueprint, moments: moveWithin(blueprint.moments, stageOrderOf(blueprint), momentKey, stageKey, index) };
}

/** Where a moment is: its stage's index, and its index within the stage. */
export function positionOf(blueprint: Blueprint, momentKey: string): { stageIndex: number; index: number; count: number } | undefined {
  return positionWithin(blueprint.moments, stageOrderOf(blueprint), momentKey);
}

/** The keyboard move of a draft's moment. */
export function nudgeMoment(blueprint: Blueprint, momentKey: string, direction: Direction): Blueprint | undefined {
  const moments = nudgeWithin(blueprint.moments, stageOrderOf(blueprint), momentKey, direction);
  return moments && { ...blueprint, moments };
}

/**
 * A location's own moments anchored to the order shown: `list` is the location's whole blueprint
 * (inherited and own moments) in the order wanted. Each own moment goes right after the moment
 * before it in its stage (none: first of the stage), and the own moments are listed in journey
 * order, so every anchor is placed before a moment names it (the server applies them in order).
 */
export function anchorAddedMoments<M extends Placed & { after?: string }>(list: Placed[], added: M[]): M[] {
  const own = new Map(added.map((moment) => [moment.key, moment] as const));
  const anchored: M[] = [];
  list.forEach((item, i) => {
    const moment = own.get(item.key);
    if (!moment) return;
    const { after: _after, ...rest } = moment;
    const previous = list[i - 1];
    anchored.push({ ...rest, stageKey: item.stageKey, ...(previous && previous.stageKey === item.stageKey ? { after: previous.key } : {}) } as M);
  });
  return anchored;
}

export function updateMoment(blueprint: Blueprint, momentKey: string, change: (moment: Moment) => Moment): Blueprint {
  return { ...blueprint, moments: blueprint.moments.map((moment) => (moment.key === momentKey ? change(moment) : moment)) };
}

/** Renames a moment's key everywhere it is referred to (only for moments never published). */
export function rekeyMoment(blueprint: Blueprint, from: string, to: string): Blueprint {
  return {
    ...blueprint,
    moments: blueprint.moments.map((moment) => (moment.key === from ? { ...moment, key: to } : moment)),
    purposes: blueprint.purposes.map((purpose) => ({ ...purpose, peakMomentKeys: purpose.peakMomentKeys.map((key) => (key === from ? to : key)) })),
  };
}

export function removeMoment(blueprint: Blueprint, momentKey: string): Blueprint {
  return {
    ...blueprint,
    moments: blueprint.moments.filter((moment) => moment.key !== momentKey),
    purposes: blueprint.purposes.map((purpose) => ({ ...purpose, peakMomentKeys: purpose.peakMomentKeys.filter((key) => key !== momentKey) })),
  };
}

/** A key like `moment-3` that is not used yet. */
export function freshKey(prefix: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const base = slugify(prefix) || 'moment';
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** A key from a name written in Latin letters; empty for other scripts. */
export function slugify(value: string): string {
  const slug = value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
  return KEY_PATTERN.test(slug) ? slug : '';
}

export function newMoment(blueprint: Blueprint, stageKey: string, name: TranslatableText): Moment {
  const english = name.en ?? Object.values(name).find(Boolean) ?? '';
  return {
    key: freshKey(slugify(english) || 'moment', blueprint.moments.map((moment) => moment.key)),
    name,
    stageKey,
    channels: [],
    flags: [],
    coreNeeds: [],
    keyPoints: [],
    actionGuide: [],
    implementationNotes: [],
    benchmarks: [],
  };
}

export function addMoment(blueprint: Blueprint, moment: Moment): Blueprint {
  return { ...blueprint, moments: regroup(blueprint.stages, [...blueprint.moments, moment]) };
}

export function addStage(blueprint: Blueprint, stage: Stage, index = blueprint.stages.length): Blueprint {
  const stages = [...blueprint.stages];
  stages.splice(index, 0, stage);
  return { ...blueprint, stages, moments: regroup(stages, blueprint.moments) };
}

export function updateStage(blueprint: Blueprint, stageKey: string, stage: Stage): Blueprint {
  const stages = blueprint.stages.map((candidate) => (candidate.key === stageKey ? stage : candidate));
  const moments = stage.key === stageKey ? blueprint.moments : blueprint.moments.map((moment) => (moment.stageKey === stageKey ? { ...moment, stageKey: stage.key } : moment));
  return { ...blueprint, stages, moments: regroup(stages, moments) };
}

export function moveStage(blueprint: Blueprint, stageKey: string, delta: -1 | 1): Blueprint | undefined {
  const index = blueprint.stages.findIndex((stage) => stage.key === stageKey);
  const target = index + delta;
  if (index === -1 || target < 0 || target >= blueprint.stages.length) return undefined;
  const stages = [...blueprint.stages];
  [stages[index], stages[target]] = [stages[target]!, stages[index]!];
  return { ...blueprint, stages, moments: regroup(stages, blueprint.moments) };
}

/** Only an empty stage can go: its moments would have nowhere to be. */
export function removeStage(blueprint: Blueprint, stageKey: string): Blueprint | undefined {
  if (blueprint.moments.some((moment) => moment.stageKey === stageKey)) return undefined;
  return { ...blueprint, stages: blueprint.stages.filter((stage) => stage.key !== stageKey) };
}

/** The moment a problem's path points at (`moments.3.benchmarks.0.value` → the fourth moment's key). */
export function momentOfProblem(blueprint: Blueprint, field: string): string | undefined {
  const match = /^moments\.(\d+)/.exec(field);
  return match ? blueprint.moments[Number(match[1])]?.key : undefined;
}

/** Languages missing in a text that has some language filled. */
export function missingLanguages(text: TranslatableText | undefined): Language[] {
  if (!text || !LANGUAGES.some((language) => isFilled(text, language))) return [];
  return LANGUAGES.filter((language) => !isFilled(text, language));
}

/** Every text of a moment, to count what is still untranslated per language. */
export function textsOfMoment(moment: Moment): TranslatableText[] {
  return [
    moment.name,
    ...(moment.description ? [moment.description] : []),
    ...moment.coreNeeds,
    ...moment.keyPoints,
    ...moment.actionGuide.flatMap((step) => [step.title, ...(step.detail ? [step.detail] : [])]),
    ...(moment.responsibleRole ? [moment.responsibleRole] : []),
    ...moment.implementationNotes,
    ...moment.benchmarks.flatMap((benchmark) => (benchmark.customName ? [benchmark.customName] : [])),
  ];
}

// ---------- visit purposes ----------

/** A visit purpose with a fresh key and a name in the fallback language; no peaks marked yet. */
export function newPurpose(blueprint: Blueprint, name: TranslatableText): VisitPurpose {
  const english = name.en ?? Object.values(name).find(Boolean) ?? '';
  return { key: freshKey(slugify(english) || 'purpose', blueprint.purposes.map((purpose) => purpose.key)), name, peakMomentKeys: [] };
}

export function addPurpose(blueprint: Blueprint, purpose: VisitPurpose): Blueprint {
  return { ...blueprint, purposes: [...blueprint.purposes, purpose] };
}

/** Replaces the purpose stored under `purposeKey` (its key may change while it was never published). */
export function updatePurpose(blueprint: Blueprint, purposeKey: string, purpose: VisitPurpose): Blueprint {
  return { ...blueprint, purposes: blueprint.purposes.map((candidate) => (candidate.key === purposeKey ? purpose : candidate)) };
}

export function removePurpose(blueprint: Blueprint, purposeKey: string): Blueprint {
  return { ...blueprint, purposes: blueprint.purposes.filter((purpose) => purpose.key !== purposeKey) };
}

/** Marks or unmarks a moment as a peak of one visit purpose, keeping the peaks in journey order. */
export function setPurposePeak(blueprint: Blueprint, purposeKey: string, momentKey: string, peak: boolean): Blueprint {
  const order = new Map(blueprint.moments.map((moment, i) => [moment.key, i] as const));
  return {
    ...blueprint,
    purposes: blueprint.purposes.map((purpose) => {
      if (purpose.key !== purposeKey) return purpose;
      const others = purpose.peakMomentKeys.filter((key) => key !== momentKey);
      const keys = peak ? [...others, momentKey] : others;
      return { ...purpose, peakMomentKeys: keys.sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity)) };
    }),
  };
}

/**
 * The flags a card shows through the lens of one visit purpose: the purpose's own peaks replace the
 * journey-wide peak flag; end and key stay as they are.
 */
export function flagsForPurpose(moment: Pick<Moment, 'key' | 'flags'>, purpose: VisitPurpose | undefined): Moment['flags'] {
  if (!purpose) return moment.flags;
  const rest = moment.flags.filter((flag) => flag !== 'peak');
  return purpose.peakMomentKeys.includes(moment.key) ? ['peak', ...rest] : rest;
}

/** The purpose a problem's path points at (`purposes.1.name.en` → the second purpose's key). */
export function purposeOfProblem(blueprint: Blueprint, field: string): string | undefined {
  const match = /^purposes\.(\d+)/.exec(field);
  return match ? blueprint.purposes[Number(match[1])]?.key : undefined;
}

/** Whether a key press goes into a text field (where the browser's own undo stays in charge). */
export function isTyping(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  if (!element) return false;
  return element.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName);
}
