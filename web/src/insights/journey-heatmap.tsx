import { useRef } from 'react';
import { Badge, EmptyState, Group, Paper, ScrollArea, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconChartDots, IconFlag, IconStar } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { QueryError } from '../components/query-error';
import { currentLanguage, type Language } from '../i18n';
import { textIn } from '../journeys/blueprint-model';
import { COMPARATOR_SIGNS, stageName } from '../journeys/labels';
import type { Comparator, Stage } from '../journeys/journeys-api';
import { useCurrentOrg } from '../session/current-org';
import { insightsKey, type Heatmap, type HeatmapMoment, type InsightFilters, type MetricKey } from './insights-api';
import { HEAT_STATUSES, momentHeat, type HeatStatus } from './insights-model';
import classes from './insights.module.css';
import { ExportActions, useExportContext } from './export-actions';
import { useScoreFormat } from './score-format';
import { StatusIcon } from './status-icon';
import { heatmapExportTable } from './table-export';

interface HeatmapProps {
  filters: InsightFilters & { journey: string };
  metric: MetricKey;
  fallback: Language;
}

/** The published blueprint with every moment coloured by its score against its own target. */
export function JourneyHeatmap({ filters, metric, fallback }: HeatmapProps) {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const language = currentLanguage();
  const format = useScoreFormat();
  const section = useRef<HTMLDivElement>(null);
  const board = useRef<HTMLDivElement>(null);
  const context = useExportContext(filters, [`${t('insights.filters.metric')}: ${t(`insights.metrics.${metric}`)}`]);
  const heatmap = useQuery({
    queryKey: insightsKey(orgId, 'heatmap', filters),
    queryFn: () => api<Heatmap>('/insights/heatmap', { query: { journey: filters.journey, location: filters.location, from: filters.from, to: filters.to } }),
  });
  if (heatmap.isPending) return <CenteredLoader />;
  if (heatmap.isError) return <QueryError error={heatmap.error} onRetry={() => void heatmap.refetch()} />;
  const data = heatmap.data;
  const answered = data.moments.some((moment) => moment.scores.responses > 0);
  const stageNames = new Map(data.stages.map((stage) => [stage.key, stageName(stage as Stage, language, fallback, t)]));
  const title = t('insights.heatmap.title');
  return (
    <Stack gap="sm" ref={section} component="section" aria-label={title} data-testid="heatmap-section">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
        <Title order={2} size="h4">
          {title}
        </Title>
        <ExportActions
          title={title}
          area="heatmap"
          period={{ journey: data.journeyKey, from: data.from, to: data.to }}
          disabled={!answered}
          png={{ target: section, context, width: () => (board.current ? board.current.scrollWidth + 48 : undefined) }}
          table={() =>
            heatmapExportTable({
              moments: data.moments,
              metric,
              minN: data.minN,
              stageName: (key) => stageNames.get(key) ?? key,
              momentName: (moment) => textIn(moment.name, language, fallback) || moment.momentKey,
              status: (moment) => t(`insights.status.${momentHeat(moment, metric)}`, { minN: data.minN }),
              t,
            })
          }
        />
      </Group>
      <Text size="sm" c="dimmed">
        {t('insights.heatmap.range', { from: format.day(data.from), to: format.day(data.to), version: format.integer(data.version) })}
      </Text>
      <HeatLegend minN={data.minN} />
      {!answered && <NoAnswers />}
      <ScrollArea type="auto" offsetScrollbars>
        <Group align="stretch" wrap="nowrap" gap="sm" className={classes.board} data-testid="heatmap" ref={board}>
          {data.stages.map((stage) => {
            const moments = data.moments.filter((moment) => moment.stageKey === stage.key);
            const name = stageName(stage as Stage, language, fallback, t);
            return (
              <Paper key={stage.key} component="section" aria-label={name} className={classes.column} data-kind={stage.kind} p="xs" radius="md" withBorder>
                <Title order={3} size="h5" mb="xs">
                  {name}
                </Title>
                <Stack gap="xs" component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
                  {moments.map((moment) => (
                    <li key={moment.momentKey}>
                      <MomentCard moment={moment} metric={metric} fallback={fallback} minN={data.minN} />
                    </li>
                  ))}
                  {moments.length === 0 && (
                    <Text size="xs" c="dimmed">
                      {t('insights.heatmap.noMoments')}
                    </Text>
                  )}
                </Stack>
              </Paper>
            );
          })}
        </Group>
      </ScrollArea>
    </Stack>
  );
}

export function NoAnswers() {
  const { t } = useTranslation();
  return (
    <EmptyState
      icon={<IconChartDots size={32} stroke={1.5} aria-hidden />}
      variant="light"
      title={t('insights.empty.title')}
      description={t('insights.empty.description', { command: 'keymoment demo' })}
    />
  );
}

function HeatLegend({ minN }: { minN: number }) {
  const { t } = useTranslation();
  return (
    <Group gap="md" wrap="wrap" aria-label={t('insights.heatmap.legend')} role="group">
      {HEAT_STATUSES.map((status) => (
        <Group key={status} gap={6} wrap="nowrap">
          <span className={classes.legendSwatch} data-status={status} aria-hidden />
          <StatusIcon status={status} size={14} />
          <Text size="xs">{t(`insights.status.${status}`, { minN })}</Text>
        </Group>
      ))}
      <Group gap={4} wrap="nowrap">
        <IconStar size={14} aria-hidden color="var(--mantine-color-orange-7)" />
        <Text size="xs">{t('insights.heatmap.peak')}</Text>
      </Group>
      <Group gap={4} wrap="nowrap">
        <IconFlag size={14} aria-hidden color="var(--mantine-color-grape-7)" />
        <Text size="xs">{t('insights.heatmap.end')}</Text>
      </Group>
    </Group>
  );
}

function MomentCard({ moment, metric, fallback, minN }: { moment: HeatmapMoment; metric: MetricKey; fallback: Language; minN: number }) {
  const { t } = useTranslation();
  const format = useScoreFormat();
  const language = currentLanguage();
  const status: HeatStatus = momentHeat(moment, metric);
  const score = moment.scores[metric];
  const benchmark = moment.benchmarks[metric];
  const name = textIn(moment.name, language, fallback) || moment.momentKey;
  const target = benchmark ? `${COMPARATOR_SIGNS[benchmark.comparator as Comparator] ?? benchmark.comparator} ${format.score(metric, benchmark.value).replace(/^\+/, '')}` : null;
  return (
    <Paper
      className={classes.card}
      data-status={status}
      data-moment={moment.momentKey}
      data-peak={moment.peak || undefined}
      data-end={moment.end || undefined}
      p="xs"
      radius="sm"
      withBorder
    >
      <Group justify="space-between" gap={4} wrap="nowrap" align="flex-start">
        <Text size="sm" fw={600} style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
          {name}
        </Text>
        <Group gap={2} wrap="nowrap">
          {moment.peak && (
            <Tooltip label={t('insights.heatmap.peak')}>
              <Badge size="xs" color="orange" variant="filled" leftSection={<IconStar size={10} aria-hidden />}>
                {t('insights.heatmap.peakShort')}
              </Badge>
            </Tooltip>
          )}
          {moment.end && (
            <Tooltip label={t('insights.heatmap.end')}>
              <Badge size="xs" color="grape" variant="filled" leftSection={<IconFlag size={10} aria-hidden />}>
                {t('insights.heatmap.endShort')}
              </Badge>
            </Tooltip>
          )}
        </Group>
      </Group>
      <Group gap={6} align="baseline" mt={4} wrap="nowrap">
        <Text size="xl" fw={700} data-testid="score">
          {format.score(metric, score.score)}
        </Text>
        <Text size="xs" c="dimmed">
          {t(`insights.metrics.${metric}`)}
        </Text>
      </Group>
      <Group gap={4} wrap="nowrap" className={classes.statusText} data-status={status}>
        <StatusIcon status={status} size={14} />
        <Text size="xs" fw={600} c="inherit">
          {t(`insights.status.${status}`, { minN })}
        </Text>
      </Group>
      <Text size="xs" c="dimmed" mt={2}>
        {t('insights.heatmap.nLine', { n: format.integer(score.n) })}
        {score.ci && ` · ${t('insights.heatmap.ciLine', { ci: format.interval(metric, score.ci) })}`}
      </Text>
      {target && (
        <Text size="xs" c="dimmed">
          {t('insights.heatmap.target', { target })}
        </Text>
      )}
    </Paper>
  );
}
