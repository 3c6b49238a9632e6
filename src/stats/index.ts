// keymoment/stats — the pure statistics of Keymoment: no I/O, no clock, nothing of ours imported.
// Formulas and references: docs/stats.md. Every function validates its input and throws a
// RangeError whose message starts with the name of the offending argument.

export { npsFromCounts, npsEstimate, type NpsCounts, type NpsEstimate, type NpsMethod, type NpsOptions, type NpsResult } from './nps-from-counts.ts';
export { countNpsAnswers } from './count-nps-answers.ts';
export { npsDifference, type NpsDifferenceResult } from './nps-difference.ts';
export { wilsonInterval, type ProportionEstimate } from './wilson-interval.ts';
export {
  combineSummaries,
  meanFromScores,
  meanFromSummary,
  summarizeScores,
  type MeanEstimate,
  type ScoreSummary,
} from './mean-from-summary.ts';
export { csatFromScores, csatFromSummary, summarizeCsat, type CsatResult, type CsatSummary, type RatingOptions } from './csat-from-scores.ts';
export { cesFromScores, cesFromSummary, easyThreshold, summarizeCes, type CesResult, type CesSummary } from './ces-from-scores.ts';
export {
  SERVQUAL_DIMENSIONS,
  servqualGaps,
  type ServqualDimension,
  type ServqualDimensionGap,
  type ServqualRatings,
  type ServqualResult,
} from './servqual-gaps.ts';
export { proportionDifferenceTest, type ProportionDifferenceResult, type ProportionSample } from './proportion-difference-test.ts';
export { meanDifferenceTest, welchTest, type MeanDifferenceResult, type WelchTestResult } from './mean-difference-test.ts';
export { correlationMatrix, pearsonCorrelation, type DataRows } from './correlation-matrix.ts';
export { linearRegression, type LinearRegressionResult } from './linear-regression.ts';
export { relativeWeights, type RelativeWeightsResult } from './relative-weights.ts';
export {
  bootstrapRelativeWeights,
  weightDifference,
  type BootstrapDifference,
  type BootstrapPredictor,
  type BootstrapRelativeWeightsOptions,
  type BootstrapRelativeWeightsResult,
} from './bootstrap-relative-weights.ts';
export { SHAPLEY_MAX_PREDICTORS, shapleyR2, type ShapleyR2Result } from './shapley-r2.ts';
export {
  peakEnd,
  type Episode,
  type EpisodeSummary,
  type PeakEndOptions,
  type PeakEndRegression,
  type PeakEndResult,
  type PeakRule,
  type ScaleSpec,
} from './peak-end.ts';
export { importancePerformance, type IpaMoment, type IpaQuadrant, type IpaResult } from './importance-performance.ts';
export {
  normalCdf,
  normalQuantile,
  studentTCdf,
  studentTQuantile,
  tCritical,
  twoSidedNormalP,
  twoSidedTP,
  zCritical,
} from './distributions.ts';
export {
  ANALYZE_COLUMNS,
  analyzeTable,
  type AnalyzeOptions,
  type AnalyzeResult,
  type Cell,
  type DriverMoment,
  type DriversResult,
  type GroupScores,
  type ParsedTable,
  type PeakEndSummary,
  type RatingColumn,
  type RowError,
} from './analyze-table.ts';
