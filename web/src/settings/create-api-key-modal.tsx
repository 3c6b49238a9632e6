import { useState } from 'react';
import { Alert, Button, Checkbox, Code, CopyButton, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { api, SCOPES, type ApiKey, type Scope } from '../api';
import { useApiError } from '../components/use-api-error';
import { orgKey } from '../query-client';
import { useCurrentOrg } from '../session/current-org';

interface CreateApiKeyModalProps {
  opened: boolean;
  onClose: () => void;
}

/**
 * Two steps in one dialog: name and scopes, then the secret. The server keeps only a hash, so
 * this dialog is the one and only place the key can ever be read.
 */
export function CreateApiKeyModal({ opened, onClose }: CreateApiKeyModalProps) {
  const { t } = useTranslation();
  const [secret, setSecret] = useState<string | null>(null);

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={secret ? t('apiKeys.createdTitle') : t('apiKeys.createTitle')}
      // Losing the key by a stray click would mean creating another one.
      closeOnClickOutside={!secret}
      closeOnEscape={!secret}
      withCloseButton={!secret}
      // The secret is forgotten only after the fade-out, so the dialog does not flash back to the form.
      onExitTransitionEnd={() => setSecret(null)}
    >
      {secret ? <KeyReveal secret={secret} onDone={onClose} /> : <CreateKeyForm onCreated={setSecret} onCancel={onClose} />}
    </Modal>
  );
}

function CreateKeyForm({ onCreated, onCancel }: { onCreated: (key: string) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const queryClient = useQueryClient();
  const handleError = useApiError();
  const [saving, setSaving] = useState(false);
  const form = useForm<{ name: string; scopes: Scope[] }>({
    initialValues: { name: '', scopes: ['ingest'] },
    validate: {
      name: (value) => (value.trim() ? null : t('validation.required')),
      scopes: (value) => (value.length > 0 ? null : t('apiKeys.scopeRequired')),
    },
  });

  const submit = form.onSubmit(async (values) => {
    setSaving(true);
    try {
      const created = await api<{ apiKey: ApiKey; key: string }>('/api-keys', {
        method: 'POST',
        body: { name: values.name.trim(), scopes: values.scopes },
      });
      await queryClient.invalidateQueries({ queryKey: orgKey(orgId, 'api-keys') });
      onCreated(created.key);
    } catch (error) {
      handleError(error, form);
    } finally {
      setSaving(false);
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput
          label={t('fields.name')}
          description={t('apiKeys.nameHint')}
          required
          data-autofocus
          {...form.getInputProps('name')}
        />
        <Checkbox.Group label={t('apiKeys.scopes')} required {...form.getInputProps('scopes')}>
          <Stack gap="xs" mt="xs">
            {SCOPES.map((scope) => (
              <Checkbox key={scope} value={scope} label={t(`scopes.${scope}`)} description={t(`scopes.${scope}Hint`)} />
            ))}
          </Stack>
        </Checkbox.Group>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={saving}>
            {t('apiKeys.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function KeyReveal({ secret, onDone }: { secret: string; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <Stack>
      <Alert color="orange" icon={<IconAlertTriangle aria-hidden />} title={t('apiKeys.onceTitle')}>
        {t('apiKeys.onceMessage')}
      </Alert>
      <Code block className="km-code" aria-label={t('apiKeys.secretLabel')} data-testid="api-key-secret">
        {secret}
      </Code>
      <Group justify="space-between">
        <CopyButton value={secret}>
          {({ copied, copy }) => (
            <Button
              variant="light"
              onClick={copy}
              leftSection={copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
            >
              {copied ? t('common.copied') : t('apiKeys.copy')}
            </Button>
          )}
        </CopyButton>
        <Button onClick={onDone} data-autofocus>
          {t('apiKeys.stored')}
        </Button>
      </Group>
    </Stack>
  );
}
