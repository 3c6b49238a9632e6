import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api } from '../api';
import { useApiError } from '../components/use-api-error';
import { currentLanguage } from '../i18n';
import { textIn } from '../journeys/blueprint-model';
import { useCurrentOrg } from '../session/current-org';
import { useLocations, useLocationOptions } from '../settings/use-locations';
import { auditsKey, RUN_KINDS, useChecklists, usePeople, type Run, type RunKind } from './audits-api';

interface Values {
  checklistKey: string;
  locationId: string;
  kind: RunKind;
  assigneeUserId: string;
  dueDate: string;
}

/**
 * Starts one audit run of a published checklist at an outlet. A mystery-shopping run is filled in
 * only through the shopper's link, so its creation goes straight on to issuing that link.
 */
export function CreateRunModal({ opened, onClose, onMysteryCreated }: { opened: boolean; onClose: () => void; onMysteryCreated: (runId: string) => void }) {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const onError = useApiError();
  const language = currentLanguage();
  const checklists = useChecklists();
  const { data: locations = [] } = useLocations();
  const { options: locationOptions } = useLocationOptions();
  const people = usePeople();
  const outletIds = new Set(locations.filter((location) => location.level === 'outlet').map((location) => location.locationId));
  const form = useForm<Values>({
    initialValues: { checklistKey: '', locationId: '', kind: 'self_inspection', assigneeUserId: '', dueDate: '' },
    validate: {
      checklistKey: (value) => (value ? null : t('audits.create.checklistRequired')),
      locationId: (value) => (value ? null : t('audits.create.outletRequired')),
    },
  });
  const published = (checklists.data ?? []).filter((checklist) => checklist.publishedVersion !== null && checklist.archivedAt === null);

  const create = useMutation({
    mutationFn: (values: Values) =>
      api<Run>('/audits/runs', {
        method: 'POST',
        body: {
          checklistKey: values.checklistKey,
          locationId: values.locationId,
          kind: values.kind,
          ...(values.assigneeUserId && values.kind !== 'mystery_shopping' ? { assigneeUserId: values.assigneeUserId } : {}),
          // The end of the chosen day in the reader's time zone.
          ...(values.dueDate ? { dueAt: new Date(`${values.dueDate}T23:59:59`).toISOString() } : {}),
        },
      }),
    onSuccess: async (run) => {
      await queryClient.invalidateQueries({ queryKey: auditsKey(orgId, 'runs') });
      form.reset();
      onClose();
      if (run.kind === 'mystery_shopping') onMysteryCreated(run.runId);
      else void navigate(`/audits/runs/${run.runId}`);
    },
    onError: (error) => onError(error, form),
  });

  return (
    <Modal opened={opened} onClose={onClose} title={t('audits.create.title')}>
      <form onSubmit={form.onSubmit((values) => create.mutate(values))}>
        <Stack gap="sm">
          <Select
            label={t('audits.create.checklist')}
            description={published.length === 0 ? t('audits.create.noPublished') : undefined}
            data={published.map((checklist) => ({ value: checklist.key, label: textIn(checklist.name, language, checklist.fallbackLocale) || checklist.key }))}
            searchable
            required
            data-autofocus
            {...form.getInputProps('checklistKey')}
          />
          <Select
            label={t('audits.create.outlet')}
            data={locationOptions.filter((option) => outletIds.has(option.value))}
            searchable
            required
            {...form.getInputProps('locationId')}
          />
          <Select
            label={t('audits.create.kind')}
            data={RUN_KINDS.map((kind) => ({ value: kind, label: t(`audits.kind.${kind}`) }))}
            allowDeselect={false}
            description={t(`audits.kindHelp.${form.values.kind}`)}
            {...form.getInputProps('kind')}
          />
          {form.values.kind !== 'mystery_shopping' && (
            <Select
              label={t('audits.create.assignee')}
              data={(people.data ?? []).map((person) => ({ value: person.userId, label: person.name }))}
              searchable
              clearable
              placeholder={t('audits.create.nobody')}
              {...form.getInputProps('assigneeUserId')}
            />
          )}
          <TextInput type="date" label={t('audits.create.due')} {...form.getInputProps('dueDate')} />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('audits.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t('audits.create.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
