import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { LOCALES, type Locale } from '../platform/locales.ts';
import { auditMessages, scriptTexts, type AuditMessages } from './messages.ts';
import type { AnswerProblem, Answers, LocalisedItem, LocalisedSection } from './model.ts';

/*
 * The mystery shopper's page: plain server-rendered HTML, no UI kit, mobile first. It is itself a
 * moment of truth for the shopper, so it is small (the page plus one cached script) and accessible:
 * every point is a fieldset with a legend, answers are native radios (keyboard for free), notes have
 * labels, the focus ring is visible, contrast ≥ 4.5:1, status changes are announced. Without
 * JavaScript the form still saves and submits answers and notes; the script adds autosave, the copy
 * kept on the phone while offline, photos, and showing the evidence fields only for failed points.
 */

export const SCRIPT_PATH = '/a/assets/audit.js';
export const AUDIT_SCRIPT = readFileSync(new URL('./page-script.js', import.meta.url), 'utf8');

const CSS = `*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#f3f4f6;color:#111827;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","PingFang SC","PingFang TC","Microsoft YaHei","Microsoft JhengHei",sans-serif}
main{max-width:40rem;margin:0 auto;padding:1rem 1rem 0;background:#fff;min-height:100vh}
h1{font-size:1.375rem;line-height:1.25;margin:.25rem 0 .25rem}
h2{font-size:1.125rem;margin:1.75rem 0 .25rem;padding-top:.75rem;border-top:2px solid #e5e7eb}
.org,.intro,.due,.hint{color:#374151;margin:.25rem 0}
.org,.due,.hint{font-size:.9375rem}
.progress{margin:.75rem 0 0}
.progress progress{width:100%;height:.5rem;accent-color:#1d4ed8}
.item{margin:1rem 0 0;padding:0 0 1rem;border:0;border-bottom:1px solid #e5e7eb;min-width:0}
.item legend{padding:0;font-weight:600;font-size:1.0625rem;line-height:1.4;margin-bottom:.375rem}
.crit{display:inline-block;margin-left:.375rem;padding:0 .375rem;border-radius:4px;background:#fee2e2;color:#991b1b;font-size:.8125rem;font-weight:600;vertical-align:.1em}
.choices{display:grid;gap:6px;grid-template-columns:repeat(3,minmax(0,1fr));margin-top:.5rem}
.choices.scores{grid-template-columns:repeat(auto-fit,minmax(2.75rem,1fr))}
.pt{position:relative;display:block}
.pt input{position:absolute;inset:0;width:100%;height:100%;margin:0;opacity:0;cursor:pointer}
.pt span{display:flex;align-items:center;justify-content:center;text-align:center;min-height:48px;padding:.25rem;border:1px solid #6b7280;border-radius:6px;background:#fff;font-weight:600;line-height:1.2}
.pt input:checked+span{background:#1d4ed8;border-color:#1d4ed8;color:#fff}
.pt.no input:checked+span{background:#b91c1c;border-color:#b91c1c}
.pt.na span{font-weight:500;font-size:.9375rem}
.pt input:focus-visible+span{outline:3px solid #1d4ed8;outline-offset:2px}
.scale{font-size:.875rem;color:#374151;margin:.375rem 0 0}
.evidence{margin-top:.75rem;padding:.75rem;border-radius:6px;background:#fef2f2;border:1px solid #fecaca}
.js .evidence[hidden]{display:none}
.need{margin:0 0 .5rem;color:#991b1b;font-weight:600}
label.lbl{display:block;font-weight:600;margin:.25rem 0}
textarea{width:100%;min-height:4.5rem;font:inherit;padding:.625rem;border:1px solid #6b7280;border-radius:6px;background:#fff}
.photo-btn{display:inline-flex;align-items:center;min-height:44px;margin-top:.5rem;padding:.5rem 1rem;border:1px solid #1d4ed8;border-radius:6px;color:#1d4ed8;background:#fff;font-weight:600;cursor:pointer}
.photo-in:focus-visible+.photo-btn,textarea:focus-visible,button:focus-visible,a:focus-visible,.errors:focus{outline:3px solid #1d4ed8;outline-offset:2px}
.photos{list-style:none;display:flex;flex-wrap:wrap;gap:.5rem;padding:0;margin:.5rem 0 0}
.photos li{display:flex;flex-direction:column;align-items:center;gap:.25rem}
.photos img{width:5.5rem;height:5.5rem;object-fit:cover;border-radius:6px;border:1px solid #d1d5db;background:#f3f4f6}
.photos button{font:inherit;font-size:.875rem;min-height:36px;padding:.125rem .5rem;border:1px solid #6b7280;border-radius:6px;background:#fff;color:#111827;cursor:pointer}
.upload-status{font-size:.875rem;color:#374151;margin:.25rem 0 0;min-height:1.25rem}
.err{color:#b91c1c;font-weight:600;margin:.375rem 0 0}
.invalid .pt span{border-color:#b91c1c}
.errors{border:2px solid #b91c1c;border-radius:6px;padding:.75rem 1rem;margin:1rem 0}
.errors h2{font-size:1.0625rem;margin:0 0 .5rem;padding:0;border:0;color:#b91c1c}
.errors a{color:#b91c1c}
.offline{margin:.75rem 0 0;padding:.5rem .75rem;border-radius:6px;background:#fef3c7;color:#78350f;font-size:.9375rem}
.offline[hidden]{display:none}
.bar{position:sticky;bottom:0;margin:1.5rem -1rem 0;padding:.75rem 1rem calc(.75rem + env(safe-area-inset-bottom));background:#fff;border-top:1px solid #d1d5db;display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
.status{flex:1 1 100%;margin:0;min-height:1.25rem;font-size:.875rem;color:#374151}
button.primary,button.secondary{font:inherit;font-weight:600;min-height:48px;padding:.625rem 1.25rem;border-radius:6px;cursor:pointer}
.primary{flex:1 1 12rem;background:#1d4ed8;color:#fff;border:1px solid #1d4ed8}
.primary[disabled]{opacity:.6;cursor:progress}
.secondary{background:#fff;color:#1d4ed8;border:1px solid #1d4ed8}
.js .secondary{display:none}
footer{padding:1rem 0 1.5rem;font-size:.875rem;color:#374151}
footer ul{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem 1rem;padding:0;margin:.25rem 0 0}
footer a{color:#1d4ed8}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.msg{padding-top:3rem;text-align:center}
@media (min-width:40rem){main{margin:1.5rem auto;min-height:0;border-radius:8px;padding:2rem 2rem 0}.bar{margin:1.5rem -2rem 0;padding:.75rem 2rem;border-radius:0 0 8px 8px}}`;

const hashOf = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** Only our own inline style (by hash) and our own script; images only from us; no framing. */
export const PAGE_CSP = [
  "default-src 'none'",
  `style-src ${hashOf(CSS)}`,
  "script-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);
}

/** JSON inside a <script type="application/json"> block: `<` escaped so no text can close the block. */
function jsonForHtml(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function shell(locale: Locale, title: string, body: string, withScript: boolean): string {
  return (
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">` +
    `<title>${escapeHtml(title)}</title><style>${CSS}</style>` +
    (withScript ? `<script src="${SCRIPT_PATH}" defer></script>` : '') +
    `</head><body><main>${body}</main></body></html>`
  );
}

function languageNav(messages: AuditMessages, pagePath: string, current: Locale): string {
  const links = LOCALES.map((locale) =>
    locale === current
      ? `<li><span lang="${locale}" aria-current="true">${escapeHtml(auditMessages[locale].languageName)}</span></li>`
      : `<li><a href="${escapeHtml(`${pagePath}?lang=${encodeURIComponent(locale)}`)}" lang="${locale}" hreflang="${locale}">${escapeHtml(auditMessages[locale].languageName)}</a></li>`,
  ).join('');
  return `<footer><nav aria-label="${escapeHtml(messages.language)}"><ul>${links}</ul></nav></footer>`;
}

export type MessagePageKind = 'invalid' | 'expired' | 'closed' | 'already' | 'thank_you';

export function renderMessagePage(options: { locale: Locale; kind: MessagePageKind }): string {
  const messages = auditMessages[options.locale];
  const texts: Record<MessagePageKind, { title: string; body: string }> = {
    invalid: { title: messages.invalidTitle, body: messages.invalidBody },
    expired: { title: messages.expiredTitle, body: messages.expiredBody },
    closed: { title: messages.closedTitle, body: messages.closedBody },
    already: { title: messages.alreadyTitle, body: messages.alreadyBody },
    thank_you: { title: messages.thankYouTitle, body: messages.thankYouBody },
  };
  const { title, body } = texts[options.kind];
  return shell(options.locale, title, `<div class="msg" role="status"><h1>${escapeHtml(title)}</h1><p class="intro">${escapeHtml(body)}</p></div>`, false);
}

export interface FormPageInput {
  locale: Locale;
  token: string;
  /** The page's own path, for the language links and the form action. */
  pagePath: string;
  action: string;
  organization: string;
  location: string;
  checklistName: string;
  checklistDescription: string | null;
  dueDate: string | null;
  sections: LocalisedSection[];
  answers: Answers;
  photos: { evidenceId: string; itemKey: string }[];
  problems: AnswerProblem[];
  savedAt: Date | null;
  runId: string;
  notice?: 'saved';
}

function itemFailedLocally(item: LocalisedItem, value: unknown): boolean {
  if (value === undefined || value === 'na') return false;
  if (item.type === 'yes_no') return value === 'no';
  return typeof value === 'number' && value < (item.passScore ?? item.maxScore ?? 0);
}

function choice(name: string, id: string, value: string, label: string, checked: boolean, extraClass = ''): string {
  return (
    `<label class="pt${extraClass ? ` ${extraClass}` : ''}" for="${id}"><input type="radio" id="${id}" name="${name}" value="${escapeHtml(value)}"${checked ? ' checked' : ''}>` +
    `<span>${escapeHtml(label)}</span></label>`
  );
}

function renderItem(item: LocalisedItem, input: FormPageInput, messages: AuditMessages, photoBase: string): string {
  const answer = input.answers[item.key] ?? {};
  const problem = input.problems.find((candidate) => candidate.itemKey === item.key);
  const fieldId = `item-${item.key}`;
  const name = `v.${item.key}`;
  const value = answer.value;
  const choices: string[] = [];
  if (item.type === 'yes_no') {
    choices.push(choice(name, `${fieldId}-yes`, 'yes', messages.yes, value === 'yes'));
    choices.push(choice(name, `${fieldId}-no`, 'no', messages.no, value === 'no', 'no'));
  } else {
    for (let score = 0; score <= (item.maxScore ?? 0); score += 1) {
      choices.push(choice(name, `${fieldId}-${score}`, String(score), String(score), value === score));
    }
  }
  if (item.allowNa) choices.push(choice(name, `${fieldId}-na`, 'na', messages.na, value === 'na', 'na'));
  const photos = input.photos.filter((photo) => photo.itemKey === item.key);
  const failed = itemFailedLocally(item, value);
  const showEvidence = failed || Boolean(answer.note) || photos.length > 0 || problem !== undefined;
  const describedBy = [item.guidance ? `${fieldId}-hint` : '', item.type === 'score' ? `${fieldId}-scale` : '', problem ? `${fieldId}-err` : '']
    .filter(Boolean)
    .join(' ');
  const photoList = photos
    .map(
      (photo, i) =>
        `<li data-evidence-id="${escapeHtml(photo.evidenceId)}"><img src="${escapeHtml(`${photoBase}/${photo.evidenceId}`)}" alt="${escapeHtml(messages.photoAlt(i + 1))}" loading="lazy">` +
        `<button type="button" data-remove-photo="${escapeHtml(photo.evidenceId)}">${escapeHtml(messages.removePhoto)}</button></li>`,
    )
    .join('');
  return (
    `<fieldset class="item${problem ? ' invalid' : ''}" id="${fieldId}" data-item="${escapeHtml(item.key)}" data-type="${item.type}"` +
    ` data-pass="${item.passScore ?? ''}" data-evidence-rule="${item.evidenceOnFailure}"${describedBy ? ` aria-describedby="${describedBy}"` : ''}>` +
    `<legend>${escapeHtml(item.text)}${item.critical ? `<span class="crit">${escapeHtml(messages.critical)}</span>` : ''}</legend>` +
    (item.guidance ? `<p class="hint" id="${fieldId}-hint">${escapeHtml(item.guidance)}</p>` : '') +
    (item.type === 'score' ? `<p class="scale" id="${fieldId}-scale">${escapeHtml(messages.score(item.maxScore ?? 0))}</p>` : '') +
    `<div class="choices${item.type === 'score' ? ' scores' : ''}">${choices.join('')}</div>` +
    (problem ? `<p class="err" id="${fieldId}-err" data-field="${escapeHtml(problem.field)}">${escapeHtml(messages.problem[problem.code])}</p>` : '') +
    `<div class="evidence" data-evidence${showEvidence ? '' : ' hidden'}>` +
    (item.evidenceOnFailure !== 'none' ? `<p class="need">${escapeHtml(messages.evidence[item.evidenceOnFailure])}</p>` : '') +
    `<label class="lbl" for="${fieldId}-note">${escapeHtml(messages.note)}</label>` +
    `<textarea id="${fieldId}-note" name="n.${escapeHtml(item.key)}" maxlength="2000" rows="3">${escapeHtml(answer.note ?? '')}</textarea>` +
    `<div class="photo-field" data-photos-for="${escapeHtml(item.key)}">` +
    `<input class="photo-in vh" type="file" accept="image/*" capture="environment" id="${fieldId}-photo" data-photo-input="${escapeHtml(item.key)}" disabled>` +
    `<label class="photo-btn" for="${fieldId}-photo" hidden>${escapeHtml(messages.addPhoto)}</label>` +
    `<ul class="photos" aria-label="${escapeHtml(messages.photos)}">${photoList}</ul>` +
    `<p class="upload-status" role="status" aria-live="polite"></p>` +
    `<noscript><p class="hint">${escapeHtml(messages.photosNeedScript)}</p></noscript>` +
    `</div></div></fieldset>`
  );
}

export function renderFormPage(input: FormPageInput): string {
  const messages = auditMessages[input.locale];
  const total = input.sections.reduce((sum, section) => sum + section.items.length, 0);
  const answered = input.sections.reduce((sum, section) => sum + section.items.filter((item) => input.answers[item.key]?.value !== undefined).length, 0);
  const photoBase = `/api/v1/public/audits/${input.token}/evidence`;
  const errorSummary =
    input.problems.length > 0
      ? `<div class="errors" id="errors" tabindex="-1" role="alert"><h2>${escapeHtml(messages.errorsTitle)}</h2><ul>` +
        input.problems
          .map((problem) => {
            const text = input.sections.flatMap((section) => section.items).find((item) => item.key === problem.itemKey)?.text ?? problem.itemKey;
            return `<li><a href="#item-${escapeHtml(problem.itemKey)}">${escapeHtml(text)}: ${escapeHtml(messages.problem[problem.code])}</a></li>`;
          })
          .join('') +
        `</ul></div>`
      : '';
  const state = {
    token: input.token,
    runId: input.runId,
    api: `/api/v1/public/audits/${input.token}`,
    savedAt: input.savedAt ? input.savedAt.toISOString() : null,
    answers: input.answers,
    total,
    texts: scriptTexts(messages),
  };
  const body =
    `<p class="org">${escapeHtml(messages.at(input.location, input.organization))}</p>` +
    `<h1>${escapeHtml(input.checklistName)}</h1>` +
    (input.checklistDescription ? `<p class="intro">${escapeHtml(input.checklistDescription)}</p>` : '') +
    `<p class="intro">${escapeHtml(messages.intro)}</p>` +
    (input.dueDate ? `<p class="due">${escapeHtml(messages.dueBy(input.dueDate))}</p>` : '') +
    `<div class="progress"><label for="progress" id="progress-label">${escapeHtml(messages.progress(answered, total))}</label>` +
    `<progress id="progress" max="${total}" value="${answered}">${answered}/${total}</progress></div>` +
    `<p class="offline" id="offline" role="status" hidden>${escapeHtml(messages.offline)}</p>` +
    errorSummary +
    `<form method="post" action="${escapeHtml(input.action)}" data-audit novalidate>` +
    input.sections
      .map(
        (section) =>
          `<section aria-labelledby="m-${escapeHtml(section.momentKey)}"><h2 id="m-${escapeHtml(section.momentKey)}">${escapeHtml(section.title)}</h2>` +
          section.items.map((item) => renderItem(item, input, messages, photoBase)).join('') +
          `</section>`,
      )
      .join('') +
    `<div class="bar"><p class="status" id="save-status" role="status" aria-live="polite">${input.notice === 'saved' ? escapeHtml(messages.saved) : ''}</p>` +
    `<button type="submit" class="secondary" name="_action" value="save">${escapeHtml(messages.save)}</button>` +
    `<button type="submit" class="primary" name="_action" value="submit">${escapeHtml(messages.submit)}</button></div>` +
    `</form>` +
    `<script type="application/json" id="km-audit">${jsonForHtml(state)}</script>` +
    languageNav(messages, input.pagePath, input.locale);
  return shell(input.locale, input.checklistName, body, true);
}
