import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Compile } from 'typebox/compile';
import { describe, expect, it } from 'vitest';
import { convertSurveyFile, parseSurveySource } from './import-survey.ts';
import { errorsOf, normaliseDefinition, validateDefinition } from './model.ts';
import { SurveyDefinitionSchema } from './schemas.ts';

const checkSchema = Compile(SurveyDefinitionSchema);
const SAMPLES = path.resolve(import.meta.dirname, '../../../shared/data/survey_formats');
const samples = existsSync(SAMPLES)
  ? readdirSync(SAMPLES, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.join(entry.parentPath, entry.name))
  : [];

function convert(source: unknown, format?: 'surveyjs' | 'qualtrics') {
  return convertSurveyFile(typeof source === 'string' ? source : JSON.stringify(source), { format, fallbackLocale: 'en' });
}

/** Every question id of the source, in the source's own terms. */
function sourceQuestionIds(file: string, text: string): string[] {
  const value = parseSurveySource(text) as Record<string, unknown>;
  if (file.endsWith('.qsf')) {
    const elements = value.SurveyElements as { Element: string; Payload: { QuestionID: string; QuestionType: string } }[];
    const blocks = elements.find((element) => element.Element === 'BL')!.Payload as unknown as { Type: string; BlockElements: { Type: string; QuestionID: string }[] }[];
    const visible = new Set(Object.values(blocks).filter((block) => block.Type !== 'Trash').flatMap((block) => block.BlockElements.filter((item) => item.Type === 'Question').map((item) => item.QuestionID)));
    return elements.filter((element) => element.Element === 'SQ' && visible.has(element.Payload.QuestionID)).map((element) => element.Payload.QuestionID);
  }
  const names: string[] = [];
  const walk = (elements: unknown) => {
    for (const element of (elements as { type: string; name: string; elements?: unknown }[]) ?? []) {
      if (element.type === 'panel') walk(element.elements);
      else names.push(element.name);
    }
  };
  for (const page of (value.pages as { elements: unknown }[]) ?? []) walk(page.elements);
  return names;
}

describe.skipIf(samples.length === 0)(`the sample files in ${SAMPLES}`, () => {
  it('has samples to check (else this block is skipped: the shared data folder is absent)', () => {
    expect(samples.length).toBeGreaterThan(0);
  });

  for (const file of samples) {
    it(`${path.basename(file)}: a valid draft; every question is either mapped or reported with its id and type`, () => {
      const text = readFileSync(file, 'utf8');
      const { definition, report, fallbackLocale } = convert(text);
      expect(checkSchema.Check(definition), JSON.stringify([...checkSchema.Errors(definition)].slice(0, 3))).toBe(true);
      const problems = errorsOf(validateDefinition(normaliseDefinition(definition), fallbackLocale)).filter((problem) => problem.field !== 'questions');
      expect(problems).toEqual([]);
      const accounted = [...report.mapped.map((item) => item.sourceId), ...report.unmapped.map((item) => item.sourceId)];
      for (const id of sourceQuestionIds(file, text)) expect(accounted, `question ${id}`).toContain(id);
      for (const item of report.unmapped) {
        expect(item.sourceId).not.toBe('');
        expect(item.sourceType).not.toBe('');
        expect(item.reason.length).toBeGreaterThan(10);
      }
      expect(report.questions.mapped).toBe(definition.questions.length);
    });
  }

  it('SurveyJS NPS quickstart: NPS with end labels, a follow-up limited to two choices, show-if from visibleIf', () => {
    const file = samples.find((candidate) => candidate.includes('surveyjs_react_quickstart_nps'));
    if (!file) return;
    const { definition, report } = convert(readFileSync(file, 'utf8'));
    expect(report.format).toBe('surveyjs');
    expect(definition.questions).toMatchObject([
      { id: 'nps-score', type: 'nps', required: true, lowLabel: { en: '(Most unlikely)' }, highLabel: { en: '(Most likely)' } },
      { id: 'promoter-features', type: 'multiple_choice', maxSelected: 2, showIf: [{ questionId: 'nps-score', operator: 'gte', value: 9 }] },
      { id: 'passive-experience', type: 'text', showIf: [{ operator: 'gte', value: 7 }, { operator: 'lte', value: 8 }] },
      { id: 'disappointed-experience', type: 'text', showIf: [{ operator: 'answered' }] },
    ]);
    expect(definition.thankYou?.en).toMatch(/^Thank you for your feedback\nYour thoughts/);
    expect(report.warnings.map((warning) => warning.feature)).toEqual(expect.arrayContaining(['otherText', 'completedHtmlOnCondition']));
  });

  it('Qualtrics sample: choices, text, display logic on an earlier choice; matrices and side-by-side reported', () => {
    const file = samples.find((candidate) => candidate.endsWith('Sample_Survey.qsf'));
    if (!file) return;
    const { definition, report } = convert(readFileSync(file, 'utf8'));
    expect(report.format).toBe('qualtrics');
    const byId = new Map(definition.questions.map((question) => [question.id, question] as const));
    expect(byId.get('fruits')).toMatchObject({ type: 'single_choice', options: [{ id: 'oranges' }, { id: 'blueberries' }, { id: 'strawberries' }] });
    expect(byId.get('q36')?.showIf).toEqual([{ questionId: 'fruits', operator: 'equals', value: 'oranges' }]);
    expect(byId.get('q18')).toMatchObject({ type: 'text', multiline: false });
    expect(report.unmapped).toEqual(expect.arrayContaining([expect.objectContaining({ sourceId: 'QID4', sourceType: 'SBS/SBSMatrix' }), expect.objectContaining({ sourceId: 'QID3', sourceType: 'Matrix/Likert/SingleAnswer' })]));
    expect(report.warnings).toEqual(expect.arrayContaining([expect.objectContaining({ sourceId: 'QID43', feature: 'DisplayLogic' })]));
    // The trash block's questions are not part of the survey.
    expect(report.mapped.map((item) => item.sourceId)).not.toContain('QID26');
  });
});

describe('SurveyJS, hand-written cases', () => {
  it('keeps translations in our languages, reports the others, and maps scales by their range and wording', () => {
    const { definition, report } = convert({
      title: { default: 'Your visit', 'zh-tw': '您的來訪', ru: 'Ваш визит', de: 'Ihr Besuch' },
      pages: [
        {
          elements: [
            { type: 'rating', name: 'effort', title: { default: 'How easy was it?', hu: 'Mennyire volt könnyű?' }, rateMin: 1, rateMax: 7 },
            { type: 'rating', name: 'sat', title: 'Satisfaction' },
            { type: 'rating', name: 'ten', title: 'Rate 1 to 10', rateMin: 1, rateMax: 10 },
            { type: 'boolean', name: 'may_we_contact', title: 'May we contact you?' },
            { type: 'boolean', name: 'first', title: 'First visit?' },
            {
              type: 'matrix',
              name: 'sq',
              title: 'Agree?',
              columns: [1, 2, 3, 4, 5, 6, 7],
              rows: [
                { value: 'rel', text: 'Reliability: they did what they promised' },
                { value: 'emp', text: { default: 'Empathy: they cared', 'zh-cn': '移情：他们关心我' } },
              ],
            },
            { type: 'matrix', name: 'grid', title: 'Fruit', columns: ['like', 'dislike'], rows: ['apple', 'pear'] },
            { type: 'signaturepad', name: 'sign' },
            { type: 'matrixdynamic', name: 'dyn' },
            { type: 'html', name: 'banner' },
            { type: 'dropdown', name: 'city', choices: ['Taipei', { value: 'bud', text: { default: 'Budapest', hu: 'Budapest' } }], visibleIf: "{sat} > 3 or {sat} < 2" },
            { type: 'text', name: 'why', visibleIf: "{city} = 'bud' and {first} = true" },
          ],
        },
      ],
    });
    expect(definition.title).toEqual({ en: 'Your visit', 'zh-TW': '您的來訪', ru: 'Ваш визит' });
    const byId = new Map(definition.questions.map((question) => [question.id, question] as const));
    expect(byId.get('effort')).toMatchObject({ type: 'ces', title: { en: 'How easy was it?', hu: 'Mennyire volt könnyű?' } });
    expect(byId.get('sat')?.type).toBe('csat');
    expect(byId.get('ten')).toMatchObject({ type: 'single_choice', options: expect.arrayContaining([{ id: '10', label: { en: '10' } }]) });
    expect(byId.get('may-we-contact')?.type).toBe('consent');
    expect(byId.get('first')).toMatchObject({ type: 'single_choice', options: [{ id: 'yes' }, { id: 'no' }] });
    expect(byId.get('sq')).toMatchObject({ type: 'servqual', dimensions: ['reliability', 'empathy'], statements: { empathy: { en: 'Empathy: they cared', 'zh-CN': '移情：他们关心我' } } });
    expect(byId.get('city')?.showIf).toBeUndefined();
    expect(byId.get('why')?.showIf).toEqual([
      { questionId: 'city', operator: 'equals', value: 'bud' },
      { questionId: 'first', operator: 'equals', value: 'yes' },
    ]);
    expect(report.unmapped.map((item) => [item.sourceId, item.sourceType])).toEqual([
      ['grid', 'matrix'],
      ['sign', 'signaturepad'],
      ['dyn', 'matrixdynamic'],
      ['banner', 'html'],
    ]);
    expect(report.warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ sourceId: 'ten', feature: 'scale' }),
        expect.objectContaining({ sourceId: 'city', feature: 'visibleIf' }),
        expect.objectContaining({ sourceId: null, feature: 'language', message: expect.stringContaining('"de"') }),
      ]),
    );
    expect(report.languages).toEqual(['en', 'hu', 'ru', 'zh-CN', 'zh-TW']);
    expect(checkSchema.Check(definition)).toBe(true);
  });

  it('takes an empty survey, old root "questions" and panels', () => {
    expect(convert({ pages: [] })).toMatchObject({ definition: { questions: [] }, report: { questions: { total: 0, mapped: 0 } } });
    const old = convert({ questions: [{ type: 'comment', name: 'c' }, { type: 'panel', name: 'p', visibleIf: '{c} notempty', elements: [{ type: 'radiogroup', name: 'r', choices: ['a', 'b'] }] }] });
    expect(old.definition.questions).toMatchObject([{ id: 'c', type: 'text', multiline: true }, { id: 'r', showIf: [{ questionId: 'c', operator: 'answered' }] }]);
  });

  it('names the line and column of invalid JSON, and refuses what is neither format', () => {
    expect(() => convert('{\n  "pages": [\n    { "elements": [ } ]\n}')).toThrow(/not valid JSON at line 3, column \d+/);
    expect(() => convert('')).toThrow(/empty/);
    expect(() => convert({ hello: 'world' })).toThrow(/neither a SurveyJS survey .* nor a Qualtrics export/);
    expect(() => convert({ pages: [] }, 'qualtrics')).toThrow(/does not look like a Qualtrics .qsf export \(it looks like surveyjs\)/);
    expect(() => convert('export const json = { pages: [ { elements: [ } ] };')).toThrow(/JavaScript module .* at line 1, column/);
    expect(convert("module.exports = { pages: [{ elements: [{ type: 'text', name: 'a', title: 'A', }] }] };").definition.questions).toHaveLength(1);
  });
});

describe('Qualtrics, hand-written cases', () => {
  const question = (id: string, payload: Record<string, unknown>) => ({ Element: 'SQ', PrimaryAttribute: id, Payload: { QuestionID: id, Language: [], ...payload } });
  const qsf = {
    SurveyEntry: { SurveyName: 'Branch visit', SurveyLanguage: 'ZH-T' },
    SurveyElements: [
      { Element: 'BL', Payload: { '0': { Type: 'Default', ID: 'BL_1', BlockElements: [{ Type: 'Question', QuestionID: 'QID1' }, { Type: 'Page Break' }, { Type: 'Question', QuestionID: 'QID2' }, { Type: 'Question', QuestionID: 'QID3' }, { Type: 'Question', QuestionID: 'QID4' }, { Type: 'Question', QuestionID: 'QID5' }, { Type: 'Question', QuestionID: 'QID6' }] } } },
      { Element: 'FL', Payload: { Type: 'Root', Flow: [{ Type: 'Block', ID: 'BL_1' }] } },
      question('QID1', {
        QuestionType: 'MC',
        Selector: 'NPS',
        DataExportTag: 'NPS',
        QuestionText: '您推薦我們的可能性？',
        Choices: Object.fromEntries(Array.from({ length: 11 }, (_, index) => [String(index), { Display: String(index) }])),
        ChoiceOrder: Array.from({ length: 11 }, (_, index) => String(index)),
        Validation: { Settings: { ForceResponse: 'ON' } },
        Language: { HU: { QuestionText: 'Mennyire ajánlana minket?' }, DE: { QuestionText: 'Empfehlen?' } },
      }),
      question('QID2', {
        QuestionType: 'TE',
        Selector: 'ESTB',
        DataExportTag: 'Why low',
        QuestionText: '<b>為什麼</b>&nbsp;給低分？',
        DisplayLogic: { '0': { '0': { LogicType: 'Question', QuestionID: 'QID1', ChoiceLocator: 'q://QID1/SelectableChoice/6', Operator: 'LessThanOrEqual', RightOperand: '6', LeftOperand: 'q://QID1/SelectableChoice/6' }, Type: 'If' }, Type: 'BooleanExpression' },
      }),
      question('QID3', {
        QuestionType: 'Matrix',
        Selector: 'Likert',
        SubSelector: 'SingleAnswer',
        QuestionText: '同意程度',
        Choices: { '1': { Display: '可靠性：準時完成' }, '2': { Display: '響應性：迅速回應' } },
        ChoiceOrder: ['1', '2'],
        Answers: Object.fromEntries(Array.from({ length: 7 }, (_, index) => [String(index + 1), { Display: String(index + 1) }])),
        AnswerOrder: [1, 2, 3, 4, 5, 6, 7],
      }),
      question('QID4', { QuestionType: 'Slider', Selector: 'HSLIDER', QuestionText: '滿意度', Configuration: { CSSliderMin: 1, CSSliderMax: 5, NumDecimals: '0' }, Choices: { '1': { Display: '' } }, ChoiceOrder: ['1'] }),
      question('QID5', { QuestionType: 'RO', Selector: 'DND', QuestionText: '排序' }),
      question('QID6', {
        QuestionType: 'MC',
        Selector: 'MAVR',
        QuestionText: '哪些？',
        Choices: { '1': { Display: '等候' }, '2': { Display: '態度', TextEntry: 'true' } },
        ChoiceOrder: ['1', '2'],
        DisplayLogic: { '0': { '0': { LogicType: 'EmbeddedField', LeftOperand: 'tier', Operator: 'EqualTo', RightOperand: 'gold' }, Type: 'If' }, Type: 'BooleanExpression' },
      }),
      question('QID9', { QuestionType: 'MC', Selector: 'SAVR', QuestionText: 'not in any block' }),
    ],
  };

  it('maps NPS, text with a comparison, a SERVQUAL matrix, a one-row slider; reports the rest', () => {
    const { definition, report, fallbackLocale } = convert(qsf);
    expect(fallbackLocale).toBe('zh-TW');
    expect(definition.title).toEqual({ 'zh-TW': 'Branch visit' });
    expect(definition.questions).toMatchObject([
      { id: 'nps', type: 'nps', required: true, title: { 'zh-TW': '您推薦我們的可能性？', hu: 'Mennyire ajánlana minket?' } },
      { id: 'why-low', type: 'text', multiline: true, title: { 'zh-TW': '為什麼 給低分？' }, showIf: [{ questionId: 'nps', operator: 'lte', value: 6 }] },
      { type: 'servqual', dimensions: ['reliability', 'responsiveness'] },
      { type: 'csat' },
      { type: 'multiple_choice', options: [{ label: { 'zh-TW': '等候' } }, { label: { 'zh-TW': '態度' } }] },
    ]);
    expect(definition.questions[4]!.showIf).toBeUndefined();
    expect(report.unmapped).toEqual([{ sourceId: 'QID5', sourceType: 'RO/DND', reason: expect.stringContaining('no equivalent') }]);
    expect(report.warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ sourceId: 'QID6', feature: 'TextEntry' }),
        expect.objectContaining({ sourceId: 'QID6', feature: 'DisplayLogic' }),
        expect.objectContaining({ sourceId: null, feature: 'language', message: expect.stringContaining('"DE"') }),
      ]),
    );
    expect(report.languages).toEqual(['hu', 'zh-TW']);
    expect(checkSchema.Check(definition)).toBe(true);
    expect(errorsOf(validateDefinition(normaliseDefinition(definition), fallbackLocale))).toEqual([]);
  });
});
