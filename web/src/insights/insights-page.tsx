import { useEffect, useMemo } from 'react';
import { EmptyState, Group, SegmentedControl, Select, Stack, Tabs, TextInput, TreeSelect, type TreeNodeData } from '@mantine/core';
import { IconRoute } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import type { Location } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { PageHeader } from '../components/page-header';
import { useJourneyChoices } from '../feedback/use-journey-choices';
import { useLocations } from '../settings/use-locations';
import { AlertsList } from './alerts-list';
import { DemoLoader } from './demo-loader';
import { DriversPanel } from './drivers-panel';
import { METRIC_KEYS, type InsightFilters, type MetricKey } from './insights-api';
import { defaultRange } from './insights-model';
import { JourneyHeatmap } from './journey-heatmap';
import { LeagueTable } from './league-table';
import { ThemeTrendPanel } from './themes/theme-trend-panel';
import { TrendPanel } from './trend-chart';

const TABS = ['heatmap', 'drivers', 'outlets', 'staff', 'trend', 'alerts'] as const;
type Tab = (typeof TABS)[number];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Active locations as a tree for the location picker (a region selects its whole subtree). */
function locationTree(locations: Location[], collator: Intl.Collator): TreeNodeData[] {
  const active = locations.filter((location) => !location.archivedAt);
  const ids = new Set(active.map((location) => location.locationId));
  const childrenOf = (parentId: string | null): TreeNodeData[] =>
    active
      .filter((location) => (parentId === null ? location.parentId === null || !ids.has(location.parentId) : location.parentId === parentId))
      .sort((a, b) => collator.compare(a.name, b.name))
      .map((location) => {
        const children = childrenOf(location.locationId);
        return { value: location.locationId, label: location.name, ...(children.length > 0 ? { children } : {}) };
      });
  return childrenOf(null);
}

/**
 * Insights: the journey heatmap, outlet and staff league tables, a moment's trend and the alerts.
 * Every filter lives in the address, so a link (such as the one in an alert e-mail) opens the same view.
 */
export function InsightsPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const journeys = useJourneyChoices();
  const locations = useLocations();
  const collator = useMemo(() => new Intl.Collator(i18n.language), [i18n.language]);
  const tree = useMemo(() => locationTree(locations.data ?? [], collator), [locations.data, collator]);
  const defaults = useMemo(() => defaultRange(), []);

  const journeyParam = params.get('journey');
  const journey = journeys.choices.some((choice) => choice.value === journeyParam) ? journeyParam : (journeys.choices[0]?.value ?? null);
  const fromParam = params.get('from');
  const toParam = params.get('to');
  const filters: InsightFilters = {
    journey,
    location: params.get('location'),
    from: fromParam && DAY.test(fromParam) ? fromParam : defaults.from,
    to: toParam && DAY.test(toParam) ? toParam : defaults.to,
  };
  const metricParam = params.get('metric');
  const metric: MetricKey = METRIC_KEYS.includes(metricParam as MetricKey) ? (metricParam as MetricKey) : 'nps';
  const tabParam = params.get('tab');
  const tab: Tab = TABS.includes(tabParam as Tab) ? (tabParam as Tab) : 'heatmap';
  const fallback = journeys.journeys.find((candidate) => candidate.key === journey)?.fallbackLocale ?? 'en';

  const update = (changes: Record<string, string | null>) => {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null || value === '') next.delete(key);
          else next.set(key, value);
        }
        return next;
      },
      { replace: true },
    );
  };

  // A link naming a journey that is no longer published falls back to the first one, visibly.
  useEffect(() => {
    if (journeyParam && journey && journeyParam !== journey && !journeys.isPending) update({ journey });
  }, [journeyParam, journey, journeys.isPending]);

  const rangeError = filters.from > filters.to ? t('insights.filters.rangeError') : null;

  return (
    <>
      <PageHeader title={t('insights.title')} description={t('insights.description')} />
      <Stack gap="md">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <Select
            label={t('insights.filters.journey')}
            data={journeys.choices}
            value={journey}
            onChange={(value) => update({ journey: value })}
            allowDeselect={false}
            searchable
            w={240}
            disabled={journeys.choices.length === 0}
          />
          <TreeSelect
            label={t('insights.filters.location')}
            placeholder={t('insights.filters.allLocations')}
            data={tree}
            value={filters.location}
            onChange={(value) => update({ location: value })}
            clearable
            searchable
            defaultExpandAll
            nothingFoundMessage={t('insights.filters.noLocation')}
            w={260}
          />
          <TextInput
            type="date"
            label={t('insights.filters.from')}
            value={filters.from}
            max={filters.to}
            onChange={(event) => update({ from: event.currentTarget.value || null })}
            w={160}
            error={rangeError}
          />
          <TextInput type="date" label={t('insights.filters.to')} value={filters.to} min={filters.from} onChange={(event) => update({ to: event.currentTarget.value || null })} w={160} />
          <SegmentedControl
            aria-label={t('insights.filters.metric')}
            value={metric}
            onChange={(value) => update({ metric: value })}
            data={METRIC_KEYS.map((value) => ({ value, label: t(`insights.metrics.${value}`) }))}
          />
        </Group>
        {/* Only on an empty workspace (or while the demo loads): "Load demo data". */}
        <DemoLoader />
        {journeys.isPending ? (
          <CenteredLoader />
        ) : (
          <Tabs value={tab} onChange={(value) => update({ tab: value === 'heatmap' ? null : value })} keepMounted={false}>
            <Tabs.List mb="md">
              {TABS.map((value) => (
                <Tabs.Tab key={value} value={value}>
                  {t(`insights.tabs.${value}`)}
                </Tabs.Tab>
              ))}
            </Tabs.List>
            {rangeError ? null : (
              <>
                <Tabs.Panel value="heatmap">
                  {journey ? (
                    <JourneyHeatmap filters={{ ...filters, journey }} metric={metric} fallback={fallback} />
                  ) : (
                    <EmptyState icon={<IconRoute size={32} stroke={1.5} aria-hidden />} variant="light" title={t('insights.noJourney.title')} description={t('insights.noJourney.description')} />
                  )}
                </Tabs.Panel>
                <Tabs.Panel value="drivers">
                  {journey ? (
                    <DriversPanel filters={{ ...filters, journey }} fallback={fallback} />
                  ) : (
                    <EmptyState icon={<IconRoute size={32} stroke={1.5} aria-hidden />} variant="light" title={t('insights.noJourney.title')} description={t('insights.noJourney.description')} />
                  )}
                </Tabs.Panel>
                <Tabs.Panel value="outlets">
                  <LeagueTable groupBy="location" filters={filters} metric={metric} />
                </Tabs.Panel>
                <Tabs.Panel value="staff">
                  <LeagueTable groupBy="staff" filters={filters} metric={metric} />
                </Tabs.Panel>
                <Tabs.Panel value="trend">
                  <Stack gap="md">
                    <TrendPanel filters={filters} metric={metric} />
                    <ThemeTrendPanel filters={filters} />
                  </Stack>
                </Tabs.Panel>
                <Tabs.Panel value="alerts">
                  <AlertsList />
                </Tabs.Panel>
              </>
            )}
          </Tabs>
        )}
      </Stack>
    </>
  );
}
