import { type DetectedLanguage, type LanguageOption, resolveLanguage } from './detect-language.ts';
import { DEFAULT_CONTRAST_BEFORE, languagePack, type LanguagePack, symbolValence } from './language-pack.ts';
import { type Token, tokenize } from './tokenize.ts';

export type SentimentLabel = 'negative' | 'neutral' | 'positive';

export interface SentimentResult {
  readonly lang: DetectedLanguage;
  /** −1 (very negative) … +1 (very positive), three decimals. */
  readonly score: number;
  readonly label: SentimentLabel;
}

export interface SentimentOptions {
  /** The text's language if known; otherwise it is detected. `zh` lets the text decide CN vs TW. */
  readonly lang?: LanguageOption;
}

/*
 * Lexicon and rules, in the line of VADER (Hutto & Gilbert 2014) and SO-CAL (Taboada et al. 2011):
 * every opinion word, emoji and emoticon carries a valence on AFINN's −5…+5 scale, and the rules
 * below adjust it by its context. The text's score is the sum, squashed into −1…+1.
 *
 *  - negation flips and dampens the next opinion word within NEGATION_SCOPE words of the same
 *    clause ("not good" ≈ −1.5, "not bad" ≈ +2.25); double negatives cancel except in negative-
 *    concord languages (ru, hu: "ничего не работает" is one negation). A negator of absence
 *    ("no hot water", "没有热水", "нет связи", "nincs") that finds no opinion word is itself a mild
 *    complaint, and so, more weakly, is any other unresolved negation ("did not call back");
 *  - intensifiers and softeners multiply the next opinion word (very, 非常, очень, nagyon / a bit,
 *    有点, немного, kicsit); a word that is both ("pretty", "super") intensifies only when an
 *    opinion word follows; a negator before an intensifier makes it a softener ("not very clean",
 *    不是很干净, не очень вежливый); where hedging is the polite way to complain (zh), a softened
 *    negative word counts less again (`hedgedCriticism`);
 *  - a question in feedback is a complaint or a demand (−1 per run of question marks);
 *  - in languages whose reviews open with the overall verdict (zh: 总分 structure) the first clause
 *    counts more (`openingWeight`); the business's reply quoted under a review is not scored;
 *  - contrast: what comes after but/但是/но/de/viszont counts 1.5×, what came before in the
 *    sentence 0.5× (`contrastBefore`; zh 1: a Chinese reservation after praise, 先扬后抑, does not
 *    take the praise back); a concessive clause (although/虽然/хотя/bár) counts 0.5×;
 *  - a change of an amount is judged by the amount: "prices rose", "价格上涨", "цены выросли",
 *    "az árak emelkedtek" are negative, "profit grew", "убыток сократился" positive (the lexicon
 *    says which amounts people want higher and which words mean up or down);
 *  - exclamation marks raise their sentence by 10% each (at most three);
 *  - negative expressions count `negativeWeight` times their valence (per language, in the
 *    lexicon file): people use positive words more often and more loosely than negative ones
 *    (the "Pollyanna" effect; SO-CAL weights negatives by 1.5 for the same reason). How strong the
 *    asymmetry is differs between languages and lexicons; each weight was set on the development
 *    split (docs/text.md) so that positive and negative texts are recognised equally often —
 *    balanced recall, which does not depend on how many texts of each kind a corpus holds;
 *  - emoji and emoticons count as written, never negated.
 */

export const NEGATION_SCOPE = 3;
const NEGATION_FLIP = -0.75;
const INTENSIFIER_REACH = 2;
const CONTRAST_AFTER = 1.5;
const CONCESSIVE = 0.5;
const SUMMARY_WEIGHT = 2;
/** Valence of a change of an amount (prices rose: −2) and how many words may separate the two. */
const CHANGE_VALENCE = 2;
const CHANGE_REACH = 6;
/** Stacked intensifiers (简直太, really very) saturate. */
const MAX_INTENSITY = 1.8;
const EXCLAMATION_STEP = 0.1;
/** For texts without a language pack (emoji only); each pack sets its own. */
const DEFAULT_NEGATIVE_WEIGHT = 1.5;
const ABSENCE_VALENCE = -1;
const UNRESOLVED_NEGATION_VALENCE = -0.5;
/** A question (a run of question marks) in feedback is mostly a complaint or a demand. */
const QUESTION_VALENCE = -1;
/** VADER's normalisation constant: a sum of ±3.9 (one strong word) maps to about ±0.7. */
const SQUASH_ALPHA = 15;
const NEUTRAL_BAND = 0.05;

const SENTENCE_END = new Set(['.', '!', '?', '…', '。', '！', '？', '\n']);
const EXCLAMATION = new Set(['!', '！']);
const QUESTION = new Set(['?', '？']);

export interface TokenAnalysis {
  readonly lang: DetectedLanguage;
  readonly tokens: readonly Token[];
  /** What each token contributed to the sum (0 for most). */
  readonly contributions: Float64Array;
  /** Clause number of each token: clauses end at punctuation and at contrast words. */
  readonly clauses: Int32Array;
  readonly total: number;
}

interface Negation {
  count: number;
  remaining: number;
  absence: boolean;
  at: number;
  /** An intensifier followed the negator ("not very good", not "very not good"). */
  beforeIntensifier: boolean;
}

/**
 * Splits jieba tokens that are not lexicon words but are made of lexicon words and modifiers
 * (不太好 → 不太 + 好, 态度恶劣 → 态度 + 恶劣). A single-character piece (好, 差) is trusted only when
 * the whole token is covered, so that 好像 ("seems") never yields 好.
 */
function splitChineseCompounds(tokens: readonly Token[], pack: LanguagePack & { hasWord(norm: string): boolean }): Token[] {
  const known = (s: string) =>
    pack.hasWord(s) || pack.modifier(s) !== undefined || pack.quantity(s) !== undefined || pack.direction(s) !== undefined || pack.collocation(s) !== undefined;
  const out: Token[] = [];
  for (const token of tokens) {
    const w = token.norm;
    if (token.kind !== 'word' || w.length < 2 || known(w)) {
      out.push(token);
      continue;
    }
    const pieces: Array<{ text: string; known: boolean }> = [];
    let i = 0;
    while (i < w.length) {
      let len = Math.min(4, w.length - i);
      while (len > 1 && !known(w.slice(i, i + len))) len--;
      const piece = w.slice(i, i + len);
      pieces.push({ text: piece, known: known(piece) });
      i += len;
    }
    const covered = pieces.every((p) => p.known);
    const useful = pieces.some((p) => p.known && (p.text.length > 1 || covered));
    if (!useful || pieces.length === 1) {
      out.push(token);
      continue;
    }
    // Keep unknown neighbours together as one piece so theme terms (态度, 服务) stay whole.
    let pending = '';
    for (const p of pieces) {
      if (p.known && (p.text.length > 1 || covered)) {
        if (pending) out.push({ text: pending, norm: pending, kind: 'word' });
        pending = '';
        out.push({ text: p.text, norm: p.text, kind: 'word' });
      } else pending += p.text;
    }
    if (pending) out.push({ text: pending, norm: pending, kind: 'word' });
  }
  return out;
}

/** The scorer's full view of a text, used by analyzeSentiment and by extractThemes. */
export function analyzeTokens(text: string, options: SentimentOptions = {}): TokenAnalysis {
  const lang = resolveLanguage(text, options.lang);
  const pack = languagePack(lang);
  // The business's reply quoted under a review speaks for the business, not the customer.
  const replyAt = pack?.responseStart(text);
  let tokens: readonly Token[] = tokenize(replyAt === undefined ? text : text.slice(0, replyAt), lang);
  if (pack?.lang === 'zh') tokens = splitChineseCompounds(tokens, pack);
  const negativeWeight = pack?.negativeWeight ?? DEFAULT_NEGATIVE_WEIGHT;
  const hedgedCriticism = pack?.hedgedCriticism ?? 1;
  const contrastBefore = pack?.contrastBefore ?? DEFAULT_CONTRAST_BEFORE;
  const n = tokens.length;
  const contributions = new Float64Array(n);
  const clauses = new Int32Array(n);

  let clause = 0;
  let sentenceStart = 0;
  let previousSentenceStart = 0;
  let exclamations = 0;
  let afterContrast = 1;
  let concessive = false;
  let negation: Negation | undefined;
  let intensity = 1;
  let intensityLeft = 0;
  let collocation: { table: ReadonlyMap<string, number>; left: number } | undefined;
  let amount: { polarity: number; at: number; left: number } | undefined;
  let change: { direction: number; left: number } | undefined;

  const settleNegation = () => {
    if (negation) {
      contributions[negation.at]! += weigh(negation.absence ? ABSENCE_VALENCE : UNRESOLVED_NEGATION_VALENCE);
      negation = undefined;
    }
  };
  const weigh = (v: number) => {
    let w = v * afterContrast * (concessive ? CONCESSIVE : 1);
    if (w < 0) w *= negativeWeight;
    return w;
  };
  const endClause = () => {
    settleNegation();
    intensity = 1;
    intensityLeft = 0;
    concessive = false;
    collocation = undefined;
    amount = undefined;
    change = undefined;
    clause++;
  };
  const endSentence = (end: number) => {
    if (exclamations > 0) {
      const boost = 1 + EXCLAMATION_STEP * Math.min(exclamations, 3);
      for (let k = sentenceStart; k < end; k++) contributions[k]! *= boost;
    }
    exclamations = 0;
    afterContrast = 1;
    previousSentenceStart = sentenceStart;
    sentenceStart = end;
  };
  /** Applies the pending context to an opinion word's valence and records it at token i. */
  const score = (i: number, valence: number) => {
    let factor = intensityLeft > 0 ? intensity : 1;
    let v = valence;
    if (negation) {
      if (negation.count % 2 === 1) {
        // "not very good", 不是很好, не очень хорошо, nem túl jó: negating a degree hedges.
        if (factor > 1 && negation.beforeIntensifier) factor = 1 / factor;
        v *= NEGATION_FLIP;
      }
      negation = undefined;
    }
    v *= factor;
    // Hedged criticism (有点吵, 比较旧): where hedging is the polite way to complain it is milder still.
    if (factor < 1 && v < 0) v *= hedgedCriticism;
    contributions[i]! += weigh(v);
    intensity = 1;
    intensityLeft = 0;
  };
  /** Whether an opinion word follows within the intensifier's reach (实在 + 太 + 差, not 实在 + 和). */
  const nextWordHasValence = (i: number): boolean => {
    for (let k = i + 1; k <= i + INTENSIFIER_REACH; k++) {
      const t = tokens[k];
      if (t === undefined || t.kind !== 'word') return false;
      if ((pack!.valence(t.norm) ?? 0) !== 0) return true;
      if (!pack!.modifier(t.norm)) return false;
    }
    return false;
  };

  for (let i = 0; i < n; i++) {
    const token = tokens[i]!;
    clauses[i] = clause;
    if (token.kind === 'punct') {
      if (EXCLAMATION.has(token.norm)) exclamations++;
      // Customers rarely ask questions to praise: "why did nobody call?", 为什么…？, почему…?
      if (QUESTION.has(token.norm) && !(i > 0 && QUESTION.has(tokens[i - 1]!.norm))) contributions[i]! += weigh(QUESTION_VALENCE);
      endClause();
      if (SENTENCE_END.has(token.norm)) endSentence(i + 1);
      continue;
    }
    if (token.kind === 'emoji' || token.kind === 'emoticon') {
      const v = symbolValence(token.norm);
      if (v) contributions[i]! += v < 0 ? v * negativeWeight : v;
      continue;
    }
    if (token.kind !== 'word' || !pack) continue;

    const phrase = pack.phrase(tokens, i);
    if (phrase) {
      for (let k = 1; k < phrase.length; k++) clauses[i + k] = clause;
      // "ничего не работает": the phrase carries its own negation; concord adds no second one.
      if (pack.negativeConcord && pack.modifier(token.norm)?.kind === 'negator') negation = undefined;
      if (phrase.valence !== 0) score(i, phrase.valence);
      i += phrase.length - 1;
      continue;
    }

    const norm = token.norm;
    // 位置 + 偏: a collocation's value (偏 "remote") wins over the same word as a modifier (偏
    // "rather"), unless an opinion word follows for it to modify (隔音 + 好差: "really bad").
    const modifier = collocation?.table.has(norm) && !nextWordHasValence(i) ? undefined : pack.modifier(norm);
    if (modifier && !(modifier.kind === 'intensifier' && pack.valence(norm) !== undefined && !nextWordHasValence(i))) {
      switch (modifier.kind) {
        case 'negator':
          if (negation && pack.negativeConcord) negation.remaining = NEGATION_SCOPE;
          else negation = { count: (negation?.count ?? 0) + 1, remaining: NEGATION_SCOPE, absence: modifier.absence || (negation?.absence ?? false), at: i, beforeIntensifier: false };
          continue;
        case 'intensifier':
          if (negation && modifier.factor > 1) negation.beforeIntensifier = true;
          intensity = Math.min(MAX_INTENSITY, intensity * modifier.factor);
          intensityLeft = INTENSIFIER_REACH;
          continue;
        case 'contrast': {
          settleNegation();
          const from = i === sentenceStart ? previousSentenceStart : sentenceStart;
          for (let k = from; k < i; k++) contributions[k]! *= contrastBefore;
          endClause();
          clauses[i] = clause;
          afterContrast = CONTRAST_AFTER;
          continue;
        }
        case 'mild-contrast':
          settleNegation();
          endClause();
          clauses[i] = clause;
          continue;
        case 'concessive':
          concessive = true;
          continue;
        case 'summary':
          afterContrast = Math.max(afterContrast, SUMMARY_WEIGHT);
          continue;
        case 'post-negator':
          // Hungarian "nélkül" (without) follows what it negates: "gond nélkül" = without trouble.
          for (let k = i - 1; k >= Math.max(0, i - 2); k--) {
            const c = contributions[k]!;
            if (c !== 0) {
              const flipped = (c < 0 ? c / negativeWeight : c) * NEGATION_FLIP;
              contributions[k] = flipped < 0 ? flipped * negativeWeight : flipped;
              break;
            }
          }
          continue;
      }
    }

    // "prices rose", "убыток сократился", "价格上涨": the change of an amount carries the opinion.
    const polarity = pack.quantity(norm);
    const direction = polarity === undefined ? pack.direction(norm) : undefined;
    if (polarity !== undefined && change) {
      score(i, polarity * change.direction * CHANGE_VALENCE);
      change = undefined;
      continue;
    }
    if (direction !== undefined && amount) {
      contributions[amount.at] = 0;
      score(i, amount.polarity * direction * CHANGE_VALENCE);
      amount = undefined;
      continue;
    }
    if (polarity !== undefined) amount = { polarity, at: i, left: CHANGE_REACH };
    else if (amount && --amount.left <= 0) amount = undefined;
    if (direction !== undefined) change = { direction, left: CHANGE_REACH };
    else if (change && --change.left <= 0) change = undefined;

    let valence = collocation?.table.get(norm);
    if (valence === undefined) valence = pack.valence(norm);
    const table = pack.collocation(norm);
    if (table) collocation = { table, left: NEGATION_SCOPE };
    else if (collocation && --collocation.left <= 0) collocation = undefined;

    if (valence !== undefined && valence !== 0) {
      score(i, valence);
      continue;
    }
    if (negation && --negation.remaining <= 0) settleNegation();
    if (intensityLeft > 0 && --intensityLeft === 0) intensity = 1;
  }
  settleNegation();
  endSentence(n);
  // The opening clause states the overall verdict in languages whose reviews are written
  // "general statement first, details after" (Chinese 总分 structure: 酒店不错，房间有点小，早餐一般).
  const openingWeight = pack?.openingWeight ?? 1;
  if (openingWeight !== 1) {
    let end = 0;
    while (end < n && tokens[end]!.kind !== 'punct') end++;
    let more = end;
    while (more < n && tokens[more]!.kind === 'punct') more++;
    if (more < n) for (let k = 0; k < end; k++) contributions[k]! *= openingWeight;
  }

  let total = 0;
  for (let k = 0; k < n; k++) total += contributions[k]!;
  return { lang, tokens, contributions, clauses, total };
}

/** Squashes a sum of valences into −1…+1 (three decimals). */
export function squash(total: number): number {
  const s = total / Math.sqrt(total * total + SQUASH_ALPHA);
  return Math.round(s * 1000) / 1000 + 0;
}

export function labelOf(score: number): SentimentLabel {
  if (score >= NEUTRAL_BAND) return 'positive';
  if (score <= -NEUTRAL_BAND) return 'negative';
  return 'neutral';
}

export function analyzeSentiment(text: string, options: SentimentOptions = {}): SentimentResult {
  const { lang, total } = analyzeTokens(text, options);
  const score = squash(total);
  return { lang, score, label: labelOf(score) };
}
