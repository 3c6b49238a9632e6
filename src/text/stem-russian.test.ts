import { describe, expect, it } from 'vitest';
import { stemRussian } from './stem-russian.ts';

describe('stemRussian (Snowball)', () => {
  it.each([
    ['хороший', 'хорош'],
    ['хорошего', 'хорош'],
    ['хорошая', 'хорош'],
    ['хорошо', 'хорош'],
    ['отличный', 'отличн'],
    ['ужасно', 'ужасн'],
    ['работают', 'работа'],
    ['банков', 'банк'],
    ['нравится', 'нрав'],
    ['красивейший', 'красив'],
    ['длинная', 'длин'],
    ['ёлка', 'елк'],
  ])('%s → %s', (word, stem) => {
    expect(stemRussian(word)).toBe(stem);
  });

  it('leaves words without a vowel region alone', () => {
    expect(stemRussian('сбр')).toBe('сбр');
    expect(stemRussian('в')).toBe('в');
  });
});
