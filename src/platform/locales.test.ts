import { describe, expect, it } from 'vitest';
import { pickLocale } from './locales.ts';

describe('pickLocale', () => {
  it.each([
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['zh-TW,zh;q=0.9', 'zh-TW'],
    ['zh-Hant-HK', 'zh-TW'],
    ['zh', 'zh-CN'],
    ['ru-RU,ru;q=0.9,en-US;q=0.8', 'ru'],
    ['hu-HU', 'hu'],
    ['de-DE,de;q=0.9', 'en'],
    ['de;q=0.9,hu;q=0.5', 'hu'],
    ['en;q=0.1,ru;q=0.9', 'ru'],
    ['', 'en'],
  ])('reads "%s" as %s', (header, expected) => {
    expect(pickLocale(header)).toBe(expected);
  });
});
