import { Badge, EmptyState, Group, Loader, Paper, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { IconBulb } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { api } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { LoadMoreButton } from '../components/load-more-button';
import { PageHeader } from '../components/page-header';
import { QueryError } from '../components/query-error';
import { usePagedList } from '../components/use-paged-list';
import { useMomentNames } from '../feedback/use-journey-choices';
import { useFormat } from '../format';
import { useCurrentOrg } from '../session/current-org';
import { useLocationOptions } from '../settings/use-locations';
import { AuditsTabs } from './audits-tabs';
import { auditsKey, usePersonName, type ImprovementEffect, type MetricEffect, type RankedImprovement } from './audits-api';

const STATUS_COLORS: Record<string, string> = { plan: 'gray', do: 'blue', check: 'violet', act: 'orange', closed: 'green' };
const VIEWS = ['active', 'closed', 'all'] as const;
type View = (typeof VIEWS)[number];

/**
 * Improvement actions (plan → do → check → act), highest impact first (driver importance × gap to
 * benchmark, computed by the server), each with its moment's customer score before and after it started.
 */
export function ImprovementsPage() {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const [params, setParams] = useSearchParams();
  const view = (VIEWS as readonly string[]).includes(params.get('view') ?? '') ? (params.get('view') as View) : 'active';
  const query = { status: view === 'closed' ? 'closed' : '' };
  const list = usePagedList<RankedImprovement>(auditsKey(orgId, 'improvements', query), '/improvement-actions', query);
  const items = (list.data ?? []).filter((item) => view !== 'active' || item.status !== 'closed');
  return (
    <>
      <PageHeader title={t('audits.title')} description={t('audits.improvements.description')} />
      <AuditsTabs />
      <Stack gap="md">
        <SegmentedControl
          value={view}
          onChange={(value) => {
            const next = new URLSearchParams(params);
            if (value === 'active') next.delete('view');
            else next.set('view', value);
            setParams(next, { replace: true });
          }}
          aria-label={t('audits.improvements.viewLabel')}
          data={VIEWS.map((value) => ({ value, label: t(`audits.improvements.views.${value}`) }))}
          style={{ alignSelf: 'flex-start' }}
        />
        <Text size="sm" c="dimmed">
          {t('audits.improvements.impact.help')}
        </Text>
        {list.isPending ? (
          <CenteredLoader />
        ) : list.isError ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState icon={<IconBulb size={32} stroke={1.5} aria-hidden />} variant="light" title={t('audits.improvements.empty')} description={t('audits.improvements.emptyDescription')} />
        ) : (
          <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('audits.improvements.listLabel')}>
            {items.map((item, index) => (
              <li key={item.improvementId}>
                <ImprovementCard improvement={item} rank={item.impact === null ? null : index + 1} />
              </li>
            ))}
          </Stack>
        )}
        <LoadMoreButton hasNextPage={list.hasNextPage} isFetchingNextPage={list.isFetchingNextPage} onLoadMore={() => void list.fetchNextPage()} />
      </Stack>
    </>
  );
}

function ImprovementCard({ improvement, rank }: { improvement: RankedImprovement; rank: number | null }) {
  const { t } = useTranslation();
  const format = useFormat();
  const momentName = useMomentNames();
  const { labelOf } = useLocationOptions();
  const personName = usePersonName();
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
          <Stack gap={2} style={{ flex: '1 1 18rem', minWidth: 0 }}>
            <Text fw={600}>{improvement.title}</Text>
            <Text size="sm" c="dimmed">
              {momentName(improvement.journeyKey, improvement.momentKey) ?? improvement.momentKey} ·{' '}
              {improvement.locationId ? (labelOf(improvement.locationId) ?? t('audits.unknownLocation')) : t('audits.improvements.wholeOrg')}
            </Text>
            <Text size="sm" fs="italic">
              {improvement.hypothesis}
            </Text>
            <ImpactLine improvement={improvement} rank={rank} />
          </Stack>
          <Stack gap={4} align="flex-end">
            <Badge variant="light" color={STATUS_COLORS[improvement.status]}>
              {t(`audits.improvements.status.${improvement.status}`)}
            </Badge>
            <Text size="sm">{t('audits.improvements.started', { date: format.date(`${improvement.startDate}T12:00:00Z`) })}</Text>
            {improvement.ownerUserId && <Text size="sm" c="dimmed">{personName(improvement.ownerUserId)}</Text>}
          </Stack>
        </Group>
        <EffectTable improvementId={improvement.improvementId} />
      </Stack>
    </Paper>
  );
}

const COMPARATOR_SIGNS: Record<string, string> = { gte: '≥', lte: '≤', gt: '>', lt: '<', eq: '=' };

/** Rank, impact and what it was computed from, or why there is none yet. */
function ImpactLine({ improvement, rank }: { improvement: RankedImprovement; rank: number | null }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const inputs = improvement.impactInputs;
  if (!improvement.impactComputedAt || !inputs) {
    return (
      <Text size="sm" c="dimmed">
        {t('audits.improvements.impact.pending')}
      </Text>
    );
  }
  const number = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 });
  const percent = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 1 });
  const target =
    inputs.metric && inputs.benchmark !== null
      ? t('audits.improvements.impact.target', {
          metric: t(`audits.improvements.impact.metrics.${inputs.metric}`),
          score: inputs.score === null ? '–' : number.format(inputs.score),
          comparator: COMPARATOR_SIGNS[inputs.comparator ?? 'gte'],
          benchmark: number.format(inputs.benchmark),
        })
      : null;
  const period = t('audits.improvements.impact.window', {
    from: format.date(`${inputs.windowFrom}T12:00:00Z`),
    to: format.date(`${inputs.windowTo}T12:00:00Z`),
  });
  return (
    <Group gap={8} wrap="wrap">
      {rank !== null && (
        <Badge variant="filled" color="indigo" aria-label={t('audits.improvements.impact.rankLabel', { rank })}>
          {`#${rank}`}
        </Badge>
      )}
      {improvement.impact !== null ? (
        <>
          <Text size="sm" fw={600}>
            {t('audits.improvements.impact.value', { value: number.format(improvement.impact * 100) })}
          </Text>
          <Text size="sm" c="dimmed">
            {t('audits.improvements.impact.inputs', { importance: percent.format(inputs.importance ?? 0), gap: percent.format(inputs.gap ?? 0) })}
            {target ? ` · ${target}` : ''} · {period}
          </Text>
        </>
      ) : (
        <Text size="sm" c="dimmed">
          {t(`audits.improvements.impact.reasons.${inputs.reason ?? 'drivers_insufficient'}`)}
          {target ? ` · ${target}` : ''} · {period}
        </Text>
      )}
    </Group>
  );
}

function EffectTable({ improvementId }: { improvementId: string }) {
  const { t, i18n } = useTranslation();
  const { orgId } = useCurrentOrg();
  const format = useFormat();
  const effect = useQuery({
    queryKey: auditsKey(orgId, 'improvements', improvementId, 'effect'),
    queryFn: () => api<ImprovementEffect>(`/improvement-actions/${improvementId}/effect`),
  });
  if (effect.isPending) return <Loader size="sm" aria-label={t('audits.improvements.effect.loading')} />;
  if (effect.isError) return <QueryError error={effect.error} onRetry={() => void effect.refetch()} />;
  const data = effect.data;
  if (data.state === 'not_started') {
    return (
      <Text size="sm" c="dimmed">
        {t('audits.improvements.effect.notStarted')}
      </Text>
    );
  }
  const number = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1, signDisplay: 'auto' });
  const signed = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1, signDisplay: 'exceptZero' });
  const day = (value: string) => format.date(`${value}T12:00:00Z`);
  const side = (value: { score: number | null; n: number }) =>
    value.score === null ? t('audits.improvements.effect.tooFew', { n: value.n }) : `${number.format(value.score)} (n = ${value.n})`;
  const verdict = (metric: MetricEffect) => {
    if (metric.difference === null) return <Text size="sm" c="dimmed">{t('audits.improvements.effect.noComparison')}</Text>;
    const color = !metric.significant ? 'gray' : metric.difference > 0 ? 'green' : 'red';
    return (
      <Group gap={6} wrap="nowrap">
        <Text size="sm" fw={600} c={color === 'gray' ? undefined : color}>
          {signed.format(metric.difference)}
        </Text>
        <Badge size="sm" variant="light" color={color}>
          {metric.significant ? t('audits.improvements.effect.significant') : t('audits.improvements.effect.notSignificant')}
        </Badge>
      </Group>
    );
  };
  return (
    <Stack gap={4}>
      <Text size="sm" c="dimmed">
        {data.state === 'measuring'
          ? t('audits.improvements.effect.measuring', { days: data.measuredDays, window: data.windowDays })
          : t('audits.improvements.effect.complete', { window: data.windowDays })}
      </Text>
      <Table.ScrollContainer minWidth={480}>
        <Table withTableBorder fz="sm" aria-label={t('audits.improvements.effect.tableLabel')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('audits.improvements.effect.metric')}</Table.Th>
              <Table.Th>
                {t('audits.improvements.effect.before')}
                {data.before && <Text size="xs" c="dimmed">{`${day(data.before.from)} – ${day(data.before.to)}`}</Text>}
              </Table.Th>
              <Table.Th>
                {t('audits.improvements.effect.after')}
                {data.after && <Text size="xs" c="dimmed">{`${day(data.after.from)} – ${day(data.after.to)}`}</Text>}
              </Table.Th>
              <Table.Th>{t('audits.improvements.effect.difference')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(['nps', 'csat'] as const).map((metric) => (
              <Table.Tr key={metric}>
                <Table.Th scope="row">{t(`audits.improvements.effect.metrics.${metric}`)}</Table.Th>
                <Table.Td>{side(data.metrics[metric].before)}</Table.Td>
                <Table.Td>{side(data.metrics[metric].after)}</Table.Td>
                <Table.Td>{verdict(data.metrics[metric])}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
