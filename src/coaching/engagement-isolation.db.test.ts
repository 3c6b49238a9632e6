import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecoveryWorld, ok, type RecoveryWorld } from '../../test/support/recovery-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';
import { recordRecognition } from './recognition.ts';
import { monthOf } from './engagement.ts';

/*
 * The tenant guard's promise for role plays, the pulse and recognition: nothing of organisation B can
 * be read, listed, scored, answered or marked by a person or an API key of organisation A, and B's
 * rows are the same afterwards.
 */

let km: TestKeymoment;
let a: RecoveryWorld;
let b: RecoveryWorld;
const bIds = { scenario: '', notification: '' };
const aKeys: Record<string, string> = {};

const TENANT_TABLES = [
  'coaching_engagement_settings',
  'coaching_role_play_scenarios',
  'coaching_role_play_results',
  'coaching_pulse_answers',
  'coaching_pulse_participation',
  'coaching_recognitions',
  'notifications',
];

async function snapshotOf(orgId: string): Promise<string> {
  const parts: unknown[] = [];
  for (const table of TENANT_TABLES) {
    const { rows } = await km.database.query(`select * from ${table} where org_id = $1 order by 1, 2`, [orgId]);
    parts.push(rows);
  }
  return JSON.stringify(parts);
}

const JOURNEY = 'kazan-training';

beforeAll(async () => {
  km = await startTestKeymoment();
  a = await createRecoveryWorld(km, 'Shenzhen Shop');
  b = await createRecoveryWorld(km, 'Kazan Telecom');
  for (const world of [a, b]) {
    await ok(world.call(world.admin, 'PUT', '/api/v1/coaching/staff/K-1', { name: 'Staff one', userId: world.agent.userId, locationId: world.locations.hall, locale: 'ru' }));
    await ok(
      world.call(world.admin, 'POST', '/api/v1/journeys', {
        key: JOURNEY,
        name: { en: 'Training' },
        blueprint: { stages: [{ key: 'visit', kind: 'first' }], moments: [{ key: 'greet', name: { en: 'Greeting' }, stageKey: 'visit', actionGuide: [{ title: { en: 'Smile' } }] }] },
      }),
    );
    await ok(world.call(world.admin, 'POST', `/api/v1/journeys/${JOURNEY}/publish`, {}));
  }
  bIds.scenario = (
    await ok(b.call(b.cx, 'POST', '/api/v1/coaching/role-plays/scenarios', { journeyKey: JOURNEY, momentKey: 'greet', customerType: 'green', title: 'Kazan secret card', situation: 's', goodAnswer: 'g' }))
  ).json().scenarioId;
  await ok(b.call(b.manager, 'POST', '/api/v1/coaching/role-plays/results', { scenarioId: bIds.scenario, staffId: 'K-1', scores: [{ key: 'guide.1', score: 2 }], note: 'Kazan secret note' }));
  await ok(b.call(b.admin, 'PUT', '/api/v1/coaching/pulse/settings', { minimumGroupSize: 3 }));
  await ok(b.call(b.agent, 'POST', '/api/v1/coaching/pulse/answers', { locationId: b.locations.hall, enps: 2, tools: 1, training: 1, recognition: 1 }));
  await ok(b.call(b.manager, 'POST', '/api/v1/coaching/recognition/praise', { staffId: 'K-1', note: 'Kazan secret praise' }));
  bIds.notification = (await ok(b.call(b.agent, 'GET', '/api/v1/notifications'))).json().items.find((n: { kind: string }) => n.kind === 'coaching.recognition').notificationId;
  // A compliment of B as the sweep would store it.
  await recordRecognition(km.database.db, b.orgId, { kind: 'compliment', staffId: 'K-1', locationId: b.locations.hall, month: monthOf(new Date()), responseId: 'kazan-response', journeyKey: null, momentKey: null, quote: 'Kazan secret quote', givenBy: null, note: null }, new Date());
  for (const scope of ['read', 'admin']) {
    aKeys[scope] = (await ok(a.call(a.admin, 'POST', '/api/v1/api-keys', { name: `A ${scope}`, scopes: [scope] }))).json().key;
  }
  // Two organisations of signed-in people (password hashing) take a while on a busy machine.
}, 240_000);
afterAll(async () => km?.dispose());

type Attack = { what: string; method: 'GET' | 'POST' | 'PUT' | 'DELETE'; url: () => string; payload?: () => object; allowed: number[] };

const attacks: Attack[] = [
  { what: 'read a scenario', method: 'GET', url: () => `/api/v1/coaching/role-plays/scenarios/${bIds.scenario}`, allowed: [403, 404] },
  { what: 'retire a scenario', method: 'DELETE', url: () => `/api/v1/coaching/role-plays/scenarios/${bIds.scenario}`, allowed: [403, 404] },
  { what: 'score on a scenario', method: 'POST', url: () => '/api/v1/coaching/role-plays/results', payload: () => ({ scenarioId: bIds.scenario, staffId: 'K-1', scores: [{ key: 'guide.1', score: 0 }] }), allowed: [403, 404] },
  { what: 'read pulse results', method: 'GET', url: () => `/api/v1/coaching/pulse/results?locationId=${b.locations.hall}`, allowed: [403, 404] },
  { what: 'answer a pulse', method: 'POST', url: () => '/api/v1/coaching/pulse/answers', payload: () => ({ locationId: b.locations.hall, enps: 10, tools: 5, training: 5, recognition: 5 }), allowed: [400, 403] },
  { what: 'read a board', method: 'GET', url: () => `/api/v1/coaching/recognition/board?locationId=${b.locations.hall}`, allowed: [403, 404] },
  { what: 'praise at a location', method: 'POST', url: () => '/api/v1/coaching/recognition/praise', payload: () => ({ staffId: 'K-1', locationId: b.locations.hall, note: 'x' }), allowed: [400, 403] },
  { what: 'mark a notification read', method: 'POST', url: () => `/api/v1/notifications/${bIds.notification}/read`, allowed: [403, 404] },
];

describe('organisation A cannot reach organisation B’s engagement data', () => {
  it('by any route, as any role or API key, and B’s rows stay the same', async () => {
    const before = await snapshotOf(b.orgId);
    const actors = [a.admin, a.cx, a.manager, a.agent, aKeys.read!, aKeys.admin!, a.ingestKey];
    for (const attack of attacks) {
      for (const actor of actors) {
        const response = await a.call(actor, attack.method, attack.url(), attack.payload?.());
        if (!attack.allowed.includes(response.statusCode)) throw new Error(`${attack.what}: ${response.statusCode} ${response.body}`);
        expect(response.body).not.toContain('Kazan');
      }
    }
    expect(await snapshotOf(b.orgId)).toBe(before);
  }, 120_000);

  it('lists show only A’s rows', async () => {
    const lists = [
      '/api/v1/coaching/role-plays/scenarios',
      `/api/v1/coaching/role-plays/results?scenarioId=${bIds.scenario}`,
      '/api/v1/coaching/role-plays/results?staffId=K-1',
      '/api/v1/notifications',
      `/api/v1/coaching/recognition/board?locationId=${a.locations.hall}`,
      `/api/v1/coaching/pulse/results?locationId=${a.locations.hall}`,
    ];
    for (const url of lists) {
      for (const actor of [a.admin, a.manager, a.agent]) {
        const response = await a.call(actor, 'GET', url);
        expect(response.body, url).not.toContain('Kazan');
        if (response.statusCode === 200 && url.includes('role-plays/results')) expect(response.json().items, url).toEqual([]);
      }
    }
    // A's own board and pulse know nothing of B's praise, compliment or answer.
    const board = (await ok(a.call(a.admin, 'GET', `/api/v1/coaching/recognition/board?locationId=${a.locations.hall}`))).json();
    expect(board.total).toBe(0);
    const pulse = (await ok(a.call(a.admin, 'GET', `/api/v1/coaching/pulse/results?locationId=${a.locations.hall}`))).json();
    expect(pulse.locations).toEqual([]);
    expect(pulse.minimumGroupSize).toBe(5);
  });
});
