import { useEffect, useState } from 'react';
import { Alert, Badge, Drawer, Group, List, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, fetchAllPages } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { QueryError } from '../components/query-error';
import { useFormat } from '../format';
import { useCurrentOrg } from '../session/current-org';
import { versionsKey, type CollectionDiff, type Diff, type Journey, type VersionSummary } from './journeys-api';

/** Published versions of a journey, and what changed between any two of them (or a version and the draft). */
export function VersionsDrawer({ opened, onClose, journey }: { opened: boolean; onClose: () => void; journey: Journey }) {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const format = useFormat();
  const versions = useQuery({
    queryKey: [...versionsKey(orgId, journey.key), 'list'],
    queryFn: () => fetchAllPages<VersionSummary>(`/journeys/${journey.key}/versions`),
    enabled: opened,
  });
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>('draft');

  useEffect(() => {
    const list = versions.data;
    if (!list || list.length === 0) return;
    setFrom((current) => current ?? String(list[0]!.version));
  }, [versions.data]);

  const diff = useQuery({
    queryKey: [...versionsKey(orgId, journey.key), 'diff', from, to],
    queryFn: () => api<Diff>(`/journeys/${journey.key}/diff`, { query: { from: from!, to: to! } }),
    enabled: opened && from !== null && to !== null,
  });

  const choices = [{ value: 'draft', label: t('journeys.versions.draft') }, ...(versions.data ?? []).map((version) => ({ value: String(version.version), label: t('journeys.versions.versionN', { version: version.version }) }))];

  return (
    <Drawer opened={opened} onClose={onClose} position="right" size="lg" title={<Title order={2} size="h4">{t('journeys.versions.title')}</Title>} closeButtonProps={{ 'aria-label': t('common.close') }}>
      {versions.isPending && <CenteredLoader />}
      {versions.isError && <QueryError error={versions.error} onRetry={() => void versions.refetch()} />}
      {versions.data && versions.data.length === 0 && <Alert color="gray">{t('journeys.versions.none')}</Alert>}
      {versions.data && versions.data.length > 0 && (
        <Stack gap="lg">
          <Table verticalSpacing="xs" aria-label={t('journeys.versions.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('journeys.versions.version')}</Table.Th>
                <Table.Th>{t('journeys.versions.note')}</Table.Th>
                <Table.Th>{t('journeys.versions.published')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {versions.data.map((version) => (
                <Table.Tr key={version.version}>
                  <Table.Td>
                    <Badge variant="light">{t('journeys.versions.versionN', { version: version.version })}</Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{version.note ?? '—'}</Text>
                    <Text size="xs" c="dimmed">
                      {t('journeys.board.momentCount', { count: version.momentCount })}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{format.dateTime(version.publishedAt)}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <section aria-labelledby="diff-title">
            <Title order={3} size="h5" id="diff-title" mb="xs">
              {t('journeys.versions.compare')}
            </Title>
            <Group grow mb="md">
              <Select label={t('journeys.versions.from')} data={choices} value={from} onChange={setFrom} allowDeselect={false} data-testid="diff-from" />
              <Select label={t('journeys.versions.to')} data={choices} value={to} onChange={setTo} allowDeselect={false} data-testid="diff-to" />
            </Group>
            {diff.isPending && from !== null && <CenteredLoader />}
            {diff.isError && <QueryError error={diff.error} onRetry={() => void diff.refetch()} />}
            {diff.data && (diff.data.identical ? <Alert color="gray">{t('journeys.versions.identical')}</Alert> : <DiffView diff={diff.data} />)}
          </section>
        </Stack>
      )}
    </Drawer>
  );
}

function DiffView({ diff }: { diff: Diff }) {
  const { t } = useTranslation();
  const fieldName = (field: string) => (t(`journeys.diffFields.${field}`, { defaultValue: field }));
  const section = (title: string, changes: CollectionDiff) =>
    changes.added.length + changes.removed.length + changes.changed.length === 0 ? null : (
      <Paper withBorder p="sm" radius="md" key={title}>
        <Text fw={600} size="sm" mb={4}>
          {title}
        </Text>
        <List size="sm" spacing={4}>
          {changes.added.map((key) => (
            <List.Item key={`+${key}`} icon={<Badge size="xs" color="green">{t('journeys.versions.added')}</Badge>}>
              <code className="km-code">{key}</code>
            </List.Item>
          ))}
          {changes.removed.map((key) => (
            <List.Item key={`-${key}`} icon={<Badge size="xs" color="red">{t('journeys.versions.removed')}</Badge>}>
              <code className="km-code">{key}</code>
            </List.Item>
          ))}
          {changes.changed.map((change) => (
            <List.Item key={`~${change.key}`} icon={<Badge size="xs" color="yellow">{t('journeys.versions.changed')}</Badge>}>
              <code className="km-code">{change.key}</code>: {change.fields.map(fieldName).join(', ')}
            </List.Item>
          ))}
        </List>
      </Paper>
    );
  return (
    <Stack gap="sm" data-testid="diff-view">
      {section(t('journeys.versions.stages'), diff.stages)}
      {section(t('journeys.versions.moments'), diff.moments)}
      {section(t('journeys.versions.purposes'), diff.purposes)}
    </Stack>
  );
}
