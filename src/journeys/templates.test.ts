import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCALES, listTranslatableTexts, stageDisplayName, validateBlueprint, type TranslatableText } from './model.ts';
import { loadTemplates } from './templates.ts';

const templates = await loadTemplates();

/** Every text a template shows: the journey's own, the stages' (custom or default) and the blueprint's. */
function textsOf(template: (typeof templates)[number]): { field: string; text: TranslatableText }[] {
  return [
    { field: 'name', text: template.document.name },
    ...(template.document.description ? [{ field: 'description', text: template.document.description }] : []),
    ...template.blueprint.stages.map((stage, i) => ({ field: `stages.${i}.displayName`, text: stageDisplayName(stage) })),
    ...listTranslatableTexts(template.blueprint),
  ];
}

// Characters that exist only in one Chinese script: a zh-TW text copied from zh-CN (or back) shows them.
const SIMPLIFIED_ONLY = '这们个时为发务业户厅员动问题说关买卖机电话单车费门间处录预订询认确运货总价应决头让该请进经过还号码';
const TRADITIONAL_ONLY = '這們個時為發務業戶廳員動問題說關買賣機電話單車費門間處錄預訂詢認確運貨總價應決頭讓該請進經過還號碼';

describe('shipped journey templates', () => {
  it('include the six journeys of the seeds', () => {
    expect(templates.map((t) => t.key)).toEqual([
      'airline-trip',
      'car-dealership-sales',
      'hotel-stay',
      'online-retail-order',
      'property-management-service',
      'telecom-service-hall',
    ]);
  });

  for (const template of templates) {
    describe(template.key, () => {
      it('is a valid blueprint without errors or warnings', () => {
        expect(validateBlueprint(template.blueprint, template.document.fallbackLocale)).toEqual([]);
      });

      it('has every text in all five languages', () => {
        const missing = textsOf(template).flatMap(({ field, text }) =>
          LOCALES.filter((locale) => !text[locale]?.trim()).map((locale) => `${field}.${locale}`),
        );
        expect(missing).toEqual([]);
      });

      it('writes each language in its own script', () => {
        const wrong: string[] = [];
        for (const { field, text } of textsOf(template)) {
          if (!/\p{Script=Han}/u.test(text['zh-CN']!)) wrong.push(`${field}.zh-CN has no Chinese`);
          if (!/\p{Script=Han}/u.test(text['zh-TW']!)) wrong.push(`${field}.zh-TW has no Chinese`);
          if ([...text['zh-TW']!].some((c) => SIMPLIFIED_ONLY.includes(c))) wrong.push(`${field}.zh-TW uses simplified characters`);
          if ([...text['zh-CN']!].some((c) => TRADITIONAL_ONLY.includes(c))) wrong.push(`${field}.zh-CN uses traditional characters`);
          if (!/\p{Script=Cyrillic}/u.test(text.ru!)) wrong.push(`${field}.ru has no Cyrillic`);
          if (text.hu === text.en && text.en!.length > 3) wrong.push(`${field}.hu is the English text`);
        }
        expect(wrong).toEqual([]);
      });

      it('marks a peak and an end, and every visit purpose its own peaks', () => {
        expect(template.blueprint.moments.some((m) => m.flags.includes('peak'))).toBe(true);
        expect(template.blueprint.moments.some((m) => m.flags.includes('end'))).toBe(true);
        expect(template.blueprint.purposes.length).toBeGreaterThanOrEqual(2);
        for (const purpose of template.blueprint.purposes) expect(purpose.peakMomentKeys.length).toBeGreaterThan(0);
      });
    });
  }

  it('follows the peak–end study of seed 003 for the telecom service hall', () => {
    const hall = templates.find((t) => t.key === 'telecom-service-hall')!.blueprint;
    expect(hall.moments.map((m) => m.key)).toEqual([
      'find-outlet',
      'greeting',
      'queue-triage',
      'counter-transaction',
      'data-service-trial',
      'phone-purchase',
      'leave',
      'follow-up',
    ]);
    expect(hall.moments.filter((m) => m.flags.includes('peak')).map((m) => m.key)).toEqual(['counter-transaction', 'data-service-trial', 'phone-purchase']);
    expect(hall.moments.filter((m) => m.flags.includes('end')).map((m) => m.key)).toEqual(['leave']);
    expect(Object.fromEntries(hall.purposes.map((p) => [p.key, p.peakMomentKeys]))).toEqual({
      'pay-bill': ['counter-transaction'],
      'buy-phone': ['phone-purchase'],
      'try-data': ['data-service-trial'],
    });
    const counter = hall.moments.find((m) => m.key === 'counter-transaction')!;
    expect(counter.coreNeeds.map((t) => t['zh-CN'])).toEqual(['迅速', '礼貌', '结果准确']);
    expect(counter.actionGuide).toHaveLength(5);
    expect(counter.responsibleRole?.en).toBeTruthy();
    expect(counter.benchmarks.length).toBeGreaterThan(0);
  });

  it('refuses to load a broken template, naming the file and the field', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'km-templates-'));
    try {
      const broken = structuredClone(templates[0]!.document) as Record<string, unknown> & { moments: { stageKey: string }[] };
      broken.moments[0]!.stageKey = 'nowhere';
      await writeFile(path.join(dir, 'broken.json'), JSON.stringify(broken));
      await expect(loadTemplates(dir)).rejects.toThrow(/broken\.json.*moments\.0\.stageKey/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
