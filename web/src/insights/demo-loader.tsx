import { Alert, Button, Code, Group, Paper, Progress, Select, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { IconDatabasePlus } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api';
import { orgKey } from '../query-client';
import { useCurrentOrg } from '../session/current-org';
import { useScoreFormat } from './score-format';

/** GET /api/v1/demo: is the workspace empty, and how does a demo run go (src/cli/demo/demo-routes.ts). */
interface DemoState {
  empty: boolean;
  counts: Record<string, number>;
  run: DemoRun | null;
}

interface DemoRun {
  status: 'running' | 'done' | 'failed';
  months: number;
  day: number;
  days: number;
  interactions: number;
  responses: number;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
}

const MONTHS = ['12', '3', '1'] as const;

/**
 * The empty workspace's "Load demo data" (issue #5 point 7): shown only while the organisation has no
 * data at all (or a demo run is going). Admins start it; everyone sees the progress; when it is done
 * every dashboard query of the organisation is reloaded.
 */
export function DemoLoader() {
  const { t } = useTranslation();
  const format = useScoreFormat();
  const { orgId, isAdmin } = useCurrentOrg();
  const queryClient = useQueryClient();
  const [months, setMonths] = useState<(typeof MONTHS)[number]>('12');
  const state = useQuery({
    queryKey: orgKey(orgId, 'demo'),
    queryFn: () => api<DemoState>('/demo'),
    refetchInterval: (query) => (query.state.data?.run?.status === 'running' ? 1000 : false),
  });
  const start = useMutation({
    mutationFn: () => api<DemoRun>('/demo', { method: 'POST', body: { months: Number(months) } }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: orgKey(orgId, 'demo') }),
  });
  // When a run this page watched finishes, every query of the organisation (journeys, heatmap, …) reloads.
  const watched = useRef(false);
  const status = state.data?.run?.status;
  useEffect(() => {
    if (status === 'running') watched.current = true;
    if (status === 'done' && watched.current) {
      watched.current = false;
      void queryClient.invalidateQueries({ queryKey: orgKey(orgId) });
    }
  }, [status, orgId, queryClient]);

  const data = state.data;
  if (!data) return null;
  const run = data.run;
  if (run?.status === 'running') {
    const percent = run.days > 0 ? Math.round((run.day / run.days) * 100) : 0;
    return (
      <Paper p="md" withBorder radius="md" data-testid="demo-progress" aria-live="polite">
        <Stack gap="xs">
          <Text fw={600}>{t('insights.demo.running')}</Text>
          <Progress value={percent} size="lg" animated aria-label={t('insights.demo.progressLabel')} />
          {/* Days are known once the locations, journey and surveys exist. */}
          <Text size="sm" c="dimmed" style={{ visibility: run.days > 0 ? 'visible' : 'hidden' }}>
            {t('insights.demo.progress', {
              day: format.integer(run.day),
              days: format.integer(run.days),
              interactions: format.integer(run.interactions),
              responses: format.integer(run.responses),
            })}
          </Text>
        </Stack>
      </Paper>
    );
  }
  if (run?.status === 'done' && !data.empty) {
    return (
      <Alert color="green" variant="light" data-testid="demo-done" withCloseButton={false}>
        {t('insights.demo.done', { responses: format.integer(run.responses) })}
      </Alert>
    );
  }
  const failure = run?.status === 'failed' ? run.error : null;
  if (!data.empty) {
    return failure ? (
      <Alert color="red" variant="light">
        {t('insights.demo.failed', { message: failure })}
      </Alert>
    ) : null;
  }
  const startError = start.error instanceof ApiError && start.error.status === 409 ? t('insights.demo.conflict') : start.error?.message;
  return (
    <Paper p="lg" withBorder radius="md" data-testid="demo-empty" component="section" aria-labelledby="demo-title">
      <Stack gap="sm" align="flex-start">
        <Group gap="xs">
          <IconDatabasePlus size={24} stroke={1.5} aria-hidden />
          <Title order={3} size="h4" id="demo-title">
            {t('insights.demo.title')}
          </Title>
        </Group>
        <Text size="sm">{t('insights.demo.description')}</Text>
        {isAdmin ? (
          <Group gap="sm" align="flex-end">
            <Select
              label={t('insights.demo.months')}
              data={MONTHS.map((value) => ({ value, label: t(`insights.demo.size${value}`) }))}
              value={months}
              onChange={(value) => value && setMonths(value as (typeof MONTHS)[number])}
              allowDeselect={false}
              w={260}
            />
            <Button leftSection={<IconDatabasePlus size={16} aria-hidden />} loading={start.isPending} onClick={() => start.mutate()}>
              {t('insights.demo.load')}
            </Button>
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            {t('insights.demo.adminOnly')}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          {t('insights.demo.cli')} <Code>keymoment demo</Code>
        </Text>
        {failure && (
          <Alert color="red" variant="light">
            {t('insights.demo.failed', { message: failure })}
          </Alert>
        )}
        {startError && (
          <Alert color="red" variant="light" role="alert">
            {startError}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
