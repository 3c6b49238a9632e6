/**
 * keymoment/text: multilingual text analytics with no I/O and nothing downloaded — language
 * detection, sentiment and themes for English, Chinese (Simplified and Traditional), Russian and
 * Hungarian. See docs/text.md for the method, the lexicons' sources and the evaluation.
 */
export {
  detectLanguage,
  LANGUAGES,
  parseLanguageTag,
  type DetectedLanguage,
  type Language,
  type LanguageOption,
} from './detect-language.ts';
export {
  analyzeSentiment,
  type SentimentLabel,
  type SentimentOptions,
  type SentimentResult,
} from './analyze-sentiment.ts';
export {
  createThemeExtractor,
  DEFAULT_THEMES,
  extractThemes,
  type ThemeDefinition,
  type ThemeDictionaries,
  type ThemeExtractor,
  type ThemeLanguage,
  type ThemeMention,
  type ThemeOptions,
  type ThemeResult,
} from './extract-themes.ts';
