import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWithMember } from '../../test/support/actors.ts';
import { counterSurvey, HALL_JOURNEY, interaction, publishSurvey, setUpFeedbackOrg, type FeedbackOrg } from '../../test/support/feedback-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';
import { verifySurveyLink } from './links.ts';

let km: TestKeymoment;
let org: FeedbackOrg;

beforeAll(async () => {
  km = await startTestKeymoment();
  org = await setUpFeedbackOrg(km, await createOrgWithMember(km, 'admin', 'Taipei Telecom'));
});
afterAll(async () => km?.dispose());

async function linkSecret(): Promise<string> {
  const { rows } = await km.database.query<{ value: string }>("select value from instance_settings where key = 'survey_link_secret'");
  return rows[0]!.value;
}

describe('surveys', () => {
  it('creates a survey with a starter question, renames, archives and restores it; the key is unique', async () => {
    const created = await org.call('POST', '/api/v1/surveys', { key: 'relationship-2026', name: { en: 'Relationship 2026', hu: 'Kapcsolat 2026' } });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ key: 'relationship-2026', kind: 'relationship', fallbackLocale: 'en', publishedVersion: null, draftRevision: 1, hasUnpublishedChanges: true });
    const draft = (await org.call('GET', '/api/v1/surveys/relationship-2026/draft')).json();
    expect(draft.definition.questions).toEqual([expect.objectContaining({ id: 'recommend', type: 'nps', required: true })]);
    expect(draft.definition.title).toEqual({ en: 'Relationship 2026', hu: 'Kapcsolat 2026' });
    expect(draft.problems).toEqual([]);

    const duplicate = await org.call('POST', '/api/v1/surveys', { key: 'relationship-2026', name: { en: 'Again' } });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error.field).toBe('key');
    const renamed = await org.call('PATCH', '/api/v1/surveys/relationship-2026', { name: { en: 'Yearly relationship survey' } });
    expect(renamed.json().name).toEqual({ en: 'Yearly relationship survey' });
    expect((await org.call('DELETE', '/api/v1/surveys/relationship-2026')).statusCode).toBe(204);
    const keys = async (url: string) => (await org.call('GET', url)).json().items.map((s: { key: string }) => s.key);
    expect(await keys('/api/v1/surveys')).not.toContain('relationship-2026');
    expect(await keys('/api/v1/surveys?includeArchived=true')).toContain('relationship-2026');
    expect((await org.call('PUT', '/api/v1/surveys/relationship-2026/draft', counterSurvey())).statusCode).toBe(409);
    expect((await org.call('PATCH', '/api/v1/surveys/relationship-2026', { archived: false })).json().archivedAt).toBeNull();
  });

  it('names the field of bad input', async () => {
    const badKey = await org.call('POST', '/api/v1/surveys', { key: 'Bad Key', name: { en: 'x' } });
    expect(badKey.json().error.field).toBe('key');
    const noFallback = await org.call('POST', '/api/v1/surveys', { key: 'ru-only', name: { ru: 'Опрос' } });
    expect(noFallback.json().error.field).toBe('name.en');
    const badType = await org.call('POST', '/api/v1/surveys', { key: 'bad-type', name: { en: 'x' }, definition: { ...counterSurvey(), questions: [{ id: 'q', type: 'stars', title: { en: 'x' } }] } });
    expect(badType.statusCode).toBe(400);
    expect(badType.json().error.field).toBe('definition.questions.0.type');
    expect((await org.call('GET', '/api/v1/surveys/nothing-here')).statusCode).toBe(404);
  });

  it('keeps a draft with problems, lists them with paths, and refuses to publish it', async () => {
    await org.call('POST', '/api/v1/surveys', { key: 'wip', name: { en: 'Work in progress' } });
    const definition = counterSurvey();
    (definition.questions[1] as { showIf: object[] }).showIf = [{ questionId: 'comment', operator: 'answered' }];
    const saved = await org.call('PUT', '/api/v1/surveys/wip/draft', definition);
    expect(saved.statusCode).toBe(200);
    expect(saved.json().problems).toEqual([expect.objectContaining({ severity: 'error', field: 'questions.1.showIf.0.questionId' })]);
    const publish = await org.call('POST', '/api/v1/surveys/wip/publish', {});
    expect(publish.statusCode).toBe(400);
    expect(publish.json().error.field).toBe('questions.1.showIf.0.questionId');
  });

  it('refuses to publish a survey about a journey or moment that is not published', async () => {
    await org.call('POST', '/api/v1/surveys', { key: 'ghost-moment', name: { en: 'Ghost' }, definition: { ...counterSurvey(), about: { journeyKey: HALL_JOURNEY, momentKey: 'ghost' } } });
    const ghost = await org.call('POST', '/api/v1/surveys/ghost-moment/publish', {});
    expect(ghost.statusCode).toBe(400);
    expect(ghost.json().error.field).toBe('about.momentKey');
    await org.call('PUT', '/api/v1/surveys/ghost-moment/draft', { ...counterSurvey(), about: { journeyKey: 'no-journey' } });
    expect((await org.call('POST', '/api/v1/surveys/ghost-moment/publish', {})).json().error.field).toBe('about.journeyKey');
  });

  it('refuses a stale save (If-Match)', async () => {
    await org.call('POST', '/api/v1/surveys', { key: 'shared', name: { en: 'Shared' } });
    const etag = (await org.call('GET', '/api/v1/surveys/shared/draft')).headers.etag as string;
    expect((await org.call('PUT', '/api/v1/surveys/shared/draft', counterSurvey(), { 'if-match': etag })).statusCode).toBe(200);
    const stale = await org.call('PUT', '/api/v1/surveys/shared/draft', counterSurvey(), { 'if-match': etag });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().error.field).toBe('If-Match');
  });
});

describe('versions', () => {
  it('publishes numbered versions; a published version never changes, even after later edits', async () => {
    const key = await publishSurvey(org, 'counter-v');
    const v1 = (await org.call('GET', `/api/v1/surveys/${key}/versions/1`)).json();
    expect(v1).toMatchObject({ version: 1, questionCount: 5, surveyKey: key });
    const edited = counterSurvey();
    edited.questions[0]!.title = { en: 'Would you recommend us?', 'zh-TW': '您會推薦我們嗎？', hu: 'Ajánlana minket?' };
    await org.call('PUT', `/api/v1/surveys/${key}/draft`, edited);
    expect((await org.call('GET', `/api/v1/surveys/${key}`)).json().hasUnpublishedChanges).toBe(true);
    expect((await org.call('GET', `/api/v1/surveys/${key}/versions/1`)).json()).toEqual(v1);
    const v2 = await org.call('POST', `/api/v1/surveys/${key}/publish`, { note: 'clearer wording' });
    expect(v2.json()).toMatchObject({ version: 2, note: 'clearer wording' });
    expect((await org.call('POST', `/api/v1/surveys/${key}/publish`, {})).statusCode).toBe(409);
    const list = (await org.call('GET', `/api/v1/surveys/${key}/versions?limit=1`)).json();
    expect(list.items.map((v: { version: number }) => v.version)).toEqual([2]);
    const next = (await org.call('GET', `/api/v1/surveys/${key}/versions?limit=1&cursor=${list.nextCursor}`)).json();
    expect(next).toMatchObject({ items: [{ version: 1 }], nextCursor: null });
    expect((await org.call('GET', `/api/v1/surveys/${key}/versions/1`)).json()).toEqual(v1);
  });

  it('has the database itself refuse to change or delete a published version', async () => {
    const key = await publishSurvey(org, 'frozen');
    const { rows } = await km.database.query<{ survey_id: string }>('select survey_id from surveys where org_id = $1 and key = $2', [org.member.orgId, key]);
    const id = rows[0]!.survey_id;
    await expect(km.database.query(`update survey_versions set definition = '{}'::jsonb where survey_id = $1`, [id])).rejects.toThrow(/cannot be changed/);
    await expect(km.database.query('delete from survey_versions where survey_id = $1', [id])).rejects.toThrow(/cannot be changed/);
    const { rows: left } = await km.database.query<{ n: number }>('select count(*)::int as n from survey_versions where survey_id = $1', [id]);
    expect(left[0]!.n).toBe(1);
  });

  it('previews the draft in any language, with the built-in scale words', async () => {
    const preview = (await org.call('GET', '/api/v1/surveys/counter-v/preview?locale=zh-TW')).json();
    expect(preview.title).toBe('您這次的營業廳體驗');
    expect(preview.questions[0]).toMatchObject({ title: '您會推薦我們嗎？', scale: { min: 0, max: 10, lowLabel: '完全不可能', highLabel: '極有可能' } });
    const russian = (await org.call('GET', '/api/v1/surveys/counter-v/preview?locale=ru&version=1')).json();
    expect(russian).toMatchObject({ version: 1, title: 'Your visit to our service hall' });
    expect(russian.questions[0].scale.lowLabel).toBe('Совсем маловероятно');
  });
});

describe('links and invitations', () => {
  it('issues an anonymous link for a location and moment, lists it and revokes it', async () => {
    const created = await org.call('POST', '/api/v1/surveys/counter-v/links', { label: 'QR at counter 3', channel: 'qr', locationCode: 'T-001', locale: 'zh-TW' });
    expect(created.statusCode, created.body).toBe(201);
    const link = created.json();
    expect(link).toMatchObject({ channel: 'qr', locationId: org.locations.outletA, journeyKey: HALL_JOURNEY, momentKey: 'counter', locale: 'zh-TW', revokedAt: null });
    expect(link.url).toBe(`http://keymoment.test/s/${link.token}`);
    const verified = verifySurveyLink(link.token, await linkSecret(), new Date());
    expect(link.token).toHaveLength(96);
    expect(verified).toMatchObject({ status: 'valid', token: { kind: 'link', orgId: org.member.orgId, linkId: link.linkId, locale: 'zh-TW' } });
    expect((await org.call('GET', '/api/v1/surveys/counter-v/links')).json().items.map((l: { linkId: string }) => l.linkId)).toContain(link.linkId);
    expect((await org.call('DELETE', `/api/v1/surveys/counter-v/links/${link.linkId}`)).statusCode).toBe(204);
    expect((await org.call('GET', '/api/v1/surveys/counter-v/links')).json().items.find((l: { linkId: string }) => l.linkId === link.linkId).revokedAt).not.toBeNull();
    const badLocation = await org.call('POST', '/api/v1/surveys/counter-v/links', { locationCode: 'NOPE' });
    expect(badLocation.json().error.field).toBe('locationCode');
    await org.call('POST', '/api/v1/surveys', { key: 'unpublished', name: { en: 'Not yet' } });
    expect((await org.call('POST', '/api/v1/surveys/unpublished/links', {})).statusCode).toBe(409);
  });

  it('issues a personal invitation whose context and language come from an interaction', async () => {
    await org.ingest('POST', '/api/v1/interactions', interaction('inv-1', { customer: { externalId: 'inv-cust', locale: 'hu-HU' } }));
    const response = await org.ingest('POST', '/api/v1/surveys/counter-v/invitations', { interactionExternalId: 'inv-1', channel: 'sms', expiresInDays: 3 });
    expect(response.statusCode, response.body).toBe(201);
    const invitation = response.json();
    expect(invitation).toMatchObject({
      version: 2,
      channel: 'sms',
      locale: 'hu',
      context: { journeyKey: HALL_JOURNEY, momentKey: 'counter', locationId: org.locations.outletA, staffId: 'staff-7', visitId: 'visit-inv-1' },
    });
    expect(new Date(invitation.expiresAt).getTime() - Date.now()).toBeGreaterThan(2.9 * 24 * 3600 * 1000);
    const verified = verifySurveyLink(invitation.token, await linkSecret(), new Date());
    expect(verified).toMatchObject({ status: 'valid', token: { kind: 'invitation', invitationId: invitation.invitationId, version: 2, locale: 'hu' } });
    // The context stays in the database: no customer or staff id travels in the link.
    expect(invitation.token).toHaveLength(96);
    expect(Buffer.from(invitation.token, 'base64url').toString('latin1')).not.toContain('staff-7');
    const missing = await org.ingest('POST', '/api/v1/surveys/counter-v/invitations', { interactionExternalId: 'no-such' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.field).toBe('interactionExternalId');
    const listed = (await org.call('GET', '/api/v1/surveys/counter-v/invitations')).json();
    expect(listed.items[0]).toMatchObject({ invitationId: invitation.invitationId });
    expect(listed.items[0].token).toBeUndefined();
  });

  it('returns the same invitation to a retry with the same external id, also when two race', async () => {
    const ask = () => org.ingest('POST', '/api/v1/surveys/counter-v/invitations', { externalId: 'sms-4711', locale: 'ru' });
    const [first, second] = await Promise.all([ask(), ask()]);
    expect([first.statusCode, second.statusCode].sort()).toEqual([200, 201]);
    expect(first.json().invitationId).toBe(second.json().invitationId);
    expect(first.json().token).toBe(second.json().token);
    expect((await ask()).json()).toMatchObject({ invitationId: first.json().invitationId, externalId: 'sms-4711' });
    const { rows } = await km.database.query<{ n: number }>("select count(*)::int as n from survey_invitations where org_id = $1 and external_id = 'sms-4711'", [org.member.orgId]);
    expect(rows[0]!.n).toBe(1);
    await publishSurvey(org, 'other-survey');
    const elsewhere = await org.ingest('POST', '/api/v1/surveys/other-survey/invitations', { externalId: 'sms-4711' });
    expect(elsewhere.statusCode).toBe(409);
    expect(elsewhere.json().error.field).toBe('externalId');
  });
});
