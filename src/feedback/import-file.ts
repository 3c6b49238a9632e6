import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { Readable } from 'node:stream';

/*
 * Reading an uploaded CSV or XLSX file into a header and data rows, each with the line number a
 * person sees in a text editor or a spreadsheet. No database, no mapping: import-mapping.ts turns the
 * rows into interactions or responses.
 *
 * CSV: UTF-8 (a byte-order mark is dropped) or UTF-16 with its byte-order mark (Excel's "Unicode
 * text"); the delimiter is guessed (`,` `;` tab `|`); empty lines are skipped; a quoted field may span
 * lines. A quote that is never closed would swallow the rest of the file, so that line is reported
 * and reading starts again on the next line; a malformed quote or a line with more fields than the
 * header is reported for its line only.
 *
 * XLSX: the first worksheet, read as a stream with a row limit (exceljs has not been maintained
 * lately, so an upload is never trusted with more than it needs). Dates become "YYYY-MM-DD HH:mm:ss"
 * wall-clock text, read later in the import's time zone, exactly like a date typed into a CSV.
 */

export const IMPORT_LIMITS = {
  /** Largest CSV upload, in bytes. */
  maxCsvBytes: 20 * 1024 * 1024,
  /** Largest XLSX upload, in bytes (compressed). */
  maxXlsxBytes: 10 * 1024 * 1024,
  /** Most data rows in one file. */
  maxRows: 100_000,
  /** Most columns in one file. */
  maxColumns: 300,
  /** Most lines with broken quoting before the file is refused as a whole. */
  maxQuoteResyncs: 100,
};

export type ImportFormat = 'csv' | 'xlsx';

export interface FileRow {
  /** 1-based line of the file (a CSV row spanning lines: its first line). */
  line: number;
  cells: string[];
  /** Why the row cannot be read (malformed quoting, too many fields); the row is then not imported. */
  problem?: string;
}

export interface ParsedFile {
  format: ImportFormat;
  /** CSV only: the delimiter used. */
  delimiter: string | null;
  /** The header's names, made unique and non-empty ("Column 4", "date (2)"). */
  columns: string[];
  headerLine: number;
  rows: FileRow[];
}

/** A problem with the file as a whole; `line` when one line is to blame. */
export class ImportFileError extends Error {
  constructor(
    message: string,
    readonly line: number | null = null,
    readonly code: 'invalid_file' | 'file_too_large' | 'too_many_rows' = 'invalid_file',
  ) {
    super(message);
  }
}

/** "xlsx" for an XLSX upload (by name, else by its ZIP signature), "csv" otherwise; the old .xls is refused. */
export function formatOf(fileName: string, bytes: Uint8Array): ImportFormat {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.xls')) throw new ImportFileError('the old binary .xls format is not supported; save the sheet as .xlsx or CSV (UTF-8)');
  if (lower.endsWith('.xlsx') || lower.endsWith('.xlsm')) return 'xlsx';
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  return zip ? 'xlsx' : 'csv';
}

export async function parseImportFile(bytes: Uint8Array, fileName: string, limits = IMPORT_LIMITS): Promise<ParsedFile> {
  const format = formatOf(fileName, bytes);
  const max = format === 'csv' ? limits.maxCsvBytes : limits.maxXlsxBytes;
  if (bytes.byteLength > max) {
    throw new ImportFileError(`the file is ${megabytes(bytes.byteLength)} MB; a ${format.toUpperCase()} import takes at most ${megabytes(max)} MB (split it)`, null, 'file_too_large');
  }
  return format === 'csv' ? parseCsv(decodeText(bytes), limits) : parseXlsx(bytes, limits);
}

function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 0);
}

// ---------- text ----------

/** The file's text: UTF-8 (BOM dropped) or UTF-16 with a BOM. Anything else is refused naming the line. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    const loose = new TextDecoder('utf-8').decode(body);
    const at = loose.indexOf('\uFFFD');
    const line = at < 0 ? null : loose.slice(0, at).split('\n').length;
    throw new ImportFileError(
      'the file is not UTF-8 text (perhaps GBK, Big5, Windows-1251 or Latin-2): save it as "CSV UTF-8" in Excel, or as UTF-8 in your editor',
      line,
    );
  }
}

function isBlank(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}

/** Header names as people will pick them: trimmed, never empty, never twice the same. */
function uniqueColumns(header: string[]): string[] {
  const seen = new Map<string, number>();
  return header.map((raw, index) => {
    const base = raw.replace(/^\uFEFF/, '').trim() || `Column ${index + 1}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base} (${count})`;
  });
}

// ---------- CSV ----------

/**
 * The delimiter: the most frequent of , ; tab | outside quotes on the first non-empty line (the
 * header). Papaparse's own guess averages over all lines and picks "," for a two-column tab file.
 */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>([[',', 0], [';', 0], ['\t', 0], ['|', 0]]);
  let quoted = false;
  let seen = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) {
      if (seen) break;
    } else {
      if (char.trim() !== '') seen = true;
      if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
    }
  }
  let best = ',';
  for (const [candidate, count] of counts) if (count > counts.get(best)!) best = candidate;
  return best;
}

export function parseCsv(text: string, limits = IMPORT_LIMITS): ParsedFile {
  const source = text.replace(/^\uFEFF/, '');
  let delimiter: string | undefined;
  let newline: string | undefined;
  let header: string[] | null = null;
  let headerLine = 0;
  const rows: FileRow[] = [];

  // Line numbers: rows come in order, so newlines are counted once, up to each row's start.
  let countedTo = 0;
  let linesBefore = 0;
  const lineAt = (offset: number) => {
    const mark = newline === '\r' ? '\r' : '\n';
    for (let at = source.indexOf(mark, countedTo); at !== -1 && at < offset; at = source.indexOf(mark, at + 1)) linesBefore += 1;
    countedTo = Math.max(countedTo, offset);
    return linesBefore + 1;
  };

  let offset = 0;
  let resyncs = 0;
  for (;;) {
    let restartAt = -1;
    let previousCursor = 0;
    const base = offset;
    delimiter ??= detectDelimiter(source);
    Papa.parse<string[]>(base === 0 ? source : source.slice(base), {
      delimiter,
      ...(newline ? { newline: newline as '\r\n' } : {}),
      skipEmptyLines: false,
      step(result, parser) {
        newline ??= result.meta.linebreak;
        const start = base + previousCursor;
        previousCursor = result.meta.cursor;
        const line = lineAt(start);
        const cells = result.data.map((cell) => (typeof cell === 'string' ? cell : String(cell ?? '')));
        const quoteErrors = result.errors.filter((error) => error.type === 'Quotes');
        const mark = newline === '\r' ? '\r' : '\n';
        const lineEnd = source.indexOf(mark, start);
        const spansLines = lineEnd !== -1 && lineEnd < base + result.meta.cursor - (newline?.length ?? 1);
        if (quoteErrors.length > 0 && (spansLines || quoteErrors.some((error) => error.code === 'MissingQuotes'))) {
          // A stray quote swallowed the lines after it: report this line, read on from the next one.
          if (header === null) throw new ImportFileError(`line ${line}: the header has a quote (") that is never closed`, line);
          rows.push({ line, cells: [], problem: `line ${line}: a quoted field starts on this line and its closing quote (") is missing or misplaced` });
          restartAt = lineEnd === -1 ? -2 : lineEnd + 1;
          parser.abort();
          return;
        }
        if (header === null) {
          if (isBlank(cells)) return;
          if (quoteErrors.length > 0) throw new ImportFileError(`line ${line}: the header has a malformed quote (")`, line);
          if (cells.length > limits.maxColumns) throw new ImportFileError(`the header has ${cells.length} columns; at most ${limits.maxColumns}`, line);
          header = cells;
          headerLine = line;
          return;
        }
        if (isBlank(cells)) return;
        if (rows.length >= limits.maxRows) {
          throw new ImportFileError(`the file has more than ${limits.maxRows.toLocaleString('en')} data rows; split it into smaller files`, line, 'too_many_rows');
        }
        if (quoteErrors.length > 0) {
          rows.push({ line, cells, problem: `line ${line}: a quoted field is malformed (text right after its closing quote, or a stray quote)` });
        } else if (cells.length > header.length && !isBlank(cells.slice(header.length))) {
          rows.push({ line, cells, problem: `line ${line} has ${cells.length} fields but the header has ${header.length} (a delimiter inside an unquoted value?)` });
        } else {
          rows.push({ line, cells: cells.slice(0, header.length) });
        }
      },
    });
    if (restartAt === -1) break;
    if (restartAt === -2) break;
    resyncs += 1;
    if (resyncs > limits.maxQuoteResyncs) throw new ImportFileError(`more than ${limits.maxQuoteResyncs} lines have unclosed quotes; is this a CSV file?`);
    offset = restartAt;
  }
  if (header === null) throw new ImportFileError('the file is empty: it needs a header line naming the columns');
  return { format: 'csv', delimiter: delimiter ?? ',', columns: uniqueColumns(header), headerLine, rows };
}

// ---------- XLSX ----------

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** A cell as the text a person sees; dates as wall-clock "YYYY-MM-DD HH:mm:ss" (Excel dates carry no zone). */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return '';
    const date = `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
    const time = `${pad(value.getUTCHours())}:${pad(value.getUTCMinutes())}:${pad(value.getUTCSeconds())}`;
    return `${date} ${time}`;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'string' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object') {
    const cell = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: string };
    if (Array.isArray(cell.richText)) return cell.richText.map((part) => part.text).join('');
    if ('result' in cell) return cellText(cell.result);
    if (cell.text !== undefined) return cellText(cell.text);
    if (cell.error) return '';
  }
  return '';
}

async function parseXlsx(bytes: Uint8Array, limits: typeof IMPORT_LIMITS): Promise<ParsedFile> {
  let header: string[] | null = null;
  let headerLine = 0;
  const rows: FileRow[] = [];
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(bytes)]), {
      worksheets: 'emit',
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'cache',
      entries: 'ignore',
    });
    for await (const worksheet of reader) {
      for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
        const values = Array.isArray(row.values) ? row.values.slice(1) : [];
        if (values.length > limits.maxColumns) throw new ImportFileError(`row ${row.number} has ${values.length} columns; at most ${limits.maxColumns}`, row.number);
        const cells = Array.from({ length: values.length }, (_, index) => cellText(values[index]));
        if (isBlank(cells)) continue;
        if (header === null) {
          header = cells;
          headerLine = row.number;
          continue;
        }
        if (rows.length >= limits.maxRows) {
          throw new ImportFileError(`the sheet has more than ${limits.maxRows.toLocaleString('en')} data rows; split it into smaller files`, row.number, 'too_many_rows');
        }
        const width = header.length;
        if (cells.length > width && !isBlank(cells.slice(width))) {
          rows.push({ line: row.number, cells, problem: `row ${row.number} has values in ${cells.length - width} column(s) without a header` });
        } else {
          rows.push({ line: row.number, cells: [...cells.slice(0, width), ...Array<string>(Math.max(0, width - cells.length)).fill('')] });
        }
      }
      break; // the first worksheet only
    }
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    throw new ImportFileError(`the file could not be read as an XLSX workbook (${(error as Error).message}); save it again as .xlsx or CSV (UTF-8)`);
  }
  if (header === null) throw new ImportFileError('the first worksheet is empty: it needs a header row naming the columns');
  return { format: 'xlsx', delimiter: null, columns: uniqueColumns(header), headerLine, rows };
}
