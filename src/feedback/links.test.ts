import { describe, expect, it } from 'vitest';
import { newId } from '../platform/ids.ts';
import { signSurveyLink, verifySurveyLink, type SurveyToken } from './links.ts';

const SECRET = 'a-secret-only-the-server-knows';
const now = new Date('2026-11-20T10:00:00Z');
const later = new Date('2026-12-20T10:00:00Z');

const tokens: SurveyToken[] = [
  { kind: 'invitation', orgId: newId(), surveyId: newId(), invitationId: newId(), version: 3, locale: 'zh-TW', expiresAt: later },
  { kind: 'link', orgId: newId(), surveyId: newId(), linkId: newId() },
  { kind: 'link', orgId: newId(), surveyId: newId(), linkId: newId(), locale: 'hu', expiresAt: later },
  { kind: 'started', orgId: newId(), linkId: newId(), invitationId: newId(), version: 65_535, expiresAt: later },
];

describe('survey link tokens', () => {
  it('carry organisation, survey, version, language and expiry in 96 URL-safe characters', () => {
    for (const token of tokens) {
      const text = signSurveyLink(token, SECRET);
      expect(text).toMatch(/^[A-Za-z0-9_-]{96}$/);
      expect(verifySurveyLink(text, SECRET, now)).toEqual({ status: 'valid', token });
    }
  });

  it('refuse any changed character, another secret, and other lengths', () => {
    const text = signSurveyLink(tokens[0]!, SECRET);
    for (let i = 0; i < text.length; i += 1) {
      const swapped = text[i] === 'A' ? 'B' : 'A';
      const altered = text.slice(0, i) + swapped + text.slice(i + 1);
      expect(verifySurveyLink(altered, SECRET, now).status, `character ${i}`).toBe('invalid');
    }
    expect(verifySurveyLink(text, 'another-secret', now).status).toBe('invalid');
    expect(verifySurveyLink(text.slice(1), SECRET, now).status).toBe('invalid');
    expect(verifySurveyLink(`${text}A`, SECRET, now).status).toBe('invalid');
    expect(verifySurveyLink('', SECRET, now).status).toBe('invalid');
  });

  it('expire, and still tell the language of an expired link', () => {
    const text = signSurveyLink(tokens[0]!, SECRET);
    expect(verifySurveyLink(text, SECRET, later)).toEqual({ status: 'expired', token: tokens[0] });
    expect(verifySurveyLink(signSurveyLink(tokens[1]!, SECRET), SECRET, new Date('2100-01-01T00:00:00Z')).status).toBe('valid');
  });

  it('refuse what they cannot carry', () => {
    expect(() => signSurveyLink({ ...tokens[0]!, orgId: 'org-1' } as SurveyToken, SECRET)).toThrow(/UUIDs/);
    expect(() => signSurveyLink({ ...tokens[0]!, version: 65_536 } as SurveyToken, SECRET)).toThrow(/version/);
  });
});
