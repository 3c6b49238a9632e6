import { saveFile } from './save-file';
import { safeCell, type Cell } from './table-export';

export interface XlsxSheet {
  name: string;
  header: string[];
  rows: Cell[][];
  /** Excel number formats per column (e.g. '0.0%' for shares given as fractions). */
  formats?: (string | undefined)[];
}

/**
 * Downloads sheets as an .xlsx workbook (exceljs, loaded only when someone exports: it is large).
 * Header rows come from the caller in the reader's language; numbers stay numbers; cells a
 * spreadsheet would run as a formula get a leading apostrophe, as in the CSV.
 */
export async function downloadXlsx(fileName: string, sheets: XlsxSheet[]): Promise<void> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  for (const sheet of sheets) {
    // Excel refuses sheet names over 31 characters or with []:*?/\
    const worksheet = workbook.addWorksheet(sheet.name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31));
    worksheet.addRow(sheet.header);
    worksheet.getRow(1).font = { bold: true };
    for (const row of sheet.rows) worksheet.addRow(row.map(safeCell));
    worksheet.views = [{ state: 'frozen', ySplit: 1 }];
    worksheet.columns.forEach((column, index) => {
      column.width = 18;
      const format = sheet.formats?.[index];
      if (format) column.numFmt = format;
    });
  }
  const data = await workbook.xlsx.writeBuffer();
  saveFile(fileName, new Blob([data], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
}
