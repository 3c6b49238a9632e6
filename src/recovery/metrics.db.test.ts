import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecoveryWorld, JOURNEY, ok, type RecoveryWorld } from '../../test/support/recovery-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';
import type { TestMember } from '../../test/support/actors.ts';
import { openCaseFromFailedMoment } from './index.ts';

/*
 * Recovery metrics come from SQL aggregates; here they must equal a recomputation from the raw case
 * rows, for every grouping.
 */

let km: TestKeymoment;
let w: RecoveryWorld;

interface RawCase {
  location_id: string | null;
  owner_id: string | null;
  journey_key: string | null;
  moment_key: string | null;
  status: string;
  follow_up_recovered: boolean | null;
  first_response_minutes: number | null;
  resolution_minutes: number | null;
  first_response_breached_at: Date | null;
  resolution_breached_at: Date | null;
  follow_up_breached_at: Date | null;
  compensation_granted: string | number;
  compensation_currency: string | null;
}

beforeAll(async () => {
  km = await startTestKeymoment();
  w = await createRecoveryWorld(km);
  for (let i = 0; i < 9; i++) {
    const atHall = i % 3 !== 2;
    const { caseId } = await km.database.db.transaction((tx) =>
      openCaseFromFailedMoment(
        tx,
        w.orgId,
        { customerRef: `m-${i}`, visitId: `mv-${i}`, journeyKey: JOURNEY, momentKey: i % 2 ? 'counter' : 'leave', journeyVersion: 1, locationId: atHall ? w.locations.hall : w.locations.pudong, reason: 'detractor', details: { nps: i % 7 } },
        new Date(Date.now() - (10 - i) * 60_000),
      ),
    );
    if (i >= 7) continue;
    const who: TestMember = atHall ? w.manager : w.regional;
    const step = (path: string, body: object) => ok(w.call(who, 'POST', `/api/v1/cases/${caseId}${path}`, body));
    await step('/steps/vent', { customerWords: `words ${i}` });
    await step('/steps/apologise', {});
    await step('/steps/gather', { answers: { descriptive: `facts ${i}` } });
    await step('/steps/propose', { solution: `fix ${i}`, ...(i % 2 === 0 ? { compensation: { kind: 'gift', cost: 10 * (i + 1) } } : {}) });
    await step('/steps/agree', { choice: 'accepted', customerChoice: 'ok' });
    if (i < 5) await step('/steps/follow_up/result', { reached: true, score: { kind: 'nps', value: i % 2 ? 3 : 9 } });
  }
});
afterAll(async () => km?.dispose());

function recompute(rows: RawCase[], keyOf: (row: RawCase) => string | null) {
  const groups = new Map<string | null, RawCase[]>();
  for (const row of rows) groups.set(keyOf(row), [...(groups.get(keyOf(row)) ?? []), row]);
  const average = (values: (number | null)[]) => {
    const present = values.filter((v): v is number => v !== null);
    return present.length ? present.reduce((a, b) => a + b, 0) / present.length : null;
  };
  return [...groups].map(([key, list]) => {
    const answered = list.filter((r) => r.follow_up_recovered !== null).length;
    const recovered = list.filter((r) => r.follow_up_recovered === true).length;
    const cost = list.reduce((sum, r) => sum + Number(r.compensation_granted), 0);
    return {
      key,
      cases: list.length,
      open: list.filter((r) => r.status !== 'closed').length,
      followUpAnswered: answered,
      recovered,
      recoveryRate: answered ? recovered / answered : null,
      avgFirstResponseMinutes: average(list.map((r) => r.first_response_minutes)),
      avgResolutionMinutes: average(list.map((r) => r.resolution_minutes)),
      slaBreached: list.filter((r) => r.first_response_breached_at || r.resolution_breached_at || r.follow_up_breached_at).length,
      compensation: cost > 0 ? [{ currency: 'CNY', cost }] : [],
    };
  });
}

describe('recovery metrics', () => {
  it('equal a recomputation from the raw cases, by location, staff and moment', async () => {
    const { rows } = await km.database.query<RawCase>('select * from cases where org_id = $1', [w.orgId]);
    expect(rows).toHaveLength(9);
    const keys = {
      location: (r: RawCase) => r.location_id,
      staff: (r: RawCase) => r.owner_id,
      moment: (r: RawCase) => `${r.journey_key ?? ''}/${r.moment_key ?? ''}`,
    } as const;
    for (const [groupBy, keyOf] of Object.entries(keys)) {
      const response = (await ok(w.call(w.cx, 'GET', `/api/v1/recovery/metrics?groupBy=${groupBy}`))).json();
      const byKey = <T extends { key: string | null }>(list: T[]) => [...list].sort((a, b) => String(a.key).localeCompare(String(b.key)));
      const actual = byKey(response.groups).map(({ journeyKey: _j, momentKey: _m, ...rest }: Record<string, unknown>) => rest);
      const expected = byKey(recompute(rows, keyOf));
      expect(actual.length, groupBy).toBe(expected.length);
      actual.forEach((group: Record<string, unknown>, index: number) => {
        const want = expected[index]!;
        expect(group, `${groupBy} ${String(want.key)}`).toMatchObject({ ...want, avgFirstResponseMinutes: expect.any(Number), avgResolutionMinutes: want.avgResolutionMinutes === null ? null : expect.any(Number) });
        expect(group.avgFirstResponseMinutes as number).toBeCloseTo(want.avgFirstResponseMinutes!, 6);
        if (want.avgResolutionMinutes !== null) expect(group.avgResolutionMinutes as number).toBeCloseTo(want.avgResolutionMinutes, 6);
      });
      expect(response.total).toMatchObject({ cases: 9, followUpAnswered: 5, recovered: 3, recoveryRate: 0.6 });
    }
    const moments = (await ok(w.call(w.cx, 'GET', '/api/v1/recovery/metrics?groupBy=moment'))).json().groups;
    expect(moments.map((g: { journeyKey: string; momentKey: string }) => `${g.journeyKey}:${g.momentKey}`).sort()).toEqual([`${JOURNEY}:counter`, `${JOURNEY}:leave`]);
  });

  it('count only what the asker may see, within the period', async () => {
    const hallOnly = (await ok(w.call(w.manager, 'GET', '/api/v1/recovery/metrics?groupBy=location'))).json();
    expect(hallOnly.groups.map((g: { key: string }) => g.key)).toEqual([w.locations.hall]);
    const agentView = (await ok(w.call(w.agent, 'GET', '/api/v1/recovery/metrics'))).json();
    expect(agentView.total.cases).toBe(0);
    const future = (await ok(w.call(w.cx, 'GET', `/api/v1/recovery/metrics?from=${new Date(Date.now() + 3_600_000).toISOString()}&to=${new Date(Date.now() + 7_200_000).toISOString()}`))).json();
    expect(future).toMatchObject({ groups: [], total: { cases: 0, recoveryRate: null } });
    const backwards = await w.call(w.cx, 'GET', '/api/v1/recovery/metrics?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z');
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.field).toBe('from');
    expect((await w.call(w.cx, 'GET', '/api/v1/recovery/metrics?groupBy=weather')).json().error.field).toBe('groupBy');
  });
});
