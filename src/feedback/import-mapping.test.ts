import { describe, expect, it } from 'vitest';
import { answerValue, columnOfField, detectDateOrder, parseDateTime, parseNumber, rowToItem, suggestMapping, type RowContext } from './import-mapping.ts';
import { normaliseQuestion, type Question } from './model.ts';

const taipei = { timezone: 'Asia/Taipei', dateOrder: 'auto' as const };

describe('column suggestions by header name', () => {
  it('maps headers in the five languages and our own field names, each column once', () => {
    expect(suggestMapping('interactions', ['編號', '時刻', '門市', '日期時間', '渠道', '客戶編號', '員工', '等候時間', 'Notes'])).toEqual({
      externalId: '編號',
      momentKey: '時刻',
      locationCode: '門市',
      occurredAt: '日期時間',
      channel: '渠道',
      'customer.externalId': '客戶編號',
      staffId: '員工',
      'metrics.waitSeconds': '等候時間',
    });
    expect(suggestMapping('interactions', ['Идентификатор', 'Момент', 'Точка', 'Дата', 'Канал', 'Клиент', 'Телефон'])).toMatchObject({
      externalId: 'Идентификатор',
      momentKey: 'Момент',
      locationCode: 'Точка',
      occurredAt: 'Дата',
      channel: 'Канал',
      'customer.externalId': 'Клиент',
      'customer.phone': 'Телефон',
    });
    expect(suggestMapping('interactions', ['Azonosító', 'Pillanat', 'Helyszín', 'Időpont', 'Csatorna', 'Ügyfél azonosító'])).toMatchObject({
      externalId: 'Azonosító',
      momentKey: 'Pillanat',
      locationCode: 'Helyszín',
      occurredAt: 'Időpont',
      'customer.externalId': 'Ügyfél azonosító',
    });
    expect(suggestMapping('interactions', ['external_id', 'Moment Key', 'customer.externalId', 'attributes.tier'])).toMatchObject({
      externalId: 'external_id',
      momentKey: 'Moment Key',
      'customer.externalId': 'customer.externalId',
      'customer.attributes.tier': 'attributes.tier',
    });
  });

  it('maps our own response export back, and columns named by a survey question', () => {
    const questions: Question[] = [
      normaliseQuestion({ id: 'recommend', type: 'nps', title: { en: 'How likely are you to recommend us?', 'zh-TW': '推薦' } }),
      normaliseQuestion({ id: 'quality', type: 'servqual', dimensions: ['reliability'], title: { en: 'Quality' } }),
    ];
    const mapping = suggestMapping('responses', ['externalId', 'submittedAt', 'surveyKey', 'customerExternalId', 'answer.comment', 'answer.quality.perception.reliability', '推薦'], { questions });
    expect(mapping).toMatchObject({
      externalId: 'externalId',
      submittedAt: 'submittedAt',
      surveyKey: 'surveyKey',
      'customer.externalId': 'customerExternalId',
      'answers.comment': 'answer.comment',
      'answers.quality.perception.reliability': 'answer.quality.perception.reliability',
      'answers.recommend': '推薦',
    });
  });
});

describe('dates as people write them', () => {
  it('reads ISO 8601 with an offset as it is, and local formats in the import’s time zone', () => {
    expect(parseDateTime('2026-11-20T09:30:00+08:00', taipei)).toBe('2026-11-20T01:30:00.000Z');
    expect(parseDateTime('2026-11-20T09:30Z', taipei)).toBe('2026-11-20T09:30:00.000Z');
    expect(parseDateTime('2026-11-20 09:30', taipei)).toBe('2026-11-20T01:30:00.000Z');
    expect(parseDateTime('2026/11/20 9:30', taipei)).toBe('2026-11-20T01:30:00.000Z');
    expect(parseDateTime('2026年11月20日 09:30', taipei)).toBe('2026-11-20T01:30:00.000Z');
    expect(parseDateTime('2026. 11. 20. 9:30', { timezone: 'Europe/Budapest', dateOrder: 'auto' })).toBe('2026-11-20T08:30:00.000Z');
    expect(parseDateTime('20.11.2026 09:30:15', { timezone: 'Europe/Moscow', dateOrder: 'auto' })).toBe('2026-11-20T06:30:15.000Z');
    expect(parseDateTime('20/11/2026', { timezone: 'UTC', dateOrder: 'auto' })).toBe('2026-11-20T00:00:00.000Z');
    expect(parseDateTime('11/20/2026 9:30 PM', { timezone: 'UTC', dateOrder: 'auto' })).toBe('2026-11-20T21:30:00.000Z');
    expect(parseDateTime('2026-11-20 下午 9:30', taipei)).toBeUndefined();
  });

  it('handles summer time, refuses impossible dates, and leaves 03/04 to the column’s order', () => {
    expect(parseDateTime('2026-07-01 12:00', { timezone: 'Europe/Budapest', dateOrder: 'auto' })).toBe('2026-07-01T10:00:00.000Z');
    expect(parseDateTime('2026-02-30 10:00', taipei)).toBeUndefined();
    expect(parseDateTime('2026-11-20 25:00', taipei)).toBeUndefined();
    expect(parseDateTime('yesterday', taipei)).toBeUndefined();
    expect(parseDateTime('03/04/2026', { timezone: 'UTC', dateOrder: 'auto' })).toBeUndefined();
    expect(parseDateTime('03/04/2026', { timezone: 'UTC', dateOrder: 'mdy' })).toBe('2026-03-04T00:00:00.000Z');
    expect(parseDateTime('03/04/2026', { timezone: 'UTC', dateOrder: 'dmy' })).toBe('2026-04-03T00:00:00.000Z');
    expect(detectDateOrder(['03/04/2026', '25/04/2026'])).toEqual({ order: 'dmy' });
    expect(detectDateOrder(['03/04/2026', '04/25/2026'])).toEqual({ order: 'mdy' });
    expect(detectDateOrder(['03/04/2026'])).toEqual({ ambiguous: true });
  });
});

describe('values', () => {
  it('reads decimal commas and thousands separators', () => {
    expect(parseNumber('240')).toBe(240);
    expect(parseNumber('12,5')).toBe(12.5);
    expect(parseNumber('1,234.5')).toBe(1234.5);
    expect(parseNumber('1 234')).toBe(1234);
    expect(parseNumber('abc')).toBeUndefined();
  });

  it('reads answers for their question: labels to option ids, lists, yes/no in five languages', () => {
    const choice = normaliseQuestion({
      id: 'why',
      type: 'multiple_choice',
      title: { en: 'Why?' },
      options: [
        { id: 'waiting', label: { en: 'Waiting time', 'zh-TW': '等候時間' } },
        { id: 'staff', label: { en: 'Staff attitude', hu: 'Hozzáállás' } },
      ],
    });
    expect(answerValue(choice, 'waiting; staff')).toEqual(['waiting', 'staff']);
    expect(answerValue(choice, '等候時間，hozzáállás')).toEqual(['waiting', 'staff']);
    expect(answerValue(choice, 'bored')).toEqual(['bored']);
    const consent = normaliseQuestion({ id: 'contact', type: 'consent', title: { en: 'Contact?' } });
    expect(['是', 'igen', 'да', 'Yes', '1'].map((value) => answerValue(consent, value))).toEqual([true, true, true, true, true]);
    expect(['否', 'nem', 'нет', 'no'].map((value) => answerValue(consent, value))).toEqual([false, false, false, false]);
    expect(answerValue(normaliseQuestion({ id: 'nps', type: 'nps', title: { en: 'NPS' } }), '9')).toBe(9);
    expect(answerValue(normaliseQuestion({ id: 'nps', type: 'nps', title: { en: 'NPS' } }), 'ten')).toBe('ten');
  });
});

describe('a row becomes an item', () => {
  const context: RowContext = {
    kind: 'interactions',
    mapping: { externalId: 'id', occurredAt: 'when', 'metrics.waitSeconds': 'wait', 'customer.externalId': 'cust', 'customer.attributes.tier': 'tier', channel: 'ch' },
    defaults: { channel: 'in_person', momentKey: 'counter' },
    columnIndex: new Map([['id', 0], ['when', 1], ['wait', 2], ['cust', 3], ['tier', 4], ['ch', 5]]),
    dates: taipei,
  };

  it('nests fields, uses defaults for empty cells and leaves out empty optional fields', () => {
    expect(rowToItem(['v-1', '2026-11-20 09:30', '', 'C1', 'gold', ''], context)).toEqual({
      item: { externalId: 'v-1', occurredAt: '2026-11-20T01:30:00.000Z', customer: { externalId: 'C1', attributes: { tier: 'gold' } }, channel: 'in_person', momentKey: 'counter' },
      issues: [],
    });
  });

  it('names the field and column of what it cannot convert', () => {
    expect(rowToItem(['v-2', 'soon', 'long', 'C1', '', 'phone'], context).issues).toEqual([
      { field: 'occurredAt', column: 'when', message: expect.stringContaining('"soon" is not a date and time') },
      { field: 'metrics.waitSeconds', column: 'wait', message: 'metrics.waitSeconds: "long" is not a number' },
    ]);
    expect(rowToItem(['v-3', '03/04/2026', '1', 'C1', '', ''], context).issues[0]!.message).toMatch(/day\/month or month\/day/);
  });

  it('finds the column of a nested field in an ingest error', () => {
    expect(columnOfField({ 'answers.quality.perception.empathy': 'E' }, 'answers.quality.perception.empathy')).toBe('E');
    expect(columnOfField({ 'answers.why': 'Why' }, 'answers.why.1')).toBe('Why');
    expect(columnOfField({}, 'customer.externalId')).toBeNull();
  });
});
