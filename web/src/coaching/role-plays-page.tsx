import { useState } from 'react';
import { Alert, Badge, Button, Card, Group, SegmentedControl, Select, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { PageHeader } from '../components/page-header';
import { QueryError } from '../components/query-error';
import { describeApiError } from '../components/use-api-error';
import { useJourneyChoices, useMomentChoices } from '../feedback/use-journey-choices';
import { useFormat } from '../format';
import { currentLanguage } from '../i18n';
import { useCurrentOrg } from '../session/current-org';
import { coachingKey } from './coaching-api';
import { CoachingTabs } from './coaching-tabs';
import type { CustomerType, ResultPage, RubricItem, Scenario, ScenarioPage, StaffMember } from './team/engagement-api';

/** Role plays: a manager scores a staff member against a scenario card's rubric, on a phone. */
export function RolePlaysPage() {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const scenarios = useQuery({ queryKey: coachingKey(orgId, 'role-play-scenarios'), queryFn: () => api<ScenarioPage>('/coaching/role-plays/scenarios', { query: { limit: 200 } }) });
  const [scenarioId, setScenarioId] = useState<string | null>(null);
  const scenario = scenarios.data?.items.find((item) => item.scenarioId === scenarioId);
  return (
    <>
      <PageHeader title={t('nav.coaching')} />
      <CoachingTabs />
      <Stack gap="lg" maw={720}>
        {scenarios.isPending ? (
          <CenteredLoader />
        ) : scenarios.isError ? (
          <QueryError error={scenarios.error} onRetry={() => void scenarios.refetch()} />
        ) : scenarios.data.items.length === 0 ? (
          <Alert variant="light">{t('coachingEngagement.rolePlays.noScenarios')}</Alert>
        ) : (
          <Select
            label={t('coachingEngagement.rolePlays.scenario')}
            placeholder={t('coachingEngagement.rolePlays.pickScenario')}
            data={scenarios.data.items.map((item) => ({ value: item.scenarioId, label: `${item.title} (${t(`coachingEngagement.customerType.${item.customerType}`)})` }))}
            value={scenarioId}
            onChange={setScenarioId}
            searchable
          />
        )}
        {scenario && <ScoreForm key={scenario.scenarioId} scenario={scenario} />}
        <Results />
        <NewScenario />
      </Stack>
    </>
  );
}

function itemLabel(item: RubricItem, t: (key: string) => string): string {
  if (item.kind === 'complaint_step') return t(`coachingEngagement.complaintSteps.${item.key.slice('complaint.'.length)}`);
  const title = item.title ?? {};
  const locale = currentLanguage();
  return title[locale] ?? title.en ?? Object.values(title)[0] ?? item.key;
}

function ScoreForm({ scenario }: { scenario: Scenario }) {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const queryClient = useQueryClient();
  const staff = useQuery({ queryKey: coachingKey(orgId, 'staff'), queryFn: () => api<{ items: StaffMember[] }>('/coaching/staff') });
  const [staffId, setStaffId] = useState<string | null>(null);
  const [scores, setScores] = useState<Record<string, string>>({});
  const [note, setNote] = useState('');
  const save = useMutation({
    mutationFn: () =>
      api<{ percent: number }>('/coaching/role-plays/results', {
        method: 'POST',
        body: { scenarioId: scenario.scenarioId, staffId, scores: scenario.rubric.map((item) => ({ key: item.key, score: Number(scores[item.key]) })), note: note.trim() || null },
      }),
    onSuccess: () => {
      setScores({});
      setNote('');
      void queryClient.invalidateQueries({ queryKey: coachingKey(orgId, 'role-play-results') });
    },
  });
  const complete = staffId !== null && scenario.rubric.every((item) => scores[item.key] !== undefined);
  return (
    <Card withBorder padding="md">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (complete) save.mutate();
        }}
      >
        <Stack gap="sm">
          <Group gap="xs">
            <Title order={2} size="h4">
              {scenario.title}
            </Title>
            <Badge color={scenario.customerType === 'red' ? 'red' : 'green'}>{t(`coachingEngagement.customerType.${scenario.customerType}`)}</Badge>
          </Group>
          <Text size="sm">
            <b>{t('coachingEngagement.rolePlays.situation')}:</b> {scenario.situation}
          </Text>
          <Text size="sm">
            <b>{t('coachingEngagement.rolePlays.goodAnswer')}:</b> {scenario.goodAnswer}
          </Text>
          <Select
            label={t('coachingEngagement.rolePlays.staff')}
            data={(staff.data?.items ?? []).map((member) => ({ value: member.staffId, label: member.name }))}
            value={staffId}
            onChange={setStaffId}
            searchable
            required
          />
          {scenario.rubric.map((item) => (
            <div key={item.key}>
              <Text size="sm" fw={500} id={`rubric-${item.key}`}>
                {itemLabel(item, t)}
              </Text>
              <SegmentedControl
                fullWidth
                aria-labelledby={`rubric-${item.key}`}
                value={scores[item.key] ?? ''}
                onChange={(value) => setScores((current) => ({ ...current, [item.key]: value }))}
                data={[
                  { value: '0', label: t('coachingEngagement.rolePlays.score0') },
                  { value: '1', label: t('coachingEngagement.rolePlays.score1') },
                  { value: '2', label: t('coachingEngagement.rolePlays.score2') },
                ]}
              />
            </div>
          ))}
          <Textarea label={t('coachingEngagement.rolePlays.note')} value={note} onChange={(event) => setNote(event.currentTarget.value)} maxLength={2000} autosize minRows={2} />
          {save.isError && <Alert color="red">{describeApiError(save.error, t)}</Alert>}
          {save.isSuccess && <Alert color="green">{t('coachingEngagement.rolePlays.saved', { percent: save.data.percent })}</Alert>}
          <Button type="submit" disabled={!complete} loading={save.isPending}>
            {t('coachingEngagement.rolePlays.save')}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

function Results() {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const format = useFormat();
  const results = useQuery({ queryKey: coachingKey(orgId, 'role-play-results'), queryFn: () => api<ResultPage>('/coaching/role-plays/results', { query: { limit: 50 } }) });
  if (results.isPending) return <CenteredLoader />;
  if (results.isError) return <QueryError error={results.error} onRetry={() => void results.refetch()} />;
  return (
    <Stack gap="xs">
      <Title order={2} size="h4">
        {t('coachingEngagement.rolePlays.results')}
      </Title>
      {results.data.items.length === 0 ? (
        <Text c="dimmed">{t('coachingEngagement.rolePlays.noResults')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={480}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('coachingEngagement.rolePlays.staff')}</Table.Th>
                <Table.Th>{t('coachingEngagement.rolePlays.scenario')}</Table.Th>
                <Table.Th>{t('coachingEngagement.rolePlays.percent')}</Table.Th>
                <Table.Th>{t('coachingEngagement.rolePlays.date')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {results.data.items.map((result) => (
                <Table.Tr key={result.resultId}>
                  <Table.Td>{result.staffName ?? result.staffId}</Table.Td>
                  <Table.Td>{result.scenarioTitle}</Table.Td>
                  <Table.Td>{format.number(result.percent)}%</Table.Td>
                  <Table.Td>{format.date(result.createdAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

function NewScenario() {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const queryClient = useQueryClient();
  const { choices } = useJourneyChoices();
  const [form, setForm] = useState({ journeyKey: '', momentKey: '', customerType: 'green' as CustomerType, title: '', situation: '', goodAnswer: '' });
  const set = (key: keyof typeof form) => (value: string) => setForm((current) => ({ ...current, [key]: value }));
  // A moment is picked from the journey's published blueprint, so a scenario never names a moment that does not exist.
  const moments = useMomentChoices(form.journeyKey || null);
  const create = useMutation({
    mutationFn: () => api<Scenario>('/coaching/role-plays/scenarios', { method: 'POST', body: form }),
    onSuccess: () => {
      setForm((current) => ({ ...current, title: '', situation: '', goodAnswer: '' }));
      void queryClient.invalidateQueries({ queryKey: coachingKey(orgId, 'role-play-scenarios') });
    },
  });
  return (
    <Card withBorder padding="md">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate();
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4">
            {t('coachingEngagement.rolePlays.newScenario')}
          </Title>
          <Select
            label={t('coachingEngagement.rolePlays.journey')}
            data={choices}
            value={form.journeyKey || null}
            onChange={(value) => setForm((current) => ({ ...current, journeyKey: value ?? '', momentKey: '' }))}
            required
          />
          <Select
            label={t('coachingEngagement.rolePlays.momentKey')}
            data={moments.choices}
            value={form.momentKey || null}
            onChange={(value) => set('momentKey')(value ?? '')}
            disabled={!form.journeyKey}
            searchable
            required
          />
          <SegmentedControl
            value={form.customerType}
            onChange={set('customerType')}
            data={[
              { value: 'green', label: t('coachingEngagement.customerType.green') },
              { value: 'red', label: t('coachingEngagement.customerType.red') },
            ]}
          />
          <TextInput label={t('coachingEngagement.rolePlays.title')} value={form.title} onChange={(event) => set('title')(event.currentTarget.value)} required maxLength={200} />
          <Textarea label={t('coachingEngagement.rolePlays.situation')} value={form.situation} onChange={(event) => set('situation')(event.currentTarget.value)} required autosize minRows={2} />
          <Textarea label={t('coachingEngagement.rolePlays.goodAnswer')} value={form.goodAnswer} onChange={(event) => set('goodAnswer')(event.currentTarget.value)} required autosize minRows={2} />
          {create.isError && <Alert color="red">{describeApiError(create.error, t)}</Alert>}
          <Button type="submit" variant="light" loading={create.isPending}>
            {t('coachingEngagement.rolePlays.create')}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}
