/*
 * The Snowball Russian stemmer (M. Porter's algorithm, snowballstem.org), written out here so the
 * pure room needs no package. Lexicon lemmas and the words of a text are both reduced with it, so
 * "хороший", "хорошего", "хорошая" all meet at "хорош". Input is expected lower-case; ё is read as е.
 */

const VOWELS = new Set(['а', 'е', 'и', 'о', 'у', 'ы', 'э', 'ю', 'я']);

const PERFECTIVE_GERUND_1 = ['вшись', 'вши', 'в']; // after а or я
const PERFECTIVE_GERUND_2 = ['ившись', 'ывшись', 'ивши', 'ывши', 'ив', 'ыв'];
const ADJECTIVE = ['ими', 'ыми', 'его', 'ого', 'ему', 'ому', 'ее', 'ие', 'ые', 'ое', 'ей', 'ий', 'ый', 'ой', 'ем', 'им', 'ым', 'ом', 'их', 'ых', 'ую', 'юю', 'ая', 'яя', 'ою', 'ею'];
const PARTICIPLE_1 = ['ем', 'нн', 'вш', 'ющ', 'щ']; // after а or я
const PARTICIPLE_2 = ['ивш', 'ывш', 'ующ'];
const REFLEXIVE = ['ся', 'сь'];
const VERB_1 = ['ете', 'йте', 'ешь', 'нно', 'ла', 'на', 'ли', 'ем', 'ло', 'но', 'ет', 'ют', 'ны', 'ть', 'й', 'л', 'н']; // after а or я
const VERB_2 = ['ейте', 'уйте', 'ила', 'ыла', 'ена', 'ите', 'или', 'ыли', 'ило', 'ыло', 'ено', 'ует', 'уют', 'ены', 'ить', 'ыть', 'ишь', 'ей', 'уй', 'ил', 'ыл', 'им', 'ым', 'ен', 'ят', 'ит', 'ыт', 'ую', 'ю'];
const NOUN = ['иями', 'ями', 'ами', 'ией', 'иям', 'ием', 'иях', 'ев', 'ов', 'ие', 'ье', 'еи', 'ии', 'ей', 'ой', 'ий', 'ям', 'ем', 'ам', 'ом', 'ах', 'ях', 'ию', 'ью', 'ия', 'ья', 'а', 'е', 'и', 'й', 'о', 'у', 'ы', 'ь', 'ю', 'я'];
const SUPERLATIVE = ['ейше', 'ейш'];
const DERIVATIONAL = ['ость', 'ост'];

const byLengthDesc = (list: string[]) => [...list].sort((a, b) => b.length - a.length);
const G1 = byLengthDesc(PERFECTIVE_GERUND_1);
const G2 = byLengthDesc(PERFECTIVE_GERUND_2);
const ADJ = byLengthDesc(ADJECTIVE);
const P1 = byLengthDesc(PARTICIPLE_1);
const P2 = byLengthDesc(PARTICIPLE_2);
const V1 = byLengthDesc(VERB_1);
const V2 = byLengthDesc(VERB_2);
const N = byLengthDesc(NOUN);

/** Length of the longest suffix of `word` (not reaching before `limit`) found in `list`, else 0. */
function suffix(word: string, limit: number, list: readonly string[]): number {
  for (const s of list) if (word.length - s.length >= limit && word.endsWith(s)) return s.length;
  return 0;
}

/** Like `suffix`, but the ending must follow а or я, which stays on the word. */
function suffixAfterAYa(word: string, limit: number, list: readonly string[]): number {
  for (const s of list) {
    const at = word.length - s.length;
    if (at - 1 >= limit && word.endsWith(s) && (word[at - 1] === 'а' || word[at - 1] === 'я')) return s.length;
  }
  return 0;
}

/** Start of the region after the first vowel-then-consonant from `from` (R1 style). */
function regionAfter(word: string, from: number): number {
  for (let i = from + 1; i < word.length; i++) {
    if (!VOWELS.has(word[i]!) && VOWELS.has(word[i - 1]!)) return i + 1;
  }
  return word.length;
}

export function stemRussian(input: string): string {
  let word = input.replace(/ё/g, 'е');
  let rv = word.length;
  for (let i = 0; i < word.length; i++) {
    if (VOWELS.has(word[i]!)) {
      rv = i + 1;
      break;
    }
  }
  if (rv >= word.length) return word;
  const r1 = regionAfter(word, 0);
  const r2 = regionAfter(word, r1);
  const cut = (n: number) => {
    word = word.slice(0, word.length - n);
  };

  // Step 1
  let n = Math.max(suffixAfterAYa(word, rv, G1), suffix(word, rv, G2));
  if (n > 0) cut(n);
  else {
    n = suffix(word, rv, REFLEXIVE);
    if (n > 0) cut(n);
    n = suffix(word, rv, ADJ);
    if (n > 0) {
      cut(n);
      const p = Math.max(suffixAfterAYa(word, rv, P1), suffix(word, rv, P2));
      if (p > 0) cut(p);
    } else {
      n = Math.max(suffixAfterAYa(word, rv, V1), suffix(word, rv, V2));
      if (n > 0) cut(n);
      else {
        n = suffix(word, rv, N);
        if (n > 0) cut(n);
      }
    }
  }
  // Step 2
  if (word.length > rv && word.endsWith('и')) cut(1);
  // Step 3: derivational ending wholly inside R2
  n = suffix(word, Math.max(r2, rv), DERIVATIONAL);
  if (n > 0) cut(n);
  // Step 4
  if (word.length - 2 >= rv && word.endsWith('нн')) cut(1);
  else {
    n = suffix(word, rv, SUPERLATIVE);
    if (n > 0) {
      cut(n);
      if (word.length - 2 >= rv && word.endsWith('нн')) cut(1);
    } else if (word.length > rv && word.endsWith('ь')) cut(1);
  }
  return word;
}
