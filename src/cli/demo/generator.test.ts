import { describe, expect, it } from 'vitest';
import { DEMO_COMMENTS, DEMO_LOCALES } from './data.ts';
import {
  createRandom,
  DEMO_IMPROVING_OUTLET,
  DEMO_STRONG_MOMENT,
  DEMO_WEAK_MOMENT,
  demoWorld,
  followUpsOf,
  generateDays,
  utcOffsetMinutes,
  type GeneratedDay,
} from './generator.ts';

/*
 * The demo's story must be in its numbers, or the insights have nothing true to show: a weak
 * moment, a strong peak, an improving outlet, weekday effects, peak–end visits, comments in five
 * languages — and the same seed must give the same data.
 */

const START = new Date(Date.UTC(2025, 10, 1));
const DAYS = 365;

function year(seed = 42, scale = 1): GeneratedDay[] {
  return [...generateDays(demoWorld(seed), { seed, start: START, days: DAYS, scale })];
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
function correlation(x: number[], y: number[]): number {
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  x.forEach((value, i) => {
    sxy += (value - mx) * (y[i]! - my);
    sxx += (value - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
}

const days = year();
const interactions = days.flatMap((day) => day.interactions);
const responses = days.flatMap((day) => day.responses);
const interactionById = new Map(interactions.map((item) => [item.externalId, item]));
const csatBy = (filter: (momentKey: string, outlet: string, at: Date) => boolean) =>
  responses
    .filter((r) => r.interactionExternalId && typeof r.answers.csat === 'number')
    .filter((r) => {
      const item = interactionById.get(r.interactionExternalId!)!;
      return filter(item.momentKey, item.locationCode, new Date(item.occurredAt));
    })
    .map((r) => r.answers.csat as number);

describe('the demo generator', () => {
  it('is deterministic per seed and different across seeds', () => {
    const three = (seed: number) => JSON.stringify([...generateDays(demoWorld(seed), { seed, start: START, days: 3, scale: 1 })]);
    // Compared as booleans: a failing diff of a whole generated day would flood the output.
    expect(three(42) === three(42)).toBe(true);
    expect(three(42) === three(43)).toBe(false);
    const random = createRandom(1);
    expect([random.next(), random.next()]).toEqual((() => { const again = createRandom(1); return [again.next(), again.next()]; })());
  });

  it('has realistic volumes: about 110,000 interactions a year at scale 1, unique ids, nothing in the future', () => {
    expect(interactions.length).toBeGreaterThan(90_000);
    expect(interactions.length).toBeLessThan(160_000);
    expect(responses.length / interactions.length).toBeGreaterThan(0.1);
    expect(new Set(interactions.map((item) => item.externalId)).size).toBe(interactions.length);
    expect(new Set(responses.map((item) => item.externalId)).size).toBe(responses.length);
    const cut = new Date(Date.UTC(2025, 10, 2, 6));
    const limited = [...generateDays(demoWorld(42), { seed: 42, start: START, days: 2, scale: 1, notAfter: cut })];
    for (const day of limited) {
      for (const item of day.interactions) expect(Date.parse(item.occurredAt)).toBeLessThan(cut.getTime());
      for (const item of day.responses) expect(Date.parse(item.submittedAt)).toBeLessThan(cut.getTime());
    }
  });

  it('makes queueing the weak moment and trying data services the strong peak', () => {
    const byMoment = new Map<string, number>();
    for (const moment of demoWorld(42).moments) byMoment.set(moment.key, mean(csatBy((key) => key === moment.key)));
    const ranked = [...byMoment.entries()].sort((a, b) => a[1] - b[1]).map(([key]) => key);
    expect(ranked[0]).toBe(DEMO_WEAK_MOMENT);
    expect(ranked.at(-1)).toBe(DEMO_STRONG_MOMENT);
    expect(byMoment.get(DEMO_WEAK_MOMENT)!).toBeLessThan(3.2);
    expect(byMoment.get(DEMO_STRONG_MOMENT)!).toBeGreaterThan(4.3);
  });

  it('improves one outlet through the year', () => {
    const quarter = (from: number, to: number) => csatBy((_, outlet, at) => outlet === DEMO_IMPROVING_OUTLET && at >= new Date(START.getTime() + from * 86_400_000) && at < new Date(START.getTime() + to * 86_400_000));
    expect(mean(quarter(270, 365)) - mean(quarter(0, 90))).toBeGreaterThan(0.8);
  });

  it('has weekday effects: Saturdays are busiest and queue worst, Sundays quiet', () => {
    const visitsOn = (weekday: number) => new Set(interactions.filter((item) => new Date(item.occurredAt).getUTCDay() === weekday).map((item) => item.visitId)).size;
    expect(visitsOn(6)).toBeGreaterThan(visitsOn(3) * 1.3);
    expect(visitsOn(0)).toBeLessThan(visitsOn(3) * 0.75);
    const queueOn = (weekday: number) => mean(csatBy((key, _, at) => key === DEMO_WEAK_MOMENT && at.getUTCDay() === weekday));
    expect(queueOn(6)).toBeLessThan(queueOn(3) - 0.3);
  });

  it('makes visits with several rated moments whose overall NPS follows the peak–end rule', () => {
    const byVisit = new Map<string, { csat: number[]; nps?: number; end?: number }>();
    for (const response of responses) {
      const item = response.interactionExternalId ? interactionById.get(response.interactionExternalId) : undefined;
      if (!item) continue;
      const visit = byVisit.get(item.visitId) ?? { csat: [] };
      visit.csat.push(response.answers.csat as number);
      if (typeof response.answers.nps === 'number') {
        visit.nps = response.answers.nps;
        visit.end = response.answers.csat as number;
      }
      byVisit.set(item.visitId, visit);
    }
    const episodes = [...byVisit.values()].filter((visit) => visit.nps !== undefined && visit.csat.length >= 3);
    expect(episodes.length).toBeGreaterThan(2_000);
    const overall = episodes.map((visit) => visit.nps!);
    const peakEnd = episodes.map((visit) => (visit.csat.reduce((a, b) => (Math.abs(b - 3.8) > Math.abs(a - 3.8) ? b : a)) + visit.end!) / 2);
    const plainMean = episodes.map((visit) => mean(visit.csat));
    expect(correlation(overall, peakEnd)).toBeGreaterThan(correlation(overall, plainMean));
  });

  it('writes comments in all five languages, praise with high scores and complaints with low ones', () => {
    const commented = responses.filter((r) => typeof r.answers.comment === 'string');
    expect(commented.length).toBeGreaterThan(responses.length * 0.05);
    expect(new Set(commented.map((r) => r.locale))).toEqual(new Set(DEMO_LOCALES));
    for (const locale of DEMO_LOCALES) {
      expect(DEMO_COMMENTS[locale].length).toBeGreaterThanOrEqual(20);
      const tones = new Map(DEMO_COMMENTS[locale].map((c) => [c.text, c.tone]));
      for (const r of commented.filter((x) => x.locale === locale && typeof x.answers.csat === 'number').slice(0, 200)) {
        expect(tones.get(r.answers.comment as string)).toBe((r.answers.csat as number) >= 4 ? 'positive' : 'negative');
      }
    }
  });

  it('follows up on a quarter of the visits the next day, referring to the real visit', () => {
    const followUps = followUpsOf(days[10]!, 42);
    expect(followUps.interactions.length).toBeGreaterThan(0);
    const visits = new Set(days[10]!.interactions.map((item) => item.visitId));
    for (const item of followUps.interactions) {
      expect(visits.has(item.visitId)).toBe(true);
      expect(item.momentKey).toBe('follow-up');
    }
  });

  it('knows summer time', () => {
    expect(utcOffsetMinutes('Europe/Budapest', new Date(Date.UTC(2026, 0, 15)))).toBe(60);
    expect(utcOffsetMinutes('Europe/Budapest', new Date(Date.UTC(2026, 6, 15)))).toBe(120);
    expect(utcOffsetMinutes('Asia/Taipei', new Date(Date.UTC(2026, 6, 15)))).toBe(480);
  });
});
