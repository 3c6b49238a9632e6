import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES } from '../api';

export function useRoleOptions() {
  const { t } = useTranslation();
  return useMemo(() => ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) })), [t]);
}
