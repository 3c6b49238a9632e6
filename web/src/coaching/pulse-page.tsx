import { useState } from 'react';
import { Alert, Badge, Button, Card, Group, SegmentedControl, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { PageHeader } from '../components/page-header';
import { QueryError } from '../components/query-error';
import { describeApiError } from '../components/use-api-error';
import { useFormat } from '../format';
import { useLocationOptions } from '../settings/use-locations';
import { useCurrentOrg } from '../session/current-org';
import { coachingKey } from './coaching-api';
import { CoachingTabs } from './coaching-tabs';
import { thisMonth, type PulseReport, type PulseResult } from './team/engagement-api';

/** The anonymous employee pulse: answer this month's, and read results next to the customers' NPS. */
export function PulsePage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('nav.coaching')} />
      <CoachingTabs />
      <Stack gap="lg" maw={860}>
        <AnswerForm />
        <Results />
      </Stack>
    </>
  );
}

const ITEMS = ['tools', 'training', 'recognition'] as const;

function AnswerForm() {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const queryClient = useQueryClient();
  const { options } = useLocationOptions();
  const status = useQuery({ queryKey: coachingKey(orgId, 'pulse-status'), queryFn: () => api<{ period: string; answered: boolean }>('/coaching/pulse/status') });
  const [locationId, setLocationId] = useState<string | null>(null);
  const [values, setValues] = useState<Record<string, string>>({});
  const send = useMutation({
    mutationFn: () =>
      api('/coaching/pulse/answers', {
        method: 'POST',
        body: { locationId, enps: Number(values.enps), tools: Number(values.tools), training: Number(values.training), recognition: Number(values.recognition) },
      }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: coachingKey(orgId, 'pulse-status') }),
  });
  if (status.isPending) return <CenteredLoader />;
  if (status.isError) return <QueryError error={status.error} onRetry={() => void status.refetch()} />;
  if (status.data.answered) return <Alert color="green">{t('coachingEngagement.pulse.thanks', { period: status.data.period })}</Alert>;
  const complete = locationId !== null && ['enps', ...ITEMS].every((key) => values[key] !== undefined);
  return (
    <Card withBorder padding="md">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (complete) send.mutate();
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4">
            {t('coachingEngagement.pulse.title', { period: status.data.period })}
          </Title>
          <Text size="sm" c="dimmed">
            {t('coachingEngagement.pulse.anonymous')}
          </Text>
          <Select label={t('coachingEngagement.pulse.location')} data={options} value={locationId} onChange={setLocationId} searchable required />
          <Text size="sm" fw={500} id="pulse-enps">
            {t('coachingEngagement.pulse.enpsQuestion')}
          </Text>
          <SegmentedControl
            fullWidth
            aria-labelledby="pulse-enps"
            value={values.enps ?? ''}
            onChange={(value) => setValues((current) => ({ ...current, enps: value }))}
            data={Array.from({ length: 11 }, (_, i) => String(i))}
          />
          {ITEMS.map((item) => (
            <div key={item}>
              <Text size="sm" fw={500} id={`pulse-${item}`}>
                {t(`coachingEngagement.pulse.items.${item}`)}
              </Text>
              <SegmentedControl
                fullWidth
                aria-labelledby={`pulse-${item}`}
                value={values[item] ?? ''}
                onChange={(value) => setValues((current) => ({ ...current, [item]: value }))}
                data={['1', '2', '3', '4', '5']}
              />
            </div>
          ))}
          {send.isError && <Alert color="red">{describeApiError(send.error, t)}</Alert>}
          <Button type="submit" disabled={!complete} loading={send.isPending}>
            {t('coachingEngagement.pulse.send')}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

function PulseCells({ pulse }: { pulse: PulseResult }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (pulse.hidden) {
    return (
      <Table.Td colSpan={5}>
        <Badge color="gray" variant="light">
          {t('coachingEngagement.pulse.hidden', { minimum: pulse.minimum })}
        </Badge>
      </Table.Td>
    );
  }
  return (
    <>
      <Table.Td>{format.number(pulse.n)}</Table.Td>
      <Table.Td>{format.number(pulse.enps.score)}</Table.Td>
      {ITEMS.map((item) => (
        <Table.Td key={item}>{format.number(pulse.items[item])}</Table.Td>
      ))}
    </>
  );
}

function Results() {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const format = useFormat();
  const { options, labelOf } = useLocationOptions();
  const [locationId, setLocationId] = useState<string | null>(null);
  const [period, setPeriod] = useState(thisMonth());
  const valid = /^\d{4}-(0[1-9]|1[0-2])$/.test(period);
  const report = useQuery({
    queryKey: coachingKey(orgId, 'pulse-results', locationId, period),
    queryFn: () => api<PulseReport>('/coaching/pulse/results', { query: { locationId, period } }),
    enabled: locationId !== null && valid,
  });
  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        {t('coachingEngagement.pulse.results')}
      </Title>
      <Group gap="md" align="flex-end" wrap="wrap">
        <Select label={t('coachingEngagement.pulse.location')} data={options} value={locationId} onChange={setLocationId} searchable w={320} />
        <TextInput label={t('coachingEngagement.pulse.period')} value={period} onChange={(event) => setPeriod(event.currentTarget.value)} w={140} error={valid ? undefined : 'YYYY-MM'} />
      </Group>
      {locationId === null ? (
        <Text c="dimmed">{t('coachingEngagement.pulse.pickLocation')}</Text>
      ) : report.isPending ? (
        <CenteredLoader />
      ) : report.isError ? (
        <QueryError error={report.error} onRetry={() => void report.refetch()} />
      ) : report.data.locations.length === 0 ? (
        <Text c="dimmed">{t('coachingEngagement.pulse.noAnswers')}</Text>
      ) : (
        <>
          <Table.ScrollContainer minWidth={720}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('coachingEngagement.pulse.location')}</Table.Th>
                  <Table.Th>{t('coachingEngagement.pulse.answers')}</Table.Th>
                  <Table.Th>eNPS</Table.Th>
                  {ITEMS.map((item) => (
                    <Table.Th key={item}>{t(`coachingEngagement.pulse.short.${item}`)}</Table.Th>
                  ))}
                  <Table.Th>{t('coachingEngagement.pulse.customerNps')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.data.locations.map((row) => (
                  <Table.Tr key={row.locationId}>
                    <Table.Td>{labelOf(row.locationId) ?? row.locationId}</Table.Td>
                    <PulseCells pulse={row.pulse} />
                    <Table.Td>{row.customerNps.score === null ? '—' : format.number(row.customerNps.score)}</Table.Td>
                  </Table.Tr>
                ))}
                <Table.Tr fw={600}>
                  <Table.Td>{t('coachingEngagement.pulse.total')}</Table.Td>
                  <PulseCells pulse={report.data.total.pulse} />
                  <Table.Td>{report.data.total.customerNps.score === null ? '—' : format.number(report.data.total.customerNps.score)}</Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Text size="sm" c="dimmed">
            {t('coachingEngagement.pulse.totalNote', { count: report.data.hiddenLocations, minimum: report.data.minimumGroupSize })}
          </Text>
        </>
      )}
    </Stack>
  );
}
