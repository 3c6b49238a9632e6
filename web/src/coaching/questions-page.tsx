import { useState } from 'react';
import { ActionIcon, Alert, Badge, Button, Card, Checkbox, EmptyState, Group, List, Paper, Radio, SegmentedControl, Select, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { ConfirmModal } from '../components/confirm-modal';
import { PageHeader } from '../components/page-header';
import { QueryError } from '../components/query-error';
import { describeApiError } from '../components/use-api-error';
import { useJourneyChoices, useMomentChoices } from '../feedback/use-journey-choices';
import { currentLanguage } from '../i18n';
import { textIn } from '../journeys/blueprint-model';
import { useCurrentOrg } from '../session/current-org';
import { coachingKey, type BankQuestion, type Phrase, type QuestionBank, type QuestionKind, type Texts } from './coaching-api';
import { CoachingTabs } from './coaching-tabs';
import { filledTexts, TextsInput } from './texts-input';

const KINDS: readonly QuestionKind[] = ['single', 'multiple', 'order', 'phrase'];

/** Per moment: the phrases to use / never to use on its card, and its question bank (generated + the managers' own). */
export function QuestionsPage() {
  const { t } = useTranslation();
  const { choices, isPending } = useJourneyChoices();
  const [journeyKey, setJourneyKey] = useState<string | null>(null);
  const [momentKey, setMomentKey] = useState<string | null>(null);
  const journey = journeyKey ?? choices[0]?.value ?? null;
  const moments = useMomentChoices(journey);
  const moment = momentKey && moments.choices.some((choice) => choice.value === momentKey) ? momentKey : (moments.choices[0]?.value ?? null);
  return (
    <>
      <PageHeader title={t('nav.coaching')} />
      <CoachingTabs />
      <Stack gap="md" maw={760}>
        <Group grow align="flex-end" wrap="wrap">
          <Select label={t('coaching.common.journey')} data={choices} value={journey} onChange={(value) => { setJourneyKey(value); setMomentKey(null); }} allowDeselect={false} disabled={isPending} miw={200} />
          <Select label={t('coaching.admin.moment')} data={moments.choices} value={moment} onChange={setMomentKey} allowDeselect={false} disabled={!journey} miw={200} data-testid="bank-moment" />
        </Group>
        {!journey && !isPending && <EmptyState variant="light" title={t('coaching.common.noJourney')} />}
        {journey && moment && (
          <>
            <Phrases journeyKey={journey} momentKey={moment} />
            <Bank journeyKey={journey} momentKey={moment} />
          </>
        )}
      </Stack>
    </>
  );
}

function Phrases({ journeyKey, momentKey }: { journeyKey: string; momentKey: string }) {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const language = currentLanguage();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<'use' | 'avoid'>('use');
  const [text, setText] = useState<Texts>({});
  const key = coachingKey(orgId, 'phrases', journeyKey, momentKey);
  const phrases = useQuery({ queryKey: key, queryFn: () => api<{ items: Phrase[] }>('/coaching/phrases', { query: { journeyKey, momentKey } }).then((body) => body.items) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: coachingKey(orgId) });
  const add = useMutation({
    mutationFn: () => api<Phrase>('/coaching/phrases', { method: 'POST', body: { journeyKey, momentKey, kind, text: filledTexts(text) } }),
    onSuccess: async () => {
      setText({});
      await refresh();
    },
  });
  const remove = useMutation({ mutationFn: (phraseId: string) => api(`/coaching/phrases/${phraseId}`, { method: 'DELETE' }), onSuccess: refresh });
  const list = (which: 'use' | 'avoid') => {
    const items = (phrases.data ?? []).filter((phrase) => phrase.kind === which);
    return (
      <div>
        <Text fw={600} size="sm" c={which === 'use' ? 'green.8' : 'red.8'}>
          {t(which === 'use' ? 'coaching.cards.say' : 'coaching.cards.neverSay')}
        </Text>
        {items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('coaching.phrases.none')}
          </Text>
        ) : (
          <Stack gap={4} mt={4}>
            {items.map((phrase) => (
              <Group key={phrase.phraseId} justify="space-between" wrap="nowrap" gap="xs">
                <Text size="sm">{textIn(phrase.text, language, 'en')}</Text>
                <ActionIcon variant="subtle" color="red" onClick={() => remove.mutate(phrase.phraseId)} aria-label={t('coaching.phrases.remove', { text: textIn(phrase.text, language, 'en') })}>
                  <IconTrash size={16} aria-hidden />
                </ActionIcon>
              </Group>
            ))}
          </Stack>
        )}
      </div>
    );
  };
  return (
    <Card withBorder padding="md">
      <Title order={2} size="h4" mb="xs">
        {t('coaching.phrases.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('coaching.phrases.hint')}
      </Text>
      {phrases.isPending ? (
        <CenteredLoader />
      ) : phrases.isError ? (
        <QueryError error={phrases.error} onRetry={() => void phrases.refetch()} />
      ) : (
        <Stack gap="sm">
          {list('use')}
          {list('avoid')}
        </Stack>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          add.mutate();
        }}
      >
        <Stack gap="xs" mt="md">
          <SegmentedControl
            value={kind}
            onChange={(value) => setKind(value as 'use' | 'avoid')}
            data={[
              { value: 'use', label: t('coaching.cards.say') },
              { value: 'avoid', label: t('coaching.cards.neverSay') },
            ]}
          />
          <TextsInput id="phrase-text" label={t('coaching.phrases.new')} value={text} onChange={setText} />
          {add.isError && <Alert color="red">{describeApiError(add.error, t)}</Alert>}
          <Group>
            <Button type="submit" leftSection={<IconPlus size={16} aria-hidden />} disabled={Object.keys(filledTexts(text)).length === 0} loading={add.isPending}>
              {t('coaching.phrases.add')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function Bank({ journeyKey, momentKey }: { journeyKey: string; momentKey: string }) {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const locale = currentLanguage();
  const queryClient = useQueryClient();
  const [retiring, setRetiring] = useState<BankQuestion | null>(null);
  const [authoring, setAuthoring] = useState(false);
  const bank = useQuery({ queryKey: coachingKey(orgId, 'bank', journeyKey, momentKey, locale), queryFn: () => api<QuestionBank>('/coaching/questions', { query: { journeyKey, momentKey, locale } }) });
  const retire = useMutation({
    mutationFn: (questionId: string) => api(`/coaching/questions/${questionId}`, { method: 'DELETE' }),
    onSuccess: async () => {
      setRetiring(null);
      await queryClient.invalidateQueries({ queryKey: coachingKey(orgId) });
    },
  });
  return (
    <Card withBorder padding="md">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">
          {t('coaching.bank.title')}
        </Title>
        {!authoring && (
          <Button size="xs" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => setAuthoring(true)}>
            {t('coaching.bank.write')}
          </Button>
        )}
      </Group>
      {authoring && <QuestionForm journeyKey={journeyKey} momentKey={momentKey} onDone={() => setAuthoring(false)} />}
      {bank.isPending ? (
        <CenteredLoader />
      ) : bank.isError ? (
        <QueryError error={bank.error} onRetry={() => void bank.refetch()} />
      ) : bank.data.items.length === 0 ? (
        <EmptyState variant="light" title={t('coaching.bank.none')} />
      ) : (
        <Stack gap="sm" mt="sm" data-testid="bank-list">
          {bank.data.items.map((question) => (
            <Paper key={question.questionId} withBorder p="sm">
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <div style={{ minWidth: 0 }}>
                  <Group gap={6} mb={4}>
                    <Badge variant="light">{t(`coaching.bank.kind.${question.kind}`)}</Badge>
                    <Badge variant="light" color={question.source === 'authored' ? 'grape' : 'gray'}>
                      {t(`coaching.bank.source.${question.source}`)}
                    </Badge>
                  </Group>
                  <Text fw={600} size="sm">
                    {question.prompt}
                  </Text>
                  <QuestionAnswers question={question} />
                </div>
                {question.source === 'authored' && (
                  <ActionIcon variant="subtle" color="red" onClick={() => setRetiring(question)} aria-label={t('coaching.bank.retire')}>
                    <IconTrash size={16} aria-hidden />
                  </ActionIcon>
                )}
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
      <ConfirmModal
        opened={retiring !== null}
        title={t('coaching.bank.retire')}
        message={t('coaching.bank.retireMessage')}
        confirmLabel={t('coaching.bank.retire')}
        loading={retire.isPending}
        onConfirm={() => retiring && retire.mutate(retiring.questionId)}
        onClose={() => setRetiring(null)}
      />
    </Card>
  );
}

/** The options with the right answer marked (order questions: numbered in the right order). */
function QuestionAnswers({ question }: { question: BankQuestion }) {
  const { t } = useTranslation();
  if (question.kind === 'order')
    return (
      <List type="ordered" size="sm" mt={4}>
        {question.options.map((option) => (
          <List.Item key={option.id}>{option.text}</List.Item>
        ))}
      </List>
    );
  return (
    <Stack gap={2} mt={4}>
      {question.options.map((option) => (
        <Text key={option.id} size="sm" c={option.correct ? 'green.8' : 'dimmed'} fw={option.correct ? 600 : 400}>
          {option.correct ? '✓ ' : '· '}
          {option.text}
          {option.correct && <VisuallyHidden> ({t('coaching.bank.correct')})</VisuallyHidden>}
        </Text>
      ))}
    </Stack>
  );
}

interface DraftOption {
  text: Texts;
  correct: boolean;
}

function QuestionForm({ journeyKey, momentKey, onDone }: { journeyKey: string; momentKey: string; onDone: () => void }) {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const language = currentLanguage();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<QuestionKind>('single');
  const [prompt, setPrompt] = useState<Texts>({});
  const [options, setOptions] = useState<DraftOption[]>([
    { text: {}, correct: true },
    { text: {}, correct: false },
  ]);
  const [problem, setProblem] = useState<{ field: string; message: string } | null>(null);
  const save = useMutation({
    mutationFn: () =>
      api('/coaching/questions', {
        method: 'POST',
        body: { journeyKey, momentKey, kind, prompt: filledTexts(prompt), options: options.map((option) => ({ text: filledTexts(option.text), ...(kind === 'order' ? {} : { correct: option.correct }) })) },
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: coachingKey(orgId) });
      onDone();
    },
  });
  const single = kind === 'single' || kind === 'phrase';
  const setOption = (index: number, change: Partial<DraftOption>) => setOptions(options.map((option, at) => (at === index ? { ...option, ...change } : single && change.correct ? { ...option, correct: false } : option)));
  const move = (index: number, by: number) => {
    const next = [...options];
    [next[index], next[index + by]] = [next[index + by]!, next[index]!];
    setOptions(next);
  };
  const check = (): { field: string; message: string } | null => {
    if (Object.keys(filledTexts(prompt)).length === 0) return { field: 'prompt', message: t('validation.required') };
    const empty = options.findIndex((option) => Object.keys(filledTexts(option.text)).length === 0);
    if (empty >= 0) return { field: `option-${empty}`, message: t('validation.required') };
    const right = options.filter((option) => option.correct).length;
    if (kind !== 'order' && right === 0) return { field: 'options', message: t('coaching.bank.errors.noCorrect') };
    if (single && right !== 1) return { field: 'options', message: t('coaching.bank.errors.oneCorrect') };
    return null;
  };
  const preview = { prompt: textIn(prompt, language, 'en'), options: options.map((option, index) => ({ id: String(index), text: textIn(option.text, language, 'en') })) };
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        const found = check();
        setProblem(found);
        if (!found) save.mutate();
      }}
      noValidate
    >
      <Paper withBorder p="sm" mb="md" bg="gray.0">
        <Stack gap="sm">
          <Select
            label={t('coaching.bank.kindLabel')}
            data={KINDS.map((value) => ({ value, label: t(`coaching.bank.kind.${value}`) }))}
            value={kind}
            onChange={(value) => value && setKind(value as QuestionKind)}
            allowDeselect={false}
            data-testid="question-kind"
          />
          <Text size="xs" c="dimmed">
            {t(`coaching.bank.kindHint.${kind}`)}
          </Text>
          <TextsInput id="question-prompt" label={t('coaching.bank.prompt')} value={prompt} onChange={setPrompt} error={problem?.field === 'prompt' ? problem.message : undefined} />
          {options.map((option, index) => (
            <Paper key={index} withBorder p="xs">
              <Group justify="space-between" mb={4} wrap="nowrap">
                {kind === 'order' ? (
                  <Text size="sm" fw={500}>
                    {t('coaching.bank.step', { number: index + 1 })}
                  </Text>
                ) : (
                  <Checkbox label={t('coaching.bank.correct')} checked={option.correct} onChange={(event) => setOption(index, { correct: event.currentTarget.checked })} data-testid={`question-option-${index}-correct`} />
                )}
                <Group gap={4} wrap="nowrap">
                  {kind === 'order' && (
                    <>
                      <ActionIcon variant="default" disabled={index === 0} onClick={() => move(index, -1)} aria-label={t('coaching.bank.moveUp', { number: index + 1 })}>
                        <IconArrowUp size={14} aria-hidden />
                      </ActionIcon>
                      <ActionIcon variant="default" disabled={index === options.length - 1} onClick={() => move(index, 1)} aria-label={t('coaching.bank.moveDown', { number: index + 1 })}>
                        <IconArrowDown size={14} aria-hidden />
                      </ActionIcon>
                    </>
                  )}
                  <ActionIcon variant="subtle" color="red" disabled={options.length <= 2} onClick={() => setOptions(options.filter((_, at) => at !== index))} aria-label={t('coaching.bank.removeOption', { number: index + 1 })}>
                    <IconTrash size={14} aria-hidden />
                  </ActionIcon>
                </Group>
              </Group>
              <TextsInput id={`question-option-${index}`} label={t('coaching.bank.option', { number: index + 1 })} value={option.text} onChange={(text) => setOption(index, { text })} error={problem?.field === `option-${index}` ? problem.message : undefined} />
            </Paper>
          ))}
          {problem?.field === 'options' && (
            <Text size="sm" c="red" role="alert">
              {problem.message}
            </Text>
          )}
          <Group>
            <Button variant="default" size="xs" leftSection={<IconPlus size={14} aria-hidden />} disabled={options.length >= 8} onClick={() => setOptions([...options, { text: {}, correct: false }])}>
              {t('coaching.bank.addOption')}
            </Button>
          </Group>
          <div>
            <Text size="sm" fw={600} mb={4}>
              {t('coaching.bank.preview')}
            </Text>
            <Paper withBorder p="sm" data-testid="question-preview">
              <Text fw={600} mb="xs" size="sm">
                {preview.prompt || '…'}
              </Text>
              {kind === 'multiple' ? (
                <Stack gap={4}>
                  {preview.options.map((option) => (
                    <Checkbox key={option.id} label={option.text || '…'} readOnly tabIndex={-1} />
                  ))}
                </Stack>
              ) : kind === 'order' ? (
                <Text size="xs" c="dimmed">
                  {t('coaching.bank.previewOrder')}
                </Text>
              ) : (
                <Stack gap={4}>
                  {preview.options.map((option) => (
                    <Radio key={option.id} label={option.text || '…'} readOnly tabIndex={-1} />
                  ))}
                </Stack>
              )}
            </Paper>
          </div>
          {save.isError && <Alert color="red">{describeApiError(save.error, t)}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={onDone}>
              {t('coaching.admin.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="question-save">
              {t('coaching.admin.save')}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </form>
  );
}
