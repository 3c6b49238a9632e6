import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csatFromScores, npsFromCounts, countNpsAnswers } from '../stats/index.ts';
import { alertPeriod, findingsOf, localDay } from './alerts.ts';
import { alertMail, alertMessages } from './messages.ts';
import { addCounters, compareCounters, countersOf, emptyCounters, isIsoDate, periodEnd, periodStart, previousRange, scoresOf } from './model.ts';
import { LOCALES } from '../platform/locales.ts';
import { splitIntoWeeks } from './store.ts';

const sumOf = (answers: { nps: number | null; csat: number | null; ces: number | null }[]) =>
  answers.reduce((sum, answer) => addCounters(sum, countersOf({ ...answer, comment: null })), emptyCounters());

describe('scores from counters', () => {
  it('equal keymoment/stats on the raw answers (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ nps: fc.integer({ min: 0, max: 10 }), csat: fc.integer({ min: 1, max: 5 }), ces: fc.constant(null) }), { minLength: 5, maxLength: 60 }), (answers) => {
        const scores = scoresOf(sumOf(answers), 5);
        const nps = npsFromCounts(countNpsAnswers(answers.map((a) => a.nps)), { method: 'adjusted-wald' });
        expect(scores.nps.score).toBeCloseTo(nps.score, 2);
        expect(scores.nps.ci![1]).toBeCloseTo(nps.ci[1], 2);
        expect(scores.csat.score).toBeCloseTo(csatFromScores(answers.map((a) => a.csat)).score, 2);
      }),
    );
  });

  it('withhold scores below the minimum n and never call small samples significant', () => {
    const small = sumOf([{ nps: 10, csat: 5, ces: 7 }, { nps: 10, csat: 5, ces: 7 }]);
    expect(scoresOf(small, 5).nps).toMatchObject({ score: null, n: 2, ci: null });
    const bad = sumOf(Array.from({ length: 4 }, () => ({ nps: 0, csat: 1, ces: 1 })));
    expect(compareCounters(bad, small, 5).nps).toMatchObject({ difference: null, pValue: null, significant: false });
  });
});

describe('periods', () => {
  it('align weeks to Monday, months and quarters to their first day', () => {
    expect(periodStart('2026-11-22', 'week')).toBe('2026-11-16');
    expect(periodStart('2026-11-23', 'week')).toBe('2026-11-23');
    expect(periodStart('2026-11-23', 'quarter')).toBe('2026-10-01');
    expect(periodEnd('2026-10-01', 'quarter')).toBe('2026-12-31');
    expect(periodEnd('2024-02-01', 'month')).toBe('2024-02-29');
    expect(previousRange('2026-11-16', '2026-11-22')).toEqual({ from: '2026-11-09', to: '2026-11-15' });
    expect(isIsoDate('2026-02-30')).toBe(false);
  });

  it('cut a range into whole weeks and the days around them', () => {
    expect(splitIntoWeeks('2026-10-25', '2026-11-23')).toEqual({ weeks: ['2026-10-26', '2026-11-22'], days: [['2026-10-25', '2026-10-25'], ['2026-11-23', '2026-11-23']] });
    expect(splitIntoWeeks('2026-11-16', '2026-11-22')).toEqual({ weeks: ['2026-11-16', '2026-11-22'], days: [] });
    expect(splitIntoWeeks('2026-11-17', '2026-11-22')).toBeUndefined();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 60 }), (offset, length) => {
        const from = new Date(Date.UTC(2026, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
        const to = new Date(Date.UTC(2026, 0, 1) + (offset + length) * 86_400_000).toISOString().slice(0, 10);
        const split = splitIntoWeeks(from, to);
        if (!split) return;
        const ranges = [...split.days, split.weeks].sort();
        // Contiguous, no overlap, covering [from, to]; whole weeks start on Monday and end on Sunday.
        expect(ranges[0]![0]).toBe(from);
        expect(ranges[ranges.length - 1]![1]).toBe(to);
        for (let i = 1; i < ranges.length; i++) expect(ranges[i]![0]).toBe(new Date(Date.parse(`${ranges[i - 1]![1]}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10));
        expect(new Date(`${split.weeks[0]}T00:00:00Z`).getUTCDay()).toBe(1);
        expect(new Date(`${split.weeks[1]}T00:00:00Z`).getUTCDay()).toBe(0);
      }),
    );
  });

  it('judge the last complete week in the organisation’s time zone', () => {
    // 23:30 UTC on Sunday is already Monday in Shanghai: the week just ended is complete there.
    const now = new Date('2026-11-22T23:30:00Z');
    expect(localDay(now, 'Asia/Shanghai')).toBe('2026-11-23');
    expect(alertPeriod(localDay(now, 'Asia/Shanghai'))).toMatchObject({ from: '2026-11-16', to: '2026-11-22' });
    expect(alertPeriod(localDay(now, 'UTC'))).toMatchObject({ from: '2026-11-09', to: '2026-11-15' });
  });
});

describe('alert findings', () => {
  it('flag a miss of the target and a significant drop, but not a change within noise', () => {
    const good = sumOf(Array.from({ length: 20 }, () => ({ nps: 10, csat: 5, ces: null })));
    const poor = sumOf(Array.from({ length: 20 }, (_, i) => ({ nps: i % 2 ? 3 : 9, csat: 2, ces: null })));
    const findings = findingsOf({ current: poor, previous: good }, { csat: { comparator: 'gte', value: 90 } }, 10);
    expect(findings.map((f) => `${f.kind}:${f.metric}`).sort()).toEqual(['below_benchmark:csat', 'significant_drop:csat', 'significant_drop:nps']);
    const similar = sumOf(Array.from({ length: 20 }, (_, i) => ({ nps: i === 0 ? 8 : 10, csat: 5, ces: null })));
    expect(findingsOf({ current: similar, previous: good }, { nps: { comparator: 'gte', value: 50 } }, 10)).toEqual([]);
  });
});

describe('alert e-mail', () => {
  it('exists in all five languages with localised numbers', () => {
    for (const locale of LOCALES) {
      expect(alertMessages[locale]).toBeDefined();
      const mail = alertMail(locale, {
        name: 'Anna',
        moment: 'Counter',
        place: 'Xinyi hall',
        period: '2026-11-16 – 2026-11-22',
        role: 'Counter agent',
        url: 'http://keymoment.test/insights',
        findings: [
          { kind: 'below_benchmark', metric: 'csat', score: 62.5, n: 16, benchmark: { comparator: 'gte', value: 90 } },
          { kind: 'significant_drop', metric: 'nps', score: -10, n: 16, previous: { score: 40, n: 20, difference: -50, pValue: 0.0012 } },
        ],
      });
      expect(mail.subject).toContain('Counter');
      expect(mail.text).toContain('Xinyi hall');
      expect(mail.text).toContain('Counter agent');
      expect(mail.text).toContain('http://keymoment.test/insights');
      expect(mail.text).toContain(locale === 'ru' || locale === 'hu' ? '62,5' : '62.5');
    }
  });
});
