import { useState } from 'react';
import { Badge, Button, EmptyState, Group, Paper, Table, Text, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { IconKey, IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { api, type ApiKey } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { ConfirmModal } from '../components/confirm-modal';
import { LoadMoreButton } from '../components/load-more-button';
import { PageHeader } from '../components/page-header';
import { QueryError } from '../components/query-error';
import { useApiError } from '../components/use-api-error';
import { useLastPresent } from '../components/use-last-present';
import { usePagedList } from '../components/use-paged-list';
import { useFormat } from '../format';
import { orgKey } from '../query-client';
import { useCurrentOrg } from '../session/current-org';
import { AdminOnlyNotice } from './admin-only-notice';
import { CreateApiKeyModal } from './create-api-key-modal';

export function ApiKeysPage() {
  const { t } = useTranslation();
  const { isAdmin } = useCurrentOrg();
  return (
    <>
      <PageHeader title={t('apiKeys.title')} description={t('apiKeys.description')} />
      {isAdmin ? <ApiKeysList /> : <AdminOnlyNotice message={t('apiKeys.adminOnly')} />}
    </>
  );
}

function ApiKeysList() {
  const { t } = useTranslation();
  const format = useFormat();
  const { orgId } = useCurrentOrg();
  const queryClient = useQueryClient();
  const handleError = useApiError();
  const keys = usePagedList<ApiKey>(orgKey(orgId, 'api-keys'), '/api-keys');
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [busy, setBusy] = useState(false);
  const shownRevoking = useLastPresent(revoking);

  const revoke = async () => {
    if (!revoking) return;
    setBusy(true);
    try {
      await api(`/api-keys/${revoking.apiKeyId}`, { method: 'DELETE' });
      await queryClient.invalidateQueries({ queryKey: orgKey(orgId, 'api-keys') });
      notifications.show({ color: 'green', message: t('apiKeys.revoked', { name: revoking.name }) });
      setRevoking(null);
    } catch (error) {
      handleError(error);
    } finally {
      setBusy(false);
    }
  };

  const createButton = (
    <Button leftSection={<IconPlus size={18} aria-hidden />} onClick={() => setCreating(true)}>
      {t('apiKeys.create')}
    </Button>
  );

  return (
    <>
      {keys.data && keys.data.length > 0 && (
        <Group justify="flex-end" mb="md">
          {createButton}
        </Group>
      )}
      {keys.isPending && <CenteredLoader />}
      {keys.isError && <QueryError error={keys.error} onRetry={() => void keys.refetch()} />}
      {keys.data?.length === 0 && (
        <Paper withBorder p="xl" radius="md">
          <EmptyState
            icon={<IconKey size={32} stroke={1.5} aria-hidden />}
            variant="light"
            title={t('apiKeys.emptyTitle')}
            description={t('apiKeys.emptyDescription')}
          >
            <EmptyState.Actions>{createButton}</EmptyState.Actions>
          </EmptyState>
        </Paper>
      )}
      {keys.data && keys.data.length > 0 && (
        <Paper withBorder radius="md">
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('fields.name')}</Table.Th>
                  <Table.Th>{t('apiKeys.prefix')}</Table.Th>
                  <Table.Th>{t('apiKeys.scopes')}</Table.Th>
                  <Table.Th>{t('apiKeys.created')}</Table.Th>
                  <Table.Th>{t('apiKeys.lastUsed')}</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {keys.data.map((key) => (
                  <Table.Tr key={key.apiKeyId} style={key.revokedAt ? { opacity: 0.65 } : undefined}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {key.name}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" className="km-code">
                        {key.prefix}…
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {key.scopes.map((scope) => (
                          <Badge key={scope} variant="light" size="sm">
                            {t(`scopes.${scope}`)}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td>{format.dateTime(key.createdAt)}</Table.Td>
                    <Table.Td>{key.lastUsedAt ? format.dateTime(key.lastUsedAt) : t('apiKeys.never')}</Table.Td>
                    <Table.Td ta="right">
                      {key.revokedAt ? (
                        <Badge color="gray" variant="outline">
                          {t('apiKeys.revokedOn', { date: format.date(key.revokedAt) })}
                        </Badge>
                      ) : (
                        <Button variant="subtle" color="red" size="xs" onClick={() => setRevoking(key)}>
                          {t('apiKeys.revoke')}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      <LoadMoreButton
        hasNextPage={keys.hasNextPage}
        isFetchingNextPage={keys.isFetchingNextPage}
        onLoadMore={() => void keys.fetchNextPage()}
      />
      <CreateApiKeyModal opened={creating} onClose={() => setCreating(false)} />
      <ConfirmModal
        opened={revoking !== null}
        title={t('apiKeys.revokeTitle', { name: shownRevoking?.name ?? '' })}
        message={t('apiKeys.revokeMessage')}
        confirmLabel={t('apiKeys.revoke')}
        loading={busy}
        onConfirm={() => void revoke()}
        onClose={() => setRevoking(null)}
      />
    </>
  );
}
