import JSON5 from 'json5';
import { Compile } from 'typebox/compile';
import type { Db } from '../platform/database.ts';
import { AppError, badRequest, conflict } from '../platform/errors.ts';
import type { Locale } from '../platform/locales.ts';
import { hasAnyText, type SurveyFormat, type SurveyImportReport } from './imports/common.ts';
import { convertQualtrics, looksLikeQualtrics } from './imports/qualtrics.ts';
import { convertSurveyJs, looksLikeSurveyJs, type ConvertedSurvey } from './imports/surveyjs.ts';
import { isValidKey, normaliseDefinition, validateDefinition, type Problem, type SurveyDefinitionInput, type TranslatableText } from './model.ts';
import { SurveyDefinitionSchema } from './schemas.ts';
import { createSurvey, fallbackOf, findSurvey, saveSurveyDraft, type SurveyRow } from './store.ts';

/*
 * Survey definitions from other tools: SurveyJS JSON (also the JavaScript module many SurveyJS
 * examples ship: `export const json = { … }`) and Qualtrics .qsf. The result is always a DRAFT —
 * a new survey, or (asked for explicitly) the draft of an existing one; published versions are never
 * touched. Every question or feature that could not be mapped is in the report.
 */

export type { SurveyFormat, SurveyImportReport };
export const SURVEY_FORMATS = ['surveyjs', 'qualtrics'] as const;
/** Largest definition file read (a Qualtrics export with many translations is a few MB). */
export const SURVEY_FILE_MAX_BYTES = 8 * 1024 * 1024;

export class SurveyFileError extends AppError {
  constructor(message: string) {
    super(400, 'invalid_file', message, 'source');
  }
}

/** A JavaScript module around the JSON (`export const json = {…};`, `module.exports = {…}`, `var survey = {…}`). */
const MODULE_PREFIX = /^\s*(?:export\s+default\s+|export\s+(?:const|let|var)\s+[\w$]+\s*=\s*|module\.exports\s*=\s*|(?:const|let|var)\s+[\w$]+\s*=\s*)/;

/**
 * The file's JSON value; invalid JSON is refused naming the line and column. What strict JSON refuses
 * is read again as JSON5 (comments, trailing commas, unquoted keys: what a SurveyJS JavaScript module
 * holds), which also knows where a real syntax error is.
 */
export function parseSurveySource(text: string): unknown {
  const source = text.replace(/^\uFEFF/, '');
  if (source.trim() === '') throw new SurveyFileError('the file is empty');
  try {
    return JSON.parse(source);
  } catch {
    const module = MODULE_PREFIX.exec(source);
    const body = module ? source.slice(module[0].length).replace(/;\s*(?:export\s+default\s+[\w$]+\s*;?\s*)?$/, '') : source;
    const skippedLines = module ? module[0].split('\n').length - 1 : 0;
    const skippedColumns = module && !module[0].includes('\n') ? module[0].length : 0;
    try {
      return JSON5.parse(body);
    } catch (error) {
      const { lineNumber, columnNumber } = error as { lineNumber?: number; columnNumber?: number };
      const where = lineNumber ? ` at line ${lineNumber + skippedLines}, column ${(columnNumber ?? 0) + (lineNumber === 1 ? skippedColumns : 0)}` : '';
      const what = module ? 'the file is a JavaScript module whose survey object is not valid' : 'the file is not valid JSON';
      throw new SurveyFileError(`${what}${where}: ${(error as Error).message.replace(/^JSON5: /, '').replace(/ at \d+:\d+$/, '')}`);
    }
  }
}

export function detectSurveyFormat(value: unknown): SurveyFormat | undefined {
  if (looksLikeQualtrics(value)) return 'qualtrics';
  if (looksLikeSurveyJs(value)) return 'surveyjs';
  return undefined;
}

/** Converts a file's text (no database): the draft definition, its name and the report. */
export function convertSurveyFile(text: string, options: { format?: SurveyFormat | undefined; fallbackLocale: Locale }): ConvertedSurvey {
  const value = parseSurveySource(text);
  const detected = detectSurveyFormat(value);
  const format = options.format ?? detected;
  if (!format) {
    throw new SurveyFileError('this is neither a SurveyJS survey (an object with "pages" or "elements") nor a Qualtrics export (.qsf: "SurveyEntry" and "SurveyElements")');
  }
  if (options.format && detected !== options.format) {
    throw new SurveyFileError(`the file does not look like a ${options.format === 'qualtrics' ? 'Qualtrics .qsf export' : 'SurveyJS survey'}${detected ? ` (it looks like ${detected})` : ''}`);
  }
  const converted = format === 'qualtrics' ? convertQualtrics(value as Record<string, unknown>, options) : convertSurveyJs(value as Record<string, unknown>, options);
  return converted;
}

const checkDefinition = Compile(SurveyDefinitionSchema);

export interface SurveyImportInput {
  source: string;
  format?: SurveyFormat | undefined;
  key: string;
  name?: TranslatableText | undefined;
  fallbackLocale: Locale;
  /** transactional surveys name the journey (and moment) they are about. */
  about?: { journeyKey: string; momentKey?: string } | undefined;
  /** Put the import into the draft of an existing survey with this key instead of refusing (409). */
  replaceDraft?: boolean | undefined;
  createdBy: string | null;
  now: Date;
}

export interface SurveyImportResult {
  created: boolean;
  survey: SurveyRow;
  report: SurveyImportReport;
  problems: Problem[];
}

/** Imports a definition as a draft; the survey's published versions, if any, are never changed. */
export async function importSurveyDefinition(db: Db, orgId: string, input: SurveyImportInput): Promise<SurveyImportResult> {
  if (!isValidKey(input.key)) throw badRequest('key', `"${input.key}" is not a valid key (lowercase letters, digits, - and _)`);
  const converted = convertSurveyFile(input.source, { format: input.format, fallbackLocale: input.fallbackLocale });
  const fallbackLocale = converted.fallbackLocale;
  const definitionInput: SurveyDefinitionInput = input.about ? { ...converted.definition, kind: 'transactional', about: input.about } : converted.definition;
  if (!checkDefinition.Check(definitionInput)) {
    const first = [...checkDefinition.Errors(definitionInput)][0];
    throw new AppError(400, 'invalid_file', `the converted survey is not valid at ${first?.instancePath || '/'}: ${first?.message ?? 'unknown problem'}`, 'source');
  }
  const definition = normaliseDefinition(definitionInput);
  const name = input.name && hasAnyText(input.name) ? input.name : converted.name;
  const existing = await findSurvey(db, orgId, input.key);
  let survey: SurveyRow;
  if (existing) {
    if (!input.replaceDraft) throw conflict(`a survey with the key "${input.key}" already exists; choose another key, or replace its draft (replaceDraft: true)`, 'key');
    survey = await saveSurveyDraft(db, orgId, input.key, { definition, updatedBy: input.createdBy, now: input.now });
  } else {
    survey = await createSurvey(db, orgId, { key: input.key, name: { ...name, [fallbackLocale]: name[fallbackLocale] ?? Object.values(name)[0] ?? input.key }, fallbackLocale, definition, createdBy: input.createdBy });
  }
  return { created: !existing, survey, report: converted.report, problems: validateDefinition(definition, fallbackOf(survey)) };
}
