import { Resvg } from '@resvg/resvg-js';
import QRCode from 'qrcode';

/*
 * Printable QR codes for survey links: our own SVG (one path of dark modules, so it scales to any
 * print size without blur), with an optional caption under the code — the location's and the
 * moment's name — and a PNG rendered from the same SVG by resvg. Error correction level M (15 %)
 * survives a worn or slightly dirty sticker on a counter while keeping the code small.
 */

export interface QrCaption {
  /** First line, bold (the location's name). */
  title?: string | undefined;
  /** Second line (the moment's or the survey's name). */
  subtitle?: string | undefined;
}

export interface QrMatrix {
  size: number;
  /** Row-major, 1 = dark module. */
  modules: Uint8Array;
}

const QUIET_ZONE = 4;
const FONT_FAMILY = "'DejaVu Sans', Arial, 'Noto Sans CJK SC', sans-serif";
/** resvg does not fall through a family list glyph by glyph, so a line with Chinese starts with a CJK font (which has Latin too). */
const CJK_FONT_FAMILY = "'Noto Sans CJK TC', 'Noto Sans CJK SC', 'PingFang TC', 'Microsoft JhengHei', sans-serif";
const HAS_CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/;

export function qrMatrix(text: string): QrMatrix {
  const code = QRCode.create(text, { errorCorrectionLevel: 'M' });
  return { size: code.modules.size, modules: Uint8Array.from(code.modules.data) };
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);
}

/** Cuts a caption line that would not fit under the code (CJK characters count double). */
function fitLine(text: string, maxUnits: number): string {
  let units = 0;
  let out = '';
  for (const char of text) {
    units += /[\u1100-\uffff]/.test(char) ? 2 : 1;
    if (units > maxUnits) return `${out.trimEnd()}…`;
    out += char;
  }
  return out;
}

/**
 * The code as SVG: `size` px wide (the caption adds height below). Module coordinates are in a
 * viewBox of whole modules, so every module is a crisp square at any scale.
 */
export function qrSvg(text: string, options: { size?: number; caption?: QrCaption } = {}): string {
  const { size: n, modules } = qrMatrix(text);
  const side = n + QUIET_ZONE * 2;
  let path = '';
  for (let y = 0; y < n; y++) {
    let x = 0;
    while (x < n) {
      if (!modules[y * n + x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < n && modules[y * n + x]) x++;
      path += `M${start + QUIET_ZONE} ${y + QUIET_ZONE}h${x - start}v1h${start - x}z`;
    }
  }
  const lines = [options.caption?.title, options.caption?.subtitle].filter((line): line is string => Boolean(line?.trim()));
  // Caption lines in module units: the title a little larger than the subtitle.
  const lineHeight = side * 0.085;
  const captionHeight = lines.length ? lineHeight * lines.length + side * 0.06 : 0;
  const height = side + captionHeight;
  const width = options.size ?? 512;
  const maxUnits = 34;
  const captionSvg = lines
    .map((line, index) => {
      const y = side + lineHeight * (index + 0.75);
      const fontSize = index === 0 && lines.length > 1 ? lineHeight * 0.78 : lineHeight * 0.66;
      const weight = index === 0 ? ' font-weight="bold"' : '';
      return `<text x="${side / 2}" y="${y.toFixed(2)}" font-size="${fontSize.toFixed(2)}"${weight} text-anchor="middle" font-family="${HAS_CJK.test(line) ? CJK_FONT_FAMILY : FONT_FAMILY}" fill="#111827">${escapeXml(fitLine(line, maxUnits))}</text>`;
    })
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${Math.round((width * height) / side)}" viewBox="0 0 ${side} ${height.toFixed(2)}" shape-rendering="crispEdges">` +
    `<title>${escapeXml(lines.join(' – ') || text)}</title>` +
    `<rect width="100%" height="100%" fill="#ffffff"/>` +
    `<path fill="#000000" d="${path}"/>` +
    captionSvg +
    `</svg>`
  );
}

/** The same picture as PNG (`size` px wide), for printers and tools that do not take SVG. */
export function qrPng(text: string, options: { size?: number; caption?: QrCaption } = {}): Buffer {
  const svg = qrSvg(text, options);
  const rendered = new Resvg(svg, {
    fitTo: { mode: 'width', value: options.size ?? 512 },
    background: '#ffffff',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  }).render();
  return rendered.asPng();
}

/** Reads the modules back out of an SVG made by qrSvg (tests, and a self-check). */
export function modulesOfSvg(svg: string): QrMatrix {
  const viewBox = /viewBox="0 0 (\d+) /.exec(svg);
  const d = /<path fill="#000000" d="([^"]*)"/.exec(svg);
  if (!viewBox || !d) throw new Error('not a Keymoment QR SVG');
  const n = Number(viewBox[1]) - QUIET_ZONE * 2;
  const modules = new Uint8Array(n * n);
  for (const match of d[1]!.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    const x = Number(match[1]) - QUIET_ZONE;
    const y = Number(match[2]) - QUIET_ZONE;
    for (let i = 0; i < Number(match[3]); i++) modules[y * n + x + i] = 1;
  }
  return { size: n, modules };
}
