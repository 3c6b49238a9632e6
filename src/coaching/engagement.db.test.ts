import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainPendingComments } from '../insights/index.ts';
import { counterSurvey } from '../../test/support/feedback-fixtures.ts';
import { createRecoveryWorld, JOURNEY, ok, type RecoveryWorld } from '../../test/support/recovery-fixtures.ts';
import { addSignedInMember, type TestMember } from '../../test/support/actors.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';
import { monthOf } from './engagement.ts';
import { sweepCompliments } from './recognition.ts';

/*
 * Role plays, the anonymous pulse and recognition through the HTTP API, on a telecom organisation
 * (East region → Shanghai → Xujiahui hall with its manager and agents, Pudong hall).
 * The checks: pulse results are hidden below the minimum group size; a compliment reaches
 * the named staff member (and their manager).
 */

let km: TestKeymoment;
let w: RecoveryWorld;
const ROLE_PLAY_JOURNEY = 'counter-training';

/** This month in the organisation's time zone: pulse periods and board months are its calendar months. */
async function orgMonth(): Promise<string> {
  const { rows } = await km.database.query<{ timezone: string }>(`select timezone from organizations where org_id = $1`, [w.orgId]);
  return monthOf(new Date(), rows[0]!.timezone);
}

beforeAll(async () => {
  km = await startTestKeymoment();
  w = await createRecoveryWorld(km, 'Shanghai Telecom');
  await ok(w.call(w.admin, 'PATCH', `/api/v1/locations/${w.locations.hall}`, { code: 'XJH' }));
  // The staff list: the business's staff ids, linked to the agents' sign-ins.
  await ok(w.call(w.admin, 'PUT', '/api/v1/coaching/staff/S-101', { name: 'Wang Fang', userId: w.agent.userId, locationId: w.locations.hall, locale: 'zh-CN' }));
  await ok(w.call(w.admin, 'PUT', '/api/v1/coaching/staff/S-102', { name: 'Li Na', userId: w.agent2.userId, locationId: w.locations.hall, locale: 'en' }));
  await ok(w.call(w.admin, 'PUT', '/api/v1/coaching/staff/S-201', { name: 'Pudong Zhao', userId: w.pudongAgent.userId, locationId: w.locations.pudong, locale: 'en' }));
  await ok(
    w.call(w.admin, 'POST', '/api/v1/journeys', {
      key: ROLE_PLAY_JOURNEY,
      name: { en: 'Counter training' },
      blueprint: {
        stages: [{ key: 'visit', kind: 'first' }],
        moments: [
          {
            key: 'greet',
            name: { en: 'Greeting' },
            stageKey: 'visit',
            actionGuide: [{ title: { en: 'Stand up and smile' } }, { title: { en: 'Greet within 3 seconds' } }, { title: { en: 'Ask how you can help' } }],
          },
        ],
      },
    }),
  );
  await ok(w.call(w.admin, 'POST', `/api/v1/journeys/${ROLE_PLAY_JOURNEY}/publish`, {}));
  // An organisation of signed-in people (password hashing) takes a while on a busy machine.
}, 240_000);
afterAll(async () => km?.dispose());

describe('role plays', () => {
  let scenarioId = '';

  it('builds the rubric from the moment’s action guide and, for a red customer, the six complaint steps', async () => {
    const created = await ok(
      w.call(w.cx, 'POST', '/api/v1/coaching/role-plays/scenarios', {
        journeyKey: ROLE_PLAY_JOURNEY,
        momentKey: 'greet',
        customerType: 'red',
        title: 'An angry customer at the door',
        situation: 'The customer waited 40 minutes yesterday and is back.',
        goodAnswer: 'Lets them vent, apologises sincerely, asks what happened.',
      }),
    );
    expect(created.statusCode).toBe(201);
    const scenario = created.json();
    scenarioId = scenario.scenarioId;
    expect(scenario.rubric.map((item: { key: string }) => item.key)).toEqual([
      'guide.1',
      'guide.2',
      'guide.3',
      'complaint.vent',
      'complaint.apologise',
      'complaint.gather',
      'complaint.propose',
      'complaint.agree',
      'complaint.follow_up',
    ]);
    expect(scenario.rubric[0].title).toEqual({ en: 'Stand up and smile' });
    const green = (
      await ok(w.call(w.cx, 'POST', '/api/v1/coaching/role-plays/scenarios', { journeyKey: ROLE_PLAY_JOURNEY, momentKey: 'greet', customerType: 'green', title: 'A regular', situation: 'A happy regular walks in.', goodAnswer: 'Greets by name.' }))
    ).json();
    expect(green.rubric).toHaveLength(3);
    const listed = (await ok(w.call(w.agent, 'GET', `/api/v1/coaching/role-plays/scenarios?journeyKey=${ROLE_PLAY_JOURNEY}&momentKey=greet`))).json();
    expect(listed.items.map((item: { scenarioId: string }) => item.scenarioId)).toEqual([green.scenarioId, scenarioId]);
  });

  it('refuses a card for a moment that is not published, naming the field', async () => {
    const response = await w.call(w.cx, 'POST', '/api/v1/coaching/role-plays/scenarios', { journeyKey: ROLE_PLAY_JOURNEY, momentKey: 'nope', customerType: 'green', title: 'x', situation: 'x', goodAnswer: 'x' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe('momentKey');
  });

  it('a manager scores a role play per staff member; results are kept per staff member', async () => {
    const scores = ['guide.1', 'guide.2', 'guide.3', 'complaint.vent', 'complaint.apologise', 'complaint.gather', 'complaint.propose', 'complaint.agree', 'complaint.follow_up'].map((key, i) => ({
      key,
      score: i < 6 ? 2 : 1,
    }));
    const scored = await ok(w.call(w.manager, 'POST', '/api/v1/coaching/role-plays/results', { scenarioId, staffId: 'S-101', scores, note: 'Great apology, follow-up vague' }));
    expect(scored.statusCode).toBe(201);
    // 6×2 + 3×1 = 15 of 18 points.
    expect(scored.json()).toMatchObject({ staffId: 'S-101', staffName: 'Wang Fang', percent: 83, scoredBy: w.manager.userId, note: 'Great apology, follow-up vague' });
    await ok(w.call(w.manager, 'POST', '/api/v1/coaching/role-plays/results', { scenarioId, staffId: 'S-102', scores: scores.map((s) => ({ ...s, score: 0 })) }));

    const forWang = (await ok(w.call(w.manager, 'GET', '/api/v1/coaching/role-plays/results?staffId=S-101'))).json();
    expect(forWang.items).toHaveLength(1);
    expect(forWang.items[0]).toMatchObject({ staffId: 'S-101', percent: 83, momentKey: 'greet', customerType: 'red' });
    // The staff member sees their own results only, whatever they ask for.
    const own = (await ok(w.call(w.agent2, 'GET', '/api/v1/coaching/role-plays/results?staffId=S-101'))).json();
    expect(own.items).toHaveLength(0);
    const mine = (await ok(w.call(w.agent2, 'GET', '/api/v1/coaching/role-plays/results'))).json();
    expect(mine.items.map((item: { staffId: string }) => item.staffId)).toEqual(['S-102']);
  });

  it('rejects incomplete or unknown scores and staff outside the manager’s outlet', async () => {
    const partial = await w.call(w.manager, 'POST', '/api/v1/coaching/role-plays/results', { scenarioId, staffId: 'S-101', scores: [{ key: 'guide.1', score: 2 }] });
    expect(partial.statusCode).toBe(400);
    expect(partial.json().error.field).toBe('scores');
    const unknown = await w.call(w.manager, 'POST', '/api/v1/coaching/role-plays/results', { scenarioId, staffId: 'S-101', scores: [{ key: 'guide.9', score: 2 }] });
    expect(unknown.json().error.field).toBe('scores.0.key');
    const elsewhere = await w.call(w.manager, 'POST', '/api/v1/coaching/role-plays/results', { scenarioId, staffId: 'S-201', scores: [{ key: 'guide.1', score: 2 }] });
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.json().error.field).toBe('staffId');
    const agent = await w.call(w.agent, 'POST', '/api/v1/coaching/role-plays/results', { scenarioId, staffId: 'S-102', scores: [{ key: 'guide.1', score: 2 }] });
    expect(agent.statusCode).toBe(403);
  });
});

describe('employee pulse', () => {
  const staff: TestMember[] = [];
  const answer = (enps: number) => ({ enps, tools: 4, training: 3, recognition: 5 });

  beforeAll(async () => {
    for (let i = 0; i < 5; i++) staff.push(await addSignedInMember(km, w.orgId, 'agent', w.locations.hall));
    staff.push(await addSignedInMember(km, w.orgId, 'agent', w.locations.pudong));
  }, 120_000);

  it('hides an outlet’s results below the minimum group size, and the total never includes a hidden outlet', async () => {
    for (const [i, member] of staff.slice(0, 4).entries()) {
      expect((await ok(w.call(member, 'POST', '/api/v1/coaching/pulse/answers', { locationId: w.locations.hall, ...answer(i < 3 ? 10 : 3) }))).statusCode).toBe(201);
    }
    await ok(w.call(staff[5]!, 'POST', '/api/v1/coaching/pulse/answers', { locationId: w.locations.pudong, ...answer(0) }));
    const period = await orgMonth();

    const four = (await ok(w.call(w.cx, 'GET', `/api/v1/coaching/pulse/results?locationId=${w.locations.region}&period=${period}`))).json();
    expect(four.minimumGroupSize).toBe(5);
    const hidden = { hidden: true, reason: 'below_minimum_group', minimum: 5 };
    expect(four.locations).toEqual(expect.arrayContaining([expect.objectContaining({ locationId: w.locations.hall, pulse: hidden }), expect.objectContaining({ locationId: w.locations.pudong, pulse: hidden })]));
    expect(four.total.pulse).toEqual(hidden);
    expect(JSON.stringify(four)).not.toContain('"n":4');
    expect(four.hiddenLocations).toBe(2);

    // The fifth answer at the hall shows its figures; Pudong (one answer) stays hidden and out of the total.
    await ok(w.call(staff[4]!, 'POST', '/api/v1/coaching/pulse/answers', { locationId: w.locations.hall, ...answer(9) }));
    const five = (await ok(w.call(w.cx, 'GET', `/api/v1/coaching/pulse/results?locationId=${w.locations.region}&period=${period}`))).json();
    const hall = five.locations.find((row: { locationId: string }) => row.locationId === w.locations.hall);
    // eNPS: 4 promoters (10, 10, 10, 9), 1 detractor (3) of 5 → 60.
    expect(hall.pulse).toMatchObject({ hidden: false, n: 5, enps: { score: 60, promoters: 4, detractors: 1 }, items: { tools: 4, training: 3, recognition: 5 } });
    expect(hall.customerNps).toEqual({ score: null, n: 0 });
    expect(five.locations.find((row: { locationId: string }) => row.locationId === w.locations.pudong).pulse).toEqual(hidden);
    // Total = the hall alone: subtracting the hall from it reveals nothing about Pudong.
    expect(five.total.pulse).toEqual(hall.pulse);
    expect(five.hiddenLocations).toBe(1);

    // An outlet manager of the hall reads only their subtree.
    expect((await w.call(w.manager, 'GET', `/api/v1/coaching/pulse/results?locationId=${w.locations.pudong}`)).statusCode).toBe(404);
    // Frontline staff do not read results.
    expect((await w.call(w.agent, 'GET', `/api/v1/coaching/pulse/results?locationId=${w.locations.hall}`)).statusCode).toBe(403);
  });

  it('the minimum is org-configurable but never below 3', async () => {
    const low = await w.call(w.admin, 'PUT', '/api/v1/coaching/pulse/settings', { minimumGroupSize: 2 });
    expect(low.statusCode).toBe(400);
    expect(low.json().error.field).toBe('minimumGroupSize');
    await ok(w.call(w.admin, 'PUT', '/api/v1/coaching/pulse/settings', { minimumGroupSize: 6 }));
    const six = (await ok(w.call(w.cx, 'GET', `/api/v1/coaching/pulse/results?locationId=${w.locations.hall}`))).json();
    expect(six.locations[0].pulse).toEqual({ hidden: true, reason: 'below_minimum_group', minimum: 6 });
    await ok(w.call(w.admin, 'PUT', '/api/v1/coaching/pulse/settings', { minimumGroupSize: 5 }));
  });

  it('one answer per person and month, stored without the person', async () => {
    const again = await w.call(staff[0]!, 'POST', '/api/v1/coaching/pulse/answers', { locationId: w.locations.hall, ...answer(0) });
    expect(again.statusCode).toBe(409);
    // The period is the organisation's calendar month (its time zone), not UTC's.
    expect((await ok(w.call(staff[0]!, 'GET', '/api/v1/coaching/pulse/status'))).json()).toEqual({ period: await orgMonth(), answered: true });
    const { rows: columns } = await km.database.query<{ column_name: string }>(`select column_name from information_schema.columns where table_name = 'coaching_pulse_answers'`);
    expect(columns.map((row) => row.column_name).sort()).toEqual(['answer_id', 'enps', 'location_id', 'org_id', 'period', 'recognition', 'tools', 'training']);
    const { rows } = await km.database.query<{ n: number }>(`select count(*)::int as n from coaching_pulse_answers where org_id = $1`, [w.orgId]);
    expect(rows[0]!.n).toBe(6);
    const outside = await w.call(staff[5]!, 'POST', '/api/v1/coaching/pulse/answers', { locationId: w.locations.hall, ...answer(5) });
    expect([400, 409]).toContain(outside.statusCode);
  });
});

describe('recognition', () => {
  async function complimentFlow(externalId: string, staffId: string, comment: string) {
    await ok(
      w.call(w.ingestKey, 'POST', '/api/v1/interactions', {
        externalId,
        momentKey: 'counter',
        journeyKey: JOURNEY,
        occurredAt: new Date().toISOString(),
        locationCode: 'XJH',
        staffId,
        channel: 'in_person',
        customer: { externalId: `cust-${externalId}`, name: 'Chen' },
      }),
    );
    await ok(
      w.call(w.ingestKey, 'POST', '/api/v1/responses', {
        externalId: `r-${externalId}`,
        surveyKey: 'hall-survey',
        submittedAt: new Date().toISOString(),
        channel: 'sms',
        locale: 'en',
        interactionExternalId: externalId,
        answers: { recommend: 10, comment },
      }),
    );
  }

  beforeAll(async () => {
    await ok(w.call(w.admin, 'POST', '/api/v1/surveys', { key: 'hall-survey', name: { en: 'Hall survey' }, definition: { ...counterSurvey(), about: { journeyKey: JOURNEY, momentKey: 'counter' } } }));
    await ok(w.call(w.admin, 'POST', '/api/v1/surveys/hall-survey/publish', {}));
  });

  it('a positive comment on an interaction naming a staff member reaches them and their manager', async () => {
    await complimentFlow('int-1', 'S-101', 'Wang was wonderful, very friendly and helpful. Excellent service!');
    await complimentFlow('int-2', 'S-102', 'Terrible, rude and slow. Very bad experience.');
    // A retry stores nothing, so it is no candidate either: every candidate is a stored response.
    const retry = (await ok(w.call(w.admin, 'GET', '/api/v1/responses?limit=1'))).json().items[0];
    const again = await ok(
      w.call(w.ingestKey, 'POST', '/api/v1/responses', {
        externalId: retry.externalId,
        surveyKey: 'hall-survey',
        submittedAt: retry.submittedAt,
        channel: 'sms',
        locale: 'en',
        interactionExternalId: 'int-2',
        answers: retry.answers,
      }),
    );
    expect(again.statusCode).toBe(200);
    const candidates = await km.database.query<{ stored: boolean }>(
      `select exists (select 1 from responses r where r.org_id = c.org_id and r.response_id = c.response_id) as stored from coaching_compliment_candidates c where c.org_id = $1`,
      [w.orgId],
    );
    expect(candidates.rows).toEqual([{ stored: true }, { stored: true }]);
    // Before the comment analysis has run, nothing is decided.
    expect(await sweepCompliments(km.database, new Date())).toBe(0);
    await drainPendingComments(km.database, () => new Date());
    expect(await sweepCompliments(km.database, new Date())).toBe(1);
    // A second sweep makes nothing twice.
    expect(await sweepCompliments(km.database, new Date())).toBe(0);

    const recognitionsOf = async (who: typeof w.agent) =>
      (await ok(w.call(who, 'GET', '/api/v1/notifications?locale=en'))).json().items.filter((item: { kind: string }) => item.kind === 'coaching.recognition');
    const toStaff = await recognitionsOf(w.agent);
    expect(toStaff).toHaveLength(1);
    expect(toStaff[0]).toMatchObject({ link: '/coaching/recognition', readAt: null, title: 'A customer complimented you', data: { audience: 'staff', recognitionKind: 'compliment', staffId: 'S-101' } });
    expect(toStaff[0].body).toContain('wonderful');
    const toManager = await recognitionsOf(w.manager);
    expect(toManager.map((item: { data: { audience: string; staffId: string } }) => [item.data.audience, item.data.staffId])).toEqual([['manager', 'S-101']]);
    // The negative comment about Li Na is no compliment.
    expect(await recognitionsOf(w.agent2)).toHaveLength(0);

    await ok(w.call(w.agent, 'POST', `/api/v1/notifications/${toStaff[0].notificationId}/read`));
    expect((await ok(w.call(w.agent, 'GET', '/api/v1/notifications?unread=true'))).json().items.filter((item: { kind: string }) => item.kind === 'coaching.recognition')).toHaveLength(0);
  });

  it('managers praise with a note; the monthly board per outlet counts both', async () => {
    const praised = await ok(w.call(w.manager, 'POST', '/api/v1/coaching/recognition/praise', { staffId: 'S-102', note: 'Took the initiative to walk an elderly customer home with her new phone set up' }));
    expect(praised.statusCode).toBe(201);
    expect(praised.json()).toMatchObject({ kind: 'praise', staffId: 'S-102', givenBy: w.manager.userId, locationId: w.locations.hall });
    const toLi = (await ok(w.call(w.agent2, 'GET', '/api/v1/notifications'))).json();
    expect(toLi.items[0]).toMatchObject({ kind: 'coaching.recognition', data: { audience: 'staff', recognitionKind: 'praise', givenBy: w.manager.userId } });

    const empty = await w.call(w.manager, 'POST', '/api/v1/coaching/recognition/praise', { staffId: 'S-102', note: '' });
    expect(empty.json().error.field).toBe('note');
    expect((await w.call(w.manager, 'POST', '/api/v1/coaching/recognition/praise', { staffId: 'S-201', note: 'Not mine' })).json().error.field).toBe('staffId');

    const month = await orgMonth();
    const board = (await ok(w.call(w.agent, 'GET', `/api/v1/coaching/recognition/board?locationId=${w.locations.hall}&month=${month}`))).json();
    expect(board.total).toBe(2);
    expect(board.entries.map((entry: { staffId: string; name: string; compliments: number; praise: number }) => [entry.staffId, entry.name, entry.compliments, entry.praise])).toEqual([
      ['S-101', 'Wang Fang', 1, 0],
      ['S-102', 'Li Na', 0, 1],
    ]);
    const pudong = (await ok(w.call(w.pudongAgent, 'GET', `/api/v1/coaching/recognition/board?locationId=${w.locations.pudong}&month=${month}`))).json();
    expect(pudong.entries).toEqual([]);
    const lastYear = (await ok(w.call(w.agent, 'GET', `/api/v1/coaching/recognition/board?locationId=${w.locations.hall}&month=2025-01`))).json();
    expect(lastYear.total).toBe(0);
    expect((await w.call(w.agent, 'GET', `/api/v1/coaching/recognition/board?locationId=${w.locations.hall}&month=2025-13`)).statusCode).toBe(400);

    // The pulse is shown next to the outlet's customer score: the two answers above (recommend 10, 10) → NPS 100.
    const pulse = (await ok(w.call(w.cx, 'GET', `/api/v1/coaching/pulse/results?locationId=${w.locations.hall}&period=${month}`))).json();
    expect(pulse.locations.find((row: { locationId: string }) => row.locationId === w.locations.hall).customerNps).toEqual({ score: 100, n: 2 });
  });

  it('deleting the response withdraws its compliment', async () => {
    const { rows } = await km.database.query<{ response_id: string }>(`select response_id from coaching_recognitions where org_id = $1 and kind = 'compliment'`, [w.orgId]);
    expect(rows).toHaveLength(1);
    await ok(w.call(w.admin, 'DELETE', `/api/v1/responses/${rows[0]!.response_id}`));
    const month = await orgMonth();
    const board = (await ok(w.call(w.agent, 'GET', `/api/v1/coaching/recognition/board?locationId=${w.locations.hall}&month=${month}`))).json();
    expect(board.total).toBe(1);
  });
});
