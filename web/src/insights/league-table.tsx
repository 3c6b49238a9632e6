import { useMemo, useState } from 'react';
import { Group, Pagination, Paper, Select, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { IconArrowDown, IconArrowUp, IconArrowsSort, IconTrendingDown, IconTrendingUp } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { QueryError } from '../components/query-error';
import { useLocationOptions } from '../settings/use-locations';
import { useCurrentOrg } from '../session/current-org';
import { ExportActions } from './export-actions';
import { insightsKey, type InsightFilters, type MetricKey, type ScoreReport, type ScoreRow } from './insights-api';
import { leagueServerSort, sortRows, type Sort, type SortKey } from './insights-model';
import classes from './insights.module.css';
import { NoAnswers } from './journey-heatmap';
import { useScoreFormat } from './score-format';
import { useStaffNames } from './staff-names';
import { leagueExportTable, staffDisplayName } from './table-export';

const MIN_N_CHOICES = [5, 10, 20, 30, 50, 100] as const;
/** Rows a page: a network's staff league (1,200 rows) is never fetched or drawn whole. */
export const LEAGUE_PAGE_SIZE = 50;

interface LeagueProps {
  groupBy: 'location' | 'staff';
  filters: InsightFilters;
  metric: MetricKey;
}

/**
 * Outlets or staff ranked by a score. A score on fewer answers than the minimum n is withheld and
 * its row is listed after the ranked ones; a change against the previous period is marked only when
 * it is statistically significant, so noise never reads as news.
 *
 * The server sorts and pages the table (one page of LEAGUE_PAGE_SIZE rows, each with its global rank),
 * except by name: only the browser knows staff names, so that order fetches the whole table and pages
 * it here. Exports always fetch every row.
 */
export function LeagueTable({ groupBy, filters, metric }: LeagueProps) {
  const { t, i18n } = useTranslation();
  const { orgId } = useCurrentOrg();
  const format = useScoreFormat();
  const { labelOf } = useLocationOptions();
  const [minN, setMinN] = useState<number>(5);
  const [sort, setSort] = useState<Sort>({ key: 'score', descending: true });
  const queryClient = useQueryClient();
  const base = { groupBy, journey: filters.journey, location: filters.location, from: filters.from, to: filters.to, minN };
  const serverSort = leagueServerSort(metric, sort.key);
  // Every row in the chosen order (what the export writes); the page adds limit and offset.
  const sorted = serverSort ? { ...base, sort: serverSort, order: sort.descending ? 'desc' : 'asc', answered: metric } : base;
  // Back to page 1 whenever the table's order or rows change.
  const scope = JSON.stringify([sorted, metric]);
  const [paging, setPaging] = useState({ scope, page: 1 });
  const page = paging.scope === scope ? paging.page : 1;
  const offset = (page - 1) * LEAGUE_PAGE_SIZE;
  const query = serverSort ? { ...sorted, limit: LEAGUE_PAGE_SIZE, offset } : base;
  const report = useQuery({
    queryKey: insightsKey(orgId, 'scores', query),
    queryFn: () => api<ScoreReport>('/scores', { query }),
    // The old page stays on screen while the next one loads, rather than a spinner per click.
    placeholderData: keepPreviousData,
  });
  // Staff by their display name from the coaching staff directory where it knows them, else by id.
  const staffNames = useStaffNames(groupBy === 'staff');
  const nameOf = (row: ScoreRow): string =>
    groupBy === 'location' ? (labelOf(row.locationId ?? null) ?? t('insights.league.noLocation')) : (staffDisplayName(row.staffId, staffNames) ?? t('insights.league.noStaff'));
  const collator = useMemo(() => new Intl.Collator(i18n.language), [i18n.language]);
  /** A report's rows as the table lists them, with their ranks: the place by score (best first), whatever column the reader sorts by. */
  const arrange = (data: ScoreReport) => {
    if (serverSort) {
      const items = data.rows.map((row) => ({ row, name: nameOf(row) }));
      const ranks = new Map(items.flatMap(({ row }) => (row.rank != null ? [[row, row.rank] as const] : [])));
      return { items, ranks, totalRows: data.totalRows ?? items.length };
    }
    const items = sortRows(data.rows.filter((row) => row[metric].n > 0).map((row) => ({ row, name: nameOf(row) })), metric, sort, collator);
    const ranked = sortRows(items, metric, { key: 'score', descending: true }, collator).filter((item) => item.row[metric].score !== null);
    return { items, ranks: new Map(ranked.map((item, index) => [item.row, index + 1])), totalRows: items.length };
  };
  const table = useMemo(() => (report.data ? arrange(report.data) : null), [report.data, metric, sort, collator, labelOf, staffNames, t]);
  const totalRows = table?.totalRows ?? 0;
  const pageItems = !table ? [] : serverSort ? table.items : table.items.slice(offset, offset + LEAGUE_PAGE_SIZE);
  const ranks = table?.ranks ?? new Map<ScoreRow, number>();
  const pages = Math.ceil(totalRows / LEAGUE_PAGE_SIZE);
  const exportTable = async () => {
    const all = await queryClient.fetchQuery({ queryKey: insightsKey(orgId, 'scores', sorted), queryFn: () => api<ScoreReport>('/scores', { query: sorted }) });
    const { items, ranks: allRanks } = arrange(all);
    return leagueExportTable({ groupBy, metric, minN: all.minN, items, ranks: allRanks, t });
  };
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
            disabled={totalRows === 0 || !report.data}
            table={exportTable}
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
      ) : totalRows === 0 ? (
        <NoAnswers />
      ) : (
        <>
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
                {pageItems.map(({ row, name }) => {
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
          <Group justify="space-between" mt="sm" wrap="wrap">
            <Text size="sm" c="dimmed" aria-live="polite" data-testid="league-page-of">
              {t('insights.league.pageOf', {
                from: format.integer(Math.min(offset + 1, totalRows)),
                to: format.integer(offset + pageItems.length),
                total: format.integer(totalRows),
              })}
            </Text>
            {pages > 1 && (
              <nav aria-label={t('insights.league.pages', { title })}>
                <Pagination
                  total={pages}
                  value={page}
                  onChange={(next) => setPaging({ scope, page: next })}
                  size="sm"
                  getItemProps={(item) => ({ 'aria-label': t('insights.league.page', { page: item }) })}
                  getControlProps={(control) =>
                    control === 'previous' ? { 'aria-label': t('insights.league.previousPage') } : control === 'next' ? { 'aria-label': t('insights.league.nextPage') } : {}
                  }
                />
              </nav>
            )}
          </Group>
        </>
      )}
    </Paper>
  );
}
