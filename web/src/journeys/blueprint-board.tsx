import { useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import {
  closestCorners,
  DndContext,
  DragOverlay,
  PointerSensor,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import { SortableContext, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { Badge, Box, Button, Group, Paper, ScrollArea, Stack, Text, ThemeIcon, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconFlag, IconKey, IconLock, IconMapPin, IconPlus, IconStarFilled } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../i18n';
import { textIn, type Direction } from './blueprint-model';
import type { Benchmark, Moment, Stage, TranslatableText } from './journeys-api';
import classes from './blueprint-board.module.css';
import { formatBenchmark, stageName } from './labels';

export interface BoardMoment extends Pick<Moment, 'key' | 'name' | 'stageKey' | 'flags' | 'actionGuide' | 'channels'> {
  benchmarks: Benchmark[];
  /** Shown with a lock: the moment cannot be changed here (a central moment in a location's view). */
  locked?: boolean;
  /** Added by a location (the override view). */
  local?: boolean;
  /** Number of languages with texts missing, for the translation hint. */
  missing?: number;
}

interface BlueprintBoardProps {
  stages: (Stage & { displayName?: TranslatableText })[];
  moments: BoardMoment[];
  language: Language;
  fallback: Language;
  /** Moments can be dragged and moved with Alt + arrow keys. */
  movable: boolean;
  onMove?: (momentKey: string, stageKey: string, index: number) => void;
  onNudge?: (momentKey: string, direction: Direction) => void;
  onOpen: (momentKey: string) => void;
  onAdd?: (stageKey: string) => void;
  /** Extra controls in a stage's header (rename, move, remove). */
  stageActions?: (stage: Stage, index: number) => ReactNode;
  /** The card to give focus to after it moved (keyboard moves keep the focus on the moved card). */
  focusKey?: string | null;
  /** What a screen reader hears about moving cards, when it differs from the central editor's. */
  instructions?: string;
}

export const STAGE_DROP_PREFIX = 'stage:';

export function BlueprintBoard(props: BlueprintBoardProps) {
  const { stages, moments, language, fallback, movable, onMove, onOpen, focusKey } = props;
  const { t } = useTranslation();
  const cardRefs = useRef(new Map<string, HTMLElement>());
  const [dragging, setDragging] = useState<string | null>(null);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 6 } }));
  const descriptionId = `board-instructions-${useId().replace(/:/g, '')}`;

  const byStage = useMemo(() => {
    const map = new Map<string, BoardMoment[]>();
    for (const stage of stages) map.set(stage.key, []);
    for (const moment of moments) map.get(moment.stageKey)?.push(moment);
    return map;
  }, [stages, moments]);
  const orderOf = useMemo(() => new Map(moments.map((moment, i) => [moment.key, i + 1])), [moments]);
  const nameOf = useCallback((key: string) => textIn(moments.find((moment) => moment.key === key)?.name, language, fallback), [moments, language, fallback]);

  // Only when a new focus is asked for: on every render it would pull the focus out of the side
  // panel's text fields while typing. (Parents ask by setting null, then the key on the next frame,
  // by which time a card moved to another column has its new element.)
  useEffect(() => {
    if (focusKey) cardRefs.current.get(focusKey)?.focus();
  }, [focusKey]);

  const stageOfTarget = (id: string): { stageKey: string; index: number } | undefined => {
    if (id.startsWith(STAGE_DROP_PREFIX)) {
      const stageKey = id.slice(STAGE_DROP_PREFIX.length);
      return { stageKey, index: byStage.get(stageKey)?.length ?? 0 };
    }
    const target = moments.find((moment) => moment.key === id);
    if (!target) return undefined;
    return { stageKey: target.stageKey, index: byStage.get(target.stageKey)?.findIndex((moment) => moment.key === id) ?? 0 };
  };

  const onDragStart = (event: DragStartEvent) => setDragging(String(event.active.id));
  const onDragEnd = (event: DragEndEvent) => {
    setDragging(null);
    if (!event.over || !onMove) return;
    const target = stageOfTarget(String(event.over.id));
    if (!target) return;
    const key = String(event.active.id);
    if (key === String(event.over.id)) return;
    onMove(key, target.stageKey, target.index);
  };

  const stageTitle = (stageKey: string) => {
    const stage = stages.find((candidate) => candidate.key === stageKey);
    return stage ? stageName(stage, language, fallback, t) : stageKey;
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => t('journeys.board.dragStart', { name: nameOf(String(active.id)) }),
    onDragOver: ({ active, over }) => {
      const target = over ? stageOfTarget(String(over.id)) : undefined;
      return target ? t('journeys.board.dragOver', { name: nameOf(String(active.id)), stage: stageTitle(target.stageKey) }) : undefined;
    },
    onDragEnd: ({ active, over }) => {
      const target = over ? stageOfTarget(String(over.id)) : undefined;
      return target ? t('journeys.board.dragEnd', { name: nameOf(String(active.id)), stage: stageTitle(target.stageKey) }) : t('journeys.board.dragCancel', { name: nameOf(String(active.id)) });
    },
    onDragCancel: ({ active }) => t('journeys.board.dragCancel', { name: nameOf(String(active.id)) }),
  };

  /** Arrow keys move the focus between cards; with Alt they move the card itself. */
  const onCardKeyDown = (event: KeyboardEvent<HTMLElement>, moment: BoardMoment) => {
    const directions: Record<string, Direction> = { ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'left', ArrowRight: 'right' };
    const direction = directions[event.key];
    if ((event.key === 'Enter' || event.key === ' ') && !event.altKey) {
      event.preventDefault();
      onOpen(moment.key);
      return;
    }
    if (!direction || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    if (event.altKey) {
      // The parent decides (and says) whether a locked card may move.
      if (movable) props.onNudge?.(moment.key, direction);
      return;
    }
    const stageIndex = stages.findIndex((stage) => stage.key === moment.stageKey);
    const list = byStage.get(moment.stageKey) ?? [];
    const index = list.findIndex((candidate) => candidate.key === moment.key);
    let target: BoardMoment | undefined;
    if (direction === 'up') target = list[index - 1];
    else if (direction === 'down') target = list[index + 1];
    else {
      const step = direction === 'left' ? -1 : 1;
      for (let s = stageIndex + step; s >= 0 && s < stages.length && !target; s += step) {
        const other = byStage.get(stages[s]!.key) ?? [];
        target = other[Math.min(index, other.length - 1)];
      }
    }
    if (target) cardRefs.current.get(target.key)?.focus();
  };

  const draggingMoment = dragging ? moments.find((moment) => moment.key === dragging) : undefined;
  const instructions = movable ? (props.instructions ?? t('journeys.board.instructions')) : t('journeys.board.instructionsReadOnly');

  return (
    <>
      <VisuallyHidden id={descriptionId}>{instructions}</VisuallyHidden>
      <DndContext
        sensors={sensors}
        collisionDetection={closestCorners}
        onDragStart={onDragStart}
        onDragEnd={onDragEnd}
        onDragCancel={() => setDragging(null)}
        accessibility={{ announcements, screenReaderInstructions: { draggable: instructions } }}
      >
        <ScrollArea type="auto" offsetScrollbars>
          <Group align="flex-start" wrap="nowrap" gap="md" className={classes.board} role="list" aria-label={t('journeys.board.stages')}>
            {stages.map((stage, stageIndex) => (
              <StageColumn
                key={stage.key}
                stage={stage}
                title={stageName(stage, language, fallback, t)}
                actions={props.stageActions?.(stage, stageIndex)}
                moments={byStage.get(stage.key) ?? []}
                onAdd={props.onAdd}
              >
                {(byStage.get(stage.key) ?? []).map((moment, i, list) => (
                  <SortableCard
                    key={moment.key}
                    moment={moment}
                    order={orderOf.get(moment.key) ?? 0}
                    position={i + 1}
                    count={list.length}
                    language={language}
                    fallback={fallback}
                    movable={movable && !moment.locked}
                    descriptionId={descriptionId}
                    registerRef={(element) => {
                      if (element) cardRefs.current.set(moment.key, element);
                      else cardRefs.current.delete(moment.key);
                    }}
                    onOpen={() => onOpen(moment.key)}
                    onKeyDown={(event) => onCardKeyDown(event, moment)}
                  />
                ))}
              </StageColumn>
            ))}
          </Group>
        </ScrollArea>
        <DragOverlay>
          {draggingMoment ? (
            <CardFace moment={draggingMoment} order={orderOf.get(draggingMoment.key) ?? 0} language={language} fallback={fallback} lifted />
          ) : null}
        </DragOverlay>
      </DndContext>
    </>
  );
}

function StageColumn({
  stage,
  title,
  moments,
  actions,
  onAdd,
  children,
}: {
  stage: Stage;
  title: string;
  moments: BoardMoment[];
  actions?: ReactNode;
  onAdd?: (stageKey: string) => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const { setNodeRef, isOver } = useDroppable({ id: `${STAGE_DROP_PREFIX}${stage.key}` });
  const headingId = `stage-${stage.key}-title`;
  return (
    <Paper
      component="section"
      role="listitem"
      aria-labelledby={headingId}
      withBorder
      radius="md"
      p="sm"
      className={classes.column}
      data-over={isOver || undefined}
      data-kind={stage.kind}
      data-testid={`stage-${stage.key}`}
    >
      <Group justify="space-between" wrap="nowrap" gap={4} mb="xs" align="flex-start">
        <Stack gap={0} style={{ minWidth: 0 }}>
          <Text component="h2" id={headingId} fw={650} size="sm" lineClamp={2}>
            {title}
          </Text>
          <Text size="xs" c="dimmed">
            {t('journeys.board.momentCount', { count: moments.length })}
          </Text>
        </Stack>
        {actions}
      </Group>
      <SortableContext items={moments.map((moment) => moment.key)} strategy={verticalListSortingStrategy}>
        <Stack gap="xs" ref={setNodeRef} className={classes.dropZone} role="list" aria-labelledby={headingId}>
          {children}
          {moments.length === 0 && (
            <Text size="xs" c="dimmed" ta="center" py="md">
              {t('journeys.board.emptyStage')}
            </Text>
          )}
        </Stack>
      </SortableContext>
      {onAdd && (
        <Button variant="subtle" size="xs" fullWidth mt="xs" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => onAdd(stage.key)}>
          {t('journeys.board.addMoment')}
          <VisuallyHidden> — {title}</VisuallyHidden>
        </Button>
      )}
    </Paper>
  );
}

interface SortableCardProps {
  moment: BoardMoment;
  order: number;
  position: number;
  count: number;
  language: Language;
  fallback: Language;
  movable: boolean;
  descriptionId: string;
  registerRef: (element: HTMLElement | null) => void;
  onOpen: () => void;
  onKeyDown: (event: KeyboardEvent<HTMLElement>) => void;
}

function SortableCard({ moment, order, position, count, language, fallback, movable, descriptionId, registerRef, onOpen, onKeyDown }: SortableCardProps) {
  const { t } = useTranslation();
  // A locked card stays a drop target, so a location's own moment can be dropped before a central one.
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: moment.key, disabled: { draggable: !movable, droppable: false } });
  const name = textIn(moment.name, language, fallback);
  const flags = moment.flags.map((flag) => t(`journeys.flags.${flag}`)).join(', ');
  return (
    <div role="listitem" className={classes.cardSlot}>
      <Box
        ref={(element: HTMLDivElement | null) => {
          setNodeRef(element);
          registerRef(element);
        }}
        {...attributes}
        {...listeners}
        role="button"
        tabIndex={0}
        aria-roledescription={t('journeys.board.cardRole')}
        aria-describedby={descriptionId}
        aria-disabled={undefined}
        aria-label={t('journeys.board.cardLabel', { order, name, position, count, flags: flags || t('journeys.flags.none') })}
        data-moment-key={moment.key}
        data-testid={`moment-card-${moment.key}`}
        className={classes.card}
        style={{ transform: CSS.Transform.toString(transform), transition, opacity: isDragging ? 0.4 : 1 }}
        onClick={onOpen}
        onKeyDown={onKeyDown}
      >
        <CardFace moment={moment} order={order} language={language} fallback={fallback} />
      </Box>
    </div>
  );
}

function CardFace({ moment, order, language, fallback, lifted }: { moment: BoardMoment; order: number; language: Language; fallback: Language; lifted?: boolean }) {
  const { t } = useTranslation();
  const peak = moment.flags.includes('peak');
  const end = moment.flags.includes('end');
  return (
    <Paper withBorder radius="md" p="xs" className={classes.face} data-peak={peak || undefined} data-end={end || undefined} data-lifted={lifted || undefined} aria-hidden>
      <Group gap={6} wrap="nowrap" align="flex-start">
        <ThemeIcon size={22} radius="xl" color="dark" variant="filled" className={classes.order}>
          <Text size="xs" fw={700}>
            {order}
          </Text>
        </ThemeIcon>
        <Text fw={600} size="sm" style={{ flex: 1, minWidth: 0, overflowWrap: 'anywhere' }}>
          {textIn(moment.name, language, fallback) || moment.key}
        </Text>
        {moment.locked && (
          <Tooltip label={t('journeys.overrides.lockedCentral')}>
            <IconLock size={16} aria-hidden className={classes.lock} />
          </Tooltip>
        )}
      </Group>
      <Group gap={4} mt={6}>
        {peak && (
          <Badge size="xs" color="orange" leftSection={<IconStarFilled size={10} aria-hidden />}>
            {t('journeys.flags.peak')}
          </Badge>
        )}
        {end && (
          <Badge size="xs" color="grape" leftSection={<IconFlag size={10} aria-hidden />}>
            {t('journeys.flags.end')}
          </Badge>
        )}
        {moment.flags.includes('key') && (
          <Badge size="xs" color="blue" leftSection={<IconKey size={10} aria-hidden />}>
            {t('journeys.flags.key')}
          </Badge>
        )}
        {moment.local && (
          <Badge size="xs" color="teal" variant="light" leftSection={<IconMapPin size={10} aria-hidden />}>
            {t('journeys.overrides.localBadge')}
          </Badge>
        )}
      </Group>
      {(moment.actionGuide.length > 0 || moment.benchmarks.length > 0) && (
        <Text size="xs" c="dimmed" mt={6}>
          {[
            moment.actionGuide.length > 0 ? t('journeys.board.steps', { count: moment.actionGuide.length }) : null,
            ...moment.benchmarks.slice(0, 2).map((benchmark) => formatBenchmark(benchmark, language, fallback, t)),
          ]
            .filter(Boolean)
            .join(' · ')}
        </Text>
      )}
      {moment.missing ? (
        <Text size="xs" c="orange.8" mt={4}>
          {t('journeys.board.missingTranslations', { count: moment.missing })}
        </Text>
      ) : null}
    </Paper>
  );
}
