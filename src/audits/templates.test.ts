import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../platform/locales.ts';
import { itemsOf, validateDefinition, type TranslatableText } from './model.ts';
import { loadChecklistTemplates } from './templates.ts';

const templates = await loadChecklistTemplates();

/** The journeys room's shipped templates, read as plain files (their moment keys are the contract). */
async function journeyTemplate(key: string): Promise<{ moments: { key: string; benchmarks?: { metric: string }[] }[] }> {
  const file = path.join(path.dirname(fileURLToPath(import.meta.url)), '../journeys/templates', `${key}.json`);
  return JSON.parse(await readFile(file, 'utf8')) as { moments: { key: string }[] };
}

function textsOf(template: (typeof templates)[number]): { field: string; text: TranslatableText }[] {
  const texts = [{ field: 'name', text: template.document.name }];
  if (template.document.description) texts.push({ field: 'description', text: template.document.description });
  template.definition.sections.forEach((section, i) => {
    if (section.title) texts.push({ field: `sections.${i}.title`, text: section.title });
    section.items.forEach((item, j) => {
      texts.push({ field: `sections.${i}.items.${j}.text`, text: item.text });
      if (item.guidance) texts.push({ field: `sections.${i}.items.${j}.guidance`, text: item.guidance });
    });
  });
  return texts;
}

// Characters that exist only in one Chinese script: a zh-TW text copied from zh-CN (or back) shows them.
const SIMPLIFIED_ONLY = '这们个时为发务业户厅员动问题说关买卖机电话单车费门间处录预订询认确运货总价应决头让该请进经过还号码际导级';
const TRADITIONAL_ONLY = '這們個時為發務業戶廳員動問題說關買賣機電話單車費門間處錄預訂詢認確運貨總價應決頭讓該請進經過還號碼際導級';

describe('shipped checklist templates', () => {
  it('are the car dealership steps (seed 001) and the service hall moments (seed 003)', () => {
    expect(templates.map((t) => t.key)).toEqual(['car-dealership-sales-steps', 'telecom-service-hall-visit']);
  });

  for (const template of templates) {
    describe(template.key, () => {
      it('is a valid checklist without errors or warnings', () => {
        expect(validateDefinition(template.definition, template.document.fallbackLocale)).toEqual([]);
      });

      it('has every text in all five languages, each in its own script', () => {
        const missing = textsOf(template).flatMap(({ field, text }) => LOCALES.filter((locale) => !text[locale]?.trim()).map((locale) => `${field}.${locale}`));
        expect(missing).toEqual([]);
        const wrong: string[] = [];
        for (const { field, text } of textsOf(template)) {
          if (!/\p{Script=Han}/u.test(text['zh-CN']!)) wrong.push(`${field}.zh-CN has no Chinese`);
          if (!/\p{Script=Han}/u.test(text['zh-TW']!)) wrong.push(`${field}.zh-TW has no Chinese`);
          if ([...text['zh-TW']!].some((c) => SIMPLIFIED_ONLY.includes(c))) wrong.push(`${field}.zh-TW uses simplified characters`);
          if ([...text['zh-CN']!].some((c) => TRADITIONAL_ONLY.includes(c))) wrong.push(`${field}.zh-CN uses traditional characters`);
          if (!/\p{Script=Cyrillic}/u.test(text.ru!)) wrong.push(`${field}.ru has no Cyrillic`);
          if (text.hu === text.en) wrong.push(`${field}.hu is the English text`);
        }
        expect(wrong).toEqual([]);
      });

      it('audits moments of the shipped journey of the same key, including every audit_compliance benchmark', async () => {
        const journey = await journeyTemplate(template.definition.journeyKey);
        const momentKeys = journey.moments.map((moment) => moment.key);
        const sections = template.definition.sections.map((section) => section.momentKey);
        expect(sections.filter((key) => !momentKeys.includes(key))).toEqual([]);
        // Sections follow the journey's order.
        expect([...sections].sort((a, b) => momentKeys.indexOf(a) - momentKeys.indexOf(b))).toEqual(sections);
        const benchmarked = journey.moments.filter((moment) => moment.benchmarks?.some((b) => b.metric === 'audit_compliance')).map((moment) => moment.key);
        const inJourneyOnlyBeforeVisit = benchmarked.filter((key) => !sections.includes(key));
        // The service hall's "find the outlet" is audited on the back office's materials, not in a visit.
        expect(inJourneyOnlyBeforeVisit.every((key) => key === 'find-outlet')).toBe(true);
      });

      it('marks critical items that may not be skipped, and asks for evidence on failure', () => {
        const items = itemsOf(template.definition).map(({ item }) => item);
        const critical = items.filter((item) => item.critical);
        expect(critical.length).toBeGreaterThan(0);
        for (const item of critical) {
          expect(item.allowNa).toBe(false);
          expect(item.evidenceOnFailure).not.toBe('none');
        }
        expect(items.some((item) => item.type === 'score')).toBe(true);
      });
    });
  }

  it('carries seed 001’s delivery standards and seed 003’s counter and leaving moments', () => {
    const car = templates.find((t) => t.key === 'car-dealership-sales-steps')!;
    const carKeys = itemsOf(car.definition).map(({ item }) => item.key);
    for (const key of ['call-permission', 'walk-out-reception', 'handover-ceremony', 'quarter-tank', 'arrival-call']) expect(carKeys).toContain(key);
    const hall = templates.find((t) => t.key === 'telecom-service-hall-visit')!;
    expect(hall.definition.sections.map((s) => s.momentKey)).toEqual(['greeting', 'queue-triage', 'counter-transaction', 'leave']);
  });

  it('refuses to load a broken template, naming the file and the field', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'km-checklists-'));
    try {
      const broken = structuredClone(templates[0]!.document) as unknown as { sections: { items: { weight?: number }[] }[] };
      broken.sections[0]!.items[0]!.weight = 0;
      await writeFile(path.join(dir, 'broken.json'), JSON.stringify(broken));
      await expect(loadChecklistTemplates(dir)).rejects.toThrow(/broken\.json.*sections\.0\.items\.0\.weight/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
