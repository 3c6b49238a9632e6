import { useState } from 'react';
import { Anchor, Badge, Button, EmptyState, Group, Paper, SegmentedControl, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconChartBar, IconLifebuoy, IconPlus, IconSettings } from '@tabler/icons-react';
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
import { LogComplaintModal } from './log-complaint-modal';
import { CASE_REASONS, CASE_STATUSES, casesKey, SLA_STATES, STEP_KEYS, usePersonName, type Case, type CaseView } from './recovery-api';
import { SlaCountdown } from './sla-countdown';

export const STATUS_COLORS: Record<string, string> = {
  open: 'blue',
  in_progress: 'indigo',
  pending_approval: 'grape',
  awaiting_follow_up: 'cyan',
  closed: 'gray',
};

/** The inbox: my cases, the team queue (unowned cases of my outlets) or all I may see, with filters. */
export function RecoveryPage() {
  const { t } = useTranslation();
  const { orgId, membership } = useCurrentOrg();
  const [params, setParams] = useSearchParams();
  const [logOpen, setLogOpen] = useState(false);
  const { options: locationOptions } = useLocationOptions();
  const view = (params.get('view') as CaseView | null) ?? 'mine';
  const filters = {
    status: params.get('status') ?? 'active',
    slaState: params.get('sla') ?? '',
    reason: params.get('reason') ?? '',
    locationId: params.get('location') ?? '',
  };
  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const query = { view, status: filters.status === 'any' ? '' : filters.status, slaState: filters.slaState, reason: filters.reason, locationId: filters.locationId };
  const cases = usePagedList<Case>(casesKey(orgId, 'list', query), '/cases', query);
  const canOpen = membership.role !== 'viewer' && membership.role !== 'auditor';

  return (
    <>
      <PageHeader
        title={t('recovery.inbox.title')}
        description={t('recovery.inbox.description')}
        actions={
          <>
            <Button component={Link} to="/recovery/metrics" variant="default" leftSection={<IconChartBar size={16} aria-hidden />}>
              {t('recovery.metrics.title')}
            </Button>
            <Button component={Link} to="/recovery/settings" variant="default" leftSection={<IconSettings size={16} aria-hidden />}>
              {t('recovery.settings.title')}
            </Button>
            {canOpen && (
              <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setLogOpen(true)}>
                {t('recovery.log.button')}
              </Button>
            )}
          </>
        }
      />
      <Stack gap="md">
        <SegmentedControl
          value={view}
          onChange={(value) => setParam('view', value === 'mine' ? null : value)}
          aria-label={t('recovery.inbox.viewLabel')}
          data={[
            { value: 'mine', label: t('recovery.inbox.views.mine') },
            { value: 'team', label: t('recovery.inbox.views.team') },
            { value: 'all', label: t('recovery.inbox.views.all') },
          ]}
          fullWidth
          maw={520}
        />
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
          <Select
            label={t('recovery.filters.status')}
            value={filters.status}
            onChange={(value) => setParam('status', value === 'active' ? null : value)}
            allowDeselect={false}
            data={[
              { value: 'active', label: t('recovery.filters.active') },
              { value: 'any', label: t('recovery.filters.any') },
              ...CASE_STATUSES.map((status) => ({ value: status, label: t(`recovery.status.${status}`) })),
            ]}
          />
          <Select
            label={t('recovery.filters.sla')}
            value={filters.slaState || null}
            onChange={(value) => setParam('sla', value)}
            clearable
            placeholder={t('recovery.filters.any')}
            data={SLA_STATES.map((state) => ({ value: state, label: t(`recovery.slaState.${state}`) }))}
          />
          <Select
            label={t('recovery.filters.reason')}
            value={filters.reason || null}
            onChange={(value) => setParam('reason', value)}
            clearable
            placeholder={t('recovery.filters.any')}
            data={CASE_REASONS.map((reason) => ({ value: reason, label: t(`recovery.reason.${reason}`) }))}
          />
          <Select
            label={t('recovery.filters.location')}
            value={filters.locationId || null}
            onChange={(value) => setParam('location', value)}
            clearable
            searchable
            placeholder={t('recovery.filters.any')}
            data={locationOptions}
          />
        </SimpleGrid>

        {cases.isPending ? (
          <CenteredLoader />
        ) : cases.isError ? (
          <QueryError error={cases.error} onRetry={() => void cases.refetch()} />
        ) : cases.data.length === 0 ? (
          <EmptyState
            icon={<IconLifebuoy size={32} stroke={1.5} aria-hidden />}
            variant="light"
            title={t(`recovery.inbox.empty.${view}`)}
            description={t('recovery.inbox.emptyDescription')}
          />
        ) : (
          <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('recovery.inbox.listLabel')}>
            {cases.data.map((item) => (
              <li key={item.caseId}>
                <CaseCard item={item} />
              </li>
            ))}
          </Stack>
        )}
        <LoadMoreButton hasNextPage={cases.hasNextPage} isFetchingNextPage={cases.isFetchingNextPage} onLoadMore={() => void cases.fetchNextPage()} />
      </Stack>
      <LogComplaintModal opened={logOpen} onClose={() => setLogOpen(false)} />
    </>
  );
}

function CaseCard({ item }: { item: Case }) {
  const { t } = useTranslation();
  const format = useFormat();
  const nameOf = usePersonName();
  const { labelOf } = useLocationOptions();
  const step = item.currentStep ? STEP_KEYS.indexOf(item.currentStep) + 1 : null;
  return (
    <Paper withBorder p="sm" radius="md" data-case-id={item.caseId}>
      <Group justify="space-between" align="flex-start" gap="xs" wrap="wrap">
        <Stack gap={4} style={{ flex: '1 1 18rem', minWidth: 0 }}>
          <Anchor component={Link} to={`/cases/${item.caseId}`} fw={600} lineClamp={2}>
            {item.summary}
          </Anchor>
          <Group gap={6}>
            <Badge color={STATUS_COLORS[item.status]} variant="light">
              {t(`recovery.status.${item.status}`)}
            </Badge>
            <Badge color="gray" variant="outline">
              {t(`recovery.reason.${item.reason}`)}
            </Badge>
            {step !== null && item.currentStep && (
              <Badge color="gray" variant="light">
                {t('recovery.case.stepOf', { step, title: t(`recovery.steps.${item.currentStep}`) })}
              </Badge>
            )}
            {item.pendingTransferTo && (
              <Badge color="yellow" variant="light">
                {t('recovery.case.transferPendingShort')}
              </Badge>
            )}
            {item.escalationLevel > 0 && (
              <Badge color="red" variant="light">
                {t(`recovery.escalation.${item.escalationLevelName}`)}
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed">
            {[
              item.customerName ?? item.customerRef,
              labelOf(item.locationId),
              item.ownerId ? t('recovery.case.ownedBy', { name: nameOf(item.ownerId) ?? '—' }) : t('recovery.case.unowned'),
              format.dateTime(item.openedAt),
            ]
              .filter(Boolean)
              .join(' · ')}
          </Text>
        </Stack>
        <SlaCountdown dueAt={item.sla.nextDueAt} closed={item.status === 'closed'} />
      </Group>
    </Paper>
  );
}
