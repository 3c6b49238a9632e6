import { useEffect, useState, type ReactNode } from 'react';
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Chip,
  Divider,
  Drawer,
  Group,
  NumberInput,
  Paper,
  Select,
  Stack,
  Tabs,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconDeviceMobile, IconLock, IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { LANGUAGE_NAMES, LANGUAGES, currentLanguage, type Language } from '../i18n';
import { isFilled, textIn, textsOfMoment, withLanguage } from './blueprint-model';
import {
  CHANNELS,
  COMPARATORS,
  KEY_PATTERN,
  METRICS,
  MOMENT_FLAGS,
  type ActionStep,
  type Benchmark,
  type Moment,
  type Stage,
  type TranslatableText,
} from './journeys-api';
import { COMPARATOR_SIGNS, metricName, stageName, targetValue } from './labels';

export type DrawerMode = 'edit' | 'readonly' | 'local' | 'central';

/** A central target as a location sees it: the value in force and whether it may move it. */
export interface TargetAdjuster {
  valueOf: (benchmark: Benchmark) => number | undefined;
  set: (benchmark: Benchmark, value: number | undefined) => void;
}

interface MomentDrawerProps {
  opened: boolean;
  onClose: () => void;
  moment: Moment | undefined;
  stages: Stage[];
  fallback: Language;
  mode: DrawerMode;
  /** The key may change while the moment was never published. */
  keyEditable: boolean;
  takenKeys: string[];
  onChange?: (next: Moment, tag: string) => void;
  onRekey?: (key: string) => void;
  onDelete?: () => void;
  adjuster?: TargetAdjuster;
  /** An error of the server about this moment, shown at the top. */
  error?: string | null;
  stageLocked?: boolean;
  /** The read-only staff view of this moment (published moments only). */
  staffLink?: string;
  /** The journey's visit purposes and whether this moment is one of their peaks. */
  purposes?: { key: string; name: string; peak: boolean }[];
  onPurposePeak?: (purposeKey: string, peak: boolean) => void;
}

export function MomentDrawer(props: MomentDrawerProps) {
  const { opened, onClose, moment, mode, fallback } = props;
  const { t } = useTranslation();
  const [language, setLanguage] = useState<Language>(currentLanguage());
  useEffect(() => {
    if (opened) setLanguage(currentLanguage());
  }, [opened]);

  const title = moment ? textIn(moment.name, currentLanguage(), fallback) || moment.key : '';
  const missingIn = (candidate: Language) => (moment ? textsOfMoment(moment).filter((text) => !isFilled(text, candidate)).length : 0);

  return (
    <Drawer
      opened={opened && moment !== undefined}
      onClose={onClose}
      position="right"
      size="xl"
      title={
        <Group gap="xs">
          <Title order={2} size="h4">
            {title}
          </Title>
          {mode === 'central' && (
            <Badge color="gray" leftSection={<IconLock size={12} aria-hidden />}>
              {t('journeys.overrides.centralBadge')}
            </Badge>
          )}
          {mode === 'local' && <Badge color="teal">{t('journeys.overrides.localBadge')}</Badge>}
        </Group>
      }
      closeButtonProps={{ 'aria-label': t('common.close') }}
      data-testid="moment-drawer"
    >
      {moment && (
        <Stack gap="md">
          {props.error && (
            <Alert color="red" title={t('journeys.overrides.refused')} role="alert">
              {props.error}
            </Alert>
          )}
          {mode === 'central' && <Alert color="gray">{t('journeys.overrides.centralExplained')}</Alert>}
          <Tabs value={language} onChange={(value) => value && setLanguage(value as Language)} keepMounted={false}>
            <Tabs.List aria-label={t('journeys.drawer.languageTabs')}>
              {LANGUAGES.map((candidate) => {
                const missing = missingIn(candidate);
                return (
                  <Tabs.Tab
                    key={candidate}
                    value={candidate}
                    lang={candidate}
                    rightSection={
                      missing > 0 ? (
                        <Badge size="xs" color="orange" variant="light" aria-label={t('journeys.drawer.missingCount', { count: missing })}>
                          {missing}
                        </Badge>
                      ) : undefined
                    }
                  >
                    {LANGUAGE_NAMES[candidate]}
                    {candidate === fallback ? ' *' : ''}
                  </Tabs.Tab>
                );
              })}
            </Tabs.List>
            {LANGUAGES.map((candidate) => (
              <Tabs.Panel key={candidate} value={candidate} pt="md">
                <MomentForm {...props} moment={moment} language={candidate} />
              </Tabs.Panel>
            ))}
          </Tabs>
          <Text size="xs" c="dimmed">
            {t('journeys.drawer.fallbackNote', { language: LANGUAGE_NAMES[fallback] })}
          </Text>
          {props.staffLink && (
            <Button component={Link} to={props.staffLink} variant="light" leftSection={<IconDeviceMobile size={16} aria-hidden />}>
              {t('journeys.staff.open')}
            </Button>
          )}
          {props.onDelete && (mode === 'edit' || mode === 'local') && (
            <>
              <Divider />
              <Group justify="space-between">
                <Button color="red" variant="light" leftSection={<IconTrash size={16} aria-hidden />} onClick={props.onDelete}>
                  {t('journeys.drawer.delete')}
                </Button>
                <Button variant="default" onClick={onClose}>
                  {t('common.close')}
                </Button>
              </Group>
            </>
          )}
        </Stack>
      )}
    </Drawer>
  );
}

function MomentForm(props: MomentDrawerProps & { moment: Moment; language: Language }) {
  const { moment, language, fallback, mode, stages, onChange } = props;
  const { t } = useTranslation();
  const editable = (mode === 'edit' || mode === 'local') && onChange !== undefined;
  const [keyDraft, setKeyDraft] = useState(moment.key);
  useEffect(() => setKeyDraft(moment.key), [moment.key]);
  const change = (field: string, next: Partial<Moment>) => onChange?.({ ...moment, ...next }, `${moment.key}:${field}:${language}`);
  const placeholder = (text: TranslatableText | undefined) => (language === fallback ? undefined : textIn(text, fallback, fallback) || undefined);
  const keyError = keyDraft !== moment.key && (!KEY_PATTERN.test(keyDraft) ? t('journeys.drawer.keyInvalid') : props.takenKeys.includes(keyDraft) ? t('journeys.drawer.keyTaken') : null);

  return (
    <Stack gap="md" lang={language}>
      <Group grow align="flex-start">
        <TextInput
          label={t('journeys.fields.key')}
          description={props.keyEditable ? t('journeys.drawer.keyHint') : t('journeys.drawer.keyFixed')}
          value={keyDraft}
          disabled={!editable || !props.keyEditable}
          error={keyError || undefined}
          onChange={(event) => setKeyDraft(event.currentTarget.value)}
          onBlur={() => {
            if (!keyError && keyDraft !== moment.key) props.onRekey?.(keyDraft);
            else if (keyError) setKeyDraft(moment.key);
          }}
          classNames={{ input: 'km-code' }}
        />
        <Select
          label={t('journeys.fields.stage')}
          data={stages.map((stage) => ({ value: stage.key, label: stageName(stage, currentLanguage(), fallback, t) }))}
          value={moment.stageKey}
          disabled={!editable || props.stageLocked}
          allowDeselect={false}
          onChange={(value) => value && change('stage', { stageKey: value })}
        />
      </Group>
      <TextInput
        label={t('journeys.fields.name')}
        withAsterisk={language === fallback}
        value={moment.name[language] ?? ''}
        placeholder={placeholder(moment.name)}
        readOnly={!editable}
        variant={editable ? 'default' : 'filled'}
        onChange={(event) => change('name', { name: withLanguage(moment.name, language, event.currentTarget.value) })}
        data-testid="moment-name-input"
      />
      <Textarea
        label={t('journeys.fields.description')}
        autosize
        minRows={2}
        value={moment.description?.[language] ?? ''}
        placeholder={placeholder(moment.description)}
        readOnly={!editable}
        variant={editable ? 'default' : 'filled'}
        onChange={(event) => {
          const description = withLanguage(moment.description, language, event.currentTarget.value);
          const { description: _old, ...rest } = moment;
          onChange?.(Object.keys(description).length > 0 ? { ...rest, description } : rest, `${moment.key}:description:${language}`);
        }}
      />
      <Chip.Group multiple value={moment.flags} onChange={(value) => editable && change('flags', { flags: MOMENT_FLAGS.filter((flag) => value.includes(flag)) })}>
        <Stack gap={4}>
          <Text size="sm" fw={500} id={`flags-${moment.key}`}>
            {t('journeys.fields.flags')}
          </Text>
          <Group gap="xs" role="group" aria-labelledby={`flags-${moment.key}`}>
            {MOMENT_FLAGS.map((flag) => (
              <Chip key={flag} value={flag} disabled={!editable} color={flag === 'peak' ? 'orange' : flag === 'end' ? 'grape' : 'blue'}>
                {t(`journeys.flags.${flag}`)}
              </Chip>
            ))}
          </Group>
          <Text size="xs" c="dimmed">
            {t('journeys.drawer.flagsHint')}
          </Text>
        </Stack>
      </Chip.Group>
      {props.purposes && props.purposes.length > 0 && (
        <Chip.Group
          multiple
          value={props.purposes.filter((purpose) => purpose.peak).map((purpose) => purpose.key)}
          onChange={(value) => {
            if (!editable || !props.onPurposePeak) return;
            const changed = props.purposes?.find((purpose) => purpose.peak !== value.includes(purpose.key));
            if (changed) props.onPurposePeak(changed.key, !changed.peak);
          }}
        >
          <Stack gap={4}>
            <Text size="sm" fw={500} id={`purposes-${moment.key}`}>
              {t('journeys.purposes.drawerLabel')}
            </Text>
            <Group gap="xs" role="group" aria-labelledby={`purposes-${moment.key}`}>
              {props.purposes.map((purpose) => (
                <Chip key={purpose.key} value={purpose.key} disabled={!editable || !props.onPurposePeak} color="orange" size="sm" data-testid={`purpose-peak-${purpose.key}`}>
                  {purpose.name}
                </Chip>
              ))}
            </Group>
            <Text size="xs" c="dimmed">
              {t('journeys.purposes.drawerHint')}
            </Text>
          </Stack>
        </Chip.Group>
      )}
      <Chip.Group multiple value={moment.channels} onChange={(value) => editable && change('channels', { channels: CHANNELS.filter((channel) => value.includes(channel)) })}>
        <Stack gap={4}>
          <Text size="sm" fw={500} id={`channels-${moment.key}`}>
            {t('journeys.fields.channels')}
          </Text>
          <Group gap="xs" role="group" aria-labelledby={`channels-${moment.key}`}>
            {CHANNELS.map((channel) => (
              <Chip key={channel} value={channel} disabled={!editable} size="sm">
                {t(`journeys.channels.${channel}`)}
              </Chip>
            ))}
          </Group>
        </Stack>
      </Chip.Group>
      <TextInput
        label={t('journeys.fields.responsibleRole')}
        value={moment.responsibleRole?.[language] ?? ''}
        placeholder={placeholder(moment.responsibleRole)}
        readOnly={!editable}
        variant={editable ? 'default' : 'filled'}
        onChange={(event) => {
          const role = withLanguage(moment.responsibleRole, language, event.currentTarget.value);
          const { responsibleRole: _old, ...rest } = moment;
          onChange?.(Object.keys(role).length > 0 ? { ...rest, responsibleRole: role } : rest, `${moment.key}:role:${language}`);
        }}
      />
      <TextListField
        label={t('journeys.fields.coreNeeds')}
        addLabel={t('journeys.drawer.addNeed')}
        items={moment.coreNeeds}
        language={language}
        fallback={fallback}
        editable={editable}
        onChange={(items, tag) => change(`needs:${tag}`, { coreNeeds: items })}
      />
      <TextListField
        label={t('journeys.fields.keyPoints')}
        addLabel={t('journeys.drawer.addKeyPoint')}
        items={moment.keyPoints}
        language={language}
        fallback={fallback}
        editable={editable}
        onChange={(items, tag) => change(`points:${tag}`, { keyPoints: items })}
      />
      <StepsField moment={moment} language={language} fallback={fallback} editable={editable} onChange={(steps, tag) => change(`steps:${tag}`, { actionGuide: steps })} />
      <TextListField
        label={t('journeys.fields.implementationNotes')}
        addLabel={t('journeys.drawer.addNote')}
        items={moment.implementationNotes}
        language={language}
        fallback={fallback}
        editable={editable}
        multiline
        onChange={(items, tag) => change(`notes:${tag}`, { implementationNotes: items })}
      />
      {mode === 'central' && props.adjuster ? (
        <CentralTargets moment={moment} language={language} fallback={fallback} adjuster={props.adjuster} />
      ) : (
        <BenchmarksField moment={moment} language={language} fallback={fallback} editable={editable} onChange={(benchmarks, tag) => change(`targets:${tag}`, { benchmarks })} />
      )}
    </Stack>
  );
}

function Section({ label, children, action }: { label: string; children: ReactNode; action?: ReactNode }) {
  return (
    <Stack gap={6} component="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
      <Group justify="space-between">
        <Text component="legend" size="sm" fw={600}>
          {label}
        </Text>
        {action}
      </Group>
      {children}
    </Stack>
  );
}

function RowButtons({ index, count, onMove, onRemove, label }: { index: number; count: number; onMove: (from: number, to: number) => void; onRemove: (index: number) => void; label: string }) {
  const { t } = useTranslation();
  return (
    <Group gap={2} wrap="nowrap">
      <ActionIcon variant="subtle" color="gray" disabled={index === 0} onClick={() => onMove(index, index - 1)} aria-label={t('journeys.drawer.moveUp', { item: label })}>
        <IconArrowUp size={16} aria-hidden />
      </ActionIcon>
      <ActionIcon variant="subtle" color="gray" disabled={index === count - 1} onClick={() => onMove(index, index + 1)} aria-label={t('journeys.drawer.moveDown', { item: label })}>
        <IconArrowDown size={16} aria-hidden />
      </ActionIcon>
      <ActionIcon variant="subtle" color="red" onClick={() => onRemove(index)} aria-label={t('journeys.drawer.remove', { item: label })}>
        <IconTrash size={16} aria-hidden />
      </ActionIcon>
    </Group>
  );
}

function moved<T>(items: T[], from: number, to: number): T[] {
  const next = [...items];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
}

function TextListField(props: {
  label: string;
  addLabel: string;
  items: TranslatableText[];
  language: Language;
  fallback: Language;
  editable: boolean;
  multiline?: boolean;
  onChange: (items: TranslatableText[], tag: string) => void;
}) {
  const { items, language, fallback, editable, onChange } = props;
  const { t } = useTranslation();
  const Input = props.multiline ? Textarea : TextInput;
  return (
    <Section
      label={props.label}
      action={
        editable && (
          <Button size="compact-xs" variant="light" leftSection={<IconPlus size={12} aria-hidden />} onClick={() => onChange([...items, {}], `add${items.length}`)}>
            {props.addLabel}
          </Button>
        )
      }
    >
      {items.length === 0 && (
        <Text size="xs" c="dimmed">
          {t('journeys.drawer.none')}
        </Text>
      )}
      {items.map((item, i) => {
        const itemLabel = `${props.label} ${i + 1}`;
        return (
          <Group key={i} gap="xs" wrap="nowrap" align="flex-start">
            <Input
              style={{ flex: 1 }}
              aria-label={itemLabel}
              value={item[language] ?? ''}
              placeholder={language === fallback ? undefined : textIn(item, fallback, fallback) || undefined}
              readOnly={!editable}
        variant={editable ? 'default' : 'filled'}
              autosize={props.multiline ? true : undefined}
              onChange={(event) => onChange(items.map((candidate, j) => (j === i ? withLanguage(candidate, language, event.currentTarget.value) : candidate)), `${i}:${language}`)}
            />
            {editable && <RowButtons index={i} count={items.length} label={itemLabel} onMove={(from, to) => onChange(moved(items, from, to), `move${from}`)} onRemove={(index) => onChange(items.filter((_, j) => j !== index), `remove${index}`)} />}
          </Group>
        );
      })}
    </Section>
  );
}

function StepsField({ moment, language, fallback, editable, onChange }: { moment: Moment; language: Language; fallback: Language; editable: boolean; onChange: (steps: ActionStep[], tag: string) => void }) {
  const { t } = useTranslation();
  const steps = moment.actionGuide;
  const update = (i: number, step: ActionStep, tag: string) => onChange(steps.map((candidate, j) => (j === i ? step : candidate)), tag);
  return (
    <Section
      label={t('journeys.fields.actionGuide')}
      action={
        editable && (
          <Button size="compact-xs" variant="light" leftSection={<IconPlus size={12} aria-hidden />} onClick={() => onChange([...steps, { title: {} }], `add${steps.length}`)}>
            {t('journeys.drawer.addStep')}
          </Button>
        )
      }
    >
      {steps.length === 0 && (
        <Text size="xs" c="dimmed">
          {t('journeys.drawer.none')}
        </Text>
      )}
      <Stack gap="xs" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {steps.map((step, i) => {
          const itemLabel = t('journeys.drawer.stepN', { n: i + 1 });
          return (
            <Paper key={i} component="li" withBorder p="xs" radius="sm">
              <Group gap="xs" wrap="nowrap" align="flex-start">
                <Badge circle size="lg" color="dark" mt={4}>
                  {i + 1}
                </Badge>
                <Stack gap={4} style={{ flex: 1 }}>
                  <TextInput
                    aria-label={t('journeys.drawer.stepTitle', { n: i + 1 })}
                    placeholder={language === fallback ? t('journeys.drawer.stepTitlePlaceholder') : textIn(step.title, fallback, fallback) || undefined}
                    value={step.title[language] ?? ''}
                    readOnly={!editable}
        variant={editable ? 'default' : 'filled'}
                    onChange={(event) => update(i, { ...step, title: withLanguage(step.title, language, event.currentTarget.value) }, `${i}:title:${language}`)}
                  />
                  <Textarea
                    aria-label={t('journeys.drawer.stepDetail', { n: i + 1 })}
                    placeholder={language === fallback ? t('journeys.drawer.stepDetailPlaceholder') : textIn(step.detail, fallback, fallback) || undefined}
                    autosize
                    minRows={1}
                    value={step.detail?.[language] ?? ''}
                    readOnly={!editable}
        variant={editable ? 'default' : 'filled'}
                    onChange={(event) => {
                      const detail = withLanguage(step.detail, language, event.currentTarget.value);
                      update(i, Object.keys(detail).length > 0 ? { ...step, detail } : { title: step.title }, `${i}:detail:${language}`);
                    }}
                  />
                </Stack>
                {editable && <RowButtons index={i} count={steps.length} label={itemLabel} onMove={(from, to) => onChange(moved(steps, from, to), `move${from}`)} onRemove={(index) => onChange(steps.filter((_, j) => j !== index), `remove${index}`)} />}
              </Group>
            </Paper>
          );
        })}
      </Stack>
    </Section>
  );
}

function numberOrUndefined(value: string | number): number | undefined {
  if (value === '' || value === '-') return undefined;
  const number = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(number) ? number : undefined;
}

function BenchmarksField({ moment, language, fallback, editable, onChange }: { moment: Moment; language: Language; fallback: Language; editable: boolean; onChange: (benchmarks: Benchmark[], tag: string) => void }) {
  const { t } = useTranslation();
  const benchmarks = moment.benchmarks;
  const update = (i: number, benchmark: Benchmark, tag: string) => onChange(benchmarks.map((candidate, j) => (j === i ? benchmark : candidate)), tag);
  const unused = METRICS.find((metric) => metric === 'custom' || !benchmarks.some((benchmark) => benchmark.metric === metric)) ?? 'custom';
  const add = () => {
    const fresh: Benchmark =
      unused === 'custom'
        ? { metric: 'custom', customKey: `target-${benchmarks.length + 1}`, customName: { [fallback]: t('journeys.metrics.custom') }, comparator: 'gte', value: 0 }
        : { metric: unused, comparator: unused === 'wait_seconds' || unused === 'handle_seconds' ? 'lte' : 'gte', value: 0 };
    onChange([...benchmarks, fresh], `add${benchmarks.length}`);
  };
  return (
    <Section
      label={t('journeys.fields.benchmarks')}
      action={
        editable && (
          <Button size="compact-xs" variant="light" leftSection={<IconPlus size={12} aria-hidden />} onClick={add}>
            {t('journeys.drawer.addTarget')}
          </Button>
        )
      }
    >
      {benchmarks.length === 0 && (
        <Text size="xs" c="dimmed">
          {t('journeys.drawer.none')}
        </Text>
      )}
      {benchmarks.map((benchmark, i) => {
        const label = metricName(benchmark, language, fallback, t);
        return (
          <Paper key={i} withBorder p="xs" radius="sm">
            <Group gap="xs" align="flex-end" wrap="wrap">
              <Select
                label={t('journeys.fields.metric')}
                w={170}
                data={METRICS.map((metric) => ({ value: metric, label: t(`journeys.metrics.${metric}`) }))}
                value={benchmark.metric}
                allowDeselect={false}
                disabled={!editable}
                onChange={(value) => {
                  if (!value) return;
                  const metric = value as Benchmark['metric'];
                  const { customKey: _k, customName: _n, ...rest } = benchmark;
                  update(i, metric === 'custom' ? { ...rest, metric, customKey: `target-${i + 1}`, customName: { [fallback]: t('journeys.metrics.custom') } } : { ...rest, metric }, `${i}:metric`);
                }}
              />
              <Select
                label={t('journeys.fields.comparator')}
                w={90}
                data={COMPARATORS.map((comparator) => ({ value: comparator, label: COMPARATOR_SIGNS[comparator] }))}
                value={benchmark.comparator}
                allowDeselect={false}
                disabled={!editable}
                onChange={(value) => value && update(i, { ...benchmark, comparator: value as Benchmark['comparator'] }, `${i}:comparator`)}
              />
              <NumberInput
                label={t('journeys.fields.value')}
                w={110}
                value={benchmark.value}
                readOnly={!editable}
        variant={editable ? 'default' : 'filled'}
                onChange={(value) => update(i, { ...benchmark, value: numberOrUndefined(value) ?? 0 }, `${i}:value`)}
              />
              <NumberInput
                label={t('journeys.fields.localMin')}
                w={110}
                value={benchmark.localMin ?? ''}
                readOnly={!editable}
        variant={editable ? 'default' : 'filled'}
                onChange={(value) => {
                  const { localMin: _old, ...rest } = benchmark;
                  const next = numberOrUndefined(value);
                  update(i, next === undefined ? rest : { ...rest, localMin: next }, `${i}:min`);
                }}
              />
              <NumberInput
                label={t('journeys.fields.localMax')}
                w={110}
                value={benchmark.localMax ?? ''}
                readOnly={!editable}
        variant={editable ? 'default' : 'filled'}
                onChange={(value) => {
                  const { localMax: _old, ...rest } = benchmark;
                  const next = numberOrUndefined(value);
                  update(i, next === undefined ? rest : { ...rest, localMax: next }, `${i}:max`);
                }}
              />
              {editable && (
                <ActionIcon variant="subtle" color="red" mb={4} onClick={() => onChange(benchmarks.filter((_, j) => j !== i), `remove${i}`)} aria-label={t('journeys.drawer.remove', { item: label })}>
                  <IconTrash size={16} aria-hidden />
                </ActionIcon>
              )}
            </Group>
            {benchmark.metric === 'custom' && (
              <Group gap="xs" mt="xs" grow>
                <TextInput
                  label={t('journeys.fields.customKey')}
                  value={benchmark.customKey ?? ''}
                  readOnly={!editable}
        variant={editable ? 'default' : 'filled'}
                  classNames={{ input: 'km-code' }}
                  onChange={(event) => update(i, { ...benchmark, customKey: event.currentTarget.value }, `${i}:customKey`)}
                />
                <TextInput
                  label={t('journeys.fields.customName')}
                  value={benchmark.customName?.[language] ?? ''}
                  placeholder={language === fallback ? undefined : textIn(benchmark.customName, fallback, fallback) || undefined}
                  readOnly={!editable}
        variant={editable ? 'default' : 'filled'}
                  onChange={(event) => update(i, { ...benchmark, customName: withLanguage(benchmark.customName, language, event.currentTarget.value) }, `${i}:customName:${language}`)}
                />
              </Group>
            )}
            <Text size="xs" c="dimmed" mt={4}>
              {benchmark.localMin === undefined && benchmark.localMax === undefined
                ? t('journeys.drawer.targetCentral')
                : t('journeys.drawer.targetRange', { min: benchmark.localMin ?? '−∞', max: benchmark.localMax ?? '+∞' })}
            </Text>
          </Paper>
        );
      })}
    </Section>
  );
}

/** A location's view of a central moment's targets: adjustable ones within their limits, the rest locked. */
function CentralTargets({ moment, language, fallback, adjuster }: { moment: Moment; language: Language; fallback: Language; adjuster: TargetAdjuster }) {
  const { t } = useTranslation();
  return (
    <Section label={t('journeys.fields.benchmarks')}>
      {moment.benchmarks.length === 0 && (
        <Text size="xs" c="dimmed">
          {t('journeys.drawer.none')}
        </Text>
      )}
      {moment.benchmarks.map((benchmark, i) => {
        const adjustable = benchmark.localMin !== undefined || benchmark.localMax !== undefined;
        const name = metricName(benchmark, language, fallback, t);
        const current = adjuster.valueOf(benchmark);
        return (
          <Paper key={i} withBorder p="xs" radius="sm">
            <Group justify="space-between" align="flex-end">
              <Stack gap={2}>
                <Text size="sm" fw={600}>
                  {name}
                </Text>
                <Text size="xs" c="dimmed">
                  {t('journeys.overrides.centralTarget', { value: targetValue(benchmark.metric, benchmark.comparator, benchmark.value, language, t) })}
                </Text>
              </Stack>
              {adjustable ? (
                <NumberInput
                  label={t('journeys.overrides.localTarget', { min: benchmark.localMin ?? '−∞', max: benchmark.localMax ?? '+∞' })}
                  w={220}
                  min={benchmark.localMin}
                  max={benchmark.localMax}
                  clampBehavior="blur"
                  placeholder={String(benchmark.value)}
                  value={current ?? ''}
                  onChange={(value) => adjuster.set(benchmark, numberOrUndefined(value))}
                  data-testid={`adjust-${benchmark.metric}`}
                />
              ) : (
                <Badge color="gray" variant="light" leftSection={<IconLock size={12} aria-hidden />}>
                  {t('journeys.overrides.targetLocked')}
                </Badge>
              )}
            </Group>
          </Paper>
        );
      })}
    </Section>
  );
}
