import { useEffect, useMemo, useRef, useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Drawer,
  EmptyState,
  Grid,
  Group,
  Input,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { IconDownload, IconFilterOff, IconInbox, IconSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { api } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { LoadMoreButton } from '../components/load-more-button';
import { PageHeader } from '../components/page-header';
import { QueryError } from '../components/query-error';
import { useApiError } from '../components/use-api-error';
import { usePagedList } from '../components/use-paged-list';
import { useFormat } from '../format';
import { currentLanguage, LANGUAGE_NAMES, matchLanguage } from '../i18n';
import { downloadFile } from '../journeys/journeys-api';
import { useCurrentOrg } from '../session/current-org';
import { useLocationOptions } from '../settings/use-locations';
import { SURVEY_CHANNELS, responsesKey, surveyVersionsKey, type CommentAnalysis, type SurveyResponse, type SurveyVersion } from './feedback-api';
import { AnswersView, scoreColor } from './answer-view';
import { FeedbackTabs } from './feedback-tabs';
import { useSurveys } from './surveys-page';
import { textIn } from './survey-model';
import { useJourneyChoices, useMomentChoices, useMomentNames } from './use-journey-choices';

interface Filters {
  surveyKey: string | null;
  journeyKey: string | null;
  momentKey: string | null;
  locationId: string | null;
  channel: string | null;
  hasComment: 'any' | 'yes' | 'no';
  npsMin: number | null;
  npsMax: number | null;
  csatMin: number | null;
  csatMax: number | null;
  cesMin: number | null;
  cesMax: number | null;
  from: string;
  to: string;
}

const EMPTY: Filters = { surveyKey: null, journeyKey: null, momentKey: null, locationId: null, channel: null, hasComment: 'any', npsMin: null, npsMax: null, csatMin: null, csatMax: null, cesMin: null, cesMax: null, from: '', to: '' };

/*
 * The filters live in the address (?survey=…&npsMax=6&from=…&q=…), so a filtered inbox can be
 * bookmarked or shared, and the browser's back button steps back through filter changes.
 */
const PARAMS: Record<keyof Filters, string> = {
  surveyKey: 'survey',
  journeyKey: 'journey',
  momentKey: 'moment',
  locationId: 'location',
  channel: 'channel',
  hasComment: 'comment',
  npsMin: 'npsMin',
  npsMax: 'npsMax',
  csatMin: 'csatMin',
  csatMax: 'csatMax',
  cesMin: 'cesMin',
  cesMax: 'cesMax',
  from: 'from',
  to: 'to',
};
const SCORE_LIMITS = { nps: [0, 10], csat: [1, 5], ces: [1, 7] } as const;

/** The filters read from the address; a value out of range or malformed (a hand-edited link) is ignored. */
function filtersOf(search: URLSearchParams): Filters {
  const text = (field: keyof Filters) => search.get(PARAMS[field])?.trim() || null;
  const score = (field: keyof Filters, [min, max]: readonly [number, number]) => {
    const raw = search.get(PARAMS[field]);
    if (raw === null || raw.trim() === '') return null;
    const value = Number(raw);
    return Number.isInteger(value) && value >= min && value <= max ? value : null;
  };
  const day = (field: 'from' | 'to') => {
    const raw = search.get(PARAMS[field]) ?? '';
    return /^\d{4}-\d{2}-\d{2}$/.test(raw) ? raw : '';
  };
  const comment = search.get(PARAMS.hasComment);
  return {
    surveyKey: text('surveyKey'),
    journeyKey: text('journeyKey'),
    momentKey: search.get(PARAMS.journeyKey) ? text('momentKey') : null,
    locationId: text('locationId'),
    channel: (SURVEY_CHANNELS as readonly string[]).includes(search.get(PARAMS.channel) ?? '') ? search.get(PARAMS.channel) : null,
    hasComment: comment === 'yes' || comment === 'no' ? comment : 'any',
    npsMin: score('npsMin', SCORE_LIMITS.nps),
    npsMax: score('npsMax', SCORE_LIMITS.nps),
    csatMin: score('csatMin', SCORE_LIMITS.csat),
    csatMax: score('csatMax', SCORE_LIMITS.csat),
    cesMin: score('cesMin', SCORE_LIMITS.ces),
    cesMax: score('cesMax', SCORE_LIMITS.ces),
    from: day('from'),
    to: day('to'),
  };
}

/** The address for these filters and search text: only what is set, so a shared link stays short. */
function searchOf(filters: Filters, q: string): URLSearchParams {
  const params = new URLSearchParams();
  for (const field of Object.keys(PARAMS) as (keyof Filters)[]) {
    const value = filters[field];
    if (value === null || value === '' || value === 'any') continue;
    params.set(PARAMS[field], String(value));
  }
  if (q.trim()) params.set('q', q.trim());
  return params;
}

/** A calendar day in the reader's time zone as the instant it starts (the API's from/to are instants). */
function dayStart(day: string, plusDays = 0): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, date + plusDays).toISOString();
}

/** The filters as the API's query: `to` is exclusive, so the chosen last day is included by asking for the next. */
function queryOf(filters: Filters, q: string): Record<string, string | number | boolean | undefined> {
  return {
    surveyKey: filters.surveyKey ?? undefined,
    journeyKey: filters.journeyKey ?? undefined,
    momentKey: filters.momentKey ?? undefined,
    locationId: filters.locationId ?? undefined,
    channel: filters.channel ?? undefined,
    hasComment: filters.hasComment === 'any' ? undefined : filters.hasComment === 'yes',
    npsMin: filters.npsMin ?? undefined,
    npsMax: filters.npsMax ?? undefined,
    csatMin: filters.csatMin ?? undefined,
    csatMax: filters.csatMax ?? undefined,
    cesMin: filters.cesMin ?? undefined,
    cesMax: filters.cesMax ?? undefined,
    from: dayStart(filters.from),
    to: dayStart(filters.to, 1),
    q: q.trim() || undefined,
  };
}

/**
 * Sentiment and themes of the listed responses' comments, from the insights room (analysed by a
 * background job, so fresh comments may still be pending). Without that API the inbox simply shows none.
 */
function useCommentAnalyses(responses: SurveyResponse[]): Map<string, CommentAnalysis> {
  const { orgId } = useCurrentOrg();
  const ids = responses.filter((response) => response.comment).map((response) => response.responseId);
  const analyses = useQuery({
    queryKey: [...responsesKey(orgId), 'analyses', ids],
    queryFn: async () => {
      const items: CommentAnalysis[] = [];
      for (let start = 0; start < ids.length; start += 200) {
        const page = await api<{ items: CommentAnalysis[] }>('/insights/comments', { query: { responseIds: ids.slice(start, start + 200).join(',') } });
        items.push(...page.items);
      }
      return items;
    },
    enabled: ids.length > 0,
    retry: false,
    // Pending analyses are picked up by a job about once a minute.
    refetchInterval: (query) => (query.state.data?.some((item) => item.status === 'pending') ? 30_000 : false),
  });
  return useMemo(() => new Map((analyses.data ?? []).map((item) => [item.responseId, item])), [analyses.data]);
}

export function SentimentBadge({ analysis }: { analysis: CommentAnalysis | undefined }) {
  const { t } = useTranslation();
  if (!analysis) return null;
  if (analysis.status === 'pending' || !analysis.sentiment) {
    return (
      <Text size="xs" c="dimmed" fs="italic" data-testid="sentiment-pending">
        {t('feedback.sentiment.pending')}
      </Text>
    );
  }
  const label = analysis.sentiment.label;
  const color = label === 'positive' ? 'green' : label === 'negative' ? 'red' : 'gray';
  return (
    <Badge variant="light" color={color} size="sm" data-testid="sentiment">
      {['positive', 'neutral', 'negative'].includes(label) ? t(`feedback.sentiment.${label}`) : label}
    </Badge>
  );
}

function themeName(theme: string, t: (key: string, options?: Record<string, unknown>) => string): string {
  return t(`feedback.themes.${theme}`, { defaultValue: theme.replace(/_/g, ' ') });
}

export function ResponsesPage() {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const format = useFormat();
  const handleError = useApiError();
  const language = currentLanguage();
  const [search, setSearch] = useSearchParams();
  const filters = useMemo(() => filtersOf(search), [search]);
  const urlText = search.get('q')?.trim() ?? '';
  const [text, setText] = useState(urlText);
  const [debouncedText] = useDebouncedValue(text, 350);
  // The search box writes the address once typing pauses (replacing, so each letter is not a history
  // step); an address changed from outside (back button, a shared link) writes the box.
  const writtenText = useRef(urlText);
  // The box's latest text, also for effects of a render whose `text` is already stale: when the
  // address changes from outside, the sync below runs first in the same commit, and the write-back
  // must see the text it just set, or it would put the old text back into the address.
  const latestText = useRef(text);
  latestText.current = text;
  useEffect(() => {
    if (urlText === writtenText.current) return;
    writtenText.current = urlText;
    latestText.current = urlText;
    setText(urlText);
  }, [urlText]);
  useEffect(() => {
    // Only once typing settled: a stale debounced value must not undo an address the back button just restored.
    if (debouncedText !== latestText.current) return;
    const value = debouncedText.trim();
    if (value === writtenText.current) return;
    writtenText.current = value;
    setSearch((current) => {
      const next = new URLSearchParams(current);
      if (value) next.set('q', value);
      else next.delete('q');
      return next;
    }, { replace: true });
  }, [debouncedText, text, setSearch]);
  const [openId, setOpenId] = useState<string | null>(null);
  const [exporting, setExporting] = useState<'csv' | 'xlsx' | null>(null);
  const surveys = useSurveys();
  const journeys = useJourneyChoices();
  const moments = useMomentChoices(filters.journeyKey);
  const locations = useLocationOptions();
  const momentName = useMomentNames();
  const query = useMemo(() => queryOf(filters, urlText), [filters, urlText]);
  const responses = usePagedList<SurveyResponse>([...responsesKey(orgId), query], '/responses', query);
  /** A filter change is a step in the history (back undoes it); typed score bounds replace the step they started. */
  const set = (patch: Partial<Filters>, options: { replace?: boolean } = {}) => setSearch(searchOf({ ...filters, ...patch }, text), options);
  const filtered = JSON.stringify(filters) !== JSON.stringify(EMPTY) || text.trim() !== '';
  const surveyName = (key: string) => {
    const survey = surveys.data?.find((candidate) => candidate.key === key);
    return survey ? textIn(survey.name, language, survey.fallbackLocale) || key : key;
  };

  const exportAs = async (formatName: 'csv' | 'xlsx') => {
    setExporting(formatName);
    try {
      const params = new URLSearchParams({ format: formatName });
      for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
      const file = await downloadFile(`/responses/export?${params.toString()}`, `responses.${formatName}`);
      notifications.show({ color: 'green', message: t('feedback.responses.exported', { file }) });
    } catch (error) {
      handleError(error);
    } finally {
      setExporting(null);
    }
  };

  const range = (label: string, min: number, max: number, low: keyof Filters, high: keyof Filters) => (
    <Group gap={4} grow align="flex-end" wrap="nowrap">
      <NumberInput size="xs" label={t('feedback.responses.rangeMin', { score: label })} min={min} max={max} value={(filters[low] as number | null) ?? ''} onChange={(value) => set({ [low]: typeof value === 'number' ? value : null }, { replace: true })} />
      <NumberInput size="xs" label={t('feedback.responses.rangeMax', { score: label })} min={min} max={max} value={(filters[high] as number | null) ?? ''} onChange={(value) => set({ [high]: typeof value === 'number' ? value : null }, { replace: true })} />
    </Group>
  );

  const list = responses.data ?? [];
  const analyses = useCommentAnalyses(list);
  return (
    <>
      <PageHeader
        title={t('feedback.responses.title')}
        description={t('feedback.responses.description')}
        actions={
          <>
            <Button variant="default" leftSection={<IconDownload size={16} aria-hidden />} loading={exporting === 'csv'} onClick={() => void exportAs('csv')}>
              {t('feedback.responses.exportCsv')}
            </Button>
            <Button variant="default" leftSection={<IconDownload size={16} aria-hidden />} loading={exporting === 'xlsx'} onClick={() => void exportAs('xlsx')}>
              {t('feedback.responses.exportXlsx')}
            </Button>
          </>
        }
      />
      <FeedbackTabs />
      <Paper withBorder radius="md" p="md" mb="md" component="section" aria-label={t('feedback.responses.filters')}>
        <Stack gap="sm">
          <TextInput
            leftSection={<IconSearch size={16} aria-hidden />}
            label={t('feedback.responses.search')}
            description={t('feedback.responses.searchHint')}
            value={text}
            onChange={(event) => setText(event.currentTarget.value)}
            maxLength={200}
            data-testid="responses-search"
          />
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
            <Select size="xs" label={t('feedback.fields.survey')} data={(surveys.data ?? []).map((survey) => ({ value: survey.key, label: surveyName(survey.key) }))} value={filters.surveyKey} clearable searchable onChange={(value) => set({ surveyKey: value })} data-testid="filter-survey" />
            <Select size="xs" label={t('feedback.fields.journey')} data={journeys.choices} value={filters.journeyKey} clearable searchable onChange={(value) => set({ journeyKey: value, momentKey: null })} />
            <Select size="xs" label={t('feedback.fields.moment')} data={moments.choices} value={filters.momentKey} clearable searchable disabled={!filters.journeyKey} onChange={(value) => set({ momentKey: value })} />
            <Select size="xs" label={t('feedback.fields.location')} data={locations.options} value={filters.locationId} clearable searchable onChange={(value) => set({ locationId: value })} />
            <Select size="xs" label={t('feedback.fields.channel')} data={SURVEY_CHANNELS.map((channel) => ({ value: channel, label: t(`feedback.channels.${channel}`) }))} value={filters.channel} clearable onChange={(value) => set({ channel: value })} />
            <TextInput size="xs" type="date" label={t('feedback.responses.from')} value={filters.from} onChange={(event) => set({ from: event.currentTarget.value })} />
            <TextInput size="xs" type="date" label={t('feedback.responses.to')} value={filters.to} onChange={(event) => set({ to: event.currentTarget.value })} />
            <div>
              <Input.Label size="xs" id="has-comment-label" display="block">
                {t('feedback.responses.hasComment')}
              </Input.Label>
              <SegmentedControl
                size="xs"
                aria-labelledby="has-comment-label"
                value={filters.hasComment}
                onChange={(value) => set({ hasComment: value as Filters['hasComment'] })}
                data={[
                  { value: 'any', label: t('feedback.responses.any') },
                  { value: 'yes', label: t('feedback.responses.withComment') },
                  { value: 'no', label: t('feedback.responses.withoutComment') },
                ]}
              />
            </div>
            {range('NPS', 0, 10, 'npsMin', 'npsMax')}
            {range('CSAT', 1, 5, 'csatMin', 'csatMax')}
            {range('CES', 1, 7, 'cesMin', 'cesMax')}
          </SimpleGrid>
          {filtered && (
            <Group>
              <Button
                variant="subtle"
                size="xs"
                leftSection={<IconFilterOff size={14} aria-hidden />}
                onClick={() => setSearch(new URLSearchParams())}
              >
                {t('feedback.responses.clearFilters')}
              </Button>
            </Group>
          )}
        </Stack>
      </Paper>
      {responses.isPending && <CenteredLoader />}
      {responses.isError && <QueryError error={responses.error} onRetry={() => void responses.refetch()} />}
      {responses.data && list.length === 0 && (
        <Paper withBorder p="xl" radius="md">
          <EmptyState
            icon={<IconInbox size={32} stroke={1.5} aria-hidden />}
            variant="light"
            title={filtered ? t('feedback.responses.noMatchTitle') : t('feedback.responses.emptyTitle')}
            description={filtered ? t('feedback.responses.noMatch') : t('feedback.responses.empty')}
          />
        </Paper>
      )}
      {list.length > 0 && (
        <Paper withBorder radius="md">
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="sm" highlightOnHover aria-label={t('feedback.responses.title')} data-testid="responses-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('feedback.responses.submitted')}</Table.Th>
                  <Table.Th>{t('feedback.fields.survey')}</Table.Th>
                  <Table.Th>{t('feedback.responses.where')}</Table.Th>
                  <Table.Th>{t('feedback.responses.scores')}</Table.Th>
                  <Table.Th>{t('feedback.responses.comment')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((response) => (
                  <Table.Tr key={response.responseId} onClick={() => setOpenId(response.responseId)} style={{ cursor: 'pointer' }} data-testid="response-row">
                    <Table.Td>
                      <UnstyledButton
                        onClick={(event) => {
                          event.stopPropagation();
                          setOpenId(response.responseId);
                        }}
                        fw={600}
                        fz="sm"
                        c="blue"
                        aria-label={t('feedback.responses.openNamed', { when: format.dateTime(response.submittedAt) })}
                      >
                        {format.dateTime(response.submittedAt)}
                      </UnstyledButton>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{surveyName(response.surveyKey)}</Text>
                      <Text size="xs" c="dimmed">
                        {t('feedback.versions.versionN', { version: response.surveyVersion })} · {t(`feedback.channels.${response.channel}`)}
                        {response.locale ? ` · ${response.locale}` : ''}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{locations.labelOf(response.locationId) ?? '—'}</Text>
                      {response.journeyKey && (
                        <Text size="xs" c="dimmed">
                          {momentName(response.journeyKey, response.momentKey)}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Scores response={response} />
                    </Table.Td>
                    <Table.Td maw={340}>
                      <Text size="sm" lineClamp={2}>
                        {response.comment ?? ''}
                      </Text>
                      {analyses.get(response.responseId) && (
                        <Group gap={4} mt={4}>
                          <SentimentBadge analysis={analyses.get(response.responseId)} />
                          {analyses
                            .get(response.responseId)!
                            .themes.slice(0, 3)
                            .map((theme) => (
                              <Badge key={theme.theme} size="sm" variant="dot" color={theme.label === 'negative' ? 'red' : theme.label === 'positive' ? 'green' : 'gray'}>
                                {themeName(theme.theme, t)}
                              </Badge>
                            ))}
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      <LoadMoreButton hasNextPage={responses.hasNextPage} isFetchingNextPage={responses.isFetchingNextPage} onLoadMore={() => void responses.fetchNextPage()} />
      <ResponseDrawer response={list.find((response) => response.responseId === openId) ?? null} onClose={() => setOpenId(null)} surveyName={surveyName} locationLabel={locations.labelOf} momentName={momentName} analysis={openId ? analyses.get(openId) : undefined} />
    </>
  );
}

function Scores({ response }: { response: SurveyResponse }) {
  return (
    <Group gap={4}>
      {response.nps !== null && <Badge variant="light" color={scoreColor('nps', response.nps)}>NPS {response.nps}</Badge>}
      {response.csat !== null && <Badge variant="light" color={scoreColor('csat', response.csat)}>CSAT {response.csat}</Badge>}
      {response.ces !== null && <Badge variant="light" color={scoreColor('ces', response.ces)}>CES {response.ces}</Badge>}
    </Group>
  );
}

function ResponseDrawer({ response, onClose, surveyName, locationLabel, momentName, analysis }: { analysis: CommentAnalysis | undefined; response: SurveyResponse | null; onClose: () => void; surveyName: (key: string) => string; locationLabel: (id: string | null) => string | null; momentName: (journeyKey: string | null, momentKey: string | null) => string | null }) {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const format = useFormat();
  const language = currentLanguage();
  const version = useQuery({
    queryKey: [...surveyVersionsKey(orgId, response?.surveyKey ?? ''), response?.surveyVersion],
    queryFn: () => api<SurveyVersion>(`/surveys/${response!.surveyKey}/versions/${response!.surveyVersion}`),
    enabled: response !== null,
    staleTime: Infinity,
  });
  const respondentLanguage = matchLanguage(response?.locale);
  const facts: [string, string | null | undefined][] = response
    ? [
        [t('feedback.responses.submitted'), format.dateTime(response.submittedAt)],
        [t('feedback.fields.survey'), `${surveyName(response.surveyKey)} · ${t('feedback.versions.versionN', { version: response.surveyVersion })}`],
        [t('feedback.fields.moment'), momentName(response.journeyKey, response.momentKey)],
        [t('feedback.fields.location'), locationLabel(response.locationId)],
        [t('feedback.fields.channel'), t(`feedback.channels.${response.channel}`)],
        [t('feedback.responses.language'), respondentLanguage ? LANGUAGE_NAMES[respondentLanguage] : response.locale],
        [t('feedback.responses.staff'), response.staffId],
        [t('feedback.responses.visit'), response.visitId],
        [t('feedback.responses.customer'), response.customer?.externalId],
        [t('feedback.responses.source'), t(`feedback.responses.sources.${response.source}`)],
      ]
    : [];
  return (
    <Drawer opened={response !== null} onClose={onClose} position="right" size="lg" title={<Title order={2} size="h4">{t('feedback.responses.detail')}</Title>} closeButtonProps={{ 'aria-label': t('common.close') }}>
      {response && (
        <Stack gap="md" data-testid="response-detail">
          <Grid gap={4}>
            {facts
              .filter(([, value]) => value)
              .map(([label, value]) => (
                <Grid.Col span={12} key={label}>
                  <Group gap="xs" wrap="nowrap" align="flex-start">
                    <Text size="sm" c="dimmed" w={140} style={{ flex: 'none' }}>
                      {label}
                    </Text>
                    <Text size="sm">{value}</Text>
                  </Group>
                </Grid.Col>
              ))}
          </Grid>
          <Scores response={response} />
          {analysis && (
            <Stack gap={6} data-testid="response-analysis">
              <Group gap="xs">
                <Text size="sm" c="dimmed" w={140}>
                  {t('feedback.sentiment.label')}
                </Text>
                <SentimentBadge analysis={analysis} />
                {analysis.sentiment && (
                  <Text size="xs" c="dimmed">
                    {analysis.sentiment.score.toFixed(2)}
                  </Text>
                )}
              </Group>
              {analysis.themes.length > 0 && (
                <Group gap="xs" align="flex-start">
                  <Text size="sm" c="dimmed" w={140}>
                    {t('feedback.sentiment.themes')}
                  </Text>
                  <Group gap={4} style={{ flex: 1 }}>
                    {analysis.themes.map((theme) => (
                      <Badge key={theme.theme} variant="dot" color={theme.label === 'negative' ? 'red' : theme.label === 'positive' ? 'green' : 'gray'} title={theme.matches.join(', ')}>
                        {themeName(theme.theme, t)}
                      </Badge>
                    ))}
                  </Group>
                </Group>
              )}
              {analysis.keyPhrases.length > 0 && (
                <Group gap="xs" align="flex-start" wrap="nowrap">
                  <Text size="sm" c="dimmed" w={140} style={{ flex: 'none' }}>
                    {t('feedback.sentiment.keyPhrases')}
                  </Text>
                  <Text size="sm">{analysis.keyPhrases.join(' · ')}</Text>
                </Group>
              )}
            </Stack>
          )}
          <Title order={3} size="h5">
            {t('feedback.responses.answers')}
          </Title>
          {version.isPending && <CenteredLoader />}
          {version.isError && <Alert color="red">{t('feedback.responses.versionFailed')}</Alert>}
          {version.data && <AnswersView definition={version.data.definition} answers={response.answers} language={language} fallback={version.data.fallbackLocale} />}
        </Stack>
      )}
    </Drawer>
  );
}
