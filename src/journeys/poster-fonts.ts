import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as fontkit from 'fontkit';
import type { Locale } from '../platform/locales.ts';

/*
 * The fonts of the blueprint poster. They ship through npm (SIL Open Font License 1.1), so a poster
 * renders the same on any machine without system fonts:
 *   - Noto Sans (Latin, Latin Extended for Hungarian ő/ű, Cyrillic) — @embedpdf/fonts-latin
 *   - Noto Sans CJK SC "Hans" (≈30,800 characters: Simplified and most Traditional) — @embedpdf/fonts-sc
 *   - Noto Sans CJK TC "Hant" (Traditional forms) — @embedpdf/fonts-tc
 * Each character is set in the first font of the language's chain that has a glyph for it.
 */

export type FontWeight = 'regular' | 'bold';

export interface PosterFont {
  /** Stable name, e.g. `latin-bold`; used to register the font in the PDF. */
  id: string;
  /** The font file as it is on disk (the PDF embeds a subset of it). */
  data: Buffer;
  font: fontkit.Font;
}

export interface PosterFonts {
  latin: Record<FontWeight, PosterFont>;
  hans: Record<FontWeight, PosterFont>;
  hant: Record<FontWeight, PosterFont>;
}

const require = createRequire(import.meta.url);

function fontDir(packageName: string): string {
  // The packages export only their index; the font files sit in `fonts/` beside `dist/`.
  return path.join(path.dirname(require.resolve(packageName)), '..', 'fonts');
}

const FILES: Record<keyof PosterFonts, { pkg: string; regular: string; bold: string }> = {
  latin: { pkg: '@embedpdf/fonts-latin', regular: 'NotoSans-Regular.ttf', bold: 'NotoSans-Bold.ttf' },
  hans: { pkg: '@embedpdf/fonts-sc', regular: 'NotoSansHans-Regular.otf', bold: 'NotoSansHans-Bold.otf' },
  hant: { pkg: '@embedpdf/fonts-tc', regular: 'NotoSansHant-Regular.otf', bold: 'NotoSansHant-Bold.otf' },
};

async function openFont(id: string, file: string): Promise<PosterFont> {
  const data = await readFile(file);
  const opened = fontkit.create(data);
  if (!('layout' in opened)) throw new Error(`${file} is a font collection, not a single font`);
  return { id, data, font: opened };
}

async function loadAll(): Promise<PosterFonts> {
  const entries = await Promise.all(
    (Object.keys(FILES) as (keyof PosterFonts)[]).map(async (family) => {
      const { pkg, regular, bold } = FILES[family];
      const dir = fontDir(pkg);
      const [r, b] = await Promise.all([openFont(`${family}-regular`, path.join(dir, regular)), openFont(`${family}-bold`, path.join(dir, bold))]);
      return [family, { regular: r, bold: b }] as const;
    }),
  );
  return Object.fromEntries(entries) as unknown as PosterFonts;
}

// The font files are part of the installation and never change while the process runs, so every
// server node holds the same copy (the same reasoning as the template cache).
let loaded: Promise<PosterFonts> | undefined;

export function loadPosterFonts(): Promise<PosterFonts> {
  loaded ??= loadAll().catch((error: unknown) => {
    loaded = undefined;
    throw error;
  });
  return loaded;
}

/** The fonts to try for each character, in order, for text in `locale`. */
export function fontChain(fonts: PosterFonts, locale: Locale, weight: FontWeight): PosterFont[] {
  // Traditional Chinese readers get the Traditional glyph forms first; everyone else the Simplified.
  const cjk = locale === 'zh-TW' ? [fonts.hant[weight], fonts.hans[weight]] : [fonts.hans[weight], fonts.hant[weight]];
  return [fonts.latin[weight], ...cjk];
}

/** True when some font of the chain can draw the character. */
export function chainCovers(chain: PosterFont[], codePoint: number): boolean {
  return chain.some((candidate) => candidate.font.hasGlyphForCodePoint(codePoint));
}

export interface FontRun {
  font: PosterFont;
  text: string;
}

const ZERO_WIDTH_OR_SPACE = /\s|\u200b|\u200c|\u200d|\ufe0f/u;

/**
 * Splits a text into runs set in one font each: every character goes to the first font of the
 * chain that has it (spaces stay with the run they are in). Characters no font has go to the
 * chain's first font, which draws its "missing glyph" box: callers check coverage with chainCovers.
 */
export function splitRuns(text: string, chain: PosterFont[]): FontRun[] {
  const runs: FontRun[] = [];
  const first = chain[0];
  if (!first) throw new Error('a font chain needs at least one font');
  for (const char of text) {
    const codePoint = char.codePointAt(0)!;
    const current = runs[runs.length - 1];
    let font: PosterFont;
    if (current && ZERO_WIDTH_OR_SPACE.test(char)) font = current.font;
    else font = chain.find((candidate) => candidate.font.hasGlyphForCodePoint(codePoint)) ?? first;
    if (current && current.font === font) current.text += char;
    else runs.push({ font, text: char });
  }
  return runs;
}
