/**
 * CSV for spreadsheets (Excel in China opens UTF-8 only with a BOM). Cells that a spreadsheet would run as a
 * formula (=, +, -, @, tab, CR at the start) are prefixed with ' so that exported shopper text cannot execute.
 */
export const CSV_BOM = '\uFEFF';

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(cells: unknown[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
