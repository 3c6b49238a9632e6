import { useQuery } from '@tanstack/react-query';
import { api } from '../api';
import { orgKey } from '../query-client';
import { useCurrentOrg } from '../session/current-org';

/* Types of the recovery API as the inbox reads them (the server's schemas: src/recovery/schemas.ts). */

export const CASE_STATUSES = ['open', 'in_progress', 'pending_approval', 'awaiting_follow_up', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const CASE_REASONS = ['detractor', 'low_csat', 'negative_sentiment', 'failed_audit_item', 'complaint'] as const;
export type CaseReason = (typeof CASE_REASONS)[number];
export const CASE_CHANNELS = ['counter', 'phone', 'email', 'letter', 'web', 'social', 'survey', 'audit', 'other'] as const;
export type CaseChannel = (typeof CASE_CHANNELS)[number];
export const STEP_KEYS = ['vent', 'apologise', 'gather', 'propose', 'agree', 'follow_up'] as const;
export type StepKey = (typeof STEP_KEYS)[number];
export const SLA_STATES = ['on_track', 'due_soon', 'breached', 'none'] as const;
export type SlaState = (typeof SLA_STATES)[number];
export const CLOSE_REASONS = ['recovered', 'unrecovered', 'unreachable', 'duplicate', 'withdrawn'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];
export const GATHER_QUESTIONS = ['identity', 'descriptive', 'clarifying', 'outcome', 'anything_else'] as const;
export type GatherQuestion = (typeof GATHER_QUESTIONS)[number];
export const COMPENSATION_KINDS = ['discount', 'gift', 'free_service', 'absorbed_cost', 'personal_apology'] as const;
export type CompensationKind = (typeof COMPENSATION_KINDS)[number];
export const FOLLOW_UP_CHANNELS = ['phone', 'email', 'letter'] as const;
export type FollowUpChannel = (typeof FOLLOW_UP_CHANNELS)[number];
export type CaseView = 'mine' | 'team' | 'all';

export type CaseAction =
  | 'accept'
  | 'decline'
  | 'transfer'
  | 'escalate'
  | 'note'
  | 'vent'
  | 'apologise'
  | 'gather'
  | 'propose'
  | 'approve'
  | 'reject'
  | 'agree'
  | 'schedule_follow_up'
  | 'record_follow_up'
  | 'close'
  | 'reopen';

export interface Playbook {
  vent?: { recordedAt: string; by: string | null; customerWords: string };
  apologise?: { recordedAt: string; by: string | null; note: string | null };
  gather?: { recordedAt: string; by: string | null; answers: Partial<Record<GatherQuestion, string>> };
  propose?: {
    recordedAt: string;
    by: string | null;
    solution: string;
    compensation: { kind: CompensationKind; description: string | null; cost: number; currency: string; status: 'pending' | 'approved' | 'rejected'; decidedBy: string | null; decisionNote: string | null } | null;
  };
  agree?: { recordedAt: string; by: string | null; choice: 'accepted' | 'declined'; customerChoice: string };
  followUp?: {
    recordedAt: string;
    by: string | null;
    scheduledFor: string | null;
    channel: FollowUpChannel | null;
    resurvey: boolean;
    result?: { at: string; by: string | null; reached: boolean; satisfied: boolean | null; score: { kind: 'nps' | 'csat'; value: number } | null; notes: string | null; source: 'staff' | 'survey' };
  };
}

export interface Case {
  caseId: string;
  externalId: string | null;
  source: 'staff' | 'api' | 'rule';
  reason: CaseReason;
  channel: CaseChannel;
  status: CaseStatus;
  currentStep: StepKey | null;
  summary: string;
  details: Record<string, unknown>;
  customerRef: string | null;
  customerName: string | null;
  customerPhone: string | null;
  customerEmail: string | null;
  visitId: string | null;
  journeyKey: string | null;
  journeyVersion: number | null;
  momentKey: string | null;
  locationId: string | null;
  staffRef: string | null;
  responseId: string | null;
  createdBy: string | null;
  ownerId: string | null;
  pendingTransferTo: string | null;
  pendingTransferBy: string | null;
  escalationLevel: number;
  escalationLevelName: 'none' | 'outlet_manager' | 'regional' | 'central';
  escalatedTo: string | null;
  playbook: Playbook;
  openedAt: string;
  sla: {
    state: SlaState;
    nextDueAt: string | null;
    firstResponseDueAt: string | null;
    firstRespondedAt: string | null;
    resolutionDueAt: string | null;
    resolvedAt: string | null;
    followUpScheduledFor: string | null;
    followUpDueAt: string | null;
    followUpDoneAt: string | null;
    firstResponseBreachedAt: string | null;
    resolutionBreachedAt: string | null;
    followUpBreachedAt: string | null;
  };
  followUp: { scoreKind: 'nps' | 'csat' | null; score: number | null; recovered: boolean | null };
  compensation: { cost: number | null; currency: string | null; status: 'pending' | 'approved' | 'rejected' | null; granted: number };
  closedAt: string | null;
  closeReason: CloseReason | null;
  reopenCount: number;
  updatedAt: string;
  allowedActions: CaseAction[];
}

export interface CaseEvent {
  eventId: string;
  kind: string;
  actorKind: 'user' | 'api_key' | 'system';
  actorId: string | null;
  data: Record<string, unknown>;
  at: string;
}

export interface PlaybookStep {
  key: StepKey;
  order: number;
  title: string;
  goal: string;
  phrases: { acknowledge: string; propose: string; ask: string };
  neverSay: string[];
  done: boolean;
  recordedAt: string | null;
  record: Record<string, unknown> | null;
  questions?: { key: GatherQuestion; label: string; example: string; answer: string | null }[];
  compensationKinds?: { kind: CompensationKind; label: string }[];
  followUpChannels?: { channel: FollowUpChannel; label: string }[];
}

export interface PlaybookGuide {
  locale: string;
  currentStep: StepKey | null;
  steps: PlaybookStep[];
  compensationNote: string;
  alwaysAvoid: string[];
}

export interface Person {
  userId: string;
  name: string;
  role: string;
  locationId: string | null;
  worksCases: boolean;
}

export interface MetricsRow {
  key: string | null;
  journeyKey: string | null;
  momentKey: string | null;
  cases: number;
  open: number;
  followUpAnswered: number;
  recovered: number;
  recoveryRate: number | null;
  avgFirstResponseMinutes: number | null;
  avgResolutionMinutes: number | null;
  slaBreached: number;
  compensation: { currency: string; cost: number }[];
}

export interface SilentDetractor {
  responseId: string;
  submittedAt: string;
  nps: number;
  csat: number | null;
  comment: string | null;
  locationId: string | null;
  journeyKey: string | null;
  momentKey: string | null;
  visitId: string | null;
  staffRef: string | null;
  customerRef: string | null;
  customerName: string | null;
  customerEmail: string | null;
  customerPhone: string | null;
}

export function casesKey(orgId: string, ...parts: unknown[]): unknown[] {
  return orgKey(orgId, 'cases', ...parts);
}

/** The shared inbox's queries (the header bell); case actions refresh them. */
export function notificationsKey(orgId: string): unknown[] {
  return orgKey(orgId, 'notifications');
}

/** Everyone by name (owners, authors of timeline entries, transfer targets, mentions). */
export function usePeople() {
  const { orgId } = useCurrentOrg();
  return useQuery({
    queryKey: orgKey(orgId, 'recovery-people'),
    queryFn: () => api<{ items: Person[] }>('/recovery/people').then((body) => body.items),
    staleTime: 5 * 60_000,
  });
}

export function usePersonName(): (userId: string | null | undefined) => string | null {
  const { data = [] } = usePeople();
  const byId = new Map(data.map((person) => [person.userId, person.name]));
  return (userId) => (userId ? (byId.get(userId) ?? null) : null);
}

/** Request bodies of the case commands (paths under /cases/:id). */
export const COMMAND_PATHS: Partial<Record<CaseAction, string>> = {
  accept: '/accept',
  decline: '/decline',
  transfer: '/transfer',
  escalate: '/escalate',
  note: '/notes',
  vent: '/steps/vent',
  apologise: '/steps/apologise',
  gather: '/steps/gather',
  propose: '/steps/propose',
  agree: '/steps/agree',
  schedule_follow_up: '/steps/follow_up',
  record_follow_up: '/steps/follow_up/result',
  approve: '/compensation/approve',
  reject: '/compensation/reject',
  close: '/close',
  reopen: '/reopen',
};

export function runCommand(caseId: string, action: CaseAction, body: unknown = {}): Promise<Case> {
  const path = COMMAND_PATHS[action];
  if (!path) throw new Error(`No route for ${action}`);
  return api<Case>(`/cases/${caseId}${path}`, { method: 'POST', body: action === 'accept' ? undefined : body });
}

// ---------- settings (admin and CX managers edit; everyone who reads cases may look) ----------

export const RULE_KINDS = ['detractor', 'low_csat', 'negative_sentiment', 'failed_audit_item'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];
export const RULE_ASSIGNMENTS = ['outlet_manager', 'staff', 'team_queue'] as const;
export type RuleAssignment = (typeof RULE_ASSIGNMENTS)[number];
/** The server's accepted threshold range per kind (src/recovery/model.ts); null = no threshold. */
export const RULE_THRESHOLD_RANGES: Record<RuleKind, { min: number; max: number; step: number; fallback: number } | null> = {
  detractor: { min: 0, max: 10, step: 1, fallback: 6 },
  low_csat: { min: 1, max: 5, step: 1, fallback: 2 },
  negative_sentiment: { min: -1, max: 1, step: 0.1, fallback: -0.4 },
  failed_audit_item: null,
};
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const APPROVAL_ROLES = ['agent', 'outlet_manager', 'cx_manager', 'admin'] as const;
export type ApprovalRole = (typeof APPROVAL_ROLES)[number];

export interface RecoveryRule {
  ruleId: string;
  journeyKey: string | null;
  momentKey: string | null;
  kind: RuleKind;
  threshold: number | null;
  assignTo: RuleAssignment;
  enabled: boolean;
}

export interface TimeWindow {
  start: string;
  end: string;
}

export interface SlaPolicy {
  firstResponseMinutes: number;
  resolutionMinutes: number;
  followUpMinutes: number;
  followUpGraceMinutes: number;
  escalationMinutes: number;
  weekHours: Record<Weekday, TimeWindow[]>;
}

export interface CalendarDay {
  date: string;
  kind: 'holiday' | 'workday';
  name?: string | null;
  hours?: TimeWindow[] | null;
}

export interface ApprovalSettings {
  currency: string;
  limits: Record<ApprovalRole, number | null>;
}

export interface RecoverySettings {
  slaPolicy: SlaPolicy;
  approval: ApprovalSettings;
  days: CalendarDay[];
  followUpSurveyKey: string | null;
}

export interface Webhook {
  webhookId: string;
  url: string;
  events: string[];
  enabled: boolean;
  createdAt: string;
}

export interface WebhookDelivery {
  deliveryId: string;
  caseId: string;
  eventType: string;
  status: string;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string;
  deliveredAt: string | null;
}

/** Case event types a webhook can receive (`case.<timeline event kind>`, src/recovery/model.ts EVENT_KINDS). */
export const WEBHOOK_EVENT_TYPES = [
  'opened',
  'attached',
  'accepted',
  'step_recorded',
  'note',
  'transfer_requested',
  'transfer_accepted',
  'transfer_declined',
  'escalated',
  'sla_breached',
  'compensation_proposed',
  'compensation_approved',
  'compensation_rejected',
  'follow_up_scheduled',
  'follow_up_due',
  'follow_up_done',
  'follow_up_answered',
  'closed',
  'reopened',
].map((kind) => `case.${kind}`);

export const recoveryRulesKey = (orgId: string) => orgKey(orgId, 'recovery-rules');
export const recoverySettingsKey = (orgId: string) => orgKey(orgId, 'recovery-settings');
export const webhooksKey = (orgId: string, ...parts: unknown[]) => orgKey(orgId, 'recovery-webhooks', ...parts);

export function useRecoveryRules() {
  const { orgId } = useCurrentOrg();
  return useQuery({ queryKey: recoveryRulesKey(orgId), queryFn: () => api<{ rules: RecoveryRule[] }>('/recovery-rules').then((body) => body.rules) });
}

export function useRecoverySettings() {
  const { orgId } = useCurrentOrg();
  return useQuery({ queryKey: recoverySettingsKey(orgId), queryFn: () => api<RecoverySettings>('/recovery/settings') });
}

/** PUT through the shared client: same headers, same error shape (a 400 naming a field lands under it). */
function put<T>(path: string, body: unknown): Promise<T> {
  return api<T>(path, { method: 'PUT', body });
}

/** PUT replaces the whole rule list; a rule is sent without its id (the server gives new ones). */
export function saveRecoveryRules(rules: Omit<RecoveryRule, 'ruleId'>[]): Promise<RecoveryRule[]> {
  return put<{ rules: RecoveryRule[] }>('/recovery-rules', { rules }).then((body) => body.rules);
}

export function saveSlaPolicy(policy: SlaPolicy): Promise<RecoverySettings> {
  return put<RecoverySettings>('/recovery/sla-policy', policy);
}

export function saveCalendarDays(days: CalendarDay[]): Promise<RecoverySettings> {
  return put<RecoverySettings>('/recovery/holidays', { days });
}

export function saveApprovalLimits(approval: ApprovalSettings): Promise<RecoverySettings> {
  return put<RecoverySettings>('/recovery/approval-limits', approval);
}
