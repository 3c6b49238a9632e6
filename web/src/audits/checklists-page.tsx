import { useState } from 'react';
import { Anchor, Badge, Button, Card, EmptyState, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconListCheck, IconPlus, IconTemplate } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, fetchAllPages } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { PageHeader } from '../components/page-header';
import { QueryError } from '../components/query-error';
import { useApiError } from '../components/use-api-error';
import { useFormat } from '../format';
import { currentLanguage } from '../i18n';
import { textIn } from '../journeys/blueprint-model';
import { journeysKey, type Journey } from '../journeys/journeys-api';
import { useCurrentOrg } from '../session/current-org';
import { AuditsTabs } from './audits-tabs';
import { auditsKey, useChecklists, type Checklist, type ChecklistTemplate } from './audits-api';
import { NewChecklistModal } from './new-checklist-modal';

const MANAGERS = new Set(['admin', 'cx_manager', 'auditor']);

/** The organisation's checklists and the shipped templates, each made into a published checklist in one click. */
export function ChecklistsPage() {
  const { t } = useTranslation();
  const { orgId, membership } = useCurrentOrg();
  const language = currentLanguage();
  const checklists = useChecklists();
  const templates = useQuery({
    queryKey: auditsKey(orgId, 'templates', language),
    queryFn: () => api<{ items: ChecklistTemplate[] }>('/audits/checklist-templates', { query: { locale: language } }).then((body) => body.items),
  });
  const canManage = MANAGERS.has(membership.role);
  const [newOpen, setNewOpen] = useState(false);
  const usedTemplates = new Set((checklists.data ?? []).map((checklist) => checklist.templateKey));

  return (
    <>
      <PageHeader
        title={t('audits.title')}
        description={t('audits.checklists.description')}
        actions={
          canManage && (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setNewOpen(true)} data-testid="new-checklist">
              {t('audits.newChecklist.button')}
            </Button>
          )
        }
      />
      <AuditsTabs />
      <Stack gap="xl">
        <section aria-labelledby="checklists-heading">
          <Title order={2} size="h4" mb="sm" id="checklists-heading">
            {t('audits.checklists.heading')}
          </Title>
          {checklists.isPending ? (
            <CenteredLoader />
          ) : checklists.isError ? (
            <QueryError error={checklists.error} onRetry={() => void checklists.refetch()} />
          ) : checklists.data.length === 0 ? (
            <EmptyState icon={<IconListCheck size={32} stroke={1.5} aria-hidden />} variant="light" title={t('audits.checklists.empty')} description={t('audits.checklists.emptyDescription')} />
          ) : (
            <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {checklists.data.map((checklist) => (
                <li key={checklist.checklistId}>
                  <ChecklistCard checklist={checklist} />
                </li>
              ))}
            </Stack>
          )}
        </section>
        <section aria-labelledby="templates-heading">
          <Title order={2} size="h4" mb="sm" id="templates-heading">
            {t('audits.templates.heading')}
          </Title>
          {templates.isPending ? (
            <CenteredLoader />
          ) : templates.isError ? (
            <QueryError error={templates.error} onRetry={() => void templates.refetch()} />
          ) : (
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
              {templates.data.map((template) => (
                <TemplateCard key={template.key} template={template} canManage={canManage} used={usedTemplates.has(template.key)} />
              ))}
            </SimpleGrid>
          )}
        </section>
      </Stack>
      <NewChecklistModal opened={newOpen} onClose={() => setNewOpen(false)} />
    </>
  );
}

function ChecklistCard({ checklist }: { checklist: Checklist }) {
  const { t } = useTranslation();
  const format = useFormat();
  const language = currentLanguage();
  return (
    <Paper withBorder p="md" radius="md">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Stack gap={2}>
          <Anchor component={Link} to={`/audits/checklists/${checklist.key}`} fw={600}>
            {textIn(checklist.name, language, checklist.fallbackLocale) || checklist.key}
          </Anchor>
          <Text size="sm" c="dimmed">
            {checklist.key} · {t('audits.checklists.journey', { key: checklist.journeyKey })}
          </Text>
        </Stack>
        <Group gap="xs">
          {checklist.publishedVersion !== null ? (
            <Badge variant="light" color="teal">
              {t('audits.checklists.published', { version: checklist.publishedVersion, date: format.date(checklist.publishedAt) })}
            </Badge>
          ) : (
            <Badge variant="light" color="gray">
              {t('audits.checklists.draft')}
            </Badge>
          )}
          {checklist.hasUnpublishedChanges && checklist.publishedVersion !== null && (
            <Badge variant="light" color="yellow">
              {t('audits.checklists.unpublishedChanges')}
            </Badge>
          )}
        </Group>
      </Group>
    </Paper>
  );
}

/**
 * One click: the checklist audits a journey, which must be published in the organisation first; when
 * the journey is missing it is created (and published) from the journey template of the same key.
 */
function TemplateCard({ template, canManage, used }: { template: ChecklistTemplate; canManage: boolean; used: boolean }) {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const queryClient = useQueryClient();
  const onError = useApiError();
  const create = useMutation({
    mutationFn: async () => {
      const journeys = await fetchAllPages<Journey>('/journeys');
      if (!journeys.some((journey) => journey.key === template.journeyKey)) {
        await api('/journeys/from-template', { method: 'POST', body: { templateKey: template.journeyKey, publish: true } });
      }
      return api<Checklist>('/audits/checklists/from-template', { method: 'POST', body: { templateKey: template.key, publish: true } });
    },
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: auditsKey(orgId, 'checklists') }),
        queryClient.invalidateQueries({ queryKey: journeysKey(orgId) }),
      ]);
    },
    onError: (error) => onError(error),
  });
  return (
    <Card withBorder radius="md" padding="md">
      <Group gap="xs" mb={4} wrap="nowrap" align="flex-start">
        <IconTemplate size={20} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
        <Text fw={600}>{template.name}</Text>
      </Group>
      <Text size="sm" c="dimmed" mb="sm">
        {template.description}
      </Text>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="xs">
          <Badge variant="light" color="gray">
            {t('audits.templates.items', { count: template.itemCount })}
          </Badge>
          {template.criticalCount > 0 && (
            <Badge variant="light" color="red" leftSection={<IconAlertTriangle size={12} aria-hidden />}>
              {t('audits.templates.critical', { count: template.criticalCount })}
            </Badge>
          )}
        </Group>
        {canManage && (
          <Button size="xs" onClick={() => create.mutate()} loading={create.isPending} disabled={used}>
            {used ? t('audits.templates.added') : t('audits.templates.use')}
          </Button>
        )}
      </Group>
    </Card>
  );
}
