import { Badge, EmptyState, Group, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconAlertTriangle, IconScale } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { api } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { PageHeader } from '../components/page-header';
import { QueryError } from '../components/query-error';
import { useMomentNames } from '../feedback/use-journey-choices';
import { useCurrentOrg } from '../session/current-org';
import { useLocationOptions } from '../settings/use-locations';
import { AuditsTabs } from './audits-tabs';
import { auditsKey, type CellFlag, type ComplianceSatisfactionCell } from './audits-api';
import { formatPercent } from './compliance-badge';

const VIEWS = ['passes_checks_customers_suffer', 'fails_checks_customers_happy', 'all'] as const;
type View = (typeof VIEWS)[number];
const CUSTOMER_COLORS: Record<string, string> = { meets: 'green', below: 'red', insufficient: 'gray', no_benchmark: 'gray' };
const FLAG_COLORS: Record<CellFlag, string> = { passes_checks_customers_suffer: 'red', fails_checks_customers_happy: 'yellow' };

/**
 * "We pass our checks, customers still suffer": per moment and outlet, audit compliance next to the
 * customer score of the same months, the cells where the two disagree first.
 */
export function ComplianceSatisfactionPage() {
  const { t, i18n } = useTranslation();
  const { orgId } = useCurrentOrg();
  const [params, setParams] = useSearchParams();
  const momentName = useMomentNames();
  const { labelOf } = useLocationOptions();
  const view = (VIEWS as readonly string[]).includes(params.get('view') ?? '') ? (params.get('view') as View) : 'passes_checks_customers_suffer';
  const cells = useQuery({
    queryKey: auditsKey(orgId, 'compliance-vs-satisfaction', view),
    queryFn: () =>
      api<{ from: string; to: string; items: ComplianceSatisfactionCell[] }>(`/audits/compliance-vs-satisfaction${view === 'all' ? '' : `?flag=${view}`}`),
  });
  const number = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 });
  // Three long choices do not fit side by side on a phone.
  const narrow = useMediaQuery('(max-width: 62em)') ?? false;
  return (
    <>
      <PageHeader title={t('audits.title')} description={t('audits.gap.description')} />
      <AuditsTabs />
      <Stack gap="md">
        <Stack gap={4}>
          <SegmentedControl
            orientation={narrow ? 'vertical' : 'horizontal'}
            value={view}
            onChange={(value) => {
              const next = new URLSearchParams(params);
              if (value === 'passes_checks_customers_suffer') next.delete('view');
              else next.set('view', value);
              setParams(next, { replace: true });
            }}
            aria-label={t('audits.gap.viewLabel')}
            data={VIEWS.map((value) => ({ value, label: t(`audits.gap.views.${value}`) }))}
            fullWidth
          />
          {cells.data && (
            <Text size="sm" c="dimmed">
              {t('audits.gap.months', { from: cells.data.from, to: cells.data.to })}
            </Text>
          )}
        </Stack>
        {cells.isPending ? (
          <CenteredLoader />
        ) : cells.isError ? (
          <QueryError error={cells.error} onRetry={() => void cells.refetch()} />
        ) : cells.data.items.length === 0 ? (
          <EmptyState icon={<IconScale size={32} stroke={1.5} aria-hidden />} variant="light" title={t(`audits.gap.empty.${view}`)} description={t('audits.gap.emptyDescription')} />
        ) : (
          <Table.ScrollContainer minWidth={820}>
            <Table striped withTableBorder aria-label={t('audits.gap.tableLabel')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('audits.gap.outlet')}</Table.Th>
                  <Table.Th>{t('audits.gap.moment')}</Table.Th>
                  <Table.Th>{t('audits.gap.compliance')}</Table.Th>
                  <Table.Th>{t('audits.gap.customers')}</Table.Th>
                  <Table.Th>{t('audits.gap.verdict')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {cells.data.items.map((cell) => (
                  <Table.Tr key={`${cell.locationId}-${cell.journeyKey}-${cell.momentKey}`}>
                    <Table.Td>{labelOf(cell.locationId) ?? t('audits.unknownLocation')}</Table.Td>
                    <Table.Td>{momentName(cell.journeyKey, cell.momentKey) ?? cell.momentKey}</Table.Td>
                    <Table.Td>
                      <Stack gap={2}>
                        <Badge variant="light" color={cell.audit.status === 'met' ? 'green' : cell.audit.status === 'missed' ? 'red' : 'gray'}>
                          {formatPercent(cell.audit.compliance, i18n.language)}
                        </Badge>
                        <Text size="xs" c="dimmed">
                          {t(cell.audit.targetSource === 'benchmark' ? 'audits.gap.target' : 'audits.gap.defaultTarget', {
                            target: `${t(`audits.comparator.${cell.audit.target.comparator}`)} ${formatPercent(cell.audit.target.value, i18n.language)}`,
                          })}
                        </Text>
                      </Stack>
                    </Table.Td>
                    <Table.Td>
                      {cell.customers.metrics.length === 0 ? (
                        <Text size="sm" c="dimmed">
                          {t('audits.gap.noBenchmark')}
                        </Text>
                      ) : (
                        <Stack gap={2}>
                          {cell.customers.metrics.map((metric) => (
                            <Stack key={metric.metric} gap={2} align="flex-start">
                              <Badge variant="light" color={CUSTOMER_COLORS[metric.status] ?? 'gray'} style={{ overflow: 'visible' }}>
                                {t(`audits.gap.metrics.${metric.metric}`)} {metric.score === null ? '—' : number.format(metric.score)}
                              </Badge>
                              <Text size="xs" c="dimmed">
                                {t('audits.gap.benchmark', { comparator: t(`audits.comparator.${metric.comparator}`), value: number.format(metric.value), n: metric.n })}
                              </Text>
                            </Stack>
                          ))}
                        </Stack>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {cell.flag ? (
                        <Group gap={6} wrap="nowrap" align="flex-start">
                          <IconAlertTriangle size={18} color={`var(--mantine-color-${FLAG_COLORS[cell.flag]}-7)`} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
                          <Text size="sm" fw={600} c={`${FLAG_COLORS[cell.flag]}.8`}>
                            {t(`audits.gap.flags.${cell.flag}`)}
                          </Text>
                        </Group>
                      ) : (
                        <Text size="sm" c="dimmed">
                          {t(`audits.gap.customerStatus.${cell.customers.status}`)}
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </>
  );
}
