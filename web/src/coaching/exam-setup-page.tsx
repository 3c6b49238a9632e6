import { useState } from 'react';
import { ActionIcon, Badge, Button, Card, EmptyState, Group, Modal, MultiSelect, NumberInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconPencil, IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { PageHeader } from '../components/page-header';
import { QueryError } from '../components/query-error';
import { useLastPresent } from '../components/use-last-present';
import { describeApiError } from '../components/use-api-error';
import { useJourneyChoices, useMomentChoices } from '../feedback/use-journey-choices';
import { useFormat } from '../format';
import { currentLanguage } from '../i18n';
import { textIn } from '../journeys/blueprint-model';
import { useCurrentOrg } from '../session/current-org';
import { useLocationOptions } from '../settings/use-locations';
import { coachingKey, type ExamDefinition, type ExamSchedule, type Texts } from './coaching-api';
import { CoachingTabs } from './coaching-tabs';
import { filledTexts, TextsInput } from './texts-input';

const SCHEDULES: readonly ExamSchedule[] = ['weekly', 'monthly', 'quarterly', 'once'];

/** Scheduled exams: who sits them (role or outlet), on which moments, how many questions, pass mark and certificate. */
export function ExamSetupPage() {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const language = currentLanguage();
  const format = useFormat();
  const { labelOf } = useLocationOptions();
  const { journeys } = useJourneyChoices();
  const [editing, setEditing] = useState<ExamDefinition | 'new' | null>(null);
  // The dialog keeps its title while it fades out after saving.
  const shown = useLastPresent(editing);
  const exams = useQuery({ queryKey: coachingKey(orgId, 'exams'), queryFn: () => api<{ items: ExamDefinition[] }>('/coaching/exams', { query: { limit: 200 } }).then((body) => body.items) });
  const journeyName = (key: string) => {
    const journey = journeys.find((candidate) => candidate.key === key);
    return journey ? textIn(journey.name, language, journey.fallbackLocale) || key : key;
  };

  let body;
  if (exams.isPending) body = <CenteredLoader />;
  else if (exams.isError) body = <QueryError error={exams.error} onRetry={() => void exams.refetch()} />;
  else {
    // Re-tests are made by the weak-moment job, one per moment; they are not scheduled here.
    const defined = exams.data.filter((exam) => exam.retestFor === null);
    body =
      defined.length === 0 ? (
        <EmptyState variant="light" title={t('coaching.examSetup.none')} description={t('coaching.examSetup.noneHint')} />
      ) : (
        <Stack gap="xs" data-testid="exam-definitions">
          {defined.map((exam) => (
            <Card key={exam.examId} withBorder padding="sm">
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <div style={{ minWidth: 0 }}>
                  <Text fw={600}>{textIn(exam.title, language, 'en')}</Text>
                  <Text size="sm" c="dimmed">
                    {journeyName(exam.journeyKey)}
                    {exam.momentKeys.length > 0 && ` · ${t('coaching.examSetup.momentCount', { count: exam.momentKeys.length })}`}
                  </Text>
                  <Group gap={6} mt={4}>
                    <Badge variant="light">{t(`coaching.exams.schedule.${exam.schedule}`)}</Badge>
                    <Badge variant="light" color="gray">
                      {t('coaching.exams.passMark', { passMark: exam.passMark })}
                    </Badge>
                    {exam.questionCount !== null && (
                      <Badge variant="light" color="gray">
                        {t('coaching.examSetup.questionsBadge', { count: exam.questionCount })}
                      </Badge>
                    )}
                    {exam.certificateMonths !== null && (
                      <Badge variant="light" color="green">
                        {t('coaching.examSetup.certificateBadge', { count: exam.certificateMonths })}
                      </Badge>
                    )}
                    {exam.targetRole && <Badge variant="light" color="grape">{exam.targetRole}</Badge>}
                    {exam.targetLocationId && (
                      <Badge variant="light" color="grape">
                        {labelOf(exam.targetLocationId) ?? exam.targetLocationId}
                      </Badge>
                    )}
                  </Group>
                  {exam.dueBy && (
                    <Text size="sm" mt={4}>
                      {t('coaching.examSetup.dueBy', { date: format.date(exam.dueBy) })}
                    </Text>
                  )}
                </div>
                <ActionIcon variant="default" size="lg" onClick={() => setEditing(exam)} aria-label={t('coaching.examSetup.editTitle')}>
                  <IconPencil size={16} aria-hidden />
                </ActionIcon>
              </Group>
            </Card>
          ))}
        </Stack>
      );
  }

  return (
    <>
      <PageHeader title={t('nav.coaching')} />
      <CoachingTabs />
      <Stack gap="md" maw={720}>
        <Group justify="flex-end">
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
            {t('coaching.examSetup.define')}
          </Button>
        </Group>
        {body}
      </Stack>
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={shown === 'new' ? t('coaching.examSetup.define') : t('coaching.examSetup.editTitle')} size="lg">
        {editing !== null && <ExamForm key={editing === 'new' ? 'new' : editing.examId} exam={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
      </Modal>
    </>
  );
}

interface Draft {
  journeyKey: string | null;
  momentKeys: string[];
  title: Texts;
  schedule: ExamSchedule;
  targetRole: string;
  targetLocationId: string | null;
  questionCount: number | string;
  passMark: number | string;
  certificateMonths: number | string;
}

function ExamForm({ exam, onDone }: { exam: ExamDefinition | null; onDone: () => void }) {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const queryClient = useQueryClient();
  const { choices } = useJourneyChoices();
  const { options: locations } = useLocationOptions();
  const [draft, setDraft] = useState<Draft>({
    journeyKey: exam?.journeyKey ?? null,
    momentKeys: exam?.momentKeys ?? [],
    title: exam?.title ?? {},
    schedule: exam?.schedule ?? 'monthly',
    targetRole: exam?.targetRole ?? '',
    targetLocationId: exam?.targetLocationId ?? null,
    questionCount: exam?.questionCount ?? '',
    passMark: exam?.passMark ?? 80,
    certificateMonths: exam?.certificateMonths ?? '',
  });
  const journeyKey = draft.journeyKey ?? choices[0]?.value ?? null;
  const moments = useMomentChoices(journeyKey);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (change: Partial<Draft>) => setDraft({ ...draft, ...change });
  const numberOrNull = (value: number | string) => (value === '' ? null : Number(value));
  const save = useMutation({
    mutationFn: () => {
      const body = {
        journeyKey,
        momentKeys: draft.momentKeys,
        title: filledTexts(draft.title),
        schedule: draft.schedule,
        targetRole: draft.targetRole.trim() || null,
        targetLocationId: draft.targetLocationId,
        passMark: Number(draft.passMark),
        questionCount: numberOrNull(draft.questionCount),
        certificateMonths: numberOrNull(draft.certificateMonths),
      };
      return exam ? api(`/coaching/exams/${exam.examId}`, { method: 'PUT', body }) : api('/coaching/exams', { method: 'POST', body });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: coachingKey(orgId) });
      onDone();
    },
    onError: (error) => {
      // A field the server names gets the message next to it, in the reader's language where it is known.
      if (isApiError(error) && error.field) {
        const field = error.field.startsWith('momentKeys') ? 'momentKeys' : error.field;
        const wording: Record<string, string> = { targetLocationId: t('coaching.staff.errors.location'), momentKeys: t('coaching.examSetup.errors.moment') };
        setErrors({ [field]: wording[field] ?? describeApiError(error, t) });
      }
    },
  });
  const validate = () => {
    const found: Record<string, string> = {};
    if (!journeyKey) found.journeyKey = t('validation.required');
    if (Object.keys(filledTexts(draft.title)).length === 0) found.title = t('validation.required');
    if (draft.passMark === '' || Number(draft.passMark) < 1 || Number(draft.passMark) > 100) found.passMark = t('coaching.examSetup.errors.passMark');
    setErrors(found);
    return Object.keys(found).length === 0;
  };
  const general = save.isError && !(isApiError(save.error) && save.error.field) ? describeApiError(save.error, t) : null;
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (validate()) save.mutate();
      }}
      noValidate
    >
      <Stack gap="sm">
        <TextsInput id="exam-title" label={t('coaching.examSetup.title')} value={draft.title} onChange={(title) => set({ title })} error={errors.title} />
        <Select label={t('coaching.common.journey')} data={choices} value={journeyKey} onChange={(value) => set({ journeyKey: value, momentKeys: [] })} allowDeselect={false} error={errors.journeyKey} required />
        <MultiSelect
          label={t('coaching.examSetup.moments')}
          description={t('coaching.examSetup.momentsHint')}
          data={moments.choices}
          value={draft.momentKeys}
          onChange={(momentKeys) => set({ momentKeys })}
          clearable
          searchable
          error={errors.momentKeys}
          data-testid="exam-moments"
        />
        <Select
          label={t('coaching.examSetup.schedule')}
          data={SCHEDULES.map((value) => ({ value, label: t(`coaching.exams.schedule.${value}`) }))}
          value={draft.schedule}
          onChange={(value) => value && set({ schedule: value as ExamSchedule })}
          allowDeselect={false}
          data-testid="exam-schedule"
        />
        <TextInput label={t('coaching.examSetup.role')} description={t('coaching.examSetup.roleHint')} value={draft.targetRole} onChange={(event) => set({ targetRole: event.currentTarget.value })} error={errors.targetRole} />
        <Select label={t('coaching.examSetup.outlet')} description={t('coaching.examSetup.outletHint')} data={locations} value={draft.targetLocationId} onChange={(value) => set({ targetLocationId: value })} clearable searchable error={errors.targetLocationId} />
        <Group grow align="flex-start" wrap="wrap">
          <NumberInput label={t('coaching.examSetup.questionCount')} description={t('coaching.examSetup.questionCountHint')} min={1} max={200} allowDecimal={false} value={draft.questionCount} onChange={(value) => set({ questionCount: value })} error={errors.questionCount} miw={150} data-testid="exam-question-count" />
          <NumberInput label={t('coaching.examSetup.passMark')} min={1} max={100} allowDecimal={false} suffix=" %" value={draft.passMark} onChange={(value) => set({ passMark: value })} error={errors.passMark} required miw={150} data-testid="exam-pass-mark" />
          <NumberInput label={t('coaching.examSetup.certificateMonths')} description={t('coaching.examSetup.certificateMonthsHint')} min={1} max={120} allowDecimal={false} value={draft.certificateMonths} onChange={(value) => set({ certificateMonths: value })} error={errors.certificateMonths} miw={150} />
        </Group>
        {general && (
          <Text c="red" size="sm" role="alert">
            {general}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('coaching.admin.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="exam-save">
            {t('coaching.admin.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
