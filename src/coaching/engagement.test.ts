import { describe, expect, it } from 'vitest';
import { buildRubric, isMonth, monthOf, monthRange, pulseResults, rolePlayPercent, rubricScoreProblems, type PulseAnswer } from './engagement.ts';

const answers = (...enps: number[]): PulseAnswer[] => enps.map((value) => ({ enps: value, tools: 4, training: 2, recognition: 3 }));

describe('role-play rubric', () => {
  it('numbers the action guide, then adds the six complaint steps only when asked', () => {
    const guide = [{ title: { en: 'Smile' } }, { title: { en: 'Greet' } }];
    expect(buildRubric(guide, false).map((item) => item.key)).toEqual(['guide.1', 'guide.2']);
    expect(buildRubric(guide, true).map((item) => item.key)).toEqual(['guide.1', 'guide.2', 'complaint.vent', 'complaint.apologise', 'complaint.gather', 'complaint.propose', 'complaint.agree', 'complaint.follow_up']);
  });

  it('wants every item scored exactly once, 0–2', () => {
    const rubric = buildRubric([{ title: { en: 'Smile' } }, { title: { en: 'Greet' } }], false);
    expect(rubricScoreProblems(rubric, [{ key: 'guide.1', score: 2 }, { key: 'guide.2', score: 0 }])).toBeUndefined();
    expect(rubricScoreProblems(rubric, [{ key: 'guide.1', score: 2 }])?.field).toBe('scores');
    expect(rubricScoreProblems(rubric, [{ key: 'guide.1', score: 2 }, { key: 'guide.1', score: 1 }])?.field).toBe('scores.1.key');
    expect(rubricScoreProblems(rubric, [{ key: 'guide.1', score: 3 }, { key: 'guide.2', score: 0 }])?.field).toBe('scores.0.score');
  });

  it('scores points over points possible', () => {
    expect(rolePlayPercent([{ key: 'a', score: 2 }, { key: 'b', score: 1 }])).toBe(75);
    expect(rolePlayPercent([])).toBe(0);
  });
});

describe('pulse results', () => {
  it('hides a group below the minimum without any number', () => {
    const result = pulseResults([{ locationId: 'a', answers: answers(10, 10, 9, 0) }], 5);
    expect(result.outlets[0]!.result).toEqual({ hidden: true, reason: 'below_minimum_group', minimum: 5 });
    expect(result.total).toEqual({ hidden: true, reason: 'below_minimum_group', minimum: 5 });
  });

  it('computes eNPS through the stats library and item means', () => {
    const result = pulseResults([{ locationId: 'a', answers: answers(10, 9, 8, 6, 0) }], 5);
    expect(result.outlets[0]!.result).toMatchObject({ hidden: false, n: 5, enps: { score: 0, promoters: 2, passives: 1, detractors: 2 }, items: { tools: 4, training: 2, recognition: 3 } });
  });

  it('leaves hidden outlets out of the total, so subtracting the shown outlets from it reveals nothing', () => {
    const shown = answers(10, 10, 10, 10, 10);
    const result = pulseResults(
      [
        { locationId: 'big', answers: shown },
        { locationId: 'small', answers: answers(0, 0) },
      ],
      5,
    );
    expect(result.outlets[1]!.result.hidden).toBe(true);
    // Were the small outlet in the total, total − big would give away its two detractors.
    expect(result.total).toEqual(result.outlets[0]!.result);
    expect(result.hiddenOutlets).toBe(1);
  });

  it('shows a total of several shown outlets', () => {
    const result = pulseResults(
      [
        { locationId: 'a', answers: answers(10, 10, 10, 10, 10) },
        { locationId: 'b', answers: answers(0, 0, 0, 0, 0) },
      ],
      5,
    );
    expect(result.total).toMatchObject({ hidden: false, n: 10, enps: { score: 0 } });
  });
});

describe('months', () => {
  it('checks, finds and spans months', () => {
    expect(isMonth('2026-11')).toBe(true);
    expect(isMonth('2026-13')).toBe(false);
    expect(monthOf(new Date('2026-11-30T20:00:00Z'))).toBe('2026-11');
    expect(monthOf(new Date('2026-11-30T20:00:00Z'), 'Asia/Shanghai')).toBe('2026-12');
    expect(monthRange('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
  });
});
