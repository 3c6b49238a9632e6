import { stemRussian } from './stem-russian.ts';

/*
 * A table of single-word terms with the matching rules shared by the lexicons and the theme
 * dictionaries:
 *  - "stem*" matches every word that begins with the stem; the longest matching stem wins;
 *  - other entries match the word as written and, for Russian, any word with the same Snowball stem.
 * Keys and looked-up words are normalised the same way (lower case, ё → е, ’ → ').
 */

export type TermLanguage = 'en' | 'zh' | 'ru' | 'hu';

const MIN_PREFIX = 2;

export function normalizeTerm(s: string): string {
  return s.toLowerCase().replace(/ё/g, 'е').replace(/’/g, "'").trim();
}

export class TermTable<V> {
  private readonly exact = new Map<string, V>();
  private readonly prefixes = new Map<string, V>();
  private readonly stems = new Map<string, V>();
  private maxPrefixLength = 0;

  constructor(
    private readonly lang: TermLanguage,
    /** When two entries meet at one Russian stem, which one to keep. */
    private readonly prefer: (a: V, b: V) => V = (a) => a,
  ) {}

  /** Adds one single-word term (a key with spaces is the caller's business). */
  add(rawKey: string, value: V): void {
    const key = normalizeTerm(rawKey);
    if (key.endsWith('*') && key.length > 1) {
      const stem = key.slice(0, -1);
      this.prefixes.set(stem, value);
      this.maxPrefixLength = Math.max(this.maxPrefixLength, stem.length);
      return;
    }
    this.exact.set(key, value);
    if (this.lang === 'ru') {
      const stem = stemRussian(key);
      const known = this.stems.get(stem);
      this.stems.set(stem, known === undefined ? value : this.prefer(known, value));
    }
  }

  /** The entry for exactly this word (no morphology). */
  exactly(norm: string): V | undefined {
    return this.exact.get(norm);
  }

  /** The entry for a normalised word: as written, then by Russian stem, then by longest stem*. */
  get(norm: string): V | undefined {
    const exact = this.exact.get(norm);
    if (exact !== undefined) return exact;
    if (this.lang === 'ru' && this.stems.size > 0) {
      const stemmed = this.stems.get(stemRussian(norm));
      if (stemmed !== undefined) return stemmed;
    }
    for (let n = Math.min(norm.length, this.maxPrefixLength); n >= MIN_PREFIX; n--) {
      const v = this.prefixes.get(norm.slice(0, n));
      if (v !== undefined) return v;
    }
    return undefined;
  }

  get size(): number {
    return this.exact.size + this.prefixes.size;
  }
}
