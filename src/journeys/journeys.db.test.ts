import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSignedInMember, createOrgWithMember, type TestMember } from '../../test/support/actors.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';
import { findEffectiveMoment, findPublishedMoment } from './index.ts';

let km: TestKeymoment;
let admin: TestMember;

beforeAll(async () => {
  km = await startTestKeymoment();
  admin = await createOrgWithMember(km, 'admin', 'Shanghai Telecom');
});
afterAll(async () => km?.dispose());

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
function call(who: TestMember | Record<string, string>, method: Method, url: string, payload?: unknown, headers: Record<string, string> = {}) {
  const base = 'headers' in who ? (who as TestMember).headers : (who as Record<string, string>);
  return km.app.inject({ method, url, headers: { ...base, ...headers }, ...(payload !== undefined ? { payload: payload as object } : {}) });
}

/** A service hall: find → counter (peak, adjustable wait target) → leave (end). */
function hallBlueprint() {
  return {
    stages: [
      { key: 'before', kind: 'zero' },
      { key: 'visit', kind: 'first' },
    ],
    moments: [
      { key: 'find', name: { en: 'Find the hall', 'zh-CN': '找到营业厅' }, stageKey: 'before', channels: ['web'] },
      {
        key: 'counter',
        name: { en: 'Counter transaction', 'zh-CN': '柜台办理' },
        stageKey: 'visit',
        flags: ['peak'],
        coreNeeds: [{ en: 'Fast, polite, accurate', 'zh-CN': '迅速、礼貌、准确' }],
        actionGuide: [{ title: { en: 'Serve fast' } }, { title: { en: 'Confirm the result' } }],
        benchmarks: [
          { metric: 'wait_seconds', comparator: 'lte', value: 300, localMin: 120, localMax: 600 },
          { metric: 'csat', comparator: 'gte', value: 90 },
        ],
      },
      { key: 'leave', name: { en: 'Leave' }, stageKey: 'visit', flags: ['end'] },
    ],
    purposes: [{ key: 'pay-bill', name: { en: 'Pay a bill' }, peakMomentKeys: ['counter'] }],
  };
}

let keyCounter = 0;
async function createPublishedHall(who: TestMember = admin): Promise<string> {
  const key = `hall-${++keyCounter}`;
  const created = await call(who, 'POST', '/api/v1/journeys', { key, name: { en: 'Service hall' }, blueprint: hallBlueprint() });
  expect(created.statusCode, created.body).toBe(201);
  const published = await call(who, 'POST', `/api/v1/journeys/${key}/publish`, { note: 'first' });
  expect(published.statusCode, published.body).toBe(201);
  return key;
}

describe('journeys', () => {
  it('creates, lists, renames, archives and restores a journey; the key is unique and never changes', async () => {
    const created = await call(admin, 'POST', '/api/v1/journeys', { key: 'hotel-stay', name: { en: 'Hotel stay', hu: 'Szállodai tartózkodás' } });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ key: 'hotel-stay', fallbackLocale: 'en', publishedVersion: null, draftRevision: 1, hasUnpublishedChanges: true });

    const duplicate = await call(admin, 'POST', '/api/v1/journeys', { key: 'hotel-stay', name: { en: 'Again' } });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error.field).toBe('key');

    const renamed = await call(admin, 'PATCH', '/api/v1/journeys/hotel-stay', { name: { en: 'Hotel guest journey' } });
    expect(renamed.json().name).toEqual({ en: 'Hotel guest journey' });
    const rekey = await call(admin, 'PATCH', '/api/v1/journeys/hotel-stay', { key: 'other' });
    expect(rekey.statusCode).toBe(400);
    expect(rekey.json().error.field).toBe('key');

    expect((await call(admin, 'DELETE', '/api/v1/journeys/hotel-stay')).statusCode).toBe(204);
    const keys = async (url: string) => (await call(admin, 'GET', url)).json().items.map((j: { key: string }) => j.key);
    expect(await keys('/api/v1/journeys')).not.toContain('hotel-stay');
    expect(await keys('/api/v1/journeys?includeArchived=true')).toContain('hotel-stay');
    const editArchived = await call(admin, 'PUT', '/api/v1/journeys/hotel-stay/draft', hallBlueprint());
    expect(editArchived.statusCode).toBe(409);
    const restored = await call(admin, 'PATCH', '/api/v1/journeys/hotel-stay', { archived: false });
    expect(restored.json().archivedAt).toBeNull();
  });

  it('names the field of bad input', async () => {
    const badKey = await call(admin, 'POST', '/api/v1/journeys', { key: 'Hotel Stay', name: { en: 'x' } });
    expect(badKey.statusCode).toBe(400);
    expect(badKey.json().error.field).toBe('key');
    const noFallbackName = await call(admin, 'POST', '/api/v1/journeys', { key: 'ru-only', name: { ru: 'Отель' }, fallbackLocale: 'en' });
    expect(noFallbackName.statusCode).toBe(400);
    expect(noFallbackName.json().error.field).toBe('name.en');
    const unknownLanguage = await call(admin, 'POST', '/api/v1/journeys', { key: 'de', name: { de: 'Hotel' } });
    expect(unknownLanguage.json().error.field).toBe('name.de');
    const missing = await call(admin, 'GET', '/api/v1/journeys/no-such-journey');
    expect(missing.statusCode).toBe(404);
  });

  it('takes the organisation’s default language as the fallback language', async () => {
    const org = await createOrgWithMember(km, 'admin');
    await call(org, 'PATCH', '/api/v1/org', { defaultLocale: 'hu' });
    const created = await call(org, 'POST', '/api/v1/journeys', { key: 'bank', name: { hu: 'Bankfiók' } });
    expect(created.json().fallbackLocale).toBe('hu');
  });
});

describe('drafts, publishing and versions', () => {
  it('keeps a draft with problems, reports them with paths, and refuses to publish it', async () => {
    await call(admin, 'POST', '/api/v1/journeys', { key: 'wip', name: { en: 'Work in progress' } });
    const blueprint = hallBlueprint();
    blueprint.purposes[0]!.peakMomentKeys.push('ghost');
    const saved = await call(admin, 'PUT', '/api/v1/journeys/wip/draft', blueprint);
    expect(saved.statusCode).toBe(200);
    expect(saved.json().problems).toEqual([expect.objectContaining({ severity: 'error', field: 'purposes.0.peakMomentKeys.1' })]);
    const publish = await call(admin, 'POST', '/api/v1/journeys/wip/publish', {});
    expect(publish.statusCode).toBe(400);
    expect(publish.json().error.field).toBe('purposes.0.peakMomentKeys.1');

    const malformed = await call(admin, 'PUT', '/api/v1/journeys/wip/draft', { ...hallBlueprint(), moments: [{ key: 'x', name: { en: 'X' }, stageKey: 'visit', channels: ['pigeon'] }] });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.field).toBe('moments.0.channels.0');
  });

  it('refuses a stale save (If-Match) so two editors do not overwrite each other', async () => {
    await call(admin, 'POST', '/api/v1/journeys', { key: 'shared-edit', name: { en: 'Shared' } });
    const draft = await call(admin, 'GET', '/api/v1/journeys/shared-edit/draft');
    const etag = draft.headers.etag as string;
    expect(etag).toBe('"1"');
    const first = await call(admin, 'PUT', '/api/v1/journeys/shared-edit/draft', hallBlueprint(), { 'if-match': etag });
    expect(first.statusCode).toBe(200);
    expect(first.json().revision).toBe(2);
    const second = await call(admin, 'PUT', '/api/v1/journeys/shared-edit/draft', hallBlueprint(), { 'if-match': etag });
    expect(second.statusCode).toBe(412);
    expect(second.json().error.field).toBe('If-Match');
  });

  it('publishes numbered versions; a published version never changes, even after later edits', async () => {
    const key = await createPublishedHall();
    const v1 = (await call(admin, 'GET', `/api/v1/journeys/${key}/versions/1`)).json();
    expect(v1).toMatchObject({ version: 1, note: 'first', momentCount: 3 });

    const edited = hallBlueprint();
    edited.moments[1]!.name = { en: 'Counter service', 'zh-CN': '柜台服务' };
    edited.moments.push({ key: 'survey', name: { en: 'SMS survey' }, stageKey: 'visit', channels: ['sms'] } as never);
    await call(admin, 'PUT', `/api/v1/journeys/${key}/draft`, edited);
    expect((await call(admin, 'GET', `/api/v1/journeys/${key}`)).json().hasUnpublishedChanges).toBe(true);
    expect((await call(admin, 'GET', `/api/v1/journeys/${key}/versions/1`)).json()).toEqual(v1);

    const v2 = await call(admin, 'POST', `/api/v1/journeys/${key}/publish`);
    expect(v2.statusCode).toBe(201);
    expect(v2.json().version).toBe(2);
    expect((await call(admin, 'GET', `/api/v1/journeys/${key}/versions/1`)).json()).toEqual(v1);
    const again = await call(admin, 'POST', `/api/v1/journeys/${key}/publish`, {});
    expect(again.statusCode).toBe(409);

    const diff = (await call(admin, 'GET', `/api/v1/journeys/${key}/diff?from=1&to=2`)).json();
    expect(diff).toMatchObject({ identical: false, moments: { added: ['survey'], removed: [], changed: [{ key: 'counter', fields: ['name'] }] } });
    expect((await call(admin, 'GET', `/api/v1/journeys/${key}/diff?from=2&to=draft`)).json().identical).toBe(true);
    const badDiff = await call(admin, 'GET', `/api/v1/journeys/${key}/diff?from=1&to=latest`);
    expect(badDiff.json().error.field).toBe('to');
    expect((await call(admin, 'GET', `/api/v1/journeys/${key}/versions/9`)).statusCode).toBe(404);
  });

  it('lists versions newest first, page by page', async () => {
    const key = await createPublishedHall();
    for (const name of ['Two', 'Three']) {
      const blueprint = hallBlueprint();
      blueprint.moments[0]!.name = { en: name, 'zh-CN': name };
      await call(admin, 'PUT', `/api/v1/journeys/${key}/draft`, blueprint);
      await call(admin, 'POST', `/api/v1/journeys/${key}/publish`, {});
    }
    const first = (await call(admin, 'GET', `/api/v1/journeys/${key}/versions?limit=2`)).json();
    expect(first.items.map((v: { version: number }) => v.version)).toEqual([3, 2]);
    const second = (await call(admin, 'GET', `/api/v1/journeys/${key}/versions?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second).toMatchObject({ items: [{ version: 1 }], nextCursor: null });
  });

  it('has the database itself refuse to change or delete a published version', async () => {
    const key = await createPublishedHall();
    const { rows } = await km.database.query<{ journey_id: string }>('select journey_id from journeys where org_id = $1 and key = $2', [admin.orgId, key]);
    const id = rows[0]!.journey_id;
    await expect(km.database.query(`update journey_versions set document = '{}'::jsonb where journey_id = $1`, [id])).rejects.toThrow(/cannot be changed/);
    await expect(km.database.query('delete from journey_versions where journey_id = $1', [id])).rejects.toThrow(/cannot be changed/);
    const { rows: left } = await km.database.query<{ n: number }>('select count(*)::int as n from journey_versions where journey_id = $1', [id]);
    expect(left[0]!.n).toBe(1);
  });

  it('finds a published moment for the other rooms by journey key, moment key and version', async () => {
    const key = await createPublishedHall();
    const blueprint = hallBlueprint();
    blueprint.moments[1]!.name = { en: 'Counter, renamed' };
    await call(admin, 'PUT', `/api/v1/journeys/${key}/draft`, blueprint);
    await call(admin, 'POST', `/api/v1/journeys/${key}/publish`, {});
    const db = km.database.db;
    expect((await findPublishedMoment(db, admin.orgId, key, 'counter', 1))?.moment.name.en).toBe('Counter transaction');
    expect(await findPublishedMoment(db, admin.orgId, key, 'counter')).toMatchObject({ version: 2, moment: { name: { en: 'Counter, renamed' } }, stage: { key: 'visit' } });
    expect(await findPublishedMoment(db, admin.orgId, key, 'ghost')).toBeUndefined();
    expect(await findPublishedMoment(db, admin.orgId, key, 'counter', 7)).toBeUndefined();
    const other = await createOrgWithMember(km, 'admin');
    expect(await findPublishedMoment(db, other.orgId, key, 'counter')).toBeUndefined();
  });
});

describe('roles', () => {
  it('edits visit purposes in the draft: adds, renames in another language, re-marks peaks, deletes; published versions keep theirs', async () => {
    const key = await createPublishedHall();
    const blueprint = (await call(admin, 'GET', `/api/v1/journeys/${key}/draft`)).json().blueprint;
    blueprint.purposes[0].name['zh-CN'] = '缴费';
    blueprint.purposes[0].peakMomentKeys = ['counter', 'leave'];
    blueprint.purposes.push({ key: 'buy-phone', name: { en: 'Buy a phone', ru: 'Купить телефон' }, description: { en: 'Comes to buy a handset' }, peakMomentKeys: ['counter'] });
    const saved = await call(admin, 'PUT', `/api/v1/journeys/${key}/draft`, blueprint);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().problems).toEqual([]);
    expect((await call(admin, 'POST', `/api/v1/journeys/${key}/publish`, {})).statusCode).toBe(201);
    const v2 = (await call(admin, 'GET', `/api/v1/journeys/${key}/versions/2`)).json();
    expect(v2.blueprint.purposes).toEqual(blueprint.purposes);
    const diff = (await call(admin, 'GET', `/api/v1/journeys/${key}/diff?from=1&to=2`)).json();
    expect(diff.purposes).toEqual({ added: ['buy-phone'], removed: [], changed: [{ key: 'pay-bill', fields: ['name', 'peakMomentKeys'] }] });

    // A location reads the purposes in its language with the effective blueprint.
    const { locationId } = (await call(admin, 'POST', '/api/v1/locations', { name: 'Purpose outlet', level: 'outlet' })).json();
    const russian = (await call(admin, 'GET', `/api/v1/journeys/${key}/effective/${locationId}?locale=ru`)).json();
    expect(russian.purposes).toEqual([
      { key: 'pay-bill', name: 'Pay a bill', peakMomentKeys: ['counter', 'leave'] },
      { key: 'buy-phone', name: 'Купить телефон', description: 'Comes to buy a handset', peakMomentKeys: ['counter'] },
    ]);

    // Deleting a purpose changes the draft only.
    blueprint.purposes = blueprint.purposes.filter((purpose: { key: string }) => purpose.key !== 'pay-bill');
    expect((await call(admin, 'PUT', `/api/v1/journeys/${key}/draft`, blueprint)).statusCode).toBe(200);
    expect((await call(admin, 'GET', `/api/v1/journeys/${key}/versions/2`)).json()).toEqual(v2);
    expect((await call(admin, 'GET', `/api/v1/journeys/${key}/diff?from=2&to=draft`)).json().purposes.removed).toEqual(['pay-bill']);

    // A key that is not a slug is refused outright, naming the field; the stored draft stays as it was.
    const badKey = await call(admin, 'PUT', `/api/v1/journeys/${key}/draft`, { ...blueprint, purposes: [...blueprint.purposes, { key: 'Walk In', name: { en: 'Walk in' } }] });
    expect(badKey.statusCode).toBe(400);
    expect(badKey.json().error.field).toBe('purposes.1.key');
    expect((await call(admin, 'GET', `/api/v1/journeys/${key}/draft`)).json().blueprint.purposes).toEqual(blueprint.purposes);

    // Without a name in the fallback language, or with a key used twice, it is kept as a problem and not published.
    blueprint.purposes.push({ key: 'walk-in', name: { ru: 'Просто зайти' }, peakMomentKeys: ['find'] }, { key: 'buy-phone', name: { en: 'Buy a phone again' }, peakMomentKeys: [] });
    const problems = (await call(admin, 'PUT', `/api/v1/journeys/${key}/draft`, blueprint)).json().problems as { severity: string; field: string }[];
    expect(problems.filter((problem) => problem.severity === 'error').map((problem) => problem.field)).toEqual(['purposes.1.name.en', 'purposes.2.key']);
    expect(problems).toContainEqual(expect.objectContaining({ severity: 'warning', field: 'purposes.2.peakMomentKeys', code: 'purpose_without_peak', params: { key: 'buy-phone' } }));
    expect(problems).toContainEqual(expect.objectContaining({ field: 'purposes.1.name.en', code: 'missing_fallback_text', params: { language: 'en' } }));
    const refused = await call(admin, 'POST', `/api/v1/journeys/${key}/publish`, {});
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.field).toBe('purposes.1.name.en');
  });

  it('lets admins and CX managers edit central journeys, and everyone else only read', async () => {
    const key = await createPublishedHall();
    const cx = await addSignedInMember(km, admin.orgId, 'cx_manager');
    expect((await call(cx, 'PUT', `/api/v1/journeys/${key}/draft`, hallBlueprint())).statusCode).toBe(200);
    for (const role of ['outlet_manager', 'agent', 'auditor', 'viewer'] as const) {
      const member = await addSignedInMember(km, admin.orgId, role);
      expect((await call(member, 'GET', `/api/v1/journeys/${key}/versions/1`)).statusCode, role).toBe(200);
      expect((await call(member, 'PUT', `/api/v1/journeys/${key}/draft`, hallBlueprint())).statusCode, role).toBe(403);
      expect((await call(member, 'POST', `/api/v1/journeys/${key}/publish`, {})).statusCode, role).toBe(403);
    }
    const readKey = (await call(admin, 'POST', '/api/v1/api-keys', { name: 'BI', scopes: ['read'] })).json().key;
    const bearer = { authorization: `Bearer ${readKey}` };
    expect((await call(bearer, 'GET', `/api/v1/journeys/${key}/export`)).statusCode).toBe(200);
    expect((await call(bearer, 'POST', '/api/v1/journeys', { key: 'by-key', name: { en: 'x' } })).statusCode).toBe(403);
  });
});

describe('location overrides and the effective blueprint', () => {
  let key: string;
  const location = { east: '', pudong: '', puxi: '', west: '' };

  beforeAll(async () => {
    key = await createPublishedHall();
    const post = async (name: string, level: string, parentId?: string) =>
      (await call(admin, 'POST', '/api/v1/locations', { name, level, ...(parentId ? { parentId } : {}) })).json().locationId as string;
    location.east = await post('East region', 'region');
    location.pudong = await post('Pudong outlet', 'outlet', location.east);
    location.puxi = await post('Puxi outlet', 'outlet', location.east);
    location.west = await post('West region', 'region');
  });

  it('adds moments at a region and an outlet, adjusts targets within limits, and shows the effective blueprint with origins', async () => {
    const region = await call(admin, 'PUT', `/api/v1/journeys/${key}/overrides/${location.east}`, {
      addedMoments: [{ key: 'umbrella', name: { en: 'Lend an umbrella', 'zh-CN': '爱心伞' }, stageKey: 'visit', after: 'counter' }],
    });
    expect(region.statusCode, region.body).toBe(200);
    const manager = await addSignedInMember(km, admin.orgId, 'outlet_manager', location.pudong);
    const outlet = await call(manager, 'PUT', `/api/v1/journeys/${key}/overrides/${location.pudong}`, {
      addedMoments: [{ key: 'elder-seat', name: { en: 'Seat for elderly customers' }, stageKey: 'visit', after: 'umbrella' }],
      benchmarkAdjustments: [{ momentKey: 'counter', metric: 'wait_seconds', value: 180 }],
    });
    expect(outlet.statusCode, outlet.body).toBe(200);
    expect(outlet.json()).toMatchObject({ baseVersion: 1, locationId: location.pudong });

    const effective = (await call(manager, 'GET', `/api/v1/journeys/${key}/effective/${location.pudong}`)).json();
    expect(effective.appliedOverrides.map((o: { locationId: string }) => o.locationId)).toEqual([location.east, location.pudong]);
    expect(effective.moments.map((m: { key: string; origin: string }) => [m.key, m.origin])).toEqual([
      ['find', 'central'],
      ['counter', 'central'],
      ['umbrella', location.east],
      ['elder-seat', location.pudong],
      ['leave', 'central'],
    ]);
    expect(effective.moments[1].benchmarks[0]).toMatchObject({ value: 180, baseValue: 300, adjustedBy: location.pudong });

    const chinese = (await call(manager, 'GET', `/api/v1/journeys/${key}/effective/${location.pudong}?locale=zh-CN`)).json();
    expect(chinese.locale).toBe('zh-CN');
    expect(chinese.moments.map((m: { name: string }) => m.name)).toEqual(['找到营业厅', '柜台办理', '爱心伞', 'Seat for elderly customers', 'Leave']);
    expect(chinese.stages[1].displayName).toContain('第一关键时刻');

    // The sibling outlet gets the region's moment but not Pudong's.
    const puxi = (await call(admin, 'GET', `/api/v1/journeys/${key}/effective/${location.puxi}`)).json();
    expect(puxi.moments.map((m: { key: string }) => m.key)).toEqual(['find', 'counter', 'umbrella', 'leave']);
  });

  it('reorders an outlet’s own moments by their anchors; central moments keep their order', async () => {
    const { locationId: outlet } = (await call(admin, 'POST', '/api/v1/locations', { name: 'Reorder outlet', level: 'outlet' })).json();
    const put = (addedMoments: object[]) => call(admin, 'PUT', `/api/v1/journeys/${key}/overrides/${outlet}`, { addedMoments });
    const order = async () =>
      ((await call(admin, 'GET', `/api/v1/journeys/${key}/effective/${outlet}`)).json().moments as { key: string; stageKey: string }[]).map((m) => `${m.stageKey}:${m.key}`);
    const water = { key: 'water', name: { en: 'Offer water' } };
    const thanks = { key: 'thanks', name: { en: 'Say thank you' } };

    expect((await put([{ ...water, stageKey: 'visit', after: 'counter' }, { ...thanks, stageKey: 'visit', after: 'water' }])).statusCode).toBe(200);
    expect(await order()).toEqual(['before:find', 'visit:counter', 'visit:water', 'visit:thanks', 'visit:leave']);

    // What the editor sends after moving "thanks" to the top of its stage and "water" past the central end moment.
    expect((await put([{ ...thanks, stageKey: 'visit' }, { ...water, stageKey: 'visit', after: 'leave' }])).statusCode).toBe(200);
    expect(await order()).toEqual(['before:find', 'visit:thanks', 'visit:counter', 'visit:leave', 'visit:water']);

    // …and after moving "water" into the first stage, before the central moment there.
    expect((await put([{ ...water, stageKey: 'before' }, { ...thanks, stageKey: 'visit' }])).statusCode).toBe(200);
    expect(await order()).toEqual(['before:water', 'before:find', 'visit:thanks', 'visit:counter', 'visit:leave']);

    // Anchors must already be placed and lie in the same stage; a refused save leaves the stored order alone.
    const early = await put([{ ...water, stageKey: 'visit', after: 'thanks' }, { ...thanks, stageKey: 'visit', after: 'counter' }]);
    expect(early.statusCode).toBe(400);
    expect(early.json().error).toMatchObject({ field: 'addedMoments.0.after', message: expect.stringContaining('"thanks" is not in the blueprint') });
    const otherStage = await put([{ ...water, stageKey: 'before', after: 'counter' }]);
    expect(otherStage.json().error).toMatchObject({ field: 'addedMoments.0.after', message: expect.stringContaining('not "before"') });
    expect(await order()).toEqual(['before:water', 'before:find', 'visit:thanks', 'visit:counter', 'visit:leave']);
  });

  it('refuses an override that removes, renames or redefines a central moment, naming the path', async () => {
    const removeCentral = await call(admin, 'DELETE', `/api/v1/journeys/${key}/overrides/${location.puxi}/moments/counter`);
    expect(removeCentral.statusCode).toBe(400);
    expect(removeCentral.json().error).toMatchObject({ field: 'momentKey', message: expect.stringContaining('central') });

    const rename = await call(admin, 'PUT', `/api/v1/journeys/${key}/overrides/${location.puxi}`, {
      addedMoments: [{ key: 'counter', name: { en: 'Quick counter' }, stageKey: 'visit' }],
    });
    expect(rename.statusCode).toBe(400);
    expect(rename.json().error.field).toBe('addedMoments.0.key');

    const removeFromRegion = await call(admin, 'DELETE', `/api/v1/journeys/${key}/overrides/${location.puxi}/moments/umbrella`);
    expect(removeFromRegion.statusCode).toBe(400);
    expect(removeFromRegion.json().error.message).toContain(location.east);

    const unknownField = await call(admin, 'PUT', `/api/v1/journeys/${key}/overrides/${location.puxi}`, { removedMoments: ['counter'] });
    expect(unknownField.statusCode).toBe(400);
    expect(unknownField.json().error.field).toBe('removedMoments');
  });

  it('refuses targets outside the local limits and targets that are set centrally', async () => {
    const tooLow = await call(admin, 'PUT', `/api/v1/journeys/${key}/overrides/${location.west}`, {
      benchmarkAdjustments: [{ momentKey: 'counter', metric: 'wait_seconds', value: 60 }],
    });
    expect(tooLow.statusCode).toBe(400);
    expect(tooLow.json().error).toMatchObject({ field: 'benchmarkAdjustments.0.value', message: expect.stringContaining('[120, 600]') });
    const central = await call(admin, 'PUT', `/api/v1/journeys/${key}/overrides/${location.west}`, {
      benchmarkAdjustments: [{ momentKey: 'counter', metric: 'csat', value: 70 }],
    });
    expect(central.json().error.field).toBe('benchmarkAdjustments.0.value');
  });

  it('lets an outlet manager change only the overrides inside their location scope', async () => {
    const manager = await addSignedInMember(km, admin.orgId, 'outlet_manager', location.puxi);
    const own = await call(manager, 'PUT', `/api/v1/journeys/${key}/overrides/${location.puxi}`, {
      addedMoments: [
        { key: 'water', name: { en: 'Offer water' }, stageKey: 'visit', after: 'counter' },
        { key: 'magazine', name: { en: 'Offer a magazine' }, stageKey: 'visit', after: 'water' },
      ],
    });
    expect(own.statusCode, own.body).toBe(200);
    const removed = await call(manager, 'DELETE', `/api/v1/journeys/${key}/overrides/${location.puxi}/moments/water`);
    expect(removed.statusCode, removed.body).toBe(200);
    // The moment placed after the removed one takes its place.
    expect(removed.json().addedMoments).toEqual([expect.objectContaining({ key: 'magazine', after: 'counter' })]);
    const unknown = await call(manager, 'DELETE', `/api/v1/journeys/${key}/overrides/${location.puxi}/moments/ghost`);
    expect(unknown.statusCode).toBe(404);
    for (const elsewhere of [location.pudong, location.east, location.west]) {
      const response = await call(manager, 'PUT', `/api/v1/journeys/${key}/overrides/${elsewhere}`, { addedMoments: [] });
      expect(response.statusCode).toBe(404);
    }
    const listed = (await call(manager, 'GET', `/api/v1/journeys/${key}/overrides`)).json();
    expect(listed.items.map((o: { locationId: string }) => o.locationId)).toEqual([location.puxi]);
    const agent = await addSignedInMember(km, admin.orgId, 'agent', location.puxi);
    expect((await call(agent, 'PUT', `/api/v1/journeys/${key}/overrides/${location.puxi}`, {})).statusCode).toBe(403);
    expect((await call(agent, 'GET', `/api/v1/journeys/${key}/effective/${location.puxi}`)).statusCode).toBe(200);
  });

  it('keeps an override on its base version and reports what no longer fits a newer central version', async () => {
    const local = await createPublishedHall();
    await call(admin, 'PUT', `/api/v1/journeys/${local}/overrides/${location.west}`, {
      addedMoments: [{ key: 'coffee', name: { en: 'Coffee while waiting' }, stageKey: 'visit', after: 'counter' }],
      benchmarkAdjustments: [{ momentKey: 'counter', metric: 'wait_seconds', value: 500 }],
    });
    const v2 = hallBlueprint();
    v2.moments[1]!.benchmarks![0] = { metric: 'wait_seconds', comparator: 'lte', value: 240, localMin: 120, localMax: 300 };
    v2.moments = v2.moments.filter((m) => m.key !== 'find');
    await call(admin, 'PUT', `/api/v1/journeys/${local}/draft`, v2);
    await call(admin, 'POST', `/api/v1/journeys/${local}/publish`, {});
    const effective = (await call(admin, 'GET', `/api/v1/journeys/${local}/effective/${location.west}`)).json();
    expect(effective.version).toBe(2);
    expect(effective.notices).toEqual([expect.objectContaining({ locationId: location.west, field: 'benchmarkAdjustments.0' })]);
    expect(effective.moments.map((m: { key: string }) => m.key)).toEqual(['counter', 'coffee', 'leave']);
    const onVersion1 = (await call(admin, 'GET', `/api/v1/journeys/${local}/effective/${location.west}?version=1`)).json();
    expect(onVersion1.notices).toEqual([]);
    expect(onVersion1.moments[1].benchmarks[0].value).toBe(500);

    const found = await findEffectiveMoment(km.database.db, admin.orgId, local, 'coffee', location.west);
    expect(found).toMatchObject({ version: 2, moment: { origin: location.west } });
    expect((await call(admin, 'DELETE', `/api/v1/journeys/${local}/overrides/${location.west}`)).statusCode).toBe(204);
    expect((await call(admin, 'GET', `/api/v1/journeys/${local}/overrides/${location.west}`)).statusCode).toBe(404);
  });

  it('needs a published version before a location can override it', async () => {
    await call(admin, 'POST', '/api/v1/journeys', { key: 'unpublished', name: { en: 'Not yet' }, blueprint: hallBlueprint() });
    const response = await call(admin, 'PUT', `/api/v1/journeys/unpublished/overrides/${location.west}`, {});
    expect(response.statusCode).toBe(409);
  });
});

describe('import and export', () => {
  it('exports a journey and imports it again under a new key with the same content', async () => {
    const key = await createPublishedHall();
    const exported = await call(admin, 'GET', `/api/v1/journeys/${key}/export`);
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-disposition']).toContain(`${key}.journey.json`);
    const document = exported.json();
    expect(document).toMatchObject({ format: 'keymoment.journey/v1', key, fallbackLocale: 'en', exported: { version: 1 } });

    const imported = await call(admin, 'POST', `/api/v1/journeys/import?key=${key}-copy&publish=true`, document);
    expect(imported.statusCode, imported.body).toBe(201);
    expect(imported.json()).toMatchObject({ key: `${key}-copy`, publishedVersion: 1, hasUnpublishedChanges: false });
    const original = (await call(admin, 'GET', `/api/v1/journeys/${key}/versions/1`)).json().blueprint;
    const copy = (await call(admin, 'GET', `/api/v1/journeys/${key}-copy/versions/1`)).json().blueprint;
    expect(copy).toEqual(original);

    const clash = await call(admin, 'POST', '/api/v1/journeys/import', document);
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error.field).toBe('key');
  });

  it('points at the offending path of a bad document', async () => {
    const key = await createPublishedHall();
    const document = (await call(admin, 'GET', `/api/v1/journeys/${key}/export`)).json();
    const importAs = (name: string, change: (doc: typeof document) => void) => {
      const copy = structuredClone(document);
      change(copy);
      return call(admin, 'POST', `/api/v1/journeys/import?key=${name}`, copy);
    };
    const comparator = await importAs('bad-comparator', (doc) => (doc.moments[1].benchmarks[0].comparator = 'about'));
    expect(comparator.statusCode).toBe(400);
    expect(comparator.json().error.field).toBe('moments.1.benchmarks.0.comparator');
    const format = await importAs('bad-format', (doc) => (doc.format = 'something/v9'));
    expect(format.json().error.field).toBe('format');
    const peak = await importAs('bad-peak', (doc) => doc.purposes[0].peakMomentKeys.push('ghost'));
    expect(peak.statusCode).toBe(400);
    expect(peak.json().error.field).toBe('purposes.0.peakMomentKeys.1');
    const limits = await importAs('bad-limits', (doc) => (doc.moments[1].benchmarks[0].localMax = 10));
    expect(limits.json().error.field).toBe('moments.1.benchmarks.0.localMax');
    expect((await call(admin, 'GET', '/api/v1/journeys/bad-peak')).statusCode).toBe(404);
  });
});
