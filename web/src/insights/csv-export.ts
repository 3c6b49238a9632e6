import { saveFile } from './save-file';
import { csvText, type Cell } from './table-export';

/**
 * Downloads rows as a UTF-8 CSV with a byte-order mark, so Excel reads Chinese and Cyrillic names.
 * The header row is given by the caller in the reader's language.
 */
export function downloadCsv(fileName: string, header: string[], rows: Cell[][]): void {
  saveFile(fileName, new Blob(['\uFEFF', csvText(header, rows)], { type: 'text/csv;charset=utf-8' }));
}
