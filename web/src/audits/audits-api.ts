/**
 * Types and requests of the audits API (src/audits/routes.ts). The checklist and answer types come
 * from the server's model (types only), so these pages and the server cannot drift apart.
 */
import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, getStoredOrgId } from '../api';
import { orgKey } from '../query-client';
import { useCurrentOrg } from '../session/current-org';
/*
 * The checklist and answer shapes of src/audits/model.ts, written out here: importing that module's
 * types would pull the server's whole journeys room (and its database code) into the web typecheck.
 */
export type RunKind = 'self_inspection' | 'walk_through' | 'mystery_shopping';
export type RunStatus = 'open' | 'in_progress' | 'submitted' | 'cancelled';
export type ActionStatus = 'open' | 'done' | 'verified';
export type TranslatableText = Partial<Record<'en' | 'zh-CN' | 'zh-TW' | 'ru' | 'hu', string>>;
export type EvidenceRule = 'none' | 'note' | 'photo' | 'photo_or_note' | 'photo_and_note';

export interface ChecklistItemInput {
  key: string;
  text: TranslatableText;
  guidance?: TranslatableText;
  type: 'yes_no' | 'score';
  maxScore?: number;
  passScore?: number;
  allowNa?: boolean;
  weight?: number;
  critical?: boolean;
  evidenceOnFailure?: EvidenceRule;
}

export interface ChecklistDefinitionInput {
  journeyKey: string;
  passPercent?: number;
  actionDueDays?: number;
  criticalActionDueDays?: number;
  sections: { momentKey: string; title?: TranslatableText; items: ChecklistItemInput[] }[];
}

export interface ItemAnswer {
  value?: 'yes' | 'no' | 'na' | number;
  note?: string;
}
export type Answers = Record<string, ItemAnswer>;

export const RUN_KINDS: readonly RunKind[] = ['self_inspection', 'walk_through', 'mystery_shopping'];
export const RUN_STATUSES: readonly RunStatus[] = ['open', 'in_progress', 'submitted', 'cancelled'];
export const ACTION_STATUSES: readonly ActionStatus[] = ['open', 'done', 'verified'];
export type BenchmarkStatus = 'met' | 'missed' | 'no_target' | 'not_applicable';
export type Locale = 'en' | 'zh-CN' | 'zh-TW' | 'ru' | 'hu';

export interface Checklist {
  checklistId: string;
  key: string;
  name: TranslatableText;
  description: TranslatableText | null;
  fallbackLocale: Locale;
  journeyKey: string;
  templateKey: string | null;
  publishedVersion: number | null;
  publishedAt: string | null;
  draftRevision: number;
  hasUnpublishedChanges: boolean;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ChecklistTemplate {
  key: string;
  name: string;
  description: string;
  locale: Locale;
  journeyKey: string;
  momentKeys: string[];
  itemCount: number;
  criticalCount: number;
}

export interface ChecklistVersion {
  version: number;
  journeyKey: string;
  note: string | null;
  itemCount: number;
  publishedAt: string;
  publishedBy: string | null;
  checklistKey: string;
  fallbackLocale: Locale;
  definition: ChecklistDefinitionInput;
}

export interface RunSummary {
  runId: string;
  checklistKey: string;
  checklistVersion: number;
  journeyKey: string;
  journeyVersion: number | null;
  locationId: string;
  kind: RunKind;
  status: RunStatus;
  overdue: boolean;
  assigneeUserId: string | null;
  scheduleId: string | null;
  scheduledFor: string | null;
  dueAt: string | null;
  submittedAt: string | null;
  compliance: number | null;
  passed: boolean | null;
  criticalFailed: boolean | null;
  createdAt: string;
}

export interface Target {
  comparator: 'gte' | 'lte' | 'gt' | 'lt' | 'eq';
  value: number;
}

export interface MomentResult {
  momentKey: string;
  compliance: number | null;
  failedItems: string[];
  criticalFailed: boolean;
  target: Target | null;
  benchmark: BenchmarkStatus;
}

export interface Evidence {
  evidenceId: string;
  itemKey: string;
  contentType: string;
  byteSize: number;
  createdAt: string;
}

export interface Run extends RunSummary {
  definition: ChecklistDefinitionInput;
  answers: Answers;
  answersSavedAt: string | null;
  evidence: Evidence[];
  result: {
    compliance: number | null;
    passed: boolean;
    criticalFailed: boolean;
    failedItems: string[];
    criticalFailures: string[];
    moments: MomentResult[];
  } | null;
  shopperLink: { expiresAt: string; locale: Locale | null } | null;
}

export interface ShopperLink {
  token: string;
  url: string;
  expiresAt: string;
}

export interface CorrectiveAction {
  actionId: string;
  locationId: string;
  checklistKey: string;
  itemKey: string;
  journeyKey: string;
  momentKey: string;
  title: TranslatableText;
  critical: boolean;
  sourceRunId: string;
  status: ActionStatus;
  overdue: boolean;
  ownerUserId: string | null;
  dueAt: string;
  note: string | null;
  reopenCount: number;
  escalationLevel: number;
  doneAt: string | null;
  verifiedAt: string | null;
  verifiedByRunId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Person {
  userId: string;
  name: string;
  role: string;
  locationId: string | null;
}

export const auditsKey = (orgId: string, ...parts: unknown[]): unknown[] => orgKey(orgId, 'audits', ...parts);

/** Every checklist (the organisation has a handful; the create-run picker needs them all). */
export function useChecklists() {
  const { orgId } = useCurrentOrg();
  return useQuery({
    queryKey: auditsKey(orgId, 'checklists'),
    queryFn: () => api<{ items: Checklist[] }>('/audits/checklists', { query: { limit: 200 } }).then((body) => body.items),
  });
}

/**
 * Members by name for the assignee picker and owner column. The audits room has no people endpoint
 * of its own yet; the recovery room's list is readable by most roles. When it is not (403), names
 * fall back to nothing and the pickers are simply empty.
 */
export function usePeople() {
  const { orgId } = useCurrentOrg();
  return useQuery({
    queryKey: orgKey(orgId, 'recovery-people'),
    queryFn: () => api<{ items: Person[] }>('/recovery/people').then((body) => body.items),
    staleTime: 5 * 60_000,
    retry: false,
  });
}

export function usePersonName(): (userId: string | null | undefined) => string | null {
  const { data = [] } = usePeople();
  const byId = new Map(data.map((person) => [person.userId, person.name]));
  return (userId) => (userId ? (byId.get(userId) ?? null) : null);
}

/**
 * An evidence photo as an object URL: the API needs the organisation header, which an <img src>
 * cannot send, so the photo is fetched and handed to the image as a blob.
 */
export function useEvidenceUrl(runId: string, evidenceId: string): { url: string | null; failed: boolean } {
  const [state, setState] = useState<{ url: string | null; failed: boolean }>({ url: null, failed: false });
  useEffect(() => {
    let cancelled = false;
    let objectUrl: string | null = null;
    const orgId = getStoredOrgId();
    fetch(`/api/v1/audits/runs/${encodeURIComponent(runId)}/evidence/${encodeURIComponent(evidenceId)}`, {
      credentials: 'same-origin',
      headers: orgId ? { 'X-Org-Id': orgId } : {},
    })
      .then(async (response) => {
        if (!response.ok) throw new Error(String(response.status));
        const blob = await response.blob();
        if (cancelled) return;
        objectUrl = URL.createObjectURL(blob);
        setState({ url: objectUrl, failed: false });
      })
      .catch(() => {
        if (!cancelled) setState({ url: null, failed: true });
      });
    return () => {
      cancelled = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [runId, evidenceId]);
  return state;
}

/** Every item of a definition with its section's moment, in order. */
export function itemsOf(definition: ChecklistDefinitionInput): { momentKey: string; item: ChecklistItemInput }[] {
  return definition.sections.flatMap((section) => section.items.map((item) => ({ momentKey: section.momentKey, item })));
}

export type ImprovementStatus = 'plan' | 'do' | 'check' | 'act' | 'closed';

export interface Improvement {
  improvementId: string;
  title: string;
  journeyKey: string;
  momentKey: string;
  locationId: string | null;
  source: { kind: 'moment' | 'audit' | 'case'; runId: string | null; caseId: string | null };
  hypothesis: string;
  ownerUserId: string | null;
  startDate: string;
  status: ImprovementStatus;
  cycle: number;
  notes: string | null;
}

export interface MetricEffect {
  before: { score: number | null; n: number };
  after: { score: number | null; n: number };
  difference: number | null;
  pValue: number | null;
  significant: boolean;
}

/** GET /improvement-actions/:id/effect: the moment's customer score before vs after the start date. */
export interface ImprovementEffect {
  state: 'not_started' | 'measuring' | 'complete';
  windowDays: number;
  measuredDays: number;
  before: { from: string; to: string } | null;
  after: { from: string; to: string } | null;
  minN: number;
  level: number;
  metrics: { nps: MetricEffect; csat: MetricEffect };
}

export type CellFlag = 'passes_checks_customers_suffer' | 'fails_checks_customers_happy';

/** One moment × outlet of GET /audits/compliance-vs-satisfaction. */
export interface ComplianceSatisfactionCell {
  journeyKey: string;
  momentKey: string;
  locationId: string;
  audit: { compliance: number | null; answered: number; target: Target; targetSource: 'benchmark' | 'default'; status: 'met' | 'missed' | 'not_applicable' };
  customers: {
    status: 'meets' | 'below' | 'insufficient' | 'no_benchmark';
    metrics: { metric: 'nps' | 'csat' | 'ces'; score: number | null; n: number; comparator: Target['comparator']; value: number; status: string }[];
  };
  flag: CellFlag | null;
}

// ---------- checklist editor and schedules ----------

export type Frequency = 'weekly' | 'monthly' | 'quarterly';
export const FREQUENCIES: readonly Frequency[] = ['weekly', 'monthly', 'quarterly'];
export const EVIDENCE_RULES: readonly EvidenceRule[] = ['none', 'note', 'photo', 'photo_or_note', 'photo_and_note'];

export interface Problem {
  severity: 'error' | 'warning';
  field: string;
  message: string;
}

/** GET/PUT /audits/checklists/:key/draft. */
export interface ChecklistDraft {
  checklistKey: string;
  revision: number;
  definition: ChecklistDefinitionInput;
  updatedAt: string;
  updatedBy: string | null;
  problems: Problem[];
}

export type ChecklistVersionSummary = Omit<ChecklistVersion, 'definition' | 'checklistKey' | 'fallbackLocale'>;

export interface Schedule {
  scheduleId: string;
  checklistKey: string;
  locationId: string;
  kind: RunKind;
  frequency: Frequency;
  dayOfMonth: number | null;
  weekday: number | null;
  dueDays: number;
  assigneeUserId: string | null;
  nextRunOn: string;
  lastRunOn: string | null;
  active: boolean;
  createdAt: string;
}

/** Saves the draft only if nobody saved since `revision` (412 `precondition_failed` otherwise). */
export function putChecklistDraft(key: string, definition: ChecklistDefinitionInput, revision: number): Promise<ChecklistDraft> {
  return api<ChecklistDraft>(`/audits/checklists/${encodeURIComponent(key)}/draft`, { method: 'PUT', body: definition, headers: { 'If-Match': `"${revision}"` } });
}

/** What an improvement's impact was computed from (null fields: not measurable; `reason` says why impact is null). */
export interface ImprovementImpactInputs {
  windowFrom: string;
  windowTo: string;
  /** The moment's share of the journey's drivers, 0–1. */
  importance: number | null;
  metric: 'nps' | 'csat' | 'ces' | null;
  comparator: 'gte' | 'lte' | 'gt' | 'lt' | 'eq' | null;
  benchmark: number | null;
  score: number | null;
  /** Gap to the benchmark as a share of the metric's scale, 0–1. */
  gap: number | null;
  reason: 'drivers_insufficient' | 'moment_not_a_driver' | 'no_benchmark' | 'score_insufficient' | null;
}

/** GET /improvement-actions lists these, highest impact (driver importance × gap to benchmark, 0–1) first. */
export interface RankedImprovement extends Improvement {
  impact: number | null;
  impactComputedAt: string | null;
  impactInputs: ImprovementImpactInputs | null;
}
