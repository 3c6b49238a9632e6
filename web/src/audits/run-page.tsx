import { useState } from 'react';
import { Anchor, Badge, Button, Card, EmptyState, Group, Image, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconArrowLeft, IconLink, IconPencil, IconPhoto } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { PageHeader } from '../components/page-header';
import { QueryError } from '../components/query-error';
import { useFormat } from '../format';
import { useMomentChoices } from '../feedback/use-journey-choices';
import { currentLanguage } from '../i18n';
import { textIn } from '../journeys/blueprint-model';
import { useCurrentOrg } from '../session/current-org';
import { useLocationOptions } from '../settings/use-locations';
import { auditsKey, usePersonName, useEvidenceUrl, type ChecklistItemInput, type CorrectiveAction, type Evidence, type ItemAnswer, type Run } from './audits-api';
import { ComplianceBadge, formatPercent } from './compliance-badge';
import { ACTION_STATUS_COLORS } from './actions-page';
import { RUN_STATUS_COLORS } from './runs-page';
import { ShopperLinkModal } from './shopper-link-modal';

const MANAGERS = new Set(['admin', 'cx_manager', 'auditor']);

/** One audit run: its score against the benchmarks, every item with its answer and evidence, and the actions it opened. */
export function RunPage() {
  const { runId = '' } = useParams();
  const { t } = useTranslation();
  const { orgId, membership } = useCurrentOrg();
  const format = useFormat();
  const language = currentLanguage();
  const { labelOf } = useLocationOptions();
  const personName = usePersonName();
  const [linkOpen, setLinkOpen] = useState(false);
  const run = useQuery({ queryKey: auditsKey(orgId, 'run', runId), queryFn: () => api<Run>(`/audits/runs/${runId}`) });
  const actions = useQuery({
    queryKey: auditsKey(orgId, 'actions', { runId }),
    queryFn: () => api<{ items: CorrectiveAction[] }>('/audits/actions', { query: { runId, limit: 200 } }).then((body) => body.items),
    enabled: run.data?.status === 'submitted',
  });
  const moments = useMomentChoices(run.data?.journeyKey);
  const momentName = (key: string) => moments.choices.find((choice) => choice.value === key)?.label ?? key;

  if (run.isPending) return <CenteredLoader />;
  if (run.isError) return <QueryError error={run.error} onRetry={() => void run.refetch()} />;
  const data = run.data;
  const result = data.result;
  const failed = new Set(result?.failedItems ?? []);
  const critical = new Set(result?.criticalFailures ?? []);
  const evidenceOf = (itemKey: string) => data.evidence.filter((evidence) => evidence.itemKey === itemKey);
  const criticalItems = data.definition.sections.flatMap((section) => section.items).filter((item) => critical.has(item.key));
  const active = data.status === 'open' || data.status === 'in_progress';

  return (
    <>
      <Anchor component={Link} to="/audits" size="sm" mb="xs" style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
        <IconArrowLeft size={14} aria-hidden /> {t('audits.run.back')}
      </Anchor>
      <PageHeader
        title={t('audits.run.title', { location: labelOf(data.locationId) ?? t('audits.unknownLocation') })}
        description={`${data.checklistKey} · v${data.checklistVersion} · ${t(`audits.kind.${data.kind}`)}`}
        actions={
          active && data.kind !== 'mystery_shopping' ? (
            <Button component={Link} to={`/audits/runs/${runId}/fill`} leftSection={<IconPencil size={16} aria-hidden />}>
              {t('audits.fill.button')}
            </Button>
          ) : MANAGERS.has(membership.role) && active && data.kind === 'mystery_shopping' ? (
            <Button variant="default" leftSection={<IconLink size={16} aria-hidden />} onClick={() => setLinkOpen(true)}>
              {data.shopperLink ? t('audits.shopper.reissue') : t('audits.shopper.button')}
            </Button>
          ) : undefined
        }
      />
      <Stack gap="lg">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
          <Paper withBorder p="md" radius="md">
            <Text size="sm" c="dimmed">
              {t('audits.run.status')}
            </Text>
            <Group gap="xs" mt={4}>
              <Badge variant="light" color={RUN_STATUS_COLORS[data.status]}>
                {t(`audits.status.${data.status}`)}
              </Badge>
              {data.overdue && <Badge color="red">{t('audits.runs.overdue')}</Badge>}
            </Group>
            {data.dueAt && (
              <Text size="sm" mt={4}>
                {t('audits.runs.due', { date: format.dateTime(data.dueAt) })}
              </Text>
            )}
            {data.submittedAt && (
              <Text size="sm" mt={4}>
                {t('audits.runs.submitted', { date: format.dateTime(data.submittedAt) })}
              </Text>
            )}
            {personName(data.assigneeUserId) && <Text size="sm">{t('audits.runs.assignee', { name: personName(data.assigneeUserId) })}</Text>}
            {data.shopperLink && active && (
              <Text size="sm" c="dimmed" mt={4}>
                {t('audits.shopper.activeUntil', { date: format.dateTime(data.shopperLink.expiresAt) })}
              </Text>
            )}
          </Paper>
          <Paper withBorder p="md" radius="md">
            <Text size="sm" c="dimmed">
              {t('audits.run.score')}
            </Text>
            {result ? (
              <Stack gap={4} mt={4}>
                <ComplianceBadge compliance={result.compliance} passed={result.passed} criticalFailed={result.criticalFailed} />
                <Text size="sm">{result.passed ? t('audits.result.passed') : t('audits.result.failed')}</Text>
                <Text size="sm" c="dimmed">
                  {t('audits.run.passMark', { percent: formatPercent(data.definition.passPercent ?? 80, language) })}
                </Text>
              </Stack>
            ) : (
              <Text size="sm" mt={4}>
                {t('audits.run.notScored')}
              </Text>
            )}
          </Paper>
          <Paper withBorder p="md" radius="md">
            <Text size="sm" c="dimmed">
              {t('audits.run.failures')}
            </Text>
            {result ? (
              <Stack gap={4} mt={4}>
                <Text size="sm">{t('audits.run.failedCount', { count: result.failedItems.length })}</Text>
                {criticalItems.length > 0 && (
                  <Stack gap={2} component="ul" style={{ margin: 0, paddingLeft: 0, listStyle: 'none' }} aria-label={t('audits.run.criticalList')}>
                    {criticalItems.map((item) => (
                      <Text key={item.key} component="li" size="sm" c="red" fw={600} style={{ display: 'flex', gap: 4 }}>
                        <IconAlertTriangle size={16} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
                        {textIn(item.text, language, 'en')}
                      </Text>
                    ))}
                  </Stack>
                )}
              </Stack>
            ) : (
              <Text size="sm" mt={4}>
                —
              </Text>
            )}
          </Paper>
        </SimpleGrid>

        {data.definition.sections.map((section) => {
          const momentResult = result?.moments.find((moment) => moment.momentKey === section.momentKey);
          return (
            <Card key={section.momentKey} withBorder radius="md" padding="md" component="section" aria-labelledby={`moment-${section.momentKey}`}>
              <Group justify="space-between" mb="sm" wrap="wrap">
                <Title order={2} size="h4" id={`moment-${section.momentKey}`}>
                  {(section.title && textIn(section.title, language, 'en')) || momentName(section.momentKey)}
                </Title>
                {momentResult && (
                  <ComplianceBadge
                    compliance={momentResult.compliance}
                    passed={momentResult.compliance === null ? null : momentResult.failedItems.length === 0}
                    criticalFailed={momentResult.criticalFailed}
                    benchmark={momentResult.benchmark}
                    target={momentResult.target}
                  />
                )}
              </Group>
              <Table.ScrollContainer minWidth={560}>
                <Table verticalSpacing="sm">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('audits.run.item')}</Table.Th>
                      <Table.Th w={120}>{t('audits.run.answer')}</Table.Th>
                      <Table.Th>{t('audits.run.evidence')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {section.items.map((item) => (
                      <ItemRow
                        key={item.key}
                        runId={data.runId}
                        item={item}
                        answer={data.answers[item.key]}
                        failed={failed.has(item.key)}
                        evidence={evidenceOf(item.key)}
                      />
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Card>
          );
        })}

        {data.status === 'submitted' && (
          <Card withBorder radius="md" padding="md" component="section" aria-labelledby="run-actions">
            <Title order={2} size="h4" id="run-actions" mb="sm">
              {t('audits.run.actions')}
            </Title>
            {actions.isPending ? (
              <CenteredLoader />
            ) : actions.isError ? (
              <QueryError error={actions.error} onRetry={() => void actions.refetch()} />
            ) : actions.data.length === 0 ? (
              <EmptyState variant="light" title={t('audits.run.noActions')} />
            ) : (
              <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                {actions.data.map((action) => (
                  <Group key={action.actionId} component="li" justify="space-between" wrap="wrap" gap="xs">
                    <Group gap="xs">
                      {action.critical && <IconAlertTriangle size={16} color="var(--mantine-color-red-6)" aria-label={t('audits.result.critical')} />}
                      <Text size="sm">{textIn(action.title, language, 'en')}</Text>
                    </Group>
                    <Group gap="xs">
                      <Badge variant="light" color={ACTION_STATUS_COLORS[action.status]}>
                        {t(`audits.actionStatus.${action.status}`)}
                      </Badge>
                      {action.overdue && <Badge color="red">{t('audits.runs.overdue')}</Badge>}
                      <Text size="sm" c="dimmed">
                        {personName(action.ownerUserId) ?? t('audits.actions.noOwner')} · {t('audits.actions.due', { date: format.date(action.dueAt) })}
                      </Text>
                    </Group>
                  </Group>
                ))}
              </Stack>
            )}
            <Anchor component={Link} to="/audits/actions" size="sm" mt="sm" display="inline-block">
              {t('audits.run.allActions')}
            </Anchor>
          </Card>
        )}
      </Stack>
      <ShopperLinkModal runId={linkOpen ? data.runId : null} onClose={() => setLinkOpen(false)} />
    </>
  );
}

function answerLabel(answer: ItemAnswer | undefined, item: ChecklistItemInput, t: (key: string, options?: Record<string, unknown>) => string): string {
  const value = answer?.value;
  if (value === undefined) return t('audits.answer.none');
  if (value === 'yes' || value === 'no' || value === 'na') return t(`audits.answer.${value}`);
  return `${value} / ${item.maxScore ?? 10}`;
}

function ItemRow({ runId, item, answer, failed, evidence }: { runId: string; item: ChecklistItemInput; answer: ItemAnswer | undefined; failed: boolean; evidence: Evidence[] }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const value = answer?.value;
  const color = value === undefined || value === 'na' ? 'gray' : failed || value === 'no' ? 'red' : 'green';
  return (
    <Table.Tr>
      <Table.Td>
        <Group gap={6} wrap="nowrap" align="flex-start">
          {item.critical && (
            <Badge color="red" variant="outline" size="xs" style={{ flexShrink: 0, marginTop: 3 }}>
              {t('audits.item.critical')}
            </Badge>
          )}
          <Text size="sm">{textIn(item.text, language, 'en')}</Text>
        </Group>
      </Table.Td>
      <Table.Td>
        <Badge variant="light" color={color}>
          {answerLabel(answer, item, t)}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Stack gap={4}>
          {answer?.note && (
            <Text size="sm" fs="italic">
              “{answer.note}”
            </Text>
          )}
          {evidence.length > 0 && (
            <Group gap="xs">
              {evidence.map((photo, index) => (
                <EvidenceThumb key={photo.evidenceId} runId={runId} evidence={photo} label={t('audits.run.photo', { number: index + 1 })} />
              ))}
            </Group>
          )}
        </Stack>
      </Table.Td>
    </Table.Tr>
  );
}

/** A small photo that opens full size in a new tab (the blob URL lives while this page is open). */
export function EvidenceThumb({ runId, evidence, label }: { runId: string; evidence: Evidence; label: string }) {
  const { url, failed } = useEvidenceUrl(runId, evidence.evidenceId);
  if (failed || !url) {
    return (
      <Paper withBorder w={64} h={64} radius="sm" style={{ display: 'grid', placeItems: 'center' }} aria-label={label}>
        <IconPhoto size={20} aria-hidden color="var(--mantine-color-dimmed)" />
      </Paper>
    );
  }
  return (
    <Anchor href={url} target="_blank" rel="noopener" aria-label={label}>
      <Image src={url} alt={label} w={64} h={64} radius="sm" fit="cover" />
    </Anchor>
  );
}
