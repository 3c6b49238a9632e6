import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { LOCALES, type Locale } from '../platform/locales.ts';
import { describeAnswerProblem, surveyMessages, type SurveyMessages } from './messages.ts';
import { formFieldName, type AnswerProblem, type Answers, type LocalisedQuestion, type LocalisedSurvey, type ServqualAnswer } from './model.ts';

/*
 * The public survey page: plain server-rendered HTML, no UI kit. It is itself a moment of truth, so it
 * is small (one request for the page, one cached script), mobile-first, and accessible: real labels,
 * a fieldset and legend for every scale and choice, native radios and checkboxes (keyboard for free),
 * a visible focus ring, text contrast ≥ 4.5:1. Without JavaScript the form still posts and saves;
 * the script only adds show-if and autosave.
 */

export const SCRIPT_PATH = '/s/assets/survey.js';
export const SURVEY_SCRIPT = readFileSync(new URL('./page-script.js', import.meta.url), 'utf8');

const CSS = `*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#f3f4f6;color:#111827;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","PingFang TC","PingFang SC","Microsoft JhengHei","Microsoft YaHei",sans-serif}
main{max-width:40rem;margin:0 auto;padding:1rem;background:#fff;min-height:100vh}
h1{font-size:1.5rem;line-height:1.25;margin:.25rem 0 .75rem}
.org{margin:0;color:#374151;font-size:.875rem}
.intro,.help,.hint{color:#374151}
.help,.hint{margin:.25rem 0 .5rem;font-size:.9375rem}
.q{margin:1.5rem 0;padding:0;border:0}
.q[hidden]{display:none}
fieldset{margin:0;padding:0;border:0;min-width:0}
legend,.label{display:block;padding:0;font-weight:600;font-size:1.0625rem;margin-bottom:.5rem}
.req{font-weight:400;color:#374151;font-size:.875rem}
.grid{display:grid;gap:4px}
.c5{grid-template-columns:repeat(5,minmax(0,1fr))}
.c7{grid-template-columns:repeat(7,minmax(0,1fr))}
.c11{grid-template-columns:repeat(11,minmax(0,1fr))}
.pt{position:relative;display:block}
.pt input{position:absolute;inset:0;width:100%;height:100%;margin:0;opacity:0;cursor:pointer}
.pt span{display:flex;align-items:center;justify-content:center;min-height:44px;border:1px solid #6b7280;border-radius:6px;background:#fff;font-weight:600}
.pt input:checked+span{background:#1d4ed8;border-color:#1d4ed8;color:#fff}
.pt input:focus-visible+span{outline:3px solid #1d4ed8;outline-offset:2px}
.pt input:disabled+span{opacity:.5}
.ends{display:flex;justify-content:space-between;gap:1rem;font-size:.875rem;color:#374151;margin-top:.25rem}
.ends span:last-child{text-align:right}
.opt{display:flex;align-items:flex-start;gap:.75rem;padding:.625rem .75rem;border:1px solid #6b7280;border-radius:6px;margin-bottom:.5rem;cursor:pointer}
.opt input{width:1.25rem;height:1.25rem;margin:.125rem 0 0;flex:none;accent-color:#1d4ed8}
.opt:has(input:checked){border-color:#1d4ed8;box-shadow:inset 0 0 0 1px #1d4ed8}
.opt:has(input:focus-visible),textarea:focus-visible,input[type=text]:focus-visible,button:focus-visible,a:focus-visible,.errors:focus{outline:3px solid #1d4ed8;outline-offset:2px}
textarea,input[type=text]{width:100%;font:inherit;padding:.625rem;border:1px solid #6b7280;border-radius:6px}
.part{margin:.75rem 0 0;font-size:1rem}
.stmt{margin:.75rem 0 1.25rem}
.part+.ends,legend+.help+.ends,legend+.ends{margin:0 0 .25rem}
.stmt legend{font-weight:400}
.err{color:#b91c1c;font-weight:600;margin:.375rem 0 0}
.invalid .pt span,.invalid .opt,.invalid textarea{border-color:#b91c1c}
.errors{border:2px solid #b91c1c;border-radius:6px;padding:.75rem 1rem;margin:1rem 0}
.errors h2{font-size:1.0625rem;margin:0 0 .5rem;color:#b91c1c}
.errors a{color:#b91c1c}
.notice{border:2px solid #15803d;border-radius:6px;padding:.75rem 1rem;margin:1rem 0;color:#14532d}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;margin:2rem 0 .5rem}
button{font:inherit;font-weight:600;min-height:48px;padding:.625rem 1.25rem;border-radius:6px;cursor:pointer}
.primary{background:#1d4ed8;color:#fff;border:1px solid #1d4ed8;flex:1 1 12rem}
.secondary{background:#fff;color:#1d4ed8;border:1px solid #1d4ed8}
.js .secondary{display:none}
.status{min-height:1.5rem;color:#374151;font-size:.875rem;margin:0}
footer{margin-top:2rem;border-top:1px solid #d1d5db;padding-top:1rem;font-size:.875rem;color:#374151}
footer ul{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem 1rem;padding:0;margin:.25rem 0 0}
footer a{color:#1d4ed8}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:21rem){.c11{grid-template-columns:repeat(6,minmax(0,1fr))}}
@media (min-width:40rem){main{margin:1.5rem auto;min-height:0;border-radius:8px;padding:2rem}}`;

/** Without JavaScript nothing can un-hide a question, so every question stays visible. */
const NOSCRIPT_CSS = '.q[hidden]{display:block}';

const hashOf = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** Only our own inline styles (by hash) and our own script; no framing, no foreign form targets. */
export const PAGE_CSP = [
  "default-src 'none'",
  `style-src ${hashOf(CSS)} ${hashOf(NOSCRIPT_CSS)}`,
  "script-src 'self'",
  "connect-src 'self'",
  // data: only for the empty favicon, which saves the browser a request that would 404.
  "img-src 'self' data:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);
}

export interface LanguageLink {
  locale: Locale;
  href: string;
}

function shell(locale: Locale, title: string, body: string, withScript: boolean): string {
  return (
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><link rel="icon" href="data:,">` +
    `<title>${escapeHtml(title)}</title><style>${CSS}</style><noscript><style>${NOSCRIPT_CSS}</style></noscript>` +
    (withScript ? `<script src="${SCRIPT_PATH}" defer></script>` : '') +
    `</head><body><main>${body}</main></body></html>`
  );
}

function footer(messages: SurveyMessages, organization: string | undefined, languages: LanguageLink[], current: Locale): string {
  const links = languages
    .map(({ locale, href }) =>
      locale === current
        ? `<li><span lang="${locale}" aria-current="true">${escapeHtml(surveyMessages[locale].languageName)}</span></li>`
        : `<li><a href="${escapeHtml(href)}" lang="${locale}" hreflang="${locale}">${escapeHtml(surveyMessages[locale].languageName)}</a></li>`,
    )
    .join('');
  return (
    `<footer>${organization ? `<p>${escapeHtml(messages.answersGoTo(organization))}</p>` : ''}` +
    (languages.length > 0 ? `<nav aria-label="${escapeHtml(messages.language)}"><ul>${links}</ul></nav>` : '') +
    `</footer>`
  );
}

// ---------- questions ----------

function answerText(value: unknown): string | undefined {
  if (value === true) return 'yes';
  if (value === false) return 'no';
  return typeof value === 'number' || typeof value === 'string' ? String(value) : undefined;
}

function errorOf(id: string, problems: AnswerProblem[], locale: Locale): { html: string; describedBy: string } {
  const problem = problems[0];
  if (!problem) return { html: '', describedBy: '' };
  return { html: `<p class="err" id="q-${id}-err">${escapeHtml(describeAnswerProblem(problem, locale))}</p>`, describedBy: `q-${id}-err` };
}

function legend(question: LocalisedQuestion, messages: SurveyMessages): string {
  const required = question.required ? ` <span class="req">(${escapeHtml(messages.required)})</span>` : '';
  return `${escapeHtml(question.title)}${required}`;
}

/** A row of numbered boxes (NPS 0–10, CSAT 1–5, …) with the words at its ends. */
type Scale = { min: number; max: number; lowLabel: string; highLabel: string };

/** The words at the ends of a scale, for the eye (each end's radio button carries them for screen readers). */
function scaleEnds(scale: Scale): string {
  return `<div class="ends" aria-hidden="true"><span>${scale.min} = ${escapeHtml(scale.lowLabel)}</span><span>${scale.max} = ${escapeHtml(scale.highLabel)}</span></div>`;
}

function scaleGroup(
  name: string,
  scale: Scale,
  chosen: string | undefined,
  legendHtml: string,
  describedBy: string,
  options: { ends: boolean; className?: string; help?: string },
): string {
  const count = scale.max - scale.min + 1;
  const points: string[] = [];
  for (let value = scale.min; value <= scale.max; value += 1) {
    const end = value === scale.min ? scale.lowLabel : value === scale.max ? scale.highLabel : undefined;
    points.push(
      `<label class="pt"><input type="radio" name="${escapeHtml(name)}" value="${value}"${chosen === String(value) ? ' checked' : ''}>` +
        `<span>${value}${end ? `<span class="vh"> – ${escapeHtml(end)}</span>` : ''}</span></label>`,
    );
  }
  return (
    `<fieldset${options.className ? ` class="${options.className}"` : ''}${describedBy ? ` aria-describedby="${describedBy}"` : ''}><legend>${legendHtml}</legend>${options.help ?? ''}` +
    `<div class="grid c${count}">${points.join('')}</div>${options.ends ? scaleEnds(scale) : ''}</fieldset>`
  );
}

function questionBody(question: LocalisedQuestion, answer: unknown, messages: SurveyMessages, error: { html: string; describedBy: string }): string {
  const id = question.id;
  const name = formFieldName(id);
  const help = question.help ? `<p class="help" id="q-${id}-help">${escapeHtml(question.help)}</p>` : '';
  const describedBy = [question.help ? `q-${id}-help` : '', error.describedBy].filter(Boolean).join(' ');
  const chosen = answerText(answer);
  switch (question.type) {
    case 'nps':
    case 'csat':
    case 'ces':
    case 'moment_rating':
      return scaleGroup(name, question.scale!, chosen, legend(question, messages), describedBy, { ends: true, help }) + error.html;
    case 'servqual': {
      const grid = (answer ?? {}) as Partial<ServqualAnswer>;
      const parts: ('expectation' | 'perception')[] = question.expectation ? ['expectation', 'perception'] : ['perception'];
      const scale = { min: 1, max: 7, lowLabel: messages.agreement.low, highLabel: messages.agreement.high };
      const sections = parts.map((part) => {
        const heading = question.expectation ? `<h3 class="part">${escapeHtml(part === 'expectation' ? messages.expectationLegend : messages.perceptionLegend)}</h3>` : '';
        // The agreement scale is the same for every statement: its ends are shown once, above them.
        const statements = (question.statements ?? []).map(({ dimension, text }) =>
          scaleGroup(formFieldName(id, { grid: part, dimension }), scale, answerText(grid[part]?.[dimension]), escapeHtml(text), '', { ends: false, className: 'stmt' }),
        );
        return heading + scaleEnds(scale) + statements.join('');
      });
      return `<fieldset${describedBy ? ` aria-describedby="${describedBy}"` : ''}><legend>${legend(question, messages)}</legend>${help}${sections.join('')}</fieldset>${error.html}`;
    }
    case 'single_choice':
    case 'multiple_choice':
    case 'consent': {
      const multiple = question.type === 'multiple_choice';
      const options = question.type === 'consent' ? [{ id: 'yes', label: messages.yes }, { id: 'no', label: messages.no }] : (question.options ?? []);
      const selected = new Set(Array.isArray(answer) ? answer.map(String) : chosen !== undefined ? [chosen] : []);
      const limits = [
        multiple && question.minSelected ? messages.chooseAtLeast(question.minSelected) : '',
        multiple && question.maxSelected ? messages.chooseUpTo(question.maxSelected) : '',
      ].filter(Boolean);
      const hint = limits.length > 0 ? `<p class="hint" id="q-${id}-hint">${escapeHtml(limits.join(' '))}</p>` : '';
      const described = [describedBy, hint ? `q-${id}-hint` : ''].filter(Boolean).join(' ');
      const items = options
        .map(
          (option) =>
            `<label class="opt"><input type="${multiple ? 'checkbox' : 'radio'}" name="${escapeHtml(name)}" value="${escapeHtml(option.id)}"${selected.has(option.id) ? ' checked' : ''}>` +
            `<span>${escapeHtml(option.label)}</span></label>`,
        )
        .join('');
      return `<fieldset${described ? ` aria-describedby="${described}"` : ''}><legend>${legend(question, messages)}</legend>${help}${hint}${items}</fieldset>${error.html}`;
    }
    default: {
      const value = typeof answer === 'string' ? answer : '';
      const attributes =
        `id="q-${id}-input" name="${escapeHtml(name)}" maxlength="${question.maxLength ?? 2000}"` +
        (describedBy ? ` aria-describedby="${describedBy}"` : '') +
        (error.html ? ' aria-invalid="true"' : '');
      const field = question.multiline ? `<textarea ${attributes} rows="4">${escapeHtml(value)}</textarea>` : `<input type="text" ${attributes} value="${escapeHtml(value)}">`;
      return `<label class="label" for="q-${id}-input">${legend(question, messages)}</label>${help}${field}${error.html}`;
    }
  }
}

// ---------- pages ----------

export interface SurveyFormPage {
  locale: Locale;
  organization: string;
  survey: LocalisedSurvey;
  answers: Answers;
  /** Questions hidden by show-if for the answers so far (the script takes over once it runs). */
  hidden: Set<string>;
  problems: AnswerProblem[];
  /** Where the form posts: the respondent's own link. */
  action: string;
  notice?: 'saved';
  languages: LanguageLink[];
}

export function renderSurveyForm(page: SurveyFormPage): string {
  const messages = surveyMessages[page.locale];
  const byQuestion = new Map<string, AnswerProblem[]>();
  for (const problem of page.problems) byQuestion.set(problem.questionId, [...(byQuestion.get(problem.questionId) ?? []), problem]);

  const titles = new Map(page.survey.questions.map((question) => [question.id, question.title] as const));
  const summary =
    page.problems.length > 0
      ? `<div class="errors" id="errors" role="alert" tabindex="-1"><h2>${escapeHtml(messages.errorSummary)}</h2><ul>` +
        [...byQuestion.entries()]
          .map(([id, problems]) => `<li><a href="#q-${escapeHtml(id)}">${escapeHtml(titles.get(id) ?? id)} — ${escapeHtml(describeAnswerProblem(problems[0]!, page.locale))}</a></li>`)
          .join('') +
        '</ul></div>'
      : '';
  const notice = page.notice === 'saved' ? `<p class="notice" role="status">${escapeHtml(messages.savedForLater)}</p>` : '';

  const questions = page.survey.questions
    .map((question) => {
      const error = errorOf(question.id, byQuestion.get(question.id) ?? [], page.locale);
      const classes = ['q', error.html ? 'invalid' : ''].filter(Boolean).join(' ');
      const showIf = question.showIf.length > 0 ? ` data-show-if="${escapeHtml(JSON.stringify(question.showIf))}"` : '';
      return (
        `<div class="${classes}" id="q-${question.id}" data-q="${question.id}"${showIf}${page.hidden.has(question.id) ? ' hidden' : ''}>` +
        questionBody(question, page.answers[question.id], messages, error) +
        `</div>`
      );
    })
    .join('');
  const texts = escapeHtml(JSON.stringify({ saving: messages.saving, saved: messages.saved, failed: messages.saveFailed }));
  const body =
    `<header><p class="org">${escapeHtml(page.organization)}</p><h1>${escapeHtml(page.survey.title)}</h1>` +
    (page.survey.intro ? `<p class="intro">${escapeHtml(page.survey.intro)}</p>` : '') +
    `</header>${notice}${summary}` +
    `<form method="post" action="${escapeHtml(page.action)}" data-survey data-texts="${texts}" novalidate>${questions}` +
    `<div class="actions"><button type="submit" name="_action" value="submit" class="primary">${escapeHtml(messages.submit)}</button>` +
    `<button type="submit" name="_action" value="save" class="secondary">${escapeHtml(messages.saveForLater)}</button></div>` +
    `<p class="status" id="save-status" role="status" aria-live="polite"></p></form>` +
    footer(messages, page.organization, page.languages, page.locale);
  return shell(page.locale, page.survey.title, body, true);
}

export type MessagePageKind = 'thank_you' | 'already_answered' | 'expired' | 'invalid' | 'closed';

/** The pages that are not the form: thanks, already answered, expired / invalid link, closed survey. */
export function renderMessagePage(page: { locale: Locale; kind: MessagePageKind; organization?: string; thankYou?: string | null; languages?: LanguageLink[] }): string {
  const messages = surveyMessages[page.locale];
  const texts: Record<MessagePageKind, [string, string]> = {
    thank_you: [messages.thankYouTitle, page.thankYou ?? messages.thankYouBody],
    already_answered: [messages.alreadyAnsweredTitle, messages.alreadyAnsweredBody],
    expired: [messages.expiredTitle, messages.expiredBody],
    invalid: [messages.invalidTitle, messages.invalidBody],
    closed: [messages.closedTitle, messages.closedBody],
  };
  const [title, text] = texts[page.kind];
  const body =
    (page.organization ? `<p class="org">${escapeHtml(page.organization)}</p>` : '') +
    `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>` +
    footer(messages, page.organization, page.languages ?? [], page.locale);
  return shell(page.locale, title, body, false);
}

/** Links to the same page in each language (`?lang=`), for the switcher at the bottom. */
export function languageLinks(path: string): LanguageLink[] {
  return LOCALES.map((locale) => ({ locale, href: `${path}?lang=${encodeURIComponent(locale)}` }));
}
