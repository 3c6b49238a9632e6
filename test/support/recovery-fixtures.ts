import type { LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { createKeymoment, type Keymoment, type KeymomentOptions } from '../../src/main.ts';
import type { KeymomentConfig } from '../../src/platform/config.ts';
import { testConfig } from './test-keymoment.ts';
import { createRecoveryDeps } from '../../src/recovery/service.ts';
import type { Role } from '../../src/access/index.ts';
import { addSignedInMember, createOrgWithMember, type TestMember } from './actors.ts';

/*
 * A telecom organisation for the recovery room's tests, with the whole escalation path:
 *   East region (regional manager) → Shanghai city → Xujiahui hall (outlet manager, two agents)
 *                                  → Pudong hall (its own agent)
 * plus a central CX manager, a viewer, a published service-hall journey and an ingest API key.
 * Its SLA policy runs around the clock, so deadlines are plain minute arithmetic in the tests.
 */

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RecoveryWorld {
  orgId: string;
  admin: TestMember;
  cx: TestMember;
  regional: TestMember;
  manager: TestMember;
  agent: TestMember;
  agent2: TestMember;
  pudongAgent: TestMember;
  viewer: TestMember;
  ingestKey: string;
  locations: { region: string; city: string; hall: string; pudong: string };
  call(who: TestMember | string, method: Method, url: string, payload?: unknown): Promise<LightMyRequestResponse>;
}

export const JOURNEY = 'service-hall';

export async function ok(response: LightMyRequestResponse | Promise<LightMyRequestResponse>): Promise<LightMyRequestResponse> {
  const settled = await response;
  if (settled.statusCode >= 300) throw new Error(`${settled.statusCode}: ${settled.body}`);
  return settled;
}

export async function createRecoveryWorld(km: Keymoment, name = 'Shanghai Telecom'): Promise<RecoveryWorld> {
  const admin = await createOrgWithMember(km, 'admin', name);
  const orgId = admin.orgId;
  const call = (who: TestMember | string, method: Method, url: string, payload?: unknown) =>
    km.app.inject({
      method,
      url,
      headers: typeof who === 'string' ? { authorization: `Bearer ${who}` } : who.headers,
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
  const location = async (body: object) => (await ok(call(admin, 'POST', '/api/v1/locations', body))).json().locationId as string;
  const region = await location({ name: 'East', level: 'region', timezone: 'Asia/Shanghai' });
  const city = await location({ name: 'Shanghai', level: 'city', parentId: region, timezone: 'Asia/Shanghai' });
  const hall = await location({ name: 'Xujiahui hall', level: 'outlet', parentId: city, timezone: 'Asia/Shanghai' });
  const pudong = await location({ name: 'Pudong hall', level: 'outlet', parentId: city, timezone: 'Asia/Shanghai' });
  const member = (role: Role, at: string | null) => addSignedInMember(km, orgId, role, at);
  const world: RecoveryWorld = {
    orgId,
    admin,
    cx: await member('cx_manager', null),
    regional: await member('outlet_manager', region),
    manager: await member('outlet_manager', hall),
    agent: await member('agent', hall),
    agent2: await member('agent', hall),
    pudongAgent: await member('agent', pudong),
    viewer: await member('viewer', null),
    ingestKey: '',
    locations: { region, city, hall, pudong },
    call,
  };
  await ok(
    call(admin, 'POST', '/api/v1/journeys', {
      key: JOURNEY,
      name: { en: 'Service hall', 'zh-CN': '营业厅' },
      blueprint: {
        stages: [{ key: 'visit', kind: 'first' }],
        moments: [
          { key: 'counter', name: { en: 'Counter transaction', 'zh-CN': '柜台办理' }, stageKey: 'visit', flags: ['peak'] },
          { key: 'leave', name: { en: 'Leave', 'zh-CN': '离开' }, stageKey: 'visit', flags: ['end'] },
        ],
      },
    }),
  );
  await ok(call(admin, 'POST', `/api/v1/journeys/${JOURNEY}/publish`, {}));
  world.ingestKey = (await ok(call(admin, 'POST', '/api/v1/api-keys', { name: 'CRM', scopes: ['ingest'] }))).json().key;
  await ok(call(admin, 'PUT', '/api/v1/recovery/sla-policy', aroundTheClockPolicy()));
  await ok(call(admin, 'PUT', '/api/v1/recovery/approval-limits', { currency: 'CNY', limits: { agent: 0, outlet_manager: 200, cx_manager: 2000, admin: null } }));
  return world;
}

export function aroundTheClockPolicy(overrides: Record<string, unknown> = {}) {
  const always = [{ start: '00:00', end: '24:00' }];
  return {
    firstResponseMinutes: 60,
    resolutionMinutes: 600,
    followUpMinutes: 1440,
    followUpGraceMinutes: 120,
    escalationMinutes: 30,
    weekHours: { mon: always, tue: always, wed: always, thu: always, fri: always, sat: always, sun: always },
    ...overrides,
  };
}

/** The recovery room's dependencies over a running instance, with a clock the test controls. */
export function recoveryDepsOf(km: Keymoment, clock: () => Date) {
  return createRecoveryDeps({ database: km.database, mailer: km.mailer, now: clock, publicUrl: 'http://keymoment.test', log: pino({ level: 'silent' }) });
}

/** A server on a database the test keeps (to stop it and start another on the same data). */
export function startKeymomentOn(databaseUrl: string, overrides: Partial<KeymomentConfig>, options: KeymomentOptions): Promise<Keymoment> {
  return createKeymoment(testConfig(databaseUrl, overrides), { logger: pino({ level: 'silent' }), serveWeb: false, ...options });
}
