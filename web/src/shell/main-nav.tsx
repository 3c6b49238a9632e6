import { NavLink, Stack } from '@mantine/core';
import { IconSettings } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { PRODUCT_NAV, SETTINGS_NAV, type NavItem } from './nav-items';

/** The whole product at a glance; `onNavigate` closes the drawer on small screens. */
export function MainNav({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const inSettings = pathname.startsWith('/settings');

  const renderItem = (item: NavItem) => {
    const active = pathname === item.path || pathname.startsWith(`${item.path}/`);
    const Icon = item.icon;
    return (
      <NavLink
        key={item.path}
        component={Link}
        to={item.path}
        label={t(item.label)}
        leftSection={<Icon size={20} stroke={1.6} aria-hidden />}
        active={active}
        aria-current={active ? 'page' : undefined}
        onClick={onNavigate}
      />
    );
  };

  return (
    <Stack component="nav" gap={2} aria-label={t('nav.main')}>
      {PRODUCT_NAV.map(renderItem)}
      <NavLink
        component="button"
        label={t('nav.settings')}
        leftSection={<IconSettings size={20} stroke={1.6} aria-hidden />}
        defaultOpened={inSettings}
        active={inSettings}
        variant="subtle"
        childrenOffset="md"
      >
        {SETTINGS_NAV.map(renderItem)}
      </NavLink>
    </Stack>
  );
}
