import { useEffect, useMemo, useState } from 'react';
import { ActionIcon, Alert, Badge, Button, Group, Kbd, Paper, Select, Stack, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { IconArrowBackUp, IconArrowForwardUp, IconDeviceFloppy, IconPrinter } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { ConfirmModal } from '../components/confirm-modal';
import { QueryError } from '../components/query-error';
import { currentLanguage } from '../i18n';
import { orgKey } from '../query-client';
import { useCurrentOrg } from '../session/current-org';
import { useLocationOptions } from '../settings/use-locations';
import { BlueprintBoard, type BoardMoment } from './blueprint-board';
import { anchorAddedMoments, freshKey, isTyping, moveWithin, nudgeWithin, positionWithin, textIn, type Direction } from './blueprint-model';
import { putOverride, type AddedMoment, type Benchmark, type BenchmarkAdjustment, type Effective, type EffectiveMoment, type Journey, type Moment, type Override } from './journeys-api';
import { useJourneyRoles } from './journeys-page';
import { MomentDrawer } from './moment-drawer';
import { PosterModal } from './poster-modal';
import { useHistory } from './use-history';
import { stageName } from './labels';

interface OverrideDocument {
  addedMoments: AddedMoment[];
  benchmarkAdjustments: BenchmarkAdjustment[];
}

const EMPTY: OverrideDocument = { addedMoments: [], benchmarkAdjustments: [] };

const identity = (benchmark: { metric: string; customKey?: string | undefined }) => (benchmark.metric === 'custom' ? `custom:${benchmark.customKey ?? ''}` : benchmark.metric);

/**
 * A location's view of the journey: the effective blueprint (central moments locked), where an
 * outlet or region adds its own moments and moves adjustable targets within their limits.
 */
export function OverridesPanel({ journey, editable, active }: { journey: Journey; editable: boolean; /** The tab is shown: its keyboard shortcuts apply. */ active: boolean }) {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const { locationScope } = useJourneyRoles();
  const { options } = useLocationOptions();
  const [locationId, setLocationId] = useState<string | null>(locationScope);

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {t('journeys.overrides.intro')}
      </Text>
      <Select
        label={t('fields.location')}
        placeholder={t('journeys.overrides.pickLocation')}
        data={options}
        value={locationId}
        onChange={setLocationId}
        searchable
        maw={480}
        data-testid="override-location"
      />
      {journey.publishedVersion === null && <Alert color="yellow">{t('journeys.overrides.notPublished')}</Alert>}
      {locationId && journey.publishedVersion !== null && <LocationBlueprint key={`${orgId}:${locationId}:${journey.publishedVersion}`} journey={journey} locationId={locationId} editable={editable} active={active} />}
    </Stack>
  );
}

function LocationBlueprint({ journey, locationId, editable, active }: { journey: Journey; locationId: string; editable: boolean; active: boolean }) {
  const { orgId } = useCurrentOrg();
  const effectiveKey = orgKey(orgId, 'journeys', journey.key, 'effective', locationId);
  const effective = useQuery({ queryKey: effectiveKey, queryFn: () => api<Effective>(`/journeys/${journey.key}/effective/${locationId}`), staleTime: 0, gcTime: 0 });
  const override = useQuery({
    queryKey: orgKey(orgId, 'journeys', journey.key, 'override', locationId),
    queryFn: async () => {
      try {
        return await api<Override>(`/journeys/${journey.key}/overrides/${locationId}`);
      } catch (error) {
        if (isApiError(error) && error.status === 404) return null;
        throw error;
      }
    },
    staleTime: 0,
    gcTime: 0,
  });
  if (effective.isPending || override.isPending) return <CenteredLoader />;
  if (effective.isError) return <QueryError error={effective.error} onRetry={() => void effective.refetch()} />;
  if (override.isError) return <QueryError error={override.error} onRetry={() => void override.refetch()} />;
  return (
    <OverrideEditor
      journey={journey}
      locationId={locationId}
      effective={effective.data}
      saved={override.data ? { addedMoments: override.data.addedMoments, benchmarkAdjustments: override.data.benchmarkAdjustments } : EMPTY}
      editable={editable}
      active={active}
      onSaved={() => void effective.refetch()}
    />
  );
}

/** Where an added moment goes among `moments`: right after `after`, else first of its stage. */
function placeAdded(moments: EffectiveMoment[], added: AddedMoment, stageOrder: string[]): number {
  if (added.after !== undefined) {
    const index = moments.findIndex((moment) => moment.key === added.after);
    if (index !== -1) return index + 1;
  }
  const first = moments.findIndex((moment) => moment.stageKey === added.stageKey);
  if (first !== -1) return first;
  const earlier = new Set(stageOrder.slice(0, stageOrder.indexOf(added.stageKey)));
  let index = 0;
  moments.forEach((moment, i) => {
    if (earlier.has(moment.stageKey)) index = i + 1;
  });
  return index;
}

function OverrideEditor({
  journey,
  locationId,
  effective,
  saved,
  editable,
  active,
  onSaved,
}: {
  journey: Journey;
  locationId: string;
  effective: Effective;
  saved: OverrideDocument;
  editable: boolean;
  active: boolean;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { orgId } = useCurrentOrg();
  const language = currentLanguage();
  const fallback = effective.fallbackLocale;
  const history = useHistory<OverrideDocument>(saved);
  const [savedDoc, setSavedDoc] = useState(saved);
  const doc = history.present;
  const dirty = doc !== savedDoc;
  const [openKey, setOpenKey] = useState<string | null>(null);
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [posterOpen, setPosterOpen] = useState(false);
  const [removing, setRemoving] = useState<string | null>(null);
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const stageOrder = useMemo(() => effective.stages.map((stage) => stage.key), [effective]);

  // The blueprint as this location will see it: inherited moments from the server, its own from the working copy.
  const moments = useMemo(() => {
    const inherited = effective.moments.filter((moment) => moment.origin !== locationId);
    const list: EffectiveMoment[] = [...inherited];
    for (const added of doc.addedMoments) {
      const { after: _after, ...moment } = added;
      list.splice(placeAdded(list, added, stageOrder), 0, { ...moment, origin: locationId, order: 0, benchmarks: moment.benchmarks.map((b) => ({ ...b, baseValue: b.value, adjustedBy: null })) });
    }
    return list.map((moment) => {
      if (moment.origin === locationId) return moment;
      return {
        ...moment,
        benchmarks: moment.benchmarks.map((benchmark) => {
          const own = doc.benchmarkAdjustments.find((adjustment) => adjustment.momentKey === moment.key && identity(adjustment) === identity(benchmark));
          const inheritedValue = benchmark.adjustedBy === locationId ? benchmark.baseValue : benchmark.value;
          return { ...benchmark, value: own?.value ?? inheritedValue };
        }),
      };
    });
  }, [effective, doc, locationId, stageOrder]);

  useEffect(() => setError(null), [doc]);

  const boardMoments: BoardMoment[] = moments.map((moment) => ({ ...moment, locked: moment.origin !== locationId, local: moment.origin !== 'central' }));
  const open = openKey ? moments.find((moment) => moment.key === openKey) : undefined;
  const openIsOwn = open?.origin === locationId;

  const updateAdded = (key: string, change: (moment: AddedMoment) => AddedMoment, tag?: string) =>
    history.set({ ...doc, addedMoments: doc.addedMoments.map((moment) => (moment.key === key ? change(moment) : moment)) }, tag);

  const addLocal = (stageKey: string) => {
    const inStage = moments.filter((moment) => moment.stageKey === stageKey);
    const last = inStage[inStage.length - 1];
    const key = freshKey('local-moment', moments.map((moment) => moment.key));
    const moment: AddedMoment = {
      key,
      name: { [fallback]: t('journeys.board.newMomentName', { lng: fallback }) },
      stageKey,
      channels: [],
      flags: [],
      coreNeeds: [],
      keyPoints: [],
      actionGuide: [],
      implementationNotes: [],
      benchmarks: [],
      ...(last ? { after: last.key } : {}),
    };
    history.set({ ...doc, addedMoments: [...doc.addedMoments, moment] });
    setOpenKey(key);
  };

  const removeLocal = (key: string) => {
    const removed = doc.addedMoments.find((moment) => moment.key === key);
    history.set({
      ...doc,
      addedMoments: doc.addedMoments
        .filter((moment) => moment.key !== key)
        .map(({ after, ...moment }) => {
          const anchor = after === key ? removed?.after : after;
          return anchor !== undefined ? { ...moment, after: anchor } : moment;
        }),
      benchmarkAdjustments: doc.benchmarkAdjustments,
    });
    setOpenKey(null);
  };

  const announceMove = (list: EffectiveMoment[], key: string) => {
    const position = positionWithin(list, stageOrder, key);
    const moment = list.find((candidate) => candidate.key === key);
    const stage = position ? effective.stages[position.stageIndex] : undefined;
    if (!position || !moment || !stage) return;
    setAnnouncement(
      t('journeys.board.moved', { name: textIn(moment.name, language, fallback), position: position.index + 1, count: position.count, stage: stageName(stage, language, fallback, t) }),
    );
  };

  /** Takes the order wanted (a drag or a keyboard move) as the new anchors of this location's own moments. */
  const reorder = (list: EffectiveMoment[] | undefined, key: string, keepFocus: boolean) => {
    if (!list) {
      setAnnouncement(t('journeys.board.cannotMove'));
      return;
    }
    history.set({ ...doc, addedMoments: anchorAddedMoments(list, doc.addedMoments) });
    if (keepFocus) {
      setFocusKey(null);
      requestAnimationFrame(() => setFocusKey(key));
    }
    announceMove(list, key);
  };

  const isOwn = (key: string) => doc.addedMoments.some((moment) => moment.key === key);

  const onNudge = (key: string, direction: Direction) => {
    if (!isOwn(key)) {
      setAnnouncement(t('journeys.overrides.cannotMoveInherited'));
      return;
    }
    reorder(nudgeWithin(moments, stageOrder, key, direction), key, true);
  };

  const onMove = (key: string, stageKey: string, index: number) => {
    if (isOwn(key)) reorder(moveWithin(moments, stageOrder, key, stageKey, index), key, false);
  };

  const save = async () => {
    if (!editable) return;
    setBusy(true);
    setError(null);
    try {
      await putOverride(journey.key, locationId, { addedMoments: doc.addedMoments, benchmarkAdjustments: doc.benchmarkAdjustments });
      setSavedDoc(doc);
      await queryClient.invalidateQueries({ queryKey: orgKey(orgId, 'journeys', journey.key, 'override', locationId) });
      notifications.show({ color: 'green', message: t('journeys.overrides.saved') });
      onSaved();
    } catch (failure) {
      if (isApiError(failure)) setError({ ...(failure.field ? { field: failure.field } : {}), message: failure.message });
      else setError({ message: t('errors.unexpected') });
    } finally {
      setBusy(false);
    }
  };

  // Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y / Ctrl+S while this tab is shown, as in the central editor.
  useEffect(() => {
    if (!editable || !active) return;
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const key = event.key.toLowerCase();
      if (key === 's') {
        event.preventDefault();
        if (dirty && !busy) void save();
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
  }, [editable, active, dirty, busy, history, save, t]);

  const adjuster = {
    valueOf: (benchmark: Benchmark) => {
      if (!open) return undefined;
      return doc.benchmarkAdjustments.find((adjustment) => adjustment.momentKey === open.key && identity(adjustment) === identity(benchmark))?.value;
    },
    set: (benchmark: Benchmark, value: number | undefined) => {
      if (!open) return;
      const others = doc.benchmarkAdjustments.filter((adjustment) => !(adjustment.momentKey === open.key && identity(adjustment) === identity(benchmark)));
      const adjustment: BenchmarkAdjustment = { momentKey: open.key, metric: benchmark.metric, ...(benchmark.customKey ? { customKey: benchmark.customKey } : {}), value: value ?? 0 };
      history.set({ ...doc, benchmarkAdjustments: value === undefined ? others : [...others, adjustment] }, `adjust:${open.key}:${identity(benchmark)}`);
    },
  };

  // The drawer edits plain moments: without the effective blueprint's origin, order and adjustment marks.
  const plain = (moment: EffectiveMoment, central: boolean): Moment => {
    const { origin: _origin, order: _order, benchmarks, ...rest } = moment;
    // A central target shows its central value as the reference and this location's own value in the input.
    return { ...rest, benchmarks: benchmarks.map(({ baseValue, adjustedBy: _by, ...benchmark }) => (central ? { ...benchmark, value: baseValue } : benchmark)) };
  };
  const openMoment: Moment | undefined = open ? plain(open, !openIsOwn) : undefined;

  return (
    <Stack gap="md">
      <VisuallyHidden role="status" aria-live="assertive" aria-atomic data-testid="override-announcer">
        {announcement}
      </VisuallyHidden>
      <Paper withBorder radius="md" p="xs">
        <Group justify="space-between" gap="xs">
          <Group gap="xs" role="toolbar" aria-label={t('journeys.overrides.toolbar')}>
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
                <Button leftSection={<IconDeviceFloppy size={16} aria-hidden />} onClick={() => void save()} loading={busy} disabled={!dirty} aria-keyshortcuts="Control+S">
                  {t('journeys.overrides.save')}
                </Button>
              </>
            )}
            <Button variant="default" leftSection={<IconPrinter size={16} aria-hidden />} onClick={() => setPosterOpen(true)}>
              {t('journeys.poster.button')}
            </Button>
          </Group>
          <Group gap="xs">
            <Badge variant="light">{t('journeys.status.published', { version: effective.version })}</Badge>
            <Badge color={dirty ? 'yellow' : 'gray'} variant="light">
              {dirty ? t('journeys.editor.unsaved') : t('journeys.overrides.upToDate')}
            </Badge>
          </Group>
        </Group>
      </Paper>
      {error && (
        <Alert color="red" title={t('journeys.overrides.refused')} role="alert" data-testid="override-error">
          {error.field && (
            <Text size="sm">
              {t('journeys.import.atPath')} <code className="km-code">{error.field}</code>
            </Text>
          )}
          <Text size="sm">{error.message}</Text>
        </Alert>
      )}
      {effective.notices.length > 0 && (
        <Alert color="yellow" title={t('journeys.overrides.notices')}>
          {effective.notices.map((notice, i) => (
            <Text size="sm" key={i}>
              {notice.message}
            </Text>
          ))}
        </Alert>
      )}
      <Text size="sm" c="dimmed">
        {editable ? t('journeys.overrides.help') : t('journeys.overrides.helpReadOnly')}
      </Text>
      <BlueprintBoard
        stages={effective.stages}
        moments={boardMoments}
        language={language}
        fallback={fallback}
        movable={editable}
        onMove={onMove}
        onNudge={onNudge}
        onOpen={setOpenKey}
        onAdd={editable ? addLocal : undefined}
        focusKey={focusKey}
        instructions={editable ? t('journeys.overrides.instructions') : undefined}
      />
      <MomentDrawer
        opened={open !== undefined}
        onClose={() => {
          const closing = openKey;
          setOpenKey(null);
          setFocusKey(null);
          if (closing) requestAnimationFrame(() => setFocusKey(closing));
        }}
        moment={openMoment}
        stages={effective.stages}
        fallback={fallback}
        mode={openIsOwn ? (editable ? 'local' : 'readonly') : editable ? 'central' : 'readonly'}
        keyEditable={openIsOwn && !savedDoc.addedMoments.some((moment) => moment.key === open?.key)}
        takenKeys={moments.map((moment) => moment.key)}
        stageLocked={!openIsOwn}
        error={error?.message ?? null}
        adjuster={adjuster}
        onChange={
          openIsOwn && editable && open
            ? (next, tag) => {
                const { after } = doc.addedMoments.find((moment) => moment.key === open.key) ?? {};
                const changed = { ...next, ...(after !== undefined ? { after } : {}) };
                if (next.stageKey === open.stageKey) {
                  updateAdded(open.key, () => changed, tag);
                  return;
                }
                // Another stage: the moment goes to the end of it, and the anchors follow.
                const list = moveWithin(moments, stageOrder, open.key, next.stageKey, Number.MAX_SAFE_INTEGER);
                history.set({ ...doc, addedMoments: anchorAddedMoments(list, doc.addedMoments.map((moment) => (moment.key === open.key ? changed : moment))) });
                announceMove(list, open.key);
              }
            : undefined
        }
        onRekey={(next) => {
          if (!open) return;
          history.set({
            ...doc,
            addedMoments: doc.addedMoments.map((moment) => ({
              ...moment,
              ...(moment.key === open.key ? { key: next } : {}),
              ...(moment.after === open.key ? { after: next } : {}),
            })),
          });
          setOpenKey(next);
        }}
        onDelete={openIsOwn && editable && open ? () => setRemoving(open.key) : undefined}
        staffLink={open && !dirty ? `/journeys/${journey.key}/moments/${open.key}?location=${locationId}` : undefined}
      />
      <ConfirmModal
        opened={removing !== null}
        title={t('journeys.drawer.deleteTitle', { name: textIn(moments.find((moment) => moment.key === removing)?.name, language, fallback) })}
        message={t('journeys.overrides.removeMessage')}
        confirmLabel={t('journeys.drawer.delete')}
        onConfirm={() => {
          if (removing) removeLocal(removing);
          setRemoving(null);
        }}
        onClose={() => setRemoving(null)}
      />
      <PosterModal opened={posterOpen} onClose={() => setPosterOpen(false)} journey={journey} locationId={locationId} />
    </Stack>
  );
}
