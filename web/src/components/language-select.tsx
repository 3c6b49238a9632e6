import { Select, type SelectProps } from '@mantine/core';
import { LANGUAGE_NAMES, LANGUAGES } from '../i18n';

const OPTIONS = LANGUAGES.map((language) => ({ value: language, label: LANGUAGE_NAMES[language] }));

/** A form field for a language, e.g. an organisation's default; not the interface switcher. */
export function LanguageSelect(props: Omit<SelectProps, 'data'>) {
  return <Select data={OPTIONS} allowDeselect={false} {...props} />;
}
