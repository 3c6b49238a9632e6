import i18n from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import zhCN from './locales/zh-CN.json';
import zhTW from './locales/zh-TW.json';
import ru from './locales/ru.json';
import hu from './locales/hu.json';
import { mergeAreaLocales, type LocaleTree } from './locale-merge';

/**
 * Each product area keeps its own strings in `<area>/…/locales/<language>.json` (top-level keys named
 * after the area), so areas are translated and reviewed on their own; they are merged over the shared
 * `locales/<language>.json` here. Eager: the strings are small next to the code that uses them.
 */
const AREA_LOCALES = import.meta.glob<LocaleTree>(['./*/**/locales/*.json'], { eager: true, import: 'default' });

export const LANGUAGES = ['en', 'zh-CN', 'zh-TW', 'ru', 'hu'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language named in itself, so a reader finds their own language whatever is shown now. */
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  'zh-CN': '简体中文',
  'zh-TW': '繁體中文',
  ru: 'Русский',
  hu: 'Magyar',
};

export const LOCALE_STORAGE_KEY = 'keymoment.locale';

/**
 * Maps a BCP 47 tag from the browser or the server to one of our languages. Chinese needs care:
 * Taiwan, Hong Kong, Macao and explicit "Hant" read Traditional, everything else Simplified.
 */
export function matchLanguage(tag: string | null | undefined): Language | null {
  if (!tag) return null;
  const lower = tag.toLowerCase().replace(/_/g, '-');
  if (lower.startsWith('zh')) {
    return /-(hant|tw|hk|mo)(-|$)/.test(lower) ? 'zh-TW' : 'zh-CN';
  }
  const base = lower.split('-')[0];
  return LANGUAGES.find((language) => language === base) ?? null;
}

export function currentLanguage(): Language {
  return matchLanguage(i18n.resolvedLanguage ?? i18n.language) ?? 'en';
}

export async function initI18n(): Promise<typeof i18n> {
  i18n.on('languageChanged', (language) => {
    document.documentElement.lang = matchLanguage(language) ?? 'en';
  });
  await i18n
    .use(LanguageDetector)
    .use(initReactI18next)
    .init({
      resources: {
        en: { translation: mergeAreaLocales(en, AREA_LOCALES, 'en') },
        'zh-CN': { translation: mergeAreaLocales(zhCN, AREA_LOCALES, 'zh-CN') },
        'zh-TW': { translation: mergeAreaLocales(zhTW, AREA_LOCALES, 'zh-TW') },
        ru: { translation: mergeAreaLocales(ru, AREA_LOCALES, 'ru') },
        hu: { translation: mergeAreaLocales(hu, AREA_LOCALES, 'hu') },
      },
      supportedLngs: [...LANGUAGES],
      fallbackLng: 'en',
      // Keys are complete in every language; loading "zh" next to "zh-CN" would only add misses.
      load: 'currentOnly',
      interpolation: { escapeValue: false },
      detection: {
        order: ['localStorage', 'navigator'],
        lookupLocalStorage: LOCALE_STORAGE_KEY,
        caches: ['localStorage'],
        // Unknown tags pass through unchanged so i18next skips them and tries the browser's next language.
        convertDetectedLanguage: (tag: string) => matchLanguage(tag) ?? tag,
      },
    });
  document.documentElement.lang = currentLanguage();
  return i18n;
}

export default i18n;
