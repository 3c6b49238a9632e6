import { Badge, EmptyState, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { IconBellCheck, IconTrendingDown } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { LoadMoreButton } from '../components/load-more-button';
import { QueryError } from '../components/query-error';
import { useMomentNames } from '../feedback/use-journey-choices';
import { COMPARATOR_SIGNS } from '../journeys/labels';
import type { Comparator } from '../journeys/journeys-api';
import { useLocationOptions } from '../settings/use-locations';
import { useCurrentOrg } from '../session/current-org';
import { insightsKey, type AlertFinding, type InsightAlert } from './insights-api';
import { useScoreFormat } from './score-format';
import { StatusIcon } from './status-icon';

/** Weekly alerts of the daily check (docs/insights.md#alerts), newest first. */
export function AlertsList() {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const format = useScoreFormat();
  const momentName = useMomentNames();
  const { labelOf } = useLocationOptions();
  const alerts = useInfiniteQuery({
    queryKey: insightsKey(orgId, 'alerts'),
    queryFn: ({ pageParam }) => api<Page<InsightAlert>>('/insights/alerts', { query: { limit: 20, cursor: pageParam } }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = alerts.data?.pages.flatMap((page) => page.items) ?? [];
  const finding = (item: AlertFinding) => {
    const metric = t(`insights.metrics.${item.metric}`);
    if (item.kind === 'below_benchmark' && item.benchmark) {
      const target = `${COMPARATOR_SIGNS[item.benchmark.comparator as Comparator] ?? item.benchmark.comparator} ${format.score(item.metric, item.benchmark.value).replace(/^\+/, '')}`;
      return t('insights.alerts.below', { metric, score: format.score(item.metric, item.score), target, n: format.integer(item.n) });
    }
    return t('insights.alerts.drop', {
      metric,
      score: format.score(item.metric, item.score),
      previous: item.previous ? format.score(item.metric, item.previous.score) : '—',
      p: item.previous ? format.pValue(item.previous.pValue) : '—',
    });
  };
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={t('insights.alerts.title')}>
      <Title order={2} size="h4" mb="xs">
        {t('insights.alerts.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('insights.alerts.description')}
      </Text>
      {alerts.isPending ? (
        <CenteredLoader />
      ) : alerts.isError ? (
        <QueryError error={alerts.error} onRetry={() => void alerts.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState icon={<IconBellCheck size={32} stroke={1.5} aria-hidden />} variant="light" title={t('insights.alerts.emptyTitle')} description={t('insights.alerts.emptyDescription')} />
      ) : (
        <Stack gap="xs">
          {items.map((alert) => (
            <Paper key={alert.alertId} withBorder p="sm" radius="sm" data-alert={alert.alertId}>
              <Group justify="space-between" gap="xs" wrap="wrap">
                <Text size="sm" fw={600}>
                  {momentName(alert.journeyKey, alert.momentKey)} · {alert.locationId ? (labelOf(alert.locationId) ?? alert.locationId) : t('insights.alerts.organisation')}
                </Text>
                <Badge variant="light" color="gray">
                  {format.day(alert.periodStart)} – {format.day(alert.periodEnd)}
                </Badge>
              </Group>
              <Stack gap={2} mt={4} component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
                {alert.findings.map((item, index) => (
                  <Group key={index} component="li" gap={6} wrap="nowrap" c="red.9">
                    {item.kind === 'below_benchmark' ? <StatusIcon status="below" size={14} /> : <IconTrendingDown size={14} aria-hidden />}
                    <Text size="sm" c="inherit">
                      {finding(item)}
                    </Text>
                  </Group>
                ))}
              </Stack>
              {alert.responsibleRole && (
                <Text size="xs" c="dimmed" mt={4}>
                  {t('insights.alerts.responsible', { role: alert.responsibleRole })}
                </Text>
              )}
            </Paper>
          ))}
          <LoadMoreButton hasNextPage={alerts.hasNextPage} isFetchingNextPage={alerts.isFetchingNextPage} onLoadMore={() => void alerts.fetchNextPage()} />
        </Stack>
      )}
    </Paper>
  );
}
