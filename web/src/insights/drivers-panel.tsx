import { Badge, EmptyState, Group, Loader, Paper, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconChartBar } from '@tabler/icons-react';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { QueryError } from '../components/query-error';
import { currentLanguage, type Language } from '../i18n';
import { textIn } from '../journeys/blueprint-model';
import { useCurrentOrg } from '../session/current-org';
import { insightsKey, type AnalysisComputing, type DriversReport, type InsightFilters, type PeakEndReport, type Quadrant, type StoredAnalysis } from './insights-api';
import classes from './insights.module.css';
import { ExportActions, useExportContext } from './export-actions';
import { PeakEndChart } from './peak-end-chart';
import { useScoreFormat } from './score-format';
import { driversExportTable, peakEndExportTable } from './table-export';

interface PanelProps {
  filters: InsightFilters & { journey: string };
  fallback: Language;
}

const BAR_HEIGHT = 26;
const LABEL_WIDTH = 200;
const CHART_WIDTH = 720;
const QUADRANT_COLORS: Record<Quadrant, string> = {
  'fix-first': 'red',
  'keep-up': 'green',
  'low-priority': 'gray',
  overkill: 'blue',
};

/** Polling while the server computes a scope (202) and, more slowly, while a stale result is recomputed. */
const COMPUTING_POLL_MS = 2_000;
const STALE_POLL_MS = 5_000;

/**
 * The stored analysis of the scope. The server answers 202 { status: 'computing' } until its job has
 * stored one, so the query polls until the 200 arrives (and while the answer is marked stale).
 */
function useAnalysisQuery<T extends StoredAnalysis>(kind: 'drivers' | 'peak-end', filters: PanelProps['filters']) {
  const { orgId } = useCurrentOrg();
  return useQuery({
    queryKey: insightsKey(orgId, kind, filters),
    queryFn: () => api<T | AnalysisComputing>(`/insights/${kind}`, { query: { journey: filters.journey, location: filters.location, from: filters.from, to: filters.to } }),
    refetchInterval: (query) => {
      const data = query.state.data;
      if (!data) return false;
      if (isComputing(data)) return COMPUTING_POLL_MS;
      return data.stale ? STALE_POLL_MS : false;
    },
  });
}

function isComputing(data: StoredAnalysis | AnalysisComputing): data is AnalysisComputing {
  return 'status' in data && data.status === 'computing';
}

/** The panel's frame while the server computes: busy for assistive technology, announced politely. */
function ComputingPanel({ titleId, title, testId }: { titleId: string; title: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <Paper p="md" withBorder radius="md" component="section" aria-labelledby={titleId} aria-busy data-testid={testId}>
      <Stack gap="sm">
        <Title order={3} size="h4" id={titleId}>
          {title}
        </Title>
        <Group gap="sm" wrap="nowrap" role="status" aria-live="polite" data-testid="analysis-computing">
          <Loader size="sm" aria-hidden />
          <Stack gap={0}>
            <Text fw={600}>{t('insights.analysis.computingTitle')}</Text>
            <Text size="sm" c="dimmed">
              {t('insights.analysis.computing')}
            </Text>
          </Stack>
        </Group>
      </Stack>
    </Paper>
  );
}

/** When the stored answer was computed, and whether a newer one is on its way. */
function ComputedAt({ data }: { data: StoredAnalysis }) {
  const { t } = useTranslation();
  const format = useScoreFormat();
  const time = new Intl.DateTimeFormat(format.locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(data.computedAt));
  return (
    <Text size="xs" c="dimmed" role="status" aria-live="polite" data-testid="analysis-computed-at">
      {t(data.stale ? 'insights.analysis.stale' : 'insights.analysis.computedAt', { time })}
    </Text>
  );
}

/** The drivers chart (relative weight of each moment on the likelihood to recommend) and the peak–end panel. */
export function DriversPanel({ filters, fallback }: PanelProps) {
  return (
    <Stack gap="lg">
      <DriversChart filters={filters} fallback={fallback} />
      <PeakEndPanel filters={filters} fallback={fallback} />
    </Stack>
  );
}

function NotEnough({ n, min }: { n: number; min: number }) {
  const { t } = useTranslation();
  const format = useScoreFormat();
  return (
    <EmptyState
      icon={<IconChartBar size={32} stroke={1.5} aria-hidden />}
      variant="light"
      title={t('insights.drivers.notEnoughTitle')}
      description={t('insights.drivers.notEnough', { n: format.integer(n), min: format.integer(min) })}
    />
  );
}

/** Runs of neighbouring ranks whose weights are not distinguishable (differsFromNext false), two or more moments each. */
export function tiedRankGroups<M extends { differsFromNext: boolean | null }>(moments: readonly M[]): M[][] {
  const groups: M[][] = [];
  let run: M[] = [];
  for (const moment of moments) {
    run.push(moment);
    if (moment.differsFromNext !== false) {
      if (run.length > 1) groups.push(run);
      run = [];
    }
  }
  if (run.length > 1) groups.push(run);
  return groups;
}

function DriversChart({ filters, fallback }: PanelProps) {
  const { t } = useTranslation();
  const format = useScoreFormat();
  const language = currentLanguage();
  const drivers = useAnalysisQuery<DriversReport>('drivers', filters);
  const section = useRef<HTMLElement>(null);
  const exportContext = useExportContext(filters);
  if (drivers.isPending) return <CenteredLoader />;
  if (drivers.isError) return <QueryError error={drivers.error} onRetry={() => void drivers.refetch()} />;
  if (isComputing(drivers.data)) return <ComputingPanel titleId="drivers-title" title={t('insights.drivers.title')} testId="drivers-panel" />;
  const data = drivers.data;
  const percent = new Intl.NumberFormat(format.locale, { style: 'percent', maximumFractionDigits: 1 });
  const share = { format: (value: number) => percent.format(value / 100) };
  const mean = new Intl.NumberFormat(format.locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const nameOf = (m: { momentKey: string; name: Record<string, string> | null }) => (m.name ? textIn(m.name, language, fallback) : '') || m.momentKey;
  // The scale reaches the highest interval end, so every whisker fits.
  const max = Math.max(1, ...data.moments.map((m) => Math.max(m.share, m.shareCi[1])));
  const ciText = (ci: [number, number]) => t('insights.drivers.ciRange', { low: share.format(ci[0]), high: share.format(ci[1]) });
  const tiedGroups = tiedRankGroups(data.moments).map((group) => group.map(nameOf).join(' ≈ '));
  const barSpace = CHART_WIDTH - LABEL_WIDTH - 70;
  const height = data.moments.length * (BAR_HEIGHT + 8) + 8;
  return (
    <Paper p="md" withBorder radius="md" component="section" aria-labelledby="drivers-title" data-testid="drivers-panel" ref={section}>
      <Stack gap="sm">
        <Title order={3} size="h4" id="drivers-title">
          {t('insights.drivers.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('insights.drivers.description')}
        </Text>
        <ComputedAt data={data} />
        {data.status === 'insufficient' ? (
          <NotEnough n={data.respondents} min={data.minRespondents} />
        ) : (
          <>
            <Text size="sm">
              {t('insights.drivers.summary', {
                n: format.integer(data.respondents),
                r2: share.format((data.rSquared ?? 0) * 100),
              })}
              {data.truncated ? ` ${t('insights.drivers.truncated')}` : ''}
            </Text>
            <svg
              className={classes.chart}
              viewBox={`0 0 ${CHART_WIDTH} ${height}`}
              role="img"
              aria-label={t('insights.drivers.chartLabel')}
              data-testid="drivers-chart"
              style={{ maxWidth: CHART_WIDTH }}
            >
              {data.moments.map((m, i) => {
                const y = 8 + i * (BAR_HEIGHT + 8);
                const width = Math.max(2, (m.share / max) * barSpace);
                const low = LABEL_WIDTH + (m.shareCi[0] / max) * barSpace;
                const high = LABEL_WIDTH + (m.shareCi[1] / max) * barSpace;
                const middle = y + BAR_HEIGHT / 2;
                return (
                  <g key={m.momentKey} data-moment={m.momentKey}>
                    <text x={LABEL_WIDTH - 8} y={y + BAR_HEIGHT / 2} textAnchor="end" dominantBaseline="central" fontSize={13} fill="var(--mantine-color-text)">
                      {nameOf(m).length > 26 ? `${nameOf(m).slice(0, 25)}…` : nameOf(m)}
                    </text>
                    <rect x={LABEL_WIDTH} y={y} width={width} height={BAR_HEIGHT} rx={3} fill={`var(--mantine-color-${QUADRANT_COLORS[m.quadrant]}-6)`} />
                    <g data-testid="drivers-whisker" stroke="var(--mantine-color-text)" strokeWidth={1.5} aria-hidden>
                      <title>{`${t('insights.drivers.columns.ci')} ${ciText(m.shareCi)}`}</title>
                      <line x1={low} x2={high} y1={middle} y2={middle} />
                      <line x1={low} x2={low} y1={middle - 6} y2={middle + 6} />
                      <line x1={high} x2={high} y1={middle - 6} y2={middle + 6} />
                    </g>
                    <text x={Math.max(LABEL_WIDTH + width, high) + 6} y={middle} dominantBaseline="central" fontSize={13} fill="var(--mantine-color-text)">
                      {share.format(m.share)}
                    </text>
                  </g>
                );
              })}
            </svg>
            {tiedGroups.length > 0 && (
              <Text size="sm" data-testid="drivers-tied-note">
                {t('insights.drivers.tiedNote', { groups: tiedGroups.join('; ') })}
              </Text>
            )}
            <Group gap="md" wrap="wrap" role="group" aria-label={t('insights.drivers.legend')}>
              {(Object.keys(QUADRANT_COLORS) as Quadrant[]).map((quadrant) => (
                <Group key={quadrant} gap={6} wrap="nowrap">
                  <span className={classes.quadrantSwatch} style={{ background: `var(--mantine-color-${QUADRANT_COLORS[quadrant]}-6)` }} aria-hidden />
                  <Text size="xs">{t(`insights.drivers.quadrants.${quadrant}`)}</Text>
                </Group>
              ))}
            </Group>
            <Title order={4} size="h5">
              {t('insights.drivers.ipaTitle')}
            </Title>
            <Table striped withTableBorder data-testid="drivers-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('insights.drivers.columns.moment')}</Table.Th>
                  <Table.Th ta="right">{t('insights.drivers.columns.share')}</Table.Th>
                  <Table.Th ta="right">{t('insights.drivers.columns.ci')}</Table.Th>
                  <Table.Th ta="right">{t('insights.drivers.columns.performance')}</Table.Th>
                  <Table.Th>{t('insights.drivers.columns.quadrant')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.moments.map((m) => (
                  <Table.Tr key={m.momentKey}>
                    <Table.Td>
                      {nameOf(m)}
                      {m.differsFromNext === false && (
                        <Text span c="dimmed" ml={6} title={t('insights.drivers.tiedWithNext')} aria-label={t('insights.drivers.tiedWithNext')}>
                          ≈
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td ta="right">{share.format(m.share)}</Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                      {ciText(m.shareCi)}
                    </Table.Td>
                    <Table.Td ta="right">{mean.format(m.performance)}</Table.Td>
                    <Table.Td>
                      <Badge color={QUADRANT_COLORS[m.quadrant]} variant="light">
                        {t(`insights.drivers.quadrants.${m.quadrant}`)}
                      </Badge>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Group justify="flex-end">
              <ExportActions
                title={t('insights.drivers.title')}
                area="drivers"
                period={{ journey: data.journeyKey, from: data.from, to: data.to }}
                png={{ target: section, context: exportContext }}
                table={() => driversExportTable({ report: data, momentName: nameOf, t })}
              />
            </Group>
            <Text size="xs" c="dimmed">
              {t('insights.drivers.method', { split: data.performanceSplit === null ? '—' : mean.format(data.performanceSplit) })}
              {data.bootstrap
                ? ` ${t('insights.drivers.ciMethod', { resamples: format.integer(data.bootstrap.resamples), rows: format.integer(data.bootstrap.rowsPerResample) })}`
                : ''}
            </Text>
          </>
        )}
      </Stack>
    </Paper>
  );
}

function PeakEndPanel({ filters, fallback }: PanelProps) {
  const { t } = useTranslation();
  const format = useScoreFormat();
  const language = currentLanguage();
  const report = useAnalysisQuery<PeakEndReport>('peak-end', filters);
  const section = useRef<HTMLElement>(null);
  const exportContext = useExportContext(filters);
  if (report.isPending) return <CenteredLoader />;
  if (report.isError) return <QueryError error={report.error} onRetry={() => void report.refetch()} />;
  if (isComputing(report.data)) return <ComputingPanel titleId="peak-end-title" title={t('insights.peakEnd.title')} testId="peak-end-panel" />;
  const data = report.data;
  const r = new Intl.NumberFormat(format.locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const nameOf = (m: { momentKey: string; name: Record<string, string> | null }) => (m.name ? textIn(m.name, language, fallback) : '') || m.momentKey;
  const pe = data.correlationPeakEnd;
  const mean = data.correlationMean;
  const verdict = pe === null || mean === null ? null : Math.abs(pe - mean) < 0.02 ? 'same' : pe > mean ? 'peakEnd' : 'mean';
  const list = new Intl.ListFormat(format.locale, { type: 'conjunction' });
  const topMoments = (moments: PeakEndReport['peakMoments']) => list.format(moments.slice(0, 3).map((m) => `${nameOf(m)} (${format.integer(m.visits)})`));
  return (
    <Paper p="md" withBorder radius="md" component="section" aria-labelledby="peak-end-title" data-testid="peak-end-panel" ref={section}>
      <Stack gap="sm">
        <Title order={3} size="h4" id="peak-end-title">
          {t('insights.peakEnd.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('insights.peakEnd.description')}
        </Text>
        <ComputedAt data={data} />
        {data.status === 'insufficient' ? (
          <NotEnough n={data.respondents} min={data.minRespondents} />
        ) : (
          <>
            <Group gap="xl" wrap="wrap">
              <Stack gap={0}>
                <Text size="xs" c="dimmed">
                  {t('insights.peakEnd.correlationPeakEnd')}
                </Text>
                <Text size="xl" fw={700} data-testid="peak-end-r">
                  {pe === null ? '—' : r.format(pe)}
                </Text>
              </Stack>
              <Stack gap={0}>
                <Text size="xs" c="dimmed">
                  {t('insights.peakEnd.correlationMean')}
                </Text>
                <Text size="xl" fw={700}>
                  {mean === null ? '—' : r.format(mean)}
                </Text>
              </Stack>
              <Stack gap={0}>
                <Text size="xs" c="dimmed">
                  {t('insights.peakEnd.visits')}
                </Text>
                <Text size="xl" fw={700}>
                  {format.integer(data.respondents)}
                </Text>
              </Stack>
            </Group>
            <PeakEndChart peakEnd={pe} mean={mean} />
            {verdict && <Text size="sm">{t(`insights.peakEnd.verdict.${verdict}`)}</Text>}
            {data.regression && (
              <Table withTableBorder>
                <VisuallyHidden component="caption">{t('insights.peakEnd.regressionCaption')}</VisuallyHidden>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('insights.peakEnd.term')}</Table.Th>
                    <Table.Th ta="right">{t('insights.peakEnd.coefficient')}</Table.Th>
                    <Table.Th ta="right">{t('insights.peakEnd.pValue')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {(['peak', 'end', 'mean'] as const).map((term, i) => (
                    <Table.Tr key={term}>
                      <Table.Td>{t(`insights.peakEnd.terms.${term}`)}</Table.Td>
                      <Table.Td ta="right">{r.format(data.regression!.coefficients[i + 1]!)}</Table.Td>
                      <Table.Td ta="right">{format.pValue(data.regression!.pValues[i + 1]!)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
            {data.regression && <Text size="xs" c="dimmed">{t('insights.peakEnd.r2', { r2: r.format(data.regression.rSquared) })}</Text>}
            {data.peakMoments.length > 0 && <Text size="sm">{t('insights.peakEnd.peakMoments', { moments: topMoments(data.peakMoments) })}</Text>}
            {data.endMoments.length > 0 && <Text size="sm">{t('insights.peakEnd.endMoments', { moments: topMoments(data.endMoments) })}</Text>}
            <Group justify="flex-end">
              <ExportActions
                title={t('insights.peakEnd.title')}
                area="peak-end"
                period={{ journey: data.journeyKey, from: filters.from, to: filters.to }}
                png={{ target: section, context: exportContext }}
                table={() => peakEndExportTable({ report: data, t })}
              />
            </Group>
          </>
        )}
      </Stack>
    </Paper>
  );
}
