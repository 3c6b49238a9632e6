import { useState } from 'react';
import { Badge, EmptyState, Group, Select, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { PageHeader } from '../components/page-header';
import { QueryError } from '../components/query-error';
import { useJourneyChoices } from '../feedback/use-journey-choices';
import { useFormat } from '../format';
import { currentLanguage } from '../i18n';
import { useLocationOptions } from '../settings/use-locations';
import { useCurrentOrg } from '../session/current-org';
import { coachingKey, type Dashboard, type DashboardMoment } from './coaching-api';
import { CoachingTabs } from './coaching-tabs';

const STATUS_COLOURS = { meets: 'green', below: 'red', insufficient: 'gray', no_benchmark: 'gray' } as const;

/** The coaching dashboard per outlet: training coverage and exam results next to the moment's customer score. */
export function CoachingPage() {
  const { t } = useTranslation();
  const { choices } = useJourneyChoices();
  const { options } = useLocationOptions();
  const [journeyKey, setJourneyKey] = useState<string | null>(null);
  const [locationId, setLocationId] = useState<string | null>(null);
  const journey = journeyKey ?? choices[0]?.value ?? null;
  return (
    <>
      <PageHeader title={t('nav.coaching')} />
      <CoachingTabs />
      <Stack gap="md">
        <Group gap="md" align="flex-end" wrap="wrap">
          <Select label={t('coaching.common.journey')} data={choices} value={journey} onChange={setJourneyKey} allowDeselect={false} w={260} />
          <Select label={t('coaching.dashboard.location')} data={options} value={locationId} onChange={setLocationId} searchable w={320} placeholder={t('coaching.dashboard.pickLocation')} />
        </Group>
        {journey && locationId ? (
          <DashboardTable journeyKey={journey} locationId={locationId} />
        ) : (
          <EmptyState variant="light" title={t('coaching.dashboard.pickLocation')} />
        )}
      </Stack>
    </>
  );
}

function customerScore(moment: DashboardMoment, format: ReturnType<typeof useFormat>): string {
  const customer = moment.customer;
  if (!customer) return '—';
  const parts = [customer.nps !== null ? `NPS ${format.number(customer.nps)}` : null, customer.csat !== null ? `CSAT ${format.number(customer.csat)}%` : null].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : '—';
}

function DashboardTable({ journeyKey, locationId }: { journeyKey: string; locationId: string }) {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const format = useFormat();
  const locale = currentLanguage();
  const dashboard = useQuery({
    queryKey: coachingKey(orgId, 'dashboard', journeyKey, locationId, locale),
    queryFn: () => api<Dashboard>('/coaching/dashboard', { query: { journeyKey, locationId, locale } }),
  });
  if (dashboard.isPending) return <CenteredLoader />;
  if (dashboard.isError) return <QueryError error={dashboard.error} onRetry={() => void dashboard.refetch()} />;
  if (dashboard.data.moments.length === 0) return <EmptyState variant="light" title={t('coaching.dashboard.noMoments')} />;
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('coaching.dashboard.moment')}</Table.Th>
            <Table.Th>{t('coaching.dashboard.customer')}</Table.Th>
            <Table.Th>{t('coaching.dashboard.coverage')}</Table.Th>
            <Table.Th>{t('coaching.dashboard.exams')}</Table.Th>
            <Table.Th>{t('coaching.dashboard.needsCard')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {dashboard.data.moments.map((moment) => (
            <Table.Tr key={moment.momentKey}>
              <Table.Td>{moment.name}</Table.Td>
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  {moment.customer && (
                    <Badge color={STATUS_COLOURS[moment.customer.status]} variant="light" tt="none" styles={{ root: { flexShrink: 0 }, label: { overflow: 'visible' } }}>
                      {t(`coaching.dashboard.status.${moment.customer.status}`)}
                    </Badge>
                  )}
                  <Text size="sm">{customerScore(moment, format)}</Text>
                </Group>
              </Table.Td>
              <Table.Td>
                {t('coaching.dashboard.readOf', { read: moment.coverage.read, staff: moment.coverage.staff })}
              </Table.Td>
              <Table.Td>{moment.exams.correctPercent === null ? '—' : `${format.number(moment.exams.correctPercent)}% (${moment.exams.answers})`}</Table.Td>
              <Table.Td>
                {moment.needsCard.length === 0 ? (
                  '—'
                ) : (
                  <Group gap={4}>
                    {moment.needsCard.map((person) => (
                      <Badge key={person.staffId} color={person.assigned ? 'orange' : 'gray'} variant="light" tt="none" styles={{ label: { overflow: 'visible' } }}>
                        {person.name}
                      </Badge>
                    ))}
                  </Group>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
