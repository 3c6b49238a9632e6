import { describe, expect, it } from 'vitest';

/*
 * The pure libraries are published as package exports built to JavaScript (npm install runs
 * `prepare` → `build:lib`), so any Node project can use them without a TypeScript loader.
 */
describe('package exports', () => {
  it('keymoment/stats computes an NPS with its interval', async () => {
    const stats = await import('keymoment/stats');
    const result = stats.npsFromCounts({ promoters: 60, passives: 25, detractors: 15 }, { method: 'wald' });
    expect(result.score).toBe(45);
    expect(result.ci[0]).toBeLessThan(45);
    expect(result.ci[1]).toBeGreaterThan(45);
  });

  it('keymoment/text scores a negated Russian comment as negative', async () => {
    const text = await import('keymoment/text');
    expect(text.analyzeSentiment('Сервис не хороший').label).toBe('negative');
    expect(text.detectLanguage('Nagyon elégedett vagyok a kiszolgálással')).toBe('hu');
  });
});
