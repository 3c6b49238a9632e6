// The public face of the journeys room: what other rooms and the composition root may use.
export { registerJourneyRoutes } from './routes.ts';
export { findEffectiveMoment, findPublishedMoment, type PublishedMoment } from './store.ts';
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
