import { describe, expect, it } from 'vitest';
import {
  diffBlueprints,
  effectiveBlueprint,
  errorsOf,
  listTranslatableTexts,
  localiseBlueprint,
  normaliseBlueprint,
  normaliseOverride,
  resolveText,
  validateBlueprint,
  validateOverride,
  type Benchmark,
  type Blueprint,
  type MomentInput,
  type OverrideInput,
  type Problem,
} from './model.ts';

const moment = (key: string, stageKey: string, extra: Partial<MomentInput> = {}): MomentInput => ({
  key,
  name: { en: `Moment ${key}`, ru: `Момент ${key}` },
  stageKey,
  ...extra,
});

const waitTarget = (): Benchmark => ({ metric: 'wait_seconds', comparator: 'lte', value: 300, localMin: 120, localMax: 600 });

/** A small service hall: arrive → counter (peak) → leave (end), with two visit purposes. */
function hall(): Blueprint {
  return normaliseBlueprint({
    stages: [
      { key: 'before', kind: 'zero' },
      { key: 'visit', kind: 'first' },
    ],
    moments: [
      moment('find', 'before', { channels: ['web'] }),
      moment('greeting', 'visit', { flags: ['key'] }),
      moment('counter', 'visit', { flags: ['peak'], benchmarks: [waitTarget(), { metric: 'csat', comparator: 'gte', value: 90 }] }),
      moment('leave', 'visit', { flags: ['end'] }),
    ],
    purposes: [
      { key: 'pay-bill', name: { en: 'Pay a bill' }, peakMomentKeys: ['counter'] },
      { key: 'buy-phone', name: { en: 'Buy a phone' }, peakMomentKeys: ['greeting'] },
    ],
  });
}

const fieldsOf = (problems: Problem[]) => problems.map((problem) => problem.field);

describe('resolveText', () => {
  const text = { en: 'Counter', 'zh-CN': '柜台', ru: 'Стойка' };
  it('uses the requested language, then the other Chinese script, then the fallback, then any', () => {
    expect(resolveText(text, 'ru', 'en')).toBe('Стойка');
    expect(resolveText(text, 'zh-TW', 'en')).toBe('柜台');
    expect(resolveText(text, 'hu', 'en')).toBe('Counter');
    expect(resolveText(text, 'hu', 'ru')).toBe('Стойка');
    expect(resolveText({ hu: 'Pult' }, 'en', 'ru')).toBe('Pult');
  });

  it('treats blank strings as missing and answers an absent text with an empty string', () => {
    expect(resolveText({ en: 'Counter', ru: '  ' }, 'ru', 'en')).toBe('Counter');
    expect(resolveText(undefined, 'en', 'en')).toBe('');
  });
});

describe('validateBlueprint', () => {
  it('accepts a well-formed blueprint without errors or warnings', () => {
    expect(validateBlueprint(hall(), 'en')).toEqual([]);
  });

  it('reports duplicate keys, unknown stages and unknown peak keys with their paths', () => {
    const blueprint = hall();
    blueprint.moments[3]!.key = 'counter';
    blueprint.moments[1]!.stageKey = 'nowhere';
    blueprint.purposes[0]!.peakMomentKeys = ['counter', 'ghost'];
    blueprint.stages.push({ key: 'visit', kind: 'second' });
    const problems = errorsOf(validateBlueprint(blueprint, 'en'));
    expect(fieldsOf(problems)).toEqual(expect.arrayContaining(['moments.3.key', 'moments.1.stageKey', 'purposes.0.peakMomentKeys.1', 'stages.2.key']));
    expect(problems.find((p) => p.field === 'moments.3.key')!.message).toContain('moments.2');
  });

  it('gives the common problems a code and the values they name, so an editor can word them in its language', () => {
    const blueprint = hall();
    blueprint.moments[3]!.key = 'counter';
    blueprint.moments[1]!.stageKey = 'nowhere';
    blueprint.moments[0]!.name = { ru: 'Найти салон' };
    blueprint.purposes[0]!.peakMomentKeys = ['ghost'];
    blueprint.moments[2]!.benchmarks = [{ metric: 'csat', comparator: 'gte', value: 120 }];
    const byField = new Map(validateBlueprint(blueprint, 'en').map((problem) => [problem.field, problem] as const));
    expect(byField.get('moments.3.key')).toMatchObject({ code: 'duplicate_key', params: { key: 'counter' } });
    expect(byField.get('moments.1.stageKey')).toMatchObject({ code: 'unknown_stage', params: { key: 'nowhere' } });
    expect(byField.get('moments.0.name.en')).toMatchObject({ code: 'missing_fallback_text', params: { language: 'en' } });
    expect(byField.get('purposes.0.peakMomentKeys.0')).toMatchObject({ code: 'unknown_moment', params: { key: 'ghost' } });
    expect(byField.get('moments.2.benchmarks.0.value')).toMatchObject({ code: 'outside_scale', params: { value: 120, metric: 'csat', min: 0, max: 100 } });
    expect(validateBlueprint({ stages: [], moments: [], purposes: [] }, 'en').map((problem) => problem.code)).toEqual(['no_stages', 'no_moments']);
  });

  it('needs texts in the fallback language and a name for custom stages', () => {
    const blueprint = hall();
    blueprint.stages.push({ key: 'after', kind: 'custom' });
    blueprint.moments[0]!.coreNeeds = [{ ru: 'Быстро найти адрес' }];
    expect(fieldsOf(errorsOf(validateBlueprint(blueprint, 'en')))).toEqual(['stages.2.name', 'moments.0.coreNeeds.0.en']);
    // With Russian as the fallback the Russian-only text is fine, but the English-only purpose names are not.
    expect(fieldsOf(errorsOf(validateBlueprint(blueprint, 'ru')))).toEqual(['stages.2.name', 'purposes.0.name.ru', 'purposes.1.name.ru']);
  });

  it('checks benchmarks: metric scale, local limits around the value, custom metrics, comparators', () => {
    const blueprint = hall();
    blueprint.moments[2]!.benchmarks = [
      { metric: 'nps', comparator: 'gte', value: 140 },
      { metric: 'wait_seconds', comparator: 'lte', value: 300, localMin: 400 },
      { metric: 'custom', comparator: 'gte', value: 3 },
      { metric: 'csat', comparator: 'about' as never, value: 80 },
    ];
    expect(fieldsOf(errorsOf(validateBlueprint(blueprint, 'en')))).toEqual([
      'moments.2.benchmarks.0.value',
      'moments.2.benchmarks.1.localMin',
      'moments.2.benchmarks.2.customKey',
      'moments.2.benchmarks.2.customName',
      'moments.2.benchmarks.3.comparator',
    ]);
  });

  it('refuses two targets for the same metric on one moment', () => {
    const blueprint = hall();
    blueprint.moments[2]!.benchmarks.push({ metric: 'csat', comparator: 'gte', value: 80 });
    expect(fieldsOf(errorsOf(validateBlueprint(blueprint, 'en')))).toEqual(['moments.2.benchmarks.2.metric']);
  });

  it('only warns about a journey without an end moment and a target pointing the wrong way', () => {
    const blueprint = hall();
    blueprint.moments[3]!.flags = [];
    blueprint.moments[2]!.benchmarks[0] = { metric: 'wait_seconds', comparator: 'gte', value: 300 };
    const problems = validateBlueprint(blueprint, 'en');
    expect(errorsOf(problems)).toEqual([]);
    expect(problems).toEqual([
      expect.objectContaining({ severity: 'warning', field: 'moments.2.benchmarks.0.comparator' }),
      expect.objectContaining({ severity: 'warning', field: 'moments', message: expect.stringContaining('end') }),
    ]);
  });

  it('needs at least one stage and one moment', () => {
    expect(fieldsOf(errorsOf(validateBlueprint({ stages: [], moments: [], purposes: [] }, 'en')))).toEqual(['stages', 'moments']);
  });
});

describe('normaliseBlueprint', () => {
  it('fills the optional lists and groups moments by stage, keeping their order within a stage', () => {
    const blueprint = normaliseBlueprint({
      stages: [
        { key: 'a', kind: 'zero' },
        { key: 'b', kind: 'first' },
      ],
      moments: [moment('b1', 'b'), moment('a1', 'a'), moment('b2', 'b'), moment('a2', 'a')],
    });
    expect(blueprint.moments.map((m) => m.key)).toEqual(['a1', 'a2', 'b1', 'b2']);
    expect(blueprint.moments[0]).toMatchObject({ channels: [], flags: [], coreNeeds: [], actionGuide: [], benchmarks: [] });
    expect(blueprint.purposes).toEqual([]);
  });
});

describe('diffBlueprints', () => {
  it('finds nothing between equal blueprints whatever the key order of their objects', () => {
    const reordered = JSON.parse(JSON.stringify(hall(), (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v))) as Blueprint;
    expect(diffBlueprints(hall(), reordered).identical).toBe(true);
  });

  it('lists moments added, removed and changed with the changed field names', () => {
    const before = hall();
    const after = hall();
    after.moments = after.moments.filter((m) => m.key !== 'greeting');
    after.moments[1]!.benchmarks[0]!.value = 240;
    after.moments[1]!.name = { en: 'Counter service' };
    after.moments.push({ ...after.moments[2]!, key: 'survey', flags: [] });
    after.purposes[0]!.peakMomentKeys.push('leave');
    after.stages.push({ key: 'after', kind: 'second' });
    const diff = diffBlueprints(before, after);
    expect(diff.identical).toBe(false);
    expect(diff.moments).toEqual({ added: ['survey'], removed: ['greeting'], changed: [{ key: 'counter', fields: ['benchmarks', 'name'] }] });
    expect(diff.purposes.changed).toEqual([{ key: 'pay-bill', fields: ['peakMomentKeys'] }]);
    expect(diff.stages.added).toEqual(['after']);
  });

  it('marks only the moment that moved as reordered, and a stage change as stageKey', () => {
    const before = hall();
    const after = hall();
    const [greeting] = after.moments.splice(1, 1);
    after.moments.splice(3, 0, greeting!); // find, counter, leave, greeting
    expect(diffBlueprints(before, after).moments.changed).toEqual([{ key: 'greeting', fields: ['order'] }]);
    const moved = hall();
    moved.moments[1]!.stageKey = 'before';
    expect(diffBlueprints(before, moved).moments.changed).toEqual([{ key: 'greeting', fields: ['stageKey'] }]);
  });
});

describe('overrides and the effective blueprint', () => {
  const override = (input: OverrideInput) => normaliseOverride(input);
  const region = override({
    addedMoments: [{ ...moment('umbrella', 'visit'), after: 'counter', benchmarks: [{ metric: 'csat', comparator: 'gte', value: 85, localMin: 80, localMax: 95 }] }],
    benchmarkAdjustments: [{ momentKey: 'counter', metric: 'wait_seconds', value: 400 }],
  });
  const outlet = override({
    addedMoments: [{ ...moment('elder-care', 'visit'), after: 'umbrella' }, moment('parking', 'before')],
    benchmarkAdjustments: [
      { momentKey: 'counter', metric: 'wait_seconds', value: 180 },
      { momentKey: 'umbrella', metric: 'csat', value: 90 },
    ],
  });

  it('layers the overrides from the top down, places added moments and marks every origin', () => {
    const { blueprint, notices } = effectiveBlueprint(hall(), [
      { locationId: 'region', document: region },
      { locationId: 'outlet', document: outlet },
    ]);
    expect(notices).toEqual([]);
    expect(blueprint.moments.map((m) => `${m.order}:${m.key}@${m.origin}`)).toEqual([
      '1:parking@outlet',
      '2:find@central',
      '3:greeting@central',
      '4:counter@central',
      '5:umbrella@region',
      '6:elder-care@outlet',
      '7:leave@central',
    ]);
    const counter = blueprint.moments.find((m) => m.key === 'counter')!;
    expect(counter.benchmarks[0]).toMatchObject({ value: 180, baseValue: 300, adjustedBy: 'outlet' });
    expect(counter.benchmarks[1]).toMatchObject({ value: 90, baseValue: 90, adjustedBy: null });
    expect(blueprint.moments.find((m) => m.key === 'umbrella')!.benchmarks[0]).toMatchObject({ value: 90, adjustedBy: 'outlet' });
    expect(blueprint.stages[1]!.displayName.en).toContain('FMOT');
  });

  it('skips, with a notice, what no longer fits a newer central version', () => {
    const central = hall();
    central.moments = central.moments.filter((m) => m.key !== 'counter');
    central.moments.push({ ...central.moments[0]!, key: 'umbrella', stageKey: 'visit' });
    const { blueprint, notices } = effectiveBlueprint(central, [{ locationId: 'region', document: region }]);
    expect(notices.map((n) => n.field)).toEqual(['addedMoments.0.key', 'benchmarkAdjustments.0']);
    expect(blueprint.moments.filter((m) => m.key === 'umbrella')).toHaveLength(1);
    expect(blueprint.moments.find((m) => m.key === 'umbrella')!.origin).toBe('central');
  });

  it('places a moment whose anchor disappeared at the end of its stage', () => {
    const lonely = override({ addedMoments: [{ ...moment('coffee', 'visit'), after: 'gone' }] });
    const { blueprint, notices } = effectiveBlueprint(hall(), [{ locationId: 'outlet', document: lonely }]);
    expect(notices).toEqual([expect.objectContaining({ field: 'addedMoments.0.after' })]);
    expect(blueprint.moments.map((m) => m.key)).toEqual(['find', 'greeting', 'counter', 'leave', 'coffee']);
  });

  it('refuses to redefine, rename or replace an inherited moment, naming the path', () => {
    const inherited = effectiveBlueprint(hall(), [{ locationId: 'region', document: region }]).blueprint;
    const attempt = override({ addedMoments: [moment('leave', 'visit', { name: { en: 'Goodbye' } }), { ...moment('umbrella', 'visit') }] });
    const problems = validateOverride(attempt, inherited, 'en');
    expect(fieldsOf(problems)).toEqual(['addedMoments.0.key', 'addedMoments.1.key']);
    expect(problems[0]!.message).toContain('central blueprint');
    expect(problems[1]!.message).toContain('location region');
  });

  it('allows benchmark adjustments only within the local limits of adjustable targets', () => {
    const inherited = effectiveBlueprint(hall(), []).blueprint;
    const attempt = override({
      addedMoments: [{ ...moment('coffee', 'visit'), after: 'find' }],
      benchmarkAdjustments: [
        { momentKey: 'counter', metric: 'wait_seconds', value: 60 },
        { momentKey: 'counter', metric: 'csat', value: 70 },
        { momentKey: 'counter', metric: 'nps', value: 30 },
        { momentKey: 'ghost', metric: 'csat', value: 70 },
        { momentKey: 'counter', metric: 'wait_seconds', value: 600 },
      ],
    });
    const problems = validateOverride(attempt, inherited, 'en');
    expect(problems.map((p) => `${p.field}: ${p.message}`)).toEqual([
      expect.stringMatching(/^addedMoments\.0\.after: .*stage "before"/),
      expect.stringMatching(/^benchmarkAdjustments\.0\.value: 60 is outside the allowed range \[120, 600\]/),
      expect.stringMatching(/^benchmarkAdjustments\.1\.value: .*not adjustable/),
      expect.stringMatching(/^benchmarkAdjustments\.2\.metric: .*no nps/),
      expect.stringMatching(/^benchmarkAdjustments\.3\.momentKey: /),
      expect.stringMatching(/^benchmarkAdjustments\.4\.metric: .*twice/),
    ]);
    const fine = override({ benchmarkAdjustments: [{ momentKey: 'counter', metric: 'wait_seconds', value: 600 }] });
    expect(validateOverride(fine, inherited, 'en')).toEqual([]);
  });
});

describe('texts', () => {
  it('lists every translatable text of a blueprint with its path', () => {
    const t = (en: string) => ({ en });
    const blueprint = normaliseBlueprint({
      stages: [{ key: 's', kind: 'custom', name: t('stage') }],
      moments: [
        {
          key: 'm',
          stageKey: 's',
          name: t('name'),
          description: t('description'),
          coreNeeds: [t('need')],
          keyPoints: [t('point')],
          actionGuide: [{ title: t('title'), detail: t('detail') }],
          responsibleRole: t('role'),
          implementationNotes: [t('note')],
          benchmarks: [{ metric: 'custom', customKey: 'x', customName: t('custom'), comparator: 'gte', value: 1 }],
        },
      ],
      purposes: [{ key: 'p', name: t('purpose'), description: t('purpose description') }],
    });
    expect(listTranslatableTexts(blueprint).map(({ field, text }) => `${field}=${text.en}`)).toEqual([
      'stages.0.name=stage',
      'moments.0.name=name',
      'moments.0.description=description',
      'moments.0.coreNeeds.0=need',
      'moments.0.keyPoints.0=point',
      'moments.0.actionGuide.0.title=title',
      'moments.0.actionGuide.0.detail=detail',
      'moments.0.responsibleRole=role',
      'moments.0.implementationNotes.0=note',
      'moments.0.benchmarks.0.customName=custom',
      'purposes.0.name=purpose',
      'purposes.0.description=purpose description',
    ]);
  });

  it('resolves an effective blueprint to one language', () => {
    const localised = localiseBlueprint(effectiveBlueprint(hall(), []).blueprint, 'ru', 'en');
    expect(localised.moments[0]!.name).toBe('Момент find');
    expect(localised.purposes[0]!.name).toBe('Pay a bill');
    expect(localised.stages[0]!.displayName).toContain('ZMOT');
  });
});
