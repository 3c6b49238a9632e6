/**
 * Types and requests of the feedback API (src/feedback/routes.ts). The survey types come from the
 * server's model (types only), so the builder and the server cannot drift apart.
 */
import { api, ApiError, getStoredOrgId } from '../api';
import type { Language } from '../i18n';
import { orgKey } from '../query-client';
import type {
  Answer,
  Answers,
  ChoiceOption,
  Condition,
  ConditionOperator,
  Question,
  QuestionInput,
  QuestionType,
  ServqualAnswer,
  ServqualDimension,
  SurveyChannel,
  SurveyDefinitionInput,
  SurveyKind,
  TranslatableText,
} from '../../../src/feedback/model.ts';

export type {
  Answer,
  Answers,
  ChoiceOption,
  Condition,
  ConditionOperator,
  Question,
  QuestionInput,
  QuestionType,
  ServqualAnswer,
  ServqualDimension,
  SurveyChannel,
  SurveyKind,
  TranslatableText,
};

/** The definition as the builder edits it: every question carries its `required` and `showIf`. */
export type Definition = Omit<SurveyDefinitionInput, 'questions'> & { questions: Question[] };

export const QUESTION_TYPES: readonly QuestionType[] = ['nps', 'csat', 'ces', 'moment_rating', 'servqual', 'single_choice', 'multiple_choice', 'text', 'consent'];
export const SERVQUAL_DIMENSIONS: readonly ServqualDimension[] = ['tangibles', 'reliability', 'responsiveness', 'assurance', 'empathy'];
export const CONDITION_OPERATORS: readonly ConditionOperator[] = ['equals', 'not_equals', 'in', 'gte', 'lte', 'answered'];
export const SURVEY_CHANNELS: readonly SurveyChannel[] = ['web', 'email', 'sms', 'qr', 'kiosk', 'widget', 'app', 'phone', 'in_person', 'other'];
export const SCALES: Record<'nps' | 'csat' | 'ces' | 'moment_rating' | 'servqual', { min: number; max: number }> = {
  nps: { min: 0, max: 10 },
  csat: { min: 1, max: 5 },
  ces: { min: 1, max: 7 },
  moment_rating: { min: 1, max: 5 },
  servqual: { min: 1, max: 7 },
};
export const SCALE_TYPES = ['nps', 'csat', 'ces', 'moment_rating'] as const;
export type ScaleType = (typeof SCALE_TYPES)[number];
export function isScaleType(type: QuestionType): type is ScaleType {
  return (SCALE_TYPES as readonly string[]).includes(type);
}

export interface Problem {
  severity: 'error' | 'warning';
  field: string;
  message: string;
}

export interface Survey {
  surveyId: string;
  key: string;
  name: TranslatableText;
  kind: SurveyKind;
  fallbackLocale: Language;
  publishedVersion: number | null;
  publishedAt: string | null;
  draftRevision: number;
  hasUnpublishedChanges: boolean;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface SurveyDraft {
  surveyKey: string;
  revision: number;
  definition: Definition;
  updatedAt: string;
  updatedBy: string | null;
  problems: Problem[];
}

export interface SurveyVersionSummary {
  version: number;
  note: string | null;
  fallbackLocale: Language;
  questionCount: number;
  publishedAt: string;
  publishedBy: string | null;
}

export interface SurveyVersion extends SurveyVersionSummary {
  surveyKey: string;
  definition: Definition;
}

export interface SurveyLink {
  linkId: string;
  surveyKey: string;
  label: string | null;
  channel: SurveyChannel;
  locationId: string | null;
  journeyKey: string | null;
  momentKey: string | null;
  locale: Language | null;
  expiresAt: string | null;
  revokedAt: string | null;
  createdAt: string;
  token: string;
  url: string;
}

export interface SurveyInvitation {
  invitationId: string;
  externalId: string | null;
  surveyKey: string;
  version: number;
  channel: SurveyChannel;
  locale: Language | null;
  context: {
    interactionId: string | null;
    journeyKey: string | null;
    momentKey: string | null;
    locationId: string | null;
    staffId: string | null;
    visitId: string | null;
    customerId: string | null;
  };
  expiresAt: string;
  submittedAt: string | null;
  createdAt: string;
}

export interface SurveyResponse {
  responseId: string;
  externalId: string | null;
  invitationId: string | null;
  surveyKey: string;
  surveyVersion: number;
  journeyKey: string | null;
  momentKey: string | null;
  journeyVersion: number | null;
  interactionId: string | null;
  visitId: string | null;
  locationId: string | null;
  staffId: string | null;
  customer: { customerId: string; externalId: string } | null;
  channel: SurveyChannel;
  locale: string | null;
  answers: Answers;
  nps: number | null;
  csat: number | null;
  ces: number | null;
  comment: string | null;
  consent: boolean | null;
  source: 'page' | 'api';
  submittedAt: string;
  createdAt: string;
}

// ---------- query keys ----------

export const surveysKey = (orgId: string) => orgKey(orgId, 'surveys');
export const surveyKey = (orgId: string, key: string) => orgKey(orgId, 'surveys', key);
export const surveyDraftKey = (orgId: string, key: string) => orgKey(orgId, 'surveys', key, 'draft');
export const surveyVersionsKey = (orgId: string, key: string) => orgKey(orgId, 'surveys', key, 'versions');
export const surveyLinksKey = (orgId: string, key: string) => orgKey(orgId, 'surveys', key, 'links');
export const surveyInvitationsKey = (orgId: string, key: string) => orgKey(orgId, 'surveys', key, 'invitations');
export const responsesKey = (orgId: string) => orgKey(orgId, 'responses');

// ---------- the draft save (If-Match), which the shared client cannot send ----------

async function errorOf(response: Response): Promise<ApiError> {
  try {
    const payload = (await response.json()) as { error?: { code?: string; message?: string; field?: string; requestId?: string } };
    const error = payload.error ?? {};
    return new ApiError(response.status, error.code ?? 'http_error', error.message ?? response.statusText, error.field, error.requestId);
  } catch {
    return new ApiError(response.status, 'http_error', response.statusText);
  }
}

/** Saves the draft only if nobody saved since `revision` (412 — or 409 — otherwise: someone else's edit). */
export function putSurveyDraft(key: string, definition: Definition, revision: number): Promise<SurveyDraft> {
  return api<SurveyDraft>(`/surveys/${encodeURIComponent(key)}/draft`, { method: 'PUT', body: definition, headers: { 'If-Match': `"${revision}"` } });
}

export function isConflict(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 412 || error.status === 409);
}

/** Sentiment and themes of a response's comment (src/insights/routes.ts, GET /insights/comments). */
export interface CommentAnalysis {
  responseId: string;
  status: 'pending' | 'analysed';
  analysedAt: string | null;
  lang: string | null;
  sentiment: { score: number; label: string } | null;
  themes: { theme: string; matches: string[]; score: number; label: string }[];
  keyPhrases: string[];
}

// ---------- imports (src/feedback/import-routes.ts) ----------

export type ImportKind = 'interactions' | 'responses';
export type ImportMode = 'keep-good' | 'all-or-nothing';
export type DateOrder = 'auto' | 'dmy' | 'mdy' | 'ymd';
export const DATE_ORDERS: readonly DateOrder[] = ['auto', 'dmy', 'mdy', 'ymd'];

export interface ImportSettings {
  mapping: Record<string, string>;
  defaults: Record<string, string>;
  mode: ImportMode;
  timezone: string;
  dateOrder: DateOrder;
}

export interface ImportRun {
  importId: string;
  kind: ImportKind;
  status: 'uploaded' | 'running' | 'done' | 'failed' | 'interrupted';
  fileName: string;
  format: 'csv' | 'xlsx';
  fileBytes: number;
  totalRows: number;
  processedRows: number;
  created: number;
  existing: number;
  failed: number;
  errorCount: number;
  errors: { line: number; field: string; column: string | null; message: string }[];
  failure: string | null;
  settings: ImportSettings | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface ImportPreview {
  columns: string[];
  totalRows: number;
  settings: ImportSettings;
  mappingProblems: { field: string; message: string }[];
  rows: { line: number; values: Record<string, string>; item: Record<string, unknown> | null; status: 'new' | 'existing' | 'failed'; errors: { field: string; column: string | null; message: string }[] }[];
}

export interface ImportUpload extends ImportRun {
  columns: string[];
  fields: { field: string; required: boolean; type: 'text' | 'datetime' | 'number' | 'integer'; description: string }[];
  suggestedMapping: Record<string, string>;
  preview: ImportPreview;
}

export const importsKey = (orgId: string) => orgKey(orgId, 'imports');

/** Uploads a CSV/XLSX file (multipart), which the shared JSON client cannot send. */
export async function uploadImport(kind: ImportKind, file: File, surveyKey: string | null): Promise<ImportUpload> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': document.documentElement.lang || 'en' };
  const orgId = getStoredOrgId();
  if (orgId) headers['X-Org-Id'] = orgId;
  const form = new FormData();
  form.append('file', file, file.name);
  const query = new URLSearchParams({ kind, ...(surveyKey ? { surveyKey } : {}) });
  let response: Response;
  try {
    response = await fetch(`/api/v1/imports?${query.toString()}`, { method: 'POST', credentials: 'same-origin', headers, body: form });
  } catch {
    throw new ApiError(0, 'network_error', 'network_error');
  }
  if (response.status === 401) window.location.assign(`/sign-in?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
  if (!response.ok) throw await errorOf(response);
  return (await response.json()) as ImportUpload;
}

// ---------- triggers and the invitation log (src/feedback/triggers-routes.ts) ----------

export type TriggerChannel = 'email' | 'sms' | 'link';
export const TRIGGER_CHANNELS: readonly TriggerChannel[] = ['email', 'sms', 'link'];
export const DELIVERY_STATUSES = ['queued', 'sent', 'delivered', 'opened', 'answered', 'failed', 'suppressed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface Trigger {
  triggerId: string;
  name: string;
  enabled: boolean;
  surveyKey: string;
  journeyKey: string | null;
  momentKey: string;
  locationId: string | null;
  interactionChannels: string[] | null;
  outcomes: string[] | null;
  customerAttributes: Record<string, string | number | boolean> | null;
  channel: TriggerChannel;
  delayMinutes: number;
  samplingRate: number;
  quietPeriodDays: number;
  dailyCap: number | null;
  quietHours: { start: string; end: string } | null;
  expiresInDays: number;
  createdAt: string;
  updatedAt: string;
}

export type TriggerBody = Omit<Trigger, 'triggerId' | 'createdAt' | 'updatedAt'>;

export interface Delivery {
  deliveryId: string;
  status: DeliveryStatus;
  reason: 'opted_out' | 'no_email' | 'no_phone' | 'quiet_period' | 'daily_cap' | null;
  channel: TriggerChannel;
  triggerId: string;
  triggerName: string;
  surveyKey: string;
  interaction: { interactionId: string; externalId: string };
  customer: { customerId: string; externalId: string };
  locationId: string;
  locale: Language | null;
  recipient: string | null;
  sendAt: string;
  attempts: number;
  lastError: string | null;
  invitationId: string | null;
  url: string | null;
  sentAt: string | null;
  deliveredAt: string | null;
  openedAt: string | null;
  answeredAt: string | null;
  failedAt: string | null;
  createdAt: string;
}

export const triggersKey = (orgId: string) => orgKey(orgId, 'triggers');
export const deliveriesKey = (orgId: string) => orgKey(orgId, 'survey-invitations');

/** A counter rating device (src/feedback/kiosk-routes.ts). Its token is shown only when made or renewed. */
export interface KioskDevice {
  deviceId: string;
  name: string;
  surveyKey: string | null;
  locationId: string;
  journeyKey: string | null;
  momentKey: string | null;
  staffId: string | null;
  locale: Language | null;
  resetSeconds: number;
  lastSeenAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}
export interface KioskDeviceWithToken extends KioskDevice {
  token: string;
  kioskUrl: string;
}

/** An embeddable widget (src/feedback/widget-routes.ts): its own anonymous link and the origins allowed to show it. */
export interface SurveyWidget {
  widgetId: string;
  surveyKey: string;
  name: string;
  linkId: string;
  allowedOrigins: string[];
  locale: Language | null;
  revokedAt: string | null;
  createdAt: string;
  token: string;
  scriptUrl: string;
  snippet: string;
}

/** What POST /surveys/import answers: the draft made and what of the file could not be mapped. */
export interface SurveyImportResult {
  created: boolean;
  survey: Survey | null;
  problems: Problem[];
  report: {
    format: 'surveyjs' | 'qualtrics';
    languages: Language[];
    questions: { total: number; mapped: number };
    mapped: { sourceId: string; sourceType: string; id: string; type: string }[];
    unmapped: { sourceId: string; sourceType: string; reason: string }[];
    warnings: { sourceId: string | null; feature: string; message: string }[];
  };
}

export const kioskDevicesKey = (orgId: string) => orgKey(orgId, 'kiosk-devices');
export const surveyWidgetsKey = (orgId: string, key: string) => orgKey(orgId, 'surveys', key, 'widgets');
