/** Hands a generated file to the browser as a download (CSV, XLSX and PNG exports share this). */
export function saveFile(fileName: string, blob: Blob): void {
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
