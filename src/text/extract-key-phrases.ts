import { TfIdf } from '@node-rs/jieba';
import { idf } from '@node-rs/jieba/dict.js';
import stopwordLists from './lexicons/stopwords.json' with { type: 'json' };
import type { PackLanguage } from './language-pack.ts';
import { chineseSegmenter } from './segment-chinese.ts';
import type { Token } from './tokenize.ts';

/*
 * Key phrases: the few words or short word groups that say what a comment is about.
 *  - Chinese: jieba's TF-IDF keywords (its own IDF table), without function words;
 *  - other languages: RAKE (Rose et al. 2010): candidate phrases are the runs of words between
 *    stop words and punctuation (at most three words), each word scores degree / frequency, a
 *    phrase the sum of its words. Words of three letters or fewer never stand alone.
 */

const MAX_WORDS = 3;
const STOPWORDS: Record<string, ReadonlySet<string>> = {
  en: new Set(stopwordLists.en),
  ru: new Set(stopwordLists.ru),
  hu: new Set(stopwordLists.hu),
  zh: new Set(stopwordLists.zh),
};

let tfidf: TfIdf | undefined;

function chineseKeywords(text: string, limit: number): string[] {
  tfidf ??= TfIdf.withDict(idf);
  const stop = STOPWORDS.zh!;
  return tfidf
    .extractKeywords(chineseSegmenter(), text, limit * 3)
    .map((k) => k.keyword)
    .filter((k) => k.length >= 2 && !stop.has(k) && !/^[\p{N}\p{P}\s]+$/u.test(k))
    .slice(0, limit);
}

function rake(tokens: readonly Token[], stop: ReadonlySet<string>, limit: number): string[] {
  const phrases: string[][] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length > 0) phrases.push(current);
    current = [];
  };
  for (const t of tokens) {
    if (t.kind !== 'word' || stop.has(t.norm) || t.norm.length < 2) flush();
    else {
      current.push(t.norm);
      if (current.length === MAX_WORDS) flush();
    }
  }
  flush();
  const frequency = new Map<string, number>();
  const degree = new Map<string, number>();
  for (const p of phrases) {
    for (const w of p) {
      frequency.set(w, (frequency.get(w) ?? 0) + 1);
      degree.set(w, (degree.get(w) ?? 0) + p.length);
    }
  }
  const scored = new Map<string, number>();
  for (const p of phrases) {
    if (p.length === 1 && p[0]!.length <= 3) continue;
    const phrase = p.join(' ');
    const score = p.reduce((sum, w) => sum + degree.get(w)! / frequency.get(w)!, 0);
    scored.set(phrase, Math.max(scored.get(phrase) ?? 0, score));
  }
  return [...scored.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([phrase]) => phrase);
}

/**
 * Key phrases of a text already tokenised for `lang` (for Chinese, `text` must be the Simplified
 * text the tokens came from).
 */
export function extractKeyPhrases(text: string, tokens: readonly Token[], lang: PackLanguage | undefined, limit = 5): string[] {
  if (!lang) return [];
  if (lang === 'zh') return chineseKeywords(text, limit);
  return rake(tokens, STOPWORDS[lang]!, limit);
}
