import { Command, InvalidArgumentError, Option } from 'commander';
import ExcelJS from 'exceljs';
import { open, readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import Papa from 'papaparse';
import {
  analyzeTable,
  type AnalyzeOptions,
  type AnalyzeResult,
  type Cell,
  type GroupScores,
  type NpsMethod,
  type ParsedTable,
  type PeakRule,
  type RatingColumn,
} from '../stats/index.ts';

// `keymoment analyze FILE`: reads a CSV or XLSX file of moment ratings and prints a report
// (or, with --json, the AnalyzeResult documented in docs/stats.md). No server, no database.
// Only the file reading lives here; the analysis is src/stats/analyze-table.ts (pure).

/** Limits that keep a hostile or mistaken file from exhausting memory. */
export const ANALYZE_LIMITS = {
  /** Largest CSV file read, in bytes. */
  maxCsvBytes: 200 * 1024 * 1024,
  /** Largest XLSX file read, in bytes (compressed; exceljs is unmaintained lately, so parse little). */
  maxXlsxBytes: 25 * 1024 * 1024,
  /** Most data rows read from a file. */
  maxRows: 1_000_000,
};

export interface ReadOptions {
  maxRows?: number;
  maxBytes?: number;
}

export interface AnalyzeIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** An error about the file as a whole (not a single row): unreadable, too large, malformed. */
export class AnalyzeFileError extends Error {}

type FileKind = 'csv' | 'xlsx';

async function kindOf(path: string): Promise<FileKind> {
  const ext = extname(path).toLowerCase();
  if (ext === '.xlsx' || ext === '.xlsm') return 'xlsx';
  if (ext === '.xls') throw new AnalyzeFileError(`${basename(path)}: the old binary .xls format is not supported; save it as .xlsx or CSV`);
  if (ext === '.csv' || ext === '.tsv' || ext === '.txt') return 'csv';
  // Unknown extension: an XLSX file is a ZIP archive ("PK\x03\x04").
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    await handle.read(head, 0, 4, 0);
    return head.toString('latin1') === 'PK\x03\x04' ? 'xlsx' : 'csv';
  } finally {
    await handle.close();
  }
}

/** The delimiter of the header line: the most frequent of , ; and tab outside quotes (default ","). */
function detectDelimiter(text: string): string {
  const counts = new Map<string, number>([[',', 0], [';', 0], ['\t', 0]]);
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const [d, c] of counts) if (c > counts.get(best)!) best = d;
  return best;
}

function isBlank(values: readonly Cell[]): boolean {
  return values.every((v) => v === null || v === undefined || (typeof v === 'string' && v.trim() === ''));
}

/** Parses CSV text into a header and data rows carrying their 1-based line numbers in the file. */
export function parseCsvText(text: string, options: ReadOptions = {}, name = 'file'): ParsedTable {
  const maxRows = options.maxRows ?? ANALYZE_LIMITS.maxRows;
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const parsed = Papa.parse<string[]>(source, { header: false, skipEmptyLines: false, delimiter: detectDelimiter(source) });
  const linebreak = parsed.meta.linebreak || '\n';
  // Line of each parsed row: rows advance by 1 + the line breaks inside their quoted fields.
  const lines: number[] = [];
  let line = 1;
  for (const row of parsed.data) {
    lines.push(line);
    let breaks = 0;
    for (const field of row) breaks += field.split(linebreak).length - 1;
    line += 1 + breaks;
  }
  const fatal = parsed.errors.find((e) => e.type === 'Quotes' || e.type === 'FieldMismatch');
  if (fatal) {
    const at = fatal.row !== undefined ? lines[fatal.row] : undefined;
    throw new AnalyzeFileError(`${name}${at !== undefined ? `, line ${at}` : ''}: ${fatal.message}`);
  }
  let header: readonly Cell[] | null = null;
  const rows: { line: number; values: readonly Cell[] }[] = [];
  parsed.data.forEach((values, i) => {
    if (isBlank(values)) return;
    if (header === null) {
      header = values;
      return;
    }
    if (rows.length >= maxRows) {
      throw new AnalyzeFileError(`${name}, line ${lines[i]}: more than ${maxRows.toLocaleString('en')} data rows; split the file or raise --max-rows`);
    }
    rows.push({ line: lines[i]!, values });
  });
  if (header === null) throw new AnalyzeFileError(`${name}: the file is empty (no header line)`);
  return { header, rows };
}

/** An exceljs cell value as a plain Cell (formulas by their result, rich text as text, dates as ISO). */
function plainCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('result' in v) return plainCell(v.result);
    if (Array.isArray(v.richText)) return v.richText.map((part: { text?: unknown }) => String(part.text ?? '')).join('');
    if ('text' in v) return plainCell(v.text);
    if ('error' in v) return String(v.error);
  }
  return String(value);
}

/** Reads the first worksheet of an XLSX file (streaming) into a header and rows carrying their sheet row numbers. */
export async function readXlsxFile(path: string, options: ReadOptions = {}): Promise<ParsedTable> {
  const maxRows = options.maxRows ?? ANALYZE_LIMITS.maxRows;
  const name = basename(path);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', entries: 'ignore' });
  let header: readonly Cell[] | null = null;
  const rows: { line: number; values: readonly Cell[] }[] = [];
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const raw = row.values as unknown[];
        // exceljs row values are 1-based (index 0 unused).
        const values = Array.from({ length: Math.max(0, raw.length - 1) }, (_, i) => plainCell(raw[i + 1]));
        if (isBlank(values)) continue;
        if (header === null) {
          header = values;
          continue;
        }
        if (rows.length >= maxRows) {
          throw new AnalyzeFileError(`${name}, row ${row.number}: more than ${maxRows.toLocaleString('en')} data rows; split the file or raise --max-rows`);
        }
        rows.push({ line: row.number, values });
      }
      break; // the first worksheet only
    }
  } catch (error) {
    if (error instanceof AnalyzeFileError) throw error;
    throw new AnalyzeFileError(`${name}: not a readable XLSX workbook (${error instanceof Error ? error.message : String(error)})`);
  }
  if (header === null) throw new AnalyzeFileError(`${name}: the first worksheet is empty (no header row)`);
  return { header, rows };
}

/** Reads a CSV or XLSX file into a ParsedTable, enforcing the size and row limits. */
export async function readTableFile(path: string, options: ReadOptions = {}): Promise<ParsedTable> {
  const name = basename(path);
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new AnalyzeFileError(`${path}: not a file`);
    size = info.size;
  } catch (error) {
    if (error instanceof AnalyzeFileError) throw error;
    throw new AnalyzeFileError(`${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const kind = await kindOf(path);
  const maxBytes = options.maxBytes ?? (kind === 'xlsx' ? ANALYZE_LIMITS.maxXlsxBytes : ANALYZE_LIMITS.maxCsvBytes);
  if (size > maxBytes) {
    throw new AnalyzeFileError(`${name}: ${(size / 1048576).toFixed(1)} MB is over the ${(maxBytes / 1048576).toFixed(0)} MB limit for ${kind.toUpperCase()} files`);
  }
  if (kind === 'xlsx') return readXlsxFile(path, options);
  return parseCsvText(await readFile(path, 'utf8'), options, name);
}

/** Reads and analyses a file: the whole `keymoment analyze` minus printing. */
export async function analyzeFile(path: string, options: AnalyzeOptions & ReadOptions = {}): Promise<AnalyzeResult> {
  const table = await readTableFile(path, options);
  try {
    return analyzeTable(table, options);
  } catch (error) {
    if (error instanceof RangeError) throw new AnalyzeFileError(`${basename(path)}: ${error.message}`);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// The readable report

const signed = (x: number, digits = 1) => `${x > 0 ? '+' : ''}${x.toFixed(digits)}`;
const interval = (ci: readonly [number, number] | null, digits = 1, sign = false) =>
  ci ? `[${sign ? signed(ci[0], digits) : ci[0].toFixed(digits)}, ${sign ? signed(ci[1], digits) : ci[1].toFixed(digits)}]` : '';

function npsText(g: GroupScores): string {
  return g.nps ? `${signed(g.nps.score)} ${interval(g.nps.ci, 1, true)} n=${g.nps.n}` : '–';
}
function csatText(g: GroupScores): string {
  return g.csat ? `${g.csat.score.toFixed(1)}% ${interval(g.csat.ci)} n=${g.csat.n}` : '–';
}
function cesText(g: GroupScores): string {
  return g.ces ? `${g.ces.score.toFixed(2)} ${interval(g.ces.ci, 2)} n=${g.ces.n}` : '–';
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, j) => Math.max(h.length, ...rows.map((r) => (r[j] ?? '').length)));
  const line = (cells: string[]) => `  ${cells.map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padEnd(widths[j]!))).join('  ').trimEnd()}`;
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function groupTable(groups: GroupScores[], keyLabel: string): string {
  return table(
    [keyLabel, 'rows', 'NPS [CI]', 'CSAT top-2 [CI]', 'CES mean [CI]'],
    groups.map((g) => [g.key, String(g.responses), npsText(g), csatText(g), cesText(g)]),
  );
}

const QUADRANTS: Record<string, string> = { 'fix-first': 'fix first', 'keep-up': 'keep up', 'low-priority': 'low priority', overkill: 'possible overkill' };
const PEAK_RULES: Record<PeakRule, string> = { max: 'best moment', min: 'worst moment', extreme: 'most intense moment' };

/** The human-readable report of an analysis. */
export function formatAnalysisReport(result: AnalyzeResult, fileName: string): string {
  const { settings } = result;
  const level = `${(settings.level * 100).toFixed(settings.level * 100 === Math.round(settings.level * 100) ? 0 : 1)}%`;
  const out: string[] = [];
  out.push(`Keymoment analysis of ${fileName}`);
  out.push(`Rows: ${result.rows.total} read, ${result.rows.used} used, ${result.rows.rejected} rejected`);
  out.push(
    `Intervals: ${level} confidence; NPS ${settings.method === 'adjusted-wald' ? 'adjusted Wald (Rocks 2016)' : 'Wald'}; CSAT = top-2-box share of 1–${settings.csatScale} (Wilson); CES = mean of 1–${settings.cesScale} (t)`,
  );
  const o = result.overall;
  out.push('', 'Overall');
  const all: GroupScores = { key: 'all', responses: o.responses, nps: o.nps, csat: o.csat, ces: o.ces };
  out.push(`  NPS   ${npsText(all)}`);
  out.push(`  CSAT  ${csatText(all)}${o.csat ? `  (mean ${o.csat.mean.mean.toFixed(2)} of ${settings.csatScale})` : ''}`);
  out.push(`  CES   ${cesText(all)}${o.ces ? `  (easy ${o.ces.easyShare.toFixed(1)}%)` : ''}`);
  if (o.overallRating) {
    const r = o.overallRating;
    out.push(
      `  Overall rating of the visit: mean ${r.mean.mean.toFixed(2)} ${interval(r.mean.ci, 2)}${r.nps ? `, as NPS ${signed(r.nps.score)} ${interval(r.nps.ci, 1, true)}` : ''} over ${r.visits} visits`,
    );
  }
  out.push('', 'By moment', groupTable(result.byMoment, 'moment'));
  if (result.byLocation && result.byLocation.length > 0) out.push('', 'By location', groupTable(result.byLocation, 'location'));
  if (result.byStaff && result.byStaff.length > 0) out.push('', 'By staff member', groupTable(result.byStaff, 'staff'));
  if (result.drivers) {
    const d = result.drivers;
    out.push('', `Drivers of the overall rating (relative weights of the ${d.ratingColumn} ratings; ${d.visits} visits; R² = ${d.rSquared.toFixed(3)})`);
    out.push(
      table(
        ['moment', 'weight', '% of R²', 'LMG', `mean ${d.ratingColumn}`, 'priority'],
        d.moments.map((m) => [m.moment, m.weight.toFixed(3), `${m.rescaled.toFixed(1)}%`, m.shapley === null ? '–' : m.shapley.toFixed(3), m.performance.toFixed(2), QUADRANTS[m.quadrant] ?? m.quadrant]),
      ),
    );
  }
  if (result.peakEnd) {
    const p = result.peakEnd;
    out.push('', `Peak–end (${p.ratingColumn} ratings; peak = ${PEAK_RULES[p.peakRule]})`);
    out.push(`  ${p.visits} visits, ${p.withOverall} with an overall rating, ${p.meanMomentsPerVisit.toFixed(1)} rated moments per visit`);
    const r = (x: number | null) => (x === null ? 'n/a' : x.toFixed(3));
    out.push(`  correlation of overall with (peak + end)/2: ${r(p.correlationPeakEnd)}   with the mean of all moments: ${r(p.correlationMean)}`);
    if (p.regression) {
      const g = p.regression;
      const term = (j: number) => `${g.terms[j]} ${g.coefficients[j]!.toFixed(3)} (SE ${g.standardErrors[j]!.toFixed(3)})`;
      out.push(`  overall ~ peak + end + mean: ${[1, 2, 3].map(term).join(', ')}; R² ${g.rSquared.toFixed(3)}, n ${g.n}`);
    } else if (p.regressionNote) {
      out.push(`  regression overall ~ peak + end + mean: not estimated (${p.regressionNote})`);
    }
    const top = (list: { moment: string; visits: number }[]) => list.slice(0, 3).map((m) => `${m.moment} (${m.visits})`).join(', ');
    out.push(`  most frequent peak: ${top(p.peakMoments)}; most frequent end: ${top(p.endMoments)}`);
  }
  if (result.notes.length > 0) out.push('', 'Notes', ...result.notes.map((n) => `  - ${n}`));
  return `${out.join('\n')}\n`;
}

/** "line 7: nps: 11 is outside 0–10 …" lines for the rejected rows (at most `limit`). */
export function formatRowErrors(result: AnalyzeResult, fileName: string, limit = 20): string {
  if (result.rows.rejected === 0) return '';
  const lines = result.errors.slice(0, limit).map((e) => `${fileName}, line ${e.line}: ${e.message}`);
  if (result.rows.rejected > lines.length) lines.push(`… and ${result.rows.rejected - lines.length} more rejected rows`);
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// The command

function parseLevel(value: string): number {
  const x = Number(value);
  if (!(x > 0 && x < 1)) throw new InvalidArgumentError('a confidence level between 0 and 1, e.g. 0.95');
  return x;
}
function parseScale(value: string): number {
  const x = Number(value);
  if (!Number.isInteger(x) || x < 2 || x > 100) throw new InvalidArgumentError('an integer from 2 to 100');
  return x;
}
function parseRows(value: string): number {
  const x = Number(value);
  if (!Number.isInteger(x) || x < 1) throw new InvalidArgumentError('a positive integer');
  return x;
}

const defaultIo: AnalyzeIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

interface AnalyzeFlags {
  json?: boolean;
  strict?: boolean;
  level: number;
  method: NpsMethod;
  csatScale: number;
  cesScale: number;
  peak: PeakRule;
  maxRows: number;
  rating?: RatingColumn;
}

/**
 * Adds `keymoment analyze <file> [--json]` to the program. Bad rows are reported on stderr with
 * their line numbers and left out (with --strict, any bad row fails the command and nothing is
 * printed on stdout); a file that cannot be read fails the command (the error is thrown).
 */
export function registerAnalyzeCommand(program: Command, io: AnalyzeIo = defaultIo): Command {
  return program
    .command('analyze')
    .description('analyse a CSV or XLSX file of moment ratings (no server, no database): NPS, CSAT, CES per moment, drivers, peak–end')
    .argument('<file>', 'CSV or XLSX with columns moment, nps, csat, ces and optionally visit, overall, location, staff, date')
    .option('--json', 'print the result as JSON ({ overall, byMoment, drivers, peakEnd, … }, see docs/stats.md)')
    .option('--strict', 'fail without a report if any row is bad')
    .addOption(new Option('--level <level>', 'confidence level of the intervals').argParser(parseLevel).default(0.95))
    .addOption(new Option('--method <method>', 'NPS interval method').choices(['adjusted-wald', 'wald']).default('adjusted-wald'))
    .addOption(new Option('--csat-scale <n>', 'highest CSAT answer (answers 1…n)').argParser(parseScale).default(5))
    .addOption(new Option('--ces-scale <n>', 'highest CES answer (answers 1…n)').argParser(parseScale).default(7))
    .addOption(new Option('--rating <column>', 'score column rating the moments for drivers and peak–end (default: csat if present)').choices(['csat', 'nps', 'ces']))
    .addOption(new Option('--peak <rule>', 'peak moment of a visit: extreme (most intense), max (best) or min (worst)').choices(['extreme', 'max', 'min']).default('extreme'))
    .addOption(new Option('--max-rows <n>', 'refuse files with more data rows').argParser(parseRows).default(ANALYZE_LIMITS.maxRows))
    .action(async (file: string, flags: AnalyzeFlags) => {
      const name = basename(file);
      const result = await analyzeFile(file, {
        level: flags.level,
        method: flags.method,
        csatScale: flags.csatScale,
        cesScale: flags.cesScale,
        peak: flags.peak,
        maxRows: flags.maxRows,
        ...(flags.rating ? { ratingColumn: flags.rating } : {}),
      });
      io.err(formatRowErrors(result, name));
      if (flags.strict && result.rows.rejected > 0) {
        throw new AnalyzeFileError(`${name}: ${result.rows.rejected} bad row${result.rows.rejected === 1 ? '' : 's'}; nothing analysed (--strict)`);
      }
      if (result.rows.used === 0) throw new AnalyzeFileError(`${name}: no usable rows`);
      io.out(flags.json ? `${JSON.stringify(result, null, 2)}\n` : formatAnalysisReport(result, name));
    });
}
