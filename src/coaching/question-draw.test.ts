import { describe, expect, it } from 'vitest';
import type { Blueprint, Moment } from '../journeys/index.ts';
import { drawQuestions, examPeriodEnd, questionBank, scoreExam, type AuthoredQuestion } from './model.ts';

/* Managers' order questions, the per-sitting draw of an exam's questions, and the due date of a period. */

const moment: Moment = {
  key: 'greeting',
  name: { en: 'Greeting' },
  stageKey: 'visit',
  channels: [],
  flags: [],
  coreNeeds: [],
  keyPoints: [],
  actionGuide: [{ title: { en: 'Smile' } }, { title: { en: 'Greet' } }],
  implementationNotes: [],
  benchmarks: [],
};
const blueprint: Blueprint = { stages: [{ key: 'visit', kind: 'first' }], moments: [moment], purposes: [] };
const order: AuthoredQuestion = {
  questionId: '0190c0c0-0000-7000-8000-000000000001',
  momentKey: 'greeting',
  kind: 'order',
  prompt: { en: 'In order' },
  options: ['First', 'Second', 'Third', 'Fourth'].map((text, index) => ({ id: `o${index + 1}`, text: { en: text }, correct: true })),
};

describe('a manager’s order question', () => {
  it('hides the order behind opaque ids and is right only in the written order', () => {
    const question = questionBank(blueprint, [], new Map(), [order], 'en').find((candidate) => candidate.questionId === `q-${order.questionId}`)!;
    expect(question.options.map((option) => option.id)).not.toContain('o1');
    const byText = (text: string) => question.options.find((option) => option.text.en === text)!.id;
    const right = ['First', 'Second', 'Third', 'Fourth'].map(byText);
    expect(question.answer).toEqual(right);
    expect(scoreExam([question], { [question.questionId]: right }, 100).passed).toBe(true);
    expect(scoreExam([question], { [question.questionId]: [...right].reverse() }, 1).passed).toBe(false);
  });
});

describe('drawQuestions', () => {
  const bank = questionBank(blueprint, [], new Map(), [order, { ...order, questionId: '0190c0c0-0000-7000-8000-000000000002' }], 'en');
  it('keeps the whole bank without a count and draws a fixed subset, in bank order, per seed', () => {
    expect(drawQuestions(bank, null, 's')).toEqual(bank);
    const drawn = drawQuestions(bank, 2, 'exam/E-1/2026-11-01');
    expect(drawn).toHaveLength(2);
    expect(drawQuestions(bank, 2, 'exam/E-1/2026-11-01')).toEqual(drawn);
    expect(drawn.map((question) => bank.indexOf(question))).toEqual([...drawn.map((question) => bank.indexOf(question))].sort((a, b) => a - b));
    const seeds = new Set(Array.from({ length: 20 }, (_, index) => drawQuestions(bank, 2, `seed-${index}`).map((question) => question.questionId).join()));
    expect(seeds.size).toBeGreaterThan(1);
  });
});

describe('examPeriodEnd', () => {
  it('is the last day of the week, month or quarter, and none for a one-off exam', () => {
    expect(examPeriodEnd('weekly', '2026-11-25')).toBe('2026-11-29');
    expect(examPeriodEnd('monthly', '2026-02-10')).toBe('2026-02-28');
    expect(examPeriodEnd('quarterly', '2026-11-25')).toBe('2026-12-31');
    expect(examPeriodEnd('once', '2026-11-25')).toBeNull();
  });
});
