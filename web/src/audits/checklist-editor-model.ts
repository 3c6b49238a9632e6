/**
 * Pure edits of a checklist draft for the editor page: every function returns a new definition (the
 * page compares by identity to know whether anything changed), never mutates its input.
 */

/*
 * The draft's shapes, the same as audits-api.ts's (TypeScript compares them structurally). Written out
 * here so this module imports nothing and its unit test runs under the server's typecheck too.
 */
type Locale = 'en' | 'zh-CN' | 'zh-TW' | 'ru' | 'hu';
type TranslatableText = Partial<Record<Locale, string>>;
interface ChecklistItemInput {
  key: string;
  text: TranslatableText;
  guidance?: TranslatableText;
  type: 'yes_no' | 'score';
  maxScore?: number;
  passScore?: number;
  allowNa?: boolean;
  weight?: number;
  critical?: boolean;
  evidenceOnFailure?: 'none' | 'note' | 'photo' | 'photo_or_note' | 'photo_and_note';
}
interface ChecklistDefinitionInput {
  journeyKey: string;
  passPercent?: number;
  actionDueDays?: number;
  criticalActionDueDays?: number;
  sections: { momentKey: string; title?: TranslatableText; items: ChecklistItemInput[] }[];
}

export const LOCALES: readonly Locale[] = ['en', 'zh-CN', 'zh-TW', 'ru', 'hu'];
const KEY_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;
export const KEY_MAX_LENGTH = 64;

export function isValidKey(key: string): boolean {
  return key.length <= KEY_MAX_LENGTH && KEY_PATTERN.test(key);
}

/** A key from a text ("Walk the customer out" → "walk-the-customer-out"); empty for texts without Latin letters or digits. */
export function slugOf(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/g, '');
}

export function allItemKeys(definition: ChecklistDefinitionInput): Set<string> {
  return new Set(definition.sections.flatMap((section) => section.items.map((item) => item.key)));
}

/** `base`, or `base-2`, `base-3` … whichever is not taken yet. */
export function uniqueKey(base: string, taken: Set<string>): string {
  const stem = base || 'item';
  if (!taken.has(stem)) return stem;
  for (let n = 2; ; n += 1) if (!taken.has(`${stem}-${n}`)) return `${stem}-${n}`;
}

export function hasText(text: TranslatableText | undefined, locale: Locale): boolean {
  return Boolean(text?.[locale]?.trim());
}

/** Sets one language of a text; an emptied language is dropped, so "missing" stays easy to see. */
export function withLanguage(text: TranslatableText | undefined, locale: Locale, value: string): TranslatableText {
  const next: TranslatableText = { ...(text ?? {}) };
  if (value === '') delete next[locale];
  else next[locale] = value;
  return next;
}

/** Every translatable text the checklist shows: its name and description, section titles, item texts and guidance. */
export function textsOf(name: TranslatableText, description: TranslatableText | null, definition: ChecklistDefinitionInput): TranslatableText[] {
  const texts: TranslatableText[] = [name];
  if (description) texts.push(description);
  for (const section of definition.sections) {
    if (section.title) texts.push(section.title);
    for (const item of section.items) {
      texts.push(item.text);
      if (item.guidance) texts.push(item.guidance);
    }
  }
  return texts;
}

/** Per language, how many texts that have words in some language have none in this one. */
export function missingByLanguage(texts: TranslatableText[]): Record<Locale, number> {
  const counts = Object.fromEntries(LOCALES.map((locale) => [locale, 0])) as Record<Locale, number>;
  for (const text of texts) {
    if (!LOCALES.some((locale) => hasText(text, locale))) continue;
    for (const locale of LOCALES) if (!hasText(text, locale)) counts[locale] += 1;
  }
  return counts;
}

export function newItem(definition: ChecklistDefinitionInput): ChecklistItemInput {
  return { key: uniqueKey('item', allItemKeys(definition)), text: {}, type: 'yes_no', allowNa: true, weight: 1, critical: false, evidenceOnFailure: 'photo_or_note' };
}

export function addSection(definition: ChecklistDefinitionInput, momentKey: string): ChecklistDefinitionInput {
  return { ...definition, sections: [...definition.sections, { momentKey, items: [newItem(definition)] }] };
}

export function removeSection(definition: ChecklistDefinitionInput, sectionIndex: number): ChecklistDefinitionInput {
  return { ...definition, sections: definition.sections.filter((_, index) => index !== sectionIndex) };
}

function swap<T>(list: readonly T[], index: number, other: number): T[] {
  const next = [...list];
  [next[index], next[other]] = [next[other]!, next[index]!];
  return next;
}

export function moveSection(definition: ChecklistDefinitionInput, sectionIndex: number, delta: -1 | 1): ChecklistDefinitionInput {
  const target = sectionIndex + delta;
  if (target < 0 || target >= definition.sections.length) return definition;
  return { ...definition, sections: swap(definition.sections, sectionIndex, target) };
}

export function addItem(definition: ChecklistDefinitionInput, sectionIndex: number): ChecklistDefinitionInput {
  const item = newItem(definition);
  return {
    ...definition,
    sections: definition.sections.map((section, index) => (index === sectionIndex ? { ...section, items: [...section.items, item] } : section)),
  };
}

export function updateItem(definition: ChecklistDefinitionInput, sectionIndex: number, itemIndex: number, item: ChecklistItemInput): ChecklistDefinitionInput {
  return {
    ...definition,
    sections: definition.sections.map((section, index) =>
      index === sectionIndex ? { ...section, items: section.items.map((current, at) => (at === itemIndex ? item : current)) } : section,
    ),
  };
}

export function removeItem(definition: ChecklistDefinitionInput, sectionIndex: number, itemIndex: number): ChecklistDefinitionInput {
  return {
    ...definition,
    sections: definition.sections.map((section, index) => (index === sectionIndex ? { ...section, items: section.items.filter((_, at) => at !== itemIndex) } : section)),
  };
}

export function moveItem(definition: ChecklistDefinitionInput, sectionIndex: number, itemIndex: number, delta: -1 | 1): ChecklistDefinitionInput {
  const section = definition.sections[sectionIndex];
  const target = itemIndex + delta;
  if (!section || target < 0 || target >= section.items.length) return definition;
  return {
    ...definition,
    sections: definition.sections.map((current, index) => (index === sectionIndex ? { ...current, items: swap(current.items, itemIndex, target) } : current)),
  };
}

/** Moves an item to the end of another moment's section, creating that section when the checklist has none for it yet. */
export function moveItemToMoment(definition: ChecklistDefinitionInput, sectionIndex: number, itemIndex: number, momentKey: string): ChecklistDefinitionInput {
  const item = definition.sections[sectionIndex]?.items[itemIndex];
  if (!item || definition.sections[sectionIndex]!.momentKey === momentKey) return definition;
  const without = removeItem(definition, sectionIndex, itemIndex);
  const existing = without.sections.findIndex((section) => section.momentKey === momentKey);
  if (existing === -1) return { ...without, sections: [...without.sections, { momentKey, items: [item] }] };
  return {
    ...without,
    sections: without.sections.map((section, index) => (index === existing ? { ...section, items: [...section.items, item] } : section)),
  };
}

/** Switching between yes/no and a score keeps the item valid: a score needs its maximum, yes/no has none. */
export function withType(item: ChecklistItemInput, type: ChecklistItemInput['type']): ChecklistItemInput {
  if (type === item.type) return item;
  const next: ChecklistItemInput = { ...item, type };
  if (type === 'score') next.maxScore = item.maxScore ?? 4;
  else {
    delete next.maxScore;
    delete next.passScore;
  }
  return next;
}
