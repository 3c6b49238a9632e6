import { crossProducts } from './correlation-matrix.ts';
import { linearRegression } from './linear-regression.ts';
import { describe } from './validate.ts';

export type PeakRule = 'max' | 'min' | 'extreme';

/** One visit: the moment scores in the order the customer lived them, and optionally an overall rating. */
export interface Episode {
  scores: readonly number[];
  overall?: number | null;
}

/** The rating scale of the moment scores: a number N means 1…N; or explicit bounds (e.g. 0…10). */
export type ScaleSpec = number | { min: number; max: number };

export interface PeakEndOptions {
  scale: ScaleSpec;
  /** Which moment is the peak: the best ('max'), the worst ('min') or the most intense ('extreme', default). */
  peak?: PeakRule;
}

export interface EpisodeSummary {
  /** The peak score (see PeakRule). */
  peak: number;
  /** Position of the peak moment in the episode (first occurrence; for 'extreme' ties the lower score wins). */
  peakIndex: number;
  /** The last score. */
  end: number;
  /** Arithmetic mean of the scores. */
  mean: number;
  /** (peak + end)/2. */
  peakEnd: number;
  overall: number | null;
}

export interface PeakEndRegression {
  /** Coefficients of overall ~ peak + end + mean, in the order intercept, peak, end, mean. */
  terms: ['intercept', 'peak', 'end', 'mean'];
  coefficients: number[];
  standardErrors: number[];
  pValues: number[];
  rSquared: number;
  adjustedRSquared: number;
  n: number;
}

export interface PeakEndResult {
  episodes: EpisodeSummary[];
  /** Number of episodes with an overall rating (used for the correlations and the regression). */
  n: number;
  /** Pearson correlation of the overall rating with the peak–end value; null if undefined (n < 3 or no variance). */
  correlationPeakEnd: number | null;
  /** Pearson correlation of the overall rating with the plain mean; null if undefined. */
  correlationMean: number | null;
  /** OLS overall ~ peak + end + mean; null when it cannot be estimated (see `regressionNote`). */
  regression: PeakEndRegression | null;
  regressionNote: string | null;
  peakRule: PeakRule;
  scale: { min: number; max: number };
}

function resolveScale(scale: unknown): { min: number; max: number } {
  if (typeof scale === 'number') {
    if (!Number.isFinite(scale) || scale <= 1) throw new RangeError(`options.scale: expected the highest answer (> 1) of a 1…N scale, got ${describe(scale)}`);
    return { min: 1, max: scale };
  }
  if (typeof scale === 'object' && scale !== null) {
    const { min, max } = scale as { min: unknown; max: unknown };
    if (typeof min === 'number' && typeof max === 'number' && Number.isFinite(min) && Number.isFinite(max) && min < max) return { min, max };
  }
  throw new RangeError(`options.scale: expected N (for 1…N) or { min, max } with min < max, got ${describe(scale)}`);
}

function correlationOrNull(x: number[], y: number[]): number | null {
  if (x.length < 3) return null;
  try {
    const { correlation } = crossProducts(x.map((v) => [v]), y);
    return correlation[1]!;
  } catch {
    return null; // a sample without variance
  }
}

/**
 * The peak–end rule applied to customer journeys.
 *
 * Per episode (one visit: its ordered moment scores): peak = the best score ('max'), the worst ('min')
 * or the most intense, i.e. farthest from the scale midpoint ('extreme'; a tie between an equally
 * intense good and bad moment goes to the bad one, as negative events weigh more — Baumeister et al.
 * 2001, Review of General Psychology 5(4):323–370); end = the last score; mean = arithmetic mean;
 * peakEnd = (peak + end)/2.
 * Across episodes with an overall rating: Pearson r(overall, peakEnd) vs r(overall, mean), and the OLS
 * regression overall ~ peak + end + mean (coefficients, standard errors, R²) — the test of whether
 * remembered evaluations follow peak and end rather than the average.
 * References: B. L. Fredrickson & D. Kahneman (1993), "Duration neglect in retrospective evaluations of
 * affective episodes", J. Personality and Social Psychology 65(1):45–55; D. A. Redelmeier &
 * D. Kahneman (1996), "Patients' memories of painful medical treatments", Pain 66(1):3–8; D. Kahneman
 * et al. (1993), "When more pain is preferred to less: adding a better end", Psychological Science 4(6).
 * Units: those of the scale. RangeError for an empty episode list, an empty episode, or a score outside
 * the scale (naming episodes[i].scores[j]). The regression is null (with a note) when there are fewer
 * than 5 rated episodes or peak, end and mean are collinear (e.g. every visit has one moment).
 */
export function peakEnd(episodes: readonly Episode[], options: PeakEndOptions): PeakEndResult {
  if (!Array.isArray(episodes) || episodes.length === 0) throw new RangeError('episodes: is empty; at least one episode is needed');
  if (typeof options !== 'object' || options === null) throw new RangeError('options: expected { scale, peak? }');
  const scale = resolveScale(options.scale);
  const rule = options.peak ?? 'extreme';
  if (rule !== 'max' && rule !== 'min' && rule !== 'extreme') throw new RangeError(`options.peak: expected 'max', 'min' or 'extreme', got ${describe(rule)}`);
  const midpoint = (scale.min + scale.max) / 2;
  const summaries: EpisodeSummary[] = episodes.map((episode, i) => {
    if (typeof episode !== 'object' || episode === null || !Array.isArray(episode.scores)) {
      throw new RangeError(`episodes[${i}]: expected { scores: number[], overall? }`);
    }
    const scores = episode.scores;
    if (scores.length === 0) throw new RangeError(`episodes[${i}].scores: is empty; an episode needs at least one moment score`);
    let peakIndex = 0;
    let sum = 0;
    for (let j = 0; j < scores.length; j++) {
      const s: unknown = scores[j];
      if (typeof s !== 'number' || !Number.isFinite(s) || s < scale.min || s > scale.max) {
        throw new RangeError(`episodes[${i}].scores[${j}]: ${describe(s)} is outside the scale ${scale.min}–${scale.max}`);
      }
      sum += s;
      const best = scores[peakIndex]!;
      if (rule === 'max' ? s > best : rule === 'min' ? s < best : isMoreIntense(s, best, midpoint)) peakIndex = j;
    }
    const overall: unknown = episode.overall;
    if (overall !== undefined && overall !== null && (typeof overall !== 'number' || !Number.isFinite(overall))) {
      throw new RangeError(`episodes[${i}].overall: expected a finite number or null, got ${describe(overall)}`);
    }
    const peak = scores[peakIndex]!;
    const end = scores[scores.length - 1]!;
    return { peak, peakIndex, end, mean: sum / scores.length, peakEnd: (peak + end) / 2, overall: typeof overall === 'number' ? overall : null };
  });
  const rated = summaries.filter((e) => e.overall !== null);
  const overall = rated.map((e) => e.overall!);
  let regression: PeakEndRegression | null = null;
  let regressionNote: string | null = null;
  if (rated.length < 5) {
    regressionNote = `needs at least 5 episodes with an overall rating, got ${rated.length}`;
  } else {
    try {
      const fit = linearRegression(
        rated.map((e) => [e.peak, e.end, e.mean]),
        overall,
      );
      regression = {
        terms: ['intercept', 'peak', 'end', 'mean'],
        coefficients: fit.coefficients,
        standardErrors: fit.standardErrors,
        pValues: fit.pValues,
        rSquared: fit.rSquared,
        adjustedRSquared: fit.adjustedRSquared,
        n: fit.n,
      };
    } catch (error) {
      regressionNote = error instanceof RangeError ? error.message.replace(/^X: /, 'peak, end and mean: ') : String(error);
    }
  }
  return {
    episodes: summaries,
    n: rated.length,
    correlationPeakEnd: correlationOrNull(rated.map((e) => e.peakEnd), overall),
    correlationMean: correlationOrNull(rated.map((e) => e.mean), overall),
    regression,
    regressionNote,
    peakRule: rule,
    scale,
  };
}

function isMoreIntense(candidate: number, current: number, midpoint: number): boolean {
  const a = Math.abs(candidate - midpoint);
  const b = Math.abs(current - midpoint);
  return a > b || (a === b && candidate < current);
}
