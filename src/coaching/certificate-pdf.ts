import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import type { Locale } from '../platform/locales.ts';
import { LEARNING_TEXTS } from './learning-texts.ts';

/*
 * The PDF certificate, in the staff member's language. Fonts are the Noto files the journeys poster
 * embeds (npm packages @embedpdf/fonts-*): Noto Sans covers Latin and Cyrillic, the CJK faces cover
 * Chinese and Latin, so one face per language draws every character of the certificate.
 */

const require = createRequire(import.meta.url);

const FONT_FILES: Record<'latin' | 'hans' | 'hant', { pkg: string; regular: string; bold: string }> = {
  latin: { pkg: '@embedpdf/fonts-latin', regular: 'NotoSans-Regular.ttf', bold: 'NotoSans-Bold.ttf' },
  hans: { pkg: '@embedpdf/fonts-sc', regular: 'NotoSansHans-Regular.otf', bold: 'NotoSansHans-Bold.otf' },
  hant: { pkg: '@embedpdf/fonts-tc', regular: 'NotoSansHant-Regular.otf', bold: 'NotoSansHant-Bold.otf' },
};

async function fontsFor(locale: Locale): Promise<{ regular: Buffer; bold: Buffer }> {
  const family = locale === 'zh-CN' ? 'hans' : locale === 'zh-TW' ? 'hant' : 'latin';
  const files = FONT_FILES[family];
  // The packages export only their index; the font files sit in `fonts/` beside `dist/`.
  const dir = path.join(path.dirname(require.resolve(files.pkg)), '..', 'fonts');
  const [regular, bold] = await Promise.all([readFile(path.join(dir, files.regular)), readFile(path.join(dir, files.bold))]);
  return { regular, bold };
}

export interface CertificateInput {
  locale: Locale;
  organisation: string;
  staffName: string;
  journeyName: string;
  journeyVersion: number;
  scorePercent: number;
  issuedAt: Date;
  expiresAt: Date;
}

export async function certificatePdf(input: CertificateInput): Promise<Buffer> {
  const texts = LEARNING_TEXTS[input.locale].certificate;
  const fonts = await fontsFor(input.locale);
  const date = new Intl.DateTimeFormat(input.locale, { dateStyle: 'long', timeZone: 'UTC' });
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 56,
    lang: input.locale,
    displayTitle: true,
    info: { Title: `${texts.title} — ${input.staffName}`, Author: input.organisation, Creator: 'Keymoment', Producer: 'Keymoment', CreationDate: input.issuedAt },
  });
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 112;
  doc.rect(28, 28, doc.page.width - 56, doc.page.height - 56).lineWidth(2).stroke('#1c7ed6');
  doc.font('regular').fontSize(14).fillColor('#495057').text(input.organisation, 56, 80, { width, align: 'center' });
  doc.font('bold').fontSize(40).fillColor('#1c7ed6').text(texts.title, { width, align: 'center' });
  doc.moveDown(0.5).font('regular').fontSize(16).fillColor('#495057').text(texts.awardedTo, { width, align: 'center' });
  doc.font('bold').fontSize(30).fillColor('#212529').text(input.staffName, { width, align: 'center' });
  doc.moveDown(0.5).font('regular').fontSize(16).fillColor('#495057').text(texts.forJourney, { width, align: 'center' });
  doc.font('bold').fontSize(22).fillColor('#212529').text(`${input.journeyName} (v${input.journeyVersion})`, { width, align: 'center' });
  doc.moveDown(1.5).font('regular').fontSize(14).fillColor('#495057');
  doc.text(`${texts.score}: ${new Intl.NumberFormat(input.locale, { maximumFractionDigits: 1 }).format(input.scorePercent)} %`, { width, align: 'center' });
  doc.text(`${texts.issued}: ${date.format(input.issuedAt)}    ${texts.validUntil}: ${date.format(input.expiresAt)}`, { width, align: 'center' });
  doc.end();
  return done;
}
