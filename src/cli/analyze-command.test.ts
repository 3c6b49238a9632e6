import { Command } from 'commander';
import ExcelJS from 'exceljs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceHallSample as serviceHallRows } from '../stats/service-hall-sample.ts';
import { analyzeTable, type Cell } from '../stats/index.ts';
import { ANALYZE_LIMITS, analyzeFile, formatAnalysisReport, parseCsvText, readTableFile, registerAnalyzeCommand } from './analyze-command.ts';

let dir: string;
const csvOf = (rows: Cell[][], delimiter = ',') =>
  rows.map((r) => r.map((c) => (c === null || c === undefined ? '' : /[",\n;]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c))).join(delimiter)).join('\n');

async function run(args: string[]): Promise<{ out: string; err: string; error: Error | null }> {
  let out = '';
  let err = '';
  const program = new Command('keymoment').exitOverride().configureOutput({ writeOut: (t) => (out += t), writeErr: (t) => (err += t) });
  registerAnalyzeCommand(program, { out: (t) => (out += t), err: (t) => (err += t) });
  try {
    await program.parseAsync(['node', 'keymoment', 'analyze', ...args]);
    return { out, err, error: null };
  } catch (error) {
    return { out, err, error: error as Error };
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keymoment-analyze-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('keymoment analyze', () => {
  it('analyses a CSV file and prints a readable report', async () => {
    const file = join(dir, 'visits.csv');
    await writeFile(file, csvOf(serviceHallRows()));
    const { out, err, error } = await run([file]);
    expect(error).toBeNull();
    expect(err).toBe('');
    expect(out).toContain('Keymoment analysis of visits.csv');
    expect(out).toContain('Rows: 320 read, 320 used, 0 rejected');
    expect(out).toMatch(/By moment[\s\S]*queue[\s\S]*counter/);
    expect(out).toMatch(/Drivers of the overall rating \(relative weights of the csat ratings; 80 visits; R² = /);
    expect(out).toMatch(/Peak–end \(csat ratings; peak = most intense moment\)/);
    expect(out).toContain('By location');
  });

  it('prints the documented JSON with --json, identical to the pure analysis of the same rows', async () => {
    const rows = serviceHallRows(40, 9);
    const file = join(dir, 'visits-semicolon.csv');
    await writeFile(file, `\uFEFF${csvOf(rows, ';')}\r\n`);
    const { out, error } = await run([file, '--json', '--method', 'wald', '--level', '0.9']);
    expect(error).toBeNull();
    const json = JSON.parse(out);
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['overall', 'byMoment', 'drivers', 'peakEnd', 'errors', 'rows', 'notes', 'settings']));
    expect(json.settings).toMatchObject({ level: 0.9, method: 'wald' });
    const expected = analyzeTable({ header: rows[0]!, rows: rows.slice(1).map((values, i) => ({ line: i + 2, values: values.map((v) => (v === null ? '' : String(v))) })) }, { level: 0.9, method: 'wald' });
    expect(json).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  it('reports a bad row with its line number and keeps the good rows', async () => {
    const file = join(dir, 'bad.csv');
    // Lines 3–4 hold one row whose quoted field spans two lines, so the bad row after it is on line 5.
    await writeFile(file, 'moment,nps,csat,comment\nqueue,9,4,\ncounter,8,5,"two\nlines"\nleave,11,4,\nleave,10,5,\n');
    const { out, err, error } = await run([file]);
    expect(error).toBeNull();
    expect(err).toBe('bad.csv, line 5: nps: 11 is outside 0–10 (an integer answer from 0 to 10)\n');
    expect(out).toContain('Rows: 4 read, 3 used, 1 rejected');
    const strict = await run([file, '--strict']);
    expect(strict.error?.message).toBe('bad.csv: 1 bad row; nothing analysed (--strict)');
    expect(strict.out).toBe('');
  });

  it('reads XLSX (first sheet; numbers, text, formulas and dates) with sheet row numbers', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('ratings');
    const rows = serviceHallRows(30, 5);
    sheet.addRow(rows[0]!.map((h) => String(h).toUpperCase()));
    for (const r of rows.slice(1)) sheet.addRow(r.map((c, j) => (j === 7 ? new Date(String(c) + 'Z') : c)));
    sheet.getCell('C2').value = { formula: '4+5', result: 9 };
    sheet.addRow(['v99', 'queue', 42, 3, null, 7]); // bad NPS on sheet row 122
    workbook.addWorksheet('ignored').addRow(['moment', 'nps']);
    const file = join(dir, 'visits.xlsx');
    await workbook.xlsx.writeFile(file);
    const table = await readTableFile(file);
    expect(table.header[0]).toBe('VISIT');
    expect(table.rows[0]!.values[2]).toBe(9);
    expect(typeof table.rows[0]!.values[7]).toBe('string');
    const result = await analyzeFile(file);
    expect(result.rows).toEqual({ total: 121, used: 120, rejected: 1 });
    expect(result.errors).toEqual([{ line: 122, column: 'nps', message: 'nps: 42 is outside 0–10 (an integer answer from 0 to 10)' }]);
    expect(result.byMoment).toHaveLength(4);
    expect(formatAnalysisReport(result, 'visits.xlsx')).toContain('Rows: 121 read, 120 used, 1 rejected');
    const cli = await run([file, '--json']);
    expect(cli.err).toBe('visits.xlsx, line 122: nps: 42 is outside 0–10 (an integer answer from 0 to 10)\n');
  });

  it('enforces the size and row limits and explains unreadable files', async () => {
    const file = join(dir, 'many.csv');
    await writeFile(file, csvOf(serviceHallRows(10)));
    await expect(readTableFile(file, { maxRows: 5 })).rejects.toThrow('many.csv, line 7: more than 5 data rows; split the file or raise --max-rows');
    await expect(readTableFile(file, { maxBytes: 100 })).rejects.toThrow(/many\.csv: 0\.0 MB is over the 0 MB limit for CSV files/);
    expect((await run([file, '--max-rows', '3'])).error?.message).toMatch(/more than 3 data rows/);
    await expect(readTableFile(join(dir, 'missing.csv'))).rejects.toThrow(/missing\.csv: cannot read the file \(ENOENT\)/);
    const fake = join(dir, 'fake.xlsx');
    await writeFile(fake, 'not a zip');
    await expect(readTableFile(fake)).rejects.toThrow(/fake\.xlsx: not a readable XLSX workbook/);
    await writeFile(join(dir, 'old.xls'), 'x');
    await expect(readTableFile(join(dir, 'old.xls'))).rejects.toThrow(/\.xls format is not supported/);
    const noMoment = join(dir, 'no-moment.csv');
    await writeFile(noMoment, 'visit,nps\na,9\n');
    expect((await run([noMoment])).error?.message).toBe('no-moment.csv: columns: the header has no "moment" column (found: visit, nps)');
    expect(ANALYZE_LIMITS.maxRows).toBe(1_000_000);
  });

  it('parses CSV quoting and reports an unterminated quote with its line', () => {
    const t = parseCsvText('moment,csat\n\n"queue, main",4\nleave,5\n');
    expect(t.rows).toEqual([
      { line: 3, values: ['queue, main', '4'] },
      { line: 4, values: ['leave', '5'] },
    ]);
    expect(() => parseCsvText('moment,csat\nqueue,4\n"leave,5\n', {}, 'x.csv')).toThrow(/^x\.csv, line 3: Quoted field unterminated/);
  });
});
