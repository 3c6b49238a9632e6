import { useState } from 'react';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  EmptyState,
  FileButton,
  Group,
  Modal,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { IconFileImport, IconPlus, IconRoute, IconTemplate, IconDownload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api, fetchAllPages, isApiError, type Page } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { PageHeader } from '../components/page-header';
import { QueryError } from '../components/query-error';
import { describeApiError, useApiError } from '../components/use-api-error';
import { useFormat } from '../format';
import { currentLanguage, LANGUAGE_NAMES, LANGUAGES, type Language } from '../i18n';
import { useCurrentOrg } from '../session/current-org';
import { freshKey, slugify, textIn } from './blueprint-model';
import { downloadFile, journeysKey, KEY_PATTERN, type Journey, type TemplateSummary } from './journeys-api';

export function useJourneyRoles() {
  const { membership } = useCurrentOrg();
  const canEdit = membership.role === 'admin' || membership.role === 'cx_manager';
  const canOverride = canEdit || membership.role === 'outlet_manager';
  return { canEdit, canOverride, role: membership.role, locationScope: membership.locationId };
}

export function JourneysPage() {
  const { t, i18n } = useTranslation();
  const { orgId } = useCurrentOrg();
  const { canEdit } = useJourneyRoles();
  const format = useFormat();
  const language = currentLanguage();
  const journeys = useQuery({ queryKey: journeysKey(orgId), queryFn: () => fetchAllPages<Journey>('/journeys') });
  const [blankOpen, setBlankOpen] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  const handleError = useApiError();

  const exportJourney = async (journey: Journey) => {
    try {
      const name = await downloadFile(`/journeys/${journey.key}/export`, `${journey.key}.journey.json`);
      notifications.show({ color: 'green', message: t('journeys.list.exported', { file: name }) });
    } catch (error) {
      handleError(error);
    }
  };

  const list = journeys.data ?? [];
  return (
    <>
      <PageHeader
        title={t('journeys.list.title')}
        description={t('journeys.list.description')}
        actions={
          canEdit && (
            <>
              <Button variant="default" leftSection={<IconFileImport size={18} aria-hidden />} onClick={() => setImportOpen(true)}>
                {t('journeys.import.button')}
              </Button>
              <Button leftSection={<IconPlus size={18} aria-hidden />} onClick={() => setBlankOpen(true)}>
                {t('journeys.blank.button')}
              </Button>
            </>
          )
        }
      />
      {journeys.isPending && <CenteredLoader />}
      {journeys.isError && <QueryError error={journeys.error} onRetry={() => void journeys.refetch()} />}
      {journeys.data && list.length === 0 && (
        <Paper withBorder p="xl" radius="md" mb="xl">
          <EmptyState
            icon={<IconRoute size={32} stroke={1.5} aria-hidden />}
            variant="light"
            title={t('journeys.list.emptyTitle')}
            description={canEdit ? t('journeys.list.emptyDescription') : t('journeys.list.emptyReadOnly')}
          />
        </Paper>
      )}
      {list.length > 0 && (
        <Paper withBorder radius="md" mb="xl">
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="sm" highlightOnHover aria-label={t('journeys.list.title')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('journeys.fields.name')}</Table.Th>
                  <Table.Th>{t('journeys.list.status')}</Table.Th>
                  <Table.Th>{t('journeys.list.updated')}</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((journey) => (
                  <Table.Tr key={journey.journeyId}>
                    <Table.Td>
                      <Anchor component={Link} to={`/journeys/${journey.key}`} fw={600}>
                        {textIn(journey.name, language, journey.fallbackLocale)}
                      </Anchor>
                      <Text size="xs" c="dimmed" className="km-code">
                        {journey.key}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {journey.publishedVersion !== null ? (
                          <Badge color="green" variant="light">
                            {t('journeys.status.published', { version: journey.publishedVersion })}
                          </Badge>
                        ) : (
                          <Badge color="gray" variant="light">
                            {t('journeys.status.draftOnly')}
                          </Badge>
                        )}
                        {journey.publishedVersion !== null && journey.hasUnpublishedChanges && (
                          <Badge color="yellow" variant="light">
                            {t('journeys.status.unpublishedChanges')}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{format.dateTime(journey.updatedAt)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="subtle"
                        leftSection={<IconDownload size={14} aria-hidden />}
                        onClick={() => void exportJourney(journey)}
                        aria-label={t('journeys.list.exportNamed', { name: textIn(journey.name, language, journey.fallbackLocale) })}
                      >
                        {t('journeys.list.export')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      {canEdit && journeys.data && <TemplateGallery journeys={list} key={i18n.language} />}
      <BlankJourneyModal opened={blankOpen} onClose={() => setBlankOpen(false)} journeys={list} />
      <ImportModal opened={importOpen} onClose={() => setImportOpen(false)} />
    </>
  );
}

function TemplateGallery({ journeys }: { journeys: Journey[] }) {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const language = currentLanguage();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const handleError = useApiError();
  const [busy, setBusy] = useState<string | null>(null);
  const templates = useQuery({
    queryKey: ['journey-templates', language],
    queryFn: () => api<Page<TemplateSummary>>('/journey-templates', { query: { locale: language } }),
    staleTime: Infinity,
  });

  const create = async (template: TemplateSummary) => {
    setBusy(template.key);
    try {
      const key = freshKey(template.key, journeys.map((journey) => journey.key));
      const created = await api<Journey>('/journeys/from-template', { method: 'POST', body: { templateKey: template.key, key } });
      await queryClient.invalidateQueries({ queryKey: journeysKey(orgId) });
      notifications.show({ color: 'green', message: t('journeys.templates.created', { name: template.name }) });
      void navigate(`/journeys/${created.key}`);
    } catch (error) {
      handleError(error);
    } finally {
      setBusy(null);
    }
  };

  return (
    <section aria-labelledby="template-gallery-title">
      <Group gap="xs" mb="xs">
        <IconTemplate size={20} aria-hidden />
        <Title order={2} size="h3" id="template-gallery-title">
          {t('journeys.templates.title')}
        </Title>
      </Group>
      <Text c="dimmed" size="sm" mb="md">
        {t('journeys.templates.description')}
      </Text>
      {templates.isPending && <CenteredLoader />}
      {templates.isError && <QueryError error={templates.error} onRetry={() => void templates.refetch()} />}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
        {templates.data?.items.map((template) => (
          <Card key={template.key} withBorder radius="md" padding="lg" data-testid={`template-${template.key}`}>
            <Stack gap="xs" h="100%">
              <Text fw={650} component="h3" size="md" m={0}>
                {template.name}
              </Text>
              <Text size="sm" c="dimmed" style={{ flex: 1 }}>
                {template.description}
              </Text>
              <Text size="xs" c="dimmed">
                {t('journeys.templates.counts', { stages: template.stageCount, moments: template.momentCount, purposes: template.purposeCount })}
              </Text>
              <Button
                mt="xs"
                onClick={() => void create(template)}
                loading={busy === template.key}
                disabled={busy !== null && busy !== template.key}
                aria-label={t('journeys.templates.createNamed', { name: template.name })}
              >
                {t('journeys.templates.create')}
              </Button>
            </Stack>
          </Card>
        ))}
      </SimpleGrid>
    </section>
  );
}

function BlankJourneyModal({ opened, onClose, journeys }: { opened: boolean; onClose: () => void; journeys: Journey[] }) {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [key, setKey] = useState('');
  const [fallback, setFallback] = useState<Language>(currentLanguage());
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const suggested = freshKey(slugify(name) || 'journey', journeys.map((journey) => journey.key));
  const finalKey = key || suggested;

  const submit = async () => {
    if (!name.trim()) {
      setError({ field: 'name', message: t('validation.required') });
      return;
    }
    if (!KEY_PATTERN.test(finalKey)) {
      setError({ field: 'key', message: t('journeys.drawer.keyInvalid') });
      return;
    }
    setBusy(true);
    try {
      const created = await api<Journey>('/journeys', { method: 'POST', body: { key: finalKey, name: { [fallback]: name.trim() }, fallbackLocale: fallback } });
      await queryClient.invalidateQueries({ queryKey: journeysKey(orgId) });
      onClose();
      setName('');
      setKey('');
      void navigate(`/journeys/${created.key}`);
    } catch (failure) {
      setError(isApiError(failure) ? { ...(failure.field ? { field: failure.field } : {}), message: failure.message } : { message: t('errors.unexpected') });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('journeys.blank.title')}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Stack>
          <TextInput label={t('journeys.fields.name')} required value={name} onChange={(event) => setName(event.currentTarget.value)} error={error?.field?.startsWith('name') ? error.message : undefined} data-autofocus />
          <TextInput
            label={t('journeys.fields.key')}
            description={t('journeys.blank.keyHint')}
            placeholder={suggested}
            value={key}
            onChange={(event) => setKey(event.currentTarget.value)}
            error={error?.field === 'key' ? error.message : undefined}
            classNames={{ input: 'km-code' }}
          />
          <Select
            label={t('journeys.fields.fallbackLocale')}
            description={t('journeys.blank.fallbackHint')}
            data={LANGUAGES.map((language) => ({ value: language, label: LANGUAGE_NAMES[language] }))}
            value={fallback}
            allowDeselect={false}
            onChange={(value) => value && setFallback(value as Language)}
          />
          {error && !error.field && <Alert color="red">{error.message}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('journeys.blank.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function ImportModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [key, setKey] = useState('');
  const [publish, setPublish] = useState(false);
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const readFile = async (file: File | null) => {
    if (!file) return;
    setText(await file.text());
    setError(null);
  };

  const submit = async () => {
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (failure) {
      setError({ message: t('journeys.import.notJson', { detail: failure instanceof Error ? failure.message : '' }) });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const created = await api<Journey>('/journeys/import', { method: 'POST', body: document, query: { publish, key: key || undefined } });
      await queryClient.invalidateQueries({ queryKey: journeysKey(orgId) });
      notifications.show({ color: 'green', message: t('journeys.import.done', { key: created.key }) });
      onClose();
      setText('');
      void navigate(`/journeys/${created.key}`);
    } catch (failure) {
      if (isApiError(failure)) setError({ ...(failure.field ? { field: failure.field } : {}), message: failure.status >= 500 || failure.status === 0 ? describeApiError(failure, t) : failure.message });
      else setError({ message: t('errors.unexpected') });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('journeys.import.title')} size="lg">
      <Stack>
        <Text size="sm" c="dimmed">
          {t('journeys.import.intro')}
        </Text>
        <Group>
          <FileButton onChange={(file) => void readFile(file)} accept="application/json,.json">
            {(props) => (
              <Button variant="default" leftSection={<IconFileImport size={16} aria-hidden />} {...props}>
                {t('journeys.import.chooseFile')}
              </Button>
            )}
          </FileButton>
        </Group>
        <Textarea
          label={t('journeys.import.paste')}
          autosize
          minRows={6}
          maxRows={14}
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          classNames={{ input: 'km-code' }}
          data-testid="import-json"
        />
        <TextInput label={t('journeys.import.key')} description={t('journeys.import.keyHint')} value={key} onChange={(event) => setKey(event.currentTarget.value)} classNames={{ input: 'km-code' }} />
        <Checkbox label={t('journeys.import.publish')} checked={publish} onChange={(event) => setPublish(event.currentTarget.checked)} />
        {error && (
          <Alert color="red" title={t('journeys.import.failed')} role="alert" data-testid="import-error">
            {error.field && (
              <Text size="sm">
                {t('journeys.import.atPath')} <code className="km-code">{error.field}</code>
              </Text>
            )}
            <Text size="sm">{error.message}</Text>
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button onClick={() => void submit()} loading={busy} disabled={!text.trim()}>
            {t('journeys.import.submit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
