import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSignedInMember, createOrgWithMember } from '../../test/support/actors.ts';
import { HALL_JOURNEY, interaction, setUpFeedbackOrg, type FeedbackOrg } from '../../test/support/feedback-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';

let km: TestKeymoment;
let org: FeedbackOrg;

beforeAll(async () => {
  km = await startTestKeymoment();
  org = await setUpFeedbackOrg(km, await createOrgWithMember(km, 'admin', 'Taipei Telecom'));
});
afterAll(async () => km?.dispose());

async function countOf(table: string, where = 'true', values: unknown[] = []): Promise<number> {
  const { rows } = await km.database.query<{ n: number }>(`select count(*)::int as n from ${table} where org_id = $1 and ${where}`, [org.member.orgId, ...values]);
  return rows[0]!.n;
}

describe('one interaction', () => {
  it('is stored with its location, moment, journey version and customer; a retry returns the same record', async () => {
    const created = await org.ingest('POST', '/api/v1/interactions', interaction('single-1'));
    expect(created.statusCode, created.body).toBe(201);
    const body = created.json();
    expect(body).toMatchObject({
      externalId: 'single-1',
      journeyKey: HALL_JOURNEY,
      journeyVersion: 1,
      momentKey: 'counter',
      visitId: 'visit-single-1',
      locationId: org.locations.outletA,
      staffId: 'staff-7',
      channel: 'in_person',
      customer: { externalId: 'cust-single-1' },
      metrics: { waitSeconds: 240, handleSeconds: 300 },
      outcome: 'resolved',
      occurredAt: '2026-11-20T01:30:00.000Z',
    });
    const retry = await org.ingest('POST', '/api/v1/interactions', interaction('single-1'));
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual(body);
    expect(await countOf('interactions', 'external_id = $2', ['single-1'])).toBe(1);
  });

  it('answers 400 naming the field of a bad item', async () => {
    const cases: [object, string][] = [
      [interaction('bad-1', { locationCode: 'NOPE' }), 'locationCode'],
      [interaction('bad-2', { momentKey: 'ghost' }), 'momentKey'],
      [interaction('bad-3', { journeyKey: 'no-such-journey' }), 'journeyKey'],
      [interaction('bad-4', { occurredAt: 'yesterday' }), 'occurredAt'],
      [interaction('bad-5', { channel: 'pigeon' }), 'channel'],
      [interaction('bad-6', { customer: { name: 'No id' } }), 'customer.externalId'],
      [interaction('bad-7', { colour: 'red' }), 'colour'],
      [interaction('bad-8', { occurredAt: '2099-01-01T00:00:00Z' }), 'occurredAt'],
      [interaction('bad-9', { metrics: { waitSeconds: -5 } }), 'metrics.waitSeconds'],
    ];
    for (const [payload, field] of cases) {
      const response = await org.ingest('POST', '/api/v1/interactions', payload);
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error.field).toBe(field);
    }
    expect(await countOf('interactions', "external_id like 'bad-%'")).toBe(0);
  });

  it('is refused to people and keys without the ingest permission', async () => {
    const viewer = await createOrgWithMember(km, 'viewer');
    expect((await km.app.inject({ method: 'POST', url: '/api/v1/interactions', headers: viewer.headers, payload: interaction('x') })).statusCode).toBe(403);
    const readKey = (await org.call('POST', '/api/v1/api-keys', { name: 'reader', scopes: ['read'] })).json().key;
    const response = await km.app.inject({ method: 'POST', url: '/api/v1/interactions', headers: { authorization: `Bearer ${readKey}` }, payload: interaction('x') });
    expect(response.statusCode).toBe(403);
    expect((await km.app.inject({ method: 'POST', url: '/api/v1/interactions', payload: interaction('x') })).statusCode).toBe(401);
  });
});

describe('batches', () => {
  it('stores the good items, names the index and field of each bad one, and says which already existed', async () => {
    await org.ingest('POST', '/api/v1/interactions', interaction('mixed-existing'));
    const response = await org.ingest('POST', '/api/v1/interactions', [
      interaction('mixed-1'),
      interaction('mixed-2', { locationCode: 'T-404' }),
      interaction('mixed-existing'),
      { externalId: 'mixed-4', momentKey: 'counter' },
      interaction('mixed-5', { locationCode: 'T-002', momentKey: 'greeting', journeyKey: undefined }),
      'not an object',
    ]);
    expect(response.statusCode, response.body).toBe(200);
    const result = response.json();
    expect(result).toMatchObject({ received: 6, created: 2, existing: 1, failed: 3 });
    expect(result.items.map((item: { status: string }) => item.status)).toEqual(['created', 'failed', 'existing', 'failed', 'created', 'failed']);
    expect(result.items[3]).toEqual({ index: 3, status: 'failed', externalId: 'mixed-4', id: null });
    expect(result.errors).toEqual(
      expect.arrayContaining([
        { index: 1, field: 'locationCode', message: expect.stringContaining('T-404') },
        { index: 3, field: 'occurredAt', message: expect.stringContaining('required') },
        { index: 5, field: '(item)', message: expect.any(String) },
      ]),
    );
    const stored = await km.database.query<{ external_id: string; location_id: string; moment_key: string }>(
      "select external_id, location_id, moment_key from interactions where org_id = $1 and external_id like 'mixed-%' order by external_id",
      [org.member.orgId],
    );
    expect(stored.rows).toEqual([
      { external_id: 'mixed-1', location_id: org.locations.outletA, moment_key: 'counter' },
      { external_id: 'mixed-5', location_id: org.locations.outletB, moment_key: 'greeting' },
      { external_id: 'mixed-existing', location_id: org.locations.outletA, moment_key: 'counter' },
    ]);
  });

  it('answers 201 when every item was created', async () => {
    const response = await org.ingest('POST', '/api/v1/interactions', [interaction('all-1'), interaction('all-2')]);
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ received: 2, created: 2, existing: 0, failed: 0, errors: [] });
  });

  it('refuses an empty batch and one over 10,000 items, naming the body', async () => {
    const empty = await org.ingest('POST', '/api/v1/interactions', []);
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.field).toBe('body');
    const huge = await org.ingest('POST', '/api/v1/interactions', Array.from({ length: 10_001 }, (_, i) => ({ externalId: `h${i}` })));
    expect(huge.statusCode).toBe(400);
    expect(huge.json().error).toMatchObject({ field: 'body', message: expect.stringContaining('10000') });
  });
});

describe('idempotency', () => {
  const batch = (prefix: string, size: number) => Array.from({ length: size }, (_, i) => interaction(`${prefix}-${i}`));

  it('stores a batch posted twice once, answering the same ids the second time', async () => {
    const first = (await org.ingest('POST', '/api/v1/interactions', batch('twice', 50))).json();
    const second = (await org.ingest('POST', '/api/v1/interactions', batch('twice', 50))).json();
    expect(first).toMatchObject({ created: 50, existing: 0 });
    expect(second).toMatchObject({ created: 0, existing: 50, failed: 0 });
    expect(second.items.map((item: { id: string }) => item.id)).toEqual(first.items.map((item: { id: string }) => item.id));
    expect(await countOf('interactions', "external_id like 'twice-%'")).toBe(50);
    expect(await countOf('customers', "external_id like 'cust-twice-%'")).toBe(50);
  });

  it('stores each interaction once when two identical batches race', async () => {
    const items = batch('race', 300);
    const [a, b] = await Promise.all([org.ingest('POST', '/api/v1/interactions', items), org.ingest('POST', '/api/v1/interactions', items)]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    const results = [a.json(), b.json()];
    expect(results.map((r) => r.created).sort((x, y) => x - y)).toEqual([0, 300]);
    expect(results.map((r) => r.existing).sort((x, y) => x - y)).toEqual([0, 300]);
    expect(results[0].items.map((item: { id: string }) => item.id)).toEqual(results[1].items.map((item: { id: string }) => item.id));
    expect(await countOf('interactions', "external_id like 'race-%'")).toBe(300);
  });

  it('keeps the first item when an external id repeats in one batch, and refuses a retry with other content', async () => {
    const response = (
      await org.ingest('POST', '/api/v1/interactions', [interaction('dup-1'), interaction('dup-1'), interaction('dup-1', { staffId: 'staff-9' })])
    ).json();
    expect(response.items.map((item: { status: string }) => item.status)).toEqual(['created', 'existing', 'failed']);
    expect(response.items[1].id).toBe(response.items[0].id);
    expect(response.errors).toEqual([{ index: 2, field: 'externalId', message: expect.stringContaining(response.items[0].id) }]);
    const later = await org.ingest('POST', '/api/v1/interactions', interaction('dup-1', { outcome: 'complaint' }));
    expect(later.statusCode).toBe(400);
    expect(later.json().error.field).toBe('externalId');
    const { rows } = await km.database.query<{ staff_id: string; outcome: string }>('select staff_id, outcome from interactions where org_id = $1 and external_id = $2', [org.member.orgId, 'dup-1']);
    expect(rows).toEqual([{ staff_id: 'staff-7', outcome: 'resolved' }]);
  });
});

describe('customers and moments', () => {
  it('upserts customers by external id: new values win, missing ones are kept, attributes merge', async () => {
    await org.ingest('POST', '/api/v1/interactions', interaction('cust-a', { customer: { externalId: 'vip-1', name: 'Lin Mei', email: 'lin@example.com', attributes: { tier: 'gold' } } }));
    await org.ingest('POST', '/api/v1/interactions', interaction('cust-b', { customer: { externalId: 'vip-1', phone: '+886 2 1234 5678', attributes: { segment: 'family' } } }));
    const { rows } = await km.database.query('select name, email, phone, locale, attributes from customers where org_id = $1 and external_id = $2', [org.member.orgId, 'vip-1']);
    expect(rows).toEqual([{ name: 'Lin Mei', email: 'lin@example.com', phone: '+886 2 1234 5678', locale: null, attributes: { tier: 'gold', segment: 'family' } }]);
  });

  it('finds a moment without its journey when one published journey has it, and asks for the journey when several do', async () => {
    const unique = await org.ingest('POST', '/api/v1/interactions', interaction('nojourney-1', { journeyKey: undefined, momentKey: 'leave' }));
    expect(unique.statusCode, unique.body).toBe(201);
    expect(unique.json().journeyKey).toBe(HALL_JOURNEY);

    await org.call('POST', '/api/v1/journeys', {
      key: 'hotel',
      name: { en: 'Hotel' },
      blueprint: { stages: [{ key: 'stay', kind: 'first' }], moments: [{ key: 'counter', name: { en: 'Front desk' }, stageKey: 'stay' }] },
    });
    await org.call('POST', '/api/v1/journeys/hotel/publish', {});
    const ambiguous = await org.ingest('POST', '/api/v1/interactions', interaction('nojourney-2', { journeyKey: undefined }));
    expect(ambiguous.statusCode).toBe(400);
    expect(ambiguous.json().error).toMatchObject({ field: 'journeyKey', message: expect.stringContaining('"hotel"') });
    const named = await org.ingest('POST', '/api/v1/interactions', interaction('nojourney-3', { journeyKey: 'hotel' }));
    expect(named.json()).toMatchObject({ journeyKey: 'hotel', momentKey: 'counter' });
  });

  it('finds a moment an outlet added to the journey, at that outlet only', async () => {
    await org.call('PUT', `/api/v1/journeys/${HALL_JOURNEY}/overrides/${org.locations.outletB}`, {
      addedMoments: [{ key: 'tea', name: { en: 'Offer tea' }, stageKey: 'visit', after: 'greeting' }],
    });
    const atOutlet = await org.ingest('POST', '/api/v1/interactions', interaction('tea-1', { momentKey: 'tea', locationCode: 'T-002' }));
    expect(atOutlet.statusCode, atOutlet.body).toBe(201);
    expect(atOutlet.json()).toMatchObject({ momentKey: 'tea', journeyVersion: 1 });
    const elsewhere = await org.ingest('POST', '/api/v1/interactions', interaction('tea-2', { momentKey: 'tea', locationCode: 'T-001' }));
    expect(elsewhere.json().error.field).toBe('momentKey');
  });

  it('records the journey version the moment was published under', async () => {
    const blueprint = { stages: [{ key: 'visit', kind: 'first' }], moments: [{ key: 'counter', name: { en: 'Counter v2' }, stageKey: 'visit' }] };
    await org.call('POST', '/api/v1/journeys', { key: 'versioned', name: { en: 'Versioned' }, blueprint });
    await org.call('POST', '/api/v1/journeys/versioned/publish', {});
    const v1 = (await org.ingest('POST', '/api/v1/interactions', interaction('ver-1', { journeyKey: 'versioned' }))).json();
    blueprint.moments[0]!.name = { en: 'Counter, renamed' };
    await org.call('PUT', '/api/v1/journeys/versioned/draft', blueprint);
    await org.call('POST', '/api/v1/journeys/versioned/publish', {});
    const v2 = (await org.ingest('POST', '/api/v1/interactions', interaction('ver-2', { journeyKey: 'versioned' }))).json();
    expect([v1.journeyVersion, v2.journeyVersion]).toEqual([1, 2]);
  });
});

describe('reading interactions', () => {
  it('lists them newest first with filters, and limits a scoped manager to their subtree', async () => {
    // Two posts: within one batch the arrival order of items is not defined.
    await org.ingest('POST', '/api/v1/interactions', interaction('list-1', { visitId: 'visit-list' }));
    await org.ingest('POST', '/api/v1/interactions', interaction('list-2', { visitId: 'visit-list', momentKey: 'leave', locationCode: 'T-002' }));
    const visit = (await org.call('GET', '/api/v1/interactions?visitId=visit-list')).json();
    expect(visit.items.map((item: { externalId: string }) => item.externalId)).toEqual(['list-2', 'list-1']);
    const city = (await org.call('GET', `/api/v1/interactions?visitId=visit-list&locationId=${org.locations.city}`)).json();
    expect(city.items.map((item: { externalId: string }) => item.externalId)).toEqual(['list-1']);

    const manager = await addSignedInMember(km, org.member.orgId, 'outlet_manager', org.locations.outletB);
    const scoped = (await km.app.inject({ method: 'GET', url: '/api/v1/interactions?visitId=visit-list', headers: manager.headers })).json();
    expect(scoped.items.map((item: { externalId: string }) => item.externalId)).toEqual(['list-2']);
    const hidden = await km.app.inject({ method: 'GET', url: `/api/v1/interactions/${visit.items[1].interactionId}`, headers: manager.headers });
    expect(hidden.statusCode).toBe(404);
  });
});
