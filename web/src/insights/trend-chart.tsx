import { useRef, useState } from 'react';
import { Group, Paper, Select, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { QueryError } from '../components/query-error';
import { useMomentChoices } from '../feedback/use-journey-choices';
import { useCurrentOrg } from '../session/current-org';
import { insightsKey, type InsightFilters, type MetricKey, type Period, type ScoreReport, type ScoreRow } from './insights-api';
import classes from './insights.module.css';
import { ExportActions, useExportContext } from './export-actions';
import { NoAnswers } from './journey-heatmap';
import { EXPORT_IGNORE } from './png-export';
import { useScoreFormat, type ScoreFormat } from './score-format';
import { trendExportTable } from './table-export';

const TREND_PERIODS: readonly Period[] = ['day', 'week', 'month'];
const SCALES: Record<MetricKey, [number, number]> = { nps: [-100, 100], csat: [0, 100], ces: [1, 7] };

/** A moment's (or the journey's) score per period with its 95 % interval as a band. */
export function TrendPanel({ filters, metric }: { filters: InsightFilters; metric: MetricKey }) {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const [moment, setMoment] = useState<string | null>(null);
  const [period, setPeriod] = useState<Period>('week');
  const moments = useMomentChoices(filters.journey);
  const query = { groupBy: 'period', period, journey: filters.journey, moment, location: filters.location, from: filters.from, to: filters.to };
  const report = useQuery({
    queryKey: insightsKey(orgId, 'scores', query),
    queryFn: () => api<ScoreReport>('/scores', { query }),
  });
  const section = useRef<HTMLElement>(null);
  const title = t('insights.trend.title');
  const context = useExportContext(filters, [
    `${t('insights.filters.metric')}: ${t(`insights.metrics.${metric}`)}`,
    `${t('insights.trend.moment')}: ${moments.choices.find((choice) => choice.value === moment)?.label ?? moment ?? t('insights.trend.allMoments')}`,
    `${t('insights.trend.period')}: ${t(`insights.periods.${period}`)}`,
  ]);
  const data = report.data;
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={title} ref={section} data-testid="trend-section">
      <Group justify="space-between" align="flex-end" mb="sm" wrap="wrap">
        <Title order={2} size="h4">
          {title}
        </Title>
        <Group gap="xs" align="flex-end" {...EXPORT_IGNORE}>
          <ExportActions
            title={title}
            area={`trend-${metric}`}
            period={{ journey: filters.journey, from: data?.from ?? filters.from, to: data?.to ?? filters.to }}
            disabled={!data || data.total.responses === 0}
            png={{ target: section, context }}
            table={() => (data ? trendExportTable({ rows: data.rows, metric, minN: data.minN, t }) : null)}
          />
          <Select
            label={t('insights.trend.moment')}
            placeholder={t('insights.trend.allMoments')}
            data={moments.choices}
            value={moment}
            onChange={setMoment}
            clearable
            size="xs"
            w={220}
          />
          <Select
            label={t('insights.trend.period')}
            data={TREND_PERIODS.map((value) => ({ value, label: t(`insights.periods.${value}`) }))}
            value={period}
            onChange={(value) => setPeriod((value as Period | null) ?? 'week')}
            allowDeselect={false}
            size="xs"
            w={140}
          />
        </Group>
      </Group>
      {report.isPending ? (
        <CenteredLoader />
      ) : report.isError ? (
        <QueryError error={report.error} onRetry={() => void report.refetch()} />
      ) : report.data.total.responses === 0 ? (
        <NoAnswers />
      ) : (
        <TrendChart rows={report.data.rows} metric={metric} minN={report.data.minN} />
      )}
    </Paper>
  );
}

const WIDTH = 800;
const HEIGHT = 260;
// Room on the right for the last date label, which is centred on the last point.
const PAD = { left: 48, right: 40, top: 12, bottom: 32 };

function TrendChart({ rows, metric, minN }: { rows: ScoreRow[]; metric: MetricKey; minN: number }) {
  const { t } = useTranslation();
  const format = useScoreFormat();
  const [low, high] = SCALES[metric];
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const x = (index: number) => PAD.left + (rows.length <= 1 ? innerW / 2 : (index / (rows.length - 1)) * innerW);
  const y = (value: number) => PAD.top + ((high - value) / (high - low)) * innerH;
  const ticks = Array.from({ length: 5 }, (_, i) => low + ((high - low) * i) / 4);
  // Runs of consecutive buckets with a score: the line and band break where a bucket is withheld.
  const runs: number[][] = [];
  rows.forEach((row, index) => {
    if (row[metric].score === null) return;
    const last = runs.at(-1);
    if (last && last.at(-1) === index - 1) last.push(index);
    else runs.push([index]);
  });
  const labelEvery = Math.max(1, Math.ceil(rows.length / 8));
  return (
    <Stack gap="xs">
      <svg className={classes.chart} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={t('insights.trend.chartLabel', { metric: t(`insights.metrics.${metric}`) })} data-testid="trend-chart">
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(tick)} y2={y(tick)} stroke="var(--mantine-color-gray-3)" />
            <text x={PAD.left - 6} y={y(tick) + 4} textAnchor="end" fontSize="11" fill="var(--mantine-color-gray-7)">
              {format.score(metric, tick)}
            </text>
          </g>
        ))}
        {runs.map((run) => {
          const upper = run.map((i) => `${x(i)},${y(rows[i]![metric].ci?.[1] ?? rows[i]![metric].score!)}`);
          const lower = run.map((i) => `${x(i)},${y(rows[i]![metric].ci?.[0] ?? rows[i]![metric].score!)}`).reverse();
          return (
            <g key={run[0]}>
              {run.length > 1 ? (
                <polygon points={[...upper, ...lower].join(' ')} fill="var(--mantine-color-blue-2)" fillOpacity={0.6} />
              ) : (
                <line x1={x(run[0]!)} x2={x(run[0]!)} y1={y(rows[run[0]!]![metric].ci?.[0] ?? 0)} y2={y(rows[run[0]!]![metric].ci?.[1] ?? 0)} stroke="var(--mantine-color-blue-3)" strokeWidth={6} />
              )}
              <polyline points={run.map((i) => `${x(i)},${y(rows[i]![metric].score!)}`).join(' ')} fill="none" stroke="var(--mantine-color-blue-7)" strokeWidth={2} />
            </g>
          );
        })}
        {rows.map((row, index) => (
          <g key={row.periodStart}>
            {row[metric].score !== null && (
              <circle cx={x(index)} cy={y(row[metric].score!)} r={3.5} fill="var(--mantine-color-blue-7)">
                <title>{pointTitle(row, metric, format)}</title>
              </circle>
            )}
            {index % labelEvery === 0 && (
              <text x={x(index)} y={HEIGHT - 10} textAnchor="middle" fontSize="11" fill="var(--mantine-color-gray-7)">
                {format.shortDay(row.periodStart!)}
              </text>
            )}
          </g>
        ))}
      </svg>
      <Text size="xs" c="dimmed">
        {t('insights.trend.hint', { minN: format.integer(minN) })}
      </Text>
      {/* The same numbers as a table for screen readers. */}
      <VisuallyHidden>
        <Table>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.periodStart}>
                <Table.Td>{pointTitle(row, metric, format)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </VisuallyHidden>
    </Stack>
  );
}

function pointTitle(row: ScoreRow, metric: MetricKey, format: ScoreFormat): string {
  const score = row[metric];
  return `${format.day(row.periodStart!)}: ${format.score(metric, score.score)} (n = ${format.integer(score.n)}${score.ci ? `, ${format.interval(metric, score.ci)}` : ''})`;
}
