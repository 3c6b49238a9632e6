import { useState } from 'react';
import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Organization } from '../api';
import { useApiError } from '../components/use-api-error';
import { LanguageSelect } from '../components/language-select';
import { TimezoneSelect } from '../components/timezone-select';
import { currentLanguage } from '../i18n';
import { ME_KEY } from '../session/use-me';
import { browserTimezone } from '../timezones';

interface CreateOrgModalProps {
  opened: boolean;
  onClose: () => void;
  /** Called once the new organisation is among the user's memberships. */
  onCreated: (organization: Organization) => void;
}

export function CreateOrgModal({ opened, onClose, onCreated }: CreateOrgModalProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const handleError = useApiError();
  const [submitting, setSubmitting] = useState(false);
  const form = useForm({
    initialValues: { name: '', defaultLocale: currentLanguage() as string, timezone: browserTimezone() },
    validate: { name: (value) => (value.trim() ? null : t('validation.required')) },
  });

  const close = () => {
    form.reset();
    onClose();
  };

  const submit = form.onSubmit(async (values) => {
    setSubmitting(true);
    try {
      const organization = await api<Organization>('/orgs', { method: 'POST', body: values });
      await queryClient.refetchQueries({ queryKey: ME_KEY });
      onCreated(organization);
      close();
    } catch (error) {
      handleError(error, form);
    } finally {
      setSubmitting(false);
    }
  });

  return (
    <Modal opened={opened} onClose={close} title={t('orgs.createTitle')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label={t('fields.organizationName')} required data-autofocus {...form.getInputProps('name')} />
          <LanguageSelect label={t('fields.defaultLanguage')} {...form.getInputProps('defaultLocale')} />
          <TimezoneSelect label={t('fields.timezone')} {...form.getInputProps('timezone')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={submitting}>
              {t('orgs.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
