import { useState } from 'react';
import { Alert, Badge, Button, Drawer, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, fetchAllPages } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { QueryError } from '../components/query-error';
import { useFormat } from '../format';
import { currentLanguage, LANGUAGE_NAMES, LANGUAGES, type Language } from '../i18n';
import { useCurrentOrg } from '../session/current-org';
import { surveyVersionsKey, type Survey, type SurveyVersion, type SurveyVersionSummary } from './feedback-api';
import { SurveyPreview } from './survey-preview';

/** Published versions of a survey; any of them can be looked at exactly as respondents got it. */
export function VersionsDrawer({ opened, onClose, survey, organization }: { opened: boolean; onClose: () => void; survey: Survey; organization: string }) {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const format = useFormat();
  const [shown, setShown] = useState<number | null>(null);
  const [language, setLanguage] = useState<Language>(currentLanguage());
  const versions = useQuery({
    queryKey: [...surveyVersionsKey(orgId, survey.key), 'list'],
    queryFn: () => fetchAllPages<SurveyVersionSummary>(`/surveys/${survey.key}/versions`),
    enabled: opened,
  });
  const version = useQuery({
    queryKey: [...surveyVersionsKey(orgId, survey.key), shown],
    queryFn: () => api<SurveyVersion>(`/surveys/${survey.key}/versions/${shown}`),
    enabled: opened && shown !== null,
    staleTime: Infinity,
  });

  return (
    <Drawer opened={opened} onClose={onClose} position="right" size="xl" title={<Title order={2} size="h4">{t('feedback.versions.title')}</Title>} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <Stack gap="md">
        <Alert color="blue">{t('feedback.versions.immutable')}</Alert>
        {versions.isPending && <CenteredLoader />}
        {versions.isError && <QueryError error={versions.error} onRetry={() => void versions.refetch()} />}
        {versions.data && versions.data.length === 0 && <Alert color="gray">{t('feedback.versions.none')}</Alert>}
        {versions.data && versions.data.length > 0 && (
          <Table verticalSpacing="xs" aria-label={t('feedback.versions.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('feedback.versions.version')}</Table.Th>
                <Table.Th>{t('feedback.versions.note')}</Table.Th>
                <Table.Th>{t('feedback.versions.published')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {versions.data.map((item) => (
                <Table.Tr key={item.version}>
                  <Table.Td>
                    <Badge variant="light">{t('feedback.versions.versionN', { version: item.version })}</Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{item.note ?? '—'}</Text>
                    <Text size="xs" c="dimmed">
                      {t('feedback.versions.questionCount', { count: item.questionCount })}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{format.dateTime(item.publishedAt)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Button size="xs" variant={shown === item.version ? 'filled' : 'default'} onClick={() => setShown(item.version)} aria-pressed={shown === item.version}>
                      {t('feedback.versions.show')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {shown !== null && version.isPending && <CenteredLoader />}
        {version.data && (
          <Stack gap="xs">
            <SegmentedControl size="xs" value={language} onChange={(value) => setLanguage(value as Language)} aria-label={t('feedback.builder.previewLanguage')} data={LANGUAGES.map((candidate) => ({ value: candidate, label: LANGUAGE_NAMES[candidate] }))} />
            <SurveyPreview key={`${shown}:${language}`} definition={version.data.definition} language={language} fallback={version.data.fallbackLocale} organization={organization} />
          </Stack>
        )}
      </Stack>
    </Drawer>
  );
}
