import { hasTraditionalCharacters, toSimplified } from './chinese-script.ts';
import type { DetectedLanguage } from './detect-language.ts';
import emoticonLexicon from './lexicons/emoticons.json' with { type: 'json' };
import { segmentChinese } from './segment-chinese.ts';

export type TokenKind = 'word' | 'emoji' | 'emoticon' | 'number' | 'punct';

export interface Token {
  /** As written (for Traditional Chinese: after conversion to Simplified). */
  readonly text: string;
  /** Lower-case; ё → е; ’ → '; emoji without variation selectors and skin tones. */
  readonly norm: string;
  readonly kind: TokenKind;
}

/*
 * One regular expression walks the text and classifies each piece. Order matters: links and
 * @mentions are skipped before anything else (a URL is full of ":/" and letters), emoticons come
 * before punctuation (":)" is not a colon), Han runs before words (a Latin word must not swallow the
 * Chinese after it), and Han runs go to jieba when the text is Chinese.
 */

const escape = (s: string) => s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
// An emoticon that starts or ends with a letter (xD, T_T, QQ) must stand alone, not inside a word.
const emoticonPattern = Object.keys(emoticonLexicon.emoticons)
  .sort((a, b) => b.length - a.length)
  .map((e) => `${/^\p{L}/u.test(e) ? '(?<!\\p{L})' : ''}${escape(e)}${/\p{L}$/u.test(e) ? '(?!\\p{L})' : ''}`)
  .join('|');

const TOKEN = new RegExp(
  [
    String.raw`(?<skip>(?:https?:\/\/|www\.)[^\s]+|[@#][\p{L}\p{N}_]+@[\p{L}\p{N}_.]+|@[\p{L}\p{N}_]+)`,
    `(?<emoticon>${emoticonPattern}|\\){2,}|\\({2,})`,
    String.raw`(?<emoji>\p{Extended_Pictographic}(?:\uFE0F|\u200D\p{Extended_Pictographic}|[\u{1F3FB}-\u{1F3FF}])*)`,
    String.raw`(?<han>\p{Script=Han}+)`,
    String.raw`(?<word>[[\p{L}\p{M}]--\p{Script=Han}]+(?:['’][[\p{L}\p{M}]--\p{Script=Han}]+)*)`,
    String.raw`(?<number>\p{N}+(?:[.,:]\p{N}+)*)`,
    String.raw`(?<punct>[.!?;:,…。！？；：，、\n])`,
  ].join('|'),
  'gv',
);

const EMOJI_DECORATION = /\uFE0F|[\u{1F3FB}-\u{1F3FF}]/gu;

export function normalizeWord(word: string): string {
  return word.toLowerCase().replace(/ё/g, 'е').replace(/’/g, "'");
}

export function tokenize(text: string, lang: DetectedLanguage): Token[] {
  const chinese = lang === 'zh-CN' || lang === 'zh-TW';
  // Mixed texts happen (a Simplified comment quoting a Traditional name): convert whenever any
  // Traditional-only character is present, whatever the declared variant.
  const source = chinese && (lang === 'zh-TW' || hasTraditionalCharacters(text)) ? toSimplified(text) : text;
  const tokens: Token[] = [];
  for (const m of source.matchAll(TOKEN)) {
    const g = m.groups!;
    const piece = m[0];
    if (g.skip !== undefined) continue;
    if (g.emoticon !== undefined) {
      const norm = piece.startsWith('))') ? '))' : piece.startsWith('((') ? '((' : piece;
      tokens.push({ text: piece, norm, kind: 'emoticon' });
    } else if (g.emoji !== undefined) {
      tokens.push({ text: piece, norm: piece.replace(EMOJI_DECORATION, ''), kind: 'emoji' });
    } else if (g.han !== undefined) {
      if (chinese) for (const w of segmentChinese(piece)) tokens.push({ text: w, norm: w, kind: 'word' });
      else tokens.push({ text: piece, norm: piece, kind: 'word' });
    } else if (g.word !== undefined) {
      tokens.push({ text: piece, norm: normalizeWord(piece), kind: 'word' });
    } else if (g.number !== undefined) {
      tokens.push({ text: piece, norm: piece, kind: 'number' });
    } else {
      tokens.push({ text: piece, norm: piece, kind: 'punct' });
    }
  }
  return tokens;
}
