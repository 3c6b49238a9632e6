import { useState } from 'react';
import { ActionIcon, Alert, Badge, Button, EmptyState, Group, NumberInput, Paper, Select, SimpleGrid, Stack, Switch, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { IconCalendarOff, IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../components/confirm-modal';
import { useFormat } from '../format';
import { useCurrentOrg } from '../session/current-org';
import { recoverySettingsKey, saveCalendarDays, saveSlaPolicy, WEEKDAYS, type CalendarDay, type RecoverySettings, type SlaPolicy, type Weekday } from './recovery-api';
import { useFieldErrorHandler, type FieldErrors } from './settings-field-errors';

const DUE_TIMES = ['firstResponseMinutes', 'resolutionMinutes', 'followUpMinutes', 'followUpGraceMinutes', 'escalationMinutes'] as const;
type DueTime = (typeof DUE_TIMES)[number];

/** Minutes shown as hours (the way people think of service times), kept to the minute. */
const toHours = (minutes: number) => Math.round((minutes / 60) * 100) / 100;
const toMinutes = (hours: number) => Math.round(hours * 60);

/** SLA due times (business hours) and the opening hours per weekday they are counted in. */
export function SettingsSla({ settings, canEdit }: { settings: RecoverySettings; canEdit: boolean }) {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const queryClient = useQueryClient();
  const [policy, setPolicy] = useState<SlaPolicy>(settings.slaPolicy);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);
  const onError = useFieldErrorHandler(setErrors, [...DUE_TIMES, 'weekHours']);
  const dirty = JSON.stringify(policy) !== JSON.stringify(settings.slaPolicy);

  const setDue = (key: DueTime, value: number | string) => {
    setPolicy({ ...policy, [key]: typeof value === 'number' ? toMinutes(value) : 0 });
    setErrors({});
  };
  const setDay = (day: Weekday, windows: SlaPolicy['weekHours'][Weekday]) => {
    setPolicy({ ...policy, weekHours: { ...policy.weekHours, [day]: windows } });
    setErrors({});
  };

  const save = async () => {
    const tooShort = DUE_TIMES.find((key) => !(policy[key] >= 1));
    if (tooShort) {
      setErrors({ [tooShort]: t('recovery.settings.sla.tooShort') });
      return;
    }
    setSaving(true);
    setErrors({});
    try {
      const saved = await saveSlaPolicy(policy);
      queryClient.setQueryData(recoverySettingsKey(orgId), saved);
      notifications.show({ color: 'green', message: t('common.saved') });
    } catch (error) {
      onError(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Stack gap="lg" maw={900}>
      <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md">
        <Stack>
          <Title order={3} size="h4">
            {t('recovery.settings.sla.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('recovery.settings.sla.help')}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="md">
            {DUE_TIMES.map((key) => (
              <NumberInput
                key={key}
                name={key}
                label={t(`recovery.settings.sla.${key}`)}
                description={t(`recovery.settings.sla.${key}Hint`)}
                value={toHours(policy[key])}
                min={0.05}
                max={8760}
                step={0.5}
                decimalScale={2}
                suffix={` ${t('recovery.settings.sla.hoursUnit')}`}
                disabled={!canEdit}
                error={errors[key]}
                onChange={(value) => setDue(key, value)}
              />
            ))}
          </SimpleGrid>
        </Stack>
      </Paper>
      <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md">
        <Stack>
          <Title order={3} size="h4">
            {t('recovery.settings.hours.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('recovery.settings.hours.help')}
          </Text>
          {errors.weekHours && <Alert color="red">{errors.weekHours}</Alert>}
          <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {WEEKDAYS.map((day) => {
              const windows = policy.weekHours[day] ?? [];
              const dayName = t(`recovery.settings.weekdays.${day}`);
              return (
                <Group key={day} component="li" align="flex-start" gap="sm" wrap="wrap" data-weekday={day}>
                  <Switch
                    w={150}
                    mt={8}
                    checked={windows.length > 0}
                    disabled={!canEdit}
                    label={dayName}
                    aria-label={t('recovery.settings.hours.openOn', { day: dayName })}
                    onChange={(event) => setDay(day, event.currentTarget.checked ? [{ start: '09:00', end: '18:00' }] : [])}
                  />
                  {windows.length === 0 ? (
                    <Text size="sm" c="dimmed" mt={8}>
                      {t('recovery.settings.hours.closed')}
                    </Text>
                  ) : (
                    <Stack gap={6}>
                      {windows.map((window, index) => (
                        <Group key={index} gap={6} align="flex-start" wrap="nowrap">
                          <TextInput
                            // Plain text, not type="time": the browser would show 12-hour clocks to some readers and cannot hold "24:00".
                            w={110}
                            value={window.start}
                            placeholder="09:00"
                            maxLength={5}
                            disabled={!canEdit}
                            aria-label={t('recovery.settings.hours.from', { day: dayName })}
                            error={errors[`weekHours.${day}.${index}.start`]}
                            onChange={(event) => setDay(day, windows.map((w, i) => (i === index ? { ...w, start: event.currentTarget.value } : w)))}
                          />
                          <Text mt={6} aria-hidden>
                            –
                          </Text>
                          <TextInput
                            w={110}
                            value={window.end}
                            placeholder="18:00"
                            maxLength={5}
                            disabled={!canEdit}
                            aria-label={t('recovery.settings.hours.to', { day: dayName })}
                            error={errors[`weekHours.${day}.${index}.end`]}
                            onChange={(event) => setDay(day, windows.map((w, i) => (i === index ? { ...w, end: event.currentTarget.value } : w)))}
                          />
                          {canEdit && (
                            <ActionIcon variant="subtle" color="red" mt={4} aria-label={t('recovery.settings.hours.removeWindow', { day: dayName })} onClick={() => setDay(day, windows.filter((_, i) => i !== index))}>
                              <IconTrash size={16} aria-hidden />
                            </ActionIcon>
                          )}
                        </Group>
                      ))}
                      {canEdit && windows.length < 6 && (
                        <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => setDay(day, [...windows, { start: '13:00', end: '17:00' }])} style={{ alignSelf: 'flex-start' }}>
                          {t('recovery.settings.hours.addWindow')}
                        </Button>
                      )}
                    </Stack>
                  )}
                </Group>
              );
            })}
          </Stack>
        </Stack>
      </Paper>
      {canEdit && (
        <Group justify="flex-end">
          <Button onClick={() => void save()} loading={saving} disabled={!dirty}>
            {t('recovery.settings.sla.save')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

/** Holidays (clocks stop) and moved working days (clocks run), saved as the whole list on each change. */
export function SettingsCalendar({ settings, canEdit }: { settings: RecoverySettings; canEdit: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { orgId } = useCurrentOrg();
  const queryClient = useQueryClient();
  const [entry, setEntry] = useState<{ date: string; kind: CalendarDay['kind']; name: string }>({ date: '', kind: 'holiday', name: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);
  const [removing, setRemoving] = useState<CalendarDay | null>(null);
  const onError = useFieldErrorHandler(setErrors, ['days']);
  const days = [...settings.days].sort((a, b) => a.date.localeCompare(b.date));

  const store = async (next: CalendarDay[]): Promise<boolean> => {
    setSaving(true);
    setErrors({});
    try {
      const saved = await saveCalendarDays(next);
      queryClient.setQueryData(recoverySettingsKey(orgId), saved);
      notifications.show({ color: 'green', message: t('common.saved') });
      return true;
    } catch (error) {
      onError(error);
      return false;
    } finally {
      setSaving(false);
    }
  };

  const add = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(entry.date)) {
      setErrors({ date: t('recovery.settings.calendar.dateRequired') });
      return;
    }
    if (days.some((day) => day.date === entry.date)) {
      setErrors({ date: t('recovery.settings.calendar.duplicate') });
      return;
    }
    const next = [...days, { date: entry.date, kind: entry.kind, name: entry.name.trim() || null }];
    if (await store(next)) setEntry({ date: '', kind: entry.kind, name: '' });
  };

  // The new day is the last in the list sent, so a 400 about it names `days.<last>.*`: show it on the form.
  const newIndex = days.length;
  const addError = (name: string) => errors[name] ?? errors[`days.${newIndex}.${name}`];

  return (
    <Stack gap="lg" maw={900}>
      <Text size="sm" c="dimmed">
        {t('recovery.settings.calendar.help')}
      </Text>
      {canEdit && (
        <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md" component="form" onSubmit={(event: React.FormEvent) => void add(event)} noValidate>
          <Group align="flex-start" gap="sm" wrap="wrap">
            <TextInput
              type="date"
              label={t('recovery.settings.calendar.date')}
              required
              value={entry.date}
              error={addError('date')}
              onChange={(event) => {
                setEntry({ ...entry, date: event.currentTarget.value });
                setErrors({});
              }}
            />
            <Select
              label={t('recovery.settings.calendar.kind')}
              value={entry.kind}
              allowDeselect={false}
              w={220}
              data={(['holiday', 'workday'] as const).map((kind) => ({ value: kind, label: t(`recovery.settings.calendar.kinds.${kind}`) }))}
              onChange={(value) => setEntry({ ...entry, kind: (value ?? 'holiday') as CalendarDay['kind'] })}
            />
            <TextInput
              label={t('recovery.settings.calendar.name')}
              placeholder={t('recovery.settings.calendar.namePlaceholder')}
              value={entry.name}
              maxLength={200}
              error={addError('name')}
              style={{ flex: '1 1 14rem' }}
              onChange={(event) => setEntry({ ...entry, name: event.currentTarget.value })}
            />
            <Button type="submit" mt={25} loading={saving} leftSection={<IconPlus size={16} aria-hidden />}>
              {t('recovery.settings.calendar.add')}
            </Button>
          </Group>
        </Paper>
      )}
      {days.length === 0 ? (
        <Paper withBorder p="xl" radius="md">
          <EmptyState icon={<IconCalendarOff size={32} stroke={1.5} aria-hidden />} variant="light" title={t('recovery.settings.calendar.emptyTitle')} description={t('recovery.settings.calendar.emptyDescription')} />
        </Paper>
      ) : (
        <Paper withBorder radius="md">
          <Table.ScrollContainer minWidth={520}>
            <Table verticalSpacing="xs" aria-label={t('recovery.settings.calendar.listLabel')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('recovery.settings.calendar.date')}</Table.Th>
                  <Table.Th>{t('recovery.settings.calendar.kind')}</Table.Th>
                  <Table.Th>{t('recovery.settings.calendar.name')}</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {days.map((day) => (
                  <Table.Tr key={day.date} data-date={day.date}>
                    <Table.Td>{format.date(`${day.date}T12:00:00Z`)}</Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={day.kind === 'holiday' ? 'orange' : 'teal'}>
                        {t(`recovery.settings.calendar.kinds.${day.kind}`)}
                      </Badge>
                      {day.hours && day.hours.length > 0 && (
                        <Text span size="xs" c="dimmed" ml={6}>
                          {day.hours.map((w) => `${w.start}–${w.end}`).join(', ')}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{day.name ?? '—'}</Table.Td>
                    <Table.Td ta="right">
                      {canEdit && (
                        <ActionIcon variant="subtle" color="red" aria-label={t('recovery.settings.calendar.remove', { date: day.date })} onClick={() => setRemoving(day)}>
                          <IconTrash size={16} aria-hidden />
                        </ActionIcon>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      <ConfirmModal
        opened={removing !== null}
        title={t('recovery.settings.calendar.removeTitle')}
        message={t('recovery.settings.calendar.removeMessage', { date: removing?.date ?? '' })}
        confirmLabel={t('recovery.settings.remove')}
        loading={saving}
        onConfirm={() => {
          const day = removing;
          if (!day) return;
          void store(days.filter((candidate) => candidate.date !== day.date)).then((done) => done && setRemoving(null));
        }}
        onClose={() => setRemoving(null)}
      />
    </Stack>
  );
}
