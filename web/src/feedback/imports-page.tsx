import { useEffect, useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  EmptyState,
  FileButton,
  Group,
  Paper,
  Progress,
  Radio,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Stepper,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { IconFileImport, IconFileSpreadsheet, IconPlayerPlay, IconRefresh } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../api';
import { LoadMoreButton } from '../components/load-more-button';
import { PageHeader } from '../components/page-header';
import { QueryError } from '../components/query-error';
import { usePagedList } from '../components/use-paged-list';
import { useFormat } from '../format';
import { currentLanguage } from '../i18n';
import { useCurrentOrg } from '../session/current-org';
import {
  DATE_ORDERS,
  SERVQUAL_DIMENSIONS,
  importsKey,
  responsesKey,
  uploadImport,
  type DateOrder,
  type ImportKind,
  type ImportMode,
  type ImportPreview,
  type ImportRun,
  type ImportUpload,
  type SurveyVersion,
} from './feedback-api';
import { FeedbackTabs } from './feedback-tabs';
import { SurveyImportSection } from './survey-import-section';
import { useSurveys } from './surveys-page';
import { textIn } from './survey-model';

/** Step by step: upload a file, map its columns, check a preview, run it and follow the progress. */
export function ImportsPage() {
  const { t } = useTranslation();
  const [upload, setUpload] = useState<ImportUpload | null>(null);
  const [runId, setRunId] = useState<string | null>(null);
  const step = runId ? 2 : upload ? 1 : 0;
  const reset = () => {
    setUpload(null);
    setRunId(null);
  };
  return (
    <>
      <PageHeader title={t('feedback.imports.title')} description={t('feedback.imports.description')} />
      <FeedbackTabs />
      <Stepper active={step} mb="xl" size="sm" allowNextStepsSelect={false} onStepClick={(index) => index === 0 && !runId && reset()}>
        <Stepper.Step label={t('feedback.imports.stepUpload')}>
          <UploadStep onUploaded={setUpload} />
        </Stepper.Step>
        <Stepper.Step label={t('feedback.imports.stepMapping')}>{upload && <MappingStep upload={upload} onRun={setRunId} onCancel={reset} />}</Stepper.Step>
        <Stepper.Step label={t('feedback.imports.stepRun')}>{runId && <RunProgress importId={runId} onAnother={reset} />}</Stepper.Step>
      </Stepper>
      <ImportHistory />
      <SurveyImportSection />
    </>
  );
}

function UploadStep({ onUploaded }: { onUploaded: (upload: ImportUpload) => void }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const surveys = useSurveys();
  const [kind, setKind] = useState<ImportKind>('responses');
  const [surveyKey, setSurveyKey] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const send = async (file: File | null) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      onUploaded(await uploadImport(kind, file, kind === 'responses' ? surveyKey : null));
    } catch (failure) {
      setError(isApiError(failure) ? failure.message : t('errors.unexpected'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper withBorder radius="md" p="md">
      <Stack>
        <div>
          <Text size="sm" fw={500} mb={4} id="import-kind-label">
            {t('feedback.imports.kind')}
          </Text>
          <SegmentedControl
            aria-labelledby="import-kind-label"
            value={kind}
            onChange={(value) => setKind(value as ImportKind)}
            data={[
              { value: 'responses', label: t('feedback.imports.kinds.responses') },
              { value: 'interactions', label: t('feedback.imports.kinds.interactions') },
            ]}
          />
        </div>
        {kind === 'responses' && (
          <Select
            maw={420}
            label={t('feedback.fields.survey')}
            description={t('feedback.imports.surveyHint')}
            data={(surveys.data ?? []).filter((survey) => survey.publishedVersion !== null).map((survey) => ({ value: survey.key, label: textIn(survey.name, language, survey.fallbackLocale) || survey.key }))}
            value={surveyKey}
            onChange={setSurveyKey}
            clearable
            searchable
            data-testid="import-survey"
          />
        )}
        <Text size="sm" c="dimmed">
          {t('feedback.imports.fileHint')}
        </Text>
        <Group>
          <FileButton onChange={(file) => void send(file)} accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet">
            {(props) => (
              <Button leftSection={<IconFileSpreadsheet size={16} aria-hidden />} loading={busy} {...props} data-testid="import-file">
                {t('feedback.imports.chooseFile')}
              </Button>
            )}
          </FileButton>
        </Group>
        {error && (
          <Alert color="red" role="alert" title={t('feedback.imports.uploadFailed')}>
            {error}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

/** The fields a file may fill: the fixed ones, plus one per answer of the chosen survey's latest version. */
function useFieldList(upload: ImportUpload, surveyKey: string | undefined) {
  const { orgId } = useCurrentOrg();
  const surveys = useSurveys();
  const survey = surveys.data?.find((candidate) => candidate.key === surveyKey);
  const version = useQuery({
    queryKey: [...importsKey(orgId), 'survey', surveyKey, survey?.publishedVersion],
    queryFn: () => api<SurveyVersion>(`/surveys/${surveyKey}/versions/${survey!.publishedVersion}`),
    enabled: upload.kind === 'responses' && survey !== undefined && survey.publishedVersion !== null,
    staleTime: Infinity,
  });
  const answerFields = (version.data?.definition.questions ?? []).flatMap((question) =>
    question.type === 'servqual'
      ? (question.expectation ? (['perception', 'expectation'] as const) : (['perception'] as const)).flatMap((part) =>
          (question.dimensions ?? SERVQUAL_DIMENSIONS).map((dimension) => `answers.${question.id}.${part}.${dimension}`),
        )
      : [`answers.${question.id}`],
  );
  // The server may list the answer fields itself; each field is shown once.
  const seen = new Set<string>();
  return [...upload.fields.map((field) => ({ field: field.field, required: field.required })), ...[...answerFields, ...Object.keys(upload.suggestedMapping)].map((field) => ({ field, required: false }))].filter(
    ({ field }) => !seen.has(field) && Boolean(seen.add(field)),
  );
}

function MappingStep({ upload, onRun, onCancel }: { upload: ImportUpload; onRun: (importId: string) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [mapping, setMapping] = useState<Record<string, string>>(upload.preview.settings.mapping);
  const [defaults, setDefaults] = useState<Record<string, string>>(upload.preview.settings.defaults);
  const [timezone, setTimezone] = useState(upload.preview.settings.timezone);
  const [dateOrder, setDateOrder] = useState<DateOrder>(upload.preview.settings.dateOrder);
  const [mode, setMode] = useState<ImportMode>('keep-good');
  const [preview, setPreview] = useState<ImportPreview>(upload.preview);
  const [stale, setStale] = useState(false);
  const [busy, setBusy] = useState<'preview' | 'run' | null>(null);
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const fields = useFieldList(upload, defaults.surveyKey ?? mapping.surveyKey);
  const columns = upload.columns.map((column) => ({ value: column, label: column }));
  const settings = () => ({
    mapping: Object.fromEntries(Object.entries(mapping).filter(([, column]) => column)),
    defaults: Object.fromEntries(Object.entries(defaults).filter(([, value]) => value.trim())),
    timezone,
    dateOrder,
  });
  const change = <T,>(set: (value: T) => void) => (value: T) => {
    set(value);
    setStale(true);
  };

  const refresh = async () => {
    setBusy('preview');
    setError(null);
    try {
      setPreview(await api<ImportPreview>(`/imports/${upload.importId}/preview`, { method: 'POST', body: { ...settings(), limit: 50 } }));
      setStale(false);
    } catch (failure) {
      setError(isApiError(failure) ? { ...(failure.field ? { field: failure.field } : {}), message: failure.message } : { message: t('errors.unexpected') });
    } finally {
      setBusy(null);
    }
  };

  const run = async () => {
    setBusy('run');
    setError(null);
    try {
      const started = await api<ImportRun>(`/imports/${upload.importId}/run`, { method: 'POST', body: { ...settings(), mode } });
      onRun(started.importId);
    } catch (failure) {
      setError(isApiError(failure) ? { ...(failure.field ? { field: failure.field } : {}), message: failure.message } : { message: t('errors.unexpected') });
    } finally {
      setBusy(null);
    }
  };

  const problemOf = (field: string) => preview.mappingProblems.find((problem) => problem.field === field || problem.field === `mapping.${field}` || problem.field === `defaults.${field}`)?.message;
  const failedRows = preview.rows.filter((row) => row.status === 'failed').length;

  return (
    <Stack gap="md">
      <Text size="sm">{t('feedback.imports.fileSummary', { file: upload.fileName, rows: upload.totalRows, columns: upload.columns.length })}</Text>
      <Paper withBorder radius="md">
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing={6} aria-label={t('feedback.imports.mapping')} data-testid="import-mapping">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('feedback.imports.field')}</Table.Th>
                <Table.Th>{t('feedback.imports.column')}</Table.Th>
                <Table.Th>{t('feedback.imports.fixedValue')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {fields.map(({ field, required }) => (
                <Table.Tr key={field}>
                  <Table.Td>
                    <Text size="sm" className="km-code">
                      {field}
                      {required && (
                        <Text span c="red" aria-label={t('feedback.imports.required')}>
                          {' *'}
                        </Text>
                      )}
                    </Text>
                    {problemOf(field) && (
                      <Text size="xs" c="red">
                        {problemOf(field)}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Select
                      size="xs"
                      aria-label={t('feedback.imports.columnFor', { field })}
                      data={columns}
                      value={mapping[field] ?? null}
                      clearable
                      searchable
                      placeholder={t('feedback.imports.notInFile')}
                      onChange={change((value: string | null) => setMapping((current) => ({ ...current, [field]: value ?? '' })))}
                    />
                  </Table.Td>
                  <Table.Td>
                    <TextInput
                      size="xs"
                      aria-label={t('feedback.imports.fixedValueFor', { field })}
                      value={defaults[field] ?? ''}
                      onChange={(event) => {
                        const value = event.currentTarget.value;
                        change((next: string) => setDefaults((current) => ({ ...current, [field]: next })))(value);
                      }}
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      <SimpleGrid cols={{ base: 1, sm: 2 }} maw={640}>
        <TextInput label={t('feedback.imports.timezone')} description={t('feedback.imports.timezoneHint')} value={timezone} onChange={(event) => change(setTimezone)(event.currentTarget.value)} error={error?.field === 'timezone' ? error.message : undefined} />
        <Select
          label={t('feedback.imports.dateOrder')}
          data={DATE_ORDERS.map((order) => ({ value: order, label: t(`feedback.imports.dateOrders.${order}`) }))}
          value={dateOrder}
          allowDeselect={false}
          onChange={(value) => value && change(setDateOrder)(value as DateOrder)}
        />
      </SimpleGrid>
      <Group>
        <Button variant="default" leftSection={<IconRefresh size={16} aria-hidden />} onClick={() => void refresh()} loading={busy === 'preview'}>
          {t('feedback.imports.refreshPreview')}
        </Button>
        {stale && (
          <Text size="sm" c="orange">
            {t('feedback.imports.previewStale')}
          </Text>
        )}
      </Group>
      <Title order={3} size="h5">
        {t('feedback.imports.preview', { shown: preview.rows.length, total: preview.totalRows, failed: failedRows })}
      </Title>
      {preview.mappingProblems.length > 0 && (
        <Alert color="orange" title={t('feedback.imports.mappingProblems')}>
          <Stack gap={2}>
            {preview.mappingProblems.map((problem) => (
              <Text size="sm" key={problem.field + problem.message}>
                <code className="km-code">{problem.field}</code> — {problem.message}
              </Text>
            ))}
          </Stack>
        </Alert>
      )}
      <Paper withBorder radius="md">
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing={4} fz="sm" aria-label={t('feedback.imports.previewLabel')} data-testid="import-preview">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('feedback.imports.line')}</Table.Th>
                <Table.Th>{t('feedback.imports.status')}</Table.Th>
                <Table.Th>{t('feedback.imports.problems')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {preview.rows.map((row) => (
                <Table.Tr key={row.line}>
                  <Table.Td>{row.line}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={row.status === 'failed' ? 'red' : row.status === 'existing' ? 'gray' : 'green'}>
                      {t(`feedback.imports.rowStatus.${row.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {row.errors.map((problem) => (
                      <Text size="xs" key={problem.field + problem.message}>
                        <code className="km-code">{problem.column ?? problem.field}</code> — {problem.message}
                      </Text>
                    ))}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      <Radio.Group label={t('feedback.imports.mode')} value={mode} onChange={(value) => setMode(value as ImportMode)}>
        <Stack gap={6} mt={6}>
          <Radio value="keep-good" label={t('feedback.imports.modes.keepGood')} />
          <Radio value="all-or-nothing" label={t('feedback.imports.modes.allOrNothing')} />
        </Stack>
      </Radio.Group>
      {error && !['timezone'].includes(error.field ?? '') && (
        <Alert color="red" role="alert">
          {error.field && <code className="km-code">{error.field}</code>} {error.message}
        </Alert>
      )}
      <Group>
        <Button variant="default" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
        <Button leftSection={<IconPlayerPlay size={16} aria-hidden />} onClick={() => void run()} loading={busy === 'run'}>
          {t('feedback.imports.run', { rows: upload.totalRows })}
        </Button>
      </Group>
    </Stack>
  );
}

function RunProgress({ importId, onAnother }: { importId: string; onAnother: () => void }) {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const queryClient = useQueryClient();
  const format = useFormat();
  const run = useQuery({
    queryKey: [...importsKey(orgId), importId],
    queryFn: () => api<ImportRun>(`/imports/${importId}`),
    refetchInterval: (query) => (query.state.data && query.state.data.status !== 'running' && query.state.data.status !== 'uploaded' ? false : 1000),
  });
  const finished = run.data !== undefined && !['running', 'uploaded'].includes(run.data.status);
  useEffect(() => {
    if (!finished) return;
    void queryClient.invalidateQueries({ queryKey: importsKey(orgId) });
    void queryClient.invalidateQueries({ queryKey: responsesKey(orgId) });
  }, [finished, queryClient, orgId]);
  if (run.isError) return <QueryError error={run.error} onRetry={() => void run.refetch()} />;
  const data = run.data;
  const percent = data && data.totalRows > 0 ? Math.round((data.processedRows / data.totalRows) * 100) : 0;
  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="sm">
        <Group justify="space-between">
          <Text fw={600}>{data?.fileName}</Text>
          {data && <ImportStatus status={data.status} testId="import-status" />}
        </Group>
        <Progress value={finished ? 100 : percent} animated={!finished} size="lg" aria-label={t('feedback.imports.progress')} data-testid="import-progress" />
        {data && (
          <Text size="sm" data-testid="import-counts">
            {t('feedback.imports.counts', { processed: format.number(data.processedRows), total: format.number(data.totalRows), created: format.number(data.created), existing: format.number(data.existing), failed: format.number(data.failed) })}
          </Text>
        )}
        {data?.failure && <Alert color="red">{data.failure}</Alert>}
        {data && data.errors.length > 0 && (
          <Table verticalSpacing={4} fz="sm" aria-label={t('feedback.imports.errorsByLine')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('feedback.imports.line')}</Table.Th>
                <Table.Th>{t('feedback.imports.column')}</Table.Th>
                <Table.Th>{t('feedback.imports.problems')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.errors.slice(0, 200).map((problem, index) => (
                <Table.Tr key={index}>
                  <Table.Td>{problem.line}</Table.Td>
                  <Table.Td className="km-code">{problem.column ?? problem.field}</Table.Td>
                  <Table.Td>{problem.message}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {data && data.errorCount > 200 && (
          <Text size="xs" c="dimmed">
            {t('feedback.imports.moreErrors', { count: data.errorCount - 200 })}
          </Text>
        )}
        {finished && (
          <Group>
            <Button variant="default" leftSection={<IconFileImport size={16} aria-hidden />} onClick={onAnother}>
              {t('feedback.imports.another')}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

function ImportStatus({ status, testId }: { status: ImportRun['status']; testId?: string }) {
  const { t } = useTranslation();
  const color = status === 'done' ? 'green' : status === 'failed' ? 'red' : status === 'interrupted' ? 'orange' : 'blue';
  return (
    <Badge variant="light" color={color} data-testid={testId}>
      {t(`feedback.imports.statuses.${status}`)}
    </Badge>
  );
}

function ImportHistory() {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const format = useFormat();
  const imports = usePagedList<ImportRun>([...importsKey(orgId), 'list'], '/imports');
  const list = imports.data ?? [];
  return (
    <section aria-labelledby="import-history-title">
      <Title order={2} size="h3" id="import-history-title" mb="sm">
        {t('feedback.imports.history')}
      </Title>
      {imports.isError && <QueryError error={imports.error} onRetry={() => void imports.refetch()} />}
      {imports.data && list.length === 0 && (
        <Paper withBorder p="lg" radius="md">
          <EmptyState icon={<IconFileImport size={28} stroke={1.5} aria-hidden />} variant="light" title={t('feedback.imports.noneTitle')} description={t('feedback.imports.none')} />
        </Paper>
      )}
      {list.length > 0 && (
        <Paper withBorder radius="md">
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="xs" aria-label={t('feedback.imports.history')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('feedback.imports.file')}</Table.Th>
                  <Table.Th>{t('feedback.imports.kind')}</Table.Th>
                  <Table.Th>{t('feedback.imports.status')}</Table.Th>
                  <Table.Th>{t('feedback.imports.result')}</Table.Th>
                  <Table.Th>{t('feedback.imports.when')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((item) => (
                  <Table.Tr key={item.importId}>
                    <Table.Td>{item.fileName}</Table.Td>
                    <Table.Td>{t(`feedback.imports.kinds.${item.kind}`)}</Table.Td>
                    <Table.Td>
                      <ImportStatus status={item.status} />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{t('feedback.imports.resultCounts', { created: item.created, existing: item.existing, failed: item.failed })}</Text>
                    </Table.Td>
                    <Table.Td>{format.dateTime(item.createdAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      <LoadMoreButton hasNextPage={imports.hasNextPage} isFetchingNextPage={imports.isFetchingNextPage} onLoadMore={() => void imports.fetchNextPage()} />
    </section>
  );
}
