import { useState } from 'react';
import { ActionIcon, Alert, Badge, Button, Card, Checkbox, EmptyState, Group, Paper as MantinePaper, Radio, Stack, Text, Title } from '@mantine/core';
import { IconArrowDown, IconArrowUp } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { PageHeader } from '../components/page-header';
import { QueryError } from '../components/query-error';
import { describeApiError } from '../components/use-api-error';
import { useFormat } from '../format';
import { currentLanguage } from '../i18n';
import { textIn } from '../journeys/blueprint-model';
import { useCurrentOrg } from '../session/current-org';
import { useLocations } from '../settings/use-locations';
import { coachingKey, type Assignment, type AttemptResult, type ExamDefinition, type Paper, type PaperQuestion, type StaffRecord } from './coaching-api';
import { CoachingTabs } from './coaching-tabs';

/** Exams to take, on a phone: pick one, answer, hand in; the server scores it. */
export function ExamsPage() {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const language = currentLanguage();
  const [examId, setExamId] = useState<string | null>(null);
  const exams = useQuery({ queryKey: coachingKey(orgId, 'exams'), queryFn: () => api<{ items: ExamDefinition[] }>('/coaching/exams', { query: { limit: 200 } }).then((body) => body.items) });
  const mayTake = useMayTake();
  const assignments = useQuery({
    queryKey: coachingKey(orgId, 'assignments', 'open'),
    queryFn: () => api<{ items: Assignment[] }>('/coaching/assignments', { query: { open: true, limit: 200 } }).then((body) => body.items),
  });
  const assigned = new Set((assignments.data ?? []).map((row) => row.examId));

  let body;
  if (examId) body = <TakeExam examId={examId} onClose={() => setExamId(null)} />;
  else if (exams.isPending) body = <CenteredLoader />;
  else if (exams.isError) body = <QueryError error={exams.error} onRetry={() => void exams.refetch()} />;
  else if (exams.data.filter(mayTake).length === 0) body = <EmptyState variant="light" title={t('coaching.exams.none')} />;
  else {
    const ordered = exams.data.filter(mayTake).sort((a, b) => Number(assigned.has(b.examId)) - Number(assigned.has(a.examId)));
    body = (
      <Stack gap="sm">
        {ordered.map((exam) => (
          <Card key={exam.examId} withBorder padding="sm">
            <Group justify="space-between" wrap="nowrap">
              <div>
                <Text fw={600}>{textIn(exam.title, language, 'en') || exam.journeyKey}</Text>
                <Group gap={6}>
                  <Badge variant="light">{t(`coaching.exams.schedule.${exam.schedule}`)}</Badge>
                  {assigned.has(exam.examId) && <Badge color="orange">{t('coaching.exams.assigned')}</Badge>}
                </Group>
              </div>
              <Button onClick={() => setExamId(exam.examId)}>{t('coaching.exams.start')}</Button>
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
      <Stack maw={640}>{body}</Stack>
    </>
  );
}

/**
 * Whether the signed-in person's staff record may sit an exam: its target role must be theirs and its
 * target outlet theirs or above it (the server refuses the rest with 403). Without a staff record, or
 * while the locations are unknown, nothing is hidden.
 */
function useMayTake(): (exam: ExamDefinition) => boolean {
  const { orgId } = useCurrentOrg();
  const me = useQuery({ queryKey: coachingKey(orgId, 'me'), queryFn: () => api<StaffRecord>('/coaching/me'), retry: false });
  const locations = useLocations(true);
  const staff = me.data;
  if (!staff) return () => true;
  const parents = new Map((locations.data ?? []).map((location) => [location.locationId, location.parentId] as const));
  const above = new Set<string>();
  for (let at: string | null | undefined = staff.locationId; at && !above.has(at); at = parents.get(at)) above.add(at);
  return (exam) =>
    (exam.targetRole === null || exam.targetRole === staff.role) &&
    (exam.targetLocationId === null || !locations.data || above.has(exam.targetLocationId));
}

function TakeExam({ examId, onClose }: { examId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const locale = currentLanguage();
  const format = useFormat();
  const queryClient = useQueryClient();
  const paper = useQuery({ queryKey: coachingKey(orgId, 'paper', examId, locale), queryFn: () => api<Paper>(`/coaching/exams/${examId}/paper`, { query: { locale } }) });
  const [answers, setAnswers] = useState<Record<string, string[]>>({});
  const submit = useMutation({
    mutationFn: (payload: Record<string, string[]>) => api<AttemptResult>(`/coaching/exams/${examId}/attempts`, { method: 'POST', body: { locale, answers: payload } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: coachingKey(orgId) }),
  });
  if (paper.isPending) return <CenteredLoader />;
  if (paper.isError) return <QueryError error={paper.error} onRetry={() => void paper.refetch()} />;
  const orderOf = (question: PaperQuestion) => answers[question.questionId] ?? question.options.map((option) => option.id);

  if (submit.data) {
    const result = submit.data;
    return (
      <Alert color={result.passed ? 'green' : 'orange'} title={result.passed ? t('coaching.exams.passed') : t('coaching.exams.failed')}>
        <Text>{t('coaching.exams.score', { score: format.number(result.scorePercent), passMark: result.passMark })}</Text>
        {result.certificate && (
          <Button component="a" href={`/api/v1/coaching/certificates/${result.certificate.certificateId}/pdf`} variant="light" mt="sm" mr="sm">
            {t('coaching.exams.certificate')}
          </Button>
        )}
        <Button variant="default" mt="sm" onClick={onClose}>
          {t('coaching.exams.back')}
        </Button>
      </Alert>
    );
  }

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        const payload: Record<string, string[]> = {};
        for (const question of paper.data.questions) payload[question.questionId] = question.kind === 'order' ? orderOf(question) : (answers[question.questionId] ?? []);
        submit.mutate(payload);
      }}
    >
      <Stack gap="md">
        <Title order={2} size="h3">
          {paper.data.title}
        </Title>
        <Text size="sm" c="dimmed">
          {t('coaching.exams.passMark', { passMark: paper.data.passMark })}
        </Text>
        {paper.data.questions.map((question, index) => (
          <MantinePaper key={question.questionId} withBorder p="sm">
            <Text fw={600} mb="xs">
              {index + 1}. {question.prompt}
            </Text>
            {question.kind === 'order' ? (
              <Stack gap={4}>
                {orderOf(question).map((id, position, list) => {
                  const move = (by: number) => {
                    const next = [...list];
                    [next[position], next[position + by]] = [next[position + by]!, next[position]!];
                    setAnswers({ ...answers, [question.questionId]: next });
                  };
                  const text = question.options.find((option) => option.id === id)?.text ?? id;
                  return (
                    <Group key={id} gap="xs" wrap="nowrap">
                      <ActionIcon variant="default" onClick={() => move(-1)} disabled={position === 0} aria-label={t('coaching.exams.moveUp', { step: text })}>
                        <IconArrowUp size={16} aria-hidden />
                      </ActionIcon>
                      <ActionIcon variant="default" onClick={() => move(1)} disabled={position === list.length - 1} aria-label={t('coaching.exams.moveDown', { step: text })}>
                        <IconArrowDown size={16} aria-hidden />
                      </ActionIcon>
                      <Text size="sm">
                        {position + 1}. {text}
                      </Text>
                    </Group>
                  );
                })}
              </Stack>
            ) : question.kind === 'multiple' ? (
              <Checkbox.Group value={answers[question.questionId] ?? []} onChange={(value) => setAnswers({ ...answers, [question.questionId]: value })}>
                <Stack gap={6}>
                  {question.options.map((option) => (
                    <Checkbox key={option.id} value={option.id} label={option.text} />
                  ))}
                </Stack>
              </Checkbox.Group>
            ) : (
              <Radio.Group value={answers[question.questionId]?.[0] ?? null} onChange={(value) => setAnswers({ ...answers, [question.questionId]: [value] })}>
                <Stack gap={6}>
                  {question.options.map((option) => (
                    <Radio key={option.id} value={option.id} label={option.text} />
                  ))}
                </Stack>
              </Radio.Group>
            )}
          </MantinePaper>
        ))}
        {submit.isError && <Alert color="red">{describeApiError(submit.error, t)}</Alert>}
        <Group>
          <Button type="submit" loading={submit.isPending}>
            {t('coaching.exams.handIn')}
          </Button>
          <Button variant="default" onClick={onClose}>
            {t('coaching.exams.back')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
