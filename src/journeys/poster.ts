import { Resvg } from '@resvg/resvg-js';
import PDFDocument from 'pdfkit';
import { loadPosterFonts, type PosterFont, type PosterFonts } from './poster-fonts.ts';
import { layoutPoster, type PosterInput, type PosterItem, type PosterLayout } from './poster-layout.ts';

/*
 * The blueprint poster of an outlet (issue 3, item 6): the effective blueprint on one A3 landscape
 * page, in any of the five languages, as a print-ready PDF or a PNG. No browser and no system font:
 * the fonts come from npm (poster-fonts.ts), the PDF from pdfkit, the PNG from resvg.
 */

export type PosterFormat = 'pdf' | 'png';

export const POSTER_MEDIA_TYPES: Record<PosterFormat, string> = { pdf: 'application/pdf', png: 'image/png' };

/** PNG pixels per PDF point: 2 gives 2381 × 1684 px, about 144 dpi on A3. */
export const PNG_SCALE = 2;

export async function renderPoster(input: PosterInput, format: PosterFormat): Promise<{ body: Buffer; layout: PosterLayout }> {
  const fonts = await loadPosterFonts();
  const layout = layoutPoster(input, fonts);
  const body = format === 'pdf' ? await posterPdf(layout, input, fonts) : posterPng(layout);
  return { body, layout };
}

// ---------- PDF ----------

function fontsOf(fonts: PosterFonts): PosterFont[] {
  return [fonts.latin.regular, fonts.latin.bold, fonts.hans.regular, fonts.hans.bold, fonts.hant.regular, fonts.hant.bold];
}

export function posterPdf(layout: PosterLayout, input: Pick<PosterInput, 'title' | 'organisation' | 'place' | 'printedAt' | 'locale'>, fonts: PosterFonts): Promise<Buffer> {
  const doc = new PDFDocument({
    size: [layout.width, layout.height],
    margin: 0,
    autoFirstPage: true,
    lang: input.locale,
    displayTitle: true,
    info: {
      Title: `${input.title} — ${input.place}`,
      Author: input.organisation,
      Creator: 'Keymoment',
      Producer: 'Keymoment',
      CreationDate: input.printedAt,
    },
  });
  // Only the fonts the poster uses are embedded, each as the subset of glyphs it needs.
  for (const font of fontsOf(fonts)) doc.registerFont(font.id, font.data);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  for (const item of layout.items) drawPdfItem(doc, item);
  doc.end();
  return done;
}

function drawPdfItem(doc: PDFKit.PDFDocument, item: PosterItem): void {
  switch (item.kind) {
    case 'rect': {
      doc.save();
      if (item.radius) doc.roundedRect(item.x, item.y, item.w, item.h, item.radius);
      else doc.rect(item.x, item.y, item.w, item.h);
      if (item.fill && item.stroke) doc.lineWidth(item.lineWidth ?? 1).fillAndStroke(item.fill, item.stroke);
      else if (item.fill) doc.fill(item.fill);
      else if (item.stroke) doc.lineWidth(item.lineWidth ?? 1).stroke(item.stroke);
      doc.restore();
      return;
    }
    case 'circle':
      doc.save().circle(item.cx, item.cy, item.r).fill(item.fill).restore();
      return;
    case 'line':
      doc.save().moveTo(item.x1, item.y1).lineTo(item.x2, item.y2).lineWidth(item.lineWidth).stroke(item.stroke).restore();
      return;
    case 'text':
      for (const run of item.runs) {
        doc.font(run.font.id).fontSize(item.size).fillColor(item.color).text(run.text, run.x, item.y, { lineBreak: false, baseline: 'alphabetic' });
      }
      return;
  }
}

// ---------- SVG and PNG ----------

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * The poster as SVG with every glyph as an outline (defined once, then reused), so the rasteriser
 * needs no fonts of its own and draws exactly the glyphs the PDF embeds.
 */
export function posterSvg(layout: PosterLayout): string {
  const glyphs = new Map<string, string>();
  const body: string[] = [];
  for (const item of layout.items) {
    switch (item.kind) {
      case 'rect': {
        const attrs = [`x="${round(item.x)}"`, `y="${round(item.y)}"`, `width="${round(item.w)}"`, `height="${round(item.h)}"`];
        if (item.radius) attrs.push(`rx="${round(item.radius)}"`);
        attrs.push(`fill="${item.fill ?? 'none'}"`);
        if (item.stroke) attrs.push(`stroke="${item.stroke}"`, `stroke-width="${item.lineWidth ?? 1}"`);
        body.push(`<rect ${attrs.join(' ')}/>`);
        break;
      }
      case 'circle':
        body.push(`<circle cx="${round(item.cx)}" cy="${round(item.cy)}" r="${round(item.r)}" fill="${item.fill}"/>`);
        break;
      case 'line':
        body.push(`<line x1="${round(item.x1)}" y1="${round(item.y1)}" x2="${round(item.x2)}" y2="${round(item.y2)}" stroke="${item.stroke}" stroke-width="${item.lineWidth}"/>`);
        break;
      case 'text': {
        const uses: string[] = [];
        for (const run of item.runs) {
          const font = run.font.font;
          const unit = item.size / font.unitsPerEm;
          const laidOut = font.layout(run.text);
          let pen = 0;
          laidOut.glyphs.forEach((glyph, i) => {
            const position = laidOut.positions[i]!;
            const id = `${run.font.id}-${glyph.id}`;
            if (!glyphs.has(id)) glyphs.set(id, glyph.path.toSVG());
            const x = run.x + (pen + position.xOffset) * unit;
            const y = item.y - position.yOffset * unit;
            if (glyphs.get(id) !== '') uses.push(`<use href="#${id}" transform="matrix(${round(unit * 1000) / 1000} 0 0 ${-round(unit * 1000) / 1000} ${round(x)} ${round(y)})"/>`);
            pen += position.xAdvance;
          });
        }
        if (uses.length > 0) body.push(`<g fill="${item.color}">${uses.join('')}</g>`);
        break;
      }
    }
  }
  const defs = [...glyphs].filter(([, d]) => d !== '').map(([id, d]) => `<path id="${escapeAttribute(id)}" d="${d}"/>`);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}">` +
    `<defs>${defs.join('')}</defs><rect width="100%" height="100%" fill="#ffffff"/>${body.join('')}</svg>`
  );
}

export function posterPng(layout: PosterLayout, scale = PNG_SCALE): Buffer {
  const resvg = new Resvg(posterSvg(layout), {
    fitTo: { mode: 'width', value: Math.round(layout.width * scale) },
    background: '#ffffff',
    font: { loadSystemFonts: false },
  });
  return resvg.render().asPng();
}

export type { PosterInput, PosterLayout } from './poster-layout.ts';
