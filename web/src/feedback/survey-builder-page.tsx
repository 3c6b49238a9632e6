import { useCallback, useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Grid,
  Group,
  Kbd,
  List,
  Menu,
  Modal,
  Paper,
  Popover,
  SegmentedControl,
  Stack,
  Tabs,
  Text,
  Textarea,
  Title,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { IconAlertTriangle, IconArrowLeft, IconDeviceFloppy, IconHistory, IconLink, IconPlus, IconRocket } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api, isApiError } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { PageHeader } from '../components/page-header';
import { QueryError } from '../components/query-error';
import { useApiError } from '../components/use-api-error';
import { useSaveShortcut, useUnsavedChangesWarning } from '../components/use-editor-guards';
import { currentLanguage, LANGUAGE_NAMES, LANGUAGES, type Language } from '../i18n';
import { useCurrentOrg } from '../session/current-org';
import {
  QUESTION_TYPES,
  isConflict,
  putSurveyDraft,
  surveyDraftKey,
  surveyKey,
  surveysKey,
  surveyVersionsKey,
  type Definition,
  type Problem,
  type QuestionType,
  type Survey,
  type SurveyDraft,
  type SurveyVersion,
  type TranslatableText,
} from './feedback-api';
import { QuestionCard, TranslatableInput } from './question-editor';
import { SurveyPreview } from './survey-preview';
import { AboutFields, SurveyStatus, useSurveyRoles } from './surveys-page';
import { addQuestion, missingByLanguage, moveQuestion, newQuestion, questionIndexOf, removeQuestion, textIn, textsOfDefinition, updateQuestion } from './survey-model';
import { VersionsDrawer } from './versions-drawer';

export function SurveyBuilderPage() {
  const { key = '' } = useParams();
  const { orgId } = useCurrentOrg();
  const survey = useQuery({ queryKey: surveyKey(orgId, key), queryFn: () => api<Survey>(`/surveys/${key}`) });
  const draft = useQuery({ queryKey: surveyDraftKey(orgId, key), queryFn: () => api<SurveyDraft>(`/surveys/${key}/draft`), staleTime: Infinity, gcTime: 0 });

  if (survey.isPending || draft.isPending) return <CenteredLoader />;
  if (survey.isError) return <QueryError error={survey.error} onRetry={() => void survey.refetch()} />;
  if (draft.isError) return <QueryError error={draft.error} onRetry={() => void draft.refetch()} />;
  return <Builder key={`${key}:${draft.dataUpdatedAt}`} survey={survey.data} draft={draft.data} onReload={() => void draft.refetch()} />;
}

/** Problems whose path is `prefix` or lies under it, as one message (what a field shows as its error). */
export type ErrorAt = (prefix: string) => string | undefined;

function Builder({ survey, draft, onReload }: { survey: Survey; draft: SurveyDraft; onReload: () => void }) {
  const { t } = useTranslation();
  const { orgId, membership } = useCurrentOrg();
  const queryClient = useQueryClient();
  const handleError = useApiError();
  const { canEdit } = useSurveyRoles();
  const fallback = survey.fallbackLocale;
  const [definition, setDefinition] = useState<Definition>(draft.definition);
  const [saved, setSaved] = useState<{ definition: Definition; revision: number; problems: Problem[] }>({ definition: draft.definition, revision: draft.revision, problems: draft.problems });
  const dirty = definition !== saved.definition;
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState(false);
  const [editLanguage, setEditLanguage] = useState<Language>(fallback);
  const [previewLanguage, setPreviewLanguage] = useState<Language>(currentLanguage());
  const [publishOpen, setPublishOpen] = useState(false);
  const [versionsOpen, setVersionsOpen] = useState(false);
  // A refusal of the server (a save the schema refused, a publish refused) for the definition it was about.
  const [refusal, setRefusal] = useState<{ field?: string; message: string; definition: Definition } | null>(null);
  const [newType, setNewType] = useState<QuestionType>('csat');

  // Problems point at question positions of the saved draft: after an edit they may point elsewhere, so they wait for the next save.
  const refused = refusal?.definition === definition && refusal.field ? [{ severity: 'error' as const, field: refusal.field, message: refusal.message }] : [];
  const problems: Problem[] = [...refused, ...(dirty ? [] : saved.problems)];
  const errorAt: ErrorAt = (prefix) => {
    const found = problems.filter((problem) => problem.severity === 'error' && (problem.field === prefix || problem.field.startsWith(`${prefix}.`)));
    return found.length > 0 ? [...new Set(found.map((problem) => problem.message))].join(' · ') : undefined;
  };
  const errors = problems.filter((problem) => problem.severity === 'error');
  const warnings = problems.filter((problem) => problem.severity === 'warning');

  const save = useCallback(async (): Promise<boolean> => {
    if (!canEdit) return false;
    setSaving(true);
    try {
      const result = await putSurveyDraft(survey.key, definition, saved.revision);
      setSaved({ definition, revision: result.revision, problems: result.problems });
      setRefusal(null);
      await queryClient.invalidateQueries({ queryKey: surveyKey(orgId, survey.key), exact: true });
      await queryClient.invalidateQueries({ queryKey: surveysKey(orgId), exact: true });
      notifications.show({ color: 'green', message: t('feedback.builder.saved', { revision: result.revision }) });
      return true;
    } catch (error) {
      if (isConflict(error)) setConflict(true);
      else if (isApiError(error) && error.status === 400 && error.field) {
        // A definition the schema refuses (e.g. a malformed id): shown on its field like the draft's problems.
        setRefusal({ field: error.field.replace(/^body\.?/, ''), message: error.message, definition });
        handleError(error);
      } else handleError(error);
      return false;
    } finally {
      setSaving(false);
    }
  }, [canEdit, survey.key, definition, saved.revision, queryClient, orgId, t, handleError]);

  // Ctrl+S saves, also from inside a text field.
  useSaveShortcut(canEdit, save);

  useUnsavedChangesWarning(dirty);

  const missing = missingByLanguage(textsOfDefinition(definition));
  const setText = (field: 'title' | 'intro' | 'thankYou', text: TranslatableText) => {
    const next: Definition = { ...definition };
    if (Object.keys(text).length === 0 && field !== 'title') delete next[field];
    else next[field] = text;
    setDefinition(next);
  };
  const addNew = () => {
    const question = newQuestion(definition, newType, { [editLanguage]: t(`feedback.questionTypes.${newType}Default`, { lng: editLanguage }) }, (n) => ({ [editLanguage]: t('feedback.builder.optionN', { n, lng: editLanguage }) }));
    setDefinition(addQuestion(definition, question));
    requestAnimationFrame(() => document.getElementById(`question-${definition.questions.length}-title`)?.focus());
  };
  const name = textIn(survey.name, currentLanguage(), fallback) || survey.key;

  return (
    <>
      <Button component={Link} to="/feedback" variant="subtle" size="xs" leftSection={<IconArrowLeft size={14} aria-hidden />} mb="xs">
        {t('feedback.builder.back')}
      </Button>
      <PageHeader title={name} description={t('feedback.builder.description')} actions={<SurveyStatus survey={survey} />} />
      <Paper withBorder radius="md" p="xs" mb="md" pos="sticky" top={60} style={{ zIndex: 5 }}>
        <Group justify="space-between" gap="xs">
          <Group gap="xs" role="toolbar" aria-label={t('feedback.builder.toolbar')}>
            {canEdit && (
              <>
                <Tooltip label={<>{t('feedback.builder.save')} <Kbd size="xs">Ctrl</Kbd>+<Kbd size="xs">S</Kbd></>}>
                  <Button leftSection={<IconDeviceFloppy size={16} aria-hidden />} onClick={() => void save()} loading={saving} disabled={!dirty} aria-keyshortcuts="Control+S">
                    {t('feedback.builder.save')}
                  </Button>
                </Tooltip>
                <Button variant="light" color="green" leftSection={<IconRocket size={16} aria-hidden />} onClick={() => setPublishOpen(true)}>
                  {t('feedback.builder.publish')}
                </Button>
              </>
            )}
            <Button variant="default" leftSection={<IconHistory size={16} aria-hidden />} onClick={() => setVersionsOpen(true)}>
              {t('feedback.builder.versions')}
            </Button>
            <Button variant="subtle" component={Link} to={`/feedback/links?survey=${survey.key}`} leftSection={<IconLink size={16} aria-hidden />}>
              {t('feedback.builder.links')}
            </Button>
          </Group>
          <Group gap="xs">
            <Badge color={dirty ? 'yellow' : 'gray'} variant="light" data-testid="save-state">
              {dirty ? t('feedback.builder.unsaved') : t('feedback.builder.savedRevision', { revision: saved.revision })}
            </Badge>
            {(errors.length > 0 || warnings.length > 0) && (
              <Popover width={440} position="bottom-end" withArrow shadow="md">
                <Popover.Target>
                  <Button variant="light" size="xs" color={errors.length > 0 ? 'red' : 'yellow'} leftSection={<IconAlertTriangle size={14} aria-hidden />} data-testid="problems-button">
                    {t('feedback.builder.problems', { errors: errors.length, warnings: warnings.length })}
                  </Button>
                </Popover.Target>
                <Popover.Dropdown>
                  <List size="sm" spacing={6}>
                    {problems.map((problem, index) => {
                      const questionIndex = questionIndexOf(problem.field);
                      return (
                        <List.Item key={index} icon={<Badge size="xs" color={problem.severity === 'error' ? 'red' : 'yellow'}>{t(`feedback.builder.${problem.severity}`)}</Badge>}>
                          <code className="km-code">{problem.field}</code> — {problem.message}
                          {questionIndex !== undefined && (
                            <Button size="compact-xs" variant="subtle" ml={4} onClick={() => document.getElementById(`question-${questionIndex}`)?.scrollIntoView({ behavior: 'smooth', block: 'center' })}>
                              {t('feedback.builder.showQuestion', { n: questionIndex + 1 })}
                            </Button>
                          )}
                        </List.Item>
                      );
                    })}
                  </List>
                </Popover.Dropdown>
              </Popover>
            )}
          </Group>
        </Group>
      </Paper>
      {conflict && (
        <Alert color="red" title={t('feedback.builder.conflictTitle')} role="alert" mb="md" withCloseButton onClose={() => setConflict(false)} data-testid="conflict-alert">
          <Text size="sm">{t('feedback.builder.conflict')}</Text>
          <Button mt="xs" size="xs" color="red" variant="light" onClick={onReload}>
            {t('feedback.builder.reload')}
          </Button>
        </Alert>
      )}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="md">
            <Tabs value={editLanguage} onChange={(value) => value && setEditLanguage(value as Language)}>
              <Tabs.List aria-label={t('feedback.builder.editLanguage')}>
                {LANGUAGES.map((language) => (
                  <Tabs.Tab
                    key={language}
                    value={language}
                    lang={language}
                    rightSection={
                      missing[language] > 0 ? (
                        <Badge size="xs" color="orange" variant="light" aria-label={t('feedback.builder.missingCount', { count: missing[language] })}>
                          {missing[language]}
                        </Badge>
                      ) : undefined
                    }
                  >
                    {LANGUAGE_NAMES[language]}
                    {language === fallback ? ' *' : ''}
                  </Tabs.Tab>
                ))}
              </Tabs.List>
            </Tabs>
            <Text size="xs" c="dimmed">
              {t('feedback.builder.languageNote', { language: LANGUAGE_NAMES[fallback] })}
            </Text>
            <Paper withBorder radius="md" p="md">
              <Title order={2} size="h4" mb="sm">
                {t('feedback.builder.settings')}
              </Title>
              <Stack gap="sm">
                <AboutFields
                  kind={definition.kind}
                  journeyKey={definition.about?.journeyKey ?? null}
                  momentKey={definition.about?.momentKey ?? null}
                  disabled={!canEdit}
                  errors={{ kind: errorAt('kind'), journey: errorAt('about.journeyKey') ?? (errorAt('about') && !errorAt('about.momentKey') ? errorAt('about') : undefined), moment: errorAt('about.momentKey') }}
                  onChange={({ kind, journeyKey, momentKey }) => {
                    const next: Definition = { ...definition, kind };
                    if (journeyKey) next.about = { journeyKey, ...(momentKey ? { momentKey } : {}) };
                    else delete next.about;
                    setDefinition(next);
                  }}
                />
                <TranslatableInput id="survey-title" label={t('feedback.fields.title')} value={definition.title} language={editLanguage} fallback={fallback} required disabled={!canEdit} error={errorAt('title')} onChange={(text) => setText('title', text)} />
                <TranslatableInput id="survey-intro" label={t('feedback.fields.intro')} value={definition.intro} language={editLanguage} fallback={fallback} multiline disabled={!canEdit} error={errorAt('intro')} onChange={(text) => setText('intro', text)} />
                <TranslatableInput
                  id="survey-thank-you"
                  label={t('feedback.fields.thankYou')}
                  description={t('feedback.builder.thankYouHint')}
                  value={definition.thankYou}
                  language={editLanguage}
                  fallback={fallback}
                  multiline
                  disabled={!canEdit}
                  error={errorAt('thankYou')}
                  onChange={(text) => setText('thankYou', text)}
                />
              </Stack>
            </Paper>
            <Title order={2} size="h4">
              {t('feedback.builder.questions', { count: definition.questions.length })}
            </Title>
            {errorAt('questions') && definition.questions.length === 0 && <Alert color="red">{errorAt('questions')}</Alert>}
            {definition.questions.map((question, index) => (
              <QuestionCard
                key={`${index}:${question.type}`}
                index={index}
                count={definition.questions.length}
                question={question}
                earlier={definition.questions.slice(0, index)}
                definition={definition}
                language={editLanguage}
                fallback={fallback}
                editable={canEdit}
                errorAt={(prefix) => errorAt(`questions.${index}${prefix ? `.${prefix}` : ''}`)}
                onChange={(next) => setDefinition(updateQuestion(definition, index, () => next))}
                onMove={(delta) => {
                  const next = moveQuestion(definition, index, delta);
                  if (!next) {
                    notifications.show({ color: 'yellow', message: t('feedback.builder.cannotMove') });
                    return;
                  }
                  setDefinition(next);
                  requestAnimationFrame(() => document.getElementById(`question-${index + delta}-${delta === -1 ? 'up' : 'down'}`)?.focus());
                }}
                onRemove={() => setDefinition(removeQuestion(definition, index))}
                onRename={(next) => setDefinition(next)}
              />
            ))}
            {canEdit && (
              <Paper withBorder radius="md" p="sm">
                <Group gap="xs" align="flex-end">
                  <Menu position="bottom-start" withinPortal>
                    <Menu.Target>
                      <Button variant="default" data-testid="question-type-menu">
                        {t('feedback.builder.typeToAdd', { type: t(`feedback.questionTypes.${newType}`) })}
                      </Button>
                    </Menu.Target>
                    <Menu.Dropdown>
                      {QUESTION_TYPES.map((type) => (
                        <Menu.Item key={type} onClick={() => setNewType(type)}>
                          {t(`feedback.questionTypes.${type}`)}
                        </Menu.Item>
                      ))}
                    </Menu.Dropdown>
                  </Menu>
                  <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={addNew}>
                    {t('feedback.builder.addQuestion')}
                  </Button>
                </Group>
              </Paper>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="xs" pos="sticky" top={130}>
            <Group justify="space-between" gap="xs">
              <Title order={2} size="h4" id="preview-title">
                {t('feedback.builder.preview')}
              </Title>
            </Group>
            <SegmentedControl
              aria-label={t('feedback.builder.previewLanguage')}
              value={previewLanguage}
              onChange={(value) => setPreviewLanguage(value as Language)}
              data-testid="preview-language"
              fullWidth
              size="xs"
              data={LANGUAGES.map((language) => ({
                value: language,
                label: `${LANGUAGE_NAMES[language]}${missing[language] > 0 ? ` (${missing[language]})` : ''}`,
              }))}
            />
            <Text size="xs" c="dimmed">
              {missing[previewLanguage] > 0 ? t('feedback.builder.previewMissing', { count: missing[previewLanguage], fallback: LANGUAGE_NAMES[fallback] }) : t('feedback.builder.previewHint')}
            </Text>
            <div style={{ maxHeight: 'calc(100vh - 260px)', overflowY: 'auto' }} aria-labelledby="preview-title" role="region">
              <SurveyPreview key={previewLanguage} definition={definition} language={previewLanguage} fallback={fallback} organization={membership.organizationName} />
            </div>
          </Stack>
        </Grid.Col>
      </Grid>
      <PublishModal
        opened={publishOpen}
        onClose={() => setPublishOpen(false)}
        survey={survey}
        dirty={dirty}
        save={save}
        onRefused={(failure) => setRefusal({ ...failure, definition })}
        onPublished={() => setRefusal(null)}
      />
      <VersionsDrawer opened={versionsOpen} onClose={() => setVersionsOpen(false)} survey={survey} organization={membership.organizationName} />
    </>
  );
}

function PublishModal({
  opened,
  onClose,
  survey,
  dirty,
  save,
  onRefused,
  onPublished,
}: {
  opened: boolean;
  onClose: () => void;
  survey: Survey;
  dirty: boolean;
  save: () => Promise<boolean>;
  onRefused: (failure: { field?: string; message: string }) => void;
  onPublished: () => void;
}) {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);

  const publish = async () => {
    setBusy(true);
    setError(null);
    try {
      if (dirty && !(await save())) return;
      const version = await api<SurveyVersion>(`/surveys/${survey.key}/publish`, { method: 'POST', body: note.trim() ? { note: note.trim() } : {} });
      await queryClient.invalidateQueries({ queryKey: surveyKey(orgId, survey.key), exact: true });
      await queryClient.invalidateQueries({ queryKey: surveyVersionsKey(orgId, survey.key) });
      await queryClient.invalidateQueries({ queryKey: surveysKey(orgId), exact: true });
      notifications.show({ color: 'green', message: t('feedback.publish.done', { version: version.version }) });
      setNote('');
      onPublished();
      onClose();
    } catch (failure) {
      const refused = isApiError(failure) ? { ...(failure.field ? { field: failure.field } : {}), message: failure.message } : { message: t('errors.unexpected') };
      setError(refused);
      onRefused(refused);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('feedback.publish.title')} size="lg">
      <Stack>
        <Text size="sm">{t('feedback.publish.intro', { version: (survey.publishedVersion ?? 0) + 1 })}</Text>
        <Alert color="blue" title={t('feedback.publish.immutableTitle')}>
          {t('feedback.publish.immutable')}
        </Alert>
        {dirty && <Alert color="yellow">{t('feedback.publish.savesFirst')}</Alert>}
        <Textarea label={t('feedback.publish.note')} description={t('feedback.publish.noteHint')} autosize minRows={2} maxLength={1000} value={note} onChange={(event) => setNote(event.currentTarget.value)} data-autofocus />
        {error && (
          <Alert color="red" role="alert" title={t('feedback.publish.refused')}>
            {error.field && (
              <Text size="sm">
                <code className="km-code">{error.field}</code>
              </Text>
            )}
            <Text size="sm">{error.message}</Text>
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button color="green" onClick={() => void publish()} loading={busy} leftSection={<IconRocket size={16} aria-hidden />}>
            {t('feedback.publish.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
