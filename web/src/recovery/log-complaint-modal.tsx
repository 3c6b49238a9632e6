import { Button, Group, Modal, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api } from '../api';
import { useApiError } from '../components/use-api-error';
import { useCurrentOrg } from '../session/current-org';
import { useLocationOptions } from '../settings/use-locations';
import { CASE_CHANNELS, casesKey, type Case } from './recovery-api';

interface Values {
  channel: string;
  summary: string;
  customerWords: string;
  customerName: string;
  customerRef: string;
  customerPhone: string;
  customerEmail: string;
  locationId: string | null;
}

/** A complaint received at the counter, by phone, e-mail or letter: whoever logs it owns it (first contact). */
export function LogComplaintModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { orgId, membership } = useCurrentOrg();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const handleError = useApiError();
  const { options } = useLocationOptions();
  const form = useForm<Values>({
    initialValues: { channel: 'counter', summary: '', customerWords: '', customerName: '', customerRef: '', customerPhone: '', customerEmail: '', locationId: membership.locationId },
    validate: {
      summary: (value) => (value.trim() ? null : t('validation.required')),
      customerEmail: (value) => (!value || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) ? null : t('validation.email')),
    },
  });
  const open = useMutation({
    mutationFn: (values: Values) =>
      api<{ outcome: string; case: Case }>('/cases', {
        method: 'POST',
        body: {
          channel: values.channel,
          summary: values.summary.trim(),
          customerWords: values.customerWords.trim() || null,
          customerName: values.customerName.trim() || null,
          customerRef: values.customerRef.trim() || null,
          customerPhone: values.customerPhone.trim() || null,
          customerEmail: values.customerEmail.trim() || null,
          locationId: values.locationId,
        },
      }),
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: casesKey(orgId) });
      form.reset();
      onClose();
      void navigate(`/cases/${result.case.caseId}`);
    },
    onError: (error) => handleError(error, form),
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('recovery.log.title')} size="lg">
      <form onSubmit={form.onSubmit((values) => open.mutate(values))} noValidate>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <Select
              label={t('recovery.log.channel')}
              data={CASE_CHANNELS.filter((channel) => channel !== 'survey' && channel !== 'audit').map((channel) => ({ value: channel, label: t(`recovery.channel.${channel}`) }))}
              allowDeselect={false}
              {...form.getInputProps('channel')}
            />
            <Select label={t('recovery.log.location')} data={options} searchable clearable placeholder={t('recovery.log.noLocation')} {...form.getInputProps('locationId')} />
          </SimpleGrid>
          <TextInput label={t('recovery.log.summary')} description={t('recovery.log.summaryHint')} required data-autofocus {...form.getInputProps('summary')} />
          <Textarea label={t('recovery.log.customerWords')} description={t('recovery.log.customerWordsHint')} autosize minRows={3} {...form.getInputProps('customerWords')} />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput label={t('recovery.customer.name')} {...form.getInputProps('customerName')} />
            <TextInput label={t('recovery.customer.ref')} {...form.getInputProps('customerRef')} />
            <TextInput label={t('recovery.customer.phone')} type="tel" {...form.getInputProps('customerPhone')} />
            <TextInput label={t('recovery.customer.email')} type="email" {...form.getInputProps('customerEmail')} />
          </SimpleGrid>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={open.isPending}>
              {t('recovery.log.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
