import { useEffect, useRef, useState } from 'react';
import { Alert, Anchor, Badge, Button, Card, FileButton, Group, Paper, Radio, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconAlertTriangle, IconArrowLeft, IconCamera } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, getStoredOrgId, isApiError } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { PageHeader } from '../components/page-header';
import { QueryError } from '../components/query-error';
import { useApiError } from '../components/use-api-error';
import { useMomentChoices } from '../feedback/use-journey-choices';
import { currentLanguage } from '../i18n';
import { textIn } from '../journeys/blueprint-model';
import { useCurrentOrg } from '../session/current-org';
import { useLocationOptions } from '../settings/use-locations';
import { auditsKey, type Answers, type ChecklistItemInput, type Evidence, type ItemAnswer, type Run } from './audits-api';
import { EvidenceThumb } from './run-page';

/** How long after the last change the draft is saved to the server. */
const SAVE_DELAY_MS = 800;

function isFailed(item: ChecklistItemInput, answer: ItemAnswer | undefined): boolean {
  if (answer?.value === undefined || answer.value === 'na') return false;
  if (item.type === 'yes_no') return answer.value === 'no';
  return typeof answer.value === 'number' && answer.value < (item.passScore ?? item.maxScore ?? 0);
}

/**
 * Filling in a self-inspection or walk-through in the app, made for a phone: the items grouped by
 * moment, native radios (keyboard works), a note and camera photos for what was not met, critical
 * items marked. Every change is saved as a draft (PUT …/answers); submitting checks completeness and
 * evidence on the server, whose 400 names the item.
 */
export function FillPage() {
  const { runId = '' } = useParams();
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const language = currentLanguage();
  const { labelOf } = useLocationOptions();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const onError = useApiError();
  const run = useQuery({ queryKey: auditsKey(orgId, 'run', runId), queryFn: () => api<Run>(`/audits/runs/${runId}`) });
  const moments = useMomentChoices(run.data?.journeyKey);
  const [answers, setAnswers] = useState<Answers | null>(null);
  const [saveState, setSaveState] = useState<'saved' | 'saving' | 'unsaved' | 'failed'>('saved');
  const [problem, setProblem] = useState<{ itemKey: string | null; message: string } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    if (run.data && answers === null) setAnswers(run.data.answers);
  }, [run.data, answers]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const save = useMutation({
    mutationFn: (next: Answers) => api<unknown>(`/audits/runs/${runId}/answers`, { method: 'PUT', body: { answers: next } }),
    onMutate: () => setSaveState('saving'),
    onSuccess: () => setSaveState('saved'),
    onError: () => setSaveState('failed'),
  });
  const submit = useMutation({
    mutationFn: (final: Answers) => api<unknown>(`/audits/runs/${runId}/submit`, { method: 'POST', body: { answers: final } }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: auditsKey(orgId) });
      void navigate(`/audits/runs/${runId}`);
    },
    onError: (error) => {
      if (isApiError(error) && error.status === 400) {
        // The field is "answers.<itemKey>[.note|.photo]": point at the item.
        const itemKey = error.field?.startsWith('answers.') ? (error.field.split('.')[1] ?? null) : null;
        setProblem({ itemKey, message: error.message });
        if (itemKey) document.getElementById(`item-${itemKey}`)?.scrollIntoView({ block: 'center' });
        return;
      }
      onError(error);
    },
  });

  const change = (itemKey: string, patch: ItemAnswer) => {
    setAnswers((current) => {
      const next = { ...(current ?? {}), [itemKey]: { ...(current?.[itemKey] ?? {}), ...patch } };
      clearTimeout(timer.current);
      setSaveState('unsaved');
      timer.current = setTimeout(() => save.mutate(next), SAVE_DELAY_MS);
      return next;
    });
    if (problem?.itemKey === itemKey) setProblem(null);
  };

  const upload = async (itemKey: string, file: File | null) => {
    if (!file) return;
    const body = new FormData();
    body.append('file', file);
    const storedOrg = getStoredOrgId();
    const response = await fetch(`/api/v1/audits/runs/${encodeURIComponent(runId)}/evidence?itemKey=${encodeURIComponent(itemKey)}`, {
      method: 'POST',
      body,
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Accept-Language': document.documentElement.lang || 'en', ...(storedOrg ? { 'X-Org-Id': storedOrg } : {}) },
    });
    if (!response.ok) {
      const payload = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
      setProblem({ itemKey, message: payload.error?.message ?? t('audits.fill.uploadFailed') });
      return;
    }
    if (problem?.itemKey === itemKey) setProblem(null);
    await queryClient.invalidateQueries({ queryKey: auditsKey(orgId, 'run', runId) });
  };

  if (run.isPending || (run.data && answers === null)) return <CenteredLoader />;
  if (run.isError) return <QueryError error={run.error} onRetry={() => void run.refetch()} />;
  const data = run.data;
  const current = answers ?? {};
  const active = data.status === 'open' || data.status === 'in_progress';
  const allItems = data.definition.sections.flatMap((section) => section.items);
  const answered = allItems.filter((item) => current[item.key]?.value !== undefined).length;
  const momentName = (key: string) => moments.choices.find((choice) => choice.value === key)?.label ?? key;
  const evidenceOf = (itemKey: string): Evidence[] => data.evidence.filter((evidence) => evidence.itemKey === itemKey);

  return (
    <>
      <Anchor component={Link} to={`/audits/runs/${runId}`} size="sm" mb="xs" style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
        <IconArrowLeft size={14} aria-hidden /> {t('audits.fill.back')}
      </Anchor>
      <PageHeader title={t('audits.fill.title', { location: labelOf(data.locationId) ?? t('audits.unknownLocation') })} description={t(`audits.kind.${data.kind}`)} />
      {!active ? (
        <Alert color="gray">{t('audits.fill.closed')}</Alert>
      ) : data.kind === 'mystery_shopping' ? (
        <Alert color="gray">{t('audits.fill.shopperOnly')}</Alert>
      ) : (
        <Stack gap="md" maw={720}>
          {data.definition.sections.map((section) => (
            <Card key={section.momentKey} withBorder radius="md" padding="sm" component="section" aria-labelledby={`fill-${section.momentKey}`}>
              <Title order={2} size="h4" id={`fill-${section.momentKey}`} mb="xs">
                {(section.title && textIn(section.title, language, 'en')) || momentName(section.momentKey)}
              </Title>
              <Stack gap="sm">
                {section.items.map((item) => {
                  const answer = current[item.key];
                  const failed = isFailed(item, answer);
                  const photos = evidenceOf(item.key);
                  const text = textIn(item.text, language, 'en') || item.key;
                  const choices: { value: string; label: string }[] =
                    item.type === 'yes_no'
                      ? [
                          { value: 'yes', label: t('audits.answer.yes') },
                          { value: 'no', label: t('audits.answer.no') },
                        ]
                      : Array.from({ length: (item.maxScore ?? 5) + 1 }, (_, score) => ({ value: String(score), label: String(score) }));
                  if (item.allowNa !== false) choices.push({ value: 'na', label: t('audits.answer.na') });
                  const isProblem = problem?.itemKey === item.key;
                  return (
                    <Paper
                      key={item.key}
                      id={`item-${item.key}`}
                      withBorder
                      p="sm"
                      radius="sm"
                      style={isProblem ? { borderColor: 'var(--mantine-color-red-6)' } : failed ? { borderColor: 'var(--mantine-color-orange-5)' } : undefined}
                    >
                      <Radio.Group
                        value={answer?.value === undefined ? null : String(answer.value)}
                        onChange={(value) => change(item.key, { value: value === 'yes' || value === 'no' || value === 'na' ? value : Number(value) })}
                        label={
                          <Group gap={6} wrap="nowrap" align="flex-start" component="span">
                            {item.critical && <IconAlertTriangle size={18} color="var(--mantine-color-red-6)" aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />}
                            <span>{text}</span>
                          </Group>
                        }
                        description={
                          <>
                            {item.critical && (
                              <Badge color="red" variant="light" size="sm" component="span" mr={6}>
                                {t('audits.item.critical')}
                              </Badge>
                            )}
                            {item.guidance ? textIn(item.guidance, language, 'en') : null}
                          </>
                        }
                        error={isProblem ? problem.message : undefined}
                      >
                        <Group gap="md" mt="xs">
                          {choices.map((choice) => (
                            <Radio key={choice.value} value={choice.value} label={choice.label} styles={{ body: { alignItems: 'center' }, radio: { width: 24, height: 24 } }} />
                          ))}
                        </Group>
                      </Radio.Group>
                      {(failed || answer?.note || photos.length > 0) && (
                        <Stack gap="xs" mt="sm">
                          <Textarea
                            label={t('audits.fill.note')}
                            description={failed ? t('audits.fill.evidenceNeeded', { what: t(`audits.evidenceRule.${item.evidenceOnFailure ?? 'photo_or_note'}`) }) : undefined}
                            value={answer?.note ?? ''}
                            onChange={(event) => change(item.key, { note: event.currentTarget.value })}
                            autosize
                            minRows={2}
                            maxLength={2000}
                          />
                          <Group gap="xs" align="center">
                            {photos.map((evidence, index) => (
                              <EvidenceThumb key={evidence.evidenceId} runId={runId} evidence={evidence} label={t('audits.run.photo', { number: index + 1 })} />
                            ))}
                            <FileButton onChange={(file) => void upload(item.key, file)} accept="image/*" capture="environment">
                              {(props) => (
                                <Button {...props} variant="default" size="sm" leftSection={<IconCamera size={16} aria-hidden />} aria-label={t('audits.fill.addPhotoTo', { item: text })}>
                                  {t('audits.fill.addPhoto')}
                                </Button>
                              )}
                            </FileButton>
                          </Group>
                        </Stack>
                      )}
                    </Paper>
                  );
                })}
              </Stack>
            </Card>
          ))}
          <Paper withBorder p="sm" radius="md" style={{ position: 'sticky', bottom: 0, zIndex: 2 }}>
            <Group justify="space-between" wrap="wrap" gap="xs">
              <Stack gap={0}>
                <Text size="sm" fw={600}>
                  {t('audits.fill.progress', { answered, total: allItems.length })}
                </Text>
                <Text size="xs" c={saveState === 'failed' ? 'red' : 'dimmed'} role="status" aria-live="polite">
                  {t(`audits.fill.save.${saveState}`)}
                </Text>
              </Stack>
              <Button
                onClick={() => {
                  clearTimeout(timer.current);
                  submit.mutate(current);
                }}
                loading={submit.isPending}
              >
                {t('audits.fill.submit')}
              </Button>
            </Group>
            {problem && !problem.itemKey && (
              <Text size="sm" c="red" mt="xs" role="alert">
                {problem.message}
              </Text>
            )}
          </Paper>
        </Stack>
      )}
    </>
  );
}
