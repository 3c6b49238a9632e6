import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { neutraliseCell, type Answer } from './model.ts';
import type { ResponseWithKeys } from './responses.ts';

/*
 * Responses as a table (CSV or XLSX): fixed columns first, then one column per answer (a SERVQUAL
 * rating per grid part and dimension, a multiple choice joined by "; "). Every text cell goes
 * through neutraliseCell, so a comment like "=HYPERLINK(…)" stays text in the analyst's spreadsheet.
 */

type Cell = string | number | boolean | null;

const FIXED_COLUMNS = [
  'responseId',
  'submittedAt',
  'surveyKey',
  'surveyVersion',
  'journeyKey',
  'momentKey',
  'journeyVersion',
  'locationId',
  'locationCode',
  'staffId',
  'visitId',
  'customerExternalId',
  'channel',
  'locale',
  'nps',
  'csat',
  'ces',
  'consent',
  'comment',
  'source',
  'externalId',
] as const;

function flattenAnswer(prefix: string, answer: Answer, into: Map<string, Cell>): void {
  if (Array.isArray(answer)) into.set(prefix, answer.join('; '));
  else if (answer !== null && typeof answer === 'object') {
    for (const [part, ratings] of Object.entries(answer)) {
      for (const [dimension, value] of Object.entries(ratings ?? {})) into.set(`${prefix}.${part}.${dimension}`, value as number);
    }
  } else into.set(prefix, answer);
}

export interface ResponseTable {
  columns: string[];
  rows: Cell[][];
}

export function responseTable(responses: ResponseWithKeys[], locationCodes: Map<string, string | null>): ResponseTable {
  const answerCells = responses.map((response) => {
    const cells = new Map<string, Cell>();
    for (const [id, answer] of Object.entries(response.answers)) flattenAnswer(`answer.${id}`, answer, cells);
    return cells;
  });
  const answerColumns = [...new Set(answerCells.flatMap((cells) => [...cells.keys()]))].sort();
  const rows = responses.map((response, index) => {
    const fixed: Record<(typeof FIXED_COLUMNS)[number], Cell> = {
      responseId: response.responseId,
      submittedAt: response.submittedAt.toISOString(),
      surveyKey: response.surveyKey,
      surveyVersion: response.surveyVersion,
      journeyKey: response.journeyKey,
      momentKey: response.momentKey,
      journeyVersion: response.journeyVersion,
      locationId: response.locationId,
      locationCode: response.locationId ? (locationCodes.get(response.locationId) ?? null) : null,
      staffId: response.staffId,
      visitId: response.visitId,
      customerExternalId: response.customerExternalId,
      channel: response.channel,
      locale: response.locale,
      nps: response.nps,
      csat: response.csat,
      ces: response.ces,
      consent: response.consent,
      comment: response.comment,
      source: response.source,
      externalId: response.externalId,
    };
    const cells = answerCells[index]!;
    return [...FIXED_COLUMNS.map((column) => fixed[column]), ...answerColumns.map((column) => cells.get(column) ?? null)].map(safeCell);
  });
  return { columns: [...FIXED_COLUMNS, ...answerColumns], rows };
}

function safeCell(cell: Cell): Cell {
  return typeof cell === 'string' ? neutraliseCell(cell) : cell;
}

/** UTF-8 with a byte-order mark: without it Excel reads Chinese and Cyrillic as mojibake. */
export function toCsv(table: ResponseTable): string {
  return `\uFEFF${Papa.unparse({ fields: table.columns, data: table.rows.map((row) => row.map((cell) => (cell === null ? '' : cell))) }, { newline: '\r\n' })}`;
}

export async function toXlsx(table: ResponseTable): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('responses');
  sheet.addRow(table.columns);
  sheet.getRow(1).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row);
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
