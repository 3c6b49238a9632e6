import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWithMember } from '../../test/support/actors.ts';
import { publishSurvey, setUpFeedbackOrg, type FeedbackOrg } from '../../test/support/feedback-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';

/* The server-rendered survey page, used the way a browser without JavaScript uses it: GET, form POST, redirects. */

let km: TestKeymoment;
let org: FeedbackOrg;
const SURVEY = 'counter';

beforeAll(async () => {
  km = await startTestKeymoment();
  org = await setUpFeedbackOrg(km, await createOrgWithMember(km, 'admin', 'Taipei Telecom'));
  await publishSurvey(org, SURVEY);
});
afterAll(async () => km?.dispose());

async function invite(locale?: string): Promise<string> {
  const response = await org.ingest('POST', `/api/v1/surveys/${SURVEY}/invitations`, locale ? { locale } : {});
  expect(response.statusCode, response.body).toBe(201);
  return response.json().token;
}

function page(url: string, headers: Record<string, string> = {}) {
  return km.app.inject({ method: 'GET', url, headers });
}

function post(url: string, fields: [string, string][], headers: Record<string, string> = {}) {
  return km.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: new URLSearchParams(fields).toString(),
  });
}

describe('the survey page', () => {
  it('renders the survey in the link’s language with labelled controls, a strict CSP and the small script', async () => {
    const token = await invite('zh-TW');
    const response = await page(`/s/${token}`, { 'accept-language': 'ru' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.headers['content-security-policy']).toMatch(/default-src 'none'.*script-src 'self'/);
    expect(response.headers['cache-control']).toBe('no-store');
    const html = response.body;
    expect(html).toContain('<html lang="zh-TW">');
    expect(html).toContain('<h1>您這次的營業廳體驗</h1>');
    expect(html).toContain(`<form method="post" action="/s/${token}"`);
    expect(html).toContain('<legend>您有多大可能向朋友推薦我們？ <span class="req">(必答)</span></legend>');
    expect(html).toContain('<label class="pt"><input type="radio" name="q.recommend" value="0"><span>0<span class="vh"> – 完全不可能</span></span></label>');
    expect(html).toContain('<label class="label" for="q-comment-input">還有其他意見嗎？</label>');
    expect(html).toMatch(/<div class="q" id="q-what-went-wrong" data-q="what-went-wrong" data-show-if="[^"]+" hidden>/);
    expect(html).toContain('<script src="/s/assets/survey.js" defer></script>');
    expect(html).toContain('>送出</button>');
    const hungarian = await page(`/s/${token}?lang=hu`);
    expect(hungarian.body).toContain('<html lang="hu">');
    expect(hungarian.body).toContain('Mennyire valószínű, hogy ajánlana minket?');
    expect(hungarian.body).toContain(`action="/s/${token}?lang=hu"`);
  });

  it('serves a script far below 30 KB gzipped', async () => {
    const response = await page('/s/assets/survey.js');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('javascript');
    expect(gzipSync(response.rawPayload).length).toBeLessThan(3 * 1024);
  });

  it('saves without JavaScript, resumes, reports problems in the respondent’s language, then submits once', async () => {
    const token = await invite('hu');
    const url = `/s/${token}`;
    const saved = await post(url, [['q.recommend', '4'], ['q.comment', 'Túl sokat vártam.'], ['_action', 'save']]);
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`${url}?saved=1`);
    const resumed = await page(`${url}?saved=1`);
    expect(resumed.body).toContain('Válaszait elmentettük. A befejezéshez bármikor újra megnyithatja ezt a hivatkozást.');
    expect(resumed.body).toContain('name="q.recommend" value="4" checked');
    expect(resumed.body).toContain('>Túl sokat vártam.</textarea>');
    // A detractor is asked what went wrong: that question is now shown.
    expect(resumed.body).toMatch(/id="q-what-went-wrong" data-q="what-went-wrong" data-show-if="[^"]+">/);

    const incomplete = await post(url, [['q.recommend', '4'], ['q.counter-rating', '9'], ['_action', 'submit']]);
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.body).toContain('<div class="errors" id="errors" role="alert" tabindex="-1"><h2>Kérjük, nézze át ezeket a válaszokat:</h2>');
    expect(incomplete.body).toContain('<p class="err" id="q-what-went-wrong-err">Kérjük, válaszoljon erre a kérdésre.</p>');
    expect(incomplete.body).toContain('Válasszon egy számot 1 és 5 között.');
    expect(incomplete.body).toContain('name="q.recommend" value="4" checked');

    const done = await post(url, [['q.recommend', '4'], ['q.what-went-wrong', 'waiting'], ['q.what-went-wrong', 'staff'], ['q.contact', 'no'], ['_action', 'submit']]);
    expect(done.statusCode, done.body).toBe(303);
    expect(done.headers.location).toBe(`${url}?done=1`);
    expect((await page(`${url}?done=1`)).body).toContain('<h1>Köszönjük!</h1>');
    const later = await page(url);
    expect(later.body).toContain('<h1>Ön már válaszolt</h1>');
    const again = await post(url, [['q.recommend', '10'], ['_action', 'submit']]);
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('Erre a kérdőívre adott válaszait már korábban megkaptuk');

    const { rows } = await km.database.query<Record<string, unknown>>(
      'select answers, nps, comment, consent, locale from responses where org_id = $1 and invitation_id = (select invitation_id from survey_invitations where org_id = $1 and answers @> $2::jsonb and submitted_at is not null limit 1)',
      [org.member.orgId, JSON.stringify({ 'what-went-wrong': ['waiting', 'staff'] })],
    );
    expect(rows).toEqual([{ answers: { recommend: 4, 'what-went-wrong': ['waiting', 'staff'], contact: false }, nps: 4, comment: null, consent: false, locale: 'hu' }]);
  });

  it('drops answers to questions the earlier answers hide (every question is on the page without the script)', async () => {
    const token = await invite();
    const response = await post(`/s/${token}`, [['q.recommend', '10'], ['q.what-went-wrong', 'staff'], ['_action', 'submit']]);
    expect(response.statusCode).toBe(303);
    const { rows } = await km.database.query<{ answers: object }>(
      'select r.answers from responses r join survey_invitations i on i.org_id = r.org_id and i.invitation_id = r.invitation_id where r.org_id = $1 and i.answers = $2::jsonb',
      [org.member.orgId, JSON.stringify({ recommend: 10 })],
    );
    expect(rows).toEqual([{ answers: { recommend: 10 } }]);
  });

  it('autosaves for the script with a JSON answer, and turns a public link into the respondent’s own link', async () => {
    const link = (await org.call('POST', `/api/v1/surveys/${SURVEY}/links`, { channel: 'qr', locationCode: 'T-001' })).json();
    const html = (await page(`/s/${link.token}`, { 'accept-language': 'zh-TW' })).body;
    const action = /<form method="post" action="\/s\/([A-Za-z0-9_-]+)"/.exec(html)?.[1];
    expect(action).toBeDefined();
    expect(action).not.toBe(link.token);
    const saved = await post(`/s/${action}`, [['q.recommend', '7'], ['_action', 'save']], { accept: 'application/json' });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ saved: true, token: action, path: `/s/${action}` });
    const resumed = await page(`/s/${action}`);
    expect(resumed.body).toContain('name="q.recommend" value="7" checked');
    const bad = await post(`/s/${action}`, [['q.recommend', 'eleven'], ['_action', 'save']], { accept: 'application/json' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('answers.recommend');
  });

  it('explains links that do not work, in the browser’s language', async () => {
    const invalid = await page('/s/garbage', { 'accept-language': 'zh-CN' });
    expect(invalid.statusCode).toBe(404);
    expect(invalid.body).toContain('<h1>此链接无效</h1>');
    await publishSurvey(org, 'closing');
    const token = (await org.ingest('POST', '/api/v1/surveys/closing/invitations', { locale: 'ru' })).json().token;
    await org.call('DELETE', '/api/v1/surveys/closing');
    const closed = await page(`/s/${token}`);
    expect(closed.statusCode).toBe(410);
    expect(closed.body).toContain('<h1>Опрос закрыт</h1>');
  });
});
