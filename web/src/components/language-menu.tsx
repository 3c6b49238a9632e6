import { Box, Button, Menu } from '@mantine/core';
import { IconCheck, IconChevronDown, IconLanguage } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { currentLanguage, LANGUAGE_NAMES, LANGUAGES, type Language } from '../i18n';

interface LanguageMenuProps {
  /** Runs after the interface switched, e.g. to save the choice in the user's profile. */
  onChange?: (language: Language) => void;
}

/** Switches the interface language; i18next also remembers the choice in localStorage. */
export function LanguageMenu({ onChange }: LanguageMenuProps) {
  const { t, i18n } = useTranslation();
  const active = currentLanguage();

  const choose = async (language: Language) => {
    await i18n.changeLanguage(language);
    onChange?.(language);
  };

  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          variant="subtle"
          color="gray"
          leftSection={<IconLanguage size={18} aria-hidden />}
          rightSection={<IconChevronDown size={14} aria-hidden />}
          aria-label={t('language.switch', { language: LANGUAGE_NAMES[active] })}
          data-testid="language-menu"
        >
          {/* On a phone the icon alone keeps the header on one line; the button's label still names the language. */}
          <Box component="span" lang={active} visibleFrom="xs">
            {LANGUAGE_NAMES[active]}
          </Box>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('language.label')}</Menu.Label>
        {LANGUAGES.map((language) => (
          <Menu.Item
            key={language}
            lang={language}
            onClick={() => void choose(language)}
            rightSection={language === active ? <IconCheck size={14} aria-hidden /> : null}
            aria-current={language === active ? 'true' : undefined}
          >
            {LANGUAGE_NAMES[language]}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
