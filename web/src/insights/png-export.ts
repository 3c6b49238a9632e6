import { saveFile } from './save-file';

export interface PngOptions {
  /**
   * Lines printed under the chart in the picture: the filters and period it shows (journey, location,
   * dates, metric…), so a chart pasted into a slide still says what it is.
   */
  context: string[];
  /** Width of the picture in CSS pixels; by default the chart's own width. A wide heatmap passes its full scroll width. */
  width?: number;
}

/** Marks a part of a chart's section that stays out of its picture (export buttons, pickers). */
export const EXPORT_IGNORE = { 'data-export-ignore': '' } as const;

/**
 * Renders a chart's section (title, chart, legend) to a PNG at twice its CSS size on white, with
 * the filters as a caption, and downloads it.
 *
 * The section is copied into an off-screen host first: the copy can be widened to show a whole
 * scrolled heatmap and can take the caption, while the page the reader looks at does not move.
 * html-to-image then inlines every computed style (Mantine's colour variables included) into an
 * SVG foreignObject and paints it on a canvas; text is laid out by the browser with its own
 * system fonts, so Chinese and Cyrillic names come out as on screen.
 */
export async function downloadPng(section: HTMLElement, fileName: string, options: PngOptions): Promise<void> {
  const { toBlob } = await import('html-to-image');
  const width = Math.ceil(Math.max(options.width ?? 0, section.getBoundingClientRect().width, 320));
  const host = document.createElement('div');
  host.setAttribute('aria-hidden', 'true');
  Object.assign(host.style, { position: 'fixed', left: '-100000px', top: '0', width: `${width}px`, background: '#ffffff', pointerEvents: 'none' });
  const copy = section.cloneNode(true) as HTMLElement;
  copy.removeAttribute('id');
  for (const element of copy.querySelectorAll('[id]')) element.removeAttribute('id');
  for (const element of copy.querySelectorAll('[data-export-ignore]')) element.remove();
  Object.assign(copy.style, { width: `${width}px`, maxWidth: 'none', margin: '0', boxSizing: 'border-box', background: '#ffffff' });
  // A section without its own padding (the heatmap) gets a margin of white, so nothing touches the edge.
  if (getComputedStyle(section).paddingLeft === '0px') copy.style.padding = '16px';
  const caption = document.createElement('p');
  caption.textContent = options.context.filter((line) => line !== '').join(' · ');
  Object.assign(caption.style, { margin: '12px 0 0', fontSize: '12px', lineHeight: '1.4', color: '#495057' });
  copy.append(caption);
  host.append(copy);
  document.body.append(host);
  try {
    const blob = await toBlob(copy, {
      pixelRatio: 2,
      backgroundColor: '#ffffff',
      // The app uses system fonts only; skipping the web-font scan saves reading every stylesheet.
      skipFonts: true,
    });
    if (!blob) throw new Error('The chart could not be drawn');
    saveFile(fileName, blob);
  } finally {
    host.remove();
  }
}
