import { useMemo, useState } from 'react';
import { Anchor, Button, EmptyState, Group, Paper, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { IconArrowLeft, IconChartBar, IconMoodSad } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api, type Page } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { LoadMoreButton } from '../components/load-more-button';
import { PageHeader } from '../components/page-header';
import { QueryError } from '../components/query-error';
import { useApiError } from '../components/use-api-error';
import { useFormat } from '../format';
import { useCurrentOrg } from '../session/current-org';
import { useLocationOptions } from '../settings/use-locations';
import { formatMoney } from './case-actions';
import { MomentLabel } from './moment-label';
import { casesKey, usePersonName, type Case, type MetricsRow, type SilentDetractor } from './recovery-api';
import { formatDuration } from './sla-countdown';

type GroupBy = 'location' | 'staff' | 'moment';
const PERIODS = [7, 30, 90, 365] as const;

/** Recovery rate, time to first response and resolution, compensation; and the silent detractors per outlet. */
export function RecoveryMetricsPage() {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const [groupBy, setGroupBy] = useState<GroupBy>('location');
  const [days, setDays] = useState<string>('30');
  // One "now" per period choice, so the query key (and the cache) stays put while the page is open.
  const range = useMemo(() => {
    const to = new Date();
    return { from: new Date(to.getTime() - Number(days) * 86_400_000).toISOString(), to: to.toISOString() };
  }, [days]);
  const metrics = useQuery({
    queryKey: casesKey(orgId, 'metrics', groupBy, range),
    queryFn: () => api<{ groups: MetricsRow[]; total: MetricsRow }>('/recovery/metrics', { query: { groupBy, ...range } }),
  });

  return (
    <>
      <Anchor component={Link} to="/recovery" size="sm" mb="xs" display="inline-flex" style={{ alignItems: 'center', gap: 4 }}>
        <IconArrowLeft size={14} aria-hidden /> {t('recovery.case.back')}
      </Anchor>
      <PageHeader title={t('recovery.metrics.title')} description={t('recovery.metrics.description')} />
      <Stack gap="lg">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <SegmentedControl
            value={groupBy}
            onChange={(value) => setGroupBy(value as GroupBy)}
            aria-label={t('recovery.metrics.groupBy')}
            data={(['location', 'staff', 'moment'] as const).map((value) => ({ value, label: t(`recovery.metrics.by.${value}`) }))}
          />
          <Select
            label={t('recovery.metrics.period')}
            value={days}
            onChange={(value) => setDays(value ?? '30')}
            allowDeselect={false}
            w={200}
            data={PERIODS.map((n) => ({ value: String(n), label: t('recovery.metrics.lastDays', { count: n }) }))}
          />
        </Group>
        {metrics.isPending ? (
          <CenteredLoader />
        ) : metrics.isError ? (
          <QueryError error={metrics.error} onRetry={() => void metrics.refetch()} />
        ) : (
          <MetricsTable groupBy={groupBy} groups={metrics.data.groups} total={metrics.data.total} />
        )}
        <SilentDetractors range={range} />
      </Stack>
    </>
  );
}

function percent(value: number | null): string {
  return value === null ? '—' : `${Math.round(value * 1000) / 10}%`;
}

function MetricsTable({ groupBy, groups, total }: { groupBy: GroupBy; groups: MetricsRow[]; total: MetricsRow }) {
  const { t } = useTranslation();
  const nameOf = usePersonName();
  const { labelOf } = useLocationOptions();
  const keyLabel = (row: MetricsRow) => {
    if (groupBy === 'location') return labelOf(row.key) ?? t('recovery.metrics.noLocation');
    if (groupBy === 'staff') return nameOf(row.key) ?? t('recovery.case.unowned');
    return [row.journeyKey, row.momentKey].filter(Boolean).join(' / ') || t('recovery.metrics.noMoment');
  };
  if (total.cases === 0) {
    return <EmptyState icon={<IconChartBar size={32} stroke={1.5} aria-hidden />} variant="light" title={t('recovery.metrics.emptyTitle')} description={t('recovery.metrics.emptyDescription')} />;
  }
  const cells = (row: MetricsRow) => [
    row.cases,
    row.open,
    row.followUpAnswered,
    row.recovered,
    percent(row.recoveryRate),
    row.avgFirstResponseMinutes === null ? '—' : formatDuration(row.avgFirstResponseMinutes, t),
    row.avgResolutionMinutes === null ? '—' : formatDuration(row.avgResolutionMinutes, t),
    row.slaBreached,
    row.compensation.map((c) => formatMoney(c.cost, c.currency)).join(', ') || '—',
  ];
  const headers = ['cases', 'open', 'answered', 'recovered', 'rate', 'firstResponse', 'resolution', 'breaches', 'compensation'];
  return (
    <>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
        <Kpi label={t('recovery.metrics.columns.rate')} value={percent(total.recoveryRate)} />
        <Kpi label={t('recovery.metrics.columns.firstResponse')} value={total.avgFirstResponseMinutes === null ? '—' : formatDuration(total.avgFirstResponseMinutes, t)} />
        <Kpi label={t('recovery.metrics.columns.resolution')} value={total.avgResolutionMinutes === null ? '—' : formatDuration(total.avgResolutionMinutes, t)} />
        <Kpi label={t('recovery.metrics.columns.compensation')} value={total.compensation.map((c) => formatMoney(c.cost, c.currency)).join(', ') || '—'} />
      </SimpleGrid>
      <Table.ScrollContainer minWidth={860}>
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t(`recovery.metrics.by.${groupBy}`)}</Table.Th>
              {headers.map((h) => (
                <Table.Th key={h}>{t(`recovery.metrics.columns.${h}`)}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {groups.map((row) => (
              <Table.Tr key={`${row.key}-${row.journeyKey}-${row.momentKey}`}>
                <Table.Td>{keyLabel(row)}</Table.Td>
                {cells(row).map((cell, i) => (
                  <Table.Td key={headers[i]}>{cell}</Table.Td>
                ))}
              </Table.Tr>
            ))}
            <Table.Tr fw={700}>
              <Table.Td>{t('recovery.metrics.total')}</Table.Td>
              {cells(total).map((cell, i) => (
                <Table.Td key={headers[i]}>{cell}</Table.Td>
              ))}
            </Table.Tr>
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="xs" c="dimmed">
        {t('recovery.metrics.rateHint')}
      </Text>
    </>
  );
}

function Kpi({ label, value }: { label: string; value: string }) {
  return (
    <Paper withBorder p="sm" radius="md">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="xl" fw={700}>
        {value}
      </Text>
    </Paper>
  );
}

interface SilentPage extends Page<SilentDetractor> {
  byLocation: { locationId: string | null; detractors: number; silent: number }[];
  windowDays: number;
}

/** Detractors who never complained and have no case: the customers who leave quietly. */
function SilentDetractors({ range }: { range: { from: string; to: string } }) {
  const { t } = useTranslation();
  const { orgId, membership } = useCurrentOrg();
  const format = useFormat();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const handleError = useApiError();
  const { labelOf } = useLocationOptions();
  const [location, setLocation] = useState<string | null>(null);
  const silent = useInfiniteQuery({
    queryKey: casesKey(orgId, 'silent', range, location),
    queryFn: ({ pageParam }) => api<SilentPage>('/recovery/silent-detractors', { query: { ...range, locationId: location, limit: 50, cursor: pageParam } }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const reach = useMutation({
    mutationFn: (item: SilentDetractor) =>
      api<{ case: Case }>('/cases', {
        method: 'POST',
        body: {
          channel: item.customerPhone ? 'phone' : item.customerEmail ? 'email' : 'other',
          reason: 'detractor',
          summary: item.comment?.slice(0, 2000) || t('recovery.silent.caseSummary', { nps: item.nps }),
          responseId: item.responseId,
          customerRef: item.customerRef,
          customerName: item.customerName,
          customerPhone: item.customerPhone,
          customerEmail: item.customerEmail,
          visitId: item.visitId,
          locationId: item.locationId,
          journeyKey: item.momentKey ? item.journeyKey : null,
          momentKey: item.momentKey,
          staffRef: item.staffRef,
        },
      }),
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: casesKey(orgId) });
      void navigate(`/cases/${result.case.caseId}`);
    },
    onError: (error) => handleError(error),
  });
  const first = silent.data?.pages[0];
  const items = silent.data?.pages.flatMap((page) => page.items) ?? [];
  const canOpen = membership.role !== 'viewer' && membership.role !== 'auditor';
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} size="h4">
        {t('recovery.silent.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('recovery.silent.description', { days: first?.windowDays ?? 30 })}
      </Text>
      {silent.isPending ? (
        <CenteredLoader />
      ) : silent.isError ? (
        <QueryError error={silent.error} onRetry={() => void silent.refetch()} />
      ) : (
        <Stack gap="md">
          {first && first.byLocation.length > 0 && (
            <Table.ScrollContainer minWidth={420}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('recovery.metrics.by.location')}</Table.Th>
                    <Table.Th>{t('recovery.silent.detractors')}</Table.Th>
                    <Table.Th>{t('recovery.silent.silent')}</Table.Th>
                    <Table.Th>
                      <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {first.byLocation.map((row) => (
                    <Table.Tr key={row.locationId ?? 'none'}>
                      <Table.Td>{labelOf(row.locationId) ?? t('recovery.metrics.noLocation')}</Table.Td>
                      <Table.Td>{row.detractors}</Table.Td>
                      <Table.Td fw={row.silent > 0 ? 700 : undefined} c={row.silent > 0 ? 'red' : undefined}>
                        {row.silent}
                      </Table.Td>
                      <Table.Td>
                        {row.locationId && row.silent > 0 && (
                          <Button size="compact-xs" variant="subtle" onClick={() => setLocation(location === row.locationId ? null : row.locationId)}>
                            {location === row.locationId ? t('recovery.silent.showAll') : t('recovery.silent.showOutlet')}
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          {items.length === 0 ? (
            <EmptyState icon={<IconMoodSad size={32} stroke={1.5} aria-hidden />} variant="light" title={t('recovery.silent.emptyTitle')} description={t('recovery.silent.emptyDescription')} />
          ) : (
            <Stack gap="xs">
              {items.map((item) => (
                <Paper key={item.responseId} withBorder p="sm" radius="sm" data-silent={item.responseId}>
                  <Group justify="space-between" align="flex-start" gap="xs">
                    <Stack gap={2} style={{ flex: '1 1 16rem', minWidth: 0 }}>
                      <Text size="sm" fw={600}>
                        NPS {item.nps} · {item.customerName ?? item.customerRef ?? t('recovery.silent.anonymous')}
                      </Text>
                      {item.comment && <Text size="sm">“{item.comment}”</Text>}
                      <Text size="xs" c="dimmed">
                        {[format.dateTime(item.submittedAt), labelOf(item.locationId)].filter(Boolean).join(' · ')}
                        {item.journeyKey && (
                          <>
                            {' · '}
                            <MomentLabel journeyKey={item.journeyKey} momentKey={item.momentKey} />
                          </>
                        )}
                      </Text>
                    </Stack>
                    {canOpen && (
                      <Button size="xs" onClick={() => reach.mutate(item)} loading={reach.isPending && reach.variables?.responseId === item.responseId}>
                        {t('recovery.silent.reachOut')}
                      </Button>
                    )}
                  </Group>
                </Paper>
              ))}
            </Stack>
          )}
          <LoadMoreButton hasNextPage={silent.hasNextPage} isFetchingNextPage={silent.isFetchingNextPage} onLoadMore={() => void silent.fetchNextPage()} />
        </Stack>
      )}
    </Paper>
  );
}
