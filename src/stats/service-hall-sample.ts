import type { Cell } from './analyze-table.ts';

/** The moments of the sample telecom service-hall journey, in visit order. */
export const SERVICE_HALL_MOMENTS = ['arrive', 'queue', 'counter', 'leave'] as const;

/**
 * A deterministic synthetic table of service-hall visits for tests, examples and benchmarks (no
 * randomness from the environment: a linear congruential generator seeded by `seed`, Knuth TAOCP
 * vol. 2 §3.2.1). Header: visit, moment, nps (0–10), csat (1–5), ces (1–7, counter only), overall
 * (0–10, driven by the counter = peak and leave = end ratings), location, date (ISO, orders the moments).
 */
export function serviceHallSample(visits = 80, seed = 3): Cell[][] {
  let s = seed;
  const rand = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const rows: Cell[][] = [['visit', 'moment', 'nps', 'csat', 'ces', 'overall', 'location', 'date']];
  for (let v = 1; v <= visits; v++) {
    const csat = SERVICE_HALL_MOMENTS.map(() => 1 + Math.floor(rand() * 5));
    const overall = Math.max(0, Math.min(10, Math.round(0.9 * csat[2]! + 0.9 * csat[3]! + rand() * 2 - 1)));
    SERVICE_HALL_MOMENTS.forEach((moment, j) => {
      const nps = Math.min(10, Math.max(0, csat[j]! * 2 + Math.floor(rand() * 2) - 1));
      const day = String(1 + (v % 28)).padStart(2, '0');
      rows.push([`v${v}`, moment, nps, csat[j]!, moment === 'counter' ? 1 + Math.floor(rand() * 7) : null, overall, v % 2 ? 'North' : 'South', `2026-03-${day}T10:0${j}`]);
    });
  }
  return rows;
}
