import { analyzeTokens, labelOf, type SentimentLabel, squash } from './analyze-sentiment.ts';
import { hasTraditionalCharacters, toSimplified } from './chinese-script.ts';
import type { DetectedLanguage, LanguageOption } from './detect-language.ts';
import { extractKeyPhrases } from './extract-key-phrases.ts';
import { packLanguage, type PackLanguage } from './language-pack.ts';
import defaultThemes from './lexicons/themes.json' with { type: 'json' };
import { normalizeTerm, TermTable } from './term-table.ts';
import type { Token } from './tokenize.ts';

/*
 * Themes: which topics of a moment of truth a comment talks about (waiting time, staff attitude,
 * price…), found through per-language term lists, each with the sentiment of the clauses that
 * mention it — "房间很干净，服务态度差" is positive about cleanliness and negative about staff.
 * The dictionaries are data: callers may replace or extend them (createThemeExtractor).
 *
 * Term syntax (the same in every language): "stem*" matches words that begin with the stem; other
 * terms match the word as written (Russian: any word with the same Snowball stem); a term of several
 * words ("front desk", "личный кабинет") matches them in a row. Chinese terms are matched inside
 * jieba's words and across adjacent ones (Traditional terms are converted to Simplified).
 */

export type ThemeLanguage = PackLanguage;

export interface ThemeDefinition {
  /** Display names, by UI language (en, zh-CN, zh-TW, ru, hu). */
  readonly labels?: Readonly<Record<string, string>>;
  readonly terms: Readonly<Partial<Record<ThemeLanguage, readonly string[]>>>;
}

export type ThemeDictionaries = Readonly<Record<string, ThemeDefinition>>;

export interface ThemeMention {
  readonly theme: string;
  /** The words of the text that matched, as written, without repeats. */
  readonly matches: readonly string[];
  readonly sentiment: { readonly score: number; readonly label: SentimentLabel };
}

export interface ThemeResult {
  readonly lang: DetectedLanguage;
  /** Themes in order of first mention. */
  readonly themes: readonly ThemeMention[];
  readonly keyPhrases: readonly string[];
}

export interface ThemeOptions {
  readonly lang?: LanguageOption;
}

/** The dictionaries Keymoment ships: twelve themes in four lexicon languages. */
export const DEFAULT_THEMES: ThemeDictionaries = defaultThemes.themes as ThemeDictionaries;

interface MultiWordTerm {
  readonly theme: string;
  readonly words: readonly string[];
}

interface CompiledLanguage {
  readonly single: TermTable<string[]>;
  readonly multi: readonly MultiWordTerm[];
  /** Chinese: term → themes, matched as substrings of words. */
  readonly chinese: ReadonlyMap<string, string[]>;
  readonly longestChinese: number;
}

const wordMatches = (pattern: string, norm: string) => (pattern.endsWith('*') ? norm.startsWith(pattern.slice(0, -1)) : pattern === norm);

function compile(dictionaries: ThemeDictionaries, lang: ThemeLanguage): CompiledLanguage {
  const single = new TermTable<string[]>(lang, (a, b) => [...new Set([...a, ...b])]);
  const multi: MultiWordTerm[] = [];
  const chinese = new Map<string, string[]>();
  for (const [theme, definition] of Object.entries(dictionaries)) {
    for (const raw of definition.terms[lang] ?? []) {
      if (lang === 'zh') {
        const term = hasTraditionalCharacters(raw) ? toSimplified(raw.trim()) : raw.trim().toLowerCase();
        if (term) chinese.set(term, [...new Set([...(chinese.get(term) ?? []), theme])]);
        continue;
      }
      const words = normalizeTerm(raw).split(/[\s\-_]+/).filter(Boolean);
      if (words.length > 1) multi.push({ theme, words });
      else if (words.length === 1) {
        const existing = single.exactly(words[0]!.replace(/\*$/, '')) ?? [];
        single.add(words[0]!, [...new Set([...existing, theme])]);
      }
    }
  }
  return { single, multi, chinese, longestChinese: Math.max(0, ...[...chinese.keys()].map((k) => k.length)) };
}

function findMentions(tokens: readonly Token[], compiled: CompiledLanguage, lang: ThemeLanguage): Array<{ theme: string; index: number; text: string }> {
  const found: Array<{ theme: string; index: number; text: string }> = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'word') continue;
    if (lang === 'zh') {
      const seen = new Set<string>();
      // Substrings of the word, and of the word joined with the next ones (jieba may split a term).
      let span = t.norm;
      for (let k = 1; k < 3 && tokens[i + k]?.kind === 'word'; k++) span += tokens[i + k]!.norm;
      for (let start = 0; start < t.norm.length; start++) {
        for (let len = 1; len <= compiled.longestChinese && start + len <= span.length; len++) {
          const piece = span.slice(start, start + len);
          if (len === 1 && t.norm.length > 1) continue; // a one-character term must be the whole word
          for (const theme of compiled.chinese.get(piece) ?? []) {
            if (!seen.has(theme)) found.push({ theme, index: i, text: piece });
            seen.add(theme);
          }
        }
      }
      continue;
    }
    for (const theme of compiled.single.get(t.norm) ?? []) found.push({ theme, index: i, text: t.text });
    for (const { theme, words } of compiled.multi) {
      if (!wordMatches(words[0]!, t.norm)) continue;
      let ok = true;
      for (let k = 1; k < words.length && ok; k++) ok = tokens[i + k]?.kind === 'word' && wordMatches(words[k]!, tokens[i + k]!.norm);
      if (ok) found.push({ theme, index: i, text: tokens.slice(i, i + words.length).map((x) => x.text).join(' ') });
    }
  }
  return found;
}

export type ThemeExtractor = (text: string, options?: ThemeOptions) => ThemeResult;

/**
 * Builds an extractor for the given dictionaries. With `{ extend: true }` they are added to the
 * default ones (a custom theme of the same name replaces the default theme).
 */
export function createThemeExtractor(dictionaries: ThemeDictionaries, options: { extend?: boolean } = {}): ThemeExtractor {
  const all: ThemeDictionaries = options.extend ? { ...DEFAULT_THEMES, ...dictionaries } : dictionaries;
  const compiled = new Map<ThemeLanguage, CompiledLanguage>();
  return (text, { lang } = {}) => {
    const analysis = analyzeTokens(text, { lang });
    const pack = packLanguage(analysis.lang);
    if (!pack) return { lang: analysis.lang, themes: [], keyPhrases: [] };
    let table = compiled.get(pack);
    if (!table) {
      table = compile(all, pack);
      compiled.set(pack, table);
    }
    const { tokens, contributions, clauses } = analysis;
    const byTheme = new Map<string, { matches: Set<string>; clauses: Set<number> }>();
    for (const { theme, index, text: matched } of findMentions(tokens, table, pack)) {
      const entry = byTheme.get(theme) ?? { matches: new Set<string>(), clauses: new Set<number>() };
      entry.matches.add(matched);
      entry.clauses.add(clauses[index]!);
      byTheme.set(theme, entry);
    }
    const themes = [...byTheme.entries()].map(([theme, { matches, clauses: where }]): ThemeMention => {
      let total = 0;
      for (let k = 0; k < tokens.length; k++) if (where.has(clauses[k]!)) total += contributions[k]!;
      const score = squash(total);
      return { theme, matches: [...matches], sentiment: { score, label: labelOf(score) } };
    });
    const simplified = pack === 'zh' && hasTraditionalCharacters(text) ? toSimplified(text) : text;
    return { lang: analysis.lang, themes, keyPhrases: extractKeyPhrases(simplified, tokens, pack) };
  };
}

const defaultExtractor = createThemeExtractor(DEFAULT_THEMES);
const customExtractors = new WeakMap<ThemeDictionaries, ThemeExtractor>();

/**
 * Themes and key phrases of one text. Pass `dictionaries` to use your own theme dictionaries
 * instead of DEFAULT_THEMES (compiled once per dictionaries object).
 */
export function extractThemes(text: string, options: ThemeOptions & { dictionaries?: ThemeDictionaries } = {}): ThemeResult {
  const { dictionaries, ...rest } = options;
  if (!dictionaries) return defaultExtractor(text, rest);
  let extractor = customExtractors.get(dictionaries);
  if (!extractor) {
    extractor = createThemeExtractor(dictionaries);
    customExtractors.set(dictionaries, extractor);
  }
  return extractor(text, rest);
}
