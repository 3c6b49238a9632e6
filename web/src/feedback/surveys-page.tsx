import { useState } from 'react';
import { Alert, Anchor, Badge, Button, EmptyState, Group, Modal, Paper, SegmentedControl, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { IconMessageCircle, IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api, fetchAllPages, isApiError } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { PageHeader } from '../components/page-header';
import { QueryError } from '../components/query-error';
import { useFormat } from '../format';
import { currentLanguage, LANGUAGE_NAMES, LANGUAGES, type Language } from '../i18n';
import { KEY_PATTERN } from '../journeys/journeys-api';
import { useCurrentOrg } from '../session/current-org';
import { putSurveyDraft, surveysKey, type Survey, type SurveyDraft, type SurveyKind } from './feedback-api';
import { FeedbackTabs } from './feedback-tabs';
import { freshKey, slugify, textIn } from './survey-model';
import { useJourneyChoices, useMomentChoices } from './use-journey-choices';

export function useSurveyRoles() {
  const { membership } = useCurrentOrg();
  const canEdit = membership.role === 'admin' || membership.role === 'cx_manager';
  const canRead = membership.role !== 'agent';
  return { canEdit, canRead };
}

export function useSurveys() {
  const { orgId } = useCurrentOrg();
  return useQuery({ queryKey: surveysKey(orgId), queryFn: () => fetchAllPages<Survey>('/surveys') });
}

export function SurveysPage() {
  const { t } = useTranslation();
  const { canEdit } = useSurveyRoles();
  const format = useFormat();
  const language = currentLanguage();
  const surveys = useSurveys();
  const [createOpen, setCreateOpen] = useState(false);
  const list = surveys.data ?? [];

  return (
    <>
      <PageHeader
        title={t('feedback.surveys.title')}
        description={t('feedback.surveys.description')}
        actions={
          canEdit && (
            <Button leftSection={<IconPlus size={18} aria-hidden />} onClick={() => setCreateOpen(true)}>
              {t('feedback.surveys.create')}
            </Button>
          )
        }
      />
      <FeedbackTabs />
      {surveys.isPending && <CenteredLoader />}
      {surveys.isError && <QueryError error={surveys.error} onRetry={() => void surveys.refetch()} />}
      {surveys.data && list.length === 0 && (
        <Paper withBorder p="xl" radius="md">
          <EmptyState
            icon={<IconMessageCircle size={32} stroke={1.5} aria-hidden />}
            variant="light"
            title={t('feedback.surveys.emptyTitle')}
            description={canEdit ? t('feedback.surveys.emptyDescription') : t('feedback.surveys.emptyReadOnly')}
          />
        </Paper>
      )}
      {list.length > 0 && (
        <Paper withBorder radius="md">
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="sm" highlightOnHover aria-label={t('feedback.surveys.title')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('feedback.fields.name')}</Table.Th>
                  <Table.Th>{t('feedback.fields.kind')}</Table.Th>
                  <Table.Th>{t('feedback.surveys.status')}</Table.Th>
                  <Table.Th>{t('feedback.surveys.updated')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((survey) => (
                  <Table.Tr key={survey.surveyId}>
                    <Table.Td>
                      <Anchor component={Link} to={`/feedback/surveys/${survey.key}`} fw={600}>
                        {textIn(survey.name, language, survey.fallbackLocale) || survey.key}
                      </Anchor>
                      <Text size="xs" c="dimmed" className="km-code">
                        {survey.key}
                      </Text>
                    </Table.Td>
                    <Table.Td>{t(`feedback.kinds.${survey.kind}`)}</Table.Td>
                    <Table.Td>
                      <SurveyStatus survey={survey} />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{format.dateTime(survey.updatedAt)}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      <CreateSurveyModal opened={createOpen} onClose={() => setCreateOpen(false)} surveys={list} />
    </>
  );
}

export function SurveyStatus({ survey }: { survey: Survey }) {
  const { t } = useTranslation();
  return (
    <Group gap={4}>
      {survey.publishedVersion !== null ? (
        <Badge color="green" variant="light">
          {t('feedback.status.published', { version: survey.publishedVersion })}
        </Badge>
      ) : (
        <Badge color="gray" variant="light">
          {t('feedback.status.draftOnly')}
        </Badge>
      )}
      {survey.publishedVersion !== null && survey.hasUnpublishedChanges && (
        <Badge color="yellow" variant="light">
          {t('feedback.status.unpublishedChanges')}
        </Badge>
      )}
      {survey.archivedAt && (
        <Badge color="red" variant="light">
          {t('feedback.status.archived')}
        </Badge>
      )}
    </Group>
  );
}

/** Kind and subject: a transactional survey is about a journey's moment (or a whole visit), a relationship one about a journey or nothing. */
export function AboutFields({
  kind,
  journeyKey,
  momentKey,
  onChange,
  disabled,
  errors,
}: {
  kind: SurveyKind;
  journeyKey: string | null;
  momentKey: string | null;
  onChange: (next: { kind: SurveyKind; journeyKey: string | null; momentKey: string | null }) => void;
  disabled?: boolean;
  errors?: { kind?: string; journey?: string; moment?: string };
}) {
  const { t } = useTranslation();
  const journeys = useJourneyChoices();
  const moments = useMomentChoices(journeyKey);
  return (
    <Stack gap="sm">
      <div>
        <Text size="sm" fw={500} id="survey-kind-label" mb={4}>
          {t('feedback.fields.kind')}
        </Text>
        <SegmentedControl
          aria-labelledby="survey-kind-label"
          disabled={disabled}
          value={kind}
          onChange={(value) => onChange({ kind: value as SurveyKind, journeyKey, momentKey: value === 'relationship' ? null : momentKey })}
          data={[
            { value: 'transactional', label: t('feedback.kinds.transactional') },
            { value: 'relationship', label: t('feedback.kinds.relationship') },
          ]}
        />
        <Text size="xs" c="dimmed" mt={4}>
          {t(`feedback.kinds.${kind}Hint`)}
        </Text>
        {errors?.kind && (
          <Text size="xs" c="red" mt={4}>
            {errors.kind}
          </Text>
        )}
      </div>
      <Select
        label={t('feedback.fields.journey')}
        description={journeys.choices.length === 0 && !journeys.isPending ? t('feedback.about.noPublishedJourneys') : t('feedback.about.journeyHint')}
        placeholder={t('feedback.about.pickJourney')}
        data={journeys.choices}
        value={journeyKey}
        disabled={disabled}
        clearable={kind === 'relationship'}
        required={kind === 'transactional'}
        searchable
        nothingFoundMessage={t('common.nothingFound')}
        onChange={(value) => onChange({ kind, journeyKey: value, momentKey: null })}
        error={errors?.journey}
        data-testid="about-journey"
      />
      {kind === 'transactional' && (
        <Select
          label={t('feedback.fields.moment')}
          description={t('feedback.about.momentHint')}
          placeholder={t('feedback.about.wholeVisit')}
          data={moments.choices}
          value={momentKey}
          disabled={disabled || !journeyKey}
          clearable
          searchable
          nothingFoundMessage={t('common.nothingFound')}
          onChange={(value) => onChange({ kind, journeyKey, momentKey: value })}
          error={errors?.moment}
          data-testid="about-moment"
        />
      )}
    </Stack>
  );
}

function CreateSurveyModal({ opened, onClose, surveys }: { opened: boolean; onClose: () => void; surveys: Survey[] }) {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [key, setKey] = useState('');
  const [fallback, setFallback] = useState<Language>(currentLanguage());
  const [about, setAbout] = useState<{ kind: SurveyKind; journeyKey: string | null; momentKey: string | null }>({ kind: 'transactional', journeyKey: null, momentKey: null });
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const suggested = freshKey(slugify(name) || 'survey', surveys.map((survey) => survey.key));
  const finalKey = key || suggested;

  const submit = async () => {
    if (!name.trim()) return setError({ field: 'name', message: t('validation.required') });
    if (!KEY_PATTERN.test(finalKey)) return setError({ field: 'key', message: t('feedback.validation.key') });
    if (about.kind === 'transactional' && !about.journeyKey) return setError({ field: 'about.journeyKey', message: t('feedback.validation.journeyRequired') });
    setBusy(true);
    setError(null);
    try {
      const created = await api<Survey>('/surveys', { method: 'POST', body: { key: finalKey, name: { [fallback]: name.trim() }, fallbackLocale: fallback } });
      // The server starts every draft with one NPS question; the kind and subject are set on it here.
      const draft = await api<SurveyDraft>(`/surveys/${created.key}/draft`);
      await putSurveyDraft(
        created.key,
        {
          ...draft.definition,
          kind: about.kind,
          ...(about.journeyKey ? { about: { journeyKey: about.journeyKey, ...(about.momentKey ? { momentKey: about.momentKey } : {}) } } : {}),
        },
        draft.revision,
      );
      await queryClient.invalidateQueries({ queryKey: surveysKey(orgId) });
      onClose();
      setName('');
      setKey('');
      void navigate(`/feedback/surveys/${created.key}`);
    } catch (failure) {
      setError(isApiError(failure) ? { ...(failure.field ? { field: failure.field } : {}), message: failure.message } : { message: t('errors.unexpected') });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('feedback.surveys.createTitle')} size="lg">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Stack>
          <TextInput label={t('feedback.fields.name')} required value={name} onChange={(event) => setName(event.currentTarget.value)} error={error?.field?.startsWith('name') ? error.message : undefined} data-autofocus />
          <TextInput
            label={t('feedback.fields.key')}
            description={t('feedback.surveys.keyHint')}
            placeholder={suggested}
            value={key}
            onChange={(event) => setKey(event.currentTarget.value)}
            error={error?.field === 'key' ? error.message : undefined}
            classNames={{ input: 'km-code' }}
          />
          <Select
            label={t('feedback.fields.fallbackLocale')}
            description={t('feedback.surveys.fallbackHint')}
            data={LANGUAGES.map((language) => ({ value: language, label: LANGUAGE_NAMES[language] }))}
            value={fallback}
            allowDeselect={false}
            onChange={(value) => value && setFallback(value as Language)}
          />
          <AboutFields
            kind={about.kind}
            journeyKey={about.journeyKey}
            momentKey={about.momentKey}
            onChange={setAbout}
            errors={{ journey: error?.field?.startsWith('about') ? error.message : undefined }}
          />
          {error && !['name', 'key'].includes(error.field?.split('.')[0] ?? '') && !error.field?.startsWith('about') && <Alert color="red" role="alert">{error.message}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('feedback.surveys.createSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
