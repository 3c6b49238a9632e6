import { useMemo, useState } from 'react';
import { Button, EmptyState, Group, Paper, Switch } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { IconMapPinPlus, IconMapPins } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { api, type Location, type LocationLevel } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { ConfirmModal } from '../components/confirm-modal';
import { PageHeader } from '../components/page-header';
import { QueryError } from '../components/query-error';
import { useApiError } from '../components/use-api-error';
import { useLastPresent } from '../components/use-last-present';
import { useCurrentOrg } from '../session/current-org';
import { LocationFormModal, type LocationFormTarget } from './location-form-modal';
import { LocationTree } from './location-tree';
import { buildTree } from './location-tree-model';
import { locationsKey, useLocations } from './use-locations';
import { useOrganization } from './use-organization';

export function LocationsPage() {
  const { t, i18n } = useTranslation();
  const { orgId, membership } = useCurrentOrg();
  const canEdit = membership.role === 'admin' || membership.role === 'cx_manager';
  const [showArchived, setShowArchived] = useState(false);
  const locations = useLocations(showArchived);
  const organization = useOrganization();
  const [formTarget, setFormTarget] = useState<LocationFormTarget | null>(null);
  const [archiving, setArchiving] = useState<Location | null>(null);
  const queryClient = useQueryClient();
  const handleError = useApiError();
  const [archiveBusy, setArchiveBusy] = useState(false);
  const shownArchiving = useLastPresent(archiving);

  const tree = useMemo(
    () => buildTree(locations.data ?? [], new Intl.Collator(i18n.language)),
    [locations.data, i18n.language],
  );

  const archive = async () => {
    if (!archiving) return;
    setArchiveBusy(true);
    try {
      await api(`/locations/${archiving.locationId}`, { method: 'DELETE' });
      await queryClient.invalidateQueries({ queryKey: locationsKey(orgId) });
      notifications.show({ color: 'green', message: t('locations.archived', { name: archiving.name }) });
      setArchiving(null);
    } catch (error) {
      handleError(error, undefined, (failure) =>
        failure.status === 409 ? t('locations.archiveBlocked', { name: archiving.name }) : undefined,
      );
    } finally {
      setArchiveBusy(false);
    }
  };

  const addTopLevel = () => setFormTarget({ mode: 'create', parent: null, level: 'region' satisfies LocationLevel });

  return (
    <>
      <PageHeader
        title={t('locations.title')}
        description={t('locations.description')}
        actions={
          canEdit && (
            <Button leftSection={<IconMapPinPlus size={18} aria-hidden />} onClick={addTopLevel}>
              {t('locations.add')}
            </Button>
          )
        }
      />
      <Group mb="md">
        <Switch
          label={t('locations.showArchived')}
          checked={showArchived}
          onChange={(event) => setShowArchived(event.currentTarget.checked)}
        />
      </Group>
      {locations.isPending && <CenteredLoader />}
      {locations.isError && <QueryError error={locations.error} onRetry={() => void locations.refetch()} />}
      {locations.data && tree.length === 0 && (
        <Paper withBorder p="xl" radius="md">
          <EmptyState
            icon={<IconMapPins size={32} stroke={1.5} aria-hidden />}
            variant="light"
            title={t('locations.emptyTitle')}
            description={t('locations.emptyDescription')}
          >
            {canEdit && (
              <EmptyState.Actions>
                <Button onClick={addTopLevel}>{t('locations.add')}</Button>
              </EmptyState.Actions>
            )}
          </EmptyState>
        </Paper>
      )}
      {tree.length > 0 && (
        <Paper withBorder radius="md" p="xs">
          <LocationTree
            nodes={tree}
            orgTimezone={organization.data?.timezone}
            canEdit={canEdit}
            onEdit={(location) => setFormTarget({ mode: 'edit', location })}
            onAddChild={(parent, level) => setFormTarget({ mode: 'create', parent, level })}
            onArchive={setArchiving}
          />
        </Paper>
      )}
      <LocationFormModal
        target={formTarget}
        locations={locations.data ?? []}
        defaultTimezone={organization.data?.timezone ?? 'UTC'}
        onClose={() => setFormTarget(null)}
      />
      <ConfirmModal
        opened={archiving !== null}
        title={t('locations.archiveTitle', { name: shownArchiving?.name ?? '' })}
        message={t('locations.archiveMessage')}
        confirmLabel={t('locations.archive')}
        loading={archiveBusy}
        onConfirm={() => void archive()}
        onClose={() => setArchiving(null)}
      />
    </>
  );
}
