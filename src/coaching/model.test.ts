import { describe, expect, it } from 'vitest';
import type { Blueprint, Moment } from '../journeys/index.ts';
import { buildCard, examPeriodStart, paperQuestion, questionBank, scoreExam, shortfallOf, unknownAnswers } from './model.ts';

function moment(key: string, extra: Partial<Moment> = {}): Moment {
  return {
    key,
    name: { en: key, ru: `ru-${key}` },
    stageKey: 'visit',
    channels: [],
    flags: [],
    coreNeeds: [],
    keyPoints: [],
    actionGuide: [],
    implementationNotes: [],
    benchmarks: [],
    ...extra,
  };
}

const blueprint: Blueprint = {
  stages: [{ key: 'visit', kind: 'first' }],
  moments: [
    moment('greeting', {
      keyPoints: [{ en: 'Eye contact' }],
      actionGuide: [{ title: { en: 'Smile', ru: 'Улыбнитесь' } }, { title: { en: 'Greet' } }, { title: { en: 'Ask' } }],
      benchmarks: [{ metric: 'csat', comparator: 'gte', value: 90 }, { metric: 'nps', comparator: 'gte', value: 30 }],
    }),
    moment('counter', { keyPoints: [{ en: 'Repeat back' }] }),
  ],
  purposes: [],
};

describe('learning cards', () => {
  it('numbers the action guide, falls back per text and adds the manager’s phrases before the taboos', () => {
    const card = buildCard({ journeyKey: 'j', version: 3, blueprint, momentKey: 'greeting', fallback: 'en' }, 'ru', [{ kind: 'avoid', text: { ru: 'Не моя смена' } }])!;
    expect(card.actionGuide).toEqual([
      { number: 1, title: 'Улыбнитесь', detail: null },
      { number: 2, title: 'Greet', detail: null },
      { number: 3, title: 'Ask', detail: null },
    ]);
    expect(card.phrases.use).toEqual(['Улыбнитесь', 'Greet', 'Ask']);
    expect(card.phrases.avoid.slice(0, 2)).toEqual(['Не моя смена', 'Успокойтесь.']);
    expect(buildCard({ journeyKey: 'j', version: 3, blueprint, momentKey: 'nope', fallback: 'en' }, 'ru', [])).toBeUndefined();
  });
});

describe('questions and scoring', () => {
  const bank = questionBank(blueprint, ['greeting'], new Map(), [], 'en');

  it('generates order, phrase and key-point questions whose option ids do not reveal the answer', () => {
    expect(bank.map((question) => question.questionId)).toEqual(['greeting.order', 'greeting.phrase', 'greeting.key-points']);
    const order = bank[0]!;
    expect(order.options.map((option) => option.id)).toEqual([...order.options.map((option) => option.id)].sort());
    const paper = paperQuestion(order, 'ru', 'en');
    expect(paper.prompt).toContain('ru-greeting');
    expect(paper).not.toHaveProperty('answer');
  });

  it('scores exactly: order must match, sets must match, unanswered is wrong', () => {
    const [order, phrase, keyPoints] = bank;
    const right = { [order!.questionId]: order!.answer, [phrase!.questionId]: phrase!.answer, [keyPoints!.questionId]: keyPoints!.answer };
    expect(scoreExam(bank, right, 100)).toMatchObject({ scorePercent: 100, passed: true });
    const swapped = { ...right, [order!.questionId]: [...order!.answer].reverse() };
    expect(scoreExam(bank, swapped, 80)).toMatchObject({ scorePercent: 66.67, passed: false });
    const doubled = { ...right, [keyPoints!.questionId]: [...keyPoints!.answer, ...keyPoints!.answer] };
    expect(scoreExam(bank, doubled, 1).results[2]!.correct).toBe(false);
    expect(scoreExam(bank, {}, 1)).toMatchObject({ scorePercent: 0, passed: false });
    expect(scoreExam([], {}, 1).passed).toBe(false);
    expect(unknownAnswers(bank, { 'greeting.order': [], other: [] })).toEqual(['other']);
  });
});

describe('periods and shortfalls', () => {
  it('starts weekly exams on Monday, monthly and quarterly on the first', () => {
    expect(examPeriodStart('weekly', '2026-11-26')).toBe('2026-11-23');
    expect(examPeriodStart('monthly', '2026-11-26')).toBe('2026-11-01');
    expect(examPeriodStart('quarterly', '2026-11-26')).toBe('2026-10-01');
    expect(examPeriodStart('once', '2026-11-26')).toBe('1970-01-01');
  });

  it('needs enough answers and a missed benchmark', () => {
    const greeting = blueprint.moments[0]!;
    const scores = (nps: number | null, n: number) => ({ nps: { score: nps, n }, csat: { score: null, n: 0 }, ces: { score: null, n: 0 } });
    expect(shortfallOf(greeting, scores(10, 30), 30)).toEqual({ metric: 'nps', score: 10, benchmark: 30, answers: 30 });
    expect(shortfallOf(greeting, scores(10, 29), 30)).toBeUndefined();
    expect(shortfallOf(greeting, scores(30, 100), 30)).toBeUndefined();
  });
});
