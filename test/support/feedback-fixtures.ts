import type { LightMyRequestResponse } from 'fastify';
import type { Keymoment } from '../../src/main.ts';
import type { TestMember } from './actors.ts';

/*
 * A small telecom organisation for the feedback room's tests: a region → city → two outlets (with
 * business codes), a published service-hall journey, an ingest API key, and helpers to call the API.
 */

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface FeedbackOrg {
  member: TestMember;
  ingestKey: string;
  locations: { region: string; city: string; outletA: string; outletB: string };
  call(method: Method, url: string, payload?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  ingest(method: Method, url: string, payload?: unknown): Promise<LightMyRequestResponse>;
}

export const HALL_JOURNEY = 'service-hall';

export function hallBlueprint() {
  return {
    stages: [{ key: 'visit', kind: 'first' }],
    moments: [
      { key: 'greeting', name: { en: 'Greeting', 'zh-TW': '迎賓' }, stageKey: 'visit' },
      { key: 'counter', name: { en: 'Counter transaction', 'zh-TW': '櫃檯辦理' }, stageKey: 'visit', flags: ['peak'] },
      { key: 'leave', name: { en: 'Leave' }, stageKey: 'visit', flags: ['end'] },
    ],
  };
}

async function expectOk(response: LightMyRequestResponse): Promise<LightMyRequestResponse> {
  if (response.statusCode >= 300) throw new Error(`${response.statusCode}: ${response.body}`);
  return response;
}

export async function setUpFeedbackOrg(km: Keymoment, member: TestMember, prefix = 'T'): Promise<FeedbackOrg> {
  const call = (method: Method, url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    km.app.inject({ method, url, headers: { ...member.headers, ...headers }, ...(payload !== undefined ? { payload: payload as object } : {}) });
  const location = async (body: object) => (await expectOk(await call('POST', '/api/v1/locations', body))).json().locationId as string;
  const region = await location({ name: 'North', level: 'region', code: `${prefix}-N` });
  const city = await location({ name: 'Taipei', level: 'city', parentId: region, code: `${prefix}-TPE` });
  const outletA = await location({ name: 'Xinyi hall', level: 'outlet', parentId: city, code: `${prefix}-001` });
  const outletB = await location({ name: 'Budapest hall', level: 'outlet', parentId: region, code: `${prefix}-002`, timezone: 'Europe/Budapest' });
  await expectOk(await call('POST', '/api/v1/journeys', { key: HALL_JOURNEY, name: { en: 'Service hall' }, blueprint: hallBlueprint() }));
  await expectOk(await call('POST', `/api/v1/journeys/${HALL_JOURNEY}/publish`, {}));
  const ingestKey = (await expectOk(await call('POST', '/api/v1/api-keys', { name: 'POS', scopes: ['ingest'] }))).json().key as string;
  const ingest = (method: Method, url: string, payload?: unknown) =>
    km.app.inject({ method, url, headers: { authorization: `Bearer ${ingestKey}` }, ...(payload !== undefined ? { payload: payload as object } : {}) });
  return { member, ingestKey, locations: { region, city, outletA, outletB }, call, ingest };
}

/** A transactional survey about the counter: NPS, a follow-up only for detractors, a comment, consent. */
export function counterSurvey() {
  return {
    kind: 'transactional',
    about: { journeyKey: HALL_JOURNEY, momentKey: 'counter' },
    title: { en: 'Your visit to our service hall', 'zh-TW': '您這次的營業廳體驗', hu: 'Látogatása az ügyfélszolgálati irodában' },
    intro: { en: 'Two minutes, four questions.', 'zh-TW': '兩分鐘，四個問題。', hu: 'Két perc, négy kérdés.' },
    questions: [
      {
        id: 'recommend',
        type: 'nps',
        required: true,
        title: { en: 'How likely are you to recommend us?', 'zh-TW': '您有多大可能向朋友推薦我們？', hu: 'Mennyire valószínű, hogy ajánlana minket?' },
      },
      {
        id: 'what-went-wrong',
        type: 'multiple_choice',
        required: true,
        showIf: [{ questionId: 'recommend', operator: 'lte', value: 6 }],
        title: { en: 'What went wrong?', 'zh-TW': '哪裡做得不好？', hu: 'Mi nem sikerült?' },
        options: [
          { id: 'waiting', label: { en: 'Waiting time', 'zh-TW': '等候時間', hu: 'Várakozási idő' } },
          { id: 'staff', label: { en: 'Staff attitude', 'zh-TW': '員工態度', hu: 'Az ügyintéző hozzáállása' } },
          { id: 'result', label: { en: 'The result', 'zh-TW': '辦理結果', hu: 'Az eredmény' } },
        ],
        maxSelected: 2,
      },
      { id: 'counter-rating', type: 'csat', title: { en: 'How satisfied were you at the counter?', 'zh-TW': '您對櫃檯服務滿意嗎？', hu: 'Mennyire volt elégedett a pultnál?' } },
      { id: 'comment', type: 'text', title: { en: 'Anything else?', 'zh-TW': '還有其他意見嗎？', hu: 'Van még valami, amit elmondana?' } },
      { id: 'contact', type: 'consent', title: { en: 'May we contact you about your answers?', 'zh-TW': '我們可以就您的回答與您聯絡嗎？', hu: 'Felvehetjük Önnel a kapcsolatot a válaszai miatt?' } },
    ],
  };
}

/** Creates and publishes a survey; returns its key. */
export async function publishSurvey(org: FeedbackOrg, key: string, definition: object = counterSurvey()): Promise<string> {
  await expectOk(await org.call('POST', '/api/v1/surveys', { key, name: { en: `Survey ${key}` }, definition }));
  await expectOk(await org.call('POST', `/api/v1/surveys/${key}/publish`, {}));
  return key;
}

export function interaction(externalId: string, extra: Record<string, unknown> = {}, prefix = 'T') {
  return {
    externalId,
    momentKey: 'counter',
    journeyKey: HALL_JOURNEY,
    visitId: `visit-${externalId}`,
    occurredAt: '2026-11-20T09:30:00+08:00',
    locationCode: `${prefix}-001`,
    staffId: 'staff-7',
    channel: 'in_person',
    customer: { externalId: `cust-${externalId}`, name: 'Lin', locale: 'zh-TW' },
    metrics: { waitSeconds: 240, handleSeconds: 300 },
    outcome: 'resolved',
    ...extra,
  };
}
