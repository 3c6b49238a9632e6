export type LocaleTree = { [key: string]: string | LocaleTree };

/**
 * Merges the area files of one language (paths like `./feedback/locales/hu.json`) over the shared
 * strings. Areas own distinct top-level keys; a key defined twice is a mistake that would silently
 * hide strings, so it throws at start-up (and in the locale test) instead.
 */
export function mergeAreaLocales(base: LocaleTree, areaFiles: Record<string, LocaleTree>, language: string): LocaleTree {
  const merged: LocaleTree = { ...base };
  for (const [path, tree] of Object.entries(areaFiles)) {
    if (!path.endsWith(`/locales/${language}.json`)) continue;
    for (const [key, value] of Object.entries(tree)) {
      if (key in merged) throw new Error(`Translation key "${key}" of ${path} is already defined elsewhere`);
      merged[key] = value;
    }
  }
  return merged;
}
