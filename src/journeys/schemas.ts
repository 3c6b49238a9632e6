import { Type, type Static, type TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { LOCALES } from '../platform/locales.ts';
import { Nullable, oneOf, Timestamp } from '../platform/schema-types.ts';
import {
  CHANNELS,
  COMPARATORS,
  JOURNEY_FORMAT,
  KEY_MAX_LENGTH,
  KEY_PATTERN,
  METRICS,
  MOMENT_FLAGS,
  PROBLEM_CODES,
  STAGE_KINDS,
  type BenchmarkAdjustment,
  type BlueprintInput,
  type MomentInput,
  type OverrideInput,
  type Problem,
  type Stage,
  type TranslatableText,
} from './model.ts';

/*
 * Request and response schemas of the journeys room: one schema = validation + types + OpenAPI.
 * The blueprint schemas are also the written definition of the `keymoment.journey/v1` exchange
 * format (docs/journey-format.md); templates are checked against them when they are loaded.
 */


export const LocaleSchema = oneOf(LOCALES);
export const Key = Type.String({ pattern: KEY_PATTERN, maxLength: KEY_MAX_LENGTH, description: 'Lowercase slug, stable for ever (a–z, 0–9, - or _)' });

const TextValue = Type.String({ maxLength: 4000 });
export const TranslatableTextSchema = Type.Object(
  { en: Type.Optional(TextValue), 'zh-CN': Type.Optional(TextValue), 'zh-TW': Type.Optional(TextValue), ru: Type.Optional(TextValue), hu: Type.Optional(TextValue) },
  { additionalProperties: false, description: 'The same text in several languages; the journey’s fallback language must be filled.' },
);

const StageSchema = Type.Object(
  {
    key: Key,
    kind: oneOf(STAGE_KINDS, 'less_than_zero … ultimate are the <ZMOT, ZMOT, FMOT, SMOT and UMOT stages; custom needs a name'),
    name: Type.Optional(TranslatableTextSchema),
  },
  { additionalProperties: false },
);

const BenchmarkSchema = Type.Object(
  {
    metric: oneOf(METRICS),
    customKey: Type.Optional(Key),
    customName: Type.Optional(TranslatableTextSchema),
    comparator: oneOf(COMPARATORS, 'gte ≥, lte ≤, gt >, lt <, eq ='),
    value: Type.Number(),
    localMin: Type.Optional(Type.Number({ description: 'Lowest value a location may adjust the target to' })),
    localMax: Type.Optional(Type.Number({ description: 'Highest value a location may adjust the target to' })),
  },
  { additionalProperties: false },
);

const ActionStepSchema = Type.Object({ title: TranslatableTextSchema, detail: Type.Optional(TranslatableTextSchema) }, { additionalProperties: false });
const Texts = (maxItems: number) => Type.Optional(Type.Array(TranslatableTextSchema, { maxItems }));

const momentProperties = {
  key: Key,
  name: TranslatableTextSchema,
  description: Type.Optional(TranslatableTextSchema),
  stageKey: Key,
  channels: Type.Optional(Type.Array(oneOf(CHANNELS), { maxItems: CHANNELS.length })),
  flags: Type.Optional(Type.Array(oneOf(MOMENT_FLAGS), { maxItems: MOMENT_FLAGS.length })),
  coreNeeds: Texts(30),
  keyPoints: Texts(30),
  actionGuide: Type.Optional(Type.Array(ActionStepSchema, { maxItems: 40 })),
  responsibleRole: Type.Optional(TranslatableTextSchema),
  implementationNotes: Texts(30),
  benchmarks: Type.Optional(Type.Array(BenchmarkSchema, { maxItems: 20 })),
};
const MomentSchema = Type.Object(momentProperties, { additionalProperties: false });

const PurposeSchema = Type.Object(
  { key: Key, name: TranslatableTextSchema, description: Type.Optional(TranslatableTextSchema), peakMomentKeys: Type.Optional(Type.Array(Key, { maxItems: 300 })) },
  { additionalProperties: false },
);

const blueprintProperties = {
  stages: Type.Array(StageSchema, { maxItems: 30 }),
  moments: Type.Array(MomentSchema, { maxItems: 300 }),
  purposes: Type.Optional(Type.Array(PurposeSchema, { maxItems: 50 })),
};
export const BlueprintSchema = Type.Object(blueprintProperties, { additionalProperties: false, description: 'Stages, moments and visit purposes of one journey version.' });

/** The exchange format: export, import and the shipped templates. */
export const JourneyDocumentSchema = Type.Object(
  {
    format: Type.Literal(JOURNEY_FORMAT),
    key: Key,
    name: TranslatableTextSchema,
    description: Type.Optional(TranslatableTextSchema),
    fallbackLocale: LocaleSchema,
    ...blueprintProperties,
    exported: Type.Optional(
      Type.Object(
        { at: Type.String({ format: 'date-time' }), version: Type.Optional(Type.Integer({ minimum: 1, description: 'Absent when the draft was exported' })) },
        { additionalProperties: false, description: 'Where the file came from; ignored on import.' },
      ),
    ),
  },
  { additionalProperties: false, $id: 'JourneyDocument', description: 'A journey in the keymoment.journey/v1 exchange format.' },
);
export type JourneyDocument = Static<typeof JourneyDocumentSchema>;

const AdjustmentSchema = Type.Object(
  { momentKey: Key, metric: oneOf(METRICS), customKey: Type.Optional(Key), value: Type.Number() },
  { additionalProperties: false },
);
const AddedMomentSchema = Type.Object(
  { ...momentProperties, after: Type.Optional(Key) },
  { additionalProperties: false, description: 'A moment of this location, placed in its stage right after `after` (absent: first of the stage).' },
);
export const OverrideBodySchema = Type.Object(
  {
    baseVersion: Type.Optional(Type.Integer({ minimum: 1, description: 'The published version this override was made for; the latest when absent.' })),
    addedMoments: Type.Optional(Type.Array(AddedMomentSchema, { maxItems: 100 })),
    benchmarkAdjustments: Type.Optional(Type.Array(AdjustmentSchema, { maxItems: 500 })),
  },
  { additionalProperties: false },
);

// The schemas and the model's hand-written types must describe the same data.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type SchemasMatchModel = [
  Assert<Same<Static<typeof BlueprintSchema>, BlueprintInput>>,
  Assert<Same<Static<typeof StageSchema>, Stage>>,
  Assert<Same<Static<typeof MomentSchema>, MomentInput>>,
  Assert<Same<Static<typeof TranslatableTextSchema>, TranslatableText>>,
  Assert<Same<Static<typeof AdjustmentSchema>, BenchmarkAdjustment>>,
  Assert<Same<Omit<Static<typeof OverrideBodySchema>, 'baseVersion'>, OverrideInput>>,
];

/** Checks a value (a template file, an uploaded document) against a schema; issues name the dotted path. */
export function schemaProblems(schema: TSchema, value: unknown): Problem[] {
  if (Value.Check(schema, value)) return [];
  return Value.Errors(schema, value)
    // "schema is false" repeats an additionalProperties issue reported next to it.
    .filter((issue) => issue.keyword !== 'boolean')
    .map((issue) => {
      const path = issue.instancePath.split('/').filter(Boolean);
      const params = issue.params as Record<string, unknown>;
      if (issue.keyword === 'additionalProperties') {
        const extra = (params.additionalProperties as string[] | undefined)?.[0] ?? '';
        const field = [...path, extra].join('.');
        return { severity: 'error' as const, field, message: `${field} is not a known field` };
      }
      if (issue.keyword === 'required') {
        const missing = (params.requiredProperties as string[] | undefined)?.[0] ?? '';
        const field = [...path, missing].join('.');
        return { severity: 'error' as const, field, message: `${field} is required` };
      }
      const field = path.join('.') || '(document)';
      return { severity: 'error' as const, field, message: `${field} ${issue.message}` };
    });
}

// ---------- views ----------

export const ProblemView = Type.Object({
  severity: oneOf(['error', 'warning'] as const),
  field: Type.String(),
  message: Type.String({ description: 'In English' }),
  code: Type.Optional(oneOf(PROBLEM_CODES, 'The kind of problem, for wording it in another language (absent for rarer ones)')),
  params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]), { description: 'Values the message names' })),
});

export const JourneyView = Type.Object({
  journeyId: Type.String(),
  key: Type.String(),
  name: TranslatableTextSchema,
  description: Nullable(TranslatableTextSchema),
  fallbackLocale: LocaleSchema,
  templateKey: Nullable(Type.String({ description: 'The template the journey was created from' })),
  publishedVersion: Nullable(Type.Integer({ description: 'The latest published version; null before the first publish' })),
  publishedAt: Nullable(Timestamp),
  draftRevision: Type.Integer({ description: 'Goes up with every saved draft; send it back in If-Match to avoid overwriting someone else’s edit' }),
  hasUnpublishedChanges: Type.Boolean(),
  archivedAt: Nullable(Timestamp),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const DraftView = Type.Object({
  journeyKey: Type.String(),
  revision: Type.Integer(),
  blueprint: BlueprintSchema,
  updatedAt: Timestamp,
  updatedBy: Nullable(Type.String()),
  problems: Type.Array(ProblemView, { description: 'Errors block publishing; warnings are advice.' }),
});

export const VersionSummaryView = Type.Object({
  version: Type.Integer(),
  note: Nullable(Type.String()),
  fallbackLocale: LocaleSchema,
  momentCount: Type.Integer(),
  publishedAt: Timestamp,
  publishedBy: Nullable(Type.String()),
});

export const VersionView = Type.Object({ ...VersionSummaryView.properties, journeyKey: Type.String(), blueprint: BlueprintSchema });

const CollectionDiffView = Type.Object({
  added: Type.Array(Type.String()),
  removed: Type.Array(Type.String()),
  changed: Type.Array(Type.Object({ key: Type.String(), fields: Type.Array(Type.String()) })),
});
export const DiffView = Type.Object({
  journeyKey: Type.String(),
  from: Type.String({ description: 'A version number or "draft"' }),
  to: Type.String({ description: 'A version number or "draft"' }),
  identical: Type.Boolean(),
  stages: CollectionDiffView,
  moments: CollectionDiffView,
  purposes: CollectionDiffView,
});

export const OverrideView = Type.Object({
  journeyKey: Type.String(),
  locationId: Type.String(),
  baseVersion: Type.Integer(),
  addedMoments: Type.Array(AddedMomentSchema),
  benchmarkAdjustments: Type.Array(AdjustmentSchema),
  updatedAt: Timestamp,
  updatedBy: Nullable(Type.String()),
});

/** In effective blueprints a text is either all its languages or, with `?locale=`, the one string to show. */
const TextOut = Type.Union([Type.String(), TranslatableTextSchema]);
const EffectiveBenchmarkView = Type.Object({
  metric: oneOf(METRICS),
  customKey: Type.Optional(Type.String()),
  customName: Type.Optional(TextOut),
  comparator: oneOf(COMPARATORS),
  value: Type.Number(),
  localMin: Type.Optional(Type.Number()),
  localMax: Type.Optional(Type.Number()),
  baseValue: Type.Number({ description: 'The value before any location adjusted it' }),
  adjustedBy: Nullable(Type.String({ description: 'The location whose override set the value' })),
});
const EffectiveMomentView = Type.Object({
  key: Type.String(),
  origin: Type.String({ description: '"central", or the id of the location that added the moment' }),
  order: Type.Integer({ description: '1-based position in the journey' }),
  name: TextOut,
  description: Type.Optional(TextOut),
  stageKey: Type.String(),
  channels: Type.Array(oneOf(CHANNELS)),
  flags: Type.Array(oneOf(MOMENT_FLAGS)),
  coreNeeds: Type.Array(TextOut),
  keyPoints: Type.Array(TextOut),
  actionGuide: Type.Array(Type.Object({ title: TextOut, detail: Type.Optional(TextOut) })),
  responsibleRole: Type.Optional(TextOut),
  implementationNotes: Type.Array(TextOut),
  benchmarks: Type.Array(EffectiveBenchmarkView),
});
export const EffectiveView = Type.Object({
  journeyKey: Type.String(),
  locationId: Type.String(),
  version: Type.Integer({ description: 'The central version the blueprint is built on' }),
  locale: Nullable(LocaleSchema),
  fallbackLocale: LocaleSchema,
  appliedOverrides: Type.Array(Type.Object({ locationId: Type.String(), baseVersion: Type.Integer() }), { description: 'From the top of the location tree down' }),
  notices: Type.Array(Type.Object({ locationId: Type.String(), field: Type.String(), message: Type.String() }), {
    description: 'Parts of overrides that do not fit this central version and were skipped',
  }),
  stages: Type.Array(Type.Object({ key: Type.String(), kind: oneOf(STAGE_KINDS), displayName: TextOut })),
  moments: Type.Array(EffectiveMomentView),
  purposes: Type.Array(Type.Object({ key: Type.String(), name: TextOut, description: Type.Optional(TextOut), peakMomentKeys: Type.Array(Type.String()) })),
});

export const TemplateSummaryView = Type.Object({
  key: Type.String(),
  name: Type.String(),
  description: Type.String(),
  locale: LocaleSchema,
  stageCount: Type.Integer(),
  momentCount: Type.Integer(),
  purposeCount: Type.Integer(),
});
