import type { Locale } from '../../platform/locales.ts';
import type { ChoiceOption, Condition, QuestionInput, SurveyDefinitionInput, TranslatableText } from '../model.ts';
import { hasAnyText, LIMITS, plainText, ReportBuilder, scaleType, servqualDimensionOf, slugOf, translatable, usableCondition } from './common.ts';
import type { ConvertedSurvey, ConvertOptions } from './surveyjs.ts';

/*
 * Qualtrics survey export (.qsf, JSON) → a Keymoment draft. The structure read:
 * `SurveyEntry` (SurveyName, SurveyLanguage) and `SurveyElements[]`, each `{ Element, Payload }`:
 * `BL` blocks (an array or an object of blocks; the "Trash" block is left out), `FL` the flow (which
 * blocks, in which order; nested branches and randomisers are walked), `SQ` questions.
 *
 * A question's Payload: QuestionID, QuestionType, Selector, SubSelector, QuestionText (HTML),
 * Choices / ChoiceOrder, Answers / AnswerOrder (matrix columns), Validation.Settings.ForceResponse,
 * DisplayLogic, and `Language` — translations keyed by Qualtrics codes (ZH-S, ZH-T, RU, HU, EN…).
 *
 * Types: MC with Selector NPS → NPS; MC single answer (SAVR, SAHR, SACOL, DL, SB) → single choice;
 * MC multiple answer (MAVR, MAHR, MACOL, MSB) → multiple choice; TE (SL, ML, ESTB) → text; a one-row
 * Slider with a 0–10 / 1–5 / 1–7 (effort) range → NPS / CSAT / CES; Matrix Likert single answer →
 * SERVQUAL only when its statements are the SERVQUAL dimensions and its scale has 7 points; DB
 * (descriptive text) is left out; everything else is reported with its QuestionID and type.
 *
 * DisplayLogic: a single group of conditions joined by "And" on earlier questions' choices
 * (Selected / NotSelected, and for NPS also EqualTo / GreaterThan… ) becomes show-if; anything else
 * (Or, Displayed, embedded data, quotas) is reported and the question is kept without it.
 */

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Qualtrics language codes → ours. */
function localeOf(code: string): Locale | undefined {
  const upper = code.toUpperCase();
  if (upper === 'EN' || upper.startsWith('EN-')) return 'en';
  if (upper === 'ZH-S' || upper === 'ZH-CN' || upper === 'ZH-HANS' || upper === 'ZH') return 'zh-CN';
  if (upper === 'ZH-T' || upper === 'ZH-TW' || upper === 'ZH-HANT' || upper === 'ZH-HK') return 'zh-TW';
  if (upper === 'RU') return 'ru';
  if (upper === 'HU') return 'hu';
  return undefined;
}

export function looksLikeQualtrics(value: unknown): boolean {
  return isObject(value) && isObject(value.SurveyEntry) && Array.isArray(value.SurveyElements);
}

/** Object-or-array collections of the .qsf format, in order. */
function listOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isObject(value)) return Object.keys(value).sort((a, b) => Number(a) - Number(b)).map((key) => value[key]);
  return [];
}

function orderOf(payload: Json, orderKey: string, itemsKey: string): string[] {
  const order = listOf(payload[orderKey]).map(String);
  const items = isObject(payload[itemsKey]) ? Object.keys(payload[itemsKey] as Json) : [];
  return order.length > 0 ? order.filter((id) => items.includes(id)) : items;
}

const SINGLE = ['SAVR', 'SAHR', 'SACOL', 'DL', 'SB'];
const MULTIPLE = ['MAVR', 'MAHR', 'MACOL', 'MSB'];

export function convertQualtrics(source: Json, options: ConvertOptions): ConvertedSurvey {
  const report = new ReportBuilder();
  const entry = source.SurveyEntry as Json;
  const sourceLanguage = typeof entry.SurveyLanguage === 'string' ? entry.SurveyLanguage : 'EN';
  const fallbackLocale = localeOf(sourceLanguage) ?? options.fallbackLocale;
  if (!localeOf(sourceLanguage)) report.warn(null, 'language', `the survey's language "${sourceLanguage}" is not served by Keymoment; its texts were imported as ${fallbackLocale}`);
  const languages = new Set<Locale>([fallbackLocale]);
  const dropped = new Set<string>();

  const elements = listOf(source.SurveyElements).filter(isObject);
  const questionsById = new Map<string, Json>();
  for (const element of elements) {
    if (element.Element === 'SQ' && isObject(element.Payload)) {
      const id = String(element.Payload.QuestionID ?? element.PrimaryAttribute ?? '');
      if (id) questionsById.set(id, element.Payload);
    }
  }

  // Blocks in flow order (the Trash block never shows).
  const blocks = new Map<string, Json>();
  for (const element of elements.filter((candidate) => candidate.Element === 'BL')) {
    for (const block of listOf(element.Payload)) if (isObject(block) && typeof block.ID === 'string') blocks.set(block.ID, block);
  }
  const flowOrder: string[] = [];
  const walkFlow = (flow: unknown) => {
    for (const item of listOf(flow)) {
      if (!isObject(item)) continue;
      if ((item.Type === 'Block' || item.Type === 'Standard' || item.Type === 'Default') && typeof item.ID === 'string' && !flowOrder.includes(item.ID)) flowOrder.push(item.ID);
      if (item.Type === 'Branch') report.warn(null, 'Branch', 'a flow branch was flattened: its blocks are always shown');
      if (item.Type === 'BlockRandomizer' || item.Type === 'Randomizer') report.warn(null, 'Randomizer', 'a randomiser was flattened: its blocks are shown in order');
      if (item.Flow !== undefined) walkFlow(item.Flow);
    }
  };
  const flow = elements.find((candidate) => candidate.Element === 'FL');
  if (flow && isObject(flow.Payload)) walkFlow(flow.Payload.Flow);
  const blockOrder = flowOrder.length > 0 ? flowOrder : [...blocks.values()].filter((block) => block.Type !== 'Trash').map((block) => String(block.ID));
  const questionOrder: string[] = [];
  for (const blockId of blockOrder) {
    const block = blocks.get(blockId);
    if (!block || block.Type === 'Trash') continue;
    for (const item of listOf(block.BlockElements)) {
      if (isObject(item) && item.Type === 'Question' && typeof item.QuestionID === 'string' && !questionOrder.includes(item.QuestionID)) questionOrder.push(item.QuestionID);
    }
  }
  if (blocks.size === 0) questionOrder.push(...questionsById.keys());

  /** A text of a question in every language it has: the main one and its translations. */
  const textsOf = (payload: Json, read: (scope: Json) => unknown): TranslatableText => {
    const texts: Partial<Record<Locale, string>> = {};
    const main = read(payload);
    if (typeof main === 'string') texts[fallbackLocale] = main;
    if (isObject(payload.Language)) {
      for (const [code, translation] of Object.entries(payload.Language)) {
        const locale = localeOf(code);
        if (!locale) {
          dropped.add(code);
          continue;
        }
        if (locale === fallbackLocale || !isObject(translation)) continue;
        const value = read(translation);
        if (typeof value === 'string') {
          texts[locale] = value;
          languages.add(locale);
        }
      }
    }
    return translatable(texts);
  };
  const displayOf = (collection: 'Choices' | 'Answers', id: string) => (scope: Json) => {
    const items = scope[collection];
    return isObject(items) && isObject(items[id]) ? (items[id] as Json).Display : undefined;
  };

  const questions: QuestionInput[] = [];
  const taken = new Set<string>();
  /** QuestionID → our question, with Qualtrics choice id → our answer value. */
  const byId = new Map<string, { question: QuestionInput; values: Map<string, string | number> }>();

  const choices = (payload: Json, sourceId: string): { options: ChoiceOption[]; values: Map<string, string> } => {
    const options: ChoiceOption[] = [];
    const values = new Map<string, string>();
    const optionIds = new Set<string>();
    const recode = isObject(payload.RecodeValues) ? payload.RecodeValues : {};
    for (const choiceId of orderOf(payload, 'ChoiceOrder', 'Choices')) {
      const choice = (payload.Choices as Json)[choiceId] as Json;
      const label = textsOf(payload, displayOf('Choices', choiceId));
      const code = recode[choiceId] !== undefined ? String(recode[choiceId]) : choiceId;
      const id = slugOf(typeof choice?.Display === 'string' ? plainText(choice.Display) : code, `option-${code}`, optionIds);
      options.push({ id, label: hasAnyText(label) ? label : translatable({ [fallbackLocale]: code }) });
      values.set(choiceId, id);
      if (isObject(choice) && (choice.TextEntry === 'true' || choice.TextEntry === true)) report.warn(sourceId, 'TextEntry', `choice "${plainText(String(choice.Display ?? choiceId))}" has a text box; its text is not kept`);
      if (isObject(choice) && choice.DisplayLogic) report.warn(sourceId, 'DisplayLogic', `choice "${plainText(String(choice.Display ?? choiceId))}" has its own display logic; it is always shown`);
    }
    if (options.length > LIMITS.options) report.warn(sourceId, 'Choices', `only the first ${LIMITS.options} of ${options.length} choices were kept`);
    return { options: options.slice(0, LIMITS.options), values };
  };

  for (const questionId of questionOrder) {
    const payload = questionsById.get(questionId);
    if (!payload) continue;
    const type = String(payload.QuestionType ?? '');
    const selector = String(payload.Selector ?? '');
    const sourceType = [type, selector, payload.SubSelector].filter((part) => typeof part === 'string' && part !== '').join('/');
    if (type === 'DB') {
      report.skip(questionId, sourceType, 'descriptive text (not a question) was left out');
      continue;
    }
    report.total += 1;
    const exportTag = typeof payload.DataExportTag === 'string' && payload.DataExportTag !== '' ? payload.DataExportTag : questionId;
    const title = textsOf(payload, (scope) => scope.QuestionText);
    const validation = isObject(payload.Validation) && isObject(payload.Validation.Settings) ? (payload.Validation.Settings as Json) : {};
    const base = {
      title: hasAnyText(title) ? title : translatable({ [fallbackLocale]: exportTag }),
      ...(validation.ForceResponse === 'ON' || validation.ForceResponse === 'RequestResponse' ? { required: validation.ForceResponse === 'ON' } : {}),
    };
    if (base.required === false) delete (base as { required?: boolean }).required;
    const wording = Object.values(base.title).join(' ');
    const id = () => slugOf(exportTag, `q${report.total}`, taken);
    let question: QuestionInput | undefined;
    let values = new Map<string, string | number>();

    if (type === 'MC' && selector === 'NPS') {
      question = { id: id(), type: 'nps', ...base };
      const recode = isObject(payload.RecodeValues) ? payload.RecodeValues : {};
      for (const choiceId of orderOf(payload, 'ChoiceOrder', 'Choices')) {
        const display = (payload.Choices as Json)[choiceId];
        const number = Number(recode[choiceId] ?? (isObject(display) ? plainText(String(display.Display ?? '')) : choiceId));
        if (Number.isInteger(number)) values.set(choiceId, number);
      }
    } else if (type === 'MC' && (SINGLE.includes(selector) || MULTIPLE.includes(selector))) {
      const { options, values: optionValues } = choices(payload, questionId);
      if (options.length < 2) {
        report.skip(questionId, sourceType, 'a choice question needs at least two choices');
        continue;
      }
      const multiple = MULTIPLE.includes(selector);
      question = { id: id(), type: multiple ? 'multiple_choice' : 'single_choice', ...base, options };
      values = optionValues;
      if (multiple) {
        const min = Number(validation.MinChoices);
        const max = Number(validation.MaxChoices);
        if (Number.isInteger(max) && max >= 1 && max <= options.length) question.maxSelected = max;
        if (Number.isInteger(min) && min >= 1 && min <= (question.maxSelected ?? options.length)) question.minSelected = min;
      }
    } else if (type === 'TE' && ['SL', 'ML', 'ESTB'].includes(selector)) {
      question = { id: id(), type: 'text', ...base, multiline: selector !== 'SL' };
    } else if (type === 'Slider' && orderOf(payload, 'ChoiceOrder', 'Choices').length <= 1) {
      const configuration = isObject(payload.Configuration) ? payload.Configuration : {};
      const min = Number(configuration.CSSliderMin ?? 0);
      const max = Number(configuration.CSSliderMax ?? 100);
      const decimals = Number(configuration.NumDecimals ?? 0);
      const kind = decimals === 0 ? scaleType(min, max, 1, wording) : undefined;
      if (!kind) {
        report.skip(questionId, sourceType, `a slider from ${min} to ${max} has no matching scale (NPS 0–10, CSAT 1–5, CES 1–7)`);
        continue;
      }
      question = { id: id(), type: kind, ...base };
    } else if (type === 'Slider') {
      report.skip(questionId, sourceType, 'a slider with several statements has no equivalent in Keymoment (each statement would be its own scale)');
      continue;
    } else if (type === 'Matrix' && selector === 'Likert' && payload.SubSelector === 'SingleAnswer') {
      const statements = orderOf(payload, 'ChoiceOrder', 'Choices');
      const scale = orderOf(payload, 'AnswerOrder', 'Answers');
      const dimensions = statements.map((statementId) => servqualDimensionOf(Object.values(textsOf(payload, displayOf('Choices', statementId))).join(' ')));
      const distinct = new Set(dimensions).size === dimensions.length;
      if (statements.length > 0 && scale.length === 7 && distinct && dimensions.every((dimension) => dimension !== undefined)) {
        const texts: Record<string, TranslatableText> = {};
        statements.forEach((statementId, index) => (texts[dimensions[index]!] = textsOf(payload, displayOf('Choices', statementId))));
        question = { id: id(), type: 'servqual', ...base, dimensions: dimensions as NonNullable<QuestionInput['dimensions']>, statements: texts };
      } else {
        report.skip(questionId, sourceType, 'a matrix is imported only as a SERVQUAL grid: its statements must be the SERVQUAL dimensions and its scale 7 points');
        continue;
      }
    } else {
      report.skip(questionId, sourceType, `the Qualtrics question type ${sourceType} has no equivalent in Keymoment`);
      continue;
    }

    if (payload.DisplayLogic !== undefined && payload.DisplayLogic !== null && payload.DisplayLogic !== false) {
      const earlier = new Set(questions.map((candidate) => candidate.id));
      const showIf = displayLogicOf(payload.DisplayLogic, byId);
      if (showIf && showIf.length <= 10 && showIf.every((condition) => usableCondition(condition, earlier))) question.showIf = showIf;
      else report.warn(questionId, 'DisplayLogic', 'its display logic cannot be expressed as show-if on earlier questions (only "And" of Selected / Not Selected / comparisons); the question is always shown');
    }
    if (isObject(payload.Answers)) {
      for (const answer of Object.values(payload.Answers)) if (isObject(answer) && answer.DisplayLogic) report.warn(questionId, 'DisplayLogic', 'a scale point has its own display logic; it was left out');
    }
    if (payload.InPageDisplayLogic || payload.SkipLogic) report.warn(questionId, 'SkipLogic', 'skip logic was left out');
    if (questions.length >= LIMITS.questions) {
      report.skip(questionId, sourceType, `a survey holds at most ${LIMITS.questions} questions`);
      continue;
    }
    questions.push(question);
    byId.set(questionId, { question, values });
    report.mapped.push({ sourceId: questionId, sourceType, id: question.id, type: question.type });
  }
  for (const code of dropped) report.warn(null, 'language', `texts in "${code}" were left out (Keymoment serves en, zh-CN, zh-TW, ru, hu)`);

  const name = typeof entry.SurveyName === 'string' && entry.SurveyName.trim() !== '' ? entry.SurveyName : 'Imported survey';
  const title = translatable({ [fallbackLocale]: name });
  const description = typeof entry.SurveyDescription === 'string' ? translatable({ [fallbackLocale]: entry.SurveyDescription }) : {};
  const definition: SurveyDefinitionInput = { kind: 'relationship', title, ...(hasAnyText(description) ? { intro: description } : {}), questions };
  return { name: title, fallbackLocale, definition, report: report.build('qualtrics', [...languages].sort()) };
}

// ---------- display logic ----------

const COMPARISONS: Record<string, Condition['operator'] | 'gt' | 'lt'> = {
  EqualTo: 'equals',
  NotEqualTo: 'not_equals',
  GreaterThanOrEqual: 'gte',
  LessThanOrEqual: 'lte',
  GreaterThan: 'gt',
  LessThan: 'lt',
};

/** One "If" group of "And"-joined conditions on question choices → show-if; undefined for anything else. */
function displayLogicOf(logic: unknown, byId: Map<string, { question: QuestionInput; values: Map<string, string | number> }>): Condition[] | undefined {
  if (!isObject(logic)) return undefined;
  const groups = Object.keys(logic).filter((key) => /^\d+$/.test(key));
  if (groups.length !== 1) return undefined;
  const group = logic[groups[0]!];
  if (!isObject(group)) return undefined;
  const conditions: Condition[] = [];
  for (const key of Object.keys(group).filter((candidate) => /^\d+$/.test(candidate)).sort((a, b) => Number(a) - Number(b))) {
    const expression = group[key];
    if (!isObject(expression) || expression.LogicType !== 'Question') return undefined;
    if (key !== '0' && expression.Conjuction !== undefined && expression.Conjuction !== 'And') return undefined;
    const locator = String(expression.ChoiceLocator ?? expression.LeftOperand ?? '');
    const match = /^q:\/\/(QID\d+)\/(SelectableChoice|ChoiceNumericEntryValue|ChoiceTextEntryValue)\/(\d+)/.exec(locator);
    if (!match) return undefined;
    const target = byId.get(match[1]!);
    if (!target) return undefined;
    const operator = String(expression.Operator ?? '');
    const { question, values } = target;
    if (match[2] === 'SelectableChoice' && (operator === 'Selected' || operator === 'NotSelected')) {
      const value = values.get(match[3]!);
      if (value === undefined) return undefined;
      conditions.push({ questionId: question.id, operator: operator === 'Selected' ? 'equals' : 'not_equals', value });
      continue;
    }
    const comparison = COMPARISONS[operator];
    const right = Number(expression.RightOperand);
    if (question.type === 'nps' && comparison && Number.isFinite(right)) {
      if (comparison === 'gt') conditions.push({ questionId: question.id, operator: 'gte', value: Math.floor(right) + 1 });
      else if (comparison === 'lt') conditions.push({ questionId: question.id, operator: 'lte', value: Math.ceil(right) - 1 });
      else conditions.push({ questionId: question.id, operator: comparison, value: right });
      continue;
    }
    return undefined;
  }
  return conditions.length > 0 ? conditions : undefined;
}
