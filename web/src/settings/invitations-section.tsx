import { useState } from 'react';
import { Button, Paper, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Invitation } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { ConfirmModal } from '../components/confirm-modal';
import { LoadMoreButton } from '../components/load-more-button';
import { QueryError } from '../components/query-error';
import { useApiError } from '../components/use-api-error';
import { useLastPresent } from '../components/use-last-present';
import { usePagedList } from '../components/use-paged-list';
import { useFormat } from '../format';
import { orgKey } from '../query-client';
import { useCurrentOrg } from '../session/current-org';
import { InviteForm } from './invite-form';
import { useLocationOptions } from './use-locations';

export function InvitationsSection() {
  const { t } = useTranslation();
  const format = useFormat();
  const { orgId } = useCurrentOrg();
  const queryClient = useQueryClient();
  const handleError = useApiError();
  const { labelOf } = useLocationOptions();
  const invitations = usePagedList<Invitation>(orgKey(orgId, 'invitations'), '/invitations');
  const [revoking, setRevoking] = useState<Invitation | null>(null);
  const [busy, setBusy] = useState(false);
  const shownRevoking = useLastPresent(revoking);

  const revoke = async () => {
    if (!revoking) return;
    setBusy(true);
    try {
      await api(`/invitations/${revoking.invitationId}`, { method: 'DELETE' });
      await queryClient.invalidateQueries({ queryKey: orgKey(orgId, 'invitations') });
      notifications.show({ color: 'green', message: t('invitations.revoked', { email: revoking.email }) });
      setRevoking(null);
    } catch (error) {
      handleError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <section aria-labelledby="invite-heading">
        <Title order={2} size="h4" mb="sm" id="invite-heading">
          {t('invitations.inviteTitle')}
        </Title>
        <InviteForm />
      </section>
      <section aria-labelledby="invitations-heading">
        <Title order={2} size="h4" mb="sm" id="invitations-heading">
          {t('invitations.pendingTitle')}
        </Title>
        {invitations.isPending && <CenteredLoader />}
        {invitations.isError && <QueryError error={invitations.error} onRetry={() => void invitations.refetch()} />}
        {invitations.data?.length === 0 && (
          <Text c="dimmed" size="sm">
            {t('invitations.none')}
          </Text>
        )}
        {invitations.data && invitations.data.length > 0 && (
          <Paper withBorder radius="md">
            <Table.ScrollContainer minWidth={640}>
              <Table verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('fields.email')}</Table.Th>
                    <Table.Th>{t('fields.role')}</Table.Th>
                    <Table.Th>{t('fields.locationScope')}</Table.Th>
                    <Table.Th>{t('invitations.expires')}</Table.Th>
                    <Table.Th>
                      <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {invitations.data.map((invitation) => (
                    <Table.Tr key={invitation.invitationId}>
                      <Table.Td>{invitation.email}</Table.Td>
                      <Table.Td>{t(`roles.${invitation.role}`)}</Table.Td>
                      <Table.Td>{labelOf(invitation.locationId) ?? t('users.wholeOrganisation')}</Table.Td>
                      <Table.Td>{format.dateTime(invitation.expiresAt)}</Table.Td>
                      <Table.Td ta="right">
                        <Button variant="subtle" color="red" size="xs" onClick={() => setRevoking(invitation)}>
                          {t('invitations.revoke')}
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        )}
        <LoadMoreButton
          hasNextPage={invitations.hasNextPage}
          isFetchingNextPage={invitations.isFetchingNextPage}
          onLoadMore={() => void invitations.fetchNextPage()}
        />
      </section>
      <ConfirmModal
        opened={revoking !== null}
        title={t('invitations.revokeTitle', { email: shownRevoking?.email ?? '' })}
        message={t('invitations.revokeMessage')}
        confirmLabel={t('invitations.revoke')}
        loading={busy}
        onConfirm={() => void revoke()}
        onClose={() => setRevoking(null)}
      />
    </>
  );
}
