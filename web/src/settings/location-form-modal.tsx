import { useMemo, useState } from 'react';
import { Button, Group, Input, Modal, SegmentedControl, Stack, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, LOCATION_LEVELS, type Location, type LocationLevel } from '../api';
import { TimezoneSelect } from '../components/timezone-select';
import { useApiError } from '../components/use-api-error';
import { useLastPresent } from '../components/use-last-present';
import { useCurrentOrg } from '../session/current-org';
import { locationPath, possibleParents } from './location-tree-model';
import { locationsKey } from './use-locations';
import { SearchableSelect } from '../components/searchable-select';

export type LocationFormTarget =
  | { mode: 'create'; parent: Location | null; level: LocationLevel }
  | { mode: 'edit'; location: Location };

interface LocationFormModalProps {
  target: LocationFormTarget | null;
  locations: Location[];
  defaultTimezone: string;
  onClose: () => void;
}

export function LocationFormModal({ target, onClose, ...rest }: LocationFormModalProps) {
  const { t } = useTranslation();
  const shown = useLastPresent(target);
  const title =
    shown?.mode === 'edit' ? t('locations.editTitle', { name: shown.location.name }) : t('locations.createTitle');
  return (
    <Modal
      opened={target !== null}
      onClose={onClose}
      title={title}
      size="lg"
    >
      {shown && <LocationForm key={formKey(shown)} target={shown} onClose={onClose} {...rest} />}
    </Modal>
  );
}

function formKey(target: LocationFormTarget): string {
  return target.mode === 'edit' ? `edit-${target.location.locationId}` : `create-${target.parent?.locationId ?? 'top'}-${target.level}`;
}

interface FormValues {
  name: string;
  level: LocationLevel;
  parentId: string | null;
  code: string;
  kind: string;
  timezone: string;
  address: string;
}

function initialValues(target: LocationFormTarget, defaultTimezone: string): FormValues {
  if (target.mode === 'edit') {
    const { location } = target;
    return {
      name: location.name,
      level: location.level,
      parentId: location.parentId,
      code: location.code ?? '',
      kind: location.kind ?? '',
      timezone: location.timezone,
      address: location.address ?? '',
    };
  }
  return {
    name: '',
    level: target.level,
    parentId: target.parent?.locationId ?? null,
    code: '',
    kind: '',
    timezone: defaultTimezone,
    address: '',
  };
}

/** Empty text means "no value": the API stores null rather than an empty string. */
function orNull(value: string): string | null {
  return value.trim() ? value.trim() : null;
}

function LocationForm({ target, locations, defaultTimezone, onClose }: Omit<LocationFormModalProps, 'target'> & { target: LocationFormTarget }) {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const queryClient = useQueryClient();
  const handleError = useApiError();
  const [saving, setSaving] = useState(false);
  const editing = target.mode === 'edit' ? target.location : undefined;
  const form = useForm<FormValues>({
    initialValues: initialValues(target, defaultTimezone),
    validate: { name: (value) => (value.trim() ? null : t('validation.required')) },
  });
  const level = form.values.level;

  const parentOptions = useMemo(() => {
    const byId = new Map(locations.map((location) => [location.locationId, location]));
    const candidates = possibleParents(locations, level, editing);
    return LOCATION_LEVELS.map((groupLevel) => ({
      group: t(`locations.groups.${groupLevel}`),
      items: candidates
        .filter((candidate) => candidate.level === groupLevel)
        .map((candidate) => ({ value: candidate.locationId, label: locationPath(candidate, byId) })),
    })).filter((group) => group.items.length > 0);
  }, [locations, level, editing, t]);

  const changeLevel = (next: string) => {
    const nextLevel = next as LocationLevel;
    const parentStillValid = possibleParents(locations, nextLevel).some(
      (candidate) => candidate.locationId === form.values.parentId,
    );
    form.setValues({ level: nextLevel, parentId: parentStillValid ? form.values.parentId : null });
  };

  const submit = form.onSubmit(async (values) => {
    setSaving(true);
    try {
      if (editing) {
        await api(`/locations/${editing.locationId}`, { method: 'PATCH', body: changedFields(editing, values) });
      } else {
        await api('/locations', {
          method: 'POST',
          body: {
            name: values.name.trim(),
            level: values.level,
            parentId: values.parentId ?? undefined,
            code: orNull(values.code) ?? undefined,
            kind: orNull(values.kind) ?? undefined,
            timezone: values.timezone,
            address: orNull(values.address) ?? undefined,
          },
        });
      }
      await queryClient.invalidateQueries({ queryKey: locationsKey(orgId) });
      notifications.show({ color: 'green', message: t(editing ? 'common.saved' : 'locations.created', { name: values.name.trim() }) });
      onClose();
    } catch (error) {
      handleError(error, form, (failure) =>
        failure.status === 409 && failure.field === 'code' ? t('locations.codeTaken', { code: values.code.trim() }) : undefined,
      );
    } finally {
      setSaving(false);
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput label={t('fields.name')} required data-autofocus {...form.getInputProps('name')} />
        {!editing && (
          <Input.Wrapper label={t('fields.level')} id="location-level" labelElement="div">
            <SegmentedControl
              fullWidth
              aria-labelledby="location-level-label"
              value={level}
              onChange={changeLevel}
              data={LOCATION_LEVELS.map((value) => ({ value, label: t(`levels.${value}`) }))}
            />
          </Input.Wrapper>
        )}
        <SearchableSelect
          label={editing ? t('locations.parentMove') : t('locations.parent')}
          description={t(`locations.parentRule.${level}`)}
          placeholder={t('locations.topLevel')}
          data={parentOptions}
          clearable
          {...form.getInputProps('parentId')}
        />
        <Group grow align="flex-start">
          <TextInput label={t('fields.code')} description={t('locations.codeHint')} {...form.getInputProps('code')} />
          <TextInput label={t('fields.kind')} description={t('locations.kindHint')} {...form.getInputProps('kind')} />
        </Group>
        <TimezoneSelect label={t('fields.timezone')} {...form.getInputProps('timezone')} />
        <Textarea label={t('fields.address')} autosize minRows={2} {...form.getInputProps('address')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={saving}>
            {editing ? t('common.save') : t('locations.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** A PATCH names only what changed, so a move does not rewrite fields someone else just edited. */
function changedFields(location: Location, values: FormValues): Record<string, string | null> {
  const next: Record<string, string | null> = {
    name: values.name.trim(),
    parentId: values.parentId,
    code: orNull(values.code),
    kind: orNull(values.kind),
    timezone: values.timezone,
    address: orNull(values.address),
  };
  return Object.fromEntries(
    Object.entries(next).filter(([key, value]) => location[key as keyof Location] !== value),
  );
}
