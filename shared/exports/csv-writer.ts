// The one CSV writer of the app's exports (the core's candidature list, the server's member list), written as
// French spreadsheets expect: UTF-8 with a BOM (Excel otherwise guesses the wrong encoding), ';' between fields
// (',' is the decimal separator in France), CRLF line ends, days as jj/mm/aaaa, and cells a spreadsheet would run
// as formulas (=, +, -, @) neutralised. Pure and dependency-free: it builds text, the caller sends or saves it.
import { formatFrenchDay } from '../domain/calendar-date';

export type CsvCell = string | number | null | undefined;

/** One column: its header as the screens say it, and how a row fills it. */
export type CsvColumn<R> = { header: string; value: (row: R) => CsvCell };

export type CsvFile = { fileName: string; mimeType: string; content: string };

export const CSV_MIME_TYPE = 'text/csv;charset=utf-8';

/** A calendar day 'YYYY-MM-DD' as jj/mm/aaaa, empty when absent. */
export function csvDay(day: string | null | undefined): string {
  return day ? formatFrenchDay(day) : '';
}

export function csvYesNo(value: boolean): string {
  return value ? 'oui' : 'non';
}

/** The text: BOM, a header line, then one line per row in the given order, each line ended by CRLF. */
export function writeCsv<R>(columns: readonly CsvColumn<R>[], rows: Iterable<R>): string {
  const lines = [columns.map((c) => csvField(c.header)).join(';')];
  for (const row of rows) lines.push(columns.map((c) => csvField(cellText(c.value(row)))).join(';'));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** One field: a leading formula character gets a quote mark first (OWASP's advice), then RFC 4180 quoting. */
export function csvField(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[;"\r\n]|^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The same text as a file to download (the IPC contract's ExportedFile). */
export function csvFile<R>(fileName: string, columns: readonly CsvColumn<R>[], rows: Iterable<R>): CsvFile {
  return { fileName, mimeType: CSV_MIME_TYPE, content: writeCsv(columns, rows) };
}

function cellText(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'number' ? String(value) : value;
}
