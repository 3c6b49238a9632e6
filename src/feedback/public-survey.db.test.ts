import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWithMember } from '../../test/support/actors.ts';
import { HALL_JOURNEY, interaction, publishSurvey, setUpFeedbackOrg, type FeedbackOrg } from '../../test/support/feedback-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';
import { signSurveyLink, verifySurveyLink, type SurveyToken } from './links.ts';

let km: TestKeymoment;
let org: FeedbackOrg;
const SURVEY = 'counter';

beforeAll(async () => {
  km = await startTestKeymoment();
  org = await setUpFeedbackOrg(km, await createOrgWithMember(km, 'admin', 'Taipei Telecom'));
  await publishSurvey(org, SURVEY);
});
afterAll(async () => km?.dispose());

type Method = 'GET' | 'PUT' | 'POST';
function visit(method: Method, url: string, payload?: object, headers: Record<string, string> = {}) {
  return km.app.inject({ method, url, headers, ...(payload !== undefined ? { payload } : {}) });
}

async function invite(body: object = {}): Promise<{ token: string; invitationId: string; context: Record<string, string | null> }> {
  const response = await org.ingest('POST', `/api/v1/surveys/${SURVEY}/invitations`, body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

describe('the public survey flow', () => {
  it('shows the survey in the link’s language, saves partial answers, resumes, submits once and refuses a second submission politely', async () => {
    await org.ingest('POST', '/api/v1/interactions', interaction('flow-1'));
    const { token, invitationId } = await invite({ interactionExternalId: 'flow-1', locale: 'zh-TW', channel: 'sms' });
    const url = `/api/v1/public/surveys/${token}`;

    const opened = await visit('GET', url, undefined, { 'accept-language': 'hu' });
    expect(opened.statusCode, opened.body).toBe(200);
    const survey = opened.json();
    expect(survey).toMatchObject({ token, status: 'open', locale: 'zh-TW', organization: expect.stringContaining('Taipei Telecom'), answers: {} });
    expect(survey.languages).toEqual(['en', 'zh-TW', 'hu']);
    expect(survey.survey).toMatchObject({ key: SURVEY, version: 1, kind: 'transactional', title: '您這次的營業廳體驗', intro: '兩分鐘，四個問題。' });
    expect(survey.survey.questions[0]).toMatchObject({ id: 'recommend', type: 'nps', required: true, scale: { min: 0, max: 10, lowLabel: '完全不可能', highLabel: '極有可能' } });
    expect(survey.survey.questions[1]).toMatchObject({ id: 'what-went-wrong', showIf: [{ questionId: 'recommend', operator: 'lte', value: 6 }], options: expect.arrayContaining([{ id: 'waiting', label: '等候時間' }]) });

    const bad = await visit('PUT', `${url}/answers`, { answers: { recommend: 11 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ field: 'answers.recommend', message: '請選擇 0 到 10 之間的數字。' });
    const unknown = await visit('PUT', `${url}/answers`, { answers: { colour: 'red' } });
    expect(unknown.json().error.field).toBe('answers.colour');

    const saved = await visit('PUT', `${url}/answers`, { answers: { recommend: 3, comment: '  排隊時間太長了  ' } });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ token, answers: { recommend: 3, comment: '  排隊時間太長了  ' } });
    const resumed = (await visit('GET', url)).json();
    expect(resumed.answers).toEqual({ recommend: 3, comment: '  排隊時間太長了  ' });

    const incomplete = await visit('POST', `${url}/submit`, {});
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().error).toMatchObject({ field: 'answers.what-went-wrong', message: '請回答此問題。' });
    const tooMany = await visit('POST', `${url}/submit`, { answers: { 'what-went-wrong': ['waiting', 'staff', 'result'] } });
    expect(tooMany.json().error).toMatchObject({ field: 'answers.what-went-wrong', message: '最多選擇 2 項。' });

    const submitted = await visit('POST', `${url}/submit`, { answers: { 'what-went-wrong': ['waiting'], 'counter-rating': 2, contact: true } });
    expect(submitted.statusCode, submitted.body).toBe(201);
    expect(submitted.json()).toMatchObject({ thankYou: '我們已收到您的回答，這將幫助我們把每個關鍵時刻做得更好。' });

    const again = await visit('POST', `${url}/submit`, { answers: { 'what-went-wrong': ['staff'] } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'already_submitted', message: '謝謝！我們之前已收到您對本問卷的回答，無需再次送出。' });
    expect((await visit('PUT', `${url}/answers`, { answers: { recommend: 10 } })).statusCode).toBe(409);
    expect((await visit('GET', url)).json()).toMatchObject({ status: 'submitted', answers: { recommend: 3, 'what-went-wrong': ['waiting'] } });

    const { rows } = await km.database.query<Record<string, unknown>>(
      `select r.*, c.external_id as customer_external_id from responses r left join customers c on c.org_id = r.org_id and c.customer_id = r.customer_id
       where r.org_id = $1 and r.invitation_id = $2`,
      [org.member.orgId, invitationId],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      survey_version: 1,
      journey_key: HALL_JOURNEY,
      moment_key: 'counter',
      journey_version: 1,
      location_id: org.locations.outletA,
      staff_id: 'staff-7',
      visit_id: 'visit-flow-1',
      customer_external_id: 'cust-flow-1',
      channel: 'sms',
      locale: 'zh-TW',
      nps: 3,
      csat: 2,
      ces: null,
      comment: '排隊時間太長了',
      consent: true,
      source: 'page',
    });
  });

  it('lets only one of two simultaneous submissions through', async () => {
    const { token, invitationId } = await invite();
    const submit = () => visit('POST', `/api/v1/public/surveys/${token}/submit`, { answers: { recommend: 9 } });
    const statuses = (await Promise.all([submit(), submit(), submit()])).map((response) => response.statusCode).sort();
    expect(statuses).toEqual([201, 409, 409]);
    const { rows } = await km.database.query<{ n: number }>('select count(*)::int as n from responses where org_id = $1 and invitation_id = $2', [org.member.orgId, invitationId]);
    expect(rows[0]!.n).toBe(1);
  });

  it('refuses answers to a question the earlier answers hide', async () => {
    const { token } = await invite();
    const response = await visit('POST', `/api/v1/public/surveys/${token}/submit`, { answers: { recommend: 10, 'what-went-wrong': ['staff'] } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe('answers.what-went-wrong');
  });

  it('picks the language from Accept-Language when the link has none, else the organisation’s', async () => {
    const { token } = await invite();
    expect((await visit('GET', `/api/v1/public/surveys/${token}`, undefined, { 'accept-language': 'zh-Hant-TW,zh;q=0.8' })).json().locale).toBe('zh-TW');
    expect((await visit('GET', `/api/v1/public/surveys/${token}`, undefined, { 'accept-language': 'de-DE' })).json().locale).toBe('en');
    await org.call('PATCH', '/api/v1/org', { defaultLocale: 'hu' });
    try {
      const hungarian = (await visit('GET', `/api/v1/public/surveys/${token}`)).json();
      expect(hungarian).toMatchObject({ locale: 'hu', survey: { title: 'Látogatása az ügyfélszolgálati irodában' } });
      expect(hungarian.survey.questions[2].scale).toMatchObject({ lowLabel: 'Nagyon elégedetlen', highLabel: 'Nagyon elégedett' });
    } finally {
      await org.call('PATCH', '/api/v1/org', { defaultLocale: 'en' });
    }
  });
});

describe('anonymous public links', () => {
  it('starts every respondent on their own token, which saves, resumes and submits with the link’s location and moment', async () => {
    const link = (await org.call('POST', `/api/v1/surveys/${SURVEY}/links`, { channel: 'qr', locationCode: 'T-002' })).json();
    const first = (await visit('GET', `/api/v1/public/surveys/${link.token}`)).json();
    const second = (await visit('GET', `/api/v1/public/surveys/${link.token}`)).json();
    expect(first.token).not.toBe(link.token);
    expect(first.token).not.toBe(second.token);

    expect((await visit('PUT', `/api/v1/public/surveys/${first.token}/answers`, { answers: { recommend: 8 } })).statusCode).toBe(200);
    expect((await visit('GET', `/api/v1/public/surveys/${first.token}`)).json().answers).toEqual({ recommend: 8 });
    expect((await visit('GET', `/api/v1/public/surveys/${second.token}`)).json().answers).toEqual({});
    const submitted = await visit('POST', `/api/v1/public/surveys/${first.token}/submit`, {});
    expect(submitted.statusCode, submitted.body).toBe(201);
    expect((await visit('POST', `/api/v1/public/surveys/${first.token}/submit`, {})).statusCode).toBe(409);

    const { rows } = await km.database.query<Record<string, unknown>>('select location_id, moment_key, channel, nps from responses where org_id = $1 and response_id = $2', [
      org.member.orgId,
      submitted.json().responseId,
    ]);
    expect(rows).toEqual([{ location_id: org.locations.outletB, moment_key: 'counter', channel: 'qr', nps: 8 }]);
  });

  it('stops a revoked link, and an archived survey, politely', async () => {
    const link = (await org.call('POST', `/api/v1/surveys/${SURVEY}/links`, {})).json();
    await org.call('DELETE', `/api/v1/surveys/${SURVEY}/links/${link.linkId}`);
    const revoked = await visit('GET', `/api/v1/public/surveys/${link.token}`, undefined, { 'accept-language': 'ru' });
    expect(revoked.statusCode).toBe(410);
    expect(revoked.json().error).toMatchObject({ code: 'survey_closed', message: expect.stringContaining('Опрос закрыт') });

    await publishSurvey(org, 'short-lived');
    const { token } = (await org.ingest('POST', '/api/v1/surveys/short-lived/invitations', {})).json();
    await org.call('DELETE', '/api/v1/surveys/short-lived');
    expect((await visit('GET', `/api/v1/public/surveys/${token}`)).statusCode).toBe(410);
  });
});

describe('links that do not work', () => {
  it('answers 401 to a made-up or altered token and 410 to an expired one, before reading any body', async () => {
    expect((await visit('GET', '/api/v1/public/surveys/not-a-token')).json().error.code).toBe('invalid_link');
    expect((await visit('PUT', '/api/v1/public/surveys/not-a-token/answers', { nonsense: true })).statusCode).toBe(401);

    const { token } = await invite();
    const bytes = Buffer.from(token, 'base64url');
    bytes.writeUInt16BE(2, 49); // another version of the survey, same tag
    expect((await visit('GET', `/api/v1/public/surveys/${bytes.toString('base64url')}`)).statusCode).toBe(401);

    const { rows } = await km.database.query<{ value: string }>("select value from instance_settings where key = 'survey_link_secret'");
    const secret = rows[0]!.value;
    const verified = verifySurveyLink(token, secret, new Date());
    if (verified.status !== 'valid' || verified.token.kind !== 'invitation') throw new Error('expected a valid invitation');
    const expired: SurveyToken = { ...verified.token, locale: 'hu', expiresAt: new Date(Date.now() - 1000) };
    const response = await visit('GET', `/api/v1/public/surveys/${signSurveyLink(expired, secret)}`);
    expect(response.statusCode).toBe(410);
    expect(response.json().error).toMatchObject({ code: 'link_expired', message: expect.stringContaining('lejárt') });
  });
});
