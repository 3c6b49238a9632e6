import { describe, expect, it } from 'vitest';
import { LOCALES } from '../platform/locales.ts';
import { recoveryMessages } from './messages.ts';
import { COMPENSATION_KINDS, ESCALATION_LEVELS, FOLLOW_UP_CHANNELS, GATHER_QUESTIONS, SLA_DEADLINES, STEP_KEYS } from './model.ts';
import { PLAYBOOK_TEXTS } from './playbook-texts.ts';

const filled = (value: unknown) => typeof value === 'string' && value.trim().length > 0;

describe('playbook texts', () => {
  it.each(LOCALES)('%s has every step with its goal, the three phrases and phrases never to use', (locale) => {
    const texts = PLAYBOOK_TEXTS[locale];
    for (const step of STEP_KEYS) {
      const guide = texts.steps[step];
      expect(filled(guide.title) && filled(guide.goal), `${locale} ${step}`).toBe(true);
      expect([guide.phrases.acknowledge, guide.phrases.propose, guide.phrases.ask].every(filled), `${locale} ${step} phrases`).toBe(true);
      expect(guide.neverSay.length, `${locale} ${step} neverSay`).toBeGreaterThan(0);
      expect(guide.neverSay.every(filled)).toBe(true);
    }
    for (const question of GATHER_QUESTIONS) expect(filled(texts.questions[question].label) && filled(texts.questions[question].example)).toBe(true);
    for (const kind of COMPENSATION_KINDS) expect(filled(texts.compensation[kind])).toBe(true);
    for (const channel of FOLLOW_UP_CHANNELS) expect(filled(texts.followUpChannels[channel])).toBe(true);
    expect(filled(texts.compensationNote)).toBe(true);
    expect(texts.alwaysAvoid).toHaveLength(7);
    expect(texts.alwaysAvoid.every(filled)).toBe(true);
  });

  it('is really translated: no language repeats another’s step texts', () => {
    const signature = (locale: (typeof LOCALES)[number]) => STEP_KEYS.map((step) => PLAYBOOK_TEXTS[locale].steps[step].goal).join('|');
    expect(new Set(LOCALES.map(signature)).size).toBe(LOCALES.length);
    // Traditional Chinese is written in its own characters, not a copy of Simplified.
    expect(PLAYBOOK_TEXTS['zh-TW'].steps.vent.phrases.propose).not.toBe(PLAYBOOK_TEXTS['zh-CN'].steps.vent.phrases.propose);
  });

  it('includes the phrases seed 001 warns against in the venting step', () => {
    expect(PLAYBOOK_TEXTS['zh-CN'].steps.vent.neverSay).toEqual(expect.arrayContaining(['您先冷静一下', '这不可能']));
    expect(PLAYBOOK_TEXTS.en.steps.vent.neverSay).toEqual(expect.arrayContaining(['Calm down.', 'That’s impossible.']));
  });
});

describe('notification e-mails', () => {
  const params = { name: 'Anna', summary: 'Waited 40 minutes', url: 'http://x/cases/1', who: 'Béla', deadline: 'D', level: 'L', amount: '500 Ft', text: 'note text' };

  it.each(LOCALES)('%s has a subject and body for every e-mailed kind, with the link and the case', (locale) => {
    const catalogue = recoveryMessages[locale];
    for (const [kind, mail] of Object.entries(catalogue.mails)) {
      const { subject, text } = mail(params);
      expect(filled(subject), `${locale} ${kind}`).toBe(true);
      expect(text).toContain(params.url);
      expect(`${subject}\n${text}`).toContain(params.summary);
    }
    for (const deadline of SLA_DEADLINES) expect(filled(catalogue.deadlines[deadline])).toBe(true);
    for (const level of ESCALATION_LEVELS) expect(filled(catalogue.levels[level])).toBe(true);
  });
});
