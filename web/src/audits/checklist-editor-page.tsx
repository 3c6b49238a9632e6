import { useCallback, useEffect, useState } from 'react';
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Grid,
  Group,
  Kbd,
  List,
  Modal,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Tabs,
  Text,
  Textarea,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowDown, IconArrowLeft, IconArrowUp, IconDeviceFloppy, IconPlus, IconRocket, IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useBlocker, useParams } from 'react-router-dom';
import { api, isApiError } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { PageHeader } from '../components/page-header';
import { QueryError } from '../components/query-error';
import { useApiError } from '../components/use-api-error';
import { useSaveShortcut, useUnsavedChangesWarning } from '../components/use-editor-guards';
import { useJourneyChoices, useMomentChoices, type Choice } from '../feedback/use-journey-choices';
import { useFormat } from '../format';
import { currentLanguage, LANGUAGE_NAMES } from '../i18n';
import { textIn } from '../journeys/blueprint-model';
import { useCurrentOrg } from '../session/current-org';
import {
  auditsKey,
  EVIDENCE_RULES,
  putChecklistDraft,
  type Checklist,
  type ChecklistDefinitionInput,
  type ChecklistDraft,
  type ChecklistItemInput,
  type ChecklistVersion,
  type ChecklistVersionSummary,
  type EvidenceRule,
  type Locale,
  type Problem,
  type TranslatableText,
} from './audits-api';
import {
  addItem,
  addSection,
  allItemKeys,
  hasText,
  isValidKey,
  LOCALES,
  missingByLanguage,
  moveItem,
  moveItemToMoment,
  moveSection,
  removeItem,
  removeSection,
  slugOf,
  textsOf,
  uniqueKey,
  updateItem,
  withLanguage,
  withType,
} from './checklist-editor-model';

const MANAGERS = new Set(['admin', 'cx_manager', 'auditor']);
const MAX_SCORE_LIMIT = 10;

/** Problems whose field is `prefix` or lies under it, as one message (what a field shows as its error). */
type ErrorAt = (prefix: string) => string | undefined;

/** `/audits/checklists/:key/edit`: author the draft of a checklist and publish it as an immutable version. */
export function ChecklistEditorPage() {
  const { key = '' } = useParams();
  const { orgId } = useCurrentOrg();
  const checklist = useQuery({ queryKey: auditsKey(orgId, 'checklist', key), queryFn: () => api<Checklist>(`/audits/checklists/${key}`) });
  const draft = useQuery({
    queryKey: auditsKey(orgId, 'checklist', key, 'draft'),
    queryFn: () => api<ChecklistDraft>(`/audits/checklists/${key}/draft`),
    staleTime: Infinity,
    gcTime: 0,
  });
  if (checklist.isPending || draft.isPending) return <CenteredLoader />;
  if (checklist.isError) return <QueryError error={checklist.error} onRetry={() => void checklist.refetch()} />;
  if (draft.isError) return <QueryError error={draft.error} onRetry={() => void draft.refetch()} />;
  return (
    <Editor
      key={`${key}:${draft.dataUpdatedAt}`}
      checklist={checklist.data}
      draft={draft.data}
      onReload={() => {
        void checklist.refetch();
        void draft.refetch();
      }}
    />
  );
}

/** The server's problems are English; the ones the editor knows are worded in the reader's language. */
function useProblemText() {
  const { t } = useTranslation();
  return (problem: Problem): string => {
    const { field, message } = problem;
    const language = /\.(en|zh-CN|zh-TW|ru|hu)$/.exec(field)?.[1] as Locale | undefined;
    if (/\.text\.[\w-]+$/.test(field) && language) return t('audits.editor.problem.textMissing', { language: LANGUAGE_NAMES[language] });
    if (/\.(title|guidance)\.[\w-]+$/.test(field) && language) return t('audits.editor.problem.textMissing', { language: LANGUAGE_NAMES[language] });
    if (/^name\.[\w-]+$/.test(field) && language) return t('audits.editor.problem.nameMissing', { language: LANGUAGE_NAMES[language] });
    if (/^description\.[\w-]+$/.test(field) && language) return t('audits.editor.problem.textMissing', { language: LANGUAGE_NAMES[language] });
    if (/\.key$/.test(field)) return message.includes('used twice') ? t('audits.editor.problem.keyTwice') : t('audits.editor.problem.key');
    if (/\.weight$/.test(field)) return t('audits.editor.problem.weight');
    if (/\.maxScore$/.test(field)) return t('audits.editor.problem.maxScore', { max: MAX_SCORE_LIMIT });
    if (/\.passScore$/.test(field)) return t('audits.editor.problem.passScore');
    if (/\.allowNa$/.test(field)) return t('audits.editor.problem.criticalNa');
    if (/\.items$/.test(field)) return t('audits.editor.problem.sectionEmpty');
    if (/\.momentKey$/.test(field)) return problem.severity === 'warning' ? t('audits.editor.problem.momentUnknown') : t('audits.editor.problem.momentTwice');
    if (field === 'sections') return t('audits.editor.problem.noSections');
    if (field === 'journeyKey') return t('audits.editor.problem.journey');
    if (field === 'passPercent') return t('audits.editor.problem.passPercent');
    if (field === 'actionDueDays' || field === 'criticalActionDueDays') return t('audits.editor.problem.days');
    return message;
  };
}

interface Saved {
  definition: ChecklistDefinitionInput;
  name: TranslatableText;
  description: TranslatableText | null;
  revision: number;
  problems: Problem[];
}

function Editor({ checklist, draft, onReload }: { checklist: Checklist; draft: ChecklistDraft; onReload: () => void }) {
  const { t } = useTranslation();
  const { orgId, membership } = useCurrentOrg();
  const queryClient = useQueryClient();
  const handleError = useApiError();
  const problemText = useProblemText();
  const canEdit = MANAGERS.has(membership.role) && checklist.archivedAt === null;
  const fallback = checklist.fallbackLocale;
  const [definition, setDefinition] = useState<ChecklistDefinitionInput>(draft.definition);
  const [name, setName] = useState<TranslatableText>(checklist.name);
  const [description, setDescription] = useState<TranslatableText | null>(checklist.description);
  const [saved, setSaved] = useState<Saved>({ definition: draft.definition, name: checklist.name, description: checklist.description, revision: draft.revision, problems: draft.problems });
  const metaDirty = name !== saved.name || description !== saved.description;
  const dirty = definition !== saved.definition || metaDirty;
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState(false);
  const [editLanguage, setEditLanguage] = useState<Locale>(fallback);
  const [publishOpen, setPublishOpen] = useState(false);
  // A refusal of the server (a field of a save or a publish) for the state it was about.
  const [refusal, setRefusal] = useState<{ field: string; message: string; definition: ChecklistDefinitionInput; name: TranslatableText } | null>(null);

  const versions = useQuery({
    queryKey: auditsKey(orgId, 'checklist', checklist.key, 'versions'),
    queryFn: () => api<{ items: ChecklistVersionSummary[] }>(`/audits/checklists/${checklist.key}/versions`, { query: { limit: 200 } }).then((body) => body.items),
  });
  const latest = useQuery({
    queryKey: auditsKey(orgId, 'checklist', checklist.key, 'version', checklist.publishedVersion),
    queryFn: () => api<ChecklistVersion>(`/audits/checklists/${checklist.key}/versions/${checklist.publishedVersion}`),
    enabled: checklist.publishedVersion !== null,
    staleTime: Infinity,
  });
  // Published items keep their key: trends and corrective actions follow an item by it across versions.
  const publishedKeys = latest.data ? allItemKeys(latest.data.definition) : new Set<string>();
  const journeys = useJourneyChoices();
  const moments = useMomentChoices(definition.journeyKey);
  const momentName = (momentKey: string) => moments.choices.find((choice) => choice.value === momentKey)?.label ?? momentKey;

  // Problems point at positions of the saved draft: after an edit they may point elsewhere, so they wait for the next save.
  const refused =
    refusal && refusal.definition === definition && refusal.name === name ? [{ severity: 'error' as const, field: refusal.field, message: refusal.message }] : [];
  const problems: Problem[] = [...refused, ...(definition === saved.definition ? saved.problems : [])];
  const errorAt: ErrorAt = (prefix) => {
    const found = problems.filter((problem) => problem.field === prefix || problem.field.startsWith(`${prefix}.`));
    const errors = found.filter((problem) => problem.severity === 'error');
    return errors.length > 0 ? [...new Set(errors.map(problemText))].join(' · ') : undefined;
  };
  const warningAt = (prefix: string) => {
    const found = problems.filter((problem) => problem.severity === 'warning' && (problem.field === prefix || problem.field.startsWith(`${prefix}.`)));
    return found.length > 0 ? [...new Set(found.map(problemText))].join(' · ') : undefined;
  };
  const errorCount = problems.filter((problem) => problem.severity === 'error').length;
  const warningCount = problems.length - errorCount;

  const save = useCallback(async (): Promise<boolean> => {
    if (!canEdit) return false;
    setSaving(true);
    try {
      let next: Saved = saved;
      if (metaDirty) {
        // Name and description are the checklist's, not the draft's: they change at once, without a version.
        try {
          const updated = await api<Checklist>(`/audits/checklists/${checklist.key}`, { method: 'PATCH', body: { name, description } });
          next = { ...next, name, description: updated.description === null ? null : description };
        } catch (error) {
          if (isApiError(error) && error.status === 400 && error.field) {
            setRefusal({ field: error.field.replace(/^body\.?/, ''), message: error.message, definition, name });
            notifications.show({ color: 'red', message: t('audits.editor.notSaved') });
            return false;
          }
          throw error;
        }
      }
      if (definition !== saved.definition) {
        const result = await putChecklistDraft(checklist.key, definition, saved.revision);
        next = { ...next, definition, revision: result.revision, problems: result.problems };
      }
      setSaved(next);
      setRefusal(null);
      await queryClient.invalidateQueries({ queryKey: auditsKey(orgId, 'checklists') });
      await queryClient.invalidateQueries({ queryKey: auditsKey(orgId, 'checklist', checklist.key), exact: true });
      notifications.show({ color: 'green', message: t('audits.editor.saved', { revision: next.revision }) });
      return true;
    } catch (error) {
      if (isApiError(error) && error.status === 412) setConflict(true);
      else if (isApiError(error) && error.status === 400 && error.field) {
        setRefusal({ field: error.field.replace(/^body\.?/, '').replace(/\//g, '.'), message: error.message, definition, name });
        notifications.show({ color: 'red', message: t('audits.editor.notSaved') });
      } else handleError(error);
      return false;
    } finally {
      setSaving(false);
    }
  }, [canEdit, saved, metaDirty, definition, name, description, checklist.key, queryClient, orgId, t, handleError]);

  // Ctrl+S saves, also from inside a text field.
  useSaveShortcut(canEdit, save);

  // Unsaved changes: the browser asks before closing the tab, the app before leaving the page.
  useUnsavedChangesWarning(dirty);
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname);

  const missing = missingByLanguage(textsOf(name, description, definition));
  const usedMoments = new Set(definition.sections.map((section) => section.momentKey));
  const freeMoments = moments.choices.filter((choice) => !usedMoments.has(choice.value));
  const [momentToAdd, setMomentToAdd] = useState<string | null>(null);
  const language = currentLanguage();
  const title = textIn(name, language, fallback) || checklist.key;
  // After a move the moved row's same button keeps the focus; at the top or bottom (disabled) its other arrow does.
  const focusLater = (id: string, otherwise?: string) =>
    requestAnimationFrame(() => {
      const target = document.getElementById(id);
      if (target && !(target as HTMLButtonElement).disabled) target.focus();
      else if (otherwise) document.getElementById(otherwise)?.focus();
    });

  return (
    <>
      <Anchor component={Link} to={`/audits/checklists/${checklist.key}`} size="sm" mb="xs" style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
        <IconArrowLeft size={14} aria-hidden /> {t('audits.editor.back')}
      </Anchor>
      <PageHeader title={t('audits.editor.title', { name: title })} description={t('audits.editor.description')} />
      <Paper withBorder radius="md" p="xs" mb="md" pos="sticky" top={60} style={{ zIndex: 5 }}>
        <Group justify="space-between" gap="xs">
          <Group gap="xs" role="toolbar" aria-label={t('audits.editor.toolbar')}>
            {canEdit && (
              <>
                <Tooltip label={<>{t('audits.editor.save')} <Kbd size="xs">Ctrl</Kbd>+<Kbd size="xs">S</Kbd></>}>
                  <Button leftSection={<IconDeviceFloppy size={16} aria-hidden />} onClick={() => void save()} loading={saving} disabled={!dirty} aria-keyshortcuts="Control+S">
                    {t('audits.editor.save')}
                  </Button>
                </Tooltip>
                <Button variant="light" color="green" leftSection={<IconRocket size={16} aria-hidden />} onClick={() => setPublishOpen(true)}>
                  {t('audits.editor.publish')}
                </Button>
              </>
            )}
          </Group>
          <Group gap="xs">
            <Badge color={dirty ? 'yellow' : 'gray'} variant="light" data-testid="save-state">
              {dirty ? t('audits.editor.unsaved') : t('audits.editor.savedRevision', { revision: saved.revision })}
            </Badge>
            {(errorCount > 0 || warningCount > 0) && (
              <Badge color={errorCount > 0 ? 'red' : 'yellow'} variant="light" data-testid="problem-count">
                {t('audits.editor.problems', { errors: errorCount, warnings: warningCount })}
              </Badge>
            )}
          </Group>
        </Group>
      </Paper>
      {!canEdit && (
        <Alert color="gray" mb="md">
          {checklist.archivedAt ? t('audits.editor.archived') : t('audits.editor.readOnly')}
        </Alert>
      )}
      {conflict && (
        <Alert color="red" title={t('audits.editor.conflictTitle')} role="alert" mb="md" withCloseButton onClose={() => setConflict(false)} data-testid="conflict-alert">
          <Text size="sm">{t('audits.editor.conflict')}</Text>
          <Button mt="xs" size="xs" color="red" variant="light" onClick={onReload}>
            {t('audits.editor.reload')}
          </Button>
        </Alert>
      )}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="md">
            <Tabs value={editLanguage} onChange={(value) => value && setEditLanguage(value as Locale)}>
              <Tabs.List aria-label={t('audits.editor.editLanguage')} style={{ flexWrap: 'wrap' }}>
                {LOCALES.map((locale) => (
                  <Tabs.Tab
                    key={locale}
                    value={locale}
                    lang={locale}
                    data-testid={`language-${locale}`}
                    rightSection={
                      missing[locale] > 0 ? (
                        <Badge size="xs" color="orange" variant="light" aria-label={t('audits.editor.missingCount', { count: missing[locale] })}>
                          {missing[locale]}
                        </Badge>
                      ) : undefined
                    }
                  >
                    {LANGUAGE_NAMES[locale]}
                    {locale === fallback ? ' *' : ''}
                  </Tabs.Tab>
                ))}
              </Tabs.List>
            </Tabs>
            <Text size="xs" c="dimmed">
              {t('audits.editor.languageNote', { language: LANGUAGE_NAMES[fallback] })}
            </Text>

            <Paper withBorder radius="md" p="md" component="section" aria-labelledby="checklist-settings">
              <Title order={2} size="h4" mb="sm" id="checklist-settings">
                {t('audits.editor.settings')}
              </Title>
              <Stack gap="sm">
                <TextField
                  id="checklist-name"
                  label={t('audits.editor.name')}
                  value={name}
                  language={editLanguage}
                  fallback={fallback}
                  required
                  disabled={!canEdit}
                  error={errorAt('name')}
                  onChange={setName}
                />
                <TextField
                  id="checklist-description"
                  label={t('audits.editor.descriptionField')}
                  value={description ?? undefined}
                  language={editLanguage}
                  fallback={fallback}
                  multiline
                  disabled={!canEdit}
                  error={errorAt('description')}
                  onChange={(text) => setDescription(Object.keys(text).length === 0 ? null : text)}
                />
                <Select
                  label={t('audits.editor.journey')}
                  description={definition.sections.length > 0 ? t('audits.editor.journeyLocked') : t('audits.editor.journeyHint')}
                  data={withCurrent(journeys.choices, definition.journeyKey)}
                  value={definition.journeyKey}
                  onChange={(value) => value && setDefinition({ ...definition, journeyKey: value })}
                  allowDeselect={false}
                  disabled={!canEdit || definition.sections.length > 0}
                  error={errorAt('journeyKey')}
                />
                <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                  <NumberInput
                    label={t('audits.editor.passPercent')}
                    min={0}
                    max={100}
                    suffix=" %"
                    value={definition.passPercent ?? 80}
                    onChange={(value) => setDefinition({ ...definition, passPercent: typeof value === 'number' ? value : 80 })}
                    disabled={!canEdit}
                    error={errorAt('passPercent')}
                  />
                  <NumberInput
                    label={t('audits.editor.actionDueDays')}
                    min={1}
                    max={365}
                    allowDecimal={false}
                    value={definition.actionDueDays ?? 14}
                    onChange={(value) => setDefinition({ ...definition, actionDueDays: typeof value === 'number' ? value : 14 })}
                    disabled={!canEdit}
                    error={errorAt('actionDueDays')}
                  />
                  <NumberInput
                    label={t('audits.editor.criticalActionDueDays')}
                    min={1}
                    max={365}
                    allowDecimal={false}
                    value={definition.criticalActionDueDays ?? 3}
                    onChange={(value) => setDefinition({ ...definition, criticalActionDueDays: typeof value === 'number' ? value : 3 })}
                    disabled={!canEdit}
                    error={errorAt('criticalActionDueDays')}
                  />
                </SimpleGrid>
              </Stack>
            </Paper>

            <Title order={2} size="h4">
              {t('audits.editor.moments', { count: definition.sections.length })}
            </Title>
            {errorAt('sections') && definition.sections.length === 0 && (
              <Alert color="red" data-testid="sections-error">
                {errorAt('sections')}
              </Alert>
            )}
            {definition.sections.map((section, sectionIndex) => (
              <Card key={section.momentKey} withBorder radius="md" padding="md" component="section" aria-labelledby={`section-${sectionIndex}-title`} id={`section-${sectionIndex}`}>
                <Group justify="space-between" wrap="nowrap" align="flex-start" mb="xs">
                  <Stack gap={2} style={{ minWidth: 0 }}>
                    <Title order={3} size="h5" id={`section-${sectionIndex}-title`}>
                      {momentName(section.momentKey)}
                    </Title>
                    <Text size="xs" c="dimmed">
                      {t('audits.editor.itemsCount', { count: section.items.length })}
                    </Text>
                  </Stack>
                  {canEdit && (
                    <Group gap={4} wrap="nowrap">
                      <ActionIcon
                        variant="default"
                        id={`section-${sectionIndex}-up`}
                        aria-label={t('audits.editor.sectionUp', { name: momentName(section.momentKey) })}
                        disabled={sectionIndex === 0}
                        onClick={() => {
                          setDefinition(moveSection(definition, sectionIndex, -1));
                          focusLater(`section-${sectionIndex - 1}-up`, `section-${sectionIndex - 1}-down`);
                        }}
                      >
                        <IconArrowUp size={16} aria-hidden />
                      </ActionIcon>
                      <ActionIcon
                        variant="default"
                        id={`section-${sectionIndex}-down`}
                        aria-label={t('audits.editor.sectionDown', { name: momentName(section.momentKey) })}
                        disabled={sectionIndex === definition.sections.length - 1}
                        onClick={() => {
                          setDefinition(moveSection(definition, sectionIndex, 1));
                          focusLater(`section-${sectionIndex + 1}-down`, `section-${sectionIndex + 1}-up`);
                        }}
                      >
                        <IconArrowDown size={16} aria-hidden />
                      </ActionIcon>
                      <ActionIcon
                        variant="default"
                        color="red"
                        aria-label={t('audits.editor.removeSection', { name: momentName(section.momentKey) })}
                        onClick={() => setDefinition(removeSection(definition, sectionIndex))}
                      >
                        <IconTrash size={16} aria-hidden />
                      </ActionIcon>
                    </Group>
                  )}
                </Group>
                {warningAt(`sections.${sectionIndex}.momentKey`) && (
                  <Alert color="yellow" mb="xs" p="xs">
                    <Text size="sm">{warningAt(`sections.${sectionIndex}.momentKey`)}</Text>
                  </Alert>
                )}
                {(errorAt(`sections.${sectionIndex}.momentKey`) || (section.items.length === 0 && errorAt(`sections.${sectionIndex}.items`))) && (
                  <Alert color="red" mb="xs" p="xs">
                    <Text size="sm">{errorAt(`sections.${sectionIndex}.momentKey`) ?? errorAt(`sections.${sectionIndex}.items`)}</Text>
                  </Alert>
                )}
                <Stack gap="sm">
                  {section.items.map((item, itemIndex) => (
                    <ItemEditor
                      key={`${itemIndex}:${item.key}`}
                      id={`item-${sectionIndex}-${itemIndex}`}
                      item={item}
                      number={itemIndex + 1}
                      count={section.items.length}
                      momentKey={section.momentKey}
                      momentChoices={withCurrent(moments.choices, section.momentKey)}
                      language={editLanguage}
                      fallback={fallback}
                      editable={canEdit}
                      keyLocked={publishedKeys.has(item.key)}
                      takenKeys={allItemKeys(definition)}
                      errorAt={(prefix) => errorAt(`sections.${sectionIndex}.items.${itemIndex}${prefix ? `.${prefix}` : ''}`)}
                      warningAt={(prefix) => warningAt(`sections.${sectionIndex}.items.${itemIndex}.${prefix}`)}
                      onChange={(next) => setDefinition(updateItem(definition, sectionIndex, itemIndex, next))}
                      onMove={(delta) => {
                        setDefinition(moveItem(definition, sectionIndex, itemIndex, delta));
                        const moved = `item-${sectionIndex}-${itemIndex + delta}`;
                        focusLater(`${moved}-${delta === -1 ? 'up' : 'down'}`, `${moved}-${delta === -1 ? 'down' : 'up'}`);
                      }}
                      onMoment={(momentKey) => setDefinition(moveItemToMoment(definition, sectionIndex, itemIndex, momentKey))}
                      onRemove={() => setDefinition(removeItem(definition, sectionIndex, itemIndex))}
                    />
                  ))}
                  {canEdit && (
                    <Group>
                      <Button
                        variant="light"
                        size="xs"
                        leftSection={<IconPlus size={14} aria-hidden />}
                        onClick={() => {
                          setDefinition(addItem(definition, sectionIndex));
                          focusLater(`item-${sectionIndex}-${section.items.length}-text`);
                        }}
                      >
                        {t('audits.editor.addItem')}
                      </Button>
                    </Group>
                  )}
                </Stack>
              </Card>
            ))}
            {canEdit && (
              <Paper withBorder radius="md" p="sm">
                <Group gap="xs" align="flex-end" wrap="wrap">
                  <Select
                    label={t('audits.editor.addMoment')}
                    placeholder={moments.isPending || journeys.isPending ? t('audits.editor.loadingMoments') : moments.choices.length === 0 ? t('audits.editor.noMoments') : t('audits.editor.pickMoment')}
                    data={freeMoments}
                    value={momentToAdd}
                    onChange={setMomentToAdd}
                    searchable
                    style={{ flex: '1 1 14rem' }}
                    data-testid="add-moment-select"
                  />
                  <Button
                    leftSection={<IconPlus size={16} aria-hidden />}
                    disabled={!momentToAdd}
                    onClick={() => {
                      if (!momentToAdd) return;
                      setDefinition(addSection(definition, momentToAdd));
                      setMomentToAdd(null);
                      focusLater(`item-${definition.sections.length}-0-text`);
                    }}
                  >
                    {t('audits.editor.addMomentButton')}
                  </Button>
                </Group>
              </Paper>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <VersionList checklistKey={checklist.key} versions={versions.data} pending={versions.isPending} />
        </Grid.Col>
      </Grid>
      <PublishModal
        opened={publishOpen}
        onClose={() => setPublishOpen(false)}
        checklist={checklist}
        dirty={dirty}
        save={save}
        problemText={problemText}
        onPublished={async () => {
          setRefusal(null);
          await queryClient.invalidateQueries({ queryKey: auditsKey(orgId, 'checklists') });
          await queryClient.invalidateQueries({ queryKey: auditsKey(orgId, 'checklist', checklist.key) });
          onReload();
        }}
        onRefused={(failure) => setRefusal({ ...failure, definition, name })}
      />
      <Modal opened={blocker.state === 'blocked'} onClose={() => blocker.reset?.()} title={t('audits.editor.leaveTitle')} centered>
        <Text size="sm">{t('audits.editor.leaveText')}</Text>
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={() => blocker.reset?.()} data-autofocus>
            {t('audits.editor.stay')}
          </Button>
          <Button color="red" onClick={() => blocker.proceed?.()}>
            {t('audits.editor.leave')}
          </Button>
        </Group>
      </Modal>
    </>
  );
}

/** A choice list that always holds the current value (a moment or journey no longer published still shows). */
function withCurrent(choices: Choice[], value: string): Choice[] {
  return choices.some((choice) => choice.value === value) ? choices : [...choices, { value, label: value }];
}

interface TextFieldProps {
  id: string;
  label: string;
  value: TranslatableText | undefined;
  language: Locale;
  fallback: Locale;
  onChange: (text: TranslatableText) => void;
  required?: boolean;
  multiline?: boolean;
  disabled?: boolean;
  error?: string | undefined;
}

/** One language of a translatable text; the fallback language's words show as the placeholder, and a missing translation is marked. */
function TextField({ id, label, value, language, fallback, onChange, required, multiline, disabled, error }: TextFieldProps) {
  const { t } = useTranslation();
  const anyFilled = value !== undefined && LOCALES.some((locale) => hasText(value, locale));
  const missing = anyFilled && !hasText(value, language);
  const props = {
    id,
    label: (
      <>
        {label}
        {missing && (
          <Badge size="xs" color="orange" variant="light" component="span" ml={6} style={{ verticalAlign: 'middle' }}>
            {t('audits.editor.missingIn', { language: LANGUAGE_NAMES[language] })}
          </Badge>
        )}
      </>
    ),
    value: value?.[language] ?? '',
    placeholder: (language !== fallback ? value?.[fallback] : undefined) || undefined,
    required: required === true && language === fallback,
    disabled,
    error,
    lang: language,
    'data-testid': id,
    onChange: (event: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => onChange(withLanguage(value, language, event.currentTarget.value)),
  };
  return multiline ? <Textarea autosize minRows={2} maxRows={6} {...props} /> : <TextInput {...props} />;
}

interface ItemEditorProps {
  id: string;
  item: ChecklistItemInput;
  number: number;
  count: number;
  momentKey: string;
  momentChoices: Choice[];
  language: Locale;
  fallback: Locale;
  editable: boolean;
  keyLocked: boolean;
  takenKeys: Set<string>;
  errorAt: (prefix: string) => string | undefined;
  warningAt: (prefix: string) => string | undefined;
  onChange: (item: ChecklistItemInput) => void;
  onMove: (delta: -1 | 1) => void;
  onMoment: (momentKey: string) => void;
  onRemove: () => void;
}

function ItemEditor(props: ItemEditorProps) {
  const { id, item, number, count, language, fallback, editable, errorAt, onChange } = props;
  const { t } = useTranslation();
  const [keyDraft, setKeyDraft] = useState(item.key);
  useEffect(() => setKeyDraft(item.key), [item.key]);
  const others = new Set([...props.takenKeys].filter((key) => key !== item.key));
  const keyError = keyDraft !== item.key ? (!isValidKey(keyDraft) ? t('audits.editor.problem.key') : others.has(keyDraft) ? t('audits.editor.problem.keyTwice') : undefined) : errorAt('key');
  const set = (patch: Partial<ChecklistItemInput>) => onChange({ ...item, ...patch });
  const label = textIn(item.text, language, fallback) || t('audits.editor.itemN', { n: number });
  // A new item's key follows its fallback-language text until someone edits the key (published keys never move).
  const onText = (text: TranslatableText) => {
    const next = { ...item, text };
    const before = slugOf(item.text[fallback] ?? '');
    const auto = !props.keyLocked && (item.key === before || /^item(-\d+)?$/.test(item.key));
    const slug = slugOf(text[fallback] ?? '');
    if (auto && slug && language === fallback) next.key = uniqueKey(slug, others);
    onChange(next);
  };

  return (
    <Paper withBorder radius="sm" p="sm" id={id} data-testid="checklist-item" style={item.critical ? { borderLeft: '4px solid var(--mantine-color-red-6)' } : undefined}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Group gap={6} style={{ minWidth: 0 }}>
            <Text size="sm" fw={600}>
              {t('audits.editor.itemN', { n: number })}
            </Text>
            {item.critical && (
              <Badge color="red" variant="outline" size="xs">
                {t('audits.item.critical')}
              </Badge>
            )}
          </Group>
          {editable && (
            <Group gap={4} wrap="nowrap">
              <ActionIcon variant="default" id={`${id}-up`} aria-label={t('audits.editor.itemUp', { name: label })} disabled={number === 1} onClick={() => props.onMove(-1)}>
                <IconArrowUp size={16} aria-hidden />
              </ActionIcon>
              <ActionIcon variant="default" id={`${id}-down`} aria-label={t('audits.editor.itemDown', { name: label })} disabled={number === count} onClick={() => props.onMove(1)}>
                <IconArrowDown size={16} aria-hidden />
              </ActionIcon>
              <ActionIcon variant="default" color="red" aria-label={t('audits.editor.removeItem', { name: label })} onClick={props.onRemove}>
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            </Group>
          )}
        </Group>
        <TextField id={`${id}-text`} label={t('audits.editor.itemText')} value={item.text} language={language} fallback={fallback} required disabled={!editable} error={errorAt('text')} onChange={onText} />
        <TextField
          id={`${id}-guidance`}
          label={t('audits.editor.guidance')}
          value={item.guidance}
          language={language}
          fallback={fallback}
          multiline
          disabled={!editable}
          error={errorAt('guidance')}
          onChange={(text) => {
            const next = { ...item };
            if (Object.keys(text).length === 0) delete next.guidance;
            else next.guidance = text;
            onChange(next);
          }}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
          <TextInput
            label={t('audits.editor.key')}
            description={props.keyLocked ? t('audits.editor.keyLocked') : t('audits.editor.keyHint')}
            value={keyDraft}
            disabled={!editable || props.keyLocked}
            error={keyError}
            data-testid={`${id}-key`}
            onChange={(event) => {
              const value = event.currentTarget.value;
              setKeyDraft(value);
              if (isValidKey(value) && !others.has(value)) set({ key: value });
            }}
          />
          <Select
            label={t('audits.editor.moment')}
            data={props.momentChoices}
            value={props.momentKey}
            allowDeselect={false}
            disabled={!editable}
            onChange={(value) => value && props.onMoment(value)}
          />
        </SimpleGrid>
        <SegmentedControl
          aria-label={t('audits.item.type')}
          value={item.type}
          disabled={!editable}
          onChange={(value) => onChange(withType(item, value as ChecklistItemInput['type']))}
          data={[
            { value: 'yes_no', label: t('audits.item.yesNo') },
            { value: 'score', label: t('audits.editor.scoreType') },
          ]}
          data-testid={`${id}-type`}
        />
        {item.type === 'score' && (
          <SimpleGrid cols={2} spacing="xs">
            <NumberInput
              label={t('audits.editor.maxScore')}
              min={1}
              max={MAX_SCORE_LIMIT}
              allowDecimal={false}
              value={item.maxScore ?? 4}
              disabled={!editable}
              error={errorAt('maxScore')}
              onChange={(value) => {
                const max = typeof value === 'number' ? value : 4;
                const next = { ...item, maxScore: max };
                if (next.passScore !== undefined && next.passScore > max) delete next.passScore;
                onChange(next);
              }}
            />
            <NumberInput
              label={t('audits.editor.passScore')}
              description={t('audits.editor.passScoreHint')}
              min={0}
              max={item.maxScore ?? MAX_SCORE_LIMIT}
              allowDecimal={false}
              value={item.passScore ?? item.maxScore ?? 4}
              disabled={!editable}
              error={errorAt('passScore')}
              onChange={(value) => set({ passScore: typeof value === 'number' ? value : (item.maxScore ?? 4) })}
            />
          </SimpleGrid>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
          <NumberInput
            label={t('audits.item.weight')}
            min={0.01}
            max={100}
            decimalScale={2}
            step={0.5}
            value={item.weight ?? 1}
            disabled={!editable}
            error={errorAt('weight')}
            onChange={(value) => set({ weight: typeof value === 'number' ? value : 1 })}
            data-testid={`${id}-weight`}
          />
          <Select
            label={t('audits.editor.evidence')}
            data={EVIDENCE_RULES.map((rule) => ({ value: rule, label: t(`audits.evidenceRule.${rule}`) }))}
            value={item.evidenceOnFailure ?? 'photo_or_note'}
            allowDeselect={false}
            disabled={!editable}
            onChange={(value) => value && set({ evidenceOnFailure: value as EvidenceRule })}
            data-testid={`${id}-evidence`}
          />
        </SimpleGrid>
        <Group gap="lg" wrap="wrap">
          <Switch label={t('audits.editor.critical')} checked={item.critical ?? false} disabled={!editable} onChange={(event) => set({ critical: event.currentTarget.checked })} data-testid={`${id}-critical`} />
          <Checkbox label={t('audits.editor.allowNa')} checked={item.allowNa ?? true} disabled={!editable} onChange={(event) => set({ allowNa: event.currentTarget.checked })} />
        </Group>
        {props.warningAt('allowNa') && (
          <Text size="xs" c="yellow.8">
            {props.warningAt('allowNa')}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

function VersionList({ checklistKey, versions, pending }: { checklistKey: string; versions: ChecklistVersionSummary[] | undefined; pending: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="versions-title" pos="sticky" top={130}>
      <Title order={2} size="h4" mb="xs" id="versions-title">
        {t('audits.editor.versions')}
      </Title>
      <Text size="xs" c="dimmed" mb="sm">
        {t('audits.editor.versionsHint')}
      </Text>
      {pending ? (
        <CenteredLoader />
      ) : !versions || versions.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="no-versions">
          {t('audits.editor.noVersions')}
        </Text>
      ) : (
        <List spacing="xs" size="sm" listStyleType="none" data-testid="version-list">
          {versions.map((version) => (
            <List.Item key={version.version}>
              <Anchor component={Link} to={`/audits/checklists/${checklistKey}`} size="sm" fw={600}>
                {t('audits.editor.versionN', { version: version.version })}
              </Anchor>{' '}
              <Text span size="sm" c="dimmed">
                {format.dateTime(version.publishedAt)} · {t('audits.templates.items', { count: version.itemCount })}
              </Text>
              {version.note && (
                <Text size="xs" c="dimmed">
                  {version.note}
                </Text>
              )}
            </List.Item>
          ))}
        </List>
      )}
    </Paper>
  );
}

function PublishModal({
  opened,
  onClose,
  checklist,
  dirty,
  save,
  problemText,
  onPublished,
  onRefused,
}: {
  opened: boolean;
  onClose: () => void;
  checklist: Checklist;
  dirty: boolean;
  save: () => Promise<boolean>;
  problemText: (problem: Problem) => string;
  onPublished: () => Promise<void>;
  onRefused: (failure: { field: string; message: string }) => void;
}) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);

  const publish = async () => {
    setBusy(true);
    setError(null);
    try {
      if (dirty && !(await save())) return;
      const version = await api<ChecklistVersion>(`/audits/checklists/${checklist.key}/publish`, { method: 'POST', body: note.trim() ? { note: note.trim() } : {} });
      notifications.show({ color: 'green', message: t('audits.editor.published', { version: version.version }) });
      setNote('');
      onClose();
      await onPublished();
    } catch (failure) {
      if (isApiError(failure)) {
        const field = failure.field;
        const message = field ? problemText({ severity: 'error', field, message: failure.message }) : failure.status === 409 ? t('audits.editor.nothingToPublish') : failure.message;
        setError({ ...(field ? { field } : {}), message });
        if (field) onRefused({ field, message: failure.message });
      } else setError({ message: t('errors.unexpected') });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('audits.editor.publishTitle')} size="lg">
      <Stack>
        <Text size="sm">{t('audits.editor.publishIntro', { version: (checklist.publishedVersion ?? 0) + 1 })}</Text>
        {dirty && <Alert color="yellow">{t('audits.editor.savesFirst')}</Alert>}
        <Textarea label={t('audits.editor.publishNote')} autosize minRows={2} maxLength={2000} value={note} onChange={(event) => setNote(event.currentTarget.value)} data-autofocus />
        {error && (
          <Alert color="red" role="alert" title={t('audits.editor.publishRefused')} data-testid="publish-error">
            <Text size="sm">{error.message}</Text>
            {error.field && <Text size="xs" c="dimmed">{t('audits.editor.publishRefusedHint')}</Text>}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('audits.cancel')}
          </Button>
          <Button color="green" onClick={() => void publish()} loading={busy} leftSection={<IconRocket size={16} aria-hidden />}>
            {t('audits.editor.publishConfirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
