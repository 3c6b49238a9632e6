import { useMemo, useState } from 'react';
import { Group, Paper, Select, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconArrowDown, IconArrowUp, IconArrowsSort, IconTrendingDown, IconTrendingUp } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { QueryError } from '../components/query-error';
import { useLocationOptions } from '../settings/use-locations';
import { useCurrentOrg } from '../session/current-org';
import { ExportActions } from './export-actions';
import { insightsKey, type InsightFilters, type MetricKey, type ScoreReport, type ScoreRow } from './insights-api';
import { sortRows, type Sort, type SortKey } from './insights-model';
import classes from './insights.module.css';
import { NoAnswers } from './journey-heatmap';
import { useScoreFormat } from './score-format';
import { useStaffNames } from './staff-names';
import { leagueExportTable, staffDisplayName } from './table-export';

const MIN_N_CHOICES = [5, 10, 20, 30, 50, 100] as const;

interface LeagueProps {
  groupBy: 'location' | 'staff';
  filters: InsightFilters;
  metric: MetricKey;
}

/**
 * Outlets or staff ranked by a score. A score on fewer answers than the minimum n is withheld and
 * its row is listed after the ranked ones; a change against the previous period is marked only when
 * it is statistically significant, so noise never reads as news.
 */
export function LeagueTable({ groupBy, filters, metric }: LeagueProps) {
  const { t, i18n } = useTranslation();
  const { orgId } = useCurrentOrg();
  const format = useScoreFormat();
  const { labelOf } = useLocationOptions();
  const [minN, setMinN] = useState<number>(5);
  const [sort, setSort] = useState<Sort>({ key: 'score', descending: true });
  const query = { groupBy, journey: filters.journey, location: filters.location, from: filters.from, to: filters.to, minN };
  const report = useQuery({
    queryKey: insightsKey(orgId, 'scores', query),
    queryFn: () => api<ScoreReport>('/scores', { query }),
  });
  // Staff by their display name from the coaching staff directory where it knows them, else by id.
  const staffNames = useStaffNames(groupBy === 'staff');
  const nameOf = (row: ScoreRow): string =>
    groupBy === 'location' ? (labelOf(row.locationId ?? null) ?? t('insights.league.noLocation')) : (staffDisplayName(row.staffId, staffNames) ?? t('insights.league.noStaff'));
  const collator = useMemo(() => new Intl.Collator(i18n.language), [i18n.language]);
  const items = useMemo(
    () => sortRows((report.data?.rows ?? []).filter((row) => row[metric].n > 0).map((row) => ({ row, name: nameOf(row) })), metric, sort, collator),
    [report.data, metric, sort, collator, labelOf, staffNames, t],
  );
  // The rank is the place by score (best first), whatever column the reader sorts by.
  const ranks = useMemo(() => {
    const ranked = sortRows(items, metric, { key: 'score', descending: true }, collator).filter((item) => item.row[metric].score !== null);
    return new Map(ranked.map((item, index) => [item.row, index + 1]));
  }, [items, metric, collator]);
  const title = t(`insights.league.${groupBy}Title`);

  const header = (key: SortKey, label: string) => {
    const active = sort.key === key;
    const Icon = !active ? IconArrowsSort : sort.descending ? IconArrowDown : IconArrowUp;
    return (
      <Table.Th aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
        <UnstyledButton className={classes.sortButton} onClick={() => setSort({ key, descending: active ? !sort.descending : key !== 'name' })}>
          {label}
          <Icon size={14} aria-hidden />
        </UnstyledButton>
      </Table.Th>
    );
  };

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={title}>
      <Group justify="space-between" align="flex-end" mb="xs" wrap="wrap">
        <Stack gap={2}>
          <Title order={2} size="h4">
            {title}
          </Title>
          {report.data && (
            <Text size="xs" c="dimmed">
              {t('insights.league.comparedWith', { from: format.day(report.data.previousFrom), to: format.day(report.data.previousTo) })}
            </Text>
          )}
        </Stack>
        <Group gap="xs" align="flex-end">
          <Select
            label={t('insights.league.minN')}
            value={String(minN)}
            onChange={(value) => setMinN(Number(value ?? 5))}
            allowDeselect={false}
            w={150}
            size="xs"
            data={MIN_N_CHOICES.map((n) => ({ value: String(n), label: format.integer(n) }))}
          />
          <ExportActions
            title={title}
            area={groupBy === 'location' ? 'outlets' : 'staff'}
            period={{ journey: filters.journey, from: report.data?.from ?? filters.from, to: report.data?.to ?? filters.to }}
            disabled={items.length === 0 || !report.data}
            table={() => (report.data ? leagueExportTable({ groupBy, metric, minN: report.data.minN, items, ranks, t }) : null)}
          />
        </Group>
      </Group>
      <Text size="sm" mb="sm" data-testid="min-n-rule">
        {t('insights.league.minNRule', { minN: format.integer(report.data?.minN ?? minN) })}
      </Text>
      {report.isPending ? (
        <CenteredLoader />
      ) : report.isError ? (
        <QueryError error={report.error} onRetry={() => void report.refetch()} />
      ) : items.length === 0 ? (
        <NoAnswers />
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped highlightOnHover data-testid={`league-${groupBy}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={48}>{t('insights.league.columns.rank')}</Table.Th>
                {header('name', t(`insights.league.${groupBy}`))}
                {header('score', t(`insights.metrics.${metric}`))}
                <Table.Th>{t('insights.league.columns.ci')}</Table.Th>
                {header('n', t('insights.league.columns.n'))}
                {header('change', t('insights.league.columns.change'))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map(({ row, name }) => {
                const score = row[metric];
                const ranked = score.score !== null;
                const change = row.previous[metric];
                return (
                  <Table.Tr key={`${row.locationId ?? ''}|${row.staffId ?? ''}`} data-row={name} data-ranked={ranked || undefined}>
                    <Table.Td>{ranks.has(row) ? format.integer(ranks.get(row)!) : '—'}</Table.Td>
                    <Table.Td>
                      {name}
                      {groupBy === 'staff' && row.staffId && row.staffId !== name && (
                        <Text size="xs" c="dimmed" span ml={6}>
                          {row.staffId}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td fw={700}>
                      {ranked ? (
                        format.score(metric, score.score)
                      ) : (
                        <Text size="xs" c="dimmed" span>
                          {t('insights.league.tooFew', { minN: format.integer(report.data.minN) })}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{format.interval(metric, score.ci)}</Table.Td>
                    <Table.Td>{format.integer(score.n)}</Table.Td>
                    <Table.Td data-testid="change">
                      {change.significant && change.difference !== null ? (
                        <Group gap={4} wrap="nowrap" c={change.difference > 0 ? 'green.8' : 'red.8'}>
                          {change.difference > 0 ? <IconTrendingUp size={16} aria-hidden /> : <IconTrendingDown size={16} aria-hidden />}
                          <Text size="sm" fw={600} c="inherit">
                            {t(change.difference > 0 ? 'insights.league.up' : 'insights.league.down', { difference: format.difference(metric, change.difference) })}
                          </Text>
                          <Text size="xs" c="dimmed">
                            {format.pValue(change.pValue ?? 0)}
                          </Text>
                        </Group>
                      ) : (
                        <Text size="xs" c="dimmed">
                          {t('insights.league.noSignificantChange')}
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
