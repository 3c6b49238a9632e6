import { describe, expect, it } from 'vitest';
import { createThemeExtractor, DEFAULT_THEMES, extractThemes, type ThemeDictionaries } from './extract-themes.ts';

const themeNames = (text: string) => extractThemes(text).themes.map((t) => t.theme);
const themeOf = (text: string, theme: string) => extractThemes(text).themes.find((t) => t.theme === theme);

describe('extractThemes with the default dictionaries', () => {
  it('ships every theme in all four lexicon languages, with labels for the five UI languages', () => {
    expect(Object.keys(DEFAULT_THEMES).length).toBeGreaterThanOrEqual(10);
    for (const [name, definition] of Object.entries(DEFAULT_THEMES)) {
      for (const lang of ['en', 'zh', 'ru', 'hu'] as const) expect(definition.terms[lang]?.length, `${name}/${lang}`).toBeGreaterThan(0);
      expect(Object.keys(definition.labels ?? {}).sort()).toEqual(['en', 'hu', 'ru', 'zh-CN', 'zh-TW']);
    }
  });

  it.each([
    ['We waited 40 minutes and the staff were rude.', ['waiting_time', 'staff_attitude']],
    ['等了半个小时，服务员态度很差。', ['waiting_time', 'staff_attitude']],
    ['等了半個小時，服務員態度很差。', ['waiting_time', 'staff_attitude']],
    ['Очередь огромная, персонал хамит.', ['waiting_time', 'staff_attitude']],
    ['Sokat kellett várni, a személyzet goromba volt.', ['waiting_time', 'staff_attitude']],
    ['The room was dirty and overpriced.', ['product', 'cleanliness', 'price']],
    ['The app keeps crashing when I log in.', ['digital']],
    ['Приложение постоянно глючит, в личном кабинете ошибка', ['digital', 'professionalism']],
    ['Nobody answered the phone and the paperwork took forever.', ['communication', 'process', 'waiting_time']],
  ])('%s', (text, expected) => {
    expect(themeNames(text)).toEqual(expect.arrayContaining(expected));
  });

  it('gives each theme the sentiment of the clauses that mention it', () => {
    const result = extractThemes('房间很干净，服务态度差。');
    expect(result.themes.find((t) => t.theme === 'cleanliness')?.sentiment.label).toBe('positive');
    expect(result.themes.find((t) => t.theme === 'staff_attitude')?.sentiment.label).toBe('negative');
    expect(themeOf('The staff were lovely but we waited two hours.', 'waiting_time')?.sentiment.label).toBe('negative');
    expect(themeOf('The staff were lovely but we waited two hours.', 'staff_attitude')?.sentiment.label).toBe('positive');
  });

  it('reports the words that matched, as written', () => {
    expect(themeOf('The STAFF were rude', 'staff_attitude')?.matches).toEqual(['STAFF', 'rude']);
  });

  it('finds no themes and no key phrases in a language it has no dictionary for', () => {
    expect(extractThemes('Das Personal war sehr unfreundlich')).toEqual({ lang: 'other', themes: [], keyPhrases: [] });
  });

  it('extracts key phrases (jieba TF-IDF for Chinese, RAKE elsewhere)', () => {
    expect(extractThemes('The front desk staff ignored us and the breakfast buffet was cold.').keyPhrases).toEqual(
      expect.arrayContaining(['front desk staff', 'breakfast buffet']),
    );
    expect(extractThemes('前台服务员态度很差，早餐种类太少。').keyPhrases).toEqual(expect.arrayContaining(['早餐']));
    expect(extractThemes('Очередь огромная, приложение постоянно глючит').keyPhrases).toContain('приложение постоянно глючит');
  });
});

describe('custom theme dictionaries', () => {
  const parking: ThemeDictionaries = {
    parking: { labels: { en: 'Parking' }, terms: { en: ['parking', 'car park', 'valet*'], zh: ['停车'], ru: ['парковк*'], hu: ['parkol*'] } },
  };

  it('replaces the defaults', () => {
    const result = extractThemes('The car park was full and the staff were rude', { dictionaries: parking });
    expect(result.themes.map((t) => t.theme)).toEqual(['parking']);
    expect(result.themes[0]?.matches).toEqual(['car park']);
  });

  it('extends the defaults', () => {
    const extract = createThemeExtractor(parking, { extend: true });
    expect(extract('Valets were slow and the staff rude').themes.map((t) => t.theme)).toEqual(
      expect.arrayContaining(['parking', 'staff_attitude', 'waiting_time']),
    );
    expect(extract('停车很不方便').themes.map((t) => t.theme)).toContain('parking');
    expect(extract('Парковки нет').themes.map((t) => t.theme)).toContain('parking');
    expect(extract('Nem volt hol parkolni').themes.map((t) => t.theme)).toContain('parking');
  });

  it('accepts Traditional Chinese terms', () => {
    const extract = createThemeExtractor({ lift: { terms: { zh: ['電梯'] } } });
    expect(extract('电梯太慢').themes.map((t) => t.theme)).toEqual(['lift']);
  });
});
