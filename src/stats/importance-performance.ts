import { describe } from './validate.ts';

export type IpaQuadrant = 'fix-first' | 'keep-up' | 'low-priority' | 'overkill';

export interface IpaMoment {
  key: string;
  importance: number;
  performance: number;
  /** The performance split used for this moment: its target if given, else the mean performance. */
  performanceSplit: number;
  quadrant: IpaQuadrant;
}

export interface IpaResult {
  moments: IpaMoment[];
  /** Importance split: mean importance over the moments. */
  importanceSplit: number;
  /** Mean performance over the moments (the performance split for moments without a target). */
  meanPerformance: number;
}

function finiteRecord(name: string, value: unknown): Record<string, number> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new RangeError(`${name}: expected an object { moment: number }, got ${describe(value)}`);
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`${name}.${key}: expected a finite number, got ${describe(v)}`);
  }
  return value as Record<string, number>;
}

/**
 * Importance–performance analysis (IPA) of moments of truth.
 *
 * Each moment (a key of `drivers`) gets a quadrant from its importance (e.g. its relative weight on
 * the overall rating) and its performance (e.g. its mean score or CSAT):
 *   'fix-first'    importance ≥ split, performance < split  ("concentrate here")
 *   'keep-up'      importance ≥ split, performance ≥ split  ("keep up the good work")
 *   'low-priority' importance < split, performance < split
 *   'overkill'     importance < split, performance ≥ split  ("possible overkill")
 * Split points: importance — the mean importance of the moments; performance — the moment's target
 * (benchmark) when `targets` gives one (a number applies to all), else the mean performance.
 * Reference: J. A. Martilla & J. C. James (1977), "Importance-performance analysis", Journal of
 * Marketing 41(1):77–79; data-centred splits as in Bacon (2003), International Journal of Market
 * Research 45(1):55–71. Units: those of the inputs. Every driver needs a score (RangeError naming the
 * missing key); scores without a driver are ignored. Moments keep the order of `drivers`.
 */
export function importancePerformance(
  drivers: Record<string, number>,
  scores: Record<string, number>,
  targets?: Record<string, number> | number,
): IpaResult {
  const importance = finiteRecord('drivers', drivers);
  const performance = finiteRecord('scores', scores);
  const keys = Object.keys(importance);
  if (keys.length === 0) throw new RangeError('drivers: is empty; at least one moment is needed');
  let targetFor: (key: string) => number | undefined = () => undefined;
  if (typeof targets === 'number') {
    if (!Number.isFinite(targets)) throw new RangeError(`targets: expected a finite number, got ${describe(targets)}`);
    targetFor = () => targets;
  } else if (targets !== undefined) {
    const record = finiteRecord('targets', targets);
    targetFor = (key) => (Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined);
  }
  for (const key of keys) {
    if (!Object.prototype.hasOwnProperty.call(performance, key)) throw new RangeError(`scores.${key}: missing; every moment in drivers needs a performance score`);
  }
  const importanceSplit = keys.reduce((s, key) => s + importance[key]!, 0) / keys.length;
  const meanPerformance = keys.reduce((s, key) => s + performance[key]!, 0) / keys.length;
  const moments = keys.map((key): IpaMoment => {
    const imp = importance[key]!;
    const perf = performance[key]!;
    const split = targetFor(key) ?? meanPerformance;
    const high = imp >= importanceSplit;
    const good = perf >= split;
    const quadrant: IpaQuadrant = high ? (good ? 'keep-up' : 'fix-first') : good ? 'overkill' : 'low-priority';
    return { key, importance: imp, performance: perf, performanceSplit: split, quadrant };
  });
  return { moments, importanceSplit, meanPerformance };
}
