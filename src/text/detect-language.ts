import { chineseScriptEvidence } from './chinese-script.ts';

/** The languages Keymoment analyses; everything else is reported as `other`. */
export const LANGUAGES = ['en', 'zh-CN', 'zh-TW', 'ru', 'hu'] as const;
export type Language = (typeof LANGUAGES)[number];
export type DetectedLanguage = Language | 'other';
/** What a caller may pass as `lang`: a language, `zh` (script decided from the text), or `other`. */
export type LanguageOption = Language | 'zh' | 'other';

/*
 * Detection by cues a reader would use, in this order:
 *  1. script: Han → Chinese (kana or hangul beside it → other), Cyrillic → Russian unless letters only
 *     Ukrainian/Belarusian/Serbian/Macedonian use are there, Latin → step 2, anything else → other;
 *  2. Latin: ő and ű exist only in Hungarian; the other accented letters and the most frequent
 *     function words of English, Hungarian and a few neighbours (de, fr, es, it, pt, nl, pl, cs)
 *     weigh the choice; plain ASCII with no cue at all is taken for English, the usual case of
 *     short comments such as "Great service".
 *  3. Chinese: Traditional vs Simplified by the characters only one of the scripts writes (OpenCC).
 * Words shared by English and Hungarian ("a", "is", "be") and "de" count for nobody.
 */

const EN_WORDS = new Set(
  ('the and of to in was were it for with this that not very but have had has are you we they my our on at ' +
    'would will there from all so just no they them their our your an as by or if when what which who ' +
    'been did do does didn\'t don\'t wasn\'t it\'s i\'m i me us he she his her than then too also about ' +
    'after before because could should really great good bad service staff room hotel').split(' '),
);
const HU_WORDS = new Set(
  ('az és hogy nem egy van volt meg csak már még ez azt ezt mint vagy nagyon el ki fel le sem mert ha lesz ' +
    'kell nincs minden után között szerint pedig így úgy amely ami aki amit mit ott itt akkor most lett ' +
    'nekem neki nagy jó rossz egyik is-e vagyok voltam voltunk volna lenne lehet kellett sok sokat ' +
    'szoba személyzet kiszolgálás ügyintézés köszönöm').split(' '),
);
const OTHER_LATIN_WORDS = new Set(
  (// de
    'der die das und ist nicht ein eine mit zu von für auf dem den sich auch war sehr aber ' +
    // fr
    'le la les et est une pas des du pour dans avec très mais je il elle nous vous qui que ' +
    // es, pt
    'el los las y es un una por con para muy pero que no se lo al del como está fue são não uma com muito ' +
    // it
    'il di che è per non con una sono gli della molto ma ' +
    // nl
    'het een en van ik niet op te zijn er maar ook dat heel ' +
    // pl, cs
    'się nie jest na że to jak ale bardzo był było jsem není je se na že ale velmi').split(' '),
);
for (const w of OTHER_LATIN_WORDS) {
  if (EN_WORDS.has(w) || HU_WORDS.has(w)) OTHER_LATIN_WORDS.delete(w);
}

const HU_ONLY_LETTERS = /[őű]/gu;
const HU_SHARED_LETTERS = /[áéíóöúü]/gu;
/** Latin letters that neither English nor Hungarian writes. */
const OTHER_LATIN_LETTERS = /[àâãäåæçèêëìîïñòôõøùûýÿßœłśźżćńęąčřšžěůťďňğşıșțăđ]/gu;
const NON_RUSSIAN_CYRILLIC = /[іїєґўђјљњћџѓќѕ]/u;
const WORD = /[\p{L}\p{M}'’]+/gu;

function countMatches(text: string, pattern: RegExp): number {
  let n = 0;
  pattern.lastIndex = 0;
  while (pattern.exec(text)) n++;
  return n;
}

/** Links, @mentions and e-mail addresses say nothing about the language a comment is written in. */
const NOT_LANGUAGE = /(?:https?:\/\/|www\.)\S+|\S+@\S+\.\S+|@[\p{L}\p{N}_]+/gu;

export function detectLanguage(input: string): DetectedLanguage {
  const text = input.includes('@') || input.includes('http') || input.includes('www.') ? input.replace(NOT_LANGUAGE, ' ') : input;
  let han = 0;
  let kanaOrHangul = 0;
  let cyrillic = 0;
  let latin = 0;
  let otherLetters = 0;
  let nonAscii = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) {
      if ((cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a)) latin++;
      continue;
    }
    // Code-point ranges rather than Unicode-property regexes: this runs once per character.
    if ((cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x2ffff)) han++;
    else if ((cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0xac00 && cp <= 0xd7af) || (cp >= 0x1100 && cp <= 0x11ff)) kanaOrHangul++;
    else if (cp >= 0x0400 && cp <= 0x04ff) cyrillic++;
    else if ((cp >= 0xc0 && cp <= 0x24f && cp !== 0xd7 && cp !== 0xf7) || (cp >= 0x1e00 && cp <= 0x1eff)) {
      latin++;
      nonAscii++;
    } else if (cp >= 0x370 && /\p{L}/u.test(ch)) otherLetters++;
  }
  // One Han character carries about a word: weigh it against several letters of the other scripts.
  const hanWeight = han * 3;
  const best = Math.max(hanWeight, kanaOrHangul * 2, cyrillic, latin, otherLetters);
  if (best === 0) return 'other';
  if (kanaOrHangul > 0 && kanaOrHangul * 2 >= best * 0.2) return 'other';
  if (hanWeight === best) {
    const { traditional, simplified } = chineseScriptEvidence(text);
    return traditional > simplified ? 'zh-TW' : 'zh-CN';
  }
  if (cyrillic === best) return NON_RUSSIAN_CYRILLIC.test(text) ? 'other' : 'ru';
  if (latin === best) return detectLatin(text, nonAscii);
  return 'other';
}

function detectLatin(text: string, nonAscii: number): DetectedLanguage {
  const lower = text.toLowerCase();
  let en = 0;
  let hu = 0;
  let other = 0;
  for (const [w] of lower.matchAll(WORD)) {
    const word = w.replace(/’/g, "'");
    if (EN_WORDS.has(word)) en++;
    else if (HU_WORDS.has(word)) hu++;
    else if (OTHER_LATIN_WORDS.has(word)) other++;
  }
  hu += countMatches(lower, HU_ONLY_LETTERS) * 3 + countMatches(lower, HU_SHARED_LETTERS) * 0.5;
  other += countMatches(lower, OTHER_LATIN_LETTERS) * 1.5;
  if (hu > en && hu > other) return 'hu';
  if (en > 0 && en >= other) return 'en';
  if (other > 0) return 'other';
  return nonAscii === 0 ? 'en' : 'other';
}

/**
 * Reads a language tag as people write it (`zh-Hant`, `zh_tw`, `ru-RU`, `EN`…). Returns undefined
 * for a tag it does not know, so a caller can say which value was wrong.
 */
export function parseLanguageTag(tag: string): LanguageOption | undefined {
  const t = tag.trim().toLowerCase().replace(/_/g, '-');
  if (t === 'other') return 'other';
  if (t === 'zh') return 'zh';
  if (/^zh-(cn|sg|hans)(-|$)/.test(t) || t === 'zh-hans') return 'zh-CN';
  if (/^zh-(tw|hk|mo|hant)(-|$)/.test(t)) return 'zh-TW';
  const primary = t.split('-')[0];
  if (primary === 'en' || primary === 'ru' || primary === 'hu') return primary;
  return undefined;
}

/** Resolves a caller's `lang` option (or its absence) to the language to analyse the text as. */
export function resolveLanguage(text: string, lang: LanguageOption | undefined): DetectedLanguage {
  if (lang === undefined) return detectLanguage(text);
  if (lang === 'zh') {
    const { traditional, simplified } = chineseScriptEvidence(text);
    return traditional > simplified ? 'zh-TW' : 'zh-CN';
  }
  return lang;
}
