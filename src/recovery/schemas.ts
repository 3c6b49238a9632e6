import { Type } from 'typebox';
import { LOCALES } from '../platform/locales.ts';
import { Nullable, oneOf, Timestamp } from '../platform/schema-types.ts';
import { CALENDAR_DAY_KINDS, WEEKDAYS } from './business-time.ts';
import {
  CASE_ACTIONS,
  CASE_CHANNELS,
  CASE_REASONS,
  CASE_SOURCES,
  CASE_STATUSES,
  CLOSE_REASONS,
  COMPENSATION_KINDS,
  COMPENSATION_STATUSES,
  ESCALATION_LEVELS,
  EVENT_KINDS,
  FOLLOW_UP_CHANNELS,
  GATHER_QUESTIONS,
  METRIC_GROUPS,
  RULE_ASSIGNMENTS,
  RULE_KINDS,
  SCORE_KINDS,
  SLA_STATES,
  STEP_KEYS,
} from './model.ts';

/* Request and response schemas of the recovery room: one schema = validation + types + OpenAPI. */

export const Id = Type.String({ minLength: 1, maxLength: 64 });
const Key = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9]+(?:[-_][a-z0-9]+)*$' });
const ShortText = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' });
const OptionalText = (maxLength: number) => Type.Optional(Nullable(Type.String({ maxLength })));
const FreeObject = Type.Unsafe<Record<string, unknown>>({ type: 'object', additionalProperties: true });

export const LocaleSchema = oneOf(LOCALES);
export const CaseParams = Type.Object({ caseId: Id });

// ---------- cases ----------

export const OpenCaseBody = Type.Object(
  {
    channel: oneOf(CASE_CHANNELS, 'How the complaint reached you'),
    summary: ShortText(2000),
    customerWords: OptionalText(8000),
    reason: Type.Optional(oneOf(CASE_REASONS, 'Default: complaint')),
    externalId: Type.Optional(Nullable(Type.String({ maxLength: 200, description: 'Your id for this case: a retry with the same id returns the same case' }))),
    customerRef: OptionalText(200),
    customerName: OptionalText(200),
    customerPhone: OptionalText(60),
    customerEmail: Type.Optional(Nullable(Type.Union([Type.String({ format: 'email', maxLength: 254 }), Type.Literal('')]))),
    visitId: OptionalText(200),
    journeyKey: Type.Optional(Nullable(Key)),
    momentKey: Type.Optional(Nullable(Key)),
    locationId: Type.Optional(Nullable(Id)),
    staffRef: OptionalText(200),
    ownerId: Type.Optional(Nullable(Id)),
    responseId: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64, description: 'The survey response the case is about (e.g. reaching out to a silent detractor): one open case per response when there is no visit' }))),
  },
  { additionalProperties: false },
);

export const CaseView = Type.Object({
  caseId: Type.String(),
  externalId: Nullable(Type.String()),
  source: oneOf(CASE_SOURCES),
  reason: oneOf(CASE_REASONS),
  channel: oneOf(CASE_CHANNELS),
  status: oneOf(CASE_STATUSES),
  currentStep: Nullable(oneOf(STEP_KEYS)),
  summary: Type.String(),
  details: FreeObject,
  customerRef: Nullable(Type.String()),
  customerName: Nullable(Type.String()),
  customerPhone: Nullable(Type.String()),
  customerEmail: Nullable(Type.String()),
  visitId: Nullable(Type.String()),
  journeyKey: Nullable(Type.String()),
  journeyVersion: Nullable(Type.Integer()),
  momentKey: Nullable(Type.String()),
  locationId: Nullable(Type.String()),
  staffRef: Nullable(Type.String()),
  responseId: Nullable(Type.String()),
  createdBy: Nullable(Type.String()),
  ownerId: Nullable(Type.String()),
  pendingTransferTo: Nullable(Type.String()),
  pendingTransferBy: Nullable(Type.String()),
  escalationLevel: Type.Integer({ minimum: 0, maximum: 3 }),
  escalationLevelName: oneOf(ESCALATION_LEVELS),
  escalatedTo: Nullable(Type.String()),
  playbook: FreeObject,
  openedAt: Timestamp,
  sla: Type.Object({
    state: oneOf(SLA_STATES),
    nextDueAt: Nullable(Timestamp),
    firstResponseDueAt: Nullable(Timestamp),
    firstRespondedAt: Nullable(Timestamp),
    firstResponseMinutes: Nullable(Type.Number()),
    firstResponseBreachedAt: Nullable(Timestamp),
    resolutionDueAt: Nullable(Timestamp),
    resolvedAt: Nullable(Timestamp),
    resolutionMinutes: Nullable(Type.Number()),
    resolutionBreachedAt: Nullable(Timestamp),
    followUpScheduledFor: Nullable(Timestamp),
    followUpDueAt: Nullable(Timestamp),
    followUpDoneAt: Nullable(Timestamp),
    followUpBreachedAt: Nullable(Timestamp),
  }),
  followUp: Type.Object({ scoreKind: Nullable(oneOf(SCORE_KINDS)), score: Nullable(Type.Integer()), recovered: Nullable(Type.Boolean()) }),
  compensation: Type.Object({
    cost: Nullable(Type.Number()),
    currency: Nullable(Type.String()),
    status: Nullable(oneOf(COMPENSATION_STATUSES)),
    granted: Type.Number({ description: 'Compensation the customer accepted, over every round' }),
  }),
  closedAt: Nullable(Timestamp),
  closeReason: Nullable(oneOf(CLOSE_REASONS)),
  reopenCount: Type.Integer(),
  updatedAt: Timestamp,
  allowedActions: Type.Array(oneOf(CASE_ACTIONS), { description: 'What the caller may do now (the UI shows only these buttons)' }),
});

export const CaseEventView = Type.Object({
  eventId: Type.String(),
  kind: oneOf(EVENT_KINDS),
  actorKind: oneOf(['user', 'api_key', 'system'] as const),
  actorId: Nullable(Type.String()),
  data: FreeObject,
  at: Timestamp,
});

export const CaseDetailView = Type.Object({ case: CaseView, events: Type.Array(CaseEventView) });

export const OpenCaseResult = Type.Object({
  outcome: oneOf(['created', 'attached', 'existing'] as const, 'created; attached = the visit already had an open case, this complaint was added to it; existing = a retry of the same externalId'),
  case: CaseView,
});

export const CaseListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    view: Type.Optional(oneOf(['mine', 'team', 'all'] as const, 'mine: owned by, offered to or escalated to me; team: the unowned queue; all: everything I may see')),
    status: Type.Optional(oneOf([...CASE_STATUSES, 'active'] as const, 'active = not closed')),
    locationId: Type.Optional(Id),
    journeyKey: Type.Optional(Key),
    momentKey: Type.Optional(Key),
    ownerId: Type.Optional(Id),
    reason: Type.Optional(oneOf(CASE_REASONS)),
    slaState: Type.Optional(oneOf(SLA_STATES)),
    customerRef: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

// ---------- commands ----------


export const NoteBody = Type.Object(
  { text: ShortText(8000), mentions: Type.Optional(Type.Array(Id, { maxItems: 20, description: 'User ids of the people to notify' })) },
  { additionalProperties: false },
);
export const TransferBody = Type.Object({ toUserId: Id, reason: OptionalText(2000) }, { additionalProperties: false });
export const DeclineBody = Type.Object({ reason: OptionalText(2000) }, { additionalProperties: false });
export const EscalateBody = Type.Object({ reason: ShortText(2000) }, { additionalProperties: false });
export const VentBody = Type.Object({ customerWords: ShortText(8000) }, { additionalProperties: false });
export const ApologiseBody = Type.Object({ note: OptionalText(2000) }, { additionalProperties: false });
export const GatherBody = Type.Object(
  { answers: Type.Object(Object.fromEntries(GATHER_QUESTIONS.map((q) => [q, Type.Optional(Type.String({ maxLength: 4000 }))])), { additionalProperties: false }) },
  { additionalProperties: false },
);
export const ProposeBody = Type.Object(
  {
    solution: ShortText(4000),
    compensation: Type.Optional(
      Nullable(
        Type.Object(
          {
            kind: oneOf(COMPENSATION_KINDS),
            description: OptionalText(1000),
            cost: Type.Number({ minimum: 0, maximum: 1e9, description: 'In the organisation’s compensation currency' }),
          },
          { additionalProperties: false },
        ),
      ),
    ),
  },
  { additionalProperties: false },
);
export const DecisionBody = Type.Object({ note: OptionalText(2000) }, { additionalProperties: false });
export const RejectBody = Type.Object({ note: ShortText(2000) }, { additionalProperties: false });
export const AgreeBody = Type.Object(
  { choice: oneOf(['accepted', 'declined'] as const), customerChoice: ShortText(4000) },
  { additionalProperties: false },
);
export const ScheduleFollowUpBody = Type.Object(
  { scheduledFor: Type.String({ format: 'date-time' }), channel: oneOf(FOLLOW_UP_CHANNELS), resurvey: Type.Optional(Type.Boolean({ default: false })) },
  { additionalProperties: false },
);
export const FollowUpResultBody = Type.Object(
  {
    reached: Type.Boolean(),
    satisfied: Type.Optional(Nullable(Type.Boolean())),
    score: Type.Optional(Nullable(Type.Object({ kind: oneOf(SCORE_KINDS), value: Type.Integer() }, { additionalProperties: false }))),
    notes: OptionalText(4000),
  },
  { additionalProperties: false },
);
export const CloseBody = Type.Object({ reason: oneOf(CLOSE_REASONS), note: OptionalText(2000) }, { additionalProperties: false });
export const ReopenBody = Type.Object({ reason: ShortText(2000) }, { additionalProperties: false });

// ---------- playbook ----------

const PhrasesView = Type.Object({ acknowledge: Type.String(), propose: Type.String(), ask: Type.String() });
export const PlaybookView = Type.Object({
  locale: LocaleSchema,
  currentStep: Nullable(oneOf(STEP_KEYS)),
  steps: Type.Array(
    Type.Object({
      key: oneOf(STEP_KEYS),
      order: Type.Integer(),
      title: Type.String(),
      goal: Type.String(),
      phrases: PhrasesView,
      neverSay: Type.Array(Type.String()),
      done: Type.Boolean(),
      recordedAt: Nullable(Type.String()),
      record: Nullable(FreeObject),
      questions: Type.Optional(Type.Array(Type.Object({ key: oneOf(GATHER_QUESTIONS), label: Type.String(), example: Type.String(), answer: Nullable(Type.String()) }))),
      compensationKinds: Type.Optional(Type.Array(Type.Object({ kind: oneOf(COMPENSATION_KINDS), label: Type.String() }))),
      followUpChannels: Type.Optional(Type.Array(Type.Object({ channel: oneOf(FOLLOW_UP_CHANNELS), label: Type.String() }))),
    }),
  ),
  compensationNote: Type.String(),
  alwaysAvoid: Type.Array(Type.String()),
});

// ---------- settings ----------

const Minutes = Type.Integer({ minimum: 1, maximum: 525_600, description: 'Business minutes' });
const TimeWindowSchema = Type.Object({ start: Type.String({ maxLength: 5 }), end: Type.String({ maxLength: 5 }) }, { additionalProperties: false });
const Windows = Type.Array(TimeWindowSchema, { maxItems: 6 });
export const WeekHoursSchema = Type.Object(Object.fromEntries(WEEKDAYS.map((day) => [day, Windows])), {
  additionalProperties: false,
  description: 'Opening windows per weekday in the outlet’s time zone, "HH:MM"–"HH:MM" (end may be "24:00")',
});

export const SlaPolicySchema = Type.Object(
  {
    firstResponseMinutes: Minutes,
    resolutionMinutes: Minutes,
    followUpMinutes: Minutes,
    followUpGraceMinutes: Minutes,
    escalationMinutes: Minutes,
    weekHours: WeekHoursSchema,
  },
  { additionalProperties: false },
);

export const CalendarDaySchema = Type.Object(
  { date: Type.String({ maxLength: 10, description: 'YYYY-MM-DD' }), kind: oneOf(CALENDAR_DAY_KINDS), name: OptionalText(200), hours: Type.Optional(Nullable(Windows)) },
  { additionalProperties: false },
);
export const HolidaysBody = Type.Object({ days: Type.Array(CalendarDaySchema, { maxItems: 2000 }) }, { additionalProperties: false });

const Limit = Nullable(Type.Number({ minimum: 0, maximum: 1e9 }));
export const ApprovalSchema = Type.Object(
  {
    currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217, e.g. CNY, HUF' }),
    limits: Type.Object(
      { agent: Limit, outlet_manager: Limit, cx_manager: Limit, admin: Limit },
      { additionalProperties: false, description: 'The most each role may grant without approval; null = no limit' },
    ),
  },
  { additionalProperties: false },
);

export const FollowUpSurveyBody = Type.Object(
  { surveyKey: Nullable(Type.String({ minLength: 1, maxLength: 100, description: 'A published feedback survey; null = no automatic re-survey' })) },
  { additionalProperties: false },
);

export const SettingsView = Type.Object({
  slaPolicy: SlaPolicySchema,
  approval: ApprovalSchema,
  days: Type.Array(CalendarDaySchema),
  followUpSurveyKey: Nullable(Type.String({ description: 'The survey sent as the automatic re-survey of a follow-up (null = none)' })),
});

export const RuleSchema = Type.Object(
  {
    journeyKey: Type.Optional(Nullable(Key)),
    momentKey: Type.Optional(Nullable(Key)),
    kind: oneOf(RULE_KINDS),
    threshold: Type.Optional(Nullable(Type.Number({ description: 'detractor: NPS ≤ n (default 6); low_csat: CSAT ≤ n (2); negative_sentiment: ≤ x (−0.4)' }))),
    assignTo: Type.Optional(oneOf(RULE_ASSIGNMENTS, 'outlet_manager (default), staff (the member whose e-mail or id is the staff ref), team_queue')),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export const RulesBody = Type.Object({ rules: Type.Array(RuleSchema, { maxItems: 500 }) }, { additionalProperties: false });
export const RuleView = Type.Object({
  ruleId: Type.String(),
  journeyKey: Nullable(Type.String()),
  momentKey: Nullable(Type.String()),
  kind: oneOf(RULE_KINDS),
  threshold: Nullable(Type.Number()),
  assignTo: oneOf(RULE_ASSIGNMENTS),
  enabled: Type.Boolean(),
});
export const RulesView = Type.Object({ rules: Type.Array(RuleView) });

// ---------- metrics ----------

export const MetricsQuery = Type.Object(
  {
    groupBy: Type.Optional(oneOf(METRIC_GROUPS, 'staff = the case owner who handled the recovery')),
    from: Type.Optional(Type.String({ format: 'date-time', description: 'Cases opened from (default: 30 days before `to`)' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'Cases opened before (default: now)' })),
  },
  { additionalProperties: false },
);

const MetricsRowView = Type.Object({
  key: Nullable(Type.String()),
  journeyKey: Nullable(Type.String()),
  momentKey: Nullable(Type.String()),
  cases: Type.Integer(),
  open: Type.Integer(),
  followUpAnswered: Type.Integer(),
  recovered: Type.Integer(),
  recoveryRate: Nullable(Type.Number()),
  avgFirstResponseMinutes: Nullable(Type.Number()),
  avgResolutionMinutes: Nullable(Type.Number()),
  slaBreached: Type.Integer(),
  compensation: Type.Array(Type.Object({ currency: Type.String(), cost: Type.Number() })),
});

export const MetricsView = Type.Object({
  groupBy: oneOf(METRIC_GROUPS),
  from: Timestamp,
  to: Timestamp,
  groups: Type.Array(MetricsRowView),
  total: MetricsRowView,
});

// ---------- silent detractors ----------

export const SilentDetractorsQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    locationId: Type.Optional(Id),
    from: Type.Optional(Type.String({ format: 'date-time', description: 'Answers from (default: 30 days before `to`)' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'Answers before (default: now)' })),
  },
  { additionalProperties: false },
);

export const SilentDetractorView = Type.Object({
  responseId: Type.String(),
  submittedAt: Timestamp,
  nps: Type.Integer(),
  csat: Nullable(Type.Integer()),
  comment: Nullable(Type.String()),
  locationId: Nullable(Type.String()),
  journeyKey: Nullable(Type.String()),
  momentKey: Nullable(Type.String()),
  visitId: Nullable(Type.String()),
  staffRef: Nullable(Type.String()),
  customerRef: Nullable(Type.String()),
  customerName: Nullable(Type.String()),
  customerEmail: Nullable(Type.String()),
  customerPhone: Nullable(Type.String()),
});

export const SilentDetractorsView = Type.Object({
  from: Timestamp,
  to: Timestamp,
  windowDays: Type.Integer({ description: 'A case of the same customer this many days before or after the answer counts as speaking up' }),
  byLocation: Type.Array(Type.Object({ locationId: Nullable(Type.String()), detractors: Type.Integer(), silent: Type.Integer() })),
  items: Type.Array(SilentDetractorView),
  nextCursor: Nullable(Type.String()),
});

