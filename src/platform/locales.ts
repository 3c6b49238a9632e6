/** The languages every user-facing string exists in. */
export const LOCALES = ['en', 'zh-CN', 'zh-TW', 'ru', 'hu'] as const;
export type Locale = (typeof LOCALES)[number];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * Picks the best supported language from an Accept-Language header or a stored preference.
 * Chinese without a script is read as Simplified unless the region uses Traditional (TW, HK, MO).
 */
export function pickLocale(preferences: string | undefined | null, fallback: Locale = 'en'): Locale {
  if (!preferences) return fallback;
  const tags = preferences
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((entry) => entry.tag && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of tags) {
    if (tag.startsWith('zh')) {
      return /^zh-(hant|tw|hk|mo)/.test(tag) ? 'zh-TW' : 'zh-CN';
    }
    const base = tag.split('-')[0];
    if (base === 'en' || base === 'ru' || base === 'hu') return base;
  }
  return fallback;
}
