import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeAreaLocales, type LocaleTree } from '../web/src/locale-merge.ts';

// Every string a user reads exists in all five languages: the web app's translation files (shared
// and per area) must have exactly the same keys, none empty, in every language.
const LANGUAGES = ['en', 'zh-CN', 'zh-TW', 'ru', 'hu'];
const WEB_SRC = join(import.meta.dirname, '..', 'web', 'src');

function readJson(path: string): LocaleTree {
  return JSON.parse(readFileSync(path, 'utf8')) as LocaleTree;
}

/** Every `locales/` folder below an area folder (not the shared `web/src/locales`), by its path. */
function areaFiles(): Record<string, LocaleTree> {
  const files: Record<string, LocaleTree> = {};
  const visit = (relative: string) => {
    for (const entry of readdirSync(join(WEB_SRC, relative), { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.name === 'locales') {
        if (!relative) continue;
        for (const file of readdirSync(join(WEB_SRC, child))) files[`./${child}/${file}`] = readJson(join(WEB_SRC, child, file));
      } else visit(child);
    }
  };
  visit('');
  return files;
}

function leafKeys(tree: LocaleTree, prefix = ''): Map<string, string> {
  const keys = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') keys.set(path, value);
    else for (const [child, text] of leafKeys(value, path)) keys.set(child, text);
  }
  return keys;
}

describe('web translations', () => {
  const areas = areaFiles();
  const merged = Object.fromEntries(
    LANGUAGES.map((language) => [language, leafKeys(mergeAreaLocales(readJson(join(WEB_SRC, 'locales', `${language}.json`)), areas, language))]),
  );

  it('every area that has translations has them in all five languages', () => {
    const byArea = new Map<string, string[]>();
    for (const path of Object.keys(areas)) {
      const folder = path.slice(0, path.lastIndexOf('/'));
      const file = path.slice(path.lastIndexOf('/') + 1);
      byArea.set(folder, [...(byArea.get(folder) ?? []), file.replace('.json', '')]);
    }
    for (const [area, languages] of byArea) expect(languages.sort(), area).toEqual([...LANGUAGES].sort());
  });

  it.each(LANGUAGES.filter((language) => language !== 'en'))('%s has exactly the English keys', (language) => {
    const english = [...merged.en!.keys()].sort();
    expect([...merged[language]!.keys()].sort()).toEqual(english);
  });

  it.each(LANGUAGES)('%s has no empty strings', (language) => {
    const empty = [...merged[language]!].filter(([, text]) => text.trim() === '').map(([key]) => key);
    expect(empty).toEqual([]);
  });

  it('refuses an area that redefines a shared key', () => {
    expect(() => mergeAreaLocales({ nav: 'x' }, { './a/locales/en.json': { nav: 'y' } }, 'en')).toThrow(/nav/);
  });
});
