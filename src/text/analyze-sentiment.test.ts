import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeSentiment, analyzeTokens, type SentimentOptions } from './analyze-sentiment.ts';

const score = (text: string, lang?: SentimentOptions['lang']) => analyzeSentiment(text, { lang }).score;
const label = (text: string) => analyzeSentiment(text).label;

describe('analyzeSentiment: the known failure of other libraries', () => {
  it('scores "Сервис не хороший" negative (Russian negation)', () => {
    expect(analyzeSentiment('Сервис не хороший')).toMatchObject({ lang: 'ru', label: 'negative' });
    expect(score('Сервис хороший')).toBeGreaterThan(0);
  });
});

describe('negation', () => {
  it.each([
    ['The room was good.', 'The room was not good.'],
    ['The staff were helpful.', "The staff weren't helpful."],
    ['房间很干净', '房间不干净'],
    ['服务很好', '服务没有很好'],
    ['Персонал вежливый', 'Персонал не вежливый'],
    ['Очень доволен', 'Совсем не доволен'],
    ['A kiszolgálás jó volt.', 'A kiszolgálás nem volt jó.'],
    ['Elégedett vagyok.', 'Nem vagyok elégedett.'],
  ])('"%s" is positive, "%s" negative', (positive, negative) => {
    expect(score(positive)).toBeGreaterThan(0);
    expect(score(negative)).toBeLessThan(0);
  });

  it('turns a negated negative word positive', () => {
    expect(score('Not bad at all.')).toBeGreaterThan(0);
    expect(score('没有问题，很顺利')).toBeGreaterThan(0);
    expect(score('Всё прошло без проблем')).toBeGreaterThan(0);
    expect(score('Semmi gond nem volt.')).toBeGreaterThan(0);
    expect(score('Gond nélkül ment minden.')).toBeGreaterThan(0);
  });

  it('ends its scope at punctuation', () => {
    // "not" belongs to the first clause; "great" after the comma stays positive.
    expect(score('I did not expect much, the food was great')).toBeGreaterThan(0);
  });

  it('keeps one negation in negative-concord languages (ru, hu) but cancels a double negative elsewhere', () => {
    expect(score('Ничего не работает')).toBeLessThan(0);
    expect(score('Никто ничего не объяснил, не помогли')).toBeLessThan(0);
    expect(score('Soha nem volt jó.')).toBeLessThan(0);
    expect(score('不是不好')).toBeGreaterThan(0);
  });

  it('reads a negating prefix as negation (неудобно, unhelpful)', () => {
    expect(score('Очень неудобно')).toBeLessThan(0);
    expect(score('Неплохо!')).toBeGreaterThan(0);
    expect(score('The agent was unhelpful')).toBeLessThan(0);
  });

  it('treats a complaint of absence as negative (no hot water, 没有热水, нет связи, nincs meleg víz)', () => {
    for (const text of ['There was no hot water.', '没有热水', 'Нет связи', 'Nincs meleg víz.']) expect(score(text)).toBeLessThan(0);
  });
});

describe('intensifiers', () => {
  it.each([
    ['good', 'very good'],
    ['rude', 'extremely rude'],
    ['干净', '非常干净'],
    ['差', '太差'],
    ['плохо', 'очень плохо'],
    ['drága', 'túl drága'],
    ['kedves', 'nagyon kedves'],
  ])('"%s" < "%s" in strength', (plain, stronger) => {
    expect(Math.abs(score(stronger))).toBeGreaterThan(Math.abs(score(plain)));
  });

  it('softens with a bit / 有点 / немного / kicsit', () => {
    expect(Math.abs(score('The room was a bit noisy', 'en'))).toBeLessThan(Math.abs(score('The room was noisy', 'en')));
    expect(Math.abs(score('немного дорого', 'ru'))).toBeLessThan(Math.abs(score('дорого', 'ru')));
  });
});

describe('contrast', () => {
  it.each([
    ['The room was nice but the staff were rude.', 'negative'],
    ['The staff were rude but the room was lovely and the breakfast great.', 'positive'],
    ['房间很大，但是服务态度很差。', 'negative'],
    ['虽然价格有点贵，但是服务非常好。', 'positive'],
    ['Номер хороший, но персонал хамит.', 'negative'],
    ['Очередь была, однако обслужили быстро и вежливо.', 'positive'],
    ['A szoba szép, de a személyzet goromba.', 'negative'],
    ['Drága volt, viszont nagyon kedvesek voltak.', 'positive'],
  ])('%s → %s', (text, expected) => {
    expect(label(text)).toBe(expected);
  });
});

describe('emoji and emoticons', () => {
  it('reads them in any language, and alone', () => {
    expect(label('👍')).toBe('positive');
    expect(label('😡😡')).toBe('negative');
    expect(label('ok :)')).toBe('positive');
    expect(label('hmm :(')).toBe('negative');
    expect(label('Спасибо)))')).toBe('positive');
    expect(label('Опять не работает((')).toBe('negative');
  });

  it('does not read a URL as an emoticon', () => {
    expect(analyzeSentiment('see https://example.com/a:(b').label).toBe('neutral');
  });
});

describe('Chinese', () => {
  it('segments Traditional text after converting it (jieba would split it into characters)', () => {
    const traditional = analyzeTokens('服務態度非常好，房間很乾淨');
    expect(traditional.lang).toBe('zh-TW');
    expect(traditional.tokens.map((t) => t.text)).toContain('干净');
    expect(score('服務態度非常好，房間很乾淨')).toBeGreaterThan(0.5);
    expect(score('服務態度很差，房間也不乾淨')).toBeLessThan(-0.5);
  });

  it('splits compounds jieba keeps whole (不太好) but not words that merely contain a rated character (好像)', () => {
    expect(score('感觉不太好')).toBeLessThan(0);
    expect(score('好像下雨了')).toBe(0);
  });

  it('reads attribute + value collocations (性价比高 / 价格高)', () => {
    expect(score('性价比高')).toBeGreaterThan(0);
    expect(score('价格高')).toBeLessThan(0);
    expect(score('性价比不高')).toBeLessThan(0);
  });
});

describe('changes of amounts', () => {
  it.each([
    ['Prices went up again', 'negative'],
    ['Wait times were reduced a lot', 'positive'],
    ['价格上涨了', 'negative'],
    ['Цены снова выросли', 'negative'],
    ['Банк сократил убыток вдвое', 'positive'],
    ['Az árak emelkedtek', 'negative'],
  ])('%s → %s', (text, expected) => {
    expect(label(text)).toBe(expected);
  });
});

describe('result shape', () => {
  it('is neutral for text with no opinion', () => {
    expect(analyzeSentiment('The hotel is on Michigan Avenue.')).toEqual({ lang: 'en', score: 0, label: 'neutral' });
    expect(analyzeSentiment('')).toEqual({ lang: 'other', score: 0, label: 'neutral' });
  });

  it('honours an explicit language', () => {
    expect(analyzeSentiment('jó', { lang: 'hu' })).toMatchObject({ lang: 'hu', label: 'positive' });
    expect(analyzeSentiment('gut', { lang: 'other' })).toEqual({ lang: 'other', score: 0, label: 'neutral' });
  });

  it('always gives a score in [-1, 1] with a matching label, for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        const r = analyzeSentiment(text);
        expect(r.score).toBeGreaterThanOrEqual(-1);
        expect(r.score).toBeLessThanOrEqual(1);
        expect(r.label).toBe(r.score >= 0.05 ? 'positive' : r.score <= -0.05 ? 'negative' : 'neutral');
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic and does not depend on what was analysed before', () => {
    const text = 'Сервис не хороший, но сотрудники вежливые';
    const first = analyzeSentiment(text);
    analyzeSentiment('房间很干净');
    analyzeSentiment('Nagyon rossz volt');
    expect(analyzeSentiment(text)).toEqual(first);
  });
});
