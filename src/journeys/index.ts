// The public face of the journeys room: what other rooms and the composition root may use.
export { listPublishedJourneyKeys } from './published-journey-keys.ts';
export { registerJourneyRoutes } from './routes.ts';
export { findEffectiveMoment, findJourney, findPublishedMoment, getBlueprintAt, listJourneys, type JourneyRow, type PublishedMoment } from './store.ts';
export {
  CHANNELS,
  COMPARATORS,
  METRICS,
  MOMENT_FLAGS,
  STAGE_KINDS,
  resolveText,
  type Benchmark,
  type Blueprint,
  type Channel,
  type EffectiveBlueprint,
  type EffectiveMoment,
  type LocalisedBlueprint,
  type Metric,
  type Moment,
  type MomentFlag,
  type Stage,
  type StageKind,
  type TranslatableText,
  type VisitPurpose,
} from './model.ts';
