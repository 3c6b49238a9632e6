import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { surveyMessages } from './messages.ts';
import { localiseSurvey, normaliseDefinition, validateAnswers } from './model.ts';
import { escapeHtml, languageLinks, PAGE_CSP, renderMessagePage, renderSurveyForm, SURVEY_SCRIPT } from './page.ts';

const definition = normaliseDefinition({
  kind: 'relationship',
  title: { en: 'Our service <script>alert(1)</script>' },
  questions: [
    { id: 'nps', type: 'nps', title: { en: 'Recommend "us"?' }, required: true, help: { en: '0 is low' } },
    { id: 'grid', type: 'servqual', title: { en: 'Agree?' }, dimensions: ['empathy'], expectation: true },
    { id: 'pick', type: 'single_choice', title: { en: 'Pick' }, options: [{ id: 'a', label: { en: 'A & B' } }, { id: 'b', label: { en: 'C' } }], showIf: [{ questionId: 'nps', operator: 'lte', value: 6 }] },
    { id: 'note', type: 'text', title: { en: 'Note' }, multiline: false, maxLength: 50 },
  ],
});

function render(answers = {}, problems = validateAnswers(definition, {}, 'final')) {
  return renderSurveyForm({
    locale: 'en',
    organization: 'Shop & Co',
    survey: localiseSurvey(definition, 'en', 'en', surveyMessages.en.defaults),
    answers,
    hidden: new Set(['pick']),
    problems,
    action: '/s/token',
    languages: languageLinks('/s/token'),
  });
}

describe('the survey page', () => {
  it('escapes every text it prints', () => {
    const html = render();
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('Our service &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Recommend &quot;us&quot;?');
    expect(html).toContain('<span>A &amp; B</span>');
    expect(escapeHtml(`<a href='x'>&</a>`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('groups every scale and choice in a fieldset with a legend, labels every control, and ties errors to their question', () => {
    const html = render();
    expect(html).toContain('<fieldset aria-describedby="q-nps-help q-nps-err"><legend>Recommend &quot;us&quot;? <span class="req">(required)</span></legend><p class="help" id="q-nps-help">0 is low</p>');
    expect(html).toContain('<h3 class="part">What you expect from an excellent company</h3>');
    expect(html).toContain('name="q.grid.e.empathy"');
    expect(html).toContain('<label class="label" for="q-note-input">Note</label><input type="text" id="q-note-input" name="q.note" maxlength="50"');
    expect(html).toContain('<p class="err" id="q-nps-err">Please answer this question.</p>');
    expect(html).toContain('<a href="#q-nps">Recommend &quot;us&quot;? — Please answer this question.</a>');
    expect(html).toMatch(/<div class="q" id="q-pick" data-q="pick" data-show-if="[^"]*&quot;lte&quot;[^"]*" hidden>/);
    expect(html).toContain('<a href="/s/token?lang=hu" lang="hu" hreflang="hu">Magyar</a>');
  });

  it('keeps the answers given so far', () => {
    const html = render({ nps: 4, grid: { perception: { empathy: 2 } }, note: 'Slow' }, []);
    expect(html).toContain('name="q.nps" value="4" checked');
    expect(html).toContain('name="q.grid.p.empathy" value="2" checked');
    expect(html).toContain('value="Slow"');
    expect(html).not.toContain('class="errors"');
  });

  it('allows exactly its own inline styles in the content security policy', () => {
    const html = render();
    for (const [, css] of html.matchAll(/<style>([^<]*)<\/style>/g)) {
      const hash = createHash('sha256').update(css!).digest('base64');
      expect(PAGE_CSP).toContain(`'sha256-${hash}'`);
    }
    expect(PAGE_CSP).not.toContain('unsafe-inline');
  });

  it('writes the pages around the form in the respondent’s language', () => {
    expect(renderMessagePage({ locale: 'zh-TW', kind: 'already_answered' })).toContain('<h1>您已經回答過了</h1>');
    expect(renderMessagePage({ locale: 'hu', kind: 'thank_you', thankYou: 'Köszönjük, Kati!' })).toContain('<p>Köszönjük, Kati!</p>');
    expect(renderMessagePage({ locale: 'ru', kind: 'expired' })).toContain('<html lang="ru">');
  });

  it('keeps its script far under the 30 KB gzipped budget', () => {
    const gzipped = gzipSync(Buffer.from(SURVEY_SCRIPT)).length;
    expect(gzipped).toBeLessThan(3 * 1024);
    const page = gzipSync(Buffer.from(render())).length;
    expect(page).toBeLessThan(8 * 1024);
  });
});
