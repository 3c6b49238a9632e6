import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caller, expectStatus, setUpAuditOrg, type AuditOrg } from '../../test/support/audit-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';
import { ensureRetestExam, insertAssignment } from './store.ts';

/*
 * Nothing of organisation B's coaching (staff, read receipts, phrases, questions, exams, attempts,
 * certificates, assignments) can be read, listed or changed by a person or an API key of
 * organisation A, and B's rows are exactly the same afterwards. Both organisations use the same
 * journey key, so a leak by key would show.
 */

let km: TestKeymoment;
let a: AuditOrg;
let b: AuditOrg;
let call: ReturnType<typeof caller>;
const JOURNEY = 'telecom-service-hall';
const bIds = { exam: '', phrase: '', question: '', certificate: '', assignment: '', moment: '' };
const aKeys: Record<string, string> = {};

const TENANT_TABLES = [
  'coaching_staff',
  'coaching_phrases',
  'coaching_read_receipts',
  'coaching_questions',
  'coaching_exams',
  'coaching_attempts',
  'coaching_certificates',
  'coaching_assignments',
];

async function snapshotOf(orgId: string): Promise<string> {
  const parts: unknown[] = [];
  for (const table of TENANT_TABLES) parts.push((await km.database.query(`select * from ${table} where org_id = $1 order by 1, 2, 3`, [orgId])).rows);
  return JSON.stringify(parts);
}

beforeAll(async () => {
  km = await startTestKeymoment();
  call = caller(km);
  a = await setUpAuditOrg(km, 'Shenzhen Shop');
  b = await setUpAuditOrg(km, 'Kazan Telecom');
  const cards = expectStatus(await call(b.admin, 'GET', `/api/v1/coaching/cards?journeyKey=${JOURNEY}`), 200).json();
  bIds.moment = cards.cards[0].momentKey;
  expectStatus(await call(b.admin, 'PUT', '/api/v1/coaching/staff/kazan-7', { name: 'Kazan secret', userId: b.agent.userId, locationId: b.outletId, locale: 'ru' }), 200);
  expectStatus(await call(b.agent, 'POST', `/api/v1/coaching/cards/${JOURNEY}/${bIds.moment}/read`), 201);
  bIds.phrase = expectStatus(await call(b.admin, 'POST', '/api/v1/coaching/phrases', { journeyKey: JOURNEY, momentKey: bIds.moment, kind: 'use', text: { en: 'Kazan secret phrase' } }), 201).json().phraseId;
  bIds.question = expectStatus(
    await call(b.admin, 'POST', '/api/v1/coaching/questions', {
      journeyKey: JOURNEY,
      momentKey: bIds.moment,
      kind: 'single',
      prompt: { en: 'Kazan secret question' },
      options: [{ text: { en: 'yes' }, correct: true }, { text: { en: 'no' }, correct: false }],
    }),
    201,
  ).json().questionId;
  bIds.exam = expectStatus(await call(b.admin, 'POST', '/api/v1/coaching/exams', { journeyKey: JOURNEY, title: { en: 'Kazan secret exam' }, schedule: 'weekly', passMark: 1, certificateMonths: 6 }), 201).json().examId;
  const paper = expectStatus(await call(b.agent, 'GET', `/api/v1/coaching/exams/${bIds.exam}/paper`), 200).json();
  // Pass mark 1 %: answering the manager's question right (its option o1) passes and certifies.
  const answers = { [paper.questions.find((q: { questionId: string }) => q.questionId.startsWith('q-')).questionId]: ['o1'] };
  bIds.certificate = expectStatus(await call(b.agent, 'POST', `/api/v1/coaching/exams/${bIds.exam}/attempts`, { answers }), 201).json().certificate.certificateId;
  const now = new Date();
  const retest = await ensureRetestExam(km.database.db, b.admin.orgId, JOURNEY, bIds.moment, { en: 'retest' }, now);
  bIds.assignment = (await insertAssignment(
    km.database.db,
    b.admin.orgId,
    { staffId: 'kazan-7', journeyKey: JOURNEY, journeyVersion: 1, momentKey: bIds.moment, reason: 'staff', locationId: b.outletId, metric: 'nps', score: -10, benchmark: 30, answers: 40, examId: retest.examId },
    now,
  ))!.assignmentId;
  for (const scope of ['read', 'admin', 'ingest']) {
    aKeys[scope] = expectStatus(await call(a.admin, 'POST', '/api/v1/api-keys', { name: `A ${scope}`, scopes: [scope] }), 201).json().key;
  }
}, 180_000);
afterAll(async () => km?.dispose());

type Attack = { what: string; method: 'GET' | 'POST' | 'PUT' | 'DELETE'; url: () => string; payload?: () => object; allowed: number[] };

const attacks: Attack[] = [
  { what: 'read an exam paper', method: 'GET', url: () => `/api/v1/coaching/exams/${bIds.exam}/paper`, allowed: [403, 404] },
  { what: 'hand in an exam', method: 'POST', url: () => `/api/v1/coaching/exams/${bIds.exam}/attempts`, payload: () => ({ answers: {} }), allowed: [403, 404] },
  { what: 'download a certificate', method: 'GET', url: () => `/api/v1/coaching/certificates/${bIds.certificate}/pdf`, allowed: [403, 404] },
  { what: 'read a training effect', method: 'GET', url: () => `/api/v1/coaching/assignments/${bIds.assignment}/effect`, allowed: [403, 404] },
  { what: 'retire a question', method: 'DELETE', url: () => `/api/v1/coaching/questions/q-${bIds.question}`, allowed: [403, 404] },
  {
    what: 'change an exam',
    method: 'PUT',
    url: () => `/api/v1/coaching/exams/${bIds.exam}`,
    payload: () => ({ journeyKey: JOURNEY, title: { en: 'taken over' }, schedule: 'once', passMark: 100 }),
    allowed: [403, 404],
  },
  { what: 'delete a phrase', method: 'DELETE', url: () => `/api/v1/coaching/phrases/${bIds.phrase}`, allowed: [403, 404] },
  { what: 'register staff at an outlet of B', method: 'PUT', url: () => '/api/v1/coaching/staff/intruder', payload: () => ({ name: 'x', locationId: b.outletId, locale: 'en' }), allowed: [400, 403, 404] },
  { what: 'schedule an exam at an outlet of B', method: 'POST', url: () => '/api/v1/coaching/exams', payload: () => ({ journeyKey: JOURNEY, title: { en: 'x' }, schedule: 'once', passMark: 50, targetLocationId: b.outletId }), allowed: [400, 403, 404] },
  { what: 'read the dashboard of an outlet of B', method: 'GET', url: () => `/api/v1/coaching/dashboard?journeyKey=${JOURNEY}&locationId=${b.outletId}`, allowed: [403, 404] },
];

const actorsOfA = () => [
  { who: 'A admin', headers: () => a.admin.headers },
  { who: 'A admin naming org B', headers: () => ({ cookie: a.admin.cookie, 'x-org-id': b.admin.orgId }) },
  { who: 'A admin key', headers: () => ({ authorization: `Bearer ${aKeys.admin}` }) },
  { who: 'A read key', headers: () => ({ authorization: `Bearer ${aKeys.read}` }) },
  { who: 'A ingest key', headers: () => ({ authorization: `Bearer ${aKeys.ingest}` }) },
];

describe('organisation A cannot touch the coaching of organisation B', () => {
  for (const actor of actorsOfA()) {
    it(`${actor.who} is refused every attack and B is unchanged`, async () => {
      const before = await snapshotOf(b.admin.orgId);
      for (const attack of attacks) {
        const response = await km.app.inject({ method: attack.method, url: attack.url(), headers: actor.headers(), ...(attack.payload ? { payload: attack.payload() } : {}) });
        expect(attack.allowed, `${attack.what}: ${response.statusCode} ${response.body}`).toContain(response.statusCode);
      }
      expect(await snapshotOf(b.admin.orgId)).toBe(before);
    });

    it(`${actor.who} sees none of B in any list`, async () => {
      const lists = [
        '/api/v1/coaching/staff',
        '/api/v1/coaching/staff?q=kazan&limit=5',
        `/api/v1/coaching/phrases?journeyKey=${JOURNEY}`,
        `/api/v1/coaching/questions?journeyKey=${JOURNEY}`,
        `/api/v1/coaching/cards?journeyKey=${JOURNEY}`,
        `/api/v1/coaching/cards/${JOURNEY}/${bIds.moment}`,
        `/api/v1/coaching/readers?journeyKey=${JOURNEY}`,
        '/api/v1/coaching/exams',
        '/api/v1/coaching/attempts',
        '/api/v1/coaching/certificates',
        '/api/v1/coaching/assignments',
      ];
      for (const url of lists) {
        const response = await km.app.inject({ method: 'GET', url, headers: actor.headers() });
        expect([200, 403, 404], `${url} ${response.statusCode}`).toContain(response.statusCode);
        for (const secret of [b.admin.orgId, b.outletId, bIds.exam, bIds.phrase, bIds.question, bIds.certificate, bIds.assignment, 'kazan-7', 'Kazan', 'secret']) {
          expect(response.body, `${url} leaks ${secret}`).not.toContain(secret);
        }
      }
    });
  }
});
