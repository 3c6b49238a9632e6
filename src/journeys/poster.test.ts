import { beforeAll, describe, expect, it } from 'vitest';
import { LOCALES, type Locale } from '../platform/locales.ts';
import { effectiveBlueprint, listTranslatableTexts, localiseBlueprint, resolveText } from './model.ts';
import { chainCovers, fontChain, loadPosterFonts, splitRuns, type PosterFonts } from './poster-fonts.ts';
import { A3_LANDSCAPE, breakTokens, layoutPoster, Typesetter, type PosterInput } from './poster-layout.ts';
import { posterSvg } from './poster.ts';
import { formatTarget, POSTER_TEXTS } from './poster-texts.ts';
import { listShippedTemplates, type JourneyTemplate } from './templates.ts';

let fonts: PosterFonts;
let templates: JourneyTemplate[];

beforeAll(async () => {
  fonts = await loadPosterFonts();
  templates = await listShippedTemplates();
});

function posterInput(template: JourneyTemplate, locale: Locale): PosterInput {
  const localised = localiseBlueprint(effectiveBlueprint(template.blueprint, []).blueprint, locale, template.document.fallbackLocale);
  return {
    locale,
    organisation: 'Acme',
    title: resolveText(template.document.name, locale, template.document.fallbackLocale),
    place: 'Budapest › Váci utca',
    version: 3,
    printedAt: new Date('2026-11-24T10:00:00Z'),
    stages: localised.stages.map((stage) => ({ key: stage.key, kind: stage.kind, name: stage.displayName })),
    moments: localised.moments,
  };
}

describe('line breaking', () => {
  it('breaks alphabetic text between words and Chinese between characters, keeping punctuation in place', () => {
    expect(breakTokens('Serve the customer fast')).toEqual(['Serve ', 'the ', 'customer ', 'fast']);
    expect(breakTokens('快速办理，确认结果。')).toEqual(['快', '速', '办', '理，', '确', '认', '结', '果。']);
    expect(breakTokens('（引导员）或保安')).toEqual(['（引', '导', '员）', '或', '保', '安']);
    expect(breakTokens('CSAT 满意度')).toEqual(['CSAT ', '满', '意', '度']);
  });

  it('wraps within the width and never starts a line with closing punctuation', () => {
    const set = new Typesetter(fonts, 'zh-CN');
    const lines = set.wrap('业务熟练，疑难解答专业到位，服务态度友善不做作，赢得客户信赖。', 10, 'regular', 60);
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) {
      expect(set.width(line, 10, 'regular')).toBeLessThanOrEqual(60.01);
      expect(line).not.toMatch(/^[，。、）]/);
    }
    expect(lines.join('')).toBe('业务熟练，疑难解答专业到位，服务态度友善不做作，赢得客户信赖。');
  });

  it('cuts a word wider than the line with a hyphen and ends a shortened text with an ellipsis', () => {
    const set = new Typesetter(fonts, 'hu');
    const lines = set.wrap('Elégedettségmérés', 12, 'bold', 50);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines[0]).toMatch(/-$/);
    expect(set.forcedBreaks).toBeGreaterThan(0);
    expect(set.wrap('one two three four five six seven', 10, 'regular', 40, 2).at(-1)).toMatch(/…$/);
  });
});

describe('fonts', () => {
  it('has a glyph for every character of every shipped template in every language (no tofu boxes)', () => {
    for (const template of templates) {
      for (const locale of LOCALES) {
        const texts = listTranslatableTexts(template.blueprint).map(({ text }) => resolveText(text, locale, template.document.fallbackLocale));
        texts.push(resolveText(template.document.name, locale, template.document.fallbackLocale));
        const chain = fontChain(fonts, locale, 'regular');
        const missing = [...new Set([...texts.join('')])].filter((char) => !chainCovers(chain, char.codePointAt(0)!));
        expect(missing, `${template.key} ${locale}`).toEqual([]);
      }
    }
  });

  it('covers the poster’s own words, Hungarian ő/ű and both Chinese scripts', () => {
    for (const locale of LOCALES) {
      const words = JSON.stringify(POSTER_TEXTS[locale]) + formatTarget('wait_seconds', 'lte', 300, locale) + formatTarget('csat', 'gte', 90, locale);
      for (const weight of ['regular', 'bold'] as const) {
        const chain = fontChain(fonts, locale, weight);
        const missing = [...new Set([...words])].filter((char) => !chainCovers(chain, char.codePointAt(0)!));
        expect(missing, `${locale} ${weight}`).toEqual([]);
      }
    }
    const chain = fontChain(fonts, 'zh-TW', 'regular');
    for (const char of 'őűŐŰЁё营業厅廳≤≥（）') expect(chainCovers(chain, char.codePointAt(0)!), char).toBe(true);
  });

  it('sets Traditional Chinese in the Traditional font first, Simplified in the Simplified one, Latin and Cyrillic in Noto Sans', () => {
    const traditional = splitRuns('營業廳 NPS', fontChain(fonts, 'zh-TW', 'regular'));
    expect(traditional.map((run) => [run.font.id, run.text])).toEqual([['hant-regular', '營業廳 '], ['latin-regular', 'NPS']]);
    const simplified = splitRuns('营业厅', fontChain(fonts, 'zh-CN', 'regular'));
    expect(simplified.map((run) => run.font.id)).toEqual(['hans-regular']);
    expect(splitRuns('Ügyfél Клиент', fontChain(fonts, 'hu', 'bold')).map((run) => run.font.id)).toEqual(['latin-bold']);
  });
});

describe('poster layout', () => {
  it('fits every template in every language on one A3 page, all text inside the page and inside its card, nothing cut', () => {
    for (const template of templates) {
      for (const locale of LOCALES) {
        const layout = layoutPoster(posterInput(template, locale), fonts);
        const where = `${template.key} ${locale}`;
        expect(layout.width, where).toBe(A3_LANDSCAPE.width);
        expect(layout.cards.map((card) => card.momentKey), where).toEqual(template.blueprint.moments.map((moment) => moment.key));
        expect(layout.clipped, where).toEqual([]);
        expect(layout.scale, where).toBeGreaterThanOrEqual(0.85);
        const set = new Typesetter(fonts, locale);
        for (const item of layout.items) {
          if (item.kind !== 'text') continue;
          const first = item.runs[0]!;
          const last = item.runs[item.runs.length - 1]!;
          const left = first.x;
          const right = last.x + set.width(last.text, item.size, last.font.id.endsWith('bold') ? 'bold' : 'regular');
          expect(left, where).toBeGreaterThanOrEqual(0);
          expect(right, where).toBeLessThanOrEqual(layout.width);
          const card = layout.cards.find((box) => left >= box.x && left <= box.x + box.w && item.y >= box.y && item.y <= box.y + box.h);
          if (card) {
            expect(right, `${where} "${item.runs.map((run) => run.text).join('')}"`).toBeLessThanOrEqual(card.x + card.w + 0.01);
            expect(item.y, where).toBeLessThanOrEqual(card.y + card.h);
          }
        }
      }
    }
  });

  it('cuts a card that cannot fit even at the smallest size and says how many steps are left out', () => {
    const template = templates.find((candidate) => candidate.key === 'telecom-service-hall')!;
    const input = posterInput(template, 'en');
    const crowded = input.moments.map((moment) => ({
      ...moment,
      actionGuide: Array.from({ length: 40 }, (_, i) => ({ title: `Step ${i + 1}: greet the customer warmly and with a smile` })),
    }));
    const layout = layoutPoster({ ...input, moments: crowded }, fonts);
    expect(layout.clipped.length).toBe(crowded.length);
    const words = layout.items.filter((item) => item.kind === 'text').map((item) => item.runs.map((run) => run.text).join(''));
    expect(words.some((text) => /^\+\d+ more$/.test(text))).toBe(true);
  });

  it('puts more than nine moments on several rows', () => {
    const template = templates.find((candidate) => candidate.key === 'telecom-service-hall')!;
    const input = posterInput(template, 'ru');
    const many = [...input.moments, ...input.moments.map((moment) => ({ ...moment, key: `${moment.key}-b` }))].map((moment, i) => ({ ...moment, order: i + 1 }));
    const layout = layoutPoster({ ...input, moments: many }, fonts);
    const rows = new Set(layout.cards.map((card) => Math.round(card.y)));
    expect(rows.size).toBe(2);
  });

  it('draws glyph outlines in the SVG, so the PNG needs no system font', () => {
    const template = templates.find((candidate) => candidate.key === 'hotel-stay')!;
    const svg = posterSvg(layoutPoster(posterInput(template, 'zh-TW'), fonts));
    expect(svg).toMatch(/^<svg /);
    expect(svg).not.toContain('<text');
    expect(svg).toMatch(/<path id="hant-bold-\d+" d="M/);
  });

  it('words targets in the reader’s language', () => {
    expect(formatTarget('wait_seconds', 'lte', 300, 'en')).toBe('≤ 5 min');
    expect(formatTarget('wait_seconds', 'lte', 90, 'ru')).toBe('≤ 90 с');
    expect(formatTarget('csat', 'gte', 90, 'hu')).toBe('≥ 90%');
    expect(formatTarget('nps', 'gte', 40, 'zh-CN')).toBe('≥ 40');
    expect(formatTarget('handle_seconds', 'lt', 600, 'zh-TW')).toBe('< 10 分鐘');
  });
});
