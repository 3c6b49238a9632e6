import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../i18n';
import {
  SCALES,
  isScaleType,
  type Answer,
  type Answers,
  type Definition,
  type Question,
  type ServqualAnswer,
  type ServqualDimension,
  type TranslatableText,
} from './feedback-api';
import { isFilled, textIn, visibleQuestionIds } from './survey-model';
import classes from './survey-preview.module.css';

interface SurveyPreviewProps {
  definition: Definition;
  language: Language;
  fallback: Language;
  organization: string;
  /** Mark texts that are not written in `language` (the respondent would read the fallback). */
  markMissing?: boolean;
}

/**
 * The survey as a respondent sees it on the public page, rendered in the browser so it follows every
 * edit at once: the same layout and built-in words (src/feedback/page.ts, messages.ts), and show-if
 * works as you answer. Answers given here go nowhere.
 */
export function SurveyPreview({ definition, language, fallback, organization, markMissing = true }: SurveyPreviewProps) {
  const { t } = useTranslation();
  const [answers, setAnswers] = useState<Answers>({});
  const [sent, setSent] = useState(false);
  const word = (key: string, options: Record<string, unknown> = {}) => t(`feedback.page.${key}`, { lng: language, ...options });
  const visible = visibleQuestionIds(definition.questions, answers);
  const set = (id: string, answer: Answer | undefined) =>
    setAnswers((current) => {
      const next = { ...current };
      if (answer === undefined) delete next[id];
      else next[id] = answer;
      return next;
    });

  /** A text in the preview language, marked when it falls back to another language. */
  const text = (value: TranslatableText | undefined, fallbackWord?: string): ReactNode => {
    if (!value || !Object.values(value).some((candidate) => candidate?.trim())) return fallbackWord ?? '';
    const shown = textIn(value, language, fallback);
    if (markMissing && !isFilled(value, language)) {
      return (
        <span className={classes.missing} title={t('feedback.builder.missingIn', { language })} data-missing="true">
          {shown}
        </span>
      );
    }
    return shown;
  };

  return (
    <div className={classes.page} lang={language} data-testid="survey-preview">
      <div className={classes.main}>
        <p className={classes.org}>{organization}</p>
        <h2 className={classes.title}>{text(definition.title)}</h2>
        {definition.intro && <p className={classes.intro}>{text(definition.intro)}</p>}
        {sent ? (
          <p className={classes.thanks} role="status">
            <strong>{word('thankYouTitle')}</strong> {text(definition.thankYou, word('thankYouBody'))}
          </p>
        ) : (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              setSent(true);
            }}
          >
            {definition.questions.map((question) =>
              visible.has(question.id) ? (
                <div key={question.id} className={classes.q} data-preview-question={question.id}>
                  <PreviewQuestion question={question} answer={answers[question.id]} onAnswer={(answer) => set(question.id, answer)} text={text} word={word} />
                </div>
              ) : null,
            )}
            <div className={classes.actions}>
              <button type="submit" className={classes.button}>
                {word('submit')}
              </button>
            </div>
          </form>
        )}
        {sent && (
          <button
            type="button"
            className={classes.button}
            onClick={() => {
              setAnswers({});
              setSent(false);
            }}
          >
            {t('feedback.builder.previewRestart')}
          </button>
        )}
        <div className={classes.footer}>{word('answersGoTo', { organization })}</div>
      </div>
    </div>
  );
}

interface PreviewQuestionProps {
  question: Question;
  answer: Answer | undefined;
  onAnswer: (answer: Answer | undefined) => void;
  text: (value: TranslatableText | undefined, fallbackWord?: string) => ReactNode;
  word: (key: string, options?: Record<string, unknown>) => string;
}

function Legend({ question, text, word }: Pick<PreviewQuestionProps, 'question' | 'text' | 'word'>) {
  return (
    <>
      {text(question.title)}
      {question.required && <span className={classes.req}> ({word('required')})</span>}
    </>
  );
}

function ScaleRow({ name, min, max, low, high, value, onChange, ends }: { name: string; min: number; max: number; low: ReactNode; high: ReactNode; value: number | undefined; onChange: (value: number) => void; ends: boolean }) {
  const points: ReactNode[] = [];
  for (let point = min; point <= max; point += 1) {
    points.push(
      <label key={point} className={classes.pt}>
        <input type="radio" name={name} value={point} checked={value === point} onChange={() => onChange(point)} />
        <span>
          {point}
          {point === min && <span className={classes.vh}> – {low}</span>}
          {point === max && <span className={classes.vh}> – {high}</span>}
        </span>
      </label>,
    );
  }
  return (
    <>
      <div className={classes.grid} style={{ gridTemplateColumns: `repeat(${max - min + 1}, minmax(0, 1fr))` }}>
        {points}
      </div>
      {ends && (
        <div className={classes.ends} aria-hidden="true">
          <span>
            {min} = {low}
          </span>
          <span>
            {max} = {high}
          </span>
        </div>
      )}
    </>
  );
}

function PreviewQuestion({ question, answer, onAnswer, text, word }: PreviewQuestionProps) {
  const name = `preview-${question.id}`;
  const help = question.help ? <p className={classes.help}>{text(question.help)}</p> : null;
  if (isScaleType(question.type)) {
    const scale = SCALES[question.type];
    return (
      <fieldset className={classes.fieldset}>
        <legend className={classes.legend}>
          <Legend question={question} text={text} word={word} />
        </legend>
        {help}
        <ScaleRow
          name={name}
          {...scale}
          low={text(question.lowLabel, word(`scale.${question.type}.low`))}
          high={text(question.highLabel, word(`scale.${question.type}.high`))}
          value={typeof answer === 'number' ? answer : undefined}
          onChange={onAnswer}
          ends
        />
      </fieldset>
    );
  }
  if (question.type === 'servqual') {
    const grid = (answer ?? { perception: {} }) as ServqualAnswer;
    const parts: ('expectation' | 'perception')[] = question.expectation ? ['expectation', 'perception'] : ['perception'];
    const low = word('agreementLow');
    const high = word('agreementHigh');
    return (
      <fieldset className={classes.fieldset}>
        <legend className={classes.legend}>
          <Legend question={question} text={text} word={word} />
        </legend>
        {help}
        {parts.map((part) => (
          <div key={part}>
            {question.expectation && <h3 className={classes.part}>{word(part === 'expectation' ? 'expectationLegend' : 'perceptionLegend')}</h3>}
            <div className={classes.ends} aria-hidden="true">
              <span>1 = {low}</span>
              <span>7 = {high}</span>
            </div>
            {(question.dimensions ?? []).map((dimension: ServqualDimension) => (
              <fieldset key={dimension} className={`${classes.fieldset} ${classes.stmt}`}>
                <legend className={classes.legend}>{text(question.statements?.[dimension], word(`servqual.${dimension}`))}</legend>
                <ScaleRow
                  name={`${name}-${part}-${dimension}`}
                  {...SCALES.servqual}
                  low={low}
                  high={high}
                  value={grid[part]?.[dimension]}
                  onChange={(value) => onAnswer({ ...grid, perception: grid.perception ?? {}, [part]: { ...(grid[part] ?? {}), [dimension]: value } })}
                  ends={false}
                />
              </fieldset>
            ))}
          </div>
        ))}
      </fieldset>
    );
  }
  if (question.type === 'single_choice' || question.type === 'multiple_choice' || question.type === 'consent') {
    const multiple = question.type === 'multiple_choice';
    const options: { id: string; label: ReactNode }[] =
      question.type === 'consent'
        ? [
            { id: 'yes', label: word('yes') },
            { id: 'no', label: word('no') },
          ]
        : (question.options ?? []).map((option) => ({ id: option.id, label: text(option.label) }));
    const selected = new Set(Array.isArray(answer) ? answer : answer === true ? ['yes'] : answer === false ? ['no'] : typeof answer === 'string' ? [answer] : []);
    const limits = [
      multiple && question.minSelected ? word('chooseAtLeast', { count: question.minSelected }) : '',
      multiple && question.maxSelected ? word('chooseUpTo', { count: question.maxSelected }) : '',
    ].filter(Boolean);
    return (
      <fieldset className={classes.fieldset}>
        <legend className={classes.legend}>
          <Legend question={question} text={text} word={word} />
        </legend>
        {help}
        {limits.length > 0 && <p className={classes.hint}>{limits.join(' ')}</p>}
        {options.map((option) => (
          <label key={option.id} className={classes.opt}>
            <input
              type={multiple ? 'checkbox' : 'radio'}
              name={name}
              value={option.id}
              checked={selected.has(option.id)}
              onChange={(event) => {
                if (question.type === 'consent') onAnswer(option.id === 'yes');
                else if (!multiple) onAnswer(option.id);
                else {
                  const next = new Set(selected);
                  if (event.currentTarget.checked) next.add(option.id);
                  else next.delete(option.id);
                  onAnswer(next.size > 0 ? [...next] : undefined);
                }
              }}
            />
            <span>{option.label}</span>
          </label>
        ))}
      </fieldset>
    );
  }
  const inputId = `${name}-input`;
  return (
    <>
      <label className={classes.legend} htmlFor={inputId}>
        <Legend question={question} text={text} word={word} />
      </label>
      {help}
      <textarea
        id={inputId}
        className={classes.textarea}
        rows={question.multiline === false ? 1 : 4}
        maxLength={question.maxLength ?? 2000}
        value={typeof answer === 'string' ? answer : ''}
        onChange={(event) => onAnswer(event.currentTarget.value === '' ? undefined : event.currentTarget.value)}
      />
    </>
  );
}
