import { describe, expect, it } from 'vitest';
import { surveyMessages } from './messages.ts';
import {
  answersFromForm,
  canonicalJson,
  contentHash,
  extractScores,
  localiseSurvey,
  neutraliseCell,
  normaliseDefinition,
  pruneHiddenAnswers,
  supportedLocale,
  validateAnswers,
  validateDefinition,
  visibleQuestionIds,
  type Answers,
  type QuestionInput,
  type SurveyDefinition,
  type SurveyDefinitionInput,
} from './model.ts';

const text = (en: string) => ({ en, hu: `${en} (hu)` });

/** NPS → (detractors) what went wrong → (if answered) details; a CSAT, a SERVQUAL grid, a comment, consent. */
function survey(extra: Partial<SurveyDefinitionInput> = {}, questions?: QuestionInput[]): SurveyDefinition {
  return normaliseDefinition({
    kind: 'transactional',
    about: { journeyKey: 'hall', momentKey: 'counter' },
    title: text('Your visit'),
    questions: questions ?? [
      { id: 'nps', type: 'nps', title: text('Recommend?'), required: true },
      {
        id: 'why',
        type: 'multiple_choice',
        title: text('What went wrong?'),
        required: true,
        showIf: [{ questionId: 'nps', operator: 'lte', value: 6 }],
        options: [
          { id: 'waiting', label: text('Waiting') },
          { id: 'staff', label: text('Staff') },
          { id: 'result', label: text('Result') },
        ],
        minSelected: 1,
        maxSelected: 2,
      },
      { id: 'details', type: 'text', title: text('Tell us more'), showIf: [{ questionId: 'why', operator: 'equals', value: 'staff' }], maxLength: 20 },
      { id: 'csat', type: 'csat', title: text('Satisfied?') },
      { id: 'quality', type: 'servqual', title: text('Agree?'), dimensions: ['reliability', 'empathy'], expectation: true, required: true },
      { id: 'comment', type: 'text', title: text('Anything else?') },
      { id: 'contact', type: 'consent', title: text('May we call you?') },
    ],
    ...extra,
  });
}

const fields = (problems: { field: string }[]) => problems.map((problem) => problem.field);
const errorFields = (definition: SurveyDefinition, fallback: 'en' | 'hu' = 'en') =>
  fields(validateDefinition(definition, fallback).filter((problem) => problem.severity === 'error'));

describe('validateDefinition', () => {
  it('accepts a well-formed survey and fills the defaults', () => {
    const definition = survey();
    expect(validateDefinition(definition, 'en')).toEqual([]);
    expect(definition.questions[0]).toMatchObject({ required: true, showIf: [] });
    expect(definition.questions[5]).toMatchObject({ multiline: true, maxLength: 2000 });
    expect(normaliseDefinition({ kind: 'relationship', title: text('x'), questions: [{ id: 'g', type: 'servqual', title: text('g') }] }).questions[0]).toMatchObject({
      dimensions: ['tangibles', 'reliability', 'responsiveness', 'assurance', 'empathy'],
      expectation: false,
    });
  });

  it('needs every text in the fallback language', () => {
    const definition = survey();
    definition.questions[1]!.options![2]!.label = { en: 'Result' };
    expect(errorFields(definition, 'hu')).toEqual(['questions.1.options.2.label.hu']);
    expect(errorFields({ ...survey(), title: { hu: 'Látogatás' } })).toEqual(['title.en']);
  });

  it('allows show-if only on earlier questions, with operators and values that fit them', () => {
    const base = survey();
    const withCondition = (index: number, condition: object) => {
      const definition = survey();
      definition.questions[index]!.showIf = [condition as never];
      return errorFields(definition);
    };
    expect(withCondition(0, { questionId: 'csat', operator: 'answered' })).toEqual(['questions.0.showIf.0.questionId']);
    expect(withCondition(3, { questionId: 'csat', operator: 'answered' })).toEqual(['questions.3.showIf.0.questionId']);
    expect(withCondition(5, { questionId: 'quality', operator: 'answered' })).toEqual(['questions.5.showIf.0.questionId']);
    expect(withCondition(3, { questionId: 'why', operator: 'gte', value: 2 })).toEqual(['questions.3.showIf.0.operator']);
    expect(withCondition(3, { questionId: 'nps', operator: 'gte', value: 11 })).toEqual(['questions.3.showIf.0.value']);
    expect(withCondition(3, { questionId: 'why', operator: 'equals', value: 'bored' })).toEqual(['questions.3.showIf.0.value']);
    expect(withCondition(3, { questionId: 'why', operator: 'in', value: 'staff' })).toEqual(['questions.3.showIf.0.value']);
    expect(withCondition(3, { questionId: 'why', operator: 'in', value: ['staff', 'nope'] })).toEqual(['questions.3.showIf.0.value.1']);
    expect(withCondition(6, { questionId: 'comment', operator: 'equals', value: 'x' })).toEqual(['questions.6.showIf.0.operator']);
    expect(withCondition(6, { questionId: 'nps', operator: 'answered', value: 3 })).toEqual(['questions.6.showIf.0.value']);
    expect(withCondition(6, { questionId: 'nps', operator: 'equals' })).toEqual(['questions.6.showIf.0.value']);
    expect(errorFields(base)).toEqual([]);
  });

  it('refuses fields that do not belong to the type, and bad options', () => {
    expect(errorFields(survey({}, [{ id: 'q', type: 'nps', title: text('q'), options: [{ id: 'a', label: text('a') }] }]))).toEqual(['questions.0.options']);
    expect(errorFields(survey({}, [{ id: 'q', type: 'single_choice', title: text('q'), options: [{ id: 'a', label: text('a') }] }]))).toEqual(['questions.0.options']);
    expect(
      errorFields(
        survey({}, [
          { id: 'q', type: 'multiple_choice', title: text('q'), options: [{ id: 'a', label: text('a') }, { id: 'a', label: text('b') }], maxSelected: 3 },
        ]),
      ),
    ).toEqual(['questions.0.options.1.id', 'questions.0.maxSelected']);
    expect(errorFields(survey({}, [{ id: 'q', type: 'moment_rating', title: text('q') }]))).toEqual(['questions.0.momentKey']);
    expect(errorFields(survey({ about: undefined, kind: 'relationship' }, [{ id: 'q', type: 'moment_rating', title: text('q'), momentKey: 'counter' }]))).toEqual([
      'questions.0.journeyKey',
    ]);
    expect(errorFields(survey({}, [{ id: 'q', type: 'servqual', title: text('q'), dimensions: ['empathy', 'empathy'], statements: { tangibles: text('t') } }]))).toEqual([
      'questions.0.dimensions.1',
      'questions.0.statements.tangibles',
    ]);
    expect(errorFields(survey({}, [{ id: 'q', type: 'nps', title: text('q') }, { id: 'q', type: 'csat', title: text('q') }]))).toEqual(['questions.1.id']);
  });

  it('knows what each kind needs', () => {
    expect(errorFields(survey({ about: undefined }))).toEqual(['about']);
    expect(errorFields(survey({ kind: 'relationship', about: { journeyKey: 'hall', momentKey: 'counter' } }))).toEqual(['about.momentKey']);
    expect(errorFields(survey({ kind: 'relationship', about: { journeyKey: 'hall' } }))).toEqual([]);
    expect(errorFields(survey({}, []))).toEqual(['questions']);
    const twoNps = validateDefinition(survey({}, [{ id: 'a', type: 'nps', title: text('a') }, { id: 'b', type: 'nps', title: text('b') }]), 'en');
    expect(twoNps).toEqual([expect.objectContaining({ severity: 'warning', field: 'questions' })]);
  });
});

describe('show-if', () => {
  it('shows follow-ups for the answers given and hides what depends on a hidden question', () => {
    const definition = survey();
    expect([...visibleQuestionIds(definition, {})]).toEqual(['nps', 'csat', 'quality', 'comment', 'contact']);
    expect([...visibleQuestionIds(definition, { nps: 3, why: ['staff'] })]).toContain('details');
    // A promoter is not asked why; the details question that hangs on "why" disappears with it.
    expect(visibleQuestionIds(definition, { nps: 9, why: ['staff'] }).has('details')).toBe(false);
    expect(pruneHiddenAnswers(definition, { nps: 9, why: ['staff'], details: 'rude', csat: 4 })).toEqual({ nps: 9, csat: 4 });
  });

  it('compares as the operators say', () => {
    const single = (operator: string, value: unknown, answer: Answers) =>
      visibleQuestionIds(
        survey({}, [
          { id: 'a', type: 'single_choice', title: text('a'), options: [{ id: 'x', label: text('x') }, { id: 'y', label: text('y') }] },
          { id: 'b', type: 'text', title: text('b'), showIf: [{ questionId: 'a', operator: operator as never, value: value as never }] },
        ]),
        answer,
      ).has('b');
    expect(single('equals', 'x', { a: 'x' })).toBe(true);
    expect(single('equals', 'x', { a: 'y' })).toBe(false);
    expect(single('not_equals', 'x', { a: 'y' })).toBe(true);
    expect(single('not_equals', 'x', {})).toBe(false);
    expect(single('in', ['x', 'y'], { a: 'y' })).toBe(true);
    expect(single('answered', undefined, { a: 'y' })).toBe(true);
    expect(single('answered', undefined, {})).toBe(false);
  });
});

describe('validateAnswers', () => {
  const definition = survey();
  const codes = (answers: Answers, mode: 'partial' | 'final') => validateAnswers(definition, answers, mode).map((problem) => `${problem.field}:${problem.code}`);
  const complete = { nps: 3, why: ['waiting'], quality: { perception: { reliability: 5, empathy: 6 }, expectation: { reliability: 7, empathy: 7 } } };

  it('checks values while saving and everything when submitting', () => {
    expect(codes({ nps: 3 }, 'partial')).toEqual([]);
    expect(codes({ nps: 3 }, 'final')).toEqual(['answers.why:required', 'answers.quality:required']);
    expect(codes(complete, 'final')).toEqual([]);
    expect(codes({ ...complete, nps: 11 }, 'partial')).toEqual(['answers.nps:out_of_range']);
    expect(codes({ ...complete, nps: 2.5 }, 'partial')).toEqual(['answers.nps:out_of_range']);
    expect(codes({ ...complete, nps: '3' }, 'partial')).toEqual(['answers.nps:invalid']);
    expect(codes({ ...complete, colour: 'red' }, 'partial')).toEqual(['answers.colour:unknown_question']);
  });

  it('checks choices, lengths, grids and consent', () => {
    expect(codes({ ...complete, why: ['waiting', 'staff', 'result'] }, 'partial')).toEqual(['answers.why:too_many']);
    expect(codes({ ...complete, why: ['bored'] }, 'partial')).toEqual(['answers.why.0:not_an_option']);
    expect(codes({ ...complete, why: ['staff'], details: 'x'.repeat(21) }, 'partial')).toEqual(['answers.details:too_long']);
    expect(codes({ ...complete, quality: { perception: { reliability: 5 } } }, 'partial')).toEqual([]);
    expect(codes({ ...complete, quality: { perception: { reliability: 5 } } }, 'final')).toEqual([
      'answers.quality.perception.empathy:required',
      'answers.quality.expectation:required',
    ]);
    expect(codes({ ...complete, quality: { perception: { tangibles: 5, empathy: 9 } } }, 'partial')).toEqual([
      'answers.quality.perception.tangibles:invalid',
      'answers.quality.perception.empathy:out_of_range',
    ]);
    expect(codes({ ...complete, contact: 'yes' }, 'partial')).toEqual(['answers.contact:invalid']);
  });

  it('refuses, on submit, answers to questions that are not shown', () => {
    expect(codes({ ...complete, nps: 10 }, 'final')).toEqual(['answers.why:not_shown']);
  });

  it('says what is wrong in the respondent’s language', () => {
    const [problem] = validateAnswers(definition, { nps: 12 }, 'partial');
    expect(problem?.message).toBe('answers.nps must be a whole number from 0 to 10');
    expect(surveyMessages.hu.problems[problem!.code](problem!.params)).toBe('Válasszon egy számot 0 és 10 között.');
  });
});

describe('extractScores', () => {
  it('takes the first answered score of each kind, joins the comments and reads consent', () => {
    const definition = survey({}, [
      { id: 'ces', type: 'ces', title: text('Easy?') },
      { id: 'nps1', type: 'nps', title: text('a') },
      { id: 'nps2', type: 'nps', title: text('b') },
      { id: 'c1', type: 'text', title: text('c1') },
      { id: 'c2', type: 'text', title: text('c2') },
      { id: 'ok', type: 'consent', title: text('ok') },
    ]);
    expect(extractScores(definition, { nps2: 4, ces: 6, c1: '  Slow queue ', c2: 'Kind staff', ok: false })).toEqual({
      nps: 4,
      csat: null,
      ces: 6,
      comment: 'Slow queue\n\nKind staff',
      consent: false,
    });
    expect(extractScores(definition, { c1: '   ' })).toEqual({ nps: null, csat: null, ces: null, comment: null, consent: null });
  });
});

describe('answersFromForm', () => {
  it('reads the page’s form fields into answers', () => {
    const definition = survey();
    const answers = answersFromForm(definition, [
      ['q.nps', '4'],
      ['q.why', 'waiting'],
      ['q.why', 'staff'],
      ['q.why', 'staff'],
      ['q.details', ''],
      ['q.quality.p.reliability', '6'],
      ['q.quality.e.reliability', '7'],
      ['q.contact', 'no'],
      ['q.csat', 'five'],
      ['_action', 'submit'],
    ]);
    expect(answers).toEqual({
      nps: 4,
      why: ['waiting', 'staff'],
      quality: { perception: { reliability: 6 }, expectation: { reliability: 7 } },
      contact: false,
      csat: 'five',
    });
    expect(validateAnswers(definition, answers, 'partial').map((problem) => problem.field)).toEqual(['answers.csat']);
  });
});

describe('localiseSurvey', () => {
  it('resolves every text to one language, with built-in scale words and statements', () => {
    const localised = localiseSurvey(survey(), 'hu', 'en', surveyMessages.hu.defaults);
    expect(localised.title).toBe('Your visit (hu)');
    expect(localised.questions[0]).toMatchObject({ title: 'Recommend? (hu)', scale: { min: 0, max: 10, lowLabel: 'Egyáltalán nem valószínű', highLabel: 'Nagyon valószínű' } });
    expect(localised.questions[4]!.statements).toEqual([
      { dimension: 'reliability', text: 'A szolgáltatást az ígért módon, elsőre hibátlanul kaptam meg.' },
      { dimension: 'empathy', text: 'A munkatársak személyesen figyeltek rám, és megértették az igényeimet.' },
    ]);
    expect(localiseSurvey(survey(), 'zh-TW', 'en', surveyMessages['zh-TW'].defaults).questions[0]!.title).toBe('Recommend?');
  });

  it('has every built-in word in all five languages', () => {
    for (const [locale, messages] of Object.entries(surveyMessages)) {
      const strings = [
        ...Object.values(messages).filter((value): value is string => typeof value === 'string'),
        ...Object.values(messages.defaults.scaleLabels).flatMap((labels) => [labels.low, labels.high]),
        ...Object.values(messages.defaults.servqualStatements),
      ];
      for (const value of strings) expect(value.trim(), locale).not.toBe('');
      expect(messages.chooseUpTo(2), locale).toContain('2');
    }
  });
});

describe('small rules', () => {
  it('neutralises text a spreadsheet would run as a formula', () => {
    for (const hostile of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1']) expect(neutraliseCell(hostile)).toBe(`'${hostile}`);
    for (const harmless of ['Fine', '', ' =1', '1-2', 'a=b']) expect(neutraliseCell(harmless)).toBe(harmless);
  });

  it('compares content whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } })).toBe('{"a":{"d":[1,{"x":1,"y":2}]},"b":1}');
    expect(contentHash({ a: 1, b: 2 })).toBe(contentHash({ b: 2, a: 1 }));
    expect(contentHash({ a: 1 })).not.toBe(contentHash({ a: 2 }));
  });

  it('maps a customer’s language tag to one of ours, or to none', () => {
    expect(supportedLocale('hu-HU')).toBe('hu');
    expect(supportedLocale('zh-Hant-HK')).toBe('zh-TW');
    expect(supportedLocale('zh')).toBe('zh-CN');
    expect(supportedLocale('en-GB')).toBe('en');
    expect(supportedLocale('de-DE')).toBeUndefined();
  });
});
