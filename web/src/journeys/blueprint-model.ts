/**
 * Pure editing rules of the blueprint editor: every edit takes a blueprint and returns a new one,
 * so the undo history is simply the list of previous blueprints.
 */
import { LANGUAGES, type Language } from '../i18n';
import { KEY_PATTERN, type Blueprint, type Moment, type Stage, type TranslatableText } from './journeys-api';

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

/** Moves a moment to `index` within stage `stageKey` (index among that stage's other moments). */
export function moveMoment(blueprint: Blueprint, momentKey: string, stageKey: string, index: number): Blueprint {
  const moment = blueprint.moments.find((candidate) => candidate.key === momentKey);
  if (!moment) return blueprint;
  const others = blueprint.moments.filter((candidate) => candidate.key !== momentKey);
  const moved = { ...moment, stageKey };
  const target = others.filter((candidate) => candidate.stageKey === stageKey);
  const clamped = Math.max(0, Math.min(index, target.length));
  const known = new Set(blueprint.stages.map((stage) => stage.key));
  const moments = blueprint.stages.flatMap((stage) => {
    const list = others.filter((candidate) => candidate.stageKey === stage.key);
    if (stage.key === stageKey) list.splice(clamped, 0, moved);
    return list;
  });
  return { ...blueprint, moments: [...moments, ...others.filter((candidate) => !known.has(candidate.stageKey))] };
}

/** Where a moment is: its stage's index, and its index within the stage. */
export function positionOf(blueprint: Blueprint, momentKey: string): { stageIndex: number; index: number; count: number } | undefined {
  const moment = blueprint.moments.find((candidate) => candidate.key === momentKey);
  if (!moment) return undefined;
  const stageIndex = blueprint.stages.findIndex((stage) => stage.key === moment.stageKey);
  const list = momentsOf(blueprint, moment.stageKey);
  return { stageIndex, index: list.findIndex((candidate) => candidate.key === momentKey), count: list.length };
}

export type Direction = 'up' | 'down' | 'left' | 'right';

/** The keyboard move: up/down within the stage, left/right to the neighbouring stage (same height). */
export function nudgeMoment(blueprint: Blueprint, momentKey: string, direction: Direction): Blueprint | undefined {
  const position = positionOf(blueprint, momentKey);
  if (!position || position.stageIndex === -1) return undefined;
  const { stageIndex, index, count } = position;
  if (direction === 'up' || direction === 'down') {
    const next = direction === 'up' ? index - 1 : index + 1;
    if (next < 0 || next >= count) return undefined;
    return moveMoment(blueprint, momentKey, blueprint.stages[stageIndex]!.key, next);
  }
  const targetStage = blueprint.stages[direction === 'left' ? stageIndex - 1 : stageIndex + 1];
  if (!targetStage) return undefined;
  return moveMoment(blueprint, momentKey, targetStage.key, index);
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
