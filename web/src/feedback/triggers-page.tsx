import { useState } from 'react';
import {
  ActionIcon,
  Alert,
  Button,
  Chip,
  EmptyState,
  Group,
  Modal,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { IconBolt, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { api, fetchAllPages, isApiError } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { ConfirmModal } from '../components/confirm-modal';
import { PageHeader } from '../components/page-header';
import { QueryError } from '../components/query-error';
import { currentLanguage } from '../i18n';
import { CHANNELS } from '../journeys/journeys-api';
import { useCurrentOrg } from '../session/current-org';
import { useLocationOptions } from '../settings/use-locations';
import { TRIGGER_CHANNELS, triggersKey, type Trigger, type TriggerBody, type TriggerChannel } from './feedback-api';
import { FeedbackTabs } from './feedback-tabs';
import { useSurveyRoles, useSurveys } from './surveys-page';
import { textIn } from './survey-model';
import { useJourneyChoices, useMomentChoices, useMomentNames } from './use-journey-choices';

const EMPTY: TriggerBody = {
  name: '',
  enabled: true,
  surveyKey: '',
  journeyKey: null,
  momentKey: '',
  locationId: null,
  interactionChannels: null,
  outcomes: null,
  customerAttributes: null,
  channel: 'email',
  delayMinutes: 60,
  samplingRate: 1,
  quietPeriodDays: 30,
  dailyCap: null,
  quietHours: { start: '21:00', end: '09:00' },
  expiresInDays: 30,
};

/** "After an interaction at moment M (filters), invite with survey S through channel C after delay D". */
export function TriggersPage() {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const { canEdit } = useSurveyRoles();
  const queryClient = useQueryClient();
  const language = currentLanguage();
  const surveys = useSurveys();
  const momentName = useMomentNames();
  const locations = useLocationOptions();
  const triggers = useQuery({ queryKey: triggersKey(orgId), queryFn: () => fetchAllPages<Trigger>('/triggers') });
  const [editing, setEditing] = useState<Trigger | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Trigger | null>(null);
  const surveyName = (key: string) => {
    const survey = surveys.data?.find((candidate) => candidate.key === key);
    return survey ? textIn(survey.name, language, survey.fallbackLocale) || key : key;
  };
  const toggle = async (trigger: Trigger, enabled: boolean) => {
    try {
      await api(`/triggers/${trigger.triggerId}`, { method: 'PATCH', body: { enabled } });
      await queryClient.invalidateQueries({ queryKey: triggersKey(orgId) });
    } catch (error) {
      notifications.show({ color: 'red', message: isApiError(error) ? error.message : t('errors.unexpected') });
    }
  };
  const remove = async () => {
    if (!deleting) return;
    await api(`/triggers/${deleting.triggerId}`, { method: 'DELETE' }).catch(() => undefined);
    await queryClient.invalidateQueries({ queryKey: triggersKey(orgId) });
    setDeleting(null);
  };
  const list = triggers.data ?? [];
  return (
    <>
      <PageHeader
        title={t('feedback.triggers.title')}
        description={t('feedback.triggers.description')}
        actions={
          canEdit && (
            <Button leftSection={<IconPlus size={18} aria-hidden />} onClick={() => setEditing('new')}>
              {t('feedback.triggers.create')}
            </Button>
          )
        }
      />
      <FeedbackTabs />
      {triggers.isPending && <CenteredLoader />}
      {triggers.isError && <QueryError error={triggers.error} onRetry={() => void triggers.refetch()} />}
      {triggers.data && list.length === 0 && (
        <Paper withBorder p="xl" radius="md">
          <EmptyState icon={<IconBolt size={32} stroke={1.5} aria-hidden />} variant="light" title={t('feedback.triggers.emptyTitle')} description={t('feedback.triggers.empty')} />
        </Paper>
      )}
      {list.length > 0 && (
        <Paper withBorder radius="md">
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="sm" aria-label={t('feedback.triggers.title')} data-testid="triggers-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('feedback.fields.name')}</Table.Th>
                  <Table.Th>{t('feedback.triggers.when')}</Table.Th>
                  <Table.Th>{t('feedback.triggers.then')}</Table.Th>
                  <Table.Th>{t('feedback.triggers.limits')}</Table.Th>
                  <Table.Th>{t('feedback.triggers.enabled')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((trigger) => (
                  <Table.Tr key={trigger.triggerId}>
                    <Table.Td fw={600}>{trigger.name}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{momentName(trigger.journeyKey, trigger.momentKey) ?? trigger.momentKey}</Text>
                      <Text size="xs" c="dimmed">
                        {locations.labelOf(trigger.locationId) ?? t('feedback.links.anyLocation')}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{surveyName(trigger.surveyKey)}</Text>
                      <Text size="xs" c="dimmed">
                        {t(`feedback.triggers.channels.${trigger.channel}`)} · {t('feedback.triggers.afterMinutes', { count: trigger.delayMinutes })}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs">
                        {t('feedback.triggers.summary', { sampling: Math.round(trigger.samplingRate * 100), quiet: trigger.quietPeriodDays })}
                        {trigger.dailyCap !== null ? ` · ${t('feedback.triggers.capN', { count: trigger.dailyCap })}` : ''}
                        {trigger.quietHours ? ` · ${trigger.quietHours.start}–${trigger.quietHours.end}` : ''}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Switch checked={trigger.enabled} disabled={!canEdit} onChange={(event) => void toggle(trigger, event.currentTarget.checked)} aria-label={t('feedback.triggers.enabledNamed', { name: trigger.name })} />
                    </Table.Td>
                    <Table.Td>
                      {canEdit && (
                        <Group gap={4} wrap="nowrap">
                          <ActionIcon variant="subtle" onClick={() => setEditing(trigger)} aria-label={t('feedback.triggers.editNamed', { name: trigger.name })}>
                            <IconPencil size={16} aria-hidden />
                          </ActionIcon>
                          <ActionIcon variant="subtle" color="red" onClick={() => setDeleting(trigger)} aria-label={t('feedback.triggers.deleteNamed', { name: trigger.name })}>
                            <IconTrash size={16} aria-hidden />
                          </ActionIcon>
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      {editing !== null && <TriggerModal key={editing === 'new' ? 'new' : editing.triggerId} trigger={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      <ConfirmModal
        opened={deleting !== null}
        title={t('feedback.triggers.deleteTitle')}
        message={t('feedback.triggers.deleteMessage')}
        confirmLabel={t('feedback.triggers.delete')}
        onConfirm={() => void remove()}
        onClose={() => setDeleting(null)}
      />
    </>
  );
}

function TriggerModal({ trigger, onClose }: { trigger: Trigger | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const queryClient = useQueryClient();
  const language = currentLanguage();
  const surveys = useSurveys();
  const journeys = useJourneyChoices();
  const locations = useLocationOptions();
  const [value, setValue] = useState<TriggerBody>(() => (trigger ? (({ triggerId: _id, createdAt: _c, updatedAt: _u, ...rest }) => rest)(trigger) : EMPTY));
  const moments = useMomentChoices(value.journeyKey);
  const [attributes, setAttributes] = useState(Object.entries(trigger?.customerAttributes ?? {}).map(([key, attribute]) => `${key}=${String(attribute)}`));
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<TriggerBody>) => setValue((current) => ({ ...current, ...patch }));
  const errorFor = (...fields: string[]) => (error?.field && fields.some((field) => error.field === field || error.field!.startsWith(`${field}.`)) ? error.message : undefined);

  const submit = async () => {
    setBusy(true);
    setError(null);
    const customerAttributes = Object.fromEntries(
      attributes
        .map((pair) => pair.split('='))
        .filter((parts) => parts.length >= 2 && parts[0]!.trim())
        .map(([key, ...rest]) => [key!.trim(), rest.join('=').trim()]),
    );
    const body = { ...value, customerAttributes: Object.keys(customerAttributes).length > 0 ? customerAttributes : null };
    try {
      if (trigger) await api(`/triggers/${trigger.triggerId}`, { method: 'PATCH', body });
      else await api('/triggers', { method: 'POST', body });
      await queryClient.invalidateQueries({ queryKey: triggersKey(orgId) });
      notifications.show({ color: 'green', message: t('feedback.triggers.saved') });
      onClose();
    } catch (failure) {
      setError(isApiError(failure) ? { ...(failure.field ? { field: failure.field } : {}), message: failure.message } : { message: t('errors.unexpected') });
    } finally {
      setBusy(false);
    }
  };

  const known = ['name', 'surveyKey', 'journeyKey', 'momentKey', 'locationId', 'interactionChannels', 'outcomes', 'customerAttributes', 'channel', 'delayMinutes', 'samplingRate', 'quietPeriodDays', 'dailyCap', 'quietHours', 'expiresInDays'];
  return (
    <Modal opened onClose={onClose} title={trigger ? t('feedback.triggers.editTitle') : t('feedback.triggers.createTitle')} size="xl">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Stack gap="md">
          <TextInput label={t('feedback.fields.name')} required value={value.name} onChange={(event) => set({ name: event.currentTarget.value })} error={errorFor('name')} data-autofocus />
          <Title order={3} size="h5">
            {t('feedback.triggers.when')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Select label={t('feedback.fields.journey')} data={journeys.choices} value={value.journeyKey} clearable searchable onChange={(journeyKey) => set({ journeyKey, momentKey: '' })} error={errorFor('journeyKey')} />
            <Select label={t('feedback.fields.moment')} required data={moments.choices} value={value.momentKey || null} searchable disabled={!value.journeyKey} onChange={(momentKey) => set({ momentKey: momentKey ?? '' })} error={errorFor('momentKey')} />
            <Select label={t('feedback.fields.location')} description={t('feedback.triggers.locationHint')} placeholder={t('feedback.links.anyLocation')} data={locations.options} value={value.locationId} clearable searchable onChange={(locationId) => set({ locationId })} error={errorFor('locationId')} />
          </SimpleGrid>
          <div>
            <Text size="sm" fw={500} mb={4} id="trigger-channels-label">
              {t('feedback.triggers.interactionChannels')}
            </Text>
            <Chip.Group multiple value={value.interactionChannels ?? []} onChange={(next) => set({ interactionChannels: next.length > 0 ? next : null })}>
              <Group gap={6} role="group" aria-labelledby="trigger-channels-label">
                {CHANNELS.map((channel) => (
                  <Chip key={channel} value={channel} size="xs">
                    {t(`journeys.channels.${channel}`)}
                  </Chip>
                ))}
              </Group>
            </Chip.Group>
            <Text size="xs" c="dimmed" mt={4}>
              {t('feedback.triggers.anyWhenEmpty')}
            </Text>
          </div>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TagsInput label={t('feedback.triggers.outcomes')} description={t('feedback.triggers.outcomesHint')} value={value.outcomes ?? []} onChange={(next) => set({ outcomes: next.length > 0 ? next : null })} error={errorFor('outcomes')} />
            <TagsInput label={t('feedback.triggers.attributes')} description={t('feedback.triggers.attributesHint')} value={attributes} onChange={setAttributes} error={errorFor('customerAttributes')} />
          </SimpleGrid>
          <Title order={3} size="h5">
            {t('feedback.triggers.then')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Select
              label={t('feedback.fields.survey')}
              required
              data={(surveys.data ?? []).map((survey) => ({ value: survey.key, label: textIn(survey.name, language, survey.fallbackLocale) || survey.key }))}
              value={value.surveyKey || null}
              searchable
              onChange={(surveyKey) => set({ surveyKey: surveyKey ?? '' })}
              error={errorFor('surveyKey')}
            />
            <Select
              label={t('feedback.triggers.channel')}
              data={TRIGGER_CHANNELS.map((channel) => ({ value: channel, label: t(`feedback.triggers.channels.${channel}`) }))}
              value={value.channel}
              allowDeselect={false}
              onChange={(channel) => channel && set({ channel: channel as TriggerChannel })}
              error={errorFor('channel')}
            />
            <NumberInput label={t('feedback.triggers.delay')} min={0} max={86400} value={value.delayMinutes} onChange={(delay) => set({ delayMinutes: typeof delay === 'number' ? delay : 0 })} error={errorFor('delayMinutes')} />
          </SimpleGrid>
          <Title order={3} size="h5">
            {t('feedback.triggers.limits')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <NumberInput label={t('feedback.triggers.sampling')} min={0} max={100} suffix=" %" value={Math.round(value.samplingRate * 1000) / 10} onChange={(rate) => set({ samplingRate: typeof rate === 'number' ? Math.min(1, Math.max(0, rate / 100)) : 1 })} error={errorFor('samplingRate')} />
            <NumberInput label={t('feedback.triggers.quietPeriod')} description={t('feedback.triggers.quietPeriodHint')} min={0} max={365} value={value.quietPeriodDays} onChange={(days) => set({ quietPeriodDays: typeof days === 'number' ? days : 0 })} error={errorFor('quietPeriodDays')} />
            <NumberInput label={t('feedback.triggers.dailyCap')} description={t('feedback.triggers.dailyCapHint')} min={1} value={value.dailyCap ?? ''} onChange={(cap) => set({ dailyCap: typeof cap === 'number' ? cap : null })} error={errorFor('dailyCap')} />
            <Switch mt="md" label={t('feedback.triggers.quietHours')} checked={value.quietHours !== null} onChange={(event) => set({ quietHours: event.currentTarget.checked ? { start: '21:00', end: '09:00' } : null })} />
            {value.quietHours && (
              <>
                <TextInput type="time" label={t('feedback.triggers.quietFrom')} value={value.quietHours.start} onChange={(event) => set({ quietHours: { start: event.currentTarget.value, end: value.quietHours!.end } })} error={errorFor('quietHours.start', 'quietHours')} />
                <TextInput type="time" label={t('feedback.triggers.quietTo')} description={t('feedback.triggers.quietHoursHint')} value={value.quietHours.end} onChange={(event) => set({ quietHours: { start: value.quietHours!.start, end: event.currentTarget.value } })} error={errorFor('quietHours.end')} />
              </>
            )}
            <NumberInput label={t('feedback.triggers.expiresInDays')} min={1} max={365} value={value.expiresInDays} onChange={(days) => set({ expiresInDays: typeof days === 'number' ? days : 30 })} error={errorFor('expiresInDays')} />
          </SimpleGrid>
          <Switch label={t('feedback.triggers.enabled')} checked={value.enabled} onChange={(event) => set({ enabled: event.currentTarget.checked })} />
          {error && !known.some((field) => error.field === field || error.field?.startsWith(`${field}.`)) && (
            <Alert color="red" role="alert">
              {error.field && <code className="km-code">{error.field}</code>} {error.message}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('feedback.triggers.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
