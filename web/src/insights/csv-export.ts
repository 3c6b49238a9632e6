import Papa from 'papaparse';

/** Cells a spreadsheet would run as a formula get a leading apostrophe (as the server's exports do). */
function safeCell(value: string | number | boolean | null): string | number | boolean | null {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * Downloads rows as a UTF-8 CSV with a byte-order mark, so Excel reads Chinese and Cyrillic names.
 * The header row is given by the caller in the reader's language.
 */
export function downloadCsv(fileName: string, header: string[], rows: (string | number | boolean | null)[][]): void {
  const text = Papa.unparse({ fields: header, data: rows.map((row) => row.map(safeCell)) });
  const blob = new Blob(['\uFEFF', text], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Some browsers read the blob after click() returns: revoke a moment later.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
