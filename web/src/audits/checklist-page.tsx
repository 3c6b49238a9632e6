import { useState } from 'react';
import { Anchor, Badge, Button, Card, EmptyState, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconPencil } from '@tabler/icons-react';
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
import { auditsKey, type Checklist, type ChecklistVersion } from './audits-api';
import { formatPercent } from './compliance-badge';

const MANAGERS = new Set(['admin', 'cx_manager', 'auditor']);

/** One checklist: pick a published version (they never change) and read its items per moment. */
export function ChecklistPage() {
  const { key = '' } = useParams();
  const { t } = useTranslation();
  const { orgId, membership } = useCurrentOrg();
  const canManage = MANAGERS.has(membership.role);
  const format = useFormat();
  const language = currentLanguage();
  const checklist = useQuery({ queryKey: auditsKey(orgId, 'checklist', key), queryFn: () => api<Checklist>(`/audits/checklists/${key}`) });
  const versions = useQuery({
    queryKey: auditsKey(orgId, 'checklist', key, 'versions'),
    queryFn: () => api<{ items: Omit<ChecklistVersion, 'definition'>[] }>(`/audits/checklists/${key}/versions`, { query: { limit: 200 } }).then((body) => body.items),
  });
  const [chosen, setChosen] = useState<number | null>(null);
  const version = chosen ?? checklist.data?.publishedVersion ?? null;
  const detail = useQuery({
    queryKey: auditsKey(orgId, 'checklist', key, 'version', version),
    queryFn: () => api<ChecklistVersion>(`/audits/checklists/${key}/versions/${version}`),
    enabled: version !== null,
    staleTime: Infinity,
  });
  const moments = useMomentChoices(detail.data?.journeyKey);
  const momentName = (momentKey: string) => moments.choices.find((choice) => choice.value === momentKey)?.label ?? momentKey;

  if (checklist.isPending) return <CenteredLoader />;
  if (checklist.isError) return <QueryError error={checklist.error} onRetry={() => void checklist.refetch()} />;
  const fallback = checklist.data.fallbackLocale;

  return (
    <>
      <Anchor component={Link} to="/audits/checklists" size="sm" mb="xs" style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
        <IconArrowLeft size={14} aria-hidden /> {t('audits.checklist.back')}
      </Anchor>
      <PageHeader
        title={textIn(checklist.data.name, language, fallback) || key}
        description={textIn(checklist.data.description ?? undefined, language, fallback) || undefined}
        actions={
          canManage &&
          checklist.data.archivedAt === null && (
            <Button component={Link} to={`/audits/checklists/${key}/edit`} leftSection={<IconPencil size={16} aria-hidden />} data-testid="edit-checklist">
              {checklist.data.hasUnpublishedChanges && checklist.data.publishedVersion !== null ? t('audits.checklist.editDraftChanged') : t('audits.checklist.editDraft')}
            </Button>
          )
        }
      />
      <Stack gap="md">
        {version === null ? (
          <EmptyState variant="light" title={t('audits.checklist.unpublished')} description={canManage ? t('audits.checklist.unpublishedEdit') : undefined} />
        ) : (
          <>
            <Group align="flex-end" gap="md" wrap="wrap">
              <Select
                label={t('audits.checklist.version')}
                value={String(version)}
                onChange={(value) => value && setChosen(Number(value))}
                allowDeselect={false}
                w={280}
                data={(versions.data ?? []).map((item) => ({ value: String(item.version), label: t('audits.checklist.versionLabel', { version: item.version, date: format.date(item.publishedAt) }) }))}
              />
              {detail.data && (
                <Text size="sm" c="dimmed">
                  {t('audits.checklist.settings', {
                    percent: formatPercent(detail.data.definition.passPercent ?? 80, language),
                    days: detail.data.definition.actionDueDays ?? 14,
                    criticalDays: detail.data.definition.criticalActionDueDays ?? 3,
                  })}
                </Text>
              )}
            </Group>
            {detail.isPending ? (
              <CenteredLoader />
            ) : detail.isError ? (
              <QueryError error={detail.error} onRetry={() => void detail.refetch()} />
            ) : (
              detail.data.definition.sections.map((section) => (
                <Card key={section.momentKey} withBorder radius="md" padding="md" component="section" aria-labelledby={`section-${section.momentKey}`}>
                  <Title order={2} size="h4" mb="sm" id={`section-${section.momentKey}`}>
                    {(section.title && textIn(section.title, language, fallback)) || momentName(section.momentKey)}
                  </Title>
                  <Table.ScrollContainer minWidth={560}>
                    <Table verticalSpacing="xs">
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>{t('audits.run.item')}</Table.Th>
                          <Table.Th w={140}>{t('audits.item.type')}</Table.Th>
                          <Table.Th w={80}>{t('audits.item.weight')}</Table.Th>
                          <Table.Th w={160}>{t('audits.item.evidence')}</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {section.items.map((item) => (
                          <Table.Tr key={item.key}>
                            <Table.Td>
                              <Group gap={6} wrap="nowrap" align="flex-start">
                                {item.critical && (
                                  <Badge color="red" variant="outline" size="xs" style={{ flexShrink: 0, marginTop: 3 }}>
                                    {t('audits.item.critical')}
                                  </Badge>
                                )}
                                <Stack gap={2}>
                                  <Text size="sm">{textIn(item.text, language, fallback)}</Text>
                                  {item.guidance && (
                                    <Text size="xs" c="dimmed">
                                      {textIn(item.guidance, language, fallback)}
                                    </Text>
                                  )}
                                </Stack>
                              </Group>
                            </Table.Td>
                            <Table.Td>
                              <Text size="sm">
                                {item.type === 'score' ? t('audits.item.score', { pass: item.passScore ?? item.maxScore ?? 10, max: item.maxScore ?? 10 }) : t('audits.item.yesNo')}
                              </Text>
                            </Table.Td>
                            <Table.Td>
                              <Text size="sm">{item.weight ?? 1}</Text>
                            </Table.Td>
                            <Table.Td>
                              <Text size="sm">{t(`audits.evidenceRule.${item.evidenceOnFailure ?? 'photo_or_note'}`)}</Text>
                            </Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  </Table.ScrollContainer>
                </Card>
              ))
            )}
          </>
        )}
      </Stack>
    </>
  );
}
