import { useState } from 'react';
import { ActionIcon, Alert, Anchor, Button, EmptyState, Group, NumberInput, Paper, Select, SimpleGrid, Stack, Switch, Tabs, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { IconArrowLeft, IconLock, IconPlus, IconRuler, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { api, fetchAllPages } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { ConfirmModal } from '../components/confirm-modal';
import { PageHeader } from '../components/page-header';
import { QueryError } from '../components/query-error';
import { currentLanguage } from '../i18n';
import { textIn } from '../journeys/blueprint-model';
import { journeysKey, type Journey, type Version } from '../journeys/journeys-api';
import { orgKey } from '../query-client';
import { useCurrentOrg } from '../session/current-org';
import {
  APPROVAL_ROLES,
  recoveryRulesKey,
  recoverySettingsKey,
  RULE_ASSIGNMENTS,
  RULE_KINDS,
  RULE_THRESHOLD_RANGES,
  saveApprovalLimits,
  saveRecoveryRules,
  useRecoveryRules,
  useRecoverySettings,
  type ApprovalSettings,
  type RecoveryRule,
  type RuleKind,
} from './recovery-api';
import { SettingsCalendar, SettingsSla } from './settings-calendar';
import { useFieldErrorHandler, type FieldErrors } from './settings-field-errors';
import { SettingsWebhooks } from './settings-webhooks';

const TABS = ['rules', 'sla', 'calendar', 'approval', 'webhooks'] as const;
type Tab = (typeof TABS)[number];

/** Who may change the recovery settings (the server's `recovery.settings` permission). */
export function useCanEditRecoverySettings(): boolean {
  const { membership } = useCurrentOrg();
  return membership.role === 'admin' || membership.role === 'cx_manager';
}

/** /recovery/settings: the rules that open cases, SLA times, opening hours and holidays, approval limits, webhooks. */
export function RecoverySettingsPage() {
  const { t } = useTranslation();
  const canEdit = useCanEditRecoverySettings();
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab') as Tab | null;
  const tab: Tab = asked && TABS.includes(asked) ? asked : 'rules';
  return (
    <>
      <Anchor component={Link} to="/recovery" size="sm" mb="xs" display="inline-flex" style={{ alignItems: 'center', gap: 4 }}>
        <IconArrowLeft size={14} aria-hidden /> {t('recovery.case.back')}
      </Anchor>
      <PageHeader title={t('recovery.settings.title')} description={t('recovery.settings.description')} />
      {!canEdit && (
        <Alert color="gray" icon={<IconLock aria-hidden />} mb="md" data-testid="recovery-settings-readonly">
          {t('recovery.settings.readOnly')}
        </Alert>
      )}
      <Tabs value={tab} onChange={(value) => setParams(value && value !== 'rules' ? { tab: value } : {}, { replace: true })} keepMounted={false}>
        <Tabs.List mb="md">
          {TABS.map((key) => (
            <Tabs.Tab key={key} value={key}>
              {t(`recovery.settings.tabs.${key}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="rules">
          <RulesEditor canEdit={canEdit} />
        </Tabs.Panel>
        <Tabs.Panel value="sla">
          <SettingsLoaded>{(settings) => <SettingsSla key={JSON.stringify(settings.slaPolicy)} settings={settings} canEdit={canEdit} />}</SettingsLoaded>
        </Tabs.Panel>
        <Tabs.Panel value="calendar">
          <SettingsLoaded>{(settings) => <SettingsCalendar settings={settings} canEdit={canEdit} />}</SettingsLoaded>
        </Tabs.Panel>
        <Tabs.Panel value="approval">
          <SettingsLoaded>{(settings) => <ApprovalEditor key={JSON.stringify(settings.approval)} approval={settings.approval} canEdit={canEdit} />}</SettingsLoaded>
        </Tabs.Panel>
        <Tabs.Panel value="webhooks">{canEdit ? <SettingsWebhooks /> : <Text c="dimmed">{t('recovery.settings.webhooks.adminOnly')}</Text>}</Tabs.Panel>
      </Tabs>
    </>
  );
}

function SettingsLoaded({ children }: { children: (settings: NonNullable<ReturnType<typeof useRecoverySettings>['data']>) => React.ReactNode }) {
  const settings = useRecoverySettings();
  if (settings.isPending) return <CenteredLoader />;
  if (settings.isError) return <QueryError error={settings.error} onRetry={() => void settings.refetch()} />;
  return <>{children(settings.data)}</>;
}

// ---------- rules ----------

type DraftRule = Omit<RecoveryRule, 'ruleId'> & { localId: string };

let nextLocalId = 0;
const localId = () => `r${++nextLocalId}`;

function RulesEditor({ canEdit }: { canEdit: boolean }) {
  const rules = useRecoveryRules();
  if (rules.isPending) return <CenteredLoader />;
  if (rules.isError) return <QueryError error={rules.error} onRetry={() => void rules.refetch()} />;
  return <RulesForm key={JSON.stringify(rules.data)} rules={rules.data} canEdit={canEdit} />;
}

function RulesForm({ rules, canEdit }: { rules: RecoveryRule[]; canEdit: boolean }) {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<DraftRule[]>(() => rules.map(({ ruleId: _ruleId, ...rule }) => ({ ...rule, localId: localId() })));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);
  const [removing, setRemoving] = useState<number | null>(null);
  const onError = useFieldErrorHandler(setErrors, ['rules']);
  const usesDefaults = rules.length > 0 && rules.every((rule) => rule.ruleId.startsWith('default:'));
  const dirty = JSON.stringify(draft.map(({ localId: _id, ...rule }) => rule)) !== JSON.stringify(rules.map(({ ruleId: _id, ...rule }) => rule));

  const update = (index: number, patch: Partial<DraftRule>) => {
    setDraft((current) => current.map((rule, i) => (i === index ? { ...rule, ...patch } : rule)));
    setErrors({});
  };

  const save = async () => {
    setSaving(true);
    setErrors({});
    try {
      const saved = await saveRecoveryRules(draft.map(({ localId: _id, ...rule }) => rule));
      queryClient.setQueryData(recoveryRulesKey(orgId), saved);
      notifications.show({ color: 'green', message: t('common.saved') });
    } catch (error) {
      onError(error);
    } finally {
      setSaving(false);
    }
  };

  const add = () => {
    setDraft((current) => [...current, { localId: localId(), kind: 'detractor', threshold: 6, journeyKey: null, momentKey: null, assignTo: 'outlet_manager', enabled: true }]);
    setErrors({});
  };

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {t('recovery.settings.rules.help')}
      </Text>
      {usesDefaults && (
        <Alert color="blue" variant="light">
          {t('recovery.settings.rules.defaults')}
        </Alert>
      )}
      {errors.rules && <Alert color="red">{errors.rules}</Alert>}
      {draft.length === 0 ? (
        <Paper withBorder p="xl" radius="md">
          <EmptyState icon={<IconRuler size={32} stroke={1.5} aria-hidden />} variant="light" title={t('recovery.settings.rules.emptyTitle')} description={t('recovery.settings.rules.emptyDescription')} />
        </Paper>
      ) : (
        <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('recovery.settings.rules.listLabel')}>
          {draft.map((rule, index) => (
            <li key={rule.localId}>
              <RuleRow rule={rule} index={index} canEdit={canEdit} errors={errors} onChange={(patch) => update(index, patch)} onRemove={() => setRemoving(index)} />
            </li>
          ))}
        </Stack>
      )}
      {canEdit && (
        <Group justify="space-between">
          <Button variant="default" leftSection={<IconPlus size={16} aria-hidden />} onClick={add}>
            {t('recovery.settings.rules.add')}
          </Button>
          <Button onClick={() => void save()} loading={saving} disabled={!dirty}>
            {t('recovery.settings.rules.save')}
          </Button>
        </Group>
      )}
      <ConfirmModal
        opened={removing !== null}
        title={t('recovery.settings.rules.removeTitle')}
        message={t('recovery.settings.rules.removeMessage')}
        confirmLabel={t('recovery.settings.remove')}
        onConfirm={() => {
          const index = removing;
          setRemoving(null);
          if (index !== null) setDraft((current) => current.filter((_, i) => i !== index));
          setErrors({});
        }}
        onClose={() => setRemoving(null)}
      />
    </Stack>
  );
}

function useJourneys() {
  const { orgId } = useCurrentOrg();
  return useQuery({ queryKey: journeysKey(orgId), queryFn: () => fetchAllPages<Journey>('/journeys'), staleTime: 5 * 60_000 });
}

function RuleRow({
  rule,
  index,
  canEdit,
  errors,
  onChange,
  onRemove,
}: {
  rule: DraftRule;
  index: number;
  canEdit: boolean;
  errors: FieldErrors;
  onChange: (patch: Partial<DraftRule>) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const language = currentLanguage();
  const journeys = useJourneys();
  const journey = journeys.data?.find((candidate) => candidate.key === rule.journeyKey);
  const version = useQuery({
    queryKey: orgKey(orgId, 'journeys', rule.journeyKey, 'versions', journey?.publishedVersion ?? null),
    queryFn: () => api<Version>(`/journeys/${rule.journeyKey}/versions/${journey!.publishedVersion}`),
    enabled: Boolean(rule.journeyKey && journey?.publishedVersion),
    staleTime: Infinity,
  });
  const range = RULE_THRESHOLD_RANGES[rule.kind];
  const field = (name: string) => errors[`rules.${index}.${name}`];
  const journeyOptions = (journeys.data ?? []).filter((j) => !j.archivedAt || j.key === rule.journeyKey).map((j) => ({ value: j.key, label: textIn(j.name, language, j.fallbackLocale) || j.key }));
  if (rule.journeyKey && !journeyOptions.some((option) => option.value === rule.journeyKey)) journeyOptions.push({ value: rule.journeyKey, label: rule.journeyKey });
  const momentOptions = (version.data?.blueprint.moments ?? []).map((m) => ({ value: m.key, label: textIn(m.name, language, version.data!.fallbackLocale) || m.key }));
  if (rule.momentKey && !momentOptions.some((option) => option.value === rule.momentKey)) momentOptions.push({ value: rule.momentKey, label: rule.momentKey });
  const kindLabel = t(`recovery.reason.${rule.kind}`);

  return (
    <Paper withBorder p="sm" radius="md" data-rule-index={index} style={rule.enabled ? undefined : { opacity: 0.75 }}>
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Switch
          checked={rule.enabled}
          disabled={!canEdit}
          onChange={(event) => onChange({ enabled: event.currentTarget.checked })}
          label={rule.enabled ? t('recovery.settings.rules.enabled') : t('recovery.settings.rules.disabled')}
          aria-label={t('recovery.settings.rules.enabledLabel', { kind: kindLabel })}
        />
        {canEdit && (
          <ActionIcon variant="subtle" color="red" onClick={onRemove} aria-label={t('recovery.settings.rules.remove', { kind: kindLabel })}>
            <IconTrash size={18} aria-hidden />
          </ActionIcon>
        )}
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3, xl: 5 }} spacing="sm">
        <Select
          label={t('recovery.settings.rules.kind')}
          value={rule.kind}
          allowDeselect={false}
          disabled={!canEdit}
          error={field('kind')}
          data={RULE_KINDS.map((kind) => ({ value: kind, label: t(`recovery.reason.${kind}`) }))}
          onChange={(value) => {
            const kind = (value ?? 'detractor') as RuleKind;
            onChange({ kind, threshold: RULE_THRESHOLD_RANGES[kind]?.fallback ?? null });
          }}
        />
        {range ? (
          <NumberInput
            label={t('recovery.settings.rules.thresholdRange', { label: t(`recovery.settings.rules.threshold.${rule.kind}`), min: range.min, max: range.max })}
            value={rule.threshold ?? ''}
            min={range.min}
            max={range.max}
            step={range.step}
            decimalScale={rule.kind === 'negative_sentiment' ? 2 : 0}
            disabled={!canEdit}
            error={field('threshold')}
            onChange={(value) => onChange({ threshold: typeof value === 'number' ? value : value === '' ? null : Number(value) })}
          />
        ) : (
          <TextInput label={t('recovery.settings.rules.thresholdNone')} value={t('recovery.settings.rules.criticalOnly')} readOnly disabled />
        )}
        <Select
          label={t('recovery.settings.rules.journey')}
          placeholder={t('recovery.settings.rules.allJourneys')}
          value={rule.journeyKey}
          clearable
          searchable
          disabled={!canEdit}
          error={field('journeyKey')}
          data={journeyOptions}
          nothingFoundMessage={t('common.nothingFound')}
          onChange={(value) => onChange({ journeyKey: value, momentKey: null })}
        />
        <Select
          label={t('recovery.settings.rules.moment')}
          placeholder={rule.journeyKey ? t('recovery.settings.rules.allMoments') : t('recovery.settings.rules.pickJourneyFirst')}
          value={rule.momentKey}
          clearable
          searchable
          disabled={!canEdit || !rule.journeyKey}
          error={field('momentKey')}
          data={momentOptions}
          nothingFoundMessage={t('common.nothingFound')}
          onChange={(value) => onChange({ momentKey: value })}
        />
        <Select
          label={t('recovery.settings.rules.assignTo')}
          value={rule.assignTo}
          allowDeselect={false}
          disabled={!canEdit}
          error={field('assignTo')}
          data={RULE_ASSIGNMENTS.map((value) => ({ value, label: t(`recovery.settings.rules.assign.${value}`) }))}
          onChange={(value) => onChange({ assignTo: (value ?? 'outlet_manager') as DraftRule['assignTo'] })}
        />
      </SimpleGrid>
    </Paper>
  );
}

// ---------- approval limits ----------

function ApprovalEditor({ approval, canEdit }: { approval: ApprovalSettings; canEdit: boolean }) {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<ApprovalSettings>(approval);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);
  const onError = useFieldErrorHandler(setErrors, ['currency', 'limits']);
  const dirty = JSON.stringify(draft) !== JSON.stringify(approval);

  const save = async () => {
    if (!/^[A-Z]{3}$/.test(draft.currency)) {
      setErrors({ currency: t('recovery.settings.approval.currencyInvalid') });
      return;
    }
    setSaving(true);
    setErrors({});
    try {
      const saved = await saveApprovalLimits(draft);
      queryClient.setQueryData(recoverySettingsKey(orgId), saved);
      notifications.show({ color: 'green', message: t('common.saved') });
    } catch (error) {
      onError(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md" maw={720}>
      <Stack>
        <Title order={3} size="h4">
          {t('recovery.settings.approval.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('recovery.settings.approval.help')}
        </Text>
        <TextInput
          label={t('recovery.settings.approval.currency')}
          description={t('recovery.settings.approval.currencyHint')}
          value={draft.currency}
          maxLength={3}
          w={200}
          disabled={!canEdit}
          error={errors.currency}
          onChange={(event) => {
            setDraft({ ...draft, currency: event.currentTarget.value.toUpperCase() });
            setErrors({});
          }}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          {APPROVAL_ROLES.map((role) => {
            const limit = draft.limits[role];
            return (
              <Stack key={role} gap={6}>
                <NumberInput
                  label={t(`roles.${role}`)}
                  value={limit ?? ''}
                  min={0}
                  max={1e9}
                  decimalScale={2}
                  disabled={!canEdit || limit === null}
                  placeholder={limit === null ? t('recovery.settings.approval.noLimit') : undefined}
                  rightSection={<Text size="xs" c="dimmed">{draft.currency}</Text>}
                  rightSectionWidth={48}
                  error={errors[`limits.${role}`]}
                  onChange={(value) => {
                    setDraft({ ...draft, limits: { ...draft.limits, [role]: typeof value === 'number' ? value : 0 } });
                    setErrors({});
                  }}
                />
                <Switch
                  size="xs"
                  checked={limit === null}
                  disabled={!canEdit}
                  label={t('recovery.settings.approval.noLimit')}
                  onChange={(event) => setDraft({ ...draft, limits: { ...draft.limits, [role]: event.currentTarget.checked ? null : 0 } })}
                />
              </Stack>
            );
          })}
        </SimpleGrid>
        {canEdit && (
          <Group justify="flex-end">
            <Button onClick={() => void save()} loading={saving} disabled={!dirty}>
              {t('common.save')}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
