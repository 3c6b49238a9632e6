import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWithMember, type TestMember } from '../../test/support/actors.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';
import { LOCALES } from './model.ts';
import { loadTemplates } from './templates.ts';

let km: TestKeymoment;
let admin: TestMember;
const templates = await loadTemplates();

beforeAll(async () => {
  km = await startTestKeymoment();
  admin = await createOrgWithMember(km, 'admin', 'Template tester');
});
afterAll(async () => km?.dispose());

const call = (method: 'GET' | 'POST', url: string, payload?: object, headers: Record<string, string> = {}) =>
  km.app.inject({ method, url, headers: { ...admin.headers, ...headers }, ...(payload ? { payload } : {}) });

describe('journey templates over the API', () => {
  it('lists every template named in the requested language', async () => {
    const names: Record<string, string[]> = {};
    for (const locale of LOCALES) {
      const response = await call('GET', `/api/v1/journey-templates?locale=${locale}`);
      expect(response.statusCode).toBe(200);
      const items = response.json().items as { key: string; name: string; locale: string; momentCount: number }[];
      expect(items.map((item) => item.key)).toEqual(templates.map((t) => t.key));
      expect(items.every((item) => item.locale === locale && item.momentCount > 0)).toBe(true);
      names[locale] = items.map((item) => item.name);
    }
    expect(names.ru!.every((name) => /\p{Script=Cyrillic}/u.test(name))).toBe(true);
    expect(names['zh-CN']!.every((name) => /\p{Script=Han}/u.test(name))).toBe(true);
    expect(names['zh-TW']).not.toEqual(names['zh-CN']);
    expect(names.hu).not.toEqual(names.en);
    const byHeader = await call('GET', '/api/v1/journey-templates', undefined, { 'accept-language': 'zh-Hant-TW,zh;q=0.8' });
    expect(byHeader.json().items[0].name).toBe(names['zh-TW']![0]);
  });

  it('creates a published journey from every template in one call, exactly as shipped', async () => {
    const { locationId } = (await call('POST', '/api/v1/locations', { name: 'Outlet', level: 'outlet' })).json();
    for (const template of templates) {
      const created = await call('POST', '/api/v1/journeys/from-template', { templateKey: template.key, publish: true });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json()).toMatchObject({ key: template.key, templateKey: template.key, publishedVersion: 1, hasUnpublishedChanges: false });
      const draft = (await call('GET', `/api/v1/journeys/${template.key}/draft`)).json();
      expect(draft.problems).toEqual([]);
      const version = (await call('GET', `/api/v1/journeys/${template.key}/versions/1`)).json();
      expect(version.blueprint).toEqual(template.blueprint);
      for (const locale of LOCALES) {
        const effective = (await call('GET', `/api/v1/journeys/${template.key}/effective/${locationId}?locale=${locale}`)).json();
        expect(effective.moments).toHaveLength(template.blueprint.moments.length);
        for (const moment of effective.moments) expect(moment.name, `${template.key} ${locale}`).toBe(template.blueprint.moments.find((m) => m.key === moment.key)!.name[locale]);
      }
    }
  });

  it('creates a draft under another key and name, and refuses an unknown template or a taken key', async () => {
    const draft = await call('POST', '/api/v1/journeys/from-template', {
      templateKey: 'hotel-stay',
      key: 'budapest-hotel',
      name: { en: 'Budapest hotel stay', hu: 'Budapesti szállodai tartózkodás' },
    });
    expect(draft.statusCode).toBe(201);
    expect(draft.json()).toMatchObject({ key: 'budapest-hotel', publishedVersion: null, name: { hu: 'Budapesti szállodai tartózkodás' } });
    const unknown = await call('POST', '/api/v1/journeys/from-template', { templateKey: 'space-station' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.field).toBe('templateKey');
    const taken = await call('POST', '/api/v1/journeys/from-template', { templateKey: 'hotel-stay', key: 'budapest-hotel' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.field).toBe('key');
  });

  it('serves a whole template for preview', async () => {
    const response = await call('GET', '/api/v1/journey-templates/telecom-service-hall');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(templates.find((t) => t.key === 'telecom-service-hall')!.document);
    expect((await call('GET', '/api/v1/journey-templates/space-station')).statusCode).toBe(404);
  });
});
