import { useState, type ReactNode } from 'react';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Grid,
  Group,
  List,
  MultiSelect,
  Paper,
  Stack,
  Text,
  Textarea,
  ThemeIcon,
  Timeline,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { IconAlertTriangle, IconArrowLeft, IconCheck, IconMessageCircle, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api, type Page } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { PageHeader } from '../components/page-header';
import { QueryError } from '../components/query-error';
import { useApiError } from '../components/use-api-error';
import { useFormat } from '../format';
import { currentLanguage } from '../i18n';
import { useCurrentOrg } from '../session/current-org';
import { useLocationOptions } from '../settings/use-locations';
import { CaseActions, formatMoney } from './case-actions';
import { MomentLabel } from './moment-label';
import { StepForm } from './step-forms';
import { STATUS_COLORS } from './recovery-page';
import { casesKey, runCommand, STEP_KEYS, usePeople, usePersonName, type Case, type CaseAction, type CaseEvent, type PlaybookGuide, type PlaybookStep } from './recovery-api';
import { SlaCountdown } from './sla-countdown';

export type Act = (action: CaseAction, body?: unknown) => Promise<void>;

/** One case: who owns it, its deadlines, the six-step playbook, the timeline, notes and the customer's history. */
export function CasePage() {
  const { caseId = '' } = useParams();
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const queryClient = useQueryClient();
  const handleError = useApiError();
  const locale = currentLanguage();
  const detail = useQuery({ queryKey: casesKey(orgId, 'detail', caseId), queryFn: () => api<{ case: Case; events: CaseEvent[] }>(`/cases/${caseId}`) });
  const guide = useQuery({
    queryKey: casesKey(orgId, 'playbook', caseId, locale),
    queryFn: () => api<PlaybookGuide>(`/cases/${caseId}/playbook`, { query: { locale } }),
  });
  const command = useMutation({
    mutationFn: ({ action, body }: { action: CaseAction; body?: unknown }) => runCommand(caseId, action, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: casesKey(orgId) }),
  });
  const act: Act = async (action, body) => {
    try {
      await command.mutateAsync({ action, body });
    } catch (error) {
      handleError(error);
      throw error;
    }
  };

  if (detail.isPending) return <CenteredLoader />;
  if (detail.isError) return <QueryError error={detail.error} onRetry={() => void detail.refetch()} />;
  const item = detail.data.case;

  return (
    <>
      <Anchor component={Link} to="/recovery" size="sm" mb="xs" display="inline-flex" style={{ alignItems: 'center', gap: 4 }}>
        <IconArrowLeft size={14} aria-hidden /> {t('recovery.case.back')}
      </Anchor>
      <PageHeader title={item.summary} actions={<SlaCountdown dueAt={item.sla.nextDueAt} closed={item.status === 'closed'} size="lg" />} />
      <Stack gap="md">
        <CaseStatusBar item={item} />
        <CaseActions item={item} act={act} busy={command.isPending} />
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 8 }}>
            <Stack gap="md">
              {guide.isPending ? (
                <CenteredLoader />
              ) : guide.isError ? (
                <QueryError error={guide.error} onRetry={() => void guide.refetch()} />
              ) : (
                <PlaybookPanel item={item} guide={guide.data} act={act} busy={command.isPending} />
              )}
              <NotesPanel item={item} act={act} busy={command.isPending} />
              <TimelinePanel events={detail.data.events} />
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Stack gap="md">
              <CustomerPanel item={item} />
              <DeadlinesPanel item={item} />
              <HistoryPanel item={item} />
            </Stack>
          </Grid.Col>
        </Grid>
      </Stack>
    </>
  );
}

function CaseStatusBar({ item }: { item: Case }) {
  const { t } = useTranslation();
  const nameOf = usePersonName();
  const { userId } = useMe();
  return (
    <Stack gap="xs">
      <Group gap={6}>
        <Badge color={STATUS_COLORS[item.status]}>{t(`recovery.status.${item.status}`)}</Badge>
        {item.closeReason && <Badge color="gray" variant="outline">{t(`recovery.closeReason.${item.closeReason}`)}</Badge>}
        <Badge color="gray" variant="outline">
          {t(`recovery.reason.${item.reason}`)}
        </Badge>
        <Badge color="gray" variant="light">
          {t(`recovery.channel.${item.channel}`)}
        </Badge>
        {item.reopenCount > 0 && <Badge color="orange" variant="light">{t('recovery.case.reopened', { count: item.reopenCount })}</Badge>}
      </Group>
      <Text size="sm">
        {item.ownerId ? t('recovery.case.ownedBy', { name: nameOf(item.ownerId) ?? '—' }) : t('recovery.case.unowned')}
        {item.escalatedTo ? ` · ${t('recovery.case.escalatedTo', { name: nameOf(item.escalatedTo) ?? '—', level: t(`recovery.escalation.${item.escalationLevelName}`) })}` : ''}
      </Text>
      {item.pendingTransferTo && (
        <Alert color="yellow" variant="light" title={t('recovery.case.transferPendingTitle')}>
          {item.pendingTransferTo === userId
            ? t('recovery.case.transferOfferedToYou', { from: nameOf(item.pendingTransferBy) ?? '—' })
            : t('recovery.case.transferPending', { to: nameOf(item.pendingTransferTo) ?? '—', owner: nameOf(item.ownerId) ?? '—' })}
        </Alert>
      )}
    </Stack>
  );
}

/** The signed-in person's user id (from the cached /me answer). */
export function useMe(): { userId: string | null } {
  const queryClient = useQueryClient();
  const me = queryClient.getQueryData<{ user: { id: string } }>(['me']);
  return { userId: me?.user.id ?? null };
}

function PlaybookPanel({ item, guide, act, busy }: { item: Case; guide: PlaybookGuide; act: Act; busy: boolean }) {
  const { t } = useTranslation();
  const current = item.currentStep;
  const [openStep, setOpenStep] = useState<string | null>(null);
  const shown = openStep ?? current;
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} size="h4" mb="sm">
        {t('recovery.playbook.title')}
      </Title>
      <Stack gap="xs" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {guide.steps.map((step) => (
          <li key={step.key}>
            <StepCard
              item={item}
              step={step}
              current={step.key === current}
              expanded={step.key === shown}
              onToggle={() => setOpenStep(step.key === shown ? '' : step.key)}
              act={act}
              busy={busy}
            />
          </li>
        ))}
      </Stack>
      {guide.alwaysAvoid.length > 0 && (
        <Alert mt="md" color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('recovery.playbook.alwaysAvoid')}>
          <List size="sm">
            {guide.alwaysAvoid.map((phrase) => (
              <List.Item key={phrase}>{phrase}</List.Item>
            ))}
          </List>
        </Alert>
      )}
    </Paper>
  );
}

function StepCard({ item, step, current, expanded, onToggle, act, busy }: { item: Case; step: PlaybookStep; current: boolean; expanded: boolean; onToggle: () => void; act: Act; busy: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const panelId = `step-panel-${step.key}`;
  return (
    <Paper withBorder radius="md" p="sm" bg={current ? 'var(--mantine-primary-color-light)' : undefined} data-step={step.key} data-current={current || undefined}>
      <Group
        gap="sm"
        wrap="nowrap"
        role="button"
        tabIndex={0}
        aria-expanded={expanded}
        aria-controls={panelId}
        onClick={onToggle}
        onKeyDown={(event) => {
          if (event.key === 'Enter' || event.key === ' ') {
            event.preventDefault();
            onToggle();
          }
        }}
        style={{ cursor: 'pointer' }}
      >
        <ThemeIcon radius="xl" size="md" color={step.done ? 'teal' : current ? undefined : 'gray'} variant={step.done || current ? 'filled' : 'light'} aria-hidden>
          {step.done ? <IconCheck size={16} /> : <Text size="sm" fw={700}>{step.order}</Text>}
        </ThemeIcon>
        <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
          <Text fw={600}>
            {step.order}. {step.title}
          </Text>
          <Text size="xs" c="dimmed">
            {step.done ? t('recovery.playbook.doneAt', { at: format.dateTime(step.recordedAt) }) : current ? t('recovery.playbook.current') : t('recovery.playbook.todo')}
          </Text>
        </Stack>
      </Group>
      {expanded && (
        <Stack gap="sm" mt="sm" id={panelId}>
          <Text size="sm">{step.goal}</Text>
          <Paper p="sm" radius="sm" withBorder>
            <Text size="xs" fw={700} c="dimmed" tt="uppercase" mb={4}>
              {t('recovery.playbook.suggested')}
            </Text>
            <Stack gap={4}>
              <Phrase label={t('recovery.playbook.acknowledge')}>{step.phrases.acknowledge}</Phrase>
              <Phrase label={t('recovery.playbook.propose')}>{step.phrases.propose}</Phrase>
              <Phrase label={t('recovery.playbook.ask')}>{step.phrases.ask}</Phrase>
            </Stack>
          </Paper>
          {step.neverSay.length > 0 && (
            <Paper p="sm" radius="sm" withBorder style={{ borderColor: 'var(--mantine-color-red-4)' }}>
              <Text size="xs" fw={700} c="red" tt="uppercase" mb={4}>
                {t('recovery.playbook.neverSay')}
              </Text>
              <Group gap={6}>
                {step.neverSay.map((phrase) => (
                  <Badge key={phrase} color="red" variant="light" leftSection={<IconX size={12} aria-hidden />} style={{ textTransform: 'none' }}>
                    {phrase}
                  </Badge>
                ))}
              </Group>
            </Paper>
          )}
          <StepRecord step={step} />
          <StepForm item={item} step={step} act={act} busy={busy} />
        </Stack>
      )}
    </Paper>
  );
}

function Phrase({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Text size="sm">
      <Text span fw={600} c="dimmed">
        {label}:{' '}
      </Text>
      “{children}”
    </Text>
  );
}

/** What was recorded for a step, read back in the user's words. */
function StepRecord({ step }: { step: PlaybookStep }) {
  const { t } = useTranslation();
  const record = step.record;
  if (!record) return null;
  const lines: [string, string][] = [];
  if (typeof record.customerWords === 'string') lines.push([t('recovery.forms.customerWords'), record.customerWords]);
  if (typeof record.note === 'string' && record.note) lines.push([t('recovery.forms.note'), record.note]);
  for (const q of step.questions ?? []) if (q.answer) lines.push([q.label, q.answer]);
  if (typeof record.solution === 'string') lines.push([t('recovery.forms.solution'), record.solution]);
  if (typeof record.customerChoice === 'string') lines.push([t(`recovery.forms.choice.${String(record.choice)}`), record.customerChoice]);
  if (lines.length === 0) return null;
  return (
    <Stack gap={2}>
      {lines.map(([label, text]) => (
        <Text key={label} size="sm">
          <Text span fw={600}>
            {label}:{' '}
          </Text>
          {text}
        </Text>
      ))}
    </Stack>
  );
}

function NotesPanel({ item, act, busy }: { item: Case; act: Act; busy: boolean }) {
  const { t } = useTranslation();
  const { data: people = [] } = usePeople();
  const [text, setText] = useState('');
  const [mentions, setMentions] = useState<string[]>([]);
  if (!item.allowedActions.includes('note')) return null;
  const submit = async () => {
    if (!text.trim()) return;
    await act('note', { text: text.trim(), mentions });
    setText('');
    setMentions([]);
  };
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} size="h4" mb="sm">
        {t('recovery.notes.title')}
      </Title>
      <Stack gap="xs">
        <Textarea label={t('recovery.notes.label')} description={t('recovery.notes.hint')} autosize minRows={2} value={text} onChange={(event) => setText(event.currentTarget.value)} />
        <MultiSelect
          label={t('recovery.notes.mentions')}
          data={people.map((person) => ({ value: person.userId, label: `${person.name} · ${t(`roles.${person.role}`)}` }))}
          value={mentions}
          onChange={setMentions}
          searchable
          clearable
          maxValues={20}
        />
        <Group justify="flex-end">
          <Button leftSection={<IconMessageCircle size={16} aria-hidden />} onClick={() => void submit().catch(() => undefined)} loading={busy} disabled={!text.trim()}>
            {t('recovery.notes.add')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function eventDetail(event: CaseEvent, t: (key: string, options?: Record<string, unknown>) => string, nameOf: (id: string | null) => string | null): string | null {
  const data = event.data;
  const str = (value: unknown) => (typeof value === 'string' && value ? value : null);
  switch (event.kind) {
    case 'step_recorded':
      return [t(`recovery.steps.${String(data.step)}`), str(data.customerWords), str(data.note), str(data.solution), str(data.customerChoice)].filter(Boolean).join(' — ');
    case 'note':
      return str(data.text);
    case 'transfer_requested':
      return [t('recovery.timeline.toPerson', { name: nameOf(str(data.to)) ?? '—' }), str(data.reason)].filter(Boolean).join(' — ');
    case 'transfer_declined':
      return str(data.reason);
    case 'escalated':
      return [t(`recovery.escalation.${String(data.levelName)}`), nameOf(str(data.to)), str(data.reason)].filter(Boolean).join(' — ');
    case 'sla_breached':
      return t(`recovery.deadlines.${String(data.deadline)}`);
    case 'closed':
      return [t(`recovery.closeReason.${String(data.reason)}`), str(data.note)].filter(Boolean).join(' — ');
    case 'reopened':
      return str(data.reason);
    case 'compensation_proposed':
    case 'compensation_approved':
      return typeof data.cost === 'number' && typeof data.currency === 'string' ? formatMoney(data.cost, data.currency) : null;
    case 'compensation_rejected':
      return str(data.note);
    case 'follow_up_scheduled':
    case 'follow_up_due':
      return [data.channel ? t(`recovery.followUpChannel.${String(data.channel)}`) : null, data.resurvey ? t('recovery.timeline.withResurvey') : null].filter(Boolean).join(' · ');
    case 'follow_up_answered':
    case 'follow_up_done': {
      const score = data.score as { kind?: string; value?: number } | null | undefined;
      return [score?.kind ? `${score.kind.toUpperCase()} ${score.value}` : null, str(data.notes)].filter(Boolean).join(' — ');
    }
    case 'opened':
    case 'attached':
      return [data.reason ? t(`recovery.reason.${String(data.reason)}`) : null, str(data.comment)].filter(Boolean).join(' — ') || null;
    default:
      return null;
  }
}

function TimelinePanel({ events }: { events: CaseEvent[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const nameOf = usePersonName();
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} size="h4" mb="sm">
        {t('recovery.timeline.title')}
      </Title>
      <Timeline active={events.length} bulletSize={14} lineWidth={2}>
        {events.map((event) => {
          const detail = eventDetail(event, t, nameOf);
          const who = event.actorKind === 'system' ? t('recovery.timeline.system') : event.actorKind === 'api_key' ? t('recovery.timeline.apiKey') : (nameOf(event.actorId) ?? '—');
          return (
            <Timeline.Item key={event.eventId} title={t(`recovery.timeline.kinds.${event.kind}`)} data-event={event.kind}>
              {detail && <Text size="sm">{detail}</Text>}
              <Text size="xs" c="dimmed">
                {who} · {format.dateTime(event.at)}
              </Text>
            </Timeline.Item>
          );
        })}
      </Timeline>
    </Paper>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  if (children === null || children === undefined || children === '') return null;
  return (
    <Group gap={6} wrap="nowrap" align="flex-start">
      <Text size="sm" c="dimmed" style={{ minWidth: '6.5rem' }}>
        {label}
      </Text>
      <Text size="sm" style={{ wordBreak: 'break-word' }}>
        {children}
      </Text>
    </Group>
  );
}

function CustomerPanel({ item }: { item: Case }) {
  const { t } = useTranslation();
  const { labelOf } = useLocationOptions();
  const d = item.details;
  const num = (value: unknown) => (typeof value === 'number' ? String(value) : null);
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} size="h4" mb="sm">
        {t('recovery.customer.title')}
      </Title>
      <Stack gap={4}>
        <Field label={t('recovery.customer.name')}>{item.customerName}</Field>
        <Field label={t('recovery.customer.ref')}>{item.customerRef}</Field>
        <Field label={t('recovery.customer.phone')}>{item.customerPhone && <Anchor href={`tel:${item.customerPhone}`}>{item.customerPhone}</Anchor>}</Field>
        <Field label={t('recovery.customer.email')}>{item.customerEmail && <Anchor href={`mailto:${item.customerEmail}`}>{item.customerEmail}</Anchor>}</Field>
      </Stack>
      <Title order={3} size="h5" mt="md" mb="xs">
        {t('recovery.customer.trigger')}
      </Title>
      <Stack gap={4}>
        <Field label="NPS">{num(d.nps)}</Field>
        <Field label="CSAT">{num(d.csat)}</Field>
        <Field label={t('recovery.customer.sentiment')}>{num(d.sentiment)}</Field>
        <Field label={t('recovery.customer.comment')}>{typeof d.comment === 'string' ? d.comment : null}</Field>
        <Field label={t('recovery.customer.moment')}>{item.journeyKey ? <MomentLabel journeyKey={item.journeyKey} momentKey={item.momentKey} version={item.journeyVersion} /> : null}</Field>
        <Field label={t('recovery.customer.location')}>{labelOf(item.locationId)}</Field>
        <Field label={t('recovery.customer.staff')}>{item.staffRef}</Field>
        <Field label={t('recovery.customer.visit')}>{item.visitId}</Field>
      </Stack>
    </Paper>
  );
}

function DeadlinesPanel({ item }: { item: Case }) {
  const { t } = useTranslation();
  const format = useFormat();
  const rows: { key: string; due: string | null; met: string | null; breached: string | null }[] = [
    { key: 'first_response', due: item.sla.firstResponseDueAt, met: item.sla.firstRespondedAt, breached: item.sla.firstResponseBreachedAt },
    { key: 'resolution', due: item.sla.resolutionDueAt, met: item.sla.resolvedAt, breached: item.sla.resolutionBreachedAt },
    { key: 'follow_up', due: item.sla.followUpDueAt ?? item.sla.followUpScheduledFor, met: item.sla.followUpDoneAt, breached: item.sla.followUpBreachedAt },
  ];
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} size="h4" mb="sm">
        {t('recovery.deadlines.title')}
      </Title>
      <Stack gap="xs">
        {rows.map((row) => (
          <Stack key={row.key} gap={0}>
            <Text size="sm" fw={600}>
              {t(`recovery.deadlines.${row.key}`)}
            </Text>
            <Text size="sm" c={row.breached ? 'red' : row.met ? 'teal' : undefined}>
              {row.met
                ? t('recovery.deadlines.met', { at: format.dateTime(row.met) })
                : row.due
                  ? t('recovery.deadlines.due', { at: format.dateTime(row.due) })
                  : t('recovery.deadlines.notYet')}
              {row.breached ? ` · ${t('recovery.deadlines.breached')}` : ''}
            </Text>
          </Stack>
        ))}
      </Stack>
    </Paper>
  );
}

/** The customer's other cases, across every moment and outlet the viewer may see. */
function HistoryPanel({ item }: { item: Case }) {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const format = useFormat();
  const history = useQuery({
    queryKey: casesKey(orgId, 'customer', item.customerRef),
    queryFn: () => api<Page<Case>>('/cases', { query: { customerRef: item.customerRef, view: 'all', limit: 50 } }),
    enabled: Boolean(item.customerRef),
  });
  const others = (history.data?.items ?? []).filter((other) => other.caseId !== item.caseId);
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} size="h4" mb="sm">
        {t('recovery.history.title')}
      </Title>
      {!item.customerRef ? (
        <Text size="sm" c="dimmed">
          {t('recovery.history.anonymous')}
        </Text>
      ) : others.length === 0 ? (
        <Text size="sm" c="dimmed">
          {history.isPending ? t('common.loading') : t('recovery.history.empty')}
        </Text>
      ) : (
        <Stack gap="xs">
          {others.map((other) => (
            <Stack key={other.caseId} gap={0}>
              <Anchor component={Link} to={`/cases/${other.caseId}`} size="sm" lineClamp={2}>
                {other.summary}
              </Anchor>
              <Text size="xs" c="dimmed">
                {format.date(other.openedAt)}
                {other.journeyKey && (
                  <>
                    {' · '}
                    <MomentLabel journeyKey={other.journeyKey} momentKey={other.momentKey} version={other.journeyVersion} />
                  </>
                )}
                {` · ${t(`recovery.reason.${other.reason}`)} · ${t(`recovery.status.${other.status}`)}`}
                {typeof other.details.nps === 'number' ? ` · NPS ${other.details.nps}` : ''}
              </Text>
            </Stack>
          ))}
        </Stack>
      )}
    </Paper>
  );
}

export const STEP_ORDER = STEP_KEYS;
