import { describe, expect, it } from 'vitest';
import { signShopperLink, verifyShopperLink } from './links.ts';
import {
  actionAfterAudit,
  benchmarkStatus,
  dueAtFor,
  escalationDue,
  improvementTransitionAllowed,
  localDateOf,
  localMonthOf,
  manualActionTransition,
  nextOccurrence,
  normaliseDefinition,
  recurrenceProblem,
  scoreAudit,
  startOfLocalDay,
  validateAnswers,
  validateDefinition,
  type ChecklistDefinition,
} from './model.ts';

/** Reception (two yes/no, one critical) and counter (a 0–4 score passing at 3, a yes/no that may be N/A). */
function definition(): ChecklistDefinition {
  return normaliseDefinition({
    journeyKey: 'hall',
    passPercent: 80,
    sections: [
      {
        momentKey: 'greeting',
        items: [
          { key: 'greeted', text: { en: 'Greeted within 10 s' }, type: 'yes_no', weight: 2 },
          { key: 'fees-told', text: { en: 'Fees told' }, type: 'yes_no', critical: true, allowNa: false, evidenceOnFailure: 'note' },
        ],
      },
      {
        momentKey: 'counter',
        items: [
          { key: 'skill', text: { en: 'Skilful' }, type: 'score', maxScore: 4, passScore: 3, weight: 2 },
          { key: 'money-said', text: { en: 'Money said aloud' }, type: 'yes_no', evidenceOnFailure: 'photo' },
        ],
      },
    ],
  });
}

describe('scoring', () => {
  it('weights the items and leaves N/A out of the denominator', () => {
    const score = scoreAudit(definition(), {
      greeted: { value: 'yes' },
      'fees-told': { value: 'yes' },
      skill: { value: 2 },
      'money-said': { value: 'na' },
    });
    // earned 2 + 1 + 2·2/4 = 4 of possible 2 + 1 + 2 = 5 → 80 %
    expect(score.earned).toBe(4);
    expect(score.possible).toBe(5);
    expect(score.compliance).toBe(80);
    expect(score.passed).toBe(true);
    expect(score.failedItems).toEqual(['skill']);
    expect(score.moments).toEqual([
      { momentKey: 'greeting', compliance: 100, earned: 3, possible: 3, failedItems: [], criticalFailed: false },
      { momentKey: 'counter', compliance: 50, earned: 1, possible: 2, failedItems: ['skill'], criticalFailed: false },
    ]);
  });

  it('fails the audit on a failed critical item whatever the percentage', () => {
    const score = scoreAudit(definition(), {
      greeted: { value: 'yes' },
      'fees-told': { value: 'no', note: 'charged twice' },
      skill: { value: 4 },
      'money-said': { value: 'yes' },
    });
    // 2 + 0 + 2 + 1 of 6
    expect(score.compliance).toBe(83.33);
    expect(score.criticalFailed).toBe(true);
    expect(score.criticalFailures).toEqual(['fees-told']);
    expect(score.passed).toBe(false);
  });

  it('fails an audit below the pass percentage and passes one with everything N/A', () => {
    const low = scoreAudit(definition(), { greeted: { value: 'no' }, 'fees-told': { value: 'yes' }, skill: { value: 3 }, 'money-said': { value: 'no' } });
    // 0 + 1 + 2·3/4 + 0 of 6
    expect(low.compliance).toBe(41.67);
    expect(low.passed).toBe(false);
    const nothing = scoreAudit(normaliseDefinition({ journeyKey: 'j', sections: [{ momentKey: 'm', items: [{ key: 'a', text: { en: 'A' }, type: 'yes_no' }] }] }), {
      a: { value: 'na' },
    });
    expect(nothing.compliance).toBeNull();
    expect(nothing.passed).toBe(true);
  });

  it('compares a compliance with a benchmark target', () => {
    expect(benchmarkStatus(95, { comparator: 'gte', value: 95 })).toBe('met');
    expect(benchmarkStatus(94.99, { comparator: 'gte', value: 95 })).toBe('missed');
    expect(benchmarkStatus(null, { comparator: 'gte', value: 95 })).toBe('not_applicable');
    expect(benchmarkStatus(50, undefined)).toBe('no_target');
  });
});

describe('answers', () => {
  it('checks values in a draft and names the field', () => {
    const problems = validateAnswers(definition(), { skill: { value: 5 }, 'fees-told': { value: 'na' }, greeted: { value: 3 }, ghost: { value: 'yes' } }, 'partial');
    expect(problems.map((p) => [p.field, p.code])).toEqual([
      ['answers.skill.value', 'out_of_range'],
      ['answers.fees-told.value', 'na_not_allowed'],
      ['answers.greeted.value', 'wrong_type'],
      ['answers.ghost', 'unknown_item'],
    ]);
    expect(validateAnswers(definition(), { greeted: { value: 'yes' } }, 'partial')).toEqual([]);
  });

  it('wants every item and the evidence of every failure on submission', () => {
    const answers = { greeted: { value: 'no' as const }, 'fees-told': { value: 'no' as const }, skill: { value: 1 }, 'money-said': { value: 'no' as const } };
    const first = validateAnswers(definition(), { greeted: { value: 'yes' } }, 'final');
    expect(first[0]).toMatchObject({ field: 'answers.fees-told.value', code: 'missing' });
    const problems = validateAnswers(definition(), answers, 'final', () => 0);
    expect(problems.map((p) => [p.field, p.code])).toEqual([
      ['answers.greeted.evidence', 'evidence_required'],
      ['answers.fees-told.note', 'note_required'],
      ['answers.skill.evidence', 'evidence_required'],
      ['answers.money-said.evidence', 'photo_required'],
    ]);
    const withEvidence = { ...answers, greeted: { value: 'no' as const, note: 'nobody at the door' }, 'fees-told': { value: 'no' as const, note: 'not told' }, skill: { value: 1, note: 'slow' } };
    expect(validateAnswers(definition(), withEvidence, 'final', (key) => (key === 'money-said' ? 1 : 0))).toEqual([]);
  });
});

describe('checklist definitions', () => {
  it('reports problems with their paths', () => {
    const broken = normaliseDefinition({
      journeyKey: 'hall',
      passPercent: 120,
      sections: [
        { momentKey: 'greeting', items: [{ key: 'a', text: { ru: 'нет английского' }, type: 'score' }] },
        { momentKey: 'greeting', items: [{ key: 'a', text: { en: 'Twice' }, type: 'yes_no', maxScore: 3 }] },
      ],
    });
    const fields = validateDefinition(broken, 'en', { knownMomentKeys: ['greeting'] }).map((p) => `${p.severity}:${p.field}`);
    expect(fields).toEqual([
      'error:passPercent',
      'error:sections.0.items.0.text.en',
      'error:sections.0.items.0.maxScore',
      'error:sections.1.momentKey',
      'error:sections.1.items.0.key',
      'error:sections.1.items.0.maxScore',
    ]);
  });

  it('needs a published journey with the moments, and warns about moments it lacks', () => {
    const def = definition();
    expect(validateDefinition(def, 'en', { knownMomentKeys: [] })[0]).toMatchObject({ severity: 'error', field: 'journeyKey' });
    expect(validateDefinition(def, 'en', { knownMomentKeys: ['greeting'] })).toEqual([
      expect.objectContaining({ severity: 'warning', field: 'sections.1.momentKey' }),
    ]);
    expect(validateDefinition(def, 'en', { knownMomentKeys: ['greeting', 'counter'] })).toEqual([]);
  });
});

describe('corrective and improvement actions', () => {
  it('lets the next audit verify or reopen an action, and people only toggle open and done', () => {
    expect(actionAfterAudit('open', true)).toEqual({ status: 'verified', event: 'verified' });
    expect(actionAfterAudit('done', true)).toEqual({ status: 'verified', event: 'verified' });
    expect(actionAfterAudit('done', false)).toEqual({ status: 'open', event: 'reopened' });
    expect(actionAfterAudit('open', false)).toEqual({ status: 'open', event: 'failed_again' });
    expect(manualActionTransition('open', 'done')).toBe('done');
    expect(manualActionTransition('done', 'open')).toBe('undone');
    expect(manualActionTransition('verified', 'open')).toBeUndefined();
  });

  it('escalates an overdue action at once, then a week after each escalation', () => {
    const dueAt = new Date('2026-03-01T00:00:00Z');
    const fresh = { dueAt, escalationLevel: 0, escalatedAt: null };
    expect(escalationDue(fresh, new Date('2026-02-28T23:00:00Z'))).toBe(false);
    expect(escalationDue(fresh, new Date('2026-03-01T01:00:00Z'))).toBe(true);
    // Long overdue when first escalated: the next step still waits a week from then.
    const escalated = { dueAt, escalationLevel: 1, escalatedAt: new Date('2026-04-01T00:00:00Z') };
    expect(escalationDue(escalated, new Date('2026-04-05T00:00:00Z'))).toBe(false);
    expect(escalationDue(escalated, new Date('2026-04-08T00:00:00Z'))).toBe(true);
  });

  it('walks plan → do → check → act, and act → plan starts over', () => {
    expect(improvementTransitionAllowed('plan', 'do')).toBe(true);
    expect(improvementTransitionAllowed('plan', 'act')).toBe(false);
    expect(improvementTransitionAllowed('check', 'do')).toBe(true);
    expect(improvementTransitionAllowed('act', 'plan')).toBe(true);
    expect(improvementTransitionAllowed('closed', 'plan')).toBe(false);
  });
});

describe('schedules and local dates', () => {
  it('finds the next date of weekly, monthly and quarterly rules', () => {
    expect(nextOccurrence({ frequency: 'weekly', weekday: 1 }, '2026-11-18')).toBe('2026-11-23');
    expect(nextOccurrence({ frequency: 'weekly', weekday: 3 }, '2026-11-18')).toBe('2026-11-18');
    expect(nextOccurrence({ frequency: 'monthly', dayOfMonth: 5 }, '2026-11-18')).toBe('2026-12-05');
    expect(nextOccurrence({ frequency: 'monthly' }, '2026-12-02')).toBe('2027-01-01');
    // The first Monday on or after the 1st.
    expect(nextOccurrence({ frequency: 'monthly', weekday: 1 }, '2026-11-03')).toBe('2026-12-07');
    expect(nextOccurrence({ frequency: 'quarterly', dayOfMonth: 10 }, '2026-11-18')).toBe('2027-01-10');
    expect(nextOccurrence({ frequency: 'quarterly', dayOfMonth: 10 }, '2026-10-10')).toBe('2026-10-10');
    expect(recurrenceProblem({ frequency: 'weekly' })?.field).toBe('weekday');
    expect(recurrenceProblem({ frequency: 'monthly', dayOfMonth: 31 })?.field).toBe('dayOfMonth');
  });

  it('computes dates in the outlet’s time zone', () => {
    const instant = new Date('2026-11-30T17:30:00Z');
    expect(localDateOf(instant, 'Asia/Shanghai')).toBe('2026-12-01');
    expect(localMonthOf(instant, 'Asia/Shanghai')).toBe('2026-12-01');
    expect(localMonthOf(instant, 'Europe/Budapest')).toBe('2026-11-01');
    expect(startOfLocalDay('2026-12-01', 'Asia/Shanghai').toISOString()).toBe('2026-11-30T16:00:00.000Z');
    // Across the end of summer time in Budapest (25 October 2026).
    expect(startOfLocalDay('2026-10-26', 'Europe/Budapest').toISOString()).toBe('2026-10-25T23:00:00.000Z');
    expect(dueAtFor('2026-12-01', 7, 'Asia/Shanghai').toISOString()).toBe('2026-12-07T16:00:00.000Z');
  });
});

describe('shopper links', () => {
  const secret = 'test-secret';
  const claims = {
    orgId: '019a0000-0000-7000-8000-00000000000a',
    runId: '019a0000-0000-7000-8000-00000000000b',
    linkId: 'AbCdEf12',
    locale: 'ru' as const,
    expiresAt: new Date('2026-12-01T00:00:00Z'),
  };

  it('round-trip, expire, and refuse any change', () => {
    const token = signShopperLink(claims, secret);
    // Short enough for a path parameter (Fastify allows 100 characters) and an SMS.
    expect(token.length).toBeLessThan(100);
    expect(verifyShopperLink(token, secret, new Date('2026-11-01T00:00:00Z'))).toEqual({ status: 'valid', claims });
    expect(verifyShopperLink(token, secret, new Date('2026-12-02T00:00:00Z'))).toEqual({ status: 'expired', claims });
    expect(verifyShopperLink(token, 'another-secret', new Date('2026-11-01T00:00:00Z')).status).toBe('invalid');
    const [payload, signature] = token.split('.') as [string, string];
    const bytes = Buffer.from(payload, 'base64url');
    bytes[20] = bytes[20]! ^ 1;
    expect(verifyShopperLink(`${bytes.toString('base64url')}.${signature}`, secret, new Date('2026-11-01T00:00:00Z')).status).toBe('invalid');
    expect(verifyShopperLink('not-a-token', secret, new Date()).status).toBe('invalid');
    const { locale: _locale, ...withoutLocale } = claims;
    expect(verifyShopperLink(signShopperLink(withoutLocale, secret), secret, new Date('2026-11-01T00:00:00Z'))).toEqual({ status: 'valid', claims: withoutLocale });
  });
});
