import { SERVQUAL_DIMENSIONS, type Question, type SurveyDefinition } from './model.ts';

/*
 * From a file's row to an interaction or response item for the batch ingest functions: which file
 * column fills which field (suggested from the header names in our five languages), and the
 * conversions a spreadsheet needs (local date formats, decimal commas, "yes"/"是"/"igen", option
 * labels instead of option ids). Everything else — required fields, formats, ranges, unknown
 * locations and moments — is left to the ingest functions, which report it per item; this file
 * only reports what it could not convert.
 */

export const IMPORT_KINDS = ['interactions', 'responses'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export const DATE_ORDERS = ['auto', 'dmy', 'mdy', 'ymd'] as const;
export type DateOrder = (typeof DATE_ORDERS)[number];

type FieldType = 'text' | 'datetime' | 'number' | 'integer' | 'answer';

export interface ImportField {
  field: string;
  required: boolean;
  type: FieldType;
  description: string;
}

const f = (field: string, type: FieldType, required: boolean, description: string): ImportField => ({ field, type, required, description });

const CUSTOMER_FIELDS: ImportField[] = [
  f('customer.name', 'text', false, 'Customer name'),
  f('customer.email', 'text', false, 'Customer e-mail'),
  f('customer.phone', 'text', false, 'Customer phone'),
  f('customer.locale', 'text', false, 'Customer language (BCP 47: zh-TW, hu, …)'),
];

export const IMPORT_FIELDS: Record<ImportKind, ImportField[]> = {
  interactions: [
    f('externalId', 'text', true, 'Your id of the interaction (a re-import with the same id does not duplicate)'),
    f('momentKey', 'text', true, 'Moment key in a published journey'),
    f('journeyKey', 'text', false, 'Journey key (needed when the moment key is in several journeys)'),
    f('occurredAt', 'datetime', true, 'When it happened'),
    f('locationCode', 'text', true, 'Location business code'),
    f('channel', 'text', true, 'in_person, phone, web, app, email, sms, social'),
    f('customer.externalId', 'text', true, 'Your customer id'),
    f('visitId', 'text', false, 'Groups the moments of one visit'),
    f('staffId', 'text', false, 'Staff identifier'),
    ...CUSTOMER_FIELDS,
    f('metrics.waitSeconds', 'number', false, 'Waiting time in seconds'),
    f('metrics.handleSeconds', 'number', false, 'Handling time in seconds'),
    f('outcome', 'text', false, 'Outcome code (resolved, sale, complaint…)'),
  ],
  responses: [
    f('externalId', 'text', true, 'Your id of the response (a re-import with the same id does not duplicate)'),
    f('surveyKey', 'text', true, 'Survey key'),
    f('submittedAt', 'datetime', true, 'When the customer answered'),
    f('channel', 'text', true, 'web, email, sms, qr, kiosk, widget, app, phone, in_person, other'),
    f('surveyVersion', 'integer', false, 'Published version (latest when empty)'),
    f('locale', 'text', false, 'Language of the answers: en, zh-CN, zh-TW, ru, hu'),
    f('interactionExternalId', 'text', false, 'The interaction the answers are about'),
    f('journeyKey', 'text', false, 'Journey key'),
    f('momentKey', 'text', false, 'Moment key'),
    f('locationCode', 'text', false, 'Location business code'),
    f('staffId', 'text', false, 'Staff identifier'),
    f('visitId', 'text', false, 'Visit id'),
    f('customer.externalId', 'text', false, 'Your customer id'),
    ...CUSTOMER_FIELDS,
  ],
};

/** The answer fields of a survey's questions (a SERVQUAL grid: one per dimension and part), for a mapping form. */
export function answerFields(definition: SurveyDefinition): ImportField[] {
  return definition.questions.flatMap((question): ImportField[] => {
    const title = Object.values(question.title).find((text) => typeof text === 'string' && text.trim() !== '') ?? question.id;
    if (question.type !== 'servqual') return [f(`answers.${question.id}`, 'answer', false, `${question.type}: ${title}`)];
    const parts = question.expectation ? (['perception', 'expectation'] as const) : (['perception'] as const);
    return parts.flatMap((part) => (question.dimensions ?? SERVQUAL_DIMENSIONS).map((dimension) => f(`answers.${question.id}.${part}.${dimension}`, 'answer', false, `SERVQUAL ${part}, ${dimension} (1–7): ${title}`)));
  });
}

/** Fields a file may fill besides the fixed ones: customer attributes and (responses) answers. */
export function isDynamicField(kind: ImportKind, field: string): boolean {
  if (/^customer\.attributes\.[^.]{1,64}$/.test(field)) return true;
  return kind === 'responses' && /^answers\.[a-z0-9]+(?:[-_][a-z0-9]+)*(?:\.(?:perception|expectation)\.[a-z]+)?$/.test(field);
}

export function isKnownField(kind: ImportKind, field: string): boolean {
  return IMPORT_FIELDS[kind].some((candidate) => candidate.field === field) || isDynamicField(kind, field);
}

// ---------- suggestions by header name ----------

/** Header names people use for each field, in en, zh-CN, zh-TW, ru and hu (compared loosely). */
const SYNONYMS: Record<string, string[]> = {
  externalId: ['external id', 'id', 'record id', 'interaction id', 'ref', 'reference', '编号', '編號', '外部编号', '外部編號', '记录编号', '記錄編號', '流水号', '流水號', 'внешний id', 'идентификатор', 'номер', 'ид', 'azonosító', 'külső azonosító', 'sorszám'],
  momentKey: ['moment', 'moment key', 'touchpoint', 'touch point', '时刻', '時刻', '关键时刻', '關鍵時刻', '触点', '觸點', 'момент', 'ключевой момент', 'точка контакта', 'pillanat', 'kulcspillanat', 'érintkezési pont'],
  journeyKey: ['journey', 'journey key', '旅程', '客户旅程', '顧客旅程', '客戶旅程', 'путь', 'путь клиента', 'ügyfélút'],
  occurredAt: ['occurred at', 'occurred', 'date', 'time', 'datetime', 'date time', 'timestamp', 'when', '时间', '日期', '時間', '日期时间', '日期時間', '发生时间', '發生時間', 'дата', 'время', 'дата и время', 'dátum', 'időpont', 'idő'],
  submittedAt: ['submitted at', 'submitted', 'response date', 'answered at', 'date', 'time', 'datetime', 'timestamp', '提交时间', '提交時間', '日期', '时间', '時間', 'дата', 'время', 'дата ответа', 'beküldve', 'beküldés ideje', 'dátum', 'időpont'],
  locationCode: ['location', 'location code', 'outlet', 'store', 'branch', 'site', 'shop', '门店', '門市', '网点', '網點', '门店编号', '門市代碼', '分店', '地点', '地點', 'точка', 'отделение', 'филиал', 'магазин', 'код точки', 'helyszín', 'üzlet', 'fiók', 'telephely'],
  channel: ['channel', '渠道', '通路', 'канал', 'csatorna'],
  'customer.externalId': ['customer', 'customer id', 'customerexternalid', 'client', 'client id', '客户', '客户编号', '客戶', '客戶編號', '顧客', '顧客編號', 'клиент', 'id клиента', 'номер клиента', 'ügyfél', 'ügyfélazonosító', 'ügyfél azonosító'],
  visitId: ['visit', 'visit id', 'ticket', 'episode', '来访', '來訪', '来访编号', '來訪編號', '访问编号', 'визит', 'посещение', 'номер визита', 'látogatás', 'látogatás azonosító'],
  staffId: ['staff', 'staff id', 'employee', 'employee id', 'agent', '员工', '員工', '工号', '工號', '员工编号', '員工編號', 'сотрудник', 'табельный номер', 'munkatárs', 'dolgozó', 'ügyintéző'],
  'customer.name': ['name', 'customer name', 'client name', '姓名', '客户姓名', '客戶姓名', '顧客姓名', 'имя', 'фио', 'имя клиента', 'név', 'ügyfél neve'],
  'customer.email': ['email', 'e mail', 'mail', 'customer email', '邮箱', '电子邮件', '電子郵件', '郵箱', 'почта', 'электронная почта', 'email cím', 'e mail cím'],
  'customer.phone': ['phone', 'mobile', 'telephone', 'tel', 'customer phone', '电话', '手机', '電話', '手機', 'телефон', 'telefon', 'telefonszám', 'mobil'],
  'customer.locale': ['customer locale', 'customer language', '客户语言', '客戶語言', 'язык клиента', 'ügyfél nyelve'],
  locale: ['locale', 'language', 'lang', '语言', '語言', 'язык', 'nyelv'],
  'metrics.waitSeconds': ['wait', 'wait seconds', 'waiting time', 'wait time', '等待时间', '等候时间', '等候時間', '等待時間', 'ожидание', 'время ожидания', 'várakozás', 'várakozási idő'],
  'metrics.handleSeconds': ['handle', 'handle seconds', 'handling time', 'service time', '办理时间', '辦理時間', '处理时间', '處理時間', 'время обслуживания', 'ügyintézési idő', 'kiszolgálási idő'],
  outcome: ['outcome', 'result', 'status', '结果', '結果', 'результат', 'итог', 'eredmény'],
  surveyKey: ['survey', 'survey key', '问卷', '問卷', '调查', '調查', 'опрос', 'анкета', 'kérdőív', 'felmérés'],
  surveyVersion: ['survey version', 'version', '版本', '问卷版本', '問卷版本', 'версия', 'verzió'],
  interactionExternalId: ['interaction', 'interaction id', 'interaction external id', '交互', '互动编号', '互動編號', 'взаимодействие', 'interakció'],
};

/** Loose comparison of header names: case, width, spaces, underscores, dots and dashes do not matter. */
export function normaliseHeader(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-./:()（）[\]【】·•]+/g, '');
}

export interface SuggestOptions {
  /** Questions of the survey the file answers (responses): a column named by a question's id or title maps to it. */
  questions?: readonly Question[];
}

/**
 * A column for each field whose name the header resembles: exact field names first (our own exports
 * use them), then the names in SYNONYMS. Each column is given to one field at most. Unmatched columns
 * are left alone (the person maps them or leaves them out).
 */
export function suggestMapping(kind: ImportKind, columns: readonly string[], options: SuggestOptions = {}): Record<string, string> {
  const mapping: Record<string, string> = {};
  const taken = new Set<string>();
  const byName = new Map<string, string>();
  for (const column of columns) if (!byName.has(normaliseHeader(column))) byName.set(normaliseHeader(column), column);
  const give = (field: string, names: readonly string[]) => {
    if (mapping[field]) return;
    for (const name of names) {
      const column = byName.get(normaliseHeader(name));
      if (column && !taken.has(column)) {
        mapping[field] = column;
        taken.add(column);
        return;
      }
    }
  };
  const fields = IMPORT_FIELDS[kind].map((field) => field.field);
  // Exact field names and our export's names win over synonyms.
  for (const field of fields) give(field, [field, field.replace(/^customer\./, 'customer ')]);
  if (kind === 'responses') give('customer.externalId', ['customerExternalId']);
  // The answers of our own export (`answer.<id>`, `answer.<id>.perception.<dimension>`), or columns named by question.
  if (kind === 'responses') {
    for (const column of columns) {
      const match = /^answers?\.([a-z0-9]+(?:[-_][a-z0-9]+)*(?:\.(?:perception|expectation)\.[a-z]+)?)$/.exec(column.trim());
      if (match && !taken.has(column)) {
        mapping[`answers.${match[1]}`] = column;
        taken.add(column);
      }
    }
    for (const question of options.questions ?? []) {
      if (question.type === 'servqual') {
        for (const dimension of question.dimensions ?? SERVQUAL_DIMENSIONS) {
          give(`answers.${question.id}.perception.${dimension}`, [`${question.id}.perception.${dimension}`, `${question.id} ${dimension}`]);
          if (question.expectation) give(`answers.${question.id}.expectation.${dimension}`, [`${question.id}.expectation.${dimension}`]);
        }
        continue;
      }
      give(`answers.${question.id}`, [question.id, ...Object.values(question.title).filter((text): text is string => typeof text === 'string')]);
    }
  }
  for (const field of fields) give(field, SYNONYMS[field] ?? []);
  for (const column of columns) {
    const match = /^(?:customer\.)?attributes?\.(.{1,64})$/i.exec(column.trim());
    if (match && !taken.has(column)) {
      mapping[`customer.attributes.${match[1]}`] = column;
      taken.add(column);
    }
  }
  return mapping;
}

// ---------- dates ----------

export interface DateContext {
  /** IANA zone for dates written without an offset. */
  timezone: string;
  dateOrder: DateOrder;
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Milliseconds the zone is ahead of UTC at the instant `utc`. */
function zoneOffset(utc: number, timezone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(utc));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
  return asUtc - Math.floor(utc / 1000) * 1000;
}

/** A wall-clock time in a zone → the instant (the first one when clocks go back, shifted on when they skip). */
export function zonedToUtc(wall: { year: number; month: number; day: number; hour: number; minute: number; second: number }, timezone: string): Date {
  const naive = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  let guess = naive - zoneOffset(naive, timezone);
  guess = naive - zoneOffset(guess, timezone);
  return new Date(guess);
}

const TIME = String.raw`(\d{1,2})(?::|时|時|h)(\d{2})(?:(?::|分)(\d{2})(?:[.,]\d+)?秒?)?\s*(am|pm|a\.m\.|p\.m\.|上午|下午|de\.|du\.)?`;
const OFFSET = String.raw`(z|[+-]\d{2}:?\d{2})?`;
const PATTERNS = {
  iso: /^\d{4}-\d{2}-\d{2}t\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})$/,
  ymd: new RegExp(String.raw`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[.日号號]?(?:[\sT,]+${TIME})?\s*${OFFSET}$`),
  other: new RegExp(String.raw`^(\d{1,2})\s*([-/.])\s*(\d{1,2})\s*[-/.]\s*(\d{4}|\d{2})\.?(?:[\sT,]+${TIME})?\s*${OFFSET}$`),
};

/** For "03/04/2026": which order the file's dates use, decided from every value of the column. */
export function detectDateOrder(values: Iterable<string>): { order: 'dmy' | 'mdy' } | { ambiguous: true } | { order: null } {
  let dmy = false;
  let mdy = false;
  let slashes = false;
  for (const raw of values) {
    const match = PATTERNS.other.exec(raw.trim().toLowerCase());
    if (!match) continue;
    if (match[2] === '/') slashes = true;
    const first = Number(match[1]);
    const second = Number(match[3]);
    if (first > 12) dmy = true;
    if (second > 12) mdy = true;
  }
  if (dmy && !mdy) return { order: 'dmy' };
  if (mdy && !dmy) return { order: 'mdy' };
  if (slashes && !dmy && !mdy) return { ambiguous: true };
  return { order: null };
}

/**
 * Reads a date/time as people write it: ISO 8601 (with or without an offset), "2026-11-20 09:30",
 * "2026/11/20 9:30", "2026. 11. 20. 9:30" (hu), "2026年11月20日 09:30" (zh), "20.11.2026 09:30" (ru),
 * "20/11/2026" or "11/20/2026 9:30 PM" (the column's order, or `dateOrder`). A value without an offset
 * is a wall-clock time in `timezone`. Returns ISO 8601 in UTC, or undefined when it cannot be read.
 */
export function parseDateTime(raw: string, context: DateContext): string | undefined {
  const text = raw.trim().toLowerCase().replace(/\s+/g, ' ');
  if (text === '') return undefined;
  if (PATTERNS.iso.test(text)) {
    const at = new Date(text.toUpperCase());
    return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
  }
  let year: number;
  let month: number;
  let day: number;
  let time: (string | undefined)[];
  let offset: string | undefined;
  const ymd = PATTERNS.ymd.exec(text);
  const other = ymd ? null : PATTERNS.other.exec(text);
  if (ymd) {
    [year, month, day] = [Number(ymd[1]), Number(ymd[2]), Number(ymd[3])];
    time = ymd.slice(4, 8);
    offset = ymd[8];
  } else if (other) {
    const [a, separator, b, y] = [Number(other[1]), other[2], Number(other[3]), other[4]!];
    year = y.length === 2 ? 2000 + Number(y) : Number(y);
    // Dots and dashes are day-first everywhere we serve; slashes follow the column (or the setting).
    const order = context.dateOrder === 'mdy' || (context.dateOrder === 'auto' && separator === '/' && a <= 12 && b > 12) ? 'mdy' : 'dmy';
    if (context.dateOrder === 'auto' && separator === '/' && a <= 12 && b <= 12) return undefined;
    [day, month] = order === 'mdy' ? [b, a] : [a, b];
    time = other.slice(5, 9);
    offset = other[9];
  } else {
    return undefined;
  }
  let hour = time[0] === undefined ? 0 : Number(time[0]);
  const minute = time[1] === undefined ? 0 : Number(time[1]);
  const second = time[2] === undefined ? 0 : Number(time[2]);
  const meridiem = time[3];
  if (meridiem) {
    if (hour < 1 || hour > 12) return undefined;
    const pm = ['pm', 'p.m.', '下午', 'du.'].includes(meridiem);
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1) return undefined;
  if (offset) {
    const sign = offset === 'z' ? 0 : offset.startsWith('-') ? -1 : 1;
    const digits = offset.replace(/[^0-9]/g, '');
    const minutes = sign === 0 ? 0 : sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
    return new Date(Date.UTC(year, month - 1, day, hour, minute, second) - minutes * 60_000).toISOString();
  }
  return zonedToUtc({ year, month, day, hour, minute, second }, context.timezone).toISOString();
}

// ---------- values ----------

/** "1 234,5", "1,234.5", "240" → a number; undefined when it is not one. */
export function parseNumber(raw: string): number | undefined {
  let text = raw.trim().replace(/[\s\u00a0\u202f']/g, '');
  if (text === '') return undefined;
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) text = text.replace(/,/g, '');
  else if (/^-?\d+,\d+$/.test(text)) text = text.replace(',', '.');
  if (!/^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

const TRUE_WORDS = ['true', 'yes', 'y', '1', 'x', '是', '对', '對', '同意', 'да', 'igen', 'i'];
const FALSE_WORDS = ['false', 'no', 'n', '0', '否', '不', '不同意', 'нет', 'nem'];

/** An answer cell read for its question; what cannot be read is kept as text for the answer check to report. */
export function answerValue(question: Question | undefined, raw: string): unknown {
  const text = raw.trim();
  if (!question) {
    const number = parseNumber(text);
    return number !== undefined && Number.isInteger(number) ? number : text;
  }
  const optionId = (value: string) => {
    const wanted = value.trim();
    const lower = wanted.toLowerCase();
    const found =
      question.options?.find((option) => option.id === wanted) ??
      question.options?.find((option) => Object.values(option.label).some((label) => typeof label === 'string' && label.trim().toLowerCase() === lower));
    return found ? found.id : wanted;
  };
  switch (question.type) {
    case 'nps':
    case 'csat':
    case 'ces':
    case 'moment_rating':
    case 'servqual': {
      const number = parseNumber(text);
      return number === undefined ? text : number;
    }
    case 'single_choice':
      return optionId(text);
    case 'multiple_choice': {
      // Our export joins choices with "; "; other tools use , or |. An option label with a comma still matches whole.
      if (question.options?.some((option) => option.id === text || Object.values(option.label).includes(text))) return [optionId(text)];
      return [...new Set(text.split(/\s*[;|,，；]\s*/).filter((item) => item !== '').map(optionId))];
    }
    case 'consent': {
      const lower = text.toLowerCase();
      if (TRUE_WORDS.includes(lower)) return true;
      if (FALSE_WORDS.includes(lower)) return false;
      return text;
    }
    default:
      return text;
  }
}

// ---------- a row → an item ----------

export interface RowIssue {
  field: string;
  column: string | null;
  message: string;
}

export interface RowContext {
  kind: ImportKind;
  /** field → column name */
  mapping: Record<string, string>;
  /** field → value used when the field has no column or its cell is empty */
  defaults: Record<string, string>;
  /** column name → index in the row */
  columnIndex: Map<string, number>;
  dates: DateContext;
  /** The survey version the row answers (responses), for reading its answers. */
  definitionOf?: (surveyKey: string | undefined, version: number | undefined) => SurveyDefinition | undefined;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown) {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}

const fieldTypes = new Map(Object.values(IMPORT_FIELDS).flat().map((field) => [field.field, field.type] as const));

/** The item a row stands for, or the fields it could not convert (the row is then not sent). */
export function rowToItem(cells: readonly string[], context: RowContext): { item: Record<string, unknown>; issues: RowIssue[] } {
  const item: Record<string, unknown> = {};
  const issues: RowIssue[] = [];
  const fields = new Set([...Object.keys(context.mapping), ...Object.keys(context.defaults)]);
  const valueOf = (field: string): { raw: string; column: string | null } | undefined => {
    const column = context.mapping[field];
    const index = column === undefined ? undefined : context.columnIndex.get(column);
    const cell = index === undefined ? '' : (cells[index] ?? '');
    if (cell.trim() !== '') return { raw: cell, column: column! };
    const fallback = context.defaults[field];
    return fallback !== undefined && fallback.trim() !== '' ? { raw: fallback, column: null } : undefined;
  };
  const answerFields: string[] = [];
  for (const field of fields) {
    if (field.startsWith('answers.')) {
      answerFields.push(field);
      continue;
    }
    const found = valueOf(field);
    if (!found) continue;
    const path = field.split('.');
    if (field.startsWith('customer.attributes.')) {
      setPath(item, ['customer', 'attributes', field.slice('customer.attributes.'.length)], found.raw.trim());
      continue;
    }
    switch (fieldTypes.get(field)) {
      case 'datetime': {
        const iso = parseDateTime(found.raw, context.dates);
        if (iso) setPath(item, path, iso);
        else {
          const ambiguous = context.dates.dateOrder === 'auto' && /^\s*\d{1,2}\s*\/\s*\d{1,2}\s*\//.test(found.raw);
          issues.push({
            field,
            column: found.column,
            message: ambiguous
              ? `${field}: "${found.raw.trim()}" can be read as day/month or month/day; choose the date order`
              : `${field}: "${found.raw.trim()}" is not a date and time we can read (e.g. 2026-11-20 09:30, 20.11.2026 09:30, 2026/11/20, ISO 8601)`,
          });
        }
        break;
      }
      case 'number':
      case 'integer': {
        const number = parseNumber(found.raw);
        if (number === undefined) issues.push({ field, column: found.column, message: `${field}: "${found.raw.trim()}" is not a number` });
        else setPath(item, path, number);
        break;
      }
      default:
        setPath(item, path, found.raw.trim());
    }
  }
  if (answerFields.length > 0) {
    const surveyKey = typeof item.surveyKey === 'string' ? item.surveyKey : undefined;
    const version = typeof item.surveyVersion === 'number' ? item.surveyVersion : undefined;
    const definition = context.definitionOf?.(surveyKey, version);
    const answers: Record<string, unknown> = {};
    for (const field of answerFields) {
      const found = valueOf(field);
      if (!found) continue;
      const [, questionId, part, dimension] = field.split('.');
      const question = definition?.questions.find((candidate) => candidate.id === questionId);
      const value = answerValue(question, found.raw);
      if (part && dimension) setPath(answers, [questionId!, part, dimension], value);
      else answers[questionId!] = value;
    }
    item.answers = answers;
  }
  return { item, issues };
}

/** The column a field of an ingest error was read from (`customer.externalId` → its column; `answers.q.perception.x` → the longest mapped prefix). */
export function columnOfField(mapping: Record<string, string>, field: string): string | null {
  for (let path = field; path !== ''; path = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '') {
    const column = mapping[path];
    if (column !== undefined) return column;
  }
  return null;
}
