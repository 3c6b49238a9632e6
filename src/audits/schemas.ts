import { Type, type Static, type TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { LOCALES } from '../platform/locales.ts';
import { Nullable, oneOf, Timestamp } from '../platform/schema-types.ts';
import {
  ACTION_STATUSES,
  CHECKLIST_FORMAT,
  COMPARATORS,
  EVIDENCE_RULES,
  FREQUENCIES,
  IMPROVEMENT_SOURCES,
  IMPROVEMENT_STATUSES,
  ITEM_TYPES,
  KEY_MAX_LENGTH,
  KEY_PATTERN,
  MAX_SCORE_LIMIT,
  NOTE_MAX_LENGTH,
  RUN_KINDS,
  RUN_STATUSES,
  type ChecklistDefinitionInput,
  type ChecklistItemInput,
  type ItemAnswer,
  type Problem,
  type TranslatableText,
} from './model.ts';
import { ACTION_EVENT_KINDS } from './schema.ts';

/*
 * Request and response schemas of the audits room: one schema = validation + types + OpenAPI. The
 * definition schemas are also the written form of the `keymoment.checklist/v1` file format the shipped
 * templates use (docs/audits.md).
 */

export const LocaleSchema = oneOf(LOCALES);
export const Key = Type.String({ pattern: KEY_PATTERN, maxLength: KEY_MAX_LENGTH, description: 'Lowercase slug, stable for ever (a–z, 0–9, - or _)' });
export const Id = Type.String({ minLength: 1, maxLength: 64 });
export const LocalDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'A calendar date, YYYY-MM-DD' });

const TextValue = Type.String({ maxLength: 4000 });
export const TranslatableTextSchema = Type.Object(
  { en: Type.Optional(TextValue), 'zh-CN': Type.Optional(TextValue), 'zh-TW': Type.Optional(TextValue), ru: Type.Optional(TextValue), hu: Type.Optional(TextValue) },
  { additionalProperties: false, description: 'The same text in several languages; the checklist’s fallback language must be filled.' },
);

const ItemSchema = Type.Object(
  {
    key: Key,
    text: TranslatableTextSchema,
    guidance: Type.Optional(TranslatableTextSchema),
    type: oneOf(ITEM_TYPES, 'yes_no, or score (0 … maxScore)'),
    maxScore: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_SCORE_LIMIT })),
    passScore: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_SCORE_LIMIT, description: 'Lowest score that counts as met; default maxScore' })),
    allowNa: Type.Optional(Type.Boolean({ description: 'May be answered N/A (left out of the %); default true' })),
    weight: Type.Optional(Type.Number({ minimum: 0.01, maximum: 100, description: 'Relative weight (0.01–100); default 1' })),
    critical: Type.Optional(Type.Boolean({ description: 'A failure fails the whole audit; default false' })),
    evidenceOnFailure: Type.Optional(oneOf(EVIDENCE_RULES, 'What a failed answer must carry; default photo_or_note')),
  },
  { additionalProperties: false },
);

const SectionSchema = Type.Object(
  { momentKey: Key, title: Type.Optional(TranslatableTextSchema), items: Type.Array(ItemSchema, { maxItems: 200 }) },
  { additionalProperties: false },
);

const definitionProperties = {
  journeyKey: Key,
  passPercent: Type.Optional(Type.Number({ minimum: 0, maximum: 100, description: 'Compliance % needed to pass; default 80' })),
  actionDueDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365, description: 'Days a corrective action gets; default 14' })),
  criticalActionDueDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365, description: 'Days for an action on a critical item; default 3' })),
  sections: Type.Array(SectionSchema, { maxItems: 100 }),
};
export const DefinitionSchema = Type.Object(definitionProperties, {
  additionalProperties: false,
  $id: 'ChecklistDefinition',
  description: 'A checklist: the journey it audits and, per moment, the items.',
});

export const ChecklistDocumentSchema = Type.Object(
  {
    format: Type.Literal(CHECKLIST_FORMAT),
    key: Key,
    name: TranslatableTextSchema,
    description: Type.Optional(TranslatableTextSchema),
    fallbackLocale: LocaleSchema,
    ...definitionProperties,
  },
  { additionalProperties: false, description: 'A checklist in the keymoment.checklist/v1 file format (the shipped templates).' },
);
export type ChecklistDocument = Static<typeof ChecklistDocumentSchema>;

export const AnswerValueSchema = Type.Union([oneOf(['yes', 'no', 'na'] as const), Type.Integer({ minimum: 0, maximum: MAX_SCORE_LIMIT })], {
  description: 'yes / no / na, or a score from 0 to the item’s maxScore',
});
export const ItemAnswerSchema = Type.Object(
  {
    value: Type.Optional(AnswerValueSchema),
    note: Type.Optional(Type.String({ maxLength: NOTE_MAX_LENGTH })),
  },
  { additionalProperties: false },
);
export const AnswersSchema = Type.Record(Type.String({ pattern: KEY_PATTERN, maxLength: KEY_MAX_LENGTH }), ItemAnswerSchema, {
  // A key outside the pattern ("" or "Greeted") would otherwise skip the value schema entirely.
  additionalProperties: false,
  maxProperties: 1000,
  description: 'Answers by item key',
});

// The schemas and the model's hand-written types must describe the same data.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type SchemasMatchModel = [
  Assert<Same<Static<typeof DefinitionSchema>, ChecklistDefinitionInput>>,
  Assert<Same<Static<typeof ItemSchema>, ChecklistItemInput>>,
  Assert<Same<Static<typeof TranslatableTextSchema>, TranslatableText>>,
  Assert<Same<Static<typeof ItemAnswerSchema>, ItemAnswer>>,
];

/** Checks a value (a template file) against a schema; issues name the dotted path. */
export function schemaProblems(schema: TSchema, value: unknown): Problem[] {
  if (Value.Check(schema, value)) return [];
  return Value.Errors(schema, value)
    .filter((issue) => issue.keyword !== 'boolean')
    .map((issue) => {
      const path = issue.instancePath.split('/').filter(Boolean);
      const params = issue.params as Record<string, unknown>;
      if (issue.keyword === 'additionalProperties') {
        const field = [...path, (params.additionalProperties as string[] | undefined)?.[0] ?? ''].join('.');
        return { severity: 'error' as const, field, message: `${field} is not a known field` };
      }
      if (issue.keyword === 'required') {
        const field = [...path, (params.requiredProperties as string[] | undefined)?.[0] ?? ''].join('.');
        return { severity: 'error' as const, field, message: `${field} is required` };
      }
      const field = path.join('.') || '(document)';
      return { severity: 'error' as const, field, message: `${field} ${issue.message}` };
    });
}

// ---------- views ----------

const DefinitionRef = Type.Unsafe<Static<typeof DefinitionSchema>>({ $ref: 'ChecklistDefinition' });
export const ProblemView = Type.Object({ severity: oneOf(['error', 'warning'] as const), field: Type.String(), message: Type.String() });

export const ChecklistView = Type.Object({
  checklistId: Type.String(),
  key: Type.String(),
  name: TranslatableTextSchema,
  description: Nullable(TranslatableTextSchema),
  fallbackLocale: LocaleSchema,
  journeyKey: Type.String({ description: 'The journey of the draft' }),
  templateKey: Nullable(Type.String()),
  publishedVersion: Nullable(Type.Integer()),
  publishedAt: Nullable(Timestamp),
  draftRevision: Type.Integer({ description: 'Send it back in If-Match to avoid overwriting someone else’s edit' }),
  hasUnpublishedChanges: Type.Boolean(),
  archivedAt: Nullable(Timestamp),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const ChecklistDraftView = Type.Object({
  checklistKey: Type.String(),
  revision: Type.Integer(),
  definition: DefinitionRef,
  updatedAt: Timestamp,
  updatedBy: Nullable(Type.String()),
  problems: Type.Array(ProblemView, { description: 'Errors block publishing; warnings are advice.' }),
});

export const ChecklistVersionSummaryView = Type.Object({
  version: Type.Integer(),
  journeyKey: Type.String(),
  note: Nullable(Type.String()),
  itemCount: Type.Integer(),
  publishedAt: Timestamp,
  publishedBy: Nullable(Type.String()),
});
export const ChecklistVersionView = Type.Object({ ...ChecklistVersionSummaryView.properties, checklistKey: Type.String(), fallbackLocale: LocaleSchema, definition: DefinitionRef });

export const ChecklistTemplateView = Type.Object({
  key: Type.String(),
  name: Type.String(),
  description: Type.String(),
  locale: LocaleSchema,
  journeyKey: Type.String(),
  momentKeys: Type.Array(Type.String()),
  itemCount: Type.Integer(),
  criticalCount: Type.Integer(),
});

export const RunKindSchema = oneOf(RUN_KINDS, 'self_inspection (outlet staff), walk_through (a manager), mystery_shopping (an external shopper through a link)');

export const ScheduleView = Type.Object({
  scheduleId: Type.String(),
  checklistKey: Type.String(),
  locationId: Type.String(),
  kind: RunKindSchema,
  frequency: oneOf(FREQUENCIES),
  dayOfMonth: Nullable(Type.Integer()),
  weekday: Nullable(Type.Integer({ description: '1 = Monday … 7 = Sunday' })),
  dueDays: Type.Integer(),
  assigneeUserId: Nullable(Type.String()),
  nextRunOn: Type.String({ description: 'The next local date a run is created for' }),
  lastRunOn: Nullable(Type.String()),
  active: Type.Boolean(),
  createdAt: Timestamp,
});

const TargetView = Type.Object({ comparator: oneOf(COMPARATORS), value: Type.Number() });
const BenchmarkStatusSchema = oneOf(['met', 'missed', 'no_target', 'not_applicable'] as const);

export const RunResultView = Type.Object({
  compliance: Nullable(Type.Number({ description: 'Weighted %, N/A items excluded' })),
  passed: Type.Boolean(),
  criticalFailed: Type.Boolean(),
  failedItems: Type.Array(Type.String()),
  criticalFailures: Type.Array(Type.String()),
  moments: Type.Array(
    Type.Object({
      momentKey: Type.String(),
      compliance: Nullable(Type.Number()),
      failedItems: Type.Array(Type.String()),
      criticalFailed: Type.Boolean(),
      target: Nullable(TargetView),
      benchmark: BenchmarkStatusSchema,
    }),
  ),
});

export const RunSummaryView = Type.Object({
  runId: Type.String(),
  checklistKey: Type.String(),
  checklistVersion: Type.Integer(),
  journeyKey: Type.String(),
  journeyVersion: Nullable(Type.Integer()),
  locationId: Type.String(),
  kind: RunKindSchema,
  status: oneOf(RUN_STATUSES),
  overdue: Type.Boolean(),
  assigneeUserId: Nullable(Type.String()),
  scheduleId: Nullable(Type.String()),
  scheduledFor: Nullable(Type.String()),
  dueAt: Nullable(Timestamp),
  submittedAt: Nullable(Timestamp),
  compliance: Nullable(Type.Number()),
  passed: Nullable(Type.Boolean()),
  criticalFailed: Nullable(Type.Boolean()),
  createdAt: Timestamp,
});

export const EvidenceView = Type.Object({
  evidenceId: Type.String(),
  itemKey: Type.String(),
  contentType: Type.String(),
  byteSize: Type.Integer(),
  createdAt: Timestamp,
});

export const RunView = Type.Object({
  ...RunSummaryView.properties,
  definition: DefinitionRef,
  answers: AnswersSchema,
  answersSavedAt: Nullable(Timestamp),
  evidence: Type.Array(EvidenceView),
  result: Nullable(RunResultView),
  shopperLink: Nullable(Type.Object({ expiresAt: Timestamp, locale: Nullable(LocaleSchema) }, { description: 'The current mystery-shopper link, if one was issued' })),
});

export const ComplianceRowView = Type.Object({
  period: Type.String({ description: 'YYYY-MM, YYYY-Qn or YYYY' }),
  key: Type.String({ description: 'The item key, moment key or location id' }),
  journeyKey: Nullable(Type.String()),
  momentKey: Nullable(Type.String({ description: 'For items: their moment' })),
  checklistKey: Nullable(Type.String({ description: 'For items: their checklist' })),
  answered: Type.Integer(),
  passed: Type.Integer(),
  failed: Type.Integer(),
  notApplicable: Type.Integer(),
  criticalFailures: Type.Integer(),
  compliance: Nullable(Type.Number({ description: 'Weighted %, N/A excluded' })),
  target: Nullable(TargetView),
  benchmark: BenchmarkStatusSchema,
});

export const ActionEventView = Type.Object({
  kind: oneOf(ACTION_EVENT_KINDS),
  runId: Nullable(Type.String()),
  userId: Nullable(Type.String()),
  note: Nullable(Type.String()),
  createdAt: Timestamp,
});

export const ActionView = Type.Object({
  actionId: Type.String(),
  locationId: Type.String(),
  checklistKey: Type.String(),
  itemKey: Type.String(),
  journeyKey: Type.String(),
  momentKey: Type.String(),
  title: TranslatableTextSchema,
  critical: Type.Boolean(),
  sourceRunId: Type.String(),
  status: oneOf(ACTION_STATUSES),
  overdue: Type.Boolean(),
  ownerUserId: Nullable(Type.String()),
  dueAt: Timestamp,
  note: Nullable(Type.String()),
  reopenCount: Type.Integer(),
  escalationLevel: Type.Integer(),
  doneAt: Nullable(Timestamp),
  verifiedAt: Nullable(Timestamp),
  verifiedByRunId: Nullable(Type.String()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export const ActionDetailView = Type.Object({ ...ActionView.properties, events: Type.Array(ActionEventView) });


export const ImprovementStatusSchema = oneOf(IMPROVEMENT_STATUSES, 'plan → do → check → act; act → plan starts a new cycle; closed ends it');
export const ImprovementView = Type.Object({
  improvementId: Type.String(),
  title: Type.String(),
  journeyKey: Type.String(),
  momentKey: Type.String(),
  locationId: Nullable(Type.String({ description: 'Root of the location subtree; null = the whole organisation' })),
  source: Type.Object({ kind: oneOf(IMPROVEMENT_SOURCES), runId: Nullable(Type.String()), caseId: Nullable(Type.String()) }),
  hypothesis: Type.String(),
  ownerUserId: Nullable(Type.String()),
  startDate: Type.String(),
  status: ImprovementStatusSchema,
  cycle: Type.Integer(),
  notes: Nullable(Type.String()),
  impact: Nullable(
    Type.Number({ description: 'Driver importance × gap to benchmark, 0–1 (see impactInputs); null when it cannot be computed (impactInputs.reason) or not yet computed' }),
  ),
  impactComputedAt: Nullable(Timestamp),
  impactInputs: Nullable(
    Type.Object({
      windowFrom: Type.String({ description: 'First day of the window the drivers and score were read over' }),
      windowTo: Type.String(),
      importance: Nullable(Type.Number({ description: "The moment's relative-weight share of the journey's drivers, 0–1" })),
      metric: Nullable(oneOf(['nps', 'csat', 'ces'] as const)),
      comparator: Nullable(oneOf(['gte', 'lte', 'gt', 'lt', 'eq'] as const)),
      benchmark: Nullable(Type.Number({ description: "The benchmark's value, in the metric's unit" })),
      score: Nullable(Type.Number({ description: "The moment's current score, in the metric's unit" })),
      gap: Nullable(Type.Number({ description: "Gap to the benchmark divided by the metric's range (NPS 200, CSAT 100, CES 6), 0–1" })),
      reason: Nullable(oneOf(['drivers_insufficient', 'moment_not_a_driver', 'no_benchmark', 'score_insufficient'] as const)),
    }),
  ),
  closedAt: Nullable(Timestamp),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

const ScoreSide = Type.Object({ score: Nullable(Type.Number({ description: 'null below the minimum n' })), n: Type.Integer() });
const MetricEffectView = Type.Object({
  before: ScoreSide,
  after: ScoreSide,
  difference: Nullable(Type.Number({ description: 'after − before, points' })),
  pValue: Nullable(Type.Number()),
  significant: Type.Boolean(),
});
const DateRange = Type.Object({ from: Type.String(), to: Type.String() });

export const ImprovementEffectView = Type.Object({
  improvementId: Type.String(),
  journeyKey: Type.String(),
  momentKey: Type.String(),
  locationId: Nullable(Type.String()),
  startDate: Type.String(),
  state: oneOf(['not_started', 'measuring', 'complete'] as const),
  windowDays: Type.Integer(),
  measuredDays: Type.Integer({ description: 'Days of the after-window already over; the before-window is as long' }),
  before: Nullable(DateRange),
  after: Nullable(DateRange),
  minN: Type.Integer(),
  level: Type.Number(),
  metrics: Type.Object({ nps: MetricEffectView, csat: MetricEffectView }),
});

export const ComplianceSatisfactionCellView = Type.Object({
  journeyKey: Type.String(),
  momentKey: Type.String(),
  locationId: Type.String(),
  audit: Type.Object({
    compliance: Nullable(Type.Number({ description: 'Weighted %, N/A excluded' })),
    answered: Type.Integer(),
    target: TargetView,
    targetSource: oneOf(['benchmark', 'default'] as const),
    status: oneOf(['met', 'missed', 'not_applicable'] as const),
  }),
  customers: Type.Object({
    status: oneOf(['meets', 'below', 'insufficient', 'no_benchmark'] as const),
    metrics: Type.Array(
      Type.Object({ metric: oneOf(['nps', 'csat', 'ces'] as const), score: Nullable(Type.Number()), n: Type.Integer(), comparator: Type.String(), value: Type.Number(), status: Type.String() }),
    ),
  }),
  flag: Nullable(oneOf(['passes_checks_customers_suffer', 'fails_checks_customers_happy'] as const)),
});

// ---------- the public (mystery-shopper) API ----------

export const PublicItemView = Type.Object({
  key: Type.String(),
  text: Type.String(),
  guidance: Nullable(Type.String()),
  type: oneOf(ITEM_TYPES),
  maxScore: Nullable(Type.Integer()),
  passScore: Nullable(Type.Integer()),
  allowNa: Type.Boolean(),
  critical: Type.Boolean(),
  evidenceOnFailure: oneOf(EVIDENCE_RULES),
});

export const PublicRunView = Type.Object({
  status: oneOf(['open', 'submitted'] as const),
  locale: LocaleSchema,
  organization: Type.String(),
  location: Type.String(),
  checklist: Type.Object({ name: Type.String(), description: Nullable(Type.String()) }),
  dueAt: Nullable(Timestamp),
  expiresAt: Timestamp,
  sections: Type.Array(Type.Object({ momentKey: Type.String(), title: Type.String(), items: Type.Array(PublicItemView) })),
  answers: AnswersSchema,
  evidence: Type.Array(EvidenceView),
});

export const PublicSaveView = Type.Object({ savedAt: Timestamp, answers: AnswersSchema });
export const PublicSubmitView = Type.Object({
  submittedAt: Timestamp,
  message: Type.String({ description: 'A thank-you in the shopper’s language; the score is not shown to the shopper' }),
});
