import { Stack, Text, TextInput } from '@mantine/core';
import { LANGUAGE_NAMES, LANGUAGES } from '../i18n';
import type { Texts } from './coaching-api';

interface TextsInputProps {
  /** Prefix of the inputs' ids and test ids, e.g. `question-prompt` → `question-prompt-ru`. */
  id: string;
  label: string;
  value: Texts;
  onChange: (value: Texts) => void;
  error?: string | undefined;
}

/**
 * One text in all five languages, one line each, labelled with the language's own name, so a manager
 * writes every translation in one place; empty languages fall back to the journey's language.
 */
export function TextsInput({ id, label, value, onChange, error }: TextsInputProps) {
  return (
    <Stack gap={4} role="group" aria-labelledby={`${id}-label`}>
      <Text size="sm" fw={500} id={`${id}-label`}>
        {label}
      </Text>
      {LANGUAGES.map((language) => (
        <TextInput
          key={language}
          id={`${id}-${language}`}
          data-testid={`${id}-${language}`}
          lang={language}
          size="xs"
          aria-label={`${label} (${LANGUAGE_NAMES[language]})`}
          leftSection={<Text size="xs">{language}</Text>}
          leftSectionWidth={48}
          placeholder={LANGUAGE_NAMES[language]}
          value={value[language] ?? ''}
          onChange={(event) => {
            const text = event.currentTarget.value;
            const next = { ...value };
            if (text === '') delete next[language];
            else next[language] = text;
            onChange(next);
          }}
        />
      ))}
      {error && (
        <Text size="xs" c="red" role="alert">
          {error}
        </Text>
      )}
    </Stack>
  );
}

/** Only the filled languages, trimmed (the API refuses empty strings). */
export function filledTexts(value: Texts): Texts {
  return Object.fromEntries(Object.entries(value).map(([language, text]) => [language, text.trim()]).filter(([, text]) => text !== '')) as Texts;
}
