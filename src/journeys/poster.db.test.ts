import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSignedInMember, createOrgWithMember, type TestMember } from '../../test/support/actors.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';
import type { Locale } from '../platform/locales.ts';
import type { LocalisedMoment, StageKind } from './model.ts';
import { loadPosterFonts } from './poster-fonts.ts';
import { A3_LANDSCAPE, layoutPoster, type PosterBox } from './poster-layout.ts';
import { PNG_SCALE } from './poster.ts';

/*
 * The poster route end to end: the PDF is rasterised with poppler's pdftoppm (Debian's
 * poppler-utils; tests only, the product never needs it) and the PNG is decoded here, and both
 * must show ink inside every moment's card.
 */

let km: TestKeymoment;
let admin: TestMember;
let outletId: string;
let otherOutletId: string;
const KEY = 'hall';

type Method = 'GET' | 'POST' | 'PUT';
function call(who: TestMember, method: Method, url: string, payload?: unknown) {
  return km.app.inject({ method, url, headers: who.headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
}

beforeAll(async () => {
  km = await startTestKeymoment();
  admin = await createOrgWithMember(km, 'admin', 'Poster Telecom');
  const created = await call(admin, 'POST', '/api/v1/journeys/from-template', { templateKey: 'telecom-service-hall', key: KEY, publish: true });
  expect(created.statusCode, created.body).toBe(201);
  const location = async (name: string, level: string, parentId?: string, code?: string) => {
    const response = await call(admin, 'POST', '/api/v1/locations', { name, level, ...(parentId ? { parentId } : {}), ...(code ? { code } : {}) });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().locationId as string;
  };
  const region = await location('华东区', 'region');
  outletId = await location('浦东营业厅', 'outlet', region, 'PD-01');
  otherOutletId = await location('Буда', 'outlet');
  const override = await call(admin, 'PUT', `/api/v1/journeys/${KEY}/overrides/${outletId}`, {
    addedMoments: [
      {
        key: 'umbrella',
        name: { en: 'Lend an umbrella', 'zh-CN': '爱心伞借用', ru: 'Зонт на время дождя' },
        stageKey: 'leaving',
        actionGuide: [{ title: { en: 'Offer an umbrella when it rains', 'zh-CN': '雨天主动提供爱心伞', ru: 'Предложить зонт в дождь' } }],
      },
    ],
    benchmarkAdjustments: [],
  });
  expect(override.statusCode, override.body).toBe(200);
});
afterAll(async () => km?.dispose());

/** The card boxes of the poster the route drew, recomputed from the same effective blueprint. */
async function cardBoxes(locale: Locale, locationId: string): Promise<(PosterBox & { momentKey: string })[]> {
  const effective = (await call(admin, 'GET', `/api/v1/journeys/${KEY}/effective/${locationId}?locale=${locale}`)).json() as {
    version: number;
    stages: { key: string; kind: StageKind; displayName: string }[];
    moments: LocalisedMoment[];
  };
  const layout = layoutPoster(
    {
      locale,
      organisation: '',
      title: '',
      place: '',
      version: effective.version,
      printedAt: new Date(),
      stages: effective.stages.map((stage) => ({ key: stage.key, kind: stage.kind, name: stage.displayName })),
      moments: effective.moments,
    },
    await loadPosterFonts(),
  );
  return layout.cards;
}

interface Raster {
  width: number;
  height: number;
  /** 0–255 grey level of a pixel. */
  grey: (x: number, y: number) => number;
}

/** Binary PPM (P6), as pdftoppm writes it. */
function readPpm(data: Buffer): Raster {
  const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(data.subarray(0, 50).toString('latin1'));
  if (!header) throw new Error('not a binary PPM');
  const [, w, h] = header.map(Number) as [number, number, number];
  const offset = header[0].length;
  return { width: w, height: h, grey: (x, y) => { const i = offset + (y * w + x) * 3; return (data[i]! + data[i + 1]! + data[i + 2]!) / 3; } };
}

/** An 8-bit, non-interlaced RGB or RGBA PNG (what resvg writes). */
function readPng(data: Buffer): Raster {
  expect(data.subarray(1, 4).toString('latin1')).toBe('PNG');
  let offset = 8;
  let width = 0;
  let height = 0;
  let colorType = 0;
  const idat: Buffer[] = [];
  while (offset < data.length) {
    const length = data.readUInt32BE(offset);
    const type = data.subarray(offset + 4, offset + 8).toString('latin1');
    const chunk = data.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = chunk.readUInt32BE(0);
      height = chunk.readUInt32BE(4);
      expect(chunk[8]).toBe(8);
      colorType = chunk[9]!;
    } else if (type === 'IDAT') idat.push(chunk);
    offset += 12 + length;
  }
  const channels = colorType === 6 ? 4 : colorType === 2 ? 3 : 0;
  expect(channels).toBeGreaterThan(0);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x]!;
      const left = x >= channels ? pixels[y * stride + x - channels]! : 0;
      const up = y > 0 ? pixels[(y - 1) * stride + x]! : 0;
      const upLeft = y > 0 && x >= channels ? pixels[(y - 1) * stride + x - channels]! : 0;
      let predictor = 0;
      if (filter === 1) predictor = left;
      else if (filter === 2) predictor = up;
      else if (filter === 3) predictor = (left + up) >> 1;
      else if (filter === 4) {
        const p = left + up - upLeft;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        predictor = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      }
      pixels[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  return { width, height, grey: (x, y) => { const i = y * stride + x * channels; return (pixels[i]! + pixels[i + 1]! + pixels[i + 2]!) / 3; } };
}

/** Share of dark pixels inside the text area of a card (below its frame, inside its padding). */
function inkIn(raster: Raster, box: PosterBox, pixelsPerPoint: number): number {
  const x0 = Math.ceil((box.x + 10) * pixelsPerPoint);
  const x1 = Math.floor((box.x + box.w - 10) * pixelsPerPoint);
  const y0 = Math.ceil((box.y + 10) * pixelsPerPoint);
  const y1 = Math.floor((box.y + box.h - 10) * pixelsPerPoint);
  let dark = 0;
  let all = 0;
  for (let y = y0; y < y1; y += 1) {
    for (let x = x0; x < x1; x += 1) {
      all++;
      if (raster.grey(x, y) < 160) dark++;
    }
  }
  return dark / all;
}

// Developers without poppler-utils skip the rasterising check; CI installs it, so there it must run.
const HAS_PDFTOPPM = existsSync('/usr/bin/pdftoppm') || process.env.CI === 'true';

describe('the blueprint poster', () => {
  it.skipIf(!HAS_PDFTOPPM)('prints the effective blueprint of an outlet as an A3 landscape PDF that renders in Chinese and Russian', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'keymoment-poster-'));
    try {
      for (const locale of ['zh-CN', 'ru'] as const) {
        const response = await call(admin, 'GET', `/api/v1/journeys/${KEY}/poster?location=${outletId}&locale=${locale}&format=pdf`);
        expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
        expect(response.headers['content-type']).toBe('application/pdf');
        expect(response.headers['content-disposition']).toBe(`attachment; filename="${KEY}-pd-01-v1-${locale}.pdf"`);
        const pdf = response.rawPayload;
        expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
        const file = path.join(dir, `${locale}.pdf`);
        writeFileSync(file, pdf);

        // One page, A3 landscape, with the fonts embedded (so it prints the same anywhere).
        const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
        expect(info).toMatch(/Pages:\s+1\b/);
        expect(info).toMatch(/Page size:\s+1190\.55 x 841\.89 pts/);
        const fontsUsed = execFileSync('pdffonts', [file], { encoding: 'utf8' });
        expect(fontsUsed).toContain(locale === 'zh-CN' ? 'NotoSansHans' : 'NotoSans-');
        for (const line of fontsUsed.split('\n').slice(2).filter(Boolean)) expect(line, line).toMatch(/\byes\s+yes\s+yes\b/);

        // Rasterised, every moment's card carries text.
        const dpi = 50;
        execFileSync('pdftoppm', ['-r', String(dpi), '-f', '1', '-l', '1', '-singlefile', file, path.join(dir, locale)]);
        const raster = readPpm(readFileSync(path.join(dir, `${locale}.ppm`)));
        expect(raster.width).toBe(Math.round((A3_LANDSCAPE.width * dpi) / 72));
        const cards = await cardBoxes(locale, outletId);
        expect(cards.map((card) => card.momentKey)).toContain('umbrella');
        for (const card of cards) expect(inkIn(raster, card, dpi / 72), `${locale} ${card.momentKey}`).toBeGreaterThan(0.01);

        // The text is real text: the moment names can be extracted in the language asked for.
        const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
        expect(text).toContain(locale === 'zh-CN' ? '柜台业务办理结果' : 'Покупкателефона');
        expect(text).toContain(locale === 'zh-CN' ? '爱心伞借用' : 'Зонтнавремядождя');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('draws the same poster as a PNG', async () => {
    const response = await call(admin, 'GET', `/api/v1/journeys/${KEY}/poster?location=${outletId}&locale=zh-TW&format=png`);
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    expect(response.headers['content-type']).toBe('image/png');
    const raster = readPng(response.rawPayload);
    expect(raster.width).toBe(Math.round(A3_LANDSCAPE.width * PNG_SCALE));
    for (const card of await cardBoxes('zh-TW', outletId)) expect(inkIn(raster, card, PNG_SCALE), card.momentKey).toBeGreaterThan(0.01);
  });

  it('prints the central blueprint without a location, in the language of Accept-Language', async () => {
    const response = await km.app.inject({
      method: 'GET',
      url: `/api/v1/journeys/${KEY}/poster`,
      headers: { ...admin.headers, 'accept-language': 'hu-HU,hu;q=0.9' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toBe(`attachment; filename="${KEY}-central-v1-hu.pdf"`);
  });

  it('answers clearly when there is nothing to print or the request is wrong', async () => {
    const draftOnly = await call(admin, 'POST', '/api/v1/journeys/from-template', { templateKey: 'hotel-stay', key: 'hotel' });
    expect(draftOnly.statusCode).toBe(201);
    const unpublished = await call(admin, 'GET', '/api/v1/journeys/hotel/poster');
    expect(unpublished.statusCode).toBe(409);
    expect(unpublished.json().error.message).toContain('no published version');

    const badFormat = await call(admin, 'GET', `/api/v1/journeys/${KEY}/poster?format=svg`);
    expect(badFormat.statusCode).toBe(400);
    expect(badFormat.json().error.field).toBe('format');
    expect((await call(admin, 'GET', `/api/v1/journeys/${KEY}/poster?locale=de`)).statusCode).toBe(400);
    expect((await call(admin, 'GET', `/api/v1/journeys/nope/poster`)).statusCode).toBe(404);
    expect((await call(admin, 'GET', `/api/v1/journeys/${KEY}/poster?location=00000000-0000-7000-8000-000000000000`)).statusCode).toBe(404);
    expect((await call(admin, 'GET', `/api/v1/journeys/${KEY}/poster?version=9`)).statusCode).toBe(404);
  });

  it('lets an outlet manager print their own outlet only', async () => {
    const manager = await addSignedInMember(km, admin.orgId, 'outlet_manager', outletId);
    const own = await call(manager, 'GET', `/api/v1/journeys/${KEY}/poster?location=${outletId}&format=png&locale=en`);
    expect(own.statusCode).toBe(200);
    const other = await call(manager, 'GET', `/api/v1/journeys/${KEY}/poster?location=${otherOutletId}`);
    expect(other.statusCode).toBe(404);
    const stranger = await createOrgWithMember(km, 'admin', 'Elsewhere');
    expect((await call(stranger, 'GET', `/api/v1/journeys/${KEY}/poster`)).statusCode).toBe(404);
  });

  it('is described in the OpenAPI document', async () => {
    const document = (await km.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    const operation = document.paths['/api/v1/journeys/{key}/poster'].get;
    expect(Object.keys(operation.responses['200'].content)).toEqual(['application/pdf', 'image/png']);
    expect(operation.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['location', 'locale', 'format', 'version']));
  });
});
