import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWithMember } from '../../test/support/actors.ts';
import { publishSurvey, setUpFeedbackOrg, type FeedbackOrg } from '../../test/support/feedback-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';

/*
 * The embeddable widget: the served script stays under 15 KB gzipped; a widget's survey pages may be
 * framed by its allowed origins only, every other survey page by nobody.
 */

let km: TestKeymoment;
let org: FeedbackOrg;

beforeAll(async () => {
  km = await startTestKeymoment();
  org = await setUpFeedbackOrg(km, await createOrgWithMember(km, 'admin', 'Widget Shop'));
  await publishSurvey(org, 'counter');
});
afterAll(async () => km?.dispose());

describe('the widget', () => {
  it('serves widget.js under 15 KB gzipped', async () => {
    const response = await km.app.inject({ method: 'GET', url: '/w/widget.js' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/javascript/);
    expect(response.headers['cross-origin-resource-policy']).toBe('cross-origin');
    const gzipped = gzipSync(response.rawPayload, { level: 9 }).length;
    expect(gzipped).toBeLessThanOrEqual(15 * 1024);
    // Far below the budget; a big jump means something heavy was bundled in.
    expect(gzipped).toBeLessThan(4 * 1024);
  });

  it('makes a widget with its own link, checks origins, and returns the snippet', async () => {
    const bad = await org.call('POST', '/api/v1/surveys/counter/widgets', { name: 'Shop', allowedOrigins: ['https://shop.example.com', 'https://shop.example.com/path'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('allowedOrigins.1');
    for (const origin of ['ftp://shop.example.com', '*', 'shop.example.com']) {
      expect((await org.call('POST', '/api/v1/surveys/counter/widgets', { name: 'Shop', allowedOrigins: [origin] })).statusCode, origin).toBe(400);
    }
    const created = await org.call('POST', '/api/v1/surveys/counter/widgets', { name: 'Shop', allowedOrigins: ['https://shop.example.com', 'http://localhost:4206'], locale: 'hu' });
    expect(created.statusCode).toBe(201);
    const widget = created.json();
    expect(widget.snippet).toBe(`<script src="http://keymoment.test/w/widget.js" data-survey="${widget.token}" data-event="load" data-delay="5" async></script>`);
    expect(widget.locale).toBe('hu');
    const links = (await org.call('GET', '/api/v1/surveys/counter/links')).json().items;
    expect(links.find((link: { linkId: string }) => link.linkId === widget.linkId)).toMatchObject({ channel: 'widget', label: 'Widget: Shop' });
    expect((await org.call('GET', '/api/v1/surveys/counter/widgets')).json().items.map((item: { widgetId: string }) => item.widgetId)).toEqual([widget.widgetId]);
  });

  it('lets only the allowed origins frame the widget’s survey pages', async () => {
    const widget = (await org.call('POST', '/api/v1/surveys/counter/widgets', { name: 'Framed', allowedOrigins: ['https://shop.example.com', 'http://localhost:4206'] })).json();
    const page = await km.app.inject({ method: 'GET', url: `/s/${widget.token}?lang=en` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain('frame-ancestors https://shop.example.com http://localhost:4206');
    expect(page.headers['content-security-policy']).not.toContain("frame-ancestors 'none'");
    expect(page.headers['x-frame-options']).toBeUndefined();

    // The respondent's own link, started from the widget's link, is framable by the same origins.
    const own = /action="\/s\/([\w-]+)/.exec(page.body)![1]!;
    const save = await km.app.inject({ method: 'POST', url: `/s/${own}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'q.recommend=10&_action=submit' });
    expect(save.statusCode).toBe(303);
    expect(save.headers['content-security-policy'] ?? '').not.toContain("'none'");
    const thanks = await km.app.inject({ method: 'GET', url: save.headers.location as string });
    expect(thanks.headers['content-security-policy']).toContain('frame-ancestors https://shop.example.com http://localhost:4206');

    // An ordinary public link stays unframeable.
    const plain = (await org.call('POST', '/api/v1/surveys/counter/links', { label: 'Receipt' })).json();
    const plainPage = await km.app.inject({ method: 'GET', url: `/s/${plain.token}` });
    expect(plainPage.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(plainPage.headers['x-frame-options']).toBe('DENY');

    // Changing the origins applies at once; removing the widget revokes its link.
    await org.call('PATCH', `/api/v1/surveys/counter/widgets/${widget.widgetId}`, { allowedOrigins: ['https://other.example.org'] });
    const changed = await km.app.inject({ method: 'GET', url: `/s/${widget.token}` });
    expect(changed.headers['content-security-policy']).toMatch(/frame-ancestors https:\/\/other\.example\.org$/);
    await org.call('PATCH', `/api/v1/surveys/counter/widgets/${widget.widgetId}`, { allowedOrigins: [] });
    expect((await km.app.inject({ method: 'GET', url: `/s/${widget.token}` })).headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect((await org.call('DELETE', `/api/v1/surveys/counter/widgets/${widget.widgetId}`)).statusCode).toBe(204);
    expect((await km.app.inject({ method: 'GET', url: `/s/${widget.token}` })).statusCode).toBe(410);
    expect((await org.call('PATCH', `/api/v1/surveys/counter/widgets/${widget.widgetId}`, { name: 'x' })).statusCode).toBe(400);
  });
});
