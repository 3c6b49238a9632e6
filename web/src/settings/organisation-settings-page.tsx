import { useState } from 'react';
import { Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Organization } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { LanguageSelect } from '../components/language-select';
import { PageHeader } from '../components/page-header';
import { QueryError } from '../components/query-error';
import { TimezoneSelect } from '../components/timezone-select';
import { useApiError } from '../components/use-api-error';
import { useFormat } from '../format';
import { orgKey } from '../query-client';
import { useCurrentOrg } from '../session/current-org';
import { ME_KEY } from '../session/use-me';
import { AdminOnlyNotice } from './admin-only-notice';
import { useOrganization } from './use-organization';

export function OrganisationSettingsPage() {
  const { t } = useTranslation();
  const organization = useOrganization();

  return (
    <>
      <PageHeader title={t('settings.organisation.title')} description={t('settings.organisation.description')} />
      {organization.isPending && <CenteredLoader />}
      {organization.isError && <QueryError error={organization.error} onRetry={() => void organization.refetch()} />}
      {organization.data && <OrganisationForm key={organization.data.orgId} organization={organization.data} />}
    </>
  );
}

function OrganisationForm({ organization }: { organization: Organization }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { orgId, isAdmin } = useCurrentOrg();
  const queryClient = useQueryClient();
  const handleError = useApiError();
  const [saving, setSaving] = useState(false);
  const form = useForm({
    initialValues: {
      name: organization.name,
      defaultLocale: organization.defaultLocale,
      timezone: organization.timezone,
    },
    validate: { name: (value) => (value.trim() ? null : t('validation.required')) },
  });

  const submit = form.onSubmit(async (values) => {
    setSaving(true);
    try {
      const saved = await api<Organization>('/org', { method: 'PATCH', body: values });
      queryClient.setQueryData(orgKey(orgId, 'organization'), saved);
      form.resetDirty(values);
      // The organisation switcher shows the name from the membership list.
      await queryClient.invalidateQueries({ queryKey: ME_KEY });
      notifications.show({ color: 'green', message: t('common.saved') });
    } catch (error) {
      handleError(error, form);
    } finally {
      setSaving(false);
    }
  });

  return (
    <Paper withBorder p={{ base: 'md', sm: 'xl' }} radius="md" maw={640}>
      {!isAdmin && <AdminOnlyNotice message={t('settings.adminOnlyEdit')} />}
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label={t('fields.organizationName')} required disabled={!isAdmin} {...form.getInputProps('name')} />
          <LanguageSelect
            label={t('fields.defaultLanguage')}
            description={t('settings.organisation.languageHint')}
            disabled={!isAdmin}
            {...form.getInputProps('defaultLocale')}
          />
          <TimezoneSelect
            label={t('fields.timezone')}
            description={t('settings.organisation.timezoneHint')}
            disabled={!isAdmin}
            {...form.getInputProps('timezone')}
          />
          <Group justify="space-between" align="center">
            <Text size="xs" c="dimmed">
              {t('settings.organisation.createdAt', { date: format.date(organization.createdAt) })}
            </Text>
            {isAdmin && (
              <Button type="submit" loading={saving} disabled={!form.isDirty()}>
                {t('common.save')}
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
