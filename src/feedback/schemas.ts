import { Type, type Static, type TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { CHANNELS } from '../journeys/index.ts';
import { LOCALES } from '../platform/locales.ts';
import { Nullable, oneOf, Timestamp } from '../platform/schema-types.ts';
import {
  CONDITION_OPERATORS,
  KEY_MAX_LENGTH,
  KEY_PATTERN,
  QUESTION_TYPES,
  SERVQUAL_DIMENSIONS,
  SURVEY_CHANNELS,
  SURVEY_KINDS,
  type Condition,
  type QuestionInput,
  type SurveyDefinitionInput,
  type TranslatableText,
} from './model.ts';

/* Request and response schemas of the feedback room: one schema = validation + types + OpenAPI. */

export const LocaleSchema = oneOf(LOCALES);
export const Key = Type.String({ pattern: KEY_PATTERN, maxLength: KEY_MAX_LENGTH, description: 'Lowercase slug (a–z, 0–9, - or _)' });
const ExternalId = (description: string) => Type.String({ minLength: 1, maxLength: 200, description });
const DateTime = (description: string) => Type.String({ format: 'date-time', description });

const TextValue = Type.String({ maxLength: 4000 });
export const TranslatableTextSchema = Type.Object(
  { en: Type.Optional(TextValue), 'zh-CN': Type.Optional(TextValue), 'zh-TW': Type.Optional(TextValue), ru: Type.Optional(TextValue), hu: Type.Optional(TextValue) },
  { additionalProperties: false, description: 'The same text in several languages; the survey’s fallback language must be filled.' },
);

// ---------- survey definitions ----------

const ConditionValue = Type.Union([Type.Number(), Type.String({ maxLength: 64 }), Type.Boolean()]);
const ConditionSchema = Type.Object(
  {
    questionId: Key,
    operator: oneOf(CONDITION_OPERATORS, 'equals / not_equals (a multiple choice: contains / does not contain), in (one of a list), gte ≥, lte ≤, answered'),
    value: Type.Optional(Type.Union([ConditionValue, Type.Array(ConditionValue, { maxItems: 50 })])),
  },
  { additionalProperties: false },
);

const OptionSchema = Type.Object({ id: Key, label: TranslatableTextSchema }, { additionalProperties: false });

const Dimension = oneOf(SERVQUAL_DIMENSIONS);
const QuestionSchema = Type.Object(
  {
    id: Key,
    type: oneOf(QUESTION_TYPES, 'nps 0–10, csat 1–5, ces 1–7, moment_rating 1–5 (a named moment), servqual grid 1–7, single_choice, multiple_choice, text, consent (to be contacted)'),
    title: TranslatableTextSchema,
    help: Type.Optional(TranslatableTextSchema),
    required: Type.Optional(Type.Boolean({ default: false })),
    showIf: Type.Optional(Type.Array(ConditionSchema, { maxItems: 10, description: 'Shown only when every condition on earlier answers holds' })),
    lowLabel: Type.Optional(TranslatableTextSchema),
    highLabel: Type.Optional(TranslatableTextSchema),
    journeyKey: Type.Optional(Key),
    momentKey: Type.Optional(Key),
    dimensions: Type.Optional(Type.Array(Dimension, { maxItems: 5 })),
    expectation: Type.Optional(Type.Boolean({ description: 'Also ask what the customer expected (gap = perception − expectation)' })),
    statements: Type.Optional(
      Type.Object(
        {
          tangibles: Type.Optional(TranslatableTextSchema),
          reliability: Type.Optional(TranslatableTextSchema),
          responsiveness: Type.Optional(TranslatableTextSchema),
          assurance: Type.Optional(TranslatableTextSchema),
          empathy: Type.Optional(TranslatableTextSchema),
        },
        { additionalProperties: false },
      ),
    ),
    options: Type.Optional(Type.Array(OptionSchema, { maxItems: 50 })),
    minSelected: Type.Optional(Type.Integer({ minimum: 0, maximum: 50 })),
    maxSelected: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
    multiline: Type.Optional(Type.Boolean()),
    maxLength: Type.Optional(Type.Integer({ minimum: 1, maximum: 4000 })),
  },
  { additionalProperties: false, description: 'One question; the fields after showIf apply to particular types.' },
);

export const SurveyDefinitionSchema = Type.Object(
  {
    kind: oneOf(SURVEY_KINDS, 'transactional: about one moment or visit; relationship: about the whole relationship'),
    about: Type.Optional(
      Type.Object({ journeyKey: Key, momentKey: Type.Optional(Key) }, { additionalProperties: false, description: 'The journey (and moment) a transactional survey is about' }),
    ),
    title: TranslatableTextSchema,
    intro: Type.Optional(TranslatableTextSchema),
    thankYou: Type.Optional(TranslatableTextSchema),
    questions: Type.Array(QuestionSchema, { maxItems: 100 }),
  },
  { additionalProperties: false, $id: 'SurveyDefinition', description: 'A survey: its kind, what it is about, and its questions.' },
);

export const ProblemView = Type.Object({ severity: oneOf(['error', 'warning'] as const), field: Type.String(), message: Type.String() });

export const SurveyView = Type.Object({
  surveyId: Type.String(),
  key: Type.String(),
  name: TranslatableTextSchema,
  kind: oneOf(SURVEY_KINDS),
  fallbackLocale: LocaleSchema,
  publishedVersion: Nullable(Type.Integer()),
  publishedAt: Nullable(Timestamp),
  draftRevision: Type.Integer({ description: 'Send it back in If-Match to avoid overwriting someone else’s edit' }),
  hasUnpublishedChanges: Type.Boolean(),
  archivedAt: Nullable(Timestamp),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const SurveyVersionSummaryView = Type.Object({
  version: Type.Integer(),
  note: Nullable(Type.String()),
  fallbackLocale: LocaleSchema,
  questionCount: Type.Integer(),
  publishedAt: Timestamp,
  publishedBy: Nullable(Type.String()),
});

// ---------- links and invitations ----------

export const LinkBody = Type.Object(
  {
    label: Type.Optional(Type.String({ maxLength: 200, description: 'Where the link is used ("QR on counter 3")' })),
    channel: Type.Optional(oneOf(SURVEY_CHANNELS)),
    locationId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    locationCode: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    journeyKey: Type.Optional(Key),
    momentKey: Type.Optional(Key),
    locale: Type.Optional(LocaleSchema),
    expiresAt: Type.Optional(DateTime('Absent: valid until revoked')),
  },
  { additionalProperties: false },
);

export const LinkView = Type.Object({
  linkId: Type.String(),
  surveyKey: Type.String(),
  label: Nullable(Type.String()),
  channel: oneOf(SURVEY_CHANNELS),
  locationId: Nullable(Type.String()),
  journeyKey: Nullable(Type.String()),
  momentKey: Nullable(Type.String()),
  locale: Nullable(LocaleSchema),
  expiresAt: Nullable(Timestamp),
  revokedAt: Nullable(Timestamp),
  createdAt: Timestamp,
  token: Type.String(),
  url: Type.String({ description: 'The public survey page' }),
});

export const InvitationBody = Type.Object(
  {
    externalId: Type.Optional(ExternalId('Your id for this invitation: a retry with the same id returns the same invitation (200) instead of a new one')),
    channel: Type.Optional(oneOf(SURVEY_CHANNELS)),
    version: Type.Optional(Type.Integer({ minimum: 1, description: 'A published version; the latest when absent' })),
    locale: Type.Optional(LocaleSchema),
    interactionId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    interactionExternalId: Type.Optional(ExternalId('The interaction by the sender’s id; its moment, location, staff, visit and customer fill the context')),
    journeyKey: Type.Optional(Key),
    momentKey: Type.Optional(Key),
    locationId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    locationCode: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    staffId: Type.Optional(ExternalId('The business’s staff identifier')),
    visitId: Type.Optional(ExternalId('Groups the moments of one visit')),
    customerExternalId: Type.Optional(ExternalId('A customer already sent with an interaction')),
    expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365, default: 30 })),
  },
  { additionalProperties: false },
);

const ContextView = Type.Object({
  interactionId: Nullable(Type.String()),
  journeyKey: Nullable(Type.String()),
  momentKey: Nullable(Type.String()),
  locationId: Nullable(Type.String()),
  staffId: Nullable(Type.String()),
  visitId: Nullable(Type.String()),
  customerId: Nullable(Type.String()),
});

export const InvitationView = Type.Object({
  invitationId: Type.String(),
  externalId: Nullable(Type.String()),
  surveyKey: Type.String(),
  version: Type.Integer(),
  channel: oneOf(SURVEY_CHANNELS),
  locale: Nullable(LocaleSchema),
  context: ContextView,
  expiresAt: Timestamp,
  submittedAt: Nullable(Timestamp),
  createdAt: Timestamp,
  token: Type.String(),
  url: Type.String(),
});

// ---------- answers ----------

const Rating = Type.Integer({ minimum: 0, maximum: 10 });
const Ratings = Type.Object(
  {
    tangibles: Type.Optional(Rating),
    reliability: Type.Optional(Rating),
    responsiveness: Type.Optional(Rating),
    assurance: Type.Optional(Rating),
    empathy: Type.Optional(Rating),
  },
  { additionalProperties: false },
);
export const AnswerSchema = Type.Union([
  Type.Number(),
  Type.String({ maxLength: 4000 }),
  Type.Boolean(),
  Type.Array(Type.String({ maxLength: 64 }), { maxItems: 50 }),
  Type.Object({ perception: Ratings, expectation: Type.Optional(Ratings) }, { additionalProperties: false }),
]);
export const AnswersSchema = Type.Record(Type.String({ maxLength: 64 }), AnswerSchema, {
  maxProperties: 200,
  description:
    'By question id: a number (scales), an option id (single choice), a list of option ids (multiple choice), text, true/false (consent), ' +
    'or { perception: { tangibles: 1–7, … }, expectation? } (SERVQUAL).',
});

// ---------- ingest ----------

const CustomerSchema = Type.Object(
  {
    externalId: ExternalId('The business’s customer id; customers are upserted by it'),
    name: Type.Optional(Type.String({ maxLength: 200 })),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
    phone: Type.Optional(Type.String({ maxLength: 40, pattern: '^\\+?[0-9 ()./-]{3,40}$' })),
    locale: Type.Optional(Type.String({ maxLength: 35, pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$', description: 'BCP 47, e.g. zh-TW, hu' })),
    attributes: Type.Optional(
      Type.Record(Type.String({ maxLength: 64 }), Type.Union([Type.String({ maxLength: 500 }), Type.Number(), Type.Boolean(), Type.Null()]), { maxProperties: 50 }),
    ),
  },
  { additionalProperties: false },
);

export const InteractionInputSchema = Type.Object(
  {
    externalId: ExternalId('The sender’s id of this interaction: a retry with the same id returns the stored one'),
    momentKey: Key,
    journeyKey: Type.Optional(Key),
    visitId: Type.Optional(ExternalId('Groups the moments of one visit or episode')),
    occurredAt: DateTime('When the moment happened (ISO 8601 with offset)'),
    locationCode: Type.String({ minLength: 1, maxLength: 64, description: 'The location’s business code (locations.code)' }),
    staffId: Type.Optional(ExternalId('The business’s staff identifier')),
    channel: oneOf(CHANNELS),
    customer: CustomerSchema,
    metrics: Type.Optional(
      Type.Object(
        { waitSeconds: Type.Optional(Type.Number({ minimum: 0, maximum: 10_000_000 })), handleSeconds: Type.Optional(Type.Number({ minimum: 0, maximum: 10_000_000 })) },
        { additionalProperties: false },
      ),
    ),
    outcome: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'The business’s outcome code (resolved, sale, complaint…)' })),
  },
  { additionalProperties: false, $id: 'InteractionInput' },
);
export type InteractionInput = Static<typeof InteractionInputSchema>;

export const ResponseInputSchema = Type.Object(
  {
    externalId: ExternalId('The sender’s id of this response: a retry with the same id returns the stored one'),
    surveyKey: Key,
    surveyVersion: Type.Optional(Type.Integer({ minimum: 1, description: 'The published version the answers belong to; the latest when absent' })),
    submittedAt: DateTime('When the customer answered'),
    answers: AnswersSchema,
    channel: oneOf(SURVEY_CHANNELS),
    locale: Type.Optional(LocaleSchema),
    interactionExternalId: Type.Optional(ExternalId('The interaction the answers are about; its moment, location, staff, visit and customer fill the gaps')),
    journeyKey: Type.Optional(Key),
    momentKey: Type.Optional(Key),
    locationCode: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    staffId: Type.Optional(ExternalId('The business’s staff identifier')),
    visitId: Type.Optional(ExternalId('Groups the moments of one visit')),
    customer: Type.Optional(CustomerSchema),
  },
  { additionalProperties: false, $id: 'ResponseInput' },
);
export type ResponseInput = Static<typeof ResponseInputSchema>;

export const MAX_BATCH = 10_000;

/** A batch body: one object or an array; the items are checked one by one, so one bad item spoils nothing. */
export function batchBodySchema<T extends TSchema>(ref: string) {
  return Type.Union([Type.Unsafe<Static<T>>({ $ref: ref }), Type.Array(Type.Unsafe<Static<T>>({ $ref: ref }), { minItems: 1, maxItems: MAX_BATCH })], {
    description: `One ${ref} or an array of up to ${MAX_BATCH.toLocaleString('en')}`,
  });
}

export const BatchItemError = Type.Object({ index: Type.Integer(), field: Type.String(), message: Type.String() });
export const BatchResultView = Type.Object({
  received: Type.Integer(),
  created: Type.Integer(),
  existing: Type.Integer(),
  failed: Type.Integer(),
  items: Type.Array(
    Type.Object({
      index: Type.Integer(),
      status: oneOf(['created', 'existing', 'failed'] as const),
      externalId: Nullable(Type.String()),
      id: Nullable(Type.String({ description: 'The stored record’s id (also for "existing")' })),
    }),
  ),
  errors: Type.Array(BatchItemError, { description: 'Every problem of the failed items, naming the item’s index and field' }),
});

export const InteractionView = Type.Object({
  interactionId: Type.String(),
  externalId: Type.String(),
  journeyKey: Type.String(),
  journeyVersion: Type.Integer(),
  momentKey: Type.String(),
  visitId: Nullable(Type.String()),
  occurredAt: Timestamp,
  locationId: Type.String(),
  staffId: Nullable(Type.String()),
  channel: oneOf(CHANNELS),
  customer: Type.Object({ customerId: Type.String(), externalId: Type.String() }),
  metrics: Type.Object({ waitSeconds: Nullable(Type.Number()), handleSeconds: Nullable(Type.Number()) }),
  outcome: Nullable(Type.String()),
  createdAt: Timestamp,
});

export const ResponseView = Type.Object({
  responseId: Type.String(),
  externalId: Nullable(Type.String()),
  invitationId: Nullable(Type.String()),
  surveyKey: Type.String(),
  surveyVersion: Type.Integer(),
  journeyKey: Nullable(Type.String()),
  momentKey: Nullable(Type.String()),
  journeyVersion: Nullable(Type.Integer()),
  interactionId: Nullable(Type.String()),
  visitId: Nullable(Type.String()),
  locationId: Nullable(Type.String()),
  staffId: Nullable(Type.String()),
  customer: Nullable(Type.Object({ customerId: Type.String(), externalId: Type.String() })),
  channel: oneOf(SURVEY_CHANNELS),
  locale: Nullable(Type.String()),
  answers: AnswersSchema,
  nps: Nullable(Type.Integer()),
  csat: Nullable(Type.Integer()),
  ces: Nullable(Type.Integer()),
  comment: Nullable(Type.String()),
  consent: Nullable(Type.Boolean()),
  source: oneOf(['page', 'api'] as const),
  submittedAt: Timestamp,
  createdAt: Timestamp,
});

const Score = (max: number) => Type.Optional(Type.Integer({ minimum: 0, maximum: max }));
export const ResponseFilterQuery = Type.Object(
  {
    surveyKey: Type.Optional(Key),
    journeyKey: Type.Optional(Key),
    momentKey: Type.Optional(Key),
    locationId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'This location and everything under it' })),
    staffId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    visitId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    channel: Type.Optional(oneOf(SURVEY_CHANNELS)),
    from: Type.Optional(DateTime('Submitted at or after')),
    to: Type.Optional(DateTime('Submitted before')),
    hasComment: Type.Optional(Type.Boolean()),
    npsMin: Score(10),
    npsMax: Score(10),
    csatMin: Score(5),
    csatMax: Score(5),
    cesMin: Score(7),
    cesMax: Score(7),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Words or a phrase to find in the comments' })),
  },
  { additionalProperties: false },
);
export type ResponseFilterQuery = Static<typeof ResponseFilterQuery>;

// ---------- the public survey API ----------

const LocalisedQuestionView = Type.Object({
  id: Type.String(),
  type: oneOf(QUESTION_TYPES),
  title: Type.String(),
  help: Nullable(Type.String()),
  required: Type.Boolean(),
  showIf: Type.Array(ConditionSchema),
  scale: Nullable(Type.Object({ min: Type.Integer(), max: Type.Integer(), lowLabel: Type.String(), highLabel: Type.String() })),
  momentKey: Nullable(Type.String()),
  journeyKey: Nullable(Type.String()),
  statements: Nullable(Type.Array(Type.Object({ dimension: Dimension, text: Type.String() }))),
  expectation: Type.Boolean(),
  options: Nullable(Type.Array(Type.Object({ id: Type.String(), label: Type.String() }))),
  minSelected: Nullable(Type.Integer()),
  maxSelected: Nullable(Type.Integer()),
  multiline: Type.Boolean(),
  maxLength: Nullable(Type.Integer()),
});

export const PublicSurveyView = Type.Object({
  token: Type.String({ description: 'Save and submit with this token (a public link starts a new respondent’s own token)' }),
  status: oneOf(['open', 'submitted'] as const),
  locale: LocaleSchema,
  languages: Type.Array(LocaleSchema, { description: 'Languages the survey’s title is written in' }),
  organization: Type.String(),
  expiresAt: Timestamp,
  survey: Type.Object({
    key: Type.String(),
    version: Type.Integer(),
    kind: oneOf(SURVEY_KINDS),
    title: Type.String(),
    intro: Nullable(Type.String()),
    thankYou: Nullable(Type.String()),
    questions: Type.Array(LocalisedQuestionView),
  }),
  answers: AnswersSchema,
});

export const PublicAnswersBody = Type.Object({ answers: AnswersSchema }, { additionalProperties: false });
export const PublicSaveView = Type.Object({ token: Type.String(), savedAt: Timestamp, answers: AnswersSchema });
export const PublicSubmitBody = Type.Object({ answers: Type.Optional(AnswersSchema) }, { additionalProperties: false });
export const PublicSubmitView = Type.Object({ responseId: Type.String(), submittedAt: Timestamp, thankYou: Type.String() });

// ---------- item checking for batches ----------

export interface ItemError {
  field: string;
  message: string;
}

/** A compiled checker for one batch item: its problems with dotted field paths (first per field). */
export function itemChecker(schema: TSchema): (value: unknown) => ItemError[] {
  const validator = Compile(schema);
  return (value) => {
    if (validator.Check(value)) return [];
    const seen = new Set<string>();
    const errors: ItemError[] = [];
    for (const issue of validator.Errors(value)) {
      // "schema is false" repeats an additionalProperties issue reported next to it.
      if (issue.keyword === 'boolean') continue;
      const path = issue.instancePath.split('/').filter(Boolean);
      const params = issue.params as Record<string, unknown>;
      let field = path.join('.');
      let message: string;
      if (issue.keyword === 'additionalProperties') {
        field = [...path, (params.additionalProperties as string[] | undefined)?.[0] ?? ''].join('.');
        message = `${field} is not a known field`;
      } else if (issue.keyword === 'required') {
        field = [...path, (params.requiredProperties as string[] | undefined)?.[0] ?? ''].join('.');
        message = `${field} is required`;
      } else {
        field ||= '(item)';
        message = `${field} ${issue.message}`;
      }
      if (seen.has(field)) continue;
      seen.add(field);
      errors.push({ field, message });
    }
    return errors;
  };
}

// The schemas and the model's hand-written types must describe the same data.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type SchemasMatchModel = [
  Assert<Same<Static<typeof TranslatableTextSchema>, TranslatableText>>,
  Assert<Same<Static<typeof ConditionSchema>, Condition>>,
  Assert<Same<Static<typeof QuestionSchema>, QuestionInput>>,
  Assert<Same<Static<typeof SurveyDefinitionSchema>, SurveyDefinitionInput>>,
];
