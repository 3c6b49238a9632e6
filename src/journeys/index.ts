// The public face of the journeys room: what other rooms and the composition root may use.
export { listPublishedJourneyKeys } from './published-journey-keys.ts';
export { registerJourneyRoutes } from './routes.ts';
// The poster's fonts, typesetter and renderers, for other printed pages (the audits room's morning sheet).
export { loadPosterFonts, type PosterFonts } from './poster-fonts.ts';
export { Typesetter, type PosterItem, type PosterLayout } from './poster-layout.ts';
export { posterPdf, posterPng } from './poster.ts';
export { computeEffectiveBlueprint, effectiveBlueprintOfVersion, findEffectiveMoment, findJourney, findPublishedMoment, getBlueprintAt, listJourneys, type JourneyRow, type PublishedMoment } from './store.ts';
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
