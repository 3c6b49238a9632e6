import { useRef, useState } from 'react';
import { Badge, Group, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { CenteredLoader } from '../../components/centered-loader';
import { QueryError } from '../../components/query-error';
import { useMomentChoices } from '../../feedback/use-journey-choices';
import { useCurrentOrg } from '../../session/current-org';
import { insightsKey, type InsightFilters, type Period } from '../insights-api';
import { ExportActions, useExportContext } from '../export-actions';
import { EXPORT_IGNORE } from '../png-export';
import { useScoreFormat } from '../score-format';
import { themesExportTable } from '../table-export';
import classes from './theme-trend.module.css';

/** One theme (or, with theme "", all analysed comments) in one period, as the themes API returns it. */
export interface ThemeTrendRow {
  periodStart: string | null;
  theme: string;
  mentions: number;
  positive: number;
  neutral: number;
  negative: number;
  /** Mean sentiment score of the mentioning sentences, in [−1, 1]. */
  meanSentiment: number;
}

interface ThemeReport {
  from: string;
  to: string;
  comments: ThemeTrendRow[];
  themes: ThemeTrendRow[];
}

const PERIODS: readonly Period[] = ['week', 'month', 'quarter'];
/** Themes shown: the most mentioned ones; the rest are rarely worth a row on a dashboard. */
const TOP_THEMES = 8;

/** The sentiment band of a cell: its colour class and the word a screen reader and a printout get. */
export function sentimentBand(meanSentiment: number): 'negative' | 'mixed' | 'positive' {
  if (meanSentiment <= -0.2) return 'negative';
  if (meanSentiment >= 0.2) return 'positive';
  return 'mixed';
}

/**
 * Pivots the API rows into the most mentioned themes × periods (mentions and sentiment per cell), so
 * the panel shows whether a complaint theme grows or fades per moment and outlet.
 */
export function pivotThemeTrend(rows: readonly ThemeTrendRow[], top = TOP_THEMES) {
  const periods = [...new Set(rows.map((row) => row.periodStart ?? ''))].sort();
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(row.theme, (totals.get(row.theme) ?? 0) + row.mentions);
  const themes = [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, top).map(([theme]) => theme);
  const cell = new Map(rows.map((row) => [`${row.theme}\u0000${row.periodStart ?? ''}`, row]));
  return {
    periods,
    themes: themes.map((theme) => ({
      theme,
      total: totals.get(theme)!,
      cells: periods.map((period) => cell.get(`${theme}\u0000${period}`)),
    })),
  };
}

export function ThemeTrendPanel({ filters }: { filters: InsightFilters }) {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const format = useScoreFormat();
  const [moment, setMoment] = useState<string | null>(null);
  const [period, setPeriod] = useState<Period>('month');
  const moments = useMomentChoices(filters.journey);
  const query = { period, journey: filters.journey, moment, location: filters.location, from: filters.from, to: filters.to };
  const report = useQuery({
    queryKey: insightsKey(orgId, 'themes', query),
    queryFn: () => api<ThemeReport>('/insights/themes', { query }),
  });
  const themeName = (theme: string) => t(`feedback.themes.${theme}`, { defaultValue: theme.replace(/_/g, ' ') });
  const pivot = report.data ? pivotThemeTrend(report.data.themes) : undefined;
  const section = useRef<HTMLElement>(null);
  const title = t('insightsThemes.title');
  const context = useExportContext(filters, [
    `${t('insights.trend.moment')}: ${moments.choices.find((choice) => choice.value === moment)?.label ?? moment ?? t('insights.trend.allMoments')}`,
    `${t('insights.trend.period')}: ${t(`insights.periods.${period}`)}`,
  ]);
  // The cells on screen (the most mentioned themes), in the order of the table.
  const cells = pivot ? pivot.themes.flatMap((row) => row.cells.filter((cell) => cell !== undefined)) : [];
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={title} data-testid="theme-trend" ref={section}>
      <Group justify="space-between" align="flex-end" mb="sm" wrap="wrap">
        <div>
          <Title order={2} size="h4">
            {t('insightsThemes.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('insightsThemes.description')}
          </Text>
        </div>
        <Group gap="xs" align="flex-end" {...EXPORT_IGNORE}>
          <ExportActions
            title={title}
            area="themes"
            period={{ journey: filters.journey, from: report.data?.from ?? filters.from, to: report.data?.to ?? filters.to }}
            disabled={cells.length === 0}
            png={{ target: section, context }}
            table={() =>
              themesExportTable({ cells, themeName, band: (meanSentiment) => t(`insightsThemes.bands.${sentimentBand(meanSentiment)}`), t })
            }
          />
          <Select label={t('insights.trend.moment')} placeholder={t('insights.trend.allMoments')} data={moments.choices} value={moment} onChange={setMoment} clearable size="xs" w={220} />
          <Select
            label={t('insights.trend.period')}
            data={PERIODS.map((value) => ({ value, label: t(`insights.periods.${value}`) }))}
            value={period}
            onChange={(value) => setPeriod((value as Period | null) ?? 'month')}
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
      ) : !pivot || pivot.themes.length === 0 ? (
        <Text c="dimmed" ta="center" py="lg">
          {t('insightsThemes.empty')}
        </Text>
      ) : (
        <Stack gap="xs">
          <Table.ScrollContainer minWidth={480}>
            <Table withTableBorder withColumnBorders verticalSpacing={4} fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('insightsThemes.theme')}</Table.Th>
                  {pivot.periods.map((start) => (
                    <Table.Th key={start} scope="col" ta="center">
                      {format.shortDay(start)}
                    </Table.Th>
                  ))}
                  <Table.Th scope="col" ta="right">
                    {t('insightsThemes.total')}
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {pivot.themes.map((row) => (
                  <Table.Tr key={row.theme}>
                    <Table.Th scope="row" fw={500}>
                      {themeName(row.theme)}
                    </Table.Th>
                    {row.cells.map((cell, index) =>
                      cell ? (
                        <Table.Td
                          key={pivot.periods[index]}
                          ta="center"
                          className={classes.cell}
                          data-band={sentimentBand(cell.meanSentiment)}
                          title={t('insightsThemes.cellTitle', {
                            mentions: format.integer(cell.mentions),
                            negative: format.integer(cell.negative),
                            positive: format.integer(cell.positive),
                            sentiment: t(`insightsThemes.bands.${sentimentBand(cell.meanSentiment)}`),
                          })}
                        >
                          {format.integer(cell.mentions)}
                          <span className={classes.band}>{t(`insightsThemes.bands.${sentimentBand(cell.meanSentiment)}`)}</span>
                        </Table.Td>
                      ) : (
                        <Table.Td key={pivot.periods[index]} ta="center" c="dimmed">
                          –
                        </Table.Td>
                      ),
                    )}
                    <Table.Td ta="right">
                      <Badge variant="light" color="gray">
                        {format.integer(row.total)}
                      </Badge>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Text size="xs" c="dimmed">
            {t('insightsThemes.hint')}
          </Text>
        </Stack>
      )}
    </Paper>
  );
}
