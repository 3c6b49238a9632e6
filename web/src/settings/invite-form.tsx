import { useState } from 'react';
import { Alert, Button, Code, CopyButton, Group, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { IconCheck, IconCopy, IconMailForward } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { api, type Invitation, type Role } from '../api';
import { useApiError } from '../components/use-api-error';
import { orgKey } from '../query-client';
import { useCurrentOrg } from '../session/current-org';
import { useLocationOptions } from './use-locations';
import { useRoleOptions } from './use-role-options';
import { SearchableSelect } from '../components/searchable-select';

interface InviteResult {
  invitation: Invitation;
  inviteUrl: string;
}

export function InviteForm() {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const queryClient = useQueryClient();
  const handleError = useApiError();
  const roleOptions = useRoleOptions();
  const { options: locationOptions } = useLocationOptions();
  const [sending, setSending] = useState(false);
  const [result, setResult] = useState<InviteResult | null>(null);
  const form = useForm<{ email: string; role: Role; locationId: string | null }>({
    initialValues: { email: '', role: 'viewer', locationId: null },
    validate: { email: (value) => (/^\S+@\S+$/.test(value) ? null : t('validation.email')) },
  });

  const submit = form.onSubmit(async (values) => {
    setSending(true);
    try {
      const created = await api<InviteResult>('/invitations', {
        method: 'POST',
        body: { email: values.email.trim(), role: values.role, locationId: values.locationId ?? undefined },
      });
      // The link is copied into e-mails and chats, so it has to be absolute even if the server sent a path.
      setResult({ ...created, inviteUrl: new URL(created.inviteUrl, window.location.origin).href });
      form.reset();
      await queryClient.invalidateQueries({ queryKey: orgKey(orgId, 'invitations') });
    } catch (error) {
      handleError(error, form, (failure) =>
        failure.status === 409 && failure.field === 'email'
          ? t('invitations.alreadyMember', { email: values.email.trim() })
          : undefined,
      );
    } finally {
      setSending(false);
    }
  });

  return (
    <Paper withBorder radius="md" p={{ base: 'md', sm: 'lg' }}>
      <form onSubmit={submit} noValidate>
        <Group align="flex-end" gap="sm">
          <TextInput
            label={t('fields.email')}
            type="email"
            required
            style={{ flex: '2 1 14rem' }}
            {...form.getInputProps('email')}
          />
          <Select
            label={t('fields.role')}
            data={roleOptions}
            allowDeselect={false}
            style={{ flex: '1 1 10rem' }}
            {...form.getInputProps('role')}
          />
          <SearchableSelect
            label={t('fields.location')}
            placeholder={t('users.wholeOrganisation')}
            data={locationOptions}
            clearable
            style={{ flex: '2 1 12rem' }}
            {...form.getInputProps('locationId')}
          />
          <Button type="submit" loading={sending} leftSection={<IconMailForward size={18} aria-hidden />}>
            {t('invitations.send')}
          </Button>
        </Group>
      </form>
      {result && (
        <Alert color="green" mt="md" title={t('invitations.sentTitle', { email: result.invitation.email })} role="status">
          <Stack gap="xs">
            <Text size="sm">{t('invitations.sentHint')}</Text>
            <Group gap="xs" wrap="nowrap" align="center">
              <Code className="km-code" style={{ flex: 1 }}>
                {result.inviteUrl}
              </Code>
              <CopyButton value={result.inviteUrl}>
                {({ copied, copy }) => (
                  <Button
                    size="xs"
                    variant="light"
                    onClick={copy}
                    leftSection={copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />}
                  >
                    {copied ? t('common.copied') : t('invitations.copyLink')}
                  </Button>
                )}
              </CopyButton>
            </Group>
          </Stack>
        </Alert>
      )}
    </Paper>
  );
}
