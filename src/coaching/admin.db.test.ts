import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caller, expectStatus, setUpAuditOrg, type AuditOrg } from '../../test/support/audit-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';

/*
 * What the coaching admin pages need from the API: staff search and pages, the phrases of a moment,
 * the question bank with answers (generated + authored questions of every kind, retiring one), exam
 * definitions that can be changed and draw a number of questions, and a response schema on every
 * coaching operation of the OpenAPI document (so Fastify sends only declared fields).
 */

let km: TestKeymoment;
let org: AuditOrg;
let call: ReturnType<typeof caller>;
const JOURNEY = 'telecom-service-hall';
let moment = '';

beforeAll(async () => {
  km = await startTestKeymoment();
  call = caller(km);
  org = await setUpAuditOrg(km, 'Coaching admin');
  moment = expectStatus(await call(org.admin, 'GET', `/api/v1/coaching/cards?journeyKey=${JOURNEY}`), 200).json().cards[0].momentKey;
  for (const [staffId, name, role] of [['E-1', 'Anna Petrova', 'Counter'], ['E-2', 'Boris Ivanov', 'Floor'], ['E-3', 'Chen Li', 'Counter']] as const) {
    expectStatus(await call(org.admin, 'PUT', `/api/v1/coaching/staff/${staffId}`, { name, role, locationId: org.outletId, locale: 'en' }), 200);
  }
}, 180_000);
afterAll(async () => km?.dispose());

describe('staff list', () => {
  it('searches the staff id, name and role and pages by staff id', async () => {
    const found = expectStatus(await call(org.admin, 'GET', '/api/v1/coaching/staff?q=counter'), 200).json();
    expect(found.items.map((row: { staffId: string }) => row.staffId)).toEqual(['E-1', 'E-3']);
    const first = expectStatus(await call(org.admin, 'GET', '/api/v1/coaching/staff?limit=2'), 200).json();
    expect(first.items.map((row: { staffId: string }) => row.staffId)).toEqual(['E-1', 'E-2']);
    expect(first.nextCursor).toBeTypeOf('string');
    const second = expectStatus(await call(org.admin, 'GET', `/api/v1/coaching/staff?limit=2&cursor=${first.nextCursor}`), 200).json();
    expect(second).toEqual({ items: [expect.objectContaining({ staffId: 'E-3', name: 'Chen Li', role: 'Counter', locationId: org.outletId })], nextCursor: null });
  });

  it('names the field of a bad staff record', async () => {
    const response = expectStatus(await call(org.admin, 'PUT', '/api/v1/coaching/staff/E-9', { name: 'X', locationId: 'no-such-place', locale: 'en' }), 400);
    expect(response.json().error.field).toBe('locationId');
  });
});

describe('phrases and the question bank', () => {
  it('lists a moment’s phrases with their ids and removes one', async () => {
    const phrase = expectStatus(await call(org.admin, 'POST', '/api/v1/coaching/phrases', { journeyKey: JOURNEY, momentKey: moment, kind: 'avoid', text: { en: 'Not my job', ru: 'Не моя работа' } }), 201).json();
    expect(phrase).not.toHaveProperty('orgId');
    const listed = expectStatus(await call(org.admin, 'GET', `/api/v1/coaching/phrases?journeyKey=${JOURNEY}&momentKey=${moment}`), 200).json();
    expect(listed.items).toEqual([{ phraseId: phrase.phraseId, journeyKey: JOURNEY, momentKey: moment, kind: 'avoid', text: { en: 'Not my job', ru: 'Не моя работа' } }]);
    expectStatus(await call(org.admin, 'DELETE', `/api/v1/coaching/phrases/${phrase.phraseId}`), 204);
    expect(expectStatus(await call(org.admin, 'GET', `/api/v1/coaching/phrases?journeyKey=${JOURNEY}`), 200).json().items).toEqual([]);
  });

  it('authors order and pick-the-phrase questions, shows the bank with answers and retires a question', async () => {
    const order = expectStatus(
      await call(org.admin, 'POST', '/api/v1/coaching/questions', {
        journeyKey: JOURNEY,
        momentKey: moment,
        kind: 'order',
        prompt: { en: 'Put in order', ru: 'Расставьте по порядку' },
        options: [{ text: { en: 'First' } }, { text: { en: 'Second' } }, { text: { en: 'Third' } }],
      }),
      201,
    ).json();
    expect(order.kind).toBe('order');
    const badPhrase = await call(org.admin, 'POST', '/api/v1/coaching/questions', {
      journeyKey: JOURNEY,
      momentKey: moment,
      kind: 'phrase',
      prompt: { en: 'Say what?' },
      options: [{ text: { en: 'a' }, correct: true }, { text: { en: 'b' }, correct: true }],
    });
    expect(expectStatus(badPhrase, 400).json().error.field).toBe('options');
    const phrase = expectStatus(
      await call(org.admin, 'POST', '/api/v1/coaching/questions', {
        journeyKey: JOURNEY,
        momentKey: moment,
        kind: 'phrase',
        prompt: { en: 'Say what?' },
        options: [{ text: { en: 'Welcome!' }, correct: true }, { text: { en: 'Wait.' }, correct: false }],
      }),
      201,
    ).json();

    const bank = expectStatus(await call(org.admin, 'GET', `/api/v1/coaching/questions?journeyKey=${JOURNEY}&momentKey=${moment}&locale=ru`), 200).json();
    const generated = bank.items.filter((item: { source: string }) => item.source === 'generated');
    expect(generated.length).toBeGreaterThan(0);
    const authoredOrder = bank.items.find((item: { questionId: string }) => item.questionId === `q-${order.questionId}`);
    expect(authoredOrder.prompt).toBe('Расставьте по порядку');
    expect(authoredOrder.options.map((option: { text: string }) => option.text)).toEqual(['First', 'Second', 'Third']);
    expect(authoredOrder.authored.options).toHaveLength(3);

    // An exam on the moment: the paper hides the order (opaque ids) and the server scores the right order.
    const exam = expectStatus(await call(org.admin, 'POST', '/api/v1/coaching/exams', { journeyKey: JOURNEY, momentKeys: [moment], title: { en: 'Moment exam' }, schedule: 'once', passMark: 1 }), 201).json();
    expectStatus(await call(org.admin, 'PUT', '/api/v1/coaching/staff/E-agent', { name: 'Agent', userId: org.agent.userId, locationId: org.outletId, locale: 'en' }), 200);
    const paper = expectStatus(await call(org.agent, 'GET', `/api/v1/coaching/exams/${exam.examId}/paper`), 200).json();
    const onPaper = paper.questions.find((question: { questionId: string }) => question.questionId === `q-${order.questionId}`);
    expect(onPaper.options.map((option: { id: string }) => option.id)).not.toContain('o1');
    const attempt = expectStatus(
      await call(org.agent, 'POST', `/api/v1/coaching/exams/${exam.examId}/attempts`, {
        answers: { [`q-${order.questionId}`]: authoredOrder.options.map((option: { id: string }) => option.id), [`q-${phrase.questionId}`]: ['o1'] },
      }),
      201,
    ).json();
    const results = new Map(attempt.results.map((result: { questionId: string; correct: boolean }) => [result.questionId, result.correct]));
    expect(results.get(`q-${order.questionId}`)).toBe(true);
    expect(results.get(`q-${phrase.questionId}`)).toBe(true);

    expectStatus(await call(org.admin, 'DELETE', `/api/v1/coaching/questions/q-${phrase.questionId}`), 204);
    expectStatus(await call(org.admin, 'DELETE', `/api/v1/coaching/questions/q-${phrase.questionId}`), 404);
    const after = expectStatus(await call(org.admin, 'GET', `/api/v1/coaching/questions?journeyKey=${JOURNEY}&momentKey=${moment}`), 200).json();
    expect(after.items.some((item: { questionId: string }) => item.questionId === `q-${phrase.questionId}`)).toBe(false);
  });

  it('refuses a staff member’s attempt to read the bank with answers', async () => {
    expectStatus(await call(org.agent, 'GET', `/api/v1/coaching/questions?journeyKey=${JOURNEY}`), 403);
  });
});

describe('exam definitions', () => {
  it('changes an exam, draws its number of questions per sitting and shows when it is due', async () => {
    const created = expectStatus(
      await call(org.admin, 'POST', '/api/v1/coaching/exams', { journeyKey: JOURNEY, title: { en: 'Monthly check' }, schedule: 'monthly', passMark: 70, targetRole: 'Counter', questionCount: 2 }),
      201,
    ).json();
    expect(created).toMatchObject({ schedule: 'monthly', questionCount: 2, targetRole: 'Counter' });
    expect(created.dueBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(created.dueBy.slice(0, 7)).toBe(created.periodStart.slice(0, 7));
    const changed = expectStatus(
      await call(org.admin, 'PUT', `/api/v1/coaching/exams/${created.examId}`, { journeyKey: JOURNEY, title: { en: 'Weekly check' }, schedule: 'weekly', passMark: 80, questionCount: 3, targetLocationId: org.outletId }),
      200,
    ).json();
    expect(changed).toMatchObject({ examId: created.examId, schedule: 'weekly', passMark: 80, questionCount: 3, targetRole: null, targetLocationId: org.outletId, title: { en: 'Weekly check' } });
    const paper = expectStatus(await call(org.agent, 'GET', `/api/v1/coaching/exams/${created.examId}/paper`), 200).json();
    expect(paper.questions).toHaveLength(3);
    const again = expectStatus(await call(org.agent, 'GET', `/api/v1/coaching/exams/${created.examId}/paper`), 200).json();
    expect(again.questions.map((question: { questionId: string }) => question.questionId)).toEqual(paper.questions.map((question: { questionId: string }) => question.questionId));
    const bad = await call(org.admin, 'PUT', `/api/v1/coaching/exams/${created.examId}`, { journeyKey: JOURNEY, title: { en: 'x' }, schedule: 'weekly', passMark: 80, momentKeys: ['no-such-moment'] });
    expect(expectStatus(bad, 400).json().error.field).toBe('momentKeys[0]');
    expectStatus(await call(org.admin, 'PUT', '/api/v1/coaching/exams/0190c0c0-0000-7000-8000-000000000000', { journeyKey: JOURNEY, title: { en: 'x' }, schedule: 'once', passMark: 50 }), 404);
  });
});

describe('OpenAPI', () => {
  it('declares a 2xx response schema on every coaching operation', async () => {
    const spec = expectStatus(await km.app.inject('/api/v1/openapi.json'), 200).json() as { paths: Record<string, Record<string, { responses?: Record<string, unknown> }>> };
    const missing: string[] = [];
    let operations = 0;
    for (const [path, methods] of Object.entries(spec.paths)) {
      if (!path.startsWith('/api/v1/coaching')) continue;
      for (const [method, operation] of Object.entries(methods)) {
        operations++;
        if (!Object.keys(operation.responses ?? {}).some((status) => /^2\d\d$/.test(status))) missing.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(operations).toBeGreaterThan(30);
    expect(missing).toEqual([]);
  });
});
