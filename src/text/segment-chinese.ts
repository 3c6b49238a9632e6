import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

/*
 * Chinese word segmentation with jieba (Rust, through N-API). Building the segmenter from its
 * dictionary takes about 0.3 s, so it happens on the first Chinese text, not at import; after that
 * a 100-character comment segments in tens of microseconds. The text must be Simplified
 * (see toSimplified): jieba's dictionary is Simplified and cuts Traditional text into characters.
 * HMM guessing of unknown words is off so that words come from the dictionary and the lexicon
 * lookups see stable units.
 */

let jieba: Jieba | undefined;

function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

export function segmentChinese(text: string): string[] {
  return segmenter().cut(text, false);
}

/** The segmenter itself, for keyword extraction (extract-key-phrases.ts). */
export function chineseSegmenter(): Jieba {
  return segmenter();
}
