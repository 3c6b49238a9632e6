import { Suspense } from 'react';
import { AppShell, Burger, Group, ScrollArea } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router-dom';
import type { User } from '../api';
import { BrandMark } from '../components/brand-mark';
import { CenteredLoader } from '../components/centered-loader';
import { MainNav } from './main-nav';
import { NotificationsBell } from './notifications-bell';
import { OrgSwitcher } from './org-switcher';
import { ProfileLanguageMenu } from './profile-language-menu';
import { UserMenu } from './user-menu';

export function AppLayout({ user }: { user: User }) {
  const { t } = useTranslation();
  const [navOpened, { toggle, close }] = useDisclosure(false);

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 264, breakpoint: 'sm', collapsed: { mobile: !navOpened } }}
      padding={{ base: 'md', sm: 'xl' }}
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={navOpened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={navOpened ? t('nav.close') : t('nav.open')}
            />
            <BrandMark />
          </Group>
          <Group gap="xs" wrap="nowrap">
            <NotificationsBell />
            <ProfileLanguageMenu />
            <UserMenu user={user} />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm">
        <AppShell.Section mb="sm">
          <OrgSwitcher />
        </AppShell.Section>
        <AppShell.Section grow component={ScrollArea}>
          <MainNav onNavigate={close} />
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main>
        <Suspense fallback={<CenteredLoader />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
