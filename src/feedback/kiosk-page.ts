import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Locale } from '../platform/locales.ts';
import { kioskMessages } from './kiosk-messages.ts';
import { KIOSK_QUESTION_TYPES } from './kiosk.ts';
import type { LocalisedSurvey } from './model.ts';
import { escapeHtml } from './page.ts';

/*
 * The kiosk page (`/k/<device token>`): one question per screen with very large touch targets, five
 * faces for CSAT-type scales, a thank-you screen, and a return to the start after the device's
 * inactivity time. The survey arrives as JSON in the page (a non-executed script element) and is
 * drawn by kiosk-script.js; everything the customer reads is in the device's language.
 */

export const KIOSK_SCRIPT_PATH = '/k/assets/kiosk.js';
export const KIOSK_SCRIPT = readFileSync(new URL('./kiosk-script.js', import.meta.url), 'utf8');

const CSS = `*{box-sizing:border-box}
html,body{margin:0;height:100%}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","PingFang TC","Microsoft JhengHei",sans-serif;background:#fff;color:#111827;font-size:1.375rem;line-height:1.4}
main{min-height:100%;display:flex;flex-direction:column;padding:1.5rem;max-width:64rem;margin:0 auto}
h1{font-size:1.25rem;color:#374151;font-weight:600;margin:0 0 1rem}
h2{font-size:2rem;margin:0 0 1.5rem;line-height:1.25}
.screen{flex:1;display:flex;flex-direction:column;justify-content:center}
.faces{display:grid;grid-template-columns:repeat(5,minmax(0,1fr));gap:1rem}
.scale{display:grid;grid-template-columns:repeat(auto-fit,minmax(4.5rem,1fr));gap:.75rem}
.choices{display:grid;gap:.75rem}
button{font:inherit;color:#111827;background:#f3f4f6;border:2px solid #6b7280;border-radius:1rem;min-height:5rem;padding:.75rem 1rem;cursor:pointer;touch-action:manipulation}
button:focus-visible{outline:4px solid #1d4ed8;outline-offset:3px}
button[aria-pressed=true]{background:#dbeafe;border-color:#1d4ed8}
.face{display:flex;flex-direction:column;align-items:center;gap:.5rem;background:#fff;font-size:1rem;min-height:10rem}
.face svg{width:100%;max-width:7.5rem;height:auto}
.ends{display:flex;justify-content:space-between;color:#374151;font-size:1.125rem;margin-top:.75rem}
.actions{display:flex;gap:1rem;margin-top:1.5rem;flex-wrap:wrap}
.primary{background:#1d4ed8;border-color:#1d4ed8;color:#fff;flex:1 1 12rem}
textarea{font:inherit;width:100%;min-height:9rem;border:2px solid #6b7280;border-radius:1rem;padding:1rem}
textarea:focus-visible{outline:4px solid #1d4ed8;outline-offset:3px}
.thanks{text-align:center}
.thanks h2{font-size:3rem}
.status{min-height:1.75rem;color:#374151;font-size:1rem;margin:1rem 0 0}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:40rem){.faces{gap:.5rem}.face{min-height:7rem;font-size:.875rem}h2{font-size:1.5rem}}`;

const hashOf = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

export const KIOSK_CSP = [
  "default-src 'none'",
  `style-src ${hashOf(CSS)}`,
  "script-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "form-action 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface KioskPageInput {
  locale: Locale;
  token: string;
  organization: string;
  deviceName: string;
  version: number;
  resetSeconds: number;
  survey: LocalisedSurvey;
}

/** What the script gets: the questions a kiosk can ask, the device's words, the upload address. */
function configOf(input: KioskPageInput) {
  const messages = kioskMessages[input.locale];
  return {
    locale: input.locale,
    version: input.version,
    resetSeconds: input.resetSeconds,
    uploadUrl: `/api/v1/public/kiosk/${input.token}/responses`,
    storageKey: `km-kiosk:${createHash('sha256').update(input.token).digest('hex').slice(0, 16)}`,
    thankYou: input.survey.thankYou ?? messages.thankYouBody,
    words: messages,
    questions: input.survey.questions
      .filter((question) => (KIOSK_QUESTION_TYPES as readonly string[]).includes(question.type))
      .map((question) => ({
        id: question.id,
        type: question.type,
        title: question.title,
        help: question.help,
        required: question.required,
        showIf: question.showIf,
        scale: question.scale,
        options: question.options?.map((option) => ({ id: option.id, label: option.label })) ?? null,
        maxSelected: question.maxSelected,
        maxLength: question.maxLength,
      })),
  };
}

/** JSON inside <script type="application/json">: `<` escaped so no text can close the element. */
function jsonForHtml(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function shell(locale: Locale, title: string, body: string): string {
  return (
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8">` +
    '<meta name="viewport" content="width=device-width,initial-scale=1">' +
    '<meta name="robots" content="noindex">' +
    '<link rel="icon" href="data:,">' +
    `<title>${escapeHtml(title)}</title><style>${CSS}</style></head><body>${body}</body></html>`
  );
}

export function renderKioskPage(input: KioskPageInput): string {
  const body =
    `<main><h1>${escapeHtml(input.survey.title)}</h1>` +
    `<div id="km-kiosk" class="screen" aria-live="polite"><noscript>${escapeHtml(input.organization)}</noscript></div>` +
    `<p id="km-status" class="status" role="status"></p></main>` +
    `<script type="application/json" id="km-config">${jsonForHtml(configOf(input))}</script>` +
    `<script src="${KIOSK_SCRIPT_PATH}" defer></script>`;
  return shell(input.locale, input.survey.title, body);
}

export function renderKioskInactivePage(locale: Locale): string {
  const messages = kioskMessages[locale];
  return shell(locale, messages.inactiveTitle, `<main><div class="screen thanks"><h2>${escapeHtml(messages.inactiveTitle)}</h2><p>${escapeHtml(messages.inactiveBody)}</p></div></main>`);
}
