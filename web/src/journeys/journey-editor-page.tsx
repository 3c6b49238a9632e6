import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  Kbd,
  List,
  Menu,
  Modal,
  Paper,
  Popover,
  Select,
  Stack,
  Tabs,
  Text,
  Textarea,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  IconAlertTriangle,
  IconArrowBackUp,
  IconArrowForwardUp,
  IconArrowLeft,
  IconArrowRight,
  IconDeviceFloppy,
  IconDots,
  IconDownload,
  IconHistory,
  IconPencil,
  IconPlus,
  IconPrinter,
  IconRocket,
  IconTrash,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api, isApiError } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { ConfirmModal } from '../components/confirm-modal';
import { PageHeader } from '../components/page-header';
import { QueryError } from '../components/query-error';
import { useApiError } from '../components/use-api-error';
import { useUnsavedChangesWarning } from '../components/use-editor-guards';
import { currentLanguage, LANGUAGES } from '../i18n';
import { useCurrentOrg } from '../session/current-org';
import { BlueprintBoard, type BoardMoment } from './blueprint-board';
import {
  addMoment,
  addPurpose,
  addStage,
  flagsForPurpose,
  isFilled,
  isTyping,
  momentOfProblem,
  moveStage,
  moveMoment,
  newMoment,
  nudgeMoment,
  positionOf,
  rekeyMoment,
  removeMoment,
  removePurpose,
  removeStage,
  setPurposePeak,
  textIn,
  textsOfMoment,
  updateMoment,
  updatePurpose,
  updateStage,
  type Direction,
} from './blueprint-model';
import { downloadFile, draftKey, journeyKey, journeysKey, putDraft, versionsKey, type Blueprint, type Draft, type Journey, type Moment, type Problem, type Stage, type Version } from './journeys-api';
import { useJourneyRoles } from './journeys-page';
import { stageName } from './labels';
import { MomentDrawer } from './moment-drawer';
import { OverridesPanel } from './overrides-panel';
import { PosterModal } from './poster-modal';
import { describeField, problemText } from './problem-text';
import { PurposesSection } from './purposes-panel';
import { StageModal } from './stage-modal';
import { useHistory } from './use-history';
import { VersionsDrawer } from './versions-drawer';

/** The lens option for the moments' own marks: not a valid purpose key, so it cannot clash with one. */
const ALL_VISITS = '*';

export function JourneyEditorPage() {
  const { key = '' } = useParams();
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const { canEdit, canOverride } = useJourneyRoles();
  const journey = useQuery({ queryKey: journeyKey(orgId, key), queryFn: () => api<Journey>(`/journeys/${key}`) });
  const draft = useQuery({ queryKey: draftKey(orgId, key), queryFn: () => api<Draft>(`/journeys/${key}/draft`), staleTime: Infinity, gcTime: 0 });
  const [tab, setTab] = useState<string>(canEdit || !canOverride ? 'blueprint' : 'locations');
  const language = currentLanguage();

  if (journey.isPending || draft.isPending) return <CenteredLoader />;
  if (journey.isError) return <QueryError error={journey.error} onRetry={() => void journey.refetch()} />;
  if (draft.isError) return <QueryError error={draft.error} onRetry={() => void draft.refetch()} />;

  const name = textIn(journey.data.name, language, journey.data.fallbackLocale);
  return (
    <>
      <Button component={Link} to="/journeys" variant="subtle" size="xs" leftSection={<IconArrowLeft size={14} aria-hidden />} mb="xs">
        {t('journeys.editor.back')}
      </Button>
      <PageHeader title={name} description={textIn(journey.data.description ?? undefined, language, journey.data.fallbackLocale) || undefined} />
      <Tabs value={tab} onChange={(value) => value && setTab(value)}>
        <Tabs.List mb="md">
          <Tabs.Tab value="blueprint">{t('journeys.editor.tabBlueprint')}</Tabs.Tab>
          <Tabs.Tab value="locations">{t('journeys.editor.tabLocations')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="blueprint">
          <DraftEditor key={`${key}:${draft.dataUpdatedAt}`} journey={journey.data} draft={draft.data} editable={canEdit} active={tab === 'blueprint'} onReload={() => void draft.refetch()} />
        </Tabs.Panel>
        <Tabs.Panel value="locations">
          <OverridesPanel journey={journey.data} editable={canOverride} active={tab === 'locations'} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}

function DraftEditor({ journey, draft, editable, active, onReload }: { journey: Journey; draft: Draft; editable: boolean; /** The tab is shown: its keyboard shortcuts apply. */ active: boolean; onReload: () => void }) {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const queryClient = useQueryClient();
  const handleError = useApiError();
  const language = currentLanguage();
  const fallback = journey.fallbackLocale;
  const history = useHistory<Blueprint>(draft.blueprint);
  const blueprint = history.present;
  const [saved, setSaved] = useState<{ blueprint: Blueprint; revision: number; problems: Problem[] }>({ blueprint: draft.blueprint, revision: draft.revision, problems: draft.problems });
  const dirty = blueprint !== saved.blueprint;
  const [saving, setSaving] = useState(false);
  const [openKey, setOpenKey] = useState<string | null>(null);
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [stageModal, setStageModal] = useState<{ mode: 'create' } | { mode: 'edit'; stage: Stage } | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [publishOpen, setPublishOpen] = useState(false);
  const [versionsOpen, setVersionsOpen] = useState(false);
  const [posterOpen, setPosterOpen] = useState(false);
  const [conflict, setConflict] = useState(false);
  /** The visit purpose whose peaks the cards show (null: the moments' own marks). */
  const [lens, setLens] = useState<string | null>(null);

  const published = useQuery({
    queryKey: [...versionsKey(orgId, journey.key), 'latest', journey.publishedVersion],
    queryFn: () => api<Version>(`/journeys/${journey.key}/versions/${journey.publishedVersion}`),
    enabled: journey.publishedVersion !== null,
    staleTime: Infinity,
  });
  const publishedKeys = useMemo(() => new Set(published.data?.blueprint.moments.map((moment) => moment.key) ?? []), [published.data]);
  const publishedPurposeKeys = useMemo(() => new Set(published.data?.blueprint.purposes.map((purpose) => purpose.key) ?? []), [published.data]);

  const apply = useCallback((next: Blueprint | undefined, tag?: string) => {
    if (next) history.set(next, tag);
  }, [history]);

  const save = useCallback(async (): Promise<boolean> => {
    if (!editable) return false;
    setSaving(true);
    try {
      const result = await putDraft(journey.key, blueprint, saved.revision);
      setSaved({ blueprint, revision: result.revision, problems: result.problems });
      await queryClient.invalidateQueries({ queryKey: journeyKey(orgId, journey.key), exact: true });
      await queryClient.invalidateQueries({ queryKey: journeysKey(orgId), exact: true });
      notifications.show({ color: 'green', message: t('journeys.editor.saved', { revision: result.revision }) });
      return true;
    } catch (error) {
      if (isApiError(error) && error.status === 412) setConflict(true);
      else handleError(error);
      return false;
    } finally {
      setSaving(false);
    }
  }, [editable, journey.key, blueprint, saved.revision, queryClient, orgId, t, handleError]);

  // Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y / Ctrl+S while this tab is shown. Inside a text field the browser's
  // own undo stays in charge.
  useEffect(() => {
    if (!editable || !active) return;
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const key = event.key.toLowerCase();
      if (key === 's') {
        event.preventDefault();
        void save();
        return;
      }
      if (isTyping(event.target)) return;
      if (key === 'z' && !event.shiftKey) {
        event.preventDefault();
        history.undo();
        setAnnouncement(t('journeys.editor.undone'));
      } else if ((key === 'z' && event.shiftKey) || key === 'y') {
        event.preventDefault();
        history.redo();
        setAnnouncement(t('journeys.editor.redone'));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [editable, active, history, save, t]);

  // Leaving with unsaved edits asks first.
  useUnsavedChangesWarning(dirty);

  const announceMove = (next: Blueprint, momentKey: string) => {
    const position = positionOf(next, momentKey);
    const moment = next.moments.find((candidate) => candidate.key === momentKey);
    const stage = position ? next.stages[position.stageIndex] : undefined;
    if (!position || !moment || !stage) return;
    setAnnouncement(
      t('journeys.board.moved', {
        name: textIn(moment.name, language, fallback),
        position: position.index + 1,
        count: position.count,
        stage: stageName(stage, language, fallback, t),
      }),
    );
  };

  const onNudge = (momentKey: string, direction: Direction) => {
    const next = nudgeMoment(blueprint, momentKey, direction);
    if (!next) {
      setAnnouncement(t('journeys.board.cannotMove'));
      return;
    }
    apply(next);
    setFocusKey(null);
    requestAnimationFrame(() => setFocusKey(momentKey));
    announceMove(next, momentKey);
  };

  const onMove = (momentKey: string, stageKey: string, index: number) => {
    const next = moveMoment(blueprint, momentKey, stageKey, index);
    apply(next);
    announceMove(next, momentKey);
  };

  const onAdd = (stageKey: string) => {
    const moment = newMoment(blueprint, stageKey, { [fallback]: t('journeys.board.newMomentName', { lng: fallback }) });
    apply(addMoment(blueprint, moment));
    setOpenKey(moment.key);
  };

  const missingOf = (moment: Moment) => LANGUAGES.filter((candidate) => textsOfMoment(moment).some((text) => !isFilled(text, candidate))).length;
  const lensPurpose = lens ? blueprint.purposes.find((purpose) => purpose.key === lens) : undefined;
  const boardMoments: BoardMoment[] = blueprint.moments.map((moment) => ({ ...moment, flags: flagsForPurpose(moment, lensPurpose), missing: missingOf(moment) }));
  const openMoment = openKey ? blueprint.moments.find((moment) => moment.key === openKey) : undefined;
  const problems = dirty ? null : saved.problems;
  const errors = problems?.filter((problem) => problem.severity === 'error') ?? [];
  const warnings = problems?.filter((problem) => problem.severity === 'warning') ?? [];

  return (
    <Stack gap="md">
      <VisuallyHidden role="status" aria-live="assertive" aria-atomic data-testid="board-announcer">
        {announcement}
      </VisuallyHidden>
      <Paper withBorder radius="md" p="xs">
        <Group justify="space-between" gap="xs">
          <Group gap="xs" role="toolbar" aria-label={t('journeys.editor.toolbar')}>
            {editable && (
              <>
                <Tooltip label={<>{t('journeys.editor.undo')} <Kbd size="xs">Ctrl</Kbd>+<Kbd size="xs">Z</Kbd></>}>
                  <Button variant="default" leftSection={<IconArrowBackUp size={16} aria-hidden />} onClick={history.undo} disabled={!history.canUndo} aria-keyshortcuts="Control+Z">
                    {t('journeys.editor.undo')}
                  </Button>
                </Tooltip>
                <Tooltip label={<>{t('journeys.editor.redo')} <Kbd size="xs">Ctrl</Kbd>+<Kbd size="xs">Y</Kbd></>}>
                  <ActionIcon variant="default" size="lg" onClick={history.redo} disabled={!history.canRedo} aria-label={t('journeys.editor.redo')} aria-keyshortcuts="Control+Y">
                    <IconArrowForwardUp size={16} aria-hidden />
                  </ActionIcon>
                </Tooltip>
                <Button leftSection={<IconDeviceFloppy size={16} aria-hidden />} onClick={() => void save()} loading={saving} disabled={!dirty} aria-keyshortcuts="Control+S">
                  {t('journeys.editor.save')}
                </Button>
                <Button variant="light" color="green" leftSection={<IconRocket size={16} aria-hidden />} onClick={() => setPublishOpen(true)}>
                  {t('journeys.editor.publish')}
                </Button>
              </>
            )}
            <Button variant="default" leftSection={<IconHistory size={16} aria-hidden />} onClick={() => setVersionsOpen(true)}>
              {t('journeys.editor.versions')}
            </Button>
            <Button variant="default" leftSection={<IconPrinter size={16} aria-hidden />} onClick={() => setPosterOpen(true)} disabled={journey.publishedVersion === null}>
              {t('journeys.poster.button')}
            </Button>
            <Button
              variant="subtle"
              leftSection={<IconDownload size={16} aria-hidden />}
              onClick={() => void downloadFile(`/journeys/${journey.key}/export?version=draft`, `${journey.key}.journey.json`).catch(handleError)}
            >
              {t('journeys.list.export')}
            </Button>
          </Group>
          <Group gap="xs">
            <Badge color={dirty ? 'yellow' : 'gray'} variant="light" data-testid="save-state">
              {dirty ? t('journeys.editor.unsaved') : t('journeys.editor.savedRevision', { revision: saved.revision })}
            </Badge>
            {journey.publishedVersion !== null ? (
              <Badge color="green" variant="light">
                {t('journeys.status.published', { version: journey.publishedVersion })}
              </Badge>
            ) : (
              <Badge color="gray" variant="light">
                {t('journeys.status.draftOnly')}
              </Badge>
            )}
            {problems && (errors.length > 0 || warnings.length > 0) && (
              <Popover width={420} position="bottom-end" withArrow shadow="md">
                <Popover.Target>
                  <Button variant="light" size="xs" color={errors.length > 0 ? 'red' : 'yellow'} leftSection={<IconAlertTriangle size={14} aria-hidden />}>
                    {t('journeys.editor.problems', { errors: errors.length, warnings: warnings.length })}
                  </Button>
                </Popover.Target>
                <Popover.Dropdown>
                  <List size="sm" spacing={6} listStyleType="none">
                    {[...errors, ...warnings].map((problem, i) => {
                      const momentKey = momentOfProblem(blueprint, problem.field);
                      return (
                        <List.Item key={i}>
                          {/* Inline, not as the list icon: the icon column cut "Warning" down to "W.". */}
                          <Badge size="xs" color={problem.severity === 'error' ? 'red' : 'yellow'} mr={6} style={{ verticalAlign: 'text-bottom' }}>
                            {t(`journeys.editor.${problem.severity}`)}
                          </Badge>
                          <Text span inherit fw={600} title={problem.field}>
                            {describeField(problem.field, blueprint, language, fallback, t)}
                          </Text>
                          : {problemText(problem, t)}
                          {momentKey && (
                            <Button size="compact-xs" variant="subtle" ml={4} onClick={() => setOpenKey(momentKey)}>
                              {t('journeys.editor.openMoment')}
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
        <Alert color="red" title={t('journeys.editor.conflictTitle')} role="alert" withCloseButton onClose={() => setConflict(false)}>
          <Text size="sm">{t('journeys.editor.conflict')}</Text>
          <Button mt="xs" size="xs" color="red" variant="light" onClick={onReload}>
            {t('journeys.editor.reload')}
          </Button>
        </Alert>
      )}
      <Group justify="space-between" align="flex-end" gap="xs">
        <Text size="sm" c="dimmed" id="board-help" style={{ flex: 1, minWidth: 260 }}>
          {editable ? t('journeys.board.help') : t('journeys.board.helpReadOnly')}
        </Text>
        {blueprint.purposes.length > 0 && (
          <Select
            label={t('journeys.purposes.lens')}
            w={{ base: '100%', xs: 360 }}
            data={[
              { value: ALL_VISITS, label: t('journeys.purposes.lensAll') },
              ...blueprint.purposes.map((purpose) => ({ value: purpose.key, label: textIn(purpose.name, language, fallback) || purpose.key })),
            ]}
            value={lensPurpose?.key ?? ALL_VISITS}
            allowDeselect={false}
            onChange={(value) => setLens(value && value !== ALL_VISITS ? value : null)}
            data-testid="purpose-lens"
          />
        )}
      </Group>
      {lensPurpose && (
        <Alert color="orange" variant="light" py="xs" data-testid="purpose-lens-note">
          {t('journeys.purposes.lensNote', { name: textIn(lensPurpose.name, language, fallback) || lensPurpose.key })}
        </Alert>
      )}
      <BlueprintBoard
        stages={blueprint.stages}
        moments={boardMoments}
        language={language}
        fallback={fallback}
        movable={editable}
        onMove={onMove}
        onNudge={onNudge}
        onOpen={setOpenKey}
        onAdd={editable ? onAdd : undefined}
        focusKey={focusKey}
        stageActions={
          editable
            ? (stage, index) => (
                <Menu position="bottom-end" withinPortal>
                  <Menu.Target>
                    <ActionIcon variant="subtle" color="gray" aria-label={t('journeys.stages.actions', { name: stageName(stage, language, fallback, t) })}>
                      <IconDots size={16} aria-hidden />
                    </ActionIcon>
                  </Menu.Target>
                  <Menu.Dropdown>
                    <Menu.Item leftSection={<IconPencil size={14} aria-hidden />} onClick={() => setStageModal({ mode: 'edit', stage })}>
                      {t('journeys.stages.edit')}
                    </Menu.Item>
                    <Menu.Item leftSection={<IconArrowLeft size={14} aria-hidden />} disabled={index === 0} onClick={() => apply(moveStage(blueprint, stage.key, -1))}>
                      {t('journeys.stages.moveLeft')}
                    </Menu.Item>
                    <Menu.Item leftSection={<IconArrowRight size={14} aria-hidden />} disabled={index === blueprint.stages.length - 1} onClick={() => apply(moveStage(blueprint, stage.key, 1))}>
                      {t('journeys.stages.moveRight')}
                    </Menu.Item>
                    <Menu.Item
                      color="red"
                      leftSection={<IconTrash size={14} aria-hidden />}
                      disabled={blueprint.moments.some((moment) => moment.stageKey === stage.key)}
                      onClick={() => apply(removeStage(blueprint, stage.key))}
                    >
                      {t('journeys.stages.remove')}
                    </Menu.Item>
                  </Menu.Dropdown>
                </Menu>
              )
            : undefined
        }
      />
      {editable && (
        <Group>
          <Button variant="default" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setStageModal({ mode: 'create' })}>
            {t('journeys.stages.add')}
          </Button>
        </Group>
      )}
      <PurposesSection
        blueprint={blueprint}
        fallback={fallback}
        editable={editable}
        publishedKeys={publishedPurposeKeys}
        onAdd={(purpose) => apply(addPurpose(blueprint, purpose))}
        onUpdate={(purposeKey, purpose) => {
          apply(updatePurpose(blueprint, purposeKey, purpose));
          if (lens === purposeKey) setLens(purpose.key);
        }}
        onRemove={(purposeKey) => apply(removePurpose(blueprint, purposeKey))}
      />
      <MomentDrawer
        opened={openMoment !== undefined}
        onClose={() => {
          const closing = openKey;
          setOpenKey(null);
          setFocusKey(null);
          if (closing) requestAnimationFrame(() => setFocusKey(closing));
        }}
        moment={openMoment}
        stages={blueprint.stages}
        fallback={fallback}
        mode={editable ? 'edit' : 'readonly'}
        keyEditable={openMoment !== undefined && !publishedKeys.has(openMoment.key)}
        takenKeys={blueprint.moments.map((moment) => moment.key)}
        onChange={editable && openMoment ? (next, tag) => apply(updateMoment(blueprint, openMoment.key, () => next), tag) : undefined}
        onRekey={(next) => {
          if (!openMoment) return;
          apply(rekeyMoment(blueprint, openMoment.key, next));
          setOpenKey(next);
        }}
        onDelete={editable && openMoment ? () => setDeleting(openMoment.key) : undefined}
        purposes={openMoment ? blueprint.purposes.map((purpose) => ({ key: purpose.key, name: textIn(purpose.name, language, fallback) || purpose.key, peak: purpose.peakMomentKeys.includes(openMoment.key) })) : []}
        onPurposePeak={editable && openMoment ? (purposeKey, peak) => apply(setPurposePeak(blueprint, purposeKey, openMoment.key, peak)) : undefined}
        staffLink={openMoment && publishedKeys.has(openMoment.key) ? `/journeys/${journey.key}/moments/${openMoment.key}` : undefined}
      />
      <ConfirmModal
        opened={deleting !== null}
        title={t('journeys.drawer.deleteTitle', { name: textIn(blueprint.moments.find((moment) => moment.key === deleting)?.name, language, fallback) })}
        message={t('journeys.drawer.deleteMessage')}
        confirmLabel={t('journeys.drawer.delete')}
        onConfirm={() => {
          if (deleting) apply(removeMoment(blueprint, deleting));
          setDeleting(null);
          setOpenKey(null);
        }}
        onClose={() => setDeleting(null)}
      />
      <StageModal
        target={stageModal}
        fallback={fallback}
        takenKeys={blueprint.stages.map((stage) => stage.key)}
        onClose={() => setStageModal(null)}
        onSubmit={(stage) => {
          if (stageModal?.mode === 'edit') apply(updateStage(blueprint, stageModal.stage.key, stage));
          else apply(addStage(blueprint, stage));
          setStageModal(null);
        }}
      />
      <PublishModal
        opened={publishOpen}
        onClose={() => setPublishOpen(false)}
        journey={journey}
        dirty={dirty}
        save={save}
        describe={(field) => {
          const errors = saved.problems.filter((candidate) => candidate.severity === 'error');
          const problem = errors.find((candidate) => candidate.field === field);
          if (!problem) return undefined;
          const more = errors.length > 1 ? ` ${t('journeys.publish.moreProblems', { count: errors.length - 1 })}` : '';
          return `${describeField(field, saved.blueprint, language, fallback, t)}: ${problemText(problem, t)}${more}`;
        }}
      />
      <VersionsDrawer opened={versionsOpen} onClose={() => setVersionsOpen(false)} journey={journey} />
      <PosterModal opened={posterOpen} onClose={() => setPosterOpen(false)} journey={journey} />
    </Stack>
  );
}

function PublishModal({
  opened,
  onClose,
  journey,
  dirty,
  save,
  describe,
}: {
  opened: boolean;
  onClose: () => void;
  journey: Journey;
  dirty: boolean;
  save: () => Promise<boolean>;
  /** The draft's problem at `field` in the reader's language, when the draft reported it. */
  describe: (field: string) => string | undefined;
}) {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);

  const publish = async () => {
    setBusy(true);
    setError(null);
    try {
      if (dirty && !(await save())) return;
      const version = await api<Version>(`/journeys/${journey.key}/publish`, { method: 'POST', body: note.trim() ? { note: note.trim() } : {} });
      await queryClient.invalidateQueries({ queryKey: journeyKey(orgId, journey.key), exact: true });
      await queryClient.invalidateQueries({ queryKey: versionsKey(orgId, journey.key) });
      await queryClient.invalidateQueries({ queryKey: journeysKey(orgId), exact: true });
      notifications.show({ color: 'green', message: t('journeys.publish.done', { version: version.version }) });
      setNote('');
      onClose();
    } catch (failure) {
      setError(isApiError(failure) ? { ...(failure.field ? { field: failure.field } : {}), message: failure.message } : { message: t('errors.unexpected') });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('journeys.publish.title')} size="lg">
      <Stack>
        <Text size="sm">{t('journeys.publish.intro', { version: (journey.publishedVersion ?? 0) + 1 })}</Text>
        {dirty && <Alert color="yellow">{t('journeys.publish.savesFirst')}</Alert>}
        <Textarea ref={noteRef} label={t('journeys.publish.note')} description={t('journeys.publish.noteHint')} autosize minRows={2} maxLength={1000} value={note} onChange={(event) => setNote(event.currentTarget.value)} data-autofocus />
        {error && (
          <Alert color="red" role="alert" title={t('journeys.publish.refused')} data-testid="publish-error">
            {(error.field && describe(error.field)) || error.message}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button color="green" onClick={() => void publish()} loading={busy} leftSection={<IconRocket size={16} aria-hidden />}>
            {t('journeys.publish.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
