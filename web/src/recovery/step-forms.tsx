import { useState } from 'react';
import { Button, Checkbox, Group, NumberInput, Radio, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { orgKey } from '../query-client';
import { useCurrentOrg } from '../session/current-org';
import type { Act } from './case-page';
import type { Case, CompensationKind, FollowUpChannel, GatherQuestion, PlaybookStep } from './recovery-api';

/** The form of a step, shown only when the server allows the caller to record it now. */
export function StepForm({ item, step, act, busy }: { item: Case; step: PlaybookStep; act: Act; busy: boolean }) {
  const can = (action: Case['allowedActions'][number]) => item.allowedActions.includes(action);
  switch (step.key) {
    case 'vent':
      return can('vent') && !step.done ? <VentForm act={act} busy={busy} /> : null;
    case 'apologise':
      return can('apologise') && !step.done ? <ApologiseForm act={act} busy={busy} /> : null;
    case 'gather':
      return can('gather') && !step.done ? <GatherForm step={step} act={act} busy={busy} /> : null;
    case 'propose':
      return can('propose') && item.currentStep === 'propose' ? <ProposeForm step={step} act={act} busy={busy} /> : null;
    case 'agree':
      return can('agree') && item.currentStep === 'agree' ? <AgreeForm act={act} busy={busy} /> : null;
    case 'follow_up':
      return (
        <Stack gap="md">
          {can('schedule_follow_up') && item.currentStep === 'follow_up' && <ScheduleForm item={item} step={step} act={act} busy={busy} />}
          {can('record_follow_up') && item.currentStep === 'follow_up' && <FollowUpResultForm act={act} busy={busy} />}
        </Stack>
      );
    default:
      return null;
  }
}

/** Runs a command and tells the form whether it went through (errors are already shown). */
async function attempt(run: () => Promise<void>): Promise<boolean> {
  try {
    await run();
    return true;
  } catch {
    return false;
  }
}

function VentForm({ act, busy }: { act: Act; busy: boolean }) {
  const { t } = useTranslation();
  const [words, setWords] = useState('');
  return (
    <StepFormShell
      onSubmit={async () => {
        if (await attempt(() => act('vent', { customerWords: words.trim() }))) setWords('');
      }}
      submitLabel={t('recovery.forms.recordVent')}
      disabled={!words.trim()}
      busy={busy}
    >
      <Textarea label={t('recovery.forms.customerWords')} description={t('recovery.forms.customerWordsHint')} autosize minRows={3} value={words} onChange={(event) => setWords(event.currentTarget.value)} required />
    </StepFormShell>
  );
}

function ApologiseForm({ act, busy }: { act: Act; busy: boolean }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  return (
    <StepFormShell onSubmit={async () => void (await attempt(() => act('apologise', { note: note.trim() || null })))} submitLabel={t('recovery.forms.recordApology')} busy={busy}>
      <Textarea label={t('recovery.forms.noteOptional')} autosize minRows={2} value={note} onChange={(event) => setNote(event.currentTarget.value)} />
    </StepFormShell>
  );
}

function GatherForm({ step, act, busy }: { step: PlaybookStep; act: Act; busy: boolean }) {
  const { t } = useTranslation();
  const [answers, setAnswers] = useState<Partial<Record<GatherQuestion, string>>>({});
  const filled = Object.fromEntries(Object.entries(answers).filter(([, value]) => value && value.trim()).map(([key, value]) => [key, value!.trim()]));
  return (
    <StepFormShell onSubmit={async () => void (await attempt(() => act('gather', { answers: filled })))} submitLabel={t('recovery.forms.recordGather')} disabled={Object.keys(filled).length === 0} busy={busy}>
      <Text size="sm" c="dimmed">
        {t('recovery.forms.gatherHint')}
      </Text>
      {(step.questions ?? []).map((question) => (
        <Textarea
          key={question.key}
          label={question.label}
          description={question.example}
          autosize
          minRows={1}
          value={answers[question.key] ?? ''}
          onChange={(event) => {
            const value = event.currentTarget.value;
            setAnswers((current) => ({ ...current, [question.key]: value }));
          }}
        />
      ))}
    </StepFormShell>
  );
}

function ProposeForm({ step, act, busy }: { step: PlaybookStep; act: Act; busy: boolean }) {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const settings = useQuery({ queryKey: orgKey(orgId, 'recovery-settings'), queryFn: () => api<{ approval: { currency: string } }>('/recovery/settings') });
  const [solution, setSolution] = useState('');
  const [offer, setOffer] = useState(false);
  const [kind, setKind] = useState<CompensationKind | null>(null);
  const [cost, setCost] = useState<number | string>(0);
  const [description, setDescription] = useState('');
  const currency = settings.data?.approval.currency ?? '';
  const ready = solution.trim() && (!offer || (kind && typeof cost === 'number' && cost >= 0));
  return (
    <StepFormShell
      onSubmit={async () => {
        const body = { solution: solution.trim(), compensation: offer && kind ? { kind, cost: Number(cost), description: description.trim() || null } : null };
        if (await attempt(() => act('propose', body))) setSolution('');
      }}
      submitLabel={t('recovery.forms.recordPropose')}
      disabled={!ready}
      busy={busy}
    >
      <Textarea label={t('recovery.forms.solution')} autosize minRows={2} value={solution} onChange={(event) => setSolution(event.currentTarget.value)} required />
      <Checkbox label={t('recovery.forms.offerCompensation')} checked={offer} onChange={(event) => setOffer(event.currentTarget.checked)} />
      {offer && (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Select label={t('recovery.forms.compensationKind')} required data={(step.compensationKinds ?? []).map((k) => ({ value: k.kind, label: k.label }))} value={kind} onChange={(value) => setKind(value as CompensationKind | null)} />
          <NumberInput label={t('recovery.forms.cost', { currency })} min={0} decimalScale={2} value={cost} onChange={setCost} required />
          <TextInput label={t('recovery.forms.compensationDescription')} value={description} onChange={(event) => setDescription(event.currentTarget.value)} style={{ gridColumn: '1 / -1' }} />
          <Text size="xs" c="dimmed" style={{ gridColumn: '1 / -1' }}>
            {t('recovery.forms.approvalHint')}
          </Text>
        </SimpleGrid>
      )}
    </StepFormShell>
  );
}

function AgreeForm({ act, busy }: { act: Act; busy: boolean }) {
  const { t } = useTranslation();
  const [choice, setChoice] = useState('');
  const record = async (answer: 'accepted' | 'declined') => {
    if (await attempt(() => act('agree', { choice: answer, customerChoice: choice.trim() }))) setChoice('');
  };
  return (
    <Stack gap="sm">
      <Textarea label={t('recovery.forms.customerChoice')} description={t('recovery.forms.customerChoiceHint')} autosize minRows={2} value={choice} onChange={(event) => setChoice(event.currentTarget.value)} required />
      <Group gap="xs">
        <Button color="teal" onClick={() => void record('accepted')} disabled={!choice.trim()} loading={busy}>
          {t('recovery.forms.customerAccepted')}
        </Button>
        <Button variant="default" onClick={() => void record('declined')} disabled={!choice.trim()} loading={busy}>
          {t('recovery.forms.customerDeclined')}
        </Button>
      </Group>
    </Stack>
  );
}

/** A date-time input value ("YYYY-MM-DDTHH:mm", local time) a few days ahead. */
function localInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function ScheduleForm({ item, step, act, busy }: { item: Case; step: PlaybookStep; act: Act; busy: boolean }) {
  const { t } = useTranslation();
  const scheduled = item.playbook.followUp?.scheduledFor;
  const [when, setWhen] = useState(() => localInputValue(scheduled ? new Date(scheduled) : new Date(Date.now() + 3 * 86_400_000)));
  const [channel, setChannel] = useState<FollowUpChannel | null>(item.playbook.followUp?.channel ?? (item.customerEmail ? 'email' : 'phone'));
  const [resurvey, setResurvey] = useState(item.playbook.followUp?.resurvey ?? true);
  const valid = when && !Number.isNaN(new Date(when).getTime()) && channel;
  return (
    <StepFormShell
      onSubmit={async () => void (await attempt(() => act('schedule_follow_up', { scheduledFor: new Date(when).toISOString(), channel, resurvey })))}
      submitLabel={scheduled ? t('recovery.forms.reschedule') : t('recovery.forms.schedule')}
      disabled={!valid}
      busy={busy}
    >
      <Text size="sm" fw={600}>
        {t('recovery.forms.scheduleTitle')}
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput type="datetime-local" label={t('recovery.forms.followUpAt')} value={when} onChange={(event) => setWhen(event.currentTarget.value)} required />
        <Select label={t('recovery.forms.followUpChannel')} data={(step.followUpChannels ?? []).map((c) => ({ value: c.channel, label: c.label }))} value={channel} onChange={(value) => setChannel(value as FollowUpChannel | null)} allowDeselect={false} />
      </SimpleGrid>
      <Checkbox label={t('recovery.forms.resurvey')} description={t('recovery.forms.resurveyHint')} checked={resurvey} onChange={(event) => setResurvey(event.currentTarget.checked)} />
    </StepFormShell>
  );
}

function FollowUpResultForm({ act, busy }: { act: Act; busy: boolean }) {
  const { t } = useTranslation();
  const [reached, setReached] = useState<string>('yes');
  const [satisfied, setSatisfied] = useState<string>('');
  const [notes, setNotes] = useState('');
  const ready = reached === 'no' || satisfied !== '';
  return (
    <StepFormShell
      onSubmit={async () =>
        void (await attempt(() => act('record_follow_up', { reached: reached === 'yes', satisfied: reached === 'yes' ? satisfied === 'yes' : null, notes: notes.trim() || null })))
      }
      submitLabel={t('recovery.forms.recordFollowUp')}
      disabled={!ready}
      busy={busy}
    >
      <Text size="sm" fw={600}>
        {t('recovery.forms.resultTitle')}
      </Text>
      <Radio.Group label={t('recovery.forms.reached')} value={reached} onChange={setReached}>
        <Group gap="md" mt={4}>
          <Radio value="yes" label={t('recovery.forms.yes')} />
          <Radio value="no" label={t('recovery.forms.no')} />
        </Group>
      </Radio.Group>
      {reached === 'yes' && (
        <Radio.Group label={t('recovery.forms.satisfied')} value={satisfied} onChange={setSatisfied} required>
          <Group gap="md" mt={4}>
            <Radio value="yes" label={t('recovery.forms.satisfiedYes')} />
            <Radio value="no" label={t('recovery.forms.satisfiedNo')} />
          </Group>
        </Radio.Group>
      )}
      <Textarea label={t('recovery.forms.noteOptional')} autosize minRows={2} value={notes} onChange={(event) => setNotes(event.currentTarget.value)} />
    </StepFormShell>
  );
}

function StepFormShell({ children, onSubmit, submitLabel, disabled, busy }: { children: React.ReactNode; onSubmit: () => Promise<void>; submitLabel: string; disabled?: boolean; busy: boolean }) {
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (!disabled) void onSubmit();
      }}
    >
      <Stack gap="sm">
        {children}
        <Group justify="flex-end">
          <Button type="submit" disabled={disabled} loading={busy}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
