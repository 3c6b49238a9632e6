import { useState } from 'react';
import { Anchor, Badge, Button, EmptyState, Group, Paper, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconClipboardCheck, IconLink, IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { CenteredLoader } from '../components/centered-loader';
import { LoadMoreButton } from '../components/load-more-button';
import { PageHeader } from '../components/page-header';
import { QueryError } from '../components/query-error';
import { usePagedList } from '../components/use-paged-list';
import { useFormat } from '../format';
import { useCurrentOrg } from '../session/current-org';
import { useLocationOptions } from '../settings/use-locations';
import { AuditsTabs } from './audits-tabs';
import { auditsKey, RUN_KINDS, RUN_STATUSES, usePersonName, type RunSummary } from './audits-api';
import { ComplianceBadge } from './compliance-badge';
import { CreateRunModal } from './create-run-modal';
import { ShopperLinkModal } from './shopper-link-modal';

export const RUN_STATUS_COLORS: Record<string, string> = { open: 'blue', in_progress: 'indigo', submitted: 'teal', cancelled: 'gray' };
const MANAGERS = new Set(['admin', 'cx_manager', 'auditor']);

/** The audits overview: runs newest first, filtered by outlet, status and kind, and a way to start one. */
export function AuditsPage() {
  const { t } = useTranslation();
  const { orgId, membership } = useCurrentOrg();
  const [params, setParams] = useSearchParams();
  const [createOpen, setCreateOpen] = useState(false);
  const [linkRunId, setLinkRunId] = useState<string | null>(null);
  const { options: locationOptions } = useLocationOptions();
  const canManage = MANAGERS.has(membership.role);
  const filters = { locationId: params.get('location') ?? '', status: params.get('status') ?? '', kind: params.get('kind') ?? '' };
  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const runs = usePagedList<RunSummary>(auditsKey(orgId, 'runs', filters), '/audits/runs', filters);

  return (
    <>
      <PageHeader
        title={t('audits.title')}
        description={t('audits.runs.description')}
        actions={
          canManage && (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreateOpen(true)}>
              {t('audits.runs.create')}
            </Button>
          )
        }
      />
      <AuditsTabs />
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
          <Select
            label={t('audits.filters.outlet')}
            value={filters.locationId || null}
            onChange={(value) => setParam('location', value)}
            clearable
            searchable
            placeholder={t('audits.filters.any')}
            data={locationOptions}
          />
          <Select
            label={t('audits.filters.status')}
            value={filters.status || null}
            onChange={(value) => setParam('status', value)}
            clearable
            placeholder={t('audits.filters.any')}
            data={RUN_STATUSES.map((status) => ({ value: status, label: t(`audits.status.${status}`) }))}
          />
          <Select
            label={t('audits.filters.kind')}
            value={filters.kind || null}
            onChange={(value) => setParam('kind', value)}
            clearable
            placeholder={t('audits.filters.any')}
            data={RUN_KINDS.map((kind) => ({ value: kind, label: t(`audits.kind.${kind}`) }))}
          />
        </SimpleGrid>

        {runs.isPending ? (
          <CenteredLoader />
        ) : runs.isError ? (
          <QueryError error={runs.error} onRetry={() => void runs.refetch()} />
        ) : runs.data.length === 0 ? (
          <EmptyState
            icon={<IconClipboardCheck size={32} stroke={1.5} aria-hidden />}
            variant="light"
            title={filters.locationId || filters.status || filters.kind ? t('audits.runs.emptyFiltered') : t('audits.runs.empty')}
            description={t('audits.runs.emptyDescription')}
          />
        ) : (
          <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('audits.runs.listLabel')}>
            {runs.data.map((run) => (
              <li key={run.runId}>
                <RunCard run={run} canManage={canManage} onShopperLink={() => setLinkRunId(run.runId)} />
              </li>
            ))}
          </Stack>
        )}
        <LoadMoreButton hasNextPage={runs.hasNextPage} isFetchingNextPage={runs.isFetchingNextPage} onLoadMore={() => void runs.fetchNextPage()} />
      </Stack>
      <CreateRunModal opened={createOpen} onClose={() => setCreateOpen(false)} onMysteryCreated={(runId) => setLinkRunId(runId)} />
      <ShopperLinkModal runId={linkRunId} onClose={() => setLinkRunId(null)} />
    </>
  );
}

function RunCard({ run, canManage, onShopperLink }: { run: RunSummary; canManage: boolean; onShopperLink: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { labelOf } = useLocationOptions();
  const personName = usePersonName();
  const assignee = personName(run.assigneeUserId);
  const active = run.status === 'open' || run.status === 'in_progress';
  return (
    <Paper withBorder p="md" radius="md" style={run.overdue ? { borderColor: 'var(--mantine-color-red-6)' } : undefined}>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Stack gap={4} style={{ flex: '1 1 18rem', minWidth: 0 }}>
          <Anchor component={Link} to={`/audits/runs/${run.runId}`} fw={600}>
            {labelOf(run.locationId) ?? t('audits.unknownLocation')}
          </Anchor>
          <Text size="sm" c="dimmed">
            {run.checklistKey} · v{run.checklistVersion}
          </Text>
          <Group gap="xs">
            <Badge variant="light" color="gray">
              {t(`audits.kind.${run.kind}`)}
            </Badge>
            <Badge variant="light" color={RUN_STATUS_COLORS[run.status]}>
              {t(`audits.status.${run.status}`)}
            </Badge>
            {run.overdue && (
              <Badge color="red" variant="filled">
                {t('audits.runs.overdue')}
              </Badge>
            )}
          </Group>
        </Stack>
        <Stack gap={4} align="flex-end">
          {run.status === 'submitted' ? (
            <ComplianceBadge compliance={run.compliance} passed={run.passed} criticalFailed={run.criticalFailed} />
          ) : (
            run.dueAt && (
              <Text size="sm" c={run.overdue ? 'red' : 'dimmed'}>
                {t('audits.runs.due', { date: format.dateTime(run.dueAt) })}
              </Text>
            )
          )}
          {run.submittedAt && (
            <Text size="sm" c="dimmed">
              {t('audits.runs.submitted', { date: format.dateTime(run.submittedAt) })}
            </Text>
          )}
          {assignee && (
            <Text size="sm" c="dimmed">
              {t('audits.runs.assignee', { name: assignee })}
            </Text>
          )}
          {canManage && active && run.kind === 'mystery_shopping' && (
            <Button size="xs" variant="default" leftSection={<IconLink size={14} aria-hidden />} onClick={onShopperLink}>
              {t('audits.shopper.button')}
            </Button>
          )}
        </Stack>
      </Group>
    </Paper>
  );
}
