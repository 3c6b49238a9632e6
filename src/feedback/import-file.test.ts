import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ImportFileError, parseCsv, parseImportFile } from './import-file.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('reading a CSV upload', () => {
  it('drops the BOM, guesses ";" and numbers lines as an editor does (quoted line breaks, empty lines)', async () => {
    const text = '\uFEFFid;名称;comment\r\n1;櫃檯;"two\r\nlines"\r\n\r\n2;Ügyfél;"say ""hi"""\r\n   \r\n3;x;y\r\n';
    const parsed = await parseImportFile(utf8(text), 'visits.csv');
    expect(parsed).toMatchObject({ format: 'csv', delimiter: ';', columns: ['id', '名称', 'comment'], headerLine: 1 });
    expect(parsed.rows).toEqual([
      { line: 2, cells: ['1', '櫃檯', 'two\r\nlines'] },
      { line: 5, cells: ['2', 'Ügyfél', 'say "hi"'] },
      { line: 7, cells: ['3', 'x', 'y'] },
    ]);
  });

  it('reads "," files and UTF-16 with its BOM (Excel "Unicode text")', async () => {
    expect((await parseImportFile(utf8('a,b\n1,2\n'), 'x.csv')).rows).toEqual([{ line: 2, cells: ['1', '2'] }]);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a\tb\n1\t2\n', 'utf16le')]);
    const parsed = await parseImportFile(utf16, 'x.txt');
    expect(parsed.delimiter).toBe('\t');
    expect(parsed.rows).toEqual([{ line: 2, cells: ['1', '2'] }]);
  });

  it('reports a quote that is never closed by its line and reads on from the next line', () => {
    const parsed = parseCsv('id,name\n1,ok\n2,"broken\n3,fine\n4,"also ok"\n');
    expect(parsed.rows.map((row) => [row.line, row.problem ?? row.cells.join('|')])).toEqual([
      [2, '1|ok'],
      [3, 'line 3: a quoted field starts on this line and its closing quote (") is missing or misplaced'],
      [4, '3|fine'],
      [5, '4|also ok'],
    ]);
  });

  it('reports malformed quotes and extra fields for their line only; short lines are padded', () => {
    const parsed = parseCsv('a,b,c\n1,"x"y,3\n4,5,6,7\n8,9\n10,11,12,,\n');
    expect(parsed.rows.map((row) => [row.line, row.problem ? 'problem' : row.cells.join('|')])).toEqual([
      [2, 'problem'],
      [3, 'problem'],
      [4, '8|9'],
      [5, '10|11|12'],
    ]);
    expect(parsed.rows[1]!.problem).toBe('line 3 has 4 fields but the header has 3 (a delimiter inside an unquoted value?)');
  });

  it('makes header names unique and non-empty', () => {
    expect(parseCsv('date,,date\n1,2,3\n').columns).toEqual(['date', 'Column 2', 'date (2)']);
  });

  it('refuses files it cannot read, naming the line where one is to blame', async () => {
    const gbk = Buffer.from([0x69, 0x64, 0x0a, 0xc4, 0xe3, 0xba, 0xc3, 0x0a]);
    await expect(parseImportFile(gbk, 'gbk.csv')).rejects.toMatchObject({ line: 2, message: expect.stringMatching(/not UTF-8/) });
    await expect(parseImportFile(utf8('\n\n  \n'), 'empty.csv')).rejects.toThrow(/empty/);
    await expect(parseImportFile(utf8('a\n1\n2\n3\n'), 'x.csv', { maxCsvBytes: 1e6, maxXlsxBytes: 1e6, maxRows: 2, maxColumns: 10, maxQuoteResyncs: 5 })).rejects.toMatchObject({
      code: 'too_many_rows',
      line: 4,
    });
    await expect(parseImportFile(utf8('a\n1\n'), 'x.csv', { maxCsvBytes: 3, maxXlsxBytes: 3, maxRows: 2, maxColumns: 10, maxQuoteResyncs: 5 })).rejects.toMatchObject({ code: 'file_too_large' });
    await expect(parseImportFile(utf8('a'), 'old.xls')).rejects.toThrow(ImportFileError);
    await expect(parseImportFile(Buffer.from('PK\x03\x04garbage'), 'x.xlsx')).rejects.toThrow(/could not be read as an XLSX/);
  });
});

describe('reading an XLSX upload', () => {
  it('reads the first sheet with row numbers, dates as wall-clock text and numbers as text', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('visits');
    sheet.addRow(['id', 'when', 'wait', 'note']);
    sheet.addRow(['a-1', new Date(Date.UTC(2026, 10, 20, 9, 30)), 240, { richText: [{ text: 'rich ' }, { text: 'text' }] }]);
    sheet.addRow([]);
    sheet.addRow(['a-2', '20.11.2026 10:00', 12.5, { formula: '1+1', result: 2 }]);
    workbook.addWorksheet('ignored').addRow(['x']);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const parsed = await parseImportFile(bytes, 'visits.xlsx');
    expect(parsed).toMatchObject({ format: 'xlsx', columns: ['id', 'when', 'wait', 'note'] });
    expect(parsed.rows).toEqual([
      { line: 2, cells: ['a-1', '2026-11-20 09:30:00', '240', 'rich text'] },
      { line: 4, cells: ['a-2', '20.11.2026 10:00', '12.5', '2'] },
    ]);
  });
});
