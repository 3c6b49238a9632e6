import { useEffect, useState } from 'react';
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  EmptyState,
  Group,
  Modal,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { IconCheck, IconCopy, IconDeviceTablet, IconDownload, IconKey, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import QRCode from 'qrcode';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { api, isApiError } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { ConfirmModal } from '../components/confirm-modal';
import { LoadMoreButton } from '../components/load-more-button';
import { PageHeader } from '../components/page-header';
import { QueryError } from '../components/query-error';
import { useApiError } from '../components/use-api-error';
import { usePagedList } from '../components/use-paged-list';
import { useFormat } from '../format';
import { currentLanguage, LANGUAGE_NAMES, LANGUAGES, matchLanguage } from '../i18n';
import { useCurrentOrg } from '../session/current-org';
import { useLocationOptions } from '../settings/use-locations';
import { kioskDevicesKey, surveyWidgetsKey, type KioskDevice, type KioskDeviceWithToken, type Survey, type SurveyWidget } from './feedback-api';
import { FeedbackTabs } from './feedback-tabs';
import { useSurveyRoles, useSurveys } from './surveys-page';
import { textIn } from './survey-model';

/*
 * Kiosk devices and embeddable widgets: the two channels that need set-up before they collect
 * anything. Both sit on the API of src/feedback/kiosk-routes.ts and widget-routes.ts.
 */

type FieldError = { field?: string; message: string } | null;

function fieldErrorOf(failure: unknown, fallback: string): NonNullable<FieldError> {
  return isApiError(failure) ? { ...(failure.field ? { field: failure.field.replace(/^body\./, '') } : {}), message: failure.message } : { message: fallback };
}

export function ChannelsPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('feedback.channelsPage.title')} description={t('feedback.channelsPage.description')} />
      <FeedbackTabs />
      <Stack gap="xl">
        <KioskDevices />
        <Widgets />
      </Stack>
    </>
  );
}

function useSurveyName() {
  const language = currentLanguage();
  const surveys = useSurveys();
  return (key: string | null) => {
    if (!key) return null;
    const survey = surveys.data?.find((candidate) => candidate.key === key);
    return survey ? textIn(survey.name, language, survey.fallbackLocale) || key : key;
  };
}

/** The QR of a URL, drawn in the browser: the kiosk URL holds the device token, so it never goes to a server to be drawn. */
function QrCode({ value, fileName }: { value: string; fileName: string }) {
  const { t } = useTranslation();
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    void QRCode.toString(value, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' }).then((markup) => current && setSvg(markup));
    return () => {
      current = false;
    };
  }, [value]);
  const download = async () => {
    const link = document.createElement('a');
    link.href = await QRCode.toDataURL(value, { width: 512, margin: 2, errorCorrectionLevel: 'M' });
    link.download = fileName;
    document.body.append(link);
    link.click();
    link.remove();
  };
  return (
    <Stack align="center" gap="xs">
      {svg && <div role="img" aria-label={t('feedback.kiosk.qrOf')} style={{ width: 200, height: 200 }} data-testid="kiosk-qr" dangerouslySetInnerHTML={{ __html: svg }} />}
      <Button variant="light" size="xs" leftSection={<IconDownload size={14} aria-hidden />} onClick={() => void download()} data-testid="kiosk-qr-download">
        {t('feedback.kiosk.downloadQr')}
      </Button>
    </Stack>
  );
}

function CopyField({ value, label, testId }: { value: string; label: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="nowrap" align="flex-end">
      <TextInput readOnly value={value} label={label} style={{ flex: 1 }} onFocus={(event) => event.currentTarget.select()} classNames={{ input: 'km-code' }} data-testid={testId} />
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? t('common.copied') : t('feedback.links.copy')}>
            <ActionIcon size="lg" variant="light" color={copied ? 'green' : 'blue'} onClick={copy} aria-label={t('feedback.links.copy')}>
              {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}

// ---------- kiosk devices ----------

function KioskDevices() {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const { canEdit } = useSurveyRoles();
  const format = useFormat();
  const queryClient = useQueryClient();
  const handleError = useApiError();
  const locations = useLocationOptions();
  const surveyName = useSurveyName();
  const devices = usePagedList<KioskDevice>(kioskDevicesKey(orgId), '/kiosk-devices', { includeRevoked: true });
  const [shown, setShown] = useState<KioskDeviceWithToken | null>(null);
  const [editing, setEditing] = useState<KioskDevice | null>(null);
  const [renewing, setRenewing] = useState<KioskDevice | null>(null);
  const [revoking, setRevoking] = useState<KioskDevice | null>(null);
  const [busy, setBusy] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: kioskDevicesKey(orgId) });

  const renew = async () => {
    if (!renewing) return;
    setBusy(true);
    try {
      setShown(await api<KioskDeviceWithToken>(`/kiosk-devices/${renewing.deviceId}/token`, { method: 'POST' }));
      setRenewing(null);
      await refresh();
    } catch (error) {
      handleError(error);
    } finally {
      setBusy(false);
    }
  };
  const revoke = async () => {
    if (!revoking) return;
    setBusy(true);
    try {
      await api(`/kiosk-devices/${revoking.deviceId}`, { method: 'DELETE' });
      setRevoking(null);
      await refresh();
    } catch (error) {
      handleError(error);
    } finally {
      setBusy(false);
    }
  };

  const list = devices.data ?? [];
  return (
    <section aria-labelledby="kiosk-title">
      <Title order={2} size="h3" id="kiosk-title" mb={4}>
        {t('feedback.kiosk.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {t('feedback.kiosk.description')}
      </Text>
      {canEdit && <CreateKioskForm onCreated={setShown} />}
      {devices.isPending && <CenteredLoader />}
      {devices.isError && <QueryError error={devices.error} onRetry={() => void devices.refetch()} />}
      {devices.data && list.length === 0 && (
        <Paper withBorder p="xl" radius="md" mt="md">
          <EmptyState icon={<IconDeviceTablet size={32} stroke={1.5} aria-hidden />} variant="light" title={t('feedback.kiosk.emptyTitle')} description={t('feedback.kiosk.empty')} />
        </Paper>
      )}
      {list.length > 0 && (
        <Paper withBorder radius="md" mt="md">
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="sm" aria-label={t('feedback.kiosk.title')} data-testid="kiosk-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('feedback.kiosk.name')}</Table.Th>
                  <Table.Th>{t('feedback.fields.survey')}</Table.Th>
                  <Table.Th>{t('feedback.fields.location')}</Table.Th>
                  <Table.Th>{t('feedback.links.language')}</Table.Th>
                  <Table.Th>{t('feedback.kiosk.lastSeen')}</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((device) => {
                  const language = matchLanguage(device.locale);
                  return (
                    <Table.Tr key={device.deviceId} data-testid="kiosk-row">
                      <Table.Td>
                        <Text size="sm" fw={600}>
                          {device.name}
                        </Text>
                        {device.revokedAt && (
                          <Badge color="red" variant="light">
                            {t('feedback.kiosk.revoked')}
                          </Badge>
                        )}
                        {device.staffId && (
                          <Text size="xs" c="dimmed">
                            {device.staffId}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{surveyName(device.surveyKey) ?? '—'}</Table.Td>
                      <Table.Td>{locations.labelOf(device.locationId) ?? '—'}</Table.Td>
                      <Table.Td>{language ? LANGUAGE_NAMES[language] : t('feedback.kiosk.browserLanguage')}</Table.Td>
                      <Table.Td>{device.lastSeenAt ? format.dateTime(device.lastSeenAt) : t('feedback.kiosk.never')}</Table.Td>
                      <Table.Td>
                        {canEdit && !device.revokedAt && (
                          <Group gap={4} wrap="nowrap" justify="flex-end">
                            <Tooltip label={t('feedback.kiosk.edit')}>
                              <ActionIcon variant="subtle" onClick={() => setEditing(device)} aria-label={t('feedback.kiosk.editOf', { name: device.name })}>
                                <IconPencil size={16} aria-hidden />
                              </ActionIcon>
                            </Tooltip>
                            <Tooltip label={t('feedback.kiosk.renew')}>
                              <ActionIcon variant="subtle" onClick={() => setRenewing(device)} aria-label={t('feedback.kiosk.renewOf', { name: device.name })}>
                                <IconKey size={16} aria-hidden />
                              </ActionIcon>
                            </Tooltip>
                            <Tooltip label={t('feedback.kiosk.revoke')}>
                              <ActionIcon variant="subtle" color="red" onClick={() => setRevoking(device)} aria-label={t('feedback.kiosk.revokeOf', { name: device.name })}>
                                <IconTrash size={16} aria-hidden />
                              </ActionIcon>
                            </Tooltip>
                          </Group>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      <LoadMoreButton hasNextPage={devices.hasNextPage} isFetchingNextPage={devices.isFetchingNextPage} onLoadMore={() => void devices.fetchNextPage()} />
      <Modal opened={shown !== null} onClose={() => setShown(null)} title={t('feedback.kiosk.urlTitle', { name: shown?.name ?? '' })} size="lg">
        {shown && (
          <Stack>
            <Alert color="yellow">{t('feedback.kiosk.urlOnce')}</Alert>
            <CopyField value={shown.kioskUrl} label={t('feedback.kiosk.url')} testId="kiosk-url" />
            <Text size="sm">
              {t('feedback.links.language')}: {shown.locale ? LANGUAGE_NAMES[shown.locale] : t('feedback.kiosk.browserLanguage')}
            </Text>
            <QrCode value={shown.kioskUrl} fileName={`kiosk-${shown.deviceId}.png`} />
            <Group justify="flex-end">
              <Button onClick={() => setShown(null)}>{t('feedback.kiosk.done')}</Button>
            </Group>
          </Stack>
        )}
      </Modal>
      {editing && <EditKioskModal device={editing} onClose={() => setEditing(null)} onSaved={() => void refresh()} />}
      <ConfirmModal
        opened={renewing !== null}
        title={t('feedback.kiosk.renewTitle')}
        message={t('feedback.kiosk.renewMessage')}
        confirmLabel={t('feedback.kiosk.renew')}
        loading={busy}
        onConfirm={() => void renew()}
        onClose={() => setRenewing(null)}
      />
      <ConfirmModal
        opened={revoking !== null}
        title={t('feedback.kiosk.revokeTitle')}
        message={t('feedback.kiosk.revokeMessage')}
        confirmLabel={t('feedback.kiosk.revoke')}
        loading={busy}
        onConfirm={() => void revoke()}
        onClose={() => setRevoking(null)}
      />
    </section>
  );
}

function CreateKioskForm({ onCreated }: { onCreated: (device: KioskDeviceWithToken) => void }) {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const queryClient = useQueryClient();
  const locations = useLocationOptions();
  const surveys = useSurveys();
  const surveyName = useSurveyName();
  const published = (surveys.data ?? []).filter((survey) => survey.publishedVersion !== null && !survey.archivedAt);
  const [name, setName] = useState('');
  const [surveyKey, setSurveyKey] = useState<string | null>(null);
  const [locationId, setLocationId] = useState<string | null>(null);
  const [locale, setLocale] = useState<string | null>(null);
  const [staffId, setStaffId] = useState('');
  const [resetSeconds, setResetSeconds] = useState<number | string>(20);
  const [error, setError] = useState<FieldError>(null);
  const [busy, setBusy] = useState(false);
  const errorFor = (field: string) => (error?.field === field ? error.message : undefined);
  const FIELDS = ['name', 'surveyKey', 'locationId', 'locale', 'staffId', 'resetSeconds'];

  const submit = async () => {
    const missing = !name.trim() ? 'name' : !surveyKey ? 'surveyKey' : !locationId ? 'locationId' : null;
    if (missing) {
      setError({ field: missing, message: t('feedback.kiosk.required') });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const device = await api<KioskDeviceWithToken>('/kiosk-devices', {
        method: 'POST',
        body: {
          name: name.trim(),
          surveyKey,
          locationId,
          ...(locale ? { locale } : {}),
          ...(staffId.trim() ? { staffId: staffId.trim() } : {}),
          ...(typeof resetSeconds === 'number' ? { resetSeconds } : {}),
        },
      });
      await queryClient.invalidateQueries({ queryKey: kioskDevicesKey(orgId) });
      setName('');
      onCreated(device);
    } catch (failure) {
      setError(fieldErrorOf(failure, t('errors.unexpected')));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper withBorder radius="md" p="md">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
        aria-label={t('feedback.kiosk.createTitle')}
        noValidate
      >
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
          <TextInput label={t('feedback.kiosk.name')} placeholder={t('feedback.kiosk.namePlaceholder')} required value={name} maxLength={200} onChange={(event) => setName(event.currentTarget.value)} error={errorFor('name')} />
          <Select
            label={t('feedback.fields.survey')}
            required
            data={published.map((survey) => ({ value: survey.key, label: surveyName(survey.key) ?? survey.key }))}
            value={surveyKey}
            searchable
            nothingFoundMessage={t('feedback.links.notPublished')}
            onChange={setSurveyKey}
            error={errorFor('surveyKey')}
            data-testid="kiosk-survey"
          />
          <Select label={t('feedback.fields.location')} required data={locations.options} value={locationId} searchable onChange={setLocationId} error={errorFor('locationId')} data-testid="kiosk-location" />
          <Select
            label={t('feedback.links.language')}
            placeholder={t('feedback.kiosk.browserLanguage')}
            data={LANGUAGES.map((value) => ({ value, label: LANGUAGE_NAMES[value] }))}
            value={locale}
            clearable
            onChange={setLocale}
            error={errorFor('locale')}
            data-testid="kiosk-language"
          />
          <TextInput label={t('feedback.kiosk.staff')} description={t('feedback.kiosk.staffHint')} value={staffId} maxLength={200} onChange={(event) => setStaffId(event.currentTarget.value)} error={errorFor('staffId')} />
          <NumberInput label={t('feedback.kiosk.resetSeconds')} description={t('feedback.kiosk.resetHint')} min={5} max={600} value={resetSeconds} onChange={setResetSeconds} error={errorFor('resetSeconds')} />
        </SimpleGrid>
        {error && (!error.field || !FIELDS.includes(error.field)) && (
          <Alert color="red" mt="sm" role="alert">
            {error.message}
          </Alert>
        )}
        <Group justify="flex-end" mt="sm">
          <Button type="submit" loading={busy} leftSection={<IconPlus size={16} aria-hidden />}>
            {t('feedback.kiosk.create')}
          </Button>
        </Group>
      </form>
    </Paper>
  );
}

function EditKioskModal({ device, onClose, onSaved }: { device: KioskDevice; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(device.name);
  const [locale, setLocale] = useState<string | null>(device.locale);
  const [staffId, setStaffId] = useState(device.staffId ?? '');
  const [resetSeconds, setResetSeconds] = useState<number | string>(device.resetSeconds);
  const [error, setError] = useState<FieldError>(null);
  const [busy, setBusy] = useState(false);
  const errorFor = (field: string) => (error?.field === field ? error.message : undefined);

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await api(`/kiosk-devices/${device.deviceId}`, {
        method: 'PATCH',
        body: { name: name.trim(), locale, staffId: staffId.trim() || null, ...(typeof resetSeconds === 'number' ? { resetSeconds } : {}) },
      });
      notifications.show({ color: 'green', message: t('feedback.kiosk.saved') });
      onSaved();
      onClose();
    } catch (failure) {
      setError(fieldErrorOf(failure, t('errors.unexpected')));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={t('feedback.kiosk.editTitle')}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <Stack>
          <TextInput label={t('feedback.kiosk.name')} required value={name} maxLength={200} onChange={(event) => setName(event.currentTarget.value)} error={errorFor('name')} data-autofocus />
          <Select label={t('feedback.links.language')} placeholder={t('feedback.kiosk.browserLanguage')} data={LANGUAGES.map((value) => ({ value, label: LANGUAGE_NAMES[value] }))} value={locale} clearable onChange={setLocale} error={errorFor('locale')} />
          <TextInput label={t('feedback.kiosk.staff')} value={staffId} maxLength={200} onChange={(event) => setStaffId(event.currentTarget.value)} error={errorFor('staffId')} />
          <NumberInput label={t('feedback.kiosk.resetSeconds')} min={5} max={600} value={resetSeconds} onChange={setResetSeconds} error={errorFor('resetSeconds')} />
          {error && (!error.field || !['name', 'locale', 'staffId', 'resetSeconds'].includes(error.field)) && (
            <Alert color="red" role="alert">
              {error.message}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy} disabled={!name.trim()}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

// ---------- widgets ----------

type WidgetEvent = 'load' | 'exit' | 'manual';

/** The display rules live in the snippet's data- attributes (read by src/feedback/widget-script.js), not on the server. */
export function widgetSnippet(widget: Pick<SurveyWidget, 'scriptUrl' | 'token'>, rules: { event: WidgetEvent; delay: number; days: number }): string {
  const delay = rules.event === 'load' ? ` data-delay="${rules.delay}"` : '';
  return `<script src="${widget.scriptUrl}" data-survey="${widget.token}" data-event="${rules.event}"${delay} data-days="${rules.days}" async></script>`;
}

/** One origin per line or comma; the server checks each (scheme, host, no path). */
function originsOf(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((origin) => origin.trim())
    .filter(Boolean);
}

function Widgets() {
  const { t } = useTranslation();
  const language = currentLanguage();
  const [search, setSearch] = useSearchParams();
  const surveys = useSurveys();
  const list = (surveys.data ?? []).filter((survey) => !survey.archivedAt);
  const chosen = search.get('survey') ?? list.find((survey) => survey.publishedVersion !== null)?.key ?? list[0]?.key ?? null;
  const survey = list.find((candidate) => candidate.key === chosen);
  return (
    <section aria-labelledby="widgets-title">
      <Title order={2} size="h3" id="widgets-title" mb={4}>
        {t('feedback.widgets.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {t('feedback.widgets.description')}
      </Text>
      {surveys.isPending && <CenteredLoader />}
      {surveys.isError && <QueryError error={surveys.error} onRetry={() => void surveys.refetch()} />}
      {surveys.data && list.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('feedback.links.noSurveys')}
        </Text>
      )}
      {list.length > 0 && (
        <Stack>
          <Select
            maw={420}
            label={t('feedback.fields.survey')}
            data={list.map((candidate) => ({ value: candidate.key, label: textIn(candidate.name, language, candidate.fallbackLocale) || candidate.key }))}
            value={chosen}
            allowDeselect={false}
            searchable
            onChange={(value) => value && setSearch((current) => ({ ...Object.fromEntries(current), survey: value }), { replace: true })}
            data-testid="widgets-survey"
          />
          {survey && <SurveyWidgets key={survey.key} survey={survey} />}
        </Stack>
      )}
    </section>
  );
}

function SurveyWidgets({ survey }: { survey: Survey }) {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const { canEdit } = useSurveyRoles();
  const format = useFormat();
  const queryClient = useQueryClient();
  const handleError = useApiError();
  const widgets = usePagedList<SurveyWidget>(surveyWidgetsKey(orgId, survey.key), `/surveys/${survey.key}/widgets`);
  const [editing, setEditing] = useState<SurveyWidget | null>(null);
  const [removing, setRemoving] = useState<SurveyWidget | null>(null);
  const [busy, setBusy] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: surveyWidgetsKey(orgId, survey.key) });

  const remove = async () => {
    if (!removing) return;
    setBusy(true);
    try {
      await api(`/surveys/${survey.key}/widgets/${removing.widgetId}`, { method: 'DELETE' });
      setRemoving(null);
      await refresh();
    } catch (error) {
      handleError(error);
    } finally {
      setBusy(false);
    }
  };

  const list = widgets.data ?? [];
  return (
    <>
      {survey.publishedVersion === null && <Alert color="yellow">{t('feedback.links.notPublished')}</Alert>}
      {canEdit && survey.publishedVersion !== null && <CreateWidgetForm survey={survey} onCreated={() => void refresh()} />}
      {widgets.isPending && <CenteredLoader />}
      {widgets.isError && <QueryError error={widgets.error} onRetry={() => void widgets.refetch()} />}
      {widgets.data && list.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('feedback.widgets.empty')}
        </Text>
      )}
      {list.map((widget) => (
        <Paper key={widget.widgetId} withBorder radius="md" p="md" data-testid="widget-card">
          <Group justify="space-between" align="flex-start" mb="xs">
            <div>
              <Text fw={600}>{widget.name}</Text>
              <Text size="xs" c="dimmed">
                {t('feedback.widgets.createdAt', { date: format.date(widget.createdAt) })}
                {widget.locale ? ` · ${LANGUAGE_NAMES[widget.locale]}` : ''}
              </Text>
            </div>
            {canEdit && (
              <Group gap={4}>
                <Tooltip label={t('feedback.widgets.edit')}>
                  <ActionIcon variant="subtle" onClick={() => setEditing(widget)} aria-label={t('feedback.widgets.editOf', { name: widget.name })}>
                    <IconPencil size={16} aria-hidden />
                  </ActionIcon>
                </Tooltip>
                <Tooltip label={t('feedback.widgets.remove')}>
                  <ActionIcon variant="subtle" color="red" onClick={() => setRemoving(widget)} aria-label={t('feedback.widgets.removeOf', { name: widget.name })}>
                    <IconTrash size={16} aria-hidden />
                  </ActionIcon>
                </Tooltip>
              </Group>
            )}
          </Group>
          <Text size="sm" mb={4}>
            {t('feedback.widgets.origins')}:{' '}
            {widget.allowedOrigins.map((origin) => (
              <Code key={origin} mr={4}>
                {origin}
              </Code>
            ))}
          </Text>
          <SnippetBuilder widget={widget} />
        </Paper>
      ))}
      <LoadMoreButton hasNextPage={widgets.hasNextPage} isFetchingNextPage={widgets.isFetchingNextPage} onLoadMore={() => void widgets.fetchNextPage()} />
      {editing && <EditWidgetModal survey={survey} widget={editing} onClose={() => setEditing(null)} onSaved={() => void refresh()} />}
      <ConfirmModal
        opened={removing !== null}
        title={t('feedback.widgets.removeTitle')}
        message={t('feedback.widgets.removeMessage')}
        confirmLabel={t('feedback.widgets.remove')}
        loading={busy}
        onConfirm={() => void remove()}
        onClose={() => setRemoving(null)}
      />
    </>
  );
}

function SnippetBuilder({ widget }: { widget: SurveyWidget }) {
  const { t } = useTranslation();
  const [event, setEvent] = useState<WidgetEvent>('load');
  const [delay, setDelay] = useState<number | string>(5);
  const [days, setDays] = useState<number | string>(30);
  const snippet = widgetSnippet(widget, { event, delay: typeof delay === 'number' ? delay : 5, days: typeof days === 'number' ? days : 30 });
  return (
    <Stack gap="xs">
      <Text size="sm" fw={600}>
        {t('feedback.widgets.rules')}
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <Select
          size="xs"
          label={t('feedback.widgets.event')}
          data={(['load', 'exit', 'manual'] as const).map((value) => ({ value, label: t(`feedback.widgets.events.${value}`) }))}
          value={event}
          allowDeselect={false}
          onChange={(value) => value && setEvent(value as WidgetEvent)}
          data-testid="widget-event"
        />
        <NumberInput size="xs" label={t('feedback.widgets.delay')} min={0} max={600} value={delay} onChange={setDelay} disabled={event !== 'load'} />
        <NumberInput size="xs" label={t('feedback.widgets.days')} description={t('feedback.widgets.daysHint')} min={1} max={365} value={days} onChange={setDays} />
      </SimpleGrid>
      {event === 'manual' && (
        <Text size="xs" c="dimmed">
          {t('feedback.widgets.manualHint')} <Code>keymoment(&apos;show&apos;)</Code>
        </Text>
      )}
      <Group gap={4} wrap="nowrap" align="flex-end">
        <Textarea readOnly label={t('feedback.widgets.snippet')} value={snippet} autosize minRows={2} style={{ flex: 1 }} classNames={{ input: 'km-code' }} onFocus={(focus) => focus.currentTarget.select()} data-testid="widget-snippet" />
        <CopyButton value={snippet}>
          {({ copied, copy }) => (
            <Button variant="light" color={copied ? 'green' : 'blue'} onClick={copy} leftSection={copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />} data-testid="copy-snippet">
              {copied ? t('common.copied') : t('feedback.widgets.copySnippet')}
            </Button>
          )}
        </CopyButton>
      </Group>
    </Stack>
  );
}

function CreateWidgetForm({ survey, onCreated }: { survey: Survey; onCreated: () => void }) {
  const { t } = useTranslation();
  const locations = useLocationOptions();
  const [name, setName] = useState('');
  const [origins, setOrigins] = useState('');
  const [locale, setLocale] = useState<string | null>(null);
  const [locationId, setLocationId] = useState<string | null>(null);
  const [error, setError] = useState<FieldError>(null);
  const [busy, setBusy] = useState(false);
  const errorFor = (field: string) => (error?.field === field || error?.field?.startsWith(`${field}/`) || error?.field?.startsWith(`${field}.`) ? error.message : undefined);

  const submit = async () => {
    const allowedOrigins = originsOf(origins);
    const missing = !name.trim() ? 'name' : allowedOrigins.length === 0 ? 'allowedOrigins' : null;
    if (missing) {
      setError({ field: missing, message: t('feedback.kiosk.required') });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api<SurveyWidget>(`/surveys/${survey.key}/widgets`, { method: 'POST', body: { name: name.trim(), allowedOrigins, ...(locale ? { locale } : {}), ...(locationId ? { locationId } : {}) } });
      notifications.show({ color: 'green', message: t('feedback.widgets.created') });
      setName('');
      setOrigins('');
      onCreated();
    } catch (failure) {
      setError(fieldErrorOf(failure, t('errors.unexpected')));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper withBorder radius="md" p="md">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
        aria-label={t('feedback.widgets.createTitle')}
        noValidate
      >
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label={t('feedback.widgets.name')} placeholder={t('feedback.widgets.namePlaceholder')} required value={name} maxLength={200} onChange={(event) => setName(event.currentTarget.value)} error={errorFor('name')} />
          <Textarea
            label={t('feedback.widgets.origins')}
            description={t('feedback.widgets.originsHint')}
            placeholder="https://shop.example.com"
            required
            autosize
            minRows={1}
            value={origins}
            onChange={(event) => setOrigins(event.currentTarget.value)}
            error={errorFor('allowedOrigins')}
            data-testid="widget-origins"
          />
          <Select label={t('feedback.links.language')} placeholder={t('feedback.links.respondentLanguage')} data={LANGUAGES.map((value) => ({ value, label: LANGUAGE_NAMES[value] }))} value={locale} clearable onChange={setLocale} error={errorFor('locale')} />
          <Select label={t('feedback.fields.location')} placeholder={t('feedback.links.anyLocation')} data={locations.options} value={locationId} clearable searchable onChange={setLocationId} error={errorFor('locationId')} />
        </SimpleGrid>
        {error && !['name', 'allowedOrigins', 'locale', 'locationId'].some((field) => errorFor(field)) && (
          <Alert color="red" mt="sm" role="alert">
            {error.message}
          </Alert>
        )}
        <Group justify="flex-end" mt="sm">
          <Button type="submit" loading={busy} leftSection={<IconPlus size={16} aria-hidden />}>
            {t('feedback.widgets.create')}
          </Button>
        </Group>
      </form>
    </Paper>
  );
}

function EditWidgetModal({ survey, widget, onClose, onSaved }: { survey: Survey; widget: SurveyWidget; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(widget.name);
  const [origins, setOrigins] = useState(widget.allowedOrigins.join('\n'));
  const [error, setError] = useState<FieldError>(null);
  const [busy, setBusy] = useState(false);

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await api(`/surveys/${survey.key}/widgets/${widget.widgetId}`, { method: 'PATCH', body: { name: name.trim(), allowedOrigins: originsOf(origins) } });
      notifications.show({ color: 'green', message: t('feedback.kiosk.saved') });
      onSaved();
      onClose();
    } catch (failure) {
      setError(fieldErrorOf(failure, t('errors.unexpected')));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={t('feedback.widgets.editTitle')}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <Stack>
          <TextInput label={t('feedback.widgets.name')} required value={name} maxLength={200} onChange={(event) => setName(event.currentTarget.value)} data-autofocus />
          <Textarea label={t('feedback.widgets.origins')} description={t('feedback.widgets.originsHint')} autosize minRows={2} value={origins} onChange={(event) => setOrigins(event.currentTarget.value)} />
          {error && (
            <Alert color="red" role="alert">
              {error.message}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy} disabled={!name.trim() || originsOf(origins).length === 0}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
