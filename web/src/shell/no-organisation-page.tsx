import { useState } from 'react';
import { Button, Center, Container, EmptyState, Group } from '@mantine/core';
import { IconBuildingOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { storeOrgId, type User } from '../api';
import { BrandMark } from '../components/brand-mark';
import { CreateOrgModal } from './create-org-modal';
import { ProfileLanguageMenu } from './profile-language-menu';
import { UserMenu } from './user-menu';

/** A signed-in user without any active membership, e.g. after being deactivated everywhere. */
export function NoOrganisationPage({ user }: { user: User }) {
  const { t } = useTranslation();
  const [creating, setCreating] = useState(false);

  return (
    <Container size="sm" py="xl">
      <Group justify="space-between" mb="xl">
        <BrandMark />
        <Group gap="xs" wrap="nowrap">
          <ProfileLanguageMenu />
          <UserMenu user={user} />
        </Group>
      </Group>
      <Center component="main" mih="50dvh">
        <EmptyState
          icon={<IconBuildingOff size={32} aria-hidden />}
          withIndicatorBackground
          title={t('orgs.noneTitle')}
          description={t('orgs.noneDescription')}
        >
          <EmptyState.Actions>
            <Button onClick={() => setCreating(true)}>{t('orgs.create')}</Button>
          </EmptyState.Actions>
        </EmptyState>
      </Center>
      <CreateOrgModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(organization) => storeOrgId(organization.orgId)}
      />
    </Container>
  );
}
