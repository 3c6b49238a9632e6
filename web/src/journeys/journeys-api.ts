/**
 * Types and requests of the journeys API (src/journeys/routes.ts). The blueprint types come from
 * the server's model (types only), so the editor and the server cannot drift apart.
 */
import { ApiError, getStoredOrgId } from '../api';
import type { Language } from '../i18n';
import { orgKey } from '../query-client';
import type {
  ActionStep,
  Benchmark,
  Blueprint,
  Channel,
  Comparator,
  EffectiveBenchmark,
  Metric,
  Moment,
  MomentFlag,
  ProblemCode,
  Stage,
  StageKind,
  TranslatableText,
  VisitPurpose,
} from '../../../src/journeys/model.ts';

export type {
  ActionStep,
  Benchmark,
  Blueprint,
  Channel,
  Comparator,
  EffectiveBenchmark,
  Metric,
  Moment,
  MomentFlag,
  Stage,
  StageKind,
  TranslatableText,
  VisitPurpose,
};

export const STAGE_KINDS: readonly StageKind[] = ['less_than_zero', 'zero', 'first', 'second', 'ultimate', 'custom'];
export const CHANNELS: readonly Channel[] = ['in_person', 'phone', 'web', 'app', 'email', 'sms', 'social'];
export const MOMENT_FLAGS: readonly MomentFlag[] = ['peak', 'end', 'key'];
export const METRICS: readonly Metric[] = ['nps', 'csat', 'ces', 'wait_seconds', 'handle_seconds', 'audit_compliance', 'custom'];
export const COMPARATORS: readonly Comparator[] = ['gte', 'lte', 'gt', 'lt', 'eq'];
export const KEY_PATTERN = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/;

export interface Problem {
  severity: 'error' | 'warning';
  field: string;
  /** In English; `code` and `params`, when present, let the editor word it in the reader's language. */
  message: string;
  code?: ProblemCode;
  params?: Record<string, string | number>;
}

export interface Journey {
  journeyId: string;
  key: string;
  name: TranslatableText;
  description: TranslatableText | null;
  fallbackLocale: Language;
  templateKey: string | null;
  publishedVersion: number | null;
  publishedAt: string | null;
  draftRevision: number;
  hasUnpublishedChanges: boolean;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Draft {
  journeyKey: string;
  revision: number;
  blueprint: Blueprint;
  updatedAt: string;
  updatedBy: string | null;
  problems: Problem[];
}

export interface VersionSummary {
  version: number;
  note: string | null;
  fallbackLocale: Language;
  momentCount: number;
  publishedAt: string;
  publishedBy: string | null;
}

export interface Version extends VersionSummary {
  journeyKey: string;
  blueprint: Blueprint;
}

export interface CollectionDiff {
  added: string[];
  removed: string[];
  changed: { key: string; fields: string[] }[];
}

export interface Diff {
  journeyKey: string;
  from: string;
  to: string;
  identical: boolean;
  stages: CollectionDiff;
  moments: CollectionDiff;
  purposes: CollectionDiff;
}

export interface TemplateSummary {
  key: string;
  name: string;
  description: string;
  locale: Language;
  stageCount: number;
  momentCount: number;
  purposeCount: number;
}

export type AddedMoment = Moment & { after?: string };

export interface BenchmarkAdjustment {
  momentKey: string;
  metric: Metric;
  customKey?: string;
  value: number;
}

export interface Override {
  journeyKey: string;
  locationId: string;
  baseVersion: number;
  addedMoments: AddedMoment[];
  benchmarkAdjustments: BenchmarkAdjustment[];
  updatedAt: string;
  updatedBy: string | null;
}

export type EffectiveMoment = Omit<Moment, 'benchmarks'> & { origin: string; order: number; benchmarks: EffectiveBenchmark[] };

export interface Effective {
  journeyKey: string;
  locationId: string;
  version: number;
  locale: Language | null;
  fallbackLocale: Language;
  appliedOverrides: { locationId: string; baseVersion: number }[];
  notices: { locationId: string; field: string; message: string }[];
  stages: (Stage & { displayName: TranslatableText })[];
  moments: EffectiveMoment[];
  purposes: VisitPurpose[];
}

/** The same effective blueprint with every text already in one language (`?locale=`). */
export interface LocalisedEffective {
  journeyKey: string;
  locationId: string;
  version: number;
  stages: { key: string; kind: StageKind; displayName: string }[];
  moments: (Omit<EffectiveMoment, 'name' | 'description' | 'coreNeeds' | 'keyPoints' | 'actionGuide' | 'responsibleRole' | 'implementationNotes' | 'benchmarks'> & {
    name: string;
    description?: string;
    coreNeeds: string[];
    keyPoints: string[];
    actionGuide: { title: string; detail?: string }[];
    responsibleRole?: string;
    implementationNotes: string[];
    benchmarks: (Omit<EffectiveBenchmark, 'customName'> & { customName?: string })[];
  })[];
  purposes: { key: string; name: string; description?: string; peakMomentKeys: string[] }[];
}

// ---------- query keys ----------

export const journeysKey = (orgId: string) => orgKey(orgId, 'journeys');
export const journeyKey = (orgId: string, key: string) => orgKey(orgId, 'journeys', key);
export const draftKey = (orgId: string, key: string) => orgKey(orgId, 'journeys', key, 'draft');
export const versionsKey = (orgId: string, key: string) => orgKey(orgId, 'journeys', key, 'versions');

// ---------- requests the shared client cannot make (PUT with If-Match, files) ----------

async function errorOf(response: Response): Promise<ApiError> {
  try {
    const payload = (await response.json()) as { error?: { code?: string; message?: string; field?: string; requestId?: string } };
    const error = payload.error ?? {};
    return new ApiError(response.status, error.code ?? 'http_error', error.message ?? response.statusText, error.field, error.requestId);
  } catch {
    return new ApiError(response.status, 'http_error', response.statusText);
  }
}

function baseHeaders(): Record<string, string> {
  const headers: Record<string, string> = { 'Accept-Language': document.documentElement.lang || 'en' };
  const orgId = getStoredOrgId();
  if (orgId) headers['X-Org-Id'] = orgId;
  return headers;
}

async function send(path: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, { credentials: 'same-origin', ...init, headers: { ...baseHeaders(), ...(init.headers as Record<string, string>) } });
  } catch {
    throw new ApiError(0, 'network_error', 'network_error');
  }
  if (response.status === 401) {
    window.location.assign(`/sign-in?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
  }
  if (!response.ok) throw await errorOf(response);
  return response;
}

/** Saves the draft only if nobody saved since `revision` (412 otherwise). */
export async function putDraft(key: string, blueprint: Blueprint, revision: number): Promise<Draft> {
  const response = await send(`/journeys/${encodeURIComponent(key)}/draft`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'If-Match': `"${revision}"` },
    body: JSON.stringify(blueprint),
  });
  return (await response.json()) as Draft;
}

export async function putOverride(key: string, locationId: string, body: { baseVersion?: number; addedMoments: AddedMoment[]; benchmarkAdjustments: BenchmarkAdjustment[] }): Promise<Override> {
  const response = await send(`/journeys/${encodeURIComponent(key)}/overrides/${encodeURIComponent(locationId)}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  });
  return (await response.json()) as Override;
}

/** Downloads a file from the API (the organisation header rules out a plain link) under the server's file name. */
export async function downloadFile(path: string, fallbackName: string): Promise<string> {
  const response = await send(path, { method: 'GET' });
  const blob = await response.blob();
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}
