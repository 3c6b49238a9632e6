import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectLanguage, parseLanguageTag, resolveLanguage } from './detect-language.ts';

describe('detectLanguage', () => {
  it.each([
    ['The staff were friendly and the room was clean.', 'en'],
    ['Great service', 'en'],
    ['这家酒店的服务态度很差，房间也不干净。', 'zh-CN'],
    ['這家飯店的服務態度很差，房間也不乾淨。', 'zh-TW'],
    ['Сервис не хороший, очередь огромная.', 'ru'],
    ['@sberbank ПУСТО http://t.co/abc', 'ru'],
    ['A személyzet nem volt túl kedves, de a szoba tiszta volt.', 'hu'],
    ['Kiváló', 'hu'],
    ['Nagyon elégedett vagyok az ügyintézéssel.', 'hu'],
    ['Der Service war nicht gut und das Zimmer war schmutzig.', 'other'],
    ['Très bien, merci pour tout', 'other'],
    ['ありがとうございました。とても良かったです。', 'other'],
    ['Дуже дякую, все було чудово і швидко', 'other'],
    ['👍👍', 'other'],
    ['', 'other'],
    ['12345 !!!', 'other'],
  ])('%s → %s', (text, expected) => {
    expect(detectLanguage(text)).toBe(expected);
  });

  it('lets a Chinese text with a few Latin words stay Chinese', () => {
    expect(detectLanguage('wifi很快，app也好用')).toBe('zh-CN');
  });

  it('never throws and always answers one of the six values', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        expect(['en', 'zh-CN', 'zh-TW', 'ru', 'hu', 'other']).toContain(detectLanguage(text));
      }),
    );
  });
});

describe('parseLanguageTag / resolveLanguage', () => {
  it.each([
    ['en-GB', 'en'],
    ['zh_TW', 'zh-TW'],
    ['zh-Hant-HK', 'zh-TW'],
    ['zh-Hans', 'zh-CN'],
    ['ZH-cn', 'zh-CN'],
    ['zh', 'zh'],
    ['ru-RU', 'ru'],
    ['hu', 'hu'],
    ['other', 'other'],
  ])('%s → %s', (tag, expected) => {
    expect(parseLanguageTag(tag)).toBe(expected);
  });

  it('rejects tags it does not know', () => {
    expect(parseLanguageTag('de')).toBeUndefined();
    expect(parseLanguageTag('eng')).toBeUndefined();
  });

  it('lets "zh" pick the script from the text', () => {
    expect(resolveLanguage('房間很乾淨', 'zh')).toBe('zh-TW');
    expect(resolveLanguage('房间很干净', 'zh')).toBe('zh-CN');
    expect(resolveLanguage('whatever', 'ru')).toBe('ru');
  });
});
