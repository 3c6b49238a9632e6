import { useState } from 'react';
import { Alert, Badge, Button, Code, CopyButton, EmptyState, Group, Modal, MultiSelect, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { IconAlertTriangle, IconCheck, IconCopy, IconPlus, IconWebhook } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { ConfirmModal } from '../components/confirm-modal';
import { QueryError } from '../components/query-error';
import { useApiError } from '../components/use-api-error';
import { useFormat } from '../format';
import { useCurrentOrg } from '../session/current-org';
import { WEBHOOK_EVENT_TYPES, webhooksKey, type Webhook, type WebhookDelivery } from './recovery-api';
import { useFieldErrorHandler, type FieldErrors } from './settings-field-errors';

/** Webhooks for case events: add (the signing secret is shown once), remove, and each one's latest deliveries. */
export function SettingsWebhooks() {
  const { t } = useTranslation();
  const format = useFormat();
  const { orgId } = useCurrentOrg();
  const queryClient = useQueryClient();
  const handleError = useApiError();
  const webhooks = useQuery({ queryKey: webhooksKey(orgId), queryFn: () => api<{ items: Webhook[] }>('/recovery/webhooks').then((body) => body.items) });
  const [secret, setSecret] = useState<string | null>(null);
  const [removing, setRemoving] = useState<Webhook | null>(null);
  const [busy, setBusy] = useState(false);
  const [logOf, setLogOf] = useState<string | null>(null);

  const remove = async () => {
    if (!removing) return;
    setBusy(true);
    try {
      await api(`/recovery/webhooks/${removing.webhookId}`, { method: 'DELETE' });
      await queryClient.invalidateQueries({ queryKey: webhooksKey(orgId) });
      setRemoving(null);
    } catch (error) {
      handleError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="lg" maw={1000}>
      <Text size="sm" c="dimmed">
        {t('recovery.settings.webhooks.help')}
      </Text>
      <AddWebhookForm onCreated={setSecret} />
      {webhooks.isPending ? (
        <CenteredLoader />
      ) : webhooks.isError ? (
        <QueryError error={webhooks.error} onRetry={() => void webhooks.refetch()} />
      ) : webhooks.data.length === 0 ? (
        <Paper withBorder p="xl" radius="md">
          <EmptyState icon={<IconWebhook size={32} stroke={1.5} aria-hidden />} variant="light" title={t('recovery.settings.webhooks.emptyTitle')} description={t('recovery.settings.webhooks.emptyDescription')} />
        </Paper>
      ) : (
        <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {webhooks.data.map((hook) => (
            <Paper key={hook.webhookId} component="li" withBorder p="sm" radius="md">
              <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
                <Stack gap={4} style={{ flex: '1 1 20rem', minWidth: 0 }}>
                  <Text fw={600} className="km-code" style={{ overflowWrap: 'anywhere' }}>
                    {hook.url}
                  </Text>
                  <Group gap={4}>
                    <Badge color={hook.enabled ? 'teal' : 'gray'} variant="light">
                      {hook.enabled ? t('recovery.settings.webhooks.active') : t('recovery.settings.webhooks.inactive')}
                    </Badge>
                    {hook.events.length === 0 ? (
                      <Badge variant="outline" color="gray">
                        {t('recovery.settings.webhooks.allEvents')}
                      </Badge>
                    ) : (
                      hook.events.map((event) => (
                        <Badge key={event} variant="outline" color="gray" tt="none">
                          {event}
                        </Badge>
                      ))
                    )}
                  </Group>
                  <Text size="xs" c="dimmed">
                    {t('recovery.settings.webhooks.createdAt', { date: format.dateTime(hook.createdAt) })}
                  </Text>
                </Stack>
                <Group gap="xs">
                  <Button variant="default" size="xs" aria-expanded={logOf === hook.webhookId} onClick={() => setLogOf(logOf === hook.webhookId ? null : hook.webhookId)}>
                    {logOf === hook.webhookId ? t('recovery.settings.webhooks.hideLog') : t('recovery.settings.webhooks.showLog')}
                  </Button>
                  <Button variant="subtle" color="red" size="xs" onClick={() => setRemoving(hook)}>
                    {t('recovery.settings.remove')}
                  </Button>
                </Group>
              </Group>
              {logOf === hook.webhookId && <DeliveryLog webhookId={hook.webhookId} />}
            </Paper>
          ))}
        </Stack>
      )}
      <Modal opened={secret !== null} onClose={() => setSecret(null)} title={t('recovery.settings.webhooks.secretTitle')} closeOnClickOutside={false} closeOnEscape={false} withCloseButton={false}>
        {secret && (
          <Stack>
            <Alert color="orange" icon={<IconAlertTriangle aria-hidden />}>
              {t('recovery.settings.webhooks.secretOnce')}
            </Alert>
            <Code block className="km-code" data-testid="webhook-secret">
              {secret}
            </Code>
            <Group justify="space-between">
              <CopyButton value={secret}>
                {({ copied, copy }) => (
                  <Button variant="light" onClick={copy} leftSection={copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}>
                    {copied ? t('common.copied') : t('recovery.settings.webhooks.copy')}
                  </Button>
                )}
              </CopyButton>
              <Button onClick={() => setSecret(null)} data-autofocus>
                {t('recovery.settings.webhooks.stored')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
      <ConfirmModal
        opened={removing !== null}
        title={t('recovery.settings.webhooks.removeTitle')}
        message={t('recovery.settings.webhooks.removeMessage', { url: removing?.url ?? '' })}
        confirmLabel={t('recovery.settings.remove')}
        loading={busy}
        onConfirm={() => void remove()}
        onClose={() => setRemoving(null)}
      />
    </Stack>
  );
}

function AddWebhookForm({ onCreated }: { onCreated: (secret: string) => void }) {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const queryClient = useQueryClient();
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);
  const onError = useFieldErrorHandler(setErrors, ['url', 'events']);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!url.trim()) {
      setErrors({ url: t('validation.required') });
      return;
    }
    setSaving(true);
    setErrors({});
    try {
      const created = await api<Webhook & { secret: string }>('/recovery/webhooks', { method: 'POST', body: { url: url.trim(), ...(events.length > 0 ? { events } : {}) } });
      await queryClient.invalidateQueries({ queryKey: webhooksKey(orgId) });
      setUrl('');
      setEvents([]);
      onCreated(created.secret);
    } catch (error) {
      onError(error);
    } finally {
      setSaving(false);
    }
  };

  const eventsError = errors.events ?? Object.entries(errors).find(([key]) => key.startsWith('events.'))?.[1];
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md" component="form" onSubmit={(event: React.FormEvent) => void submit(event)} noValidate>
      <Stack>
        <TextInput
          label={t('recovery.settings.webhooks.url')}
          placeholder="https://example.com/hooks/keymoment"
          required
          type="url"
          value={url}
          error={errors.url}
          onChange={(event) => {
            setUrl(event.currentTarget.value);
            setErrors({});
          }}
        />
        <MultiSelect
          label={t('recovery.settings.webhooks.events')}
          description={t('recovery.settings.webhooks.eventsHint')}
          placeholder={events.length === 0 ? t('recovery.settings.webhooks.allEvents') : undefined}
          data={WEBHOOK_EVENT_TYPES}
          value={events}
          searchable
          clearable
          error={eventsError}
          onChange={setEvents}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={saving} leftSection={<IconPlus size={16} aria-hidden />}>
            {t('recovery.settings.webhooks.add')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function DeliveryLog({ webhookId }: { webhookId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { orgId } = useCurrentOrg();
  const deliveries = useQuery({
    queryKey: webhooksKey(orgId, webhookId, 'deliveries'),
    queryFn: () => api<{ items: WebhookDelivery[] }>(`/recovery/webhooks/${webhookId}/deliveries`, { query: { limit: 50 } }).then((body) => body.items),
  });
  if (deliveries.isPending) return <CenteredLoader />;
  if (deliveries.isError) return <QueryError error={deliveries.error} onRetry={() => void deliveries.refetch()} />;
  if (deliveries.data.length === 0) {
    return (
      <Text size="sm" c="dimmed" mt="sm">
        {t('recovery.settings.webhooks.noDeliveries')}
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={640} mt="sm">
      <Table verticalSpacing={4} fz="sm" aria-label={t('recovery.settings.webhooks.logLabel')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('recovery.settings.webhooks.event')}</Table.Th>
            <Table.Th>{t('recovery.settings.webhooks.status')}</Table.Th>
            <Table.Th>{t('recovery.settings.webhooks.attempts')}</Table.Th>
            <Table.Th>{t('recovery.settings.webhooks.when')}</Table.Th>
            <Table.Th>{t('recovery.settings.webhooks.lastError')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {deliveries.data.map((delivery) => (
            <Table.Tr key={delivery.deliveryId}>
              <Table.Td className="km-code">{delivery.eventType}</Table.Td>
              <Table.Td>
                <Badge variant="light" color={delivery.status === 'sent' ? 'teal' : delivery.status === 'failed' ? 'red' : 'yellow'}>
                  {t(`recovery.settings.webhooks.statuses.${delivery.status}`, { defaultValue: delivery.status })}
                </Badge>
              </Table.Td>
              <Table.Td>{delivery.attempts}</Table.Td>
              <Table.Td>{format.dateTime(delivery.deliveredAt ?? delivery.nextAttemptAt)}</Table.Td>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>{delivery.lastError ?? '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
