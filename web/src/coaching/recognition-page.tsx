import { useState } from 'react';
import { Alert, Badge, Button, Card, Group, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { PageHeader } from '../components/page-header';
import { QueryError } from '../components/query-error';
import { describeApiError } from '../components/use-api-error';
import { useLocationOptions } from '../settings/use-locations';
import { useCurrentOrg } from '../session/current-org';
import { coachingKey } from './coaching-api';
import { CoachingTabs } from './coaching-tabs';
import { thisMonth, type Board, type StaffMember } from './team/engagement-api';

/** The monthly recognition board of an outlet, and managers' praise. */
export function RecognitionPage() {
  const { t } = useTranslation();
  const { options } = useLocationOptions();
  const [locationId, setLocationId] = useState<string | null>(null);
  const [month, setMonth] = useState(thisMonth());
  const valid = /^\d{4}-(0[1-9]|1[0-2])$/.test(month);
  return (
    <>
      <PageHeader title={t('nav.coaching')} />
      <CoachingTabs />
      <Stack gap="lg" maw={860}>
        <Group gap="md" align="flex-end" wrap="wrap">
          <Select label={t('coachingEngagement.recognition.location')} data={options} value={locationId} onChange={setLocationId} searchable w={320} />
          <TextInput label={t('coachingEngagement.recognition.month')} value={month} onChange={(event) => setMonth(event.currentTarget.value)} w={140} error={valid ? undefined : 'YYYY-MM'} />
        </Group>
        {locationId && valid ? <BoardView locationId={locationId} month={month} /> : <Text c="dimmed">{t('coachingEngagement.recognition.pickLocation')}</Text>}
        <PraiseForm />
      </Stack>
    </>
  );
}

function BoardView({ locationId, month }: { locationId: string; month: string }) {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const board = useQuery({ queryKey: coachingKey(orgId, 'recognition-board', locationId, month), queryFn: () => api<Board>('/coaching/recognition/board', { query: { locationId, month } }) });
  if (board.isPending) return <CenteredLoader />;
  if (board.isError) return <QueryError error={board.error} onRetry={() => void board.refetch()} />;
  if (board.data.entries.length === 0) return <Text c="dimmed">{t('coachingEngagement.recognition.empty')}</Text>;
  return (
    <Stack gap="sm">
      {board.data.entries.map((entry, index) => (
        <Card key={entry.staffId} withBorder padding="sm">
          <Group justify="space-between" wrap="wrap">
            <Title order={3} size="h5">
              {index + 1}. {entry.name ?? entry.staffId}
            </Title>
            <Group gap="xs">
              <Badge color="teal">{t('coachingEngagement.recognition.compliments', { count: entry.compliments })}</Badge>
              <Badge color="grape">{t('coachingEngagement.recognition.praise', { count: entry.praise })}</Badge>
            </Group>
          </Group>
          {entry.recent.map((item) => (
            <Text key={item.recognitionId} size="sm" mt={4}>
              {item.kind === 'compliment' ? `“${item.quote ?? ''}”` : item.note}
            </Text>
          ))}
        </Card>
      ))}
    </Stack>
  );
}

function PraiseForm() {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const queryClient = useQueryClient();
  const staff = useQuery({ queryKey: coachingKey(orgId, 'staff'), queryFn: () => api<{ items: StaffMember[] }>('/coaching/staff'), retry: false });
  const [staffId, setStaffId] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const praise = useMutation({
    mutationFn: () => api('/coaching/recognition/praise', { method: 'POST', body: { staffId, note } }),
    onSuccess: () => {
      setNote('');
      void queryClient.invalidateQueries({ queryKey: coachingKey(orgId, 'recognition-board') });
    },
  });
  // Only managers can list staff; everyone else sees the board without the praise form.
  if (!staff.isSuccess) return null;
  return (
    <Card withBorder padding="md">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          praise.mutate();
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4">
            {t('coachingEngagement.recognition.praiseTitle')}
          </Title>
          <Select label={t('coachingEngagement.recognition.staff')} data={staff.data.items.map((member) => ({ value: member.staffId, label: member.name }))} value={staffId} onChange={setStaffId} searchable required />
          <Textarea
            label={t('coachingEngagement.recognition.note')}
            placeholder={t('coachingEngagement.recognition.notePlaceholder')}
            value={note}
            onChange={(event) => setNote(event.currentTarget.value)}
            required
            maxLength={2000}
            autosize
            minRows={2}
          />
          {praise.isError && <Alert color="red">{describeApiError(praise.error, t)}</Alert>}
          {praise.isSuccess && <Alert color="green">{t('coachingEngagement.recognition.praised')}</Alert>}
          <Button type="submit" disabled={!staffId || note.trim() === ''} loading={praise.isPending}>
            {t('coachingEngagement.recognition.send')}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}
