import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWithMember } from '../../test/support/actors.ts';
import { HALL_JOURNEY, publishSurvey, setUpFeedbackOrg, type FeedbackOrg } from '../../test/support/feedback-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';
import { modulesOfSvg, qrMatrix } from './qr.ts';

/*
 * QR codes per location and moment: one link per (location, moment, language), reused on the next
 * request; SVG whose modules are exactly the QR matrix of the link's URL (so a scanner reads that
 * URL); a PNG with the PNG signature; the caption names the location and the moment.
 */

let km: TestKeymoment;
let org: FeedbackOrg;

beforeAll(async () => {
  km = await startTestKeymoment();
  org = await setUpFeedbackOrg(km, await createOrgWithMember(km, 'admin', 'QR Telecom'));
  await publishSurvey(org, 'counter');
});
afterAll(async () => km?.dispose());

describe('QR codes', () => {
  it('makes a QR link per location + moment + language and reuses it', async () => {
    const first = await org.call('POST', '/api/v1/surveys/counter/qr-links', { locationCode: 'T-001', journeyKey: HALL_JOURNEY, momentKey: 'counter', locale: 'zh-TW' });
    expect(first.statusCode).toBe(201);
    const link = first.json();
    expect(link).toMatchObject({ locationId: org.locations.outletA, journeyKey: HALL_JOURNEY, momentKey: 'counter', locale: 'zh-TW', reused: false });
    expect(link.url).toMatch(/^http:\/\/keymoment\.test\/s\/[\w-]{96}$/);

    const again = await org.call('POST', '/api/v1/surveys/counter/qr-links', { locationId: org.locations.outletA, momentKey: 'counter', journeyKey: HALL_JOURNEY, locale: 'zh-TW' });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ linkId: link.linkId, reused: true, url: link.url });

    const otherLocation = (await org.call('POST', '/api/v1/surveys/counter/qr-links', { locationId: org.locations.outletB, locale: 'zh-TW' })).json();
    const otherMoment = (await org.call('POST', '/api/v1/surveys/counter/qr-links', { locationId: org.locations.outletA, journeyKey: HALL_JOURNEY, momentKey: 'greeting', locale: 'zh-TW' })).json();
    const otherLocale = (await org.call('POST', '/api/v1/surveys/counter/qr-links', { locationId: org.locations.outletA, locale: 'hu' })).json();
    expect(new Set([link.linkId, otherLocation.linkId, otherMoment.linkId, otherLocale.linkId]).size).toBe(4);
    // The survey's own moment is the default, so naming nothing but the location and language reuses the first link.
    const defaulted = (await org.call('POST', '/api/v1/surveys/counter/qr-links', { locationId: org.locations.outletA, locale: 'zh-TW' })).json();
    expect(defaulted.linkId).toBe(link.linkId);

    // A revoked link is not reused.
    expect((await org.call('DELETE', `/api/v1/surveys/counter/links/${otherLocale.linkId}`)).statusCode).toBe(204);
    const fresh = await org.call('POST', '/api/v1/surveys/counter/qr-links', { locationId: org.locations.outletA, locale: 'hu' });
    expect(fresh.statusCode).toBe(201);
    expect(fresh.json().linkId).not.toBe(otherLocale.linkId);
  });

  it('refuses unknown locations and moments naming the field', async () => {
    const badLocation = await org.call('POST', '/api/v1/surveys/counter/qr-links', { locationCode: 'NOPE' });
    expect(badLocation.statusCode).toBe(400);
    expect(badLocation.json().error.field).toBe('locationCode');
    const badMoment = await org.call('POST', '/api/v1/surveys/counter/qr-links', { journeyKey: HALL_JOURNEY, momentKey: 'nowhere' });
    expect(badMoment.statusCode).toBe(400);
    expect(badMoment.json().error.field).toBe('momentKey');
    expect((await org.call('POST', '/api/v1/surveys/nothing/qr-links', {})).statusCode).toBe(404);
  });

  it('draws the link as SVG whose modules are the QR matrix of the URL, with a caption', async () => {
    const link = (await org.call('POST', '/api/v1/surveys/counter/qr-links', { locationCode: 'T-001', journeyKey: HALL_JOURNEY, momentKey: 'counter', locale: 'zh-TW' })).json();
    const response = await org.call('GET', link.svgUrl);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^image\/svg\+xml/);
    const svg = response.body;
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="512" /);
    expect(svg).toContain('>Xinyi hall</text>');
    // The moment's name in the link's language (zh-TW).
    expect(svg).toContain('>櫃檯辦理</text>');
    const expected = qrMatrix(link.url);
    const drawn = modulesOfSvg(svg);
    expect(drawn.size).toBe(expected.size);
    expect(Buffer.from(drawn.modules).equals(Buffer.from(expected.modules))).toBe(true);
    // A different URL gives a different picture (the comparison above would notice a wrong URL).
    expect(Buffer.from(qrMatrix(`${link.url}x`).modules).equals(Buffer.from(expected.modules))).toBe(false);

    const plain = (await org.call('GET', `${link.svgUrl}&caption=false&size=256&locale=en`)).body;
    expect(plain).not.toContain('<text');
    expect(plain).toContain('width="256"');
  });

  it('draws a PNG', async () => {
    const link = (await org.call('POST', '/api/v1/surveys/counter/qr-links', { locationCode: 'T-002' })).json();
    const response = await org.call('GET', `${link.pngUrl}&size=300`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/png');
    const png = response.rawPayload;
    expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
    // IHDR width = the requested size.
    expect(png.readUInt32BE(16)).toBe(300);
    expect(png.readUInt32BE(20)).toBeGreaterThan(300);
  });

  it('does not draw another survey’s link or a revoked one', async () => {
    await publishSurvey(org, 'other');
    const link = (await org.call('POST', '/api/v1/surveys/counter/qr-links', { locationCode: 'T-002' })).json();
    expect((await org.call('GET', `/api/v1/surveys/other/links/${link.linkId}/qr`)).statusCode).toBe(404);
    await org.call('DELETE', `/api/v1/surveys/counter/links/${link.linkId}`);
    expect((await org.call('GET', link.svgUrl)).statusCode).toBe(400);
  });
});
