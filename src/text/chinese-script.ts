import { Converter } from 'opencc-js/t2cn';
import stCharacters from 'opencc-js/dict/STCharacters';
import tsCharacters from 'opencc-js/dict/TSCharacters';

/*
 * Simplified vs Traditional Chinese. OpenCC's character tables list every character that changes
 * between the scripts; a character that only one script uses is evidence for that script. Characters
 * that appear on both sides (e.g. 干, which Traditional also writes) count for neither.
 */

function parseTable(table: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const entry of table.split('|')) {
    const [from, ...to] = entry.split(' ');
    if (from) map.set(from, to);
  }
  return map;
}

function onlyChangedKeys(table: Map<string, string[]>): Set<string> {
  const keys = new Set<string>();
  for (const [from, to] of table) if (!to.includes(from)) keys.add(from);
  return keys;
}

const traditionalToSimplified = parseTable(tsCharacters);
const simplifiedToTraditional = parseTable(stCharacters);
const traditionalOnly = onlyChangedKeys(traditionalToSimplified);
const simplifiedOnly = onlyChangedKeys(simplifiedToTraditional);
for (const ch of [...traditionalOnly]) {
  if (simplifiedOnly.has(ch)) {
    traditionalOnly.delete(ch);
    simplifiedOnly.delete(ch);
  }
}
// A Simplified character that is also a Traditional target (e.g. 后 for 後 and itself) is shared.
for (const targets of traditionalToSimplified.values()) for (const t of targets) traditionalOnly.delete(t);
for (const targets of simplifiedToTraditional.values()) for (const t of targets) simplifiedOnly.delete(t);

export interface ScriptEvidence {
  traditional: number;
  simplified: number;
}

/** Counts the characters of `text` that only Traditional or only Simplified Chinese uses. */
export function chineseScriptEvidence(text: string): ScriptEvidence {
  let traditional = 0;
  let simplified = 0;
  for (const ch of text) {
    if (traditionalOnly.has(ch)) traditional++;
    else if (simplifiedOnly.has(ch)) simplified++;
  }
  return { traditional, simplified };
}

/** True when the text holds at least one character that only Traditional Chinese writes. */
export function hasTraditionalCharacters(text: string): boolean {
  for (const ch of text) if (traditionalOnly.has(ch)) return true;
  return false;
}

let twToCn: ((text: string) => string) | undefined;

/**
 * Traditional (Taiwan standard) → Simplified, phrases first, with OpenCC. jieba's dictionary is
 * Simplified: without this it cuts Traditional text into single characters.
 */
export function toSimplified(text: string): string {
  const convert = (twToCn ??= Converter({ from: 'tw', to: 'cn' }));
  return convert(text);
}
