import { useMemo } from 'react';
import { createTheme, Modal, Notification, PasswordInput, Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * The Mantine theme, rebuilt when the language changes: besides colours it carries the few
 * strings Mantine components write themselves (close buttons, the password visibility toggle,
 * "nothing found"), so those are translated everywhere without repeating them at each use.
 */
export function useAppTheme() {
  const { t } = useTranslation();
  return useMemo(
    () =>
      createTheme({
        primaryColor: 'blue',
        defaultRadius: 'md',
        // The focus ring shows on keyboard focus only, so it is always visible to people who tab.
        focusRing: 'auto',
        headings: { fontWeight: '650' },
        components: {
          Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': t('common.close') } } }),
          Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': t('common.close') } } }),
          PasswordInput: PasswordInput.extend({
            defaultProps: { visibilityToggleButtonProps: { 'aria-label': t('common.togglePassword') } },
          }),
          Select: Select.extend({ defaultProps: { nothingFoundMessage: t('common.nothingFound') } }),
        },
      }),
    [t],
  );
}
