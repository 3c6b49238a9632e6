import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Checkbox, FileButton, Group, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { IconFileCode, IconFileImport } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, isApiError } from '../api';
import { KEY_PATTERN } from '../journeys/journeys-api';
import { useCurrentOrg } from '../session/current-org';
import { surveysKey, type SurveyImportResult } from './feedback-api';
import { useSurveyRoles, useSurveys } from './surveys-page';
import { freshKey, slugify } from './survey-model';

/** The server's limit for a survey file (SURVEY_FILE_MAX_BYTES in src/feedback/import-survey.ts). */
const MAX_FILE_BYTES = 8 * 1024 * 1024;

interface LoadedFile {
  name: string;
  source: string;
}

/**
 * A SurveyJS JSON or Qualtrics .qsf file → a new survey DRAFT (POST /surveys/import). The file is
 * first checked with a dry run, so the person sees what maps and what does not before anything is stored.
 */
export function SurveyImportSection() {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const { canEdit } = useSurveyRoles();
  const surveys = useSurveys();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<LoadedFile | null>(null);
  const [key, setKey] = useState('');
  const [replaceDraft, setReplaceDraft] = useState(false);
  const [checked, setChecked] = useState<SurveyImportResult | null>(null);
  const [done, setDone] = useState<SurveyImportResult | null>(null);
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  if (!canEdit) return null;

  const taken = (surveys.data ?? []).map((survey) => survey.key);
  const keyExists = taken.includes(key);

  const send = async (loaded: LoadedFile, surveyKey: string, dryRun: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const result = await api<SurveyImportResult>('/surveys/import', { method: 'POST', body: { key: surveyKey, source: loaded.source, dryRun, ...(replaceDraft ? { replaceDraft: true } : {}) } });
      if (dryRun) setChecked(result);
      else {
        setDone(result);
        setChecked(null);
        await queryClient.invalidateQueries({ queryKey: surveysKey(orgId) });
      }
    } catch (failure) {
      setError(isApiError(failure) ? { ...(failure.field ? { field: failure.field.replace(/^body\./, '') } : {}), message: failure.message } : { message: t('errors.unexpected') });
    } finally {
      setBusy(false);
    }
  };

  const choose = async (chosen: File | null) => {
    if (!chosen) return;
    setDone(null);
    setChecked(null);
    setError(null);
    if (chosen.size > MAX_FILE_BYTES) {
      setError({ message: t('feedback.surveyImport.tooLarge') });
      return;
    }
    const loaded = { name: chosen.name, source: await chosen.text() };
    const surveyKey = freshKey(slugify(chosen.name.replace(/\.[^.]+$/, '')) || 'imported-survey', taken);
    setFile(loaded);
    setKey(surveyKey);
    setReplaceDraft(false);
    await send(loaded, surveyKey, true);
  };

  const report = (done ?? checked)?.report;
  return (
    <Paper withBorder radius="md" p="md" mt="xl" component="section" aria-labelledby="survey-import-title">
      <Title order={2} size="h3" id="survey-import-title" mb={4}>
        {t('feedback.surveyImport.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {t('feedback.surveyImport.description')}
      </Text>
      <Stack gap="sm">
        <Group>
          <FileButton onChange={(chosen) => void choose(chosen)} accept=".json,.qsf,.js,.mjs,application/json">
            {(props) => (
              <Button {...props} variant="light" loading={busy && !file} leftSection={<IconFileCode size={16} aria-hidden />} data-testid="survey-file">
                {t('feedback.surveyImport.choose')}
              </Button>
            )}
          </FileButton>
          {file && (
            <Text size="sm" className="km-code">
              {file.name}
            </Text>
          )}
        </Group>
        {error && (!error.field || !checked) && (
          <Alert color="red" role="alert" title={t('feedback.surveyImport.failed')}>
            {error.message}
          </Alert>
        )}
        {file && checked && !done && (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              void send(file, key, false);
            }}
          >
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TextInput
                label={t('feedback.surveyImport.key')}
                description={t('feedback.surveyImport.keyHint')}
                required
                value={key}
                maxLength={64}
                onChange={(event) => setKey(event.currentTarget.value)}
                error={error?.field === 'key' ? error.message : key && !KEY_PATTERN.test(key) ? t('feedback.surveyImport.keyPattern') : undefined}
                classNames={{ input: 'km-code' }}
                data-testid="survey-import-key"
              />
              {keyExists && (
                <Checkbox mt="xl" label={t('feedback.surveyImport.replaceDraft')} checked={replaceDraft} onChange={(event) => setReplaceDraft(event.currentTarget.checked)} />
              )}
            </SimpleGrid>
            {error?.field && error.field !== 'key' && (
              <Alert color="red" mt="sm" role="alert">
                {error.message}
              </Alert>
            )}
            <Group mt="sm">
              <Button type="submit" loading={busy} disabled={!KEY_PATTERN.test(key) || (keyExists && !replaceDraft) || checked.report.questions.mapped === 0} leftSection={<IconFileImport size={16} aria-hidden />}>
                {t('feedback.surveyImport.create')}
              </Button>
              {keyExists && !replaceDraft && (
                <Text size="sm" c="orange">
                  {t('feedback.surveyImport.keyTaken')}
                </Text>
              )}
            </Group>
          </form>
        )}
        {done?.survey && (
          <Alert color="green" role="status" title={done.created ? t('feedback.surveyImport.created') : t('feedback.surveyImport.replaced')}>
            <Anchor component={Link} to={`/feedback/surveys/${done.survey.key}`} data-testid="open-imported">
              {t('feedback.surveyImport.open', { key: done.survey.key })}
            </Anchor>
            {done.problems.length > 0 && (
              <Text size="sm" mt={4}>
                {t('feedback.surveyImport.problems', { count: done.problems.length })}
              </Text>
            )}
          </Alert>
        )}
        {report && <ImportReport report={report} />}
      </Stack>
    </Paper>
  );
}

function ImportReport({ report }: { report: SurveyImportResult['report'] }) {
  const { t } = useTranslation();
  const skipped = report.unmapped.length;
  return (
    <Stack gap="sm" data-testid="survey-import-report">
      <Group gap="xs">
        <Badge variant="light">{t(`feedback.surveyImport.formats.${report.format}`)}</Badge>
        <Badge variant="light" color="green">
          {t('feedback.surveyImport.mapped', { mapped: report.questions.mapped, total: report.questions.total })}
        </Badge>
        {skipped > 0 && (
          <Badge variant="light" color="orange">
            {t('feedback.surveyImport.skipped', { count: skipped })}
          </Badge>
        )}
        {report.warnings.length > 0 && (
          <Badge variant="light" color="yellow">
            {t('feedback.surveyImport.warningCount', { count: report.warnings.length })}
          </Badge>
        )}
      </Group>
      {skipped > 0 && (
        <div>
          <Text size="sm" fw={600} mb={4}>
            {t('feedback.surveyImport.unmappedTitle')}
          </Text>
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="xs" withTableBorder aria-label={t('feedback.surveyImport.unmappedTitle')} data-testid="survey-import-unmapped">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('feedback.surveyImport.item')}</Table.Th>
                  <Table.Th>{t('feedback.surveyImport.type')}</Table.Th>
                  <Table.Th>{t('feedback.surveyImport.reason')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.unmapped.map((item, index) => (
                  <Table.Tr key={`${item.sourceId}-${index}`}>
                    <Table.Td className="km-code">{item.sourceId}</Table.Td>
                    <Table.Td className="km-code">{item.sourceType}</Table.Td>
                    <Table.Td>{item.reason}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </div>
      )}
      {report.warnings.length > 0 && (
        <div>
          <Text size="sm" fw={600} mb={4}>
            {t('feedback.surveyImport.warningsTitle')}
          </Text>
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="xs" withTableBorder aria-label={t('feedback.surveyImport.warningsTitle')} data-testid="survey-import-warnings">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('feedback.surveyImport.item')}</Table.Th>
                  <Table.Th>{t('feedback.surveyImport.feature')}</Table.Th>
                  <Table.Th>{t('feedback.surveyImport.reason')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.warnings.map((warning, index) => (
                  <Table.Tr key={`${warning.sourceId ?? ''}-${index}`}>
                    <Table.Td className="km-code">{warning.sourceId ?? '—'}</Table.Td>
                    <Table.Td className="km-code">{warning.feature}</Table.Td>
                    <Table.Td>{warning.message}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </div>
      )}
    </Stack>
  );
}
