import { Anchor, Badge, Button, EmptyState, Group, Paper, SegmentedControl, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconChecklist } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { LoadMoreButton } from '../components/load-more-button';
import { PageHeader } from '../components/page-header';
import { QueryError } from '../components/query-error';
import { useApiError } from '../components/use-api-error';
import { usePagedList } from '../components/use-paged-list';
import { useFormat } from '../format';
import { currentLanguage } from '../i18n';
import { textIn } from '../journeys/blueprint-model';
import { useCurrentOrg } from '../session/current-org';
import { useLocationOptions } from '../settings/use-locations';
import { AuditsTabs } from './audits-tabs';
import { MorningSheetButton } from './morning-sheet-modal';
import { auditsKey, usePersonName, type CorrectiveAction } from './audits-api';

export const ACTION_STATUS_COLORS: Record<string, string> = { open: 'orange', done: 'blue', verified: 'green' };
const ACTION_MANAGERS = new Set(['admin', 'cx_manager', 'outlet_manager']);
const VIEWS = ['open', 'overdue', 'done', 'verified', 'all'] as const;
type View = (typeof VIEWS)[number];

/** Corrective actions the audits opened: what is open, late, done (awaiting the next audit) or verified. */
export function ActionsPage() {
  const { t } = useTranslation();
  const { orgId, membership } = useCurrentOrg();
  const [params, setParams] = useSearchParams();
  const { options: locationOptions } = useLocationOptions();
  const view = (VIEWS as readonly string[]).includes(params.get('view') ?? '') ? (params.get('view') as View) : 'open';
  const locationId = params.get('location') ?? '';
  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const query = {
    status: view === 'overdue' ? 'open' : view === 'all' ? '' : view,
    overdue: view === 'overdue' ? true : undefined,
    locationId,
  };
  const actions = usePagedList<CorrectiveAction>(auditsKey(orgId, 'actions', query), '/audits/actions', query);
  const canManage = ACTION_MANAGERS.has(membership.role);

  return (
    <>
      <PageHeader title={t('audits.title')} description={t('audits.actions.description')} actions={<MorningSheetButton locationId={locationId || null} />} />
      <AuditsTabs />
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <SegmentedControl
            value={view}
            onChange={(value) => setParam('view', value === 'open' ? null : value)}
            aria-label={t('audits.actions.viewLabel')}
            data={VIEWS.map((value) => ({ value, label: t(`audits.actions.views.${value}`) }))}
            fullWidth
            style={{ alignSelf: 'end' }}
          />
          <Select
            label={t('audits.filters.outlet')}
            value={locationId || null}
            onChange={(value) => setParam('location', value)}
            clearable
            searchable
            placeholder={t('audits.filters.any')}
            data={locationOptions}
          />
        </SimpleGrid>
        {actions.isPending ? (
          <CenteredLoader />
        ) : actions.isError ? (
          <QueryError error={actions.error} onRetry={() => void actions.refetch()} />
        ) : actions.data.length === 0 ? (
          <EmptyState
            icon={<IconChecklist size={32} stroke={1.5} aria-hidden />}
            variant="light"
            title={t(`audits.actions.empty.${view}`)}
            description={t('audits.actions.emptyDescription')}
          />
        ) : (
          <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('audits.actions.listLabel')}>
            {actions.data.map((action) => (
              <li key={action.actionId}>
                <ActionCard action={action} canManage={canManage} />
              </li>
            ))}
          </Stack>
        )}
        <LoadMoreButton hasNextPage={actions.hasNextPage} isFetchingNextPage={actions.isFetchingNextPage} onLoadMore={() => void actions.fetchNextPage()} />
      </Stack>
    </>
  );
}

function ActionCard({ action, canManage }: { action: CorrectiveAction; canManage: boolean }) {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const format = useFormat();
  const language = currentLanguage();
  const queryClient = useQueryClient();
  const onError = useApiError();
  const { labelOf } = useLocationOptions();
  const personName = usePersonName();
  const change = useMutation({
    mutationFn: (status: 'open' | 'done') => api<CorrectiveAction>(`/audits/actions/${action.actionId}`, { method: 'PATCH', body: { status } }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: auditsKey(orgId, 'actions') }),
    onError: (error) => onError(error),
  });
  const title = textIn(action.title, language, 'en') || action.itemKey;
  return (
    <Paper withBorder p="md" radius="md" style={action.overdue ? { borderColor: 'var(--mantine-color-red-6)' } : undefined}>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Stack gap={4} style={{ flex: '1 1 18rem', minWidth: 0 }}>
          <Group gap={6} wrap="nowrap" align="flex-start">
            {action.critical && <IconAlertTriangle size={18} color="var(--mantine-color-red-6)" aria-label={t('audits.result.critical')} style={{ flexShrink: 0, marginTop: 2 }} />}
            <Text fw={600}>{title}</Text>
          </Group>
          <Text size="sm" c="dimmed">
            {labelOf(action.locationId) ?? t('audits.unknownLocation')} ·{' '}
            <Anchor component={Link} to={`/audits/runs/${action.sourceRunId}`} size="sm">
              {t('audits.actions.sourceRun')}
            </Anchor>
          </Text>
          {action.note && (
            <Text size="sm" fs="italic">
              “{action.note}”
            </Text>
          )}
          <Group gap="xs">
            <Badge variant="light" color={ACTION_STATUS_COLORS[action.status]}>
              {t(`audits.actionStatus.${action.status}`)}
            </Badge>
            {action.overdue && (
              <Badge color="red" variant="filled">
                {t('audits.runs.overdue')}
              </Badge>
            )}
            {action.reopenCount > 0 && (
              <Badge color="grape" variant="light">
                {t('audits.actions.reopened', { count: action.reopenCount })}
              </Badge>
            )}
          </Group>
        </Stack>
        <Stack gap={4} align="flex-end">
          <Text size="sm">{personName(action.ownerUserId) ?? t('audits.actions.noOwner')}</Text>
          <Text size="sm" c={action.overdue ? 'red' : 'dimmed'}>
            {t('audits.actions.due', { date: format.date(action.dueAt) })}
          </Text>
          {canManage && action.status === 'open' && (
            <Button size="xs" onClick={() => change.mutate('done')} loading={change.isPending}>
              {t('audits.actions.markDone')}
            </Button>
          )}
          {canManage && action.status === 'done' && (
            <Button size="xs" variant="default" onClick={() => change.mutate('open')} loading={change.isPending}>
              {t('audits.actions.reopen')}
            </Button>
          )}
          {action.status === 'done' && (
            <Text size="xs" c="dimmed" maw={220} ta="right">
              {t('audits.actions.awaitsAudit')}
            </Text>
          )}
        </Stack>
      </Group>
    </Paper>
  );
}
