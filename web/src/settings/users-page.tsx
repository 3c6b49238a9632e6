import { Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/page-header';
import { useCurrentOrg } from '../session/current-org';
import { AdminOnlyNotice } from './admin-only-notice';
import { InvitationsSection } from './invitations-section';
import { MembersSection } from './members-section';

export function UsersPage() {
  const { t } = useTranslation();
  const { membership, isAdmin } = useCurrentOrg();
  const canView = isAdmin || membership.role === 'cx_manager';

  return (
    <>
      <PageHeader title={t('users.title')} description={t('users.description')} />
      {canView ? (
        <Stack gap="xl">
          {!isAdmin && <AdminOnlyNotice message={t('settings.adminOnlyEdit')} />}
          <MembersSection />
          {isAdmin && <InvitationsSection />}
        </Stack>
      ) : (
        <AdminOnlyNotice message={t('users.noAccess')} />
      )}
    </>
  );
}
