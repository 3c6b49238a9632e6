import { describe, expect, it } from 'vitest';
import { loadPosterFonts } from '../journeys/index.ts';
import { LOCALES } from '../platform/locales.ts';
import { isScoreLineShown, selectFocusMoments, sortActions, type FocusCandidate, type MetricLine, type MorningSheet } from './morning-sheet.ts';
import { A4_PORTRAIT, layoutMorningSheet } from './morning-sheet-pdf.ts';
import { MORNING_SHEET_TEXTS } from './morning-sheet-texts.ts';

const none: MetricLine = { score: null, n: 0, target: null, status: 'no_benchmark', previous: { score: null, n: 0 }, change: null };

function metric(partial: Partial<MetricLine>): MetricLine {
  return { ...none, ...partial };
}

function candidate(momentKey: string, order: number, partial: Partial<FocusCandidate> = {}): FocusCandidate {
  return { journeyKey: 'hall', momentKey, name: momentKey, order, peak: false, end: false, key: false, nps: none, csat: none, openActions: 0, ...partial };
}

const below = (score: number, value: number, n = 30): MetricLine => metric({ score, n, target: { comparator: 'gte', value }, status: 'below' });

describe('choosing the moments to drill', () => {
  it('ranks moments below their benchmark by the gap as a share of the metric’s range', () => {
    const chosen = selectFocusMoments([
      candidate('greeting', 1, { csat: below(80, 90) }), // 10 of 100 points: 0.1
      candidate('counter', 2, { nps: below(0, 50) }), // 50 of 200 points: 0.25
      candidate('leave', 3, { csat: below(60, 85) }), // 0.25, later in the journey
      candidate('purchase', 4, { csat: below(89, 90) }),
    ]);
    expect(chosen.map((choice) => choice.momentKey)).toEqual(['counter', 'leave', 'greeting']);
    expect(chosen[0]!.reason).toEqual({ kind: 'below_benchmark', metric: 'nps', score: 0, target: { comparator: 'gte', value: 50 }, n: 30, gap: 0.25 });
  });

  it('ignores scores without enough answers (status insufficient) and moments meeting their target', () => {
    const chosen = selectFocusMoments([
      candidate('thin', 1, { csat: metric({ score: null, n: 3, target: { comparator: 'gte', value: 90 }, status: 'insufficient' }) }),
      candidate('fine', 2, { csat: metric({ score: 95, n: 30, target: { comparator: 'gte', value: 90 }, status: 'meets' }) }),
      candidate('peak', 3, { peak: true }),
      candidate('end', 4, { end: true }),
    ]);
    expect(chosen).toEqual([
      { journeyKey: 'hall', momentKey: 'peak', reason: { kind: 'peak_moment' } },
      { journeyKey: 'hall', momentKey: 'end', reason: { kind: 'end_moment' } },
    ]);
  });

  it('then takes significant declines, then open corrective actions, at most three', () => {
    const declined = metric({ score: 70, n: 40, status: 'meets', target: { comparator: 'gte', value: 60 }, previous: { score: 90, n: 40 }, change: { difference: -20, pValue: 0.01 } });
    const chosen = selectFocusMoments([
      candidate('a', 1, { openActions: 1 }),
      candidate('b', 2, { csat: declined }),
      candidate('c', 3, { openActions: 3 }),
      candidate('d', 4, { csat: below(50, 90) }),
    ]);
    expect(chosen.map((choice) => [choice.momentKey, choice.reason.kind])).toEqual([
      ['d', 'below_benchmark'],
      ['b', 'declined'],
      ['c', 'open_actions'],
    ]);
    expect(chosen[1]!.reason).toMatchObject({ previous: 90, score: 70, difference: -20 });
  });

  it('does not call a rise or an insignificant change a decline, and takes each moment once', () => {
    const rose = metric({ score: 90, n: 40, previous: { score: 70, n: 40 }, change: { difference: 20, pValue: 0.01 } });
    const chosen = selectFocusMoments([candidate('up', 1, { csat: rose, peak: true, openActions: 2 }), candidate('other', 2)]);
    expect(chosen).toEqual([
      { journeyKey: 'hall', momentKey: 'up', reason: { kind: 'open_actions', count: 2 } },
      { journeyKey: 'hall', momentKey: 'other', reason: { kind: 'first_moment' } },
    ]);
  });

  it('with one strong reason, fills up to two with the peak; with none at all, returns nothing for an empty journey', () => {
    const chosen = selectFocusMoments([candidate('greeting', 1, { csat: below(10, 90) }), candidate('counter', 2, { peak: true }), candidate('leave', 3, { end: true })]);
    expect(chosen.map((choice) => [choice.momentKey, choice.reason.kind])).toEqual([
      ['greeting', 'below_benchmark'],
      ['counter', 'peak_moment'],
    ]);
    expect(selectFocusMoments([])).toEqual([]);
  });

  it('treats a "lower is better" target the other way round', () => {
    const late = metric({ score: 40, n: 30, target: { comparator: 'lte', value: 20 }, status: 'below' });
    expect(selectFocusMoments([candidate('x', 1, { csat: late })])[0]!.reason).toMatchObject({ kind: 'below_benchmark', gap: 0.2 });
  });
});

describe('shaping the lists', () => {
  it('puts overdue actions first, then the nearest due date', () => {
    const sorted = sortActions([
      { id: 1, overdue: false, dueAt: '2026-11-21T00:00:00Z' },
      { id: 2, overdue: true, dueAt: '2026-11-18T00:00:00Z' },
      { id: 3, overdue: false, dueAt: '2026-11-20T00:00:00Z' },
      { id: 4, overdue: true, dueAt: '2026-11-10T00:00:00Z' },
    ]);
    expect(sorted.map((row) => row.id)).toEqual([4, 2, 3, 1]);
  });

  it('shows a score row only with answers in either week or an NPS/CSAT target', () => {
    const line = candidate('x', 1);
    expect(isScoreLineShown(line)).toBe(false);
    expect(isScoreLineShown({ ...line, nps: metric({ previous: { score: null, n: 2 } }) })).toBe(true);
    expect(isScoreLineShown({ ...line, csat: metric({ target: { comparator: 'gte', value: 90 } }) })).toBe(true);
  });
});

/** A sheet with far more than one page can hold, to check that it is cut, never overflowed. */
function crowdedSheet(locale: MorningSheet['locale']): MorningSheet {
  const long = 'Greet every customer within ten seconds, look up, smile and say the words of the greeting clearly, even when the hall is full and the queue is long';
  const step = (i: number) => ({ number: i + 1, title: `${long.slice(0, 40 + i * 7)} ${i + 1}`, detail: `${long} — ${long}` });
  const line = (i: number) => ({
    journeyKey: 'hall',
    journeyName: 'Service hall',
    momentKey: `m${i}`,
    name: `Moment number ${i} with a rather long name that must be cut`,
    order: i + 1,
    peak: i === 2,
    end: i === 5,
    key: false,
    nps: metric({ score: 20 - i, n: 40, target: { comparator: 'gte', value: 30 }, status: 'below', previous: { score: 40, n: 40 }, change: { difference: -20 - i, pValue: 0.01 } }),
    csat: metric({ score: 91, n: 40, target: { comparator: 'gte', value: 90 }, status: 'meets', previous: { score: 80, n: 35 }, change: { difference: 11, pValue: 0.03 } }),
  });
  return {
    organisation: 'Crowded Telecom',
    location: { locationId: 'loc', name: 'Very busy service hall on the main square', code: 'VB-1', path: ['East region', 'Capital city', 'Very busy service hall on the main square'], timezone: 'Asia/Shanghai' },
    date: '2026-11-20',
    locale,
    generatedAt: '2026-11-20T01:00:00.000Z',
    minN: 5,
    week: { from: '2026-11-13', to: '2026-11-19', previousFrom: '2026-11-06', previousTo: '2026-11-12' },
    journeys: [{ key: 'hall', name: 'Service hall' }],
    focus: [0, 1, 2].map((i) => ({
      journeyKey: 'hall',
      journeyName: 'Service hall',
      momentKey: `m${i}`,
      name: `Moment number ${i} with a rather long name`,
      stageName: 'In the hall',
      peak: i === 2,
      end: false,
      reason: { kind: 'below_benchmark', metric: 'nps', score: -40, target: { comparator: 'gte', value: 30 }, n: 40, gap: 0.35 },
      responsibleRole: 'Counter staff and the duty manager',
      coreNeeds: ['Fast', 'Polite', 'An accurate result', 'No surprises at the end'],
      actionGuide: Array.from({ length: 9 }, (_, j) => step(j)),
    })),
    scores: Array.from({ length: 25 }, (_, i) => line(i)),
    correctiveActions: {
      open: 40,
      overdue: 12,
      items: Array.from({ length: 40 }, (_, i) => ({
        actionId: `a${i}`,
        checklistKey: 'hall',
        journeyKey: 'hall',
        momentKey: 'm1',
        momentName: 'Counter transaction',
        title: `${long} (${i})`,
        critical: i % 3 === 0,
        ownerUserId: 'u',
        ownerName: 'Zhang Wei',
        dueAt: '2026-11-18T00:00:00.000Z',
        overdue: i < 12,
        escalationLevel: 0,
      })),
    },
    improvementActions: {
      active: 7,
      items: Array.from({ length: 7 }, (_, i) => ({ improvementId: `i${i}`, title: `Improve ${long}`, journeyKey: 'hall', momentKey: 'm1', momentName: 'Counter', status: 'do' as const, cycle: 1, ownerUserId: null, ownerName: null, startDate: '2026-11-01' })),
    },
    cases: {
      open: 31,
      breached: 4,
      nearest: Array.from({ length: 8 }, (_, i) => ({
        caseId: `c${i}`,
        summary: `Customer waited 40 minutes and left without being served; wants a call back ${i}`,
        reason: 'detractor' as const,
        status: 'open' as const,
        momentKey: 'm1',
        momentName: 'Queue',
        ownerName: null,
        openedAt: '2026-11-19T00:00:00.000Z',
        nextDueAt: i < 4 ? '2026-11-19T08:00:00.000Z' : '2026-11-21T08:00:00.000Z',
        slaState: i < 4 ? ('breached' as const) : ('on_track' as const),
      })),
    },
  };
}

describe('the one-page layout', () => {
  it('fits a crowded sheet on one A4 page in every language, cutting lists with "+N more"', async () => {
    const fonts = await loadPosterFonts();
    for (const locale of LOCALES) {
      const layout = layoutMorningSheet(crowdedSheet(locale), fonts);
      expect(layout.width).toBe(A4_PORTRAIT.width);
      for (const item of layout.items) {
        const [top, bottom] = item.kind === 'text' ? [item.y - item.size, item.y] : item.kind === 'rect' ? [item.y, item.y + item.h] : item.kind === 'line' ? [item.y1, item.y2] : [item.cy - item.r, item.cy + item.r];
        expect(top, `${locale} ${item.kind}`).toBeGreaterThanOrEqual(0);
        expect(bottom, `${locale} ${item.kind}`).toBeLessThanOrEqual(A4_PORTRAIT.height);
        if (item.kind === 'text') {
          const right = item.runs.at(-1)!.x;
          expect(right, `${locale} text starting off the page`).toBeLessThan(A4_PORTRAIT.width);
        }
      }
      expect(layout.truncated.correctiveActions, locale).toBeGreaterThan(0);
      expect(layout.truncated.cases, locale).toBeGreaterThan(0);
      expect(layout.truncated.scores, locale).toBeGreaterThan(0);
      const printed = layout.items.flatMap((item) => (item.kind === 'text' ? [item.runs.map((run) => run.text).join('')] : []));
      expect(printed.some((text) => text.includes(MORNING_SHEET_TEXTS[locale].more.replace('{count}', String(layout.truncated.cases)))), locale).toBe(true);
    }
  }, 90_000);

  it('keeps every line of text inside the page width', async () => {
    const fonts = await loadPosterFonts();
    const { Typesetter } = await import('../journeys/index.ts');
    for (const locale of ['ru', 'hu', 'zh-CN'] as const) {
      const set = new Typesetter(fonts, locale);
      const layout = layoutMorningSheet(crowdedSheet(locale), fonts);
      for (const item of layout.items) {
        if (item.kind !== 'text') continue;
        const text = item.runs.map((run) => run.text).join('');
        const weight = item.runs[0]!.font.id.endsWith('bold') ? 'bold' : 'regular';
        expect(item.runs[0]!.x + set.width(text, item.size, weight), `${locale}: ${text}`).toBeLessThanOrEqual(A4_PORTRAIT.width - 33);
      }
    }
  }, 90_000);
});
