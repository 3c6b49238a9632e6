import { useState } from 'react';
import { Anchor, Badge, Button, EmptyState, Group, Modal, NumberInput, Paper, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconCalendarRepeat, IconPencil, IconPlayerPause, IconPlayerPlay, IconPlayerTrackNext, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, type ApiError } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { ConfirmModal } from '../components/confirm-modal';
import { LoadMoreButton } from '../components/load-more-button';
import { PageHeader } from '../components/page-header';
import { QueryError } from '../components/query-error';
import { useApiError } from '../components/use-api-error';
import { usePagedList } from '../components/use-paged-list';
import { useFormat } from '../format';
import { currentLanguage } from '../i18n';
import { textIn } from '../journeys/blueprint-model';
import { useCurrentOrg } from '../session/current-org';
import { useLocations, useLocationOptions } from '../settings/use-locations';
import { AuditsTabs } from './audits-tabs';
import { auditsKey, FREQUENCIES, RUN_KINDS, useChecklists, usePeople, usePersonName, type Frequency, type RunKind, type RunSummary, type Schedule } from './audits-api';

const MANAGERS = new Set(['admin', 'cx_manager', 'auditor']);
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** A weekday's name in the reader's language: 1 = Monday … 7 = Sunday (5 January 2026 was a Monday). */
function weekdayName(weekday: number, language: string): string {
  return new Intl.DateTimeFormat(language, { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2026, 0, 4 + weekday)));
}

/** "Monthly, on day 7", "Weekly, on Monday", "Quarterly, the first Monday from day 1" in the reader's language. */
export function useRecurrenceText() {
  const { t } = useTranslation();
  const language = currentLanguage();
  return (schedule: Pick<Schedule, 'frequency' | 'dayOfMonth' | 'weekday'>): string => {
    const frequency = t(`audits.schedules.frequency.${schedule.frequency}`);
    if (schedule.frequency === 'weekly') return t('audits.schedules.rule.weekly', { frequency, weekday: weekdayName(schedule.weekday ?? 1, language) });
    const day = schedule.dayOfMonth ?? 1;
    if (schedule.weekday) return t('audits.schedules.rule.firstWeekday', { frequency, weekday: weekdayName(schedule.weekday, language), day });
    return t('audits.schedules.rule.day', { frequency, day });
  };
}

/** `/audits/schedules`: recurring audits per outlet, with create, edit, pause, resume and delete. */
export function SchedulesPage() {
  const { t } = useTranslation();
  const { orgId, membership } = useCurrentOrg();
  const queryClient = useQueryClient();
  const onError = useApiError();
  const canManage = MANAGERS.has(membership.role);
  const schedules = usePagedList<Schedule>(auditsKey(orgId, 'schedules'), '/audits/schedules');
  const [editing, setEditing] = useState<Schedule | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Schedule | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: auditsKey(orgId, 'schedules') });

  const runDue = useMutation({
    mutationFn: () => api<{ created: RunSummary[] }>('/audits/schedules/run-due', { method: 'POST', body: {} }),
    onSuccess: async (result) => {
      await Promise.all([refresh(), queryClient.invalidateQueries({ queryKey: auditsKey(orgId, 'runs') })]);
      notifications.show({ color: result.created.length > 0 ? 'green' : 'gray', message: t('audits.schedules.runDueDone', { count: result.created.length }) });
    },
    onError: (error) => onError(error),
  });
  const remove = useMutation({
    mutationFn: (schedule: Schedule) => api(`/audits/schedules/${schedule.scheduleId}`, { method: 'DELETE' }),
    onSuccess: async () => {
      setDeleting(null);
      await refresh();
      notifications.show({ color: 'green', message: t('audits.schedules.deleted') });
    },
    onError: (error) => onError(error),
  });

  return (
    <>
      <PageHeader
        title={t('audits.title')}
        description={t('audits.schedules.description')}
        actions={
          canManage && (
            <>
              <Button variant="default" leftSection={<IconPlayerTrackNext size={16} aria-hidden />} onClick={() => runDue.mutate()} loading={runDue.isPending}>
                {t('audits.schedules.runDue')}
              </Button>
              <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
                {t('audits.schedules.create')}
              </Button>
            </>
          )
        }
      />
      <AuditsTabs />
      <Stack gap="md">
        {schedules.isPending ? (
          <CenteredLoader />
        ) : schedules.isError ? (
          <QueryError error={schedules.error} onRetry={() => void schedules.refetch()} />
        ) : schedules.data.length === 0 ? (
          <EmptyState
            icon={<IconCalendarRepeat size={32} stroke={1.5} aria-hidden />}
            variant="light"
            title={t('audits.schedules.empty')}
            description={canManage ? t('audits.schedules.emptyDescription') : t('audits.schedules.emptyReadOnly')}
          />
        ) : (
          <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('audits.schedules.listLabel')}>
            {schedules.data.map((schedule) => (
              <li key={schedule.scheduleId}>
                <ScheduleCard schedule={schedule} canManage={canManage} onEdit={() => setEditing(schedule)} onDelete={() => setDeleting(schedule)} onChanged={refresh} />
              </li>
            ))}
          </Stack>
        )}
        <LoadMoreButton hasNextPage={schedules.hasNextPage} isFetchingNextPage={schedules.isFetchingNextPage} onLoadMore={() => void schedules.fetchNextPage()} />
      </Stack>
      {editing !== null && <ScheduleModal schedule={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onSaved={refresh} />}
      <ConfirmModal
        opened={deleting !== null}
        title={t('audits.schedules.deleteTitle')}
        message={t('audits.schedules.deleteText')}
        confirmLabel={t('audits.schedules.delete')}
        loading={remove.isPending}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onClose={() => setDeleting(null)}
      />
    </>
  );
}

function ScheduleCard({ schedule, canManage, onEdit, onDelete, onChanged }: { schedule: Schedule; canManage: boolean; onEdit: () => void; onDelete: () => void; onChanged: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const format = useFormat();
  const language = currentLanguage();
  const onError = useApiError();
  const { labelOf } = useLocationOptions();
  const personName = usePersonName();
  const checklists = useChecklists();
  const recurrence = useRecurrenceText();
  const checklist = checklists.data?.find((candidate) => candidate.key === schedule.checklistKey);
  const checklistName = checklist ? textIn(checklist.name, language, checklist.fallbackLocale) || checklist.key : schedule.checklistKey;
  const outlet = labelOf(schedule.locationId) ?? t('audits.unknownLocation');
  const assignee = personName(schedule.assigneeUserId);
  const toggle = useMutation({
    mutationFn: () => api<Schedule>(`/audits/schedules/${schedule.scheduleId}`, { method: 'PATCH', body: { active: !schedule.active } }),
    onSuccess: async (updated) => {
      await onChanged();
      notifications.show({ color: 'green', message: updated.active ? t('audits.schedules.resumed') : t('audits.schedules.paused') });
    },
    onError: (error) => onError(error),
  });
  // Dates of the schedule are the outlet's local calendar dates: shown as dates, never shifted by a time zone.
  const localDate = (value: string | null) => (value ? format.date(`${value}T12:00:00Z`) : '—');

  return (
    <Paper withBorder p="md" radius="md" data-testid="schedule-card" style={schedule.active ? undefined : { opacity: 0.75 }}>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Stack gap={4} style={{ flex: '1 1 18rem', minWidth: 0 }}>
          <Text fw={600}>{outlet}</Text>
          <Anchor component={Link} to={`/audits/checklists/${schedule.checklistKey}`} size="sm">
            {checklistName}
          </Anchor>
          <Text size="sm">{recurrence(schedule)}</Text>
          <Group gap="xs">
            <Badge variant="light" color="gray">
              {t(`audits.kind.${schedule.kind}`)}
            </Badge>
            <Badge variant="light" color={schedule.active ? 'teal' : 'yellow'} data-testid="schedule-state">
              {schedule.active ? t('audits.schedules.active') : t('audits.schedules.pausedBadge')}
            </Badge>
          </Group>
        </Stack>
        <Stack gap={4} align="flex-end" style={{ flex: '0 1 auto' }}>
          <Text size="sm">{schedule.active ? t('audits.schedules.nextRun', { date: localDate(schedule.nextRunOn) }) : t('audits.schedules.noNextRun')}</Text>
          <Text size="sm" c="dimmed">
            {t('audits.schedules.lastRun', { date: localDate(schedule.lastRunOn) })}
          </Text>
          <Text size="sm" c="dimmed">
            {t('audits.schedules.dueDays', { count: schedule.dueDays })}
          </Text>
          {schedule.kind !== 'mystery_shopping' && (
            <Text size="sm" c="dimmed">
              {assignee ? t('audits.runs.assignee', { name: assignee }) : t('audits.schedules.noAssignee')}
            </Text>
          )}
          {canManage && (
            <Group gap="xs" mt={4}>
              <Button size="xs" variant="default" leftSection={<IconPencil size={14} aria-hidden />} onClick={onEdit} aria-label={t('audits.schedules.editOf', { outlet })}>
                {t('audits.schedules.edit')}
              </Button>
              <Button
                size="xs"
                variant="default"
                leftSection={schedule.active ? <IconPlayerPause size={14} aria-hidden /> : <IconPlayerPlay size={14} aria-hidden />}
                onClick={() => toggle.mutate()}
                loading={toggle.isPending}
              >
                {schedule.active ? t('audits.schedules.pause') : t('audits.schedules.resume')}
              </Button>
              <Button size="xs" variant="default" color="red" leftSection={<IconTrash size={14} aria-hidden />} onClick={onDelete} aria-label={t('audits.schedules.deleteOf', { outlet })}>
                {t('audits.schedules.delete')}
              </Button>
            </Group>
          )}
        </Stack>
      </Group>
    </Paper>
  );
}

interface Values {
  checklistKey: string;
  locationId: string;
  kind: RunKind;
  frequency: Frequency;
  dayOfMonth: number | string;
  weekday: string | null;
  dueDays: number | string;
  assigneeUserId: string;
  startOn: string;
}

function ScheduleModal({ schedule, onClose, onSaved }: { schedule: Schedule | null; onClose: () => void; onSaved: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const format = useFormat();
  const onError = useApiError();
  const checklists = useChecklists();
  const people = usePeople();
  const { data: locations = [] } = useLocations();
  const { options: locationOptions } = useLocationOptions();
  const outletIds = new Set(locations.filter((location) => location.level === 'outlet').map((location) => location.locationId));
  const published = (checklists.data ?? []).filter((checklist) => checklist.publishedVersion !== null && checklist.archivedAt === null);
  const isNew = schedule === null;
  const form = useForm<Values>({
    initialValues: {
      checklistKey: schedule?.checklistKey ?? '',
      locationId: schedule?.locationId ?? '',
      kind: schedule?.kind ?? 'self_inspection',
      frequency: schedule?.frequency ?? 'monthly',
      dayOfMonth: schedule?.dayOfMonth ?? 1,
      weekday: schedule?.weekday ? String(schedule.weekday) : null,
      dueDays: schedule?.dueDays ?? 7,
      assigneeUserId: schedule?.assigneeUserId ?? '',
      startOn: '',
    },
    validate: {
      checklistKey: (value) => (value ? null : t('audits.create.checklistRequired')),
      locationId: (value) => (value ? null : t('audits.create.outletRequired')),
      weekday: (value, values) => (values.frequency === 'weekly' && !value ? t('audits.schedules.weekdayRequired') : null),
      dayOfMonth: (value, values) =>
        values.frequency !== 'weekly' && !(typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 28) ? t('audits.schedules.dayRange') : null,
      dueDays: (value) => (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 90 ? null : t('audits.schedules.dueDaysRange')),
    },
  });
  const values = form.values;
  const weekly = values.frequency === 'weekly';
  const rule = {
    frequency: values.frequency,
    dayOfMonth: weekly ? null : Number(values.dayOfMonth),
    weekday: values.weekday ? Number(values.weekday) : null,
  };
  const assignee = values.kind === 'mystery_shopping' ? null : values.assigneeUserId || null;
  // The server's messages are English; the fields it names are worded here in the reader's language.
  const wording = (error: ApiError) => {
    const field = error.field?.replace(/^body\.?/, '');
    if (field === 'weekday') return weekly ? t('audits.schedules.weekdayRequired') : t('audits.schedules.weekdayRange');
    if (field === 'dayOfMonth') return t('audits.schedules.dayRange');
    if (field === 'dueDays') return t('audits.schedules.dueDaysRange');
    if (field === 'checklistKey') return error.status === 409 ? t('audits.schedules.checklistUnpublished') : t('audits.create.checklistRequired');
    if (field === 'locationId') return t('audits.schedules.notAnOutlet');
    if (field === 'assigneeUserId') return t('audits.schedules.assigneeInvalid');
    return undefined;
  };
  const save = useMutation({
    mutationFn: () =>
      isNew
        ? api<Schedule>('/audits/schedules', {
            method: 'POST',
            body: {
              checklistKey: values.checklistKey,
              locationId: values.locationId,
              kind: values.kind,
              ...rule,
              dueDays: Number(values.dueDays),
              assigneeUserId: assignee,
              ...(values.startOn ? { startOn: values.startOn } : {}),
            },
          })
        : api<Schedule>(`/audits/schedules/${schedule.scheduleId}`, { method: 'PATCH', body: { ...rule, dueDays: Number(values.dueDays), assigneeUserId: assignee } }),
    onSuccess: async (saved) => {
      await onSaved();
      notifications.show({ color: 'green', message: t('audits.schedules.saved', { date: format.date(`${saved.nextRunOn}T12:00:00Z`) }) });
      onClose();
    },
    onError: (error) => onError(error, form, wording),
  });

  return (
    <Modal opened onClose={onClose} title={isNew ? t('audits.schedules.createTitle') : t('audits.schedules.editTitle')}>
      <form noValidate onSubmit={form.onSubmit(() => save.mutate())}>
        <Stack gap="sm">
          <Select
            label={t('audits.create.checklist')}
            description={isNew && published.length === 0 ? t('audits.create.noPublished') : undefined}
            data={(isNew ? published : (checklists.data ?? [])).map((checklist) => ({ value: checklist.key, label: textIn(checklist.name, language, checklist.fallbackLocale) || checklist.key }))}
            searchable
            required
            disabled={!isNew}
            data-autofocus={isNew || undefined}
            data-testid="schedule-checklist"
            {...form.getInputProps('checklistKey')}
          />
          <Select
            label={t('audits.create.outlet')}
            data={locationOptions.filter((option) => outletIds.has(option.value) || option.value === values.locationId)}
            searchable
            required
            disabled={!isNew}
            data-testid="schedule-outlet"
            {...form.getInputProps('locationId')}
          />
          <Select
            label={t('audits.create.kind')}
            data={RUN_KINDS.map((kind) => ({ value: kind, label: t(`audits.kind.${kind}`) }))}
            allowDeselect={false}
            disabled={!isNew}
            description={isNew ? t(`audits.kindHelp.${values.kind}`) : t('audits.schedules.fixedWhenEditing')}
            {...form.getInputProps('kind')}
          />
          <Stack gap={4}>
            <Text size="sm" fw={500} id="schedule-frequency-label">
              {t('audits.schedules.frequencyLabel')}
            </Text>
            <SegmentedControl
              aria-labelledby="schedule-frequency-label"
              data={FREQUENCIES.map((frequency) => ({ value: frequency, label: t(`audits.schedules.frequency.${frequency}`) }))}
              data-testid="schedule-frequency"
              {...form.getInputProps('frequency')}
            />
            {values.frequency === 'quarterly' && (
              <Text size="xs" c="dimmed">
                {t('audits.schedules.quarterlyHint')}
              </Text>
            )}
          </Stack>
          {!weekly && (
            <NumberInput label={t('audits.schedules.dayOfMonth')} description={t('audits.schedules.dayHint')} min={1} max={28} clampBehavior="none" allowDecimal={false} required data-testid="schedule-day" {...form.getInputProps('dayOfMonth')} />
          )}
          <Select
            label={weekly ? t('audits.schedules.weekday') : t('audits.schedules.weekdayOptional')}
            description={weekly ? undefined : t('audits.schedules.weekdayHint')}
            data={WEEKDAYS.map((weekday) => ({ value: String(weekday), label: weekdayName(weekday, language) }))}
            clearable={!weekly}
            required={weekly}
            data-testid="schedule-weekday"
            {...form.getInputProps('weekday')}
          />
          <NumberInput label={t('audits.schedules.dueDaysLabel')} description={t('audits.schedules.dueDaysHint')} min={1} max={90} clampBehavior="none" allowDecimal={false} required data-testid="schedule-due-days" {...form.getInputProps('dueDays')} />
          {values.kind !== 'mystery_shopping' && (
            <Select
              label={t('audits.create.assignee')}
              data={(people.data ?? []).map((person) => ({ value: person.userId, label: person.name }))}
              searchable
              clearable
              placeholder={t('audits.create.nobody')}
              {...form.getInputProps('assigneeUserId')}
            />
          )}
          {isNew && <TextInput type="date" label={t('audits.schedules.startOn')} description={t('audits.schedules.startOnHint')} {...form.getInputProps('startOn')} />}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('audits.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="schedule-save">
              {t('audits.schedules.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
