import type { Locale } from '../../platform/locales.ts';
import type { ChoiceOption, Condition, QuestionInput, SurveyDefinitionInput, TranslatableText } from '../model.ts';
import {
  hasAnyText,
  LIMITS,
  ReportBuilder,
  scaleType,
  servqualDimensionOf,
  slugOf,
  translatable,
  usableCondition,
  type SurveyImportReport,
} from './common.ts';

/*
 * SurveyJS survey JSON (https://surveyjs.io/form-library/documentation/design-survey/create-a-simple-survey)
 * → a Keymoment draft. The structure read: `title`, `description`, `completedHtml`, `locale`, `pages[]`
 * (or the old root `questions` / `elements`), each with `elements[]` (or `questions[]`); panels are
 * flattened (their `visibleIf` joins their questions'). Texts are plain strings or localisable objects
 * `{ "default": …, "de": …, "zh-cn": … }`.
 *
 * Question types: `rating` (0–10 → NPS, 1–5 → CSAT, 1–7 about effort → CES, other scales → a single
 * choice, reported), `radiogroup` / `dropdown` → single choice, `checkbox` / `tagbox` → multiple
 * choice, `text` / `comment` → text, `boolean` → consent when it asks about contacting, else a yes/no
 * single choice, `matrix` → SERVQUAL grid when its rows are the SERVQUAL dimensions and its columns a
 * 1–7 scale. Everything else is reported as not imported, with its name and type.
 *
 * `visibleIf`: conjunctions ("and") of `{q} = v`, `!=`/`<>`, `>`, `>=`, `<`, `<=`, `notempty`,
 * `anyof [..]`, `contains v`, `notcontains v` on earlier questions become show-if conditions; any other
 * expression is reported and the question is kept without it.
 */

type Json = Record<string, unknown>;

/** SurveyJS locale codes → ours. */
const LOCALE_CODES: Record<string, Locale> = { en: 'en', 'zh-cn': 'zh-CN', 'zh-tw': 'zh-TW', ru: 'ru', hu: 'hu', zh: 'zh-CN' };

export interface ConvertOptions {
  /** Language of texts the source marks only as "default" when the source's own language is not one of ours. */
  fallbackLocale: Locale;
}

export interface ConvertedSurvey {
  name: TranslatableText;
  fallbackLocale: Locale;
  definition: SurveyDefinitionInput;
  report: SurveyImportReport;
}

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export function looksLikeSurveyJs(value: unknown): boolean {
  return isObject(value) && (Array.isArray(value.pages) || Array.isArray(value.elements) || Array.isArray(value.questions));
}

export function convertSurveyJs(source: Json, options: ConvertOptions): ConvertedSurvey {
  const report = new ReportBuilder();
  const sourceLocale = typeof source.locale === 'string' ? LOCALE_CODES[source.locale.toLowerCase()] : 'en';
  const fallbackLocale: Locale = sourceLocale ?? options.fallbackLocale;
  if (typeof source.locale === 'string' && !LOCALE_CODES[source.locale.toLowerCase()]) {
    report.warn(null, 'language', `the survey's language "${source.locale}" is not served by Keymoment; its texts were imported as ${fallbackLocale}`);
  }
  const dropped = new Set<string>();
  const languages = new Set<Locale>();

  /** A SurveyJS string or localisable object → our text. */
  const text = (value: unknown): TranslatableText => {
    if (typeof value === 'string' || typeof value === 'number') {
      languages.add(fallbackLocale);
      return translatable({ [fallbackLocale]: String(value) });
    }
    if (!isObject(value)) return {};
    const texts: Partial<Record<Locale, string>> = {};
    for (const [code, raw] of Object.entries(value)) {
      if (typeof raw !== 'string') continue;
      const locale = code === 'default' ? fallbackLocale : LOCALE_CODES[code.toLowerCase()];
      if (!locale) {
        dropped.add(code);
        continue;
      }
      if (code === 'default' || texts[locale] === undefined) texts[locale] = raw;
      languages.add(locale);
    }
    return translatable(texts);
  };

  const questions: QuestionInput[] = [];
  const taken = new Set<string>();
  /** SurveyJS name → our question, and for choices: SurveyJS value (as text) → our option id. */
  const byName = new Map<string, { question: QuestionInput; values: Map<string, string | boolean> }>();

  const choicesOf = (raw: unknown, sourceId: string): { options: ChoiceOption[]; values: Map<string, string> } => {
    const options: ChoiceOption[] = [];
    const values = new Map<string, string>();
    const optionIds = new Set<string>();
    for (const choice of Array.isArray(raw) ? raw : []) {
      const value = isObject(choice) ? choice.value : choice;
      if (value === undefined || value === null) continue;
      const label = text(isObject(choice) && choice.text !== undefined ? choice.text : String(value));
      const id = slugOf(String(value), `option-${options.length + 1}`, optionIds);
      options.push({ id, label: hasAnyText(label) ? label : translatable({ [fallbackLocale]: String(value) }) });
      values.set(String(value), id);
    }
    if (options.length > LIMITS.options) report.warn(sourceId, 'choices', `only the first ${LIMITS.options} of ${options.length} choices were kept`);
    return { options: options.slice(0, LIMITS.options), values };
  };

  const conditionsOf = (expression: string, sourceId: string): Condition[] | undefined => {
    const clauses = splitAnd(expression);
    if (!clauses) return undefined;
    const conditions: Condition[] = [];
    for (const clause of clauses) {
      const condition = clauseToCondition(clause, (name) => byName.get(name));
      if (!condition) return undefined;
      conditions.push(condition);
    }
    const earlier = new Set(questions.map((question) => question.id));
    if (!conditions.every((condition) => usableCondition(condition, earlier))) return undefined;
    void sourceId;
    return conditions;
  };

  const addQuestion = (element: Json, inherited: string[]) => {
    const type = String(element.type ?? '').toLowerCase();
    const name = String(element.name ?? `question${report.total + 1}`);
    report.total += 1;
    const title = text(element.title ?? element.name);
    const base = {
      title: hasAnyText(title) ? title : translatable({ [fallbackLocale]: name }),
      ...(element.description !== undefined && hasAnyText(text(element.description)) ? { help: text(element.description) } : {}),
      ...(element.isRequired === true ? { required: true } : {}),
    };
    const wording = Object.values(base.title).join(' ');
    let question: QuestionInput | undefined;
    let values = new Map<string, string | boolean>();
    const id = () => slugOf(name, `q${report.total}`, taken);

    switch (type) {
      case 'rating':
      case 'slider': {
        const rateValues = Array.isArray(element.rateValues) ? element.rateValues : undefined;
        const numbers = rateValues?.map((value) => Number(isObject(value) ? value.value : value));
        const step = Number(element.rateStep ?? element.step ?? 1);
        let min = Number(element.rateMin ?? element.min ?? (type === 'slider' ? 0 : 1));
        let max = Number(element.rateMax ?? element.max ?? (type === 'slider' ? 100 : typeof element.rateCount === 'number' ? min + (element.rateCount - 1) * step : 5));
        let contiguous = true;
        if (numbers && numbers.length > 0) {
          contiguous = numbers.every((value, index) => Number.isInteger(value) && (index === 0 || value === numbers[index - 1]! + 1));
          min = numbers[0]!;
          max = numbers[numbers.length - 1]!;
        }
        const kind = contiguous ? scaleType(min, max, step, wording) : undefined;
        if (kind) {
          question = { id: id(), type: kind, ...base };
          const low = element.minRateDescription === undefined ? {} : text(element.minRateDescription);
          const high = element.maxRateDescription === undefined ? {} : text(element.maxRateDescription);
          if (hasAnyText(low)) question.lowLabel = low;
          if (hasAnyText(high)) question.highLabel = high;
          for (let value = min; value <= max; value += 1) values.set(String(value), String(value));
        } else if (rateValues || (Number.isFinite(min) && Number.isFinite(max) && (max - min) / step + 1 <= LIMITS.options && step > 0)) {
          const list = rateValues ?? Array.from({ length: Math.floor((max - min) / step) + 1 }, (_, index) => min + index * step);
          const choices = choicesOf(list, name);
          question = { id: id(), type: 'single_choice', ...base, options: choices.options };
          values = choices.values;
          report.warn(name, 'scale', `a ${type} scale ${min}–${max} has no matching scale type (NPS 0–10, CSAT 1–5, CES 1–7); it was imported as a single choice`);
        } else {
          report.skip(name, type, `a ${type} scale ${min}–${max} cannot be imported (too many points for a choice)`);
          return;
        }
        break;
      }
      case 'radiogroup':
      case 'dropdown':
      case 'checkbox':
      case 'tagbox': {
        if (element.choicesByUrl || element.choicesFromQuestion) {
          report.skip(name, type, 'choices loaded from a web service or another question cannot be imported');
          return;
        }
        const raw = Array.isArray(element.choices) ? [...element.choices] : [];
        if (element.hasNone === true || element.showNoneItem === true) raw.push({ value: 'none', text: element.noneText ?? 'None' });
        if (element.hasOther === true || element.showOtherItem === true) {
          raw.push({ value: 'other', text: element.otherText ?? 'Other' });
          report.warn(name, 'otherText', 'the "other" choice was kept, its free-text box was not');
        }
        const choices = choicesOf(raw, name);
        if (choices.options.length < 2) {
          report.skip(name, type, 'a choice question needs at least two choices');
          return;
        }
        const multiple = type === 'checkbox' || type === 'tagbox';
        question = { id: id(), type: multiple ? 'multiple_choice' : 'single_choice', ...base, options: choices.options };
        values = choices.values;
        if (multiple) {
          const counts = (Array.isArray(element.validators) ? element.validators : []).find((validator) => isObject(validator) && validator.type === 'answercount') as Json | undefined;
          const max = Number(element.maxSelectedChoices ?? counts?.maxCount);
          const min = Number(element.minSelectedChoices ?? counts?.minCount);
          if (Number.isInteger(max) && max >= 1 && max <= choices.options.length) question.maxSelected = max;
          if (Number.isInteger(min) && min >= 1 && min <= (question.maxSelected ?? choices.options.length)) question.minSelected = min;
        }
        break;
      }
      case 'text':
      case 'comment': {
        question = { id: id(), type: 'text', ...base, multiline: type === 'comment' };
        const max = Number(element.maxLength);
        if (Number.isInteger(max) && max >= 1 && max <= 4000) question.maxLength = max;
        if (type === 'text' && typeof element.inputType === 'string' && !['text', 'email', 'tel', 'url'].includes(element.inputType)) {
          report.warn(name, 'inputType', `a "${element.inputType}" input was imported as free text`);
        }
        break;
      }
      case 'boolean': {
        if (/contact|consent|reach out|call you|follow[- ]?up|联系|聯絡|联络|聯繫|связат|контакт|kapcsolat|megkereshet/i.test(`${name} ${wording}`)) {
          question = { id: id(), type: 'consent', ...base };
          values = new Map<string, string | boolean>([['true', true], ['false', false]]);
        } else {
          const yes = element.labelTrue === undefined ? translatable({ [fallbackLocale]: 'Yes' }) : text(element.labelTrue);
          const no = element.labelFalse === undefined ? translatable({ [fallbackLocale]: 'No' }) : text(element.labelFalse);
          question = { id: id(), type: 'single_choice', ...base, options: [{ id: 'yes', label: yes }, { id: 'no', label: no }] };
          values = new Map([['true', 'yes'], ['false', 'no']]);
          report.warn(name, 'type', 'a yes/no question was imported as a single choice (Yes, No)');
        }
        break;
      }
      case 'matrix': {
        const rows = Array.isArray(element.rows) ? element.rows : [];
        const columns = (Array.isArray(element.columns) ? element.columns : []).map((column) => Number(isObject(column) ? column.value : column));
        const rowTexts = rows.map((row) => (isObject(row) ? row : { value: row, text: row }));
        const dimensions = rowTexts.map((row) => servqualDimensionOf(`${String(row.value ?? '')} ${Object.values(text(row.text ?? row.value)).join(' ')}`));
        const isScale = columns.length === 7 && columns.every((value, index) => value === index + 1);
        const distinct = new Set(dimensions).size === dimensions.length;
        if (rows.length > 0 && isScale && distinct && dimensions.every((dimension) => dimension !== undefined)) {
          const statements: Record<string, TranslatableText> = {};
          rowTexts.forEach((row, index) => {
            const statement = text(row.text ?? row.value);
            if (hasAnyText(statement)) statements[dimensions[index]!] = statement;
          });
          question = { id: id(), type: 'servqual', ...base, dimensions: dimensions as NonNullable<QuestionInput['dimensions']>, statements };
        } else {
          report.skip(name, type, 'a matrix is imported only as a SERVQUAL grid: its rows must be the SERVQUAL dimensions and its columns a 1–7 scale');
          return;
        }
        break;
      }
      case 'html':
      case 'image':
      case 'expression':
        report.skip(name, type, 'a display-only element (not a question) was left out');
        return;
      default:
        report.skip(name, type || '(no type)', `the SurveyJS question type "${type}" has no equivalent in Keymoment`);
        return;
    }

    const expressions = [...inherited, ...(typeof element.visibleIf === 'string' && element.visibleIf.trim() !== '' ? [element.visibleIf] : [])];
    const showIf: Condition[] = [];
    for (const expression of expressions) {
      const conditions = conditionsOf(expression, name);
      if (conditions) showIf.push(...conditions);
      else report.warn(name, 'visibleIf', `the condition "${expression}" cannot be expressed as show-if on earlier questions; the question is always shown`);
    }
    if (showIf.length > 10) report.warn(name, 'visibleIf', 'only the first 10 conditions were kept');
    if (showIf.length > 0) question.showIf = showIf.slice(0, 10);
    if (typeof element.enableIf === 'string' || typeof element.requiredIf === 'string') report.warn(name, 'enableIf', 'enableIf / requiredIf were left out');

    if (questions.length >= LIMITS.questions) {
      report.skip(name, type, `a survey holds at most ${LIMITS.questions} questions`);
      return;
    }
    questions.push(question);
    byName.set(name, { question, values });
    report.mapped.push({ sourceId: name, sourceType: type, id: question.id, type: question.type });
  };

  const walk = (elements: unknown, inherited: string[]) => {
    for (const element of Array.isArray(elements) ? elements : []) {
      if (!isObject(element)) continue;
      const type = String(element.type ?? '').toLowerCase();
      if (type === 'panel') {
        const condition = typeof element.visibleIf === 'string' && element.visibleIf.trim() !== '' ? [element.visibleIf] : [];
        walk(element.elements ?? element.questions, [...inherited, ...condition]);
        continue;
      }
      addQuestion(element, inherited);
    }
  };

  const pages = Array.isArray(source.pages) ? source.pages : [{ elements: source.elements ?? source.questions }];
  for (const page of pages) {
    if (!isObject(page)) continue;
    const condition = typeof page.visibleIf === 'string' && page.visibleIf.trim() !== '' ? [page.visibleIf] : [];
    walk(page.elements ?? page.questions, condition);
  }
  if (Array.isArray(source.completedHtmlOnCondition) && source.completedHtmlOnCondition.length > 0) {
    report.warn(null, 'completedHtmlOnCondition', 'thank-you texts that depend on the answers were left out; the general one was kept');
  }
  const title = text(source.title);
  const intro = source.description === undefined ? {} : text(source.description);
  const thankYou = source.completedHtml === undefined ? {} : text(source.completedHtml);
  const surveyTitle = hasAnyText(title) ? title : translatable({ [fallbackLocale]: 'Imported survey' });
  for (const code of dropped) report.warn(null, 'language', `texts in "${code}" were left out (Keymoment serves en, zh-CN, zh-TW, ru, hu)`);
  const definition: SurveyDefinitionInput = {
    kind: 'relationship',
    title: surveyTitle,
    ...(hasAnyText(intro) ? { intro } : {}),
    ...(hasAnyText(thankYou) ? { thankYou } : {}),
    questions,
  };
  return { name: surveyTitle, fallbackLocale, definition, report: report.build('surveyjs', [...languages].sort()) };
}

// ---------- visibleIf ----------

/** The clauses of an "a and b and c" expression, or undefined when it holds anything else (or, parentheses, functions). */
function splitAnd(expression: string): string[] | undefined {
  const clauses: string[] = [];
  let current = '';
  let quote: string | null = null;
  let depth = 0;
  const text = expression.trim();
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    if (quote) {
      current += char;
      if (char === quote) quote = null;
      continue;
    }
    if (char === "'" || char === '"') quote = char;
    if (char === '[') depth += 1;
    if (char === ']') depth -= 1;
    if (char === '(' || char === ')') return undefined;
    if (depth === 0 && /\s/.test(char)) {
      const rest = text.slice(index).match(/^\s+(and|or|&&|\|\|)\s+/i);
      if (rest) {
        if (/^(or|\|\|)$/i.test(rest[1]!)) return undefined;
        clauses.push(current.trim());
        current = '';
        index += rest[0].length - 1;
        continue;
      }
    }
    current += char;
  }
  if (current.trim() !== '') clauses.push(current.trim());
  return clauses.length > 0 ? clauses : undefined;
}

function literal(raw: string): string | number | boolean | undefined {
  const text = raw.trim();
  if (/^'.*'$|^".*"$/.test(text)) return text.slice(1, -1);
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (/^true$/i.test(text)) return true;
  if (/^false$/i.test(text)) return false;
  return undefined;
}

function clauseToCondition(
  clause: string,
  find: (name: string) => { question: QuestionInput; values: Map<string, string | boolean> } | undefined,
): Condition | undefined {
  const unary = /^\{([^}]+)\}\s+(notempty|empty)$/i.exec(clause);
  if (unary) {
    const target = find(unary[1]!.trim());
    return target && unary[2]!.toLowerCase() === 'notempty' ? { questionId: target.question.id, operator: 'answered' } : undefined;
  }
  const list = /^\{([^}]+)\}\s+(anyof|contains|notcontains)\s+(.+)$/i.exec(clause);
  const binary = list ? null : /^\{([^}]+)\}\s*(==|=|!=|<>|>=|<=|>|<)\s*(.+)$/.exec(clause);
  const match = list ?? binary;
  if (!match) return undefined;
  const target = find(match[1]!.trim());
  if (!target) return undefined;
  const { question, values } = target;
  const operator = match[2]!.toLowerCase();
  const rawValue = match[3]!.trim();
  const numeric = ['nps', 'csat', 'ces', 'moment_rating'].includes(question.type);
  const convert = (value: string | number | boolean): string | number | boolean | undefined => {
    if (numeric) return typeof value === 'number' ? value : Number.isFinite(Number(value)) ? Number(value) : undefined;
    return values.get(String(value));
  };
  if (operator === 'anyof') {
    const items = /^\[(.*)\]$/.exec(rawValue)?.[1]?.split(',').map((item) => literal(item));
    if (!items || items.some((item) => item === undefined)) return undefined;
    const converted = items.map((item) => convert(item!));
    if (converted.some((item) => item === undefined)) return undefined;
    return { questionId: question.id, operator: 'in', value: converted as (string | number | boolean)[] };
  }
  const value = literal(rawValue);
  if (value === undefined) return undefined;
  const converted = convert(value);
  if (converted === undefined || question.type === 'text') return undefined;
  switch (operator) {
    case '=':
    case '==':
    case 'contains':
      return { questionId: question.id, operator: 'equals', value: converted };
    case '!=':
    case '<>':
    case 'notcontains':
      return { questionId: question.id, operator: 'not_equals', value: converted };
    case '>=':
    case '<=':
      return numeric ? { questionId: question.id, operator: operator === '>=' ? 'gte' : 'lte', value: converted } : undefined;
    case '>':
    case '<':
      if (!numeric || typeof converted !== 'number') return undefined;
      return operator === '>' ? { questionId: question.id, operator: 'gte', value: Math.floor(converted) + 1 } : { questionId: question.id, operator: 'lte', value: Math.ceil(converted) - 1 };
    default:
      return undefined;
  }
}
