import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSignedInMember, createOrgWithMember, type TestMember } from '../../test/support/actors.ts';
import { publishSurvey, setUpFeedbackOrg, type FeedbackOrg } from '../../test/support/feedback-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';
import { runTrainingAssignments } from './jobs.ts';

/*
 * The learning half of coaching through the API, on data posted through the public ingest API:
 * learning cards in the reader's language, "I have read it" per published version, the weak-moment
 * job assigning exactly the weak moment's card and re-test, an exam taken in ru and scored by the
 * server, certificates (PDF) and the outlet dashboard.
 */

let km: TestKeymoment;
let org: FeedbackOrg;
let anna: TestMember;
let manager: TestMember;
const JOURNEY = 'branch-visit';
const SURVEY = 'branch-coaching';
let sequence = 0;

const GREETING_STEPS = [
  { title: { en: 'Stand up and smile', ru: 'Встаньте и улыбнитесь' } },
  { title: { en: 'Greet within ten seconds', ru: 'Поприветствуйте в течение десяти секунд' } },
  { title: { en: 'Ask how you can help', ru: 'Спросите, чем можете помочь' } },
];

function blueprint(extraKeyPoint = false) {
  return {
    stages: [{ key: 'visit', kind: 'first' }],
    moments: [
      {
        key: 'greeting',
        name: { en: 'Greeting', ru: 'Приветствие' },
        stageKey: 'visit',
        coreNeeds: [{ en: 'Be noticed at once', ru: 'Чтобы сразу заметили' }],
        keyPoints: [{ en: 'Eye contact', ru: 'Зрительный контакт' }, ...(extraKeyPoint ? [{ en: 'Name badge visible' }] : [])],
        actionGuide: GREETING_STEPS,
        responsibleRole: { en: 'Floor guide', ru: 'Администратор зала' },
        benchmarks: [{ metric: 'nps', comparator: 'gte', value: 30 }],
      },
      {
        key: 'counter',
        name: { en: 'Counter' },
        stageKey: 'visit',
        keyPoints: [{ en: 'Repeat the request back' }],
        actionGuide: [{ title: { en: 'Check the ID' } }, { title: { en: 'Confirm the request' } }],
        benchmarks: [{ metric: 'nps', comparator: 'gte', value: 30 }],
      },
    ],
  };
}

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

function answer(moment: string, day: string, recommend: number, outlet: '001' | '002', staffId: string) {
  return { externalId: `c-${++sequence}`, surveyKey: SURVEY, channel: 'kiosk', journeyKey: JOURNEY, momentKey: moment, locationCode: `C-${outlet}`, staffId, submittedAt: `${day}T10:00:00Z`, answers: { recommend } };
}

const repeat = <T>(n: number, make: (i: number) => T) => Array.from({ length: n }, (_, i) => make(i));
const expectCode = (response: { statusCode: number; body: string }, code: number) => expect(response.statusCode, response.body).toBe(code);

beforeAll(async () => {
  km = await startTestKeymoment();
  org = await setUpFeedbackOrg(km, await createOrgWithMember(km, 'admin', 'Coaching Telecom'), 'C');
  expectCode(await org.call('POST', '/api/v1/journeys', { key: JOURNEY, name: { en: 'Branch visit', ru: 'Визит в отделение' }, blueprint: blueprint() }), 201);
  expectCode(await org.call('POST', `/api/v1/journeys/${JOURNEY}/publish`, {}), 201);
  await publishSurvey(org, SURVEY, {
    kind: 'transactional',
    about: { journeyKey: JOURNEY, momentKey: 'greeting' },
    title: { en: 'Your visit' },
    questions: [{ id: 'recommend', type: 'nps', title: { en: 'Recommend?' } }],
  });
  anna = await addSignedInMember(km, org.member.orgId, 'agent', org.locations.outletA);
  manager = await addSignedInMember(km, org.member.orgId, 'outlet_manager', org.locations.outletA);
  // Anna (outlet A) is below the greeting's NPS ≥ 30 on 30 answers; Bela (outlet B) is far above; the
  // counter moment is fine for both. Only Anna × greeting may be assigned.
  const response = await org.ingest('POST', '/api/v1/responses', [
    ...repeat(30, (i) => answer('greeting', daysAgo(2 + (i % 10)), i % 7, '001', 'anna')),
    ...repeat(30, (i) => answer('greeting', daysAgo(2 + (i % 10)), 10, '002', 'bela')),
    ...repeat(30, (i) => answer('counter', daysAgo(2 + (i % 10)), 10, '001', 'anna')),
  ]);
  expectCode(response, 201);
  expectCode(await org.call('PUT', '/api/v1/coaching/staff/anna', { name: 'Анна Петрова', userId: anna.userId, locationId: org.locations.outletA, role: 'agent', locale: 'ru' }), 200);
  expectCode(await org.call('PUT', '/api/v1/coaching/staff/bela', { name: 'Bela Kovacs', locationId: org.locations.outletB, locale: 'hu' }), 200);
}, 180_000);
afterAll(async () => km?.dispose());

async function paperAnswers(paper: { questions: { questionId: string; kind: string; options: { id: string; text: string }[] }[] }) {
  // The right answers, worked out the way a person who read the card would: from the Russian texts.
  const answers: Record<string, string[]> = {};
  const ru = GREETING_STEPS.map((step) => step.title.ru);
  for (const question of paper.questions) {
    const byText = new Map(question.options.map((option) => [option.text, option.id] as const));
    if (question.questionId === 'greeting.order') answers[question.questionId] = ru.map((text) => byText.get(text)!);
    else if (question.questionId === 'greeting.phrase') answers[question.questionId] = [byText.get(ru[2]!)!];
    else if (question.questionId === 'greeting.key-points') answers[question.questionId] = [byText.get('Зрительный контакт')!];
  }
  return answers;
}

describe('learning cards', () => {
  it('shows a moment’s card in the reader’s language with the numbered action guide and phrases', async () => {
    const response = await km.app.inject({ method: 'GET', url: `/api/v1/coaching/cards/${JOURNEY}/greeting`, headers: anna.headers });
    expectCode(response, 200);
    const card = response.json();
    expect(card).toMatchObject({ locale: 'ru', name: 'Приветствие', journeyVersion: 1, coreNeeds: ['Чтобы сразу заметили'], keyPoints: ['Зрительный контакт'], responsibleRole: 'Администратор зала', readAt: null });
    expect(card.actionGuide.map((step: { number: number; title: string }) => [step.number, step.title])).toEqual([
      [1, 'Встаньте и улыбнитесь'],
      [2, 'Поприветствуйте в течение десяти секунд'],
      [3, 'Спросите, чем можете помочь'],
    ]);
    expect(card.phrases.avoid).toContain('Успокойтесь.');
    // The counter has only English texts: the journey's fallback language fills in.
    const all = (await km.app.inject({ method: 'GET', url: `/api/v1/coaching/cards?journeyKey=${JOURNEY}`, headers: anna.headers })).json();
    expect(all.cards.map((c: { name: string }) => c.name)).toEqual(['Приветствие', 'Counter']);
  });

  it('records "I have read it" per published version, so a new version needs a new read', async () => {
    expectCode(await km.app.inject({ method: 'POST', url: `/api/v1/coaching/cards/${JOURNEY}/greeting/read`, headers: anna.headers }), 201);
    const readers = (await km.app.inject({ method: 'GET', url: `/api/v1/coaching/readers?journeyKey=${JOURNEY}`, headers: org.member.headers })).json();
    const byStaff = Object.fromEntries(readers.items.map((row: { staffId: string; readMoments: string[] }) => [row.staffId, row.readMoments]));
    expect(byStaff).toEqual({ anna: ['greeting'], bela: [] });
    // A person with no staff record cannot claim a read.
    expectCode(await km.app.inject({ method: 'POST', url: `/api/v1/coaching/cards/${JOURNEY}/greeting/read`, headers: manager.headers }), 403);
    expectCode(await km.app.inject({ method: 'POST', url: `/api/v1/coaching/cards/${JOURNEY}/nope/read`, headers: anna.headers }), 404);
  });
});

describe('from weak moment to training', () => {
  it('assigns nothing while the scores rest on fewer answers than required', async () => {
    const response = await org.call('POST', '/api/v1/coaching/assignments/run', { minAnswers: 31 });
    expectCode(response, 201);
    expect(response.json().created).toEqual([]);
  });

  it('gives a staff member below benchmark on one moment that moment’s card and re-test, once', async () => {
    expect(await runTrainingAssignments({ database: km.database, now: () => new Date() })).toEqual({ created: 1 });
    expect(await runTrainingAssignments({ database: km.database, now: () => new Date() })).toEqual({ created: 0 });
    const mine = (await km.app.inject({ method: 'GET', url: '/api/v1/coaching/assignments', headers: anna.headers })).json().items;
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ staffId: 'anna', journeyKey: JOURNEY, momentKey: 'greeting', reason: 'staff', metric: 'nps', benchmark: 30, answers: 30, completedAt: null });
    expect(mine[0].score).toBeLessThan(30);
    const all = (await org.call('GET', '/api/v1/coaching/assignments')).json().items;
    expect(all.map((row: { staffId: string; momentKey: string }) => `${row.staffId}/${row.momentKey}`)).toEqual(['anna/greeting']);
    const exams = (await org.call('GET', `/api/v1/coaching/exams?journeyKey=${JOURNEY}`)).json().items;
    expect(exams.find((exam: { examId: string }) => exam.examId === mine[0].examId)).toMatchObject({ retestFor: 'greeting', momentKeys: ['greeting'] });
  });

  it('scores the re-test taken on a phone in ru on the server and completes the assignment', async () => {
    const [assignment] = (await km.app.inject({ method: 'GET', url: '/api/v1/coaching/assignments', headers: anna.headers })).json().items;
    const paperResponse = await km.app.inject({ method: 'GET', url: `/api/v1/coaching/exams/${assignment.examId}/paper?locale=ru`, headers: anna.headers });
    expectCode(paperResponse, 200);
    const paper = paperResponse.json();
    expect(paper.questions.map((q: { questionId: string }) => q.questionId)).toEqual(['greeting.order', 'greeting.phrase', 'greeting.key-points']);
    expect(paper.questions[0].prompt).toBe('Расставьте шаги момента «Приветствие» в правильном порядке.');
    expect(JSON.stringify(paper)).not.toContain('"answer"');

    // A client that sends its own score is refused; a wrong order scores that question wrong.
    expectCode(await km.app.inject({ method: 'POST', url: `/api/v1/coaching/exams/${assignment.examId}/attempts`, headers: anna.headers, payload: { answers: {}, scorePercent: 100 } }), 400);
    const answers = await paperAnswers(paper);
    const wrong = { ...answers, 'greeting.order': [...answers['greeting.order']!].reverse() };
    const failed = await km.app.inject({ method: 'POST', url: `/api/v1/coaching/exams/${assignment.examId}/attempts`, headers: anna.headers, payload: { locale: 'ru', answers: wrong } });
    expectCode(failed, 201);
    expect(failed.json()).toMatchObject({ scorePercent: 66.67, passed: false, completedAssignments: [] });
    const unknown = await km.app.inject({ method: 'POST', url: `/api/v1/coaching/exams/${assignment.examId}/attempts`, headers: anna.headers, payload: { answers: { 'made-up': ['x'] } } });
    expectCode(unknown, 400);
    expect(unknown.json().error.field).toBe('answers.made-up');

    const passed = await km.app.inject({ method: 'POST', url: `/api/v1/coaching/exams/${assignment.examId}/attempts`, headers: anna.headers, payload: { locale: 'ru', answers } });
    expectCode(passed, 201);
    expect(passed.json()).toMatchObject({ locale: 'ru', scorePercent: 100, passed: true, completedAssignments: [assignment.assignmentId] });

    const effect = await org.call('GET', `/api/v1/coaching/assignments/${assignment.assignmentId}/effect`);
    expectCode(effect, 200);
    expect(effect.json().effect).toMatchObject({ metric: 'nps', after: { n: 0 }, significant: false });
  });
});

describe('exams and certificates', () => {
  it('issues a certificate with expiry on passing a certifying exam, as a PDF', async () => {
    const created = await org.call('POST', '/api/v1/coaching/exams', { journeyKey: JOURNEY, title: { en: 'Monthly branch exam', ru: 'Ежемесячный экзамен' }, schedule: 'monthly', targetRole: 'agent', passMark: 80, certificateMonths: 12 });
    expectCode(created, 201);
    const examId = created.json().examId;
    expectCode(await org.call('POST', '/api/v1/coaching/exams', { journeyKey: JOURNEY, title: { en: 'x' }, schedule: 'monthly', passMark: 80, momentKeys: ['nope'] }), 400);
    const paper = (await km.app.inject({ method: 'GET', url: `/api/v1/coaching/exams/${examId}/paper`, headers: anna.headers })).json();
    expect(paper.locale).toBe('ru');
    const answers = await paperAnswers(paper);
    const counterOrder = paper.questions.find((q: { questionId: string }) => q.questionId === 'counter.order');
    const byText = new Map(counterOrder.options.map((o: { text: string; id: string }) => [o.text, o.id] as const));
    answers['counter.order'] = ['Check the ID', 'Confirm the request'].map((text) => byText.get(text) as string);
    const result = await km.app.inject({ method: 'POST', url: `/api/v1/coaching/exams/${examId}/attempts`, headers: anna.headers, payload: { answers } });
    expectCode(result, 201);
    const body = result.json();
    // counter.phrase and counter.key-points were left unanswered: 4 of 6 right, below the pass mark.
    expect(body).toMatchObject({ scorePercent: 66.67, passed: false, certificate: null });
    for (const question of paper.questions) {
      if (answers[question.questionId]) continue;
      const texts = new Map(question.options.map((o: { text: string; id: string }) => [o.text, o.id] as const));
      answers[question.questionId] = question.questionId === 'counter.phrase' ? [texts.get('Confirm the request') as string] : [texts.get('Repeat the request back') as string];
    }
    const passed = (await km.app.inject({ method: 'POST', url: `/api/v1/coaching/exams/${examId}/attempts`, headers: anna.headers, payload: { answers } })).json();
    expect(passed).toMatchObject({ scorePercent: 100, passed: true });
    expect(new Date(passed.certificate.expiresAt).getUTCFullYear()).toBe(new Date(passed.certificate.issuedAt).getUTCFullYear() + 1);
    const pdf = await km.app.inject({ method: 'GET', url: `/api/v1/coaching/certificates/${passed.certificate.certificateId}/pdf`, headers: anna.headers });
    expectCode(pdf, 200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // Exams for another role are refused.
    const forManagers = (await org.call('POST', '/api/v1/coaching/exams', { journeyKey: JOURNEY, title: { en: 'Managers' }, schedule: 'quarterly', targetRole: 'manager', passMark: 50 })).json();
    expectCode(await km.app.inject({ method: 'POST', url: `/api/v1/coaching/exams/${forManagers.examId}/attempts`, headers: anna.headers, payload: { answers: {} } }), 403);
  });
});

describe('the outlet dashboard and a new version', () => {
  it('shows coverage, exam results and who needs which card next to the customer score', async () => {
    const response = await km.app.inject({ method: 'GET', url: `/api/v1/coaching/dashboard?journeyKey=${JOURNEY}&locationId=${org.locations.outletA}`, headers: manager.headers });
    expectCode(response, 200);
    const greeting = response.json().moments.find((m: { momentKey: string }) => m.momentKey === 'greeting');
    expect(greeting.customer).toMatchObject({ status: 'below', responses: 30 });
    expect(greeting.coverage).toEqual({ staff: 1, read: 1, percent: 100 });
    expect(greeting.exams.answers).toBeGreaterThan(0);
    const counter = response.json().moments.find((m: { momentKey: string }) => m.momentKey === 'counter');
    expect(counter.needsCard).toEqual([{ staffId: 'anna', name: 'Анна Петрова', assigned: false }]);
  });

  it('asks for a new read once a new version is published', async () => {
    expectCode(await org.call('PUT', `/api/v1/journeys/${JOURNEY}/draft`, blueprint(true)), 200);
    expectCode(await org.call('POST', `/api/v1/journeys/${JOURNEY}/publish`, {}), 201);
    const card = (await km.app.inject({ method: 'GET', url: `/api/v1/coaching/cards/${JOURNEY}/greeting`, headers: anna.headers })).json();
    expect(card).toMatchObject({ journeyVersion: 2, readAt: null });
  });
});
