import type { NpsCounts } from './nps-from-counts.ts';
import { describe } from './validate.ts';

/**
 * Counts answers of the 0–10 "How likely are you to recommend …" question into the three NPS groups:
 * detractors 0–6, passives 7–8, promoters 9–10 (Reichheld 2003, Harvard Business Review 81(12):46–54).
 * Every value must be an integer from 0 to 10, else a RangeError names its position. An empty array
 * gives zero counts (npsFromCounts then refuses n = 0).
 */
export function countNpsAnswers(scores: readonly number[]): NpsCounts {
  if (!Array.isArray(scores)) throw new RangeError(`scores: expected an array of 0–10 answers, got ${describe(scores)}`);
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  for (let i = 0; i < scores.length; i++) {
    const s: unknown = scores[i];
    if (typeof s !== 'number' || !Number.isInteger(s) || s < 0 || s > 10) {
      throw new RangeError(`scores[${i}]: ${describe(s)} is not an NPS answer (an integer from 0 to 10)`);
    }
    if (s >= 9) promoters++;
    else if (s >= 7) passives++;
    else detractors++;
  }
  return { promoters, passives, detractors };
}
